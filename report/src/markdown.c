/* markdown.c — GitHub-flavoured Markdown for job summaries: failures first,
 * a stage table, per stage a mermaid gantt of its slowest operations and the
 * full table in <details>. The document is built as sections of rows and
 * trimmed, longest section first, until it fits o->max_bytes (GitHub drops a
 * step summary over 1 MiB); every cut says what was left out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "buf.h"
#include "escape.h"

#define MERMAID_MAX 49000   /* mermaid refuses diagrams over 50,000 characters */
#define GANTT_MAX_TASKS 50  /* a gantt with more bars is unreadable in a summary */
#define LABEL_MAX 60
#define ERROR_MAX 300
#define ROLLUP_ROWS 10
#define NOTE_RESERVE 200    /* room for a "left out" note */

/* ---- sections ------------------------------------------------------------- */

typedef enum note_kind { NOTE_NONE, NOTE_TABLE, NOTE_MERMAID } note_kind;

typedef struct section {
	tfc_buf head, rows, tail;
	size_t *row_end; /* end offset in rows of each row */
	size_t n_rows, cap_rows, keep;
	size_t skipped;   /* rows never rendered: the section was already over budget */
	note_kind note;
	const char *what; /* "operations", "failures", … for the note */
} section;

typedef struct doc {
	section *s;
	size_t n, cap;
	size_t budget;
	bool oom;
} doc;

/* A section already longer than the whole budget keeps none of the rows
 * that would follow: count them instead of rendering them. */
static bool sec_full(const doc *d, section *s)
{
	if (s->rows.len <= d->budget)
		return false;
	s->skipped++;
	return true;
}

static section *sec_new(doc *d, note_kind note, const char *what)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		section *p = realloc(d->s, cap * sizeof *p);
		if (!p) {
			d->oom = true;
			return NULL;
		}
		d->s = p;
		d->cap = cap;
	}
	section *s = &d->s[d->n++];
	*s = (section){.note = note, .what = what};
	return s;
}

/* Close the row written since the last call. */
static void sec_row(doc *d, section *s)
{
	if (s->n_rows == s->cap_rows) {
		size_t cap = s->cap_rows ? s->cap_rows * 2 : 16;
		size_t *p = realloc(s->row_end, cap * sizeof *p);
		if (!p) {
			d->oom = true;
			return;
		}
		s->row_end = p;
		s->cap_rows = cap;
	}
	s->row_end[s->n_rows++] = s->rows.len;
	s->keep = s->n_rows;
}

static size_t rows_bytes(const section *s, size_t k) { return k ? s->row_end[k - 1] : 0; }

static size_t sec_size(const section *s)
{
	size_t n = s->head.len + rows_bytes(s, s->keep) + s->tail.len;
	return s->keep < s->n_rows || s->skipped ? n + NOTE_RESERVE : n;
}

static void put_note(tfc_buf *b, const section *s)
{
	size_t left = s->n_rows - s->keep + s->skipped;
	if (s->note == NOTE_MERMAID)
		buf_printf(b, "%%%% %zu more %s left out\n", left, s->what);
	else
		buf_printf(b, "\n> :scissors: %zu more %s left out to keep this summary under GitHub's 1 MiB "
			      "limit; the JSON or HTML report has them all.\n\n",
			   left, s->what);
}

/* Trim the longest section until the document fits. Sections without rows
 * cannot shrink; when only they are left the output is cut (and says so). */
