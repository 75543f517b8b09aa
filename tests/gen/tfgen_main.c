/* tfgen_main.c — the `tfgen` command: writes a realistic Terraform / OpenTofu
 * log (or a Nebari-like stage folder) and its ground truth. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tfgen.h"

static void usage(FILE *f)
{
	fputs("usage: tfgen [options]\n"
	      "  --seed N             random seed (1); the same seed writes the same log\n"
	      "  --resources N        resource instances per stage (100)\n"
	      "  --target-bytes B     stretch durations (heartbeats) to reach about B bytes (K, M, G suffixes)\n"
	      "  --color              ANSI colour exactly as Terraform writes it (default: -no-color)\n"
	      "  --prefix P           none|nebari|github|terragrunt|terragrunt-old|stamp|capture\n"
	      "  --version V          0.11|0.12|0.15|1.5|1.12|tofu (1.5)\n"
	      "  --format F           plain|json|tflog (plain)\n"
	      "  --heartbeat H        auto|go|mmss|paren (auto: as the version prints it)\n"
	      "  --failures N         operations that fail\n"
	      "  --interrupt          Ctrl-C half-way, then a second one\n"
	      "  --cut                the log stops half-way\n"
	      "  --destroy            terraform destroy instead of apply\n"
	      "  --warnings           warning diagnostics about completed resources\n"
	      "  --crlf               CRLF line ends\n"
	      "  --parallelism N      concurrent operations (10)\n"
	      "  --units N            Terragrunt units run together (2; terragrunt prefixes)\n"
	      "  --plan-share F       share of planned resources whose body is printed (0.3)\n"
	      "  --start-time T       Unix seconds of the first line (from the seed)\n"
	      "  -o FILE              write the log to FILE (default: standard output)\n"
	      "  --stage-name NAME    stage name in the truth (default: FILE without extension, or stdin)\n"
	      "  --stages K --out-dir DIR\n"
	      "                       write a stage folder: DIR/01-terraform-state/{init,apply}.log, …\n"
	      "  --no-init            no init.log in stage folders\n"
	      "  --truth FILE         write the ground truth (tfclock/1 shape) as JSON\n",
	      f);
}

static int file_write(void *ctx, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	uint64_t mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1ull << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1ull << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1ull << 30, end++;
	if (*end)
		return false;
	*out = (uint64_t)v * mul;
	return true;
}

static bool takes_value(const char *a)
{
	static const char *const opts[] = {
		"--seed", "--resources", "--target-bytes", "--prefix", "--version", "--format", "--heartbeat",
		"--failures", "--parallelism", "--units", "--plan-share", "--start-time", "-o", "--stage-name",
		"--stages", "--out-dir", "--truth",
	};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strcmp(a, opts[i]) == 0)
			return true;
	return false;
}

/* The stage a single file is read as: its name without directory and extension. */
static void stage_from_path(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(out, size, "%s", base);
	char *dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
}

static int write_file(const char *path, const tfgen_options *o, const char *stage, unsigned index, bool last,
		      tfgen_truth *truth, bool init)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "tfgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	int rc = init ? tfgen_init_log(o, index, file_write, f) : tfgen_stage(o, stage, index, last, file_write, f, truth);
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "tfgen: %s: could not write (disk full or out of memory)\n", path);
	return rc;
}

