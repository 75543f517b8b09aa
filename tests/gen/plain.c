/* plain.c — the human UI as Terraform 0.11 … 1.12 and OpenTofu print it:
 * hook lines with their exact colour bytes, plan text, diagnostics (framed,
 * -no-color, 0.12 and 0.11 styles), interrupts and the closing summary. */
#include <stdio.h>
#include <string.h>

#include "gen.h"

#define ESC "\x1b"
#define RESET ESC "[0m"
#define BOLD ESC "[1m"

/* ---- small helpers -------------------------------------------------------- */

const char *tg_tool_title(const gsim *s)
{
	return s->tofu ? "OpenTofu" : "Terraform";
}

static bool color(const gsim *s)
{
	return s->o->color;
}

static gout *O(gsim *s)
{
	return &s->out;
}

/* Start a line of run r; a reset left pending by the previous write comes first. */
static void begin(gsim *s, grun *r, gstream st)
{
	tg_out_begin(&s->out, r->unit, st);
	if (r->pending_reset) {
		OUT_LIT(O(s), RESET);
		r->pending_reset = false;
	}
}

static void end(gsim *s)
{
	tg_out_end(&s->out);
}

/* The end of a line written without any prefix. */
static void raw_end(gsim *s)
{
	if (s->out.crlf)
		tg_out_char(O(s), '\r');
	tg_out_char(O(s), '\n');
}

static void line(gsim *s, grun *r, gstream st, const char *text)
{
	begin(s, r, st);
	tg_out_str(O(s), text);
	end(s);
}

static void addr_of(gsim *s, const gop *op)
{
	const gres *res = &s->res[op->res];
	tg_out_put(O(s), res->addr, res->addr_len);
}

void tg_plain_addr(gsim *s, const gop *op, bool with_deposed)
{
	addr_of(s, op);
	if (!with_deposed || !op->deposed[0])
		return;
	if (v_ge_015(s)) {
		OUT_LIT(O(s), " (deposed object ");
		tg_out_str(O(s), op->deposed);
		tg_out_char(O(s), ')');
	} else {
		OUT_LIT(O(s), " (");
		tg_out_str(O(s), op->deposed);
		tg_out_char(O(s), ')');
	}
}

/* Terraform's truncateId: long ids keep their ends around "...". */
static void put_truncated_id(gsim *s, const char *id, size_t max)
{
	size_t total = strlen(id);
	if (total <= max) {
		tg_out_put(O(s), id, total);
		return;
	}
	if (max < 5)
		max = 5;
	size_t part = max / 2;
	size_t left = part - 1;
	long right = (long)total - (long)part - 1;
	long overlap = (long)max - (long)(part * 2 + 3);
	if (overlap < 0)
		right -= overlap;
	tg_out_put(O(s), id, left);
	OUT_LIT(O(s), "...");
	tg_out_str(O(s), id + right);
}

static const char *verb_start(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Creating...";
	case TFC_ACTION_UPDATE: return "Modifying...";
	case TFC_ACTION_DELETE: return "Destroying...";
	default: return "Reading...";
	}
}

static const char *verb_still(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Still creating...";
	case TFC_ACTION_UPDATE: return "Still modifying...";
	case TFC_ACTION_DELETE: return "Still destroying...";
	default: return "Still reading...";
	}
}

static const char *noun_complete(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Creation complete";
	case TFC_ACTION_UPDATE: return "Modifications complete";
	case TFC_ACTION_DELETE: return "Destruction complete";
	default: return "Read complete";
	}
}

static void put_elapsed(gsim *s, int64_t e)
{
	if (s->hb == TFGEN_HB_MMSS)
		tg_out_mmss(O(s), e);
	else
		tg_out_go_duration(O(s), e);
}

/* ---- hooks ---------------------------------------------------------------- */

