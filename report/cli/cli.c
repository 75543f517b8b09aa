/* cli.c — the tfclock command: `tfclock report [options] PATH...`, shared by
 * the executable (main.c) and `python -m tfclock` (the extension's run_cli).
 * Data goes to stdout (or --output), messages to stderr. Exit 0 when the
 * logs were read (a failed deployment is data, not an error), 1 when an
 * input could not be read at all, 2 on usage errors. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "cli_ext.h"
#include "duration.h"
#include "tfclock.h"
#include "tfclock_report.h"

static const char usage_text[] =
	"Usage: tfclock report [OPTIONS] PATH...\n"
	"\n"
	"Where did a terraform / tofu apply or destroy spend its time? Reads plain,\n"
	"-json and TF_LOG logs from files, stage folders, archives (.zip, .tar.*)\n"
	"or '-' (standard input) and reports stages, operations and durations.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT    text (default), json, markdown, csv, html, chrome, otlp\n"
	"  -o, --output FILE      write the report to FILE instead of standard output\n"
	"  -n, --top N            slowest operations listed per stage (default 10)\n"
	"      --depth N          module depth for roll-ups, 0 = full path (default 1)\n"
	"      --min-duration D   hide completed operations shorter than D (e.g. 5, 1m30s)\n"
	"      --stage NAME       only this stage\n"
	"      --filter GLOB      only addresses matching GLOB (e.g. 'module.eks.*')\n"
	"      --sort KEY         duration (default), start or address\n"
	"      --no-color         never colour (NO_COLOR is honoured too)\n"
	"      --color            colour even when not writing to a terminal\n"
	"      --tee              copy standard input to standard output unchanged while\n"
	"                         parsing; the report goes to stderr or --output\n"
	"      --github           append the markdown report to $GITHUB_STEP_SUMMARY and\n"
	"                         print ::error / ::warning annotations\n"
	"      --warn-over D      with --github: warn about operations longer than D\n"
	"      --otlp-endpoint URL  also POST the OTLP trace to URL (/v1/traces)\n"
	"\n"
	"Limits (sizes take K, M, G suffixes; a limit hit is a warning, never a crash):\n"
	"      --max-line-bytes N       skip longer lines (default 1M)\n"
	"      --max-member-bytes N     read at most N decompressed bytes of an archive\n"
	"                               member (default 16G)\n"
	"      --max-archive-bytes N    ... of a whole archive (default 64G)\n"
	"      --max-archive-members N  members read per archive (default 100000)\n"
	"      --archive-depth N        archives inside archives: levels read (default 1)\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n"
	"\n"
	"Exit status: 0 when the logs were read (failed deployments included),\n"
	"1 when an input cannot be read at all, 2 on usage errors.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tfclock: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'tfclock report --help'.\n");
	return 2;
}

/* Seconds as a number ("90", "1.5") or a Go duration ("1m30s"). */
static bool parse_seconds(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != s && *end == '\0' && errno == 0 && v >= 0) {
		*out = v;
		return true;
	}
	return duration_parse(sv_cstr(s), out) && *out >= 0;
}

/* A byte count: "4096", "64K", "16M", "2G" (powers of 1024). */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s < '0' || *s > '9')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return false;
	int shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return false;
	}
	if (*end == 'i' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end != '\0' || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool want_color(FILE *out, int forced)
{
	if (forced >= 0)
		return forced;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(out));
}

static int term_width(FILE *out)
{
	struct winsize ws;
	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *cols = getenv("COLUMNS");
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return 100;
}

static void tee_stdout(const void *buf, size_t len, void *ctx)
{
	(void)ctx;
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
}

static void print_warnings(const tfc_timeline *tl)
{
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, i);
		for (size_t k = 0; k < st->n_warnings && k < 3; k++)
			fprintf(stderr, "tfclock: warning: %s:%llu: %s\n", st->warnings[k].source,
				(unsigned long long)st->warnings[k].line, st->warnings[k].message);
		if (st->n_warnings_total > 3)
			fprintf(stderr, "tfclock: warning: %s: %llu more warnings in the report\n", st->name,
				(unsigned long long)(st->n_warnings_total - 3));
	}
}

static bool write_chunk(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, (FILE *)ctx) == len;
}

/* Render straight into the destination: large JSON / CSV / trace reports
 * stream out in 1 MiB pieces instead of being held in memory whole. */
