/* analysis.c — from a finished timeline to the model every renderer reads:
 * timeline positions (measured or scheduled), lanes, concurrency, overhead,
 * filtered and sorted listings, and roll-ups. */
#include "analysis.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "strtab.h"

/* ---- small helpers ------------------------------------------------------ */

static double nz(double v) { return isnan(v) ? 0 : v; }

/* A growable char buffer for building keys before interning them. */
typedef struct kbuf {
	char *p;
	size_t n, cap;
	bool oom;
} kbuf;

static void kput(kbuf *k, const char *s, size_t n)
{
	if (k->oom)
		return;
	if (k->n + n + 1 > k->cap) {
		size_t cap = k->cap ? k->cap : 256;
		while (cap < k->n + n + 1)
			cap *= 2;
		char *p = realloc(k->p, cap);
		if (!p) {
			k->oom = true;
			return;
		}
		k->p = p;
		k->cap = cap;
	}
	memcpy(k->p + k->n, s, n);
	k->n += n;
	k->p[k->n] = '\0';
}

static void kputs(kbuf *k, const char *s) { kput(k, s, strlen(s)); }

/* Length of the "[…]" instance key at s (s[0] == '['), quote-aware: for_each
 * keys may hold "]", "." and escaped quotes. Unterminated keys run to the end. */
static size_t key_len(const char *s)
{
	size_t i = 1;
	if (s[i] == '"') {
		for (i++; s[i] && s[i] != '"'; i++)
			if (s[i] == '\\' && s[i + 1])
				i++;
		if (s[i] == '"')
			i++;
	}
	while (s[i] && s[i] != ']')
		i++;
	return s[i] == ']' ? i + 1 : i;
}

/* The module path with every instance key collapsed to "[*]", cut to depth
 * module calls (0 = all): module.a["x"].module.b[0] → module.a[*].module.b[*]. */
static void module_key(kbuf *k, const char *module, int depth)
{
	int seen = 0;
	const char *s = module;
	while (*s) {
		if (depth > 0 && seen == depth)
			break;
		/* one "module.NAME[KEY]" segment, dot-separated from the next */
		const char *seg = s;
		size_t n = strncmp(s, "module.", 7) == 0 ? 7 : 0;
		while (s[n] && s[n] != '[' && s[n] != '.')
			n++;
		if (seen > 0)
			kput(k, ".", 1);
		kput(k, seg, n);
		s += n;
		if (*s == '[') {
			kput(k, "[*]", 3);
			s += key_len(s);
		}
		if (*s == '.')
			s++;
		seen++;
	}
}

static bool module_has_key(const char *module) { return strchr(module, '[') != NULL; }

static const char *mode_prefix(tfc_mode m)
{
	return m == TFC_MODE_DATA ? "data." : m == TFC_MODE_EPHEMERAL ? "ephemeral." : "";
}

/* ---- the estimated schedule: a min-heap of slot end times --------------- */

static void heap_down(double *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && h[l] < h[m])
			m = l;
		if (r < n && h[r] < h[m])
			m = r;
		if (m == i)
			return;
		double t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* ---- lanes: min-heaps of busy (end, lane) and of free lane numbers ------ */

typedef struct busy {
	double end;
	unsigned lane;
} busy;

static void busy_up(busy *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h[p].end <= h[i].end)
			return;
		busy t = h[p];
		h[p] = h[i];
		h[i] = t;
		i = p;
	}
}

static void busy_down(busy *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && h[l].end < h[m].end)
			m = l;
		if (r < n && h[r].end < h[m].end)
			m = r;
		if (m == i)
			return;
		busy t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void lanes_up(unsigned *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h[p] <= h[i])
			return;
		unsigned t = h[p];
		h[p] = h[i];
		h[i] = t;
		i = p;
	}
}

