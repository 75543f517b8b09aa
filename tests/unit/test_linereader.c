/* test_linereader.c — line splitting: terminators, BOMs, UTF-16LE, the line
 * limit, and identical results whatever the chunk sizes. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linereader.h"

/* What the reader reported, serialised: "<lineno>|<bytes>\n" per line and
 * "!<lineno>|<message>\n" per problem, in call order. */
typedef struct rec {
	char *log;
	size_t len, cap;
	size_t lines;   /* lines the callback received */
	uint64_t total; /* lr_lines() at the end: skipped lines too */
	size_t stop_at; /* return an error from this line on (0: never) */
} rec;

static void rec_put(rec *r, const void *p, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		while (cap < r->len + n + 1)
			cap *= 2;
		r->log = realloc(r->log, cap);
		assert_non_null(r->log);
		r->cap = cap;
	}
	memcpy(r->log + r->len, p, n);
	r->len += n;
	r->log[r->len] = '\0';
}

static tfc_rc on_line(void *ctx, const char *line, size_t len, uint64_t lineno)
{
	rec *r = ctx;
	char num[32];
	int k = snprintf(num, sizeof num, "%llu|", (unsigned long long)lineno);
	rec_put(r, num, (size_t)k);
	rec_put(r, line, len);
	rec_put(r, "\n", 1);
	r->lines++;
	if (r->stop_at && r->lines >= r->stop_at)
		return TFC_EINVAL;
	return TFC_OK;
}

static void on_problem(void *ctx, uint64_t lineno, const char *message)
{
	rec *r = ctx;
	char num[32];
	int k = snprintf(num, sizeof num, "!%llu|", (unsigned long long)lineno);
	rec_put(r, num, (size_t)k);
	rec_put(r, message, strlen(message));
	rec_put(r, "\n", 1);
}

/* Feeds buf to a new reader in chunks of `chunk` bytes (0: whole, SIZE_MAX:
 * random sizes from seed), finishes, returns the record. */
static rec run(const void *buf, size_t len, size_t max, size_t chunk, unsigned seed)
{
	rec r = {0};
	linereader *lr = lr_new(max, on_line, on_problem, &r);
	assert_non_null(lr);
	const char *p = buf;
	size_t off = 0;
	srand(seed);
	while (off < len) {
		size_t n = len - off;
		if (chunk == SIZE_MAX) {
			size_t want = 1 + (size_t)rand() % 9000;
			n = want < n ? want : n;
		} else if (chunk > 0 && chunk < n) {
			n = chunk;
		}
		assert_int_equal(lr_feed(lr, p + off, n), TFC_OK);
		off += n;
	}
	assert_int_equal(lr_finish(lr), TFC_OK);
	assert_int_equal(lr_finish(lr), TFC_OK); /* a second finish changes nothing */
	r.total = lr_lines(lr);
	lr_free(lr);
	if (!r.log)
		rec_put(&r, "", 0);
	return r;
}

/* Runs buf whole, byte by byte, in several fixed and random chunkings;
 * asserts they agree and returns the whole-buffer record. */
static rec run_all(const void *buf, size_t len, size_t max)
{
	rec whole = run(buf, len, max, 0, 0);
	const size_t fixed[] = {1, 2, 3, 7, 64, 4095};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		rec r = run(buf, len, max, fixed[i], 0);
		if (r.len != whole.len || memcmp(r.log, whole.log, r.len) != 0)
			fail_msg("chunks of %zu differ:\n%s\nvs whole:\n%s", fixed[i], r.log, whole.log);
		free(r.log);
	}
	for (unsigned seed = 1; seed <= 5; seed++) {
		rec r = run(buf, len, max, SIZE_MAX, seed);
		if (r.len != whole.len || memcmp(r.log, whole.log, r.len) != 0)
			fail_msg("random chunks (seed %u) differ", seed);
		free(r.log);
	}
	return whole;
}

#define MAX 1048576

static void expect(const void *buf, size_t len, size_t max, const char *want)
{
	rec r = run_all(buf, len, max);
	assert_string_equal(r.log, want);
	free(r.log);
}

#define EXPECT_MAX(lit, max, want) expect((lit), sizeof(lit) - 1, (max), (want))
#define EXPECT(lit, want) EXPECT_MAX(lit, MAX, want)

