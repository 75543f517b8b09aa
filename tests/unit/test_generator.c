/* test_generator.c — the generator against itself (determinism, sizes, its
 * truth against its own text) and the parser against the generator: every
 * operation of many generated logs, fed whole and in random chunks, must come
 * out of tfclock exactly as the ground truth says. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "tfgen.h"

/* ---- comparing a timeline with the truth ---------------------------------- */

typedef struct mism {
	unsigned n;
	char first[8][600];
} mism;

static void report(mism *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(mism *m, const char *fmt, ...)
{
	if (m->n < 8) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(m->first[m->n], sizeof m->first[m->n], fmt, ap);
		va_end(ap);
	}
	m->n++;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool num_eq(double a, double b)
{
	return (isnan(a) && isnan(b)) || (!isnan(a) && !isnan(b) && fabs(a - b) < 1e-6);
}

static const char *nz(const char *s)
{
	return s ? s : "(null)";
}

static const tfc_op *find(const tfc_stage *st, const tfgen_truth_op *t, bool *used)
{
	for (size_t i = 0; i < st->n_ops; i++) {
		const tfc_op *op = &st->ops[i];
		if (used[i] || op->status == TFC_STATUS_PLANNED || op->action != t->action)
			continue;
		if (strcmp(op->address, t->address) == 0 && str_eq(op->unit, t->unit) && str_eq(op->deposed, t->deposed)) {
			used[i] = true;
			return op;
		}
	}
	return NULL;
}

static void compare_op(const tfgen_truth_stage *ts, const tfgen_truth_op *t, const tfc_op *op, mism *m)
{
	char a[1200];
	snprintf(a, sizeof a, "%s%s%s", t->address, t->deposed ? " deposed " : "", t->deposed ? t->deposed : "");
	bool status_ok = op->status == t->status;
	/* 0.12–0.14 diagnostics do not say which instance failed */
	if (!ts->failure_named && t->status == TFC_STATUS_FAILED && op->status == TFC_STATUS_UNFINISHED)
		status_ok = true;
	if (!status_ok)
		report(m, "%s %s: status %s, truth %s", a, tfc_action_name(t->action), tfc_status_name(op->status),
		       tfc_status_name(t->status));
	if (!num_eq(op->reported_s, t->reported_s))
		report(m, "%s %s: reported_s %g, truth %g", a, tfc_action_name(t->action), op->reported_s, t->reported_s);
	if (t->status != TFC_STATUS_COMPLETE) {
		double e = op->elapsed_min_s;
		if (!ts->timestamped) {
			if (!num_eq(e, t->elapsed_min_s))
				report(m, "%s %s: elapsed_min_s %g, truth %g", a, tfc_action_name(t->action), e,
				       t->elapsed_min_s);
		} else {
			/* with timestamps the bound may run to the error or the end of the log */
			if (!isnan(t->elapsed_min_s) && !(e >= t->elapsed_min_s))
				report(m, "%s %s: elapsed_min_s %g below the last heartbeat %g", a,
				       tfc_action_name(t->action), e, t->elapsed_min_s);
			double to_end = ts->ended_at - t->started_at;
			if (t->status == TFC_STATUS_UNFINISHED && ts->dated && !(e <= to_end + 1.0))
				report(m, "%s %s: elapsed_min_s %g beyond the end of the log (%g)", a,
				       tfc_action_name(t->action), e, to_end);
		}
	}
	/* TF_LOG names no data source read: their times stay unknown */
	bool times = ts->dated && !(ts->tf_log && t->action == TFC_ACTION_READ);
	if (times) {
		if (!(fabs(op->started_at - t->started_at) < 0.002))
			report(m, "%s %s: started_at %.6f, truth %.6f", a, tfc_action_name(t->action), op->started_at,
			       t->started_at);
		if (!isnan(t->ended_at) && !(fabs(op->ended_at - t->ended_at) < 0.002))
			report(m, "%s %s: ended_at %.6f, truth %.6f", a, tfc_action_name(t->action), op->ended_at,
			       t->ended_at);
	}
	if (!str_eq(op->module, t->module) || !str_eq(op->type, t->type) || !str_eq(op->name, t->name))
		report(m, "%s: split as module '%s' type '%s' name '%s'", a, nz(op->module), nz(op->type), nz(op->name));
	if (!str_eq(op->key, t->key) || (t->key && op->key_is_string != t->key_is_string))
		report(m, "%s: key '%s' (string %d), truth '%s' (string %d)", a, nz(op->key), op->key_is_string,
		       nz(t->key), t->key_is_string);
	if ((op->mode == TFC_MODE_DATA) != t->data)
		report(m, "%s: mode %s", a, tfc_mode_name(op->mode));
}

/* Every truth operation once, nothing else (planned ones aside), the
 * summary and the interrupt. */
static void compare_stage(const tfc_stage *st, const tfgen_truth_stage *ts, mism *m)
{
	bool *used = calloc(st->n_ops + 1, sizeof *used);
	assert_non_null(used);
	for (size_t i = 0; i < ts->n_ops; i++) {
		const tfgen_truth_op *t = &ts->ops[i];
		const tfc_op *op = find(st, t, used);
		if (!op) {
			report(m, "missing: %s%s%s %s%s%s %s (%s)", t->unit ? "[" : "", t->unit ? t->unit : "",
			       t->unit ? "] " : "", t->address, t->deposed ? " deposed " : "", t->deposed ? t->deposed : "",
			       tfc_action_name(t->action), tfc_status_name(t->status));
			continue;
		}
		compare_op(ts, t, op, m);
	}
	for (size_t i = 0; i < st->n_ops; i++)
		if (!used[i] && st->ops[i].status != TFC_STATUS_PLANNED)
			report(m, "extra: %s %s %s (line %llu)", st->ops[i].address, tfc_action_name(st->ops[i].action),
			       tfc_status_name(st->ops[i].status), (unsigned long long)st->ops[i].line);
	free(used);
	if (st->has_summary != ts->has_summary)
		report(m, "summary seen %d, truth %d", st->has_summary, ts->has_summary);
	else if (ts->has_summary && (st->added != ts->added || st->changed != ts->changed || st->destroyed != ts->destroyed))
		report(m, "summary %d/%d/%d, truth %d/%d/%d", st->added, st->changed, st->destroyed, ts->added,
		       ts->changed, ts->destroyed);
	if (st->interrupted != ts->interrupted)
		report(m, "interrupted %d, truth %d", st->interrupted, ts->interrupted);
}

static unsigned check_timeline(const tfc_timeline *tl, const tfgen_truth *t, const char *label)
{
	mism m = {0};
	if (tfc_timeline_n_stages(tl) != t->n_stages)
		report(&m, "%zu stages, truth %zu", tfc_timeline_n_stages(tl), t->n_stages);
	for (size_t i = 0; i < t->n_stages; i++) {
		const tfgen_truth_stage *ts = &t->stages[i];
		const tfc_stage *st = NULL;
		for (size_t k = 0; k < tfc_timeline_n_stages(tl); k++)
			if (strcmp(tfc_timeline_get_stage(tl, k)->name, ts->name) == 0)
				st = tfc_timeline_get_stage(tl, k);
		if (!st) {
			report(&m, "stage %s missing", ts->name);
			continue;
		}
		compare_stage(st, ts, &m);
	}
	if (m.n) {
		print_message("%s: %u mismatch(es)\n", label, m.n);
		for (unsigned i = 0; i < m.n && i < 8; i++)
			print_message("  %s\n", m.first[i]);
	}
	return m.n;
}

/* ---- the cases --------------------------------------------------------------- */

static const tfgen_version all_versions[] = {TFGEN_V0_11, TFGEN_V0_12, TFGEN_V0_15,
					     TFGEN_V1_5,  TFGEN_V1_12, TFGEN_TOFU};

static tfgen_options base(uint64_t seed, size_t resources)
{
	tfgen_options o;
	tfgen_options_default(&o);
	o.seed = seed;
	o.resources = resources;
	return o;
}

static void label_of(const tfgen_options *o, char *b, size_t n)
{
	snprintf(b, n, "seed=%llu res=%zu version=%s prefix=%s format=%s%s%s failures=%u%s%s%s%s units=%u",
		 (unsigned long long)o->seed, o->resources, tfgen_version_name(o->version),
		 tfgen_prefix_name(o->prefix), tfgen_format_name(o->format), o->color ? " color" : "",
		 o->crlf ? " crlf" : "", o->failures,
		 o->interrupt ? " interrupt" : "", o->cut ? " cut" : "", o->destroy ? " destroy" : "",
		 o->warnings ? " warnings" : "", o->units);
}

/* Generate, parse whole and in random chunks, compare; returns mismatches. */
static unsigned run_case(const tfgen_options *o, bool bytewise)
{
	char label[512];
	label_of(o, label, sizeof label);
	tfgen_truth *t = tfgen_truth_new();
	assert_non_null(t);
	size_t len;
	char *log = tfgen_to_memory(o, "apply", &len, t);
	assert_non_null(log);
	assert_int_equal(t->n_stages, 1);
	assert_true(t->stages[0].n_ops > 0);
	unsigned bad = 0;
	feed_mode modes[3] = {FEED_WHOLE, FEED_RANDOM, FEED_BYTES};
	for (int k = 0; k < (bytewise ? 3 : 2); k++) {
		tfc_timeline *tl = tu_parse_buffer(log, len, "apply", "apply.log", modes[k], (unsigned)o->seed + 7u * (unsigned)k);
		char l2[600];
		snprintf(l2, sizeof l2, "%s feed=%s", label, k == 0 ? "whole" : k == 1 ? "random" : "bytes");
		unsigned n = check_timeline(tl, t, l2);
		tfc_timeline_free(tl);
		bad += n;
		if (n && k == 0)
			break; /* the chunked runs would only repeat it */
	}
	free(log);
	tfgen_truth_free(t);
	return bad;
}

static unsigned run_many(tfgen_options o, const uint64_t *seeds, size_t n_seeds)
{
	unsigned bad = 0;
	for (size_t i = 0; i < n_seeds; i++) {
		o.seed = seeds[i];
		bad += run_case(&o, false) ? 1 : 0;
	}
	return bad;
}

static const uint64_t seeds[] = {1, 2, 3};
enum { N_SEEDS = sizeof seeds / sizeof seeds[0] };

/* ---- tests of the generator alone ------------------------------------------ */

static void test_deterministic(void **state)
{
	(void)state;
	tfgen_options o = base(42, 150);
	o.color = true;
	o.prefix = TFGEN_PREFIX_GITHUB;
	o.failures = 2;
	size_t la, lb, lc;
	char *a = tfgen_to_memory(&o, "x", &la, NULL);
	char *b = tfgen_to_memory(&o, "x", &lb, NULL);
	o.seed = 43;
	char *c = tfgen_to_memory(&o, "x", &lc, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_true(la != lc || memcmp(a, c, la) != 0);
	free(a);
	free(b);
	free(c);
}

/* The truth agrees with the text: every completed operation's completion
 * line is in the log, failed ones are named by a diagnostic. */
static void test_truth_matches_text(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof all_versions / sizeof all_versions[0]; v++) {
		tfgen_options o = base(11 + v, 120);
		o.version = all_versions[v];
		o.failures = 3;
		tfgen_truth *t = tfgen_truth_new();
		size_t len;
		char *log = tfgen_to_memory(&o, "apply", &len, t);
		assert_non_null(log);
		const tfgen_truth_stage *st = &t->stages[0];
		size_t complete = 0, failed = 0;
		for (size_t i = 0; i < st->n_ops; i++) {
			const tfgen_truth_op *op = &st->ops[i];
			char want[1200];
			static const char *const noun[] = {"Creation", "Modifications", "Destruction", "Read"};
			if (op->status == TFC_STATUS_COMPLETE) {
				char dur[32];
				long s = lround(op->reported_s);
				if (s >= 3600)
					snprintf(dur, sizeof dur, "%ldh%ldm%lds", s / 3600, s / 60 % 60, s % 60);
				else if (s >= 60)
					snprintf(dur, sizeof dur, "%ldm%lds", s / 60, s % 60);
				else
					snprintf(dur, sizeof dur, "%lds", s);
				bool dk = op->deposed && o.version >= TFGEN_V0_15;
				snprintf(want, sizeof want, "%s%s%s%s: %s complete after %s", op->address,
					 dk ? " (deposed object " : "", dk ? op->deposed : "", dk ? ")" : "",
					 noun[op->action], dur);
				if (!strstr(log, want))
					fail_msg("version %s: \"%s\" not in the log", tfgen_version_name(o.version), want);
				complete++;
			} else if (op->status == TFC_STATUS_FAILED) {
				if (o.version == TFGEN_V0_11)
					snprintf(want, sizeof want, "\t* %s: ", op->address);
				else if (o.version == TFGEN_V0_12)
					snprintf(want, sizeof want, "in resource \"%s\" \"%s\":", op->type, op->name);
				else
					snprintf(want, sizeof want, "  with %s,", op->address);
				if (!strstr(log, want))
					fail_msg("version %s: \"%s\" not in the log", tfgen_version_name(o.version), want);
				failed++;
			}
		}
		assert_true(complete > 10);
		assert_true(failed >= 1 && failed <= 3);
		assert_false(st->has_summary); /* failures: no "Apply complete!" */
		free(log);
		tfgen_truth_free(t);
	}
}

static void test_target_bytes(void **state)
{
	(void)state;
	tfgen_options o = base(5, 300);
	o.color = true;
	o.target_bytes = 4u << 20;
	size_t len;
	char *log = tfgen_to_memory(&o, "x", &len, NULL);
	assert_non_null(log);
	print_message("target 4 MiB, wrote %zu bytes\n", len);
	assert_true(len > (3u << 20) && len < (5u << 20));
	free(log);
}

static void test_features_present(void **state)
{
	(void)state;
	tfgen_options o = base(9, 400);
	o.color = true;
	o.warnings = true;
	size_t len;
	char *log = tfgen_to_memory(&o, "x", &len, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, " (deposed object "));
	assert_non_null(strstr(log, "\x1b[0m\x1b[1m"));
	assert_non_null(strstr(log, "\"].module."));
	assert_non_null(strstr(log, "\\\""));                /* escaped quote in a key */
	assert_non_null(strstr(log, "complete after 1h2m3s")); /* over an hour */
	assert_non_null(strstr(log, "Apply complete! Resources: "));
	assert_non_null(strstr(log, "Still creating... ["));
	free(log);
	o.version = TFGEN_V1_12;
	log = tfgen_to_memory(&o, "x", &len, NULL);
	assert_non_null(strstr(log, "m10s elapsed]"));
	assert_non_null(strstr(log, "[00m10s elapsed]"));
	free(log);
	o.version = TFGEN_V0_11;
	log = tfgen_to_memory(&o, "x", &len, NULL);
	assert_non_null(strstr(log, "(10s elapsed)"));
	assert_non_null(strstr(log, " (ID: "));
	free(log);
}

