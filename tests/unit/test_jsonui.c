/* test_jsonui.c — -json UI lines (Terraform and OpenTofu, formats.md §2) to
 * events, field by field; lines written here from the documented shapes. */
#include "evrec.h"
#include "jsonui.h"

typedef struct fx {
	evrec rec;
	jsonui_parser *jp;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	evrec_init(&f->rec);
	f->jp = jsonui_new(evrec_sink, &f->rec);
	assert_non_null(f->jp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	jsonui_free(f->jp);
	evrec_free(&f->rec);
	free(f);
	return 0;
}

static void feed(fx *f, const char *text, uint64_t lineno)
{
	line ln = evrec_line(text);
	assert_int_equal(jsonui_line(f->jp, &ln, lineno, evrec_problem), TFC_OK);
}

#define RES(addr) "\"resource\":{\"addr\":\"" addr "\",\"module\":\"\",\"resource\":\"" addr "\",\"implied_provider\":\"null\"," \
		  "\"resource_type\":\"null_resource\",\"resource_name\":\"foo\",\"resource_key\":null}"

static void test_version_terraform_and_tofu(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"info\",\"@message\":\"Terraform 1.9.8\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2025-05-10T03:27:55.664347Z\",\"terraform\":\"1.9.8\",\"type\":\"version\",\"ui\":\"1.2\"}", 1);
	feed(f, "{\"@level\":\"info\",\"@message\":\"OpenTofu 1.8.3\",\"@module\":\"tofu.ui\","
		"\"@timestamp\":\"2025-05-10T03:27:55.664347Z\",\"tofu\":\"1.8.3\",\"type\":\"version\",\"ui\":\"1.2\"}", 2);
	assert_int_equal(f->rec.n, 2);
	const ev *e = &f->rec.v[0].e;
	assert_int_equal(e->kind, EV_VERSION);
	assert_int_equal(e->channel, EV_CH_JSON_UI);
	assert_sv(e->text, "terraform");
	assert_sv(e->detail, "1.9.8");
	assert_dbl(e->time, 1746847675.664347, 1e-6);
	assert_int_equal(e->time_from, TFC_TIMES_JSON_UI);
	assert_true(e->time_dated);
	assert_int_equal(e->line, 1);
	e = &f->rec.v[1].e;
	assert_sv(e->text, "opentofu");
	assert_sv(e->detail, "1.8.3");
}

static void test_apply_hooks(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"info\",\"@message\":\"null_resource.foo: Destroying... [id=538]\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:13:14.725584-05:00\",\"hook\":{" RES("null_resource.foo") ","
		"\"action\":\"delete\",\"id_key\":\"id\",\"id_value\":\"538\"},\"type\":\"apply_start\"}", 10);
	feed(f, "{\"@level\":\"info\",\"@message\":\"null_resource.foo: Still destroying... [id=538, 10s elapsed]\","
		"\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:24.725584-05:00\",\"hook\":{" RES("null_resource.foo") ","
		"\"action\":\"delete\",\"elapsed_seconds\":10},\"type\":\"apply_progress\"}", 11);
	feed(f, "{\"@level\":\"info\",\"@message\":\"null_resource.foo: Destruction complete after 12s\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:13:26.725584-05:00\",\"hook\":{" RES("null_resource.foo") ","
		"\"action\":\"delete\",\"elapsed_seconds\":12},\"type\":\"apply_complete\"}", 12);
	feed(f, "{\"@level\":\"info\",\"@message\":\"null_resource.foo: Creation complete after 0s [id=77]\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:13:27Z\",\"hook\":{" RES("null_resource.foo") ",\"action\":\"create\","
		"\"id_key\":\"id\",\"id_value\":\"77\",\"elapsed_seconds\":0},\"type\":\"apply_complete\"}", 13);
	feed(f, "{\"@level\":\"info\",\"@message\":\"null_resource.foo: Creation errored after 3s\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:13:30Z\",\"hook\":{" RES("null_resource.foo") ",\"action\":\"create\","
		"\"elapsed_seconds\":3},\"type\":\"apply_errored\"}", 14);
	assert_int_equal(f->rec.n, 5);

	const ev *e = &f->rec.v[0].e;
	assert_int_equal(e->kind, EV_OP_START);
	assert_int_equal(e->action, TFC_ACTION_DELETE);
	assert_sv(e->address, "null_resource.foo");
	assert_sv(e->id, "538");
	assert_true(isnan(e->seconds));
	assert_dbl(e->time, 1676560394.725584, 1e-6);
	assert_sv(e->deposed, NULL);
	assert_int_equal(e->line, 10);

	e = &f->rec.v[1].e;
	assert_int_equal(e->kind, EV_OP_PROGRESS);
	assert_dbl(e->seconds, 10, 0);
	assert_sv(e->id, NULL);

	e = &f->rec.v[2].e;
	assert_int_equal(e->kind, EV_OP_COMPLETE);
	assert_int_equal(e->action, TFC_ACTION_DELETE);
	assert_dbl(e->seconds, 12, 0);
	assert_sv(e->id, NULL);

	e = &f->rec.v[3].e;
	assert_int_equal(e->kind, EV_OP_COMPLETE);
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	assert_sv(e->id, "77");
	assert_dbl(e->seconds, 0, 0);

	e = &f->rec.v[4].e;
	assert_int_equal(e->kind, EV_OP_ERRORED);
	assert_dbl(e->seconds, 3, 0);
	assert_sv(e->text, NULL); /* the diagnostic that follows says why */
}

