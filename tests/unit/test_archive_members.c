/* test_archive_members.c — which archive member goes to which stage
 * (parser/src/archive_members.c), from names alone. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "archive_members.h"

typedef struct want {
	const char *path;
	bool regular;
	member_kind kind;
	const char *stage; /* for MEMBER_LOG / MEMBER_NESTED */
} want;

static void check(const want *w, size_t n)
{
	members ms = {0};
	for (size_t i = 0; i < n; i++)
		assert_true(members_push(&ms, w[i].path, w[i].regular));
	assert_int_equal(members_decide(&ms), TFC_OK);
	assert_int_equal(ms.n, n);
	for (size_t i = 0; i < n; i++) {
		const member *m = &ms.m[i];
		assert_string_equal(m->path, w[i].path);
		if (m->kind != w[i].kind)
			fail_msg("%s: kind %d, want %d", w[i].path, m->kind, w[i].kind);
		if (w[i].stage) {
			assert_non_null(m->stage);
			assert_string_equal(m->stage, w[i].stage);
		} else {
			assert_null(m->stage);
		}
	}
	members_free(&ms);
}

#define CHECK(...)                                              \
	do {                                                    \
		const want w_[] = {__VA_ARGS__};                \
		check(w_, sizeof w_ / sizeof w_[0]);            \
	} while (0)

static void folder_layout(void **s)
{
	(void)s;
	CHECK({"01-net.log", true, MEMBER_LOG, "01-net"},
	      {"02-apply/", false, MEMBER_SKIP, NULL},
	      {"02-apply/aws/apply.log", true, MEMBER_LOG, "02-apply"},
	      {"02-apply/main.tf", true, MEMBER_SKIP, NULL},
	      {"02-apply/.terraform/x.log", true, MEMBER_SKIP, NULL},
	      {"apply.meta.json", true, MEMBER_SKIP, NULL},
	      {"link.log", false, MEMBER_SKIP, NULL},
	      {"./", false, MEMBER_SKIP, NULL});
}

static void top_folder(void **s)
{
	(void)s;
	/* One top folder, with or without its own entry: dropped. */
	CHECK({"logs/", false, MEMBER_SKIP, NULL},
	      {"logs/apply.log", true, MEMBER_LOG, "apply"},
	      {"logs/01-state/aws/plan.log", true, MEMBER_LOG, "01-state"});
	CHECK({"./logs/apply.log", true, MEMBER_LOG, "apply"},
	      {"./logs/destroy.log", true, MEMBER_LOG, "destroy"});
	/* A single log in a single folder: the folder is the top, the file the stage. */
	CHECK({"run-42/apply.log", true, MEMBER_LOG, "apply"});
	/* Two tops, or a file at the top: kept as they are. */
	CHECK({"a/apply.log", true, MEMBER_LOG, "a"}, {"b/apply.log", true, MEMBER_LOG, "b"});
	CHECK({"a/apply.log", true, MEMBER_LOG, "a"}, {"a", true, MEMBER_LOG, "a"});
	/* Unsafe names neither block nor join the common top. */
	CHECK({"logs/apply.log", true, MEMBER_LOG, "apply"},
	      {"../evil.log", true, MEMBER_UNSAFE, NULL},
	      {"logs/plan.log", true, MEMBER_LOG, "plan"});
}

/* Finder zips: __MACOSX/ copies are no logs and do not hide the top folder. */
static void macos_zip(void **s)
{
	(void)s;
	CHECK({"logs/", false, MEMBER_SKIP, NULL},
	      {"logs/apply.log", true, MEMBER_LOG, "apply"},
	      {"__MACOSX/", false, MEMBER_SKIP, NULL},
	      {"__MACOSX/logs/._apply.log", true, MEMBER_SKIP, NULL},
	      {"__MACOSX/logs/plan.log", true, MEMBER_SKIP, NULL},
	      {"logs/01-net/x.log", true, MEMBER_LOG, "01-net"});
}

static void unsafe(void **s)
{
	(void)s;
	CHECK({"../evil.log", true, MEMBER_UNSAFE, NULL},
	      {"/abs.log", true, MEMBER_UNSAFE, NULL},
	      {"a/../../up.log", true, MEMBER_UNSAFE, NULL},
	      {"..", false, MEMBER_UNSAFE, NULL},
	      {"..\\win.log", true, MEMBER_UNSAFE, NULL},
	      {"C:\\x.log", true, MEMBER_UNSAFE, NULL},
	      {"/etc/", false, MEMBER_UNSAFE, NULL},
	      {"a..b.log", true, MEMBER_LOG, "a..b"},
	      {"ok.log", true, MEMBER_LOG, "ok"});
	assert_true(member_unsafe_name("x/.."));
	assert_false(member_unsafe_name("x/..y/z.log"));
	assert_false(member_unsafe_name("x/y..z"));
}