static void lanes_down(unsigned *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && h[l] < h[m])
			m = l;
		if (r < n && h[r] < h[m])
			m = r;
		if (m == i)
			return;
		unsigned t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* ---- comparators ---------------------------------------------------------- */

static int cmp_seq(const void *a, const void *b)
{
	const a_op *x = a, *y = b;
	return (x->op->seq > y->op->seq) - (x->op->seq < y->op->seq);
}

static int cmp_start_p(const void *a, const void *b)
{
	const a_op *x = *(const a_op *const *)a, *y = *(const a_op *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->op->seq > y->op->seq) - (x->op->seq < y->op->seq);
}

static int cmp_dur_p(const void *a, const void *b)
{
	const a_op *x = *(const a_op *const *)a, *y = *(const a_op *const *)b;
	if (x->dur != y->dur)
		return x->dur > y->dur ? -1 : 1;
	return cmp_start_p(a, b);
}

static int cmp_addr_p(const void *a, const void *b)
{
	const a_op *x = *(const a_op *const *)a, *y = *(const a_op *const *)b;
	int c = strcmp(x->op->address, y->op->address);
	if (c)
		return c;
	return cmp_start_p(a, b);
}

static int cmp_end_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_row(const void *a, const void *b)
{
	const a_row *x = a, *y = b;
	if (x->sum_s != y->sum_s)
		return x->sum_s > y->sum_s ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* ---- one stage ----------------------------------------------------------- */

typedef struct ctx {
	analysis *a;
	const tfc_report_options *o;
	tfc_report_options glob_only; /* o without --min-duration: roll-ups and failure lists */
	kbuf k;
	size_t *slot_of; /* roll-up row of an interned id, (size_t)-1 when none */
	size_t n_slot_of;
} ctx;

static const char *intern_k(ctx *c, size_t *id)
{
	if (c->k.oom)
		return NULL;
	return strtab_intern(c->a->strings, c->k.p ? c->k.p : "", c->k.n, id);
}

/* Roll-up keys of one operation, interned. */
static bool op_keys(ctx *c, a_op *x)
{
	const tfc_op *op = x->op;
	const char *module = op->module ? op->module : "";
	const char *type = op->type ? op->type : "?";

	c->k.n = 0;
	if (*module)
		module_key(&c->k, module, c->o->depth);
	else
		kputs(&c->k, "(root)");
	if (!(x->module = intern_k(c, NULL)))
		return false;

	c->k.n = 0;
	kputs(&c->k, mode_prefix(op->mode));
	kputs(&c->k, type);
	if (!(x->rtype = intern_k(c, NULL)))
		return false;

	c->k.n = 0;
	if (op->provider && *op->provider) {
		kputs(&c->k, op->provider);
	} else {
		const char *us = strchr(type, '_');
		kput(&c->k, type, us ? (size_t)(us - type) : strlen(type));
	}
	if (!(x->provider = intern_k(c, NULL)))
		return false;

	x->group = NULL;
	if (op->key || module_has_key(module)) {
		c->k.n = 0;
		if (*module) {
			module_key(&c->k, module, 0);
			kput(&c->k, ".", 1);
		}
		kputs(&c->k, mode_prefix(op->mode));
		kputs(&c->k, type);
		kput(&c->k, ".", 1);
		kputs(&c->k, op->name ? op->name : "?");
		if (op->key)
			kput(&c->k, "[*]", 3);
		if (!(x->group = intern_k(c, NULL)))
			return false;
	}
	return true;
}

/* Positions from timestamps; operations without a start stamp follow the one
 * seen before them. */
static void place_measured(a_stage *s)
{
	const tfc_stage *st = s->st;
	double stage_end = isnan(st->wall_s) ? NAN : st->wall_s;
	double prev = 0;
	for (size_t i = 0; i < s->n_ops; i++) {
		a_op *x = &s->ops[i];
		const tfc_op *op = x->op;
		x->estimated = isnan(op->started_at);
		x->start = x->estimated ? prev : op->started_at - st->started_at;
		if (x->start < 0)
			x->start = 0;
		prev = x->start;
		if (!isnan(op->duration_s)) {
			x->dur = op->duration_s;
		} else if (!x->estimated && !isnan(op->ended_at)) {
			x->dur = op->ended_at - op->started_at;
		} else if (op->status == TFC_STATUS_FAILED || op->status == TFC_STATUS_UNFINISHED) {
			x->open = true;
			x->dur = nz(op->elapsed_min_s);
			/* Still running when the log ended, as far as we can tell. */
			if (op->status == TFC_STATUS_UNFINISHED && !isnan(stage_end) &&
			    stage_end - x->start > x->dur)
				x->dur = stage_end - x->start;
		} else {
			x->dur = 0;
		}
		if (x->dur < 0)
			x->dur = 0;
		x->end = x->start + x->dur;
	}
}

/* Without timestamps, from the order of events when the timeline has it: an
 * operation starts when the one before it started, and not before every
 * operation whose end was printed ahead of its start had ended. */
typedef struct order_ev {
	uint64_t order;
	a_op *x;
	bool end;
} order_ev;

static int cmp_order(const void *a, const void *b)
{
	const order_ev *x = a, *y = b;
	return (x->order > y->order) - (x->order < y->order);
}

static bool place_by_order(a_stage *s)
{
	order_ev *ev = malloc((2 * s->n_ops + 1) * sizeof *ev);
	if (!ev)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < s->n_ops; i++) {
		a_op *x = &s->ops[i];
		ev[n++] = (order_ev){x->op->start_order, x, false};
		if (x->op->end_order > x->op->start_order)
			ev[n++] = (order_ev){x->op->end_order, x, true};
	}
	qsort(ev, n, sizeof *ev, cmp_order);
	double prev = 0, frontier = 0;
	for (size_t i = 0; i < n; i++) {
		a_op *x = ev[i].x;
		if (ev[i].end) {
			if (x->end > frontier)
				frontier = x->end;
			continue;
		}
		x->start = prev > frontier ? prev : frontier;
		x->end = x->start + x->dur;
		prev = x->start;
	}
	free(ev);
	return true;
}