static int render_to(const tfc_timeline *tl, const tfc_report_options *o, const char *path, FILE *fallback)
{
	FILE *f = path ? fopen(path, "wb") : fallback;
	if (!f) {
		fprintf(stderr, "tfclock: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	tfc_buf b = {0};
	if (tfc_format_streams(o->format)) {
		b.flush = write_chunk;
		b.flush_ctx = f;
	}
	tfc_rc rc = tfc_render(tl, o, &b);
	int status = 0;
	if (rc == TFC_OK && !b.flush && b.len && fwrite(b.data, 1, b.len, f) != b.len)
		rc = TFC_EIO;
	if (rc == TFC_OK && !tfc_buf_flush(&b))
		rc = TFC_EIO;
	if (fflush(f) != 0 || (path && fclose(f) != 0))
		rc = rc == TFC_OK ? TFC_EIO : rc;
	if (rc != TFC_OK) {
		fprintf(stderr, "tfclock: cannot %s the report%s%s: %s\n", rc == TFC_EIO ? "write" : "render",
			path ? " to " : "", path ? path : "", rc == TFC_ENOMEM ? "out of memory" : strerror(errno));
		status = 1;
	}
	tfc_buf_free(&b);
	return status;
}

static int cmd_report(int argc, char **argv)
{
	enum { OPT_DEPTH = 256, OPT_MIN, OPT_STAGE, OPT_FILTER, OPT_SORT, OPT_NOCOLOR, OPT_COLOR, OPT_TEE,
	       OPT_GITHUB, OPT_WARN, OPT_OTLP, OPT_MAX_LINE, OPT_MAX_MEMBER, OPT_MAX_ARCHIVE, OPT_MAX_MEMBERS,
	       OPT_DEPTH_ARCHIVE };
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"top", required_argument, NULL, 'n'},
		{"depth", required_argument, NULL, OPT_DEPTH},
		{"min-duration", required_argument, NULL, OPT_MIN},
		{"stage", required_argument, NULL, OPT_STAGE},
		{"filter", required_argument, NULL, OPT_FILTER},
		{"sort", required_argument, NULL, OPT_SORT},
		{"no-color", no_argument, NULL, OPT_NOCOLOR},
		{"color", no_argument, NULL, OPT_COLOR},
		{"tee", no_argument, NULL, OPT_TEE},
		{"github", no_argument, NULL, OPT_GITHUB},
		{"warn-over", required_argument, NULL, OPT_WARN},
		{"otlp-endpoint", required_argument, NULL, OPT_OTLP},
		{"max-line-bytes", required_argument, NULL, OPT_MAX_LINE},
		{"max-member-bytes", required_argument, NULL, OPT_MAX_MEMBER},
		{"max-archive-bytes", required_argument, NULL, OPT_MAX_ARCHIVE},
		{"max-archive-members", required_argument, NULL, OPT_MAX_MEMBERS},
		{"archive-depth", required_argument, NULL, OPT_DEPTH_ARCHIVE},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	tfc_report_options o;
	tfc_report_options_default(&o);
	tfc_limits limits;
	tfc_limits_default(&limits);
	uint64_t size;
	const char *output = NULL, *otlp_url = NULL;
	int color = -1;
	bool tee = false, github = false;
	char *end;
	int c;
	while ((c = getopt_long(argc, argv, "f:o:n:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!tfc_format_from_name(optarg, &o.format))
				return usage_error("unknown format '%s' (text, json, markdown, csv, html, chrome, otlp)", optarg);
			break;
		case 'o': output = optarg; break;
		case 'n':
			o.top_n = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-')
				return usage_error("--top wants a whole number, not '%s'", optarg);
			break;
		case OPT_DEPTH:
			o.depth = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.depth < 0)
				return usage_error("--depth wants a whole number ≥ 0, not '%s'", optarg);
			break;
		case OPT_MIN:
			if (!parse_seconds(optarg, &o.min_duration_s))
				return usage_error("--min-duration wants seconds or a duration like 1m30s, not '%s'", optarg);
			break;
		case OPT_STAGE: o.stage = optarg; break;
		case OPT_FILTER: o.filter = optarg; break;
		case OPT_SORT:
			if (strcmp(optarg, "duration") == 0)
				o.sort = TFC_SORT_DURATION;
			else if (strcmp(optarg, "start") == 0)
				o.sort = TFC_SORT_START;
			else if (strcmp(optarg, "address") == 0)
				o.sort = TFC_SORT_ADDRESS;
			else
				return usage_error("--sort wants duration, start or address, not '%s'", optarg);
			break;
		case OPT_NOCOLOR: color = 0; break;
		case OPT_COLOR: color = 1; break;
		case OPT_TEE: tee = true; break;
		case OPT_GITHUB: github = true; break;
		case OPT_WARN:
			if (!parse_seconds(optarg, &o.warn_over_s))
				return usage_error("--warn-over wants seconds or a duration like 10m, not '%s'", optarg);
			break;
		case OPT_OTLP: otlp_url = optarg; break;
		case OPT_MAX_LINE:
			if (!parse_size(optarg, &size) || size == 0 || size > SIZE_MAX / 2)
				return usage_error("--max-line-bytes wants a size like 4M, not '%s'", optarg);
			limits.max_line_bytes = (size_t)size;
			break;
		case OPT_MAX_MEMBER:
			if (!parse_size(optarg, &limits.max_member_bytes))
				return usage_error("--max-member-bytes wants a size like 2G, not '%s'", optarg);
			break;
		case OPT_MAX_ARCHIVE:
			if (!parse_size(optarg, &limits.max_archive_bytes))
				return usage_error("--max-archive-bytes wants a size like 8G, not '%s'", optarg);
			break;
		case OPT_MAX_MEMBERS:
			if (!parse_size(optarg, &limits.max_archive_members))
				return usage_error("--max-archive-members wants a number, not '%s'", optarg);
			break;
		case OPT_DEPTH_ARCHIVE:
			if (!parse_size(optarg, &size) || size > 8)
				return usage_error("--archive-depth wants 0 to 8, not '%s'", optarg);
			limits.max_archive_depth = (int)size;
			break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'V': printf("tfclock %s\n", TFC_VERSION); return 0;
		default: return usage_error("%s", "invalid option");
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no PATH given (use - for standard input)");

	FILE *report_to = tee && !output ? stderr : stdout;
	o.color = (output && color != 1) ? false : want_color(report_to, color);
	o.width = term_width(report_to);
	o.traceparent = getenv("TRACEPARENT");

	tfc_timeline *tl = tfc_timeline_new(&limits);
	if (!tl) {
		fprintf(stderr, "tfclock: out of memory\n");
		return 1;
	}
	tfc_load_options lo = {.tee = tee ? tee_stdout : NULL};
	int status = 0;
	for (int i = optind; i < argc; i++) {
		tfc_error err;
		tfc_rc rc = tfc_load_path(tl, argv[i], &lo, &err);
		if (rc == TFC_ENOMEM) {
			fprintf(stderr, "tfclock: out of memory reading %s\n", argv[i]);
			tfc_timeline_free(tl);
			return 1;
		}
		if (rc != TFC_OK) {
			fprintf(stderr, "tfclock: %s: %s\n", err.source[0] ? err.source : argv[i], err.message);
			status = 1;
		}
	}
	if (tfc_timeline_finish(tl) != TFC_OK) {
		fprintf(stderr, "tfclock: out of memory\n");
		tfc_timeline_free(tl);
		return 1;
	}
	print_warnings(tl);

	if (render_to(tl, &o, output, report_to) != 0)
		status = 1;
	if (github && cli_github(tl, &o) != 0)
		status = 1;
	if (otlp_url) {
		tfc_report_options oo = o;
		oo.format = TFC_FORMAT_OTLP;
		tfc_buf ob = {0};
		char msg[256];
		if (tfc_render(tl, &oo, &ob) != TFC_OK) {
			fprintf(stderr, "tfclock: cannot render the OTLP trace\n");
			status = 1;
		} else if (cli_otlp_post(otlp_url, ob.data ? ob.data : "", ob.len, msg, sizeof msg) != 0) {
			fprintf(stderr, "tfclock: --otlp-endpoint %s: %s\n", otlp_url, msg);
			status = 1;
		}
		tfc_buf_free(&ob);
	}
	tfc_timeline_free(tl);
	return status;
}

int tfc_cli_main(int argc, char **argv)
{
	int rc;
	optind = 0; /* GNU getopt: start afresh when called again in one process */
	if (argc < 2) {
		fputs(usage_text, stderr);
		rc = 2;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		rc = 0;
	} else if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("tfclock %s\n", TFC_VERSION);
		rc = 0;
	} else if (strcmp(argv[1], "report") == 0) {
		rc = cmd_report(argc - 1, argv + 1);
	} else {
		rc = usage_error("unknown command '%s' (did you mean 'tfclock report %s'?)", argv[1], argv[1]);
	}
	fflush(stdout);
	fflush(stderr);
	return rc;
}
