/* jsonui.h — `terraform|tofu … -json` machine-readable UI lines → events. */
#ifndef TFC_JSONUI_H
#define TFC_JSONUI_H

#include <stdint.h>

#include "plain.h" /* ev_sink_fn */

typedef struct jsonui_parser jsonui_parser;

jsonui_parser *jsonui_new(ev_sink_fn sink, void *ctx);
void jsonui_free(jsonui_parser *jp);

/* One line detected as FMT_JSON_UI. A line that is not valid JSON is
 * reported through problem (message) and skipped. */
tfc_rc jsonui_line(jsonui_parser *jp, const line *ln, uint64_t lineno,
		   void (*problem)(void *ctx, uint64_t lineno, const char *message));

#endif
