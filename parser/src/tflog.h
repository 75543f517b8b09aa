/* tflog.h — TF_LOG debug logs (hclog text ≥0.15, std-log 0.11–0.14, JSON)
 * → operation boundaries, provider call durations and Helm release phases. */
#ifndef TFC_TFLOG_H
#define TFC_TFLOG_H

#include <stdint.h>

#include "detect.h"
#include "plain.h" /* ev_sink_fn */

typedef struct tflog_parser tflog_parser;

tflog_parser *tflog_new(ev_sink_fn sink, void *ctx);
void tflog_free(tflog_parser *tp);

/* A line detected as FMT_TF_LOG_TEXT or FMT_TF_LOG_JSON (fmt says which). */
tfc_rc tflog_line(tflog_parser *tp, line_format fmt, const line *ln, uint64_t lineno,
		  void (*problem)(void *ctx, uint64_t lineno, const char *message));

/* A line with no timestamp right after TF_LOG lines: a continuation of the
 * last one (log.Printf with embedded newlines). Returns true when it was
 * taken as such (then no other parser should see it). */
bool tflog_continuation(tflog_parser *tp, const line *ln, uint64_t lineno);

tfc_rc tflog_finish(tflog_parser *tp);

#endif
