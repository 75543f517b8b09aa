/* test_tflog_ops.c — operation boundaries from core TF_LOG lines (TRACE,
 * DEBUG-only, 0.12-style, OpenTofu), errors and their echoes, plan-time
 * data source failures, and provider call attribution. */
#include "detect.h"
#include "evrec.h"
#include "tflog.h"
#include "tflog_fixture.h"

#define T0 1704418088.0 /* 2024-01-05T01:28:08Z */

static void test_trace_create(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_instance.a\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.010Z [INFO]  Starting apply for aws_instance.a");
	feed(f, "2024-01-05T01:28:08.020Z [DEBUG] aws_instance.a: applying the planned Create change");
	feed(f, "2024-01-05T01:28:08.030Z [TRACE] GRPCProvider: ApplyResourceChange");
	feed(f, "2024-01-05T01:28:20.500Z [TRACE] provider.terraform-provider-aws_v5.31.0_x5: Received downstream response: "
		"@caller=github.com/x tf_rpc=ApplyResourceChange diagnostic_warning_count=0 tf_req_duration_ms=12470 "
		"tf_resource_type=aws_instance @module=sdk.proto tf_proto_version=5.4 timestamp=2024-01-05T01:28:20.500Z");
	feed(f, "2024-01-05T01:28:20.600Z [TRACE] vertex \"aws_instance.a\": visit complete");
	assert_int_equal(tflog_finish(f->tp), TFC_OK);

	assert_int_equal(evrec_count(&f->rec, EV_OP_START), 1);
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_sv(e->address, "aws_instance.a");
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	assert_int_equal(e->channel, EV_CH_TF_LOG);
	assert_dbl(e->time, T0, 1e-6); /* from the vertex line, the earliest sign */
	assert_int_equal(e->time_from, TFC_TIMES_TF_LOG);
	assert_true(e->time_dated);
	assert_int_equal(e->line, 3);

	e = evrec_nth(&f->rec, EV_OP_PROVIDER_CALL, 0);
	assert_non_null(e);
	assert_dbl(e->seconds, 12.47, 1e-9);
	assert_sv(e->address, "aws_instance.a");
	assert_sv(e->text, "aws_instance");
	assert_int_equal(e->action, TFC_ACTION_CREATE);

	assert_int_equal(evrec_count(&f->rec, EV_OP_COMPLETE), 1);
	e = evrec_nth(&f->rec, EV_OP_COMPLETE, 0);
	assert_sv(e->address, "aws_instance.a");
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	assert_true(isnan(e->seconds));
	assert_dbl(e->time, T0 + 12.6, 1e-6);
	assert_int_equal(evrec_count(&f->rec, EV_OP_ERRORED), 0);
}

static void test_destroy_and_deposed(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_instance.a (destroy)\": starting visit (*terraform.NodeDestroyResourceInstance)");
	feed(f, "2024-01-05T01:28:08.100Z [INFO]  Starting apply for aws_instance.a");
	feed(f, "2024-01-05T01:28:08.200Z [DEBUG] aws_instance.a: applying the planned Delete change");
	feed(f, "2024-01-05T01:28:09.000Z [TRACE] vertex \"aws_instance.a (destroy)\": visit complete");
	feed(f, "2024-01-05T01:28:10.000Z [TRACE] vertex \"aws_instance.b (deposed 1a2b3c4d)\": starting visit (*terraform.NodeDestroyDeposedResourceInstanceObject)");
	feed(f, "2024-01-05T01:28:10.100Z [DEBUG] aws_instance.b: applying the planned Delete change");
	feed(f, "2024-01-05T01:28:11.000Z [TRACE] vertex \"aws_instance.b (deposed 1a2b3c4d)\": visit complete");
	assert_int_equal(evrec_count(&f->rec, EV_OP_START), 2);
	assert_int_equal(evrec_count(&f->rec, EV_OP_COMPLETE), 2);
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_int_equal(e->action, TFC_ACTION_DELETE);
	assert_sv(e->deposed, NULL);
	assert_dbl(e->time, T0, 1e-6);
	e = evrec_nth(&f->rec, EV_OP_COMPLETE, 0);
	assert_sv(e->address, "aws_instance.a");
	assert_dbl(e->time, T0 + 1, 1e-6);
	e = evrec_nth(&f->rec, EV_OP_START, 1);
	assert_sv(e->address, "aws_instance.b");
	assert_sv(e->deposed, "1a2b3c4d");
	e = evrec_nth(&f->rec, EV_OP_COMPLETE, 1);
	assert_sv(e->deposed, "1a2b3c4d");
	assert_int_equal(e->action, TFC_ACTION_DELETE);
}

