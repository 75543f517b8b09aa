/* test_prefix.c — the line cleaner: colour, every wrapper prefix with the
 * time and unit it carries, stacking, TF_LOG stamps kept, bad input, and the
 * real coloured / Terragrunt logs of the shared corpus. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix.h"
#include "timefmt.h"

static line_cleaner *lc;

static int setup(void **state)
{
	(void)state;
	lc = lc_new();
	return lc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lc_free(lc);
	lc = NULL;
	return 0;
}

/* What one cleaned line should be. */
typedef struct want {
	const char *text;
	const char *unit;  /* NULL: none */
	const char *time;  /* RFC 3339 for dated, "HH:MM:SS.fff" as seconds otherwise, NULL: none */
	double of_day;     /* seconds since midnight when time is NULL and this is >= 0 */
	line_marker marker;
	int ansi;          /* had_ansi expected (unset: false), -1: don't care */
} want;

static void check_line(const char *raw, size_t n, want w)
{
	line ln;
	assert_true(lc_clean(lc, raw, n, &ln));
	if (ln.text.n != strlen(w.text) || memcmp(ln.text.p, w.text, ln.text.n) != 0)
		fail_msg("'%s': text '%.*s', want '%s'", raw, (int)ln.text.n, ln.text.p, w.text);
	if (w.unit) {
		if (sv_is_null(ln.unit) || !sv_eq(ln.unit, sv_cstr(w.unit)))
			fail_msg("'%s': unit '%.*s', want '%s'", raw, (int)ln.unit.n,
				 ln.unit.p ? ln.unit.p : "", w.unit);
	} else if (!sv_is_null(ln.unit)) {
		fail_msg("'%s': unexpected unit '%.*s'", raw, (int)ln.unit.n, ln.unit.p);
	}
	if (w.time) {
		char buf[40];
		assert_false(isnan(ln.time));
		assert_true(ln.time_dated);
		time_format_rfc3339(ln.time, buf, sizeof buf);
		if (strcmp(buf, w.time) != 0)
			fail_msg("'%s': time %s, want %s", raw, buf, w.time);
	} else if (w.of_day >= 0) {
		assert_false(isnan(ln.time));
		assert_false(ln.time_dated);
		if (fabs(ln.time - w.of_day) > 1e-6)
			fail_msg("'%s': time of day %.3f, want %.3f", raw, ln.time, w.of_day);
	} else if (!isnan(ln.time)) {
		fail_msg("'%s': unexpected time %f", raw, ln.time);
	}
	assert_int_equal(ln.marker, w.marker);
	if (w.ansi >= 0)
		assert_int_equal(ln.had_ansi, w.ansi);
}

#define NO_TIME .of_day = -1
#define CHECK(raw, ...) check_line((raw), strlen(raw), (want){__VA_ARGS__})
/* An ordinary line that must come out as it went in. */
#define SAME(raw) CHECK((raw), .text = (raw), NO_TIME, .ansi = 0)

static double hms(int h, int m, double s) { return h * 3600 + m * 60 + s; }

static void test_fast_path_no_copy(void **state)
{
	(void)state;
	static const char *const plain[] = {
		"aws_instance.x: Creating...",
		"aws_x.y: Still creating... [1m0s elapsed]",
		"  # aws_instance.web will be created",
		"{\"@level\":\"info\",\"@message\":\"x\"}",
		"Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
		"",
	};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		line ln;
		size_t n = strlen(plain[i]);
		assert_true(lc_clean(lc, plain[i], n, &ln));
		assert_ptr_equal(ln.text.p, plain[i]); /* borrowed, not copied */
		assert_int_equal(ln.text.n, n);
		assert_true(isnan(ln.time));
		assert_true(sv_is_null(ln.unit));
		assert_int_equal(ln.marker, LINE_TEXT);
		assert_false(ln.had_ansi);
	}
	line ln;
	assert_true(lc_clean(lc, NULL, 0, &ln));
	assert_non_null(ln.text.p);
	assert_int_equal(ln.text.n, 0);
}

