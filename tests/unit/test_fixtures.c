/* test_fixtures.c — the data-driven fixture runner: every fixtures/cases/<case>/
 * holding an expected.json is parsed and its tfclock/1 JSON report compared
 * with it (see fixtures/README.md). Cases are found at run time, so a new
 * folder is a new test; `test_fixtures <case>…` runs only those cases. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NUM_TOLERANCE 1e-3

typedef struct fixture_case {
	char name[256];
	char dir[4400];
} fixture_case;

/* ---- a growable message list, so one run shows every mismatch of a case -- */

typedef struct report {
	char *text;
	size_t len, cap;
	int n;
} report;

static void note(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(report *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	size_t n = strlen(line);
	if (r->len + n + 2 > r->cap) {
		size_t cap = (r->cap ? r->cap * 2 : 4096) + n + 2;
		char *t = realloc(r->text, cap);
		assert_non_null(t);
		r->text = t;
		r->cap = cap;
	}
	memcpy(r->text + r->len, line, n);
	r->len += n;
	r->text[r->len++] = '\n';
	r->text[r->len] = '\0';
	r->n++;
}

/* A JSON value as compact text for messages; caller frees. */
static char *show(const json_t *v)
{
	if (!v)
		return strdup("(absent)");
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	return s ? s : strdup("(unprintable)");
}

/* ---- RFC 3339 times, compared as instants (fractions are rendered to ms) -- */

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* "2024-01-01T12:00:00.123Z" → epoch seconds; false when not that shape. */
static bool parse_rfc3339(const char *s, double *out)
{
	int y, mo, d, h, mi, sec, used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 || used != 19)
		return false;
	double frac = 0;
	const char *p = s + used;
	if (*p == '.') {
		double scale = 0.1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	double zone = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int zh, zm;
		if (sscanf(p + 1, "%2d:%2d", &zh, &zm) != 2)
			return false;
		zone = (*p == '+' ? 1 : -1) * (zh * 3600.0 + zm * 60.0);
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	*out = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400.0 + h * 3600.0 + mi * 60.0 +
	       sec + frac - zone;
	return true;
}

/* ---- comparing an expected JSON value with the actual one ---------------- */

static bool is_time_field(const char *field)
{
	return strcmp(field, "started_at") == 0 || strcmp(field, "ended_at") == 0;
}

/* Expected objects are subsets (only the fields given are checked); arrays
 * must have the same length; numbers agree within NUM_TOLERANCE. Appends
 * "where: field: expected …, got …" lines to r. */
static void compare_value(report *r, const char *where, const char *field, const json_t *exp,
			  const json_t *act)
{
	bool ok = true;
	if (!act) {
		ok = false;
	} else if (json_is_number(exp)) {
		ok = json_is_number(act) &&
		     fabs(json_number_value(exp) - json_number_value(act)) <= NUM_TOLERANCE;
	} else if (json_is_string(exp)) {
		double te, ta;
		if (!json_is_string(act))
			ok = false;
		else if (is_time_field(field) && parse_rfc3339(json_string_value(exp), &te) &&
			 parse_rfc3339(json_string_value(act), &ta))
			ok = fabs(te - ta) <= NUM_TOLERANCE;
		else
			ok = json_string_length(exp) == json_string_length(act) &&
			     memcmp(json_string_value(exp), json_string_value(act), json_string_length(exp)) == 0;
	} else if (json_is_object(exp)) {
		if (!json_is_object(act)) {
			ok = false;
		} else {
			const char *k;
			json_t *v;
			char sub[1024];
			json_object_foreach((json_t *)exp, k, v) {
				snprintf(sub, sizeof sub, "%s.%s", field, k);
				compare_value(r, where, sub, v, json_object_get(act, k));
			}
			return;
		}
	} else if (json_is_array(exp)) {
		if (!json_is_array(act) || json_array_size(act) != json_array_size(exp)) {
			ok = false;
		} else {
			char sub[1024];
			for (size_t i = 0; i < json_array_size(exp); i++) {
				snprintf(sub, sizeof sub, "%s[%zu]", field, i);
				compare_value(r, where, sub, json_array_get(exp, i), json_array_get(act, i));
			}
			return;
		}
	} else {
		/* null, true, false */
		ok = json_equal((json_t *)exp, (json_t *)act);
	}
	if (!ok) {
		char *e = show(exp), *a = show(act);
		note(r, "%s: field %s: expected %s, got %s", where, field, e, a);
		free(e);
		free(a);
	}
}

/* How many of the expected op's fields the actual op fails (no messages). */
static int count_mismatches(const json_t *exp_op, const json_t *act_op)
{
	report quiet = {0};
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)exp_op, k, v)
		compare_value(&quiet, "", k, v, json_object_get(act_op, k));
	free(quiet.text);
	return quiet.n;
}

