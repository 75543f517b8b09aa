/* timeline_finish.c — resolving a stage once every source is read: statuses,
 * measured versus reported durations, lower bounds for what never finished,
 * Helm phases, the stage's times and the command it ran. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline_impl.h"

static double nan_max(double a, double b)
{
	if (isnan(a))
		return b;
	if (isnan(b))
		return a;
	return a > b ? a : b;
}

static double span(double from, double to)
{
	return (isnan(from) || isnan(to) || to < from) ? NAN : to - from;
}

/* A planned operation is shown only when nothing in the stage ran its address. */
static bool planned_superseded(const stage_rec *st, const op_rec *op)
{
	uint32_t head = ops_find_head(st, CHAIN_ADDR, op->hash[CHAIN_ADDR], sv_make(op->pub.unit, op->unit_len),
				      sv_make(op->pub.address, op->address_len), SV_NULL, 0);
	for (uint32_t i = head; i != NO_OP; i = st->ops[i].next[CHAIN_ADDR])
		if (st->ops[i].state != OP_PLANNED)
			return true;
	return false;
}

static void resolve_op(stage_rec *st, op_rec *op)
{
	tfc_op *p = &op->pub;
	switch (op->state) {
	case OP_PLANNED: p->status = TFC_STATUS_PLANNED; break;
	case OP_OPEN: p->status = TFC_STATUS_UNFINISHED; break;
	case OP_DONE: p->status = TFC_STATUS_COMPLETE; break;
	case OP_FAILED: p->status = TFC_STATUS_FAILED; break;
	}
	if (p->status == TFC_STATUS_COMPLETE) {
		double measured = span(p->started_at, p->ended_at);
		p->duration_s = isnan(measured) ? p->reported_s : measured;
		return;
	}
	if (p->status == TFC_STATUS_FAILED) {
		if (isnan(p->ended_at))
			p->ended_at = op->error_time;
		p->duration_s = span(p->started_at, p->ended_at);
		p->elapsed_min_s = nan_max(op->heartbeat_s, span(p->started_at, nan_max(op->error_time, op->last_time)));
		if (isnan(p->reported_s) && !isnan(op->heartbeat_s) && (p->times_from & TFC_TIMES_JSON_UI))
			p->reported_s = op->heartbeat_s; /* apply_errored's own figure */
		return;
	}
	if (p->status == TFC_STATUS_UNFINISHED)
		/* Still running when the log stops: at least until its last line. */
		p->elapsed_min_s = nan_max(op->heartbeat_s, span(p->started_at, st->last_time));
}

static void resolve_helm(op_rec *op, tfc_helm *out)
{
	const helm_track *h = op->helm;
	double end = nan_max(op->pub.ended_at, h->t_error);
	if (isnan(end))
		end = h->t_last_wait;
	double install_from = isnan(h->t_creating) ? h->t_installing : h->t_creating;
	*out = (tfc_helm){
		.release = h->release,
		.prepare_s = span(isnan(h->t_started) ? op->pub.started_at : h->t_started, h->t_installing),
		.install_s = span(install_from, isnan(h->t_wait_begin) ? end : h->t_wait_begin),
		.wait_s = span(h->t_wait_begin, end),
		.provider_s = op->pub.provider_s,
		.ambiguous = h->ambiguous,
		.note = h->note,
	};
	if (h->ambiguous) {
		out->install_s = NAN;
		out->wait_s = NAN;
	}
}

static tfc_command detect_command(const stage_rec *st)
{
	if (st->command_forced)
		return st->command;
	if (st->has_summary)
		switch (st->summary_kind) {
		case EV_SUMMARY_DESTROY: return TFC_COMMAND_DESTROY;
		case EV_SUMMARY_APPLY: return TFC_COMMAND_APPLY;
		case EV_SUMMARY_PLAN: break;
		}
	if (st->command_hints & (1u << TFC_COMMAND_DESTROY))
		return TFC_COMMAND_DESTROY;
	size_t started = 0, deletes = 0, planned = 0;
	for (size_t i = 0; i < st->n_ops; i++) {
		const op_rec *op = &st->ops[i];
		if (op->state == OP_PLANNED) {
			planned++;
			continue;
		}
		if (op->pub.action == TFC_ACTION_READ)
			continue;
		started++;
		if (op->pub.action == TFC_ACTION_DELETE)
			deletes++;
	}
	if (started > 0)
		return deletes == started ? TFC_COMMAND_DESTROY : TFC_COMMAND_APPLY;
	if (st->command_hints & (1u << TFC_COMMAND_APPLY))
		return TFC_COMMAND_APPLY;
	if (planned > 0 || (st->has_summary && st->summary_kind == EV_SUMMARY_PLAN) ||
	    (st->command_hints & (1u << TFC_COMMAND_PLAN)))
		return TFC_COMMAND_PLAN;
	if (st->command_hints & (1u << TFC_COMMAND_IMPORT))
		return TFC_COMMAND_IMPORT;
	if (st->n_refresh > 0 || (st->command_hints & (1u << TFC_COMMAND_REFRESH)))
		return TFC_COMMAND_REFRESH;
	if (st->command_hints & (1u << TFC_COMMAND_INIT))
		return TFC_COMMAND_INIT;
	for (size_t i = 0; i < st->n_ops; i++)
		if (st->ops[i].state != OP_PLANNED)
			return TFC_COMMAND_APPLY; /* only reads, during an apply */
	return TFC_COMMAND_UNKNOWN;
}