/* ---- the parser against the generator -------------------------------------- */

static void test_prefixes(void **state)
{
	(void)state;
	unsigned bad = 0;
	for (int p = 0; p < TFGEN_PREFIX_COUNT; p++)
		for (int c = 0; c < 2; c++) {
			tfgen_options o = base(0, 120);
			o.prefix = (tfgen_prefix)p;
			o.color = c;
			bad += run_many(o, seeds, N_SEEDS);
		}
	assert_int_equal(bad, 0);
}

static void test_versions(void **state)
{
	(void)state;
	unsigned bad = 0;
	for (size_t v = 0; v < sizeof all_versions / sizeof all_versions[0]; v++)
		for (int c = 0; c < 2; c++) {
			tfgen_options o = base(0, 150);
			o.version = all_versions[v];
			o.color = c;
			bad += run_many(o, seeds, N_SEEDS);
		}
	assert_int_equal(bad, 0);
}

static void test_failures(void **state)
{
	(void)state;
	unsigned bad = 0;
	for (size_t v = 0; v < sizeof all_versions / sizeof all_versions[0]; v++)
		for (int c = 0; c < 2; c++) {
			tfgen_options o = base(0, 100);
			o.version = all_versions[v];
			o.color = c;
			o.failures = 4;
			o.warnings = true;
			bad += run_many(o, seeds, N_SEEDS);
		}
	assert_int_equal(bad, 0);
}

