/* test_timefmt.c — timestamps in every zone form, times of day, RFC 3339 out. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "timefmt.h"

/* Parses s whole as a dated stamp: asserts every byte was used. */
static double dated(const char *s)
{
	double t = -1;
	size_t used = time_parse_dated(sv_cstr(s), &t);
	if (used != strlen(s))
		fail_msg("'%s': used %zu of %zu bytes", s, used, strlen(s));
	return t;
}

static void assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("got %.6f, want %.6f", got, want);
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(time_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(time_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(time_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(time_days_from_civil(2024, 3, 1), 19783);
	assert_int_equal(time_days_from_civil(1900, 3, 1), -25508);
}

static void test_dated_utc_forms(void **state)
{
	(void)state;
	/* 2024-01-05T01:28:08Z = 1704418088 (date -u -d … +%s) */
	assert_close(dated("2024-01-05T01:28:08Z"), 1704418088.0);
	assert_close(dated("2024-01-05T01:28:08.594Z"), 1704418088.594);
	assert_close(dated("2024-01-05 01:28:08"), 1704418088.0);
	assert_close(dated("2024-01-05 01:28:08.5Z"), 1704418088.5);
	assert_close(dated("2024/01/05 01:28:08"), 1704418088.0);
	assert_close(dated("2024-01-05T01:28:08"), 1704418088.0); /* no zone: UTC */
	assert_close(dated("2024-01-05t01:28:08z"), 1704418088.0);
	/* GitHub: seven fraction digits */
	assert_close(dated("2024-01-01T12:00:00.1234567Z"), 1704110400.1234567);
	assert_close(dated("2024-01-01T12:00:00,25Z"), 1704110400.25);
}

static void test_dated_zones(void **state)
{
	(void)state;
	/* The same instant in every zone form. */
	double utc = dated("2024-01-05T08:28:08.250Z");
	assert_close(dated("2024-01-05T01:28:08.250-0700"), utc);
	assert_close(dated("2024-01-05T18:28:08.250+1000"), utc);
	assert_close(dated("2024-01-05T11:28:08.250+03:00"), utc);
	assert_close(dated("2024-01-05T08:28:08.250+00:00"), utc);
	assert_close(dated("2024-01-04T22:58:08.250-09:30"), utc);
	/* a zone crossing the year */
	assert_close(dated("2023-12-31T20:00:00-0500"), dated("2024-01-01T01:00:00Z"));
}

static void test_dated_stops_at_text(void **state)
{
	(void)state;
	double t = 0;
	sv s = SV_LIT("2024-01-05T01:28:08.594Z [INFO]  provider: hello");
	assert_int_equal(time_parse_dated(s, &t), 24);
	assert_close(t, 1704418088.594);
	/* A sign not followed by a zone is not part of the stamp. */
	s = SV_LIT("2024-01-05T01:28:08+x");
	assert_int_equal(time_parse_dated(s, &t), 19);
	s = SV_LIT("2024-01-05T01:28:08-07");
	assert_int_equal(time_parse_dated(s, &t), 19);
	/* Go's log package writes no zone: "Z" after it is text. */
	s = SV_LIT("2020/01/16 18:13:48 [DEBUG] x");
	assert_int_equal(time_parse_dated(s, &t), 19);
	assert_close(t, 1579198428.0);
}

static void test_dated_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"2024-01-05",
		"2024-01-05T01:28",
		"2024-13-05T01:28:08Z",
		"2024-00-05T01:28:08Z",
		"2023-02-29T01:28:08Z",
		"2024-04-31T01:28:08Z",
		"2024-01-05T24:00:00Z",
		"2024-01-05T01:60:00Z",
		"2024-01-05X01:28:08Z",
		"2024/01/05T01:28:08",
		"2024-01/05 01:28:08",
		"20240105T012808Z",
		"aws_instance.web: Creating...",
		"12:00:00.000 STDOUT tofu: x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		double t = 42;
		if (time_parse_dated(sv_cstr(bad[i]), &t) != 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_true(t == 42);
	}
	double t;
	assert_int_equal(time_parse_dated(SV_NULL, &t), 0);
	/* a leap day and a leap second are fine */
	assert_close(dated("2024-02-29T23:59:60Z"), dated("2024-03-01T00:00:00Z"));
}

static void test_of_day(void **state)
{
	(void)state;
	double t = -1;
	assert_int_equal(time_parse_of_day(SV_LIT("16:01:51.164 INFO"), &t), 12);
	assert_close(t, 16 * 3600 + 60 + 51.164);
	assert_int_equal(time_parse_of_day(SV_LIT("00:00:00"), &t), 8);
	assert_close(t, 0);
	assert_int_equal(time_parse_of_day(SV_LIT("23:59:59.5]"), &t), 10);
	assert_close(t, 86399.5);
	assert_int_equal(time_parse_of_day(SV_LIT("24:00:00"), &t), 0);
	assert_int_equal(time_parse_of_day(SV_LIT("1:02:03"), &t), 0);
	assert_int_equal(time_parse_of_day(SV_LIT("10:32"), &t), 0);
	assert_int_equal(time_parse_of_day(SV_LIT("10:32:2"), &t), 0);
	assert_int_equal(time_parse_of_day(SV_NULL, &t), 0);
}

static void test_format(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(time_format_rfc3339(1704418088.594, buf, sizeof buf),
			    "2024-01-05T01:28:08.594Z");
	assert_string_equal(time_format_rfc3339(1704418088.0, buf, sizeof buf),
			    "2024-01-05T01:28:08Z");
	assert_string_equal(time_format_rfc3339(0, buf, sizeof buf), "1970-01-01T00:00:00Z");
	assert_string_equal(time_format_rfc3339(-0.5, buf, sizeof buf), "1969-12-31T23:59:59.500Z");
	assert_string_equal(time_format_rfc3339(951782400.001, buf, sizeof buf),
			    "2000-02-29T00:00:00.001Z");
	/* rounds to the millisecond, carrying into the next second and day */
	assert_string_equal(time_format_rfc3339(1704412799.9996, buf, sizeof buf),
			    "2024-01-05T00:00:00Z");
	assert_string_equal(time_format_rfc3339(NAN, buf, sizeof buf), "");
	/* round trip through the parser */
	double t;
	const char *s = "2031-07-14T09:08:07.006Z";
	assert_int_equal(time_parse_dated(sv_cstr(s), &t), strlen(s));
	assert_string_equal(time_format_rfc3339(t, buf, sizeof buf), s);
	/* a short buffer is truncated, never overrun */
	char small[8];
	memset(small, 'x', sizeof small);
	time_format_rfc3339(1704418088.594, small, sizeof small);
	assert_int_equal(small[7], '\0');
}

/* Every day for 800 years formats back to the date it was parsed from. */
static void test_calendar_round_trip(void **state)
{
	(void)state;
	char in[32], out[32];
	for (long long day = time_days_from_civil(1800, 1, 1); day < time_days_from_civil(2600, 1, 1);
	     day += 1) {
		double t = (double)(day * 86400 + 3723);
		time_format_rfc3339(t, out, sizeof out);
		double back;
		assert_int_equal(time_parse_dated(sv_cstr(out), &back), strlen(out));
		if (back != t)
			fail_msg("day %lld: %s parsed as %.0f", day, out, back);
		snprintf(in, sizeof in, "%.10s", out);
	}
	assert_string_equal(in, "2599-12-31");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_dated_utc_forms),
		cmocka_unit_test(test_dated_zones),
		cmocka_unit_test(test_dated_stops_at_text),
		cmocka_unit_test(test_dated_rejects),
		cmocka_unit_test(test_of_day),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_calendar_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
