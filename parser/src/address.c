/* address.c — resource-instance addresses: one bracket- and quote-aware
 * scanner that both finds an address at the start of a line and splits it. */
#include "address.h"
#include "utf8.h"

#include <stdint.h>

/* Character classes for identifiers (HCL: letters, digits, '_', '-'; the
 * first may not be a digit or '-'). A table keeps the hot loop branch-light. */
enum { C_START = 1, C_INNER = 2 };

static const uint8_t cls[256] = {
	['_'] = C_START | C_INNER, ['-'] = C_INNER,
#define D(c) [c] = C_INNER
	D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'),
#undef D
#define L(c) [c] = C_START | C_INNER, [c - 'a' + 'A'] = C_START | C_INNER
	L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'),
	L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'),
	L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

/* Where the pieces of a parsed address lie (offsets into the text). */
typedef struct ainfo {
	size_t module_end; /* 0 for the root module */
	size_t type_at, type_n, name_at, name_n;
	size_t key_at, key_n; /* key_n 0: no key */
	bool key_is_string;
	tfc_mode mode;
} ainfo;

/* Length of the identifier at s[i..n), 0 when there is none. */
static inline size_t ident(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	if (i >= n || !(cls[u[i]] & C_START))
		return 0;
	size_t j = i + 1;
	while (j < n && (cls[u[j]] & C_INNER))
		j++;
	return j - i;
}

static bool is_word(const char *s, size_t n, const char *w, size_t wn)
{
	return n == wn && memcmp(s, w, wn) == 0;
}

/* An instance key at s[i] == '[': [123] or ["Go-quoted"]. Returns the
 * length including the brackets, 0 when malformed. */
static inline size_t key_len(const char *s, size_t n, size_t i, bool *is_string)
{
	size_t j = i + 1;
	if (j < n && s[j] == '"') {
		/* '"' and '\' are escaped inside, so the first bare '"' ends it;
		 * ']', '.', ':', ' ' in between are part of the key. */
		for (j++;;) {
			const char *q = memchr(s + j, '"', n - j);
			if (!q)
				return 0;
			size_t k = (size_t)(q - s), bs = 0;
			while (k - bs > j && s[k - bs - 1] == '\\')
				bs++;
			j = k;
			if (bs % 2 == 0)
				break; /* an even run of backslashes escapes only itself */
			j++;
		}
		if (j + 1 >= n || s[j + 1] != ']')
			return 0;
		*is_string = true;
		return j + 2 - i;
	}
	size_t d = j;
	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == d || j >= n || s[j] != ']')
		return 0;
	*is_string = false;
	return j + 1 - i;
}

/* Parse the address at the start of s[0..n): module.M[k]. … [data.|ephemeral.]
 * TYPE.NAME[k], or the 0.11 TYPE.NAME.N instance form. Returns its length,
 * 0 when s does not start with one. */
static size_t parse(const char *s, size_t n, ainfo *a)
{
	size_t i = 0, k;
	*a = (ainfo){0};
	a->mode = TFC_MODE_MANAGED;
	for (;;) {
		k = ident(s, n, i);
		if (!k || i + k >= n || s[i + k] != '.')
			return 0;
		if (!is_word(s + i, k, "module", 6))
			break;
		size_t m = ident(s, n, i + k + 1);
		if (!m)
			return 0;
		size_t j = i + k + 1 + m;
		if (j < n && s[j] == '[') {
			bool str;
			size_t kl = key_len(s, n, j, &str);
			if (!kl)
				return 0;
			j += kl;
		}
		if (j >= n || s[j] != '.')
			return 0; /* a module call alone is not a resource */
		a->module_end = j;
		i = j + 1;
	}
	if (is_word(s + i, k, "data", 4) || is_word(s + i, k, "ephemeral", 9)) {
		a->mode = k == 4 ? TFC_MODE_DATA : TFC_MODE_EPHEMERAL;
		i += k + 1;
		k = ident(s, n, i);
		if (!k || i + k >= n || s[i + k] != '.')
			return 0;
	}
	/* 0.11 multierror lines name providers the same way ("provider.aws"). */
	if (is_word(s + i, k, "provider", 8))
		return 0;
	a->type_at = i;
	a->type_n = k;
	i += k + 1;
	k = ident(s, n, i);
	if (!k)
		return 0;
	a->name_at = i;
	a->name_n = k;
	i += k;
	if (i < n && s[i] == '[') {
		size_t kl = key_len(s, n, i, &a->key_is_string);
		if (!kl)
			return 0;
		a->key_at = i + 1;
		a->key_n = kl - 2;
		i += kl;
	} else if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		/* 0.11 heartbeats and errors print counted instances as type.name.N */
		size_t j = i + 1;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		a->key_at = i + 1;
		a->key_n = j - i - 1;
		i = j;
	}
	return i;
}