/* A field of an operation as a string for matching: NULL for null/absent. */
static const char *op_str(const json_t *op, const char *field)
{
	const json_t *v = json_object_get(op, field);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool same_opt(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Operations are one per (unit, address, deposed, action); absent in the
 * expected op means null. */
static bool same_identity(const json_t *exp_op, const json_t *act_op)
{
	return same_opt(op_str(exp_op, "address"), op_str(act_op, "address")) &&
	       same_opt(op_str(exp_op, "action"), op_str(act_op, "action")) &&
	       same_opt(op_str(exp_op, "deposed"), op_str(act_op, "deposed")) &&
	       same_opt(op_str(exp_op, "unit"), op_str(act_op, "unit"));
}

static void describe_op(const json_t *op, char *buf, size_t size)
{
	const char *unit = op_str(op, "unit"), *dep = op_str(op, "deposed");
	snprintf(buf, size, "%s%s%s%s%s %s (%s)", unit ? "[" : "", unit ? unit : "", unit ? "] " : "",
		 op_str(op, "address") ? op_str(op, "address") : "?",
		 dep ? " (deposed)" : "", op_str(op, "action") ? op_str(op, "action") : "?",
		 op_str(op, "status") ? op_str(op, "status") : "?");
	if (dep) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, " deposed=%s", dep);
	}
}

static void compare_operations(report *r, const char *where, const json_t *exp_ops,
			       const json_t *act_ops)
{
	if (!json_is_array(act_ops)) {
		note(r, "%s: no operations array in the report", where);
		return;
	}
	size_t ne = json_array_size(exp_ops), na = json_array_size(act_ops);
	bool *used = calloc(na ? na : 1, sizeof *used);
	assert_non_null(used);
	char desc[1024], opwhere[1400];
	for (size_t i = 0; i < ne; i++) {
		const json_t *e = json_array_get(exp_ops, i);
		/* Among unmatched operations with the same identity, prefer one that
		 * agrees on every field (an address may repeat, e.g. open twice). */
		size_t best = na;
		int best_bad = 0;
		for (size_t j = 0; j < na; j++) {
			const json_t *a = json_array_get(act_ops, j);
			if (used[j] || !same_identity(e, a))
				continue;
			int bad = count_mismatches(e, a);
			if (best == na || bad < best_bad) {
				best = j;
				best_bad = bad;
			}
			if (bad == 0)
				break;
		}
		describe_op(e, desc, sizeof desc);
		if (best == na) {
			note(r, "%s: missing operation %s", where, desc);
			continue;
		}
		used[best] = true;
		snprintf(opwhere, sizeof opwhere, "%s: op %s", where, desc);
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)e, k, v)
			compare_value(r, opwhere, k, v, json_object_get(json_array_get(act_ops, best), k));
	}
	if (ne != na)
		note(r, "%s: expected %zu operations, got %zu", where, ne, na);
	for (size_t j = 0; j < na; j++) {
		if (!used[j]) {
			describe_op(json_array_get(act_ops, j), desc, sizeof desc);
			note(r, "%s: unexpected operation %s", where, desc);
		}
	}
	free(used);
}

/* Keys of an expected stage that are instructions to the runner, not fields. */
static bool is_runner_key(const char *k)
{
	return strcmp(k, "operations") == 0 || strcmp(k, "min_warnings") == 0 ||
	       strcmp(k, "max_warnings") == 0 || strcmp(k, "about") == 0;
}