static void test_ansi(void **state)
{
	(void)state;
	CHECK("\x1b[0m\x1b[1maws_instance.web: Creating...\x1b[0m\x1b[0m",
	      .text = "aws_instance.web: Creating...", NO_TIME, .ansi = 1);
	CHECK("\x1b[0m\x1b[1maws_instance.web: Still creating... [10s elapsed]\x1b[0m\x1b[0m",
	      .text = "aws_instance.web: Still creating... [10s elapsed]", NO_TIME, .ansi = 1);
	CHECK("\x1b[0m\x1b[1m\x1b[32mApply complete! Resources: 1 added, 0 changed, 0 destroyed.\x1b[0m",
	      .text = "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.", NO_TIME, .ansi = 1);
	CHECK("\x1b[33m\xe2\x95\xb7\x1b[0m\x1b[0m", .text = "\xe2\x95\xb7", NO_TIME, .ansi = 1);
	CHECK("Refreshing...\x1b[K", .text = "Refreshing...", NO_TIME, .ansi = 1);
	CHECK("\x1b[0m", .text = "", NO_TIME, .ansi = 1);
	/* ESC-less remnants of copied logs */
	CHECK("[0m[1maws_instance.web: Creating...[0m[0m", .text = "aws_instance.web: Creating...",
	      NO_TIME, .ansi = 1);
	CHECK("[0m[1maws_x.y: Still creating... [1m0s elapsed][0m[0m",
	      .text = "aws_x.y: Still creating... [1m0s elapsed]", NO_TIME, .ansi = 1);
	CHECK("\x1b[0m\x1b[1maws_x.y: Still creating... [1m0s elapsed]\x1b[0m\x1b[0m",
	      .text = "aws_x.y: Still creating... [1m0s elapsed]", NO_TIME, .ansi = 1);
	SAME("aws_x.y: Still creating... [1m0s elapsed]");
	SAME("module.a[\"k\"].aws_x.y[0]: Creation complete after 1m2s [id=item]");
	SAME("random_integer.sleep[0]: Creating...");
	SAME("[id=abc]");
	SAME("2024-13-01T00:00:00Z not a date");
	SAME("12:00 noon");
}

static void test_github_actions(void **state)
{
	(void)state;
	CHECK("2024-01-01T12:00:00.1234567Z aws_instance.web: Creating...",
	      .text = "aws_instance.web: Creating...", .time = "2024-01-01T12:00:00.123Z");
	CHECK("2024-01-01T12:00:00Z aws_instance.web: Creating...",
	      .text = "aws_instance.web: Creating...", .time = "2024-01-01T12:00:00Z");
	CHECK("2024-01-01T12:00:00.5Z   # indented", .text = "  # indented",
	      .time = "2024-01-01T12:00:00.500Z");
	CHECK("2024-01-01T12:00:00.1234567Z ", .text = "", .time = "2024-01-01T12:00:00.123Z");
	CHECK("2024-01-01T12:00:00.1234567Z", .text = "", .time = "2024-01-01T12:00:00.123Z");
	/* the fraction is kept beyond milliseconds */
	line ln;
	const char *s = "2024-01-01T12:00:00.1234567Z x";
	assert_true(lc_clean(lc, s, strlen(s), &ln));
	assert_true(fabs(ln.time - 1704110400.1234567) < 1e-6);
	/* coloured output behind the stamp */
	CHECK("2024-01-01T12:00:00.1234567Z \x1b[0m\x1b[1maws_instance.web: Creating...\x1b[0m\x1b[0m",
	      .text = "aws_instance.web: Creating...", .time = "2024-01-01T12:00:00.123Z", .ansi = 1);
	CHECK("2024-01-01T12:00:00.1234567Z [0m[1maws_instance.web: Creating...[0m[0m",
	      .text = "aws_instance.web: Creating...", .time = "2024-01-01T12:00:00.123Z", .ansi = 1);
	/* a stamp followed by something other than a space is text */
	SAME("2024-01-01T12:00:00.1234567Zfoo");
}

