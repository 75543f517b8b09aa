/* parser.c — the pipeline for one input: bytes → lines (linereader) →
 * cleaned lines (prefix) → per-line format detection → the format's parser
 * → events → the timeline. Also unwraps times of day across midnight, and
 * splits large feeds with a second thread (parallel.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "hbmemo.h"
#include "jsonui.h"
#include "linereader.h"
#include "parallel.h"
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

	hb_memo *hb;          /* heartbeats seen, to skip parsing the next ones */
	bool hb_learning;     /* the line being parsed may teach hb: keep its event */
	unsigned hb_seen;
	ev hb_ev;

	par_worker *par;      /* started on the first large feed */
	bool par_off;         /* no thread to be had */
	size_t par_min;       /* feeds this large are split ... */
	size_t par_segment;   /* ... in segments this large */
	double par_share;     /* of each segment, what the main thread parses */
	size_t par_applied;   /* worker runs applied */
};

/* A feed is parsed in parallel from 1 MiB (the mmap windows of input.c are
 * 32 MiB), in 2 MiB segments: the worker's copies of one segment's events
 * stay a few MB, and handing over costs microseconds per segment. */
#define PAR_MIN_FEED ((size_t)1 << 20)
#define PAR_SEGMENT ((size_t)2 << 20)

static tfc_rc sink(void *ctx, const ev *e)
{
	tfc_parser *p = ctx;
	if (p->hb_learning && p->hb_seen++ == 0)
		p->hb_ev = *e;
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
	/* A heartbeat like one parsed before needs no parsing (hbmemo.h): only
	 * while a plain line would go straight to an idle plain parser. */
	hb_line hb;
	bool heartbeat = hb_maybe(raw, len) && hb_shape(raw, len, &hb) && !p->last_was_tflog && plain_idle(p->plain);
	if (heartbeat) {
		ev e;
		if (hb_lookup(p->hb, raw, len, &hb, &e)) {
			e.line = lineno;
			return sink(p, &e);
		}
	}
	line ln;
	if (!lc_clean(p->lc, raw, len, &ln))
		return TFC_ENOMEM;
	if (ln.marker != LINE_TEXT)
		return TFC_OK;
	line_format fmt = par_line_format(&ln);
	switch (fmt) {
	case FMT_PLAIN: {
		if (p->last_was_tflog && tflog_continuation(p->tflog, &ln, lineno))
			return TFC_OK;
		p->last_was_tflog = false;
		if (!heartbeat)
			return plain_line(p->plain, &ln, lineno);
		p->hb_seen = 0;
		p->hb_learning = true;
		tfc_rc rc = plain_line(p->plain, &ln, lineno);
		p->hb_learning = false;
		if (rc == TFC_OK && p->hb_seen == 1)
			hb_learn(p->hb, raw, len, &hb, &p->hb_ev);
		return rc;
	}
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
	p->par_min = PAR_MIN_FEED;
	p->par_segment = PAR_SEGMENT;
	p->par_share = 0.35;
	p->source = tl_add_source(tl, stage, source_name);
	p->lr = lr_new(tl_limits(tl)->max_line_bytes, on_line, problem, p);
	p->lc = lc_new();
	p->plain = plain_new(sink, p);
	p->hb = hb_new();
	p->jsonui = jsonui_new(sink, p);
	p->tflog = tflog_new(sink, p);
	if (!p->source || !p->lr || !p->lc || !p->plain || !p->hb || !p->jsonui || !p->tflog) {
		tfc_parser_free(p);
		return NULL;
	}
	return p;
}

/* ---- two threads ------------------------------------------------------------
 * Each segment of a large feed is cut at a line end: the main thread parses
 * the head as usual while the worker parses the tail ahead of it, as plain
 * or -json UI lines, from an idle plain parser (the -json UI parser keeps no
 * state from line to line that could change its events). Its events are what the main thread
 * would produce itself when the main thread reaches the tail idle too (no
 * diagnostic open, no TF_LOG continuation pending, at a line start) and the
 * worker saw no TF_LOG line and ended idle: then they are applied, with
 * the line numbers moved on; otherwise the tail is parsed again here. While
 * the main thread applies one tail, the worker already parses the next. */

void par_configure(tfc_parser *p, size_t min_feed, size_t segment)
{
	p->par_min = min_feed;
	p->par_segment = segment ? segment : PAR_SEGMENT;
}

size_t par_tails_applied(const tfc_parser *p) { return p->par_applied; }

/* The end of the line that holds p[0] (just past its '\n'), or lim. */
static const char *line_end_from(const char *p, const char *lim)
{
	const char *nl = p < lim ? memchr(p, '\n', (size_t)(lim - p)) : NULL;
	return nl ? nl + 1 : lim;
}

typedef struct segment {
	const char *a, *mid, *b; /* head [a, mid), tail [mid, b) */
	int slot;                /* the worker's slot for the tail, -1 none */
} segment;

static segment plan(tfc_parser *p, const char *a, const char *e)
{
	segment g = {.a = a, .slot = -1};
	g.b = (size_t)(e - a) > p->par_segment ? line_end_from(a + p->par_segment, e) : e;
	g.mid = line_end_from(a + (size_t)((double)(g.b - a) * p->par_share), g.b);
	if (g.mid < g.b)
		g.slot = par_submit(p->par, g.mid, (size_t)(g.b - g.mid));
	return g;
}

static tfc_rc apply_tail(tfc_parser *p, const par_result *r)
{
	uint64_t off = lr_lines(p->lr);
	for (size_t i = 0; i < r->n; i++) {
		ev e;
		bool warning;
		par_get(r, i, &e, &warning);
		if (warning) {
			tl_warn(p->tl, p->stage, p->source, off + e.line, "%.*s", (int)e.text.n, e.text.p);
			continue;
		}
		e.line += off;
		tfc_rc rc = sink(p, &e);
		if (rc != TFC_OK)
			return rc;
	}
	lr_add_lines(p->lr, r->lines);
	p->par_applied++;
	return TFC_OK;
}

/* [s, e): whole lines, p->lr at a line start. */
static tfc_rc feed_segments(tfc_parser *p, const char *s, const char *e)
{
	segment cur = plan(p, s, e);
	tfc_rc rc = TFC_OK;
	for (;;) {
		if (rc == TFC_OK)
			rc = lr_feed(p->lr, cur.a, (size_t)(cur.mid - cur.a));
		bool idle = rc == TFC_OK && lr_at_line_start(p->lr) && plain_idle(p->plain) && !p->last_was_tflog;
		const par_result *res = NULL;
		bool waited = false;
		if (cur.slot >= 0)
			res = par_wait(p->par, cur.slot, &waited); /* always: the tail's bytes are the caller's */
		bool more = rc == TFC_OK && cur.b < e;
		segment next = {0};
		if (more) {
			/* Balance the threads: a waiting main thread takes more. */
			if (res)
				p->par_share += waited ? 0.02 : -0.02;
			p->par_share = p->par_share < 0.05 ? 0.05 : p->par_share > 0.9 ? 0.9 : p->par_share;
			next = plan(p, cur.b, e);
		}
		if (rc == TFC_OK && cur.mid < cur.b)
			rc = res && res->usable && idle ? apply_tail(p, res)
							: lr_feed(p->lr, cur.mid, (size_t)(cur.b - cur.mid));
		if (!more)
			return rc;
		cur = next;
	}
}

static tfc_rc feed_parallel(tfc_parser *p, const char *s, size_t len)
{
	const char *end = s + len;
	if (!lr_at_line_start(p->lr)) {
		/* finish the line carried from the last feed (or the BOM question) */
		const char *nl = line_end_from(s, end);
		tfc_rc rc = lr_feed(p->lr, s, (size_t)(nl - s));
		s = nl;
		if (rc != TFC_OK || !lr_at_line_start(p->lr))
			return rc == TFC_OK ? lr_feed(p->lr, s, (size_t)(end - s)) : rc;
	}
	const char *last = s < end ? memrchr(s, '\n', (size_t)(end - s)) : NULL;
	if (!p->par && !p->par_off && last) {
		p->par = par_new(tl_limits(p->tl)->max_line_bytes);
		p->par_off = !p->par;
	}
	if (!p->par || !last)
		return lr_feed(p->lr, s, (size_t)(end - s));
	tfc_rc rc = feed_segments(p, s, last + 1);
	if (rc == TFC_OK && last + 1 < end)
		rc = lr_feed(p->lr, last + 1, (size_t)(end - last - 1)); /* carried to the next feed */
	return rc;
}

tfc_rc tfc_parser_feed(tfc_parser *p, const void *buf, size_t len)
{
	if (!p || (!buf && len))
		return TFC_EINVAL;
	if (p->failed)
		return p->failed;
	tfc_rc rc = len >= p->par_min && !p->par_off ? feed_parallel(p, buf, len) : lr_feed(p->lr, buf, len);
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
	par_free(p->par);
	hb_free(p->hb);
	lr_free(p->lr);
	lc_free(p->lc);
	plain_free(p->plain);
	jsonui_free(p->jsonui);
	tflog_free(p->tflog);
	free(p);
}