static void test_replace_same_address(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"null_resource.r (destroy)\": starting visit (*terraform.NodeDestroyResourceInstance)");
	feed(f, "2024-01-05T01:28:08.001Z [DEBUG] null_resource.r: applying the planned Delete change");
	feed(f, "2024-01-05T01:28:08.002Z [TRACE] vertex \"null_resource.r (destroy)\": visit complete");
	feed(f, "2024-01-05T01:28:08.003Z [TRACE] vertex \"null_resource.r\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.004Z [DEBUG] null_resource.r: applying the planned Create change");
	feed(f, "2024-01-05T01:28:08.005Z [TRACE] vertex \"null_resource.r\": visit complete");
	assert_int_equal(evrec_count(&f->rec, EV_OP_START), 2);
	assert_int_equal(evrec_nth(&f->rec, EV_OP_START, 0)->action, TFC_ACTION_DELETE);
	assert_int_equal(evrec_nth(&f->rec, EV_OP_START, 1)->action, TFC_ACTION_CREATE);
	assert_int_equal(evrec_nth(&f->rec, EV_OP_COMPLETE, 0)->action, TFC_ACTION_DELETE);
	assert_int_equal(evrec_nth(&f->rec, EV_OP_COMPLETE, 1)->action, TFC_ACTION_CREATE);
}

static void test_failure_reported_once(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_s3_bucket.b\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.100Z [DEBUG] aws_s3_bucket.b: applying the planned Create change");
	feed(f, "2024-01-05T01:28:09.000Z [TRACE] maybeTainted: aws_s3_bucket.b encountered an error during creation, so it is now marked as tainted");
	feed(f, "2024-01-05T01:28:09.100Z [ERROR] vertex \"aws_s3_bucket.b\" error: creating S3 Bucket: BucketAlreadyExists");
	feed(f, "2024-01-05T01:28:09.100Z [ERROR] vertex \"aws_s3_bucket.b\" error: a second error");
	feed(f, "2024-01-05T01:28:09.200Z [TRACE] vertex \"aws_s3_bucket.b\": visit complete, with errors");
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	assert_int_equal(evrec_count(&f->rec, EV_OP_ERRORED), 1);
	assert_int_equal(evrec_count(&f->rec, EV_OP_COMPLETE), 0);
	assert_int_equal(evrec_count(&f->rec, EV_DIAGNOSTIC), 0);
	const ev *e = evrec_nth(&f->rec, EV_OP_ERRORED, 0);
	assert_sv(e->address, "aws_s3_bucket.b");
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	assert_sv(e->text, "creating S3 Bucket: BucketAlreadyExists");
	assert_dbl(e->time, T0 + 1.1, 1e-6);
}

static void test_with_errors_without_message(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] aws_s3_bucket.b: applying the planned Update change");
	feed(f, "2024-01-05T01:28:09.200Z [TRACE] vertex \"aws_s3_bucket.b\": visit complete, with errors");
	const ev *e = evrec_nth(&f->rec, EV_OP_ERRORED, 0);
	assert_non_null(e);
	assert_int_equal(e->action, TFC_ACTION_UPDATE);
	assert_sv(e->text, NULL);
}

static void test_tainted_in_cut_log(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] aws_s3_bucket.b: applying the planned Create change");
	feed(f, "2024-01-05T01:28:09.000Z [TRACE] maybeTainted: aws_s3_bucket.b encountered an error during creation, so it is now marked as tainted");
	assert_int_equal(evrec_count(&f->rec, EV_OP_ERRORED), 0);
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	const ev *e = evrec_nth(&f->rec, EV_OP_ERRORED, 0);
	assert_non_null(e);
	assert_dbl(e->time, T0 + 1, 1e-6);
	assert_int_equal(e->line, 2);
}

