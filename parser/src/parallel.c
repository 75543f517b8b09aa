/* parallel.c — the worker thread of parallel.h: a line reader, cleaner,
 * plain and -json UI parsers of its own, run over each submitted run of lines, its events
 * copied into the job's slot (strings from outside the run into the slot's
 * blocks). Jobs run in submission order; slots alternate. */
#include "parallel.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "hbmemo.h"
#include "jsonui.h"
#include "linereader.h"
#include "plain.h"
#include "prefix.h"

enum { BLOCK_BYTES = 64 * 1024 };

/* Copies of strings that do not point into the run (cleaned text, 0.11
 * addresses rewritten, diagnostics), kept until the slot is reused. */
typedef struct block {
	struct block *next;
	size_t used, cap;
	char data[];
} block;

/* Most events are plain or -json UI operation events and times: kept as the
 * fields they use, 80 bytes instead of a whole ev (the worker writes and the
 * main thread reads every one, so their size is memory traffic). Anything
 * else is kept whole in the slot's full list. A record's type byte holds its
 * REC_* in the low two bits and, for REC_OP, the event's channel above. */
enum { REC_OP, REC_FULL, REC_WARNING };
#define REC_TYPE(r) ((r)->type & 3)
enum { EV_KINDS = EV_TIME + 1 }; /* EV_TIME is the last kind */

struct par_rec {
	double seconds, time;
	uint64_t key_tag;
	const char *p[4]; /* address, deposed, unit, id (REC_WARNING: p[0] = message) */
	uint32_t n[4];
	uint32_t line;    /* REC_FULL: index in the full list */
	uint8_t type, kind, action, times; /* times: time_from | time_dated << 7 */
};

typedef struct slot {
	const char *p; /* the run */
	size_t n;
	bool done;
	bool failed; /* a line not plain, or out of memory */
	par_rec *recs;
	size_t n_recs, cap_recs;
	ev *full;
	size_t n_full, cap_full;
	block *blocks, *cur;
	par_result res;
} slot;

struct par_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool quit;
	int queue[2]; /* slots submitted, oldest first */
	int queued;
	int next_slot;
	slot slots[2];

	/* used by the thread only */
	size_t max_line;
	ev blank[EV_KINDS]; /* ev_init's event of each kind */
	line_cleaner *lc;
	plain_parser *pp;
	jsonui_parser *jp; /* -json UI lines: no state carried between lines but caches */
	hb_memo *hb;
	bool hb_learning; /* as in parser.c */
	unsigned hb_seen;
	ev hb_ev;
	slot *job;
};

static void *copy_bytes(slot *s, const char *p, size_t n)
{
	block *b = s->cur;
	while (b && b->cap - b->used < n) {
		b = b->next;
		if (b)
			b->used = 0;
	}
	if (!b) {
		size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		/* append after cur: the blocks before it are in use */
		if (s->cur) {
			b->next = s->cur->next;
			s->cur->next = b;
		} else {
			b->next = s->blocks;
			s->blocks = b;
		}
	}
	s->cur = b;
	char *q = b->data + b->used;
	if (n)
		memcpy(q, p, n);
	b->used += n;
	return q;
}

/* Keeps v valid after the line is gone: bytes of the run stay where they are. */
static bool keep(slot *s, sv *v)
{
	if (!v->p)
		return true;
	uintptr_t a = (uintptr_t)v->p, lo = (uintptr_t)s->p;
	if (a >= lo && a - lo <= s->n && v->n <= s->n - (a - lo))
		return true;
	const char *c = copy_bytes(s, v->p, v->n);
	if (!c)
		return false;
	v->p = c;
	return true;
}

static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 1024;
	void *p = realloc(*arr, c * size);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/* The event a REC_OP record stands for; blank[k] is ev_init's event of kind k. */
static void rebuild(const par_rec *r, const ev *blank, ev *e)
{
	*e = blank[r->kind];
	e->key_tag = r->key_tag;
	e->channel = (ev_channel)(r->type >> 2);
	e->action = (tfc_action)r->action;
	e->address = sv_make(r->p[0], r->n[0]);
	e->deposed = sv_make(r->p[1], r->n[1]);
	e->unit = sv_make(r->p[2], r->n[2]);
	e->id = sv_make(r->p[3], r->n[3]);
	e->seconds = r->seconds;
	e->time = r->time;
	e->time_from = r->times & 0x7F;
	e->time_dated = r->times >> 7;
	e->line = r->line;
}

/* A REC_OP record for e when it says no more than one can hold: rebuilt, it
 * must be e byte for byte (ev_init's template leaves padding alike), which
 * also keeps fields added to ev later from being lost. */