tfc_rc stage_finish(tfc_timeline *tl, stage_rec *st)
{
	(void)tl;
	size_t n_helm = 0;
	for (size_t i = 0; i < st->n_ops; i++)
		if (st->ops[i].helm)
			n_helm++;
	free(st->pub_ops);
	free(st->pub_helm);
	st->pub_ops = st->n_ops ? malloc(st->n_ops * sizeof *st->pub_ops) : NULL;
	st->pub_helm = n_helm ? malloc(n_helm * sizeof *st->pub_helm) : NULL;
	if ((st->n_ops && !st->pub_ops) || (n_helm && !st->pub_helm))
		return TFC_ENOMEM;

	size_t n = 0, h = 0;
	for (size_t i = 0; i < st->n_ops; i++) {
		op_rec *op = &st->ops[i];
		if (op->state == OP_PLANNED && planned_superseded(st, op))
			continue;
		resolve_op(st, op);
		if (op->helm) {
			resolve_helm(op, &st->pub_helm[h]);
			op->pub.helm = &st->pub_helm[h++];
		}
		st->pub_ops[n++] = op->pub;
	}

	tfc_stage *p = &st->pub;
	*p = (tfc_stage){0};
	p->name = st->name;
	p->command = detect_command(st);
	p->tool = st->tool;
	p->tool_version = st->tool_version;
	p->sources = st->sources;
	p->n_sources = st->n_sources;
	p->started_at = st->first_time;
	p->ended_at = st->last_time;
	p->wall_s = span(st->first_time, st->last_time);
	p->timestamps_dated = st->dated;
	p->has_summary = st->has_summary && st->summary_kind != EV_SUMMARY_PLAN;
	p->added = st->added;
	p->changed = st->changed;
	p->destroyed = st->destroyed;
	p->imported = st->imported;
	p->forgotten = st->forgotten;
	p->interrupted = st->interrupted;
	p->ops = st->pub_ops;
	p->n_ops = n;
	p->errors = st->errors;
	p->n_errors = st->n_errors;
	p->warnings = st->warnings;
	p->n_warnings = st->n_warnings;
	p->n_warnings_total = st->n_warnings_total;
	p->n_lines = st->n_lines;
	return TFC_OK;
}

/* A file in a stage folder that holds no Terraform output (a README, a CI
 * step that only checked out code) would be an empty stage: it is left out,
 * unless reading it raised warnings. */
static bool stage_shown(const stage_rec *st)
{
	return st->n_events > 0 || st->n_warnings_total > 0;
}

tfc_rc tfc_timeline_finish(tfc_timeline *tl)
{
	if (!tl)
		return TFC_EINVAL;
	free(tl->shown);
	tl->shown = tl->n_stages ? malloc(tl->n_stages * sizeof *tl->shown) : NULL;
	if (tl->n_stages && !tl->shown)
		return TFC_ENOMEM;
	tl->n_shown = 0;
	for (size_t i = 0; i < tl->n_stages; i++) {
		tfc_rc rc = stage_finish(tl, &tl->stages[i]);
		if (rc != TFC_OK)
			return rc;
		if (stage_shown(&tl->stages[i]))
			tl->shown[tl->n_shown++] = i;
	}
	tl->finished = true;
	return TFC_OK;
}

size_t tfc_timeline_n_stages(const tfc_timeline *tl) { return tl && tl->finished ? tl->n_shown : 0; }

const tfc_stage *tfc_timeline_get_stage(const tfc_timeline *tl, size_t index)
{
	if (!tl || !tl->finished || index >= tl->n_shown)
		return NULL;
	return &tl->stages[tl->shown[index]].pub;
}
