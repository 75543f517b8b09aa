/* test_text.c — the terminal report: golden files on the report fixtures
 * and the sample deploy, colour only when asked, lines within the width,
 * and no control byte from a log ever reaching the terminal. */
#include <string.h>

#include "golden.h"
#include "report_internal.h"

static char *render_text_of(const tfc_timeline *tl, bool color, int width, size_t *len)
{
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.color = color;
	o.width = width;
	return golden_render(tl, &o, render_text, len);
}

/* Columns of a line: UTF-8 code points, colour sequences not counted. */
static int columns(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\x1b') {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cols++;
	}
	return cols;
}

static void check_lines(const char *text, int width)
{
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)line[i];
			if ((c < 0x20 && c != 0x1b) || c == 0x7f)
				fail_msg("control byte 0x%02x in line: %.*s", c, (int)n, line);
		}
		/* every line fits: tables are cut, prose lines wrapped */
		if (columns(line, n) > width)
			fail_msg("line of %d columns in a %d-column report: %.*s", columns(line, n), width, (int)n, line);
		line = end ? end + 1 : line + n;
	}
}

static void golden_case(const char *name)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	size_t len;
	char *text = render_text_of(tl, false, 100, &len);
	assert_null(strchr(text, '\x1b'));
	check_lines(text, 100);
	char file[128];
	snprintf(file, sizeof file, "%s.txt", name);
	golden_check(file, text, len);
	free(text);
	text = render_text_of(tl, true, 100, &len);
	assert_non_null(strstr(text, "\x1b[1m"));
	check_lines(text, 100);
	free(text);
	tfc_timeline_free(tl);
}

static void golden_timed(void **state)
{
	(void)state;
	golden_case("timed_apply");
}

static void golden_untimed(void **state)
{
	(void)state;
	golden_case("untimed_apply");
}

static void golden_hostile(void **state)
{
	(void)state;
	golden_case("hostile");
}

/* The bundled sample: eight stages, a failure, Helm releases, a replace.
 * (Narrower than 80 columns the report keeps 80: its tables need them.) */
static void sample_deploy(void **state)
{
	(void)state;
	tfc_timeline *tl = tfc_timeline_new(NULL);
	tfc_error err;
	assert_int_equal(tfc_load_path(tl, tu_src_path("fixtures/sample-deploy-failed"), NULL, &err), TFC_OK);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	for (int width = 80; width <= 180; width += 50) {
		size_t len;
		char *text = render_text_of(tl, false, width, &len);
		check_lines(text, width);
		assert_non_null(strstr(text, "8 stages"));
		assert_non_null(strstr(text, "Failed (1)"));
		assert_non_null(strstr(text, "timed out waiting for the condition"));
		assert_non_null(strstr(text, "(measured)"));
		if (width == 130)
			golden_check("sample-deploy-failed.txt", text, len);
		free(text);
	}
	tfc_timeline_free(tl);
}

static void control_bytes_never_printed(void **state)
{
	(void)state;
	static const char log[] = "null_resource.x[\"bell\\a\x07 cr\r esc\x1b[2J\"]: Creating...\n";
	tfc_timeline *tl = tu_parse_buffer(log, sizeof log - 1, "s\x07tage", "in", FEED_WHOLE, 0);
	size_t len;
	char *text = render_text_of(tl, false, 100, &len);
	check_lines(text, 100);
	assert_non_null(strstr(text, "Unfinished"));
	free(text);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(sample_deploy),
		cmocka_unit_test(control_bytes_never_printed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
