/* text.c — the terminal report: a stage table, then per stage its figures,
 * the slowest operations with a bar scaled to the stage's wall time, what
 * failed or never finished, Helm phases and warnings. Colour only when the
 * caller says so (it decides from the terminal, NO_COLOR and --no-color). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "buf.h"
#include "report_internal.h"

typedef struct pen {
	tfc_buf *b;
	bool color;
	int width;
} pen;

static void sgr(pen *p, const char *code)
{
	if (p->color)
		buf_printf(p->b, "\x1b[%sm", code);
}

static void reset(pen *p)
{
	if (p->color)
		buf_puts(p->b, "\x1b[0m");
}

static const char *dur(double s, char *buf) { return analysis_fmt_duration(s, buf, 24); }

/* s in at most `cols` columns (UTF-8 aware), with an ellipsis when cut.
 * Control bytes from a log (a for_each key can hold anything) are shown as
 * '?': they must never reach the terminal as commands. */
static void put_fit(pen *p, const char *s, int cols)
{
	size_t len = strlen(s);
	int n = 0;
	size_t i = 0;
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	bool cut = n > cols;
	int keep = cut ? cols - 1 : n;
	n = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80 && n++ == keep)
			break;
		buf_putc(p->b, (c < 0x20 || c == 0x7F) ? '?' : (char)c);
	}
	if (cut)
		buf_puts(p->b, "…");
}

/* Columns a string takes (UTF-8 code points). */
static int text_cols(const char *s)
{
	int n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The columns s takes, but at most max. */
static int cols_at_most(const char *s, int max)
{
	int n = text_cols(s);
	return n < max ? n : max;
}

/* s cut or padded to exactly cols columns. */
static void put_padded(pen *p, const char *s, int cols)
{
	int n = text_cols(s);
	put_fit(p, s, cols);
	if (n < cols)
		buf_printf(p->b, "%*s", cols - n, "");
}

/* Columns of text[0..n), colour sequences not counted. */
static int visible_cols(const char *t, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\x1b') {
			while (i < n && t[i] != 'm')
				i++;
		} else if (((unsigned char)t[i] & 0xC0) != 0x80) {
			cols++;
		}
	}
	return cols;
}

/* A prose line made of " · "-separated parts, wrapped between parts to
 * the width; continuation lines are indented. */
static void put_wrapped(pen *p, const tfc_buf *line, int indent)
{
	static const char sep[] = " · ";
	const size_t sep_n = sizeof sep - 1;
	const char *t = line->data ? line->data : "";
	size_t n = line->len, start = 0;
	int used = 0;
	while (start < n) {
		const char *hit = memmem(t + start, n - start, sep, sep_n);
		size_t end = hit ? (size_t)(hit - t) : n;
		int cols = visible_cols(t + start, end - start);
		if (start > 0) {
			if (used + 3 + cols > p->width) {
				buf_printf(p->b, "\n%*s", indent, "");
				used = indent;
			} else {
				buf_put(p->b, sep, sep_n);
				used += 3;
			}
		}
		buf_put(p->b, t + start, end - start);
		used += cols;
		start = hit ? end + sep_n : n;
	}
	buf_putc(p->b, '\n');
}

static void bar(pen *p, double start, double len, double scale, int cols)
{
	/* ▏ eighths give sub-cell resolution */
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	if (isnan(len) || isnan(scale) || scale <= 0) {
		buf_printf(p->b, "%*s", cols, "");
		return;
	}
	double from = isnan(start) ? 0 : start / scale * cols;
	double width = len / scale * cols;
	if (from > cols)
		from = cols;
	if (from + width > cols)
		width = cols - from;
	int lead = (int)from;
	int full = (int)width;
	int part = (int)((width - full) * 8);
	if (full == 0 && part == 0)
		part = 1; /* never invisible */
	int used = lead + full + (part ? 1 : 0);
	buf_printf(p->b, "%*s", lead, "");
	sgr(p, "36");
	for (int i = 0; i < full; i++)
		buf_puts(p->b, "█");
	buf_puts(p->b, eighths[part]);
	reset(p);
	if (used < cols)
		buf_printf(p->b, "%*s", cols - used, "");
}

