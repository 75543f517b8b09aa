/* test_timeline.c — pairing events into operations, statuses, measured vs
 * reported durations, lower bounds, merging channels, planned operations,
 * stage commands and Helm phases; events are fed straight to the timeline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "testutil.h"
#include "timeline_internal.h"

typedef struct fixture {
	tfc_timeline *tl;
	size_t stage;
	const char *src;
	uint64_t line;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->tl = tfc_timeline_new(NULL);
	f->stage = tfc_timeline_stage(f->tl, "s");
	f->src = tl_add_source(f->tl, f->stage, "s.log");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	tfc_timeline_free(f->tl);
	free(f);
	return 0;
}

static ev mk(fixture *f, ev_kind kind, ev_channel ch, const char *addr, tfc_action action, double seconds, double t)
{
	ev e;
	ev_init(&e, kind);
	e.channel = ch;
	e.address = addr ? sv_cstr(addr) : SV_NULL;
	e.action = action;
	e.seconds = seconds;
	e.time = t;
	e.time_dated = true;
	e.time_from = ch == EV_CH_TF_LOG ? TFC_TIMES_TF_LOG : TFC_TIMES_PREFIX;
	e.line = ++f->line;
	return e;
}

static void put(fixture *f, ev e) { assert_int_equal(tl_apply(f->tl, f->stage, f->src, &e), TFC_OK); }

static const tfc_stage *done(fixture *f)
{
	assert_int_equal(tfc_timeline_finish(f->tl), TFC_OK);
	return tfc_timeline_get_stage(f->tl, f->stage);
}

static void test_start_complete_measured(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "aws_instance.a", TFC_ACTION_CREATE, NAN, 1000.25));
	put(f, mk(f, EV_OP_PROGRESS, EV_CH_PLAIN, "aws_instance.a", TFC_ACTION_CREATE, 10, 1010.3));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "aws_instance.a", TFC_ACTION_CREATE, 12, 1012.75));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 1);
	const tfc_op *op = &st->ops[0];
	assert_int_equal(op->status, TFC_STATUS_COMPLETE);
	assert_float_equal(op->reported_s, 12, 1e-9);
	assert_float_equal(op->duration_s, 12.5, 1e-9);
	assert_true(isnan(op->elapsed_min_s));
	assert_true(op->times_from & TFC_TIMES_REPORTED);
	assert_true(op->times_from & TFC_TIMES_PREFIX);
	assert_float_equal(st->wall_s, 12.5, 1e-9);
	assert_int_equal(st->command, TFC_COMMAND_APPLY);
}

static void test_replace_is_two_operations(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "x.p6", TFC_ACTION_DELETE, NAN, NAN));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "x.p6", TFC_ACTION_DELETE, 0, NAN));
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "x.p6", TFC_ACTION_CREATE, NAN, NAN));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "x.p6", TFC_ACTION_CREATE, 3, NAN));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 2);
	assert_int_equal(st->ops[0].action, TFC_ACTION_DELETE);
	assert_int_equal(st->ops[1].action, TFC_ACTION_CREATE);
	assert_float_equal(st->ops[1].duration_s, 3, 1e-9); /* no timestamps: Terraform's figure */
	/* the order of starts and ends schedules logs without timestamps */
	assert_int_equal(st->ops[0].start_order, 1);
	assert_int_equal(st->ops[0].end_order, 2);
	assert_int_equal(st->ops[1].start_order, 3);
	assert_int_equal(st->ops[1].end_order, 4);
	assert_true(isnan(st->wall_s));
}

static void test_same_key_twice_is_two_runs(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 2; i++) {
		put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "null_resource.a", TFC_ACTION_CREATE, NAN, NAN));
		put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "null_resource.a", TFC_ACTION_CREATE, i + 1, NAN));
	}
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 2);
	assert_float_equal(st->ops[1].reported_s, 2, 1e-9);
}

/* Events carrying a key tag (the heartbeat memo's) find their operation by
 * it: the same operations, heartbeats and runs as without. */