static void run_begin(gsim *s, grun *r)
{
	const tfgen_options *o = s->o;
	const char *cmd = o->destroy ? "destroy" : "apply";
	char b[512];
	switch (o->prefix) {
	case TFGEN_PREFIX_GITHUB:
		snprintf(b, sizeof b, "##[group]Run %s %s -auto-approve -input=false", s->out.tool, cmd);
		line(s, r, GS_STDOUT, b);
		snprintf(b, sizeof b, "%s %s -auto-approve -input=false", s->out.tool, cmd);
		line(s, r, GS_STDOUT, b);
		line(s, r, GS_STDOUT, "shell: /usr/bin/bash -e {0}");
		line(s, r, GS_STDOUT, "env:");
		line(s, r, GS_STDOUT, "  TF_IN_AUTOMATION: true");
		line(s, r, GS_STDOUT, "##[endgroup]");
		snprintf(b, sizeof b, "[command]/home/runner/work/_temp/3f1c2b9e-8d1a-4c7e-9f00-5e2a7b1c9d11/%s-bin %s "
			 "-auto-approve -input=false", s->out.tool, cmd);
		line(s, r, GS_STDOUT, b);
		break;
	case TFGEN_PREFIX_TERRAGRUNT:
		if (r == &s->runs[0] && s->n_runs > 1) {
			snprintf(b, sizeof b, "The stack at . will be processed in the following order for command %s:", cmd);
			line(s, r, GS_INFO, b);
			/* Terragrunt prints the list without any prefix */
			OUT_LIT(O(s), "Group 1");
			raw_end(s);
			for (size_t u = 0; u < s->n_runs; u++) {
				OUT_LIT(O(s), "- Module ./");
				tg_out_str(O(s), s->runs[u].unit);
				raw_end(s);
			}
			raw_end(s);
		}
		break;
	case TFGEN_PREFIX_TERRAGRUNT_OLD:
		begin(s, r, GS_INFO);
		OUT_LIT(O(s), "Running command: ");
		tg_out_str(O(s), s->out.tool);
		tg_out_char(O(s), ' ');
		tg_out_str(O(s), cmd);
		OUT_LIT(O(s), " -auto-approve prefix=[");
		tg_out_str(O(s), r->unit);
		tg_out_char(O(s), ']');
		end(s);
		break;
	default:
		break;
	}
	if (rng_chance(&s->sim_rng, 0.3)) {
		line(s, r, GS_STDOUT, color(s) ? RESET BOLD "Acquiring state lock. This may take a few moments..." RESET
					       : "Acquiring state lock. This may take a few moments...");
	}
}

static void refresh(gsim *s, grun *r, gop *op)
{
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET BOLD);
	addr_of(s, op);
	OUT_LIT(O(s), ": Refreshing state...");
	if (op->prior_id) {
		if (s->version == TFGEN_V0_11) {
			OUT_LIT(O(s), " (ID: ");
			tg_out_str(O(s), op->prior_id);
			tg_out_char(O(s), ')');
		} else {
			OUT_LIT(O(s), " [id=");
			tg_out_str(O(s), op->prior_id);
			tg_out_char(O(s), ']');
		}
	}
	if (color(s))
		OUT_LIT(O(s), RESET);
	end(s);
}

/* ---- plan ----------------------------------------------------------------- */

typedef struct plan_look {
	const char *symbol, *color_symbol, *header;
} plan_look;

static plan_look look_of(int plan)
{
	switch (plan) {
	case PLAN_CREATE: return (plan_look){"  +", "  " ESC "[32m+" RESET, "will be created"};
	case PLAN_UPDATE: return (plan_look){"  ~", "  " ESC "[33m~" RESET, "will be updated in-place"};
	case PLAN_DELETE: return (plan_look){"  -", "  " ESC "[31m-" RESET, "will be destroyed"};
	case PLAN_REPLACE: return (plan_look){"-/+", ESC "[31m-" RESET "/" ESC "[32m+" RESET, "must be replaced"};
	case PLAN_REPLACE_CBD: return (plan_look){"+/-", ESC "[32m+" RESET "/" ESC "[31m-" RESET, "must be replaced"};
	default: return (plan_look){" <=", " " ESC "[36m<=" RESET, "will be read during apply"};
	}
}

static void attr(gsim *s, grun *r, const char *sym, const char *csym, const char *name, const char *value)
{
	begin(s, r, GS_STDOUT);
	OUT_LIT(O(s), "    ");
	if (color(s)) {
		tg_out_str(O(s), csym);
		OUT_LIT(O(s), " " RESET BOLD RESET);
		tg_out_str(O(s), name);
		OUT_LIT(O(s), RESET RESET);
	} else {
		tg_out_str(O(s), sym);
		tg_out_char(O(s), ' ');
		tg_out_str(O(s), name);
	}
	OUT_LIT(O(s), " = ");
	tg_out_str(O(s), value);
	end(s);
}