static void test_terminators(void **state)
{
	(void)state;
	EXPECT("", "");
	EXPECT("\n", "1|\n");
	EXPECT("a\nb\n", "1|a\n2|b\n");
	EXPECT("a\nb", "1|a\n2|b\n"); /* a last line without newline is flushed */
	EXPECT("a\r\nb\r\n", "1|a\n2|b\n");
	EXPECT("a\r\r\n", "1|a\r\n");     /* one \r stripped, not all */
	EXPECT("a\rb\n", "1|a\rb\n");     /* a lone \r inside a line stays */
	EXPECT("a\r", "1|a\n");           /* and at the end of input */
	EXPECT("\n\n\r\n\n", "1|\n2|\n3|\n4|\n");
	EXPECT("x\ny\r", "1|x\n2|y\n");
}

static void test_boms(void **state)
{
	(void)state;
	EXPECT("\xEF\xBB\xBF" "abc\n", "1|abc\n");
	EXPECT("\xEF\xBB\xBF", "");
	EXPECT("\xEF\xBB\xBF\n", "1|\n");
	/* only at the very start */
	EXPECT("a\n\xEF\xBB\xBF" "b\n", "1|a\n2|\xEF\xBB\xBF" "b\n");
	/* something that only starts like a BOM is data */
	EXPECT("\xEF\xBB" "x\n", "1|\xEF\xBB" "x\n");
	EXPECT("\xEF\n", "1|\xEF\n");
	EXPECT("\xEF", "1|\xEF\n");
	EXPECT("\xEF\xBB", "1|\xEF\xBB\n");
	EXPECT("\xFF" "a\n", "1|\xFF" "a\n");
	EXPECT("\xFF", "1|\xFF\n");
	EXPECT("\xFE\xFF" "a\n", "1|\xFE\xFF" "a\n");
}

static void test_nul_and_invalid_utf8(void **state)
{
	(void)state;
	static const char in[] = "a\0b\n\xC3\x28\xFF\xFE\x80\n\0\n";
	rec r = run_all(in, sizeof in - 1, MAX);
	static const char want[] = "1|a\0b\n2|\xC3\x28\xFF\xFE\x80\n3|\0\n";
	assert_int_equal(r.len, sizeof want - 1);
	assert_memory_equal(r.log, want, sizeof want - 1);
	free(r.log);
}

/* "FF FE" then UTF-16LE of: "hi\r\n", U+00E9, U+20AC, U+1F600 (D83D DE00),
 * "\n", a lone low surrogate, a lone high surrogate before "x", "\n". */
static const unsigned char utf16[] = {
	0xFF, 0xFE, 'h', 0, 'i', 0, '\r', 0, '\n', 0,
	0xE9, 0x00, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE, '\n', 0,
	0x00, 0xDC, 0x3D, 0xD8, 'x', 0, '\n', 0,
};
static const char utf16_want[] = "1|hi\n2|\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n"
				 "3|\xEF\xBF\xBD\xEF\xBF\xBDx\n";

static void test_utf16le(void **state)
{
	(void)state;
	expect(utf16, sizeof utf16, MAX, utf16_want);
	/* the surrogate pair split at every byte across two feeds */
	for (size_t cut = 0; cut <= sizeof utf16; cut++) {
		rec r = {0};
		linereader *lr = lr_new(MAX, on_line, on_problem, &r);
		assert_non_null(lr);
		assert_int_equal(lr_feed(lr, utf16, cut), TFC_OK);
		assert_int_equal(lr_feed(lr, utf16 + cut, sizeof utf16 - cut), TFC_OK);
		assert_int_equal(lr_finish(lr), TFC_OK);
		lr_free(lr);
		assert_string_equal(r.log, utf16_want);
		free(r.log);
	}
}

