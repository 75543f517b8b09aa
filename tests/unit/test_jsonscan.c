/* test_jsonscan.c — the picking JSON walk: paths at every depth, escapes and
 * \u sequences, values of any type skipped, and giving up exactly where
 * jansson would refuse the line (so the fallback reports it). */
#include <jansson.h>

#include "evrec.h"
#include "jsonscan.h"

static const char *const paths[] = {"type", "hook.resource.addr", "hook.elapsed_seconds", "hook.action", "a.b.c.d", "flag", "nil", "obj", "arr"};
enum { TYPE, ADDR, ELAPSED, ACTION, DEEP, FLAG, NIL, OBJ, ARR, N };

typedef struct pick {
	js_paths ps;
	js_value v[N];
	char scratch[4096];
} pick;

static js_result run(pick *p, const char *json)
{
	assert_true(js_paths_init(&p->ps, paths, N));
	assert_true(strlen(json) <= sizeof p->scratch);
	return js_pick(sv_cstr(json), &p->ps, p->v, p->scratch);
}

static void test_picks_nested(void **state)
{
	pick p;
	assert_int_equal(run(&p, "{\"@level\":\"info\",\"hook\":{\"resource\":{\"addr\":\"null_resource.foo\",\"module\":\"\","
				 "\"resource_key\":null},\"action\":\"create\",\"elapsed_seconds\":30},\"type\":\"apply_progress\"}"),
			 JS_OK);
	assert_int_equal(p.v[TYPE].type, JS_STRING);
	assert_sv(p.v[TYPE].s, "apply_progress");
	assert_sv(p.v[ADDR].s, "null_resource.foo");
	assert_sv(p.v[ACTION].s, "create");
	assert_int_equal(p.v[ELAPSED].type, JS_NUMBER);
	assert_dbl(p.v[ELAPSED].num, 30, 0);
	assert_int_equal(p.v[DEEP].type, JS_ABSENT);
}

static void test_any_order_and_whitespace(void **state)
{
	pick p;
	assert_int_equal(run(&p, " { \"type\" : \"x\" ,\n\t\"hook\" : { \"elapsed_seconds\" : 1.5e1 , \"resource\" : { \"addr\" : \"a.b\" } } } "),
			 JS_OK);
	assert_sv(p.v[TYPE].s, "x");
	assert_sv(p.v[ADDR].s, "a.b");
	assert_dbl(p.v[ELAPSED].num, 15, 0);
}

static void test_escapes_unescaped(void **state)
{
	pick p;
	assert_int_equal(run(&p, "{\"hook\":{\"resource\":{\"addr\":\"aws_x.y[\\\"k\\\\\\\"q\\\"]\"}},"
				 "\"type\":\"\\u00e9\\u003c\\ud83d\\ude00\\/\\n\"}"),
			 JS_OK);
	assert_sv(p.v[ADDR].s, "aws_x.y[\"k\\\"q\"]");
	assert_sv(p.v[TYPE].s, "\xc3\xa9<\xf0\x9f\x98\x80/\n");
}

static void test_resource_key_any_type(void **state)
{
	pick p;
	static const char *const keys[] = {"null", "4", "-0.5e-3", "\"friend\"", "true", "false", "{\"a\":[1,{\"b\":[]}]}", "[[],{}]"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char json[256];
		snprintf(json, sizeof json, "{\"hook\":{\"resource\":{\"resource_key\":%s,\"addr\":\"a.b\"}},\"type\":\"t\"}", keys[i]);
		assert_int_equal(run(&p, json), JS_OK);
		assert_sv(p.v[ADDR].s, "a.b");
	}
}

