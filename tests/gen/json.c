/* json.c — `terraform apply -json` (≥0.15.3): one hclog JSON object per
 * line with Go's key order and HTML-safe escaping, hooks with their resource
 * objects, planned changes, summaries, diagnostics and interrupts as logs. */
#include <stdio.h>
#include <string.h>

#include "gen.h"

static gout *O(gsim *s)
{
	return &s->out;
}

/* A JSON string body as Go's encoding/json writes it: HTML-safe, so <, >
 * and & become \u003c, \u003e, \u0026. */
static void esc(gsim *s, const char *p, size_t n)
{
	static const char hexd[] = "0123456789abcdef";
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&')
			continue;
		tg_out_put(O(s), p + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': OUT_LIT(O(s), "\\\""); break;
		case '\\': OUT_LIT(O(s), "\\\\"); break;
		case '\n': OUT_LIT(O(s), "\\n"); break;
		case '\t': OUT_LIT(O(s), "\\t"); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
			tg_out_put(O(s), u, 6);
		}
		}
	}
	tg_out_put(O(s), p + run, n - run);
}

static void esc_str(gsim *s, const char *p)
{
	esc(s, p, strlen(p));
}

/* The zone the machine ran in: hclog stamps local time. */
static int zone_minutes(const gsim *s)
{
	static const int zones[] = {0, -300, 120, 330, 0};
	return zones[s->o->seed % 5];
}

static void put_timestamp(gsim *s)
{
	int z = zone_minutes(s);
	int64_t local = O(s)->now_us + (int64_t)z * 60 * 1000000;
	tg_out_time_json(O(s), local);
	if (z == 0)
		return;
	O(s)->len--; /* drop the Z */
	O(s)->total--;
	char b[16];
	int a = z < 0 ? -z : z;
	snprintf(b, sizeof b, "%c%02d:%02d", z < 0 ? '-' : '+', a / 60, a % 60);
	tg_out_str(O(s), b);
}

static const char *module_name(const gsim *s)
{
	return s->tofu ? "tofu.ui" : "terraform.ui";
}

/* {"@level":"info","@message":" … up to the message text. */
static void head(gsim *s, grun *r, const char *level)
{
	tg_out_begin(O(s), r->unit, GS_STDOUT);
	OUT_LIT(O(s), "{\"@level\":\"");
	tg_out_str(O(s), level);
	OUT_LIT(O(s), "\",\"@message\":\"");
}

/* "," @module, @timestamp, then the caller's keys. */
static void mid(gsim *s)
{
	OUT_LIT(O(s), "\",\"@module\":\"");
	tg_out_str(O(s), module_name(s));
	OUT_LIT(O(s), "\",\"@timestamp\":\"");
	put_timestamp(s);
	OUT_LIT(O(s), "\",");
}

static void tail(gsim *s, const char *type)
{
	OUT_LIT(O(s), "\"type\":\"");
	tg_out_str(O(s), type);
	OUT_LIT(O(s), "\"}");
	tg_out_end(O(s));
}

static void addr_esc(gsim *s, const gop *op)
{
	const gres *r = &s->res[op->res];
	esc(s, r->addr, r->addr_len);
}

static void resource(gsim *s, const gop *op)
{
	const gres *r = &s->res[op->res];
	OUT_LIT(O(s), "\"resource\":{\"addr\":\"");
	esc(s, r->addr, r->addr_len);
	OUT_LIT(O(s), "\",\"module\":\"");
	esc(s, r->addr, r->mod_len);
	OUT_LIT(O(s), "\",\"resource\":\"");
	esc(s, r->addr + r->rel_off, r->addr_len - r->rel_off);
	OUT_LIT(O(s), "\",\"implied_provider\":\"");
	tg_out_str(O(s), tg_model_type_provider(r));
	OUT_LIT(O(s), "\",\"resource_type\":\"");
	tg_out_put(O(s), r->addr + r->type_off, r->type_len);
	OUT_LIT(O(s), "\",\"resource_name\":\"");
	tg_out_put(O(s), r->addr + r->name_off, r->name_len);
	OUT_LIT(O(s), "\",\"resource_key\":");
	if (r->key_off < 0)
		OUT_LIT(O(s), "null");
	else
		tg_out_put(O(s), r->addr + r->key_off, (size_t)r->key_len); /* Go-quoted = JSON-quoted here */
	tg_out_char(O(s), '}');
}

