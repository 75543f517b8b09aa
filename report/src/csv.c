/* csv.c — one RFC 4180 row per operation with every field of the JSON
 * report plus its place on the timeline; text cells that a spreadsheet would
 * run as a formula (= + - @) are neutralised by esc_csv. */
#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "buf.h"
#include "escape.h"
#include "select.h"
#include "timefmt.h"

static const char *const columns =
	"stage,address,unit,deposed,module,type,name,key,mode,action,status,"
	"duration_s,reported_s,elapsed_min_s,started_at,ended_at,start_offset_s,"
	"id,error,provider,provider_s,times_from,"
	"helm_release,helm_prepare_s,helm_install_s,helm_wait_s,helm_provider_s,helm_ambiguous,helm_note,"
	"source,line,seq,timeline_start_s,timeline_end_s,timeline_duration_s,timeline,open_ended,lane\r\n";

/* Up to 3 decimals without trailing zeros, by hand: snprintf of a double
 * dominated the time of a 100,000-row export. */
static void num(tfc_buf *b, double v)
{
	buf_putc(b, ',');
	if (isnan(v) || isinf(v))
		return;
	if (fabs(v) < 1e12) {
		long long m = llround(v * 1000);
		char t[32], *p = t + sizeof t;
		bool neg = m < 0;
		unsigned long long u = neg ? (unsigned long long)-m : (unsigned long long)m;
		unsigned frac = (unsigned)(u % 1000);
		u /= 1000;
		if (frac) {
			int digits = 3;
			while (frac % 10 == 0)
				frac /= 10, digits--;
			for (int i = 0; i < digits; i++, frac /= 10)
				*--p = (char)('0' + frac % 10);
			*--p = '.';
		}
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (neg)
			*--p = '-';
		buf_put(b, p, (size_t)(t + sizeof t - p));
		return;
	}
	char t[64];
	int n = snprintf(t, sizeof t, "%.3f", v);
	while (n > 0 && t[n - 1] == '0')
		n--;
	if (n > 0 && t[n - 1] == '.')
		n--;
	buf_put(b, t, (size_t)n);
}

static void text(tfc_buf *b, const char *s)
{
	buf_putc(b, ',');
	esc_csv(b, s);
}

static void time_cell(tfc_buf *b, double t, bool dated)
{
	buf_putc(b, ',');
	if (isnan(t) || !dated)
		return;
	char tmp[40];
	buf_puts(b, time_format_rfc3339(t, tmp, sizeof tmp));
}

static void times_from(tfc_buf *b, unsigned bits)
{
	static const char *const names[] = {"reported", "prefix", "json_ui", "tf_log"};
	buf_putc(b, ',');
	bool first = true;
	for (unsigned i = 0; i < 4; i++)
		if (bits & (1u << i)) {
			if (!first)
				buf_putc(b, ';');
			buf_puts(b, names[i]);
			first = false;
		}
}

static void row(tfc_buf *b, const a_stage *s, const tfc_op *op, const a_op *x)
{
	const tfc_stage *st = s->st;
	esc_csv(b, st->name);
	text(b, op->address);
	text(b, op->unit);
	text(b, op->deposed);
	text(b, op->module);
	text(b, op->type);
	text(b, op->name);
	text(b, op->key);
	text(b, tfc_mode_name(op->mode));
	text(b, tfc_action_name(op->action));
	text(b, tfc_status_name(op->status));
	num(b, op->duration_s);
	num(b, op->reported_s);
	num(b, op->elapsed_min_s);
	time_cell(b, op->started_at, st->timestamps_dated);
	time_cell(b, op->ended_at, st->timestamps_dated);
	num(b, isnan(op->started_at) || isnan(st->started_at) ? NAN : op->started_at - st->started_at);
	text(b, op->id);
	text(b, op->error);
	text(b, op->provider);
	num(b, op->provider_s);
	times_from(b, op->times_from);
	const tfc_helm *h = op->helm;
	text(b, h ? h->release : NULL);
	num(b, h ? h->prepare_s : NAN);
	num(b, h ? h->install_s : NAN);
	num(b, h ? h->wait_s : NAN);
	num(b, h ? h->provider_s : NAN);
	text(b, h ? (h->ambiguous ? "true" : "false") : NULL);
	text(b, h ? h->note : NULL);
	text(b, op->source);
	buf_printf(b, ",%llu,%llu", (unsigned long long)op->line, (unsigned long long)op->seq);
	if (x) {
		num(b, x->start);
		num(b, x->end);
		num(b, x->dur);
		text(b, analysis_times_name(x));
		text(b, x->open ? "true" : "false");
		buf_printf(b, ",%u", x->lane);
	} else {
		buf_puts(b, ",,,,,,");
	}
	buf_puts(b, "\r\n");
}

tfc_rc render_csv(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	buf_puts(out, columns);
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *s = &a->stages[i];
		for (size_t j = 0; j < s->st->n_ops; j++) {
			const tfc_op *op = &s->st->ops[j];
			if (select_op(o, op))
				row(out, s, op, s->of_op[j]);
		}
	}
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
