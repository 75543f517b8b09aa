/* test_parser.c — the per-input pipeline (parser.c): its shortcuts must give
 * what the general path gives. */
#include "testutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "parallel.h"

/* on_line skips detect_line for lines that start with a letter: that is
 * only right while detect_line calls every such line plain. */
static void test_letter_lines_are_plain(void **state)
{
	(void)state;
	static const char *const tails[] = {
		"", "ws_instance.web: Creating...", "{\"@module\":\"terraform.ui\"}",
		"024-01-05T01:28:08.594Z [INFO]  x", "[TRACE] x", "020/01/16 18:13:48 [DEBUG] x",
		"rror: boom", "arning: careful", "pply complete! Resources: 1 added",
	};
	char text[128];
	for (int c = 0; c < 256; c++) {
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			continue;
		for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
			text[0] = (char)c;
			size_t n = strlen(tails[i]);
			memcpy(text + 1, tails[i], n);
			for (int timed = 0; timed < 2; timed++) {
				line ln = {.text = sv_make(text, n + 1), .unit = SV_NULL, .time = timed ? 1e9 : NAN};
				if (detect_line(&ln) != FMT_PLAIN)
					fail_msg("'%.*s' (time %d) is not plain to detect_line", (int)(n + 1), text, timed);
			}
		}
	}
}

/* ---- two threads: the same timeline as one ---------------------------------- */

/* Parses buf as one source, fed in pieces of chunk bytes (0: whole), with
 * the worker used for feeds of at least min bytes in segments of seg bytes;
 * returns the JSON report (caller frees). */
static size_t last_applied; /* worker runs the last parse_json applied */

static char *parse_json(const char *buf, size_t len, size_t min, size_t seg, size_t chunk)
{
	tfc_timeline *tl = tfc_timeline_new(NULL);
	assert_non_null(tl);
	size_t stage = tfc_timeline_stage(tl, "apply");
	tfc_parser *p = tfc_parser_new(tl, stage, "apply.log");
	assert_non_null(p);
	par_configure(p, min, seg);
	size_t step = chunk ? chunk : len;
	for (size_t off = 0; off < len || off == 0; off += step) {
		size_t n = len - off < step ? len - off : step;
		assert_int_equal(tfc_parser_feed(p, buf + off, n), TFC_OK);
		if (n == 0)
			break;
	}
	assert_int_equal(tfc_parser_finish(p), TFC_OK);
	last_applied = par_tails_applied(p);
	tfc_parser_free(p);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	char *json = tu_render(tl, TFC_FORMAT_JSON);
	assert_non_null(json);
	tfc_timeline_free(tl);
	return json;
}

/* Every way of cutting buf between the threads gives the one-thread report;
 * returns how many worker runs were applied in all. */
static size_t same_as_one_thread(const char *what, const char *buf, size_t len)
{
	size_t applied = 0;
	char *want = parse_json(buf, len, SIZE_MAX, 0, 0);
	assert_int_equal(last_applied, 0);
	static const size_t segs[] = {64, 300, 1000, 4096, 65536};
	static const size_t chunks[] = {0, 777, 5000};
	for (size_t i = 0; i < sizeof segs / sizeof *segs; i++)
		for (size_t j = 0; j < sizeof chunks / sizeof *chunks; j++) {
			char *got = parse_json(buf, len, 1, segs[i], chunks[j]);
			applied += last_applied;
			if (strcmp(got, want) != 0) {
				size_t k = 0;
				while (got[k] && got[k] == want[k])
					k++;
				fail_msg("%s, segments of %zu, feeds of %zu: differs at byte %zu:\n%.200s\nwant\n%.200s",
					 what, segs[i], chunks[j], k, got + (k > 80 ? k - 80 : 0),
					 want + (k > 80 ? k - 80 : 0));
			}
			free(got);
		}
	free(want);
	return applied;
}

typedef struct text {
	char *p;
	size_t n, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
		va_end(ap);
		assert_true(k >= 0);
		if ((size_t)k < t->cap - t->n) {
			t->n += (size_t)k;
			return;
		}
		t->cap = t->cap ? t->cap * 2 : 65536;
		t->p = realloc(t->p, t->cap);
		assert_non_null(t->p);
	}
}

/* A log with what makes a boundary between the threads matter: colour
 * around and inside lines, diagnostics (framed, unframed, 0.11 lists) and
 * -compact-warnings lists spanning lines, TF_LOG lines and their
 * continuations, times of day across midnight, Terragrunt units, 0.11
 * counted addresses, deposed objects, over-long lines, CRLF, NUL bytes. */
