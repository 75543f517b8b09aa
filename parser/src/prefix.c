/* prefix.c — cleaning one raw line: colour codes out, wrapper prefixes (CI
 * timestamps, Nebari, Terragrunt, runner stamps) peeled off one after the
 * other, keeping the time and unit they carry. The prefixes have fixed
 * shapes, so they are matched by hand: each starts with a one-byte test, and
 * an ordinary line ("aws_instance.x: Creating...") costs a few comparisons. */
#include "prefix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ansi.h"
#include "timefmt.h"

/* Prefixes that can stack on one line (CI stamp, capture stamp, Nebari,
 * Terragrunt, colour around each); more than this is not a wrapper. */
#define MAX_PREFIXES 8
/* Longest Terragrunt unit / module path and tool name taken as a prefix. */
#define MAX_UNIT 4096
#define MAX_TOOL 64

struct line_cleaner {
	char *scratch; /* the line with its escape sequences removed */
	size_t cap;
};

line_cleaner *lc_new(void)
{
	return calloc(1, sizeof(line_cleaner));
}

void lc_free(line_cleaner *lc)
{
	if (!lc)
		return;
	free(lc->scratch);
	free(lc);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Skips colour remnants and spaces between the parts of a prefix (coloured
 * Terragrunt output separates them with both). */
static size_t skip_gap(const char *p, size_t n, size_t i)
{
	for (;;) {
		while (i < n && p[i] == ' ')
			i++;
		size_t k = ansi_remnant_at(p + i, n - i);
		if (k == 0)
			return i;
		i += k;
	}
}

/* Skips colour remnants only. */
static size_t skip_remnants(const char *p, size_t n, size_t i)
{
	return i + ansi_remnants_front(p + i, n - i);
}

static void take_time(line *out, double t, bool dated)
{
	/* A dated stamp beats a time of day; otherwise the outermost one wins. */
	if (isnan(out->time) || (dated && !out->time_dated)) {
		out->time = t;
		out->time_dated = dated;
	}
}

static bool tflog_level_at(const char *p, size_t n)
{
	static const char *const levels[] = {"[TRACE]", "[DEBUG]", "[INFO]", "[WARN]", "[ERROR]"};
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		size_t k = strlen(levels[i]);
		if (n >= k && memcmp(p, levels[i], k) == 0)
			return true;
	}
	return false;
}

/* True for hclog's own stamp ("2024-01-05T01:28:08.594Z [INFO]", also with
 * -0700): exactly three fraction digits, a level after it. That line belongs
 * to TF_LOG and keeps its stamp. */
static bool is_tflog_stamp(const char *p, size_t n, size_t used)
{
	if (p[10] != 'T' || n < 23 || p[19] != '.')
		return false;
	size_t digits = 0;
	while (20 + digits < n && is_digit(p[20 + digits]))
		digits++;
	if (digits != 3)
		return false;
	return used < n && p[used] == ' ' && tflog_level_at(p + used + 1, n - used - 1);
}

/* "YYYY-MM-DDTHH:MM:SS.fffZ " (CI, capture stamps) or "YYYY-MM-DD HH:MM:SS "
 * (runners such as Coder). */
static size_t dated_prefix(const char *p, size_t n, line *out)
{
	if (n < 19 || p[4] != '-')
		return 0;
	/* TF_LOG lines keep their stamp: recognise hclog's fixed shape
	 * (".fffZ [" or ".fff-0700 [") before paying for a full parse. */
	if (n >= 26 && p[10] == 'T' && p[19] == '.') {
		size_t zone_end = p[23] == 'Z' ? 24 : (p[23] == '+' || p[23] == '-') ? 28 : 0;
		if (zone_end && is_tflog_stamp(p, n, zone_end))
			return 0;
	}
	double t;
	size_t used = time_parse_dated(sv_make(p, n), &t);
	if (used == 0 || is_tflog_stamp(p, n, used))
		return 0;
	size_t end = skip_remnants(p, n, used);
	if (end < n && p[end] != ' ')
		return 0;
	take_time(out, t, true);
	return end < n ? end + 1 : end;
}