static void fit(doc *d, size_t budget)
{
	for (;;) {
		size_t total = 0;
		for (size_t i = 0; i < d->n; i++)
			total += sec_size(&d->s[i]);
		if (total <= budget)
			return;
		section *big = NULL;
		for (size_t i = 0; i < d->n; i++) {
			section *s = &d->s[i];
			if (s->keep > 0 && (!big || sec_size(s) > sec_size(big)))
				big = s;
		}
		if (!big)
			return;
		/* Down to the next biggest section's size at most, so that long
		 * sections share the cuts rather than one disappearing. */
		size_t second = 0;
		for (size_t i = 0; i < d->n; i++) {
			section *s = &d->s[i];
			if (s != big && s->keep > 0 && sec_size(s) > second)
				second = sec_size(s);
		}
		size_t excess = total - budget, size = sec_size(big);
		size_t target = size > excess ? size - excess : 0;
		if (target < second)
			target = second;
		size_t fixed = big->head.len + big->tail.len + NOTE_RESERVE;
		size_t want = target > fixed ? target - fixed : 0;
		size_t k = big->keep;
		while (k > 0 && rows_bytes(big, k) > want)
			k--;
		if (k == big->keep)
			k--;
		big->keep = k;
	}
}

static void emit(doc *d, tfc_buf *out, size_t budget)
{
	size_t start = out->len;
	for (size_t i = 0; i < d->n; i++) {
		const section *s = &d->s[i];
		buf_put(out, s->head.data ? s->head.data : "", s->head.len);
		buf_put(out, s->rows.data ? s->rows.data : "", rows_bytes(s, s->keep));
		if (s->keep < s->n_rows || s->skipped)
			put_note(out, s);
		buf_put(out, s->tail.data ? s->tail.data : "", s->tail.len);
	}
	if (out->len - start > budget && !out->oom) {
		/* Only unshrinkable text is left: cut it at a line end. */
		size_t cut = start + budget - NOTE_RESERVE;
		while (cut > start && out->data[cut - 1] != '\n')
			cut--;
		out->len = cut;
		out->data[cut] = '\0';
		buf_puts(out, "\n> :scissors: The rest of this report was left out to stay under 1 MiB.\n");
	}
}

static void doc_free(doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		tfc_buf_free(&d->s[i].head);
		tfc_buf_free(&d->s[i].rows);
		tfc_buf_free(&d->s[i].tail);
		free(d->s[i].row_end);
	}
	free(d->s);
}

/* ---- figures ------------------------------------------------------------- */

/* A duration, "~" in front when estimated, "≥" when a lower bound. */
static void put_dur(tfc_buf *b, double s, bool estimated, bool lower_bound)
{
	char t[32];
	if (isnan(s)) {
		buf_puts(b, "–");
		return;
	}
	if (lower_bound)
		buf_puts(b, "≥ ");
	if (estimated)
		buf_putc(b, '~');
	buf_puts(b, analysis_fmt_duration(s, t, sizeof t));
}

static void put_share(tfc_buf *b, double part, double whole)
{
	if (!isnan(part) && whole > 0)
		buf_printf(b, " (%.0f%%)", 100 * part / whole);
}

static const char *status_icon(tfc_status s)
{
	switch (s) {
	case TFC_STATUS_FAILED: return ":x: failed";
	case TFC_STATUS_UNFINISHED: return ":hourglass: unfinished";
	case TFC_STATUS_PLANNED: return "planned";
	default: return "complete";
	}
}

/* ---- parts of the document --------------------------------------------- */

static void header(doc *d, const analysis *a)
{
	section *s = sec_new(d, NOTE_NONE, NULL);
	if (!s)
		return;
	tfc_buf *b = &s->head;
	buf_puts(b, "## :stopwatch: tfclock — Terraform timeline\n\n");
	size_t n_stages = a->n_stages;
	buf_printf(b, "%zu stage%s, %zu operation%s", n_stages, n_stages == 1 ? "" : "s", a->n_ops,
		   a->n_ops == 1 ? "" : "s");
	if (a->n_failed)
		buf_printf(b, ", **%zu failed**", a->n_failed);
	if (a->n_unfinished)
		buf_printf(b, ", %zu unfinished", a->n_unfinished);
	buf_puts(b, ".\n\n");
	if (a->any_measured && !a->any_estimated)
		buf_puts(b, "Times are **measured** from the log's timestamps.\n\n");
	else if (a->any_estimated)
		buf_printf(b, "> **Estimated figures (marked ~):** %s no timestamps, so start times, wall "
			      "times and concurrency are estimated from the order of the log's lines and "
			      "Terraform's reported durations: an operation starts once every operation whose "
			      "completion was printed before it had ended. Durations are Terraform's own; "
			      "overhead cannot be told without timestamps.\n\n",
			   a->any_measured ? "some stages have" : "the log has");
}