static text awkward_log(unsigned seed)
{
	text t = {0};
	srand(seed);
	for (int i = 0; i < 1500; i++) {
		int r = rand() % 40;
		int h = i / 3600 % 24, m = i / 60 % 60, sec = i % 60;
		char addr[64];
		snprintf(addr, sizeof addr, "aws_instance.web_%d[%d]", rand() % 7, rand() % 5);
		switch (r) {
		case 0:
			add(&t, "\n\x1b[31m\u2577\x1b[0m\x1b[0m\n\x1b[31m\u2502\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mboom %d\x1b[0m\n"
			       "\x1b[31m\u2502\x1b[0m \x1b[0m\n\x1b[31m\u2502\x1b[0m \x1b[0m  with %s,\n\x1b[31m\u2575\x1b[0m\x1b[0m\n",
			    i, addr);
			break;
		case 1:
			add(&t, "Error: unframed %d\n\n  with %s,\n  on main.tf line 3, in resource \"aws_instance\" \"web\":\n\nDetail text.\n", i, addr);
			break;
		case 2:
			add(&t, "Error applying plan:\n\n2 error(s) occurred:\n\n* %s: oops\n* provider.aws: bad\n", addr);
			break;
		case 3:
			add(&t, "Warnings:\n\n- Deprecated attribute\n  on main.tf line 1\n- Other\n\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n");
			break;
		case 4:
			add(&t, "2024-01-05T01:28:%02d.594Z [INFO]  provider: plugin started\n  continued line %d\n", sec, i);
			break;
		case 5:
			add(&t, "%02d:%02d:%02d.123 STDOUT [unit%d] tofu: %s: Still creating... [%ds elapsed]\n", (h + 23) % 24, m, sec,
			    i % 3, addr, i % 50);
			break;
		case 6:
			add(&t, "[%02d:%02d:%02d.000] %s: Creating...\n", (24 - h) % 24, m, sec, addr);
			break;
		case 7:
			add(&t, "aws_instance.old.%d: Still destroying... (ID: i-%d, %ds elapsed)\n", i % 4, i, i % 90);
			break;
		case 8:
			add(&t, "%s (deposed object 1a2b3c%02d): Destroying... [id=i-%d]\n", addr, i % 50, i);
			break;
		case 9:
			add(&t, "%s: Still creating... [%ds elapsed]\r\n", addr, i % 70);
			break;
		case 10:
			add(&t, "\x1b[0m\x1b[1m%s: Modifying... \x1b[32m[id=i-%d]\x1b[0m\x1b[0m\n", addr, i);
			break;
		case 11: {
			add(&t, "%s: Still creating... [", addr);
			for (int k = 0; k < 300; k++)
				add(&t, "%d", k % 10);
			add(&t, "s elapsed]\n");
			break;
		}
		case 12:
			add(&t, "{\"@level\":\"info\",\"@message\":\"%s: Creating...\",\"@module\":\"terraform.ui\",\"type\":\"apply_start\",\"hook\":{\"resource\":{\"addr\":\"%s\"},\"action\":\"create\"}}\n",
			    addr, addr);
			break;
		case 13:
			add(&t, "%s: Creation complete after %ds [id=i-%d]\n", addr, i % 30, i);
			t.p[t.n - 3] = '\0'; /* a NUL inside the id */
			break;
		default:
			if (r % 3 == 0)
				add(&t, "\x1b[0m\x1b[1m%s: Still creating... [%dm%02ds elapsed]\x1b[0m\x1b[0m\n", addr, i / 60, i % 60);
			else if (r % 3 == 1)
				add(&t, "\x1b[0m\x1b[1m%s: Creating...\x1b[0m\n", addr);
			else
				add(&t, "\x1b[0m\x1b[1m%s: Creation complete after %ds [id=i-%d]\x1b[0m\n", addr, i % 40, i);
		}
	}
	return t;
}

static void test_two_threads_awkward_logs(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 3; seed++) {
		text t = awkward_log(seed);
		char what[32];
		snprintf(what, sizeof what, "awkward log %u", seed);
		same_as_one_thread(what, t.p, t.n);
		free(t.p);
	}
}

/* A plain log of heartbeats only: every tail goes to the worker. */
static void test_two_threads_heartbeats(void **state)
{
	(void)state;
	text t = {0};
	for (int i = 0; i < 20000; i++)
		add(&t, "\x1b[0m\x1b[1mmodule.m[%d].aws_x.y[\"k%d\"]: Still creating... [%dm%02ds elapsed]\x1b[0m\x1b[0m\n", i % 13,
		    i % 17, i / 60, i % 60);
	add(&t, "tail without a newline");
	same_as_one_thread("heartbeats", t.p, t.n);
	free(t.p);
}

/* A -json UI log (every hook, diagnostics, escapes, stamps across seconds
 * and zones, a line that is not JSON) with plain lines and a few TF_LOG
 * lines between: the worker takes the -json runs and gives them back. */