/* Terragrunt's level, padded to six in its output. */
static size_t tg_level(const char *p, size_t n, bool *tf_stream)
{
	static const char *const levels[] = {"STDOUT", "STDERR", "INFO", "WARN",
					     "ERROR", "DEBUG", "TRACE"};
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		size_t k = strlen(levels[i]);
		if (n >= k && memcmp(p, levels[i], k) == 0 && (n == k || p[k] == ' ' || p[k] == '[')) {
			*tf_stream = i < 2;
			return k;
		}
	}
	return 0;
}

/* "tofu:" then one space (or the end): the tool that wrote the line. Lines
 * Terragrunt logs itself at INFO/WARN/… have no such part; its messages start
 * with a capital ("Downloading …"), a tool's file name does not. */
static size_t tg_tool(const char *p, size_t n, bool tf_stream)
{
	size_t i = 0;
	while (i < n && i <= MAX_TOOL && p[i] != ' ' && p[i] != ':')
		i++;
	if (i == 0 || i >= n || p[i] != ':' || i > MAX_TOOL)
		return 0;
	if (!tf_stream && !(p[0] >= 'a' && p[0] <= 'z'))
		return 0;
	if (i + 1 < n && p[i + 1] != ' ')
		return 0;
	return i + 1 < n ? i + 2 : i + 1;
}

/* "[unit] " (Terragrunt ≥0.67) or "[/abs/path] " (older include-module-prefix). */
static size_t bracket_unit(const char *p, size_t n, sv *unit)
{
	if (n < 3 || p[0] != '[')
		return 0;
	size_t lim = n < MAX_UNIT + 2 ? n : MAX_UNIT + 2;
	const char *close = memchr(p + 1, ']', lim - 1);
	if (!close || close == p + 1)
		return 0;
	size_t k = (size_t)(close - p) + 1;
	size_t end = skip_remnants(p, n, k);
	if (end < n && p[end] != ' ')
		return 0;
	*unit = sv_make(p + 1, k - 2);
	return end < n ? end + 1 : end;
}

/* "HH:MM:SS.mmm LEVEL  [unit] tool: " — Terragrunt ≥0.67's pretty format. */
static size_t terragrunt_prefix(const char *p, size_t n, line *out)
{
	if (n < 13 || p[2] != ':')
		return 0;
	double t;
	size_t i = time_parse_of_day(sv_make(p, n), &t);
	if (i == 0 || i == n || (p[i] != ' ' && p[i] != '['))
		return 0;
	i = skip_gap(p, n, i);
	bool tf_stream;
	size_t k = tg_level(p + i, n - i, &tf_stream);
	if (k == 0)
		return 0;
	i = skip_gap(p, n, i + k);
	sv unit = SV_NULL;
	size_t u = bracket_unit(p + i, n - i, &unit);
	if (u > 0) {
		out->unit = unit;
		i = skip_gap(p, n, i + u);
	}
	i += tg_tool(p + i, n - i, tf_stream);
	take_time(out, t, false);
	return i;
}

/* "[tofu]: " / "[terraform]: " — Nebari's prefix on every line it relays. */
static size_t nebari_prefix(const char *p, size_t n)
{
	size_t k;
	if (n >= 7 && memcmp(p, "[tofu]:", 7) == 0)
		k = 7;
	else if (n >= 12 && memcmp(p, "[terraform]:", 12) == 0)
		k = 12;
	else
		return 0;
	if (k == n)
		return k;
	return p[k] == ' ' ? k + 1 : 0;
}

