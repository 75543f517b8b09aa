/* tflog_ops.c — operation boundaries from Terraform core's TF_LOG lines:
 *   vertex "A": starting visit (*terraform.NodeApplyableResourceInstance)  (TRACE)
 *   Starting apply for A                                                    (INFO, ≥0.15)
 *   A: applying the planned Create change                                   (DEBUG, ≥0.12)
 *   maybeTainted: A encountered an error during creation, …                 (TRACE)
 *   vertex "A" error: MSG                                                   (ERROR)
 *   vertex "A": visit complete[, with errors]                               (TRACE)
 * Only "applying the planned" names the action, so the earlier lines just
 * note a start time per (node kind, address); the operation starts there.
 * Also the provider's per-RPC timing and the version line. */
#include "tflog_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"

typedef enum node_kind {
	K_APPLY,   /* NodeApplyableResourceInstance: create or update */
	K_DESTROY, /* NodeDestroyResourceInstance / …DeposedResourceInstanceObject */
	K_LOOSE,   /* "Starting apply for" seen, node not known (no TRACE lines) */
} node_kind;

struct tfl_entry {
	tfl_entry *next;             /* hash chain */
	tfl_entry *live_prev, *live_next;
	uint64_t hash;
	node_kind kind;
	bool started;                /* an EV_OP_START went out */
	bool ended;                  /* an EV_OP_ERRORED went out */
	bool failed;                 /* maybeTainted said so */
	tfc_action action;
	double pending_time;         /* earliest sign of the operation */
	double fail_time;
	uint64_t fail_line;
	unsigned time_from;
	bool time_dated;
	char *deposed;               /* owned, or NULL */
	char *unit;                  /* owned copy of the line's unit, or NULL */
	size_t unit_n;
	sv type;                     /* inside addr */
	size_t addr_n;
	char addr[];
};

/* ---- the map ------------------------------------------------------------ */

static uint64_t hash(node_kind kind, sv addr)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
	for (size_t i = 0; i < addr.n; i++)
		h = (h ^ (unsigned char)addr.p[i]) * 1099511628211ull;
	return h;
}

static tfl_entry *find(tfl_ops *ops, node_kind kind, sv addr)
{
	if (!ops->n_buckets)
		return NULL;
	uint64_t h = hash(kind, addr);
	for (tfl_entry *e = ops->buckets[h & (ops->n_buckets - 1)]; e; e = e->next)
		if (e->hash == h && e->kind == kind && e->addr_n == addr.n && memcmp(e->addr, addr.p, addr.n) == 0)
			return e;
	return NULL;
}

