/* timefmt.c — timestamps in and out with integer calendar arithmetic, so the
 * result never depends on the process's time zone or locale (no mktime/timegm). */
#include "timefmt.h"

#include <math.h>
#include <stdio.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads exactly n digits at s.p[at]; -1 when any is missing. */
static int digits(sv s, size_t at, size_t n)
{
	if (at + n > s.n)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s.p[at + i];
		if (!is_digit(c))
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

static bool byte_is(sv s, size_t at, char c) { return at < s.n && s.p[at] == c; }

/* Parses ".ddd…" (or ",ddd…") at s.p[at]; returns the bytes used, 0 if none.
 * Every digit is consumed, only the first nine count (nanoseconds are plenty
 * for a double holding epoch seconds). */
static size_t fraction(sv s, size_t at, double *frac)
{
	*frac = 0;
	if (!(byte_is(s, at, '.') || byte_is(s, at, ',')) || at + 1 >= s.n || !is_digit(s.p[at + 1]))
		return 0;
	size_t i = at + 1;
	long long num = 0, den = 1;
	for (; i < s.n && is_digit(s.p[i]); i++) {
		if (den < 1000000000LL) {
			num = num * 10 + (s.p[i] - '0');
			den *= 10;
		}
	}
	*frac = (double)num / (double)den;
	return i - at;
}

/* "HH:MM:SS" at s.p[at] into seconds; false when not a valid time. */
static bool clock_at(sv s, size_t at, int *secs)
{
	int h = digits(s, at, 2), m = digits(s, at + 3, 2), sec = digits(s, at + 6, 2);
	if (h < 0 || m < 0 || sec < 0 || !byte_is(s, at + 2, ':') || !byte_is(s, at + 5, ':'))
		return false;
	if (h > 23 || m > 59 || sec > 60) /* 60: a leap second, as RFC 3339 allows */
		return false;
	*secs = h * 3600 + m * 60 + sec;
	return true;
}

/* Zone designator at s.p[at]: Z, ±HHMM, ±HH:MM. Returns bytes used (0 when
 * none) and the offset east of UTC in seconds. */
static size_t zone(sv s, size_t at, int *offset)
{
	*offset = 0;
	if (at >= s.n)
		return 0;
	char c = s.p[at];
	if (c == 'Z' || c == 'z')
		return 1;
	if (c != '+' && c != '-')
		return 0;
	int h = digits(s, at + 1, 2);
	if (h < 0 || h > 23)
		return 0;
	size_t used;
	int m = digits(s, at + 3, 2);
	if (m >= 0) {
		used = 5;
	} else if (byte_is(s, at + 3, ':') && (m = digits(s, at + 4, 2)) >= 0) {
		used = 6;
	} else {
		return 0;
	}
	if (m > 59)
		return 0;
	*offset = (c == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return used;
}

long long time_days_from_civil(int y, unsigned m, unsigned d)
{
	/* Howard Hinnant's days_from_civil: shift the year to start in March so
	 * the leap day is the last day of the shifted year. */
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	unsigned yoe = (unsigned)(yy - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Inverse of time_days_from_civil. */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned month_days(int y, unsigned m)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : len[m - 1];
}

size_t time_parse_dated(sv s, double *t)
{
	if (!s.p)
		return 0;
	int y = digits(s, 0, 4);
	if (y < 0 || s.n < 19)
		return 0;
	char sep = s.p[4];
	if ((sep != '-' && sep != '/') || !byte_is(s, 7, sep))
		return 0;
	int mo = digits(s, 5, 2), d = digits(s, 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || (unsigned)d > month_days(y, (unsigned)mo))
		return 0;
	char tsep = s.p[10];
	if (!(tsep == ' ' || (sep == '-' && (tsep == 'T' || tsep == 't'))))
		return 0;
	int secs;
	if (!clock_at(s, 11, &secs))
		return 0;
	size_t used = 19;
	double frac;
	used += fraction(s, used, &frac);
	int offset = 0;
	if (sep == '-') /* Go's log package ("YYYY/MM/DD") never writes a zone */
		used += zone(s, used, &offset);
	long long days = time_days_from_civil(y, (unsigned)mo, (unsigned)d);
	*t = (double)(days * 86400 + secs - offset) + frac;
	return used;
}

size_t time_parse_of_day(sv s, double *t)
{
	if (!s.p)
		return 0;
	int secs;
	if (!clock_at(s, 0, &secs))
		return 0;
	double frac;
	size_t used = 8 + fraction(s, 8, &frac);
	*t = secs + frac;
	return used;
}

char *time_format_rfc3339(double t, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	if (!isfinite(t) || fabs(t) > 1e13) { /* beyond year ±300000: not a log time */
		buf[0] = '\0';
		return buf;
	}
	/* Round to whole milliseconds first so 59.9996 becomes the next second. */
	long long ms = llround(t * 1000.0);
	long long sec = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int milli = (int)(ms - sec * 1000);
	long long days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
	long long rem = sec - days * 86400;
	long long y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	int h = (int)(rem / 3600), mi = (int)(rem / 60 % 60), se = (int)(rem % 60);
	if (milli)
		snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, h, mi, se, milli);
	else
		snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", y, m, d, h, mi, se);
	return buf;
}
