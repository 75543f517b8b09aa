/* linereader.c — splits a byte stream fed in arbitrary chunks into lines.
 * Lines wholly inside a chunk go to the callback straight from the caller's
 * buffer; only a line cut by a chunk boundary is carried, and never more than
 * the line limit of it, so memory stays bounded whatever the input. */
#include "linereader.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* UTF-16 input is transcoded in slices of this many bytes, so the scratch
 * buffer stays small whatever chunk size the caller uses. */
#define U16_SLICE 65536

enum start_state {
	START_SNIFF, /* still at the very start: a BOM may follow */
	START_UTF8,  /* plain bytes (a UTF-8 BOM, if any, dropped) */
	START_UTF16, /* UTF-16LE, transcoded to UTF-8 */
};

struct linereader {
	size_t max;
	lr_line_fn on_line;
	lr_problem_fn on_problem;
	void *ctx;

	uint64_t done;  /* lines ended so far, skipped ones included */
	tfc_rc failed;  /* sticky: a callback or allocation failed */
	bool finished;

	char *carry;    /* the start of a line cut by a chunk boundary */
	size_t carry_len, carry_cap;
	bool skipping;  /* the current line is over the limit: drop up to its '\n' */

	enum start_state start;
	unsigned char head[3]; /* first bytes, held until the BOM question is settled */
	size_t head_len;

	int u16_odd;          /* a low byte waiting for its high byte, or -1 */
	unsigned u16_high;    /* a high surrogate waiting for its low one, or 0 */
	char *u16_out;        /* transcoding scratch */
};

linereader *lr_new(size_t max_line_bytes, lr_line_fn on_line, lr_problem_fn on_problem, void *ctx)
{
	if (!on_line || max_line_bytes == 0)
		return NULL;
	linereader *lr = calloc(1, sizeof *lr);
	if (!lr)
		return NULL;
	lr->max = max_line_bytes;
	lr->on_line = on_line;
	lr->on_problem = on_problem;
	lr->ctx = ctx;
	lr->start = START_SNIFF;
	lr->u16_odd = -1;
	return lr;
}

void lr_free(linereader *lr)
{
	if (!lr)
		return;
	free(lr->carry);
	free(lr->u16_out);
	free(lr);
}

uint64_t lr_lines(const linereader *lr)
{
	return lr ? lr->done : 0;
}

bool lr_at_line_start(const linereader *lr)
{
	return lr && lr->start == START_UTF8 && lr->carry_len == 0 && !lr->skipping && !lr->finished &&
	       lr->failed == TFC_OK;
}

void lr_assume_utf8(linereader *lr)
{
	if (lr && lr->start == START_SNIFF && lr->head_len == 0)
		lr->start = START_UTF8;
}

void lr_add_lines(linereader *lr, uint64_t n)
{
	if (lr)
		lr->done += n;
}

static void problem(linereader *lr, uint64_t lineno, const char *msg)
{
	if (lr->on_problem)
		lr->on_problem(lr->ctx, lineno, msg);
}

/* The current line is over the limit: said once, with its number. */
static void report_long(linereader *lr)
{
	char msg[96];
	snprintf(msg, sizeof msg, "line longer than %zu bytes skipped", lr->max);
	problem(lr, lr->done + 1, msg);
}

/* Drops what was carried of the current line and the rest of it up to '\n'. */
static void start_skipping(linereader *lr)
{
	report_long(lr);
	lr->skipping = true;
	lr->carry_len = 0;
}

/* A complete line (terminator removed) goes out, unless it is too long. */
static tfc_rc emit(linereader *lr, const char *p, size_t n)
{
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > lr->max) {
		report_long(lr);
		lr->done++;
		return TFC_OK;
	}
	uint64_t lineno = ++lr->done;
	return lr->on_line(lr->ctx, p, n, lineno);
}

