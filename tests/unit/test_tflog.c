/* test_tflog.c — the TF_LOG line frame: stamps in every zone form and the
 * std-log form, levels, JSON lines, the EV_TIME throttle, and which lines
 * without a stamp continue a TF_LOG message — also in a Nebari-style stream
 * where UI and TF_LOG lines share one `[tofu]: ` prefixed pipe. */
#include "detect.h"
#include "evrec.h"
#include "tflog.h"
#include "tflog_fixture.h"

static bool cont(fx *f, const char *text)
{
	line ln = evrec_line(text);
	return tflog_continuation(f->tp, &ln, ++f->lineno);
}

static void test_zone_forms(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.594Z [INFO]  Terraform version: 1.5.7");
	feed(f, "2025-05-16T08:22:42.361-0700 [INFO]  Terraform version: 1.5.8");
	feed(f, "2022-04-15T00:00:17.178+1000 [INFO]  Terraform version: 1.1.9");
	feed(f, "2025-09-09T15:31:48.001364+03:00 [INFO]  OpenTofu version: 1.8.3");
	assert_int_equal(evrec_count(&f->rec, EV_VERSION), 4);
	const ev *e = evrec_nth(&f->rec, EV_VERSION, 0);
	assert_dbl(e->time, 1704418088.594, 1e-6);
	assert_sv(e->text, "terraform");
	assert_sv(e->detail, "1.5.7");
	assert_int_equal(e->channel, EV_CH_TF_LOG);
	assert_int_equal(e->time_from, TFC_TIMES_TF_LOG);
	assert_true(e->time_dated);
	assert_int_equal(e->line, 1);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 1)->time, 1747408962.361, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 2)->time, 1649944817.178, 1e-6);
	e = evrec_nth(&f->rec, EV_VERSION, 3);
	assert_dbl(e->time, 1757421108.001364, 1e-6);
	assert_sv(e->text, "opentofu");
	assert_sv(e->detail, "1.8.3");
}

static void test_stamp_cache_keeps_zone_apart(void **state)
{
	fx *f = *state;
	/* same first 19 bytes, different zones and fractions */
	feed(f, "2024-01-05T01:28:08.100Z [INFO]  Terraform version: 1");
	feed(f, "2024-01-05T01:28:08.900Z [INFO]  Terraform version: 2");
	feed(f, "2024-01-05T01:28:08.900+0100 [INFO]  Terraform version: 3");
	feed(f, "2024-01-05T01:28:08.250+01:00 [INFO]  Terraform version: 4");
	feed(f, "2024-01-05T01:28:08Z [INFO]  Terraform version: 5");
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 0)->time, 1704418088.1, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 1)->time, 1704418088.9, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 2)->time, 1704418088.9 - 3600, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 3)->time, 1704418088.25 - 3600, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_VERSION, 4)->time, 1704418088, 1e-6);
}

static void test_stdlog_011(void **state)
{
	fx *f = *state;
	feed(f, "2020/01/16 18:13:48 [INFO] Terraform version: 0.11.14  a6008b8a48a749c7c167453b9cf55ffd572b9a5d");
	const ev *e = evrec_nth(&f->rec, EV_VERSION, 0);
	assert_non_null(e);
	assert_sv(e->detail, "0.11.14");
	assert_dbl(e->time, 1579198428, 1e-6); /* local time without zone: read as UTC */
	assert_true(e->time_dated);
}

static void test_time_throttled(void **state)
{
	fx *f = *state;
	feed(f, "2024-01-05T01:28:08.000Z [DEBUG] provider: plugin started: path=x pid=1");
	feed(f, "2024-01-05T01:28:08.300Z [TRACE] GRPCProvider: GetProviderSchema");
	feed(f, "2024-01-05T01:28:08.700Z [DEBUG] No provider meta schema returned");
	feed(f, "2024-01-05T01:28:09.500Z [DEBUG] ReferenceTransformer: \"a.b\" references: []");
	feed(f, "2024-01-05T01:28:09.600Z [WARN]  something");
	assert_int_equal(evrec_count(&f->rec, EV_TIME), 2);
	assert_dbl(evrec_nth(&f->rec, EV_TIME, 0)->time, 1704418088.0, 1e-6);
	assert_dbl(evrec_nth(&f->rec, EV_TIME, 1)->time, 1704418089.5, 1e-6);
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	/* the last line's time comes out at the end, so the stage ends there */
	assert_int_equal(evrec_count(&f->rec, EV_TIME), 3);
	const ev *e = evrec_nth(&f->rec, EV_TIME, 2);
	assert_dbl(e->time, 1704418089.6, 1e-6);
	assert_int_equal(e->line, 5);
	assert_int_equal(e->time_from, TFC_TIMES_TF_LOG);
}