int main(int argc, char **argv)
{
	tfgen_options o;
	tfgen_options_default(&o);
	const char *out = NULL, *truth_path = NULL, *out_dir = NULL, *stage_name = NULL;
	uint64_t stages = 0;
	bool init = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;
		bool ok = true, takes = true;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--color") == 0)
			o.color = true, takes = false;
		else if (strcmp(a, "--no-color") == 0)
			o.color = false, takes = false;
		else if (strcmp(a, "--interrupt") == 0)
			o.interrupt = true, takes = false;
		else if (strcmp(a, "--cut") == 0)
			o.cut = true, takes = false;
		else if (strcmp(a, "--destroy") == 0)
			o.destroy = true, takes = false;
		else if (strcmp(a, "--crlf") == 0)
			o.crlf = true, takes = false;
		else if (strcmp(a, "--warnings") == 0)
			o.warnings = true, takes = false;
		else if (strcmp(a, "--no-init") == 0)
			init = false, takes = false;
		else if (!v && takes_value(a)) {
			fprintf(stderr, "tfgen: %s needs a value\n", a);
			return 2;
		} else if (strcmp(a, "--seed") == 0)
			ok = parse_u64(v, &o.seed);
		else if (strcmp(a, "--resources") == 0)
			ok = parse_u64(v, &n) && n > 0, o.resources = (size_t)n;
		else if (strcmp(a, "--target-bytes") == 0)
			ok = parse_u64(v, &o.target_bytes);
		else if (strcmp(a, "--prefix") == 0)
			ok = tfgen_prefix_from_name(v, &o.prefix);
		else if (strcmp(a, "--version") == 0)
			ok = tfgen_version_from_name(v, &o.version);
		else if (strcmp(a, "--format") == 0)
			ok = tfgen_format_from_name(v, &o.format);
		else if (strcmp(a, "--heartbeat") == 0) {
			static const char *const hb[] = {"auto", "go", "mmss", "paren"};
			ok = false;
			for (int k = 0; k < 4; k++)
				if (strcmp(v, hb[k]) == 0)
					o.heartbeat = (tfgen_heartbeat)k, ok = true;
		} else if (strcmp(a, "--failures") == 0)
			ok = parse_u64(v, &n) && n < 1000000, o.failures = (unsigned)n;
		else if (strcmp(a, "--parallelism") == 0)
			ok = parse_u64(v, &n) && n > 0 && n < 100000, o.parallelism = (unsigned)n;
		else if (strcmp(a, "--units") == 0)
			ok = parse_u64(v, &n) && n > 0 && n < 1000, o.units = (unsigned)n;
		else if (strcmp(a, "--plan-share") == 0) {
			char *end;
			o.plan_share = strtod(v, &end);
			ok = *end == '\0' && o.plan_share >= 0 && o.plan_share <= 1;
		} else if (strcmp(a, "--start-time") == 0)
			ok = parse_u64(v, &n), o.start_time = (int64_t)n;
		else if (strcmp(a, "-o") == 0)
			out = v;
		else if (strcmp(a, "--stage-name") == 0)
			stage_name = v;
		else if (strcmp(a, "--stages") == 0)
			ok = parse_u64(v, &stages) && stages > 0 && stages < 100;
		else if (strcmp(a, "--out-dir") == 0)
			out_dir = v;
		else if (strcmp(a, "--truth") == 0)
			truth_path = v;
		else {
			fprintf(stderr, "tfgen: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		if (!ok) {
			fprintf(stderr, "tfgen: bad or missing value for %s\n", a);
			return 2;
		}
		if (takes)
			i++;
	}
	if ((stages != 0) != (out_dir != NULL)) {
		fprintf(stderr, "tfgen: --stages and --out-dir go together\n");
		return 2;
	}

	tfgen_truth *truth = tfgen_truth_new();
	if (!truth) {
		fprintf(stderr, "tfgen: out of memory\n");
		return 1;
	}
	int rc = 0;
	if (out_dir) {
		rc = tfgen_write_folder(&o, (unsigned)stages, out_dir, init, truth);
		if (rc < 0)
			fprintf(stderr, "tfgen: %s: %s\n", out_dir, strerror(errno));
	} else {
		char name[512] = "stdin";
		if (stage_name)
			snprintf(name, sizeof name, "%s", stage_name);
		else if (out)
			stage_from_path(out, name, sizeof name);
		if (out)
			rc = write_file(out, &o, name, 0, true, truth, false);
		else {
			rc = tfgen_stage(&o, name, 0, true, file_write, stdout, truth);
			if (fflush(stdout) != 0)
				rc = -1;
			if (rc < 0)
				fprintf(stderr, "tfgen: could not write the log\n");
		}
	}
	if (rc == 0 && truth_path && tfgen_truth_write(truth, &o, truth_path) < 0) {
		fprintf(stderr, "tfgen: %s: could not write the truth\n", truth_path);
		rc = -1;
	}
	tfgen_truth_free(truth);
	return rc == 0 ? 0 : 1;
}