static void test_key_tags_find_the_same_operations(void **state)
{
	fixture *f = *state;
	for (int run = 0; run < 2; run++) {
		for (int k = 0; k < 300; k++) { /* more keys than the caches hold */
			char addr[32];
			snprintf(addr, sizeof addr, "null_resource.a[%d]", k);
			put(f, mk(f, EV_OP_START, EV_CH_PLAIN, addr, TFC_ACTION_CREATE, NAN, NAN));
			for (int b = 1; b <= 3; b++) {
				ev e = mk(f, EV_OP_PROGRESS, EV_CH_PLAIN, addr, TFC_ACTION_CREATE, 10.0 * b + run, NAN);
				e.key_tag = 1000 + (uint64_t)k;
				put(f, e);
			}
		}
		for (int k = 0; k < 300; k++) {
			char addr[32];
			snprintf(addr, sizeof addr, "null_resource.a[%d]", k);
			ev e = mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, addr, TFC_ACTION_CREATE, 40 + run, NAN);
			e.key_tag = 1000 + (uint64_t)k;
			put(f, e);
		}
	}
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 600);
	for (size_t i = 0; i < st->n_ops; i++) {
		int run = i >= 300;
		assert_int_equal(st->ops[i].status, TFC_STATUS_COMPLETE);
		assert_float_equal(st->ops[i].reported_s, 40 + run, 1e-9);
	}
}

static void test_deposed_012_completion_without_key(void **state)
{
	fixture *f = *state;
	ev e = mk(f, EV_OP_START, EV_CH_PLAIN, "aws_instance.foo", TFC_ACTION_DELETE, NAN, NAN);
	e.deposed = sv_cstr("1a2b3c4d");
	put(f, e);
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "aws_instance.foo", TFC_ACTION_DELETE, 2, NAN));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 1);
	assert_string_equal(st->ops[0].deposed, "1a2b3c4d");
	assert_int_equal(st->ops[0].status, TFC_STATUS_COMPLETE);
}

static void test_failed_by_diagnostic_with_lower_bound(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "helm_release.x", TFC_ACTION_CREATE, NAN, 100));
	put(f, mk(f, EV_OP_PROGRESS, EV_CH_PLAIN, "helm_release.x", TFC_ACTION_CREATE, 1440, 1540));
	ev d = mk(f, EV_DIAGNOSTIC, EV_CH_PLAIN, "helm_release.x", 0, NAN, 1600);
	d.severity = EV_SEV_ERROR;
	d.text = sv_cstr("context deadline exceeded");
	put(f, d);
	ev w = mk(f, EV_DIAGNOSTIC, EV_CH_PLAIN, "helm_release.y", 0, NAN, NAN);
	w.severity = EV_SEV_WARNING;
	w.text = sv_cstr("deprecated");
	put(f, w);
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 1); /* a warning creates nothing and fails nothing */
	const tfc_op *op = &st->ops[0];
	assert_int_equal(op->status, TFC_STATUS_FAILED);
	assert_string_equal(op->error, "context deadline exceeded");
	assert_float_equal(op->elapsed_min_s, 1500, 1e-9); /* start → error beats the heartbeat */
}

static void test_unfinished_until_log_end(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "a.b", TFC_ACTION_CREATE, NAN, 10));
	put(f, mk(f, EV_OP_PROGRESS, EV_CH_PLAIN, "a.b", TFC_ACTION_CREATE, 20, 30));
	put(f, mk(f, EV_TIME, EV_CH_PLAIN, NULL, 0, NAN, 45));
	const tfc_stage *st = done(f);
	assert_int_equal(st->ops[0].status, TFC_STATUS_UNFINISHED);
	assert_float_equal(st->ops[0].elapsed_min_s, 35, 1e-9);
	assert_true(isnan(st->ops[0].duration_s));
}

static void test_completion_without_start_counts(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "a.b", TFC_ACTION_CREATE, 5, NAN));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 1);
	assert_int_equal(st->ops[0].status, TFC_STATUS_COMPLETE);
	assert_float_equal(st->ops[0].duration_s, 5, 1e-9);
}

