/* buf.h — appending to a tfc_buf: bytes, formatted text, and escaped strings
 * for JSON and HTML. Appends after an allocation failure are ignored and
 * leave b->oom set, so renderers check once at the end. */
#ifndef TFC_BUF_H
#define TFC_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "tfclock_report.h"

bool buf_put(tfc_buf *b, const char *s, size_t n);
bool buf_puts(tfc_buf *b, const char *s);
bool buf_putc(tfc_buf *b, char c);
bool buf_printf(tfc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON string with quotes; NULL gives null. Invalid UTF-8 becomes U+FFFD. */
bool buf_put_json_string(tfc_buf *b, const char *s);
/* A JSON number; NaN gives null. Up to 3 decimals, no trailing zeros. */
bool buf_put_json_number(tfc_buf *b, double v);
/* An RFC 3339 time as a JSON string; NaN gives null. */
bool buf_put_json_time(tfc_buf *b, double t);
/* Text with & < > " ' escaped for HTML (element content and attributes). */
bool buf_put_html(tfc_buf *b, const char *s);

#endif
