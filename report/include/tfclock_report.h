/* tfclock_report.h — public API of libtfclock_report: a finished timeline in,
 * reports out (text, JSON, Markdown, CSV, HTML, Chrome trace, OTLP). Every
 * renderer reads the same analysis of the timeline; none prints or exits. */
#ifndef TFCLOCK_REPORT_H
#define TFCLOCK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "tfclock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tfc_format {
	TFC_FORMAT_TEXT,
	TFC_FORMAT_JSON,
	TFC_FORMAT_MARKDOWN,
	TFC_FORMAT_CSV,
	TFC_FORMAT_HTML,
	TFC_FORMAT_CHROME,
	TFC_FORMAT_OTLP,
	TFC_FORMAT_COUNT
} tfc_format;

typedef enum tfc_sort {
	TFC_SORT_DURATION,
	TFC_SORT_START,
	TFC_SORT_ADDRESS,
} tfc_sort;

typedef struct tfc_report_options {
	tfc_format format;
	size_t top_n;          /* slowest operations listed per stage (10) */
	bool color;            /* ANSI colour in text output (decided by the caller) */
	int width;             /* terminal width for text output (100) */
	int depth;             /* module depth for roll-ups, 0 = full path (1) */
	double min_duration_s; /* hide operations shorter than this (0) */
	const char *stage;     /* only this stage, or NULL */
	const char *filter;    /* fnmatch glob on addresses, or NULL */
	tfc_sort sort;
	double warn_over_s;    /* GitHub ::warning for operations longer than this, NaN = off */
	size_t max_bytes;      /* Markdown budget (1 MiB - margin) */
	const char *traceparent; /* W3C traceparent for OTLP, or NULL */
} tfc_report_options;

void tfc_report_options_default(tfc_report_options *opts);

/* Parse a format name ("text", "json", …); false when unknown. */
bool tfc_format_from_name(const char *name, tfc_format *out);
const char *tfc_format_name(tfc_format format);

/* A growable byte buffer owned by the caller; free with tfc_buf_free. */
typedef struct tfc_buf {
	char *data;  /* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	bool oom;    /* an append failed (or flush failed); data holds what fitted */
	/* Optional: when set, the buffer streams — once it holds more than
	 * flush_at bytes, all but its last byte go to flush and are dropped, so
	 * a large report costs little memory. flush returns false on failure. */
	bool (*flush)(void *ctx, const char *data, size_t len);
	void *flush_ctx;
	size_t flush_at; /* 0: 1 MiB */
} tfc_buf;

/* Hand what is left in a streaming buffer to its flush (call after render). */
bool tfc_buf_flush(tfc_buf *b);

/* Whether a format's renderer can write into a streaming buffer: json, csv,
 * html, chrome, otlp (not markdown, which trims its output to a budget, and
 * not the short text report). */
bool tfc_format_streams(tfc_format format);

void tfc_buf_free(tfc_buf *b);

/* Render tl (finished) into out, appending. TFC_ENOMEM when out of memory. */
tfc_rc tfc_render(const tfc_timeline *tl, const tfc_report_options *opts, tfc_buf *out);

#ifdef __cplusplus
}
#endif
#endif