static text json_log(unsigned seed, bool tflog)
{
	text t = {0};
	srand(seed);
	static const char *const types[] = {"apply_start", "apply_progress", "apply_complete", "apply_errored",
					    "refresh_start", "refresh_complete", "provision_start", "planned_change"};
	for (int i = 0; i < 4000; i++) {
		int r = rand() % 30;
		char addr[64];
		snprintf(addr, sizeof addr, "aws_instance.web_%d[\\\"k%d\\\"]", rand() % 9, rand() % 5);
		char stamp[48];
		int sec = i / 7;
		snprintf(stamp, sizeof stamp, "2024-04-11T15:%02d:%02d.%0*dZ", sec / 60 % 60, sec % 60, 1 + i % 6, i % 1000);
		if (r < 20) {
			const char *type = types[r % 8];
			add(&t, "{\"@level\":\"info\",\"@message\":\"%s: x\",\"@module\":\"terraform.ui\",\"@timestamp\":\"%s\","
				"\"hook\":{\"resource\":{\"addr\":\"%s\"},\"action\":\"%s\",\"elapsed_seconds\":%d,\"id_value\":\"i-%d\"},"
				"\"change\":{\"resource\":{\"addr\":\"%s\"},\"action\":\"%s\"},\"type\":\"%s\"}\n",
			    addr, stamp, addr, r % 3 ? "create" : "delete", i % 60, i, addr, r % 4 ? "create" : "replace", type);
		} else if (r < 22) {
			add(&t, "{\"@level\":\"error\",\"@message\":\"Error: boom\",\"@timestamp\":\"2024-04-11T17:22:%02d.5+02:00\","
				"\"diagnostic\":{\"severity\":\"error\",\"summary\":\"boom \\u00e9 %d\",\"detail\":\"line\\nnext\",\"address\":\"%s\"},\"type\":\"diagnostic\"}\n",
			    i % 60, i, addr);
		} else if (r == 22) {
			add(&t, "{\"@level\":\"info\",\"@message\":\"Apply complete! Resources: %d added, 0 changed, 0 destroyed.\",\"@timestamp\":\"%s\","
				"\"changes\":{\"add\":%d,\"change\":0,\"remove\":0,\"operation\":\"apply\"},\"type\":\"change_summary\"}\n",
			    i, stamp, i);
		} else if (r == 23) {
			add(&t, "{\"@level\":\"info\",\"@message\":\"Terraform 1.5.7\",\"terraform\":\"1.5.7\",\"type\":\"version\",\"@timestamp\":\"%s\"}\n", stamp);
		} else if (r == 24) {
			add(&t, "{\"@level\":\"info\",\"type\":\"apply_start\", broken %d\n", i);
		} else if (r == 25) {
			add(&t, "{\"@level\":\"info\",\"@message\":\"Interrupt received.\",\"type\":\"log\",\"@timestamp\":\"%s\"}\n", stamp);
		} else if (r == 26 && tflog) {
			add(&t, "2024-04-11T15:%02d:%02d.%03d+0100 [TRACE] vertex \"%.20s\": starting visit\n  continued %d\n", sec / 60 % 60,
			    sec % 60, i % 1000, "aws_instance.web", i);
		} else if (r == 27) {
			add(&t, "%.16s: Still creating... [%ds elapsed]\n", "aws_instance.web", i % 70);
		} else {
			add(&t, "2024-04-11T15:%02d:%02d.%03dZ {\"@level\":\"info\",\"@message\":\"x\",\"type\":\"outputs\"}\n",
			    sec / 60 % 60, sec % 60, i % 1000);
		}
	}
	return t;
}

static void test_two_threads_json_ui(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 2; seed++) {
		text t = json_log(seed, false);
		/* -json runs with plain lines between: the worker's results are used */
		assert_true(same_as_one_thread("-json UI log", t.p, t.n) > 100);
		free(t.p);
		t = json_log(seed, true);
		same_as_one_thread("-json UI log with TF_LOG lines", t.p, t.n);
		free(t.p);
	}
}

static void test_two_threads_fixtures_and_corpus(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "ls %s/*/input.log %s/real/* %s/tf-profile/* 2>/dev/null", tu_src_path("fixtures/cases"),
		 tu_corpus_path("") ? tu_corpus_path("") : "/nonexistent", tu_corpus_path("") ? tu_corpus_path("") : "/nonexistent");
	FILE *ls = popen(cmd, "r");
	assert_non_null(ls);
	char path[512];
	int n = 0;
	while (fgets(path, sizeof path, ls)) {
		path[strcspn(path, "\n")] = '\0';
		size_t len;
		char *buf = tu_read_file(path, &len);
		if (!buf)
			continue;
		same_as_one_thread(path, buf, len);
		free(buf);
		n++;
	}
	pclose(ls);
	assert_true(n >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter_lines_are_plain),
		cmocka_unit_test(test_two_threads_heartbeats),
		cmocka_unit_test(test_two_threads_awkward_logs),
		cmocka_unit_test(test_two_threads_json_ui),
		cmocka_unit_test(test_two_threads_fixtures_and_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