static const char *action_word(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "create";
	case TFC_ACTION_UPDATE: return "update";
	case TFC_ACTION_DELETE: return "delete";
	default: return "read";
	}
}

static const char *verb(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Creating...";
	case TFC_ACTION_UPDATE: return "Modifying...";
	case TFC_ACTION_DELETE: return "Destroying...";
	default: return "Refreshing...";
	}
}

static const char *noun(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Creation";
	case TFC_ACTION_UPDATE: return "Modifications";
	case TFC_ACTION_DELETE: return "Destruction";
	default: return "Refresh";
	}
}

static void id_pair(gsim *s, const char *id)
{
	OUT_LIT(O(s), ",\"id_key\":\"id\",\"id_value\":\"");
	esc_str(s, id);
	tg_out_char(O(s), '"');
}

static void log_line(gsim *s, grun *r, const char *level, const char *text)
{
	head(s, r, level);
	esc_str(s, text);
	mid(s);
	tail(s, "log");
}

/* ---- hooks ------------------------------------------------------------------- */

static void run_begin(gsim *s, grun *r)
{
	const char *v = s->tofu ? "1.8.3" : s->version == TFGEN_V0_15 ? "0.15.5" : s->version == TFGEN_V1_12 ? "1.12.1" : "1.5.7";
	const char *ui = s->tofu || s->version == TFGEN_V1_12 ? "1.2" : s->version == TFGEN_V0_15 ? "0.1.0" : "1.1";
	head(s, r, "info");
	tg_out_str(O(s), tg_tool_title(s));
	tg_out_char(O(s), ' ');
	tg_out_str(O(s), v);
	mid(s);
	OUT_LIT(O(s), "\"");
	tg_out_str(O(s), s->tofu ? "tofu" : "terraform");
	OUT_LIT(O(s), "\":\"");
	tg_out_str(O(s), v);
	OUT_LIT(O(s), "\",\"type\":\"version\",\"ui\":\"");
	tg_out_str(O(s), ui);
	OUT_LIT(O(s), "\"}");
	tg_out_end(O(s));
}

static void refresh(gsim *s, grun *r, gop *op)
{
	for (int k = 0; k < 2; k++) {
		head(s, r, "info");
		addr_esc(s, op);
		tg_out_str(O(s), k ? ": Refresh complete" : ": Refreshing state...");
		if (op->prior_id) {
			OUT_LIT(O(s), " [id=");
			esc_str(s, op->prior_id);
			tg_out_char(O(s), ']');
		}
		mid(s);
		OUT_LIT(O(s), "\"hook\":{");
		resource(s, op);
		if (op->prior_id)
			id_pair(s, op->prior_id);
		OUT_LIT(O(s), "},");
		tail(s, k ? "refresh_complete" : "refresh_start");
	}
}