static void plan_body_011(gsim *s, grun *r, const gop *op)
{
	plan_look lk = look_of(op->plan);
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET);
	tg_out_str(O(s), lk.symbol);
	tg_out_char(O(s), ' ');
	addr_of(s, op);
	if (op->plan == PLAN_REPLACE)
		OUT_LIT(O(s), " (new resource required)");
	if (color(s))
		OUT_LIT(O(s), RESET);
	end(s);
	line(s, r, GS_STDOUT, op->plan == PLAN_DELETE ? "" : "      id:   <computed>");
	if (op->plan != PLAN_DELETE) {
		line(s, r, GS_STDOUT, "      tags.%: \"\" => \"2\"");
		line(s, r, GS_STDOUT, "");
	}
}

static void plan_body(gsim *s, grun *r, const gop *op)
{
	const gres *res = &s->res[op->res];
	plan_look lk = look_of(op->plan);
	char b[700];
	/* header */
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), BOLD);
	OUT_LIT(O(s), "  # ");
	addr_of(s, op);
	if (color(s))
		OUT_LIT(O(s), RESET);
	tg_out_char(O(s), ' ');
	if (color(s) && op->plan == PLAN_DELETE)
		OUT_LIT(O(s), "will be " BOLD ESC "[31mdestroyed" RESET);
	else if (color(s) && (op->plan == PLAN_REPLACE || op->plan == PLAN_REPLACE_CBD))
		OUT_LIT(O(s), "must be " BOLD ESC "[31mreplaced" RESET);
	else
		tg_out_str(O(s), lk.header);
	if (color(s))
		OUT_LIT(O(s), RESET RESET);
	end(s);
	if (op->plan == PLAN_READ)
		line(s, r, GS_STDOUT, "  # (config refers to values not yet known)");
	/* resource line, module-relative */
	begin(s, r, GS_STDOUT);
	if (color(s)) {
		OUT_LIT(O(s), RESET);
		tg_out_str(O(s), lk.color_symbol);
		OUT_LIT(O(s), RESET);
	} else
		tg_out_str(O(s), lk.symbol);
	snprintf(b, sizeof b, " %s \"%.*s\" \"%.*s\" {", res->data ? "data" : "resource", res->type_len,
		 res->addr + res->type_off, res->name_len, res->addr + res->name_off);
	tg_out_str(O(s), b);
	end(s);
	const char *plus = "  +", *cplus = "  " ESC "[32m+" RESET;
	const char *tilde = "  ~", *ctilde = "  " ESC "[33m~" RESET;
	const char *minus = "  -", *cminus = "  " ESC "[31m-" RESET;
	const char *id = op->prior_id ? op->prior_id : "i-0123";
	switch (op->plan) {
	case PLAN_CREATE:
	case PLAN_READ:
		attr(s, r, plus, cplus, "id", "(known after apply)");
		snprintf(b, sizeof b, "\"%.*s\"", res->name_len, res->addr + res->name_off);
		attr(s, r, plus, cplus, "name", b);
		break;
	case PLAN_UPDATE:
		snprintf(b, sizeof b, "\"%s\"", id);
		attr(s, r, " ", " ", "id", b);
		attr(s, r, tilde, ctilde, "tags", "{");
		line(s, r, GS_STDOUT, "          ~ \"Version\" = \"1\" -> \"2\"");
		line(s, r, GS_STDOUT, "        }");
		line(s, r, GS_STDOUT, "        # (3 unchanged attributes hidden)");
		break;
	case PLAN_DELETE:
		snprintf(b, sizeof b, "\"%s\" -> null", id);
		attr(s, r, minus, cminus, "id", b);
		break;
	default:
		snprintf(b, sizeof b, "\"%s\" -> (known after apply)", id);
		attr(s, r, tilde, ctilde, "id", b);
		attr(s, r, tilde, ctilde, "triggers", "{ # forces replacement");
		line(s, r, GS_STDOUT, "          ~ \"always_run\" = \"2025-01-09T21:01:17Z\" -> (known after apply)");
		line(s, r, GS_STDOUT, "        }");
		break;
	}
	line(s, r, GS_STDOUT, "    }");
	line(s, r, GS_STDOUT, "");
}