/* Without timestamps or event order: in order of first sighting, each as
 * soon as one of Terraform's parallel slots is free. */
static void place_by_slots(a_stage *s)
{
	double slots[ANALYSIS_PARALLELISM] = {0};
	double prev = 0;
	for (size_t i = 0; i < s->n_ops; i++) {
		a_op *x = &s->ops[i];
		x->start = slots[0] > prev ? slots[0] : prev;
		x->end = x->start + x->dur;
		prev = x->start;
		slots[0] = x->end;
		heap_down(slots, ANALYSIS_PARALLELISM, 0);
	}
}

/* No timestamps: durations are Terraform's; positions are scheduled and
 * unfinished operations run to the end of the schedule. */
static bool place_estimated(a_stage *s)
{
	bool ordered = s->n_ops > 0;
	for (size_t i = 0; i < s->n_ops; i++) {
		a_op *x = &s->ops[i];
		const tfc_op *op = x->op;
		x->estimated = true;
		if (!isnan(op->duration_s)) {
			x->dur = op->duration_s;
		} else {
			x->dur = nz(op->elapsed_min_s);
			x->open = op->status == TFC_STATUS_FAILED || op->status == TFC_STATUS_UNFINISHED;
		}
		if (x->dur < 0)
			x->dur = 0;
		if (op->start_order == 0)
			ordered = false;
	}
	if (ordered) {
		if (!place_by_order(s))
			return false;
	} else {
		place_by_slots(s);
	}
	double makespan = 0;
	for (size_t i = 0; i < s->n_ops; i++)
		if (s->ops[i].end > makespan)
			makespan = s->ops[i].end;
	for (size_t i = 0; i < s->n_ops; i++) {
		a_op *x = &s->ops[i];
		if (x->open && x->op->status == TFC_STATUS_UNFINISHED && x->end < makespan) {
			x->end = makespan;
			x->dur = makespan - x->start;
		}
	}
	return true;
}

