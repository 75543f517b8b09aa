/* jsonui.c — `terraform|tofu … -json` UI lines → events. Every line is walked
 * once by jsonscan for the few keys that matter (the heartbeats make up most
 * of a long apply); jansson only sees the lines that scan gives up on. */
#include "jsonui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonscan.h"
#include "stampcache.h"

enum {
	P_TYPE,
	P_TIMESTAMP,
	P_ACTION,
	P_ADDR,
	P_ID,
	P_ELAPSED,
	P_PROVISIONER,
	P_MSG, /* OpenTofu's ephemeral hooks: "Opening...", "Renew complete", … */
	P_TERRAFORM,
	P_TOFU,
	P_ADD,
	P_CHANGE,
	P_REMOVE,
	P_IMPORT,
	P_FORGET,
	P_OPERATION,
	P_SEVERITY,
	P_SUMMARY,
	P_DETAIL,
	P_DIAG_ADDR,
	P_CHANGE_ACTION,
	P_CHANGE_ADDR,
	P_COUNT
};

static const char *const path_names[P_COUNT] = {
	"type",
	"@timestamp",
	"hook.action",
	"hook.resource.addr",
	"hook.id_value",
	"hook.elapsed_seconds",
	"hook.provisioner",
	"hook.Msg",
	"terraform",
	"tofu",
	"changes.add",
	"changes.change",
	"changes.remove",
	"changes.import",
	"changes.forget",
	"changes.operation",
	"diagnostic.severity",
	"diagnostic.summary",
	"diagnostic.detail",
	"diagnostic.address",
	"change.action",
	"change.resource.addr",
};

/* @message is long and rarely needed: picked in a second pass, only by the
 * few message types that read it. */
static const char *const message_path[1] = {"@message"};

struct jsonui_parser {
	ev_sink_fn sink;
	void *ctx;
	js_paths paths;
	js_paths message_paths;
	char *scratch; /* twice the line: the first pass, then @message */
	size_t scratch_cap;
	stamp_cache stamps;
};

jsonui_parser *jsonui_new(ev_sink_fn sink, void *ctx)
{
	jsonui_parser *jp = calloc(1, sizeof *jp);
	if (!jp)
		return NULL;
	jp->sink = sink;
	jp->ctx = ctx;
	stamp_cache_init(&jp->stamps);
	if (!js_paths_init(&jp->paths, path_names, P_COUNT) || !js_paths_init(&jp->message_paths, message_path, 1)) {
		free(jp);
		return NULL;
	}
	return jp;
}

void jsonui_free(jsonui_parser *jp)
{
	if (!jp)
		return;
	free(jp->scratch);
	free(jp);
}

/* ---- one line ----------------------------------------------------------- */

typedef struct msg {
	jsonui_parser *jp;
	const line *ln;
	uint64_t lineno;
	js_value v[P_COUNT];
	json_t *tree; /* when jansson parsed the line */
	double time;
	bool time_from_json;
} msg;

static sv str(const msg *m, int p) { return m->v[p].type == JS_STRING ? m->v[p].s : SV_NULL; }

static sv message(const msg *m)
{
	js_value v;
	if (m->tree)
		js_pick_tree(m->tree, &m->jp->message_paths, &v);
	else if (js_pick(m->ln->text, &m->jp->message_paths, &v, m->jp->scratch + m->ln->text.n) != JS_OK)
		return SV_NULL;
	return v.type == JS_STRING ? v.s : SV_NULL;
}

static double num(const msg *m, int p) { return m->v[p].type == JS_NUMBER ? m->v[p].num : NAN; }

static int count(const msg *m, int p)
{
	double d = num(m, p);
	return isnan(d) || d < 0 || d > 2e9 ? 0 : (int)d;
}

static void base(const msg *m, ev *e, ev_kind kind)
{
	ev_init(e, kind);
	e->channel = EV_CH_JSON_UI;
	e->unit = m->ln->unit;
	e->line = m->lineno;
	e->time = m->time;
	if (m->time_from_json) {
		e->time_from = TFC_TIMES_JSON_UI;
		e->time_dated = true;
	} else if (!isnan(m->time)) {
		e->time_from = TFC_TIMES_PREFIX;
		e->time_dated = m->ln->time_dated;
	}
}

static tfc_rc emit(const msg *m, const ev *e) { return m->jp->sink(m->jp->ctx, e); }

static tfc_rc emit_time(const msg *m)
{
	if (isnan(m->time))
		return TFC_OK;
	ev e;
	base(m, &e, EV_TIME);
	return emit(m, &e);
}