static void plan(gsim *s, grun *r)
{
	int add = 0, change = 0, destroy = 0;
	for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
		const gop *op = &s->ops[i];
		if (op->phase != PHASE_APPLY)
			continue;
		add += op->action == TFC_ACTION_CREATE;
		change += op->action == TFC_ACTION_UPDATE;
		destroy += op->action == TFC_ACTION_DELETE;
		if (op->plan == PLAN_NONE)
			continue;
		static const char *const act[] = {"", "create", "update", "delete", "replace", "replace", "read"};
		head(s, r, "info");
		addr_esc(s, op);
		OUT_LIT(O(s), ": Plan to ");
		tg_out_str(O(s), act[op->plan]);
		mid(s);
		OUT_LIT(O(s), "\"change\":{");
		resource(s, op);
		OUT_LIT(O(s), ",\"action\":\"");
		tg_out_str(O(s), act[op->plan]);
		tg_out_char(O(s), '"');
		if (op->plan == PLAN_READ)
			OUT_LIT(O(s), ",\"reason\":\"read_because_config_unknown\"");
		OUT_LIT(O(s), "},");
		tail(s, "planned_change");
	}
	char b[200];
	snprintf(b, sizeof b, "Plan: %d to add, %d to change, %d to destroy.", add, change, destroy);
	head(s, r, "info");
	tg_out_str(O(s), b);
	mid(s);
	snprintf(b, sizeof b, "\"changes\":{\"add\":%d,\"change\":%d,%s\"remove\":%d,\"operation\":\"plan\"},", add,
		 change, s->version >= TFGEN_V1_5 ? "\"import\":0," : "", destroy);
	tg_out_str(O(s), b);
	tail(s, "change_summary");
}

static void apply_begin(gsim *s, grun *r)
{
	(void)s;
	(void)r;
}

static void op_start(gsim *s, grun *r, gop *op)
{
	head(s, r, "info");
	addr_esc(s, op);
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), verb(op->action));
	if (op->id) {
		OUT_LIT(O(s), " [id=");
		esc_str(s, op->id);
		tg_out_char(O(s), ']');
	}
	mid(s);
	OUT_LIT(O(s), "\"hook\":{");
	resource(s, op);
	OUT_LIT(O(s), ",\"action\":\"");
	tg_out_str(O(s), action_word(op->action));
	tg_out_char(O(s), '"');
	if (op->id)
		id_pair(s, op->id);
	OUT_LIT(O(s), "},");
	tail(s, "apply_start");
}

static void op_heartbeat(gsim *s, grun *r, gop *op, int64_t elapsed)
{
	static const char *const still[] = {"Still creating...", "Still modifying...", "Still destroying...",
					    "Still reading..."};
	head(s, r, "info");
	addr_esc(s, op);
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), still[op->action <= 3 ? op->action : 3]);
	OUT_LIT(O(s), " [");
	tg_out_go_duration(O(s), elapsed); /* -json keeps Go durations after 1.12 */
	OUT_LIT(O(s), " elapsed]");
	mid(s);
	OUT_LIT(O(s), "\"hook\":{");
	resource(s, op);
	OUT_LIT(O(s), ",\"action\":\"");
	tg_out_str(O(s), action_word(op->action));
	OUT_LIT(O(s), "\",\"elapsed_seconds\":");
	tg_out_i64(O(s), elapsed);
	OUT_LIT(O(s), "},");
	tail(s, "apply_progress");
}

static void op_end(gsim *s, grun *r, gop *op, bool ok)
{
	head(s, r, "info");
	addr_esc(s, op);
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), noun(op->action));
	tg_out_str(O(s), ok ? " complete after " : " errored after ");
	tg_out_go_duration(O(s), op->dur);
	bool id = ok && op->new_id && op->action != TFC_ACTION_DELETE;
	if (id) {
		OUT_LIT(O(s), " [id=");
		esc_str(s, op->new_id);
		tg_out_char(O(s), ']');
	}
	mid(s);
	OUT_LIT(O(s), "\"hook\":{");
	resource(s, op);
	OUT_LIT(O(s), ",\"action\":\"");
	tg_out_str(O(s), action_word(op->action));
	tg_out_char(O(s), '"');
	if (id)
		id_pair(s, op->new_id);
	OUT_LIT(O(s), ",\"elapsed_seconds\":");
	tg_out_i64(O(s), op->dur);
	OUT_LIT(O(s), "},");
	tail(s, ok ? "apply_complete" : "apply_errored");
}

static void op_complete(gsim *s, grun *r, gop *op)
{
	op_end(s, r, op, true);
}

