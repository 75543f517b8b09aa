/* jsonscan.h — one pass over a one-line JSON object that picks the values of
 * a few key paths without building a tree (the -json UI and TF_LOG=JSON hot
 * path). It checks the syntax as it walks and says "no" to anything it does
 * not handle, so the caller can fall back to jansson for that line. */
#ifndef TFC_JSONSCAN_H
#define TFC_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "sv.h"

#define JS_MAX_PATH 4   /* keys in one path */
#define JS_MAX_PATHS 32 /* paths in one set */

typedef enum js_type {
	JS_ABSENT,
	JS_STRING,
	JS_NUMBER,
	JS_TRUE,
	JS_FALSE,
	JS_NULL,
	JS_OBJECT,
	JS_ARRAY,
} js_type;

typedef struct js_value {
	js_type type;
	sv s;       /* JS_STRING: the text, unescaped; JS_NUMBER: the literal */
	double num; /* JS_NUMBER */
} js_value;

/* A set of dotted key paths ("hook.resource.addr"), split once. The keys
 * borrow from the strings given to js_paths_init, which must outlive it. */
typedef struct js_paths {
	size_t n;
	unsigned depth[JS_MAX_PATHS];
	sv keys[JS_MAX_PATHS][JS_MAX_PATH];
	uint32_t ends_at[JS_MAX_PATH + 1]; /* by depth: the paths that end there */
	/* the distinct keys at each depth and the paths that have them there */
	unsigned n_uniq[JS_MAX_PATH];
	sv uniq[JS_MAX_PATH][JS_MAX_PATHS];
	uint32_t uniq_paths[JS_MAX_PATH][JS_MAX_PATHS];
	/* by depth and first byte of a key, which distinct keys it may be: most
	 * keys of a line are dismissed with one lookup, the rest compared once */
	uint32_t first[JS_MAX_PATH][256];
} js_paths;

/* false when there are too many paths or one is too deep. */
bool js_paths_init(js_paths *ps, const char *const *dotted, size_t n);

typedef enum js_result {
	JS_OK,      /* out[] filled */
	JS_GIVE_UP, /* not valid JSON, or something this scanner does not do */
} js_result;

/* Walk json (one object, optional surrounding whitespace) and fill out[i]
 * with the value at path i (JS_ABSENT when not there; for an object or array
 * only the type). Strings that need unescaping are written to scratch, which
 * must hold at least json.n bytes; string values stay valid while json and
 * scratch do. Picked strings are checked to be UTF-8 without NUL. */
js_result js_pick(sv json, const js_paths *ps, js_value *out, char *scratch);

/* Fill out[] from a tree jansson parsed (the slow path); strings borrow
 * from the tree. */
void js_pick_tree(const json_t *root, const js_paths *ps, js_value *out);

typedef enum js_line_rc {
	JS_LINE_OK,      /* out[] filled; *tree (when set) must be json_decref'd after use */
	JS_LINE_INVALID, /* not a JSON object: err holds jansson's reason */
	JS_LINE_NOMEM,
} js_line_rc;

/* js_pick, and jansson when it gives up. scratch as for js_pick. */
js_line_rc js_pick_line(sv json, const js_paths *ps, js_value *out, char *scratch, json_t **tree,
			char *err, size_t err_size);

/* Unquote a Go %q string body (between the quotes) into out (capacity ≥ n):
 * \" \\ \n \t \r \xHH \uHHHH \UHHHHHHHH. Returns the length, or (size_t)-1
 * when the escapes are malformed. */
size_t js_go_unquote(const char *p, size_t n, char *out);

/* True when s is well-formed UTF-8 without NUL bytes. */
bool js_utf8_ok(sv s);

#endif
