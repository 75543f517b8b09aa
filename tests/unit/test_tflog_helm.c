/* test_tflog_helm.c — Helm release phase events from the helm provider's
 * relayed lines (v2 SDKv2 and v3 framework spellings, text and JSON), and the
 * phases the timeline makes of them for one release and for two releases
 * whose Helm library lines interleave. */
#include "detect.h"
#include "evrec.h"
#include "tflog.h"
#include "tflog_fixture.h"

#define V2 "[INFO]  provider.terraform-provider-helm_v2.12.1_x5: 2024/03/01 10:00:00 [DEBUG] "
#define TS ": timestamp=2024-03-01T10:00:00.000Z"

static void expect(const fx *f, size_t k, ev_helm_phase phase, const char *release)
{
	const ev *e = evrec_nth(&f->rec, EV_HELM, k);
	assert_non_null(e);
	assert_int_equal(e->helm_phase, phase);
	assert_sv(e->text, release);
	assert_int_equal(e->channel, EV_CH_TF_LOG);
	assert_sv(e->address, NULL);
}

static void test_v2_create_sequence(void **state)
{
	fx *f = *state;
	feed(f, "2024-03-01T10:00:00.100Z " V2 "[resourceReleaseCreate: web-app] Started" TS);
	feed(f, "2024-03-01T10:00:00.200Z " V2 "[resourceReleaseCreate: web-app] Getting chart" TS);
	feed(f, "2024-03-01T10:00:02.100Z " V2 "[resourceReleaseCreate: web-app] Installing chart" TS);
	feed(f, "2024-03-01T10:00:02.200Z " V2 "CRD foos.example.com is already present. Skipping." TS);
	feed(f, "2024-03-01T10:00:02.500Z " V2 "creating 12 resource(s)" TS);
	feed(f, "2024-03-01T10:00:03.500Z " V2 "beginning wait for 12 resources with timeout of 5m0s" TS);
	feed(f, "2024-03-01T10:00:05.500Z " V2 "Deployment is not ready: default/web. 0 out of 1 expected pods are ready" TS);
	feed(f, "2024-03-01T10:00:07.500Z " V2 "StatefulSet is not ready: default/db. 0 out of 1 expected pods are ready" TS);
	feed(f, "2024-03-01T10:00:08.000Z " V2 "[resourceReleaseCreate: web-app] Release was created but returned an error" TS);
	assert_int_equal(evrec_count(&f->rec, EV_HELM), 7);
	expect(f, 0, EV_HELM_STARTED, "web-app");
	assert_dbl(evrec_nth(&f->rec, EV_HELM, 0)->time, 1709287200.1, 1e-6); /* the outer hclog stamp */
	expect(f, 1, EV_HELM_INSTALLING, "web-app");
	expect(f, 2, EV_HELM_CREATING, NULL);
	expect(f, 3, EV_HELM_WAIT_BEGIN, NULL);
	expect(f, 4, EV_HELM_WAITING, NULL);
	expect(f, 5, EV_HELM_WAITING, NULL);
	expect(f, 6, EV_HELM_ERROR, "web-app");
	assert_dbl(evrec_nth(&f->rec, EV_HELM, 6)->time, 1709287208.0, 1e-6);
}

static void test_update_delete_and_read(void **state)
{
	fx *f = *state;
	feed(f, "2024-03-01T10:00:00.000Z " V2 "[resourceReleaseRead: web] Started" TS);   /* refresh: no phase */
	feed(f, "2024-03-01T10:00:00.000Z " V2 "[resourceDiff: web] Start" TS);
	feed(f, "2024-03-01T10:00:01.000Z " V2 "preparing upgrade for web" TS);
	feed(f, "2024-03-01T10:00:01.000Z " V2 "performing update for web" TS);
	feed(f, "2024-03-01T10:00:01.500Z " V2 "checking 4 resources for changes" TS);
	feed(f, "2024-03-01T10:00:02.000Z " V2 "uninstall: Deleting old-rel" TS);
	feed(f, "2024-03-01T10:00:02.500Z " V2 "beginning wait for 3 resources to be deleted with timeout of 5m0s" TS);
	feed(f, "2024-03-01T10:00:03.000Z " V2 "Upgrade failed and atomic is set, rolling back to last successful release" TS);
	assert_int_equal(evrec_count(&f->rec, EV_HELM), 5);
	expect(f, 0, EV_HELM_INSTALLING, "web");
	expect(f, 1, EV_HELM_CREATING, NULL);
	expect(f, 2, EV_HELM_INSTALLING, "old-rel");
	expect(f, 3, EV_HELM_WAIT_BEGIN, NULL);
	expect(f, 4, EV_HELM_ERROR, NULL);
}