/* Lanes (lowest free one first), the concurrency curve, busy time and peak. */
static bool sweep(a_stage *s)
{
	size_t n = s->n_ops;
	if (n == 0)
		return true;
	a_op **by_start = malloc(n * sizeof *by_start);
	double *ends = malloc(n * sizeof *ends);
	busy *bh = malloc(n * sizeof *bh);
	unsigned *fh = malloc(n * sizeof *fh);
	a_conc_point *pts = malloc((2 * n + 2) * sizeof *pts);
	if (!by_start || !ends || !bh || !fh || !pts) {
		free(by_start), free(ends), free(bh), free(fh), free(pts);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		by_start[i] = &s->ops[i];
	qsort(by_start, n, sizeof *by_start, cmp_start_p);

	/* lanes */
	size_t nb = 0, nf = 0;
	unsigned lanes = 0;
	for (size_t i = 0; i < n; i++) {
		a_op *x = by_start[i];
		while (nb > 0 && bh[0].end <= x->start) {
			fh[nf] = bh[0].lane;
			lanes_up(fh, nf++);
			bh[0] = bh[--nb];
			busy_down(bh, nb, 0);
		}
		if (nf > 0) {
			x->lane = fh[0];
			fh[0] = fh[--nf];
			lanes_down(fh, nf, 0);
		} else {
			x->lane = lanes++;
		}
		bh[nb] = (busy){x->end, x->lane};
		busy_up(bh, nb++);
	}
	s->n_lanes = lanes;

	/* concurrency: zero-length operations are never in flight */
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		if (s->ops[i].end > s->ops[i].start)
			ends[ne++] = s->ops[i].end;
	qsort(ends, ne, sizeof *ends, cmp_end_d);
	size_t np = 0, si = 0, ei = 0;
	unsigned cur = 0, peak = 0;
	double busy_s = 0, last_t = 0;
	pts[np++] = (a_conc_point){0, 0};
	while (ei < ne) {
		while (si < n && by_start[si]->end <= by_start[si]->start)
			si++;
		double t = ends[ei];
		if (si < n && by_start[si]->start < t)
			t = by_start[si]->start;
		if (cur > 0)
			busy_s += t - last_t;
		last_t = t;
		while (ei < ne && ends[ei] == t)
			cur--, ei++;
		while (si < n && by_start[si]->start == t) {
			if (by_start[si]->end > by_start[si]->start)
				cur++;
			si++;
		}
		if (cur > peak)
			peak = cur;
		if (pts[np - 1].t == t)
			pts[np - 1].n = cur;
		else
			pts[np++] = (a_conc_point){t, cur};
	}
	s->conc = pts;
	s->n_conc = np;
	s->conc_peak = peak;
	s->busy_s = busy_s;
	free(by_start), free(ends), free(bh), free(fh);
	return true;
}

static bool passes_glob(const ctx *c, const a_op *x) { return select_op(&c->glob_only, x->op); }

typedef struct span {
	size_t row;
	double start, end;
} span;

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static const char *rollup_key(const a_op *x, int r)
{
	return r == ROLLUP_MODULE ? x->module : r == ROLLUP_TYPE ? x->rtype : r == ROLLUP_PROVIDER ? x->provider : x->group;
}

/* Busy time of each row: the union of its operations' intervals. */
static void rows_busy(a_row *rows, span *sp, size_t n)
{
	qsort(sp, n, sizeof *sp, cmp_span);
	for (size_t i = 0; i < n;) {
		size_t row = sp[i].row;
		double from = sp[i].start, to = sp[i].end, total = 0;
		for (; i < n && sp[i].row == row; i++) {
			if (sp[i].start > to) {
				total += to - from;
				from = sp[i].start;
				to = sp[i].end;
			} else if (sp[i].end > to) {
				to = sp[i].end;
			}
		}
		rows[row].busy_s = total + (to - from);
	}
}

static bool rollups(ctx *c, a_stage *s)
{
	size_t nid = strtab_count(c->a->strings);
	if (nid > c->n_slot_of) {
		size_t *p = realloc(c->slot_of, nid * sizeof *p);
		if (!p)
			return false;
		for (size_t i = c->n_slot_of; i < nid; i++)
			p[i] = (size_t)-1;
		c->slot_of = p;
		c->n_slot_of = nid;
	}
	span *sp = malloc((s->n_ops ? s->n_ops : 1) * sizeof *sp);
	if (!sp)
		return false;
	for (int r = 0; r < ROLLUP_COUNT; r++) {
		a_row *rows = malloc((s->n_ops ? s->n_ops : 1) * sizeof *rows);
		size_t nr = 0, nsp = 0;
		if (!rows) {
			free(sp);
			return false;
		}
		for (size_t i = 0; i < s->n_ops; i++) {
			const a_op *x = &s->ops[i];
			const char *key = rollup_key(x, r);
			if (!key || !passes_glob(c, x))
				continue;
			size_t id;
			/* already interned: this only looks the id up */
			strtab_intern(c->a->strings, key, strlen(key), &id);
			size_t j = c->slot_of[id];
			if (j == (size_t)-1) {
				j = c->slot_of[id] = nr++;
				rows[j] = (a_row){.key = key};
			}
			rows[j].count++;
			rows[j].sum_s += x->dur;
			if (x->dur > rows[j].max_s)
				rows[j].max_s = x->dur;
			if (x->op->status == TFC_STATUS_FAILED)
				rows[j].n_failed++;
			sp[nsp++] = (span){j, x->start, x->end};
		}
		rows_busy(rows, sp, nsp);
		for (size_t j = 0; j < nr; j++) {
			size_t id;
			strtab_intern(c->a->strings, rows[j].key, strlen(rows[j].key), &id);
			c->slot_of[id] = (size_t)-1;
			rows[j].share = s->wall_s > 0 ? rows[j].busy_s / s->wall_s : NAN;
			rows[j].sum_share = s->sum_s > 0 ? rows[j].sum_s / s->sum_s : NAN;
		}
		qsort(rows, nr, sizeof *rows, cmp_row);
		s->rollup[r] = (a_rollup){rows, nr};
	}
	free(sp);
	return true;
}

static bool lists(ctx *c, a_stage *s)
{
	size_t n = s->n_ops;
	s->shown = malloc((n ? n : 1) * sizeof *s->shown);
	s->slowest = malloc((n ? n : 1) * sizeof *s->slowest);
	s->failed = malloc((n ? n : 1) * sizeof *s->failed);
	s->unfinished = malloc((n ? n : 1) * sizeof *s->unfinished);
	s->helm = malloc((n ? n : 1) * sizeof *s->helm);
	if (!s->shown || !s->slowest || !s->failed || !s->unfinished || !s->helm)
		return false;
	for (size_t i = 0; i < n; i++) {
		a_op *x = &s->ops[i];
		if (!passes_glob(c, x))
			continue;
		tfc_status stt = x->op->status;
		if (stt == TFC_STATUS_FAILED)
			s->failed[s->n_failed++] = x;
		if (stt == TFC_STATUS_UNFINISHED)
			s->unfinished[s->n_unfinished++] = x;
		if (x->op->helm)
			s->helm[s->n_helm++] = x;
		x->shown = select_op(c->o, x->op);
		if (x->shown)
			s->shown[s->n_shown++] = x;
	}
	qsort(s->failed, s->n_failed, sizeof *s->failed, cmp_start_p);
	qsort(s->unfinished, s->n_unfinished, sizeof *s->unfinished, cmp_start_p);
	qsort(s->helm, s->n_helm, sizeof *s->helm, cmp_dur_p);

	memcpy(s->slowest, s->shown, s->n_shown * sizeof *s->shown);
	qsort(s->slowest, s->n_shown, sizeof *s->slowest, cmp_dur_p);
	size_t top = c->o->top_n;
	s->n_slowest = top == 0 || top > s->n_shown ? s->n_shown : top;

	int (*cmp)(const void *, const void *) = c->o->sort == TFC_SORT_START ? cmp_start_p
					       : c->o->sort == TFC_SORT_ADDRESS ? cmp_addr_p
										: cmp_dur_p;
	if (cmp == cmp_dur_p)
		memcpy(s->shown, s->slowest, s->n_shown * sizeof *s->shown);
	else
		qsort(s->shown, s->n_shown, sizeof *s->shown, cmp);
	return true;
}

static bool build_stage(ctx *c, a_stage *s, const tfc_stage *st)
{
	s->st = st;
	size_t n = 0;
	for (size_t i = 0; i < st->n_ops; i++)
		if (st->ops[i].status == TFC_STATUS_PLANNED)
			s->n_planned++;
		else
			n++;
	s->ops = calloc(n ? n : 1, sizeof *s->ops);
	if (!s->ops)
		return false;
	bool any_stamp = false;
	for (size_t i = 0; i < st->n_ops; i++) {
		const tfc_op *op = &st->ops[i];
		if (op->status == TFC_STATUS_PLANNED)
			continue;
		a_op *x = &s->ops[s->n_ops++];
		x->op = op;
		x->stage = (size_t)(s - c->a->stages);
		if (!isnan(op->started_at))
			any_stamp = true;
		s->n_status[op->status]++;
		if ((unsigned)op->action < TFC_ACTION_COUNT)
			s->n_action[op->action]++;
		if (!op_keys(c, x))
			return false;
	}
	qsort(s->ops, s->n_ops, sizeof *s->ops, cmp_seq);
	s->of_op = calloc(st->n_ops ? st->n_ops : 1, sizeof *s->of_op);
	if (!s->of_op)
		return false;
	for (size_t i = 0; i < s->n_ops; i++)
		s->of_op[s->ops[i].op - st->ops] = &s->ops[i];

	s->estimated = isnan(st->started_at) || (!any_stamp && s->n_ops > 0);
	if (s->estimated) {
		if (!place_estimated(s))
			return false;
	} else {
		place_measured(s);
	}

	double max_end = 0, first = INFINITY;
	for (size_t i = 0; i < s->n_ops; i++) {
		const a_op *x = &s->ops[i];
		s->sum_s += x->dur;
		if (x->end > max_end)
			max_end = x->end;
		if (x->start < first)
			first = x->start;
	}
	s->wall_s = s->estimated || isnan(st->wall_s) ? max_end : st->wall_s;
	if (s->wall_s < max_end)
		s->wall_s = max_end;

	if (!sweep(s))
		return false;
	s->conc_avg = s->wall_s > 0 ? 0 : NAN;
	if (s->wall_s > 0) {
		double bars = 0;
		for (size_t i = 0; i < s->n_ops; i++)
			bars += s->ops[i].end - s->ops[i].start;
		s->conc_avg = bars / s->wall_s;
	}
	if (s->estimated) {
		s->overhead_s = s->lead_s = s->gap_s = s->tail_s = NAN;
	} else {
		s->overhead_s = s->wall_s - s->busy_s;
		s->lead_s = s->n_ops ? first : s->wall_s;
		s->tail_s = s->n_ops ? s->wall_s - max_end : 0;
		s->gap_s = s->overhead_s - s->lead_s - s->tail_s;
		if (s->gap_s < 0) /* rounding */
			s->gap_s = 0;
	}
	return lists(c, s) && rollups(c, s);
}

static analysis *build(const tfc_stage *const *stages, size_t n, const tfc_report_options *o)
{
	analysis *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	ctx c = {.a = a, .o = o, .glob_only = *o};
	c.glob_only.min_duration_s = 0;
	a->depth = o->depth;
	a->strings = strtab_new();
	a->stages = calloc(n ? n : 1, sizeof *a->stages);
	if (!a->strings || !a->stages)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (!select_stage(o, stages[i]))
			continue;
		a_stage *s = &a->stages[a->n_stages++];
		s->index = i;
		if (!build_stage(&c, s, stages[i]))
			goto fail;
	}

	a->run_start = NAN;
	a->dated = true;
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *s = &a->stages[i];
		if (s->estimated) {
			a->any_estimated = true;
			continue;
		}
		a->any_measured = true;
		if (!s->st->timestamps_dated)
			a->dated = false;
		if (isnan(a->run_start) || s->st->started_at < a->run_start)
			a->run_start = s->st->started_at;
	}
	if (!a->any_measured)
		a->dated = false;
	double next = 0;
	for (size_t i = 0; i < a->n_stages; i++) {
		a_stage *s = &a->stages[i];
		s->offset_s = s->estimated ? next : s->st->started_at - a->run_start;
		next = s->offset_s + s->wall_s;
		if (next > a->run_wall_s)
			a->run_wall_s = next;
		a->n_ops += s->n_ops;
		a->n_failed += s->n_failed;
		a->n_unfinished += s->n_unfinished;
		a->n_shown += s->n_shown;
	}
	free(c.k.p);
	free(c.slot_of);
	return a;
