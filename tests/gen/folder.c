/* folder.c — a Nebari-like stage folder: one sub-folder per stage holding
 * the init and apply logs, stages chained in time like a real deploy. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tfgen.h"

static const char *const nebari_stages[] = {
	"01-terraform-state", "02-infrastructure", "03-kubernetes-initialize", "04-kubernetes-ingress",
	"05-kubernetes-keycloak", "06-kubernetes-keycloak-configuration", "07-kubernetes-services",
	"08-nebari-tf-extensions",
};

static int file_write(void *ctx, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

static int write_one(const char *path, const tfgen_options *o, const char *stage, unsigned index, bool last,
		     tfgen_truth *truth, bool init)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int rc = init ? tfgen_init_log(o, index, file_write, f)
		      : tfgen_stage(o, stage, index, last, file_write, f, truth);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int tfgen_write_folder(const tfgen_options *opt, unsigned stages, const char *dir, bool init,
		       tfgen_truth *truth)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return -1;
	tfgen_options o = *opt;
	o.start_time = tfgen_start_time(&o);
	for (unsigned k = 0; k < stages; k++) {
		char name[128], sub[4096], path[4200];
		if (k < sizeof nebari_stages / sizeof nebari_stages[0])
			snprintf(name, sizeof name, "%s", nebari_stages[k]);
		else
			snprintf(name, sizeof name, "%02u-stage", k + 1);
		snprintf(sub, sizeof sub, "%s/%s", dir, name);
		if (mkdir(sub, 0777) != 0 && errno != EEXIST)
			return -1;
		if (init) {
			snprintf(path, sizeof path, "%s/init.log", sub);
			if (write_one(path, &o, name, k, false, NULL, true) < 0)
				return -1;
		}
		snprintf(path, sizeof path, "%s/apply.log", sub);
		size_t before = truth ? truth->n_stages : 0;
		if (write_one(path, &o, name, k, k + 1 == stages, truth, false) < 0)
			return -1;
		/* the next stage starts half a minute after this one ended */
		if (truth && truth->n_stages > before)
			o.start_time = (int64_t)truth->stages[truth->n_stages - 1].ended_at + 30 + 3 * (int64_t)k;
		else
			o.start_time += 3600;
	}
	return 0;
}
