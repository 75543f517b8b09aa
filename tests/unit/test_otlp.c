/* test_otlp.c — OTLP/JSON traces: golden files; structure checked with
 * jansson (ids, parents, nanosecond strings, error status, attribute
 * namespaces); TRACEPARENT joins the CI trace; undated logs are anchored. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "golden.h"

static bool hex(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return strspn(s, "0") != n;
}

static json_t *spans_of(json_t *root)
{
	json_t *rs = json_array_get(json_object_get(root, "resourceSpans"), 0);
	assert_non_null(rs);
	json_t *attrs = json_object_get(json_object_get(rs, "resource"), "attributes");
	assert_true(json_is_array(attrs));
	json_t *ss = json_array_get(json_object_get(rs, "scopeSpans"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ss, "scope"), "name")), "tfclock");
	json_t *spans = json_object_get(ss, "spans");
	assert_true(json_is_array(spans));
	return spans;
}

static const char *attr_str(json_t *span, const char *key)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(span, "attributes"), i, a)
		if (strcmp(json_string_value(json_object_get(a, "key")), key) == 0)
			return json_string_value(json_object_get(json_object_get(a, "value"), "stringValue"));
	return NULL;
}

static json_t *span_named(json_t *spans, const char *name)
{
	size_t i;
	json_t *s;
	json_array_foreach(spans, i, s)
		if (strcmp(json_string_value(json_object_get(s, "name")), name) == 0)
			return s;
	return NULL;
}

static unsigned long long nanos(json_t *span, const char *field)
{
	const char *v = json_string_value(json_object_get(span, field));
	assert_non_null(v); /* 64-bit integers are strings in OTLP/JSON */
	assert_int_equal(strspn(v, "0123456789"), strlen(v));
	return strtoull(v, NULL, 10);
}

/* Check every span; returns the number of spans; *root_parent gets the
 * parent of the run span ("" when none). */
static size_t check_otlp(json_t *root, const char *trace_id, const char *root_parent)
{
	json_t *spans = spans_of(root);
	size_t n = json_array_size(spans), i, roots = 0;
	json_t *s;
	json_array_foreach(spans, i, s) {
		const char *tid = json_string_value(json_object_get(s, "traceId"));
		const char *sid = json_string_value(json_object_get(s, "spanId"));
		assert_true(hex(tid, 32));
		assert_true(hex(sid, 16));
		if (trace_id)
			assert_string_equal(tid, trace_id);
		assert_true(json_is_integer(json_object_get(s, "kind")));
		assert_true(nanos(s, "startTimeUnixNano") <= nanos(s, "endTimeUnixNano"));
		json_t *status = json_object_get(s, "status");
		assert_true(json_is_integer(json_object_get(status, "code")));
		/* span ids are unique; parents exist (or are the CI span) */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(sid, json_string_value(json_object_get(json_array_get(spans, j), "spanId")));
		const char *parent = json_string_value(json_object_get(s, "parentSpanId"));
		if (!parent || (root_parent && strcmp(parent, root_parent) == 0)) {
			roots++;
			assert_string_equal(json_string_value(json_object_get(s, "name")), "terraform run");
			if (root_parent)
				assert_string_equal(parent, root_parent);
			else
				assert_null(parent);
			continue;
		}
		assert_true(hex(parent, 16));
		bool found = false;
		size_t k;
		json_t *p;
		json_array_foreach(spans, k, p)
			found |= strcmp(json_string_value(json_object_get(p, "spanId")), parent) == 0;
		assert_true(found);
		size_t ai;
		json_t *a;
		json_array_foreach(json_object_get(s, "attributes"), ai, a) {
			const char *key = json_string_value(json_object_get(a, "key"));
			assert_true(strncmp(key, "tfclock.", 8) == 0 || strncmp(key, "cicd.pipeline.", 14) == 0);
			json_t *v = json_object_get(a, "value");
			json_t *iv = json_object_get(v, "intValue");
			if (iv)
				assert_true(json_is_string(iv));
		}
	}
	assert_int_equal(roots, 1);
	return n;
}

