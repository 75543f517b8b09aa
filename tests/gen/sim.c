/* sim.c — the simulation of one stage: Terraform's graph walk with
 * -parallelism slots, hook timing (whole-second rounding, heartbeats that
 * drift), interrupts and cuts, driven by a time-ordered event heap; then the
 * ground truth of what the log shows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

enum {
	E_RUN_BEGIN, E_REFRESH, E_PLAN, E_APPLY, E_START, E_HB, E_END, E_RUN_END,
	E_INTERRUPT, E_INTERRUPT_HARD, E_CUT,
};

static const int64_t SEC = 1000000;

/* ---- the event heap, ordered by (time, insertion) --------------------- */

static bool ev_less(const gevent *a, const gevent *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void push(gsim *s, int64_t t, int type, size_t run, uint32_t arg)
{
	if (s->heap_len == s->heap_cap) {
		size_t cap = s->heap_cap ? s->heap_cap * 2 : 1024;
		gevent *h = realloc(s->heap, cap * sizeof *h);
		if (!h) {
			s->oom = true;
			return;
		}
		s->heap = h;
		s->heap_cap = cap;
	}
	if (t < s->now)
		t = s->now;
	gevent e = {t, s->seq++, arg, (uint16_t)run, (uint8_t)type};
	size_t i = s->heap_len++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!ev_less(&e, &s->heap[p]))
			break;
		s->heap[i] = s->heap[p];
		i = p;
	}
	s->heap[i] = e;
}

