/* test_escape.c — escaping of log strings for Markdown, mermaid, CSV and
 * JSON inside an HTML <script>, with invalid UTF-8 and elision. */
#include "testutil.h"

#include <string.h>

#include "escape.h"

typedef bool (*esc_fn)(tfc_buf *, const char *, size_t);

static void expect(esc_fn f, const char *in, size_t max, const char *want)
{
	tfc_buf b = {0};
	assert_true(f(&b, in, max));
	assert_string_equal(b.data ? b.data : "", want);
	tfc_buf_free(&b);
}

static void markdown(void **state)
{
	(void)state;
	expect(esc_markdown, "a_b*c", 0, "a\\_b\\*c");
	expect(esc_markdown, "x[\"<b>|`\"]", 0, "x\\[\"&lt;b&gt;&#124;&#96;\"\\]");
	expect(esc_markdown, "@team #1 & ~s~ $x$ !", 0, "&#64;team \\#1 &amp; \\~s\\~ \\$x\\$ \\!");
	expect(esc_markdown, "line\nbreak\r\ttab", 0, "line break  tab");
	expect(esc_markdown, "bad\xff" "byte\x01", 0, "bad\xEF\xBF\xBD" "byte\xEF\xBF\xBD");
	expect(esc_markdown, "ü✓", 0, "ü✓");
	/* 10 characters at most: 4 + … + 5 */
	expect(esc_markdown, "abcdefghijklmnop", 10, "abcd…lmnop");
	expect(esc_markdown, "short", 10, "short");
	tfc_buf b = {0};
	assert_true(esc_markdown(&b, NULL, 0));
	assert_int_equal(b.len, 0);
}

static void mermaid(void **state)
{
	(void)state;
	expect(esc_mermaid, "a.b[\"k:1;#2%\"]", 0, "a.b['k_1__2_']");
	expect(esc_mermaid, "<x> & `y` @z", 0, "_x_ _ _y_ _z");
	expect(esc_mermaid, "ü", 0, "?");
	expect(esc_mermaid, "module.very_long_name.aws_x.y", 11, "modul…s_x.y");
}

static void csv_cell(const char *in, const char *want)
{
	tfc_buf b = {0};
	assert_true(esc_csv(&b, in));
	assert_string_equal(b.data ? b.data : "", want);
	tfc_buf_free(&b);
}

static void csv(void **state)
{
	(void)state;
	csv_cell("plain", "plain");
	csv_cell(NULL, "");
	csv_cell("a,b", "\"a,b\"");
	csv_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_cell("two\nlines", "\"two\nlines\"");
	/* formulas are neutralised: a quote makes the cell text */
	csv_cell("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	csv_cell("+1", "\"'+1\"");
	csv_cell("-2", "\"'-2\"");
	csv_cell("@SUM(A1)", "\"'@SUM(A1)\"");
	csv_cell("\tx", "\"'\tx\"");
	csv_cell("a=b", "a=b");
	csv_cell("bad\xfe", "bad\xEF\xBF\xBD");
}

static void script_json(void **state)
{
	(void)state;
	const char *in = "{\"k\":\"</script><!-- & \xE2\x80\xA8\"}";
	tfc_buf b = {0};
	assert_true(esc_json_for_script(&b, in, strlen(in)));
	assert_string_equal(b.data, "{\"k\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"}");
	assert_null(strchr(b.data, '<'));
	tfc_buf_free(&b);
}

static void utf8(void **state)
{
	(void)state;
	assert_int_equal(esc_utf8_len((const unsigned char *)"a", 1), 1);
	assert_int_equal(esc_utf8_len((const unsigned char *)"\xC3\xBC", 2), 2);
	assert_int_equal(esc_utf8_len((const unsigned char *)"\xC3", 1), 0);
	assert_int_equal(esc_utf8_len((const unsigned char *)"\xC0\x80", 2), 0); /* overlong */
	assert_int_equal(esc_utf8_len((const unsigned char *)"\xED\xA0\x80", 3), 0); /* surrogate */
	assert_int_equal(esc_utf8_len((const unsigned char *)"\xF0\x9F\x98\x80", 4), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markdown),
		cmocka_unit_test(mermaid),
		cmocka_unit_test(csv),
		cmocka_unit_test(script_json),
		cmocka_unit_test(utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
