/* prefix.h — cleaning one raw line: strips ANSI SGR sequences (and the
 * ESC-less remnants copied logs carry) and the prefixes wrappers add, keeping
 * what they tell (timestamp, Terragrunt unit). */
#ifndef TFC_PREFIX_H
#define TFC_PREFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "sv.h"

typedef enum line_marker {
	LINE_TEXT,    /* an ordinary line */
	LINE_CI_MARK, /* ##[group], ##[endgroup], ::debug:: and the like: not Terraform output */
} line_marker;

typedef struct line {
	sv text;          /* the cleaned line; points into the raw line or the cleaner's scratch */
	sv unit;          /* Terragrunt unit (without brackets) or null */
	double time;      /* timestamp from a prefix, NaN when none */
	bool time_dated;  /* the prefix carried a date (else only a time of day) */
	line_marker marker;
	bool had_ansi;    /* colour codes were removed */
} line;

typedef struct line_cleaner line_cleaner;

line_cleaner *lc_new(void); /* NULL on out of memory */
void lc_free(line_cleaner *lc);

/* Clean raw[0..len) into out. out->text may point into the cleaner's scratch
 * buffer, valid until the next call. Returns false only on out of memory. */
bool lc_clean(line_cleaner *lc, const char *raw, size_t len, line *out);

/* Remove ANSI SGR sequences (ESC[…m) anywhere and ESC-less remnants
 * ([0m, [1m, [32m, …) at the start and end of the text; returns the new
 * length. Works in place. Exposed for the tests and for JSON string values. */
size_t ansi_strip(char *s, size_t len);

#endif
