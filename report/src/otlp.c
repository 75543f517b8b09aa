/* otlp.c — OpenTelemetry OTLP/JSON traces, one line (so the output is also
 * JSON Lines for the collector's otlpjsonfile receiver): one trace per run, a
 * root span for the run, a span per stage and per operation. Attributes live
 * in tfclock.* beside the CI/CD conventions (cicd.pipeline.*). A W3C
 * traceparent (o->traceparent) puts the run span under the CI job's span.
 *
 * Ids are derived from the content (FNV-1a), so the same log gives the same
 * trace. Logs without dated timestamps are placed at SOURCE_DATE_EPOCH when
 * set, else at the time of rendering, and say so in tfclock.times. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "buf.h"

enum { STATUS_UNSET = 0, STATUS_ERROR = 2 }; /* every span is SPAN_KIND_INTERNAL (1) */

typedef struct ids {
	char trace[33];
	char parent[17]; /* the CI span from traceparent, "" when none */
	uint64_t seed;
} ids;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t mix(uint64_t h, uint64_t v) { return fnv(h, &v, sizeof v); }

static bool is_hex(const char *s, size_t n)
{
	bool nonzero = false;
	for (size_t i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
		nonzero |= s[i] != '0';
	}
	return nonzero;
}

/* version-traceid-parentid-flags, e.g. 00-4bf9…4736-00f0…02b7-01 */
static bool parse_traceparent(const char *tp, ids *id)
{
	if (!tp || strlen(tp) < 55 || tp[2] != '-' || tp[35] != '-' || tp[52] != '-')
		return false;
	if (!is_hex(tp + 3, 32) || !is_hex(tp + 36, 16) || strncmp(tp, "ff", 2) == 0)
		return false;
	memcpy(id->trace, tp + 3, 32);
	id->trace[32] = '\0';
	memcpy(id->parent, tp + 36, 16);
	id->parent[16] = '\0';
	return true;
}

static void span_id(const ids *id, uint64_t kind, uint64_t a, uint64_t b, char out[17])
{
	uint64_t h = mix(mix(mix(id->seed, kind), a), b);
	if (h == 0)
		h = 1;
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = "0123456789abcdef"[h & 15];
	out[16] = '\0';
}

static void make_ids(const analysis *a, const tfc_report_options *o, ids *id)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *s = &a->stages[i];
		h = fnv(h, s->st->name, strlen(s->st->name) + 1);
		h = mix(h, s->n_ops);
		double t = s->st->started_at;
		h = fnv(h, &t, sizeof t);
		for (size_t j = 0; j < s->n_ops && j < 64; j++)
			h = fnv(h, s->ops[j].op->address, strlen(s->ops[j].op->address) + 1);
	}
	id->seed = h;
	id->parent[0] = '\0';
	if (!parse_traceparent(o->traceparent, id)) {
		uint64_t h2 = mix(h, 0x9e3779b97f4a7c15ull);
		snprintf(id->trace, sizeof id->trace, "%016llx%016llx", (unsigned long long)h,
			 (unsigned long long)(h2 ? h2 : 1));
	}
}

/* ---- attributes --------------------------------------------------------- */

typedef struct attrs {
	tfc_buf *b;
	bool first;
} attrs;

/* Attribute keys are our own ASCII names: written as they are. */
static void key(attrs *t, const char *k)
{
	buf_puts(t->b, t->first ? "{\"key\":\"" : ",{\"key\":\"");
	t->first = false;
	buf_puts(t->b, k);
	buf_puts(t->b, "\",\"value\":");
}

/* Decimal digits of v, by hand: printf dominated 100,000-span traces. */
static void put_u64(tfc_buf *b, unsigned long long v)
{
	char t[24], *p = t + sizeof t;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	buf_put(b, p, (size_t)(t + sizeof t - p));
}

static void a_str(attrs *t, const char *k, const char *v)
{
	if (!v)
		return;
	key(t, k);
	buf_puts(t->b, "{\"stringValue\":");
	buf_put_json_string(t->b, v);
	buf_puts(t->b, "}}");
}

static void a_int(attrs *t, const char *k, long long v)
{
	key(t, k);
	buf_puts(t->b, "{\"intValue\":\"");
	if (v < 0) {
		buf_putc(t->b, '-');
		put_u64(t->b, (unsigned long long)-(v + 1) + 1);
	} else {
		put_u64(t->b, (unsigned long long)v);
	}
	buf_puts(t->b, "\"}}");
}

static void a_dbl(attrs *t, const char *k, double v)
{
	if (isnan(v) || isinf(v))
		return;
	key(t, k);
	buf_puts(t->b, "{\"doubleValue\":");
	buf_put_json_number(t->b, v);
	buf_puts(t->b, "}}");
}

static void a_bool(attrs *t, const char *k, bool v)
{
	key(t, k);
	buf_printf(t->b, "{\"boolValue\":%s}}", v ? "true" : "false");
}

