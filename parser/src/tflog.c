/* tflog.c — TF_LOG lines in (hclog text, 0.11–0.14 std-log text, hclog
 * JSON): the stamp and logger are taken apart here with byte checks, then
 * the few messages that matter go to tflog_ops.c / tflog_helm.c; every other
 * line only moves the clock (EV_TIME, throttled). Also decides which lines
 * without a stamp continue the previous message. */
#include "tflog_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stampcache.h"

/* Paths picked from TF_LOG=JSON lines, indexed by TFL_*. */
static const char *const json_paths[TFL_J_COUNT] = {
	"tf_rpc", "tf_req_duration_ms", "tf_resource_type", "@timestamp", "@message", "@module",
};

/* Lines closer than this to the last time sent send no EV_TIME of their own. */
#define TIME_STEP 1.0

tflog_parser *tflog_new(ev_sink_fn sink, void *ctx)
{
	tflog_parser *tp = calloc(1, sizeof *tp);
	if (!tp)
		return NULL;
	tp->sink = sink;
	tp->ctx = ctx;
	stamp_cache_init(&tp->stamps);
	tp->last_emitted = tp->min_seen = tp->max_seen = tp->min_emitted = tp->max_emitted = NAN;
	if (!js_paths_init(&tp->paths, json_paths, TFL_J_COUNT)) {
		free(tp);
		return NULL;
	}
	return tp;
}

void tflog_free(tflog_parser *tp)
{
	if (!tp)
		return;
	tfl_ops_free(&tp->ops);
	free(tp->scratch);
	free(tp);
}

void tfl_base(const tfl_rec *r, ev *e, ev_kind kind)
{
	ev_init(e, kind);
	e->channel = EV_CH_TF_LOG;
	e->unit = r->ln ? r->ln->unit : SV_NULL;
	e->line = r->lineno;
	e->time = r->time;
	e->time_from = isnan(r->time) ? 0 : r->time_from;
	e->time_dated = r->time_dated;
}

static void note_emitted(tflog_parser *tp, double t)
{
	if (isnan(t))
		return;
	tp->last_emitted = t;
	if (isnan(tp->min_emitted) || t < tp->min_emitted)
		tp->min_emitted = t;
	if (isnan(tp->max_emitted) || t > tp->max_emitted)
		tp->max_emitted = t;
}

tfc_rc tfl_emit(tflog_parser *tp, const ev *e)
{
	note_emitted(tp, e->time);
	return tp->sink(tp->ctx, e);
}

/* ---- the line's frame: stamp, level, logger ------------------------------- */

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* "[LEVEL]" then the one or two spaces hclog pads it with; returns the
 * bytes used, 0 if s does not start with a level. */
static size_t level(sv s)
{
	if (s.n < 6 || s.p[0] != '[')
		return 0;
	size_t n;
	switch (s.p[1]) {
	case 'T': n = SV_STARTS(s, "[TRACE]") ? 7 : 0; break;
	case 'D': n = SV_STARTS(s, "[DEBUG]") ? 7 : 0; break;
	case 'E': n = SV_STARTS(s, "[ERROR]") ? 7 : 0; break;
	case 'I': n = SV_STARTS(s, "[INFO]") ? 6 : 0; break;
	case 'W': n = SV_STARTS(s, "[WARN]") ? 6 : 0; break;
	default: return 0;
	}
	if (!n)
		return 0;
	size_t i = n;
	while (i < s.n && i < n + 2 && s.p[i] == ' ')
		i++;
	return i;
}

/* Named sub-loggers of core: "provider", "provider.stdio",
 * "provider.terraform-provider-x_v1", "plugin.…" (0.11–0.14). */
