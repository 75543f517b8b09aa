/* timeline_helm.c — Helm release phases on helm_release operations, from the
 * helm provider's debug lines (EV_HELM). Lines that name a release bind it to
 * an operation; Helm library lines name no release, so they count only when
 * exactly one release is in flight — otherwise the phases are marked
 * ambiguous instead of guessed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline_impl.h"

static bool is_open_helm(const op_rec *op)
{
	return op->state == OP_OPEN && strcmp(op->pub.type, "helm_release") == 0;
}

static helm_track *track(op_rec *op)
{
	if (!op->helm) {
		op->helm = calloc(1, sizeof *op->helm);
		if (!op->helm)
			return NULL;
		helm_track *h = op->helm;
		h->t_started = h->t_installing = h->t_creating = NAN;
		h->t_wait_begin = h->t_last_wait = h->t_error = NAN;
	}
	return op->helm;
}

static bool release_is(const op_rec *op, sv name)
{
	return op->helm && op->helm->release && strlen(op->helm->release) == name.n &&
	       memcmp(op->helm->release, name.p, name.n) == 0;
}

/* The in-flight helm_release operation a release name belongs to. */
static op_rec *bind_release(tfc_timeline *tl, stage_rec *st, sv name)
{
	op_rec *unbound = NULL, *by_name = NULL;
	size_t n_unbound = 0;
	for (size_t i = st->n_ops; i-- > 0;) {
		op_rec *op = &st->ops[i];
		if (!is_open_helm(op))
			continue;
		if (release_is(op, name))
			return op;
		if (op->helm && op->helm->release)
			continue;
		n_unbound++;
		unbound = op; /* walking backwards: ends on the earliest started */
		if (strlen(op->pub.name) == name.n && memcmp(op->pub.name, name.p, name.n) == 0)
			by_name = op;
	}
	op_rec *op = by_name ? by_name : unbound;
	if (!op || !track(op))
		return NULL;
	op->helm->release = arena_strdup_sv(&tl->strings, name);
	if (!by_name && n_unbound > 1)
		op->helm->note = "several releases started together: bound to this operation by start order";
	return op;
}

tfc_rc helm_apply(tfc_timeline *tl, stage_rec *st, const ev *e)
{
	op_rec *op = NULL;
	if (e->text.n) {
		op = bind_release(tl, st, e->text);
	} else {
		size_t n = 0;
		for (size_t i = 0; i < st->n_ops; i++)
			if (is_open_helm(&st->ops[i])) {
				n++;
				op = &st->ops[i];
			}
		if (n > 1) {
			for (size_t i = 0; i < st->n_ops; i++) {
				op_rec *o = &st->ops[i];
				if (is_open_helm(o) && track(o)) {
					o->helm->ambiguous = true;
					o->helm->note = "Helm library lines of overlapping releases cannot be told apart: "
							"install and wait phases not attributed";
				}
			}
			return TFC_OK;
		}
	}
	if (!op || !track(op))
		return TFC_OK;
	helm_track *h = op->helm;
	double t = e->time;
	switch (e->helm_phase) {
	case EV_HELM_STARTED:
		if (isnan(h->t_started))
			h->t_started = t;
		break;
	case EV_HELM_INSTALLING:
		if (isnan(h->t_installing))
			h->t_installing = t;
		break;
	case EV_HELM_CREATING:
		if (isnan(h->t_creating))
			h->t_creating = t;
		break;
	case EV_HELM_WAIT_BEGIN:
		if (isnan(h->t_wait_begin))
			h->t_wait_begin = t;
		break;
	case EV_HELM_WAITING:
		h->t_last_wait = t;
		break;
	case EV_HELM_ERROR:
		h->t_error = t;
		break;
	}
	return TFC_OK;
}