/* ---- spans ----------------------------------------------------------------- */

static void nanos(tfc_buf *b, const char *field, double t)
{
	long long us = llround(t * 1e6);
	if (us < 0)
		us = 0;
	buf_puts(b, ",\"");
	buf_puts(b, field);
	buf_puts(b, "\":\"");
	put_u64(b, (unsigned long long)us);
	buf_puts(b, "000\"");
}

/* name_prefix (may be NULL) and name make the span's name. */
static void span_open(tfc_buf *b, bool first, const ids *id, const char *sid, const char *parent,
		      const char *name_prefix, const char *name, double t0, double t1)
{
	buf_puts(b, first ? "{\"traceId\":\"" : ",{\"traceId\":\"");
	buf_puts(b, id->trace);
	buf_puts(b, "\",\"spanId\":\"");
	buf_puts(b, sid);
	buf_putc(b, '"');
	if (*parent) {
		buf_puts(b, ",\"parentSpanId\":\"");
		buf_puts(b, parent);
		buf_putc(b, '"');
	}
	buf_puts(b, ",\"name\":");
	if (name_prefix) {
		/* "create aws_x.y". The buffer may stream, so nothing written is
		 * edited: plain names go as they are, others through a scratch copy. */
		buf_putc(b, '"');
		buf_puts(b, name_prefix);
		buf_putc(b, ' ');
		size_t n = 0;
		while (name[n] >= 0x20 && name[n] < 0x7F && name[n] != '"' && name[n] != '\\')
			n++;
		if (name[n] == '\0') {
			buf_put(b, name, n);
			buf_putc(b, '"');
		} else {
			tfc_buf tmp = {0};
			buf_put_json_string(&tmp, name);
			if (tmp.oom)
				b->oom = true;
			else
				buf_put(b, tmp.data + 1, tmp.len - 1);
			tfc_buf_free(&tmp);
		}
	} else {
		buf_put_json_string(b, name);
	}
	buf_puts(b, ",\"kind\":1");
	nanos(b, "startTimeUnixNano", t0);
	nanos(b, "endTimeUnixNano", t1 < t0 ? t0 : t1);
	buf_puts(b, ",\"attributes\":[");
}

static void span_close(tfc_buf *b, int code, const char *message)
{
	buf_printf(b, "],\"status\":{\"code\":%d", code);
	if (message) {
		buf_puts(b, ",\"message\":");
		buf_put_json_string(b, message);
	}
	buf_puts(b, "}}");
}

static const char *stage_result(const a_stage *s)
{
	if (s->st->interrupted)
		return "cancellation";
	if (s->n_status[TFC_STATUS_FAILED] || s->st->n_errors)
		return "failure";
	return "success";
}

static void op_span(tfc_buf *b, const ids *id, const char *stage_sid, size_t si, double base, const a_stage *s,
		    const a_op *x)
{
	const tfc_op *op = x->op;
	char sid[17];
	span_id(id, 3, si, op->seq, sid);
	span_open(b, false, id, sid, stage_sid, tfc_action_name(op->action), op->address, base + x->start,
		  base + x->end);
	attrs t = {b, true};
	a_str(&t, "tfclock.address", op->address);
	a_str(&t, "tfclock.action", tfc_action_name(op->action));
	a_str(&t, "tfclock.status", tfc_status_name(op->status));
	a_str(&t, "tfclock.mode", tfc_mode_name(op->mode));
	a_str(&t, "tfclock.module", op->module);
	a_str(&t, "tfclock.resource.type", op->type);
	a_str(&t, "tfclock.resource.name", op->name);
	a_str(&t, "tfclock.resource.key", op->key);
	a_str(&t, "tfclock.provider", x->provider);
	a_str(&t, "tfclock.unit", op->unit);
	a_str(&t, "tfclock.deposed", op->deposed);
	a_str(&t, "tfclock.id", op->id);
	a_str(&t, "tfclock.error", op->error);
	a_dbl(&t, "tfclock.duration_s", x->dur);
	a_dbl(&t, "tfclock.reported_s", op->reported_s);
	a_dbl(&t, "tfclock.provider_s", op->provider_s);
	a_str(&t, "tfclock.times", analysis_times_name(x));
	a_bool(&t, "tfclock.open_ended", x->open);
	a_int(&t, "tfclock.lane", x->lane);
	if (op->helm) {
		a_str(&t, "tfclock.helm.release", op->helm->release);
		a_dbl(&t, "tfclock.helm.prepare_s", op->helm->prepare_s);
		a_dbl(&t, "tfclock.helm.install_s", op->helm->install_s);
		a_dbl(&t, "tfclock.helm.wait_s", op->helm->wait_s);
	}
	a_str(&t, "tfclock.source", op->source);
	a_int(&t, "tfclock.line", (long long)op->line);
	a_str(&t, "cicd.pipeline.task.name", s->st->name);
	if (op->status == TFC_STATUS_FAILED)
		span_close(b, STATUS_ERROR, op->error ? op->error : "failed");
	else
		span_close(b, STATUS_UNSET, NULL);
}