static void test_read_and_unknown_actions(void **state)
{
	fx *f = *state;
	feed(f, "{\"@message\":\"data.x.y: Refreshing...\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:27Z\","
		"\"hook\":{\"resource\":{\"addr\":\"data.x.y\"},\"action\":\"read\"},\"type\":\"apply_start\"}", 1);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:27Z\","
		"\"hook\":{\"resource\":{\"addr\":\"a.b\"},\"action\":\"noop\"},\"type\":\"apply_start\"}", 2);
	assert_int_equal(f->rec.n, 2);
	assert_int_equal(f->rec.v[0].e.kind, EV_OP_START);
	assert_int_equal(f->rec.v[0].e.action, TFC_ACTION_READ);
	assert_int_equal(f->rec.v[1].e.kind, EV_TIME);
}

static void test_foreach_address_escaped(void **state)
{
	fx *f = *state;
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:27Z\",\"hook\":{\"resource\":{"
		"\"addr\":\"module.m[\\\"a b\\\"].aws_x.y[\\\"k\\\\\\\"q\\\"]\",\"resource_key\":\"k\\\"q\"},"
		"\"action\":\"create\"},\"type\":\"apply_start\"}", 1);
	assert_int_equal(f->rec.n, 1);
	assert_sv(f->rec.v[0].e.address, "module.m[\"a b\"].aws_x.y[\"k\\\"q\"]");
}

static void test_resource_key_types(void **state)
{
	fx *f = *state;
	static const char *const keys[] = {"null", "4", "\"friend\"", "{\"x\":1}", "[1]", "true"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char json[512];
		snprintf(json, sizeof json,
			 "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:27Z\",\"hook\":{\"resource\":{"
			 "\"addr\":\"a.b\",\"resource_key\":%s},\"action\":\"update\",\"elapsed_seconds\":1},\"type\":\"apply_progress\"}",
			 keys[i]);
		feed(f, json, i + 1);
	}
	assert_int_equal(evrec_count(&f->rec, EV_OP_PROGRESS), 6);
	assert_int_equal(f->rec.problems, 0);
}

static void test_planned_changes(void **state)
{
	fx *f = *state;
	feed(f, "{\"@message\":\"a.r: Plan to replace\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:27Z\","
		"\"change\":{\"resource\":{\"addr\":\"a.r\"},\"action\":\"replace\",\"reason\":\"tainted\"},\"type\":\"planned_change\"}", 1);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:28Z\","
		"\"change\":{\"resource\":{\"addr\":\"a.c\"},\"action\":\"create\"},\"type\":\"planned_change\"}", 2);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:29Z\","
		"\"change\":{\"resource\":{\"addr\":\"a.n\"},\"action\":\"noop\"},\"type\":\"planned_change\"}", 3);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:30Z\","
		"\"change\":{\"resource\":{\"addr\":\"a.m\"},\"previous_resource\":{\"addr\":\"a.old\"},\"action\":\"move\"},"
		"\"type\":\"planned_change\"}", 4);
	feed(f, "{\"@module\":\"tofu.ui\",\"@timestamp\":\"2023-02-16T10:13:31Z\","
		"\"change\":{\"resource\":{\"addr\":\"a.f\"},\"action\":\"remove\"},\"type\":\"planned_change\"}", 5);
	assert_int_equal(evrec_count(&f->rec, EV_OP_PLANNED), 3);
	const ev *e = evrec_nth(&f->rec, EV_OP_PLANNED, 0);
	assert_sv(e->address, "a.r");
	assert_int_equal(e->action, TFC_ACTION_DELETE);
	e = evrec_nth(&f->rec, EV_OP_PLANNED, 1);
	assert_sv(e->address, "a.r");
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	e = evrec_nth(&f->rec, EV_OP_PLANNED, 2);
	assert_sv(e->address, "a.c");
	assert_int_equal(e->action, TFC_ACTION_CREATE);
	assert_int_equal(evrec_count(&f->rec, EV_TIME), 3);
}