static void failures(doc *d, const analysis *a)
{
	if (a->n_failed == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "failures");
	if (!s)
		return;
	buf_printf(&s->head, "### :x: Failed operations (%zu)\n\n"
			     "| Stage | Operation | Action | After | Error |\n|---|---|---|---:|---|\n",
		   a->n_failed);
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *st = &a->stages[i];
		for (size_t j = 0; j < st->n_failed; j++) {
			const a_op *x = st->failed[j];
			tfc_buf *b = &s->rows;
			if (sec_full(d, s))
				continue;
			buf_puts(b, "| ");
			esc_markdown(b, st->st->name, 40);
			buf_puts(b, " | ");
			esc_markdown(b, x->op->address, 0);
			buf_printf(b, " | %s | ", tfc_action_name(x->op->action));
			put_dur(b, x->dur, false, x->open);
			buf_puts(b, " | ");
			esc_markdown(b, x->op->error ? x->op->error : "", ERROR_MAX);
			buf_puts(b, " |\n");
			sec_row(d, s);
		}
	}
	buf_puts(&s->tail, "\n");
}

static void stage_table(doc *d, const analysis *a)
{
	section *s = sec_new(d, NOTE_TABLE, "stages");
	if (!s)
		return;
	buf_puts(&s->head, "### Stages\n\n| Stage | Command | Wall | Resource time | Overhead | "
			   "Concurrency avg / peak | Operations | Failed | Unfinished |\n"
			   "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *st = &a->stages[i];
		tfc_buf *b = &s->rows;
		buf_puts(b, "| ");
		esc_markdown(b, st->st->name, 60);
		buf_printf(b, " | %s | ", tfc_command_name(st->st->command));
		put_dur(b, st->wall_s, st->estimated, false);
		buf_puts(b, " | ");
		put_dur(b, st->sum_s, false, false);
		buf_puts(b, " | ");
		put_dur(b, st->overhead_s, false, false);
		put_share(b, st->overhead_s, st->wall_s);
		if (isnan(st->conc_avg))
			buf_puts(b, " | – | ");
		else
			buf_printf(b, " | %s%.1f / %u | ", st->estimated ? "~" : "", st->conc_avg, st->conc_peak);
		buf_printf(b, "%zu | %zu | %zu |\n", st->n_ops, st->n_status[TFC_STATUS_FAILED],
			   st->n_status[TFC_STATUS_UNFINISHED]);
		sec_row(d, s);
	}
	buf_puts(&s->tail, "\n");
}

/* YYYY-MM-DD HH:mm:ss from 2000-01-01, so stages longer than a day still parse. */
static void gantt_time(tfc_buf *b, double t)
{
	time_t s = (time_t)(946684800 + (t > 0 ? (long long)floor(t) : 0));
	struct tm tm;
	gmtime_r(&s, &tm);
	buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		   tm.tm_min, tm.tm_sec);
}