static void test_plan_time_data_source_error(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:09.124Z [ERROR] vertex \"data.linode_profile.me\" error: Unable to get profile");
	feed(f, "2024-01-05T01:28:09.124Z [ERROR] vertex \"data.linode_profile.me (expand)\" error: Unable to get profile");
	feed(f, "2024-01-05T01:28:09.200Z [ERROR] vertex \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\" error: configuring provider");
	feed(f, "2024-01-05T01:28:09.300Z [ERROR] vertex \"aws_vpc.v (expand)\" error: Invalid count argument");
	assert_int_equal(evrec_count(&f->rec, EV_OP_ERRORED), 1);
	const ev *e = evrec_nth(&f->rec, EV_OP_ERRORED, 0);
	assert_sv(e->address, "data.linode_profile.me");
	assert_int_equal(e->action, TFC_ACTION_READ);
	assert_sv(e->text, "Unable to get profile");
	assert_int_equal(evrec_count(&f->rec, EV_DIAGNOSTIC), 3);
	e = evrec_nth(&f->rec, EV_DIAGNOSTIC, 0);
	assert_sv(e->address, "data.linode_profile.me");
	assert_int_equal(e->severity, EV_SEV_ERROR);
	assert_sv(e->text, "Unable to get profile");
	e = evrec_nth(&f->rec, EV_DIAGNOSTIC, 1);
	assert_sv(e->address, NULL); /* provider configuration: a stage-level error */
	assert_sv(e->text, "configuring provider");
	e = evrec_nth(&f->rec, EV_DIAGNOSTIC, 2);
	assert_sv(e->address, "aws_vpc.v"); /* an (expand) error on its own is kept */
	assert_sv(e->text, "Invalid count argument");
}

static void test_debug_only_uses_starting_apply_time(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [INFO]  Starting apply for module.m[\"k\"].aws_iam_role.r[0]");
	feed(f, "2024-01-05T01:28:08.500Z [DEBUG] module.m[\"k\"].aws_iam_role.r[0]: applying the planned Update change");
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_non_null(e);
	assert_sv(e->address, "module.m[\"k\"].aws_iam_role.r[0]");
	assert_int_equal(e->action, TFC_ACTION_UPDATE);
	assert_dbl(e->time, T0, 1e-6);
	/* INFO alone (no action anywhere) starts nothing */
	feed(f, "2024-01-05T01:28:09.000Z [INFO]  Starting apply for aws_iam_role.x");
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	assert_int_equal(evrec_count(&f->rec, EV_OP_START), 1);
}

static void test_v012_applying_alone(void **state)
{
	fx *f = *state;
	feed(f, "2020-06-29T11:31:30.123-0700 [DEBUG] aws_instance.web: applying the planned Create change");
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_non_null(e);
	assert_dbl(e->time, 1593455490.123, 1e-6);
}

static void test_plan_nodes_ignored(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_instance.a\": starting visit (*terraform.NodePlannableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.100Z [TRACE] vertex \"aws_instance.a\": visit complete");
	feed(f, "2024-01-05T01:28:08.200Z [TRACE] vertex \"data.x.y\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.300Z [TRACE] vertex \"data.x.y\": visit complete");
	feed(f, "2024-01-05T01:28:08.400Z [TRACE] vertex \"module.m (expand)\": starting visit (*terraform.nodeExpandModule)");
	feed(f, "2024-01-05T01:28:08.500Z [TRACE] vertex \"module.m (expand)\": visit complete");
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] aws_instance.a: applying the planned NoOp change");
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	for (size_t i = 0; i < f->rec.n; i++)
		assert_int_equal(f->rec.v[i].e.kind, EV_TIME);
}