static void test_json_lines(void **state)
{
	fx *f = *state;
	feed(f, "{\"@level\":\"info\",\"@message\":\"Terraform version: 1.9.0\",\"@timestamp\":\"2025-09-09T15:31:48.001364+03:00\"}");
	feed(f, "{\"@level\":\"debug\",\"@message\":\"Starting graph walk: walkApply\",\"@timestamp\":\"2025-09-09T15:31:50.5+03:00\"}");
	assert_int_equal(f->rec.n, 2);
	assert_int_equal(f->rec.v[0].e.kind, EV_VERSION);
	assert_sv(f->rec.v[0].e.detail, "1.9.0");
	assert_dbl(f->rec.v[0].e.time, 1757421108.001364, 1e-6);
	assert_int_equal(f->rec.v[1].e.kind, EV_TIME);
	assert_dbl(f->rec.v[1].e.time, 1757421110.5, 1e-6);

	line ln = evrec_line("{\"@level\":\"debug\",\"@message\":\"cut");
	assert_int_equal(tflog_line(f->tp, FMT_TF_LOG_JSON, &ln, 99, evrec_problem), TFC_OK);
	assert_int_equal(f->rec.problems, 1);
	assert_int_equal(f->rec.last_problem_line, 99);
	assert_non_null(strstr(f->rec.last_problem, "TF_LOG JSON"));
	assert_int_equal(f->rec.n, 2);
}

static void test_stamp_taken_by_prefix(void **state)
{
	fx *f = *state;
	line ln = evrec_line("[INFO]  Terraform version: 1.6.0");
	ln.time = 1704418088.5;
	ln.time_dated = true;
	assert_int_equal(detect_line(&ln), FMT_TF_LOG_TEXT);
	assert_int_equal(tflog_line(f->tp, FMT_TF_LOG_TEXT, &ln, 1, evrec_problem), TFC_OK);
	const ev *e = evrec_nth(&f->rec, EV_VERSION, 0);
	assert_non_null(e);
	assert_sv(e->detail, "1.6.0");
	assert_dbl(e->time, 1704418088.5, 0);
	assert_int_equal(e->time_from, TFC_TIMES_PREFIX);
}

static void test_unit_carried(void **state)
{
	fx *f = *state;
	line ln = evrec_line("2024-01-05T01:28:08.594Z [INFO]  Terraform version: 1.5.7");
	ln.unit = sv_cstr("live/vpc");
	assert_int_equal(tflog_line(f->tp, FMT_TF_LOG_TEXT, &ln, 1, evrec_problem), TFC_OK);
	assert_sv(f->rec.v[0].e.unit, "live/vpc");
}

static void test_continuation_shapes(void **state)
{
	fx *f = *state;
	assert_false(cont(f, "    indented before any TF_LOG line"));
	feed(f, "2024-01-05T01:28:08.594Z [WARN]  Provider produced an invalid plan for aws_instance.a, but we are tolerating it:");
	assert_true(cont(f, "      - .credit_specification: block count changed from 0 to 1"));
	assert_true(cont(f, "\tindented with a tab"));
	assert_true(cont(f, "}"));
	assert_true(cont(f, "---[ REQUEST POST-SIGN ]-----------------------------"));
	assert_false(cont(f, ""));          /* blank: left to the UI, the message goes on */
	assert_true(cont(f, "  | hclog multi-line value"));
	/* what the UI prints stays the UI's */
	assert_false(cont(f, "  # aws_instance.a will be created"));
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] x");
	assert_false(cont(f, "  with aws_instance.a,"));
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] x");
	assert_false(cont(f, "  on main.tf line 3, in resource \"aws_instance\" \"a\":"));
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] x");
	assert_false(cont(f, "aws_instance.a: Creating..."));
	/* once a UI line came, the TF_LOG message is over */
	assert_false(cont(f, "    more indented text"));
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] x");
	assert_false(cont(f, "\xe2\x94\x82 Error: boom"));
	feed(f, "2024-01-05T01:28:08.600Z [DEBUG] x");
	assert_false(cont(f, "- compact warning"));
	assert_int_equal(tflog_finish(f->tp), TFC_OK);
	assert_false(cont(f, "    after the end"));
}

