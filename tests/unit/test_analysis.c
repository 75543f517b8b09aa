/* test_analysis.c — the report model: positions (measured, scheduled from
 * event order or parallel slots), lanes, concurrency, overhead, roll-ups,
 * filters and sorting; then real corpus logs through the parser. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "report_model.h"

static tfc_report_options opts(void)
{
	tfc_report_options o;
	tfc_report_options_default(&o);
	return o;
}

static const a_op *find(const a_stage *s, const char *address)
{
	for (size_t i = 0; i < s->n_ops; i++)
		if (strcmp(s->ops[i].op->address, address) == 0)
			return &s->ops[i];
	return NULL;
}

static const a_row *row(const a_stage *s, int rollup, const char *key)
{
	for (size_t i = 0; i < s->rollup[rollup].n; i++)
		if (strcmp(s->rollup[rollup].rows[i].key, key) == 0)
			return &s->rollup[rollup].rows[i];
	return NULL;
}

/* Lanes: operations sharing a lane never overlap. */
static void assert_lanes_disjoint(const a_stage *s)
{
	for (size_t i = 0; i < s->n_ops; i++)
		for (size_t j = i + 1; j < s->n_ops; j++) {
			const a_op *x = &s->ops[i], *y = &s->ops[j];
			if (x->lane != y->lane)
				continue;
			assert_true(x->end <= y->start || y->end <= x->start);
		}
}

static void measured_positions_overhead_concurrency(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", 1000, 100);
	rm_add(m, "aws_vpc.main", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 10, 20);  /* 10-30 */
	rm_add(m, "aws_subnet.a[0]", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 30, 10); /* 30-40 */
	rm_add(m, "aws_subnet.a[1]", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 30, 20); /* 30-50 */
	rm_add(m, "aws_subnet.a[2]", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 35, 5);  /* 35-40 */
	rm_add(m, "aws_instance.web", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 60, 30); /* 60-90 */
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	assert_non_null(a);
	assert_int_equal(a->n_stages, 1);
	const a_stage *s = &a->stages[0];
	assert_false(s->estimated);
	assert_true(a->any_measured);
	assert_false(a->any_estimated);
	assert_int_equal(s->n_ops, 5);
	assert_float_equal(find(s, "aws_subnet.a[1]")->start, 30, 1e-9);
	assert_float_equal(find(s, "aws_subnet.a[1]")->end, 50, 1e-9);
	assert_float_equal(s->wall_s, 100, 1e-9);
	assert_float_equal(s->sum_s, 85, 1e-9);
	/* busy: 10-50 and 60-90 */
	assert_float_equal(s->busy_s, 70, 1e-9);
	assert_float_equal(s->overhead_s, 30, 1e-9);
	assert_float_equal(s->lead_s, 10, 1e-9);
	assert_float_equal(s->tail_s, 10, 1e-9);
	assert_float_equal(s->gap_s, 10, 1e-9);
	assert_int_equal(s->conc_peak, 3);
	assert_float_equal(s->conc_avg, 0.85, 1e-9);
	assert_int_equal(s->n_lanes, 3);
	assert_lanes_disjoint(s);
	/* the concurrency curve: 0,1@10,0... peak 3 at 35 */
	assert_float_equal(s->conc[0].t, 0, 0);
	assert_int_equal(s->conc[0].n, 0);
	bool saw3 = false;
	for (size_t i = 0; i < s->n_conc; i++)
		if (s->conc[i].t == 35) {
			assert_int_equal(s->conc[i].n, 3);
			saw3 = true;
		}
	assert_true(saw3);
	assert_int_equal(s->conc[s->n_conc - 1].n, 0);
	assert_float_equal(s->conc[s->n_conc - 1].t, 90, 1e-9);
	/* sorted by duration by default, top 10 */
	assert_int_equal(s->n_shown, 5);
	assert_string_equal(s->shown[0]->op->address, "aws_instance.web");
	assert_string_equal(s->slowest[4]->op->address, "aws_subnet.a[2]");
	analysis_free(a);
	free(m);
}