/* "[HH:MM:SS.mmm] " — a runner's time of day, often coloured. */
static size_t clock_prefix(const char *p, size_t n, line *out)
{
	if (n < 10 || p[3] != ':')
		return 0;
	double t;
	size_t k = time_parse_of_day(sv_make(p + 1, n - 1), &t);
	if (k == 0 || k + 1 >= n || p[k + 1] != ']')
		return 0;
	size_t end = skip_remnants(p, n, k + 2);
	if (end < n && p[end] != ' ')
		return 0;
	take_time(out, t, false);
	return end < n ? end + 1 : end;
}

/* One prefix at the start of p; returns the bytes it takes (0: none). */
static size_t one_prefix(const char *p, size_t n, line *out)
{
	if (is_digit(p[0])) {
		size_t k = dated_prefix(p, n, out);
		return k ? k : terragrunt_prefix(p, n, out);
	}
	if (p[0] != '[' || n < 3)
		return 0;
	if (p[1] == 't')
		return nebari_prefix(p, n);
	if (p[1] == '/') {
		sv unit;
		size_t k = bracket_unit(p, n, &unit);
		if (k)
			out->unit = unit;
		return k;
	}
	if (is_digit(p[1]))
		return clock_prefix(p, n, out);
	return 0;
}

/* "##[group]…", "::debug::…", "[command]…": CI runner output, not Terraform's. */
static bool ci_marker(const char *p, size_t n)
{
	if (n >= 4 && p[0] == '#' && p[1] == '#' && p[2] == '[')
		return memchr(p + 3, ']', n - 3) != NULL;
	if (n >= 9 && memcmp(p, "[command]", 9) == 0)
		return true;
	if (n >= 4 && p[0] == ':' && p[1] == ':') {
		size_t i = 2;
		while (i < n && p[i] >= 'a' && p[i] <= 'z')
			i++;
		return i > 2 && i < n && (p[i] == ':' || p[i] == ' ');
	}
	return false;
}

/* Could this (escape-free) line carry anything to clean? One look at each end. */
static bool maybe_wrapped(const char *p, size_t n)
{
	char c = p[0];
	return is_digit(c) || c == '[' || c == '#' || c == ':' || p[n - 1] == 'm';
}

bool lc_clean(line_cleaner *lc, const char *raw, size_t len, line *out)
{
	const char *p = raw ? raw : "";
	size_t n = raw ? len : 0;
	*out = (line){.text = sv_make(p, n), .unit = SV_NULL, .time = NAN, .marker = LINE_TEXT};
	if (n == 0)
		return true;
	size_t from, to;
	if (p[0] != 0x1b && !memchr(p, 0x1b, n)) {
		/* no colour at all */
	} else if (ansi_escapes_at_edges(p, n, &from, &to)) {
		/* Colour only around the text, as Terraform writes it: no copy. */
		p += from;
		n = to - from;
		out->had_ansi = true;
		if (n == 0) {
			out->text = sv_make(p, 0);
			return true;
		}
	} else {
		if (n > lc->cap) {
			char *bigger = realloc(lc->scratch, n);
			if (!bigger)
				return false;
			lc->scratch = bigger;
			lc->cap = n;
		}
		memcpy(lc->scratch, p, n);
		n = ansi_remove_escapes(lc->scratch, n);
		p = lc->scratch;
		out->had_ansi = true;
		if (n == 0) {
			out->text = sv_make(p, 0);
			return true;
		}
	}
	if (!maybe_wrapped(p, n))
		goto done;
	for (int round = 0; round < MAX_PREFIXES && n > 0; round++) {
		size_t k = ansi_remnants_front(p, n);
		if (k > 0) {
			out->had_ansi = true;
			p += k;
			n -= k;
			if (n == 0)
				break;
		}
		k = one_prefix(p, n, out);
		if (k == 0)
			break;
		p += k;
		n -= k;
	}
	size_t back = ansi_remnants_back(p, n);
	if (back > 0) {
		out->had_ansi = true;
		n -= back;
	}
	if (n > 0 && ci_marker(p, n))
		out->marker = LINE_CI_MARK;
done:
	out->text = sv_make(p, n);
	return true;
}