static void plan(gsim *s, grun *r)
{
	int add = 0, change = 0, destroy = 0, n = 0;
	for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
		const gop *op = &s->ops[i];
		if (op->phase != PHASE_APPLY)
			continue;
		n++;
		add += op->action == TFC_ACTION_CREATE;
		change += op->action == TFC_ACTION_UPDATE;
		destroy += op->action == TFC_ACTION_DELETE;
	}
	char b[512];
	line(s, r, GS_STDOUT, "");
	if (n == 0) {
		line(s, r, GS_STDOUT, color(s) ? RESET BOLD ESC "[32mNo changes." RESET BOLD
					      " Your infrastructure matches the configuration." RESET
				       : "No changes. Your infrastructure matches the configuration.");
		line(s, r, GS_STDOUT, "");
		return;
	}
	if (v_ge_015(s)) {
		snprintf(b, sizeof b, "%s used the selected providers to generate the following execution", tg_tool_title(s));
		line(s, r, GS_STDOUT, b);
		line(s, r, GS_STDOUT, "plan. Resource actions are indicated with the following symbols:");
	} else {
		line(s, r, GS_STDOUT, "An execution plan has been generated and is shown below.");
		line(s, r, GS_STDOUT, "Resource actions are indicated with the following symbols:");
	}
	if (add)
		line(s, r, GS_STDOUT, color(s) ? "  " ESC "[32m+" RESET " create" : "  + create");
	if (change)
		line(s, r, GS_STDOUT, color(s) ? "  " ESC "[33m~" RESET " update in-place" : "  ~ update in-place");
	if (destroy)
		line(s, r, GS_STDOUT, color(s) ? "  " ESC "[31m-" RESET " destroy" : "  - destroy");
	if (add && destroy) {
		line(s, r, GS_STDOUT, color(s) ? ESC "[31m-" RESET "/" ESC "[32m+" RESET " destroy and then create replacement"
					      : "-/+ destroy and then create replacement");
		if (s->version != TFGEN_V0_11)
			line(s, r, GS_STDOUT, color(s) ? ESC "[32m+" RESET "/" ESC "[31m-" RESET
							 " create replacement and then destroy"
						      : "+/- create replacement and then destroy");
	}
	line(s, r, GS_STDOUT, color(s) ? " " ESC "[36m<=" RESET " read (data resources)" : " <= read (data resources)");
	if (color(s))
		line(s, r, GS_STDOUT, RESET);
	else
		line(s, r, GS_STDOUT, "");
	snprintf(b, sizeof b, "%s will perform the following actions:", tg_tool_title(s));
	line(s, r, GS_STDOUT, b);
	line(s, r, GS_STDOUT, "");
	for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
		const gop *op = &s->ops[i];
		if (!op->body)
			continue;
		if (s->version == TFGEN_V0_11)
			plan_body_011(s, r, op);
		else
			plan_body(s, r, op);
	}
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET BOLD "Plan:" RESET " ");
	else
		OUT_LIT(O(s), "Plan: ");
	snprintf(b, sizeof b, "%d to add, %d to change, %d to destroy.", add, change, destroy);
	tg_out_str(O(s), b);
	end(s);
	if (color(s))
		r->pending_reset = true; /* the first apply line starts with ESC[0mESC[0m */
	if (r->prompt) {
		line(s, r, GS_STDOUT, "");
		if (s->o->destroy) {
			line(s, r, GS_STDOUT, color(s) ? BOLD "Do you really want to destroy all resources?" RESET
						      : "Do you really want to destroy all resources?");
			snprintf(b, sizeof b, "  %s will destroy all your managed infrastructure, as shown above.",
				 tg_tool_title(s));
			line(s, r, GS_STDOUT, b);
			line(s, r, GS_STDOUT, "  There is no undo. Only 'yes' will be accepted to confirm.");
		} else {
			line(s, r, GS_STDOUT, color(s) ? BOLD "Do you want to perform these actions?" RESET
						      : "Do you want to perform these actions?");
			snprintf(b, sizeof b, "  %s will perform the actions described above.", tg_tool_title(s));
			line(s, r, GS_STDOUT, b);
			line(s, r, GS_STDOUT, "  Only 'yes' will be accepted to approve.");
		}
		line(s, r, GS_STDOUT, "");
		line(s, r, GS_STDOUT, color(s) ? "  " BOLD "Enter a value:" RESET " " RESET : "  Enter a value: ");
		line(s, r, GS_STDOUT, "");
	}
}

