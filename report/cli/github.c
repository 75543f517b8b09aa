/* github.c — --github: the markdown report appended to the job summary
 * ($GITHUB_STEP_SUMMARY) and workflow-command annotations on stdout: ::error
 * for failed operations, ::warning for those over --warn-over seconds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "buf.h"
#include "cli_ext.h"

/* GitHub shows about ten of each kind per step; more is noise in the log. */
#define MAX_ANNOTATIONS 50

/* Workflow-command escaping: data escapes % CR LF; properties also : and ,. */
static void put_escaped(FILE *f, const char *s, bool property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%': fputs("%25", f); break;
		case '\r': fputs("%0D", f); break;
		case '\n': fputs("%0A", f); break;
		case ':': fputs(property ? "%3A" : ":", f); break;
		case ',': fputs(property ? "%2C" : ",", f); break;
		default: fputc(*s, f);
		}
	}
}

/* what: "failed" (::error) or "took" (::warning for a slow one). */
static void annotate(FILE *f, const char *kind, const a_stage *s, const a_op *x, const char *what)
{
	char d[32];
	bool failed = strcmp(what, "failed") == 0;
	fprintf(f, "::%s title=", kind);
	put_escaped(f, "tfclock: ", true);
	put_escaped(f, x->op->address, true);
	fputs(failed ? " failed::" : " is slow::", f);
	put_escaped(f, s->st->name, false);
	fputs(": ", f);
	put_escaped(f, x->op->address, false);
	/* "create failed after 30s", "create took at least 15m00s" */
	fprintf(f, " %s %s%s%s %s", tfc_action_name(x->op->action), what, failed ? " after" : "",
		x->open ? " at least" : "", analysis_fmt_duration(x->dur, d, sizeof d));
	if (x->estimated)
		fputs(" (position estimated)", f);
	if (x->op->error) {
		fputs(": ", f);
		put_escaped(f, x->op->error, false);
	}
	fputc('\n', f);
}

static int write_summary(const analysis *a, const tfc_report_options *o)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	if (!path || !*path) {
		fputs("tfclock: GITHUB_STEP_SUMMARY is not set; no job summary written\n", stderr);
		return 0;
	}
	tfc_buf md = {0};
	tfc_rc rc = render_markdown(a, o, &md);
	if (rc != TFC_OK || md.oom) {
		tfc_buf_free(&md);
		fputs("tfclock: out of memory rendering the job summary\n", stderr);
		return 1;
	}
	FILE *f = fopen(path, "ab");
	if (!f) {
		perror(path);
		tfc_buf_free(&md);
		return 1;
	}
	size_t w = fwrite(md.data, 1, md.len, f);
	int bad = fclose(f) != 0 || w != md.len;
	if (bad)
		fprintf(stderr, "tfclock: writing %s failed\n", path);
	tfc_buf_free(&md);
	return bad;
}

int cli_github(const tfc_timeline *tl, const tfc_report_options *o)
{
	tfc_report_options mo = *o;
	mo.format = TFC_FORMAT_MARKDOWN;
	analysis *a = analysis_build(tl, &mo);
	if (!a) {
		fputs("tfclock: out of memory\n", stderr);
		return 1;
	}
	int rc = write_summary(a, &mo);

	size_t errors = 0, warnings = 0, more_errors = 0, more_warnings = 0;
	for (size_t i = 0; i < a->n_stages; i++) {
		const a_stage *s = &a->stages[i];
		for (size_t j = 0; j < s->n_failed; j++) {
			if (errors++ < MAX_ANNOTATIONS)
				annotate(stdout, "error", s, s->failed[j], "failed");
			else
				more_errors++;
		}
	}
	if (!isnan(o->warn_over_s)) {
		for (size_t i = 0; i < a->n_stages; i++) {
			const a_stage *s = &a->stages[i];
			/* slowest first, so the annotations shown are the worst ones */
			const a_op **ops = s->slowest;
			for (size_t j = 0; j < s->n_shown; j++) {
				const a_op *x = ops[j];
				if (x->dur <= o->warn_over_s)
					break;
				if (x->op->status == TFC_STATUS_FAILED)
					continue;
				if (warnings++ < MAX_ANNOTATIONS)
					annotate(stdout, "warning", s, x, "took");
				else
					more_warnings++;
			}
		}
	}
	if (more_errors || more_warnings)
		printf("::notice title=tfclock::%zu more failed and %zu more slow operations are in the job summary\n",
		       more_errors, more_warnings);
	fflush(stdout);
	analysis_free(a);
	return rc;
}
