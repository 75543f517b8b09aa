/* test_hbmemo.c — the heartbeat memo gives, for every line it answers, the
 * event the full parse (cleaner + plain parser) gives; it learns only from
 * lines whose event it can rebuild, and answers only lines it has seen the
 * like of. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbmemo.h"
#include "plain.h"
#include "prefix.h"

typedef struct full {
	ev events[4];
	unsigned n;
} full;

static tfc_rc capture(void *ctx, const ev *e)
{
	full *f = ctx;
	if (f->n < 4)
		f->events[f->n] = *e;
	f->n++;
	return TFC_OK;
}

/* The full parse of raw, as parser.c does it for a plain line. */
static full parse(plain_parser **pp, full *f, line_cleaner *lc, const char *raw, uint64_t lineno)
{
	f->n = 0;
	line ln;
	assert_true(lc_clean(lc, raw, strlen(raw), &ln));
	assert_int_equal(plain_line(*pp, &ln, lineno), TFC_OK);
	return *f;
}

static void same_event(const ev *a, const ev *b, const char *raw)
{
	if (memcmp(a, b, sizeof *a) != 0)
		fail_msg("memo and full parse differ for '%s': kind %d/%d, seconds %g/%g, address '%.*s'/'%.*s'", raw,
			 a->kind, b->kind, a->seconds, b->seconds, (int)a->address.n, a->address.p, (int)b->address.n,
			 b->address.p);
}

/* Learns from the first line and answers the second as the full parse does
 * (want_hit) or not at all. */
static void pair(const char *first, const char *second, bool want_hit)
{
	full f = {0};
	plain_parser *pp = plain_new(capture, &f);
	line_cleaner *lc = lc_new();
	hb_memo *m = hb_new();
	assert_non_null(pp);
	assert_non_null(lc);
	assert_non_null(m);
	hb_line h;
	if (hb_shape(first, strlen(first), &h)) {
		full a = parse(&pp, &f, lc, first, 1);
		if (a.n == 1)
			hb_learn(m, first, strlen(first), &h, &a.events[0]);
	}
	ev got;
	bool hit = hb_shape(second, strlen(second), &h) && hb_lookup(m, second, strlen(second), &h, &got);
	if (hit != want_hit)
		fail_msg("'%s' after '%s': hit %d, want %d", second, first, hit, want_hit);
	if (hit) {
		full b = parse(&pp, &f, lc, second, 2);
		assert_int_equal(b.n, 1);
		got.line = 2;
		/* the memo's own mark: the full parse has none */
		assert_true(got.key_tag != 0);
		got.key_tag = 0;
		same_event(&got, &b.events[0], second);
	}
	hb_free(m);
	lc_free(lc);
	plain_free(pp);
}