static void estimated_from_event_order(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", NAN, NAN);
	/* A starts, ends; B and C start after A's end was printed; D starts
	 * while B and C run; C ends; E starts after C's end. */
	tfc_op *A = rm_add(m, "a.a", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 10);
	rm_end(m, A);
	tfc_op *B = rm_add(m, "b.b", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 30);
	tfc_op *C = rm_add(m, "c.c", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 5);
	tfc_op *D = rm_add(m, "d.d", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 2);
	rm_end(m, C);
	rm_end(m, D);
	rm_add(m, "e.e", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 1);
	rm_end(m, B);
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	assert_non_null(a);
	const a_stage *s = &a->stages[0];
	assert_true(s->estimated);
	assert_true(a->any_estimated);
	assert_float_equal(find(s, "a.a")->start, 0, 1e-9);
	assert_float_equal(find(s, "b.b")->start, 10, 1e-9);
	assert_float_equal(find(s, "c.c")->start, 10, 1e-9);
	assert_float_equal(find(s, "d.d")->start, 10, 1e-9);
	/* E after C (15) and D (12) ended */
	assert_float_equal(find(s, "e.e")->start, 15, 1e-9);
	assert_true(find(s, "e.e")->estimated);
	assert_float_equal(s->wall_s, 40, 1e-9);
	assert_true(isnan(s->overhead_s));
	assert_int_equal(s->conc_peak, 3);
	assert_lanes_disjoint(s);
	analysis_free(a);
	free(m);
}

static void estimated_by_parallel_slots_without_order(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", NAN, NAN);
	char names[12][16];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "t.n%d", i);
		tfc_op *op = rm_add(m, names[i], TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, i < 10 ? 5 + i : 1);
		op->start_order = 0; /* a timeline that does not record event order */
	}
	tfc_report_options o = opts();
	o.top_n = 3;
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	const a_stage *s = &a->stages[0];
	for (int i = 0; i < 10; i++)
		assert_float_equal(find(s, names[i])->start, 0, 1e-9);
	/* the 11th takes the first free slot (n0 ends at 5), the 12th the next (n1 at 6) */
	assert_float_equal(find(s, "t.n10")->start, 5, 1e-9);
	assert_float_equal(find(s, "t.n11")->start, 6, 1e-9);
	assert_int_equal(s->conc_peak, ANALYSIS_PARALLELISM);
	assert_int_equal(s->n_slowest, 3);
	assert_string_equal(s->slowest[0]->op->address, "t.n9");
	analysis_free(a);
	free(m);
}

static void failed_and_unfinished(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", 0, 60);
	rm_add(m, "x.ok", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 0, 10);
	tfc_op *f = rm_add(m, "x.bad", TFC_ACTION_CREATE, TFC_STATUS_FAILED, 5, 20);
	f->error = "boom";
	rm_add(m, "x.hang", TFC_ACTION_UPDATE, TFC_STATUS_UNFINISHED, 30, 10);
	rm_add(m, "x.later", TFC_ACTION_CREATE, TFC_STATUS_PLANNED, NAN, NAN);
	tfc_report_options o = opts();
	o.min_duration_s = 1000; /* hides completed ones, never failures */
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	const a_stage *s = &a->stages[0];
	assert_int_equal(s->n_ops, 3);
	assert_int_equal(s->n_planned, 1);
	assert_int_equal(s->n_failed, 1);
	assert_int_equal(s->n_unfinished, 1);
	assert_int_equal(a->n_failed, 1);
	const a_op *bad = find(s, "x.bad"), *hang = find(s, "x.hang");
	assert_true(bad->open);
	assert_float_equal(bad->dur, 20, 1e-9);
	/* still running when the log ended: to the stage's end */
	assert_true(hang->open);
	assert_float_equal(hang->end, 60, 1e-9);
	assert_float_equal(hang->dur, 30, 1e-9);
	assert_null(find(s, "x.later"));
	assert_false(find(s, "x.ok")->shown);
	assert_true(bad->shown);
	assert_true(hang->shown);
	assert_int_equal(s->n_shown, 2);
	/* roll-ups ignore --min-duration */
	assert_int_equal(row(s, ROLLUP_TYPE, "x")->count, 3);
	assert_int_equal(row(s, ROLLUP_TYPE, "x")->n_failed, 1);
	analysis_free(a);
	free(m);
}

