/* test_plain.c — the plain UI parser: every line form of 0.11 … 1.14+ and
 * OpenTofu, with exact event fields; diagnostics in every rendering; lines
 * that must yield nothing; bad input; the real logs of the shared corpus. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plain.h"

/* ---- recording events ------------------------------------------------ */

typedef struct rec {
	ev e;       /* the sv fields below are re-pointed at the copies */
	char *address, *deposed, *unit, *id, *text, *detail;
} rec;

static rec recs[1024];
static size_t n_recs;

static char *copy(sv s)
{
	if (!s.p)
		return NULL;
	char *p = malloc(s.n + 1);
	assert_non_null(p);
	memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

static tfc_rc sink(void *ctx, const ev *e)
{
	(void)ctx;
	assert_true(n_recs < sizeof recs / sizeof recs[0]);
	rec *r = &recs[n_recs++];
	r->e = *e;
	r->address = copy(e->address);
	r->deposed = copy(e->deposed);
	r->unit = copy(e->unit);
	r->id = copy(e->id);
	r->text = copy(e->text);
	r->detail = copy(e->detail);
	assert_int_equal(e->channel, EV_CH_PLAIN);
	return TFC_OK;
}

static void reset(void)
{
	for (size_t i = 0; i < n_recs; i++) {
		free(recs[i].address);
		free(recs[i].deposed);
		free(recs[i].unit);
		free(recs[i].id);
		free(recs[i].text);
		free(recs[i].detail);
	}
	n_recs = 0;
}

/* Feed text line by line (split on '\n') with an optional unit and time. */
static void run_with(const char *text, const char *unit, double time)
{
	reset();
	plain_parser *pp = plain_new(sink, NULL);
	assert_non_null(pp);
	uint64_t lineno = 0;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (!nl && n == 0)
			break;
		line ln = {.text = sv_make(p, n), .unit = unit ? sv_cstr(unit) : SV_NULL, .time = time,
			   .time_dated = true, .marker = LINE_TEXT};
		assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
		if (!nl)
			break;
		p = nl + 1;
	}
	assert_int_equal(plain_finish(pp), TFC_OK);
	plain_free(pp);
}

static void run(const char *text)
{
	run_with(text, NULL, NAN);
}

static void str_is(const char *what, const char *got, const char *want, size_t i)
{
	if (!want && !got)
		return;
	if (!want || !got || strcmp(got, want) != 0)
		fail_msg("event %zu: %s is %s%s%s, want %s%s%s", i, what, got ? "\"" : "", got ? got : "null",
			 got ? "\"" : "", want ? "\"" : "", want ? want : "null", want ? "\"" : "");
}

static void secs_is(double got, double want, size_t i)
{
	if (isnan(want) ? !isnan(got) : got != want)
		fail_msg("event %zu: seconds %g, want %g", i, got, want);
}

/* Event i must be an operation event with exactly these fields. */
static void op(size_t i, ev_kind kind, tfc_action action, const char *address, const char *deposed,
	       const char *id, double seconds)
{
	if (i >= n_recs)
		fail_msg("event %zu missing (%zu events)", i, n_recs);
	const rec *r = &recs[i];
	assert_int_equal(r->e.kind, kind);
	assert_int_equal(r->e.action, action);
	str_is("address", r->address, address, i);
	str_is("deposed", r->deposed, deposed, i);
	str_is("id", r->id, id, i);
	secs_is(r->e.seconds, seconds, i);
}

static void count_is(size_t n)
{
	if (n_recs != n)
		fail_msg("%zu events, want %zu (first kind %d)", n_recs, n, n_recs ? (int)recs[0].e.kind : -1);
}

/* One line → exactly one operation event. */
static void one(const char *text, ev_kind kind, tfc_action action, const char *address, const char *deposed,
		const char *id, double seconds)
{
	run(text);
	count_is(1);
	op(0, kind, action, address, deposed, id, seconds);
}

static void diag(size_t i, ev_severity sev, const char *text, const char *address, const char *detail)
{
	if (i >= n_recs)
		fail_msg("event %zu missing (%zu events)", i, n_recs);
	const rec *r = &recs[i];
	assert_int_equal(r->e.kind, EV_DIAGNOSTIC);
	assert_int_equal(r->e.severity, sev);
	str_is("text", r->text, text, i);
	str_is("address", r->address, address, i);
	str_is("detail", r->detail, detail, i);
}

/* ---- resource operations ------------------------------------------------ */

static void test_starts(void **state)
{
	(void)state;
	one("aws_instance.web: Creating...", EV_OP_START, TFC_ACTION_CREATE, "aws_instance.web", NULL, NULL, NAN);
	one("aws_instance.web: Modifying... [id=i-0123]", EV_OP_START, TFC_ACTION_UPDATE, "aws_instance.web",
	    NULL, "i-0123", NAN);
	one("aws_instance.web: Destroying... [id=i-0123]", EV_OP_START, TFC_ACTION_DELETE, "aws_instance.web",
	    NULL, "i-0123", NAN);
	one("data.aws_ami.u: Reading...", EV_OP_START, TFC_ACTION_READ, "data.aws_ami.u", NULL, NULL, NAN);
	one("aws_s3_bucket.b: Importing... [id=my-bucket]", EV_OP_START, TFC_ACTION_IMPORT, "aws_s3_bucket.b",
	    NULL, "my-bucket", NAN);
	one("ephemeral.aws_secret.s: Opening...", EV_OP_START, TFC_ACTION_OPEN, "ephemeral.aws_secret.s", NULL,
	    NULL, NAN);
	one("ephemeral.aws_secret.s: Renewing...", EV_OP_START, TFC_ACTION_RENEW, "ephemeral.aws_secret.s", NULL,
	    NULL, NAN);
	one("ephemeral.aws_secret.s: Closing...", EV_OP_START, TFC_ACTION_CLOSE, "ephemeral.aws_secret.s", NULL,
	    NULL, NAN);
	/* 0.11 */
	one("aws_instance.web: Destroying... (ID: i-0123)", EV_OP_START, TFC_ACTION_DELETE, "aws_instance.web",
	    NULL, "i-0123", NAN);
	/* terraform import CLI */
	one("aws_instance.web: Importing from ID \"i-0123\"...", EV_OP_START, TFC_ACTION_IMPORT,
	    "aws_instance.web", NULL, "i-0123", NAN);
}

static void test_id_values(void **state)
{
	(void)state;
	/* values are not quoted: everything up to the final ']' */
	one("aws_lb_target_group_attachment.a: Modifying... [id=arn:aws:x:tg/abc,i-0441c,80]", EV_OP_START,
	    TFC_ACTION_UPDATE, "aws_lb_target_group_attachment.a", NULL, "arn:aws:x:tg/abc,i-0441c,80", NAN);
	one("aws_x.y: Destroying... [id=a b]c, d]", EV_OP_START, TFC_ACTION_DELETE, "aws_x.y", NULL, "a b]c, d",
	    NAN);
	one("google_project.p: Modifying... [name=projects/my project]", EV_OP_START, TFC_ACTION_UPDATE,
	    "google_project.p", NULL, "projects/my project", NAN);
	one("aws_x.y: Importing... [identity=account_id=1,region=eu-west-1]", EV_OP_START, TFC_ACTION_IMPORT,
	    "aws_x.y", NULL, "account_id=1,region=eu-west-1", NAN);
	one("aws_x.y: Importing... [identity=(type error)]", EV_OP_START, TFC_ACTION_IMPORT, "aws_x.y", NULL,
	    "(type error)", NAN);
	one("aws_x.y: Creation complete after 2s [id=zone:example.com (x)]", EV_OP_COMPLETE, TFC_ACTION_CREATE,
	    "aws_x.y", NULL, "zone:example.com (x)", 2);
	/* no id, or something that is not one */
	one("aws_x.y: Creating... [oops", EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, NULL, NAN);
	one("aws_x.y: Creating... [=x]", EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, NULL, NAN);
	one("aws_x.y: Creating... [id=]", EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, NULL, NAN);
	one("aws_x.y: Creating... [id=x]", EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, "x", NAN);
}