static void test_tflog_merges_into_ui_operation(void **state)
{
	fixture *f = *state;
	/* UI without timestamps, then the TF_LOG file of the same run. */
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "a.b", TFC_ACTION_CREATE, NAN, NAN));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "a.b", TFC_ACTION_CREATE, 2, NAN));
	put(f, mk(f, EV_OP_START, EV_CH_TF_LOG, "a.b", TFC_ACTION_CREATE, NAN, 500.0));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_TF_LOG, "a.b", TFC_ACTION_CREATE, NAN, 501.6));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 1);
	assert_float_equal(st->ops[0].duration_s, 1.6, 1e-9);
	assert_float_equal(st->ops[0].reported_s, 2, 1e-9);
	assert_true(st->ops[0].times_from & TFC_TIMES_TF_LOG);
}

static void test_planned_kept_only_when_never_started(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_PLANNED, EV_CH_PLAIN, "a.started", TFC_ACTION_CREATE, NAN, NAN));
	put(f, mk(f, EV_OP_PLANNED, EV_CH_PLAIN, "a.never", TFC_ACTION_UPDATE, NAN, NAN));
	put(f, mk(f, EV_OP_PLANNED, EV_CH_PLAIN, "a.cbd", TFC_ACTION_DELETE, NAN, NAN));
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "a.started", TFC_ACTION_CREATE, NAN, NAN));
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "a.cbd", TFC_ACTION_CREATE, NAN, NAN));
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 3);
	const tfc_op *never = tu_find_op(st, "a.never", TFC_ACTION_UPDATE);
	assert_non_null(never);
	assert_int_equal(never->status, TFC_STATUS_PLANNED);
	assert_null(tu_find_op(st, "a.cbd", TFC_ACTION_DELETE)); /* its address ran */
	assert_int_equal(tu_find_op(st, "a.started", TFC_ACTION_CREATE)->status, TFC_STATUS_UNFINISHED);
}

static void test_destroy_detected_from_actions(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "a.b", TFC_ACTION_DELETE, NAN, NAN));
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "a.b", TFC_ACTION_DELETE, 1, NAN));
	assert_int_equal(done(f)->command, TFC_COMMAND_DESTROY);
}

static void test_units_separate_operations(void **state)
{
	fixture *f = *state;
	const char *units[] = {"unit1", "unit2"};
	for (int i = 0; i < 2; i++) {
		ev e = mk(f, EV_OP_START, EV_CH_PLAIN, "null_resource.empty", TFC_ACTION_CREATE, NAN, NAN);
		e.unit = sv_cstr(units[i]);
		put(f, e);
	}
	ev c = mk(f, EV_OP_COMPLETE, EV_CH_PLAIN, "null_resource.empty", TFC_ACTION_CREATE, 1, NAN);
	c.unit = sv_cstr("unit2");
	put(f, c);
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_ops, 2);
	assert_int_equal(st->ops[0].status, TFC_STATUS_UNFINISHED);
	assert_string_equal(st->ops[1].unit, "unit2");
	assert_int_equal(st->ops[1].status, TFC_STATUS_COMPLETE);
}

static void test_address_parts(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "module.a[\"k\"].data.aws_ami.x[\"q\\\"z\"]", TFC_ACTION_READ, NAN, NAN));
	const tfc_stage *st = done(f);
	const tfc_op *op = &st->ops[0];
	assert_string_equal(op->module, "module.a[\"k\"]");
	assert_string_equal(op->type, "aws_ami");
	assert_string_equal(op->name, "x");
	assert_string_equal(op->key, "q\"z");
	assert_true(op->key_is_string);
	assert_int_equal(op->mode, TFC_MODE_DATA);
}

