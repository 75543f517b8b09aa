/* test_strtab.c — string interning: one copy per distinct string, dense ids,
 * growth past the initial table and strings longer than a block. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strtab.h"

static void interns_once_with_dense_ids(void **state)
{
	(void)state;
	strtab *t = strtab_new();
	assert_non_null(t);
	size_t a, b, c;
	const char *x = strtab_intern(t, "module.a", 8, &a);
	const char *y = strtab_intern(t, "module.b", 8, &b);
	const char *z = strtab_intern(t, "module.a-and-more", 8, &c); /* only the first 8 bytes */
	assert_ptr_equal(x, z);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(c, 0);
	assert_string_equal(y, "module.b");
	assert_int_equal(strtab_count(t), 2);
	const char *e = strtab_intern(t, "", 0, NULL);
	assert_string_equal(e, "");
	assert_int_equal(strtab_count(t), 3);
	strtab_free(t);
	strtab_free(NULL);
}

static void grows_and_keeps_pointers(void **state)
{
	(void)state;
	strtab *t = strtab_new();
	enum { N = 50000 };
	const char **p = malloc(N * sizeof *p);
	char s[32];
	for (size_t i = 0; i < N; i++) {
		int n = snprintf(s, sizeof s, "key-%zu", i);
		size_t id;
		p[i] = strtab_intern(t, s, (size_t)n, &id);
		assert_int_equal(id, i);
	}
	assert_int_equal(strtab_count(t), N);
	for (size_t i = 0; i < N; i += 997) {
		int n = snprintf(s, sizeof s, "key-%zu", i);
		size_t id;
		assert_ptr_equal(strtab_intern(t, s, (size_t)n, &id), p[i]);
		assert_int_equal(id, i);
		assert_string_equal(p[i], s);
	}
	/* a string bigger than a block */
	size_t big = 200000;
	char *huge = malloc(big);
	memset(huge, 'x', big);
	const char *h = strtab_intern(t, huge, big, NULL);
	assert_int_equal(strlen(h), big);
	assert_ptr_equal(strtab_intern(t, huge, big, NULL), h);
	/* small strings still fit after it */
	assert_string_equal(strtab_intern(t, "after", 5, NULL), "after");
	free(huge);
	free(p);
	strtab_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(interns_once_with_dense_ids),
		cmocka_unit_test(grows_and_keeps_pointers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