static void test_ci_markers(void **state)
{
	(void)state;
	static const char *const marks[] = {
		"##[group]Run terraform apply -auto-approve",
		"##[endgroup]",
		"##[section]Starting: Terraform apply",
		"##[warning]Node.js 16 actions are deprecated",
		"##[error]Process completed with exit code 1.",
		"##[debug]Evaluating condition",
		"::debug::stdout: aws_instance.web: Creating...",
		"::group::Terraform apply",
		"::endgroup::",
		"::error file=main.tf,line=1::bad",
		"[command]/home/runner/work/_temp/terraform-bin apply -auto-approve",
	};
	char buf[256];
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		snprintf(buf, sizeof buf, "2024-01-01T12:00:00.1234567Z %s", marks[i]);
		CHECK(buf, .text = marks[i], .time = "2024-01-01T12:00:00.123Z", .marker = LINE_CI_MARK);
		CHECK(marks[i], .text = marks[i], NO_TIME, .marker = LINE_CI_MARK);
	}
	SAME("## heading");
	SAME("::");
	SAME("##[group");
}

static void test_tflog_stamp_kept(void **state)
{
	(void)state;
	SAME("2024-01-05T01:28:08.594Z [INFO]  Terraform version: 1.6.6");
	SAME("2024-01-05T01:28:08.594-0700 [DEBUG] provider: starting plugin");
	SAME("2024-01-05T01:28:08.594+1000 [TRACE] vertex \"x\": visit complete");
	SAME("2024-01-05T01:28:08.594Z [WARN]  x");
	SAME("2024-01-05T01:28:08.594Z [ERROR] vertex \"data.x\" error: boom");
	SAME("2020/01/16 18:13:48 [DEBUG] plugin: waiting for all plugin processes");
	SAME("2020/01/16 18:13:48 something else");
	/* CI stamp, then Nebari, then a TF_LOG line: only the outer two go */
	CHECK("2024-01-05T01:28:09.1234567Z [tofu]: 2024-01-05T01:28:08.594Z [DEBUG] ReferenceTransformer: x",
	      .text = "2024-01-05T01:28:08.594Z [DEBUG] ReferenceTransformer: x",
	      .time = "2024-01-05T01:28:09.123Z");
	CHECK("2024-01-05T01:28:09.1234567Z 2024-01-05T01:28:08.594Z [INFO]  x",
	      .text = "2024-01-05T01:28:08.594Z [INFO]  x", .time = "2024-01-05T01:28:09.123Z");
	CHECK("2024-01-05T01:28:09.1234567Z 2020/01/16 18:13:48 [DEBUG] plugin: x",
	      .text = "2020/01/16 18:13:48 [DEBUG] plugin: x", .time = "2024-01-05T01:28:09.123Z");
	CHECK("16:01:51.297 STDERR [u] tofu: 2024-01-05T01:28:08.594Z [DEBUG] x",
	      .text = "2024-01-05T01:28:08.594Z [DEBUG] x", .unit = "u", .of_day = hms(16, 1, 51.297));
	/* seven fraction digits are a CI stamp even before a level-like word */
	CHECK("2024-01-05T01:28:08.5940000Z [INFO] ok", .text = "[INFO] ok",
	      .time = "2024-01-05T01:28:08.594Z");
	/* three digits but no level: a capture stamp */
	CHECK("2024-01-05T01:28:08.594Z aws_x.y: Creating...", .text = "aws_x.y: Creating...",
	      .time = "2024-01-05T01:28:08.594Z");
}

