/* test_chrome.c — Chrome / Perfetto trace events: golden files, and the
 * structure checked with jansson (complete events on a thread nest, integer
 * microseconds, names for every process and thread, fields in args). */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "golden.h"

typedef struct xev {
	long long pid, tid, ts, dur;
} xev;

static int cmp_xev(const void *a, const void *b)
{
	const xev *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->dur < y->dur) - (x->dur > y->dur); /* enclosing first */
}

/* Returns the number of operation (non-stage) complete events. */
static size_t check_trace(const char *text, const char *times)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	if (!root)
		fail_msg("not JSON: %s (line %d)", err.text, err.line);
	json_t *events = json_object_get(root, "traceEvents");
	assert_true(json_is_array(events));
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "otherData"), "times")), times);
	size_t n = json_array_size(events), nx = 0, ops = 0;
	xev *xs = calloc(n + 1, sizeof *xs);
	char named[64][64] = {{0}}; /* [pid][tid] has a name (small traces only) */
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e) {
		const char *ph = json_string_value(json_object_get(e, "ph"));
		assert_non_null(ph);
		json_t *pid = json_object_get(e, "pid"), *tid = json_object_get(e, "tid");
		assert_true(json_is_integer(pid));
		if (strcmp(ph, "M") == 0) {
			const char *name = json_string_value(json_object_get(e, "name"));
			if (strcmp(name, "thread_name") == 0 && json_integer_value(pid) < 64 && json_integer_value(tid) < 64)
				named[json_integer_value(pid)][json_integer_value(tid)] = 1;
			if (strcmp(name, "process_name") == 0 || strcmp(name, "thread_name") == 0)
				assert_true(json_is_string(json_object_get(json_object_get(e, "args"), "name")));
		} else if (strcmp(ph, "X") == 0) {
			json_t *ts = json_object_get(e, "ts"), *dur = json_object_get(e, "dur");
			assert_true(json_is_integer(ts));
			assert_true(json_is_integer(dur));
			assert_true(json_integer_value(ts) >= 0);
			assert_true(json_integer_value(dur) >= 0);
			assert_true(json_is_integer(tid));
			xs[nx++] = (xev){json_integer_value(pid), json_integer_value(tid), json_integer_value(ts),
					 json_integer_value(dur)};
			json_t *args = json_object_get(e, "args");
			assert_true(json_is_object(args));
			if (json_integer_value(tid) > 0) {
				ops++;
				assert_string_equal(json_string_value(json_object_get(args, "address")),
						    json_string_value(json_object_get(e, "name")));
				assert_non_null(json_string_value(json_object_get(args, "status")));
				assert_non_null(json_string_value(json_object_get(args, "times")));
			}
		} else if (strcmp(ph, "C") == 0) {
			assert_true(json_is_integer(json_object_get(json_object_get(e, "args"), "operations")));
		} else {
			fail_msg("unexpected phase %s", ph);
		}
	}
	/* complete events on one thread nest: each starts after the previous
	 * one ended, or lies inside it */
	qsort(xs, nx, sizeof *xs, cmp_xev);
	for (size_t k = 0; k < nx; k++) {
		if (xs[k].pid < 64 && xs[k].tid < 64)
			assert_true(named[xs[k].pid][xs[k].tid]);
		if (k == 0 || xs[k - 1].pid != xs[k].pid || xs[k - 1].tid != xs[k].tid)
			continue;
		const xev *p = &xs[k - 1], *c = &xs[k];
		bool after = c->ts >= p->ts + p->dur;
		bool inside = c->ts >= p->ts && c->ts + c->dur <= p->ts + p->dur;
		assert_true(after || inside);
	}
	free(xs);
	json_decref(root);
	return ops;
}

static void golden_case(const char *name, size_t ops, const char *times)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	tfc_report_options o;
	tfc_report_options_default(&o);
	size_t len;
	char *out = golden_render(tl, &o, render_chrome, &len);
	assert_int_equal(check_trace(out, times), ops);
	char file[128];
	snprintf(file, sizeof file, "%s.chrome.json", name);
	golden_check(file, out, len);
	free(out);
	tfc_timeline_free(tl);
}

static void golden_timed(void **state)
{
	(void)state;
	golden_case("timed_apply", 9, "measured");
}

static void golden_untimed(void **state)
{
	(void)state;
	golden_case("untimed_apply", 8, "estimated");
}

static void golden_hostile(void **state)
{
	(void)state;
	golden_case("hostile", 6, "estimated");
}

static void microseconds_on_the_run_timeline(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("timed_apply");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *out = golden_render(tl, &o, render_chrome, NULL);
	json_t *root = json_loads(out, 0, NULL);
	json_t *e;
	size_t i;
	bool seen = false;
	json_array_foreach(json_object_get(root, "traceEvents"), i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		if (name && strcmp(name, "module.net.aws_vpc.main") == 0) {
			/* started 5.1 s after the stage's first line, took 12.1 s */
			assert_int_equal(json_integer_value(json_object_get(e, "ts")), 5100000);
			assert_int_equal(json_integer_value(json_object_get(e, "dur")), 12100000);
			assert_int_equal(json_integer_value(json_object_get(e, "pid")), 1);
			seen = true;
		}
	}
	assert_true(seen);
	json_decref(root);
	free(out);
	tfc_timeline_free(tl);
}

static void corpus_lanes_nest(void **state)
{
	(void)state;
	const char *path = tu_corpus_path("tf-profile/many_modules.log");
	assert_non_null(path);
	size_t n;
	char *buf = tu_read_file(path, &n);
	assert_non_null(buf);
	tfc_timeline *tl = tu_parse_buffer(buf, n, "apply", "many_modules.log", FEED_WHOLE, 0);
	free(buf);
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *out = golden_render(tl, &o, render_chrome, NULL);
	assert_int_equal(check_trace(out, "estimated"), 1510);
	free(out);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(microseconds_on_the_run_timeline),
		cmocka_unit_test(corpus_lanes_nest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