/* ---- through the whole pipeline ------------------------------------------ */

static const char nebari[] =
	"[tofu]: \x1b[0m\x1b[1mhelm_release.a: Creating...\x1b[0m\n"
	"[tofu]: 2024-03-01T10:00:00.000Z [INFO]  Starting apply for helm_release.a\n"
	"[tofu]: 2024-03-01T10:00:00.001Z [DEBUG] helm_release.a: applying the planned Create change\n"
	"[tofu]: 2024-03-01T10:00:01.000Z [WARN]  Provider produced a strange result:\n"
	"[tofu]:       - .metadata: attribute changed\n"
	"[tofu]:   # kubernetes_namespace.n will be created\n"
	"[tofu]: 2024-03-01T10:00:02.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
	"tf_req_duration_ms=12500 tf_rpc=ApplyResourceChange tf_resource_type=helm_release diagnostic_error_count=0\n"
	"[tofu]: \x1b[0m\x1b[1mhelm_release.a: Creation complete after 13s [id=a]\x1b[0m\n"
	"[tofu]: \x1b[0m\x1b[1mhelm_release.b: Creating...\x1b[0m\n"
	"[tofu]: 2024-03-01T10:00:03.000Z [DEBUG] helm_release.b: applying the planned Create change\n"
	"[tofu]: 2024-03-01T10:00:04.000Z [ERROR] vertex \"helm_release.b\" error: timed out waiting for the condition\n"
	"[tofu]: \xe2\x95\xb7\n"
	"[tofu]: \xe2\x94\x82 Error: timed out waiting for the condition\n"
	"[tofu]: \xe2\x94\x82 \n"
	"[tofu]: \xe2\x94\x82   with helm_release.b,\n"
	"[tofu]: \xe2\x94\x82   on main.tf line 1, in resource \"helm_release\" \"b\":\n"
	"[tofu]: \xe2\x95\xb5\n";

static void test_nebari_mixed_stream(void **state)
{
	feed_mode modes[] = {FEED_WHOLE, FEED_BYTES, FEED_RANDOM};
	for (size_t m = 0; m < 3; m++) {
		tfc_timeline *tl = tu_parse_buffer(nebari, sizeof nebari - 1, "deploy", "deploy.log", modes[m], 7);
		const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
		assert_int_equal(st->n_ops, 3);
		const tfc_op *a = tu_find_op(st, "helm_release.a", TFC_ACTION_CREATE);
		assert_non_null(a);
		assert_int_equal(a->status, TFC_STATUS_COMPLETE);
		assert_dbl(a->reported_s, 13, 0);
		assert_dbl(a->provider_s, 12.5, 1e-9);
		assert_true(a->times_from & TFC_TIMES_TF_LOG);
		const tfc_op *b = tu_find_op(st, "helm_release.b", TFC_ACTION_CREATE);
		assert_non_null(b);
		assert_int_equal(b->status, TFC_STATUS_FAILED);
		assert_non_null(b->error);
		assert_string_equal(b->error, "timed out waiting for the condition");
		/* the UI's plan header right after a continuation line was not swallowed */
		const tfc_op *n = tu_find_op(st, "kubernetes_namespace.n", TFC_ACTION_CREATE);
		assert_non_null(n);
		assert_int_equal(n->status, TFC_STATUS_PLANNED);
		tfc_timeline_free(tl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zone_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stamp_cache_keeps_zone_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdlog_011, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_throttled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stamp_taken_by_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_carried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation_shapes, setup, teardown),
		cmocka_unit_test(test_nebari_mixed_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
