/* test_cli.c — the tfclock command as a user runs it: help, version, exit
 * status (0 read, 1 unreadable input, 2 usage), --tee, --output, colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char tmpdir[256];

static const char *bin(void)
{
	const char *b = getenv("TFCLOCK_BIN");
	if (!b)
		fail_msg("TFCLOCK_BIN is not set (ctest sets it)");
	return b;
}

/* Run a shell command; capture stdout and stderr into malloc'd strings. */
static int run(const char *cmd, char **out, char **err)
{
	char full[4096], o[300], e[300];
	snprintf(o, sizeof o, "%s/out", tmpdir);
	snprintf(e, sizeof e, "%s/err", tmpdir);
	snprintf(full, sizeof full, "%s >%s 2>%s", cmd, o, e);
	int st = system(full);
	assert_true(WIFEXITED(st));
	*out = tu_read_file(o, NULL);
	*err = tu_read_file(e, NULL);
	assert_non_null(*out);
	assert_non_null(*err);
	return WEXITSTATUS(st);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char good_log[] =
	"aws_instance.a: Creating...\n"
	"aws_instance.a: Creation complete after 4s [id=i-1]\n"
	"aws_instance.b: Creating...\n"
	"\n"
	"Error: boom\n"
	"\n"
	"  with aws_instance.b,\n";

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/tfclock-cli-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	char p[300];
	snprintf(p, sizeof p, "%s/apply.log", tmpdir);
	write_file(p, good_log);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : 1;
}

static void test_help_and_version(void **state)
{
	(void)state;
	char cmd[600], *out, *err;
	snprintf(cmd, sizeof cmd, "%s --help", bin());
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "Usage: tfclock report"));
	free(out), free(err);
	snprintf(cmd, sizeof cmd, "%s report --version", bin());
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "tfclock " TFC_VERSION));
	free(out), free(err);
}

static void test_usage_errors_exit_2(void **state)
{
	(void)state;
	const char *bad[] = {"", "report", "report --format xml x.log", "report --top -3 x.log",
			     "report --bogus x.log", "frobnicate", "report --min-duration soon x.log",
			     "report --max-line-bytes 1Q x.log", "report --archive-depth 99 x.log"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char cmd[600], *out, *err;
		snprintf(cmd, sizeof cmd, "%s %s", bin(), bad[i]);
		int rc = run(cmd, &out, &err);
		if (rc != 2)
			fail_msg("'%s' exited %d, want 2", bad[i], rc);
		assert_true(strlen(err) > 0);
		free(out), free(err);
	}
}

static void test_unreadable_input_exits_1_and_names_it(void **state)
{
	(void)state;
	char cmd[600], *out, *err;
	snprintf(cmd, sizeof cmd, "%s report %s/apply.log /nonexistent/x.log", bin(), tmpdir);
	assert_int_equal(run(cmd, &out, &err), 1);
	assert_non_null(strstr(err, "/nonexistent/x.log"));
	assert_non_null(strstr(out, "aws_instance.a")); /* what could be read is still reported */
	free(out), free(err);
}

static void test_failed_deploy_is_data_exit_0(void **state)
{
	(void)state;
	char cmd[600], *out, *err;
	snprintf(cmd, sizeof cmd, "%s report --format json %s/apply.log", bin(), tmpdir);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(out, "\"status\":\"failed\""));
	assert_null(strchr(out, '\x1b'));
	free(out), free(err);
}

static void test_tee_passes_input_through(void **state)
{
	(void)state;
	char cmd[900], *out, *err;
	snprintf(cmd, sizeof cmd, "cat %s/apply.log | %s report --tee --no-color -", tmpdir, bin());
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(out, good_log);        /* stdout: the log, byte for byte */
	assert_non_null(strstr(err, "stdin"));     /* the report went to stderr */
	assert_non_null(strstr(err, "aws_instance.b"));
	free(out), free(err);
}

static void test_output_file_and_colour(void **state)
{
	(void)state;
	char cmd[900], *out, *err, path[300];
	snprintf(path, sizeof path, "%s/report.txt", tmpdir);
	snprintf(cmd, sizeof cmd, "%s report -o %s %s/apply.log", bin(), path, tmpdir);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_string_equal(out, "");
	char *text = tu_read_file(path, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "Failed"));
	assert_null(strchr(text, '\x1b')); /* a file is not a terminal */
	free(text), free(out), free(err);

	snprintf(cmd, sizeof cmd, "%s report --color %s/apply.log", bin(), tmpdir);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strchr(out, '\x1b'));
	free(out), free(err);
	snprintf(cmd, sizeof cmd, "NO_COLOR=1 %s report %s/apply.log", bin(), tmpdir);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_null(strchr(out, '\x1b'));
	free(out), free(err);
}

static void test_limits_are_configurable(void **state)
{
	(void)state;
	char cmd[900], *out, *err, path[300];
	snprintf(path, sizeof path, "%s/long.log", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("a.b: Creating...\n", f);
	for (int i = 0; i < 3000; i++)
		fputc('x', f);
	fputs("\na.b: Creation complete after 1s\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s report --max-line-bytes 1K --format json %s", bin(), path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_non_null(strstr(err, "long.log:2: line longer than 1024 bytes skipped"));
	assert_non_null(strstr(out, "\"status\":\"complete\"")); /* the next line was still read */
	free(out), free(err);
	snprintf(cmd, sizeof cmd, "%s report --format json %s", bin(), path);
	assert_int_equal(run(cmd, &out, &err), 0);
	assert_null(strstr(err, "longer than")); /* the default limit is 1 MiB */
	free(out), free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_unreadable_input_exits_1_and_names_it),
		cmocka_unit_test(test_failed_deploy_is_data_exit_0),
		cmocka_unit_test(test_tee_passes_input_through),
		cmocka_unit_test(test_output_file_and_colour),
		cmocka_unit_test(test_limits_are_configurable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
