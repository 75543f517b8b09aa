/* chrome.c — Chrome / Perfetto trace-event JSON: a process per stage, a
 * thread per concurrency lane (operations on a lane never overlap, so their
 * complete events nest trivially), a counter of operations in flight, and
 * each operation's fields in args. ts/dur are integer microseconds on the
 * run's timeline; dur is taken between rounded ends so lanes stay disjoint. */
#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "buf.h"

static long long usec(double s) { return llround(s * 1e6); }

/* Start the next event of the array: a comma unless it is the first. */
static void next(tfc_buf *b)
{
	if (b->len && b->data[b->len - 1] != '[')
		buf_putc(b, ',');
	buf_putc(b, '\n');
}

static void meta(tfc_buf *b, const char *what, size_t pid, unsigned tid, const char *name)
{
	next(b);
	buf_printf(b, "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%zu,\"tid\":%u,\"args\":{\"name\":", what, pid, tid);
	buf_put_json_string(b, name);
	buf_puts(b, "}}");
}

static void str_arg(tfc_buf *b, const char *key, const char *v)
{
	if (!v)
		return;
	buf_printf(b, ",\"%s\":", key);
	buf_put_json_string(b, v);
}

static void num_arg(tfc_buf *b, const char *key, double v)
{
	if (isnan(v))
		return;
	buf_printf(b, ",\"%s\":", key);
	buf_put_json_number(b, v);
}

static void op_event(tfc_buf *b, size_t pid, const a_stage *s, const a_op *x)
{
	const tfc_op *op = x->op;
	long long ts = usec(s->offset_s + x->start), te = usec(s->offset_s + x->end);
	next(b);
	buf_puts(b, "{\"ph\":\"X\",\"name\":");
	buf_put_json_string(b, op->address);
	buf_printf(b, ",\"cat\":\"%s\",\"ts\":%lld,\"dur\":%lld,\"pid\":%zu,\"tid\":%u", tfc_action_name(op->action), ts,
		   te - ts, pid, x->lane + 1);
	if (op->status == TFC_STATUS_FAILED)
		buf_puts(b, ",\"cname\":\"terrible\"");
	else if (op->status == TFC_STATUS_UNFINISHED)
		buf_puts(b, ",\"cname\":\"bad\"");
	buf_puts(b, ",\"args\":{\"address\":");
	buf_put_json_string(b, op->address);
	buf_printf(b, ",\"action\":\"%s\",\"status\":\"%s\",\"mode\":\"%s\"", tfc_action_name(op->action),
		   tfc_status_name(op->status), tfc_mode_name(op->mode));
	num_arg(b, "duration_s", x->dur);
	num_arg(b, "reported_s", op->reported_s);
	num_arg(b, "elapsed_min_s", op->elapsed_min_s);
	num_arg(b, "provider_s", op->provider_s);
	buf_printf(b, ",\"times\":\"%s\",\"open_ended\":%s", analysis_times_name(x), x->open ? "true" : "false");
	str_arg(b, "module", op->module);
	str_arg(b, "type", op->type);
	str_arg(b, "name", op->name);
	str_arg(b, "key", op->key);
	str_arg(b, "unit", op->unit);
	str_arg(b, "deposed", op->deposed);
	str_arg(b, "id", op->id);
	str_arg(b, "error", op->error);
	str_arg(b, "provider", x->provider);
	if (op->helm) {
		str_arg(b, "helm_release", op->helm->release);
		num_arg(b, "helm_prepare_s", op->helm->prepare_s);
		num_arg(b, "helm_install_s", op->helm->install_s);
		num_arg(b, "helm_wait_s", op->helm->wait_s);
	}
	str_arg(b, "source", op->source);
	buf_printf(b, ",\"line\":%llu}}", (unsigned long long)op->line);
}

static void stage_events(tfc_buf *b, size_t pid, const a_stage *s)
{
	meta(b, "process_name", pid, 0, s->st->name);
	next(b);
	buf_printf(b, "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%zu,\"tid\":0,\"args\":{\"sort_index\":%zu}}",
		   pid, pid);
	meta(b, "thread_name", pid, 0, "stage");
	long long ts = usec(s->offset_s), te = usec(s->offset_s + s->wall_s);
	next(b);
	buf_puts(b, "{\"ph\":\"X\",\"name\":");
	buf_put_json_string(b, s->st->name);
	buf_printf(b, ",\"cat\":\"stage\",\"ts\":%lld,\"dur\":%lld,\"pid\":%zu,\"tid\":0,\"args\":{\"command\":\"%s\"", ts,
		   te - ts, pid, tfc_command_name(s->st->command));
	buf_printf(b, ",\"times\":\"%s\",\"operations\":%zu,\"failed\":%zu,\"unfinished\":%zu,\"peak_concurrency\":%u",
		   s->estimated ? "estimated" : "measured", s->n_ops, s->n_status[TFC_STATUS_FAILED],
		   s->n_status[TFC_STATUS_UNFINISHED], s->conc_peak);
	num_arg(b, "wall_s", s->wall_s);
	num_arg(b, "resource_s", s->sum_s);
	num_arg(b, "overhead_s", s->overhead_s);
	num_arg(b, "average_concurrency", s->conc_avg);
	buf_puts(b, "}}");
	for (unsigned l = 0; l < s->n_lanes; l++) {
		char name[32];
		snprintf(name, sizeof name, "lane %u", l + 1);
		meta(b, "thread_name", pid, l + 1, name);
	}
	for (size_t i = 0; i < s->n_conc; i++) {
		next(b);
		buf_printf(b, "{\"ph\":\"C\",\"name\":\"in flight\",\"ts\":%lld,\"pid\":%zu,\"tid\":0,"
			      "\"args\":{\"operations\":%u}}",
			   usec(s->offset_s + s->conc[i].t), pid, s->conc[i].n);
	}
	for (size_t i = 0; i < s->n_ops; i++)
		if (s->ops[i].shown)
			op_event(b, pid, s, &s->ops[i]);
}

tfc_rc render_chrome(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	(void)o;
	buf_puts(out, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"tfclock " TFC_VERSION "\",\"times\":\"");
	buf_puts(out, a->any_estimated ? (a->any_measured ? "mixed" : "estimated") : "measured");
	buf_puts(out, "\",\"run_start\":");
	buf_put_json_time(out, a->dated ? a->run_start : NAN);
	buf_puts(out, "},\"traceEvents\":[");
	for (size_t i = 0; i < a->n_stages; i++)
		stage_events(out, i + 1, &a->stages[i]);
	buf_puts(out, "\n]}\n");
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