static const char *status_color(tfc_status s)
{
	switch (s) {
	case TFC_STATUS_FAILED: return "31";
	case TFC_STATUS_UNFINISHED: return "33";
	default: return "0";
	}
}

enum { BAR_COLS = 20 };

/* One operation: duration, a bar on the stage's timeline (listings of the
 * slowest), action, address cut to what is left of the line. */
static void op_row(pen *p, const a_stage *as, const a_op *o, bool with_bar)
{
	char d[24];
	const tfc_op *op = o->op;
	const char *prefix = o->open ? "≥" : (o->estimated ? "~" : " ");
	sgr(p, status_color(op->status));
	buf_printf(p->b, "  %s%8s  ", prefix, dur(o->dur, d));
	reset(p);
	int left = p->width - 13;
	if (with_bar) {
		bar(p, o->start, o->dur, as->wall_s, BAR_COLS);
		buf_puts(p->b, "  ");
		left -= BAR_COLS + 2;
	}
	buf_printf(p->b, "%-7s ", tfc_action_name(op->action));
	left -= 8;
	if (op->unit) {
		int unit_cols = cols_at_most(op->unit, 24);
		buf_putc(p->b, '[');
		put_fit(p, op->unit, unit_cols);
		buf_puts(p->b, "] ");
		left -= unit_cols + 3;
	}
	int deposed_cols = op->deposed ? 11 + cols_at_most(op->deposed, 16) : 0;
	put_fit(p, op->address, left - deposed_cols > 12 ? left - deposed_cols : 12);
	if (op->deposed) {
		buf_puts(p->b, " (deposed ");
		put_fit(p, op->deposed, deposed_cols - 11);
		buf_putc(p->b, ')');
	}
	buf_putc(p->b, '\n');
	if (op->error) {
		sgr(p, "31");
		buf_puts(p->b, "             error: ");
		put_fit(p, op->error, p->width - 20);
		reset(p);
		buf_putc(p->b, '\n');
	}
}

static void section(pen *p, const char *title, size_t n)
{
	sgr(p, "1");
	buf_printf(p->b, "  %s", title);
	reset(p);
	if (n)
		buf_printf(p->b, " (%zu)", n);
	buf_puts(p->b, "\n");
}

static void stage_table(pen *p, const analysis *a)
{
	char w[24], s[24], ov[24];
	int name_w = 5;
	for (size_t i = 0; i < a->n_stages; i++) {
		int n = (int)strlen(a->stages[i].st->name);
		if (n > name_w)
			name_w = n;
	}
	if (name_w > p->width - 61)
		name_w = p->width - 61 > 12 ? p->width - 61 : 12;
	sgr(p, "1");
	buf_printf(p->b, "%-*s  %-8s %9s %10s %9s %5s %6s %6s\n", name_w, "STAGE", "COMMAND", "WALL", "RESOURCES",
		   "OVERHEAD", "OPS", "FAILED", "UNFIN");
	reset(p);
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *as = &a->stages[i];
		const tfc_stage *st = as->st;
		put_padded(p, st->name, name_w);
		buf_printf(p->b, "  %-8s %8s%s %10s %9s %5zu ",
			   st->command == TFC_COMMAND_UNKNOWN ? "-" : tfc_command_name(st->command),
			   dur(as->wall_s, w), as->estimated ? "~" : " ", dur(as->sum_s, s),
			   isnan(as->overhead_s) ? "-" : dur(as->overhead_s, ov), as->n_ops);
		if (as->n_status[TFC_STATUS_FAILED])
			sgr(p, "31");
		buf_printf(p->b, "%6zu", as->n_status[TFC_STATUS_FAILED]);
		reset(p);
		if (as->n_status[TFC_STATUS_UNFINISHED])
			sgr(p, "33");
		buf_printf(p->b, " %6zu", as->n_status[TFC_STATUS_UNFINISHED]);
		reset(p);
		buf_putc(p->b, '\n');
	}
}

/* The top rows of the by-module and by-type roll-ups, side by side in
 * meaning: where a stage's resource time went. */
