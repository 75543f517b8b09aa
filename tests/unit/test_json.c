/* test_json.c — the tfclock/1 document: every required field present with its
 * type, keys as numbers or strings, null for what is absent, filters, and
 * valid JSON whatever bytes the log held. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "testutil.h"

/* A plain (non-streaming) append, for the collector of a streamed render. */
static bool buf_put_collect(tfc_buf *b, const char *data, size_t len)
{
	size_t need = b->len + len + 1;
	if (need > b->cap) {
		char *p = realloc(b->data, need * 2);
		if (!p)
			return false;
		b->data = p;
		b->cap = need * 2;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return true;
}

static const char log_text[] =
	"2024-01-05T01:00:00.0000000Z aws_instance.web[0]: Creating...\n"
	"2024-01-05T01:00:10.0000000Z aws_instance.web[0]: Still creating... [10s elapsed]\n"
	"2024-01-05T01:00:12.5000000Z aws_instance.web[0]: Creation complete after 13s [id=i-0abc]\n"
	"2024-01-05T01:00:13.0000000Z module.m[\"a\\\"b\"].aws_s3_bucket.b[\"k.1\"]: Creating...\n"
	"2024-01-05T01:00:14.0000000Z bad \xff\xfe bytes: here\n"
	"2024-01-05T01:00:20.0000000Z \n"
	"2024-01-05T01:00:20.0000000Z Error: creating bucket: AccessDenied\n"
	"2024-01-05T01:00:20.0000000Z \n"
	"2024-01-05T01:00:20.0000000Z   with module.m[\"a\\\"b\"].aws_s3_bucket.b[\"k.1\"],\n"
	"2024-01-05T01:00:20.0000000Z   on main.tf line 3, in resource \"aws_s3_bucket\" \"b\":\n";

static json_t *render(const char *filter)
{
	tfc_timeline *tl = tu_parse_buffer(log_text, sizeof log_text - 1, "apply", "apply.log", FEED_WHOLE, 0);
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.format = TFC_FORMAT_JSON;
	o.filter = filter;
	tfc_buf b = {0};
	assert_int_equal(tfc_render(tl, &o, &b), TFC_OK);
	json_error_t err;
	json_t *doc = json_loads(b.data, 0, &err);
	if (!doc)
		fail_msg("invalid JSON at %d: %s", err.line, err.text);
	tfc_buf_free(&b);
	tfc_timeline_free(tl);
	return doc;
}

static void assert_kind(json_t *obj, const char *key, int types)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		fail_msg("missing field %s", key);
	int t = json_typeof(v);
	if (!(types & (1 << t)))
		fail_msg("field %s has JSON type %d", key, t);
}

#define T(x) (1 << (x))
#define STR T(JSON_STRING)
#define NUM (T(JSON_INTEGER) | T(JSON_REAL))
#define NUL T(JSON_NULL)

static void test_required_fields(void **state)
{
	(void)state;
	json_t *doc = render(NULL);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "tfclock/1");
	json_t *stages = json_object_get(doc, "stages");
	assert_int_equal(json_array_size(stages), 1);
	json_t *st = json_array_get(stages, 0);
	assert_kind(st, "name", STR);
	assert_kind(st, "command", STR | NUL);
	assert_kind(st, "sources", T(JSON_ARRAY));
	assert_kind(st, "started_at", STR | NUL);
	assert_kind(st, "ended_at", STR | NUL);
	assert_kind(st, "wall_s", NUM | NUL);
	assert_kind(st, "summary", T(JSON_OBJECT) | NUL);
	assert_kind(st, "operations", T(JSON_ARRAY));
	assert_kind(st, "warnings", T(JSON_ARRAY));
	assert_string_equal(json_string_value(json_object_get(st, "started_at")), "2024-01-05T01:00:00Z");
	assert_float_equal(json_number_value(json_object_get(st, "wall_s")), 20, 1e-9);

	static const struct {
		const char *key;
		int types;
	} op_fields[] = {
		{"address", STR}, {"unit", STR | NUL}, {"deposed", STR | NUL}, {"module", STR}, {"type", STR},
		{"name", STR}, {"key", STR | NUM | NUL}, {"mode", STR}, {"action", STR}, {"status", STR},
		{"duration_s", NUM | NUL}, {"reported_s", NUM | NUL}, {"elapsed_min_s", NUM | NUL},
		{"started_at", STR | NUL}, {"ended_at", STR | NUL}, {"id", STR | NUL}, {"error", STR | NUL},
	};
	json_t *ops = json_object_get(st, "operations");
	assert_int_equal(json_array_size(ops), 2);
	for (size_t i = 0; i < json_array_size(ops); i++)
		for (size_t k = 0; k < sizeof op_fields / sizeof op_fields[0]; k++)
			assert_kind(json_array_get(ops, i), op_fields[k].key, op_fields[k].types);

	json_t *web = json_array_get(ops, 0);
	assert_string_equal(json_string_value(json_object_get(web, "address")), "aws_instance.web[0]");
	assert_true(json_is_integer(json_object_get(web, "key")));
	assert_int_equal(json_integer_value(json_object_get(web, "key")), 0);
	assert_string_equal(json_string_value(json_object_get(web, "module")), "");
	assert_float_equal(json_number_value(json_object_get(web, "duration_s")), 12.5, 1e-9);
	assert_float_equal(json_number_value(json_object_get(web, "reported_s")), 13, 1e-9);
	assert_true(json_is_null(json_object_get(web, "elapsed_min_s")));
	assert_string_equal(json_string_value(json_object_get(web, "id")), "i-0abc");

	json_t *bucket = json_array_get(ops, 1);
	assert_string_equal(json_string_value(json_object_get(bucket, "status")), "failed");
	assert_string_equal(json_string_value(json_object_get(bucket, "key")), "k.1");
	assert_string_equal(json_string_value(json_object_get(bucket, "module")), "module.m[\"a\\\"b\"]");
	assert_string_equal(json_string_value(json_object_get(bucket, "error")), "creating bucket: AccessDenied");
	assert_float_equal(json_number_value(json_object_get(bucket, "elapsed_min_s")), 7, 1e-9);
	assert_true(json_is_null(json_object_get(bucket, "reported_s")));
	json_decref(doc);
}

