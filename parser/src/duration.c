/* duration.c — Go duration strings (time.Duration.String() / ParseDuration
 * syntax) to seconds; the ≥1.12 heartbeat "08m00s" is the same grammar. */
#include "duration.h"

#include <math.h>
#include <stdint.h>

/* The unit at s[i..n): returns its length and sets *mult, seconds per unit
 * as a multiplier (h, m, s) or, for sub-second units, as a divisor (*div),
 * so that 300ms is exactly 300 / 1000. 0 when there is none; "ms" must win
 * over "m". */
static size_t unit(const char *s, size_t n, size_t i, double *mult, double *div)
{
	size_t left = n - i;
	*mult = 1;
	switch (s[i]) {
	case 'h': *mult = 3600; return 1;
	case 's': *mult = 1; return 1;
	case 'm':
		if (left >= 2 && s[i + 1] == 's') {
			*div *= 1e3;
			return 2;
		}
		*mult = 60;
		return 1;
	case 'u':
	case 'n':
		if (left >= 2 && s[i + 1] == 's') {
			*div *= s[i] == 'u' ? 1e6 : 1e9;
			return 2;
		}
		return 0;
	case '\xC2': /* U+00B5 micro sign */
	case '\xCE': /* U+03BC Greek mu */
		if (left >= 3 && s[i + 1] == (s[i] == '\xC2' ? '\xB5' : '\xBC') && s[i + 2] == 's') {
			*div *= 1e6;
			return 3;
		}
		return 0;
	}
	return 0;
}

/* What Terraform prints ("9m44s", "1h2m3s", "08m00s"): whole numbers of
 * h, m and s, summed exactly in integers. False for anything else (then the
 * general parse decides); *seconds is set only on success. */
static bool whole_hms(const char *p, size_t n, double *seconds)
{
	uint64_t total = 0;
	size_t i = 0;
	while (i < n) {
		uint64_t v = 0;
		size_t d = i;
		while (i < n && (unsigned char)(p[i] - '0') < 10)
			v = v * 10 + (uint64_t)(p[i++] - '0');
		if (i == d || i - d > 9 || i >= n)
			return false;
		switch (p[i++]) {
		case 's': total += v; break;
		case 'm':
			if (i < n && p[i] == 's')
				return false; /* milliseconds */
			total += v * 60;
			break;
		case 'h': total += v * 3600; break;
		default: return false;
		}
	}
	*seconds = (double)total;
	return true;
}

bool duration_parse(sv s, double *seconds)
{
	const char *p = s.p;
	size_t n = s.n, i = 0;
	bool neg = false;
	if (!p || n == 0)
		return false;
	if (p[0] == '-' || p[0] == '+') {
		neg = p[0] == '-';
		i = 1;
	}
	if (i == n)
		return false;
	if (n - i == 1 && p[i] == '0') { /* Go's one unit-less spelling */
		*seconds = 0;
		return true;
	}
	double total = 0;
	if (whole_hms(p + i, n - i, &total)) {
		*seconds = neg ? -total : total;
		return true;
	}
	while (i < n) {
		/* All digits as one integer, then one division: "0.3" gives the
		 * double nearest 0.3, not 3 * 0.1. Integer arithmetic keeps the
		 * digit loop off the floating-point latency chain. */
		uint64_t iv = 0;
		double div = 1;
		size_t digits = 0;
		while (i < n && p[i] >= '0' && p[i] <= '9' && digits < 19) {
			iv = iv * 10 + (uint64_t)(p[i++] - '0');
			digits++;
		}
		if (i < n && p[i] == '.') {
			i++;
			while (i < n && p[i] >= '0' && p[i] <= '9' && digits < 19) {
				iv = iv * 10 + (uint64_t)(p[i++] - '0');
				div *= 10;
				digits++;
			}
		}
		/* 18 digits is far beyond any real duration: refuse rather than
		 * carry a meaningless value. */
		if (digits == 0 || digits > 18 || i >= n)
			return false;
		double v = (double)iv;
		double mult;
		size_t u = unit(p, n, i, &mult, &div);
		if (!u)
			return false;
		/* Whole h/m/s parts (all Terraform prints) need no division. */
		total += div == 1 ? v * mult : v * mult / div;
		i += u;
	}
	*seconds = neg ? -total : total;
	return true;
}

static bool stop_byte(unsigned char c) { return c == ' ' || c == '[' || c == '('; }

/* "Ns", "NNs", "NmNs", "NNmNNs" … (one or two digits a part, no hours):
 * nearly every figure, read without a loop; false for the rest. */
static bool short_figure(const unsigned char *q, size_t end, size_t *start, unsigned *total)
{
	if (end < 8 || q[end - 1] != 's')
		return false;
	size_t i = end - 1;
	unsigned sum = 0, mult = 1;
	for (int part = 0; part < 2; part++) {
		/* One digit or two, chosen without a branch: which it is varies
		 * from line to line, and a mispredicted branch costs more than
		 * the arithmetic. */
		unsigned d0 = (unsigned)q[i - 1] - '0', d1 = (unsigned)q[i - 2] - '0';
		unsigned two = d1 <= 9;
		if (d0 > 9 || (two & ((unsigned)q[i - 3] - '0' <= 9)))
			return false; /* no digit, or three: the loop below */
		sum += (d0 + (two ? d1 * 10 : 0)) * mult;
		i -= 1 + two;
		if (stop_byte(q[i - 1])) {
			*start = i;
			*total = sum;
			return true;
		}
		if (part == 1 || q[i - 1] != 'm' || i < 5)
			return false;
		i--;
		mult = 60;
	}
	return false;
}

double duration_whole_back(const char *p, size_t end, size_t *start)
{
	unsigned quick;
	if (short_figure((const unsigned char *)p, end, start, &quick))
		return quick;
	/* Parts from the last: D+s, then optionally D+m, then optionally D+h;
	 * each D+ 1 to 9 digits (whole_hms' limit). */
	static const uint64_t mult[] = {1, 60, 3600};
	size_t i = end;
	if (i == 0 || p[i - 1] != 's')
		return NAN;
	i--;
	uint64_t total = 0;
	for (int part = 0;;) {
		size_t e = i;
		while (i > 0 && (unsigned char)(p[i - 1] - '0') < 10)
			i--;
		if (i == e || e - i > 9)
			return NAN;
		uint64_t v = 0;
		for (size_t k = i; k < e; k++)
			v = v * 10 + (uint64_t)(p[k] - '0');
		total += v * mult[part];
		char c = i ? p[i - 1] : ' ';
		if (c == ' ' || c == '[' || c == '(')
			break;
		if (c == 'm' && part == 0)
			part = 1;
		else if (c == 'h' && part < 2)
			part = 2;
		else
			return NAN;
		i--;
	}
	*start = i;
	return (double)total;
}
