/* parser.c — the pipeline for one input: bytes → lines (linereader) →
 * cleaned lines (prefix) → per-line format detection → the format's parser
 * → events → the timeline. Also unwraps times of day across midnight. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "jsonui.h"
#include "linereader.h"
#include "plain.h"
#include "prefix.h"
#include "tflog.h"
#include "timeline_internal.h"

struct tfc_parser {
	tfc_timeline *tl;
	size_t stage;
	const char *source; /* interned in the timeline */
	linereader *lr;
	line_cleaner *lc;
	plain_parser *plain;
	jsonui_parser *jsonui;
	tflog_parser *tflog;
	bool last_was_tflog;  /* for continuation lines */
	double last_tod;      /* last time of day seen, to detect midnight */
	double day_offset;
	tfc_rc failed;        /* sticky out-of-memory */
};

static tfc_rc sink(void *ctx, const ev *e)
{
	tfc_parser *p = ctx;
	if (!isnan(e->time) && !e->time_dated) {
		/* Times of day: a jump back by more than 12 hours is the next day. */
		ev copy = *e;
		if (!isnan(p->last_tod) && e->time + p->day_offset < p->last_tod - 43200)
			p->day_offset += 86400;
		copy.time = e->time + p->day_offset;
		p->last_tod = copy.time;
		return tl_apply(p->tl, p->stage, p->source, &copy);
	}
	return tl_apply(p->tl, p->stage, p->source, e);
}

static void problem(void *ctx, uint64_t lineno, const char *message)
{
	tfc_parser *p = ctx;
	tl_warn(p->tl, p->stage, p->source, lineno, "%s", message);
}

static tfc_rc on_line(void *ctx, const char *raw, size_t len, uint64_t lineno)
{
	tfc_parser *p = ctx;
	line ln;
	if (!lc_clean(p->lc, raw, len, &ln))
		return TFC_ENOMEM;
	if (ln.marker != LINE_TEXT)
		return TFC_OK;
	/* detect_line tells formats apart by a first byte of '{', a digit or
	 * '[': a line starting with a letter (every resource line) is plain
	 * without asking (test_parser checks that this still holds). */
	unsigned char c0 = ln.text.n ? (unsigned char)ln.text.p[0] : 0;
	line_format fmt = ((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z') ? FMT_PLAIN : detect_line(&ln);
	switch (fmt) {
	case FMT_PLAIN:
		if (p->last_was_tflog && tflog_continuation(p->tflog, &ln, lineno))
			return TFC_OK;
		p->last_was_tflog = false;
		return plain_line(p->plain, &ln, lineno);
	case FMT_JSON_UI:
		p->last_was_tflog = false;
		return jsonui_line(p->jsonui, &ln, lineno, problem);
	case FMT_TF_LOG_TEXT:
	case FMT_TF_LOG_JSON:
		p->last_was_tflog = true;
		return tflog_line(p->tflog, fmt, &ln, lineno, problem);
	}
	return TFC_OK;
}

tfc_parser *tfc_parser_new(tfc_timeline *tl, size_t stage, const char *source_name)
{
	if (!tl || stage >= tl_n_stages(tl) || !source_name)
		return NULL;
	tfc_parser *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->tl = tl;
	p->stage = stage;
	p->last_tod = NAN;
	p->source = tl_add_source(tl, stage, source_name);
	p->lr = lr_new(tl_limits(tl)->max_line_bytes, on_line, problem, p);
	p->lc = lc_new();
	p->plain = plain_new(sink, p);
	p->jsonui = jsonui_new(sink, p);
	p->tflog = tflog_new(sink, p);
	if (!p->source || !p->lr || !p->lc || !p->plain || !p->jsonui || !p->tflog) {
		tfc_parser_free(p);
		return NULL;
	}
	return p;
}

tfc_rc tfc_parser_feed(tfc_parser *p, const void *buf, size_t len)
{
	if (!p || (!buf && len))
		return TFC_EINVAL;
	if (p->failed)
		return p->failed;
	tfc_rc rc = lr_feed(p->lr, buf, len);
	if (rc != TFC_OK)
		p->failed = rc;
	return rc;
}

tfc_rc tfc_parser_finish(tfc_parser *p)
{
	if (!p)
		return TFC_EINVAL;
	if (p->failed)
		return p->failed;
	tfc_rc rc = lr_finish(p->lr);
	if (rc == TFC_OK)
		rc = plain_finish(p->plain);
	if (rc == TFC_OK)
		rc = tflog_finish(p->tflog);
	tl_count_lines(p->tl, p->stage, lr_lines(p->lr));
	if (rc != TFC_OK)
		p->failed = rc;
	return rc;
}

void tfc_parser_free(tfc_parser *p)
{
	if (!p)
		return;
	lr_free(p->lr);
	lc_free(p->lc);
	plain_free(p->plain);
	jsonui_free(p->jsonui);
	tflog_free(p->tflog);
	free(p);
}