static void compare_report(report *r, const char *case_name, const json_t *expected,
			   const json_t *actual)
{
	const json_t *es = json_object_get(expected, "stages");
	const json_t *as = json_object_get(actual, "stages");
	if (!json_is_array(es)) {
		note(r, "%s: expected.json has no \"stages\" array", case_name);
		return;
	}
	if (!json_is_string(json_object_get(actual, "schema")) ||
	    strcmp(json_string_value(json_object_get(actual, "schema")), TFC_SCHEMA) != 0)
		note(r, "%s: report schema is not %s", case_name, TFC_SCHEMA);
	if (!json_is_array(as)) {
		note(r, "%s: report has no \"stages\" array", case_name);
		return;
	}
	if (json_array_size(es) != json_array_size(as))
		note(r, "%s: expected %zu stages, got %zu", case_name, json_array_size(es),
		     json_array_size(as));
	size_t n = json_array_size(es) < json_array_size(as) ? json_array_size(es) : json_array_size(as);
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(es, i), *a = json_array_get(as, i);
		char where[1024];
		const char *sname = json_string_value(json_object_get(a, "name"));
		snprintf(where, sizeof where, "%s: stage %zu (%s)", case_name, i, sname ? sname : "?");
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)e, k, v) {
			if (!is_runner_key(k))
				compare_value(r, where, k, v, json_object_get(a, k));
		}
		size_t nw = json_array_size(json_object_get(a, "warnings"));
		const json_t *minw = json_object_get(e, "min_warnings");
		if (json_is_integer(minw) && (json_int_t)nw < json_integer_value(minw))
			note(r, "%s: expected at least %lld warnings, got %zu", where,
			     (long long)json_integer_value(minw), nw);
		const json_t *maxw = json_object_get(e, "max_warnings");
		if (json_is_integer(maxw) && (json_int_t)nw > json_integer_value(maxw)) {
			note(r, "%s: expected at most %lld warnings, got %zu", where,
			     (long long)json_integer_value(maxw), nw);
			for (size_t w = 0; w < nw; w++) {
				char *s = show(json_array_get(json_object_get(a, "warnings"), w));
				note(r, "%s:   warning %s", where, s);
				free(s);
			}
		}
		compare_operations(r, where, json_object_get(e, "operations"), json_object_get(a, "operations"));
	}
}

/* ---- producing the actual report ----------------------------------------- */

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static unsigned name_seed(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Where the first difference between two renderings is, for the message. */
static void note_render_diff(report *r, const char *case_name, const char *what, const char *a,
			     const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	size_t from = i > 60 ? i - 60 : 0;
	note(r, "%s: %s rendering differs from the whole-buffer one at byte %zu:\n  whole: %.120s\n  %s: %.120s",
	     case_name, what, i, a + from, what, b + from);
}

/* Single input file: parsed whole, byte by byte and in random chunks; the
 * three JSON renderings must be identical. Returns the whole rendering. */
static char *render_single(report *r, const fixture_case *c, const char *path)
{
	size_t len = 0;
	char *buf = tu_read_file(path, &len);
	if (!buf) {
		note(r, "%s: cannot read %s", c->name, path);
		return NULL;
	}
	static const struct {
		feed_mode mode;
		const char *what;
	} modes[] = {{FEED_WHOLE, "whole"}, {FEED_BYTES, "byte-by-byte"}, {FEED_RANDOM, "random-chunk"}};
	char *first = NULL;
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		/* Two seeds for the random chunks: the same fixed one every run,
		 * and one from the case name, so cases split differently. */
		for (unsigned s = 0; s < (modes[m].mode == FEED_RANDOM ? 2u : 1u); s++) {
			unsigned seed = s ? name_seed(c->name) : 12345u;
			tfc_timeline *tl = tu_parse_buffer(buf, len, c->name, "input.log", modes[m].mode, seed);
			char *json = tu_render(tl, TFC_FORMAT_JSON);
			tfc_timeline_free(tl);
			if (!first) {
				first = json;
			} else {
				if (strcmp(first, json) != 0)
					note_render_diff(r, c->name, modes[m].what, first, json);
				free(json);
			}
		}
	}
	free(buf);
	return first;
}

/* A folder (input/) or a path named by input.path, read with tfc_load_path. */
static char *render_path(report *r, const fixture_case *c, const char *path)
{
	tfc_timeline *tl = tfc_timeline_new(NULL);
	assert_non_null(tl);
	tfc_error err;
	memset(&err, 0, sizeof err);
	tfc_rc rc = tfc_load_path(tl, path, NULL, &err);
	if (rc != TFC_OK) {
		note(r, "%s: tfc_load_path(%s) failed (%d): %s: %s", c->name, path, (int)rc, err.source,
		     err.message);
		tfc_timeline_free(tl);
		return NULL;
	}
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	char *json = tu_render(tl, TFC_FORMAT_JSON);
	tfc_timeline_free(tl);
	return json;
}

/* input.path holds one line: a path relative to the case folder (used by the
 * bundled sample deploys, which live outside fixtures/cases). */