static void test_heartbeats(void **state)
{
	(void)state;
	one("aws_instance.web: Still creating... [10s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 10);
	one("aws_instance.web: Still creating... [1m0s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 60);
	one("aws_instance.web: Still creating... [1h2m3s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 3723);
	/* ≥1.12 */
	one("aws_instance.web: Still creating... [00m10s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 10);
	one("aws_instance.web: Still creating... [08m00s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 480);
	one("aws_instance.web: Still creating... [75m10s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 4510);
	/* with the start's id (truncated ids are not worth keeping) */
	one("aws_instance.web: Still modifying... [id=i-0123, 20s elapsed]", EV_OP_PROGRESS, TFC_ACTION_UPDATE,
	    "aws_instance.web", NULL, NULL, 20);
	one("aws_instance.web: Still destroying... [id=arn:a,b...c,d, 1m10s elapsed]", EV_OP_PROGRESS,
	    TFC_ACTION_DELETE, "aws_instance.web", NULL, NULL, 70);
	one("data.x.y: Still reading... [10s elapsed]", EV_OP_PROGRESS, TFC_ACTION_READ, "data.x.y", NULL, NULL,
	    10);
	one("ephemeral.x.y: Still opening... [3s elapsed]", EV_OP_PROGRESS, TFC_ACTION_OPEN, "ephemeral.x.y",
	    NULL, NULL, 3);
	one("ephemeral.x.y: Still renewing... [3s elapsed]", EV_OP_PROGRESS, TFC_ACTION_RENEW, "ephemeral.x.y",
	    NULL, NULL, 3);
	one("ephemeral.x.y: Still closing... [3s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CLOSE, "ephemeral.x.y",
	    NULL, NULL, 3);
	/* 0.11: parentheses, and the HumanId form of counted instances */
	one("aws_instance.web: Still creating... (10s elapsed)", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 10);
	one("aws_instance.web: Still destroying... (ID: i-0123, 1m20s elapsed)", EV_OP_PROGRESS,
	    TFC_ACTION_DELETE, "aws_instance.web", NULL, NULL, 80);
	one("aws_instance.web.12: Still creating... (10s elapsed)", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web[12]", NULL, NULL, 10);
	/* an unreadable elapsed figure still keeps the operation alive */
	one("aws_instance.web: Still creating... [soon elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, NAN);
	run("aws_instance.web: Still waiting... [10s elapsed]");
	count_is(0);
}

/* Elapsed figures read by the whole-h/m/s shortcut and the ones it leaves to
 * the general Go parse must come out alike. */
static void test_heartbeat_figures(void **state)
{
	(void)state;
	static const struct {
		const char *tail;
		double want;
	} cases[] = {
		{"[0s elapsed]", 0},
		{"[1h5s elapsed]", 3605},
		{"[2h0m0s elapsed]", 7200},
		{"[123456789s elapsed]", 123456789},
		{"[1234567890s elapsed]", 1234567890}, /* 10 digits: the general parse */
		{"[1m1m1s elapsed]", 121},              /* units repeated: general */
		{"[1s1m elapsed]", 61},                 /* no trailing s: general */
		{"[1.5s elapsed]", 1.5},
		{"[300ms elapsed]", 0.3},
		{"[5m3ms elapsed]", 300.003},
		{"[-5s elapsed]", -5},
		{"[id=a, 7s elapsed]", 7},
		{"(ID: b, 2m1s elapsed)", 121},
		{"[ms elapsed]", NAN},
		{"[m5s elapsed]", NAN},
		{"[x5s elapsed]", NAN},
		{"[5s5 elapsed]", NAN},
		{"[h1m5s elapsed]", NAN},
		{"[1hm5s elapsed]", NAN},
		{"[s elapsed]", NAN},
	};
	char text[128];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(text, sizeof text, "aws_instance.web: Still creating... %s", cases[i].tail);
		run(text);
		count_is(1);
		if (isnan(cases[i].want) ? !isnan(recs[0].e.seconds) : recs[0].e.seconds != cases[i].want)
			fail_msg("%s: %g, want %g", cases[i].tail, recs[0].e.seconds, cases[i].want);
	}
}

static void test_completions(void **state)
{
	(void)state;
	one("aws_instance.web: Creation complete after 13s [id=i-0382710118e5f441d]", EV_OP_COMPLETE,
	    TFC_ACTION_CREATE, "aws_instance.web", NULL, "i-0382710118e5f441d", 13);
	one("aws_instance.web: Creation complete after 1h2m3s [id=i-1]", EV_OP_COMPLETE, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, "i-1", 3723);
	one("aws_instance.web: Creation complete after 26h3m0s", EV_OP_COMPLETE, TFC_ACTION_CREATE,
	    "aws_instance.web", NULL, NULL, 93780);
	one("aws_instance.web: Modifications complete after 9m44s [id=i-1]", EV_OP_COMPLETE, TFC_ACTION_UPDATE,
	    "aws_instance.web", NULL, "i-1", 584);
	one("aws_instance.web: Destruction complete after 0s", EV_OP_COMPLETE, TFC_ACTION_DELETE,
	    "aws_instance.web", NULL, NULL, 0);
	one("data.aws_ami.u: Read complete after 1s [id=ami-1]", EV_OP_COMPLETE, TFC_ACTION_READ,
	    "data.aws_ami.u", NULL, "ami-1", 1);
	one("ephemeral.x.y: Opening complete after 1s", EV_OP_COMPLETE, TFC_ACTION_OPEN, "ephemeral.x.y", NULL,
	    NULL, 1);
	one("ephemeral.x.y: Open complete after 2s", EV_OP_COMPLETE, TFC_ACTION_OPEN, "ephemeral.x.y", NULL,
	    NULL, 2);
	one("ephemeral.x.y: Renewal complete after 3s", EV_OP_COMPLETE, TFC_ACTION_RENEW, "ephemeral.x.y", NULL,
	    NULL, 3);
	one("ephemeral.x.y: Renew complete after 4s", EV_OP_COMPLETE, TFC_ACTION_RENEW, "ephemeral.x.y", NULL,
	    NULL, 4);
	one("ephemeral.x.y: Closing complete after 5s", EV_OP_COMPLETE, TFC_ACTION_CLOSE, "ephemeral.x.y", NULL,
	    NULL, 5);
	one("ephemeral.x.y: Close complete after 6s", EV_OP_COMPLETE, TFC_ACTION_CLOSE, "ephemeral.x.y", NULL,
	    NULL, 6);
	one("aws_s3_bucket.b: Import complete [id=my-bucket]", EV_OP_COMPLETE, TFC_ACTION_IMPORT,
	    "aws_s3_bucket.b", NULL, "my-bucket", NAN);
	one("aws_s3_bucket.b: Import complete", EV_OP_COMPLETE, TFC_ACTION_IMPORT, "aws_s3_bucket.b", NULL, NULL,
	    NAN);
	one("aws_instance.web: Import complete!", EV_OP_COMPLETE, TFC_ACTION_IMPORT, "aws_instance.web", NULL,
	    NULL, NAN);
	one("aws_instance.web: Import prepared!", EV_OP_COMPLETE, TFC_ACTION_IMPORT, "aws_instance.web", NULL,
	    NULL, NAN);
	/* 0.11 */
	one("cloudflare_worker_script.s: Creation complete after 1s (ID: zone:example.com)", EV_OP_COMPLETE,
	    TFC_ACTION_CREATE, "cloudflare_worker_script.s", NULL, "zone:example.com", 1);
	/* a truncated figure: still a completion */
	one("aws_instance.web: Creation complete after ", EV_OP_COMPLETE, TFC_ACTION_CREATE, "aws_instance.web",
	    NULL, NULL, NAN);
	run("aws_s3_bucket.b: Import completed badly");
	count_is(0);
}

static void test_deposed(void **state)
{
	(void)state;
	/* ≥0.15: the key on both lines */
	run("aws_instance.foo (deposed object 1a2b3c4d): Destroying... [id=i-123]\n"
	    "aws_instance.foo (deposed object 1a2b3c4d): Still destroying... [id=i-123, 10s elapsed]\n"
	    "aws_instance.foo (deposed object 1a2b3c4d): Destruction complete after 12s");
	count_is(3);
	op(0, EV_OP_START, TFC_ACTION_DELETE, "aws_instance.foo", "1a2b3c4d", "i-123", NAN);
	op(1, EV_OP_PROGRESS, TFC_ACTION_DELETE, "aws_instance.foo", "1a2b3c4d", NULL, 10);
	op(2, EV_OP_COMPLETE, TFC_ACTION_DELETE, "aws_instance.foo", "1a2b3c4d", NULL, 12);
	/* 0.12–0.14: the bare key on the start only */
	run("aws_instance.foo (1a2b3c4d): Destroying... [id=i-123]\n"
	    "aws_instance.foo: Destruction complete after 1s");
	count_is(2);
	op(0, EV_OP_START, TFC_ACTION_DELETE, "aws_instance.foo", "1a2b3c4d", "i-123", NAN);
	op(1, EV_OP_COMPLETE, TFC_ACTION_DELETE, "aws_instance.foo", NULL, NULL, 1);
	/* neither a key nor a provisioner */
	run("aws_instance.foo (not a key!): Destroying...\n"
	    "aws_instance.foo (deposed object 1a2b3c4d: Destroying...\n"
	    "aws_instance.foo will: Destroying...");
	count_is(0);
}

static void test_refresh(void **state)
{
	(void)state;
	one("aws_ssm_parameter.p4: Refreshing state... [id=p4]", EV_REFRESH, TFC_ACTION_READ,
	    "aws_ssm_parameter.p4", NULL, "p4", NAN);
	one("data.aws_ami.u: Refreshing state...", EV_REFRESH, TFC_ACTION_READ, "data.aws_ami.u", NULL, NULL,
	    NAN);
	one("aws_instance.web: Refreshing state... (ID: i-0123)", EV_REFRESH, TFC_ACTION_READ,
	    "aws_instance.web", NULL, "i-0123", NAN);
}

static void test_provisioners(void **state)
{
	(void)state;
	run("null_resource.empty: Provisioning with 'local-exec'...\n"
	    "null_resource.empty (local-exec): Executing: [\"/bin/sh\" \"-c\" \"echo 'sleeping...'\"]\n"
	    "null_resource.empty (remote-exec): Connecting to remote host via SSH...\n"
	    "null_resource.empty (local-exec):\n"
	    "null_resource.empty: (local-exec): json-style output\n"
	    "null_resource.empty: (local-exec) Provisioning complete");
	count_is(6);
	for (size_t i = 0; i < 6; i++) {
		op(i, EV_PROVISION, recs[i].e.action, "null_resource.empty", NULL, NULL, NAN);
		str_is("text", recs[i].text, i == 2 ? "remote-exec" : "local-exec", i);
	}
	str_is("detail", recs[0].detail, NULL, 0);
	str_is("detail", recs[1].detail, "Executing: [\"/bin/sh\" \"-c\" \"echo 'sleeping...'\"]", 1);
	str_is("detail", recs[2].detail, "Connecting to remote host via SSH...", 2);
	str_is("detail", recs[3].detail, "", 3);
	str_is("detail", recs[4].detail, "json-style output", 4);
	str_is("detail", recs[5].detail, NULL, 5);
	/* a provisioner named like a deposed key cannot exist (8 hex digits) */
	run("null_resource.x (deadbeef): Destroying...");
	count_is(1);
	op(0, EV_OP_START, TFC_ACTION_DELETE, "null_resource.x", "deadbeef", NULL, NAN);
}

static void test_awkward_addresses(void **state)
{
	(void)state;
	one("vsphere_virtual_machine.vm[\"caddeapllx2598.agil.nprd.caixa.gov.br\"]: Creating...", EV_OP_START,
	    TFC_ACTION_CREATE, "vsphere_virtual_machine.vm[\"caddeapllx2598.agil.nprd.caixa.gov.br\"]", NULL, NULL,
	    NAN);
	one("aws_x.y[\"a.b: c\"]: Creation complete after 1s [id=q]", EV_OP_COMPLETE, TFC_ACTION_CREATE,
	    "aws_x.y[\"a.b: c\"]", NULL, "q", 1);
	one("aws_x.y[\"x\\\"y\"]: Still creating... [10s elapsed]", EV_OP_PROGRESS, TFC_ACTION_CREATE,
	    "aws_x.y[\"x\\\"y\"]", NULL, NULL, 10);
	one("module.eks.module.eks_managed_node_group[\"initial\"].data.aws_partition.current: Reading...",
	    EV_OP_START, TFC_ACTION_READ,
	    "module.eks.module.eks_managed_node_group[\"initial\"].data.aws_partition.current", NULL, NULL, NAN);
	one("module.core[3].module.role[\"a b\"].aws_iam_role.this[\"x]\"]: Destroying... [id=r]", EV_OP_START,
	    TFC_ACTION_DELETE, "module.core[3].module.role[\"a b\"].aws_iam_role.this[\"x]\"]", NULL, "r", NAN);
	one("aws_x.y[\"k\"] (deposed object 0f0f0f0f): Destroying...", EV_OP_START, TFC_ACTION_DELETE,
	    "aws_x.y[\"k\"]", "0f0f0f0f", NULL, NAN);
}

/* Addresses seen before are recognised from a cache: many distinct ones
 * (slot collisions, replacement), keys holding ": ", a cached address
 * followed by a suffix, and lookalikes must all come out exactly right. */
static void test_repeated_addresses(void **state)
{
	(void)state;
	static char text[1 << 20];
	char want[700][96];
	size_t n = 0, off = 0;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 300; i++) {
			if (i % 3 == 0)
				snprintf(want[n], sizeof want[n], "module.m[%d].aws_x.y", i);
			else if (i % 3 == 1)
				snprintf(want[n], sizeof want[n], "aws_x.y[\"k: %d\"]", i);
			else
				snprintf(want[n], sizeof want[n], "random_integer.sleep[%d]", i);
			off += (size_t)snprintf(text + off, sizeof text - off, "%s: Still creating... [%ds elapsed]\n",
						want[n], 10 * (round + 1));
			n++;
		}
	}
	snprintf(want[n++], sizeof want[0], "random_integer.sleep[5]");
	off += (size_t)snprintf(text + off, sizeof text - off,
				"random_integer.sleep[5] (local-exec): out: more\n"
				"random_integer.sleep[5]x: Creating...\n"
				"random_integer.sleep[5] : Creating...\n");
	run(text);
	count_is(n);
	for (size_t i = 0; i + 1 < n; i++)
		op(i, EV_OP_PROGRESS, TFC_ACTION_CREATE, want[i], NULL, NULL, i < 300 ? 10 : 20);
	op(n - 1, EV_PROVISION, recs[n - 1].e.action, want[n - 1], NULL, NULL, NAN);
	str_is("detail", recs[n - 1].detail, "out: more", n - 1);
}

/* ---- plan ----------------------------------------------------------------- */

static void test_plan_headers(void **state)
{
	(void)state;
	run("  # aws_instance.a will be created\n"
	    "  # aws_instance.b will be updated in-place\n"
	    "  # aws_instance.c will be destroyed\n"
	    "  # aws_instance.d must be replaced\n"
	    "  # aws_instance.e is tainted, so must be replaced\n"
	    "  # aws_instance.f will be replaced, as requested\n"
	    "  # aws_instance.g will be replaced due to changes in replace_triggered_by\n"
	    "  # data.aws_ami.h will be read during apply\n"
	    "  # aws_s3_bucket.i will be imported\n"
	    "  # aws_instance.j (deposed object 1a2b3c4d) will be destroyed\n"
	    "  # module.m[\"a b\"].aws_x.k[\"q: r\"] will be created");
	count_is(15);
	op(0, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.a", NULL, NULL, NAN);
	op(1, EV_OP_PLANNED, TFC_ACTION_UPDATE, "aws_instance.b", NULL, NULL, NAN);
	op(2, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.c", NULL, NULL, NAN);
	op(3, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.d", NULL, NULL, NAN);
	op(4, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.d", NULL, NULL, NAN);
	op(5, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.e", NULL, NULL, NAN);
	op(6, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.e", NULL, NULL, NAN);
	op(7, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.f", NULL, NULL, NAN);
	op(8, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.f", NULL, NULL, NAN);
	op(9, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.g", NULL, NULL, NAN);
	op(10, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.g", NULL, NULL, NAN);
	op(11, EV_OP_PLANNED, TFC_ACTION_READ, "data.aws_ami.h", NULL, NULL, NAN);
	op(12, EV_OP_PLANNED, TFC_ACTION_IMPORT, "aws_s3_bucket.i", NULL, NULL, NAN);
	op(13, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.j", "1a2b3c4d", NULL, NAN);
	op(14, EV_OP_PLANNED, TFC_ACTION_CREATE, "module.m[\"a b\"].aws_x.k[\"q: r\"]", NULL, NULL, NAN);

	one("aws_s3_bucket.b: Preparing import... [id=my-bucket]", EV_OP_PLANNED, TFC_ACTION_IMPORT,
	    "aws_s3_bucket.b", NULL, "my-bucket", NAN);

	/* drift, moves, body lines and reasons are not operations */
	run("  # aws_instance.a has changed\n"
	    "  # aws_instance.b has been deleted\n"
	    "  # aws_instance.c has moved to aws_instance.d\n"
	    "  # (because aws_ssm_parameter.p4 is not in configuration)\n"
	    "  # aws_instance.e was deferred\n"
	    "  # aws_instance.f\n"
	    "  + resource \"aws_ssm_parameter\" \"bad\" {\n"
	    "-/+ resource \"aws_ssm_parameter\" \"p1\" {\n"
	    " <= data \"aws_ami\" \"u\" {\n"
	    "      + arn            = (known after apply)\n"
	    "      ~ name           = \"p6\" -> \"new-p6\" # forces replacement\n"
	    "  + foo = \"bar\"\n"
	    "-/+ destroy and then create replacement\n"
	    "+/- create replacement and then destroy\n"
	    "  ~ update in-place\n"
	    "  - destroy\n"
	    " <= read (data resources)");
	count_is(0);
}

static void test_plan_0_11(void **state)
{
	(void)state;
	run("  + cloudflare_worker_route.my_route\n"
	    "      id:           <computed>\n"
	    "  ~ aws_instance.b\n"
	    "  - aws_instance.c\n"
	    "-/+ aws_instance.d (new resource required)\n"
	    "+/- aws_instance.e\n"
	    " <= data.aws_ami.f\n"
	    "  - module.m.aws_instance.g (deposed)");
	count_is(9);
	op(0, EV_OP_PLANNED, TFC_ACTION_CREATE, "cloudflare_worker_route.my_route", NULL, NULL, NAN);
	op(1, EV_OP_PLANNED, TFC_ACTION_UPDATE, "aws_instance.b", NULL, NULL, NAN);
	op(2, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.c", NULL, NULL, NAN);
	op(3, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.d", NULL, NULL, NAN);
	op(4, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.d", NULL, NULL, NAN);
	op(5, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_instance.e", NULL, NULL, NAN);
	op(6, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_instance.e", NULL, NULL, NAN);
	op(7, EV_OP_PLANNED, TFC_ACTION_READ, "data.aws_ami.f", NULL, NULL, NAN);
	op(8, EV_OP_PLANNED, TFC_ACTION_DELETE, "module.m.aws_instance.g", NULL, NULL, NAN);
}

/* ---- summaries, hints, interrupts ------------------------------------------- */

static void summary_is(size_t i, ev_summary_kind kind, int imported, int added, int changed, int destroyed,
		       int forgotten)
{
	assert_true(i < n_recs);
	const ev *e = &recs[i].e;
	assert_int_equal(e->kind, EV_SUMMARY);
	assert_int_equal(e->summary_kind, kind);
	assert_int_equal(e->imported, imported);
	assert_int_equal(e->added, added);
	assert_int_equal(e->changed, changed);
	assert_int_equal(e->destroyed, destroyed);
	assert_int_equal(e->forgotten, forgotten);
}

static void test_summaries(void **state)
{
	(void)state;
	run("Apply complete! Resources: 3 added, 1 changed, 4 destroyed.\n"
	    "Apply complete! Resources: 2 imported, 0 added, 5 changed, 0 destroyed.\n"
	    "Apply complete! Resources: 1 added, 0 changed, 2 destroyed, 3 forgotten.\n"
	    "Apply complete! Resources: 1 added, 0 changed, 0 destroyed. Actions: 2 invoked, 1 failed.\n"
	    "Destroy complete! Resources: 1510 destroyed.\n"
	    "Plan: 3 to add, 1 to change, 4 to destroy.\n"
	    "Plan: 1 to import, 0 to add, 2 to change, 0 to destroy.\n"
	    "Plan: 0 to add, 0 to change, 0 to destroy, 2 to forget.");
	count_is(8);
	summary_is(0, EV_SUMMARY_APPLY, 0, 3, 1, 4, 0);
	summary_is(1, EV_SUMMARY_APPLY, 2, 0, 5, 0, 0);
	summary_is(2, EV_SUMMARY_APPLY, 0, 1, 0, 2, 3);
	summary_is(3, EV_SUMMARY_APPLY, 0, 1, 0, 0, 0);
	summary_is(4, EV_SUMMARY_DESTROY, 0, 0, 0, 1510, 0);
	summary_is(5, EV_SUMMARY_PLAN, 0, 3, 1, 4, 0);
	summary_is(6, EV_SUMMARY_PLAN, 1, 0, 2, 0, 0);
	summary_is(7, EV_SUMMARY_PLAN, 0, 0, 0, 0, 2);

	/* not summaries */
	run("Plan: none\nApply complete!\nApply complete! Resources: lots\nDestroy complete");
	assert_int_equal(n_recs, 1); /* "Resources: lots" is still an apply summary, counts 0 */
	summary_is(0, EV_SUMMARY_APPLY, 0, 0, 0, 0, 0);
}

static void command_is(size_t i, tfc_command c)
{
	assert_true(i < n_recs);
	assert_int_equal(recs[i].e.kind, EV_COMMAND);
	assert_int_equal(recs[i].e.command, c);
}

static void tool_is(size_t i, const char *tool, const char *version)
{
	assert_true(i < n_recs);
	assert_int_equal(recs[i].e.kind, EV_VERSION);
	str_is("text", recs[i].text, tool, i);
	str_is("detail", recs[i].detail, version, i);
}

static void test_command_hints(void **state)
{
	(void)state;
	run("Terraform will perform the following actions:\n"
	    "OpenTofu will perform the following actions:\n"
	    "Terraform used the selected providers to generate the following execution\n"
	    "OpenTofu used the selected providers to generate the following execution\n"
	    "An execution plan has been generated and is shown below.\n"
	    "No changes. Your infrastructure matches the configuration.\n"
	    "Do you want to perform these actions?\n"
	    "Do you really want to destroy all resources?\n"
	    "Initializing the backend...\n"
	    "Initializing provider plugins...\n"
	    "Terraform has been successfully initialized!\n"
	    "OpenTofu has been successfully initialized!\n"
	    "Import successful!\n"
	    "Terraform v1.5.7\n"
	    "OpenTofu v1.6.0 on linux_amd64\n"
	    "Terraform used the selected providers\n");
	count_is(23);
	command_is(21, TFC_COMMAND_PLAN); /* wrapped on a narrow terminal */
	tool_is(22, "terraform", NULL);
	command_is(0, TFC_COMMAND_PLAN);
	tool_is(1, "terraform", NULL);
	command_is(2, TFC_COMMAND_PLAN);
	tool_is(3, "opentofu", NULL);
	command_is(4, TFC_COMMAND_PLAN);
	tool_is(5, "terraform", NULL);
	command_is(6, TFC_COMMAND_PLAN);
	tool_is(7, "opentofu", NULL);
	command_is(8, TFC_COMMAND_PLAN);
	command_is(9, TFC_COMMAND_PLAN);
	command_is(10, TFC_COMMAND_APPLY);
	command_is(11, TFC_COMMAND_DESTROY);
	command_is(12, TFC_COMMAND_INIT);
	command_is(13, TFC_COMMAND_INIT);
	command_is(14, TFC_COMMAND_INIT);
	tool_is(15, "terraform", NULL);
	command_is(16, TFC_COMMAND_INIT);
	tool_is(17, "opentofu", NULL);
	command_is(18, TFC_COMMAND_IMPORT);
	tool_is(19, "terraform", "1.5.7");
	tool_is(20, "opentofu", "1.6.0");

	/* indented prompt text and lookalikes are not hints */
	run("  Terraform will perform the actions described above.\n"
	    "Terraform vNext\n"
	    "Noting changes.\n"
	    "  Enter a value: yes");
	count_is(0);
}

static void test_interrupts(void **state)
{
	(void)state;
	run("Interrupt received.\n"
	    "Please wait for Terraform to exit or data loss may occur.\n"
	    "Gracefully shutting down...\n"
	    "Stopping operation...\n"
	    "Two interrupts received. Exiting immediately. Note that data loss may have occurred.\n"
	    "Apply cancelled.\n"
	    "Destroy cancelled.");
	count_is(5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(recs[i].e.kind, EV_INTERRUPT);
	str_is("text", recs[0].text, "Interrupt received.", 0);
	str_is("text", recs[4].text, "Destroy cancelled.", 4);
	assert_int_equal(recs[3].e.line, 6);
}

/* ---- diagnostics ------------------------------------------------------------- */

static void test_diag_framed(void **state)
{
	(void)state;
	/* colour stripped: the empty rule lines keep a trailing space */
	run("\xE2\x95\xB7\n"
	    "\xE2\x94\x82 Error: creating EKS Node Group: timeout\n"
	    "\xE2\x94\x82 \n"
	    "\xE2\x94\x82   with module.vpc.aws_vpc.this[0],\n"
	    "\xE2\x94\x82   on .terraform/modules/vpc/main.tf line 28, in resource \"aws_vpc\" \"this\":\n"
	    "\xE2\x94\x82   28: resource \"aws_vpc\" \"this\" {\n"
	    "\xE2\x94\x82 \n"
	    "\xE2\x94\x82 The request timed out after 10m.\n"
	    "\xE2\x94\x82 Second line of detail.\n"
	    "\xE2\x95\xB5\n"
	    "\xE2\x95\xB7\n"
	    "\xE2\x94\x82 Warning: Argument is deprecated\n"
	    "\xE2\x94\x82\n"
	    "\xE2\x94\x82   with aws_s3_bucket.b,\n"
	    "\xE2\x94\x82 \n"
	    "\xE2\x94\x82 Use the aws_s3_bucket_acl resource instead\n"
	    "\xE2\x95\xB5");
	count_is(2);
	diag(0, EV_SEV_ERROR, "creating EKS Node Group: timeout", "module.vpc.aws_vpc.this[0]",
	     "The request timed out after 10m.");
	assert_int_equal(recs[0].e.line, 2);
	diag(1, EV_SEV_WARNING, "Argument is deprecated", "aws_s3_bucket.b",
	     "Use the aws_s3_bucket_acl resource instead");
	assert_int_equal(recs[1].e.line, 12);

	/* a frame cut off by the end of the log, and one without its top */
	run("\xE2\x94\x82 Error: no top rule\n"
	    "\xE2\x94\x82   with aws_x.y,\n"
	    "\xE2\x95\xB5\n"
	    "\xE2\x95\xB7\n"
	    "\xE2\x94\x82 Error: Invalid provider configuration\n"
	    "\xE2\x94\x82 \n"
	    "\xE2\x94\x82 Provider \"registry.terraform.io/hashicorp/aws\" requires explicit configuration.");
	count_is(2);
	diag(0, EV_SEV_ERROR, "no top rule", "aws_x.y", NULL);
	diag(1, EV_SEV_ERROR, "Invalid provider configuration", NULL,
	     "Provider \"registry.terraform.io/hashicorp/aws\" requires explicit configuration.");
}

static void test_diag_no_color(void **state)
{
	(void)state;
	/* as in tf-profile's failures log: summary continued on a tab line */
	run("aws_ssm_parameter.good: Creation complete after 1s [id=/no/slash/at/end]\n"
	    "\n"
	    "Error: creating SSM Parameter (/slash/at/end/): ValidationException: Parameter name must not end with slash.\n"
	    "\tstatus code: 400, request id: 99b72eaf\n"
	    "\n"
	    "  with aws_ssm_parameter.bad,\n"
	    "  on provider.tf line 15, in resource \"aws_ssm_parameter\" \"bad\":\n"
	    "  15: resource \"aws_ssm_parameter\" \"bad\" {\n"
	    "\n"
	    "\n"
	    "Error: second\n"
	    "\n"
	    "  with aws_ssm_parameter.bad2[2],\n"
	    "  on provider.tf line 27, in resource \"aws_ssm_parameter\" \"bad2\":\n"
	    "  27: resource \"aws_ssm_parameter\" \"bad2\" {\n"
	    "\n"
	    "The detail paragraph after the snippet.\n"
	    "More detail.\n"
	    "aws_x.after: Creating...");
	count_is(4);
	op(0, EV_OP_COMPLETE, TFC_ACTION_CREATE, "aws_ssm_parameter.good", NULL, "/no/slash/at/end", 1);
	diag(1, EV_SEV_ERROR,
	     "creating SSM Parameter (/slash/at/end/): ValidationException: Parameter name must not end with slash.",
	     "aws_ssm_parameter.bad", "status code: 400, request id: 99b72eaf");
	assert_int_equal(recs[1].e.line, 3);
	diag(2, EV_SEV_ERROR, "second", "aws_ssm_parameter.bad2[2]", "The detail paragraph after the snippet.");
	op(3, EV_OP_START, TFC_ACTION_CREATE, "aws_x.after", NULL, NULL, NAN);

	/* a warning whose detail is followed by more text, then an error (argo.log) */
	run("Warning: \"default_secret_name\" is no longer applicable\n"
	    "\n"
	    "  with module.a[0].kubernetes_service_account_v1.irsa[0],\n"
	    "  on ../../modules/irsa/main.tf line 37, in resource \"kubernetes_service_account_v1\" \"irsa\":\n"
	    "  37: resource \"kubernetes_service_account_v1\" \"irsa\" {\n"
	    "\n"
	    "Starting from version 1.24.0 Kubernetes does not automatically generate a\n"
	    "token for service accounts\n"
	    "\n"
	    "(and 4 more similar warnings elsewhere)\n"
	    "\n"
	    "Error: waiting for EKS Node Group to create: last error: 2 errors occurred:\n"
	    "\t* eks-initial-54c3e8a9: AsgInstanceLaunchFailures: Could not launch\n"
	    "\t* i-01eddece9d1bc2b7f, i-036e821410e234ac7: NodeCreationFailure: Instances failed to join\n"
	    "\n"
	    "\n"
	    "\n"
	    "  with module.eks.module.eks_managed_node_group[\"initial\"].aws_eks_node_group.this[0],\n"
	    "  on .terraform/modules/eks/modules/eks-managed-node-group/main.tf line 308, in resource \"aws_eks_node_group\" \"this\":\n"
	    " 308: resource \"aws_eks_node_group\" \"this\" {\n"
	    "\n");
	count_is(2);
	diag(0, EV_SEV_WARNING, "\"default_secret_name\" is no longer applicable",
	     "module.a[0].kubernetes_service_account_v1.irsa[0]",
	     "Starting from version 1.24.0 Kubernetes does not automatically generate a");
	diag(1, EV_SEV_ERROR, "waiting for EKS Node Group to create: last error: 2 errors occurred:",
	     "module.eks.module.eks_managed_node_group[\"initial\"].aws_eks_node_group.this[0]",
	     "* eks-initial-54c3e8a9: AsgInstanceLaunchFailures: Could not launch");
	assert_int_equal(recs[1].e.line, 12);
}

static void test_diag_0_12(void **state)
{
	(void)state;
	/* no "with": the address is unknown; `in resource "T" "N"` goes to detail */
	run("Error: Kubernetes cluster unreachable\n"
	    "\n"
	    "  on main.tf line 16, in resource \"helm_release\" \"x\":\n"
	    "  16: resource \"helm_release\" \"x\" {\n"
	    "\n"
	    "\n"
	    "Error: Invalid data source\n"
	    "\n"
	    "  on data.tf line 2, in data \"aws_ami\" \"u\":\n"
	    "\n"
	    "Error: Invalid provider configuration\n"
	    "\n"
	    "Provider requires explicit configuration.\n"
	    "\n"
	    "Outputs:\n"
	    "\n"
	    "Note: Objects have changed outside of Terraform");
	count_is(3);
	diag(0, EV_SEV_ERROR, "Kubernetes cluster unreachable", NULL, "helm_release.x");
	diag(1, EV_SEV_ERROR, "Invalid data source", NULL, "data.aws_ami.u");
	diag(2, EV_SEV_ERROR, "Invalid provider configuration", NULL, "Provider requires explicit configuration.");
}

static void test_diag_0_11(void **state)
{
	(void)state;
	run("aws_instance.foo: Creating...\n"
	    "Error: Error applying plan:\n"
	    "\n"
	    "3 errors occurred:\n"
	    "\t* aws_instance.foo: 1 error(s) occurred:\n"
	    "\n"
	    "* aws_instance.foo: Error launching source instance: timeout\n"
	    "\t* module.x.aws_y.z: something failed\n"
	    "\t* aws_instance.bar (destroy): cannot destroy\n"
	    "\t* aws_instance.web.1: counted\n"
	    "\t* provider.aws: no credentials\n"
	    "\n"
	    "Terraform does not automatically rollback in the face of errors.\n"
	    "Instead, your Terraform state file has been partially updated with\n"
	    "any resources that successfully completed.");
	count_is(6);
	op(0, EV_OP_START, TFC_ACTION_CREATE, "aws_instance.foo", NULL, NULL, NAN);
	diag(1, EV_SEV_ERROR, "Error launching source instance: timeout", "aws_instance.foo", NULL);
	diag(2, EV_SEV_ERROR, "something failed", "module.x.aws_y.z", NULL);
	diag(3, EV_SEV_ERROR, "cannot destroy", "aws_instance.bar", NULL);
	diag(4, EV_SEV_ERROR, "counted", "aws_instance.web[1]", NULL);
	assert_int_equal(recs[1].e.line, 7);
	/* the provider error names no resource: the header stands for it */
	diag(5, EV_SEV_ERROR, "Error applying plan:", NULL, "3 errors occurred:");
	assert_int_equal(recs[5].e.line, 2);

	run("Error: Error refreshing state: 1 error(s) occurred:\n"
	    "\n"
	    "* provider.aws: no credentials");
	count_is(1);
	diag(0, EV_SEV_ERROR, "Error refreshing state: 1 error(s) occurred:", NULL, "* provider.aws: no credentials");
}

static void test_diag_0_11_header_suppressed(void **state)
{
	(void)state;
	run("Error: Error applying plan:\n"
	    "\n"
	    "1 error occurred:\n"
	    "\t* aws_instance.foo: boom\n"
	    "\n"
	    "Terraform does not automatically rollback in the face of errors.");
	count_is(1);
	diag(0, EV_SEV_ERROR, "boom", "aws_instance.foo", NULL);
}

static void test_diag_endings(void **state)
{
	(void)state;
	/* the next diagnostic, a recognised line, or the end of input ends one */
	run("Error: one\n"
	    "Warning: two\n"
	    "aws_x.y: Creating...\n"
	    "Error: three");
	count_is(4);
	diag(0, EV_SEV_ERROR, "one", NULL, NULL);
	diag(1, EV_SEV_WARNING, "two", NULL, NULL);
	op(2, EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, NULL, NAN);
	diag(3, EV_SEV_ERROR, "three", NULL, NULL);
	assert_int_equal(recs[3].e.line, 4);

	/* a frame opening ends an unframed one; an unframed one ends a frame */
	run("Error: plain\n"
	    "\xE2\x95\xB7\n"
	    "\xE2\x94\x82 Error: framed\n"
	    "Error: plain again\n"
	    "\n"
	    "  with aws_x.z,\n"
	    "\n"
	    "\n"
	    "Plan: 1 to add, 0 to change, 0 to destroy.");
	count_is(4);
	diag(0, EV_SEV_ERROR, "plain", NULL, NULL);
	diag(1, EV_SEV_ERROR, "framed", NULL, NULL);
	diag(2, EV_SEV_ERROR, "plain again", "aws_x.z", NULL);
	summary_is(3, EV_SUMMARY_PLAN, 0, 1, 0, 0, 0);

	/* Error:/Warning: only count at the start of a line */
	run("  Error: indented\nErrors: 3\nError:missing space\nWarnings: none");
	count_is(0);
}

static void test_compact_warnings(void **state)
{
	(void)state;
	run("Warnings:\n"
	    "\n"
	    "- Argument is deprecated\n"
	    "  on main.tf line 5 (and 2 more)\n"
	    "- Value for undeclared variable\n"
	    "\n"
	    "To see the full warning notes, run Terraform without -compact-warnings.\n"
	    "- not a warning any more");
	count_is(2);
	diag(0, EV_SEV_WARNING, "Argument is deprecated", NULL, NULL);
	diag(1, EV_SEV_WARNING, "Value for undeclared variable", NULL, NULL);
}

/* A copied colour log lost its ESC bytes; the cleaner removed the "[0m[1m"
 * remnants at the line edges, these are the ones left inside. */
static void test_remnants_inside_lines(void **state)
{
	(void)state;
	run("  # aws_db_instance.db[0m will be created\n"
	    "  # aws_x.y[0][0m will be [1m[31mdestroyed\n"
	    "  # aws_x.z[\"[0m\"] will be created\n"
	    "Plan:[0m 2 to add, 0 to change, 1 to destroy.\n"
	    "aws_instance.web: Still creating... [1m0s elapsed]\n"
	    "\xE2\x95\xB7[0m[0m\n"
	    "\xE2\x94\x82[0m [0m[1m[31mError: [0m[0m[1mcreating RDS DB Instance (db): bad combination\n"
	    "\xE2\x94\x82[0m [0m\n"
	    "\xE2\x94\x82[0m [0m[0m  with aws_db_instance.db,\n"
	    "\xE2\x94\x82[0m [0m  on main.tf line 20, in resource \"aws_db_instance\" \"db\":\n"
	    "\xE2\x94\x82[0m [0m  20: resource \"aws_db_instance\" \"db\" [4m{\n"
	    "\xE2\x94\x82[0m [0m\n"
	    "\xE2\x95\xB5[0m[0m");
	count_is(6);
	op(0, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_db_instance.db", NULL, NULL, NAN);
	op(1, EV_OP_PLANNED, TFC_ACTION_DELETE, "aws_x.y[0]", NULL, NULL, NAN);
	op(2, EV_OP_PLANNED, TFC_ACTION_CREATE, "aws_x.z[\"[0m\"]", NULL, NULL, NAN);
	summary_is(3, EV_SUMMARY_PLAN, 0, 2, 0, 1, 0);
	op(4, EV_OP_PROGRESS, TFC_ACTION_CREATE, "aws_instance.web", NULL, NULL, 60);
	diag(5, EV_SEV_ERROR, "creating RDS DB Instance (db): bad combination", "aws_db_instance.db", NULL);
}

/* ---- prefixes: units and times --------------------------------------------- */

static void test_units_and_times(void **state)
{
	(void)state;
	run_with("null_resource.empty: Creating...\n"
		 "\n"
		 "Error: boom\n"
		 "\n"
		 "  with null_resource.empty,\n"
		 "  on main.tf line 1, in resource \"null_resource\" \"empty\":\n",
		 "unit1", 1000.5);
	count_is(7); /* start, EV_TIME for the blank and each diagnostic line, then the diagnostic */
	op(0, EV_OP_START, TFC_ACTION_CREATE, "null_resource.empty", NULL, NULL, NAN);
	str_is("unit", recs[0].unit, "unit1", 0);
	assert_true(recs[0].e.time == 1000.5);
	assert_int_equal(recs[0].e.time_from, TFC_TIMES_PREFIX);
	assert_true(recs[0].e.time_dated);
	for (size_t i = 1; i < 6; i++) {
		assert_int_equal(recs[i].e.kind, EV_TIME);
		assert_true(recs[i].e.time == 1000.5);
		str_is("unit", recs[i].unit, "unit1", i);
	}
	assert_int_equal(recs[1].e.line, 2);
	diag(6, EV_SEV_ERROR, "boom", "null_resource.empty", NULL);
	str_is("unit", recs[6].unit, "unit1", 6);
	assert_true(recs[6].e.time == 1000.5);
	assert_int_equal(recs[6].e.time_from, TFC_TIMES_PREFIX);
	assert_int_equal(recs[6].e.line, 3);

	/* without a time: no EV_TIME, no time_from */
	run("\nrandom text\n");
	count_is(0);
	one("aws_x.y: Creating...", EV_OP_START, TFC_ACTION_CREATE, "aws_x.y", NULL, NULL, NAN);
	assert_true(isnan(recs[0].e.time));
	assert_int_equal(recs[0].e.time_from, 0);
	assert_null(recs[0].unit);
	assert_int_equal(recs[0].e.line, 1);
}

static tfc_rc sink_ctx(void *ctx, const ev *e)
{
	(void)e;
	++*(int *)ctx;
	return TFC_OK;
}

static void test_units_keep_diagnostics_apart(void **state)
{
	(void)state;
	/* Terragrunt run-all: another unit's lines pass an open diagnostic by */
	reset();
	plain_parser *pp = plain_new(sink, NULL);
	assert_non_null(pp);
	const struct {
		const char *unit, *text;
	} lines[] = {
		{"a", "Error: in a"},
		{"b", "null_resource.x: Creating..."},
		{"a", ""},
		{"b", "null_resource.x: Creation complete after 1s"},
		{"a", "  with null_resource.x,"},
		{"a", ""},
		{"a", ""},
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		line ln = {.text = sv_cstr(lines[i].text), .unit = sv_cstr(lines[i].unit), .time = NAN};
		assert_int_equal(plain_line(pp, &ln, i + 1), TFC_OK);
	}
	assert_int_equal(plain_finish(pp), TFC_OK);
	plain_free(pp);
	count_is(3);
	op(0, EV_OP_START, TFC_ACTION_CREATE, "null_resource.x", NULL, NULL, NAN);
	str_is("unit", recs[0].unit, "b", 0);
	op(1, EV_OP_COMPLETE, TFC_ACTION_CREATE, "null_resource.x", NULL, NULL, 1);
	diag(2, EV_SEV_ERROR, "in a", "null_resource.x", NULL);
	str_is("unit", recs[2].unit, "a", 2);
}

static void test_ci_marks_ignored(void **state)
{
	(void)state;
	int n = 0;
	plain_parser *pp = plain_new(sink_ctx, &n);
	assert_non_null(pp);
	line ln = {.text = SV_LIT("aws_x.y: Creating..."), .time = 5, .marker = LINE_CI_MARK};
	assert_int_equal(plain_line(pp, &ln, 1), TFC_OK);
	assert_int_equal(n, 0);
	ln.marker = LINE_TEXT;
	assert_int_equal(plain_line(pp, &ln, 2), TFC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(plain_finish(pp), TFC_OK);
	plain_free(pp);
	plain_free(NULL);
	assert_null(plain_new(NULL, NULL));
}

static tfc_rc sink_stop(void *ctx, const ev *e)
{
	(void)ctx;
	(void)e;
	return TFC_ENOMEM;
}

static void test_sink_error_propagates(void **state)
{
	(void)state;
	plain_parser *pp = plain_new(sink_stop, NULL);
	assert_non_null(pp);
	line ln = {.text = SV_LIT("aws_x.y: Creating..."), .time = NAN};
	assert_int_equal(plain_line(pp, &ln, 1), TFC_ENOMEM);
	ln.text = SV_LIT("Error: x");
	assert_int_equal(plain_line(pp, &ln, 2), TFC_OK); /* collected, not yet emitted */
	assert_int_equal(plain_finish(pp), TFC_ENOMEM);
	assert_int_equal(plain_line(pp, NULL, 3), TFC_EINVAL);
	plain_free(pp);
}

/* ---- what must yield nothing ------------------------------------------------ */

static void test_non_resource_lines(void **state)
{
	(void)state;
	run("Outputs:\n"
	    "\n"
	    "endpoint = \"https://x.example.com\"\n"
	    "Note: Objects have changed outside of Terraform\n"
	    "  ami:           \"\" => \"ami-123\"\n"
	    "  instance_type: \"\" => \"t2.micro\"\n"
	    "Action started: action.aws_lambda_invoke.x\n"
	    "Action action.aws_lambda_invoke.x: progress 50%\n"
	    "Action complete: action.aws_lambda_invoke.x\n"
	    "Action failed: action.aws_lambda_invoke.x - boom\n"
	    "Releasing state lock. This may take a few moments...\n"
	    "e.g. foo: bar\n"
	    "http://example.com: down\n"
	    "module.vpc: Creating...\n"
	    "aws_x.y: Something else\n"
	    "aws_x.y: \n"
	    "aws_x.y:\n"
	    "aws_x.y:Creating...\n"
	    "aws_x.y: Configuration unknown, deferring...\n"
	    "aws_x.y: Deferred due to unknown for_each\n"
	    "aws_x.y: (Unknown action noop for aws_x.y)\n"
	    "  Prepared aws_instance for import\n"
	    "(local-exec): Executing\n"
	    "Refreshing Terraform state in-memory prior to plan...\n"
	    "- Installing hashicorp/aws v5.0.0...\n"
	    "Changes to Outputs:\n"
	    "  + name = \"x\"\n");
	count_is(0);
}

/* Bad input never crashes, hangs or yields nonsense addresses. */
static void test_bad_input(void **state)
{
	(void)state;
	static const char *samples[] = {
		"aws_x.y[\"k\"]: Still creating... [id=a, 10s elapsed]",
		"aws_x.y (deposed object 1a2b3c4d): Destruction complete after 1m2s",
		"\xE2\x94\x82   with aws_x.y,",
		"  # aws_x.y must be replaced",
		"Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
		"\t* aws_x.y: boom",
		"Error: x",
		"null_resource.x (local-exec): out",
		"aws_x.y: Creation complete after 1s (ID: i-1)",
	};
	int n = 0;
	plain_parser *pp = plain_new(sink_ctx, &n);
	assert_non_null(pp);
	char buf[512];
	uint64_t lineno = 0;
	srand(7);
	/* every prefix of every sample (truncation), then random byte damage */
	for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
		size_t len = strlen(samples[s]);
		for (size_t k = 0; k <= len; k++) {
			line ln = {.text = sv_make(samples[s], k), .time = NAN};
			assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
		}
	}
	for (int round = 0; round < 20000; round++) {
		const char *src = samples[rand() % (int)(sizeof samples / sizeof samples[0])];
		size_t len = strlen(src);
		memcpy(buf, src, len);
		for (int d = rand() % 4; d >= 0; d--)
			buf[rand() % (int)len] = (char)(rand() % 256); /* NULs, invalid UTF-8, frame bytes */
		line ln = {.text = sv_make(buf, (size_t)rand() % (len + 1)), .time = NAN};
		assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
	}
	/* a huge line, and empty / null text */
	size_t big = 1u << 20;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, '[', big);
	memcpy(huge, "aws_x.y[\"", 9);
	line ln = {.text = sv_make(huge, big), .time = NAN};
	assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
	memset(huge, 'a', big);
	huge[100] = '.';
	memcpy(huge + big - 16, ": Creating...   ", 16);
	assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
	free(huge);
	ln.text = SV_NULL;
	assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
	assert_int_equal(plain_finish(pp), TFC_OK);
	plain_free(pp);
	assert_true(n > 0);
}

/* ---- the shared corpus: real logs without colour ---------------------------- */

static void corpus_counts(const char *rel, size_t starts, size_t completes, size_t progress, size_t errors,
			  size_t warnings)
{
	const char *path = tu_corpus_path(rel);
	if (!path)
		skip();
	size_t len;
	char *buf = tu_read_file(path, &len);
	if (!buf)
		skip();
	reset();
	plain_parser *pp = plain_new(sink, NULL);
	assert_non_null(pp);
	size_t s = 0, c = 0, p = 0, e = 0, w = 0;
	uint64_t lineno = 0;
	char *line_start = buf;
	while (line_start < buf + len) {
		char *nl = memchr(line_start, '\n', (size_t)(buf + len - line_start));
		size_t n = nl ? (size_t)(nl - line_start) : (size_t)(buf + len - line_start);
		if (n && line_start[n - 1] == '\r')
			n--;
		line ln = {.text = sv_make(line_start, n), .time = NAN};
		assert_int_equal(plain_line(pp, &ln, ++lineno), TFC_OK);
		/* count as we go: the recording buffer is small */
		for (size_t i = 0; i < n_recs; i++) {
			switch (recs[i].e.kind) {
			case EV_OP_START: s++; break;
			case EV_OP_COMPLETE: c++; break;
			case EV_OP_PROGRESS: p++; break;
			case EV_DIAGNOSTIC: recs[i].e.severity == EV_SEV_ERROR ? e++ : w++; break;
			default: break;
			}
		}
		reset();
		line_start = nl ? nl + 1 : buf + len;
	}
	assert_int_equal(plain_finish(pp), TFC_OK);
	for (size_t i = 0; i < n_recs; i++)
		if (recs[i].e.kind == EV_DIAGNOSTIC)
			recs[i].e.severity == EV_SEV_ERROR ? e++ : w++;
	reset();
	plain_free(pp);
	free(buf);
	if (s != starts || c != completes || p != progress || e != errors || w != warnings)
		fail_msg("%s: %zu starts, %zu completions, %zu heartbeats, %zu errors, %zu warnings; "
			 "want %zu, %zu, %zu, %zu, %zu",
			 rel, s, c, p, e, w, starts, completes, progress, errors, warnings);
}

static void test_corpus(void **state)
{
	(void)state;
	/* ground truth from the corpus README */
	corpus_counts("tf-profile/many_modules.log", 1510, 1495, 0, 0, 0);
	corpus_counts("tf-profile/argo.log", 129, 128, 325, 1, 1);
	corpus_counts("tf-profile/failures_without_plan.log", 8, 4, 0, 4, 0);
	corpus_counts("tf-profile/only_failures.log", 4, 0, 0, 4, 0);
	corpus_counts("real/01_tfprofile_multiple_resources.log", 14, 14, 0, 0, 0);
	corpus_counts("real/02_tfprofile_all_operations_replace.log", 8, 8, 0, 0, 0);
	corpus_counts("real/03_tfprofile_failures_nocolor_errors.log", 8, 4, 0, 4, 0);
	corpus_counts("real/13_tf011_attrdiff_ID_paren_cloudflare_docs.log", 2, 2, 0, 0, 0);
	corpus_counts("real/16_tfprofile_aggregate_modules_count_foreach.log", 14, 14, 0, 0, 0);
	corpus_counts("real/17_tfprofile_null_resources_1m15s.log", 3, 3, 7, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starts),
		cmocka_unit_test(test_id_values),
		cmocka_unit_test(test_heartbeats),
		cmocka_unit_test(test_heartbeat_figures),
		cmocka_unit_test(test_completions),
		cmocka_unit_test(test_deposed),
		cmocka_unit_test(test_refresh),
		cmocka_unit_test(test_provisioners),
		cmocka_unit_test(test_awkward_addresses),
		cmocka_unit_test(test_repeated_addresses),
		cmocka_unit_test(test_plan_headers),
		cmocka_unit_test(test_plan_0_11),
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_command_hints),
		cmocka_unit_test(test_interrupts),
		cmocka_unit_test(test_diag_framed),
		cmocka_unit_test(test_diag_no_color),
		cmocka_unit_test(test_diag_0_12),
		cmocka_unit_test(test_diag_0_11),
		cmocka_unit_test(test_diag_0_11_header_suppressed),
		cmocka_unit_test(test_diag_endings),
		cmocka_unit_test(test_compact_warnings),
		cmocka_unit_test(test_remnants_inside_lines),
		cmocka_unit_test(test_units_and_times),
		cmocka_unit_test(test_units_keep_diagnostics_apart),
		cmocka_unit_test(test_ci_marks_ignored),
		cmocka_unit_test(test_sink_error_propagates),
		cmocka_unit_test(test_non_resource_lines),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_corpus),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	reset();
	return rc;
}