static void fill_op(const ev *e, par_rec *r)
{
	*r = (par_rec){
		.seconds = e->seconds,
		.time = e->time,
		.key_tag = e->key_tag,
		.p = {e->address.p, e->deposed.p, e->unit.p, e->id.p},
		.n = {(uint32_t)e->address.n, (uint32_t)e->deposed.n, (uint32_t)e->unit.n, (uint32_t)e->id.n},
		.line = (uint32_t)e->line,
		.type = (uint8_t)(REC_OP | (unsigned)e->channel << 2),
		.kind = (uint8_t)e->kind,
		.action = (uint8_t)e->action,
		.times = (uint8_t)(e->time_from | (e->time_dated ? 0x80 : 0)),
	};
}

static bool as_op(const ev *e, const ev *blank, par_rec *r)
{
	if ((unsigned)e->kind >= EV_KINDS || (unsigned)e->channel >= EV_CH_COUNT || e->time_from > 0x7F || e->line > UINT32_MAX || e->address.n > UINT32_MAX || e->deposed.n > UINT32_MAX ||
	    e->unit.n > UINT32_MAX || e->id.n > UINT32_MAX)
		return false;
	fill_op(e, r);
	ev back;
	rebuild(r, blank, &back);
	return memcmp(&back, e, sizeof back) == 0;
}

static tfc_rc w_sink(void *ctx, const ev *e)
{
	par_worker *w = ctx;
	if (w->hb_learning && w->hb_seen++ == 0)
		w->hb_ev = *e;
	slot *s = w->job;
	if (!grow((void **)&s->recs, &s->cap_recs, s->n_recs, sizeof *s->recs))
		return TFC_ENOMEM;
	par_rec *r = &s->recs[s->n_recs];
	if (!as_op(e, w->blank, r)) {
		if (!grow((void **)&s->full, &s->cap_full, s->n_full, sizeof *s->full))
			return TFC_ENOMEM;
		ev *f = &s->full[s->n_full];
		*f = *e;
		if (!keep(s, &f->address) || !keep(s, &f->deposed) || !keep(s, &f->unit) || !keep(s, &f->id) ||
		    !keep(s, &f->text) || !keep(s, &f->detail))
			return TFC_ENOMEM;
		*r = (par_rec){.type = REC_FULL, .line = (uint32_t)s->n_full++};
		if (s->n_full > UINT32_MAX)
			return TFC_ENOMEM;
	} else {
		for (int k = 0; k < 4; k++) {
			sv v = sv_make(r->p[k], r->n[k]);
			if (!keep(s, &v))
				return TFC_ENOMEM;
			r->p[k] = v.p;
		}
	}
	s->n_recs++;
	return TFC_OK;
}

static void w_problem(void *ctx, uint64_t lineno, const char *message)
{
	slot *s = ((par_worker *)ctx)->job;
	size_t n = strlen(message);
	const char *text = copy_bytes(s, message, n);
	if (!text || n > UINT32_MAX || lineno > UINT32_MAX ||
	    !grow((void **)&s->recs, &s->cap_recs, s->n_recs, sizeof *s->recs)) {
		s->failed = true;
		return;
	}
	s->recs[s->n_recs++] = (par_rec){.type = REC_WARNING, .p = {text}, .n = {(uint32_t)n}, .line = (uint32_t)lineno};
}

/* A heartbeat from the memo: hbmemo.c checked, when it learned the line,
 * that such an event is its full parse, and it holds only what a REC_OP
 * holds (its svs point into the run). */
static tfc_rc w_heartbeat(par_worker *w, const ev *e)
{
	slot *s = w->job;
	if (e->line > UINT32_MAX || !grow((void **)&s->recs, &s->cap_recs, s->n_recs, sizeof *s->recs))
		return w_sink(w, e);
	fill_op(e, &s->recs[s->n_recs++]);
	return TFC_OK;
}

void par_get(const par_result *r, size_t i, ev *e, bool *warning)
{
	const par_rec *rec = &r->recs[i];
	*warning = REC_TYPE(rec) == REC_WARNING;
	if (REC_TYPE(rec) == REC_OP) {
		rebuild(rec, r->blank, e);
	} else if (REC_TYPE(rec) == REC_FULL) {
		*e = r->full[rec->line];
	} else {
		*e = r->blank[EV_TIME];
		e->text = sv_make(rec->p[0], rec->n[0]);
		e->line = rec->line;
	}
}

/* parser.c's on_line for a stream that, so far, holds plain and -json UI
 * lines only (so no TF_LOG continuation is ever pending). */