static bool pop(gsim *s, gevent *out)
{
	if (!s->heap_len)
		return false;
	*out = s->heap[0];
	gevent last = s->heap[--s->heap_len];
	size_t i = 0, n = s->heap_len;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && ev_less(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!ev_less(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (n)
		s->heap[i] = last;
	return true;
}

static int64_t ms(gsim *s, int64_t lo, int64_t hi)
{
	return rng_range(&s->sim_rng, lo, hi) * 1000;
}

/* ---- scheduling -------------------------------------------------------- */

static void schedule_end(gsim *s, grun *r, int64_t delay)
{
	if (!r->end_scheduled) {
		r->end_scheduled = true;
		push(s, s->now + delay, E_RUN_END, (size_t)(r - s->runs), 0);
	}
}

static void check_plan(gsim *s, grun *r)
{
	if (r->pending == 0 && r->running == 0 && r->queue_pos >= r->queue_len && r->phase == RUN_PLANNING &&
	    !r->plan_scheduled) {
		r->plan_scheduled = true;
		push(s, s->now + ms(s, 300, 1500), E_PLAN, (size_t)(r - s->runs), 0);
	}
}

/* Start operations while slots are free. A start never lands in the last
 * tenth of a second before a half second, so that a 0s operation can end
 * before the rounding boundary (Terraform rounds both ends to whole seconds). */
static void fill(gsim *s, grun *r)
{
	unsigned par = s->o->parallelism ? s->o->parallelism : 10;
	while (r->running < par && !r->stopping && !r->dead) {
		uint32_t i;
		if (r->stack_len)
			i = r->stack[--r->stack_len];
		else if (r->queue_pos < r->queue_len)
			i = r->queue[r->queue_pos++];
		else
			break;
		r->running++;
		s->ops[i].state = OP_WAITING;
		int64_t t = s->now + ms(s, 1, 40);
		int64_t frac = t % SEC;
		if (frac >= 400000 && frac < 500000)
			t += 110000;
		push(s, t, E_START, (size_t)(r - s->runs), i);
	}
}

static void run_idle_check(gsim *s, grun *r)
{
	if (r->phase == RUN_PLANNING) {
		if (r->stopping && r->running == 0)
			schedule_end(s, r, ms(s, 100, 600));
		else
			check_plan(s, r);
		return;
	}
	if (r->phase == RUN_APPLYING && r->running == 0 &&
	    (r->stopping || (r->stack_len == 0 && r->queue_pos >= r->queue_len)))
		schedule_end(s, r, ms(s, 200, 900));
}

/* ---- handlers ------------------------------------------------------------ */

static void on_run_begin(gsim *s, grun *r)
{
	r->phase = RUN_PLANNING;
	r->t_begin = s->now;
	s->render->run_begin(s, r);
	int64_t t = s->now + ms(s, 50, 400);
	for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
		if (!s->ops[i].refresh)
			continue;
		push(s, t, E_REFRESH, (size_t)(r - s->runs), i);
		r->pending++;
		t += ms(s, 0, 25);
	}
	tg_model_queue_phase(s, r, PHASE_PLAN_READ);
	fill(s, r);
	check_plan(s, r);
}

static void on_start(gsim *s, grun *r, gop *op)
{
	if (r->dead)
		return;
	op->state = OP_RUNNING;
	op->t_start = s->now;
	op->s_round = (s->now + SEC / 2) / SEC;
	if (op->dur == 0) {
		int64_t limit = op->s_round * SEC + 450000;
		int64_t room = limit - s->now;
		op->t_end = s->now + (room > 2000 ? (int64_t)rng_range(&s->sim_rng, 1000, room - 1000) : 500);
	} else {
		op->t_end = (op->s_round + op->dur) * SEC + (int64_t)rng_range(&s->sim_rng, -449000, 449000);
	}
	uint64_t before = s->out.total;
	s->render->op_start(s, r, op);
	s->start_lines++;
	s->start_bytes += s->out.total - before;
	if (op->phase == PHASE_APPLY) {
		r->started++;
		if (r == &s->runs[0] && r->started == s->interrupt_after && s->last_stage) {
			if (s->o->cut)
				push(s, s->now + ms(s, 1000, 20000), E_CUT, 0, 0);
			else if (s->o->interrupt)
				push(s, s->now + ms(s, 1000, 8000), E_INTERRUPT, 0, 0);
		}
	}
	size_t run = (size_t)(r - s->runs);
	uint32_t idx = (uint32_t)(op - s->ops);
	op->hb_at = op->t_start + 10 * SEC + ms(s, 1, 30);
	if (op->hb_at < op->t_end)
		push(s, op->hb_at, E_HB, run, idx);
	push(s, op->t_end, E_END, run, idx);
}

static void on_heartbeat(gsim *s, grun *r, gop *op)
{
	if (r->dead || op->state != OP_RUNNING)
		return;
	int64_t elapsed = (s->now + SEC / 2) / SEC - op->s_round;
	uint64_t before = s->out.total;
	s->render->op_heartbeat(s, r, op, elapsed);
	s->hb_lines++;
	s->hb_bytes += s->out.total - before;
	op->last_hb = (int32_t)elapsed;
	/* the timer is re-armed after printing, so the cadence drifts; now and
	 * then the host sleeps and a heartbeat comes minutes late */
	int64_t next = s->now + 10 * SEC + ms(s, 1, 30);
	if (rng_below(&s->sim_rng, 4000) == 0)
		next += ms(s, 30000, 300000);
	if (next < op->t_end)
		push(s, next, E_HB, (size_t)(r - s->runs), (uint32_t)(op - s->ops));
}

static void on_end(gsim *s, grun *r, gop *op)
{
	if (r->dead || op->state != OP_RUNNING)
		return;
	if (op->fail) {
		op->state = OP_FAILED;
		s->render->op_failed(s, r, op);
		r->n_failed++;
	} else {
		op->state = OP_DONE;
		op->reported = op->dur;
		s->render->op_complete(s, r, op);
		op->status = TFC_STATUS_COMPLETE;
		if (op->action == TFC_ACTION_CREATE)
			r->added++;
		else if (op->action == TFC_ACTION_UPDATE)
			r->changed++;
		else if (op->action == TFC_ACTION_DELETE)
			r->destroyed++;
		if (op->next >= 0)
			r->stack[r->stack_len++] = (uint32_t)op->next;
	}
	r->running--;
	fill(s, r);
	run_idle_check(s, r);
}

static void on_event(gsim *s, const gevent *e)
{
	grun *r = &s->runs[e->run];
	gop *op = &s->ops[e->arg];
	switch (e->type) {
	case E_RUN_BEGIN:
		on_run_begin(s, r);
		break;
	case E_REFRESH:
		if (!r->dead && !r->stopping)
			s->render->refresh(s, r, op);
		r->pending--;
		run_idle_check(s, r);
		break;
	case E_PLAN:
		if (r->dead)
			break;
		if (r->stopping) {
			schedule_end(s, r, ms(s, 100, 500));
			break;
		}
		r->prompt = (s->o->prefix == TFGEN_PREFIX_NONE || s->o->prefix == TFGEN_PREFIX_GITHUB ||
			     s->o->prefix == TFGEN_PREFIX_STAMP) && rng_chance(&s->sim_rng, 0.3);
		s->render->plan(s, r);
		push(s, s->now + (r->prompt ? ms(s, 3000, 40000) : ms(s, 300, 1500)), E_APPLY, e->run, 0);
		break;
	case E_APPLY:
		if (r->dead)
			break;
		if (r->stopping) {
			schedule_end(s, r, ms(s, 100, 500));
			break;
		}
		r->phase = RUN_APPLYING;
		s->render->apply_begin(s, r);
		tg_model_queue_phase(s, r, PHASE_APPLY);
		fill(s, r);
		run_idle_check(s, r);
		break;
	case E_START:
		on_start(s, r, op);
		break;
	case E_HB:
		on_heartbeat(s, r, op);
		break;
	case E_END:
		on_end(s, r, op);
		break;
	case E_RUN_END:
		if (r->dead || r->phase == RUN_ENDED)
			break;
		r->phase = RUN_ENDED;
		s->render->run_end(s, r);
		break;
	case E_INTERRUPT:
		s->interrupted = true;
		for (size_t u = 0; u < s->n_runs; u++) {
			grun *ru = &s->runs[u];
			if (ru->dead || ru->phase == RUN_ENDED || ru->phase == RUN_WAIT)
				continue;
			s->render->interrupt(s, ru);
			ru->stopping = true;
			run_idle_check(s, ru);
		}
		push(s, s->now + ms(s, 3000, 15000), E_INTERRUPT_HARD, 0, 0);
		break;
	case E_INTERRUPT_HARD:
		for (size_t u = 0; u < s->n_runs; u++) {
			grun *ru = &s->runs[u];
			if (ru->dead || ru->phase == RUN_ENDED || ru->running == 0)
				continue;
			s->render->interrupt_hard(s, ru);
			ru->dead = true;
		}
		s->hard_done = true;
		break;
	case E_CUT:
		for (size_t u = 0; u < s->n_runs; u++)
			s->runs[u].dead = true;
		s->cut_done = true;
		s->heap_len = 0;
		break;
	}
}

/* ---- the truth ----------------------------------------------------------- */

static char *xstrdup(const char *p)
{
	if (!p)
		return NULL;
	size_t n = strlen(p);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, p, n + 1);
	return d;
}

