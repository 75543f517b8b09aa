/* options.c — the generator's defaults and the names of its choices, as the
 * command line and the truth file spell them. */
#include <string.h>

#include "tfgen.h"

void tfgen_options_default(tfgen_options *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->resources = 100;
	o->version = TFGEN_V1_5;
	o->parallelism = 10;
	o->plan_share = 0.3;
}

static const char *const prefix_names[TFGEN_PREFIX_COUNT] = {
	"none", "nebari", "github", "terragrunt", "terragrunt-old", "stamp", "capture",
};
static const char *const version_names[TFGEN_VERSION_COUNT] = {
	"0.11", "0.12", "0.15", "1.5", "1.12", "tofu",
};
static const char *const format_names[TFGEN_FORMAT_COUNT] = {"plain", "json", "tflog"};

const char *tfgen_prefix_name(tfgen_prefix p)
{
	return (unsigned)p < TFGEN_PREFIX_COUNT ? prefix_names[p] : "?";
}

const char *tfgen_version_name(tfgen_version v)
{
	return (unsigned)v < TFGEN_VERSION_COUNT ? version_names[v] : "?";
}

const char *tfgen_format_name(tfgen_format f)
{
	return (unsigned)f < TFGEN_FORMAT_COUNT ? format_names[f] : "?";
}

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

bool tfgen_prefix_from_name(const char *s, tfgen_prefix *out)
{
	int i = find(prefix_names, TFGEN_PREFIX_COUNT, s);
	if (i >= 0)
		*out = (tfgen_prefix)i;
	return i >= 0;
}

bool tfgen_version_from_name(const char *s, tfgen_version *out)
{
	int i = find(version_names, TFGEN_VERSION_COUNT, s);
	if (i < 0 && strcmp(s, "opentofu") == 0)
		i = TFGEN_TOFU;
	if (i >= 0)
		*out = (tfgen_version)i;
	return i >= 0;
}

bool tfgen_format_from_name(const char *s, tfgen_format *out)
{
	int i = find(format_names, TFGEN_FORMAT_COUNT, s);
	if (i >= 0)
		*out = (tfgen_format)i;
	return i >= 0;
}