static void test_v3_and_old_combos(void **state)
{
	fx *f = *state;
	feed(f, "2025-01-01T00:00:00.000Z [DEBUG] provider.terraform-provider-helm_v3.0.2: [resourceReleaseUpdate: api] Started: "
		"@caller=x @module=helm tf_rpc=ApplyResourceChange timestamp=2025-01-01T00:00:00.000Z");
	feed(f, "2025-01-01T00:00:01.000Z [DEBUG] provider.terraform-provider-helm_v3.0.2: Installing chart \"api\": @module=helm "
		"tf_resource_type=helm_release timestamp=2025-01-01T00:00:01.000Z");
	feed(f, "2025-01-01T00:00:02.000Z [INFO]  provider.terraform-provider-helm_v3.0.2: Uninstalling Helm release: old: @module=helm");
	feed(f, "2025-01-01T00:00:03.000Z [DEBUG] provider.terraform-provider-helm_v3.0.2: Upgrade-installing chart \"x y\": @module=helm");
	/* 0.13-era: hclog level [DEBUG] and the plugin. logger */
	feed(f, "2020-06-29T11:31:30.123-0700 [DEBUG] plugin.terraform-provider-helm_v1.2.3_x4: 2020/06/29 11:31:30 [DEBUG] "
		"[resourceReleaseCreate: legacy] Started");
	/* TF_LOG=JSON */
	feed(f, "{\"@level\":\"info\",\"@message\":\"2025/01/01 00:00:04 [DEBUG] creating 2 resource(s)\","
		"\"@module\":\"provider.terraform-provider-helm_v2.17.0_x5\",\"@timestamp\":\"2025-01-01T00:00:04.000000Z\","
		"\"timestamp\":\"2025-01-01T00:00:04.000Z\"}");
	/* not the helm provider: no Helm phases */
	feed(f, "2025-01-01T00:00:05.000Z [INFO]  provider.terraform-provider-kubernetes_v2.36.0_x5: 2025/01/01 00:00:05 [DEBUG] "
		"creating 1 resource(s): timestamp=2025-01-01T00:00:05.000Z");
	assert_int_equal(evrec_count(&f->rec, EV_HELM), 6);
	expect(f, 0, EV_HELM_STARTED, "api");
	expect(f, 1, EV_HELM_INSTALLING, "api");
	expect(f, 2, EV_HELM_INSTALLING, "old");
	expect(f, 3, EV_HELM_INSTALLING, "x y");
	expect(f, 4, EV_HELM_STARTED, "legacy");
	expect(f, 5, EV_HELM_CREATING, NULL);
	assert_dbl(evrec_nth(&f->rec, EV_HELM, 5)->time, 1735689604.0, 1e-6);
}

/* ---- phases on operations, through the pipeline ----------------------------- */

#define H "[INFO]  provider.terraform-provider-helm_v2.12.1_x5: 2024/03/01 10:00:00 [DEBUG] "

static const char one_release[] =
	"2024-03-01T10:00:00.000Z [TRACE] vertex \"helm_release.web\": starting visit (*terraform.NodeApplyableResourceInstance)\n"
	"2024-03-01T10:00:00.010Z [DEBUG] helm_release.web: applying the planned Create change\n"
	"2024-03-01T10:00:00.100Z " H "[resourceReleaseCreate: web] Started: timestamp=x\n"
	"2024-03-01T10:00:02.100Z " H "[resourceReleaseCreate: web] Installing chart: timestamp=x\n"
	"2024-03-01T10:00:02.500Z " H "creating 3 resource(s): timestamp=x\n"
	"2024-03-01T10:00:03.500Z " H "beginning wait for 3 resources with timeout of 5m0s: timestamp=x\n"
	"2024-03-01T10:00:05.500Z " H "Deployment is not ready: default/web. 0 out of 1 expected pods are ready: timestamp=x\n"
	"2024-03-01T10:00:10.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
	"tf_req_duration_ms=9900 tf_rpc=ApplyResourceChange tf_resource_type=helm_release\n"
	"2024-03-01T10:00:10.100Z [TRACE] vertex \"helm_release.web\": visit complete\n";

