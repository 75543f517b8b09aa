/* test_address.c — scanning resource addresses at the start of a line,
 * splitting them, unescaping for_each keys. */
#include "testutil.h"

#include <string.h>

#include "address.h"

/* addr_scan on text; expects the address to be exactly want (NULL: none)
 * and the ": " at colon (or text length when none). */
static void scan(const char *text, const char *want, size_t colon)
{
	size_t at = 9999;
	size_t len = addr_scan(sv_cstr(text), &at);
	if (!want) {
		if (len)
			fail_msg("\"%s\": took \"%.*s\" for an address", text, (int)len, text);
		return;
	}
	if (len != strlen(want) || memcmp(text, want, len) != 0)
		fail_msg("\"%s\": scanned \"%.*s\", want \"%s\"", text, (int)len, text, want);
	assert_int_equal(at, colon == (size_t)-1 ? strlen(text) : colon);
}

static void test_scan_plain_addresses(void **state)
{
	(void)state;
	scan("aws_instance.web: Creating...", "aws_instance.web", 16);
	scan("aws_instance.web[0]: Creating...", "aws_instance.web[0]", 19);
	scan("module.vpc.aws_vpc.this[0]: Creating...", "module.vpc.aws_vpc.this[0]", 26);
	scan("data.aws_ami.ubuntu: Reading...", "data.aws_ami.ubuntu", 19);
	scan("ephemeral.random_password.db: Opening...", "ephemeral.random_password.db", 28);
	scan("module.eks.module.eks_managed_node_group[\"initial\"].data.aws_partition.current: Reading...",
	     "module.eks.module.eks_managed_node_group[\"initial\"].data.aws_partition.current", 78);
	scan("module.a[\"k\"].module.b[3].null_resource.x-y_z: Creating...",
	     "module.a[\"k\"].module.b[3].null_resource.x-y_z", 45);
	scan("_x._y: Creating...", "_x._y", 5);
	/* end of text and a following space also end it (plan headers) */
	scan("aws_instance.web", "aws_instance.web", (size_t)-1);
	scan("aws_instance.web will be created", "aws_instance.web", (size_t)-1);
	/* the ": " is found after a suffix */
	scan("aws_instance.foo (deposed object 1a2b3c4d): Destroying...", "aws_instance.foo", 42);
	scan("null_resource.x (local-exec): Executing: [\"/bin/sh\"]", "null_resource.x", 28);
	/* 0.11 counted instances in heartbeats and errors */
	scan("aws_instance.web.0: Still creating... (10s elapsed)", "aws_instance.web.0", 18);
}

static void test_scan_awkward_keys(void **state)
{
	(void)state;
	/* for_each keys hold '.', ':', ' ', '/', ']', '-' and escaped quotes */
	scan("vsphere_virtual_machine.vm[\"caddeapllx2598.agil.nprd.caixa.gov.br\"]: Creating...",
	     "vsphere_virtual_machine.vm[\"caddeapllx2598.agil.nprd.caixa.gov.br\"]", 67);
	scan("aws_x.y[\"a.b: c\"]: Creating...", "aws_x.y[\"a.b: c\"]", 17);
	scan("aws_x.y[\"x\\\"y\"]: Creating...", "aws_x.y[\"x\\\"y\"]", 15);
	scan("aws_x.y[\"a]b\"]: Creating...", "aws_x.y[\"a]b\"]", 14);
	scan("aws_x.y[\"sp ace/x\"]: Creating...", "aws_x.y[\"sp ace/x\"]", 19);
	scan("aws_x.y[\"back\\\\\"]: Creating...", "aws_x.y[\"back\\\\\"]", 17);
	scan("aws_x.y[\"\"]: Creating...", "aws_x.y[\"\"]", 11);
	scan("aws_x.y[\"a: b\"]", "aws_x.y[\"a: b\"]", (size_t)-1);
}

static void test_scan_refuses_non_addresses(void **state)
{
	(void)state;
	scan("Outputs:", NULL, 0);
	scan("Note: Objects have changed outside of Terraform", NULL, 0);
	scan("Error: Invalid provider configuration", NULL, 0);
	scan("Warning: something", NULL, 0);
	scan("foo: bar", NULL, 0);
	scan("http://example.com: down", NULL, 0);
	scan("a.b/c: x", NULL, 0);
	scan("a.b=c", NULL, 0);
	scan("module.vpc: x", NULL, 0);           /* a module call alone */
	scan("module.vpc.aws_x: x", NULL, 0);     /* no name */
	scan("data.aws_ami: x", NULL, 0);
	scan("provider.aws: error", NULL, 0);     /* 0.11 multierror provider lines */
	scan("module.a.provider.aws: error", NULL, 0);
	scan("aws_x.y[: x", NULL, 0);
	scan("aws_x.y[\"open: x", NULL, 0);
	scan("aws_x.y[12: x", NULL, 0);
	scan("aws_x.y[a]: x", NULL, 0);
	scan("aws_x.y[\"k\"x: x", NULL, 0);
	scan("1aws.x: y", NULL, 0);
	scan("aws_x.1y: z", NULL, 0);
	scan("aws_x..y: z", NULL, 0);
	scan("aws_x.y.: z", NULL, 0);
	scan("  aws_x.y: z", NULL, 0);
	scan("", NULL, 0);
	scan("Action started: action.aws_lambda_invoke.x", NULL, 0);
	scan("\xE2\x94\x82 Error: x", NULL, 0);
	size_t at = 1;
	assert_int_equal(addr_scan(SV_NULL, &at), 0);
	assert_int_equal(at, 0);
	assert_int_equal(addr_scan(SV_LIT("aws_x.y: z"), NULL), 7);
}