static void estimated_unfinished_runs_to_makespan(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", NAN, NAN);
	rm_add(m, "x.hang", TFC_ACTION_CREATE, TFC_STATUS_UNFINISHED, NAN, 10);
	rm_add(m, "x.long", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 100);
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	const a_stage *s = &a->stages[0];
	assert_float_equal(find(s, "x.hang")->end, 100, 1e-9);
	assert_float_equal(s->wall_s, 100, 1e-9);
	analysis_free(a);
	free(m);
}

static void rollups_modules_types_providers_groups(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", 0, 100);
	rm_add(m, "module.a[\"x.]y\"].module.b[0].aws_instance.i", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 0, 10);
	rm_add(m, "module.a[\"z\"].module.b[0].aws_instance.i", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 5, 10);
	rm_add(m, "module.a[\"z\"].module.c.data.aws_ami.u", TFC_ACTION_READ, TFC_STATUS_COMPLETE, 20, 4);
	tfc_op *g = rm_add(m, "google_compute_instance.g", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 50, 2);
	g->provider = "registry.terraform.io/hashicorp/google";
	rm_add(m, "null_resource.n[0]", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 60, 1);
	rm_add(m, "null_resource.n[1]", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 60, 3);
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(&m->st, 1, &o);
	const a_stage *s = &a->stages[0];
	const a_row *r = row(s, ROLLUP_MODULE, "module.a[*]");
	assert_non_null(r);
	assert_int_equal(r->count, 3);
	assert_float_equal(r->sum_s, 24, 1e-9);
	assert_float_equal(r->max_s, 10, 1e-9);
	/* union 0-15 and 20-24 */
	assert_float_equal(r->busy_s, 19, 1e-9);
	assert_float_equal(r->share, 0.19, 1e-9);
	assert_float_equal(r->sum_share, 24.0 / 30.0, 1e-9);
	assert_non_null(row(s, ROLLUP_MODULE, "(root)"));
	assert_int_equal(s->rollup[ROLLUP_MODULE].n, 2);
	/* longest first */
	assert_string_equal(s->rollup[ROLLUP_MODULE].rows[0].key, "module.a[*]");
	assert_int_equal(row(s, ROLLUP_TYPE, "aws_instance")->count, 2);
	assert_int_equal(row(s, ROLLUP_TYPE, "data.aws_ami")->count, 1);
	assert_int_equal(row(s, ROLLUP_PROVIDER, "aws")->count, 3);
	assert_int_equal(row(s, ROLLUP_PROVIDER, "null")->count, 2);
	assert_non_null(row(s, ROLLUP_PROVIDER, "registry.terraform.io/hashicorp/google"));
	assert_int_equal(row(s, ROLLUP_GROUP, "null_resource.n[*]")->count, 2);
	assert_int_equal(row(s, ROLLUP_GROUP, "module.a[*].module.b[*].aws_instance.i")->count, 2);
	assert_int_equal(row(s, ROLLUP_GROUP, "module.a[*].module.c.data.aws_ami.u")->count, 1);
	assert_null(row(s, ROLLUP_GROUP, "google_compute_instance.g"));
	analysis_free(a);

	o.depth = 0;
	a = analysis_build_stages(&m->st, 1, &o);
	s = &a->stages[0];
	assert_int_equal(row(s, ROLLUP_MODULE, "module.a[*].module.b[*]")->count, 2);
	assert_int_equal(row(s, ROLLUP_MODULE, "module.a[*].module.c")->count, 1);
	analysis_free(a);

	o.depth = 2;
	o.filter = "module.*";
	a = analysis_build_stages(&m->st, 1, &o);
	s = &a->stages[0];
	assert_int_equal(row(s, ROLLUP_MODULE, "module.a[*].module.b[*]")->count, 2);
	assert_null(row(s, ROLLUP_MODULE, "(root)"));
	assert_int_equal(s->n_shown, 3);
	analysis_free(a);
	free(m);
}