static void apply_begin(gsim *s, grun *r)
{
	(void)s;
	(void)r;
}

static void op_start(gsim *s, grun *r, gop *op)
{
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET BOLD);
	tg_plain_addr(s, op, true);
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), verb_start(op->action));
	if (op->id) {
		if (s->version == TFGEN_V0_11) {
			OUT_LIT(O(s), " (ID: ");
			tg_out_str(O(s), op->id);
			tg_out_char(O(s), ')');
		} else {
			OUT_LIT(O(s), " [id=");
			tg_out_str(O(s), op->id);
			tg_out_char(O(s), ']');
		}
	}
	if (color(s))
		OUT_LIT(O(s), RESET);
	if (s->version == TFGEN_V0_11 && op->action != TFC_ACTION_DELETE) {
		/* 0.11 lists the attribute diff under the start line */
		end(s);
		line(s, r, GS_STDOUT, "  ami:           \"\" => \"ami-0ff8a91507f77f867\"");
		begin(s, r, GS_STDOUT);
		OUT_LIT(O(s), "  instance_type: \"\" => \"t2.micro\"");
		if (color(s))
			OUT_LIT(O(s), RESET);
	} else if (color(s))
		OUT_LIT(O(s), RESET);
	end(s);
	if (op->provision) {
		begin(s, r, GS_STDOUT);
		if (color(s))
			OUT_LIT(O(s), RESET BOLD);
		addr_of(s, op);
		OUT_LIT(O(s), ": Provisioning with 'local-exec'...");
		if (color(s))
			OUT_LIT(O(s), RESET RESET);
		end(s);
		begin(s, r, GS_STDOUT);
		if (color(s))
			OUT_LIT(O(s), RESET);
		addr_of(s, op);
		OUT_LIT(O(s), " (local-exec): Executing: [\"/bin/sh\" \"-c\" \"echo 'sleeping...'; sleep 1; echo 'done'\"]");
		end(s);
		begin(s, r, GS_STDOUT);
		addr_of(s, op);
		OUT_LIT(O(s), " (local-exec): sleeping...");
		end(s);
	}
}

static void op_heartbeat(gsim *s, grun *r, gop *op, int64_t elapsed)
{
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET BOLD);
	tg_plain_addr(s, op, true);
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), verb_still(op->action));
	bool paren = s->hb == TFGEN_HB_PAREN;
	OUT_LIT(O(s), " ");
	tg_out_char(O(s), paren ? '(' : '[');
	if (op->id) {
		tg_out_str(O(s), paren ? "ID: " : "id=");
		put_truncated_id(s, op->id, s->version == TFGEN_V0_11 ? 20 : 80);
		OUT_LIT(O(s), ", ");
	}
	put_elapsed(s, elapsed);
	OUT_LIT(O(s), " elapsed");
	tg_out_char(O(s), paren ? ')' : ']');
	if (color(s))
		OUT_LIT(O(s), RESET RESET);
	end(s);
}

static void op_complete(gsim *s, grun *r, gop *op)
{
	begin(s, r, GS_STDOUT);
	if (color(s))
		OUT_LIT(O(s), RESET BOLD);
	/* 0.12–0.14 drop the deposed key on the completion line */
	tg_plain_addr(s, op, v_ge_015(s));
	OUT_LIT(O(s), ": ");
	tg_out_str(O(s), noun_complete(op->action));
	OUT_LIT(O(s), " after ");
	tg_out_go_duration(O(s), op->dur);
	if (op->new_id && op->action != TFC_ACTION_DELETE) {
		if (s->version == TFGEN_V0_11) {
			OUT_LIT(O(s), " (ID: ");
			tg_out_str(O(s), op->new_id);
			tg_out_char(O(s), ')');
		} else {
			OUT_LIT(O(s), " [id=");
			tg_out_str(O(s), op->new_id);
			tg_out_char(O(s), ']');
		}
	}
	if (color(s))
		OUT_LIT(O(s), RESET);
	end(s);
}

static void op_failed(gsim *s, grun *r, gop *op)
{
	(void)s;
	(void)r;
	(void)op; /* the plain UI prints nothing when an operation fails */
}

