/* test_markdown.c — the GitHub job-summary renderer: golden files, failures
 * first, markup from logs escaped, mermaid blocks valid and small, and the
 * 1 MiB budget kept by trimming with a note, whatever the input size. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "golden.h"
#include "report_model.h"

static tfc_report_options opts(void)
{
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.format = TFC_FORMAT_MARKDOWN;
	return o;
}

/* Every mermaid block: under 50,000 characters, labels free of : ; # %. */
static size_t check_mermaid(const char *md)
{
	size_t blocks = 0;
	for (const char *p = strstr(md, "```mermaid\n"); p; p = strstr(p, "```mermaid\n")) {
		const char *body = p + 11;
		const char *end = strstr(body, "```\n");
		assert_non_null(end);
		assert_true((size_t)(end - p) < 50000);
		assert_true(strncmp(body, "gantt\n", 6) == 0);
		bool in_section = false;
		for (const char *l = body; l < end;) {
			const char *nl = memchr(l, '\n', (size_t)(end - l));
			size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l);
			if (n > 12 && strncmp(l, "    section ", 12) == 0) {
				in_section = true;
			} else if (in_section && n > 4 && strncmp(l, "    %%", 6) != 0 && l[0] != '%') {
				/* "    LABEL :[crit, ]tN, START, DUR" — the label ends at the first ':' */
				const char *colon = memchr(l, ':', n);
				assert_non_null(colon);
				for (const char *c = l; c < colon; c++)
					assert_null(strchr(";#%<>\"`", *c));
				assert_non_null(memchr(colon, ',', n - (size_t)(colon - l)));
			}
			l += n + 1;
		}
		blocks++;
		p = end;
	}
	return blocks;
}

/* Lines of one table all have as many unescaped | as its header. */
static void check_tables(const char *md)
{
	int want = -1;
	for (const char *l = md; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n > 0 && l[0] == '|') {
			int pipes = 0;
			for (size_t i = 0; i < n; i++)
				pipes += l[i] == '|' && (i == 0 || l[i - 1] != '\\');
			if (want < 0)
				want = pipes;
			assert_int_equal(pipes, want);
		} else {
			want = -1;
		}
		l += n + (nl ? 1 : 0);
	}
}

static void golden_case(const char *name)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	tfc_report_options o = opts();
	size_t len;
	char *md = golden_render(tl, &o, render_markdown, &len);
	check_tables(md);
	assert_true(check_mermaid(md) >= 1);
	char file[128];
	snprintf(file, sizeof file, "%s.md", name);
	golden_check(file, md, len);
	free(md);
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

static void failures_first_and_measured_said(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("timed_apply");
	tfc_report_options o = opts();
	char *md = golden_render(tl, &o, render_markdown, NULL);
	const char *fail = strstr(md, "Failed operations (1)");
	const char *stages = strstr(md, "### Stages");
	assert_non_null(fail);
	assert_non_null(stages);
	assert_true(fail < stages);
	assert_non_null(strstr(md, "module.app\\[1\\].aws\\_instance.web | create | 30s | creating EC2 Instance"));
	assert_non_null(strstr(md, "**measured**"));
	assert_null(strstr(md, "Estimated figures"));
	assert_non_null(strstr(md, "<details><summary>All 9 operations</summary>"));
	free(md);
	tfc_timeline_free(tl);

	tl = golden_input("untimed_apply");
	md = golden_render(tl, &o, render_markdown, NULL);
	assert_non_null(strstr(md, "Estimated figures (marked ~)"));
	assert_non_null(strstr(md, "~4m"));
	free(md);
	tfc_timeline_free(tl);
}

static void hostile_keys_are_text(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("hostile");
	tfc_report_options o = opts();
	char *md = golden_render(tl, &o, render_markdown, NULL);
	assert_null(strstr(md, "<script"));
	assert_null(strstr(md, "<img"));
	assert_null(strstr(md, "@here"));
	assert_null(strstr(md, "a|b"));
	assert_non_null(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(md, "a&#124;b&#96;c\\*d\\_e"));
	free(md);
	tfc_timeline_free(tl);
}

