/* timeline.c — building the timeline: stages, sources, warnings, and the
 * events of every format applied to operations. Pairing rules: an operation
 * is one occurrence of (unit, address, deposed, action); a channel's start
 * takes the first occurrence that channel has not started yet (so a TF_LOG
 * trail merges into the UI's operations, and a second run opens a new one);
 * an end closes the first occurrence the channel started and has not ended. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline_impl.h"

tfc_timeline *tfc_timeline_new(const tfc_limits *limits)
{
	tfc_timeline *tl = calloc(1, sizeof *tl);
	if (!tl)
		return NULL;
	if (limits)
		tl->limits = *limits;
	else
		tfc_limits_default(&tl->limits);
	arena_init(&tl->strings);
	return tl;
}

void tfc_timeline_free(tfc_timeline *tl)
{
	if (!tl)
		return;
	for (size_t i = 0; i < tl->n_stages; i++) {
		stage_rec *st = &tl->stages[i];
		ops_free(st);
		free(st->sources);
		free(st->warnings);
		free(st->errors);
		free(st->pub_ops);
		free(st->pub_helm);
	}
	free(tl->stages);
	free(tl->shown);
	arena_free(&tl->strings);
	free(tl);
}

const tfc_limits *tl_limits(const tfc_timeline *tl) { return &tl->limits; }

size_t tl_n_stages(const tfc_timeline *tl) { return tl->n_stages; }

size_t tfc_timeline_stage(tfc_timeline *tl, const char *name)
{
	if (!tl || !name)
		return (size_t)-1;
	for (size_t i = 0; i < tl->n_stages; i++)
		if (strcmp(tl->stages[i].name, name) == 0)
			return i;
	if (!grow_array((void **)&tl->stages, &tl->cap_stages, tl->n_stages + 1, sizeof *tl->stages))
		return (size_t)-1;
	stage_rec *st = &tl->stages[tl->n_stages];
	memset(st, 0, sizeof *st);
	st->name = arena_strdup(&tl->strings, name);
	if (!st->name)
		return (size_t)-1;
	st->first_time = st->last_time = NAN;
	return tl->n_stages++;
}

size_t tl_stage_for_load(tfc_timeline *tl, size_t first, const char *qualifier, const char *name)
{
	for (size_t i = first; i < tl->n_stages; i++)
		if (strcmp(tl->stages[i].name, name) == 0)
			return i;
	bool clash = false;
	for (size_t i = 0; i < first && i < tl->n_stages; i++)
		if (strcmp(tl->stages[i].name, name) == 0)
			clash = true;
	if (!clash)
		return tfc_timeline_stage(tl, name);
	char qualified[768];
	snprintf(qualified, sizeof qualified, "%s/%s", qualifier && *qualifier ? qualifier : "input", name);
	for (int n = 2; n < 1000; n++) {
		bool taken = false;
		for (size_t i = 0; i < tl->n_stages; i++)
			if (strcmp(tl->stages[i].name, qualified) == 0)
				taken = i < first;
		if (!taken)
			return tfc_timeline_stage(tl, qualified);
		snprintf(qualified, sizeof qualified, "%s/%s (%d)", qualifier && *qualifier ? qualifier : "input", name, n);
	}
	return (size_t)-1;
}

void tfc_timeline_set_command(tfc_timeline *tl, size_t stage, tfc_command command)
{
	if (!tl || stage >= tl->n_stages)
		return;
	tl->stages[stage].command = command;
	tl->stages[stage].command_forced = true;
}

const char *tl_add_source(tfc_timeline *tl, size_t stage, const char *source)
{
	stage_rec *st = &tl->stages[stage];
	for (size_t i = 0; i < st->n_sources; i++)
		if (strcmp(st->sources[i], source) == 0)
			return st->sources[i];
	if (!grow_array((void **)&st->sources, &st->cap_sources, st->n_sources + 1, sizeof *st->sources))
		return NULL;
	const char *copy = arena_strdup(&tl->strings, source);
	if (copy)
		st->sources[st->n_sources++] = copy;
	return copy;
}

void tl_warn(tfc_timeline *tl, size_t stage, const char *source, uint64_t line, const char *fmt, ...)
{
	stage_rec *st = &tl->stages[stage];
	st->n_warnings_total++;
	if (st->n_warnings >= tl->limits.max_warnings)
		return;
	if (!grow_array((void **)&st->warnings, &st->cap_warnings, st->n_warnings + 1, sizeof *st->warnings))
		return;
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char *copy = arena_strdup(&tl->strings, msg);
	if (!copy)
		return;
	st->warnings[st->n_warnings++] = (tfc_warning){.source = source, .line = line, .message = copy};
}

void tl_count_lines(tfc_timeline *tl, size_t stage, uint64_t lines) { tl->stages[stage].n_lines += lines; }

static int stage_name_cmp(const void *a, const void *b)
{
	return strcmp(((const stage_rec *)a)->name, ((const stage_rec *)b)->name);
}

void tl_sort_stages(tfc_timeline *tl, size_t first)
{
	if (first < tl->n_stages)
		qsort(tl->stages + first, tl->n_stages - first, sizeof *tl->stages, stage_name_cmp);
}

/* ---- applying events ------------------------------------------------------ */