static void test_helm_phases_single_release(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_TF_LOG, "module.j.helm_release.jupyterhub", TFC_ACTION_CREATE, NAN, 100));
	struct {
		ev_helm_phase ph;
		const char *rel;
		double t;
	} steps[] = {
		{EV_HELM_STARTED, "jupyterhub", 100.5}, {EV_HELM_INSTALLING, "jupyterhub", 104},
		{EV_HELM_CREATING, NULL, 105},          {EV_HELM_WAIT_BEGIN, NULL, 115},
		{EV_HELM_WAITING, NULL, 200},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ev e = mk(f, EV_HELM, EV_CH_TF_LOG, NULL, 0, NAN, steps[i].t);
		e.helm_phase = steps[i].ph;
		e.text = steps[i].rel ? sv_cstr(steps[i].rel) : SV_NULL;
		put(f, e);
	}
	put(f, mk(f, EV_OP_COMPLETE, EV_CH_TF_LOG, "module.j.helm_release.jupyterhub", TFC_ACTION_CREATE, NAN, 215));
	const tfc_stage *st = done(f);
	const tfc_helm *h = st->ops[0].helm;
	assert_non_null(h);
	assert_string_equal(h->release, "jupyterhub");
	assert_float_equal(h->prepare_s, 3.5, 1e-9);
	assert_float_equal(h->install_s, 10, 1e-9);
	assert_float_equal(h->wait_s, 100, 1e-9);
	assert_false(h->ambiguous);
}

static void test_helm_overlap_is_ambiguous(void **state)
{
	fixture *f = *state;
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "helm_release.a", TFC_ACTION_CREATE, NAN, 100));
	put(f, mk(f, EV_OP_START, EV_CH_PLAIN, "helm_release.b", TFC_ACTION_CREATE, NAN, 101));
	ev e = mk(f, EV_HELM, EV_CH_TF_LOG, NULL, 0, NAN, 110);
	e.helm_phase = EV_HELM_WAIT_BEGIN;
	put(f, e);
	const tfc_stage *st = done(f);
	for (size_t i = 0; i < 2; i++) {
		assert_non_null(st->ops[i].helm);
		assert_true(st->ops[i].helm->ambiguous);
		assert_non_null(st->ops[i].helm->note);
		assert_true(isnan(st->ops[i].helm->wait_s));
	}
}

static void test_stage_level_error_and_warning_cap(void **state)
{
	fixture *f = *state;
	ev d = mk(f, EV_DIAGNOSTIC, EV_CH_PLAIN, NULL, 0, NAN, NAN);
	d.severity = EV_SEV_ERROR;
	d.text = sv_cstr("Invalid provider configuration");
	put(f, d);
	for (int i = 0; i < 150; i++)
		tl_warn(f->tl, f->stage, f->src, (uint64_t)i + 1, "bad line %d", i);
	const tfc_stage *st = done(f);
	assert_int_equal(st->n_errors, 1);
	assert_string_equal(st->errors[0], "Invalid provider configuration");
	assert_int_equal(st->n_warnings, 100);
	assert_int_equal(st->n_warnings_total, 150);
	assert_int_equal(st->warnings[3].line, 4);
}

static void test_unit_summaries_add_up(void **state)
{
	fixture *f = *state;
	const char *units[] = {"unit1", "unit2"};
	for (int i = 0; i < 2; i++) {
		ev e = mk(f, EV_SUMMARY, EV_CH_PLAIN, NULL, 0, NAN, NAN);
		e.summary_kind = EV_SUMMARY_APPLY;
		e.unit = sv_cstr(units[i]);
		e.added = 2 + i;
		e.destroyed = 1;
		put(f, e);
	}
	const tfc_stage *st = done(f);
	assert_true(st->has_summary);
	assert_int_equal(st->added, 5);
	assert_int_equal(st->destroyed, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_complete_measured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_is_two_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_key_twice_is_two_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deposed_012_completion_without_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_by_diagnostic_with_lower_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unfinished_until_log_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion_without_start_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tflog_merges_into_ui_operation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planned_kept_only_when_never_started, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_detected_from_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_separate_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helm_phases_single_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helm_overlap_is_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_level_error_and_warning_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_summaries_add_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_tags_find_the_same_operations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