static void test_filter_keeps_matching_addresses(void **state)
{
	(void)state;
	json_t *doc = render("module.m*");
	json_t *ops = json_object_get(json_array_get(json_object_get(doc, "stages"), 0), "operations");
	assert_int_equal(json_array_size(ops), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ops, 0), "type")), "aws_s3_bucket");
	json_decref(doc);
}

static bool collect(void *ctx, const char *data, size_t len)
{
	return buf_put_collect((tfc_buf *)ctx, data, len);
}

/* Streaming renderers (JSON, CSV, traces, HTML) give the same bytes in
 * small flushed pieces as in one buffer. */
static void test_streaming_gives_identical_output(void **state)
{
	(void)state;
	tfc_timeline *tl = tu_parse_buffer(log_text, sizeof log_text - 1, "apply", "apply.log", FEED_WHOLE, 0);
	for (int f = 0; f < TFC_FORMAT_COUNT; f++) {
		if (!tfc_format_streams((tfc_format)f))
			continue;
		tfc_report_options o;
		tfc_report_options_default(&o);
		o.format = (tfc_format)f;
		tfc_buf whole = {0}, collected = {0}, streamed = {0};
		assert_int_equal(tfc_render(tl, &o, &whole), TFC_OK);
		streamed.flush = collect;
		streamed.flush_ctx = &collected;
		streamed.flush_at = 7;
		assert_int_equal(tfc_render(tl, &o, &streamed), TFC_OK);
		assert_true(tfc_buf_flush(&streamed));
		assert_int_equal(streamed.len, 0);
		if (collected.len != whole.len || memcmp(collected.data, whole.data, whole.len) != 0)
			fail_msg("format %s differs when streamed", tfc_format_name((tfc_format)f));
		tfc_buf_free(&whole);
		tfc_buf_free(&collected);
		tfc_buf_free(&streamed);
	}
	tfc_timeline_free(tl);
}

/* Operations are written by hand in json.c; numbers and strings must read
 * exactly as buf.c writes them. Stamps 100 ns apart make durations close to
 * the 3-decimal rounding ties, and keys hold quotes, backslashes, control
 * bytes and UTF-8. */
static void test_operation_figures_as_buf_writes_them(void **state)
{
	(void)state;
	static const char *const fracs[] = {"0000000", "0004999", "0005000", "0005001", "0015000", "0025000",
					    "9995000", "9999999", "0000001", "1234567", "5000000", "0010000"};
	static const char *const keys[] = {"k", "a\\\"b", "tab\\there", "caf\xc3\xa9", "bad\xff", "x\\\\y", "\x01"};
	enum { NF = sizeof fracs / sizeof *fracs, NK = sizeof keys / sizeof *keys };
	static char text[NF * NF * 160];
	size_t n = 0;
	for (size_t i = 0; i < NF * NF; i++) /* every start fraction with every end fraction */
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "2024-01-05T01:00:00.%sZ aws_x.y%zu[\"%s\"]: Creating...\n"
				      "2024-01-05T01:%02zu:%02zu.%sZ aws_x.y%zu[\"%s\"]: Creation complete after 1s\n",
				      fracs[i % NF], i, keys[i % NK], i / 60 % 60, i % 60, fracs[i / NF], i, keys[i % NK]);
	tfc_timeline *tl = tu_parse_buffer(text, n, "apply", "apply.log", FEED_WHOLE, 0);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_int_equal(st->n_ops, NF * NF);
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.format = TFC_FORMAT_JSON;
	tfc_buf b = {0};
	assert_int_equal(tfc_render(tl, &o, &b), TFC_OK);
	const char *at = b.data;
	for (size_t i = 0; i < st->n_ops; i++) {
		const tfc_op *op = &st->ops[i];
		tfc_buf want = {0};
		buf_puts(&want, "{\"address\":");
		buf_put_json_string(&want, op->address);
		buf_puts(&want, ",\"unit\":null,\"deposed\":null,\"module\":\"\",\"type\":\"aws_x\",\"name\":");
		buf_put_json_string(&want, op->name);
		buf_puts(&want, ",\"key\":");
		buf_put_json_string(&want, op->key);
		buf_puts(&want, ",\"mode\":\"managed\",\"action\":\"create\",\"status\":\"complete\",\"duration_s\":");
		buf_put_json_number(&want, op->duration_s);
		buf_puts(&want, ",\"reported_s\":1,\"elapsed_min_s\":null,\"started_at\":");
		buf_put_json_time(&want, op->started_at);
		buf_puts(&want, ",\"ended_at\":");
		buf_put_json_time(&want, op->ended_at);
		buf_puts(&want, ",\"start_offset_s\":");
		buf_put_json_number(&want, op->started_at - st->started_at);
		const char *got = strstr(at, want.data);
		if (!got)
			fail_msg("operation %zu not written as buf.c writes it:\n%s", i, want.data);
		at = got + want.len;
		tfc_buf_free(&want);
	}
	tfc_buf_free(&b);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_fields),
		cmocka_unit_test(test_filter_keeps_matching_addresses),
		cmocka_unit_test(test_streaming_gives_identical_output),
		cmocka_unit_test(test_operation_figures_as_buf_writes_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
