/* test_github.c — `tfclock report --github` (report/cli/github.c), run as
 * the binary: the markdown appended to $GITHUB_STEP_SUMMARY, ::error for
 * failed operations, ::warning over --warn-over, workflow-command escaping. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run the binary through the shell; returns its stdout, *status its exit code. */
static char *run(const char *args, int *status)
{
	const char *bin = getenv("TFCLOCK_BIN");
	assert_non_null(bin); /* set by ctest */
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "'%s' report %s 2>/dev/null", bin, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 20, n = 0;
	char *out = malloc(cap + 1);
	size_t got;
	while ((got = fread(out + n, 1, cap - n, p)) > 0)
		n += got;
	out[n] = '\0';
	int st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return out;
}

static char summary[256];

static int setup(void **state)
{
	(void)state;
	snprintf(summary, sizeof summary, "%s/github-summary-%d.md", TFC_BINARY_DIR, (int)getpid());
	unlink(summary);
	setenv("GITHUB_STEP_SUMMARY", summary, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(summary);
	unsetenv("GITHUB_STEP_SUMMARY");
	return 0;
}

static void annotations_and_summary(void **state)
{
	(void)state;
	char args[1024];
	snprintf(args, sizeof args, "--github --warn-over 10 --format json '%s'",
		 tu_src_path("tests/golden/inputs/timed_apply.log"));
	int status;
	char *out = run(args, &status);
	assert_int_equal(status, 0);
	/* the JSON report still goes to stdout */
	assert_true(strncmp(out, "{\"schema\":\"tfclock/1\"", 21) == 0);
	assert_non_null(strstr(out, "\n::error title=tfclock%3A module.app[1].aws_instance.web failed::timed_apply: "
				    "module.app[1].aws_instance.web create failed after 30s: creating EC2 Instance: "
				    "InsufficientInstanceCapacity\n"));
	assert_non_null(strstr(out, "\n::warning title=tfclock%3A module.app[0].aws_instance.web is slow::timed_apply: "
				    "module.app[0].aws_instance.web create took 15s\n"));
	assert_non_null(strstr(out, "::warning title=tfclock%3A module.net.aws_vpc.main is slow::"));
	/* failed ones are errors, not warnings; short ones are neither */
	assert_null(strstr(out, "::warning title=tfclock%3A module.app[1]"));
	assert_null(strstr(out, "::warning title=tfclock%3A aws_s3_bucket.logs"));
	free(out);

	size_t n;
	char *md = tu_read_file(summary, &n);
	assert_non_null(md);
	assert_non_null(strstr(md, "## :stopwatch: tfclock — Terraform timeline"));
	assert_non_null(strstr(md, "Failed operations (1)"));
	assert_non_null(strstr(md, "```mermaid"));
	free(md);

	/* appended, not overwritten: a job summary is shared by the steps */
	out = run(args, &status);
	free(out);
	md = tu_read_file(summary, &n);
	const char *first = strstr(md, "## :stopwatch:");
	assert_non_null(first);
	assert_non_null(strstr(first + 1, "## :stopwatch:"));
	free(md);
}

static void no_warnings_without_warn_over(void **state)
{
	(void)state;
	char args[1024];
	snprintf(args, sizeof args, "--github --format json '%s'", tu_src_path("tests/golden/inputs/timed_apply.log"));
	int status;
	char *out = run(args, &status);
	assert_int_equal(status, 0);
	assert_null(strstr(out, "::warning"));
	assert_non_null(strstr(out, "::error "));
	free(out);
}

static void hostile_names_are_escaped(void **state)
{
	(void)state;
	char args[1024];
	snprintf(args, sizeof args, "--github --warn-over 3 --format json '%s'", tu_src_path("tests/golden/inputs/hostile.log"));
	int status;
	char *out = run(args, &status);
	assert_int_equal(status, 0);
	/* title: : , % escaped; message: % escaped */
	assert_non_null(strstr(out, "::warning title=tfclock%3A null_resource.x[\"</script><img src=x onerror=alert(2)> & 'q' "
				    "@here #1 %3A ; %25%25\"] is slow::hostile: null_resource.x[\"</script><img src=x "
				    "onerror=alert(2)> & 'q' @here #1 : ; %25%25\"] create took 4s (position estimated)\n"));
	/* every annotation is one line */
	for (const char *l = strstr(out, "\n::"); l; l = strstr(l + 1, "\n::")) {
		const char *nl = strchr(l + 1, '\n');
		assert_non_null(nl);
		assert_null(memchr(l + 1, '\r', (size_t)(nl - l - 1)));
	}
	free(out);
}

static void summary_not_writable(void **state)
{
	(void)state;
	setenv("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md", 1);
	char args[1024];
	snprintf(args, sizeof args, "--github --format json '%s'", tu_src_path("tests/golden/inputs/timed_apply.log"));
	int status;
	char *out = run(args, &status);
	assert_int_equal(status, 1);
	/* annotations are still printed */
	assert_non_null(strstr(out, "::error "));
	free(out);
	setenv("GITHUB_STEP_SUMMARY", summary, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(annotations_and_summary),
		cmocka_unit_test(no_warnings_without_warn_over),
		cmocka_unit_test(hostile_names_are_escaped),
		cmocka_unit_test(summary_not_writable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
