/* escape.c — per-output escaping of strings taken from logs. */
#include "escape.h"

#include <string.h>

#include "buf.h"
#include "utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"    /* … */

size_t esc_utf8_len(const unsigned char *s, size_t n) { return utf8_valid_len(s, n); }

typedef void (*emit_fn)(tfc_buf *b, const unsigned char *c, size_t len);

/* Call emit for each character (len 0: an invalid byte), at most max_chars
 * of them with the middle replaced by one ellipsis. */
static void each_char(tfc_buf *b, const char *str, size_t max_chars, emit_fn emit)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), count = 0;
	for (size_t i = 0; i < n; count++) {
		size_t l = esc_utf8_len(s + i, n - i);
		i += l ? l : 1;
	}
	size_t head = count, tail_from = count;
	if (max_chars && count > max_chars) {
		head = (max_chars - 1) / 2;
		tail_from = count - (max_chars - 1 - head);
	}
	size_t k = 0;
	for (size_t i = 0; i < n; k++) {
		size_t l = esc_utf8_len(s + i, n - i);
		if (k < head || k >= tail_from)
			emit(b, s + i, l);
		else if (k == head)
			buf_puts(b, ELLIPSIS);
		i += l ? l : 1;
	}
}

static void emit_markdown(tfc_buf *b, const unsigned char *c, size_t len)
{
	if (len == 0) {
		buf_puts(b, REPLACEMENT);
		return;
	}
	if (len > 1) {
		buf_put(b, (const char *)c, len);
		return;
	}
	switch (*c) {
	case '&': buf_puts(b, "&amp;"); break;
	case '<': buf_puts(b, "&lt;"); break;
	case '>': buf_puts(b, "&gt;"); break;
	case '|': buf_puts(b, "&#124;"); break;
	case '`': buf_puts(b, "&#96;"); break;
	case '@': buf_puts(b, "&#64;"); break; /* no mentions from logs */
	case '\\': case '*': case '_': case '[': case ']': case '~': case '#':
	case '!': case '$':
		buf_putc(b, '\\');
		buf_putc(b, (char)*c);
		break;
	case '\n': case '\r': case '\t': buf_putc(b, ' '); break;
	default:
		if (*c < 0x20 || *c == 0x7F)
			buf_puts(b, REPLACEMENT);
		else
			buf_putc(b, (char)*c);
	}
}

/* Bytes every escaper copies as they are: printable ASCII minus the
 * characters special to that output. */
static bool plain_byte(unsigned char c, const char *special)
{
	return c >= 0x20 && c < 0x7F && !strchr(special, c);
}

/* Copy the longest run of plain bytes at s; returns its length. */
static size_t plain_run(tfc_buf *b, const char *s, const char *special)
{
	size_t n = 0;
	while (s[n] && plain_byte((unsigned char)s[n], special))
		n++;
	buf_put(b, s, n);
	return n;
}

static const char md_special[] = "&<>|`@\\*_[]~#!$";

bool esc_markdown(tfc_buf *b, const char *s, size_t max_chars)
{
	if (!s)
		return !b->oom;
	/* Most strings are short plain ASCII: copy them in runs. */
	if (max_chars == 0 || strlen(s) <= max_chars) {
		while (*s) {
			s += plain_run(b, s, md_special);
			if (!*s)
				break;
			size_t l = esc_utf8_len((const unsigned char *)s, strlen(s));
			emit_markdown(b, (const unsigned char *)s, l);
			s += l ? l : 1;
		}
		return !b->oom;
	}
	each_char(b, s, max_chars, emit_markdown);
	return !b->oom;
}

static void emit_mermaid(tfc_buf *b, const unsigned char *c, size_t len)
{
	if (len != 1) {
		buf_putc(b, '?');
		return;
	}
	unsigned char ch = *c;
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	    strchr(" ._-[]()/*=+,!?~^$", ch))
		buf_putc(b, (char)ch);
	else if (ch == '"' || ch == '\'')
		buf_putc(b, '\'');
	else
		buf_putc(b, '_');
}

bool esc_mermaid(tfc_buf *b, const char *s, size_t max_chars)
{
	if (s)
		each_char(b, s, max_chars, emit_mermaid);
	return !b->oom;
}

static void emit_csv(tfc_buf *b, const unsigned char *c, size_t len)
{
	if (len == 0)
		buf_puts(b, REPLACEMENT);
	else if (len == 1 && *c == '"')
		buf_puts(b, "\"\"");
	else
		buf_put(b, (const char *)c, len);
}

bool esc_csv(tfc_buf *b, const char *s)
{
	if (!s)
		return !b->oom;
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	size_t run = 0;
	while (s[run] && plain_byte((unsigned char)s[run], ",\""))
		run++;
	if (!s[run] && !formula && s[0] != ' ') /* the usual case: nothing to do */
		return buf_put(b, s, run);
	bool quote = formula || s[strcspn(s, ",\"\r\n")] != '\0' || s[0] == ' ';
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	each_char(b, s, 0, emit_csv);
	if (quote)
		buf_putc(b, '"');
	return !b->oom;
}

bool esc_json_for_script(tfc_buf *b, const char *json, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)json[i];
		const char *esc = NULL;
		size_t skip = 1;
		if (c == '<')
			esc = "\\u003c";
		else if (c == '>')
			esc = "\\u003e";
		else if (c == '&')
			esc = "\\u0026";
		else if (c == 0xE2 && i + 2 < n && (unsigned char)json[i + 1] == 0x80 &&
			 ((unsigned char)json[i + 2] == 0xA8 || (unsigned char)json[i + 2] == 0xA9)) {
			esc = (unsigned char)json[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!esc) {
			run++;
			continue;
		}
		buf_put(b, json + i - run, run);
		run = 0;
		buf_puts(b, esc);
		i += skip - 1;
	}
	buf_put(b, json + n - run, run);
	return !b->oom;
}
