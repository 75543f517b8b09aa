/* tflog.c — TF_LOG=TRACE written to stderr and captured with the UI (as
 * Nebari does): the plain UI lines, interleaved with hclog lines for graph
 * walks, provider calls with tf_req_duration_ms, provider noise without an
 * address, vertex errors and log.Printf continuation lines. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

static gout *O(gsim *s)
{
	return &s->out;
}

static const grender *plain = &tg_render_plain;

/* hclog stamps local time with a numeric zone, or Z in UTC. */
static void stamp(gsim *s)
{
	static const int zones[] = {0, -420, 600, 0, 60};
	int z = zones[s->o->seed % 5];
	tg_out_time_hclog(O(s), O(s)->now_us + (int64_t)z * 60 * 1000000);
	if (z == 0)
		return;
	O(s)->len--; /* the Z */
	O(s)->total--;
	char b[16];
	int a = z < 0 ? -z : z;
	snprintf(b, sizeof b, "%c%02d%02d", z < 0 ? '-' : '+', a / 60, a % 60);
	tg_out_str(O(s), b);
}

/* One hclog line: "<ts> [LEVEL] message" — the level padded to 7 columns. */
static void hlog(gsim *s, grun *r, const char *level, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void hlog(gsim *s, grun *r, const char *level, const char *fmt, ...)
{
	char b[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	tg_out_begin(O(s), r->unit, GS_STDERR);
	stamp(s);
	OUT_LIT(O(s), " [");
	tg_out_str(O(s), level);
	OUT_LIT(O(s), "] ");
	if (strlen(level) == 4)
		tg_out_char(O(s), ' '); /* [INFO]  / [WARN]  */
	tg_out_str(O(s), b);
	tg_out_end(O(s));
}

static const char *provider_bin(const gsim *s, const gop *op)
{
	static char b[96];
	const char *p = tg_model_type_provider(&s->res[op->res]);
	snprintf(b, sizeof b, "provider.terraform-provider-%s_v5.31.0_x5", p);
	return b;
}

static const char *addr(const gsim *s, const gop *op)
{
	return s->res[op->res].addr;
}

/* The vertex name Terraform's graph gives the operation. */
static void vertex(const gsim *s, const gop *op, char *b, size_t n)
{
	if (op->deposed[0])
		snprintf(b, n, "%s (destroy deposed %s)", addr(s, op), op->deposed);
	else if (op->action == TFC_ACTION_DELETE)
		snprintf(b, n, "%s (destroy)", addr(s, op));
	else
		snprintf(b, n, "%s", addr(s, op));
}

static const char *change_word(int action)
{
	switch (action) {
	case TFC_ACTION_CREATE: return "Create";
	case TFC_ACTION_UPDATE: return "Update";
	case TFC_ACTION_DELETE: return "Delete";
	default: return "Read";
	}
}

/* ---- hooks --------------------------------------------------------------------- */

static void run_begin(gsim *s, grun *r)
{
	const char *v = s->tofu ? "1.8.3" : s->version == TFGEN_V1_12 ? "1.12.1" : "1.5.7";
	hlog(s, r, "INFO", "%s version: %s", s->tofu ? "OpenTofu" : "Terraform", v);
	hlog(s, r, "DEBUG", "using github.com/hashicorp/go-tfe v1.26.0");
	hlog(s, r, "INFO", "Go runtime version: go1.21.5");
	hlog(s, r, "INFO", "CLI args: []string{\"%s\", \"%s\", \"-auto-approve\"}", O(s)->tool,
	     s->o->destroy ? "destroy" : "apply");
	hlog(s, r, "TRACE", "Meta.Backend: no config given or present on disk, so returning nil config");
	hlog(s, r, "DEBUG", "New state was assigned lineage \"2f1e1a0c-5b2e-4f1a-9c1e-0e7c1d2b3a4f\"");
	hlog(s, r, "DEBUG", "provider: starting plugin: path=.terraform/providers/registry.terraform.io/hashicorp/aws/"
			    "5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5 args=[.terraform/providers/"
			    "registry.terraform.io/hashicorp/aws/5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5]");
	hlog(s, r, "DEBUG", "provider: plugin started: path=.terraform/providers/registry.terraform.io/hashicorp/aws/"
			    "5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5 pid=42697");
	hlog(s, r, "DEBUG", "Starting graph walk: walkPlan");
	plain->run_begin(s, r);
}

static void refresh(gsim *s, grun *r, gop *op)
{
	hlog(s, r, "TRACE", "vertex \"%s\": starting visit (*terraform.NodePlannableResourceInstance)", addr(s, op));
	hlog(s, r, "TRACE", "GRPCProvider: ReadResource");
	plain->refresh(s, r, op);
	hlog(s, r, "TRACE", "vertex \"%s\": visit complete", addr(s, op));
}

static void plan(gsim *s, grun *r)
{
	hlog(s, r, "DEBUG", "building apply graph to check for errors");
	hlog(s, r, "INFO", "backend/local: plan operation completed");
	plain->plan(s, r);
}

static void apply_begin(gsim *s, grun *r)
{
	hlog(s, r, "DEBUG", "Starting graph walk: walkApply");
	plain->apply_begin(s, r);
}

static void op_start(gsim *s, grun *r, gop *op)
{
	char v[1200];
	vertex(s, op, v, sizeof v);
	hlog(s, r, "TRACE", "vertex \"%s\": starting visit (*terraform.%s)", v,
	     op->deposed[0] ? "NodeDestroyDeposedResourceInstanceObject"
	     : op->action == TFC_ACTION_DELETE ? "NodeDestroyResourceInstance"
	     : op->action == TFC_ACTION_READ ? "NodeApplyableResourceInstance"
					     : "NodeApplyableResourceInstance");
	if (op->action != TFC_ACTION_READ) {
		if (!op->deposed[0])
			hlog(s, r, "INFO", "Starting apply for %s", addr(s, op));
		/* logged with the instance address, deposed or not */
		hlog(s, r, "DEBUG", "%s: applying the planned %s change", addr(s, op), change_word(op->action));
	}
	hlog(s, r, "TRACE", "GRPCProvider: %s", op->action == TFC_ACTION_READ ? "ReadDataSource" : "ApplyResourceChange");
	plain->op_start(s, r, op);
}

static void op_heartbeat(gsim *s, grun *r, gop *op, int64_t elapsed)
{
	/* providers' own polling: no address, only the provider's name */
	hlog(s, r, "INFO", "%s: %s [DEBUG] Waiting for state to become: [success]: timestamp=%s", provider_bin(s, op),
	     "2024/01/05 01:28:08", "2024-01-05T01:28:08.594Z");
	hlog(s, r, "DEBUG", "%s: [DEBUG] Refresh state pending, retrying in 10s: @module=%s tf_rpc=ApplyResourceChange",
	     provider_bin(s, op), tg_model_type_provider(&s->res[op->res]));
	plain->op_heartbeat(s, r, op, elapsed);
}

static void op_complete(gsim *s, grun *r, gop *op)
{
	char v[1200];
	vertex(s, op, v, sizeof v);
	const gres *res = &s->res[op->res];
	int64_t req_ms = (op->t_end - op->t_start) / 1000 - 3;
	if (req_ms < 0)
		req_ms = 0;
	hlog(s, r, "TRACE",
	     "%s: Received downstream response: diagnostic_error_count=0 diagnostic_warning_count=0 "
	     "tf_proto_version=5.4 tf_provider_addr=registry.terraform.io/hashicorp/%s tf_req_duration_ms=%lld "
	     "tf_req_id=0f5c2a4e-1b7d-4c3e-9a8f-%012llx tf_resource_type=%.*s tf_rpc=%s "
	     "@caller=github.com/hashicorp/terraform-plugin-go@v0.20.0/tfprotov5/internal/tf5serverlogging/"
	     "downstream_request.go:40 @module=sdk.proto timestamp=2024-01-05T01:28:08.594Z",
	     provider_bin(s, op), tg_model_type_provider(res), (long long)req_ms,
	     (unsigned long long)(op - s->ops), res->type_len, res->addr + res->type_off,
	     op->action == TFC_ACTION_READ ? "ReadDataSource" : "ApplyResourceChange");
	hlog(s, r, "TRACE", "NodeAbstractResouceInstance.writeResourceInstanceState to workingState for %s", addr(s, op));
	plain->op_complete(s, r, op);
	hlog(s, r, "TRACE", "vertex \"%s\": visit complete", v);
}

static void op_failed(gsim *s, grun *r, gop *op)
{
	char v[1200];
	vertex(s, op, v, sizeof v);
	gdiag d;
	tg_diag_error(s, op, &d);
	hlog(s, r, "ERROR", "%s: Response contains error diagnostic: diagnostic_severity=ERROR "
			    "diagnostic_summary=\"%s\" tf_rpc=ApplyResourceChange @module=sdk.proto",
	     provider_bin(s, op), d.summary);
	if (op->action == TFC_ACTION_CREATE)
		hlog(s, r, "TRACE", "maybeTainted: %s encountered an error during creation, so it is now marked as tainted",
		     addr(s, op));
	hlog(s, r, "ERROR", "vertex \"%s\" error: %s", v, d.summary);
	if (d.n_detail)
		tg_out_line(O(s), r->unit, GS_STDERR, d.detail[0]); /* a log.Printf continuation: no stamp */
	hlog(s, r, "TRACE", "vertex \"%s\": visit complete, with errors", v);
	op->status = TFC_STATUS_FAILED; /* the vertex error names it */
	plain->op_failed(s, r, op);
}

static void interrupt(gsim *s, grun *r)
{
	hlog(s, r, "INFO", "Stopping provider: terraform-provider-aws_v5.31.0_x5");
	plain->interrupt(s, r);
}

static void interrupt_hard(gsim *s, grun *r)
{
	plain->interrupt_hard(s, r);
}

static void run_end(gsim *s, grun *r)
{
	hlog(s, r, "DEBUG", "provider.stdio: received EOF, stopping recv loop: err=\"rpc error: code = Unavailable desc "
			    "= error reading from server: EOF\"");
	hlog(s, r, "DEBUG", "provider: plugin process exited: path=.terraform/providers/registry.terraform.io/"
			    "hashicorp/aws/5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5 pid=42697");
	plain->run_end(s, r);
}

static void stage_end(gsim *s)
{
	plain->stage_end(s);
}

const grender tg_render_tflog = {
	run_begin, refresh, plan, apply_begin, op_start, op_heartbeat, op_complete, op_failed,
	interrupt, interrupt_hard, run_end, stage_end,
};
