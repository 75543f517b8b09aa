/* test_corpus.c — acceptance against the shared corpus of real logs: every case
 * of <corpus>/expect.json whose tier is listed in checked_tiers is loaded with
 * tfc_load_path and checked against its hand-counted ground truth. Without the
 * corpus folder the test says so and checks nothing. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tiers of expect.json checked here ("core" = plain text logs). Enabling a
 * tier is adding its name. */
static const char *const checked_tiers[] = {"core", "json"};

#define NUM_TOLERANCE 1e-3

typedef struct corpus_case {
	const json_t *spec; /* one element of expect.json's "cases" (borrowed) */
	char file[1024];
	char name[1100];
} corpus_case;

static bool tier_checked(const char *tier)
{
	for (size_t i = 0; i < sizeof checked_tiers / sizeof checked_tiers[0]; i++)
		if (tier && strcmp(tier, checked_tiers[i]) == 0)
			return true;
	return false;
}

static bool action_from_name(const char *name, tfc_action *out)
{
	for (int a = 0; a < TFC_ACTION_COUNT; a++) {
		if (strcmp(tfc_action_name((tfc_action)a), name) == 0) {
			*out = (tfc_action)a;
			return true;
		}
	}
	return false;
}

/* A number field of the spec agrees with an actual value (NaN = absent). */
static bool number_agrees(const json_t *want, double got)
{
	if (json_is_null(want))
		return isnan(got);
	return json_is_number(want) && !isnan(got) && fabs(json_number_value(want) - got) <= NUM_TOLERANCE;
}

/* How many of the listed fields of want the operation gets wrong. */
static int op_mismatches(const json_t *want, const tfc_op *op)
{
	int bad = 0;
	const json_t *v;
	if ((v = json_object_get(want, "status")) &&
	    (!json_is_string(v) || strcmp(json_string_value(v), tfc_status_name(op->status)) != 0))
		bad++;
	if ((v = json_object_get(want, "reported_s")) && !number_agrees(v, op->reported_s))
		bad++;
	if ((v = json_object_get(want, "elapsed_min_s")) && !number_agrees(v, op->elapsed_min_s))
		bad++;
	return bad;
}

static void print_num(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "null");
	else
		snprintf(buf, size, "%g", v);
}

/* Check one listed operation: among all stages, the operation with that
 * address and action that agrees best (a Terragrunt log holds the same
 * address once per unit). Returns the number of problems printed. */
static int check_op(const char *case_name, const tfc_timeline *tl, const json_t *want)
{
	const char *address = json_string_value(json_object_get(want, "address"));
	const char *action_name = json_string_value(json_object_get(want, "action"));
	tfc_action action;
	if (!address || !action_name || !action_from_name(action_name, &action)) {
		print_error("%s: bad op in expect.json\n", case_name);
		return 1;
	}
	const tfc_op *best = NULL;
	int best_bad = 0;
	for (size_t s = 0; s < tfc_timeline_n_stages(tl); s++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, s);
		for (size_t i = 0; i < st->n_ops; i++) {
			const tfc_op *op = &st->ops[i];
			if (op->action != action || strcmp(op->address, address) != 0)
				continue;
			int bad = op_mismatches(want, op);
			if (!best || bad < best_bad) {
				best = op;
				best_bad = bad;
			}
		}
	}
	if (!best) {
		print_error("%s: missing operation %s %s\n", case_name, address, action_name);
		return 1;
	}
	if (best_bad) {
		char rep[32], ela[32];
		print_num(rep, sizeof rep, best->reported_s);
		print_num(ela, sizeof ela, best->elapsed_min_s);
		char *w = json_dumps(want, JSON_COMPACT);
		print_error("%s: op %s %s: expected %s, got status %s reported_s %s elapsed_min_s %s\n",
			    case_name, address, action_name, w ? w : "?", tfc_status_name(best->status), rep,
			    ela);
		free(w);
	}
	return best_bad;
}