static void stage_span(tfc_buf *b, const ids *id, const char *run_sid, size_t si, double base, const a_stage *s)
{
	char sid[17];
	span_id(id, 2, si, 0, sid);
	span_open(b, false, id, sid, run_sid, NULL, s->st->name, base, base + s->wall_s);
	attrs t = {b, true};
	a_str(&t, "cicd.pipeline.task.name", s->st->name);
	a_str(&t, "cicd.pipeline.task.run.result", stage_result(s));
	a_str(&t, "tfclock.stage.command", tfc_command_name(s->st->command));
	a_str(&t, "tfclock.stage.tool", s->st->tool);
	a_str(&t, "tfclock.stage.tool_version", s->st->tool_version);
	a_str(&t, "tfclock.times", s->estimated ? "estimated" : "measured");
	a_dbl(&t, "tfclock.stage.wall_s", s->wall_s);
	a_dbl(&t, "tfclock.stage.resource_s", s->sum_s);
	a_dbl(&t, "tfclock.stage.overhead_s", s->overhead_s);
	a_dbl(&t, "tfclock.stage.concurrency.average", s->conc_avg);
	a_int(&t, "tfclock.stage.concurrency.peak", s->conc_peak);
	a_int(&t, "tfclock.stage.operations", (long long)s->n_ops);
	a_int(&t, "tfclock.stage.failed", (long long)s->n_status[TFC_STATUS_FAILED]);
	a_int(&t, "tfclock.stage.unfinished", (long long)s->n_status[TFC_STATUS_UNFINISHED]);
	if (s->st->has_summary) {
		a_int(&t, "tfclock.stage.added", s->st->added);
		a_int(&t, "tfclock.stage.changed", s->st->changed);
		a_int(&t, "tfclock.stage.destroyed", s->st->destroyed);
	}
	bool failed = strcmp(stage_result(s), "failure") == 0;
	span_close(b, failed ? STATUS_ERROR : STATUS_UNSET, failed ? "operations failed" : NULL);
	for (size_t i = 0; i < s->n_ops; i++)
		if (s->ops[i].shown)
			op_span(b, id, sid, si, base, s, &s->ops[i]);
}

/* When the log has no dated timestamps: SOURCE_DATE_EPOCH, else now. */
static double anchor(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		double v = strtod(e, &end);
		if (*end == '\0' && v >= 0)
			return v;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec;
}

static void resource(tfc_buf *b)
{
	buf_puts(b, "{\"resource\":{\"attributes\":[");
	attrs t = {b, true};
	a_str(&t, "service.name", "tfclock");
	a_str(&t, "service.version", TFC_VERSION);
	/* GitHub Actions, then GitLab CI, when the report is made in the job */
	const char *name = getenv("GITHUB_WORKFLOW"), *run = getenv("GITHUB_RUN_ID");
	if (!name && !run)
		name = getenv("CI_PROJECT_PATH"), run = getenv("CI_PIPELINE_ID");
	a_str(&t, "cicd.pipeline.name", name && *name ? name : NULL);
	a_str(&t, "cicd.pipeline.run.id", run && *run ? run : NULL);
	buf_puts(b, "]},\"scopeSpans\":[{\"scope\":{\"name\":\"tfclock\",\"version\":\"" TFC_VERSION "\"},\"spans\":[");
}

tfc_rc render_otlp(const analysis *a, const tfc_report_options *o, tfc_buf *out)
{
	ids id;
	make_ids(a, o, &id);
	double base = a->dated ? a->run_start : anchor();
	char run_sid[17];
	span_id(&id, 1, 0, 0, run_sid);

	buf_puts(out, "{\"resourceSpans\":[");
	resource(out);
	span_open(out, true, &id, run_sid, id.parent, NULL, "terraform run", base, base + a->run_wall_s);
	attrs t = {out, true};
	a_str(&t, "tfclock.times", !a->any_estimated ? "measured" : a->any_measured ? "mixed" : "estimated");
	a_bool(&t, "tfclock.times.anchored", !a->dated);
	a_int(&t, "tfclock.stages", (long long)a->n_stages);
	a_int(&t, "tfclock.operations", (long long)a->n_ops);
	a_int(&t, "tfclock.failed", (long long)a->n_failed);
	span_close(out, a->n_failed ? STATUS_ERROR : STATUS_UNSET, a->n_failed ? "operations failed" : NULL);
	for (size_t i = 0; i < a->n_stages; i++)
		stage_span(out, &id, run_sid, i, base + a->stages[i].offset_s, &a->stages[i]);
	buf_puts(out, "]}]}]}\n");
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