static sv split_logger(sv body, sv *msg)
{
	*msg = body;
	if (!SV_STARTS(body, "provider") && !SV_STARTS(body, "plugin"))
		return SV_LIT("");
	size_t lim = body.n < 200 ? body.n : 200;
	for (size_t i = 0; i < lim; i++) {
		char c = body.p[i];
		if (c == ' ')
			break;
		if (c == ':' && (i + 1 == body.n || body.p[i + 1] == ' ')) {
			*msg = sv_skip(body, i + 2 > body.n ? body.n : i + 2);
			return sv_make(body.p, i);
		}
	}
	return SV_LIT("");
}

/* ---- one line -------------------------------------------------------------- */

static bool is_helm_logger(sv logger)
{
	/* "provider.terraform-provider-helm_v2.12.1_x5", "plugin.terraform-provider-helm" */
	sv name = SV_STARTS(logger, "provider.") ? sv_skip(logger, 9) : SV_STARTS(logger, "plugin.") ? sv_skip(logger, 7) : SV_NULL;
	return SV_STARTS(name, "terraform-provider-helm");
}

static tfc_rc route(tflog_parser *tp, const tfl_rec *r)
{
	bool handled = false;
	tfc_rc rc = TFC_OK;
	sv m = r->msg;
	if (m.n && m.p[0] == 'R' && SV_STARTS(m, "Received downstream response"))
		rc = tfl_provider_response(tp, r, &handled);
	else if (r->logger.n == 0)
		rc = tfl_core(tp, r, &handled);
	else if (is_helm_logger(r->logger))
		rc = tfl_helm(tp, r, &handled);
	if (rc != TFC_OK || handled || isnan(r->time))
		return rc;

	double t = r->time;
	if (isnan(tp->min_seen) || t < tp->min_seen)
		tp->min_seen = t;
	if (isnan(tp->max_seen) || t > tp->max_seen) {
		tp->max_seen = t;
		tp->last_line = r->lineno;
	}
	tp->seen_from = r->time_from;
	tp->seen_dated = r->time_dated;
	if (!isnan(tp->last_emitted) && fabs(t - tp->last_emitted) < TIME_STEP)
		return TFC_OK;
	ev e;
	tfl_base(r, &e, EV_TIME);
	return tfl_emit(tp, &e);
}

static bool grow_scratch(tflog_parser *tp, size_t n)
{
	if (tp->scratch_cap >= n)
		return true;
	size_t cap = n < 4096 ? 4096 : n;
	char *s = realloc(tp->scratch, cap);
	if (!s)
		return false;
	tp->scratch = s;
	tp->scratch_cap = cap;
	return true;
}

static tfc_rc text_line(tflog_parser *tp, const line *ln, uint64_t lineno)
{
	sv s = ln->text;
	tfl_rec r = {.ln = ln, .lineno = lineno, .time = NAN, .time_from = TFC_TIMES_TF_LOG, .time_dated = true};
	/* 2020/01/16 18:13:48 (std-log) is local time without a zone: read as UTC */
	size_t used = digit(s.p[0]) ? stamp_parse(&tp->stamps, s, &r.time) : 0;
	if (used == 0) {
		/* The stamp was taken off by a prefix cleaner: use the prefix's. */
		r.time = ln->time;
		r.time_from = TFC_TIMES_PREFIX;
		r.time_dated = ln->time_dated;
	} else if (used < s.n && s.p[used] == ' ') {
		used++;
	}
	s = sv_skip(s, used);
	s = sv_skip(s, level(s));
	r.logger = split_logger(s, &r.msg);
	return route(tp, &r);
}