static double note_time(stage_rec *st, const ev *e)
{
	if (isnan(e->time))
		return NAN;
	if (e->time_dated && !st->dated) {
		/* Dated stamps win over times of day: restart the stage's clock. */
		st->dated = true;
		st->first_time = st->last_time = NAN;
	} else if (!e->time_dated && st->dated) {
		return NAN;
	}
	if (isnan(st->first_time) || e->time < st->first_time)
		st->first_time = e->time;
	if (isnan(st->last_time) || e->time > st->last_time)
		st->last_time = e->time;
	st->any_time = true;
	return e->time;
}

static void set_id(tfc_timeline *tl, op_rec *op, sv id)
{
	if (id.n && (!op->pub.id || strlen(op->pub.id) != id.n || memcmp(op->pub.id, id.p, id.n) != 0))
		op->pub.id = arena_strdup_sv(&tl->strings, id);
}

static void touch(op_rec *op, double t)
{
	if (!isnan(t) && (isnan(op->last_time) || t > op->last_time))
		op->last_time = t;
}

/* First occurrence of the key, walking its chain, that satisfies want(). */
typedef bool (*op_pred)(const op_rec *op, unsigned ch);

static op_rec *find(stage_rec *st, int chain, const ev *e, tfc_action action, op_pred want, unsigned ch)
{
	uint32_t i;
	if (chain == CHAIN_KEY) {
		i = ops_find_key(st, e, action);
	} else {
		uint64_t h = op_hash(ops_ev_base(st, e), chain, e->deposed, action);
		i = ops_find_head(st, chain, h, e->unit, e->address, e->deposed, action);
	}
	for (; i != NO_OP; i = st->ops[i].next[chain])
		if (!want || want(&st->ops[i], ch))
			return &st->ops[i];
	return NULL;
}

static bool not_started_by(const op_rec *op, unsigned ch) { return !(op->started_mask & (1u << ch)); }

static bool open_for(const op_rec *op, unsigned ch)
{
	return (op->started_mask & (1u << ch)) && !(op->ended_mask & (1u << ch));
}

static bool not_ended_by(const op_rec *op, unsigned ch)
{
	return !(op->ended_mask & (1u << ch)) && op->state != OP_PLANNED;
}

static bool is_open(const op_rec *op, unsigned ch) { return op->state == OP_OPEN; }

/* The operation an end-of-operation event (progress, complete, errored)
 * is about; created when the log never showed its start. */
static op_rec *find_for_end(tfc_timeline *tl, stage_rec *st, const ev *e, const char *source, bool create)
{
	unsigned ch = e->channel;
	op_rec *op = find(st, CHAIN_KEY, e, e->action, open_for, ch);
	if (!op)
		op = find(st, CHAIN_KEY, e, e->action, not_ended_by, ch);
	if (!op && !e->deposed.n) {
		/* 0.12–0.14 print a deposed object's completion without its key. */
		op = find(st, CHAIN_ADDR_ACTION, e, e->action, open_for, ch);
	}
	if (!op && create) {
		op = ops_create(tl, st, e, e->action, source);
		if (op)
			op->started_mask |= 1u << ch; /* its start is not in the log */
	}
	return op;
}

static tfc_rc apply_start(tfc_timeline *tl, stage_rec *st, const char *source, const ev *e, double t)
{
	unsigned ch = e->channel;
	op_rec *op = find(st, CHAIN_KEY, e, e->action, not_started_by, ch);
	if (!op) {
		op = ops_create(tl, st, e, e->action, source);
		if (!op)
			return TFC_ENOMEM;
	}
	if (op->state == OP_PLANNED) {
		op->state = OP_OPEN;
		op->pub.source = source;
		op->pub.line = e->line;
	}
	op->started_mask |= 1u << ch;
	if (!op->pub.start_order)
		op->pub.start_order = ++st->order;
	if (!isnan(t) && isnan(op->pub.started_at)) {
		op->pub.started_at = t;
		op->pub.times_from |= e->time_from;
	}
	touch(op, t);
	set_id(tl, op, e->id);
	return TFC_OK;
}