static void op_failed(gsim *s, grun *r, gop *op)
{
	op_end(s, r, op, false);
	op->status = TFC_STATUS_FAILED; /* apply_errored names it, with its duration */
	op->reported = op->dur;
}

static void interrupt(gsim *s, grun *r)
{
	char b[256];
	snprintf(b, sizeof b,
		 "Interrupt received.\nPlease wait for %s to exit or data loss may occur.\nGracefully shutting down...",
		 tg_tool_title(s));
	log_line(s, r, "info", b);
	log_line(s, r, "info", "Stopping operation...");
}

static void interrupt_hard(gsim *s, grun *r)
{
	log_line(s, r, "info", "Two interrupts received. Exiting immediately. Note that data loss may have occurred.");
}

static void diagnostic(gsim *s, grun *r, const gop *op, const gdiag *d, bool error)
{
	head(s, r, error ? "error" : "warn");
	tg_out_str(O(s), error ? "Error: " : "Warning: ");
	esc_str(s, d->summary);
	mid(s);
	OUT_LIT(O(s), "\"diagnostic\":{\"severity\":\"");
	tg_out_str(O(s), error ? "error" : "warning");
	OUT_LIT(O(s), "\",\"summary\":\"");
	esc_str(s, d->summary);
	OUT_LIT(O(s), "\",\"detail\":\"");
	for (int i = 0; i < d->n_detail; i++) {
		if (i)
			OUT_LIT(O(s), "\\n");
		esc_str(s, d->detail[i]);
	}
	OUT_LIT(O(s), "\",\"address\":\"");
	addr_esc(s, op);
	OUT_LIT(O(s), "\",\"range\":{\"filename\":\"main.tf\",\"start\":{\"line\":28,\"column\":1,\"byte\":612},"
		      "\"end\":{\"line\":28,\"column\":40,\"byte\":651}}},");
	tail(s, "diagnostic");
}

static void run_end(gsim *s, grun *r)
{
	if (s->o->warnings)
		for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
			gop *op = &s->ops[i];
			if (op->state == OP_DONE && op->action != TFC_ACTION_READ && rng_chance(&s->sim_rng, 0.1)) {
				gdiag d;
				tg_diag_warning(s, op, &d);
				diagnostic(s, r, op, &d, false);
				break;
			}
		}
	if (r->n_failed) {
		for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
			gop *op = &s->ops[i];
			if (op->state != OP_FAILED)
				continue;
			gdiag d;
			tg_diag_error(s, op, &d);
			diagnostic(s, r, op, &d, true);
		}
		return;
	}
	if (s->interrupted)
		return;
	char b[200];
	const char *op = s->o->destroy ? "destroy" : "apply";
	if (s->o->destroy)
		snprintf(b, sizeof b, "Destroy complete! Resources: %d destroyed.", r->destroyed);
	else
		snprintf(b, sizeof b, "Apply complete! Resources: %d added, %d changed, %d destroyed.", r->added,
			 r->changed, r->destroyed);
	head(s, r, "info");
	tg_out_str(O(s), b);
	mid(s);
	snprintf(b, sizeof b, "\"changes\":{\"add\":%d,\"change\":%d,%s\"remove\":%d,\"operation\":\"%s\"},", r->added,
		 r->changed, s->version >= TFGEN_V1_5 ? "\"import\":0," : "", r->destroyed, op);
	tg_out_str(O(s), b);
	tail(s, "change_summary");
	r->summary = true;
	head(s, r, "info");
	OUT_LIT(O(s), "Outputs: 1");
	mid(s);
	OUT_LIT(O(s), "\"outputs\":{\"kubeconfig\":{\"sensitive\":true,\"type\":\"string\"}},");
	tail(s, "outputs");
}

static void stage_end(gsim *s)
{
	(void)s;
}

const grender tg_render_json = {
	run_begin, refresh, plan, apply_begin, op_start, op_heartbeat, op_complete, op_failed,
	interrupt, interrupt_hard, run_end, stage_end,
};
