/* html.c — one self-contained HTML file: the CSS and JS of report/assets
 * (embedded at build time, report_assets.h) and the analysis as JSON inside
 * a <script type="application/json">, escaped so that no string from a log
 * can close it. A Content-Security-Policy forbids any network access. */
#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "buf.h"
#include "escape.h"
#include "report_assets.h" /* generated: asset_report_css, asset_report_js */

static const char *const op_fields =
	"[\"address\",\"action\",\"status\",\"start\",\"dur\",\"lane\",\"open\",\"estimated\",\"seq\","
	"\"id\",\"error\",\"unit\",\"deposed\",\"provider\",\"source\",\"line\",\"helm\"]";

static void num(tfc_buf *b, double v)
{
	buf_put_json_number(b, v);
}

static void field_num(tfc_buf *b, const char *name, double v)
{
	buf_printf(b, ",\"%s\":", name);
	num(b, v);
}

static void field_str(tfc_buf *b, const char *name, const char *v)
{
	buf_printf(b, ",\"%s\":", name);
	buf_put_json_string(b, v);
}

static void helm(tfc_buf *b, const tfc_helm *h)
{
	if (!h) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\"release\":");
	buf_put_json_string(b, h->release);
	field_num(b, "prepare_s", h->prepare_s);
	field_num(b, "install_s", h->install_s);
	field_num(b, "wait_s", h->wait_s);
	field_num(b, "provider_s", h->provider_s);
	field_str(b, "note", h->note);
	buf_puts(b, "}");
}

static void op(tfc_buf *b, const a_op *x)
{
	const tfc_op *o = x->op;
	buf_putc(b, '[');
	buf_put_json_string(b, o->address);
	buf_printf(b, ",\"%s\",\"%s\",", tfc_action_name(o->action), tfc_status_name(o->status));
	num(b, x->start);
	buf_putc(b, ',');
	num(b, x->dur);
	buf_printf(b, ",%u,%d,%d,%llu,", x->lane, x->open, x->estimated, (unsigned long long)o->seq);
	buf_put_json_string(b, o->id);
	buf_putc(b, ',');
	buf_put_json_string(b, o->error);
	buf_putc(b, ',');
	buf_put_json_string(b, o->unit);
	buf_putc(b, ',');
	buf_put_json_string(b, o->deposed);
	buf_putc(b, ',');
	buf_put_json_string(b, x->provider);
	buf_putc(b, ',');
	buf_put_json_string(b, o->source);
	buf_printf(b, ",%llu,", (unsigned long long)o->line);
	helm(b, o->helm);
	buf_putc(b, ']');
}

static void rollup(tfc_buf *b, const a_rollup *r)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < r->n; i++) {
		const a_row *w = &r->rows[i];
		if (i)
			buf_putc(b, ',');
		buf_putc(b, '[');
		buf_put_json_string(b, w->key);
		buf_printf(b, ",%zu,", w->count);
		num(b, w->sum_s);
		buf_putc(b, ',');
		num(b, w->max_s);
		buf_putc(b, ',');
		buf_put_json_number(b, isnan(w->share) ? NAN : round(w->share * 1e4) / 1e4);
		buf_printf(b, ",%zu,", w->n_failed);
		buf_put_json_number(b, isnan(w->sum_share) ? NAN : round(w->sum_share * 1e4) / 1e4);
		buf_putc(b, ']');
	}
	buf_putc(b, ']');
}

