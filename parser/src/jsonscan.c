/* jsonscan.c — single-pass JSON walk that picks a few key paths. Skipped
 * strings cost one memchr per quote; only picked strings are unescaped and
 * checked. Anything unusual returns JS_GIVE_UP and jansson decides. */
#include "jsonscan.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_NEST 64

bool js_paths_init(js_paths *ps, const char *const *dotted, size_t n)
{
	if (n > JS_MAX_PATHS)
		return false;
	ps->n = n;
	for (size_t i = 0; i < n; i++) {
		const char *p = dotted[i];
		unsigned d = 0;
		for (;;) {
			const char *dot = strchr(p, '.');
			size_t len = dot ? (size_t)(dot - p) : strlen(p);
			if (d == JS_MAX_PATH)
				return false;
			ps->keys[i][d++] = sv_make(p, len);
			if (!dot)
				break;
			p = dot + 1;
		}
		ps->depth[i] = d;
	}
	memset(ps->ends_at, 0, sizeof ps->ends_at);
	for (size_t i = 0; i < n; i++)
		ps->ends_at[ps->depth[i]] |= 1u << i;
	memset(ps->n_uniq, 0, sizeof ps->n_uniq);
	memset(ps->first, 0, sizeof ps->first);
	for (size_t i = 0; i < n; i++)
		for (unsigned d = 0; d < ps->depth[i]; d++) {
			sv k = ps->keys[i][d];
			if (!k.n)
				return false;
			unsigned u = 0;
			while (u < ps->n_uniq[d] && !sv_eq(ps->uniq[d][u], k))
				u++;
			if (u == ps->n_uniq[d]) {
				ps->uniq[d][u] = k;
				ps->uniq_paths[d][u] = 0;
				ps->n_uniq[d]++;
				ps->first[d][(unsigned char)k.p[0]] |= 1u << u;
			}
			ps->uniq_paths[d][u] |= 1u << i;
		}
	return true;
}

typedef struct scan {
	const char *p;
	const char *end;
	const js_paths *ps;
	js_value *out;
	char *scratch;
	size_t used;
} scan;

static inline __attribute__((always_inline)) void skip_ws(scan *s)
{
	/* one comparison for the usual case: no whitespace at all */
	while (s->p < s->end && (unsigned char)*s->p <= ' ' &&
	       (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* First '"' in [p, end), or NULL. Sixteen bytes at a time with SSE2 (every
 * x86-64 has it), else eight with a word trick (a byte of w is zero where it
 * equalled '"' after the xor). */
static inline const char *find_quote(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	while (end - p >= 16) {
		int bits = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), quote));
		if (bits)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull, quotes = 0x2222222222222222ull;
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		w ^= quotes;
		uint64_t z = (w - ones) & ~w & highs;
		if (z)
			return p + (__builtin_ctzll(z) >> 3); /* lowest byte first */
		p += 8;
	}
#endif
	while (p < end && *p != '"')
		p++;
	return p < end ? p : NULL;
}

/* s->p is just past an opening quote: returns the closing quote, or NULL. */
static const char *string_end(const char *p, const char *end)
{
	const char *from = p;
	for (;;) {
		const char *q = find_quote(from, end);
		if (!q)
			return NULL;
		const char *b = q;
		while (b > p && b[-1] == '\\')
			b--;
		if (((q - b) & 1) == 0)
			return q;
		from = q + 1;
	}
}

static int hex4(const char *p, const char *end)
{
	if (end - p < 4)
		return -1;
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* JSON string body [p, end) → out; (size_t)-1 on a bad escape. A \uXXXX
 * escape is at most 6 bytes for at most 3 bytes out, a surrogate pair 12
 * for 4, so out never needs more than the input length. */
static size_t unescape(const char *p, const char *end, char *out)
{
	char *o = out;
	while (p < end) {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		if (++p >= end)
			return (size_t)-1;
		char c = *p++;
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			int v = hex4(p, end);
			if (v <= 0) /* \u0000 is refused, as jansson does by default */
				return (size_t)-1;
			p += 4;
			uint32_t cp = (uint32_t)v;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
					return (size_t)-1;
				int lo = hex4(p + 2, end);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return (size_t)-1;
				p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return (size_t)-1;
			}
			o += utf8_encode(o, cp);
			break;
		}
		default:
			return (size_t)-1;
		}
	}
	return (size_t)(o - out);
}

bool js_utf8_ok(sv s)
{
	const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n;
	/* ASCII without NUL, eight bytes at a time: no byte has its high bit set
	 * and none is zero */
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
			break;
		p += 8;
	}
	while (p < end) {
		unsigned char c = *p;
		if (c >= 0x01 && c < 0x80) {
			p++;
			continue;
		}
		if (c == 0)
			return false;
		size_t n;
		uint32_t cp, min;
		if ((c & 0xE0) == 0xC0) {
			n = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(end - p) < n)
			return false;
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n;
	}
	return true;
}

