/* fuzz_tflog.c — fuzz target for the TF_LOG parser: each line goes where
 * detect_line sends it (TF_LOG text or JSON, or a continuation check), and
 * also, misrouted on purpose, to a parser that takes every line as text and
 * one that takes every line as JSON. Then all are finished. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "tflog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tfc_rc sink(void *ctx, const ev *e)
{
	unsigned *sum = ctx;
	const sv views[] = {e->address, e->deposed, e->unit, e->id, e->text, e->detail};
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
		if (views[i].n && !views[i].p)
			abort();
		for (size_t k = 0; k < views[i].n; k++)
			*sum += (unsigned char)views[i].p[k];
	}
	if ((unsigned)e->kind > EV_TIME || (unsigned)e->action >= TFC_ACTION_COUNT ||
	    (unsigned)e->helm_phase > EV_HELM_ERROR || isinf(e->time))
		abort();
	if (e->kind == EV_OP_PROVIDER_CALL && !(e->seconds >= 0))
		abort();
	return TFC_OK;
}

static void problem(void *ctx, uint64_t lineno, const char *message)
{
	if (!message || !*message)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sum = 0;
	tflog_parser *routed = tflog_new(sink, &sum);
	tflog_parser *as_text = tflog_new(sink, &sum);
	tflog_parser *as_json = tflog_new(sink, &sum);
	if (!routed || !as_text || !as_json)
		goto done;
	const char *p = (const char *)data, *end = p + size;
	uint64_t lineno = 0;
	bool after_tflog = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* Odd lines get a prefix time, as if a cleaner had taken a stamp off. */
		line ln = {.text = sv_make(p, n), .unit = SV_NULL, .time = (lineno & 1) ? 1700000000.5 : NAN,
			   .time_dated = true, .marker = LINE_TEXT};
		lineno++;
		line_format fmt = detect_line(&ln);
		if (fmt == FMT_TF_LOG_TEXT || fmt == FMT_TF_LOG_JSON) {
			if (tflog_line(routed, fmt, &ln, lineno, problem) != TFC_OK)
				break;
			after_tflog = true;
		} else if (after_tflog && !tflog_continuation(routed, &ln, lineno)) {
			after_tflog = false;
		}
		if (tflog_line(as_text, FMT_TF_LOG_TEXT, &ln, lineno, problem) != TFC_OK ||
		    tflog_line(as_json, FMT_TF_LOG_JSON, &ln, lineno, problem) != TFC_OK)
			break;
		p += n + (nl ? 1 : 0);
	}
	tflog_finish(routed);
	tflog_finish(as_text);
	tflog_finish(as_json);
done:
	tflog_free(routed);
	tflog_free(as_text);
	tflog_free(as_json);
	return 0;
}