static void test_interrupt_and_cut(void **state)
{
	(void)state;
	unsigned bad = 0;
	for (int p = 0; p < TFGEN_PREFIX_COUNT; p++) {
		tfgen_options o = base(0, 150);
		o.prefix = (tfgen_prefix)p;
		o.color = p % 2;
		o.interrupt = true;
		o.failures = p % 3;
		o.version = p % 2 ? TFGEN_TOFU : TFGEN_V1_5;
		bad += run_many(o, seeds, N_SEEDS);
		o.interrupt = false;
		o.cut = true;
		bad += run_many(o, seeds, N_SEEDS);
	}
	assert_int_equal(bad, 0);
}

static void test_other_shapes(void **state)
{
	(void)state;
	unsigned bad = 0;
	tfgen_options o = base(0, 150);
	o.destroy = true;
	o.color = true;
	bad += run_many(o, seeds, N_SEEDS);
	o = base(0, 200);
	o.prefix = TFGEN_PREFIX_TERRAGRUNT;
	o.units = 4;
	o.version = TFGEN_TOFU;
	bad += run_many(o, seeds, N_SEEDS);
	o.prefix = TFGEN_PREFIX_TERRAGRUNT_OLD;
	bad += run_many(o, seeds, N_SEEDS);
	o = base(0, 120);
	o.heartbeat = TFGEN_HB_MMSS;
	bad += run_many(o, seeds, N_SEEDS);
	o.heartbeat = TFGEN_HB_PAREN;
	o.version = TFGEN_V0_11;
	bad += run_many(o, seeds, N_SEEDS);
	/* a single Terragrunt unit has no [unit] in its prefix */
	o = base(0, 100);
	o.prefix = TFGEN_PREFIX_TERRAGRUNT;
	o.units = 1;
	bad += run_many(o, seeds, N_SEEDS);
	/* CRLF line ends, behind prefixes and in colour */
	for (int p = 0; p < TFGEN_PREFIX_COUNT; p++) {
		o = base(0, 80);
		o.crlf = true;
		o.prefix = (tfgen_prefix)p;
		o.color = p % 2;
		o.failures = 1;
		bad += run_many(o, seeds, 1);
	}
	assert_int_equal(bad, 0);
}