static void gantt(doc *d, const a_stage *st)
{
	if (st->n_slowest == 0)
		return;
	section *s = sec_new(d, NOTE_MERMAID, "operations");
	if (!s)
		return;
	size_t n = st->n_slowest < GANTT_MAX_TASKS ? st->n_slowest : GANTT_MAX_TASKS;
	buf_printf(&s->head, "Slowest %zu operation%s%s:\n\n```mermaid\ngantt\n", n, n == 1 ? "" : "s",
		   st->estimated ? " (positions estimated)" : "");
	buf_puts(&s->head, "    dateFormat YYYY-MM-DD HH:mm:ss\n");
	buf_puts(&s->head, st->wall_s >= 86400 ? "    axisFormat %d %H:%M\n" : st->wall_s >= 3600
			       ? "    axisFormat %H:%M\n" : "    axisFormat %M:%S\n");
	buf_puts(&s->head, "    todayMarker off\n    section ");
	esc_mermaid(&s->head, st->st->name, 40);
	buf_putc(&s->head, '\n');
	/* In start order, so the chart reads top to bottom like the run. */
	const a_op **v = malloc(n * sizeof *v);
	if (!v) {
		d->oom = true;
		return;
	}
	memcpy(v, st->slowest, n * sizeof *v);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && (v[j]->start < v[j - 1]->start ||
					     (v[j]->start == v[j - 1]->start && v[j]->op->seq < v[j - 1]->op->seq));
		     j--) {
			const a_op *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	size_t size = s->head.len + 8;
	for (size_t i = 0; i < n; i++) {
		const a_op *x = v[i];
		size_t before = s->rows.len;
		buf_puts(&s->rows, "    ");
		esc_mermaid(&s->rows, x->op->address, LABEL_MAX);
		buf_printf(&s->rows, " %s :", tfc_action_name(x->op->action));
		if (x->op->status == TFC_STATUS_FAILED)
			buf_puts(&s->rows, "crit, ");
		else if (x->op->status == TFC_STATUS_UNFINISHED)
			buf_puts(&s->rows, "active, ");
		buf_printf(&s->rows, "t%zu, ", i);
		gantt_time(&s->rows, x->start);
		/* Whole seconds at least 1, or mermaid draws nothing to hover. */
		long long dur = llround(x->dur);
		buf_printf(&s->rows, ", %llds\n", dur < 1 ? 1 : dur);
		size += s->rows.len - before;
		if (size + NOTE_RESERVE > MERMAID_MAX) {
			s->rows.len = before;
			break;
		}
		sec_row(d, s);
	}
	free(v);
	buf_puts(&s->tail, "```\n\n");
}

static void op_row(tfc_buf *b, size_t i, const a_op *x)
{
	buf_printf(b, "| %zu | ", i + 1);
	esc_markdown(b, x->op->address, 0);
	if (x->op->deposed) {
		buf_puts(b, " (deposed ");
		esc_markdown(b, x->op->deposed, 20);
		buf_putc(b, ')');
	}
	if (x->op->unit) {
		buf_puts(b, " — ");
		esc_markdown(b, x->op->unit, 60);
	}
	buf_printf(b, " | %s | %s | ", tfc_action_name(x->op->action), status_icon(x->op->status));
	put_dur(b, x->start, x->estimated, false);
	buf_puts(b, " | ");
	put_dur(b, x->dur, false, x->open);
	buf_puts(b, " |\n");
}

static void unfinished(doc *d, const a_stage *st)
{
	if (st->n_unfinished == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "unfinished operations");
	if (!s)
		return;
	buf_printf(&s->head, ":hourglass: **%zu unfinished** (started, never completed, no error names them):\n\n"
			     "| # | Operation | Action | Status | Start | Running for |\n|---:|---|---|---|---:|---:|\n",
		   st->n_unfinished);
	for (size_t i = 0; i < st->n_unfinished; i++) {
		if (sec_full(d, s))
			continue;
		op_row(&s->rows, i, st->unfinished[i]);
		sec_row(d, s);
	}
	buf_puts(&s->tail, "\n");
}

static void stage_errors(doc *d, const a_stage *st)
{
	if (st->st->n_errors == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "errors");
	if (!s)
		return;
	buf_puts(&s->head, "Errors that name no operation:\n\n");
	for (size_t i = 0; i < st->st->n_errors; i++) {
		if (sec_full(d, s))
			continue;
		buf_puts(&s->rows, "- ");
		esc_markdown(&s->rows, st->st->errors[i], ERROR_MAX);
		buf_putc(&s->rows, '\n');
		sec_row(d, s);
	}
	buf_puts(&s->tail, "\n");
}

