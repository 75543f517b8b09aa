/* fuzz_plain.c — fuzz target for the parser pipeline on plain text: the
 * input is fed once whole and once in chunks whose sizes come from the input
 * itself, both timelines are finished and rendered, and the two JSON reports
 * must be identical (chunking never changes a result). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tfclock.h"
#include "tfclock_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Chunk sizes from 1 to 256, a sequence fixed by the input's bytes. */
static size_t next_chunk(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return 1 + (*state & 0xff);
}

static uint32_t seed_of(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size && i < 64; i++)
		h = (h ^ data[i]) * 16777619u;
	return h ? h : 1;
}

/* Parse data (whole when chunked is false) and render it; NULL when the
 * library ran out of memory (allowed, not a finding). */
static char *parse_and_render(const uint8_t *data, size_t size, bool chunked, size_t *out_len)
{
	tfc_limits lim;
	tfc_limits_default(&lim);
	/* Small limits so that the long-line and warning paths are reached. */
	lim.max_line_bytes = 2048;
	lim.max_warnings = 8;
	tfc_timeline *tl = tfc_timeline_new(&lim);
	if (!tl)
		return NULL;
	char *json = NULL;
	size_t stage = tfc_timeline_stage(tl, "fuzz");
	tfc_parser *p = stage == (size_t)-1 ? NULL : tfc_parser_new(tl, stage, "fuzz.log");
	if (!p)
		goto done;
	tfc_rc rc = TFC_OK;
	if (chunked) {
		uint32_t state = seed_of(data, size);
		for (size_t off = 0; off < size && rc == TFC_OK;) {
			size_t n = next_chunk(&state);
			if (n > size - off)
				n = size - off;
			rc = tfc_parser_feed(p, data + off, n);
			off += n;
		}
	} else {
		rc = tfc_parser_feed(p, data, size);
	}
	if (rc == TFC_OK)
		rc = tfc_parser_finish(p);
	tfc_parser_free(p);
	if (rc != TFC_OK || tfc_timeline_finish(tl) != TFC_OK)
		goto done;

	tfc_report_options o;
	tfc_report_options_default(&o);
	o.format = TFC_FORMAT_JSON;
	tfc_buf b = {0};
	if (tfc_render(tl, &o, &b) == TFC_OK && b.data) {
		json = b.data;
		*out_len = b.len;
	} else {
		tfc_buf_free(&b);
	}
	/* The text report walks the same model differently: render it too. */
	o.format = TFC_FORMAT_TEXT;
	tfc_buf t = {0};
	tfc_render(tl, &o, &t);
	tfc_buf_free(&t);
done:
	tfc_timeline_free(tl);
	return json;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t whole_len = 0, chunked_len = 0;
	char *whole = parse_and_render(data, size, false, &whole_len);
	char *chunked = parse_and_render(data, size, true, &chunked_len);
	if (whole && chunked && (whole_len != chunked_len || memcmp(whole, chunked, whole_len) != 0))
		abort(); /* a finding: the report depends on how the bytes arrived */
	free(whole);
	free(chunked);
	return 0;
}
