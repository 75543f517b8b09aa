/* test_ansi.c — escape sequences removed anywhere, ESC-less remnants only in
 * runs at the edges, text that merely looks like a remnant left alone. */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ansi.h"
#include "prefix.h"

/* Runs f on a writable copy of in and compares with want. */
static void check(size_t (*f)(char *, size_t), const char *in, const char *want)
{
	size_t n = strlen(in);
	char *s = malloc(n + 1);
	assert_non_null(s);
	memcpy(s, in, n + 1);
	size_t got = f(s, n);
	s[got] = '\0';
	if (got != strlen(want) || strcmp(s, want) != 0)
		fail_msg("'%s' → '%s', want '%s'", in, s, want);
	free(s);
}

static void test_remove_escapes(void **state)
{
	(void)state;
	size_t (*f)(char *, size_t) = ansi_remove_escapes;
	check(f, "plain", "plain");
	check(f, "", "");
	check(f, "\x1b[0m\x1b[1maws_instance.web: Creating...\x1b[0m\x1b[0m",
	      "aws_instance.web: Creating...");
	check(f, "\x1b[33m\xe2\x94\x82\x1b[0m \x1b[0m\x1b[1m\x1b[33mWarning: \x1b[0m\x1b[0m\x1b[1mx\x1b[0m",
	      "\xe2\x94\x82 Warning: x");
	check(f, "a\x1b[38;5;248mb\x1b[48;2;1;2;3mc", "abc");
	check(f, "progress\x1b[K", "progress");       /* erase line */
	check(f, "\x1b[2J\x1b[1;1Htop", "top");          /* other CSI */
	check(f, "\x1b[?25lhidden\x1b[?25h", "hidden"); /* private parameters */
	check(f, "\x1b]8;;https://x.io\x07link\x1b]8;;\x07", "link"); /* OSC hyperlink */
	check(f, "\x1b]0;title\x1b\\text", "text");                    /* OSC with ST */
	check(f, "\x1b(Bascii", "ascii");
	check(f, "a\x1b" "7b\x1b" "8c", "abc");
	/* broken or cut sequences: nothing is read past the end */
	check(f, "abc\x1b", "abc");
	check(f, "abc\x1b[", "abc");
	check(f, "abc\x1b[38;5", "abc");
	check(f, "abc\x1b]8;;no end", "abc8;;no end");
	check(f, "a\x1b\x1b[0mb", "ab");
	check(f, "a\x1b\xc3\xa9", "a\xc3\xa9"); /* ESC before UTF-8: only the ESC goes */
	/* ESC-less remnants are not this function's business */
	check(f, "[0mkeep[0m", "[0mkeep[0m");
}

static void test_remnant_at(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"[0m", "[1m", "[2m", "[4m", "[30m", "[37m", "[90m", "[97m", "[39m",
		"[38;5;248m", "[48;5;0m", "[0;32m", "[1;31m", "[01;34m", "[38;2;255;128;0m",
		"[100m", "[22m",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		size_t n = strlen(yes[i]);
		if (ansi_remnant_at(yes[i], n) != n)
			fail_msg("'%s' not taken as a remnant", yes[i]);
	}
	static const char *const no[] = {
		"[m", "[1", "[10m", "[15m", "[38m", "[38;5m", "[38;5;2566m", "[1234m", "[0;m",
		"[;0m", "[a]", "[1]", "[id=1]", "[0s elapsed]", "[1 m", "0m", "[38;2;1;2m",
		"[0;0;0;0;0;0;0;0;0m",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (ansi_remnant_at(no[i], strlen(no[i])) != 0)
			fail_msg("'%s' taken as a remnant", no[i]);
	/* only the first one, and only what fits in n */
	assert_int_equal(ansi_remnant_at("[1m0s elapsed]", 14), 3);
	assert_int_equal(ansi_remnant_at("[0m[1m", 6), 3);
	assert_int_equal(ansi_remnant_at("[0m", 2), 0);
}

static void test_runs(void **state)
{
	(void)state;
	const char *s = "[0m[1maws_instance.web: Creating...[0m[0m";
	size_t n = strlen(s);
	assert_int_equal(ansi_remnants_front(s, n), 6);
	assert_int_equal(ansi_remnants_back(s, n), 6);
	s = "aws_x.y: Still creating... [1m0s elapsed]";
	n = strlen(s);
	assert_int_equal(ansi_remnants_front(s, n), 0);
	assert_int_equal(ansi_remnants_back(s, n), 0);
	s = "[0m[0m";
	assert_int_equal(ansi_remnants_front(s, 6), 6);
	assert_int_equal(ansi_remnants_back(s, 6), 6);
	s = "x: 5 [a[0m";
	assert_int_equal(ansi_remnants_back(s, strlen(s)), 3);
	s = "item";
	assert_int_equal(ansi_remnants_back(s, 4), 0);
	s = "m";
	assert_int_equal(ansi_remnants_back(s, 1), 0);
	assert_int_equal(ansi_remnants_front("", 0), 0);
	assert_int_equal(ansi_remnants_back("", 0), 0);
}

