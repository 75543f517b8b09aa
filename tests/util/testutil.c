/* testutil.c — shared helpers for the cmocka tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2 + 1);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = n;
	}
	return buf;
}

tfc_timeline *tu_parse_buffer(const char *buf, size_t len, const char *stage_name,
			      const char *source_name, feed_mode mode, unsigned seed)
{
	tfc_timeline *tl = tfc_timeline_new(NULL);
	assert_non_null(tl);
	size_t st = tfc_timeline_stage(tl, stage_name);
	assert_true(st != (size_t)-1);
	tfc_parser *p = tfc_parser_new(tl, st, source_name);
	assert_non_null(p);
	size_t off = 0;
	srand(seed);
	while (off < len) {
		size_t chunk = len - off;
		if (mode == FEED_BYTES)
			chunk = 1;
		else if (mode == FEED_RANDOM) {
			size_t r = 1 + (size_t)(rand() % 4096);
			if (r < chunk)
				chunk = r;
		}
		assert_int_equal(tfc_parser_feed(p, buf + off, chunk), TFC_OK);
		off += chunk;
	}
	assert_int_equal(tfc_parser_finish(p), TFC_OK);
	tfc_parser_free(p);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	return tl;
}

char *tu_render(const tfc_timeline *tl, tfc_format format)
{
	tfc_report_options o;
	tfc_report_options_default(&o);
	o.format = format;
	tfc_buf b = {0};
	assert_int_equal(tfc_render(tl, &o, &b), TFC_OK);
	if (!b.data) {
		b.data = calloc(1, 1);
		assert_non_null(b.data);
	}
	return b.data;
}

const char *tu_src_path(const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s", TFC_SOURCE_DIR, rel);
	return path;
}

const char *tu_corpus_path(const char *rel)
{
	static char path[4096];
	struct stat sb;
	if (stat(TFC_CORPUS_DIR, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	snprintf(path, sizeof path, "%s/%s", TFC_CORPUS_DIR, rel);
	return path;
}

const tfc_op *tu_find_op(const tfc_stage *st, const char *address, tfc_action action)
{
	for (size_t i = 0; i < st->n_ops; i++)
		if (st->ops[i].action == action && strcmp(st->ops[i].address, address) == 0)
			return &st->ops[i];
	return NULL;
}
