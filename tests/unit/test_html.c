/* test_html.c — the self-contained HTML report: golden files (data and
 * markup, the embedded assets stubbed out), no network references, and the
 * embedded data parsed back with every hostile string intact and inert. */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "golden.h"

#define DATA_OPEN "<script type=\"application/json\" id=\"tfclock-data\">"

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The page with the CSS and JS bodies replaced by a marker, so the golden
 * files show the markup and data and do not churn with every asset edit. */
static char *strip_assets(const char *html, size_t *len)
{
	const char *css = strstr(html, "<style>\n"), *css_end = strstr(html, "</style>");
	const char *js = strstr(html, "</script>\n<script>\n"), *js_end = strstr(html, "</script>\n</body>");
	assert_non_null(css);
	assert_non_null(css_end);
	assert_non_null(js);
	assert_non_null(js_end);
	js += strlen("</script>\n<script>\n");
	size_t n = (size_t)(css + 8 - html) + 16 + (size_t)(js - css_end) + 15 + strlen(js_end);
	char *out = malloc(n + 1), *p = out;
	memcpy(p, html, (size_t)(css + 8 - html));
	p += css + 8 - html;
	memcpy(p, "/* report.css */", 16);
	p += 16;
	memcpy(p, css_end, (size_t)(js - css_end));
	p += js - css_end;
	memcpy(p, "/* report.js */", 15);
	p += 15;
	strcpy(p, js_end);
	*len = n;
	return out;
}

static json_t *data_of(const char *html)
{
	const char *p = strstr(html, DATA_OPEN);
	assert_non_null(p);
	p += strlen(DATA_OPEN);
	const char *end = strstr(p, "</script>");
	assert_non_null(end);
	json_error_t err;
	json_t *d = json_loadb(p, (size_t)(end - p), 0, &err);
	if (!d)
		fail_msg("embedded data is not JSON: %s", err.text);
	return d;
}

/* Markup checks on the page outside the embedded data (which is JSON in
 * which < cannot occur: it is \u003c). */
static void check_page(const char *page)
{
	const char *d = strstr(page, DATA_OPEN);
	assert_non_null(d);
	d += strlen(DATA_OPEN);
	const char *d_end = strstr(d, "</script>");
	assert_non_null(d_end);
	assert_null(memchr(d, '<', (size_t)(d_end - d)));
	assert_null(memchr(d, '>', (size_t)(d_end - d)));
	char *html = malloc(strlen(page) + 1);
	memcpy(html, page, (size_t)(d - page));
	strcpy(html + (d - page), d_end);
	assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(html, "Content-Security-Policy\" content=\"default-src 'none'"));
	/* self-contained: nothing loaded from anywhere */
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, " src="));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "url("));
	/* our two scripts and nothing a log could add */
	assert_int_equal(count(html, "<script"), 2);
	assert_int_equal(count(html, "</script>"), 2);
	assert_null(strstr(html, "<img"));
	free(html);
}

static void golden_case(const char *name, size_t ops)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	tfc_report_options o;
	tfc_report_options_default(&o);
	size_t len;
	char *html = golden_render(tl, &o, render_html, &len);
	check_page(html);
	json_t *d = data_of(html);
	json_t *st = json_array_get(json_object_get(d, "stages"), 0);
	assert_int_equal(json_array_size(json_object_get(st, "ops")), ops);
	assert_int_equal(json_array_size(json_object_get(d, "op_fields")),
			 json_array_size(json_array_get(json_object_get(st, "ops"), 0)));
	json_decref(d);
	size_t slen;
	char *stripped = strip_assets(html, &slen);
	char file[128];
	snprintf(file, sizeof file, "%s.html", name);
	golden_check(file, stripped, slen);
	free(stripped);
	free(html);
	tfc_timeline_free(tl);
}

static void golden_timed(void **state)
{
	(void)state;
	golden_case("timed_apply", 9);
}

static void golden_untimed(void **state)
{
	(void)state;
	golden_case("untimed_apply", 8);
}

static void golden_hostile(void **state)
{
	(void)state;
	golden_case("hostile", 6);
}

static void hostile_strings_survive_as_data(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("hostile");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *html = golden_render(tl, &o, render_html, NULL);
	assert_null(strstr(html, "<script>alert"));
	assert_null(strstr(html, "</script><img"));
	json_t *d = data_of(html);
	json_t *ops = json_object_get(json_array_get(json_object_get(d, "stages"), 0), "ops");
	size_t i;
	json_t *op;
	bool seen = false;
	json_array_foreach(ops, i, op) {
		const char *addr = json_string_value(json_array_get(op, 0));
		if (strcmp(addr, "null_resource.x[\"</script><img src=x onerror=alert(2)> & 'q' @here #1 : ; %%\"]") == 0)
			seen = true;
	}
	assert_true(seen);
	json_decref(d);
	free(html);
	tfc_timeline_free(tl);
}

static void assets_are_embedded(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("timed_apply");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *html = golden_render(tl, &o, render_html, NULL);
	/* the sources of report/assets, byte for byte */
	char *css = tu_read_file(tu_src_path("report/assets/report.css"), NULL);
	char *js = tu_read_file(tu_src_path("report/assets/report.js"), NULL);
	assert_non_null(css);
	assert_non_null(js);
	assert_non_null(strstr(html, css));
	assert_non_null(strstr(html, js));
	free(css);
	free(js);
	json_t *d = data_of(html);
	assert_string_equal(json_string_value(json_object_get(d, "times")), "measured");
	json_t *st = json_array_get(json_object_get(d, "stages"), 0);
	assert_true(json_real_value(json_object_get(st, "wall")) == 52 || json_integer_value(json_object_get(st, "wall")) == 52);
	assert_int_equal(json_integer_value(json_object_get(st, "conc_peak")), 2);
	assert_true(json_is_array(json_object_get(json_object_get(st, "rollups"), "module")));
	json_decref(d);
	free(html);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(hostile_strings_survive_as_data),
		cmocka_unit_test(assets_are_embedded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