static void test_nebari(void **state)
{
	(void)state;
	CHECK("[tofu]: aws_instance.web: Creating...", .text = "aws_instance.web: Creating...", NO_TIME,
	      .ansi = 0);
	CHECK("[terraform]: helm_release.x: Still creating... [1m0s elapsed]",
	      .text = "helm_release.x: Still creating... [1m0s elapsed]", NO_TIME, .ansi = 0);
	CHECK("[terraform]: \xe2\x94\x82 Error: boom", .text = "\xe2\x94\x82 Error: boom", NO_TIME);
	CHECK("[tofu]:", .text = "", NO_TIME);
	CHECK("[tofu]: ", .text = "", NO_TIME);
	CHECK("[tofu]: [0m[1maws_x.y: Creating...[0m", .text = "aws_x.y: Creating...", NO_TIME,
	      .ansi = 1);
	SAME("[tofu]:x");
	SAME("[tofux]: x");
	SAME("[terragrunt] 2019/06/20 12:00:00 Running command: terraform apply");
}

static void test_terragrunt(void **state)
{
	(void)state;
	CHECK("16:01:51.297 STDOUT [unit1] tofu: null_resource.empty: Destroying... [id=3335573617542340690]",
	      .text = "null_resource.empty: Destroying... [id=3335573617542340690]", .unit = "unit1",
	      .of_day = hms(16, 1, 51.297));
	CHECK("15:18:16.293 STDOUT terraform: aws_instance.web: Creating...",
	      .text = "aws_instance.web: Creating...", .of_day = hms(15, 18, 16.293));
	CHECK("15:18:16.293 STDERR [live/prod/vpc] tofu: \xe2\x94\x82 Error: x",
	      .text = "\xe2\x94\x82 Error: x", .unit = "live/prod/vpc", .of_day = hms(15, 18, 16.293));
	CHECK("16:01:51.280 STDOUT [unit1] tofu:", .text = "", .unit = "unit1",
	      .of_day = hms(16, 1, 51.280));
	CHECK("16:01:51.279 STDOUT [unit1] tofu:   # null_resource.empty must be replaced",
	      .text = "  # null_resource.empty must be replaced", .unit = "unit1",
	      .of_day = hms(16, 1, 51.279));
	/* init output is logged at INFO, still with the tool */
	CHECK("15:18:16.293 INFO   [unit] terraform: Initializing the backend...",
	      .text = "Initializing the backend...", .unit = "unit", .of_day = hms(15, 18, 16.293));
	/* Terragrunt's own lines: stamp, level and unit go, the message stays */
	CHECK("16:01:51.164 INFO   The stack at . will be processed in the following order for command apply:",
	      .text = "The stack at . will be processed in the following order for command apply:",
	      .of_day = hms(16, 1, 51.164));
	CHECK("15:18:16.293 INFO   [unit] Downloading Terraform configurations from ./modules",
	      .text = "Downloading Terraform configurations from ./modules", .unit = "unit",
	      .of_day = hms(15, 18, 16.293));
	CHECK("15:18:16.293 WARN   [unit] Error: not a tool", .text = "Error: not a tool", .unit = "unit",
	      .of_day = hms(15, 18, 16.293));
	CHECK("15:18:16.293 ERROR  [unit] tofu: exit status 1", .text = "exit status 1", .unit = "unit",
	      .of_day = hms(15, 18, 16.293));
	CHECK("15:18:16.293 DEBUG  Evaluated 2 locals", .text = "Evaluated 2 locals",
	      .of_day = hms(15, 18, 16.293));
	CHECK("15:18:16.293 TRACE  x", .text = "x", .of_day = hms(15, 18, 16.293));
	/* coloured, with real escapes and ESC-less */
	CHECK("\x1b[2m15:18:16.293\x1b[0m \x1b[0mSTDOUT\x1b[0m \x1b[34m[unit]\x1b[0m \x1b[2mtofu: \x1b[0m"
	      "\x1b[0m\x1b[1maws_x.y: Creating...\x1b[0m",
	      .text = "aws_x.y: Creating...", .unit = "unit", .of_day = hms(15, 18, 16.293), .ansi = 1);
	CHECK("[2m15:18:16.293[0m [0mSTDOUT[0m [34m[unit][0m tofu: [0m[1maws_x.y: Creating...[0m",
	      .text = "aws_x.y: Creating...", .unit = "unit", .of_day = hms(15, 18, 16.293), .ansi = 1);
	/* not Terragrunt */
	SAME("15:18:16.293 something else");
	SAME("15:18:16.293 STDOUTX tofu: x");
	SAME("15:18:16 ");
	SAME("99:18:16.293 STDOUT tofu: x");
}