static void nested(void **s)
{
	(void)s;
	CHECK({"01-net.log", true, MEMBER_LOG, "01-net"},
	      {"02-inner.zip", true, MEMBER_NESTED, "02-inner"},
	      {"03-more.tar.gz", true, MEMBER_NESTED, "03-more"},
	      {"04-sub/deep.tgz", true, MEMBER_NESTED, "04-sub"},
	      {".cache/x.zip", true, MEMBER_SKIP, NULL},
	      {"notes.7z", true, MEMBER_SKIP, NULL});
	assert_int_equal(member_strip_archive_ext("x.tar.zst"), 1);
	assert_int_equal(member_strip_archive_ext("x.TGZ"), 1);
	assert_int_equal(member_strip_archive_ext("x.log"), 5);
	assert_int_equal(member_strip_archive_ext(".zip"), 4);
}

static void github_run_log(void **s)
{
	(void)s;
	CHECK({"1_deploy (prod).txt", true, MEMBER_LOG, "deploy (prod)"},
	      {"deploy (prod)/1_Set up job.txt", true, MEMBER_SKIP, NULL},
	      {"deploy (prod)/2_Terraform apply.txt", true, MEMBER_SKIP, NULL},
	      {"deploy (prod)/system.txt", true, MEMBER_SKIP, NULL},
	      {"12_lint.txt", true, MEMBER_LOG, "lint"},
	      {"lint/", false, MEMBER_SKIP, NULL},
	      {"lint/1_Run.txt", true, MEMBER_SKIP, NULL},
	      {"extra/apply.log", true, MEMBER_LOG, "extra"});
	/* Re-zipped under a top folder: the same once the top is dropped. */
	CHECK({"run/1_build.txt", true, MEMBER_LOG, "build"},
	      {"run/build/1_Set up job.txt", true, MEMBER_SKIP, NULL});
	/* Step logs with no job log beside them: an ordinary folder. */
	CHECK({"1_notes.txt", true, MEMBER_LOG, "1_notes"},
	      {"deploy/1_Terraform apply.txt", true, MEMBER_LOG, "deploy"});
	/* Older zips: the job folder holds the runner's system.txt only. */
	CHECK({"0_Explore-GitHub-Actions.txt", true, MEMBER_LOG, "Explore-GitHub-Actions"},
	      {"Explore-GitHub-Actions/system.txt", true, MEMBER_SKIP, NULL});
	/* Names GitHub truncated (the file sooner than the folder) or that a
	 * matrix suffix extends still pair up; every step-only folder is skipped. */
	CHECK({"1_Test matrix colon text (job param contains a  question mar.txt", true, MEMBER_LOG,
	       "Test matrix colon text (job param contains a  question mar"},
	      {"2_build-package (1).txt", true, MEMBER_LOG, "build-package (1)"},
	      {"3_build-package.txt", true, MEMBER_LOG, "build-package"},
	      {"Test matrix colon text (job param contains a  question mark)/1_Set up job.txt", true, MEMBER_SKIP, NULL},
	      {"build-package/1_Set up job.txt", true, MEMBER_SKIP, NULL},
	      {"build-package/12_Build.txt", true, MEMBER_SKIP, NULL},
	      {"other-name/1_Step.txt", true, MEMBER_SKIP, NULL},
	      /* A folder with anything else in it is an ordinary stage. */
	      {"terraform/1_apply.txt", true, MEMBER_LOG, "terraform"},
	      {"terraform/plan.log", true, MEMBER_LOG, "terraform"});
	/* Numbered names alone are no run log either. */
	CHECK({"1_apply.txt", true, MEMBER_LOG, "1_apply"}, {"2_destroy.txt", true, MEMBER_LOG, "2_destroy"});
}

/* Many members: the decision stays near-linear (a quadratic one would take
 * minutes here) and gets every name right. */
static void many_members(void **s)
{
	(void)s;
	members ms = {0};
	char name[64];
	enum { N = 60000 };
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof name, "%d_job%d.txt", i, i);
		assert_true(members_push(&ms, name, true));
		snprintf(name, sizeof name, "job%d/1_step.txt", i);
		assert_true(members_push(&ms, name, true));
	}
	assert_int_equal(members_decide(&ms), TFC_OK);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof name, "job%d", i);
		assert_int_equal(ms.m[2 * i].kind, MEMBER_LOG);
		assert_string_equal(ms.m[2 * i].stage, name);
		assert_int_equal(ms.m[2 * i + 1].kind, MEMBER_SKIP);
	}
	members_free(&ms);
	members_free(&ms); /* freed twice: a no-op the second time */
	members_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folder_layout),
		cmocka_unit_test(top_folder),
		cmocka_unit_test(macos_zip),
		cmocka_unit_test(unsafe),
		cmocka_unit_test(nested),
		cmocka_unit_test(github_run_log),
		cmocka_unit_test(many_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
