/* parallel.c — the worker thread of parallel.h: a line reader, cleaner and
 * plain parser of its own, run over each submitted run of lines, its events
 * copied into the job's slot (strings from outside the run into the slot's
 * blocks). Jobs run in submission order; slots alternate. */
#include "parallel.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

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

typedef struct slot {
	const char *p; /* the run */
	size_t n;
	bool done;
	bool failed; /* a line not plain, or out of memory */
	par_rec *recs;
	size_t n_recs, cap_recs;
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
	line_cleaner *lc;
	plain_parser *pp;
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

static par_rec *add_rec(slot *s)
{
	if (s->n_recs == s->cap_recs) {
		size_t cap = s->cap_recs ? s->cap_recs * 2 : 1024;
		par_rec *r = realloc(s->recs, cap * sizeof *r);
		if (!r)
			return NULL;
		s->recs = r;
		s->cap_recs = cap;
	}
	return &s->recs[s->n_recs++];
}

static tfc_rc w_sink(void *ctx, const ev *e)
{
	slot *s = ((par_worker *)ctx)->job;
	par_rec *r = add_rec(s);
	if (!r)
		return TFC_ENOMEM;
	r->e = *e;
	r->warning = false;
	if (!keep(s, &r->e.address) || !keep(s, &r->e.deposed) || !keep(s, &r->e.unit) || !keep(s, &r->e.id) ||
	    !keep(s, &r->e.text) || !keep(s, &r->e.detail))
		return TFC_ENOMEM;
	return TFC_OK;
}

static void w_problem(void *ctx, uint64_t lineno, const char *message)
{
	slot *s = ((par_worker *)ctx)->job;
	par_rec *r = add_rec(s);
	sv text = sv_cstr(message);
	if (!r || !(text.p = copy_bytes(s, message, text.n))) {
		s->failed = true;
		return;
	}
	ev_init(&r->e, EV_TIME);
	r->e.text = text;
	r->e.line = lineno;
	r->warning = true;
}

/* parser.c's on_line for a stream that, so far, holds plain lines only. */
static tfc_rc w_line(void *ctx, const char *raw, size_t len, uint64_t lineno)
{
	par_worker *w = ctx;
	line ln;
	if (!lc_clean(w->lc, raw, len, &ln))
		return TFC_ENOMEM;
	if (ln.marker != LINE_TEXT)
		return TFC_OK;
	if (par_line_format(&ln) != FMT_PLAIN) {
		w->job->failed = true; /* another format's parser would be needed */
		return TFC_EINVAL;
	}
	return plain_line(w->pp, &ln, lineno);
}

static void run(par_worker *w, slot *s)
{
	s->n_recs = 0;
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
	w->slots[0].done = w->slots[1].done = true;
	w->lc = lc_new();
	if (!w->lc || pthread_mutex_init(&w->mu, NULL) != 0) {
		lc_free(w->lc);
		free(w);
		return NULL;
	}
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		lc_free(w->lc);
		free(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, thread_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
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
		for (block *b = w->slots[i].blocks, *next; b; b = next) {
			next = b->next;
			free(b);
		}
	}
	plain_free(w->pp);
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