static bool pick_string(scan *s, const char *body, const char *q, js_value *v)
{
	sv text = sv_make(body, (size_t)(q - body));
	if (memchr(body, '\\', text.n)) {
		char *o = s->scratch + s->used;
		size_t n = unescape(body, q, o);
		if (n == (size_t)-1)
			return false;
		s->used += n;
		text = sv_make(o, n);
	}
	if (!js_utf8_ok(text))
		return false;
	v->type = JS_STRING;
	v->s = text;
	return true;
}

static bool number(scan *s, js_value *v)
{
	const char *start = s->p, *p = s->p, *end = s->end;
	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	if (v && p - start <= 15 && !memchr(start, '.', (size_t)(p - start)) && !memchr(start, 'e', (size_t)(p - start)) &&
	    !memchr(start, 'E', (size_t)(p - start))) {
		/* a small integer (elapsed_seconds, counts): exact without strtod */
		long long k = 0;
		for (const char *d = *start == '-' ? start + 1 : start; d < p; d++)
			k = k * 10 + (*d - '0');
		v->type = JS_NUMBER;
		v->s = sv_make(start, (size_t)(p - start));
		v->num = *start == '-' ? -(double)k : (double)k;
		return true;
	}
	if (v) {
		char buf[64];
		size_t n = (size_t)(p - start);
		if (n >= sizeof buf)
			return false;
		memcpy(buf, start, n);
		buf[n] = '\0';
		v->type = JS_NUMBER;
		v->s = sv_make(start, n);
		v->num = strtod(buf, NULL);
	}
	return true;
}

static bool literal(scan *s, const char *word, size_t n, js_type type, js_value *v)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return false;
	s->p += n;
	if (v)
		v->type = type;
	return true;
}

static bool value(scan *s, unsigned depth, uint32_t mask, unsigned nest);

/* Keys are short: a loop beats a call to memcmp. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	for (; n >= 8; a += 8, b += 8, n -= 8) {
		uint64_t x, y;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	for (; n; n--)
		if (*a++ != *b++)
			return false;
	return true;
}

static bool object(scan *s, unsigned depth, uint32_t mask, unsigned nest)
{
	s->p++; /* '{' */
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return true;
	}
	for (;;) {
		if (s->p >= s->end || *s->p != '"')
			return false;
		const char *key = s->p + 1;
		const char *q = string_end(key, s->end);
		if (!q)
			return false;
		size_t kn = (size_t)(q - key);
		s->p = q + 1;
		uint32_t sub = 0;
		if (mask && kn) {
			for (uint32_t c = s->ps->first[depth][(unsigned char)key[0]]; c; c &= c - 1) {
				unsigned u = (unsigned)__builtin_ctz(c);
				sv k = s->ps->uniq[depth][u];
				if ((s->ps->uniq_paths[depth][u] & mask) && k.n == kn && same_bytes(k.p, key, kn)) {
					sub = s->ps->uniq_paths[depth][u] & mask;
					break; /* distinct keys: no other can match */
				}
			}
		}
		/* A repeated key replaces the earlier value, as in jansson: forget
		 * what the earlier one gave. */
		for (uint32_t m = sub; m; m &= m - 1)
			s->out[__builtin_ctz(m)] = (js_value){.type = JS_ABSENT};
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':')
			return false;
		s->p++;
		skip_ws(s);
		if (!value(s, depth + 1, sub, nest))
			return false;
		skip_ws(s);
		if (s->p >= s->end)
			return false;
		if (*s->p == ',') {
			s->p++;
			skip_ws(s);
			continue;
		}
		if (*s->p == '}') {
			s->p++;
			return true;
		}
		return false;
	}
}

static bool array(scan *s, unsigned nest)
{
	s->p++; /* '[' */
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return true;
	}
	for (;;) {
		/* Nothing inside arrays is picked: depth past every path. */
		if (!value(s, JS_MAX_PATH, 0, nest))
			return false;
		skip_ws(s);
		if (s->p >= s->end)
			return false;
		if (*s->p == ',') {
			s->p++;
			skip_ws(s);
			continue;
		}
		if (*s->p == ']') {
			s->p++;
			return true;
		}
		return false;
	}
}

/* A value at s->p, reached through depth keys; mask = the paths whose first
 * depth keys match them. */
static bool value(scan *s, unsigned depth, uint32_t mask, unsigned nest)
{
	if (s->p >= s->end)
		return false;
	js_value *here = NULL;
	uint32_t deeper = 0;
	if (mask) {
		uint32_t ends = depth <= JS_MAX_PATH ? mask & s->ps->ends_at[depth] : 0;
		if (ends)
			here = &s->out[__builtin_ctz(ends)];
		deeper = mask & ~ends;
	}
	switch (*s->p) {
	case '{':
		if (nest >= MAX_NEST)
			return false;
		if (here)
			here->type = JS_OBJECT;
		return object(s, depth, depth < JS_MAX_PATH ? deeper : 0, nest + 1);
	case '[':
		if (nest >= MAX_NEST)
			return false;
		if (here)
			here->type = JS_ARRAY;
		return array(s, nest + 1);
	case '"': {
		const char *body = s->p + 1;
		const char *q = string_end(body, s->end);
		if (!q)
			return false;
		s->p = q + 1;
		return here ? pick_string(s, body, q, here) : true;
	}
	case 't': return literal(s, "true", 4, JS_TRUE, here);
	case 'f': return literal(s, "false", 5, JS_FALSE, here);
	case 'n': return literal(s, "null", 4, JS_NULL, here);
	default: return number(s, here);
	}
}