static void interrupt(gsim *s, grun *r)
{
	char b[256];
	line(s, r, GS_STDOUT, "");
	line(s, r, GS_STDOUT, "Interrupt received.");
	snprintf(b, sizeof b, "Please wait for %s to exit or data loss may occur.", tg_tool_title(s));
	line(s, r, GS_STDOUT, b);
	line(s, r, GS_STDOUT, "Gracefully shutting down...");
	line(s, r, GS_STDOUT, "");
	line(s, r, GS_STDOUT, "Stopping operation...");
}

static void interrupt_hard(gsim *s, grun *r)
{
	line(s, r, GS_STDOUT, "Two interrupts received. Exiting immediately. Note that data loss may have occurred.");
}

/* ---- diagnostics ----------------------------------------------------------- */

/* One line inside a diagnostic: framed (colour, ≥0.15) or bare. */
static void diag_line(gsim *s, grun *r, bool framed, const char *frame_color, const char *text)
{
	begin(s, r, GS_STDERR);
	if (framed) {
		tg_out_str(O(s), frame_color);
		OUT_LIT(O(s), "\xe2\x94\x82" RESET " " RESET); /* │ */
	}
	tg_out_str(O(s), text);
	end(s);
}

static void diagnostic(gsim *s, grun *r, const gop *op, const gdiag *d, bool error)
{
	bool framed = color(s) && v_ge_015(s);
	const char *fc = error ? ESC "[31m" : ESC "[33m";
	const char *word = error ? "Error: " : "Warning: ";
	char b[1200];
	line(s, r, GS_STDERR, "");
	if (framed) {
		begin(s, r, GS_STDERR);
		tg_out_str(O(s), fc);
		OUT_LIT(O(s), "\xe2\x95\xb7" RESET RESET); /* ╷ */
		end(s);
		snprintf(b, sizeof b, BOLD "%s%s" RESET RESET BOLD "%s" RESET, fc, word, d->summary);
		diag_line(s, r, true, fc, b);
	} else if (color(s)) {
		snprintf(b, sizeof b, BOLD "%s%s" RESET RESET BOLD "%s" RESET, fc, word, d->summary);
		diag_line(s, r, false, fc, b);
	} else {
		snprintf(b, sizeof b, "%s%s", word, d->summary);
		diag_line(s, r, false, fc, b);
	}
	diag_line(s, r, framed, fc, "");
	if (v_ge_015(s)) {
		snprintf(b, sizeof b, "  with %s,", s->res[op->res].addr);
		diag_line(s, r, framed, fc, b);
	}
	snprintf(b, sizeof b, "  %s", d->on);
	diag_line(s, r, framed, fc, b);
	snprintf(b, sizeof b, " %s", d->src);
	diag_line(s, r, framed, fc, b);
	if (d->n_detail) {
		diag_line(s, r, framed, fc, "");
		for (int i = 0; i < d->n_detail; i++)
			diag_line(s, r, framed, fc, d->detail[i]);
	}
	if (framed) {
		begin(s, r, GS_STDERR);
		tg_out_str(O(s), fc);
		OUT_LIT(O(s), "\xe2\x95\xb5" RESET RESET); /* ╵ */
		end(s);
	} else
		line(s, r, GS_STDERR, "");
}

static void errors_011(gsim *s, grun *r)
{
	char b[1200];
	line(s, r, GS_STDERR, "");
	line(s, r, GS_STDERR, color(s) ? ESC "[31mError: Error applying plan:" : "Error: Error applying plan:");
	line(s, r, GS_STDERR, "");
	snprintf(b, sizeof b, "%zu error%s occurred:", r->n_failed, r->n_failed == 1 ? "" : "s");
	line(s, r, GS_STDERR, b);
	for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
		gop *op = &s->ops[i];
		if (op->state != OP_FAILED)
			continue;
		gdiag d;
		tg_diag_error(s, op, &d);
		snprintf(b, sizeof b, "\t* %s: %s", s->res[op->res].addr, d.summary);
		line(s, r, GS_STDERR, b);
		op->status = TFC_STATUS_FAILED;
	}
	line(s, r, GS_STDERR, "");
	line(s, r, GS_STDERR, "Terraform does not automatically rollback in the face of errors.");
	line(s, r, GS_STDERR, "Instead, your Terraform state file has been partially updated with");
	line(s, r, GS_STDERR, "any resources that successfully completed. Please address the error");
	line(s, r, GS_STDERR, "above and apply again to incrementally change your infrastructure.");
	line(s, r, GS_STDERR, color(s) ? RESET RESET : "");
}