static char *ndup(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

/* The for_each key as a string: Go-unquoted (the generator only escapes
 * quotes and backslashes). */
static char *unquote(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	size_t k = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (p[i] == '\\' && i + 2 < n)
			i++;
		d[k++] = p[i];
	}
	d[k] = '\0';
	return d;
}

static int fill_names(tfgen_truth_op *to, const gres *res)
{
	to->module = ndup(res->addr, res->mod_len);
	to->type = ndup(res->addr + res->type_off, res->type_len);
	to->name = ndup(res->addr + res->name_off, res->name_len);
	to->data = res->data;
	to->key_is_string = res->key_is_string;
	if (res->key_off >= 0)
		to->key = res->key_is_string ? unquote(res->addr + res->key_off, (size_t)res->key_len)
					     : ndup(res->addr + res->key_off, (size_t)res->key_len);
	return to->module && to->type && to->name && (res->key_off < 0 || to->key) ? 0 : -1;
}

static int collect_truth(gsim *s, const char *stage_name, tfgen_truth *t, int64_t t0)
{
	if (t->n_stages == t->cap_stages) {
		size_t cap = t->cap_stages ? t->cap_stages * 2 : 4;
		tfgen_truth_stage *ns = realloc(t->stages, cap * sizeof *ns);
		if (!ns)
			return -1;
		t->stages = ns;
		t->cap_stages = cap;
	}
	tfgen_truth_stage *st = &t->stages[t->n_stages++];
	memset(st, 0, sizeof *st);
	st->name = xstrdup(stage_name);
	if (!st->name)
		return -1;
	const tfgen_options *o = s->o;
	st->interrupted = s->interrupted;
	st->timestamped = o->format != TFGEN_FORMAT_PLAIN ||
			  (o->prefix != TFGEN_PREFIX_NONE && o->prefix != TFGEN_PREFIX_NEBARI &&
			   o->prefix != TFGEN_PREFIX_TERRAGRUNT_OLD);
	st->dated = st->timestamped && (o->prefix != TFGEN_PREFIX_TERRAGRUNT || o->format != TFGEN_FORMAT_PLAIN);
	st->tf_log = o->format == TFGEN_FORMAT_TFLOG;
	st->failure_named = s->version != TFGEN_V0_12 || o->format == TFGEN_FORMAT_JSON;
	st->started_at = (double)t0 / SEC;
	st->ended_at = (double)s->out.last_us / SEC;
	size_t n = 0;
	for (size_t u = 0; u < s->n_runs; u++) {
		grun *r = &s->runs[u];
		if (r->summary) {
			st->has_summary = true;
			st->added += r->added;
			st->changed += r->changed;
			st->destroyed += r->destroyed;
		}
		for (uint32_t i = r->op_lo; i < r->op_hi; i++)
			n += s->ops[i].state >= OP_RUNNING && s->ops[i].phase != PHASE_REFRESH_ONLY;
	}
	st->ops = calloc(n ? n : 1, sizeof *st->ops);
	if (!st->ops)
		return -1;
	st->cap_ops = n;
	for (size_t u = 0; u < s->n_runs; u++) {
		grun *r = &s->runs[u];
		for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
			gop *op = &s->ops[i];
			if (op->state < OP_RUNNING || op->phase == PHASE_REFRESH_ONLY)
				continue;
			tfgen_truth_op *to = &st->ops[st->n_ops++];
			const gres *res = &s->res[op->res];
			to->address = malloc(res->addr_len + 1);
			if (!to->address)
				return -1;
			memcpy(to->address, res->addr, res->addr_len + 1);
			if (fill_names(to, res) < 0)
				return -1;
			to->unit = xstrdup(r->unit);
			if (op->deposed[0] && o->format != TFGEN_FORMAT_JSON)
				to->deposed = xstrdup(op->deposed);
			if ((r->unit && !to->unit) || (op->deposed[0] && o->format != TFGEN_FORMAT_JSON && !to->deposed))
				return -1;
			to->action = (tfc_action)op->action;
			to->status = (tfc_status)op->status;
			to->reported_s = op->reported;
			to->elapsed_min_s = op->status != TFC_STATUS_COMPLETE && op->last_hb >= 0 ? op->last_hb : NAN;
			int64_t end = op->state == OP_RUNNING ? s->out.last_us : op->t_end;
			to->actual_s = (double)(end - op->t_start) / SEC;
			to->started_at = (double)op->t_start / SEC;
			to->ended_at = op->status == TFC_STATUS_COMPLETE ? (double)op->t_end / SEC : NAN;
		}
	}
	return 0;
}