static void test_change_summary(void **state)
{
	fx *f = *state;
	feed(f, "{\"@message\":\"Apply complete! Resources: 2 imported, 1 added, 3 changed, 4 destroyed.\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:15:39Z\",\"changes\":{\"add\":1,\"change\":3,\"import\":2,\"remove\":4,"
		"\"operation\":\"apply\"},\"type\":\"change_summary\"}", 1);
	feed(f, "{\"@message\":\"Destroy complete! Resources: 5 destroyed.\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:15:39Z\",\"changes\":{\"add\":0,\"change\":0,\"remove\":5,\"operation\":\"destroy\"},"
		"\"type\":\"change_summary\"}", 2);
	feed(f, "{\"@message\":\"Plan: 1 to add, 0 to change, 0 to destroy, 2 to forget.\",\"@module\":\"tofu.ui\","
		"\"@timestamp\":\"2023-02-16T10:15:39Z\",\"changes\":{\"add\":1,\"change\":0,\"import\":0,\"remove\":0,\"forget\":2,"
		"\"operation\":\"plan\"},\"type\":\"change_summary\"}", 3);
	/* ui 0.1.0 era: no operation key, the message says it */
	feed(f, "{\"@message\":\"Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2021-06-01T00:00:00Z\",\"changes\":{\"add\":1,\"change\":0,\"remove\":0},\"type\":\"change_summary\"}", 4);
	assert_int_equal(evrec_count(&f->rec, EV_SUMMARY), 4);
	const ev *e = evrec_nth(&f->rec, EV_SUMMARY, 0);
	assert_int_equal(e->summary_kind, EV_SUMMARY_APPLY);
	assert_int_equal(e->added, 1);
	assert_int_equal(e->changed, 3);
	assert_int_equal(e->destroyed, 4);
	assert_int_equal(e->imported, 2);
	assert_int_equal(e->forgotten, 0);
	e = evrec_nth(&f->rec, EV_SUMMARY, 1);
	assert_int_equal(e->summary_kind, EV_SUMMARY_DESTROY);
	assert_int_equal(e->destroyed, 5);
	e = evrec_nth(&f->rec, EV_SUMMARY, 2);
	assert_int_equal(e->summary_kind, EV_SUMMARY_PLAN);
	assert_int_equal(e->forgotten, 2);
	e = evrec_nth(&f->rec, EV_SUMMARY, 3);
	assert_int_equal(e->summary_kind, EV_SUMMARY_APPLY);
	assert_int_equal(e->added, 1);
}

static void test_diagnostics(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"error\",\"@message\":\"Error: local-exec provisioner error\",\"@module\":\"terraform.ui\","
		"\"@timestamp\":\"2023-02-16T10:13:14Z\",\"diagnostic\":{\"severity\":\"error\",\"summary\":\"local-exec provisioner error\","
		"\"detail\":\"Error running command 'exit 1': exit status 1.\",\"address\":\"null_resource.foo\","
		"\"range\":{\"filename\":\"main.tf\",\"start\":{\"line\":2,\"column\":28,\"byte\":60},\"end\":{\"line\":2,\"column\":29,\"byte\":61}},"
		"\"snippet\":{\"context\":\"resource \\\"null_resource\\\" \\\"foo\\\"\",\"code\":\"  provisioner \\\"local-exec\\\" {\","
		"\"start_line\":2,\"highlight_start_offset\":27,\"highlight_end_offset\":28,\"values\":[]}},\"type\":\"diagnostic\"}", 1);
	feed(f, "{\"@level\":\"warn\",\"@message\":\"Warning: Deprecated\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\","
		"\"diagnostic\":{\"severity\":\"warning\",\"summary\":\"Deprecated\",\"detail\":\"\"},\"type\":\"diagnostic\"}", 2);
	assert_int_equal(f->rec.n, 2);
	const ev *e = &f->rec.v[0].e;
	assert_int_equal(e->kind, EV_DIAGNOSTIC);
	assert_int_equal(e->severity, EV_SEV_ERROR);
	assert_sv(e->text, "local-exec provisioner error");
	assert_sv(e->detail, "Error running command 'exit 1': exit status 1.");
	assert_sv(e->address, "null_resource.foo");
	e = &f->rec.v[1].e;
	assert_int_equal(e->severity, EV_SEV_WARNING);
	assert_sv(e->address, NULL);
	assert_sv(e->text, "Deprecated");
}