static void stage_filter_sort_and_top(void **state)
{
	(void)state;
	rm_stage *p = rm_new("plan", 0, 10);
	rm_stage *m = rm_new("apply", 100, 50);
	rm_add(p, "b.x", TFC_ACTION_READ, TFC_STATUS_COMPLETE, 1, 1);
	rm_add(m, "c.z", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 0, 5);
	rm_add(m, "a.y", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 10, 20);
	rm_add(m, "b.w", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 3, 1);
	tfc_stage both[2] = {p->st, m->st};
	tfc_report_options o = opts();
	o.sort = TFC_SORT_ADDRESS;
	analysis *a = analysis_build_stages(both, 2, &o);
	assert_int_equal(a->n_stages, 2);
	/* stages on the run's timeline */
	assert_float_equal(a->stages[0].offset_s, 0, 1e-9);
	assert_float_equal(a->stages[1].offset_s, 100, 1e-9);
	assert_float_equal(a->run_wall_s, 150, 1e-9);
	assert_float_equal(a->run_start, 0, 1e-9);
	const a_stage *s = &a->stages[1];
	assert_string_equal(s->shown[0]->op->address, "a.y");
	assert_string_equal(s->shown[1]->op->address, "b.w");
	assert_string_equal(s->shown[2]->op->address, "c.z");
	analysis_free(a);

	o.sort = TFC_SORT_START;
	o.top_n = 1;
	o.stage = "apply";
	a = analysis_build_stages(both, 2, &o);
	assert_int_equal(a->n_stages, 1);
	s = &a->stages[0];
	assert_string_equal(s->st->name, "apply");
	assert_float_equal(s->offset_s, 0, 1e-9);
	assert_string_equal(s->shown[0]->op->address, "c.z");
	assert_string_equal(s->shown[1]->op->address, "b.w");
	assert_int_equal(s->n_slowest, 1);
	assert_string_equal(s->slowest[0]->op->address, "a.y");
	analysis_free(a);
	free(p);
	free(m);
}

static void estimated_stages_follow_each_other(void **state)
{
	(void)state;
	rm_stage *p = rm_new("one", NAN, NAN), *q = rm_new("two", NAN, NAN), *e = rm_new("empty", NAN, NAN);
	rm_add(p, "a.a", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 7);
	rm_add(q, "b.b", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, NAN, 3);
	tfc_stage v[3] = {p->st, e->st, q->st};
	tfc_report_options o = opts();
	analysis *a = analysis_build_stages(v, 3, &o);
	assert_int_equal(a->n_stages, 3);
	assert_float_equal(a->stages[2].offset_s, 7, 1e-9);
	assert_float_equal(a->run_wall_s, 10, 1e-9);
	assert_false(a->dated);
	assert_true(isnan(a->run_start));
	assert_int_equal(a->stages[1].n_ops, 0);
	assert_float_equal(a->stages[1].wall_s, 0, 0);
	analysis_free(a);
	analysis_free(NULL);
	free(p);
	free(q);
	free(e);
}

static void durations_format(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(analysis_fmt_duration(0, b, sizeof b), "0s");
	assert_string_equal(analysis_fmt_duration(4.25, b, sizeof b), "4.2s");
	assert_string_equal(analysis_fmt_duration(59, b, sizeof b), "59s");
	assert_string_equal(analysis_fmt_duration(125, b, sizeof b), "2m05s");
	assert_string_equal(analysis_fmt_duration(3723, b, sizeof b), "1h02m03s");
	assert_string_equal(analysis_fmt_duration(NAN, b, sizeof b), "?");
	assert_string_equal(analysis_rollup_name(ROLLUP_GROUP), "group");
}