static void test_strip(void **state)
{
	(void)state;
	size_t (*f)(char *, size_t) = ansi_strip;
	check(f, "\x1b[0m\x1b[1maws_instance.web: Creating...\x1b[0m\x1b[0m",
	      "aws_instance.web: Creating...");
	check(f, "[0m[1maws_instance.web: Creating...[0m[0m", "aws_instance.web: Creating...");
	check(f, "aws_x.y: Still creating... [1m0s elapsed]", "aws_x.y: Still creating... [1m0s elapsed]");
	check(f, "[0m[1maws_x.y: Still creating... [1m0s elapsed][0m[0m",
	      "aws_x.y: Still creating... [1m0s elapsed]");
	check(f, "\x1b[0m\x1b[1maws_x.y: Still creating... [1m10s elapsed]\x1b[0m",
	      "aws_x.y: Still creating... [1m10s elapsed]");
	/* remnants inside the text stay: they may be data */
	check(f, "[1mError: [0m[1mbad[0m", "Error: [0m[1mbad");
	check(f, "[0m", "");
	check(f, "", "");
	assert_int_equal(ansi_strip(NULL, 0), 0);
}

/* The no-copy view must be exactly what the copying removal leaves, or
 * refuse: checked on the shapes above and on random mixes of escapes. */
static void check_edges(const char *in, size_t n, int want_view)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memcpy(s, in, n);
	size_t m = ansi_remove_escapes(s, n), from = 99, to = 99;
	bool view = ansi_escapes_at_edges(in, n, &from, &to);
	if (want_view >= 0 && view != (want_view == 1))
		fail_msg("'%.*s': view %d, want %d", (int)n, in, view, want_view);
	if (view && (to - from != m || memcmp(in + from, s, m) != 0))
		fail_msg("'%.*s': view '%.*s', want '%.*s'", (int)n, in, (int)(to - from), in + from, (int)m, s);
	free(s);
}

static void test_escapes_at_edges(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"\x1b[0m\x1b[1maws_instance.web: Creating...\x1b[0m\x1b[0m",
		"plain", "", "\x1b[0m", "\x1b[0m\x1b[0m", "abc\x1b", "abc\x1b[", "abc\x1b[38;5",
		"\x1b[1;32mApply complete!\x1b[0m", "\x1b]8;;u\x07link\x1b]8;;\x07", "progress\x1b[K",
		"\x1b[2J\x1b[1;1Htop", "a\x1b\x1b[0m", "\x1b[38;5;248mx\x1b[0m",
		/* Terraform's own shapes, taken by the word-compare shortcut */
		"\x1b[0m\x1b[1mx.y: Still creating... [10s elapsed]\x1b[0m\x1b[0m",
		"\x1b[0m\x1b[1mx.y: Refreshing state... [id=1]\x1b[0m",
		"\x1b[0m\x1b[1mab\x1b[0m\x1b[0m\x1b[0m", "\x1b[0m\x1b[1m\x1b[0m\x1b[0m",
		"\x1b[0m\x1b[1m\x1b[32mx\x1b[0m\x1b[0m", "\x1b[0m\x1b[1mx\x1b[0m\x1b[0", "\x1b[0m\x1b[1mabcdefgh",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		check_edges(yes[i], strlen(yes[i]), 1);
	static const char *const no[] = {
		"a\x1b[38;5;248mb\x1b[48;2;1;2;3mc", "\x1b[33m\xe2\x94\x82\x1b[0m \x1b[0mx",
		"a\x1b" "7b", "abc\x1b]8;;no end",
		"\x1b[0m\x1b[1mx\x1b[1my\x1b[0m\x1b[0m", "\x1b[0m\x1b[1mx\x1b[0my\x1b[0m",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		check_edges(no[i], strlen(no[i]), 0);
	/* An OSC without its end runs on past later ESCs: still the same answer. */
	check_edges("\x1b]0;t\x1b[0mx\x1b\\y", 13, -1);
	static const char *const parts[] = {"\x1b[0m", "\x1b[1m", "\x1b[38;5;2m", "\x1b]8;;\x07",
					    "\x1b]0;", "\x1b\\", "\x1b", "\x1b[", "\x1b(B", "a", "[0m", "m",
					    " ", "\x07", "\xc3\xa9", "\x1b" "7"};
	srand(7);
	for (int round = 0; round < 20000; round++) {
		char buf[96];
		size_t n = 0;
		int k = rand() % 8;
		for (int j = 0; j < k; j++) {
			const char *p = parts[rand() % (sizeof parts / sizeof *parts)];
			size_t pn = strlen(p);
			memcpy(buf + n, p, pn);
			n += pn;
		}
		check_edges(buf, n, -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_escapes),
		cmocka_unit_test(test_remnant_at),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_escapes_at_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