static bool grow(tfl_ops *ops)
{
	size_t n = ops->n_buckets ? ops->n_buckets * 2 : 64;
	tfl_entry **b = calloc(n, sizeof *b);
	if (!b)
		return false;
	for (size_t i = 0; i < ops->n_buckets; i++)
		for (tfl_entry *e = ops->buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	free(ops->buckets);
	ops->buckets = b;
	ops->n_buckets = n;
	return true;
}

static void live_unlink(tfl_ops *ops, tfl_entry *e)
{
	if (!e->started)
		return;
	if (e->live_prev)
		e->live_prev->live_next = e->live_next;
	else if (ops->live == e)
		ops->live = e->live_next;
	if (e->live_next)
		e->live_next->live_prev = e->live_prev;
	e->live_prev = e->live_next = NULL;
}

static void entry_free(tfl_entry *e)
{
	free(e->deposed);
	free(e->unit);
	free(e);
}

static void drop(tfl_ops *ops, tfl_entry *e)
{
	tfl_entry **pp = &ops->buckets[e->hash & (ops->n_buckets - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	live_unlink(ops, e);
	ops->count--;
	entry_free(e);
}

static tfl_entry *add(tfl_ops *ops, node_kind kind, sv addr, const tfl_rec *r)
{
	if ((ops->count + 1) > ops->n_buckets && !grow(ops))
		return NULL;
	tfl_entry *e = calloc(1, sizeof *e + addr.n + 1);
	if (!e)
		return NULL;
	memcpy(e->addr, addr.p, addr.n);
	e->addr_n = addr.n;
	e->kind = kind;
	e->hash = hash(kind, addr);
	e->pending_time = e->fail_time = NAN;
	sv unit = r->ln ? r->ln->unit : SV_NULL;
	if (unit.n) {
		e->unit = malloc(unit.n);
		if (!e->unit) {
			free(e);
			return NULL;
		}
		memcpy(e->unit, unit.p, unit.n);
		e->unit_n = unit.n;
	}
	addr_parts parts;
	if (addr_split(sv_make(e->addr, addr.n), &parts))
		e->type = parts.type;
	size_t b = e->hash & (ops->n_buckets - 1);
	e->next = ops->buckets[b];
	ops->buckets[b] = e;
	ops->count++;
	return e;
}

void tfl_ops_free(tfl_ops *ops)
{
	for (size_t i = 0; i < ops->n_buckets; i++)
		for (tfl_entry *e = ops->buckets[i], *next; e; e = next) {
			next = e->next;
			entry_free(e);
		}
	free(ops->buckets);
	*ops = (tfl_ops){0};
}

/* ---- events ------------------------------------------------------------- */

static void op_base(const tfl_rec *r, const tfl_entry *en, ev *e, ev_kind kind)
{
	tfl_base(r, e, kind);
	e->address = sv_make(en->addr, en->addr_n);
	e->action = en->action;
	e->deposed = en->deposed ? sv_cstr(en->deposed) : SV_NULL;
	e->unit = en->unit_n ? sv_make(en->unit, en->unit_n) : SV_NULL;
}

static tfc_rc start(tflog_parser *tp, const tfl_rec *r, tfl_entry *en, tfc_action action, double t0)
{
	en->started = true;
	en->action = action;
	en->live_prev = NULL;
	en->live_next = tp->ops.live;
	if (tp->ops.live)
		tp->ops.live->live_prev = en;
	tp->ops.live = en;
	ev e;
	op_base(r, en, &e, EV_OP_START);
	if (!isnan(t0) && (isnan(e.time) || t0 < e.time)) {
		e.time = t0;
		e.time_from = en->time_from;
		e.time_dated = en->time_dated;
	}
	return tfl_emit(tp, &e);
}

static tfc_rc errored(tflog_parser *tp, const tfl_rec *r, tfl_entry *en, sv text)
{
	en->ended = true;
	ev e;
	op_base(r, en, &e, EV_OP_ERRORED);
	e.text = text.n ? text : SV_NULL;
	return tfl_emit(tp, &e);
}

static void note_pending(tfl_entry *en, const tfl_rec *r)
{
	if (isnan(en->pending_time) && !isnan(r->time)) {
		en->pending_time = r->time;
		en->time_from = r->time_from;
		en->time_dated = r->time_dated;
	}
}

/* ---- vertex names ------------------------------------------------------- */

typedef struct vertex {
	sv addr;
	sv deposed;
	int kind; /* node_kind, or -1 for other suffixes: (expand), (close), … */
} vertex;

static bool is_hex(sv s)
{
	if (!s.n)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

/* "aws_instance.a", "aws_instance.a (destroy)", "… (destroy deposed 1a2b3c4d)",
 * "… (deposed 1a2b3c4d)", "module.x (expand)". */
static vertex vertex_name(sv name)
{
	vertex v = {name, SV_NULL, K_APPLY};
	if (!SV_ENDS(name, ")"))
		return v;
	/* the suffix starts at the last " (" — addresses keep spaces inside quotes only */
	size_t i = name.n;
	while (i >= 2 && !(name.p[i - 2] == ' ' && name.p[i - 1] == '('))
		i--;
	if (i < 2)
		return v;
	sv suffix = sv_make(name.p + i, name.n - i - 1);
	v.addr = sv_make(name.p, i - 2);
	if (sv_eq(suffix, SV_LIT("destroy"))) {
		v.kind = K_DESTROY;
	} else if (SV_STARTS(suffix, "destroy deposed ") && is_hex(sv_skip(suffix, 16))) {
		v.kind = K_DESTROY;
		v.deposed = sv_skip(suffix, 16);
	} else if (SV_STARTS(suffix, "deposed ") && is_hex(sv_skip(suffix, 8))) {
		v.kind = K_DESTROY;
		v.deposed = sv_skip(suffix, 8);
	} else {
		v.kind = -1;
	}
	return v;
}

static bool vertex_rest(sv rest)
{
	return SV_STARTS(rest, ": starting visit (") || SV_STARTS(rest, ": visit complete") || SV_STARTS(rest, " error: ");
}

/* `vertex "NAME"` at the start of m: NAME unquoted into tp->scratch (which
 * is at least the line's length). Returns the bytes after the closing quote.
 * Terraform writes NAME with %q; a name whose inner quotes were not escaped
 * (hand-edited or re-encoded logs) is found by what follows it instead. */
static size_t vertex_quoted(tflog_parser *tp, sv m, sv *name)
{
	const char *p = m.p + 8, *end = m.p + m.n; /* after `vertex "` */
	const char *q = p;
	while (q < end && *q != '"')
		q += (*q == '\\' && q + 1 < end) ? 2 : 1;
	if (q < end && vertex_rest(sv_make(q + 1, (size_t)(end - q - 1)))) {
		size_t n = js_go_unquote(p, (size_t)(q - p), tp->scratch);
		if (n != (size_t)-1) {
			*name = sv_make(tp->scratch, n);
			return (size_t)(q + 1 - m.p);
		}
	}
	static const char *const marks[] = {"\": starting visit (", "\": visit complete", "\" error: "};
	for (size_t k = 0; k < 3; k++) {
		const char *at = memmem(p, (size_t)(end - p), marks[k], strlen(marks[k]));
		if (at) {
			*name = sv_make(p, (size_t)(at - p));
			return (size_t)(at + 1 - m.p);
		}
	}
	return 0;
}

static bool apply_node_type(sv rest, node_kind kind)
{
	/* ": starting visit (*terraform.NodeX)" — OpenTofu's package is "tofu". */
	const char *dot = memchr(rest.p, '.', rest.n);
	if (!dot)
		return false;
	sv type = sv_make(dot + 1, (size_t)(rest.p + rest.n - dot - 1));
	if (SV_ENDS(type, ")"))
		type.n--;
	if (kind == K_APPLY)
		return sv_eq(type, SV_LIT("NodeApplyableResourceInstance"));
	return sv_eq(type, SV_LIT("NodeDestroyResourceInstance")) ||
	       sv_eq(type, SV_LIT("NodeDestroyDeposedResourceInstanceObject"));
}

static bool is_data(sv addr)
{
	addr_parts parts;
	return addr_split(addr, &parts) && parts.mode == TFC_MODE_DATA;
}

static bool is_resource(sv addr)
{
	addr_parts parts;
	return addr.n && addr_split(addr, &parts);
}

static tfc_rc diagnostic(tflog_parser *tp, const tfl_rec *r, sv addr, sv text)
{
	ev e;
	tfl_base(r, &e, EV_DIAGNOSTIC);
	e.severity = EV_SEV_ERROR;
	e.address = addr.n ? addr : SV_NULL;
	e.text = text;
	return tfl_emit(tp, &e);
}

static tfc_rc vertex_error(tflog_parser *tp, const tfl_rec *r, vertex v, sv text)
{
	tfl_ops *ops = &tp->ops;
	bool resource = is_resource(v.addr);
	bool echo = ops->last_error_n == v.addr.n && memcmp(ops->last_error, v.addr.p, v.addr.n) == 0;
	if (v.addr.n <= sizeof ops->last_error) {
		memcpy(ops->last_error, v.addr.p, v.addr.n);
		ops->last_error_n = v.addr.n;
	}
	if (v.kind < 0) {
		/* "(expand)" repeats the instance's error; keep it only when alone */
		return echo ? TFC_OK : diagnostic(tp, r, resource ? v.addr : SV_NULL, text);
	}
	if (!resource) /* provider["…"], output.x, var.x, …: a stage-level error */
		return diagnostic(tp, r, SV_NULL, text);
	tfl_entry *en = find(ops, (node_kind)v.kind, v.addr);
	if (en && en->started) {
		if (en->ended)
			return TFC_OK;
		return errored(tp, r, en, text);
	}
	if (is_data(v.addr)) {
		/* A data source failing to read (at plan time, mostly): a failed read. */
		ev e;
		tfl_base(r, &e, EV_OP_ERRORED);
		e.address = v.addr;
		e.action = TFC_ACTION_READ;
		e.text = text;
		tfc_rc rc = tfl_emit(tp, &e);
		if (rc != TFC_OK)
			return rc;
	}
	return diagnostic(tp, r, v.addr, text);
}

static tfc_rc vertex_line(tflog_parser *tp, const tfl_rec *r, bool *handled)
{
	sv name;
	size_t at = vertex_quoted(tp, r->msg, &name);
	if (!at)
		return TFC_OK;
	sv rest = sv_skip(r->msg, at);
	vertex v = vertex_name(name);
	tfl_ops *ops = &tp->ops;

	if (SV_STARTS(rest, " error: ")) {
		*handled = true;
		return vertex_error(tp, r, v, sv_skip(rest, 8));
	}
	if (v.kind < 0 || !v.addr.n)
		return TFC_OK;
	if (SV_STARTS(rest, ": starting visit (")) {
		if (!apply_node_type(rest, (node_kind)v.kind))
			return TFC_OK;
		tfl_entry *en = find(ops, (node_kind)v.kind, v.addr);
		if (en && en->started) /* an earlier run never finished it */
			drop(ops, en), en = NULL;
		if (!en && !(en = add(ops, (node_kind)v.kind, v.addr, r)))
			return TFC_ENOMEM;
		if (v.deposed.n && !en->deposed) {
			en->deposed = strndup(v.deposed.p, v.deposed.n);
			if (!en->deposed)
				return TFC_ENOMEM;
		}
		note_pending(en, r);
		return TFC_OK;
	}
	if (SV_STARTS(rest, ": visit complete")) {
		tfl_entry *en = find(ops, (node_kind)v.kind, v.addr);
		if (!en)
			return TFC_OK;
		tfc_rc rc = TFC_OK;
		if (en->started && !en->ended) {
			*handled = true;
			if (SV_STARTS(rest, ": visit complete, with errors") || en->failed) {
				rc = errored(tp, r, en, SV_NULL);
			} else {
				ev e;
				op_base(r, en, &e, EV_OP_COMPLETE);
				rc = tfl_emit(tp, &e);
			}
		}
		drop(ops, en);
		return rc;
	}
	return TFC_OK;
}

/* "Starting apply for ADDR" (≥0.15): remembered until the action is known. */
static tfc_rc starting_apply(tflog_parser *tp, const tfl_rec *r, sv addr)
{
	tfl_ops *ops = &tp->ops;
	if (!addr.n)
		return TFC_OK;
	for (int k = K_APPLY; k <= K_DESTROY; k++) {
		tfl_entry *en = find(ops, (node_kind)k, addr);
		if (en && !en->started)
			return TFC_OK; /* its vertex already gave an earlier time */
	}
	tfl_entry *en = find(ops, K_LOOSE, addr);
	if (en)
		drop(ops, en);
	en = add(ops, K_LOOSE, addr, r);
	if (!en)
		return TFC_ENOMEM;
	note_pending(en, r);
	return TFC_OK;
}

/* "ADDR: applying the planned Create change" — the operation starts. */
static tfc_rc applying_planned(tflog_parser *tp, const tfl_rec *r, sv addr, sv verb, bool *handled)
{
	tfc_action action;
	if (sv_eq(verb, SV_LIT("Create")))
		action = TFC_ACTION_CREATE;
	else if (sv_eq(verb, SV_LIT("Update")))
		action = TFC_ACTION_UPDATE;
	else if (sv_eq(verb, SV_LIT("Delete")))
		action = TFC_ACTION_DELETE;
	else
		return TFC_OK;
	if (!is_resource(addr))
		return TFC_OK;
	tfl_ops *ops = &tp->ops;
	node_kind kind = action == TFC_ACTION_DELETE ? K_DESTROY : K_APPLY;
	tfl_entry *en = find(ops, kind, addr);
	if (en && en->started) /* a second start without an end: a new run */
		drop(ops, en), en = NULL;
	if (!en && !(en = add(ops, kind, addr, r)))
		return TFC_ENOMEM;
	double t0 = en->pending_time;
	tfl_entry *loose = find(ops, K_LOOSE, addr);
	if (loose) {
		if (isnan(t0) || loose->pending_time < t0) {
			t0 = loose->pending_time;
			en->time_from = loose->time_from;
			en->time_dated = loose->time_dated;
		}
		drop(ops, loose);
	}
	*handled = true;
	return start(tp, r, en, action, t0);
}

/* "maybeTainted: ADDR encountered an error during creation, so it is now
 * marked as tainted": the error line that names it comes later. */
static void maybe_tainted(tflog_parser *tp, const tfl_rec *r, sv rest)
{
	const char *e = memmem(rest.p, rest.n, " encountered an error", 21);
	if (!e)
		return;
	tfl_entry *en = find(&tp->ops, K_APPLY, sv_make(rest.p, (size_t)(e - rest.p)));
	if (en && en->started && !en->failed) {
		en->failed = true;
		en->fail_time = r->time;
		en->fail_line = r->lineno;
	}
}

static tfc_rc version(tflog_parser *tp, const tfl_rec *r, sv rest, const char *tool, bool *handled)
{
	size_t n = 0;
	while (n < rest.n && rest.p[n] != ' ' && rest.p[n] != '\t')
		n++;
	if (!n)
		return TFC_OK;
	ev e;
	tfl_base(r, &e, EV_VERSION);
	e.text = sv_cstr(tool);
	e.detail = sv_make(rest.p, n);
	*handled = true;
	return tfl_emit(tp, &e);
}

/* `CLI args: []string{"terraform", "-chdir=x", "apply", "-destroy"}`: the
 * subcommand, a hint for what the stage ran (several runs may share a
 * TF_LOG_PATH file: the timeline weighs the hints). */
static tfc_rc cli_args(tflog_parser *tp, const tfl_rec *r, sv rest, bool *handled)
{
	sv sub = SV_NULL;
	bool destroy_flag = false, first = true;
	const char *p = rest.p, *end = rest.p + rest.n;
	while (p < end) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			break;
		const char *e = q + 1;
		while (e < end && *e != '"')
			e += (*e == '\\' && e + 1 < end) ? 2 : 1;
		if (e >= end)
			break;
		sv arg = sv_make(q + 1, (size_t)(e - q - 1));
		p = e + 1;
		if (first) { /* the binary */
			first = false;
			continue;
		}
		if (sv_eq(arg, SV_LIT("-destroy")))
			destroy_flag = true;
		else if (!sub.p && arg.n && arg.p[0] != '-')
			sub = arg;
	}
	if (!sub.n)
		return TFC_OK;
	static const struct {
		const char *name;
		tfc_command command;
	} map[] = {
		{"apply", TFC_COMMAND_APPLY},     {"destroy", TFC_COMMAND_DESTROY}, {"plan", TFC_COMMAND_PLAN},
		{"refresh", TFC_COMMAND_REFRESH}, {"import", TFC_COMMAND_IMPORT},   {"init", TFC_COMMAND_INIT},
	};
	tfc_command command = TFC_COMMAND_OTHER;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (sv_eq(sub, sv_cstr(map[i].name)))
			command = map[i].command;
	if (destroy_flag && command == TFC_COMMAND_APPLY) /* apply -destroy */
		command = TFC_COMMAND_DESTROY;
	ev e;
	tfl_base(r, &e, EV_COMMAND);
	e.command = command;
	*handled = true;
	return tfl_emit(tp, &e);
}

tfc_rc tfl_core(tflog_parser *tp, const tfl_rec *r, bool *handled)
{
	sv m = r->msg;
	if (!m.n)
		return TFC_OK;
	switch (m.p[0]) {
	case 'v':
		if (SV_STARTS(m, "vertex \""))
			return vertex_line(tp, r, handled);
		break;
	case 'S':
		if (SV_STARTS(m, "Starting apply for "))
			return starting_apply(tp, r, sv_skip(m, 19));
		break;
	case 'm':
		if (SV_STARTS(m, "maybeTainted: ")) {
			maybe_tainted(tp, r, sv_skip(m, 14));
			return TFC_OK;
		}
		break;
	case 'T':
		if (SV_STARTS(m, "Terraform version: "))
			return version(tp, r, sv_skip(m, 19), "terraform", handled);
		break;
	case 'O':
		if (SV_STARTS(m, "OpenTofu version: "))
			return version(tp, r, sv_skip(m, 18), "opentofu", handled);
		break;
	case 'C':
		if (SV_STARTS(m, "CLI args: []string{"))
			return cli_args(tp, r, sv_skip(m, 19), handled);
		break;
	}
	/* "ADDR: applying the planned Create change": check the end first. */
	if (SV_ENDS(m, " change")) {
		const char *p = memmem(m.p, m.n, ": applying the planned ", 23);
		if (p) {
			sv addr = sv_make(m.p, (size_t)(p - m.p));
			const char *verb = p + 23;
			sv v = sv_make(verb, (size_t)(m.p + m.n - 7 - verb));
			return applying_planned(tp, r, addr, v, handled);
		}
	}
	return TFC_OK;
}

/* "Received downstream response: … tf_rpc=ApplyResourceChange
 * tf_resource_type=T tf_req_duration_ms=N": how long the provider took.
 * The line names no address: attribute it only when exactly one started
 * operation of type T is in flight, else leave the type for the timeline. */
tfc_rc tfl_provider_response(tflog_parser *tp, const tfl_rec *r, bool *handled)
{
	double ms;
	if (!sv_eq(tfl_field(r, TFL_F_RPC), SV_LIT("ApplyResourceChange")) ||
	    !tfl_field_number(r, TFL_F_DURATION, &ms) || !(ms >= 0) || ms > 1e12)
		return TFC_OK;
	sv type = tfl_field(r, TFL_F_RESOURCE_TYPE);
	ev e;
	tfl_base(r, &e, EV_OP_PROVIDER_CALL);
	e.seconds = ms / 1000.0;
	e.text = type.n ? type : SV_NULL;
	tfl_entry *only = NULL;
	size_t n = 0;
	for (tfl_entry *en = tp->ops.live; en && type.n; en = en->live_next)
		if (!en->ended && sv_eq(en->type, type)) {
			only = en;
			n++;
		}
	if (n == 1) {
		e.address = sv_make(only->addr, only->addr_n);
		e.action = only->action;
		e.deposed = only->deposed ? sv_cstr(only->deposed) : SV_NULL;
		e.unit = only->unit_n ? sv_make(only->unit, only->unit_n) : SV_NULL;
	}
	*handled = true;
	return tfl_emit(tp, &e);
}

tfc_rc tfl_ops_finish(tflog_parser *tp)
{
	/* Tainted ones whose error line never came (a cut-off log). */
	for (tfl_entry *en = tp->ops.live; en; en = en->live_next) {
		if (!en->failed || en->ended)
			continue;
		tfl_rec r = {.lineno = en->fail_line, .time = en->fail_time, .time_from = TFC_TIMES_TF_LOG,
			     .time_dated = true};
		tfc_rc rc = errored(tp, &r, en, SV_NULL);
		if (rc != TFC_OK)
			return rc;
	}
	tfl_ops_free(&tp->ops);
	return TFC_OK;
}