static void test_interrupt_log(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"info\",\"@message\":\"Stopping operation...\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\",\"type\":\"log\"}", 1);
	feed(f, "{\"@level\":\"info\",\"@message\":\"Interrupt received.\\nPlease wait for Terraform to exit or data loss may occur.\\nGracefully shutting down...\","
		"\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\",\"type\":\"log\"}", 2);
	feed(f, "{\"@level\":\"error\",\"@message\":\"Apply cancelled\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:15Z\",\"type\":\"log\"}", 3);
	assert_int_equal(evrec_count(&f->rec, EV_INTERRUPT), 2);
	assert_int_equal(f->rec.v[0].e.kind, EV_TIME);
	assert_int_equal(evrec_nth(&f->rec, EV_INTERRUPT, 1)->line, 3);
}

static void test_ephemeral_terraform_and_tofu(void **state)
{
	fx *f = *state;
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2025-01-01T00:00:00Z\",\"hook\":{\"resource\":{\"addr\":\"ephemeral.random_password.p\"},"
		"\"action\":\"open\"},\"type\":\"ephemeral_op_start\"}", 1);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2025-01-01T00:00:03Z\",\"hook\":{\"resource\":{\"addr\":\"ephemeral.random_password.p\"},"
		"\"action\":\"open\",\"elapsed_seconds\":3},\"type\":\"ephemeral_op_progress\"}", 2);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2025-01-01T00:00:04Z\",\"hook\":{\"resource\":{\"addr\":\"ephemeral.random_password.p\"},"
		"\"action\":\"close\",\"elapsed_seconds\":0},\"type\":\"ephemeral_op_complete\"}", 3);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2025-01-01T00:00:05Z\",\"hook\":{\"resource\":{\"addr\":\"ephemeral.x.y\"},"
		"\"action\":\"renew\",\"elapsed_seconds\":2},\"type\":\"ephemeral_op_errored\"}", 4);
	feed(f, "{\"@message\":\"ephemeral.aws_secret.s: Opening...\",\"@module\":\"tofu.ui\",\"@timestamp\":\"2025-01-01T00:00:06Z\","
		"\"hook\":{\"resource\":{\"addr\":\"ephemeral.aws_secret.s\"},\"Msg\":\"Opening...\"},\"type\":\"ephemeral_action_started\"}", 5);
	feed(f, "{\"@message\":\"ephemeral.aws_secret.s: Renew complete\",\"@module\":\"tofu.ui\",\"@timestamp\":\"2025-01-01T00:00:07Z\","
		"\"hook\":{\"resource\":{\"addr\":\"ephemeral.aws_secret.s\"},\"Msg\":\"Renew complete\"},\"type\":\"ephemeral_action_complete\"}", 6);
	assert_int_equal(f->rec.n, 6);
	assert_int_equal(f->rec.v[0].e.kind, EV_OP_START);
	assert_int_equal(f->rec.v[0].e.action, TFC_ACTION_OPEN);
	assert_int_equal(f->rec.v[1].e.kind, EV_OP_PROGRESS);
	assert_dbl(f->rec.v[1].e.seconds, 3, 0);
	assert_int_equal(f->rec.v[2].e.kind, EV_OP_COMPLETE);
	assert_int_equal(f->rec.v[2].e.action, TFC_ACTION_CLOSE);
	assert_int_equal(f->rec.v[3].e.kind, EV_OP_ERRORED);
	assert_int_equal(f->rec.v[3].e.action, TFC_ACTION_RENEW);
	assert_int_equal(f->rec.v[4].e.kind, EV_OP_START);
	assert_int_equal(f->rec.v[4].e.action, TFC_ACTION_OPEN);
	assert_sv(f->rec.v[4].e.address, "ephemeral.aws_secret.s");
	assert_int_equal(f->rec.v[5].e.kind, EV_OP_COMPLETE);
	assert_int_equal(f->rec.v[5].e.action, TFC_ACTION_RENEW);
}