static void test_repeated_key_replaces(void **state)
{
	pick p;
	/* the second "hook" has no resource: nothing of the first may remain */
	assert_int_equal(run(&p, "{\"hook\":{\"resource\":{\"addr\":\"a.b\"},\"elapsed_seconds\":1},"
				 "\"hook\":{\"action\":\"create\"},\"type\":\"x\",\"type\":\"y\"}"),
			 JS_OK);
	assert_int_equal(p.v[ADDR].type, JS_ABSENT);
	assert_int_equal(p.v[ELAPSED].type, JS_ABSENT);
	assert_sv(p.v[ACTION].s, "create");
	assert_sv(p.v[TYPE].s, "y");
}

static void test_value_types(void **state)
{
	pick p;
	assert_int_equal(run(&p, "{\"flag\":true,\"nil\":null,\"obj\":{\"x\":1},\"arr\":[1,2],\"a\":{\"b\":{\"c\":{\"d\":\"deep\"}}},"
				 "\"type\":{\"not\":\"a string\"}}"),
			 JS_OK);
	assert_int_equal(p.v[FLAG].type, JS_TRUE);
	assert_int_equal(p.v[NIL].type, JS_NULL);
	assert_int_equal(p.v[OBJ].type, JS_OBJECT);
	assert_int_equal(p.v[ARR].type, JS_ARRAY);
	assert_int_equal(p.v[TYPE].type, JS_OBJECT);
	assert_sv(p.v[DEEP].s, "deep");
}

static void test_gives_up_on_bad_json(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{",
		"{\"type\":\"x\"",
		"{\"type\":\"x\",}",
		"{\"type\":x}",
		"{\"type\":\"x\"} trailing",
		"{\"type\":01}",
		"{\"type\":1.}",
		"{\"type\":-}",
		"{\"type\":tru}",
		"{\"type\" \"x\"}",
		"{\"type\":\"\\q\"}",         /* bad escape in a picked string */
		"{\"type\":\"\\u0000\"}",     /* NUL */
		"{\"type\":\"\\ud800\"}",     /* lone surrogate */
		"{\"type\":\"\xff\"}",        /* invalid UTF-8 in a picked string */
		"{\"type\":\"\xc0\xaf\"}",    /* overlong */
		"{\"a\":[1,2}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pick p;
		assert_int_equal(run(&p, bad[i]), JS_GIVE_UP);
	}
}

static void test_deep_nesting_gives_up(void **state)
{
	char json[400];
	size_t n = 0;
	n += (size_t)snprintf(json + n, sizeof json - n, "{\"x\":");
	for (int i = 0; i < 100; i++)
		json[n++] = '[';
	for (int i = 0; i < 100; i++)
		json[n++] = ']';
	json[n++] = '}';
	json[n] = '\0';
	pick p;
	assert_int_equal(run(&p, json), JS_GIVE_UP);
}

static void test_pick_line_falls_back(void **state)
{
	pick p;
	assert_true(js_paths_init(&p.ps, paths, N));
	json_t *tree = NULL;
	char err[200];
	/* nesting deeper than the scanner walks: jansson takes the line */
	char ok[256];
	size_t n = (size_t)snprintf(ok, sizeof ok, "{\"hook\":{\"elapsed_seconds\":7},\"x\":");
	for (int i = 0; i < 70; i++)
		ok[n++] = '[';
	for (int i = 0; i < 70; i++)
		ok[n++] = ']';
	snprintf(ok + n, sizeof ok - n, ",\"type\":\"t\"}");
	assert_int_equal(js_pick(sv_cstr(ok), &p.ps, p.v, p.scratch), JS_GIVE_UP);
	assert_int_equal(js_pick_line(sv_cstr(ok), &p.ps, p.v, p.scratch, &tree, err, sizeof err), JS_LINE_OK);
	assert_non_null(tree);
	assert_dbl(p.v[ELAPSED].num, 7, 0);
	assert_sv(p.v[TYPE].s, "t");
	json_decref(tree);

	/* invalid for both: jansson's reason is reported */
	const char *bad = "{\"type\":\"t\",";
	assert_int_equal(js_pick_line(sv_cstr(bad), &p.ps, p.v, p.scratch, &tree, err, sizeof err), JS_LINE_INVALID);
	assert_non_null(strstr(err, "invalid JSON"));

	const char *arr = "[1,2]";
	assert_int_equal(js_pick_line(sv_cstr(arr), &p.ps, p.v, p.scratch, &tree, err, sizeof err), JS_LINE_INVALID);
	assert_non_null(strstr(err, "not an object"));
}