static tfc_rc apply_end(tfc_timeline *tl, stage_rec *st, const char *source, const ev *e, double t)
{
	op_rec *op = find_for_end(tl, st, e, source, true);
	if (!op)
		return TFC_ENOMEM;
	op->ended_mask |= 1u << e->channel;
	if (!op->pub.end_order)
		op->pub.end_order = ++st->order;
	touch(op, t);
	if (!isnan(t) && isnan(op->pub.ended_at)) {
		op->pub.ended_at = t;
		op->pub.times_from |= e->time_from;
	}
	if (e->kind == EV_OP_COMPLETE) {
		if (!isnan(e->seconds) && isnan(op->pub.reported_s)) {
			op->pub.reported_s = e->seconds;
			op->pub.times_from |= TFC_TIMES_REPORTED;
		}
		if (op->state != OP_FAILED)
			op->state = OP_DONE;
		set_id(tl, op, e->id);
	} else { /* EV_OP_ERRORED */
		op->state = OP_FAILED;
		if (!isnan(e->seconds) && (isnan(op->heartbeat_s) || e->seconds > op->heartbeat_s))
			op->heartbeat_s = e->seconds;
		if (!op->pub.error && e->text.n)
			op->pub.error = arena_strdup_sv(&tl->strings, e->text);
		if (isnan(op->error_time))
			op->error_time = t;
	}
	return TFC_OK;
}

static tfc_rc apply_progress(tfc_timeline *tl, stage_rec *st, const char *source, const ev *e, double t)
{
	unsigned ch = e->channel;
	op_rec *op = find(st, CHAIN_KEY, e, e->action, open_for, ch);
	if (!op)
		op = find(st, CHAIN_KEY, e, e->action, is_open, ch);
	if (!op)
		op = find_for_end(tl, st, e, source, true);
	if (!op)
		return TFC_ENOMEM;
	if (op->state == OP_PLANNED)
		op->state = OP_OPEN;
	if (!isnan(e->seconds) && (isnan(op->heartbeat_s) || e->seconds > op->heartbeat_s))
		op->heartbeat_s = e->seconds;
	touch(op, t);
	return TFC_OK;
}

static tfc_rc apply_planned(tfc_timeline *tl, stage_rec *st, const char *source, const ev *e)
{
	if (find(st, CHAIN_KEY, e, e->action, NULL, 0))
		return TFC_OK;
	op_rec *op = ops_create(tl, st, e, e->action, source);
	if (!op)
		return TFC_ENOMEM;
	op->state = OP_PLANNED;
	return TFC_OK;
}

static bool add_error(tfc_timeline *tl, stage_rec *st, sv text)
{
	for (size_t i = 0; i < st->n_errors; i++)
		if (strlen(st->errors[i]) == text.n && memcmp(st->errors[i], text.p, text.n) == 0)
			return true;
	if (!grow_array((void **)&st->errors, &st->cap_errors, st->n_errors + 1, sizeof *st->errors))
		return false;
	const char *copy = arena_strdup_sv(&tl->strings, text);
	if (!copy)
		return false;
	st->errors[st->n_errors++] = copy;
	return true;
}

/* An error diagnostic naming an address fails the latest operation on it
 * (an open one first); one naming nothing is a stage-level error. */
static tfc_rc apply_diagnostic(tfc_timeline *tl, stage_rec *st, const char *source, const ev *e, double t)
{
	if (e->severity != EV_SEV_ERROR)
		return TFC_OK;
	if (!e->address.n)
		return add_error(tl, st, e->text) ? TFC_OK : TFC_ENOMEM;

	op_rec *target = NULL, *latest = NULL;
	uint64_t h = op_hash(ops_ev_base(st, e), CHAIN_ADDR, SV_NULL, 0);
	for (uint32_t i = ops_find_head(st, CHAIN_ADDR, h, e->unit, e->address, SV_NULL, 0); i != NO_OP;
	     i = st->ops[i].next[CHAIN_ADDR]) {
		op_rec *op = &st->ops[i];
		if (op->state == OP_PLANNED)
			continue;
		latest = op;
		if (op->state == OP_OPEN || op->state == OP_FAILED)
			target = op;
	}
	if (!target)
		target = latest;
	if (!target) {
		/* Named by an error but never started (a plan-time failure): keep it,
		 * as the action it was planned for, a read for data sources, else create. */
		op_rec *planned = NULL;
		for (uint32_t i = ops_find_head(st, CHAIN_ADDR, h, e->unit, e->address, SV_NULL, 0); i != NO_OP;
		     i = st->ops[i].next[CHAIN_ADDR])
			planned = &st->ops[i];
		if (planned) {
			target = planned;
		} else {
			tfc_action action = (SV_STARTS(e->address, "data.") || memmem(e->address.p, e->address.n, ".data.", 6))
						    ? TFC_ACTION_READ
						    : TFC_ACTION_CREATE;
			target = ops_create(tl, st, e, action, source);
			if (!target)
				return TFC_ENOMEM;
		}
	}
	if (target->state == OP_DONE)
		tl_warn(tl, st - tl->stages, source, e->line, "error names %s, which had completed", target->pub.address);
	target->state = OP_FAILED;
	if (!target->pub.end_order)
		target->pub.end_order = ++st->order;
	if (!target->pub.error && e->text.n)
		target->pub.error = arena_strdup_sv(&tl->strings, e->text);
	if (isnan(target->error_time))
		target->error_time = t;
	touch(target, t);
	return TFC_OK;
}