static void stage(tfc_buf *b, const a_stage *s)
{
	const tfc_stage *st = s->st;
	buf_puts(b, "{\"name\":");
	buf_put_json_string(b, st->name);
	field_str(b, "command", tfc_command_name(st->command));
	field_str(b, "tool", st->tool);
	field_str(b, "tool_version", st->tool_version);
	buf_printf(b, ",\"estimated\":%s", s->estimated ? "true" : "false");
	field_num(b, "wall", s->wall_s);
	field_num(b, "sum", s->sum_s);
	field_num(b, "busy", s->busy_s);
	field_num(b, "overhead", s->overhead_s);
	field_num(b, "lead", s->lead_s);
	field_num(b, "gap", s->gap_s);
	field_num(b, "tail", s->tail_s);
	field_num(b, "conc_avg", s->conc_avg);
	buf_printf(b, ",\"conc_peak\":%u,\"lanes\":%u,\"ops_total\":%zu,\"planned\":%zu,\"failed\":%zu,\"unfinished\":%zu",
		   s->conc_peak, s->n_lanes, s->n_ops, s->n_planned, s->n_status[TFC_STATUS_FAILED],
		   s->n_status[TFC_STATUS_UNFINISHED]);
	if (st->has_summary)
		buf_printf(b, ",\"summary\":{\"added\":%d,\"changed\":%d,\"destroyed\":%d,\"imported\":%d,\"forgotten\":%d}",
			   st->added, st->changed, st->destroyed, st->imported, st->forgotten);
	else
		buf_puts(b, ",\"summary\":null");
	buf_printf(b, ",\"interrupted\":%s,\"warnings_total\":%llu,\"errors\":[", st->interrupted ? "true" : "false",
		   (unsigned long long)st->n_warnings_total);
	for (size_t i = 0; i < st->n_errors; i++) {
		if (i)
			buf_putc(b, ',');
		buf_put_json_string(b, st->errors[i]);
	}
	buf_puts(b, "],\"conc\":[");
	for (size_t i = 0; i < s->n_conc; i++) {
		if (i)
			buf_putc(b, ',');
		num(b, s->conc[i].t);
		buf_printf(b, ",%u", s->conc[i].n);
	}
	buf_puts(b, "],\"rollups\":{");
	for (int r = 0; r < ROLLUP_COUNT; r++) {
		buf_printf(b, "%s\"%s\":", r ? "," : "", analysis_rollup_name(r));
		rollup(b, &s->rollup[r]);
	}
	buf_puts(b, "},\"ops\":[");
	for (size_t i = 0; i < s->n_shown; i++) {
		if (i)
			buf_putc(b, ',');
		buf_putc(b, '\n');
		op(b, s->shown[i]);
	}
	buf_puts(b, "]}");
}

static void data_json(tfc_buf *b, const analysis *a)
{
	buf_puts(b, "{\"generator\":\"tfclock " TFC_VERSION "\",\"times\":\"");
	buf_puts(b, !a->any_estimated ? "measured" : a->any_measured ? "mixed" : "estimated");
	buf_printf(b, "\",\"parallelism\":%d,\"depth\":%d,\"run_start\":", ANALYSIS_PARALLELISM, a->depth);
	buf_put_json_time(b, a->dated ? a->run_start : NAN);
	buf_printf(b, ",\"op_fields\":%s,\"stages\":[", op_fields);
	for (size_t i = 0; i < a->n_stages; i++) {
		if (i)
			buf_putc(b, ',');
		stage(b, &a->stages[i]);
	}
	buf_puts(b, "]}");
}

tfc_rc render_html(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	(void)o;
	tfc_buf json = {0};
	data_json(&json, a);
	if (json.oom) {
		tfc_buf_free(&json);
		return TFC_ENOMEM;
	}
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		      "<meta name=\"generator\" content=\"tfclock " TFC_VERSION "\">\n<title>tfclock");
	for (size_t i = 0; i < a->n_stages && i < 5; i++) {
		buf_puts(out, i ? ", " : " — ");
		buf_put_html(out, a->stages[i].st->name);
	}
	buf_puts(out, "</title>\n<style>\n");
	buf_put(out, asset_report_css, asset_report_css_len);
	buf_puts(out, "</style>\n</head>\n<body>\n<main id=\"app\"><noscript>This report draws itself with "
		      "JavaScript; its data is in the tfclock-data element of this file.</noscript></main>\n"
		      "<script type=\"application/json\" id=\"tfclock-data\">");
	esc_json_for_script(out, json.data ? json.data : "{}", json.data ? json.len : 2);
	buf_puts(out, "</script>\n<script>\n");
	buf_put(out, asset_report_js, asset_report_js_len);
	buf_puts(out, "</script>\n</body>\n</html>\n");
	tfc_buf_free(&json);
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
