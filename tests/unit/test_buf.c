/* test_buf.c — the output buffer: growth, formatting, JSON and HTML escaping. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "testutil.h"

static void test_grows_and_formats(void **state)
{
	(void)state;
	tfc_buf b = {0};
	for (int i = 0; i < 10000; i++)
		assert_true(buf_printf(&b, "%d,", i));
	assert_false(b.oom);
	assert_int_equal(strlen(b.data), b.len);
	assert_memory_equal(b.data, "0,1,2,", 6);
	assert_memory_equal(b.data + b.len - 5, "9999,", 5);
	tfc_buf_free(&b);
	assert_null(b.data);
	tfc_buf_free(NULL);
}

static void test_json_string_escapes_and_repairs_utf8(void **state)
{
	(void)state;
	tfc_buf b = {0};
	buf_put_json_string(&b, "a\"b\\c\nd\te\x01 café \xff end");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\nd\\te\\u0001 café \\ufffd end\"");
	b.len = 0;
	buf_put_json_string(&b, NULL);
	assert_string_equal(b.data, "null");
	b.len = 0;
	/* an overlong encoding and a lone surrogate are not valid UTF-8 */
	buf_put_json_string(&b, "\xc0\xaf|\xed\xa0\x80");
	assert_string_equal(b.data, "\"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd\"");
	tfc_buf_free(&b);
}

static void test_json_numbers_and_times(void **state)
{
	(void)state;
	tfc_buf b = {0};
	buf_put_json_number(&b, 12.0);
	buf_putc(&b, ' ');
	buf_put_json_number(&b, 0.1234);
	buf_putc(&b, ' ');
	buf_put_json_number(&b, NAN);
	buf_putc(&b, ' ');
	buf_put_json_number(&b, -0.0001);
	buf_putc(&b, ' ');
	buf_put_json_time(&b, 1704418088.594);
	assert_string_equal(b.data, "12 0.123 null 0 \"2024-01-05T01:28:08.594Z\"");
	tfc_buf_free(&b);
}

static void test_html_escapes_markup(void **state)
{
	(void)state;
	tfc_buf b = {0};
	buf_put_html(&b, "x[\"<script>alert('&')</script>\"]");
	assert_string_equal(b.data, "x[&quot;&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;&quot;]");
	tfc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_and_formats),
		cmocka_unit_test(test_json_string_escapes_and_repairs_utf8),
		cmocka_unit_test(test_json_numbers_and_times),
		cmocka_unit_test(test_html_escapes_markup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