static void test_provision_and_refresh(void **state)
{
	fx *f = *state;
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\",\"hook\":{\"resource\":{\"addr\":\"null_resource.foo\"},"
		"\"provisioner\":\"local-exec\"},\"type\":\"provision_start\"}", 1);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\",\"hook\":{\"resource\":{\"addr\":\"null_resource.foo\"},"
		"\"provisioner\":\"local-exec\",\"output\":\"Hello \\\"World\\\"\"},\"type\":\"provision_progress\"}", 2);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:14Z\",\"hook\":{\"resource\":{\"addr\":\"aws_vpc.v\"},"
		"\"id_key\":\"id\",\"id_value\":\"vpc-1\"},\"type\":\"refresh_start\"}", 3);
	feed(f, "{\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:13:15Z\",\"hook\":{\"resource\":{\"addr\":\"aws_vpc.v\"},"
		"\"id_key\":\"id\",\"id_value\":\"vpc-1\"},\"type\":\"refresh_complete\"}", 4);
	assert_int_equal(evrec_count(&f->rec, EV_PROVISION), 2);
	assert_sv(evrec_nth(&f->rec, EV_PROVISION, 0)->text, "local-exec");
	assert_sv(evrec_nth(&f->rec, EV_PROVISION, 1)->address, "null_resource.foo");
	assert_int_equal(evrec_count(&f->rec, EV_REFRESH), 2);
	assert_sv(evrec_nth(&f->rec, EV_REFRESH, 0)->address, "aws_vpc.v");
	assert_sv(evrec_nth(&f->rec, EV_REFRESH, 0)->id, "vpc-1");
}

static void test_other_types_only_time(void **state)
{
	fx *f = *state;
	feed(f, "{\"@message\":\"Outputs: 1\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:15:39.631112-05:00\","
		"\"outputs\":{\"o\":{\"sensitive\":false,\"type\":[\"list\",\"string\"],\"value\":[\"a\"]}},\"type\":\"outputs\"}", 1);
	feed(f, "{\"@message\":\"x: Drift detected (update)\",\"@module\":\"terraform.ui\",\"@timestamp\":\"2023-02-16T10:15:40Z\","
		"\"change\":{\"resource\":{\"addr\":\"x.y\"},\"action\":\"update\"},\"type\":\"resource_drift\"}", 2);
	assert_int_equal(f->rec.n, 2);
	assert_int_equal(f->rec.v[0].e.kind, EV_TIME);
	assert_dbl(f->rec.v[0].e.time, 1676560539.631112, 1e-6);
	assert_int_equal(f->rec.v[1].e.kind, EV_TIME);
}

static void test_invalid_json_is_a_problem(void **state)
{
	fx *f = *state;
	feed(f, "{\"@module\":\"terraform.ui\",\"type\":\"apply_start\",\"hook\":{\"resource\":{\"addr\":\"a.b\"", 42);
	assert_int_equal(f->rec.n, 0);
	assert_int_equal(f->rec.problems, 1);
	assert_int_equal(f->rec.last_problem_line, 42);
	assert_non_null(strstr(f->rec.last_problem, "-json"));
	static const char nul[] = "{\"@module\":\"terraform.ui\",\"type\":\"ver\0sion\"}";
	line ln = evrec_line("");
	ln.text = sv_make(nul, sizeof nul - 1);
	assert_int_equal(jsonui_line(f->jp, &ln, 43, evrec_problem), TFC_OK);
	assert_int_equal(f->rec.problems, 2);
	assert_int_equal(f->rec.n, 0);
}

static void test_prefix_time_and_unit(void **state)
{
	fx *f = *state;
	line ln = evrec_line("{\"@module\":\"terraform.ui\",\"hook\":{\"resource\":{\"addr\":\"a.b\"},\"action\":\"create\"},\"type\":\"apply_start\"}");
	ln.unit = sv_cstr("units/one");
	ln.time = 3600.5;
	ln.time_dated = false;
	assert_int_equal(jsonui_line(f->jp, &ln, 1, evrec_problem), TFC_OK);
	assert_int_equal(f->rec.n, 1);
	const ev *e = &f->rec.v[0].e;
	assert_sv(e->unit, "units/one");
	assert_dbl(e->time, 3600.5, 0);
	assert_int_equal(e->time_from, TFC_TIMES_PREFIX);
	assert_false(e->time_dated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version_terraform_and_tofu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_hooks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_and_unknown_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach_address_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resource_key_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planned_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diagnostics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ephemeral_terraform_and_tofu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provision_and_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_types_only_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_json_is_a_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefix_time_and_unit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