static void test_old_terragrunt(void **state)
{
	(void)state;
	CHECK("[/home/me/live/vpc] aws_vpc.main: Creating...", .text = "aws_vpc.main: Creating...",
	      .unit = "/home/me/live/vpc", NO_TIME);
	CHECK("[/home/me/live/vpc] [0m[1maws_vpc.main: Creating...[0m[0m",
	      .text = "aws_vpc.main: Creating...", .unit = "/home/me/live/vpc", NO_TIME, .ansi = 1);
	CHECK("[/a b/c]", .text = "", .unit = "/a b/c", NO_TIME);
	SAME("[/x]y");
	SAME("[/unclosed x");
}

static void test_runner_stamps(void **state)
{
	(void)state;
	CHECK("[10:32:21.572] docker_image.main: Creating...", .text = "docker_image.main: Creating...",
	      .of_day = hms(10, 32, 21.572));
	CHECK("\x1b[38;5;248m[10:32:21.572]\x1b[0m docker_image.main: Creating...",
	      .text = "docker_image.main: Creating...", .of_day = hms(10, 32, 21.572), .ansi = 1);
	CHECK("[38;5;248m[10:32:21.572][0m docker_image.main: Creating...",
	      .text = "docker_image.main: Creating...", .of_day = hms(10, 32, 21.572), .ansi = 1);
	CHECK("[10:32:21] x", .text = "x", .of_day = hms(10, 32, 21));
	CHECK("2023-09-27 13:16:29.662Z docker_image.main: Creation complete after 51s",
	      .text = "docker_image.main: Creation complete after 51s", .time = "2023-09-27T13:16:29.662Z");
	CHECK("2023-09-27 13:16:29 docker_image.main: Creating...", .text = "docker_image.main: Creating...",
	      .time = "2023-09-27T13:16:29Z");
	CHECK("2023-09-27 13:16:29.662 x", .text = "x", .time = "2023-09-27T13:16:29.662Z");
	/* the plugin's capture stamps */
	CHECK("2024-01-01T12:00:00.123456Z [tofu]: aws_x.y: Creating...", .text = "aws_x.y: Creating...",
	      .time = "2024-01-01T12:00:00.123Z");
	SAME("[10:32:21.572]docker");
	SAME("[10:32:21.572 x");
}