static void odd_values_do_not_break(void **state)
{
	(void)state;
	rm_stage *m = rm_new("apply", 1000, 10);
	tfc_op *a = rm_add(m, "x.before", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, -50, 5); /* before the stage */
	tfc_op *b = rm_add(m, "x.nodur", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 2, 1);
	b->duration_s = NAN;
	b->ended_at = NAN;
	tfc_op *c = rm_add(m, "x.nostamp", TFC_ACTION_DELETE, TFC_STATUS_COMPLETE, 3, 4);
	c->started_at = NAN;
	tfc_op *d = rm_add(m, "x.negative", TFC_ACTION_CREATE, TFC_STATUS_COMPLETE, 4, 1);
	d->duration_s = -3;
	tfc_op *e = rm_add(m, "x.long", TFC_ACTION_CREATE, TFC_STATUS_FAILED, 5, NAN);
	e->elapsed_min_s = NAN;
	(void)a;
	tfc_report_options o = opts();
	analysis *an = analysis_build_stages(&m->st, 1, &o);
	assert_non_null(an);
	const a_stage *s = &an->stages[0];
	for (size_t i = 0; i < s->n_ops; i++) {
		const a_op *x = &s->ops[i];
		assert_false(isnan(x->start) || isnan(x->end) || isnan(x->dur));
		assert_true(x->start >= 0);
		assert_true(x->end >= x->start);
	}
	/* no start stamp: placed where the operation seen before it started */
	assert_float_equal(find(s, "x.nostamp")->start, 2, 1e-9);
	assert_true(find(s, "x.nostamp")->estimated);
	assert_false(find(s, "x.nodur")->estimated);
	assert_float_equal(find(s, "x.negative")->dur, 0, 0);
	assert_true(find(s, "x.long")->open);
	assert_true(s->wall_s >= 10);
	assert_lanes_disjoint(s);
	assert_true(s->overhead_s >= 0);
	analysis_free(an);
	free(m);
}

/* Random lines built from log fragments: the analysis and every renderer
 * take whatever the parser makes of them. */
static void random_logs_render(void **state)
{
	(void)state;
	static const char *const frag[] = {
		"aws_x.a: Creating...", "aws_x.a: Creation complete after 3s [id=1]", "module.m[\"k\"].aws_y.b[0]: Destroying... [id=2]",
		"module.m[\"k\"].aws_y.b[0]: Destruction complete after 1m2s", "aws_x.a: Still creating... [10s elapsed]",
		"2024-01-01T00:00:0", "Error: boom", "  with aws_x.a,", "\x1b[1m\x1b[32m", "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
		"{\"@level\":\"info\",\"type\":\"apply_start\",\"hook\":{\"resource\":{\"addr\":\"aws_z.c\"},\"action\":\"create\"}}",
		"\xff\xfe<script>", "data.aws_ami.u: Reading...", "data.aws_ami.u: Read complete after 0s", "Interrupt received.",
		"2024-01-01T00:00:05.000Z aws_q.q: Creating...", "2024-01-01T00:01:05.000Z aws_q.q: Creation complete after 60s",
	};
	const size_t nf = sizeof frag / sizeof frag[0];
	for (unsigned seed = 1; seed <= 20; seed++) {
		srand(seed);
		char buf[16384];
		size_t n = 0;
		for (int l = 0; l < 120 && n < sizeof buf - 512; l++) {
			const char *f = frag[(size_t)rand() % nf];
			size_t fl = strlen(f);
			size_t cut = rand() % 5 == 0 ? (size_t)rand() % (fl + 1) : fl; /* truncated lines too */
			memcpy(buf + n, f, cut);
			n += cut;
			buf[n++] = rand() % 7 == 0 ? '\r' : '\n';
		}
		tfc_timeline *tl = tu_parse_buffer(buf, n, "fuzz", "fuzz.log", FEED_RANDOM, seed);
		for (int f = 0; f < TFC_FORMAT_COUNT; f++) {
			tfc_report_options o = opts();
			o.format = (tfc_format)f;
			o.top_n = (size_t)(seed % 4);
			o.sort = (tfc_sort)(seed % 3);
			tfc_buf b = {0};
			assert_int_equal(tfc_render(tl, &o, &b), TFC_OK);
			tfc_buf_free(&b);
		}
		tfc_timeline_free(tl);
	}
}