static void test_utf16le_tails(void **state)
{
	(void)state;
	/* no final newline; a high surrogate left at the end becomes U+FFFD */
	static const unsigned char hi_end[] = {0xFF, 0xFE, 'a', 0, 0x3D, 0xD8};
	expect(hi_end, sizeof hi_end, MAX, "1|a\xEF\xBF\xBD\n");
	/* an odd trailing byte is reported on the line it belongs to */
	static const unsigned char odd[] = {0xFF, 0xFE, 'a', 0, '\n', 0, 'b', 0, 'c'};
	expect(odd, sizeof odd, MAX,
	       "1|a\n!2|odd trailing byte in UTF-16 input dropped\n2|b\n");
	/* NUL code units pass through as NUL bytes */
	static const unsigned char nul[] = {0xFF, 0xFE, 0, 0, 'z', 0};
	rec r = run_all(nul, sizeof nul, MAX);
	assert_int_equal(r.len, 5);
	assert_memory_equal(r.log, "1|\0z\n", 5);
	free(r.log);
	/* only a BOM */
	static const unsigned char bom[] = {0xFF, 0xFE};
	expect(bom, sizeof bom, MAX, "");
}

static void test_utf16le_large(void **state)
{
	(void)state;
	/* More than one transcoding slice, lines crossing slice boundaries. */
	size_t units = 200000;
	unsigned char *buf = malloc(2 + units * 2);
	assert_non_null(buf);
	buf[0] = 0xFF;
	buf[1] = 0xFE;
	for (size_t i = 0; i < units; i++) {
		unsigned u = (i % 37 == 36) ? '\n' : 0x0400 + (unsigned)(i % 37); /* Cyrillic */
		buf[2 + 2 * i] = (unsigned char)(u & 0xFF);
		buf[3 + 2 * i] = (unsigned char)(u >> 8);
	}
	rec r = run_all(buf, 2 + units * 2, MAX);
	assert_int_equal(r.lines, units / 37 + (units % 37 ? 1 : 0));
	/* line 1 is 36 two-byte characters */
	assert_memory_equal(r.log, "1|\xD0\x80\xD0\x81", 6);
	assert_int_equal(strchr(r.log, '\n') - r.log, 2 + 72);
	free(r.log);
	free(buf);
}

static void test_long_line_skipped(void **state)
{
	(void)state;
	size_t big = 5u << 20;
	const char head[] = "first\nsecond\n";
	const char tail[] = "\nafter the long one\nlast";
	size_t len = sizeof head - 1 + big + sizeof tail - 1;
	char *buf = malloc(len);
	assert_non_null(buf);
	memcpy(buf, head, sizeof head - 1);
	memset(buf + sizeof head - 1, 'x', big);
	memcpy(buf + sizeof head - 1 + big, tail, sizeof tail - 1);
	const char *want = "1|first\n2|second\n"
			   "!3|line longer than 1048576 bytes skipped\n"
			   "4|after the long one\n5|last\n";
	expect(buf, len, MAX, want);
	/* unterminated at the end of input: still counted, still reported */
	rec r = run(buf, sizeof head - 1 + big, MAX, 65536, 0);
	assert_string_equal(r.log, "1|first\n2|second\n!3|line longer than 1048576 bytes skipped\n");
	assert_int_equal(r.lines, 2);
	assert_int_equal(r.total, 3);
	free(r.log);
	free(buf);
}

static void test_limit_edges(void **state)
{
	(void)state;
	/* limit 4: "abcd" fits, "abcd\r" fits (the \r is the terminator),
	 * "abcde" does not, two long lines in a row are each reported. */
	EXPECT("", "");
	EXPECT_MAX("abcd\nabcd\r\nabcde\nxy\nabcdefgh\r\n123456\nok", 4,
	       "1|abcd\n2|abcd\n!3|line longer than 4 bytes skipped\n4|xy\n"
	       "!5|line longer than 4 bytes skipped\n!6|line longer than 4 bytes skipped\n"
	       "7|ok\n");
	EXPECT_MAX("abcd\r", 4, "1|abcd\n");
	EXPECT_MAX("abcde\r", 4, "!1|line longer than 4 bytes skipped\n");
	EXPECT_MAX("a\rbcd\n", 4, "!1|line longer than 4 bytes skipped\n");
	EXPECT_MAX("\xEF\xBB\xBF" "abcd\n", 4, "1|abcd\n"); /* the BOM is not counted */
}

