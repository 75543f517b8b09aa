/* buf.c — the growable output buffer every renderer writes into. */
#include "buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "utf8.h"

/* Stream out all but the last byte (renderers may look at it: a comma
 * before the next element is decided from it). */
static bool drain(tfc_buf *b, size_t keep)
{
	if (b->len <= keep)
		return true;
	size_t n = b->len - keep;
	if (!b->flush(b->flush_ctx, b->data, n)) {
		b->oom = true;
		return false;
	}
	memmove(b->data, b->data + n, keep);
	b->len = keep;
	b->data[b->len] = '\0';
	return true;
}

bool tfc_buf_flush(tfc_buf *b)
{
	if (!b || !b->flush)
		return b != NULL;
	return !b->oom && drain(b, 0);
}

static bool grow(tfc_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->flush && b->len >= (b->flush_at ? b->flush_at : (size_t)1 << 20) && !drain(b, 1))
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

bool buf_put(tfc_buf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return false;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool buf_puts(tfc_buf *b, const char *s) { return buf_put(b, s, strlen(s)); }

bool buf_putc(tfc_buf *b, char c) { return buf_put(b, &c, 1); }

bool buf_printf(tfc_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof small)
		return buf_put(b, small, (size_t)n);
	if (!grow(b, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

bool buf_put_json_string(tfc_buf *b, const char *s)
{
	if (!s)
		return buf_put(b, "null", 4);
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	buf_putc(b, '"');
	size_t run = 0; /* bytes copied verbatim in one go */
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t seq = 1;
		const char *esc = NULL;
		char tmp[8];
		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\t')
			esc = "\\t";
		else if (c < 0x20 || c == 0x7F) {
			snprintf(tmp, sizeof tmp, "\\u%04x", c);
			esc = tmp;
		} else if (c >= 0x80) {
			seq = utf8_valid_len(p + i, n - i);
			if (seq == 0) {
				esc = "\\ufffd";
				seq = 1;
			}
		}
		if (esc) {
			buf_put(b, (const char *)p + i - run, run);
			run = 0;
			buf_puts(b, esc);
		} else {
			run += seq;
		}
		i += seq;
	}
	buf_put(b, (const char *)p + n - run, run);
	return buf_putc(b, '"');
}

bool buf_put_json_number(tfc_buf *b, double v)
{
	if (isnan(v) || isinf(v))
		return buf_put(b, "null", 4);
	char tmp[64];
	int n = snprintf(tmp, sizeof tmp, "%.3f", v);
	while (n > 0 && tmp[n - 1] == '0')
		n--;
	if (n > 0 && tmp[n - 1] == '.')
		n--;
	if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
		return buf_put(b, "0", 1);
	return buf_put(b, tmp, (size_t)n);
}

bool buf_put_json_time(tfc_buf *b, double t)
{
	if (isnan(t))
		return buf_put(b, "null", 4);
	char tmp[40];
	time_format_rfc3339(t, tmp, sizeof tmp);
	buf_putc(b, '"');
	buf_puts(b, tmp);
	return buf_putc(b, '"');
}

bool buf_put_html(tfc_buf *b, const char *s)
{
	if (!s)
		return true;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default: continue;
		}
		buf_put(b, run, (size_t)(p - run));
		buf_puts(b, esc);
		run = p + 1;
	}
	return buf_puts(b, run);
}

void tfc_buf_free(tfc_buf *b)
{
	if (!b)
		return;
	free(b->data);
	*b = (tfc_buf){0};
}
