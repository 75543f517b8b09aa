/* detect.c — per-line format detection: a few byte comparisons at the start
 * of the line (and one memmem for the module of a JSON line), no regex. */
#include "detect.h"

#include <math.h>
#include <string.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* True when s.p[at..] holds the digits / literal bytes of pattern, where
 * 'd' stands for any digit. */
static bool shape(sv s, size_t at, const char *pattern, size_t n)
{
	if (at + n > s.n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s.p[at + i];
		if (pattern[i] == 'd' ? !digit(c) : c != pattern[i])
			return false;
	}
	return true;
}

/* "[TRACE]", "[DEBUG]", "[INFO]", "[WARN]", "[ERROR]" at s.p[at]. */
static bool level_tag(sv s, size_t at)
{
	if (at + 6 > s.n || s.p[at] != '[')
		return false;
	const char *p = s.p + at + 1;
	size_t left = s.n - at - 1;
	return (left >= 6 && (memcmp(p, "TRACE]", 6) == 0 || memcmp(p, "DEBUG]", 6) == 0 ||
			      memcmp(p, "ERROR]", 6) == 0)) ||
	       (left >= 5 && (memcmp(p, "INFO]", 5) == 0 || memcmp(p, "WARN]", 5) == 0));
}

static bool level_at(sv s, size_t at) { return at < s.n && s.p[at] == ' ' && level_tag(s, at + 1); }

/* Digits at s.p[at..at+n) (n ≤ 4): subtract '0' from each byte, and every
 * result must be below 10. */
static bool digits_at(sv s, size_t at, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)(s.p[at + i] - '0') > 9)
			return false;
	return true;
}

/* hclog: 2024-01-05T01:28:08.594Z / .594-0700 / .001364+03:00, then a level. */
static bool hclog_line(sv s)
{
	/* separators first: they reject most lines in one or two comparisons */
	if (s.n < 26 || s.p[4] != '-' || s.p[10] != 'T' || s.p[7] != '-' || s.p[13] != ':' || s.p[16] != ':' ||
	    !digits_at(s, 0, 4) || !digits_at(s, 5, 2) || !digits_at(s, 8, 2) || !digits_at(s, 11, 2) ||
	    !digits_at(s, 14, 2) || !digits_at(s, 17, 2))
		return false;
	size_t i = 19;
	if (i < s.n && (s.p[i] == '.' || s.p[i] == ',')) {
		size_t d = ++i;
		while (i < s.n && digit(s.p[i]) && i - d < 9)
			i++;
		if (i == d)
			return false;
	}
	if (i < s.n && s.p[i] == 'Z') {
		i++;
	} else if (i < s.n && (s.p[i] == '+' || s.p[i] == '-')) {
		if (shape(s, i + 1, "dddd", 4))
			i += 5;
		else if (shape(s, i + 1, "dd:dd", 5))
			i += 6;
		else
			return false;
	}
	return level_at(s, i);
}

/* Go's standard log (0.11–0.14 core lines): 2020/01/16 18:13:48 [DEBUG] … */
static bool stdlog_line(sv s)
{
	return shape(s, 0, "dddd/dd/dd dd:dd:dd [", 21);
}

/* A level tag at the very start: the stamp was taken off by a prefix
 * cleaner that mistook it for a CI timestamp. */
static bool bare_level(sv s) { return level_tag(s, 0); }

static sv module_value(sv s)
{
	/* hclog's keys all start with '@', which is rare elsewhere: hop from one
	 * '@' to the next rather than search the whole line for the key */
	const char *k = NULL, *at = s.p, *end = s.p + s.n;
	while ((at = memchr(at, '@', (size_t)(end - at))) != NULL) {
		if (at > s.p && at[-1] == '"' && end - at >= 8 && memcmp(at, "@module\"", 8) == 0) {
			k = at - 1;
			break;
		}
		at++;
	}
	if (!k)
		return SV_NULL;
	const char *p = k + 9;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != ':')
		return SV_NULL;
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '"')
		return SV_NULL;
	p++;
	const char *q = memchr(p, '"', (size_t)(end - p));
	return q ? sv_make(p, (size_t)(q - p)) : SV_NULL;
}

static line_format json_line(sv s)
{
	sv mod = module_value(s);
	if (sv_eq(mod, SV_LIT("terraform.ui")) || sv_eq(mod, SV_LIT("tofu.ui")))
		return FMT_JSON_UI;
	if (memmem(s.p, s.n, "\"@level\"", 8) && memmem(s.p, s.n, "\"@timestamp\"", 12))
		return FMT_TF_LOG_JSON;
	return FMT_PLAIN;
}

line_format detect_line(const line *ln)
{
	sv s = ln->text;
	if (s.n == 0)
		return FMT_PLAIN;
	char c = s.p[0];
	if (c == '{')
		return json_line(s);
	if (digit(c))
		return hclog_line(s) || stdlog_line(s) ? FMT_TF_LOG_TEXT : FMT_PLAIN;
	if (c == '[' && !isnan(ln->time) && bare_level(s))
		return FMT_TF_LOG_TEXT;
	return FMT_PLAIN;
}