/* hook.action / change.action → tfc_action; false for noop, move, … */
static bool parse_action(sv s, tfc_action *out)
{
	static const struct {
		const char *name;
		tfc_action action;
	} map[] = {
		{"create", TFC_ACTION_CREATE}, {"update", TFC_ACTION_UPDATE}, {"delete", TFC_ACTION_DELETE},
		{"read", TFC_ACTION_READ},     {"import", TFC_ACTION_IMPORT}, {"open", TFC_ACTION_OPEN},
		{"renew", TFC_ACTION_RENEW},   {"close", TFC_ACTION_CLOSE},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (sv_eq(s, sv_cstr(map[i].name))) {
			*out = map[i].action;
			return true;
		}
	return false;
}

/* OpenTofu's ephemeral hooks carry no action, only a message. */
static bool ephemeral_action(sv text, tfc_action *out)
{
	if (!text.n)
		return false;
	if (memmem(text.p, text.n, "Open", 4))
		*out = TFC_ACTION_OPEN;
	else if (memmem(text.p, text.n, "Renew", 5))
		*out = TFC_ACTION_RENEW;
	else if (memmem(text.p, text.n, "Clos", 4))
		*out = TFC_ACTION_CLOSE;
	else
		return false;
	return true;
}

static tfc_rc op_event(const msg *m, ev_kind kind, bool tofu_ephemeral)
{
	tfc_action action;
	sv addr = str(m, P_ADDR);
	bool known = tofu_ephemeral ? (parse_action(str(m, P_ACTION), &action) || ephemeral_action(str(m, P_MSG), &action) ||
				       ephemeral_action(message(m), &action))
				    : parse_action(str(m, P_ACTION), &action);
	if (!known || !addr.n)
		return emit_time(m);
	ev e;
	base(m, &e, kind);
	e.action = action;
	e.address = addr;
	if (kind == EV_OP_START || kind == EV_OP_COMPLETE)
		e.id = str(m, P_ID);
	if (kind != EV_OP_START)
		e.seconds = num(m, P_ELAPSED);
	return emit(m, &e);
}

static tfc_rc addr_event(const msg *m, ev_kind kind)
{
	sv addr = str(m, P_ADDR);
	if (!addr.n)
		return emit_time(m);
	ev e;
	base(m, &e, kind);
	e.address = addr;
	if (kind == EV_PROVISION)
		e.text = str(m, P_PROVISIONER);
	else
		e.id = str(m, P_ID);
	return emit(m, &e);
}

static tfc_rc planned(const msg *m)
{
	sv addr = str(m, P_CHANGE_ADDR), action = str(m, P_CHANGE_ACTION);
	ev e;
	base(m, &e, EV_OP_PLANNED);
	e.address = addr;
	if (addr.n && sv_eq(action, SV_LIT("replace"))) {
		/* Replace is two operations on one address, both orders run as
		 * separate hooks: plan them as delete and create. */
		e.action = TFC_ACTION_DELETE;
		tfc_rc rc = emit(m, &e);
		if (rc != TFC_OK)
			return rc;
		e.action = TFC_ACTION_CREATE;
		return emit(m, &e);
	}
	if (addr.n && parse_action(action, &e.action))
		return emit(m, &e);
	return emit_time(m); /* noop, move, remove (forget): nothing runs */
}

static tfc_rc summary(const msg *m)
{
	sv op = str(m, P_OPERATION), text = message(m);
	ev e;
	base(m, &e, EV_SUMMARY);
	if (sv_eq(op, SV_LIT("apply")))
		e.summary_kind = EV_SUMMARY_APPLY;
	else if (sv_eq(op, SV_LIT("destroy")))
		e.summary_kind = EV_SUMMARY_DESTROY;
	else if (sv_eq(op, SV_LIT("plan")))
		e.summary_kind = EV_SUMMARY_PLAN;
	else if (SV_STARTS(text, "Apply complete!"))
		e.summary_kind = EV_SUMMARY_APPLY;
	else if (SV_STARTS(text, "Destroy complete!"))
		e.summary_kind = EV_SUMMARY_DESTROY;
	else if (SV_STARTS(text, "Plan:"))
		e.summary_kind = EV_SUMMARY_PLAN;
	else
		return emit_time(m);
	e.added = count(m, P_ADD);
	e.changed = count(m, P_CHANGE);
	e.destroyed = count(m, P_REMOVE);
	e.imported = count(m, P_IMPORT);
	e.forgotten = count(m, P_FORGET);
	e.text = text;
	return emit(m, &e);
}

static tfc_rc diagnostic(const msg *m)
{
	sv sev = str(m, P_SEVERITY);
	ev e;
	base(m, &e, EV_DIAGNOSTIC);
	if (sv_eq(sev, SV_LIT("error")))
		e.severity = EV_SEV_ERROR;
	else if (sv_eq(sev, SV_LIT("warning")))
		e.severity = EV_SEV_WARNING;
	else
		return emit_time(m);
	e.text = str(m, P_SUMMARY);
	e.detail = str(m, P_DETAIL);
	e.address = str(m, P_DIAG_ADDR);
	if (e.address.n == 0)
		e.address = SV_NULL;
	return emit(m, &e);
}

static tfc_rc version(const msg *m)
{
	ev e;
	base(m, &e, EV_VERSION);
	if (str(m, P_TOFU).n) {
		e.text = SV_LIT("opentofu");
		e.detail = str(m, P_TOFU);
	} else if (str(m, P_TERRAFORM).n) {
		e.text = SV_LIT("terraform");
		e.detail = str(m, P_TERRAFORM);
	} else {
		return emit_time(m);
	}
	return emit(m, &e);
}

static tfc_rc log_line(const msg *m)
{
	sv text = message(m);
	if (SV_STARTS(text, "Interrupt received") || SV_STARTS(text, "Two interrupts received") ||
	    SV_STARTS(text, "Apply cancelled") || SV_STARTS(text, "Destroy cancelled")) {
		ev e;
		base(m, &e, EV_INTERRUPT);
		e.text = text;
		return emit(m, &e);
	}
	return emit_time(m);
}

typedef enum handler {
	H_START,
	H_PROGRESS,
	H_COMPLETE,
	H_ERRORED,
	H_TOFU_EPH_START,
	H_TOFU_EPH_COMPLETE,
	H_PROVISION,
	H_REFRESH,
	H_PLANNED,
	H_SUMMARY,
	H_DIAGNOSTIC,
	H_VERSION,
	H_LOG,
} handler;

#define T(name, h) {name, sizeof(name) - 1, h}
static const struct {
	const char *type;
	size_t len;
	handler h;
} types[] = {
	/* most frequent first: the list is searched in order */
	T("apply_progress", H_PROGRESS),
	T("apply_start", H_START),
	T("apply_complete", H_COMPLETE),
	T("planned_change", H_PLANNED),
	T("refresh_start", H_REFRESH),
	T("refresh_complete", H_REFRESH),
	T("apply_errored", H_ERRORED),
	T("provision_start", H_PROVISION),
	T("provision_progress", H_PROVISION),
	T("provision_complete", H_PROVISION),
	T("provision_errored", H_PROVISION),
	T("ephemeral_op_start", H_START),
	T("ephemeral_op_progress", H_PROGRESS),
	T("ephemeral_op_complete", H_COMPLETE),
	T("ephemeral_op_errored", H_ERRORED),
	T("ephemeral_action_started", H_TOFU_EPH_START),
	T("ephemeral_action_complete", H_TOFU_EPH_COMPLETE),
	T("change_summary", H_SUMMARY),
	T("diagnostic", H_DIAGNOSTIC),
	T("version", H_VERSION),
	T("log", H_LOG),
};

static tfc_rc dispatch(const msg *m)
{
	sv type = str(m, P_TYPE);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (type.n != types[i].len || memcmp(type.p, types[i].type, type.n) != 0)
			continue;
		switch (types[i].h) {
		case H_START: return op_event(m, EV_OP_START, false);
		case H_PROGRESS: return op_event(m, EV_OP_PROGRESS, false);
		case H_COMPLETE: return op_event(m, EV_OP_COMPLETE, false);
		case H_ERRORED: return op_event(m, EV_OP_ERRORED, false);
		case H_TOFU_EPH_START: return op_event(m, EV_OP_START, true);
		case H_TOFU_EPH_COMPLETE: return op_event(m, EV_OP_COMPLETE, true);
		case H_PROVISION: return addr_event(m, EV_PROVISION);
		case H_REFRESH: return addr_event(m, EV_REFRESH);
		case H_PLANNED: return planned(m);
		case H_SUMMARY: return summary(m);
		case H_DIAGNOSTIC: return diagnostic(m);
		case H_VERSION: return version(m);
		case H_LOG: return log_line(m);
		}
	}
	return emit_time(m); /* outputs, resource_drift, test_*, …: only the time */
}
#undef T