static bool carry_append(linereader *lr, const char *p, size_t n)
{
	size_t need = lr->carry_len + n;
	if (need > lr->carry_cap) {
		size_t cap = lr->carry_cap ? lr->carry_cap : 256;
		while (cap < need)
			cap *= 2;
		char *bigger = realloc(lr->carry, cap);
		if (!bigger)
			return false;
		lr->carry = bigger;
		lr->carry_cap = cap;
	}
	memcpy(lr->carry + lr->carry_len, p, n);
	lr->carry_len = need;
	return true;
}

/* A partial line may hold one byte more than the limit: it can be the '\r'
 * of a CRLF whose '\n' is still to come. */
static bool partial_too_long(const linereader *lr, size_t n)
{
	return n > lr->max && n - lr->max > 1;
}

/* The hot path: memchr for the line end, then the callback. */
static tfc_rc split(linereader *lr, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		if (lr->skipping) {
			if (!nl)
				return TFC_OK;
			lr->skipping = false;
			lr->done++;
		} else if (lr->carry_len > 0) {
			size_t part = nl ? (size_t)(nl - p) : n;
			if (partial_too_long(lr, lr->carry_len + part)) {
				start_skipping(lr);
				continue; /* find the end of the skipped line from p */
			}
			if (!carry_append(lr, p, part))
				return TFC_ENOMEM;
			if (!nl)
				return TFC_OK;
			size_t len = lr->carry_len;
			lr->carry_len = 0;
			tfc_rc rc = emit(lr, lr->carry, len);
			if (rc != TFC_OK)
				return rc;
		} else if (nl) {
			tfc_rc rc = emit(lr, p, (size_t)(nl - p));
			if (rc != TFC_OK)
				return rc;
		} else {
			if (partial_too_long(lr, n)) {
				start_skipping(lr);
				return TFC_OK;
			}
			return carry_append(lr, p, n) ? TFC_OK : TFC_ENOMEM;
		}
		size_t used = (size_t)(nl - p) + 1;
		p += used;
		n -= used;
	}
	return TFC_OK;
}

#define REPLACEMENT 0xFFFDu

/* One UTF-16 code unit; surrogates are paired across calls (and so across
 * feeds), a lone one becomes U+FFFD. */
static size_t put_unit(linereader *lr, char *o, unsigned u)
{
	size_t w = 0;
	if (u >= 0xDC00 && u <= 0xDFFF) {
		if (lr->u16_high) {
			unsigned cp = 0x10000 + ((lr->u16_high - 0xD800) << 10) + (u - 0xDC00);
			lr->u16_high = 0;
			return utf8_encode(o, cp);
		}
		return utf8_encode(o, REPLACEMENT);
	}
	if (lr->u16_high) {
		w += utf8_encode(o, REPLACEMENT);
		lr->u16_high = 0;
	}
	if (u >= 0xD800 && u <= 0xDBFF)
		lr->u16_high = u;
	else
		w += utf8_encode(o + w, u);
	return w;
}

static tfc_rc feed_utf16(linereader *lr, const unsigned char *p, size_t n)
{
	if (!lr->u16_out) {
		/* Worst case per slice: every 2 bytes give 3 (BMP) or a lone
		 * surrogate's U+FFFD plus a character, plus a carried unit. */
		lr->u16_out = malloc(U16_SLICE / 2 * 6 + 16);
		if (!lr->u16_out)
			return TFC_ENOMEM;
	}
	while (n > 0) {
		size_t take = n < U16_SLICE ? n : U16_SLICE;
		char *o = lr->u16_out;
		size_t w = 0, i = 0;
		if (lr->u16_odd >= 0) {
			w += put_unit(lr, o, (unsigned)lr->u16_odd | ((unsigned)p[0] << 8));
			lr->u16_odd = -1;
			i = 1;
		}
		for (; i + 1 < take; i += 2)
			w += put_unit(lr, o + w, (unsigned)p[i] | ((unsigned)p[i + 1] << 8));
		if (i < take)
			lr->u16_odd = p[i];
		tfc_rc rc = split(lr, o, w);
		if (rc != TFC_OK)
			return rc;
		p += take;
		n -= take;
	}
	return TFC_OK;
}

