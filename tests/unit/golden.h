/* golden.h — golden-file checks for the report tests (header-only): the
 * fixture logs in tests/golden/inputs are parsed and rendered, and the output
 * compared with tests/golden/<name>. Golden files are only rewritten when
 * TFC_UPDATE_GOLDEN=1; otherwise a difference fails and the actual output is
 * left in the build dir (golden-actual/) for a diff. */
#ifndef TFC_GOLDEN_H
#define TFC_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "renderers.h"
#include "testutil.h"

/* Parse tests/golden/inputs/<name>.log as one stage called <name>. */
static inline tfc_timeline *golden_input(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/golden/inputs/%s.log", name);
	size_t n;
	char *buf = tu_read_file(tu_src_path(rel), &n);
	assert_non_null(buf);
	snprintf(rel, sizeof rel, "inputs/%s.log", name);
	tfc_timeline *tl = tu_parse_buffer(buf, n, name, rel, FEED_WHOLE, 0);
	free(buf);
	return tl;
}

/* Render a timeline with a renderer of renderers.h; caller frees. */
static inline char *golden_render(const tfc_timeline *tl, const tfc_report_options *o,
				  tfc_rc (*render)(const analysis *, const tfc_report_options *, tfc_buf *),
				  size_t *len)
{
	analysis *a = analysis_build(tl, o);
	assert_non_null(a);
	tfc_buf b = {0};
	assert_int_equal(render(a, o, &b), TFC_OK);
	analysis_free(a);
	assert_false(b.oom);
	if (!b.data)
		b.data = calloc(1, 1);
	if (len)
		*len = b.len;
	return b.data;
}

static inline void golden_check(const char *file, const char *text, size_t len)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/golden/%s", file);
	const char *path = tu_src_path(rel);
	const char *update = getenv("TFC_UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		fprintf(stderr, "golden: rewrote %s\n", rel);
		return;
	}
	size_t n = 0;
	char *want = tu_read_file(path, &n);
	if (!want)
		fail_msg("golden file %s is missing (TFC_UPDATE_GOLDEN=1 creates it)", rel);
	bool same = n == len && memcmp(want, text, len) == 0;
	free(want);
	if (!same) {
		char dir[2048], out[4096];
		snprintf(dir, sizeof dir, "%s/golden-actual", TFC_BINARY_DIR);
		mkdir(dir, 0777);
		snprintf(out, sizeof out, "%s/%s", dir, file);
		FILE *f = fopen(out, "wb");
		if (f) {
			fwrite(text, 1, len, f);
			fclose(f);
		}
		fail_msg("%s differs from the output; actual output in %s (diff them; rerun with "
			 "TFC_UPDATE_GOLDEN=1 only if the change is intended)", rel, out);
	}
}

/* Make rendering independent of the CI environment. */
static inline void golden_env(void)
{
	unsetenv("GITHUB_WORKFLOW");
	unsetenv("GITHUB_RUN_ID");
	unsetenv("CI_PROJECT_PATH");
	unsetenv("CI_PIPELINE_ID");
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
}

#endif
