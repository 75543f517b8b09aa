/* test_duration.c — Go durations and the ≥1.12 heartbeat form to seconds. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "duration.h"

static double parse_ok(const char *s)
{
	double v = -12345;
	if (!duration_parse(sv_cstr(s), &v))
		fail_msg("duration_parse refused \"%s\"", s);
	return v;
}

static void refused(const char *s, size_t n)
{
	double v = -12345;
	if (duration_parse(sv_make(s, n), &v))
		fail_msg("duration_parse took \"%.*s\" as %g", (int)n, s, v);
	assert_true(v == -12345); /* untouched */
}
#define REFUSED(lit) refused(lit, sizeof(lit) - 1)

static void test_completion_forms(void **state)
{
	(void)state;
	/* time.Duration.String() of whole seconds, as "complete after" prints */
	assert_true(parse_ok("0s") == 0);
	assert_true(parse_ok("9s") == 9);
	assert_true(parse_ok("59s") == 59);
	assert_true(parse_ok("1m0s") == 60);
	assert_true(parse_ok("1m5s") == 65);
	assert_true(parse_ok("2m42s") == 162);
	assert_true(parse_ok("9m44s") == 584);
	assert_true(parse_ok("1h0m0s") == 3600);
	assert_true(parse_ok("1h2m3s") == 3723);
	assert_true(parse_ok("26h3m0s") == 26 * 3600 + 180);
}

static void test_heartbeat_forms(void **state)
{
	(void)state;
	/* ≥1.12: %02dm%02ds, minutes unbounded */
	assert_true(parse_ok("00m10s") == 10);
	assert_true(parse_ok("08m00s") == 480);
	assert_true(parse_ok("75m10s") == 4510);
	assert_true(parse_ok("10m11s") == 611);
}

static void test_sub_second_and_fractions(void **state)
{
	(void)state;
	assert_true(parse_ok("1.5s") == 1.5);
	assert_true(parse_ok("300ms") == 0.3);
	assert_true(parse_ok("0.3s") == 0.3);
	assert_true(parse_ok("1.5ms") == 0.0015);
	assert_true(fabs(parse_ok("250us") - 250e-6) < 1e-15);
	assert_true(fabs(parse_ok("250\xC2\xB5s") - 250e-6) < 1e-15); /* U+00B5 */
	assert_true(fabs(parse_ok("250\xCE\xBCs") - 250e-6) < 1e-15); /* U+03BC */
	assert_true(fabs(parse_ok("42ns") - 42e-9) < 1e-18);
	assert_true(parse_ok("1h30m") == 5400);
	assert_true(parse_ok("2.5h") == 9000);
	assert_true(parse_ok("1m30.25s") == 90.25);
	assert_true(parse_ok("0") == 0);
	assert_true(parse_ok("-1m0s") == -60);
	assert_true(parse_ok("+5s") == 5);
	assert_true(parse_ok(".5s") == 0.5);
}

/* Whole h/m/s take an integer shortcut: its edges must give what the
 * general parse gives. */
static void test_whole_units_edges(void **state)
{
	(void)state;
	assert_true(parse_ok("123456789s") == 123456789);
	assert_true(parse_ok("1234567890s") == 1234567890); /* past the shortcut's 9 digits */
	assert_true(parse_ok("999999999h") == 999999999.0 * 3600);
	assert_true(parse_ok("5m3ms") == 300.003);          /* m, then ms */
	assert_true(parse_ok("1s1m") == 61);                /* Go takes any order */
	assert_true(parse_ok("2h2h") == 14400);
	assert_true(parse_ok("00s") == 0);
	double z = parse_ok("-0s");
	assert_true(z == 0 && signbit(z));
	REFUSED("1m2");
	REFUSED("1h m");
	REFUSED("m5s");
}

/* duration_whole_back reads a heartbeat's figure from its end: the text
 * before it must be ' ', '[', '(' or nothing. */
static void back(const char *s, double want, size_t want_start)
{
	size_t start = 12345;
	double got = duration_whole_back(s, strlen(s), &start);
	if (isnan(want) ? !isnan(got) : got != want)
		fail_msg("duration_whole_back(\"%s\") = %g, want %g", s, got, want);
	if (!isnan(want) && start != want_start)
		fail_msg("duration_whole_back(\"%s\") starts at %zu, want %zu", s, start, want_start);
}

static void test_whole_back(void **state)
{
	(void)state;
	back("xxxxxxx [5s", 5, 9);
	back("xxxxxxx [59s", 59, 9);
	back("xxxxxxx (1m5s", 65, 9);
	back("xxxxxxx 10m05s", 605, 8);
	back("xxxxxxx [08m00s", 480, 9);
	back("xxxxxxx [100s", 100, 9);         /* three digits */
	back("xxxxxxx [1h2m3s", 3723, 9);
	back("xxxxxxx [2h5s", 7205, 9);
	back("xxxxxxx [123m4s", 123 * 60 + 4, 9);
	back("xxxxxxx [999999999s", 999999999, 9);
	back("5s", 5, 0);                        /* at the very start */
	back("1m5s", 65, 0);
	back("xxxxxxx [1234567890s", NAN, 0);  /* ten digits */
	back("xxxxxxx [m5s", NAN, 0);
	back("xxxxxxx [5m", NAN, 0);
	back("xxxxxxx [1m1m5s", NAN, 0);
	back("xxxxxxx [1m1h5s", NAN, 0);
	back("xxxxxxx x5s", NAN, 0);
	back("xxxxxxx [x1m5s", NAN, 0);
	back("xxxxxxx [10ms", NAN, 0);
	back("xxxxxxx [s", NAN, 0);
	back("", NAN, 0);
}

static void test_refusals(void **state)
{
	(void)state;
	REFUSED("");
	REFUSED("s");
	REFUSED("10");       /* no unit */
	REFUSED("1m0");      /* trailing number */
	REFUSED("10x");
	REFUSED("10 s");
	REFUSED("1m0s ");
	REFUSED("-");
	REFUSED("1.s.s");
	REFUSED("10s elapsed");
	REFUSED("\xC2\xB5s");
	REFUSED("1\xC2s");
	REFUSED("1\xCE\xBD""s");
	REFUSED("1234567890123456789012345678901s"); /* 31 digits */
	refused(NULL, 0);
	REFUSED("1s\0");     /* NUL inside */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_completion_forms),
		cmocka_unit_test(test_heartbeat_forms),
		cmocka_unit_test(test_sub_second_and_fractions),
		cmocka_unit_test(test_whole_units_edges),
		cmocka_unit_test(test_whole_back),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
