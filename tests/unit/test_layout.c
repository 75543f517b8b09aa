/* test_layout.c — log/archive name rules and stage names for folder and
 * archive layouts (parser/src/layout.c). */
#include "testutil.h"

#include <string.h>

#include "layout.h"

static void log_names(void **state)
{
	(void)state;
	const char *yes[] = {"apply.log", "plan.txt", "run.out", "events.jsonl", "apply.json",
			     "APPLY.LOG", "apply", "01-apply.log", "x.y.log"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!layout_is_log_name(yes[i]))
			fail_msg("%s should be a log", yes[i]);
	}
	const char *no[] = {"", ".hidden", ".hidden.log", "main.tf", "x.tfvars",
			    "terraform.tfstate", "terragrunt.hcl", ".terraform.lock.hcl",
			    "lock.hcl", "report.html", "README.md", "graph.png", "graph.svg",
			    "ops.csv", "logs.zip", "logs.tar.gz", "apply.meta.json",
			    "APPLY.META.JSON", "x.tfstate.backup", "a.pdf"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (layout_is_log_name(no[i]))
			fail_msg("%s should not be a log", no[i]);
	}
	assert_false(layout_is_log_name(NULL));
}

static void archive_names(void **state)
{
	(void)state;
	const char *yes[] = {"a.zip", "a.tar", "a.tar.gz", "a.tgz", "a.tar.xz", "a.txz",
			     "a.tar.zst", "a.tzst", "a.tar.bz2", "a.tbz2", "LOGS.ZIP"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!layout_is_archive_name(yes[i]))
			fail_msg("%s should be an archive", yes[i]);
	}
	const char *no[] = {"", ".zip", "a.gz", "a.log", "zip", "a.zip.log", "a.7z"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (layout_is_archive_name(no[i]))
			fail_msg("%s should not be an archive", no[i]);
	}
	assert_false(layout_is_archive_name(NULL));
}

static void expect_stage(const char *rel, const char *want)
{
	char stage[64] = "unchanged";
	bool ok = layout_stage_for(rel, stage, sizeof stage);
	if (!want) {
		if (ok)
			fail_msg("%s should not be a log, got stage %s", rel, stage);
		return;
	}
	if (!ok)
		fail_msg("%s should be a log of stage %s", rel, want);
	assert_string_equal(stage, want);
}

static void stage_for(void **state)
{
	(void)state;
	expect_stage("apply.log", "apply");
	expect_stage("apply", "apply");
	expect_stage("x.y.log", "x.y");
	expect_stage("01-state/aws/apply.log", "01-state");
	expect_stage("01-state/apply.log", "01-state");
	expect_stage("02-infra/plan.json", "02-infra");
	expect_stage("./apply.log", "apply");
	expect_stage("/abs.log", "abs");
	expect_stage("01-state/main.tf", NULL);
	expect_stage("01-state/", NULL);
	expect_stage("apply.meta.json", NULL);
	expect_stage(".terraform/x.log", NULL);
	expect_stage("a/.git/x.log", NULL);
	expect_stage("../evil.log", NULL);
	expect_stage("", NULL);
	assert_false(layout_stage_for(NULL, NULL, 0));
}

static void stage_truncated(void **state)
{
	(void)state;
	char stage[4];
	assert_true(layout_stage_for("abcdefgh.log", stage, sizeof stage));
	assert_string_equal(stage, "abc");
	assert_true(layout_stage_for("abcdefgh/x.log", stage, sizeof stage));
	assert_string_equal(stage, "abc");
	char one[1] = {'x'};
	assert_true(layout_stage_for("a.log", one, sizeof one));
	assert_int_equal(one[0], '\0');
}

static void stage_for_file(void **state)
{
	(void)state;
	char stage[64];
	layout_stage_for_file("logs/apply.log", stage, sizeof stage);
	assert_string_equal(stage, "apply");
	layout_stage_for_file("/tmp/x/plan", stage, sizeof stage);
	assert_string_equal(stage, "plan");
	layout_stage_for_file("run.2024.txt", stage, sizeof stage);
	assert_string_equal(stage, "run.2024");
	layout_stage_for_file("dir/.hidden", stage, sizeof stage);
	assert_string_equal(stage, ".hidden");
	layout_stage_for_file("logs/apply.log/", stage, sizeof stage);
	assert_string_equal(stage, "apply");
	layout_stage_for_file(NULL, stage, sizeof stage);
	assert_string_equal(stage, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_names),
		cmocka_unit_test(archive_names),
		cmocka_unit_test(stage_for),
		cmocka_unit_test(stage_truncated),
		cmocka_unit_test(stage_for_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