static tfc_rc json_line(tflog_parser *tp, const line *ln, uint64_t lineno,
			void (*problem)(void *ctx, uint64_t lineno, const char *message))
{
	js_value v[TFL_J_COUNT];
	json_t *tree = NULL;
	char err[200];
	switch (js_pick_line(ln->text, &tp->paths, v, tp->scratch, &tree, err, sizeof err)) {
	case JS_LINE_OK: break;
	case JS_LINE_NOMEM: return TFC_ENOMEM;
	case JS_LINE_INVALID:
		if (problem) {
			char msg[260];
			snprintf(msg, sizeof msg, "%s: %s", "TF_LOG JSON line skipped", err);
			problem(tp->ctx, lineno, msg);
		}
		return TFC_OK;
	}
	tfl_rec r = {.ln = ln, .lineno = lineno, .time = NAN, .time_from = TFC_TIMES_TF_LOG, .time_dated = true, .js = v};
	if (v[TFL_J_TIMESTAMP].type != JS_STRING || stamp_parse(&tp->stamps, v[TFL_J_TIMESTAMP].s, &r.time) == 0) {
		r.time = ln->time;
		r.time_from = TFC_TIMES_PREFIX;
		r.time_dated = ln->time_dated;
	}
	r.msg = v[TFL_J_MESSAGE].type == JS_STRING ? v[TFL_J_MESSAGE].s : SV_LIT("");
	r.logger = v[TFL_J_MODULE].type == JS_STRING ? v[TFL_J_MODULE].s : SV_LIT("");
	tfc_rc rc = route(tp, &r);
	json_decref(tree);
	return rc;
}

tfc_rc tflog_line(tflog_parser *tp, line_format fmt, const line *ln, uint64_t lineno,
		  void (*problem)(void *ctx, uint64_t lineno, const char *message))
{
	if (ln->text.n == 0)
		return TFC_OK;
	if (!grow_scratch(tp, ln->text.n))
		return TFC_ENOMEM;
	tp->in_msg = true;
	if (fmt == FMT_TF_LOG_JSON)
		return json_line(tp, ln, lineno, problem);
	return text_line(tp, ln, lineno);
}

/* ---- continuation lines ---------------------------------------------------- */

/* Could this line be the human UI's? Nebari merges TF_LOG into the UI's
 * stream, so a line without a stamp after a TF_LOG line is only taken as a
 * continuation when the UI would never print it: indented text other than
 * the plan's "  # ADDR will be …" headers and a diagnostic's "  with"/"  on"
 * lines, closing brackets, and rules of dashes. */
static bool continuation_shape(sv s)
{
	char c = s.p[0];
	if (c == ' ' || c == '\t') {
		size_t i = 0;
		while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'))
			i++;
		if (i == s.n)
			return false; /* blank: could end a UI diagnostic */
		sv rest = sv_skip(s, i);
		if (SV_STARTS(rest, "# ") || SV_STARTS(rest, "with ") || SV_STARTS(rest, "on ") ||
		    SV_STARTS(rest, "* ") || SV_STARTS(rest, "Prepared ") || SV_STARTS(rest, "Imported "))
			return false;
		return true;
	}
	if (c == '}' || c == ']' || c == ')' || c == '|' || c == '"')
		return true;
	return c == '-' && s.n >= 2 && s.p[1] == '-';
}

bool tflog_continuation(tflog_parser *tp, const line *ln, uint64_t lineno)
{
	if (!tp->in_msg || ln->text.n == 0)
		return false;
	if (!continuation_shape(ln->text)) {
		tp->in_msg = false;
		return false;
	}
	return true;
}

tfc_rc tflog_finish(tflog_parser *tp)
{
	tfc_rc rc = tfl_ops_finish(tp);
	if (rc != TFC_OK)
		return rc;
	/* Stage start and end need the extreme times, which the throttle may
	 * have held back. */
	tfl_rec r = {.lineno = tp->last_line, .time_from = tp->seen_from, .time_dated = tp->seen_dated};
	double ends[2] = {tp->min_seen, tp->max_seen};
	for (int k = 0; k < 2; k++) {
		double t = ends[k];
		if (isnan(t))
			continue;
		if (k == 0 && !isnan(tp->min_emitted) && t >= tp->min_emitted)
			continue;
		if (k == 1 && !isnan(tp->max_emitted) && t <= tp->max_emitted)
			continue;
		r.time = t;
		ev e;
		tfl_base(&r, &e, EV_TIME);
		if ((rc = tfl_emit(tp, &e)) != TFC_OK)
			return rc;
	}
	tp->in_msg = false;
	return TFC_OK;
}