static tfc_rc w_line(void *ctx, const char *raw, size_t len, uint64_t lineno)
{
	par_worker *w = ctx;
	hb_line hb;
	bool heartbeat = hb_maybe(raw, len) && hb_shape(raw, len, &hb) && plain_idle(w->pp);
	if (heartbeat) {
		ev e;
		if (hb_lookup(w->hb, raw, len, &hb, &e)) {
			e.line = lineno;
			return w_heartbeat(w, &e);
		}
	}
	line ln;
	if (!lc_clean(w->lc, raw, len, &ln))
		return TFC_ENOMEM;
	if (ln.marker != LINE_TEXT)
		return TFC_OK;
	line_format fmt = par_line_format(&ln);
	if (fmt == FMT_JSON_UI)
		return jsonui_line(w->jp, &ln, lineno, w_problem);
	if (fmt != FMT_PLAIN) {
		w->job->failed = true; /* TF_LOG: its parser's state is the main thread's */
		return TFC_EINVAL;
	}
	if (!heartbeat)
		return plain_line(w->pp, &ln, lineno);
	w->hb_seen = 0;
	w->hb_learning = true;
	tfc_rc rc = plain_line(w->pp, &ln, lineno);
	w->hb_learning = false;
	if (rc == TFC_OK && w->hb_seen == 1)
		hb_learn(w->hb, raw, len, &hb, &w->hb_ev);
	return rc;
}

static void run(par_worker *w, slot *s)
{
	s->n_recs = 0;
	s->n_full = 0;
	s->failed = false;
	s->cur = s->blocks;
	if (s->cur)
		s->cur->used = 0;
	w->job = s;
	if (w->pp && !plain_idle(w->pp)) {
		/* the last run ended inside a diagnostic: start afresh */
		plain_free(w->pp);
		w->pp = NULL;
	}
	if (!w->pp)
		w->pp = plain_new(w_sink, w);
	linereader *lr = w->pp ? lr_new(w->max_line, w_line, w_problem, w) : NULL;
	tfc_rc rc = lr ? TFC_OK : TFC_ENOMEM;
	if (lr) {
		lr_assume_utf8(lr);
		rc = lr_feed(lr, s->p, s->n);
		if (rc == TFC_OK)
			rc = lr_finish(lr);
	}
	s->res = (par_result){
		.recs = s->recs,
		.n = s->n_recs,
		.full = s->full,
		.blank = w->blank,
		.lines = lr_lines(lr),
		.usable = rc == TFC_OK && !s->failed && plain_idle(w->pp),
	};
	lr_free(lr);
}

static void *thread_main(void *arg)
{
	par_worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->quit && w->queued == 0)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->quit)
			break;
		slot *s = &w->slots[w->queue[0]];
		pthread_mutex_unlock(&w->mu);
		run(w, s);
		pthread_mutex_lock(&w->mu);
		w->queue[0] = w->queue[1];
		w->queued--;
		s->done = true;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

par_worker *par_new(size_t max_line_bytes)
{
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return NULL; /* one core: a second thread only adds copying */
	par_worker *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->max_line = max_line_bytes;
	for (int k = 0; k < EV_KINDS; k++)
		ev_init(&w->blank[k], (ev_kind)k);
	w->slots[0].done = w->slots[1].done = true;
	w->lc = lc_new();
	w->hb = hb_new();
	w->jp = jsonui_new(w_sink, w);
	if (!w->lc || !w->hb || !w->jp || pthread_mutex_init(&w->mu, NULL) != 0) {
		jsonui_free(w->jp);
		hb_free(w->hb);
		lc_free(w->lc);
		free(w);
		return NULL;
	}
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		jsonui_free(w->jp);
		hb_free(w->hb);
		lc_free(w->lc);
		free(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, thread_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		jsonui_free(w->jp);
		hb_free(w->hb);
		lc_free(w->lc);
		free(w);
		return NULL;
	}
	return w;
}

void par_free(par_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	for (int i = 0; i < 2; i++) {
		free(w->slots[i].recs);
		free(w->slots[i].full);
		for (block *b = w->slots[i].blocks, *next; b; b = next) {
			next = b->next;
			free(b);
		}
	}
	plain_free(w->pp);
	jsonui_free(w->jp);
	hb_free(w->hb);
	lc_free(w->lc);
	free(w);
}

int par_submit(par_worker *w, const char *p, size_t n)
{
	pthread_mutex_lock(&w->mu);
	int id = w->next_slot;
	slot *s = &w->slots[id];
	if (!s->done || w->queued == 2) {
		pthread_mutex_unlock(&w->mu);
		return -1;
	}
	s->p = p;
	s->n = n;
	s->done = false;
	w->queue[w->queued++] = id;
	w->next_slot = 1 - id;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return id;
}

const par_result *par_wait(par_worker *w, int slot_id, bool *waited)
{
	slot *s = &w->slots[slot_id];
	pthread_mutex_lock(&w->mu);
	*waited = !s->done;
	while (!s->done)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	return &s->res;
}