static void test_stacking(void **state)
{
	(void)state;
	/* GitHub stamp, Terragrunt: the dated time wins, the unit is kept */
	CHECK("2024-01-01T12:00:00.1234567Z 11:59:59.900 STDOUT [app] tofu: aws_x.y: Creating...",
	      .text = "aws_x.y: Creating...", .unit = "app", .time = "2024-01-01T12:00:00.123Z");
	/* a time of day first, a dated stamp after it: the dated one wins */
	CHECK("[10:32:21.572] 2024-01-01T12:00:00Z x", .text = "x", .time = "2024-01-01T12:00:00Z");
	/* two dated stamps: the outer one */
	CHECK("2024-01-01T12:00:01.000000Z 2024-01-01T12:00:00.000000Z x", .text = "x",
	      .time = "2024-01-01T12:00:01Z");
	/* GitHub, Nebari, colour */
	CHECK("2024-01-01T12:00:00.1234567Z [terraform]: \x1b[0m\x1b[1maws_x.y: Creation complete after 3s [id=1]\x1b[0m",
	      .text = "aws_x.y: Creation complete after 3s [id=1]", .time = "2024-01-01T12:00:00.123Z",
	      .ansi = 1);
	/* GitHub, old Terragrunt path */
	CHECK("2024-01-01T12:00:00Z [/abs/mod] aws_x.y: Creating...", .text = "aws_x.y: Creating...",
	      .unit = "/abs/mod", .time = "2024-01-01T12:00:00Z");
	/* colour around the CI stamp itself */
	CHECK("\x1b[36m2024-01-01T12:00:00Z\x1b[0m [tofu]: x", .text = "x", .time = "2024-01-01T12:00:00Z",
	      .ansi = 1);
	CHECK("[36m2024-01-01T12:00:00Z[0m [tofu]: x", .text = "x", .time = "2024-01-01T12:00:00Z",
	      .ansi = 1);
	/* a bounded number of prefixes: a line of many stays partly as text */
	char many[512] = "";
	for (int i = 0; i < 20; i++)
		strcat(many, "[tofu]: ");
	strcat(many, "x");
	line ln;
	assert_true(lc_clean(lc, many, strlen(many), &ln));
	assert_true(ln.text.n < strlen(many));
	assert_true(ln.text.n > 1);
}

static void test_scratch_reused(void **state)
{
	(void)state;
	/* A long coloured line then a short one: the second must not see the first. */
	size_t n = 200000;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i += 4)
		memcpy(big + i, "\x1b[0m", 4);
	memcpy(big + n - 4, "tail", 4);
	line ln;
	assert_true(lc_clean(lc, big, n, &ln));
	assert_int_equal(ln.text.n, 4);
	assert_memory_equal(ln.text.p, "tail", 4);
	assert_true(lc_clean(lc, "\x1b[1mab\x1b[0m", 10, &ln));
	assert_int_equal(ln.text.n, 2);
	assert_memory_equal(ln.text.p, "ab", 2);
	free(big);
}

static void test_bad_input(void **state)
{
	(void)state;
	/* NUL bytes, invalid UTF-8, cut escapes, binary noise: no crash, sane output */
	static const char nul[] = "aws_x.y: Crea\0ting...";
	line ln;
	assert_true(lc_clean(lc, nul, sizeof nul - 1, &ln));
	assert_ptr_equal(ln.text.p, nul);
	assert_int_equal(ln.text.n, sizeof nul - 1);
	static const char stamp_nul[] = "2024-01-01T12:00:00Z \0x";
	assert_true(lc_clean(lc, stamp_nul, sizeof stamp_nul - 1, &ln));
	assert_int_equal(ln.text.n, 2);
	assert_memory_equal(ln.text.p, "\0x", 2);
	CHECK("\xff\xfe\xc3(", .text = "\xff\xfe\xc3(", NO_TIME);
	CHECK("x\x1b[", .text = "x", NO_TIME, .ansi = 1);
	CHECK("\x1b", .text = "", NO_TIME, .ansi = 1);
	CHECK("2024-01-01T12:00:0", .text = "2024-01-01T12:00:0", NO_TIME);
	CHECK("16:01:51.297 STDOUT [unit1", .text = "[unit1", .of_day = hms(16, 1, 51.297));
	CHECK("16:01:51.297 STDOUT [", .text = "[", .of_day = hms(16, 1, 51.297));
	CHECK("[", .text = "[", NO_TIME);
	CHECK("[t", .text = "[t", NO_TIME);
	CHECK("[1", .text = "[1", NO_TIME);
	CHECK("1", .text = "1", NO_TIME);
	CHECK("m", .text = "m", NO_TIME);
	/* random bytes: every prefix of every random line cleans without fault */
	srand(3);
	char buf[64];
	const char alphabet[] = "0123456789:-. T Z[]m;\x1b#tofu/STDOUTINF\xff";
	for (int i = 0; i < 20000; i++) {
		size_t len = (size_t)(rand() % (int)sizeof buf);
		for (size_t j = 0; j < len; j++)
			buf[j] = alphabet[rand() % (int)(sizeof alphabet - 1)];
		assert_true(lc_clean(lc, buf, len, &ln));
		assert_true(ln.text.n <= len);
	}
}