static void run_case(void **state)
{
	const corpus_case *c = *state;
	const char *path = tu_corpus_path(c->file);
	assert_non_null(path);
	tfc_timeline *tl = tfc_timeline_new(NULL);
	assert_non_null(tl);
	tfc_error err;
	memset(&err, 0, sizeof err);
	tfc_rc rc = tfc_load_path(tl, path, NULL, &err);
	if (rc != TFC_OK)
		print_error("%s: tfc_load_path failed (%d): %s: %s\n", c->file, (int)rc, err.source, err.message);
	assert_int_equal(rc, TFC_OK);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);

	int problems = 0;
	size_t complete = 0, by_status[TFC_STATUS_COUNT] = {0};
	for (size_t s = 0; s < tfc_timeline_n_stages(tl); s++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, s);
		for (size_t i = 0; i < st->n_ops; i++)
			by_status[st->ops[i].status]++;
	}
	complete = by_status[TFC_STATUS_COMPLETE];
	const json_t *want_complete = json_object_get(c->spec, "complete");
	if (json_is_integer(want_complete) && (json_int_t)complete != json_integer_value(want_complete)) {
		print_error("%s: expected %lld complete operations, got %zu (failed %zu, unfinished %zu, planned %zu)\n",
			    c->file, (long long)json_integer_value(want_complete), complete,
			    by_status[TFC_STATUS_FAILED], by_status[TFC_STATUS_UNFINISHED],
			    by_status[TFC_STATUS_PLANNED]);
		problems++;
	}

	size_t i;
	const json_t *op;
	json_array_foreach(json_object_get(c->spec, "ops"), i, op)
		problems += check_op(c->file, tl, op);

	const json_t *addr;
	json_array_foreach(json_object_get(c->spec, "not_failed"), i, addr) {
		for (size_t s = 0; s < tfc_timeline_n_stages(tl); s++) {
			const tfc_stage *st = tfc_timeline_get_stage(tl, s);
			for (size_t k = 0; k < st->n_ops; k++) {
				if (st->ops[k].status == TFC_STATUS_FAILED &&
				    strcmp(st->ops[k].address, json_string_value(addr)) == 0) {
					print_error("%s: %s must not be failed\n", c->file,
						    json_string_value(addr));
					problems++;
				}
			}
		}
	}
	tfc_timeline_free(tl);
	assert_int_equal(problems, 0);
}

int main(void)
{
	const char *expect_path = tu_corpus_path("expect.json");
	if (!expect_path) {
		printf("test_corpus: corpus folder %s not found: checked nothing\n", TFC_CORPUS_DIR);
		return 0;
	}
	json_error_t jerr;
	json_t *expect = json_load_file(expect_path, 0, &jerr);
	if (!expect) {
		fprintf(stderr, "test_corpus: %s: line %d: %s\n", expect_path, jerr.line, jerr.text);
		return 1;
	}
	const json_t *list = json_object_get(expect, "cases");
	size_t n = json_array_size(list);
	corpus_case *cases = calloc(n ? n : 1, sizeof *cases);
	struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
	if (!cases || !tests) {
		fprintf(stderr, "test_corpus: out of memory\n");
		return 1;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *spec = json_array_get(list, i);
		const char *file = json_string_value(json_object_get(spec, "file"));
		if (!file || !tier_checked(json_string_value(json_object_get(spec, "tier"))))
			continue;
		cases[k].spec = spec;
		snprintf(cases[k].file, sizeof cases[k].file, "%s", file);
		snprintf(cases[k].name, sizeof cases[k].name, "corpus:%s", file);
		tests[k].name = cases[k].name;
		tests[k].test_func = run_case;
		tests[k].initial_state = &cases[k];
		k++;
	}
	if (k == 0) {
		fprintf(stderr, "test_corpus: expect.json lists no case of a checked tier\n");
		return 1;
	}
	int failed = _cmocka_run_group_tests("corpus", tests, k, NULL, NULL);
	free(tests);
	free(cases);
	json_decref(expect);
	return failed;
}
