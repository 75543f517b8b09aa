/* test_parser.c — the per-input pipeline (parser.c): its shortcuts must give
 * what the general path gives. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"

/* on_line skips detect_line for lines that start with a letter: that is
 * only right while detect_line calls every such line plain. */
static void test_letter_lines_are_plain(void **state)
{
	(void)state;
	static const char *const tails[] = {
		"", "ws_instance.web: Creating...", "{\"@module\":\"terraform.ui\"}",
		"024-01-05T01:28:08.594Z [INFO]  x", "[TRACE] x", "020/01/16 18:13:48 [DEBUG] x",
		"rror: boom", "arning: careful", "pply complete! Resources: 1 added",
	};
	char text[128];
	for (int c = 0; c < 256; c++) {
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			continue;
		for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
			text[0] = (char)c;
			size_t n = strlen(tails[i]);
			memcpy(text + 1, tails[i], n);
			for (int timed = 0; timed < 2; timed++) {
				line ln = {.text = sv_make(text, n + 1), .unit = SV_NULL, .time = timed ? 1e9 : NAN};
				if (detect_line(&ln) != FMT_PLAIN)
					fail_msg("'%.*s' (time %d) is not plain to detect_line", (int)(n + 1), text, timed);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter_lines_are_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
