/* fuzz_jsonui.c — fuzz target for the -json UI parser, line by line, and a
 * differential check of its fast JSON walk: whenever both jsonscan and
 * jansson accept a line, every picked value must agree. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "jsonscan.h"
#include "jsonui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every byte an event points at, so the sanitizers see bad views. */
static tfc_rc sink(void *ctx, const ev *e)
{
	unsigned *sum = ctx;
	const sv views[] = {e->address, e->deposed, e->unit, e->id, e->text, e->detail};
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
		if (views[i].n && !views[i].p)
			abort();
		for (size_t k = 0; k < views[i].n; k++)
			*sum += (unsigned char)views[i].p[k];
	}
	if ((unsigned)e->kind > EV_TIME || (unsigned)e->action >= TFC_ACTION_COUNT || isinf(e->time))
		abort();
	return TFC_OK;
}

static void problem(void *ctx, uint64_t lineno, const char *message)
{
	if (!message || !*message)
		abort();
}

static const char *const paths[] = {"type", "@timestamp", "hook.resource.addr", "hook.elapsed_seconds", "a.b.c.d", "x"};

static void differential(sv text, char *scratch)
{
	static js_paths ps;
	static int ready;
	if (!ready) {
		if (!js_paths_init(&ps, paths, sizeof paths / sizeof paths[0]))
			abort();
		ready = 1;
	}
	js_value fast[sizeof paths / sizeof paths[0]], slow[sizeof paths / sizeof paths[0]];
	if (js_pick(text, &ps, fast, scratch) != JS_OK)
		return;
	json_error_t je;
	json_t *root = json_loadb(text.p, text.n, 0, &je);
	if (!root)
		return; /* the walk is lenient about bytes it skips */
	if (json_is_object(root)) {
		js_pick_tree(root, &ps, slow);
		for (size_t i = 0; i < ps.n; i++) {
			if (fast[i].type != slow[i].type)
				abort();
			if (fast[i].type == JS_STRING && !sv_eq(fast[i].s, slow[i].s))
				abort();
			if (fast[i].type == JS_NUMBER && fast[i].num != slow[i].num)
				abort();
		}
	}
	json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sum = 0;
	jsonui_parser *jp = jsonui_new(sink, &sum);
	char *scratch = malloc(size + 1);
	if (!jp || !scratch) {
		jsonui_free(jp);
		free(scratch);
		return 0;
	}
	const char *p = (const char *)data, *end = p + size;
	uint64_t lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line ln = {.text = sv_make(p, n), .unit = SV_NULL, .time = NAN, .marker = LINE_TEXT};
		lineno++;
		(void)detect_line(&ln);
		/* Every line, whatever detect says: the parser must take anything. */
		if (jsonui_line(jp, &ln, lineno, problem) != TFC_OK)
			break;
		differential(ln.text, scratch);
		p += n + (nl ? 1 : 0);
	}
	jsonui_free(jp);
	free(scratch);
	return 0;
}
