/* test_csv.c — one RFC 4180 row per operation with every field: golden
 * files, a real parse of the output (same width on every row), and no cell
 * a spreadsheet would run as a formula. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "golden.h"

typedef struct cells {
	char **v;
	size_t n;
} cells;

/* Parse one record at *p (RFC 4180); NULL at the end of input. */
static cells *record(const char **p)
{
	if (!**p)
		return NULL;
	cells *c = calloc(1, sizeof *c);
	c->v = calloc(128, sizeof *c->v);
	const char *s = *p;
	for (;;) {
		char *cell = calloc(1, strlen(s) + 1);
		size_t n = 0;
		if (*s == '"') {
			for (s++;; s++) {
				assert_true(*s != '\0'); /* unterminated quote */
				if (*s == '"' && s[1] == '"')
					cell[n++] = '"', s++;
				else if (*s == '"')
					break;
				else
					cell[n++] = *s;
			}
			s++;
		} else {
			while (*s && *s != ',' && *s != '\r' && *s != '\n') {
				assert_true(*s != '"'); /* quotes only in quoted cells */
				cell[n++] = *s++;
			}
		}
		assert_true(c->n < 128);
		c->v[c->n++] = cell;
		if (*s == ',') {
			s++;
			continue;
		}
		assert_true(s[0] == '\r' && s[1] == '\n');
		s += 2;
		break;
	}
	*p = s;
	return c;
}

static void cells_free(cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	free(c);
}

static size_t column(const cells *head, const char *name)
{
	for (size_t i = 0; i < head->n; i++)
		if (strcmp(head->v[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return 0;
}

/* Parse the whole output; every row as wide as the header, no formula cell. */
static size_t check_csv(const char *csv, cells **head_out)
{
	const char *p = csv;
	cells *head = record(&p);
	assert_non_null(head);
	size_t rows = 0;
	cells *r;
	while ((r = record(&p))) {
		assert_int_equal(r->n, head->n);
		for (size_t i = 0; i < r->n; i++) {
			char c = r->v[i][0];
			bool numeric = c == '-' && r->v[i][1] >= '0' && r->v[i][1] <= '9';
			assert_false(!numeric && (c == '=' || c == '+' || c == '@' || c == '\t' || c == '-'));
		}
		cells_free(r);
		rows++;
	}
	if (head_out)
		*head_out = head;
	else
		cells_free(head);
	return rows;
}

static void golden_case(const char *name, size_t want_rows)
{
	golden_env();
	tfc_timeline *tl = golden_input(name);
	tfc_report_options o;
	tfc_report_options_default(&o);
	size_t len;
	char *csv = golden_render(tl, &o, render_csv, &len);
	assert_int_equal(check_csv(csv, NULL), want_rows);
	char file[128];
	snprintf(file, sizeof file, "%s.csv", name);
	golden_check(file, csv, len);
	free(csv);
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

static void fields_of_the_json_report(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("timed_apply");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *csv = golden_render(tl, &o, render_csv, NULL);
	cells *head;
	check_csv(csv, &head);
	/* every field of a tfclock/1 operation has a column */
	const char *fields[] = {"address", "unit", "deposed", "module", "type", "name", "key", "mode", "action",
				"status", "duration_s", "reported_s", "elapsed_min_s", "started_at", "ended_at",
				"start_offset_s", "id", "error", "provider", "provider_s", "times_from",
				"helm_release", "source", "line", "seq", "timeline_start_s", "lane"};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		column(head, fields[i]);
	const char *p = strchr(csv, '\n') + 1;
	cells *r;
	bool found = false;
	while ((r = record(&p))) {
		if (strcmp(r->v[column(head, "address")], "module.app[1].aws_instance.web") == 0) {
			assert_string_equal(r->v[column(head, "status")], "failed");
			assert_string_equal(r->v[column(head, "error")], "creating EC2 Instance: InsufficientInstanceCapacity");
			assert_string_equal(r->v[column(head, "started_at")], "2024-05-01T10:00:20.100Z");
			assert_string_equal(r->v[column(head, "timeline")], "measured");
			assert_string_equal(r->v[column(head, "key")], "");
			found = true;
		}
		cells_free(r);
	}
	assert_true(found);
	cells_free(head);
	free(csv);
	tfc_timeline_free(tl);
}

static void formulas_neutralised(void **state)
{
	(void)state;
	tfc_timeline *tl = golden_input("hostile");
	tfc_report_options o;
	tfc_report_options_default(&o);
	char *csv = golden_render(tl, &o, render_csv, NULL);
	cells *head;
	check_csv(csv, &head);
	const char *p = strchr(csv, '\n') + 1;
	cells *r;
	int seen = 0;
	while ((r = record(&p))) {
		const char *key = r->v[column(head, "key")];
		if (strstr(key, "HYPERLINK")) {
			assert_string_equal(key, "'=HYPERLINK(\"http://evil\")");
			seen++;
		}
		if (strstr(key, "1+2")) {
			assert_string_equal(key, "'-1+2");
			seen++;
		}
		cells_free(r);
	}
	assert_int_equal(seen, 2);
	cells_free(head);
	free(csv);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_timed),
		cmocka_unit_test(golden_untimed),
		cmocka_unit_test(golden_hostile),
		cmocka_unit_test(fields_of_the_json_report),
		cmocka_unit_test(formulas_neutralised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