static json_t *render(const char *name, const char *traceparent, char **text, size_t *len)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.traceparent = traceparent;
	*text = golden_render(tl, &o, render_otlp, len);
	tfc_timeline_free(tl);
	/* one line: also JSON Lines for the collector's file receiver */
	assert_ptr_equal(strchr(*text, '\n'), *text + *len - 1);
	json_error_t err;
	json_t *root = json_loads(*text, 0, &err);
	if (!root)
		fail_msg("not JSON: %s", err.text);
	return root;
}

static void golden_case(const char *name, size_t spans)
{
	char *text;
	size_t len;
	json_t *root = render(name, NULL, &text, &len);
	assert_int_equal(check_otlp(root, NULL, NULL), spans);
	char file[128];
	snprintf(file, sizeof file, "%s.otlp.json", name);
	golden_check(file, text, len);
	json_decref(root);
	free(text);
}

static void golden_timed(void **state)
{
	(void)state;
	golden_case("timed_apply", 1 + 1 + 9);
}

static void golden_untimed(void **state)
{
	(void)state;
	golden_case("untimed_apply", 1 + 1 + 8);
}

static void golden_hostile(void **state)
{
	(void)state;
	golden_case("hostile", 1 + 1 + 6);
}

static void failed_spans_and_times(void **state)
{
	(void)state;
	char *text;
	size_t len;
	json_t *root = render("timed_apply", NULL, &text, &len);
	json_t *spans = spans_of(root);
	json_t *bad = span_named(spans, "create module.app[1].aws_instance.web");
	assert_non_null(bad);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(bad, "status"), "code")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(bad, "status"), "message")),
			    "creating EC2 Instance: InsufficientInstanceCapacity");
	assert_string_equal(attr_str(bad, "tfclock.status"), "failed");
	assert_string_equal(attr_str(bad, "tfclock.times"), "measured");
	json_t *vpc = span_named(spans, "create module.net.aws_vpc.main");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(vpc, "status"), "code")), 0);
	/* 2024-05-01T10:00:05.100Z */
	assert_true(nanos(vpc, "startTimeUnixNano") == 1714557605100000000ull);
	assert_true(nanos(vpc, "endTimeUnixNano") == 1714557617200000000ull);
	json_t *stage = span_named(spans, "timed_apply");
	assert_string_equal(attr_str(stage, "cicd.pipeline.task.name"), "timed_apply");
	assert_string_equal(attr_str(stage, "cicd.pipeline.task.run.result"), "failure");
	json_decref(root);
	free(text);

	root = render("untimed_apply", NULL, &text, &len);
	spans = spans_of(root);
	json_t *run = span_named(spans, "terraform run");
	assert_true(nanos(run, "startTimeUnixNano") == 1700000000000000000ull);
	assert_string_equal(attr_str(run, "tfclock.times"), "estimated");
	json_decref(root);
	free(text);
}

static void traceparent_joins_the_ci_trace(void **state)
{
	(void)state;
	char *text;
	size_t len;
	json_t *root = render("timed_apply", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", &text, &len);
	assert_int_equal(check_otlp(root, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"), 11);
	json_decref(root);
	free(text);

	/* malformed: ignored, a trace of our own */
	root = render("timed_apply", "00-XYZ-b7ad6b7169203331-01", &text, &len);
	assert_int_equal(check_otlp(root, NULL, NULL), 11);
	json_decref(root);
	free(text);
}

static void ci_attributes_from_the_environment(void **state)
{
	(void)state;
	golden_env();
	setenv("GITHUB_WORKFLOW", "deploy", 1);
	setenv("GITHUB_RUN_ID", "12345", 1);
	tfc_timeline *tl = golden_input("hostile");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *text = golden_render(tl, &o, render_otlp, NULL);
	assert_non_null(strstr(text, "{\"key\":\"cicd.pipeline.name\",\"value\":{\"stringValue\":\"deploy\"}}"));
	assert_non_null(strstr(text, "{\"key\":\"cicd.pipeline.run.id\",\"value\":{\"stringValue\":\"12345\"}}"));
	free(text);
	tfc_timeline_free(tl);
	golden_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(failed_spans_and_times),
		cmocka_unit_test(traceparent_joins_the_ci_trace),
		cmocka_unit_test(ci_attributes_from_the_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
