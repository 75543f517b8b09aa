/* testutil.h — shared helpers for the cmocka tests: reading files, parsing a
 * buffer whole / byte by byte / in random chunks, rendering JSON. */
#ifndef TFC_TESTUTIL_H
#define TFC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tfclock.h"
#include "tfclock_report.h"

typedef enum feed_mode {
	FEED_WHOLE,
	FEED_BYTES,  /* one byte at a time */
	FEED_RANDOM, /* random chunk sizes 1..4096, seeded */
} feed_mode;

/* Read a whole file; NULL when it cannot be read. Caller frees. */
char *tu_read_file(const char *path, size_t *len);

/* Parse buf as one source of one stage (named stage_name), fed per mode,
 * and finish the timeline. Caller frees with tfc_timeline_free. */
tfc_timeline *tu_parse_buffer(const char *buf, size_t len, const char *stage_name,
			      const char *source_name, feed_mode mode, unsigned seed);

/* Render a finished timeline as JSON (tfclock/1); caller frees. */
char *tu_render(const tfc_timeline *tl, tfc_format format);

/* Path under the source tree / corpus: returns a static buffer. */
const char *tu_src_path(const char *rel);
const char *tu_corpus_path(const char *rel); /* NULL when the corpus folder does not exist */

/* Find an operation by address and action in a stage (first occurrence). */
const tfc_op *tu_find_op(const tfc_stage *st, const char *address, tfc_action action);

#endif