static void test_foreach_vertex_and_opentofu(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_x.y[\\\"a.b c\\\"]\": starting visit (*tofu.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.100Z [DEBUG] aws_x.y[\"a.b c\"]: applying the planned Create change");
	feed(f, "2024-01-05T01:28:09.000Z [TRACE] vertex \"aws_x.y[\\\"a.b c\\\"]\": visit complete");
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_non_null(e);
	assert_sv(e->address, "aws_x.y[\"a.b c\"]");
	assert_dbl(e->time, T0, 1e-6);
	e = evrec_nth(&f->rec, EV_OP_COMPLETE, 0);
	assert_non_null(e);
	assert_sv(e->address, "aws_x.y[\"a.b c\"]");
}

static void test_vertex_name_not_escaped(void **state)
{
	fx *f = *state;
	/* not how Terraform writes it (%q escapes the inner quotes), but seen in re-encoded logs */
	feed(f, "2024-01-05T01:28:08.000Z [TRACE] vertex \"aws_x.y[\"k\"]\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T01:28:08.100Z [DEBUG] aws_x.y[\"k\"]: applying the planned Create change");
	feed(f, "2024-01-05T01:28:09.000Z [TRACE] vertex \"aws_x.y[\"k\"]\": visit complete");
	feed(f, "2024-01-05T01:28:09.500Z [ERROR] vertex \"data.a.b[\"k\"]\" error: boom");
	const ev *e = evrec_nth(&f->rec, EV_OP_START, 0);
	assert_non_null(e);
	assert_dbl(e->time, T0, 1e-6);
	e = evrec_nth(&f->rec, EV_OP_COMPLETE, 0);
	assert_non_null(e);
	assert_sv(e->address, "aws_x.y[\"k\"]");
	e = evrec_nth(&f->rec, EV_DIAGNOSTIC, 0);
	assert_non_null(e);
	assert_sv(e->address, "data.a.b[\"k\"]");
	assert_sv(e->text, "boom");
}

static void test_provider_call_ambiguous(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] helm_release.a: applying the planned Create change");
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] helm_release.b: applying the planned Create change");
	feed(f, "2024-01-05T01:28:30.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
		"tf_resource_type=helm_release tf_rpc=ApplyResourceChange tf_req_duration_ms=22000");
	/* other RPCs and lines without a duration say nothing */
	feed(f, "2024-01-05T01:28:31.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
		"tf_resource_type=helm_release tf_rpc=PlanResourceChange tf_req_duration_ms=5");
	feed(f, "2024-01-05T01:28:32.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
		"tf_resource_type=helm_release tf_rpc=ApplyResourceChange");
	assert_int_equal(evrec_count(&f->rec, EV_OP_PROVIDER_CALL), 1);
	const ev *e = evrec_nth(&f->rec, EV_OP_PROVIDER_CALL, 0);
	assert_sv(e->address, NULL);
	assert_sv(e->text, "helm_release");
	assert_dbl(e->seconds, 22, 1e-9);
}

static void test_provider_call_json(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"debug\",\"@message\":\"null_resource.n: applying the planned Create change\","
		"\"@timestamp\":\"2024-01-05T01:28:08.000000Z\"}");
	feed(f, "{\"@level\":\"trace\",\"@message\":\"Received downstream response\",\"@module\":\"provider.terraform-provider-null_v3.2.2_x5\","
		"\"@timestamp\":\"2024-01-05T01:28:09.000000Z\",\"tf_req_duration_ms\":250,\"tf_resource_type\":\"null_resource\","
		"\"tf_rpc\":\"ApplyResourceChange\",\"diagnostic_error_count\":0}");
	const ev *e = evrec_nth(&f->rec, EV_OP_PROVIDER_CALL, 0);
	assert_non_null(e);
	assert_dbl(e->seconds, 0.25, 1e-9);
	assert_sv(e->address, "null_resource.n");
	assert_dbl(e->time, T0 + 1, 1e-6);
}