fail:
	free(c.k.p);
	free(c.slot_of);
	analysis_free(a);
	return NULL;
}

analysis *analysis_build_stages(const tfc_stage *stages, size_t n, const tfc_report_options *o)
{
	const tfc_stage **v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = &stages[i];
	analysis *a = build(v, n, o);
	free(v);
	return a;
}

analysis *analysis_build(const tfc_timeline *tl, const tfc_report_options *o)
{
	size_t n = tfc_timeline_n_stages(tl);
	const tfc_stage **v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = tfc_timeline_get_stage(tl, i);
	analysis *a = build(v, n, o);
	free(v);
	return a;
}

void analysis_free(analysis *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_stages; i++) {
		a_stage *s = &a->stages[i];
		free(s->ops);
		free(s->of_op);
		free(s->shown);
		free(s->slowest);
		free(s->failed);
		free(s->unfinished);
		free(s->helm);
		free(s->conc);
		for (int r = 0; r < ROLLUP_COUNT; r++)
			free(s->rollup[r].rows);
	}
	/* a stage that failed half-way is counted in n_stages, so it was freed above */
	free(a->stages);
	strtab_free(a->strings);
	free(a);
}

const char *analysis_rollup_name(int rollup)
{
	static const char *const names[ROLLUP_COUNT] = {"module", "type", "provider", "group"};
	return rollup >= 0 && rollup < ROLLUP_COUNT ? names[rollup] : "?";
}

const char *analysis_times_name(const a_op *x) { return x->estimated ? "estimated" : "measured"; }

char *analysis_fmt_duration(double s, char *buf, size_t size)
{
	if (isnan(s)) {
		snprintf(buf, size, "?");
		return buf;
	}
	if (s < 0)
		s = 0;
	if (s < 10 && s != floor(s)) {
		snprintf(buf, size, "%.1fs", s);
		return buf;
	}
	long long t = llround(s);
	if (t < 60)
		snprintf(buf, size, "%llds", t);
	else if (t < 3600)
		snprintf(buf, size, "%lldm%02llds", t / 60, t % 60);
	else
		snprintf(buf, size, "%lldh%02lldm%02llds", t / 3600, t / 60 % 60, t % 60);
	return buf;
}
