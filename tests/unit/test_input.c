/* test_input.c — paths into stages: a file, a folder of stage files and
 * stage subfolders, what is not a log, two folders with the same stage
 * names, and paths that cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static char root[256];

static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char cmd[600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	*slash = '/';
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char apply[] = "a.b: Creating...\na.b: Creation complete after 1s\n";

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/tfclock-input-XXXXXX");
	assert_non_null(mkdtemp(root));
	put("run1/02-infra/aws/apply.log", apply);
	put("run1/02-infra/tf.log", "x.y: Destroying... [id=1]\nx.y: Destruction complete after 2s\n");
	put("run1/01-state.log", apply);
	put("run1/.hidden.log", apply);
	put("run1/02-infra/apply.0.meta.json", "{\"argv\":[\"apply\"]}\n");
	put("run1/main.tf", "resource \"x\" \"y\" {}\n");
	put("run1/empty-dir/readme.md", "# not a log\n");
	put("run1/notes.txt", "2024-01-01T00:00:00.0000000Z checked out the code\n"); /* a log name, no Terraform */
	put("run2/01-state.log", apply);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	return system(cmd) == 0 ? 0 : 1;
}

static tfc_timeline *load(const char *const *rels, size_t n, tfc_rc want)
{
	tfc_timeline *tl = tfc_timeline_new(NULL);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", root, rels[i]);
		tfc_error err;
		assert_int_equal(tfc_load_path(tl, path, NULL, &err), want);
	}
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	return tl;
}

static void test_folder_layout(void **state)
{
	(void)state;
	const char *paths[] = {"run1"};
	tfc_timeline *tl = load(paths, 1, TFC_OK);
	/* no stage for hidden files, configuration, metadata, docs, nor a log without Terraform output */
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	const tfc_stage *s0 = tfc_timeline_get_stage(tl, 0), *s1 = tfc_timeline_get_stage(tl, 1);
	assert_string_equal(s0->name, "01-state");
	assert_string_equal(s1->name, "02-infra");
	assert_int_equal(s1->n_sources, 2); /* every log below the subfolder */
	assert_int_equal(s1->n_ops, 2);
	assert_non_null(strstr(s1->sources[0], "02-infra/aws/apply.log"));
	tfc_timeline_free(tl);
}

static void test_two_runs_stay_apart(void **state)
{
	(void)state;
	const char *paths[] = {"run1", "run2"};
	tfc_timeline *tl = load(paths, 2, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 3);
	assert_string_equal(tfc_timeline_get_stage(tl, 2)->name, "run2/01-state");
	assert_int_equal(tfc_timeline_get_stage(tl, 0)->n_ops, 1);
	tfc_timeline_free(tl);
}

static void test_single_file_stage_named_after_it(void **state)
{
	(void)state;
	const char *paths[] = {"run1/01-state.log"};
	tfc_timeline *tl = load(paths, 1, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 1);
	assert_string_equal(tfc_timeline_get_stage(tl, 0)->name, "01-state");
	tfc_timeline_free(tl);
}

static void test_missing_path_is_an_error_naming_it(void **state)
{
	(void)state;
	tfc_timeline *tl = tfc_timeline_new(NULL);
	tfc_error err;
	assert_int_equal(tfc_load_path(tl, "/nonexistent/deploy", NULL, &err), TFC_EIO);
	assert_string_equal(err.source, "/nonexistent/deploy");
	assert_non_null(strstr(err.message, "No such file"));
	tfc_timeline_free(tl);
}

static void test_folder_without_logs_is_an_error(void **state)
{
	(void)state;
	tfc_timeline *tl = tfc_timeline_new(NULL);
	char path[512];
	snprintf(path, sizeof path, "%s/run1/empty-dir", root);
	tfc_error err;
	assert_int_equal(tfc_load_path(tl, path, NULL, &err), TFC_EIO);
	assert_non_null(strstr(err.message, "no log files"));
	assert_int_equal(tfc_load_path(tl, path, NULL, NULL), TFC_EIO); /* err is optional */
	tfc_timeline_free(tl);
}

static void test_broken_archive_in_folder_is_a_warning(void **state)
{
	(void)state;
	put("run3/01-state.log", apply);
	put("run3/02-infra.zip", "PK\x03\x04 this is not really a zip");
	const char *paths[] = {"run3"};
	tfc_timeline *tl = load(paths, 1, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 1);
	assert_string_equal(st->name, "02-infra");
	assert_true(st->n_warnings >= 1);
	assert_non_null(strstr(st->warnings[0].source, "02-infra.zip"));
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folder_layout),
		cmocka_unit_test(test_two_runs_stay_apart),
		cmocka_unit_test(test_single_file_stage_named_after_it),
		cmocka_unit_test(test_missing_path_is_an_error_naming_it),
		cmocka_unit_test(test_folder_without_logs_is_an_error),
		cmocka_unit_test(test_broken_archive_in_folder_is_a_warning),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