/* Reads a corpus file; skips the test (never passes it) when the corpus is absent. */
static char *corpus(const char *rel, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TFC_CORPUS_DIR, rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		skip();
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static size_t count_in(sv s, const char *needle)
{
	size_t k = strlen(needle), c = 0;
	for (size_t i = 0; i + k <= s.n; i++)
		if (memcmp(s.p + i, needle, k) == 0)
			c++;
	return c;
}

static void test_corpus_colour(void **state)
{
	(void)state;
	size_t len;
	char *buf = corpus("tf-profile/apply_with_color.log", &len);
	size_t complete = 0, starts_clean = 0, lines = 0, coloured = 0;
	char *p = buf, *end = buf + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line ln;
		assert_true(lc_clean(lc, p, n, &ln));
		lines++;
		coloured += ln.had_ansi;
		assert_null(memchr(ln.text.p, 0x1b, ln.text.n));
		if (count_in(ln.text, ": Creation complete after ")) {
			complete++;
			/* the address is at the very start of the cleaned line */
			starts_clean += (SV_STARTS(ln.text, "module.") || SV_STARTS(ln.text, "random_integer.") ||
					 SV_STARTS(ln.text, "time_sleep.")) && !count_in(ln.text, "[0m");
			assert_true(ln.text.p[ln.text.n - 1] == ']' || ln.text.p[ln.text.n - 1] == 's');
		}
		p += n + 1;
	}
	assert_int_equal(complete, 1496); /* README ground truth */
	assert_int_equal(starts_clean, complete);
	assert_true(lines > 13000);
	assert_true(coloured > 10000);
	free(buf);
}

static void test_corpus_terragrunt(void **state)
{
	(void)state;
	size_t len;
	char *buf = corpus("real/04_terragrunt_runall_units_tofu_nocolor.log", &len);
	size_t unit1 = 0, unit2 = 0, stamped = 0, creates = 0;
	char *p = buf, *end = buf + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line ln;
		assert_true(lc_clean(lc, p, n, &ln));
		if (!isnan(ln.time)) {
			stamped++;
			assert_false(ln.time_dated);
			assert_true(ln.time > hms(16, 0, 0) && ln.time < hms(16, 3, 0));
			assert_false(SV_STARTS(ln.text, "STDOUT"));
			assert_false(SV_STARTS(ln.text, "tofu:"));
		}
		unit1 += sv_eq(ln.unit, SV_LIT("unit1"));
		unit2 += sv_eq(ln.unit, SV_LIT("unit2"));
		if (SV_STARTS(ln.text, "null_resource.empty: Creation complete after ")) {
			creates++;
			assert_false(sv_is_null(ln.unit));
		}
		p += n + 1;
	}
	assert_int_equal(stamped, 51); /* grep -c '^[0-9][0-9]:[0-9][0-9]' */
	assert_int_equal(unit1, 25);   /* grep -c '\[unit1\]' */
	assert_true(unit2 > 0);
	assert_int_equal(creates, 2);  /* one per unit */
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_path_no_copy),
		cmocka_unit_test(test_ansi),
		cmocka_unit_test(test_github_actions),
		cmocka_unit_test(test_ci_markers),
		cmocka_unit_test(test_tflog_stamp_kept),
		cmocka_unit_test(test_nebari),
		cmocka_unit_test(test_terragrunt),
		cmocka_unit_test(test_old_terragrunt),
		cmocka_unit_test(test_runner_stamps),
		cmocka_unit_test(test_stacking),
		cmocka_unit_test(test_scratch_reused),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_corpus_colour),
		cmocka_unit_test(test_corpus_terragrunt),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
