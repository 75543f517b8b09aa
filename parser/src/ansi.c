/* ansi.c — removing colour codes: escape sequences wherever they are, and
 * the ESC-less SGR remnants ("[0m[1m") that survive copy and paste, only at
 * the edges of a text so that "[1m0s elapsed]" inside a message stays. */
#include "ansi.h"

#include <stdbool.h>
#include <string.h>

#include "prefix.h"

#define ESC 0x1b

/* The longest remnant worth considering: "[38;2;255;255;255m" is 18. */
#define REMNANT_MAX 24
#define REMNANT_CODES 8

static bool in(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

/* Bytes taken by the escape sequence at s (s[0] is ESC). */
static size_t escape_len(const unsigned char *s, size_t n)
{
	if (n < 2)
		return n;
	unsigned char c = s[1];
	size_t j = 2;
	if (c == '[') { /* CSI: parameters, intermediates, one final byte */
		while (j < n && in(s[j], 0x30, 0x3F))
			j++;
		while (j < n && in(s[j], 0x20, 0x2F))
			j++;
		return j < n && in(s[j], 0x40, 0x7E) ? j + 1 : j;
	}
	if (c == ']') { /* OSC (hyperlinks, titles): up to BEL or ESC '\' */
		for (; j < n; j++) {
			if (s[j] == 0x07)
				return j + 1;
			if (s[j] == ESC && j + 1 < n && s[j + 1] == '\\')
				return j + 2;
		}
		return 2; /* unterminated: drop only the introducer */
	}
	if (in(c, 0x20, 0x2F)) { /* nF, e.g. "ESC ( B" */
		j = 1;
		while (j < n && in(s[j], 0x20, 0x2F))
			j++;
		return j < n && in(s[j], 0x30, 0x7E) ? j + 1 : j;
	}
	if (in(c, 0x30, 0x7E)) /* two-byte Fp / Fe / Fs sequences */
		return 2;
	return 1; /* ESC before a control or non-ASCII byte: drop the ESC alone */
}

size_t ansi_remove_escapes(char *s, size_t len)
{
	char *e = memchr(s, ESC, len);
	if (!e)
		return len;
	size_t w = (size_t)(e - s), i = w;
	while (i < len) {
		if ((unsigned char)s[i] == ESC) {
			i += escape_len((const unsigned char *)s + i, len - i);
			continue;
		}
		char *next = memchr(s + i, ESC, len - i);
		size_t run = next ? (size_t)(next - (s + i)) : len - i;
		memmove(s + w, s + i, run);
		w += run;
		i += run;
	}
	return w;
}

/* The end of the run of escape sequences from u[i]. Terraform's own
 * "ESC[0m" / "ESC[1m" are taken without the general parse. */
static inline size_t skip_escapes(const unsigned char *u, size_t len, size_t i)
{
	while (i < len && u[i] == ESC) {
		if (len - i >= 4 && u[i + 1] == '[' && u[i + 3] == 'm' && u[i + 2] >= '0' && u[i + 2] <= '9')
			i += 4;
		else
			i += escape_len(u + i, len - i);
	}
	return i;
}

/* Terraform colours each line "ESC[0mESC[1m…" and closes it with one or two
 * "ESC[0m": compared as words, then one memchr for the middle. */
static bool terraform_edges(const char *s, size_t len, size_t *from, size_t *to)
{
	static const char head[8] = "\x1b[0m\x1b[1m", reset[4] = "\x1b[0m";
	if (len < 12 || memcmp(s, head, 8) != 0 || s[8] == ESC)
		return false;
	size_t end = len;
	while (end >= 12 && memcmp(s + end - 4, reset, 4) == 0)
		end -= 4;
	if (end == len || memchr(s + 8, ESC, end - 8))
		return false;
	*from = 8;
	*to = end;
	return true;
}

bool ansi_escapes_at_edges(const char *s, size_t len, size_t *from, size_t *to)
{
	if (terraform_edges(s, len, from, to))
		return true;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = skip_escapes(u, len, 0);
	const char *e = i < len ? memchr(s + i, ESC, len - i) : NULL;
	size_t j = e ? (size_t)(e - s) : len;
	/* The forward removal would copy s[i..j) and then drop sequence after
	 * sequence from j: when those reach the end, s[i..j) is the answer. */
	if (skip_escapes(u, len, j) < len)
		return false;
	*from = i;
	*to = j;
	return true;
}

/* SGR codes that colour or style text (fonts 10–20 and the rest excluded). */
static bool simple_code(unsigned v)
{
	return v <= 9 || (v >= 21 && v <= 49 && v != 38 && v != 48) || (v >= 90 && v <= 97) ||
	       (v >= 100 && v <= 107);
}

/* Checks a parsed code list: simple codes and 38/48 extended colours. */
static bool valid_codes(const unsigned *v, size_t nv)
{
	size_t j = 0;
	while (j < nv) {
		if (v[j] == 38 || v[j] == 48) {
			if (j + 2 < nv && v[j + 1] == 5 && v[j + 2] <= 255) {
				j += 3;
			} else if (j + 4 < nv && v[j + 1] == 2 && v[j + 2] <= 255 && v[j + 3] <= 255 &&
				   v[j + 4] <= 255) {
				j += 5;
			} else {
				return false;
			}
		} else if (simple_code(v[j])) {
			j++;
		} else {
			return false;
		}
	}
	return true;
}

size_t ansi_remnant_at(const char *s, size_t n)
{
	if (n < 3 || s[0] != '[')
		return 0;
	size_t lim = n < REMNANT_MAX ? n : REMNANT_MAX;
	unsigned codes[REMNANT_CODES];
	size_t nv = 0, i = 1;
	for (;;) {
		size_t start = i;
		unsigned v = 0;
		while (i < lim && i - start < 3 && s[i] >= '0' && s[i] <= '9')
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || nv == REMNANT_CODES || i >= lim)
			return 0;
		codes[nv++] = v;
		if (s[i] == 'm')
			break;
		if (s[i] != ';')
			return 0;
		i++;
	}
	return valid_codes(codes, nv) ? i + 1 : 0;
}

size_t ansi_remnants_front(const char *s, size_t n)
{
	size_t used = 0, k;
	while ((k = ansi_remnant_at(s + used, n - used)) > 0)
		used += k;
	return used;
}

size_t ansi_remnants_back(const char *s, size_t n)
{
	size_t end = n;
	while (end >= 3 && s[end - 1] == 'm') {
		/* A remnant holds no '[' but its first byte: the nearest one is the
		 * only candidate. */
		size_t lo = end > REMNANT_MAX ? end - REMNANT_MAX : 0, b = end - 1;
		while (b > lo && s[b] != '[')
			b--;
		if (s[b] != '[' || ansi_remnant_at(s + b, end - b) != end - b)
			break;
		end = b;
	}
	return n - end;
}

size_t ansi_strip(char *s, size_t len)
{
	if (!s)
		return 0;
	len = ansi_remove_escapes(s, len);
	size_t front = ansi_remnants_front(s, len);
	if (front > 0) {
		memmove(s, s + front, len - front);
		len -= front;
	}
	return len - ansi_remnants_back(s, len);
}