/* ---- one pass ----------------------------------------------------------- */

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

int64_t tfgen_start_time(const tfgen_options *o)
{
	return o->start_time ? o->start_time : 1704067200 + (int64_t)(mix(o->seed, 77) % (365 * 86400));
}

/* How --target-bytes reshapes durations: d' = d * scale + stretch * weight
 * (durations of an hour and more keep their length). */
typedef struct sizing {
	double scale, stretch;
} sizing;

static uint32_t resize(uint32_t d, double weight, sizing z)
{
	double v = d < 3600 ? d * z.scale : d;
	return (uint32_t)llround(v) + (uint32_t)llround(z.stretch * weight);
}

typedef struct pass_stats {
	uint64_t total, hb_lines, hb_bytes, start_lines, start_bytes;
	double *durs, *weights; /* for sizing: per operation */
	size_t n;
} pass_stats;

static const grender *renderer_for(tfgen_format f)
{
	switch (f) {
	case TFGEN_FORMAT_JSON: return &tg_render_json;
	case TFGEN_FORMAT_TFLOG: return &tg_render_tflog;
	default: return &tg_render_plain;
	}
}

static int run_pass(const tfgen_options *o, const char *stage_name, unsigned stage_index, bool last_stage,
		    sizing z, tfgen_write_fn write, void *ctx, tfgen_truth *truth, pass_stats *stats)
{
	gsim *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	int rc = -1;
	s->o = o;
	s->version = o->version;
	if (o->format != TFGEN_FORMAT_PLAIN && s->version < TFGEN_V0_15)
		s->version = TFGEN_V0_15; /* -json exists from 0.15.3; TF_LOG is hclog from 0.15 */
	s->tofu = s->version == TFGEN_TOFU;
	s->hb = o->heartbeat;
	if (s->hb == TFGEN_HB_AUTO)
		s->hb = s->version == TFGEN_V0_11 ? TFGEN_HB_PAREN : s->version == TFGEN_V1_12 ? TFGEN_HB_MMSS : TFGEN_HB_GO;
	s->last_stage = last_stage;
	s->stage_index = stage_index;
	s->render = renderer_for(o->format);
	tg_rng_seed(&s->model_rng, mix(mix(o->seed, stage_index), 1));
	tg_rng_seed(&s->sim_rng, mix(mix(o->seed, stage_index), 2));
	int64_t t0 = tfgen_start_time(o);
	s->now = t0 * SEC + (int64_t)(mix(o->seed, 78) % SEC);
	t0 = s->now;
	if (tg_out_init(&s->out, write, ctx) < 0)
		goto done;
	s->out.prefix = o->prefix;
	s->out.crlf = o->crlf;
	s->out.tool = s->tofu ? "tofu" : "terraform";
	if (tg_model_build(s) < 0)
		goto done;
	if (z.scale != 1 || z.stretch != 0)
		for (size_t i = 0; i < s->n_ops; i++)
			if (s->ops[i].phase != PHASE_REFRESH_ONLY)
				s->ops[i].dur = resize(s->ops[i].dur, s->ops[i].weight, z);
	if (stats && !stats->durs) {
		stats->durs = malloc((s->n_ops + 1) * sizeof *stats->durs);
		stats->weights = malloc((s->n_ops + 1) * sizeof *stats->weights);
		if (!stats->durs || !stats->weights)
			goto done;
		for (size_t i = 0; i < s->n_ops; i++) {
			if (s->ops[i].phase == PHASE_REFRESH_ONLY)
				continue;
			stats->durs[stats->n] = s->ops[i].dur;
			stats->weights[stats->n++] = s->ops[i].weight;
		}
	}
	for (size_t u = 0; u < s->n_runs; u++)
		push(s, s->now + (u ? ms(s, 0, 300) : 0), E_RUN_BEGIN, u, 0);
	gevent e;
	while (!s->oom && !s->out.failed && pop(s, &e)) {
		s->now = e.t;
		s->out.now_us = e.t;
		on_event(s, &e);
	}
	if (s->oom || s->arena.oom)
		goto done;
	s->render->stage_end(s);
	tg_out_flush(&s->out);
	if (s->out.failed)
		goto done;
	if (stats) {
		stats->total = s->out.total;
		stats->hb_lines = s->hb_lines;
		stats->hb_bytes = s->hb_bytes;
		stats->start_lines = s->start_lines;
		stats->start_bytes = s->start_bytes;
	}
	if (truth && collect_truth(s, stage_name, truth, t0) < 0)
		goto done;
	rc = 0;
done:
	tg_out_done(&s->out);
	tg_model_free(s);
	free(s->heap);
	free(s);
	return rc;
}

