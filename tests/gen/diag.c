/* diag.c — the words of diagnostics: provider errors as real runs print them
 * (some quote the address in their detail, which must not confuse a reader)
 * and deprecation warnings about resources that did complete. */
#include <stdio.h>
#include <string.h>

#include "gen.h"

static void location(gsim *s, const gop *op, gdiag *d)
{
	const gres *r = &s->res[op->res];
	unsigned line = 5 + (unsigned)rng_below(&s->sim_rng, 300);
	char file[200];
	if (r->mod_len) {
		/* the last module call's name, without its key */
		const char *m = r->addr, *last = r->addr;
		while ((m = strstr(m, "module.")) && m < r->addr + r->mod_len)
			last = m++ + 7;
		size_t n = strcspn(last, ".[");
		snprintf(file, sizeof file, ".terraform/modules/%.*s/main.tf", (int)n, last);
	} else
		snprintf(file, sizeof file, "main.tf");
	const char *kw = r->data ? "data" : "resource";
	snprintf(d->on, sizeof d->on, "on %s line %u, in %s \"%.*s\" \"%.*s\":", file, line, kw, r->type_len,
		 r->addr + r->type_off, r->name_len, r->addr + r->name_off);
	snprintf(d->src, sizeof d->src, "%3u: %s \"%.*s\" \"%.*s\" {", line, kw, r->type_len, r->addr + r->type_off,
		 r->name_len, r->addr + r->name_off);
}

void tg_diag_error(gsim *s, const gop *op, gdiag *d)
{
	const gres *r = &s->res[op->res];
	const char *type = r->addr + r->type_off;
	int tl = r->type_len;
	memset(d, 0, sizeof *d);
	location(s, op, d);
	uint64_t v = rng_below(&s->sim_rng, 4);
	if (tl == 18 && memcmp(type, "aws_eks_node_group", 18) == 0) {
		snprintf(d->summary, sizeof d->summary,
			 "waiting for EKS Node Group (argocd:initial-20230430084120980600000016) to create: "
			 "unexpected state 'CREATE_FAILED', wanted target 'ACTIVE'. last error: 1 error occurred:");
		snprintf(d->detail[0], sizeof d->detail[0],
			 "\t* i-01eddece9d1bc2b7f, i-036e821410e234ac7: NodeCreationFailure: Instances failed to join "
			 "the kubernetes cluster");
		d->n_detail = 1;
	} else if (tl == 12 && memcmp(type, "helm_release", 12) == 0) {
		snprintf(d->summary, sizeof d->summary,
			 v & 1 ? "context deadline exceeded"
			       : "release %.*s failed, and has been uninstalled due to atomic being set: timed out "
				 "waiting for the condition",
			 r->name_len, r->addr + r->name_off);
	} else if (v == 0) {
		snprintf(d->summary, sizeof d->summary,
			 "creating SSM Parameter (/slash/at/end/): ValidationException: Parameter name must not end "
			 "with slash.");
		snprintf(d->detail[0], sizeof d->detail[0],
			 "\tstatus code: 400, request id: 99b72eaf-10ec-49d7-99e4-bc960809383e");
		d->n_detail = 1;
	} else if (v == 1) {
		snprintf(d->summary, sizeof d->summary, "Provider produced inconsistent result after apply");
		/* the detail quotes the address: only "with ADDR," names the failed resource */
		snprintf(d->detail[0], sizeof d->detail[0],
			 "When applying changes to %s, provider "
			 "\"provider[\\\"registry.terraform.io/hashicorp/%s\\\"]\" produced an unexpected new value: "
			 "Root resource was present, but now absent.",
			 r->addr, tg_model_type_provider(r));
		d->detail[1][0] = '\0';
		snprintf(d->detail[2], sizeof d->detail[2],
			 "This is a bug in the provider, which should be reported in the provider's own issue tracker.");
		d->n_detail = 3;
	} else if (v == 2) {
		snprintf(d->summary, sizeof d->summary,
			 "timeout while waiting for state to become 'Ready' (last state: 'Pending', timeout: 20m0s)");
	} else {
		snprintf(d->summary, sizeof d->summary,
			 "creating EC2 Instance: InsufficientInstanceCapacity: We currently do not have sufficient "
			 "t3.large capacity in the Availability Zone you requested (us-east-1a).");
		snprintf(d->detail[0], sizeof d->detail[0], "\tstatus code: 500, request id: %08x-10ec-49d7-99e4-%012llx",
			 (unsigned)rng_below(&s->sim_rng, 0xffffffffu), (unsigned long long)rng_below(&s->sim_rng, 1ull << 48));
		d->n_detail = 1;
	}
}

void tg_diag_warning(gsim *s, const gop *op, gdiag *d)
{
	memset(d, 0, sizeof *d);
	location(s, op, d);
	if (rng_chance(&s->sim_rng, 0.5)) {
		snprintf(d->summary, sizeof d->summary, "Argument is deprecated");
		snprintf(d->detail[0], sizeof d->detail[0],
			 "Use the aws_s3_bucket_versioning resource instead");
	} else {
		snprintf(d->summary, sizeof d->summary,
			 "\"default_secret_name\" is no longer applicable for Kubernetes v1.24.0 and above");
		snprintf(d->detail[0], sizeof d->detail[0],
			 "Starting from version 1.24.0 Kubernetes does not automatically generate a");
		snprintf(d->detail[1], sizeof d->detail[1],
			 "token for service accounts, in this case, \"default_secret_name\" will be empty");
		d->n_detail = 2;
		return;
	}
	d->n_detail = 1;
}