static bool read_input_path(const fixture_case *c, char *out, size_t size)
{
	char p[4700];
	snprintf(p, sizeof p, "%s/input.path", c->dir);
	size_t len = 0;
	char *text = tu_read_file(p, &len);
	if (!text)
		return false;
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		text[--len] = '\0';
	snprintf(out, size, "%s/%s", c->dir, text);
	free(text);
	return true;
}

static void run_case(void **state)
{
	const fixture_case *c = *state;
	report r = {0};
	char path[4700], expected_path[4700];
	snprintf(expected_path, sizeof expected_path, "%s/expected.json", c->dir);
	json_error_t jerr;
	json_t *expected = json_load_file(expected_path, 0, &jerr);
	if (!expected) {
		print_error("%s: expected.json: line %d: %s\n", c->name, jerr.line, jerr.text);
		fail();
	}

	char *json = NULL;
	snprintf(path, sizeof path, "%s/input.log", c->dir);
	if (is_file(path)) {
		json = render_single(&r, c, path);
	} else {
		snprintf(path, sizeof path, "%s/input", c->dir);
		if (is_dir(path) || read_input_path(c, path, sizeof path))
			json = render_path(&r, c, path);
		else
			note(&r, "%s: no input.log, input/ or input.path", c->name);
	}

	if (json) {
		json_t *actual = json_loads(json, 0, &jerr);
		if (!actual) {
			note(&r, "%s: the JSON report does not parse: line %d col %d: %s", c->name, jerr.line,
			     jerr.column, jerr.text);
		} else {
			compare_report(&r, c->name, expected, actual);
			json_decref(actual);
		}
		if (r.n && getenv("TFC_FIXTURE_DUMP"))
			fprintf(stderr, "---- %s: actual report ----\n%s\n", c->name, json);
		free(json);
	}
	json_decref(expected);
	if (r.n) {
		/* cmocka formats each message into a 1 KiB buffer: one call per line. */
		print_error("%d mismatch(es):\n", r.n);
		for (char *ln = r.text, *nl; ln && *ln; ln = nl ? nl + 1 : NULL) {
			nl = strchr(ln, '\n');
			print_error("%.*s\n", nl ? (int)(nl - ln) : (int)strlen(ln), ln);
		}
		free(r.text);
		fail();
	}
	free(r.text);
}

/* ---- discovering the cases ----------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const fixture_case *)a)->name, ((const fixture_case *)b)->name);
}

/* Every folder under fixtures/cases holding an expected.json, by name. */
static size_t find_cases(fixture_case **out)
{
	char root[4096];
	snprintf(root, sizeof root, "%s", tu_src_path("fixtures/cases"));
	DIR *d = opendir(root);
	if (!d) {
		fprintf(stderr, "test_fixtures: cannot open %s: %s\n", root, strerror(errno));
		*out = NULL;
		return 0;
	}
	size_t n = 0, cap = 64;
	fixture_case *cases = malloc(cap * sizeof *cases);
	assert_non_null(cases);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fixture_case c;
		snprintf(c.name, sizeof c.name, "%s", de->d_name);
		snprintf(c.dir, sizeof c.dir, "%s/%s", root, de->d_name);
		char exp[4700];
		snprintf(exp, sizeof exp, "%s/expected.json", c.dir);
		if (!is_dir(c.dir) || !is_file(exp))
			continue;
		if (n == cap) {
			cap *= 2;
			fixture_case *t = realloc(cases, cap * sizeof *cases);
			assert_non_null(t);
			cases = t;
		}
		cases[n++] = c;
	}
	closedir(d);
	qsort(cases, n, sizeof *cases, by_name);
	*out = cases;
	return n;
}

int main(int argc, char **argv)
{
	fixture_case *cases;
	size_t n = find_cases(&cases);
	if (n == 0) {
		fprintf(stderr, "test_fixtures: no fixture cases found\n");
		free(cases);
		return 1;
	}
	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	assert_non_null(tests);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool wanted = argc < 2;
		for (int a = 1; a < argc && !wanted; a++)
			wanted = strcmp(argv[a], cases[i].name) == 0;
		if (!wanted)
			continue;
		tests[k].name = cases[i].name;
		tests[k].test_func = run_case;
		tests[k].initial_state = &cases[i];
		k++;
	}
	if (k == 0 || (argc >= 2 && k != (size_t)(argc - 1))) {
		fprintf(stderr, "test_fixtures: unknown case name among the arguments\n");
		free(tests);
		free(cases);
		return 1;
	}
	int failed = _cmocka_run_group_tests("fixtures", tests, k, NULL, NULL);
	free(tests);
	free(cases);
	return failed;
}
