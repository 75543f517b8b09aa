/* init.c — the `terraform init` output a stage folder holds beside the
 * apply log: no operations, only lines a reader must not mistake for any. */
#include <stdio.h>
#include <string.h>

#include "gen.h"

#define RESET "\x1b[0m"
#define BOLD "\x1b[1m"

static void put_line(gout *o, const char *text)
{
	tg_out_begin(o, NULL, GS_STDOUT);
	tg_out_str(o, text);
	tg_out_end(o);
	o->now_us += 1000 + (int64_t)(o->total % 7000);
}

int tfgen_init_log(const tfgen_options *opt, unsigned stage_index, tfgen_write_fn write, void *ctx)
{
	gout o;
	if (tg_out_init(&o, write, ctx) < 0)
		return -1;
	bool tofu = opt->version == TFGEN_TOFU, c = opt->color;
	const char *title = tofu ? "OpenTofu" : "Terraform";
	o.prefix = opt->prefix == TFGEN_PREFIX_TERRAGRUNT_OLD ? TFGEN_PREFIX_NONE : opt->prefix;
	o.tool = tofu ? "tofu" : "terraform";
	o.crlf = opt->crlf;
	o.now_us = (tfgen_start_time(opt) - 25 - (int64_t)stage_index) * 1000000 + 123456;
	char b[512];
	put_line(&o, "");
	put_line(&o, c ? RESET BOLD "Initializing the backend..." RESET : "Initializing the backend...");
	put_line(&o, "");
	put_line(&o, c ? RESET BOLD "Initializing provider plugins..." RESET : "Initializing provider plugins...");
	put_line(&o, "- Finding hashicorp/aws versions matching \"~> 5.0\"...");
	put_line(&o, "- Finding hashicorp/helm versions matching \"2.12.1\"...");
	put_line(&o, "- Installing hashicorp/aws v5.31.0...");
	put_line(&o, "- Installed hashicorp/aws v5.31.0 (signed by HashiCorp)");
	put_line(&o, "- Installing hashicorp/helm v2.12.1...");
	put_line(&o, "- Installed hashicorp/helm v2.12.1 (signed by HashiCorp)");
	put_line(&o, "");
	snprintf(b, sizeof b, "%s has created a lock file %s.terraform.lock.hcl%s to record the provider", title,
		 c ? BOLD : "", c ? RESET : "");
	put_line(&o, b);
	put_line(&o, "selections it made above. Include this file in your version control repository");
	snprintf(b, sizeof b, "so that %s can guarantee to make the same selections by default when", title);
	put_line(&o, b);
	snprintf(b, sizeof b, "you run \"%s init\" in the future.%s", o.tool, c ? RESET : "");
	put_line(&o, b);
	put_line(&o, "");
	snprintf(b, sizeof b, "%s%s has been successfully initialized!%s", c ? RESET BOLD "\x1b[32m" : "", title,
		 c ? RESET "\x1b[32m" RESET : "");
	put_line(&o, b);
	tg_out_done(&o);
	return o.failed ? -1 : 0;
}