size_t addr_scan(sv s, size_t *colon_at)
{
	ainfo a;
	size_t len = parse(s.p, s.n, &a);
	/* Something shaped like an address ends at a space, a colon or the end
	 * of the text; "foo.bar/baz" or "a.b=c" is not one. */
	if (len && len < s.n && s.p[len] != ' ' && s.p[len] != ':')
		len = 0;
	if (colon_at) {
		*colon_at = s.n;
		if (len) {
			/* Brackets and quotes only occur inside the address, so the
			 * first ": " after it is the first one outside them. */
			const char *p = s.p + len, *end = s.p + s.n;
			while ((p = memchr(p, ':', (size_t)(end - p))) != NULL) {
				if (p + 1 < end && p[1] == ' ') {
					*colon_at = (size_t)(p - s.p);
					break;
				}
				p++;
			}
		}
	}
	return len;
}

bool addr_split(sv address, addr_parts *parts)
{
	ainfo a;
	if (!address.p || parse(address.p, address.n, &a) != address.n)
		return false;
	parts->module = sv_make(address.p, a.module_end);
	parts->type = sv_make(address.p + a.type_at, a.type_n);
	parts->name = sv_make(address.p + a.name_at, a.name_n);
	parts->key = a.key_n || a.key_is_string ? sv_make(address.p + a.key_at, a.key_n) : SV_NULL;
	parts->key_is_string = a.key_is_string;
	parts->mode = a.mode;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Go's strconv.Quote (≤1.x) and Terraform's HCL-style quoting ($${, %%{):
 * every escape is at least as long as what it stands for, so out never
 * needs more than key.n bytes. */
size_t addr_unescape_key(sv key, char *out)
{
	const char *s = key.p;
	size_t n = key.n, o = 0, i = 0;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	while (i < n) {
		char c = s[i];
		if (c == '$' && i + 2 < n && s[i + 1] == '$' && s[i + 2] == '{') {
			out[o++] = '$';
			i += 2; /* the '{' is copied next round */
			continue;
		}
		if (c == '%' && i + 2 < n && s[i + 1] == '%' && s[i + 2] == '{') {
			out[o++] = '%';
			i += 2;
			continue;
		}
		if (c != '\\' || i + 1 >= n) {
			out[o++] = c;
			i++;
			continue;
		}
		char e = s[i + 1];
		int digits = 0;
		switch (e) {
		case 'n': out[o++] = '\n'; i += 2; continue;
		case 't': out[o++] = '\t'; i += 2; continue;
		case 'r': out[o++] = '\r'; i += 2; continue;
		case 'a': out[o++] = '\a'; i += 2; continue;
		case 'b': out[o++] = '\b'; i += 2; continue;
		case 'f': out[o++] = '\f'; i += 2; continue;
		case 'v': out[o++] = '\v'; i += 2; continue;
		case 'x': digits = 2; break;
		case 'u': digits = 4; break;
		case 'U': digits = 8; break;
		default:
			if (e >= '0' && e <= '7' && i + 3 < n && s[i + 2] >= '0' && s[i + 2] <= '7' &&
			    s[i + 3] >= '0' && s[i + 3] <= '7') {
				out[o++] = (char)(((e - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
				i += 4;
				continue;
			}
			out[o++] = e; /* \" \\ and anything unknown: the character itself */
			i += 2;
			continue;
		}
		uint32_t v = 0;
		int d;
		for (d = 0; d < digits && i + 2 + (size_t)d < n; d++) {
			int h = hexval(s[i + 2 + d]);
			if (h < 0)
				break;
			v = v << 4 | (uint32_t)h;
		}
		if (d < digits) { /* malformed: keep it as written */
			out[o++] = c;
			i++;
			continue;
		}
		if (e == 'x')
			out[o++] = (char)v;
		else
			o += utf8_encode(out + o, v);
		i += 2 + (size_t)digits;
	}
	return o;
}