static void split(const char *a, const char *module, const char *type, const char *name, const char *key,
		  bool is_string, tfc_mode mode)
{
	addr_parts p;
	if (!addr_split(sv_cstr(a), &p))
		fail_msg("addr_split refused %s", a);
	assert_non_null(p.module.p);
	assert_int_equal(p.module.n, strlen(module));
	assert_memory_equal(p.module.p, module, p.module.n);
	assert_int_equal(p.type.n, strlen(type));
	assert_memory_equal(p.type.p, type, p.type.n);
	assert_int_equal(p.name.n, strlen(name));
	assert_memory_equal(p.name.p, name, p.name.n);
	if (!key) {
		assert_null(p.key.p);
	} else {
		assert_non_null(p.key.p);
		assert_int_equal(p.key.n, strlen(key));
		assert_memory_equal(p.key.p, key, p.key.n);
	}
	assert_int_equal(p.key_is_string, is_string);
	assert_int_equal(p.mode, mode);
}

static void test_split(void **state)
{
	(void)state;
	split("aws_instance.web", "", "aws_instance", "web", NULL, false, TFC_MODE_MANAGED);
	split("aws_instance.web[3]", "", "aws_instance", "web", "3", false, TFC_MODE_MANAGED);
	split("aws_instance.web[\"a.b: c\"]", "", "aws_instance", "web", "\"a.b: c\"", true, TFC_MODE_MANAGED);
	split("module.vpc.aws_vpc.this[0]", "module.vpc", "aws_vpc", "this", "0", false, TFC_MODE_MANAGED);
	split("module.eks.module.eks_managed_node_group[\"initial\"].data.aws_partition.current",
	      "module.eks.module.eks_managed_node_group[\"initial\"]", "aws_partition", "current", NULL, false,
	      TFC_MODE_DATA);
	split("data.aws_ami.ubuntu", "", "aws_ami", "ubuntu", NULL, false, TFC_MODE_DATA);
	split("ephemeral.random_password.db", "", "random_password", "db", NULL, false, TFC_MODE_EPHEMERAL);
	split("module.a[\"x.y\"].ephemeral.aws_secret.s[\"k\"]", "module.a[\"x.y\"]", "aws_secret", "s", "\"k\"",
	      true, TFC_MODE_EPHEMERAL);
	split("aws_x.y[\"x\\\"y\"]", "", "aws_x", "y", "\"x\\\"y\"", true, TFC_MODE_MANAGED);
	split("aws_instance.web.0", "", "aws_instance", "web", "0", false, TFC_MODE_MANAGED);

	addr_parts p;
	assert_false(addr_split(SV_LIT("aws_instance.web: Creating..."), &p)); /* not the whole text */
	assert_false(addr_split(SV_LIT("aws_instance"), &p));
	assert_false(addr_split(SV_LIT("module.a"), &p));
	assert_false(addr_split(SV_LIT("module.a.b"), &p));
	assert_false(addr_split(SV_NULL, &p));
	assert_false(addr_split(SV_LIT("aws_x.y[0] "), &p));
}

static void unescape(const char *key, const char *want, size_t want_n)
{
	char out[256];
	size_t n = addr_unescape_key(sv_cstr(key), out);
	assert_true(n <= strlen(key));
	assert_int_equal(n, want_n);
	assert_memory_equal(out, want, n);
}
#define UNESCAPE(key, lit) unescape(key, lit, sizeof(lit) - 1)

static void test_unescape(void **state)
{
	(void)state;
	UNESCAPE("\"plain\"", "plain");
	UNESCAPE("\"a.b: c\"", "a.b: c");
	UNESCAPE("\"x\\\"y\"", "x\"y");
	UNESCAPE("\"back\\\\slash\"", "back\\slash");
	UNESCAPE("\"tab\\there\"", "tab\there");
	UNESCAPE("\"nl\\n\"", "nl\n");
	UNESCAPE("\"\\u00e9t\\u00e9\"", "\xC3\xA9t\xC3\xA9");
	UNESCAPE("\"\\U0001F600\"", "\xF0\x9F\x98\x80");
	UNESCAPE("\"\\x41\"", "A");
	UNESCAPE("\"\\101\"", "A");
	UNESCAPE("\"$${var}\"", "${var}");
	UNESCAPE("\"%%{if}\"", "%{if}");
	UNESCAPE("\"$$x\"", "$$x");           /* only $${ is an escape */
	UNESCAPE("\"\\uZZZZ\"", "\\uZZZZ");   /* malformed: kept */
	UNESCAPE("\"trail\\\"", "trail\\");   /* lone backslash at the end */
	UNESCAPE("\"\"", "");
	UNESCAPE("12", "12");                 /* count keys pass through */
	UNESCAPE("\"\\uD800\"", "\xEF\xBF\xBD"); /* a lone surrogate is no character */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_plain_addresses),
		cmocka_unit_test(test_scan_awkward_keys),
		cmocka_unit_test(test_scan_refuses_non_addresses),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_unescape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