/* A plain log of n operations with long for_each keys (and every fifth failing). */
static char *big_log(size_t n, size_t *len)
{
	size_t cap = n * 2600 + 4096, off = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	char key[700];
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "key-%zu-%0500zu", i, i);
		off += (size_t)snprintf(s + off, cap - off, "module.m%zu.aws_thing.t[\"%s\"]: Creating...\n", i % 7, key);
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "key-%zu-%0500zu", i, i);
		if (i % 5 == 4)
			continue;
		off += (size_t)snprintf(s + off, cap - off,
					"module.m%zu.aws_thing.t[\"%s\"]: Creation complete after %zum%zus [id=%zu]\n", i % 7,
					key, i % 13, i % 60, i);
	}
	for (size_t i = 4; i < n; i += 5) {
		snprintf(key, sizeof key, "key-%zu-%0500zu", i, i);
		off += (size_t)snprintf(s + off, cap - off,
					"Error: creating thing %zu: %0300zu\n\n  with module.m%zu.aws_thing.t[\"%s\"],\n"
					"  on main.tf line 1:\n\n",
					i, i, i % 7, key);
	}
	*len = off;
	return s;
}

static void budget_2000_operations(void **state)
{
	(void)state;
	size_t n;
	char *log = big_log(2000, &n);
	tfc_timeline *tl = tu_parse_buffer(log, n, "apply", "big.log", FEED_WHOLE, 0);
	free(log);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_int_equal(st->n_ops, 2000);
	tfc_report_options o = opts();
	o.top_n = 2000; /* a gantt of everything: still cut to stay valid */
	size_t len;
	char *md = golden_render(tl, &o, render_markdown, &len);
	printf("markdown of 2000 operations: %zu bytes\n", len);
	assert_true(len < (1u << 20));
	assert_true(len <= o.max_bytes);
	assert_int_equal(check_mermaid(md), 1);
	check_tables(md);
	/* it was trimmed, and says so */
	assert_non_null(strstr(md, "left out to keep this summary under GitHub's 1 MiB limit"));
	/* failures stay on top */
	assert_non_null(strstr(md, "Failed operations (400)"));
	free(md);

	/* a tight budget */
	o.max_bytes = 30000;
	md = golden_render(tl, &o, render_markdown, &len);
	assert_true(len <= 30000);
	assert_non_null(strstr(md, "left out"));
	assert_non_null(strstr(md, "### Stages"));
	check_tables(md);
	free(md);
	tfc_timeline_free(tl);
}

static void budget_many_stages(void **state)
{
	(void)state;
	/* 300 stages of 50 operations each, hand-built */
	enum { STAGES = 300 };
	rm_stage **m = malloc(STAGES * sizeof *m);
	tfc_stage *v = malloc(STAGES * sizeof *v);
	static char names[STAGES][16];
	static char addrs[STAGES][50][64];
	for (int s = 0; s < STAGES; s++) {
		snprintf(names[s], sizeof names[s], "stage-%03d", s);
		m[s] = rm_new(names[s], 1000.0 * s, 900);
		for (int i = 0; i < 50; i++) {
			snprintf(addrs[s][i], sizeof addrs[s][i], "module.mod%d.aws_x.y[%d]", i % 4, i);
			rm_add(m[s], addrs[s][i], TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, i * 10, 5 + i);
		}
		v[s] = m[s]->st;
	}
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(v, STAGES, &o);
	tfc_buf b = {0};
	assert_int_equal(render_markdown(a, &o, &b), TFC_OK);
	printf("markdown of %d stages: %zu bytes\n", STAGES, b.len);
	assert_true(b.len <= o.max_bytes);
	assert_int_equal(check_mermaid(b.data), STAGES);
	check_tables(b.data);
	assert_non_null(strstr(b.data, "stage-299"));
	tfc_buf_free(&b);
	analysis_free(a);
	for (int s = 0; s < STAGES; s++)
		free(m[s]);
	free(m);
	free(v);
}

static void empty_timeline(void **state)
{
	(void)state;
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(NULL, 0, &o);
	tfc_buf b = {0};
	assert_int_equal(render_markdown(a, &o, &b), TFC_OK);
	assert_non_null(strstr(b.data, "0 stages, 0 operations."));
	tfc_buf_free(&b);
	analysis_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(failures_first_and_measured_said),
		cmocka_unit_test(hostile_keys_are_text),
		cmocka_unit_test(budget_2000_operations),
		cmocka_unit_test(budget_many_stages),
		cmocka_unit_test(empty_timeline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