/* ---- real logs through the parser ---- */

static analysis *corpus(const char *rel, tfc_timeline **tl, const tfc_report_options *o)
{
	const char *path = tu_corpus_path(rel);
	assert_non_null(path); /* the corpus is part of the test set-up */
	size_t n;
	char *buf = tu_read_file(path, &n);
	assert_non_null(buf);
	*tl = tu_parse_buffer(buf, n, "apply", rel, FEED_WHOLE, 0);
	free(buf);
	analysis *a = analysis_build(*tl, o);
	assert_non_null(a);
	return a;
}

static void corpus_multiple_resources(void **state)
{
	(void)state;
	tfc_timeline *tl;
	tfc_report_options o = opts();
	analysis *a = corpus("real/01_tfprofile_multiple_resources.log", &tl, &o);
	const a_stage *s = &a->stages[0];
	assert_int_equal(s->n_ops, 14);
	assert_true(s->estimated);
	assert_true(s->conc_peak >= 1 && s->conc_peak <= 14);
	/* the slowest is count_9 at 10 s, Terraform's own figure */
	assert_string_equal(s->slowest[0]->op->address, "time_sleep.count_9");
	assert_float_equal(s->slowest[0]->dur, 10, 1e-9);
	assert_true(s->wall_s >= 10);
	assert_lanes_disjoint(s);
	analysis_free(a);
	tfc_timeline_free(tl);
}

static void corpus_argo_failure(void **state)
{
	(void)state;
	tfc_timeline *tl;
	tfc_report_options o = opts();
	analysis *a = corpus("tf-profile/argo.log", &tl, &o);
	const a_stage *s = &a->stages[0];
	assert_int_equal(s->n_failed, 1);
	const a_op *f = s->failed[0];
	assert_string_equal(f->op->address,
			    "module.eks.module.eks_managed_node_group[\"initial\"].aws_eks_node_group.this[0]");
	assert_true(f->dur >= 1440);
	assert_non_null(row(s, ROLLUP_MODULE, "module.eks"));
	assert_non_null(row(s, ROLLUP_PROVIDER, "helm"));
	/* the node group cannot start before the cluster it needs has been created */
	const a_op *cluster = find(s, "module.eks.aws_eks_cluster.this[0]");
	assert_non_null(cluster);
	if (f->op->start_order) /* once the timeline records event order */
		assert_true(f->start >= cluster->end);
	analysis_free(a);
	tfc_timeline_free(tl);
}

static void corpus_many_modules(void **state)
{
	(void)state;
	tfc_timeline *tl;
	tfc_report_options o = opts();
	o.depth = 2;
	analysis *a = corpus("tf-profile/many_modules.log", &tl, &o);
	const a_stage *s = &a->stages[0];
	assert_int_equal(s->n_ops, 1510);
	assert_int_equal(s->n_unfinished, 15);
	assert_int_equal(s->n_status[TFC_STATUS_COMPLETE], 1495);
	size_t total = 0;
	for (size_t i = 0; i < s->rollup[ROLLUP_MODULE].n; i++)
		total += s->rollup[ROLLUP_MODULE].rows[i].count;
	assert_int_equal(total, 1510);
	analysis_free(a);
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(measured_positions_overhead_concurrency),
		cmocka_unit_test(estimated_from_event_order),
		cmocka_unit_test(estimated_by_parallel_slots_without_order),
		cmocka_unit_test(failed_and_unfinished),
		cmocka_unit_test(estimated_unfinished_runs_to_makespan),
		cmocka_unit_test(rollups_modules_types_providers_groups),
		cmocka_unit_test(stage_filter_sort_and_top),
		cmocka_unit_test(estimated_stages_follow_each_other),
		cmocka_unit_test(durations_format),
		cmocka_unit_test(odd_values_do_not_break),
		cmocka_unit_test(random_logs_render),
		cmocka_unit_test(corpus_multiple_resources),
		cmocka_unit_test(corpus_argo_failure),
		cmocka_unit_test(corpus_many_modules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