static void test_pick_tree_matches_scan(void **state)
{
	pick p;
	const char *json = "{\"hook\":{\"resource\":{\"addr\":\"m.x[\\\"k\\\"]\"},\"elapsed_seconds\":3,\"action\":\"delete\"},"
			   "\"type\":\"apply_complete\",\"flag\":false}";
	assert_int_equal(run(&p, json), JS_OK);
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	assert_non_null(root);
	js_value t[N];
	js_pick_tree(root, &p.ps, t);
	for (int i = 0; i < N; i++) {
		assert_int_equal(t[i].type, p.v[i].type);
		if (t[i].type == JS_STRING)
			assert_true(sv_eq(t[i].s, p.v[i].s));
		if (t[i].type == JS_NUMBER)
			assert_dbl(t[i].num, p.v[i].num, 0);
	}
	json_decref(root);
}

static void test_paths_init_limits(void **state)
{
	js_paths ps;
	static const char *const too_deep[] = {"a.b.c.d.e"};
	assert_false(js_paths_init(&ps, too_deep, 1));
	const char *many[JS_MAX_PATHS + 1];
	for (size_t i = 0; i < JS_MAX_PATHS + 1; i++)
		many[i] = "x";
	assert_false(js_paths_init(&ps, many, JS_MAX_PATHS + 1));
	assert_true(js_paths_init(&ps, many, JS_MAX_PATHS));
}

static void test_go_unquote(void **state)
{
	char out[64];
	const char *in = "aws_x.y[\\\"a\\\\b\\\"]\\t\\x41\\u00e9\\U0001F600";
	size_t n = js_go_unquote(in, strlen(in), out);
	assert_int_equal(n, strlen("aws_x.y[\"a\\b\"]\tA\xc3\xa9\xf0\x9f\x98\x80"));
	assert_memory_equal(out, "aws_x.y[\"a\\b\"]\tA\xc3\xa9\xf0\x9f\x98\x80", n);
	assert_int_equal(js_go_unquote("\\", 1, out), (size_t)-1);
	assert_int_equal(js_go_unquote("\\x4", 3, out), (size_t)-1);
	assert_int_equal(js_go_unquote("\\U0011FFFF", 10, out), (size_t)-1);
	assert_int_equal(js_go_unquote("\\z", 2, out), (size_t)-1);
}

static void test_utf8(void **state)
{
	assert_true(js_utf8_ok(sv_cstr("plain ascii")));
	assert_true(js_utf8_ok(sv_cstr("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")));
	assert_false(js_utf8_ok(sv_cstr("\xed\xa0\x80")));     /* surrogate */
	assert_false(js_utf8_ok(sv_cstr("\xe2\x82")));         /* truncated */
	assert_false(js_utf8_ok(sv_make("a\0b", 3)));
	assert_false(js_utf8_ok(sv_cstr("\xf4\x90\x80\x80"))); /* above U+10FFFF */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_picks_nested),
		cmocka_unit_test(test_any_order_and_whitespace),
		cmocka_unit_test(test_escapes_unescaped),
		cmocka_unit_test(test_resource_key_any_type),
		cmocka_unit_test(test_repeated_key_replaces),
		cmocka_unit_test(test_value_types),
		cmocka_unit_test(test_gives_up_on_bad_json),
		cmocka_unit_test(test_deep_nesting_gives_up),
		cmocka_unit_test(test_pick_line_falls_back),
		cmocka_unit_test(test_pick_tree_matches_scan),
		cmocka_unit_test(test_paths_init_limits),
		cmocka_unit_test(test_go_unquote),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