/* -json and TF_LOG=TRACE (merged with the UI), across versions, failures,
 * interrupts and wrappers. */
static void test_formats(void **state)
{
	(void)state;
	static const tfgen_version versions[] = {TFGEN_V0_15, TFGEN_V1_5, TFGEN_V1_12, TFGEN_TOFU};
	static const tfgen_prefix prefixes[] = {TFGEN_PREFIX_NONE, TFGEN_PREFIX_NEBARI, TFGEN_PREFIX_CAPTURE,
						TFGEN_PREFIX_TERRAGRUNT};
	unsigned bad = 0;
	for (int f = TFGEN_FORMAT_JSON; f <= TFGEN_FORMAT_TFLOG; f++)
		for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
			tfgen_options o = base(0, 100);
			o.format = (tfgen_format)f;
			o.version = versions[v];
			o.prefix = prefixes[v];
			o.color = v % 2;
			bad += run_many(o, seeds, N_SEEDS);
			o.failures = 3;
			o.warnings = true;
			bad += run_many(o, seeds, N_SEEDS);
			o.interrupt = v % 2;
			o.cut = !o.interrupt;
			bad += run_many(o, seeds, N_SEEDS);
		}
	assert_int_equal(bad, 0);
}

static void test_byte_by_byte(void **state)
{
	(void)state;
	tfgen_options o = base(77, 40);
	o.color = true;
	o.prefix = TFGEN_PREFIX_CAPTURE;
	o.failures = 2;
	assert_int_equal(run_case(&o, true), 0);
}

