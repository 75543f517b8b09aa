/* escape.h — making strings from logs safe for one output each: Markdown
 * table cells, mermaid labels, CSV cells (spreadsheet formula neutralised)
 * and JSON embedded in an HTML <script>. Invalid UTF-8 becomes U+FFFD. */
#ifndef TFC_ESCAPE_H
#define TFC_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "tfclock_report.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
size_t esc_utf8_len(const unsigned char *s, size_t n);

/* Text for a Markdown table cell or paragraph: markup characters become
 * entities or backslash escapes, line breaks spaces; at most max_chars
 * characters (0 = no limit), the middle replaced by "…". */
bool esc_markdown(tfc_buf *b, const char *s, size_t max_chars);

/* A mermaid gantt task label: only characters mermaid reads as text (no
 * : ; # % < > quotes), at most max_chars (the middle elided). */
bool esc_mermaid(tfc_buf *b, const char *s, size_t max_chars);

/* One RFC 4180 CSV cell: quoted when needed; a text cell starting with
 * = + - @ TAB or CR is prefixed with ' so spreadsheets do not run it. NULL
 * gives an empty cell. */
bool esc_csv(tfc_buf *b, const char *s);

/* Copy JSON text for an HTML <script type="application/json">: < > & and
 * U+2028/2029 become \u escapes so nothing in it can close the element. */
bool esc_json_for_script(tfc_buf *b, const char *json, size_t n);

#endif
