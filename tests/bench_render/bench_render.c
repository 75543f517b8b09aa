/* bench_render.c — how long each report format takes for a large timeline:
 * a synthetic timestamped plain log of N operations (default 100,000; ten in
 * flight, modules, count and for_each keys, some failures) is parsed through
 * tfc_parser feeds, then every format is rendered and timed. Prints figures;
 * asserts nothing about time (see docs/reports.md).
 *
 *   bench_render [N] [RUNS]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "renderers.h"
#include "tfclock.h"
#include "tfclock_report.h"

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

/* CPU time as well: on a shared machine it varies less than wall time. */
static double cpu_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID); }

typedef struct text {
	char *p;
	size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->n) {
			t->n += (size_t)n;
			return;
		}
		t->cap = t->cap * 2 + 4096;
		t->p = realloc(t->p, t->cap);
		if (!t->p) {
			fputs("bench_render: out of memory\n", stderr);
			exit(1);
		}
	}
}

static void stamp(text *t, double s)
{
	long long ms = (long long)(s * 1000);
	long long sec = ms / 1000;
	put(t, "2024-05-01T%02lld:%02lld:%02lld.%03lldZ ", 10 + sec / 3600 % 14, sec / 60 % 60, sec % 60, ms % 1000);
}

static void address(text *t, size_t i)
{
	if (i % 3 == 0)
		put(t, "module.svc[\"svc-%zu\"].module.net.aws_subnet.s[%zu]", i % 97, i % 7);
	else if (i % 3 == 1)
		put(t, "module.app%zu.aws_instance.web[\"host-%zu.example.com\"]", i % 13, i);
	else
		put(t, "aws_iam_role_policy_attachment.p%zu", i);
}

/* Ten slots; each operation starts when its slot frees, lasts 1–120 s. */
static text make_log(size_t n)
{
	text t = {0};
	double slot[10] = {0};
	srand(7);
	for (size_t i = 0; i < n; i++) {
		size_t k = i % 10;
		double start = slot[k] + (rand() % 500) / 1000.0;
		double dur = 1 + rand() % 120;
		stamp(&t, start);
		address(&t, i);
		put(&t, ": Creating...\n");
		stamp(&t, start + dur);
		address(&t, i);
		if (i % 1000 == 999)
			put(&t, ": Still creating... [%.0fs elapsed]\n", dur);
		else
			put(&t, ": Creation complete after %.0fs [id=id-%zu]\n", dur, i);
		slot[k] = start + dur;
	}
	return t;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	text log = make_log(n);

	double t0 = now_ms();
	tfc_timeline *tl = tfc_timeline_new(NULL);
	size_t st = tfc_timeline_stage(tl, "apply");
	tfc_parser *p = tfc_parser_new(tl, st, "bench.log");
	if (!tl || st == (size_t)-1 || !p)
		return 1;
	/* fed in 64 KiB chunks, as a file would be */
	for (size_t off = 0; off < log.n; off += 65536)
		tfc_parser_feed(p, log.p + off, log.n - off < 65536 ? log.n - off : 65536);
	tfc_parser_finish(p);
	tfc_parser_free(p);
	tfc_timeline_finish(tl);
	double t1 = now_ms();
	const tfc_stage *s = tfc_timeline_get_stage(tl, 0);
	printf("bench_render: %zu operations (%zu parsed) from %.1f MiB of log, parsed in %.0f ms\n", n, s->n_ops,
	       log.n / 1048576.0, t1 - t0);

	tfc_report_options o;
	tfc_report_options_default(&o);
	double best = 1e18, best_cpu = 1e18;
	for (int r = 0; r < runs; r++) {
		double a0 = now_ms(), c0 = cpu_ms();
		analysis *a = analysis_build(tl, &o);
		double a1 = now_ms(), c1 = cpu_ms();
		analysis_free(a);
		if (a1 - a0 < best)
			best = a1 - a0;
		if (c1 - c0 < best_cpu)
			best_cpu = c1 - c0;
	}
	printf("  %-9s %8s %8s %10s\n", "format", "wall ms", "cpu ms", "output");
	printf("  %-9s %8.1f %8.1f\n", "analysis", best, best_cpu);
	int status = 0;
	for (int f = 0; f < TFC_FORMAT_COUNT; f++) {
		o.format = (tfc_format)f;
		best = best_cpu = 1e18;
		size_t bytes = 0;
		for (int r = 0; r < runs; r++) {
			tfc_buf b = {0};
			double r0 = now_ms(), c0 = cpu_ms();
			tfc_rc rc = tfc_render(tl, &o, &b);
			double r1 = now_ms(), c1 = cpu_ms();
			if (rc != TFC_OK) {
				fprintf(stderr, "bench_render: %s failed\n", tfc_format_name(o.format));
				status = 1;
			}
			bytes = b.len;
			tfc_buf_free(&b);
			if (r1 - r0 < best)
				best = r1 - r0;
			if (c1 - c0 < best_cpu)
				best_cpu = c1 - c0;
		}
		printf("  %-9s %8.1f %8.1f %6.1f MiB%s\n", tfc_format_name(o.format), best, best_cpu, bytes / 1048576.0,
		       o.format != TFC_FORMAT_HTML && best > 1000 ? "  (over a second)" : "");
	}
	tfc_timeline_free(tl);
	free(log.p);
	return status;
}