static void test_big(void **state)
{
	(void)state;
	tfgen_options o = base(2024, 3000);
	o.color = true;
	o.failures = 5;
	o.warnings = true;
	assert_int_equal(run_case(&o, false), 0);
}

/* The comparison itself can fail: a truth changed in any compared field,
 * or missing an operation, is reported. */
static void test_comparison_fails(void **state)
{
	(void)state;
	tfgen_options o = base(31, 60);
	o.prefix = TFGEN_PREFIX_CAPTURE;
	o.failures = 2;
	tfgen_truth *t = tfgen_truth_new();
	size_t len;
	char *log = tfgen_to_memory(&o, "apply", &len, t);
	assert_non_null(log);
	tfc_timeline *tl = tu_parse_buffer(log, len, "apply", "apply.log", FEED_WHOLE, 1);
	unsigned base_n = check_timeline(tl, t, "unchanged");
	tfgen_truth_stage *st = &t->stages[0];
	tfgen_truth_op *op = &st->ops[0];
	op->reported_s += 1;
	assert_true(check_timeline(tl, t, "reported_s changed (expected)") > base_n);
	op->reported_s -= 1;
	tfc_status was = op->status;
	op->status = was == TFC_STATUS_COMPLETE ? TFC_STATUS_UNFINISHED : TFC_STATUS_COMPLETE;
	assert_true(check_timeline(tl, t, "status changed (expected)") > base_n);
	op->status = was;
	op->started_at += 1;
	assert_true(check_timeline(tl, t, "started_at changed (expected)") > base_n);
	op->started_at -= 1;
	st->n_ops--; /* the parser's operation is now extra */
	assert_true(check_timeline(tl, t, "operation dropped (expected)") > base_n);
	st->n_ops++;
	st->added++;
	if (st->has_summary)
		assert_true(check_timeline(tl, t, "summary changed (expected)") > base_n);
	st->added--;
	assert_int_equal(check_timeline(tl, t, "restored"), base_n);
	tfc_timeline_free(tl);
	free(log);
	tfgen_truth_free(t);
}

static void test_stage_folder(void **state)
{
	(void)state;
	char dir[] = "/tmp/tfgen-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	tfgen_options o = base(8, 80);
	o.prefix = TFGEN_PREFIX_CAPTURE;
	o.color = true;
	o.failures = 2;
	o.version = TFGEN_TOFU;
	tfgen_truth *t = tfgen_truth_new();
	assert_int_equal(tfgen_write_folder(&o, 4, dir, true, t), 0);
	assert_int_equal(t->n_stages, 4);
	tfc_timeline *tl = tfc_timeline_new(NULL);
	tfc_error err;
	assert_int_equal(tfc_load_path(tl, dir, NULL, &err), TFC_OK);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	unsigned bad = check_timeline(tl, t, "stage folder");
	tfc_timeline_free(tl);
	tfgen_truth_free(t);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_truth_matches_text),
		cmocka_unit_test(test_target_bytes),
		cmocka_unit_test(test_features_present),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_interrupt_and_cut),
		cmocka_unit_test(test_other_shapes),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_comparison_fails),
		cmocka_unit_test(test_stage_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