js_result js_pick(sv json, const js_paths *ps, js_value *out, char *scratch)
{
	for (size_t i = 0; i < ps->n; i++)
		out[i] = (js_value){.type = JS_ABSENT};
	scan s = {.p = json.p, .end = json.p + json.n, .ps = ps, .out = out, .scratch = scratch};
	skip_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return JS_GIVE_UP;
	uint32_t all = ps->n == 32 ? UINT32_MAX : (1u << ps->n) - 1;
	if (!value(&s, 0, all, 0))
		return JS_GIVE_UP;
	skip_ws(&s);
	return s.p == s.end ? JS_OK : JS_GIVE_UP;
}

static void tree_value(const json_t *j, js_value *v)
{
	switch (json_typeof(j)) {
	case JSON_STRING:
		v->type = JS_STRING;
		v->s = sv_make(json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		v->type = JS_NUMBER;
		v->num = (double)json_integer_value(j);
		v->s = SV_NULL;
		break;
	case JSON_REAL:
		v->type = JS_NUMBER;
		v->num = json_real_value(j);
		v->s = SV_NULL;
		break;
	case JSON_TRUE: v->type = JS_TRUE; break;
	case JSON_FALSE: v->type = JS_FALSE; break;
	case JSON_NULL: v->type = JS_NULL; break;
	case JSON_OBJECT: v->type = JS_OBJECT; break;
	case JSON_ARRAY: v->type = JS_ARRAY; break;
	}
}

void js_pick_tree(const json_t *root, const js_paths *ps, js_value *out)
{
	char key[256];
	for (size_t i = 0; i < ps->n; i++) {
		out[i] = (js_value){.type = JS_ABSENT};
		const json_t *j = root;
		for (unsigned d = 0; j && d < ps->depth[i]; d++) {
			sv k = ps->keys[i][d];
			if (!json_is_object(j) || k.n >= sizeof key) {
				j = NULL;
				break;
			}
			memcpy(key, k.p, k.n);
			key[k.n] = '\0';
			j = json_object_get(j, key);
		}
		if (j)
			tree_value(j, &out[i]);
	}
}

js_line_rc js_pick_line(sv json, const js_paths *ps, js_value *out, char *scratch, json_t **tree,
			char *err, size_t err_size)
{
	*tree = NULL;
	if (js_pick(json, ps, out, scratch) == JS_OK)
		return JS_LINE_OK;
	json_error_t je;
	json_t *root = json_loadb(json.p, json.n, 0, &je);
	if (!root) {
		if (json_error_code(&je) == json_error_out_of_memory)
			return JS_LINE_NOMEM;
		snprintf(err, err_size, "invalid JSON (%s, column %d)", je.text, je.column);
		return JS_LINE_INVALID;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		snprintf(err, err_size, "JSON line is not an object");
		return JS_LINE_INVALID;
	}
	js_pick_tree(root, ps, out);
	*tree = root;
	return JS_LINE_OK;
}

static int hexn(const char *p, const char *end, int n)
{
	if (end - p < n)
		return -1;
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

size_t js_go_unquote(const char *p, size_t n, char *out)
{
	const char *end = p + n;
	char *o = out;
	while (p < end) {
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		if (++p >= end)
			return (size_t)-1;
		char c = *p++;
		int v;
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\'': *o++ = '\''; break;
		case 'a': *o++ = '\a'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'v': *o++ = '\v'; break;
		case 'x':
			if ((v = hexn(p, end, 2)) < 0)
				return (size_t)-1;
			p += 2;
			*o++ = (char)v;
			break;
		case 'u':
			/* \uHHHH is 6 bytes in for ≤ 3 out. */
			if ((v = hexn(p, end, 4)) < 0)
				return (size_t)-1;
			p += 4;
			o += utf8_encode(o, (uint32_t)v);
			break;
		case 'U': {
			/* Go only writes \U for runes above U+FFFF: 10 bytes in, 4 out. */
			if (end - p < 8)
				return (size_t)-1;
			int hi = hexn(p, end, 4), lo = hexn(p + 4, end, 4);
			if (hi < 0 || lo < 0 || ((uint32_t)hi << 16 | (uint32_t)lo) > 0x10FFFF)
				return (size_t)-1;
			p += 8;
			o += utf8_encode(o, (uint32_t)hi << 16 | (uint32_t)lo);
			break;
		}
		default:
			return (size_t)-1;
		}
	}
	return (size_t)(o - out);
}