static int discard(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}

/* Heartbeat lines gained (or lost, negative) against the first pass. */
static double hb_delta(const pass_stats *st, sizing z)
{
	double lines = 0;
	for (size_t i = 0; i < st->n; i++)
		lines += floor(resize((uint32_t)st->durs[i], st->weights[i], z) / 10.0) - floor(st->durs[i] / 10.0);
	return lines;
}

/* Longer durations (more heartbeats) for a bigger log, shorter ones for a
 * smaller log, found by bisection on the heartbeat count. */
static sizing size_for(const tfgen_options *o, const pass_stats *st)
{
	sizing z = {1, 0};
	double line = st->hb_lines ? (double)st->hb_bytes / (double)st->hb_lines + 3.0
				   : st->start_lines ? (double)st->start_bytes / (double)st->start_lines + 28.0 : 100.0;
	double want = ((double)o->target_bytes - (double)st->total) / line; /* heartbeat lines to add */
	double lo, hi;
	if (want >= 0) {
		lo = 0, hi = 1e9;
		for (int it = 0; it < 80; it++) {
			z.stretch = (lo + hi) / 2;
			if (hb_delta(st, z) < want)
				lo = z.stretch;
			else
				hi = z.stretch;
		}
		z.stretch = hi;
	} else {
		lo = 0, hi = 1;
		for (int it = 0; it < 60; it++) {
			z.scale = (lo + hi) / 2;
			if (hb_delta(st, z) < want)
				lo = z.scale;
			else
				hi = z.scale;
		}
		z.scale = lo;
	}
	return z;
}