static void test_one_release_phases(void **state)
{
	tfc_timeline *tl = tu_parse_buffer(one_release, sizeof one_release - 1, "apply", "tf.log", FEED_RANDOM, 3);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_int_equal(st->n_ops, 1);
	const tfc_op *op = &st->ops[0];
	assert_string_equal(op->address, "helm_release.web");
	assert_int_equal(op->status, TFC_STATUS_COMPLETE);
	assert_dbl(op->duration_s, 10.1, 1e-6);
	assert_non_null(op->helm);
	assert_string_equal(op->helm->release, "web");
	assert_dbl(op->helm->prepare_s, 2.0, 1e-6);
	assert_dbl(op->helm->install_s, 1.0, 1e-6);
	assert_dbl(op->helm->wait_s, 6.6, 1e-6);
	assert_dbl(op->helm->provider_s, 9.9, 1e-9);
	assert_false(op->helm->ambiguous);
	tfc_timeline_free(tl);
}

static const char two_releases[] =
	"2024-03-01T10:00:00.000Z [DEBUG] helm_release.a: applying the planned Create change\n"
	"2024-03-01T10:00:00.000Z [DEBUG] helm_release.b: applying the planned Create change\n"
	"2024-03-01T10:00:00.100Z " H "[resourceReleaseCreate: a] Started: timestamp=x\n"
	"2024-03-01T10:00:00.200Z " H "[resourceReleaseCreate: b] Started: timestamp=x\n"
	"2024-03-01T10:00:01.000Z " H "[resourceReleaseCreate: a] Installing chart: timestamp=x\n"
	"2024-03-01T10:00:01.100Z " H "creating 2 resource(s): timestamp=x\n"
	"2024-03-01T10:00:03.200Z " H "[resourceReleaseCreate: b] Installing chart: timestamp=x\n"
	"2024-03-01T10:00:03.300Z " H "creating 5 resource(s): timestamp=x\n"
	"2024-03-01T10:00:04.000Z " H "beginning wait for 2 resources with timeout of 5m0s: timestamp=x\n"
	"2024-03-01T10:00:04.100Z " H "beginning wait for 5 resources with timeout of 5m0s: timestamp=x\n"
	"2024-03-01T10:00:09.000Z [TRACE] provider.terraform-provider-helm_v2.12.1_x5: Received downstream response: "
	"tf_req_duration_ms=8900 tf_rpc=ApplyResourceChange tf_resource_type=helm_release\n"
	"2024-03-01T10:00:09.000Z [TRACE] vertex \"helm_release.a\": visit complete\n"
	"2024-03-01T10:00:12.000Z [TRACE] vertex \"helm_release.b\": visit complete\n";

static void test_overlapping_releases_ambiguous(void **state)
{
	tfc_timeline *tl = tu_parse_buffer(two_releases, sizeof two_releases - 1, "apply", "tf.log", FEED_WHOLE, 0);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_int_equal(st->n_ops, 2);
	const tfc_op *a = tu_find_op(st, "helm_release.a", TFC_ACTION_CREATE);
	const tfc_op *b = tu_find_op(st, "helm_release.b", TFC_ACTION_CREATE);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(a->helm);
	assert_non_null(b->helm);
	assert_string_equal(a->helm->release, "a");
	assert_string_equal(b->helm->release, "b");
	/* named lines still give each its own preparation time */
	assert_dbl(a->helm->prepare_s, 0.9, 1e-6);
	assert_dbl(b->helm->prepare_s, 3.0, 1e-6);
	/* the library's lines name no release while both run: not guessed */
	assert_true(a->helm->ambiguous);
	assert_true(b->helm->ambiguous);
	assert_true(isnan(a->helm->install_s));
	assert_true(isnan(b->helm->wait_s));
	assert_non_null(a->helm->note);
	/* the provider response came while both were in flight: not attributed */
	assert_true(isnan(a->provider_s));
	assert_true(isnan(b->provider_s));
	tfc_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v2_create_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_delete_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v3_and_old_combos, setup, teardown),
		cmocka_unit_test(test_one_release_phases),
		cmocka_unit_test(test_overlapping_releases_ambiguous),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