static void run_end(gsim *s, grun *r)
{
	const tfgen_options *o = s->o;
	char b[512];
	/* warnings first, about resources that completed (they must stay complete) */
	if (o->warnings && v_ge_015(s)) {
		int shown = 0;
		for (uint32_t i = r->op_lo; i < r->op_hi && shown < 2; i++) {
			gop *op = &s->ops[i];
			if (op->state != OP_DONE || op->action == TFC_ACTION_READ || !rng_chance(&s->sim_rng, 0.2))
				continue;
			gdiag d;
			tg_diag_warning(s, op, &d);
			diagnostic(s, r, op, &d, false);
			shown++;
		}
		if (shown == 2)
			line(s, r, GS_STDERR, "(and 4 more similar warnings elsewhere)");
	}
	if (r->n_failed) {
		if (s->version == TFGEN_V0_11)
			errors_011(s, r);
		else
			for (uint32_t i = r->op_lo; i < r->op_hi; i++) {
				gop *op = &s->ops[i];
				if (op->state != OP_FAILED)
					continue;
				gdiag d;
				tg_diag_error(s, op, &d);
				diagnostic(s, r, op, &d, true);
				op->status = TFC_STATUS_FAILED;
			}
		if (o->prefix == TFGEN_PREFIX_GITHUB)
			line(s, r, GS_STDOUT, "##[error]Terraform exited with code 1.");
		return;
	}
	if (s->interrupted)
		return;
	const char *what = o->destroy ? "Destroy" : "Apply";
	if (o->destroy)
		snprintf(b, sizeof b, "%s complete! Resources: %d destroyed.", what, r->destroyed);
	else
		snprintf(b, sizeof b, "%s complete! Resources: %d added, %d changed, %d destroyed.", what, r->added,
			 r->changed, r->destroyed);
	if (color(s)) {
		line(s, r, GS_STDOUT, RESET BOLD ESC "[32m");
		line(s, r, GS_STDOUT, b);
		r->pending_reset = true;
	} else {
		line(s, r, GS_STDOUT, "");
		line(s, r, GS_STDOUT, b);
	}
	r->summary = true;
	if (!o->destroy && rng_chance(&s->sim_rng, 0.5)) {
		if (color(s)) {
			line(s, r, GS_STDOUT, RESET BOLD ESC "[32m");
			line(s, r, GS_STDOUT, "Outputs:");
			line(s, r, GS_STDOUT, "");
			r->pending_reset = true;
		} else {
			line(s, r, GS_STDOUT, "");
			line(s, r, GS_STDOUT, "Outputs:");
			line(s, r, GS_STDOUT, "");
		}
		line(s, r, GS_STDOUT, "cluster_endpoint = \"https://4A5B6C7D8E9F.gr7.us-east-1.eks.amazonaws.com\"");
		line(s, r, GS_STDOUT, "kubeconfig = <sensitive>");
		line(s, r, GS_STDOUT, "subnet_ids = [");
		line(s, r, GS_STDOUT, "  \"subnet-0a1b2c3d: Creation complete after 5s\",");
		line(s, r, GS_STDOUT, "]");
	}
}

static void stage_end(gsim *s)
{
	for (size_t u = 0; u < s->n_runs; u++) {
		grun *r = &s->runs[u];
		if (!r->pending_reset || r->dead)
			continue;
		if (s->o->prefix == TFGEN_PREFIX_NONE) {
			OUT_LIT(O(s), RESET); /* Terraform's last write has no newline */
			r->pending_reset = false;
		} else {
			begin(s, r, GS_STDOUT);
			end(s);
		}
	}
	if (s->o->prefix == TFGEN_PREFIX_NEBARI)
		OUT_LIT(O(s), RESET); /* Nebari's runner resets the terminal after the process */
}

const grender tg_render_plain = {
	run_begin, refresh, plan, apply_begin, op_start, op_heartbeat, op_complete, op_failed,
	interrupt, interrupt_hard, run_end, stage_end,
};