tfc_rc jsonui_line(jsonui_parser *jp, const line *ln, uint64_t lineno,
		   void (*problem)(void *ctx, uint64_t lineno, const char *message))
{
	sv text = ln->text;
	if (jp->scratch_cap < 2 * text.n) {
		size_t cap = text.n < 2048 ? 4096 : 2 * text.n;
		char *s = realloc(jp->scratch, cap);
		if (!s)
			return TFC_ENOMEM;
		jp->scratch = s;
		jp->scratch_cap = cap;
	}
	msg m = {.jp = jp, .ln = ln, .lineno = lineno};
	json_t *tree = NULL;
	char err[200];
	switch (js_pick_line(text, &jp->paths, m.v, jp->scratch, &tree, err, sizeof err)) {
	case JS_LINE_OK: break;
	case JS_LINE_NOMEM: return TFC_ENOMEM;
	case JS_LINE_INVALID:
		if (problem) {
			char why[260];
			snprintf(why, sizeof why, "%s: %s", "-json UI line skipped", err);
			problem(jp->ctx, lineno, why);
		}
		return TFC_OK;
	}

	m.tree = tree;
	m.time = NAN;
	sv ts = str(&m, P_TIMESTAMP);
	if (ts.n && stamp_parse(&jp->stamps, ts, &m.time) > 0) {
		m.time_from_json = true;
	} else {
		m.time = ln->time;
	}
	tfc_rc rc = dispatch(&m);
	json_decref(tree);
	return rc;
}