static tfc_rc dispatch(linereader *lr, const unsigned char *p, size_t n)
{
	if (lr->start == START_UTF16)
		return feed_utf16(lr, p, n);
	return split(lr, (const char *)p, n);
}

/* Settles the BOM question from the held first bytes. Returns false while
 * more bytes are needed (and the stream is not over). */
static bool sniff(linereader *lr, bool at_end)
{
	static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};
	const unsigned char *h = lr->head;
	size_t n = lr->head_len;
	if (n >= 1 && h[0] == 0xFF) {
		if (n < 2 && !at_end)
			return false;
		if (n >= 2 && h[1] == 0xFE) {
			lr->start = START_UTF16;
			lr->head_len = 0;
			return true;
		}
	} else if (n >= 1 && h[0] == 0xEF) {
		size_t cmp = n < 3 ? n : 3;
		if (memcmp(h, utf8_bom, cmp) == 0) {
			if (n < 3 && !at_end)
				return false;
			if (n == 3) {
				lr->start = START_UTF8;
				lr->head_len = 0;
				return true;
			}
		}
	} else if (n == 0 && !at_end) {
		return false;
	}
	lr->start = START_UTF8; /* no BOM: the held bytes are ordinary data */
	return true;
}

static tfc_rc fail(linereader *lr, tfc_rc rc)
{
	if (rc != TFC_OK)
		lr->failed = rc;
	return rc;
}

tfc_rc lr_feed(linereader *lr, const void *buf, size_t len)
{
	if (!lr || (!buf && len > 0))
		return TFC_EINVAL;
	if (lr->failed != TFC_OK)
		return lr->failed;
	if (lr->finished)
		return TFC_EINVAL;
	const unsigned char *p = buf;
	if (lr->start == START_SNIFF) {
		size_t earlier = lr->head_len; /* held from previous feeds */
		while (len > 0 && lr->head_len < sizeof lr->head) {
			lr->head[lr->head_len++] = *p++;
			len--;
			if (sniff(lr, false))
				break;
		}
		if (lr->start == START_SNIFF)
			return TFC_OK;
		size_t held = lr->head_len;
		lr->head_len = 0;
		if (earlier == 0) {
			/* All held bytes are still in buf: give them back, so the
			 * first line too is passed without a copy. */
			p -= held;
			len += held;
		} else if (held > 0) {
			tfc_rc rc = dispatch(lr, lr->head, held);
			if (rc != TFC_OK)
				return fail(lr, rc);
		}
	}
	return fail(lr, len > 0 ? dispatch(lr, p, len) : TFC_OK);
}

tfc_rc lr_finish(linereader *lr)
{
	if (!lr)
		return TFC_EINVAL;
	if (lr->failed != TFC_OK)
		return lr->failed;
	if (lr->finished)
		return TFC_OK;
	lr->finished = true;
	if (lr->start == START_SNIFF) {
		sniff(lr, true);
		size_t held = lr->head_len;
		lr->head_len = 0;
		tfc_rc rc = held > 0 ? dispatch(lr, lr->head, held) : TFC_OK;
		if (rc != TFC_OK)
			return fail(lr, rc);
	}
	if (lr->start == START_UTF16) {
		char tail[8];
		size_t w = 0;
		if (lr->u16_high) {
			w = utf8_encode(tail, REPLACEMENT);
			lr->u16_high = 0;
		}
		if (lr->u16_odd >= 0) {
			problem(lr, lr->done + 1, "odd trailing byte in UTF-16 input dropped");
			lr->u16_odd = -1;
		}
		tfc_rc rc = split(lr, tail, w);
		if (rc != TFC_OK)
			return fail(lr, rc);
	}
	if (lr->skipping) {
		lr->skipping = false;
		lr->done++;
		return TFC_OK;
	}
	if (lr->carry_len > 0) {
		size_t len = lr->carry_len;
		lr->carry_len = 0;
		return fail(lr, emit(lr, lr->carry, len));
	}
	return TFC_OK;
}