static void rollups(pen *p, const a_stage *as)
{
	static const int which[] = {ROLLUP_MODULE, ROLLUP_TYPE};
	enum { ROWS = 5 };
	if (as->n_ops < 2)
		return;
	for (size_t w = 0; w < sizeof which / sizeof which[0]; w++) {
		const a_rollup *r = &as->rollup[which[w]];
		if (r->n < 2)
			continue; /* one row says nothing the stage line did not */
		char title[64];
		snprintf(title, sizeof title, "By %s: summed, count, longest, %% of wall time busy",
			 analysis_rollup_name(which[w]));
		section(p, title, 0);
		int key_cols = p->width - 43;
		for (size_t i = 0; i < r->n && i < ROWS; i++) {
			const a_row *row = &r->rows[i];
			char sum[24], max[24];
			buf_printf(p->b, "    %9s  %5zu× max %8s  ", dur(row->sum_s, sum), row->count, dur(row->max_s, max));
			if (isnan(row->share))
				buf_puts(p->b, "      ");
			else
				buf_printf(p->b, "%4.0f%%  ", row->share * 100);
			put_fit(p, row->key, key_cols);
			buf_putc(p->b, '\n');
		}
		if (r->n > ROWS)
			buf_printf(p->b, "    … %zu more (--format html or csv for all)\n", r->n - ROWS);
	}
}

static void stage_detail(pen *p, const a_stage *as)
{
	const tfc_stage *st = as->st;
	char w[24], s[24], ov[24];
	buf_putc(p->b, '\n');
	/* the two prose lines are built aside, then wrapped to the width */
	pen *out = p;
	tfc_buf line = {0};
	pen lp = {.b = &line, .color = p->color, .width = p->width};
	p = &lp;
	sgr(p, "1");
	buf_puts(p->b, "── ");
	put_fit(p, st->name, p->width - 4);
	reset(p);
	buf_printf(p->b, " · %s", st->command == TFC_COMMAND_UNKNOWN ? "unknown command" : tfc_command_name(st->command));
	if (st->tool) {
		buf_puts(p->b, " · ");
		put_fit(p, st->tool, 20);
		if (st->tool_version) {
			buf_putc(p->b, ' ');
			put_fit(p, st->tool_version, 20);
		}
	}
	buf_printf(p->b, " · wall %s %s · %s summed", dur(as->wall_s, w), as->estimated ? "(estimated)" : "(measured)",
		   dur(as->sum_s, s));
	if (!isnan(as->overhead_s))
		buf_printf(p->b, " · overhead %s", dur(as->overhead_s, ov));
	if (as->n_ops)
		buf_printf(p->b, " · concurrency avg %.1f peak %u", as->conc_avg, as->conc_peak);
	put_wrapped(out, &line, 3);
	line.len = 0;

	buf_printf(p->b, "  %zu operation%s%s", as->n_ops, as->n_ops == 1 ? "" : "s", as->n_ops ? ":" : "");
	const char *sep = " ";
	for (int s2 = 0; s2 < TFC_STATUS_COUNT; s2++)
		if (as->n_status[s2] && s2 != TFC_STATUS_PLANNED) {
			buf_printf(p->b, "%s%zu %s", sep, as->n_status[s2], tfc_status_name((tfc_status)s2));
			sep = ", ";
		}
	sep = as->n_ops ? " · " : "";
	for (int ac = 0; ac < TFC_ACTION_COUNT; ac++)
		if (as->n_action[ac]) {
			buf_printf(p->b, "%s%s %zu", sep, tfc_action_name((tfc_action)ac), as->n_action[ac]);
			sep = ", ";
		}
	if (as->n_planned)
		buf_printf(p->b, " · %zu planned, not started", as->n_planned);
	if (st->has_summary)
		buf_printf(p->b, " · summary %d added, %d changed, %d destroyed", st->added, st->changed, st->destroyed);
	if (st->interrupted)
		buf_puts(p->b, " · interrupted");
	put_wrapped(out, &line, 4);
	bool oom = line.oom;
	tfc_buf_free(&line);
	p = out;
	if (oom)
		p->b->oom = true;

	if (as->n_slowest) {
		section(p, "Slowest", 0);
		for (size_t i = 0; i < as->n_slowest; i++)
			op_row(p, as, as->slowest[i], true);
	}
	if (as->n_failed) {
		section(p, "Failed", as->n_failed);
		for (size_t i = 0; i < as->n_failed; i++)
			op_row(p, as, as->failed[i], false);
	}
	if (as->n_unfinished) {
		section(p, "Unfinished (still running when the log stops)", as->n_unfinished);
		for (size_t i = 0; i < as->n_unfinished; i++)
			op_row(p, as, as->unfinished[i], false);
	}
	rollups(p, as);
	for (size_t i = 0; i < st->n_errors; i++) {
		sgr(p, "31");
		buf_puts(p->b, "  Error: ");
		put_fit(p, st->errors[i], p->width - 10);
		reset(p);
		buf_putc(p->b, '\n');
	}
	if (as->n_helm) {
		section(p, "Helm releases", as->n_helm);
		for (size_t i = 0; i < as->n_helm; i++) {
			const tfc_helm *h = as->helm[i]->op->helm;
			char a1[24], a2[24], a3[24];
			int rel_cols = p->width - 54 < 28 ? p->width - 54 : 28;
			buf_puts(p->b, "    ");
			/* without a named line the release is known by its address only */
			put_padded(p, h->release ? h->release : as->helm[i]->op->address, rel_cols);
			buf_printf(p->b, " prepare %8s  install %8s  wait %8s",
				   dur(h->prepare_s, a1), dur(h->install_s, a2), dur(h->wait_s, a3));
			buf_putc(p->b, '\n');
			if (h->note) {
				buf_puts(p->b, "      ");
				put_fit(p, h->note, p->width - 6);
				buf_putc(p->b, '\n');
			}
		}
	}
	if (st->n_warnings_total) {
		sgr(p, "33");
		buf_printf(p->b, "  Warnings (%llu)", (unsigned long long)st->n_warnings_total);
		reset(p);
		buf_putc(p->b, '\n');
		for (size_t i = 0; i < st->n_warnings && i < 5; i++) {
			const tfc_warning *wn = &st->warnings[i];
			char where[32];
			int src_cols = cols_at_most(wn->source, p->width / 2);
			int where_cols = snprintf(where, sizeof where, ":%llu: ", (unsigned long long)wn->line);
			buf_puts(p->b, "    ");
			put_fit(p, wn->source, src_cols);
			buf_puts(p->b, where);
			put_fit(p, wn->message, p->width - 4 - src_cols - where_cols);
			buf_putc(p->b, '\n');
		}
		if (st->n_warnings_total > 5)
			buf_printf(p->b, "    … and %llu more (see --format json)\n",
				   (unsigned long long)(st->n_warnings_total - 5));
	}
}