/* A summary replaces the previous one (a second run in one log), except that
 * Terragrunt's units each print their own: those add up. */
static void apply_summary(stage_rec *st, const ev *e)
{
	bool add = e->unit.n > 0 && st->has_summary && st->summary_by_units && st->summary_kind == e->summary_kind;
	if (!add)
		st->added = st->changed = st->destroyed = st->imported = st->forgotten = 0;
	st->has_summary = true;
	st->summary_by_units = e->unit.n > 0;
	st->summary_kind = e->summary_kind;
	st->added += e->added;
	st->changed += e->changed;
	st->destroyed += e->destroyed;
	st->imported += e->imported;
	st->forgotten += e->forgotten;
}

static tfc_rc apply_provider_call(stage_rec *st, const ev *e)
{
	if (isnan(e->seconds))
		return TFC_OK;
	op_rec *only = NULL;
	if (e->address.n) {
		only = find(st, CHAIN_ADDR, e, 0, is_open, 0);
	} else if (e->text.n) {
		/* No address on provider lines: attribute only when exactly one
		 * operation of that resource type is in flight. */
		for (size_t i = st->n_ops; i-- > 0;) {
			op_rec *op = &st->ops[i];
			if (op->state != OP_OPEN || strlen(op->pub.type) != e->text.n ||
			    memcmp(op->pub.type, e->text.p, e->text.n) != 0)
				continue;
			if (only)
				return TFC_OK;
			only = op;
		}
	}
	if (only && isnan(only->pub.provider_s)) {
		only->pub.provider_s = e->seconds;
		only->pub.times_from |= TFC_TIMES_TF_LOG;
	}
	return TFC_OK;
}

tfc_rc tl_apply(tfc_timeline *tl, size_t stage, const char *source, const ev *e)
{
	stage_rec *st = &tl->stages[stage];
	double t = note_time(st, e);
	if (e->kind != EV_TIME)
		st->n_events++;
	st->ev_base_set = false; /* the address is hashed when a lookup needs it */
	/* Heartbeats, starts and ends are nearly all events: tested first, with
	 * branches that predict well, where the switch's jump table mispredicts
	 * whenever the kind changes. */
	if (e->kind == EV_OP_PROGRESS)
		return e->address.n ? apply_progress(tl, st, source, e, t) : TFC_OK;
	if (e->kind == EV_OP_START)
		return e->address.n ? apply_start(tl, st, source, e, t) : TFC_OK;
	if (e->kind == EV_OP_COMPLETE || e->kind == EV_OP_ERRORED)
		return e->address.n ? apply_end(tl, st, source, e, t) : TFC_OK;
	switch (e->kind) {
	case EV_OP_START:
		return e->address.n ? apply_start(tl, st, source, e, t) : TFC_OK;
	case EV_OP_PROGRESS:
		return e->address.n ? apply_progress(tl, st, source, e, t) : TFC_OK;
	case EV_OP_COMPLETE:
	case EV_OP_ERRORED:
		return e->address.n ? apply_end(tl, st, source, e, t) : TFC_OK;
	case EV_OP_PLANNED:
		return e->address.n ? apply_planned(tl, st, source, e) : TFC_OK;
	case EV_OP_PROVIDER_CALL:
		return apply_provider_call(st, e);
	case EV_PROVISION:
		if (e->address.n) {
			op_rec *op = find(st, CHAIN_ADDR, e, 0, is_open, 0);
			if (op)
				touch(op, t);
		}
		return TFC_OK;
	case EV_REFRESH:
		st->n_refresh++;
		return TFC_OK;
	case EV_DIAGNOSTIC:
		return apply_diagnostic(tl, st, source, e, t);
	case EV_SUMMARY:
		apply_summary(st, e);
		return TFC_OK;
	case EV_INTERRUPT:
		st->interrupted = true;
		return TFC_OK;
	case EV_COMMAND:
		st->command_hints |= 1u << e->command;
		return TFC_OK;
	case EV_VERSION:
		if (e->text.n)
			st->tool = arena_strdup_sv(&tl->strings, e->text);
		if (e->detail.n)
			st->tool_version = arena_strdup_sv(&tl->strings, e->detail);
		return TFC_OK;
	case EV_HELM:
		return helm_apply(tl, st, e);
	case EV_TIME:
		return TFC_OK;
	}
	return TFC_OK;
}