static void test_hits_match_the_full_parse(void **state)
{
	(void)state;
	static const char *const lines[][2] = {
		{"\x1b[0m\x1b[1maws_instance.web[0]: Still creating... [10s elapsed]\x1b[0m\x1b[0m",
		 "\x1b[0m\x1b[1maws_instance.web[0]: Still creating... [1m20s elapsed]\x1b[0m\x1b[0m"},
		{"aws_instance.web: Still destroying... [id=i-0123, 10s elapsed]",
		 "aws_instance.web: Still destroying... [id=i-0123, 2h0m10s elapsed]"},
		{"module.m[\"k: v\"].aws_x.y[\"a b\"]: Still modifying... [00m10s elapsed]",
		 "module.m[\"k: v\"].aws_x.y[\"a b\"]: Still modifying... [75m00s elapsed]"},
		{"aws_instance.web (deposed object 1a2b3c4d): Still destroying... [id=i-1, 10s elapsed]",
		 "aws_instance.web (deposed object 1a2b3c4d): Still destroying... [id=i-1, 20s elapsed]"},
		{"aws_instance.web: Still creating... (10s elapsed)", "aws_instance.web: Still creating... (20s elapsed)"},
		{"data.http.x: Still reading... [10s elapsed]\x1b[0m", "data.http.x: Still reading... [3s elapsed]\x1b[0m"},
		{"ephemeral.x.y: Still renewing... [1s elapsed]", "ephemeral.x.y: Still renewing... [999999999s elapsed]"},
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		pair(lines[i][0], lines[i][1], true);
}

static void test_no_hit_without_the_like(void **state)
{
	(void)state;
	static const char *const lines[][2] = {
		/* another address, verb, id, or colour at the end */
		{"aws_instance.web[0]: Still creating... [10s elapsed]", "aws_instance.web[1]: Still creating... [10s elapsed]"},
		{"aws_instance.web: Still creating... [10s elapsed]", "aws_instance.web: Still modifying... [10s elapsed]"},
		{"aws_x.y: Still creating... [id=a, 10s elapsed]", "aws_x.y: Still creating... [id=b, 10s elapsed]"},
		{"aws_x.y: Still creating... [10s elapsed]", "aws_x.y: Still creating... [10s elapsed]\x1b[0m"},
		{"aws_x.y: Still creating... [10s elapsed]", "aws_x.y: Still creating... (10s elapsed]"},
		/* a figure the shortcut does not read: the full parse decides */
		{"aws_x.y: Still creating... [10s elapsed]", "aws_x.y: Still creating... [1.5s elapsed]"},
		{"aws_x.y: Still creating... [10s elapsed]", "aws_x.y: Still creating... [1234567890s elapsed]"},
		/* nothing learned from lines that are not heartbeats of one event */
		{"aws_x.y: Still waiting... [10s elapsed]", "aws_x.y: Still waiting... [20s elapsed]"},
		{"Error: x [10s elapsed]", "Error: x [20s elapsed]"},
		{"aws_x.y.12: Still creating... (10s elapsed)", "aws_x.y.12: Still creating... (20s elapsed)"},
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		pair(lines[i][0], lines[i][1], false);
}

/* Hits of one entry share a key tag; other keys have other tags. */
static void test_key_tags(void **state)
{
	(void)state;
	full f = {0};
	plain_parser *pp = plain_new(capture, &f);
	line_cleaner *lc = lc_new();
	hb_memo *m = hb_new();
	static const char *const learn[] = {"aws_x.y[0]: Still creating... [10s elapsed]",
					    "aws_x.y[1]: Still creating... [10s elapsed]"};
	for (int i = 0; i < 2; i++) {
		hb_line h;
		assert_true(hb_shape(learn[i], strlen(learn[i]), &h));
		full a = parse(&pp, &f, lc, learn[i], 1);
		hb_learn(m, learn[i], strlen(learn[i]), &h, &a.events[0]);
	}
	static const char *const ask[] = {"aws_x.y[0]: Still creating... [20s elapsed]",
					  "aws_x.y[0]: Still creating... [1m0s elapsed]",
					  "aws_x.y[1]: Still creating... [20s elapsed]"};
	uint64_t tags[3];
	for (int i = 0; i < 3; i++) {
		hb_line h;
		ev e;
		assert_true(hb_shape(ask[i], strlen(ask[i]), &h));
		assert_true(hb_lookup(m, ask[i], strlen(ask[i]), &h, &e));
		tags[i] = e.key_tag;
	}
	assert_true(tags[0] != 0 && tags[0] == tags[1]);
	assert_true(tags[2] != 0 && tags[2] != tags[0]);
	hb_free(m);
	lc_free(lc);
	plain_free(pp);
}

static void test_shape(void **state)
{
	(void)state;
	hb_line h;
	const char *s = "\x1b[0m\x1b[1maws_x.y: Still creating... [1m2s elapsed]\x1b[0m\x1b[0m";
	assert_true(hb_shape(s, strlen(s), &h));
	assert_int_equal(h.head, strlen("\x1b[0m\x1b[1maws_x.y: Still creating... ["));
	assert_int_equal(h.tail, h.head + 4);
	assert_true(h.seconds == 62);
	static const char *const no[] = {
		"aws_x.y: Still creating... [1m2x elapsed]", "aws_x.y: Still creating... [elapsed]",
		"aws_x.y: Creation complete after 1s", "x [1s elapsed]", "aws_x.y: Still creating... [1s elapsed]x",
		"aws_x.y: Still creating... [1s1s elapsed]",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (hb_shape(no[i], strlen(no[i]), &h))
			fail_msg("'%s' taken for a heartbeat", no[i]);
	assert_true(hb_maybe(s, strlen(s)));
	assert_false(hb_maybe("2024-01-05T01:00:00Z aws_x.y: Still creating... [1s elapsed]", 60));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hits_match_the_full_parse),
		cmocka_unit_test(test_no_hit_without_the_like),
		cmocka_unit_test(test_key_tags),
		cmocka_unit_test(test_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