static void test_lr_lines_and_errors(void **state)
{
	(void)state;
	rec r = {0};
	linereader *lr = lr_new(4, on_line, on_problem, &r);
	assert_non_null(lr);
	assert_int_equal(lr_feed(lr, "a\nbbbbbbb\nc", 11), TFC_OK);
	assert_int_equal(lr_lines(lr), 2); /* the skipped line counts */
	assert_int_equal(lr_finish(lr), TFC_OK);
	assert_int_equal(lr_lines(lr), 3);
	assert_int_equal(lr_feed(lr, "x\n", 2), TFC_EINVAL); /* after finish */
	lr_free(lr);
	free(r.log);

	/* a callback's error stops the reader and sticks */
	rec s = {.stop_at = 2};
	lr = lr_new(100, on_line, NULL, &s);
	assert_non_null(lr);
	assert_int_equal(lr_feed(lr, "1\n2\n3\n", 6), TFC_EINVAL);
	assert_int_equal(s.lines, 2);
	assert_int_equal(lr_feed(lr, "4\n", 2), TFC_EINVAL);
	assert_int_equal(lr_finish(lr), TFC_EINVAL);
	assert_int_equal(s.lines, 2);
	lr_free(lr);
	free(s.log);

	assert_null(lr_new(0, on_line, NULL, NULL));
	assert_null(lr_new(10, NULL, NULL, NULL));
	assert_int_equal(lr_feed(NULL, "x", 1), TFC_EINVAL);
	lr = lr_new(10, on_line, NULL, &r);
	assert_int_equal(lr_feed(lr, NULL, 1), TFC_EINVAL);
	assert_int_equal(lr_feed(lr, NULL, 0), TFC_OK);
	lr_free(lr);
	lr_free(NULL);
}

/* Lines wholly inside a chunk come straight from the caller's buffer. */
typedef struct where {
	const char *lo, *hi;
	int inside;
} where;

static tfc_rc note_where(void *ctx, const char *line, size_t len, uint64_t lineno)
{
	where *w = ctx;
	if (line >= w->lo && line + len <= w->hi)
		w->inside++;
	return TFC_OK;
}

static void test_zero_copy(void **state)
{
	(void)state;
	static const char buf[] = "one\ntwo\nthree\nfour";
	where w = {buf, buf + sizeof buf - 1, 0};
	linereader *lr = lr_new(100, note_where, NULL, &w);
	assert_non_null(lr);
	assert_int_equal(lr_feed(lr, buf, 10), TFC_OK); /* "one\ntwo\nth" */
	assert_int_equal(w.inside, 2);
	assert_int_equal(lr_feed(lr, buf + 10, sizeof buf - 11), TFC_OK);
	assert_int_equal(lr_finish(lr), TFC_OK);
	assert_int_equal(w.inside, 2); /* "three" and "four" were carried */
	lr_free(lr);
}

/* A mixed fixture: every kind of line, in every chunking. */
static void test_chunked_equivalence(void **state)
{
	(void)state;
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	memcpy(buf, "\xEF\xBB\xBF", 3);
	len = 3;
	srand(7);
	for (int i = 0; len + 300 < cap; i++) {
		int kind = rand() % 6;
		size_t n = (size_t)(rand() % 200);
		for (size_t j = 0; j < n; j++)
			buf[len++] = (char)(kind == 5 ? rand() % 256 : 'a' + rand() % 26);
		if (kind == 1)
			buf[len++] = '\r';
		if (kind == 2)
			buf[len++] = '\0';
		buf[len++] = '\n';
	}
	rec r = run_all(buf, len, 150);
	assert_true(r.lines > 1000);
	assert_non_null(memmem(r.log, r.len, "line longer than 150 bytes skipped", 34));
	free(r.log);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminators),
		cmocka_unit_test(test_boms),
		cmocka_unit_test(test_nul_and_invalid_utf8),
		cmocka_unit_test(test_utf16le),
		cmocka_unit_test(test_utf16le_tails),
		cmocka_unit_test(test_utf16le_large),
		cmocka_unit_test(test_long_line_skipped),
		cmocka_unit_test(test_limit_edges),
		cmocka_unit_test(test_lr_lines_and_errors),
		cmocka_unit_test(test_zero_copy),
		cmocka_unit_test(test_chunked_equivalence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