static void helm(doc *d, const a_stage *st)
{
	if (st->n_helm == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "Helm releases");
	if (!s)
		return;
	buf_puts(&s->head, "Helm releases:\n\n| Release | Operation | Total | Prepare | Install | Wait | Provider | Note |\n"
			   "|---|---|---:|---:|---:|---:|---:|---|\n");
	for (size_t i = 0; i < st->n_helm; i++) {
		const a_op *x = st->helm[i];
		const tfc_helm *h = x->op->helm;
		tfc_buf *b = &s->rows;
		buf_puts(b, "| ");
		esc_markdown(b, h->release ? h->release : "?", 60);
		buf_puts(b, " | ");
		esc_markdown(b, x->op->address, 0);
		buf_puts(b, " | ");
		put_dur(b, x->dur, false, x->open);
		buf_puts(b, " | ");
		put_dur(b, h->prepare_s, false, false);
		buf_puts(b, " | ");
		put_dur(b, h->install_s, false, false);
		buf_puts(b, " | ");
		put_dur(b, h->wait_s, false, false);
		buf_puts(b, " | ");
		put_dur(b, h->provider_s, false, false);
		buf_puts(b, " | ");
		if (h->ambiguous)
			buf_puts(b, "ambiguous ");
		esc_markdown(b, h->note ? h->note : "", 200);
		buf_puts(b, " |\n");
		sec_row(d, s);
	}
	buf_puts(&s->tail, "\n");
}

static void rollups(doc *d, const a_stage *st, int depth)
{
	if (st->n_ops == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "roll-up rows");
	if (!s)
		return;
	buf_puts(&s->head, "<details><summary>Roll-ups: by module");
	if (depth > 0)
		buf_printf(&s->head, " (depth %d)", depth);
	buf_puts(&s->head, ", resource type, provider and count/for_each group</summary>\n\n");
	for (int r = 0; r < ROLLUP_COUNT; r++) {
		const a_rollup *ru = &st->rollup[r];
		if (ru->n == 0)
			continue;
		tfc_buf *b = &s->rows;
		buf_printf(b, "| %s | Count | Sum | Max | Share of wall time | Share of resource time | Failed |\n"
			      "|---|---:|---:|---:|---:|---:|---:|\n",
			   r == ROLLUP_GROUP ? "Group" : r == ROLLUP_MODULE ? "Module"
						 : r == ROLLUP_TYPE   ? "Type"
								      : "Provider");
		sec_row(d, s);
		size_t n = ru->n < ROLLUP_ROWS ? ru->n : ROLLUP_ROWS;
		for (size_t i = 0; i < n; i++) {
			const a_row *w = &ru->rows[i];
			buf_puts(b, "| ");
			esc_markdown(b, w->key, 0);
			buf_printf(b, " | %zu | ", w->count);
			put_dur(b, w->sum_s, false, false);
			buf_puts(b, " | ");
			put_dur(b, w->max_s, false, false);
			if (isnan(w->share))
				buf_puts(b, " | – | ");
			else
				buf_printf(b, " | %s%.0f%% | ", st->estimated ? "~" : "", 100 * w->share);
			if (isnan(w->sum_share))
				buf_puts(b, "– | ");
			else
				buf_printf(b, "%.0f%% | ", 100 * w->sum_share);
			buf_printf(b, "%zu |\n", w->n_failed);
			sec_row(d, s);
		}
		if (ru->n > n)
			buf_printf(b, "\n%zu more.\n", ru->n - n);
		buf_puts(b, "\n");
		sec_row(d, s);
	}
	buf_puts(&s->tail, "</details>\n\n");
}

