/* test_detect.c — per-line format detection: JSON UI vs TF_LOG JSON, hclog
 * stamps in every zone form, std-log stamps, the human UI as the default. */
#include "detect.h"
#include "evrec.h"

static line_format fmt(const char *text)
{
	line ln = evrec_line(text);
	return detect_line(&ln);
}

static void test_json_ui(void **state)
{
	assert_int_equal(fmt("{\"@level\":\"info\",\"@message\":\"Terraform 1.3.7\",\"@module\":\"terraform.ui\","
			     "\"@timestamp\":\"2023-01-20T15:50:04.623068-05:00\",\"terraform\":\"1.3.7\",\"type\":\"version\"}"),
			 FMT_JSON_UI);
	assert_int_equal(fmt("{\"@level\":\"info\",\"@message\":\"OpenTofu 1.8.3\",\"@module\":\"tofu.ui\",\"type\":\"version\"}"),
			 FMT_JSON_UI);
	/* spacing a re-encoder might add */
	assert_int_equal(fmt("{\"type\": \"apply_start\", \"@module\" : \"terraform.ui\"}"), FMT_JSON_UI);
}

static void test_json_tflog(void **state)
{
	assert_int_equal(fmt("{\"@level\":\"debug\",\"@message\":\"Starting graph walk: walkApply\","
			     "\"@timestamp\":\"2025-09-09T15:31:48.001364+03:00\"}"),
			 FMT_TF_LOG_JSON);
	assert_int_equal(fmt("{\"@level\":\"trace\",\"@message\":\"x\",\"@module\":\"provider.terraform-provider-aws_v5\","
			     "\"@timestamp\":\"2025-09-09T15:31:48.001364+03:00\"}"),
			 FMT_TF_LOG_JSON);
	/* a module named like the UI's only inside a string value does not count */
	assert_int_equal(fmt("{\"@level\":\"debug\",\"@message\":\"\\\"@module\\\":\\\"terraform.ui\\\"\","
			     "\"@timestamp\":\"2025-09-09T15:31:48Z\"}"),
			 FMT_TF_LOG_JSON);
}

static void test_json_other_is_plain(void **state)
{
	assert_int_equal(fmt("{"), FMT_PLAIN);
	assert_int_equal(fmt("{\"time\":\"2024-01-01T00:00:00Z\",\"level\":\"stdout\",\"msg\":\"x\"}"), FMT_PLAIN);
	assert_int_equal(fmt("{\"@module\":\"terraform.ui"), FMT_PLAIN); /* truncated: no closing quote */
}

static void test_hclog_zones(void **state)
{
	assert_int_equal(fmt("2024-01-05T01:28:08.594Z [INFO]  Terraform version: 1.5.7"), FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2025-05-16T08:22:42.361-0700 [DEBUG] provider: starting plugin"), FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2022-04-15T00:00:17.178+1000 [TRACE] vertex \"x\": visit complete"), FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2025-09-09T15:31:48.001+03:00 [WARN]  something"), FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2024-01-05T01:28:09.124Z [ERROR] vertex \"a.b\" error: boom"), FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2024-01-05T01:28:09Z [ERROR] no fraction"), FMT_TF_LOG_TEXT);
}

static void test_stdlog(void **state)
{
	assert_int_equal(fmt("2020/01/16 18:13:48 [DEBUG] plugin: waiting for all plugin processes to complete..."),
			 FMT_TF_LOG_TEXT);
	assert_int_equal(fmt("2020/01/16 18:13:48 [INFO] Terraform version: 0.11.14"), FMT_TF_LOG_TEXT);
}

static void test_plain_lookalikes(void **state)
{
	/* A CI stamp before a UI line has no level after it. */
	assert_int_equal(fmt("2024-01-05T01:28:08.1234567Z aws_instance.a: Creating..."), FMT_PLAIN);
	assert_int_equal(fmt("2024-01-05T01:28:08.594Z [NOTICE] x"), FMT_PLAIN);
	assert_int_equal(fmt("2024-01-05 01:28:08 [INFO] x"), FMT_PLAIN);
	assert_int_equal(fmt("2020/01/16 18:13:48 Running command"), FMT_PLAIN);
	assert_int_equal(fmt("aws_instance.a: Creating..."), FMT_PLAIN);
	assert_int_equal(fmt("Apply complete! Resources: 1 added, 0 changed, 0 destroyed."), FMT_PLAIN);
	assert_int_equal(fmt(""), FMT_PLAIN);
	assert_int_equal(fmt("2024"), FMT_PLAIN);
	assert_int_equal(fmt("12 things"), FMT_PLAIN);
}

static void test_bare_level_needs_prefix_time(void **state)
{
	line ln = evrec_line("[DEBUG] provider: plugin exited");
	assert_int_equal(detect_line(&ln), FMT_PLAIN);
	ln.time = 1704418088.594;
	ln.time_dated = true;
	assert_int_equal(detect_line(&ln), FMT_TF_LOG_TEXT);
	ln.text = sv_cstr("[terragrunt] 2019/06/20 12:00:00 Running command");
	assert_int_equal(detect_line(&ln), FMT_PLAIN);
}

static void test_binary_garbage(void **state)
{
	static const char junk[] = "2024-01-05T01:28:08.\0\0\xff [INFO]";
	line ln = evrec_line("");
	ln.text = sv_make(junk, sizeof junk - 1);
	assert_int_equal(detect_line(&ln), FMT_PLAIN);
	static const char j2[] = "{\"@module\"\0:\"terraform.ui\"}";
	ln.text = sv_make(j2, sizeof j2 - 1);
	assert_int_equal(detect_line(&ln), FMT_PLAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_ui),
		cmocka_unit_test(test_json_tflog),
		cmocka_unit_test(test_json_other_is_plain),
		cmocka_unit_test(test_hclog_zones),
		cmocka_unit_test(test_stdlog),
		cmocka_unit_test(test_plain_lookalikes),
		cmocka_unit_test(test_bare_level_needs_prefix_time),
		cmocka_unit_test(test_binary_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
