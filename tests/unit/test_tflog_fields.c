/* test_tflog_fields.c — hclog field lookup in text lines (any order, quoted
 * values, keys that only end like the one wanted) and in JSON lines. */
#include "evrec.h"
#include "tflog_impl.h"

static tfl_rec text(const char *msg)
{
	tfl_rec r = {0};
	r.msg = sv_cstr(msg);
	return r;
}

static void test_text_any_order(void **state)
{
	tfl_rec r = text("Received downstream response: tf_req_duration_ms=46620 @module=sdk.proto tf_rpc=ApplyResourceChange "
			 "tf_resource_type=helm_release timestamp=2024-01-05T01:28:08.594Z");
	assert_sv(tfl_field(&r, TFL_F_RPC), "ApplyResourceChange");
	assert_sv(tfl_field(&r, TFL_F_RESOURCE_TYPE), "helm_release");
	double ms;
	assert_true(tfl_field_number(&r, TFL_F_DURATION, &ms));
	assert_dbl(ms, 46620, 0);

	r = text("Received downstream response: tf_resource_type=x tf_rpc=ApplyResourceChange tf_req_duration_ms=7");
	assert_true(tfl_field_number(&r, TFL_F_DURATION, &ms));
	assert_dbl(ms, 7, 0);
	assert_sv(tfl_field(&r, TFL_F_RESOURCE_TYPE), "x");
}

static void test_text_quoted_and_lookalikes(void **state)
{
	tfl_rec r = text("msg: xtf_rpc=Wrong tf_rpc_extra=Wrong tf_rpc=\"Apply \\\"Resource\\\" Change\" tf_req_duration_ms=abc");
	assert_sv(tfl_field(&r, TFL_F_RPC), "Apply \\\"Resource\\\" Change");
	double ms;
	assert_false(tfl_field_number(&r, TFL_F_DURATION, &ms));
	assert_sv(tfl_field(&r, TFL_F_RESOURCE_TYPE), NULL);

	r = text("tf_rpc=AtStart: no space before it");
	assert_sv(tfl_field(&r, TFL_F_RPC), NULL);
	r = text("msg: tf_rpc=");
	assert_sv(tfl_field(&r, TFL_F_RPC), "");
	r = text("msg: tf_rpc=\"unterminated");
	assert_sv(tfl_field(&r, TFL_F_RPC), "unterminated");
	assert_sv(tfl_field(&r, 99), NULL);
}

static void test_json_fields(void **state)
{
	js_value v[TFL_J_COUNT] = {0};
	v[TFL_F_RPC] = (js_value){.type = JS_STRING, .s = SV_LIT("ApplyResourceChange")};
	v[TFL_F_DURATION] = (js_value){.type = JS_NUMBER, .s = SV_LIT("12.5"), .num = 12.5};
	v[TFL_F_RESOURCE_TYPE] = (js_value){.type = JS_NULL};
	tfl_rec r = {0};
	r.js = v;
	r.msg = SV_LIT("Received downstream response");
	assert_sv(tfl_field(&r, TFL_F_RPC), "ApplyResourceChange");
	double ms;
	assert_true(tfl_field_number(&r, TFL_F_DURATION, &ms));
	assert_dbl(ms, 12.5, 0);
	assert_sv(tfl_field(&r, TFL_F_RESOURCE_TYPE), NULL);
	/* a duration logged as a string still counts */
	v[TFL_F_DURATION] = (js_value){.type = JS_STRING, .s = SV_LIT("300")};
	assert_true(tfl_field_number(&r, TFL_F_DURATION, &ms));
	assert_dbl(ms, 300, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_any_order),
		cmocka_unit_test(test_text_quoted_and_lookalikes),
		cmocka_unit_test(test_json_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