static void full_table(doc *d, const a_stage *st)
{
	if (st->n_shown == 0)
		return;
	section *s = sec_new(d, NOTE_TABLE, "operations");
	if (!s)
		return;
	buf_printf(&s->head, "<details><summary>All %zu operations%s</summary>\n\n"
			     "| # | Operation | Action | Status | Start | Duration |\n|---:|---|---|---|---:|---:|\n",
		   st->n_shown, st->n_shown < st->n_ops ? " shown by the filters" : "");
	for (size_t i = 0; i < st->n_shown; i++) {
		if (sec_full(d, s))
			continue;
		op_row(&s->rows, i, st->shown[i]);
		sec_row(d, s);
	}
	buf_puts(&s->tail, "\n</details>\n\n");
}

static void stage_head(doc *d, const a_stage *st)
{
	section *s = sec_new(d, NOTE_NONE, NULL);
	if (!s)
		return;
	tfc_buf *b = &s->head;
	const tfc_stage *t = st->st;
	buf_puts(b, "### Stage ");
	esc_markdown(b, t->name, 100);
	buf_puts(b, "\n\n");
	buf_printf(b, "**%s**", tfc_command_name(t->command));
	if (t->tool) {
		buf_puts(b, " with ");
		esc_markdown(b, t->tool, 20);
		if (t->tool_version) {
			buf_putc(b, ' ');
			esc_markdown(b, t->tool_version, 20);
		}
	}
	buf_puts(b, " — wall ");
	put_dur(b, st->wall_s, st->estimated, false);
	buf_puts(b, ", resource time ");
	put_dur(b, st->sum_s, false, false);
	if (!st->estimated) {
		buf_puts(b, ", overhead ");
		put_dur(b, st->overhead_s, false, false);
		put_share(b, st->overhead_s, st->wall_s);
		buf_puts(b, " (before the first operation ");
		put_dur(b, st->lead_s, false, false);
		buf_puts(b, ", between ");
		put_dur(b, st->gap_s, false, false);
		buf_puts(b, ", after the last ");
		put_dur(b, st->tail_s, false, false);
		buf_puts(b, ")");
	}
	if (!isnan(st->conc_avg))
		buf_printf(b, ", concurrency %s%.1f average, %u peak", st->estimated ? "~" : "", st->conc_avg,
			   st->conc_peak);
	buf_puts(b, ".");
	if (t->has_summary) {
		buf_printf(b, " Terraform: %d added, %d changed, %d destroyed", t->added, t->changed, t->destroyed);
		if (t->imported)
			buf_printf(b, ", %d imported", t->imported);
		if (t->forgotten)
			buf_printf(b, ", %d forgotten", t->forgotten);
		buf_puts(b, ".");
	}
	if (t->interrupted)
		buf_puts(b, " **Interrupted.**");
	if (st->n_planned)
		buf_printf(b, " %zu planned operation%s never started.", st->n_planned, st->n_planned == 1 ? "" : "s");
	if (t->n_warnings_total)
		buf_printf(b, " %llu log line%s could not be read (see the JSON report).",
			   (unsigned long long)t->n_warnings_total, t->n_warnings_total == 1 ? "" : "s");
	buf_puts(b, "\n\n");
}

tfc_rc render_markdown(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	doc d = {.budget = o->max_bytes ? o->max_bytes : (1u << 20) - 16384};
	header(&d, a);
	failures(&d, a);
	stage_table(&d, a);
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *st = &a->stages[i];
		stage_head(&d, st);
		stage_errors(&d, st);
		gantt(&d, st);
		unfinished(&d, st);
		helm(&d, st);
		rollups(&d, st, a->depth);
		full_table(&d, st);
	}
	bool oom = d.oom;
	for (size_t i = 0; i < d.n; i++)
		oom |= d.s[i].head.oom || d.s[i].rows.oom || d.s[i].tail.oom;
	if (!oom) {
		fit(&d, d.budget);
		emit(&d, out, d.budget);
	}
	doc_free(&d);
	return oom || out->oom ? TFC_ENOMEM : TFC_OK;
}