int tfgen_stage(const tfgen_options *o, const char *stage_name, unsigned stage_index, bool last_stage,
		tfgen_write_fn write, void *ctx, tfgen_truth *truth)
{
	sizing z = {1, 0};
	if (o->target_bytes) {
		pass_stats st = {0};
		int rc = run_pass(o, stage_name, stage_index, last_stage, z, discard, NULL, NULL, &st);
		if (rc == 0)
			z = size_for(o, &st);
		free(st.durs);
		free(st.weights);
		if (rc < 0)
			return -1;
	}
	return run_pass(o, stage_name, stage_index, last_stage, z, write, ctx, truth, NULL);
}

/* ---- in memory ---------------------------------------------------------- */

typedef struct membuf {
	char *p;
	size_t len, cap;
} membuf;

static int mem_write(void *ctx, const void *buf, size_t len)
{
	membuf *m = ctx;
	if (m->len + len + 1 > m->cap) {
		size_t cap = m->cap ? m->cap : 1 << 16;
		while (cap < m->len + len + 1)
			cap *= 2;
		char *p = realloc(m->p, cap);
		if (!p)
			return -1;
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

char *tfgen_to_memory(const tfgen_options *o, const char *stage_name, size_t *len, tfgen_truth *truth)
{
	membuf m = {0};
	if (tfgen_stage(o, stage_name, 0, true, mem_write, &m, truth) < 0 || mem_write(&m, "", 0) < 0) {
		free(m.p);
		return NULL;
	}
	m.p[m.len] = '\0';
	if (len)
		*len = m.len;
	return m.p;
}