tfc_rc render_text(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	/* The stage table needs 80 columns; narrower terminals wrap it. */
	pen p = {.b = out, .color = o->color, .width = o->width < 80 ? 80 : o->width};
	char w[24];
	sgr(&p, "1");
	buf_printf(out, "tfclock");
	reset(&p);
	buf_printf(out, " · %zu stage%s · %zu operations", a->n_stages, a->n_stages == 1 ? "" : "s", a->n_ops);
	if (a->n_failed) {
		buf_puts(out, " · ");
		sgr(&p, "31");
		buf_printf(out, "%zu failed", a->n_failed);
		reset(&p);
	}
	if (a->n_unfinished) {
		buf_puts(out, " · ");
		sgr(&p, "33");
		buf_printf(out, "%zu unfinished", a->n_unfinished);
		reset(&p);
	}
	if (a->n_stages)
		buf_printf(out, " · run %s%s", dur(a->run_wall_s, w),
			   a->any_estimated ? (a->any_measured ? " (partly estimated)" : " (estimated)") : " (measured)");
	buf_puts(out, "\n\n");
	if (a->n_stages == 0) {
		buf_puts(out, "No Terraform / OpenTofu output found.\n");
		return out->oom ? TFC_ENOMEM : TFC_OK;
	}
	stage_table(&p, a);
	for (size_t i = 0; i < a->n_stages; i++)
		stage_detail(&p, &a->stages[i]);
	if (a->any_estimated || a->n_failed || a->n_unfinished)
		buf_putc(out, '\n');
	if (a->any_estimated)
		buf_puts(out, "~ estimated from the order of events and Terraform's reported durations (no timestamps).\n");
	if (a->n_failed || a->n_unfinished)
		buf_puts(out, "≥ lower bound: the operation never completed.\n");
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