static void test_restart_in_appended_run(void **state)
{
	fx *f = *state;
	/* TF_LOG_PATH appends: a run that died, then the next one */
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] aws_instance.a: applying the planned Create change");
	feed(f, "2024-01-05T02:00:00.000Z [INFO]  Terraform version: 1.5.7");
	feed(f, "2024-01-05T02:00:10.000Z [TRACE] vertex \"aws_instance.a\": starting visit (*terraform.NodeApplyableResourceInstance)");
	feed(f, "2024-01-05T02:00:10.100Z [DEBUG] aws_instance.a: applying the planned Create change");
	feed(f, "2024-01-05T02:00:20.000Z [TRACE] vertex \"aws_instance.a\": visit complete");
	assert_int_equal(evrec_count(&f->rec, EV_OP_START), 2);
	assert_dbl(evrec_nth(&f->rec, EV_OP_START, 1)->time, T0 + 1922, 1e-6);
	assert_int_equal(evrec_count(&f->rec, EV_OP_COMPLETE), 1);
}

static void test_cli_args_command(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [INFO]  CLI args: []string{\"terraform\", \"-chdir=infra\", \"apply\", \"-auto-approve\"}");
	feed(f, "2024-01-05T01:28:08.000Z [INFO]  CLI args: []string{\"/usr/bin/tofu\", \"apply\", \"-destroy\"}");
	feed(f, "2020/01/16 18:13:48 [INFO] CLI args: []string{\"terraform\", \"plan\", \"-var=x=\\\"q\\\"\"}");
	feed(f, "2024-01-05T01:28:08.000Z [INFO]  CLI args: []string{\"terraform\", \"state\", \"list\"}");
	feed(f, "2024-01-05T01:28:08.000Z [INFO]  CLI args: []string{\"terraform\"}");
	assert_int_equal(evrec_count(&f->rec, EV_COMMAND), 4);
	assert_int_equal(evrec_nth(&f->rec, EV_COMMAND, 0)->command, TFC_COMMAND_APPLY);
	assert_int_equal(evrec_nth(&f->rec, EV_COMMAND, 1)->command, TFC_COMMAND_DESTROY);
	assert_int_equal(evrec_nth(&f->rec, EV_COMMAND, 2)->command, TFC_COMMAND_PLAN);
	assert_int_equal(evrec_nth(&f->rec, EV_COMMAND, 3)->command, TFC_COMMAND_OTHER);
	assert_int_equal(evrec_nth(&f->rec, EV_COMMAND, 0)->channel, EV_CH_TF_LOG);
}

/* The real TF_LOG=DEBUG of a failed plan in the shared corpus (case 10):
 * read from there, never copied. No operation completes; the two data
 * sources whose reads fail are failed reads; the stage spans the log. */
static void test_corpus_case_10(void **state)
{
	const char *path = tu_corpus_path("real/10_tflog_debug_tf157_helm2121_plan_error.log");
	size_t len = 0;
	char *buf = path ? tu_read_file(path, &len) : NULL;
	if (!buf)
		skip();
	tfc_timeline *tl = tu_parse_buffer(buf, len, "case10", "tf.log", FEED_RANDOM, 10);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_int_equal(st->n_ops, 2);
	for (size_t i = 0; i < st->n_ops; i++) {
		assert_int_equal(st->ops[i].status, TFC_STATUS_FAILED);
		assert_int_equal(st->ops[i].action, TFC_ACTION_READ);
	}
	const tfc_op *op = tu_find_op(st, "data.linode_profile.me", TFC_ACTION_READ);
	assert_non_null(op);
	assert_string_equal(op->error, "Unable to get profile");
	op = tu_find_op(st, "data.linode_lke_cluster.lke_cluster", TFC_ACTION_READ);
	assert_non_null(op);
	assert_string_equal(op->error, "failed to get LKE cluster 149239: [401] Invalid Token");
	assert_dbl(st->started_at, 1704418088.532, 1e-6);
	assert_dbl(st->ended_at, 1704418089.183, 1e-6);
	assert_int_equal(st->n_warnings_total, 0);
	tfc_timeline_free(tl);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trace_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_and_deposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_same_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_reported_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_with_errors_without_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tainted_in_cut_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_time_data_source_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debug_only_uses_starting_apply_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v012_applying_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_nodes_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach_vertex_and_opentofu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vertex_name_not_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_call_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_call_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_in_appended_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_args_command, setup, teardown),
		cmocka_unit_test(test_corpus_case_10),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
