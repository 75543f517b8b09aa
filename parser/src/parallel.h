/* parallel.h — a second thread for large inputs: it parses a run of
 * complete lines ahead of the main thread, as the plain or -json UI, into a private
 * list of events; the main thread keeps them only when it can tell they are
 * exactly what it would have produced itself (see parser.c). */
#ifndef TFC_PARALLEL_H
#define TFC_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detect.h"
#include "event.h"

/* The format of a cleaned line, as parser.c dispatches it. detect_line
 * tells formats apart by a leading '{', digit or '[': a line starting with
 * a letter (every resource line) is plain without asking it (test_parser
 * checks that this still holds). */
static inline line_format par_line_format(const line *ln)
{
	unsigned char c = ln->text.n ? (unsigned char)ln->text.p[0] : 0;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return FMT_PLAIN;
	return detect_line(ln);
}

typedef struct par_rec par_rec;

/* What the worker saw in one run, in order: events and line-reader warnings
 * (read them with par_get). */
typedef struct par_result {
	const par_rec *recs;
	size_t n;
	const ev *full; /* events kept whole (par_get reads them) */
	const ev *blank; /* ev_init's event of each kind, which the others are built on */
	uint64_t lines; /* lines read, skipped over-long ones included */
	/* Every line was plain or -json UI, nothing failed and the plain parser
	 * was idle at the end: given an idle start (no TF_LOG continuation
	 * pending), these are the sequential parse's events. */
	bool usable;
} par_result;

typedef struct par_worker par_worker;

/* A started worker thread; NULL when no thread could be had (then parse on
 * one thread). max_line_bytes as for the main line reader. */
par_worker *par_new(size_t max_line_bytes);
/* Stops and joins the thread (it must not be running a job). NULL: no-op. */
void par_free(par_worker *w);

/* Hands run [p, p + n) — complete lines, the last ending in '\n' — to the
 * thread; returns its slot (0 or 1), or -1 when both slots are taken. The
 * bytes must stay valid until par_wait on that slot returns. */
int par_submit(par_worker *w, const char *p, size_t n);
/* Waits for the job in slot; *waited tells whether it was still running.
 * The result stays valid until the slot is submitted again. */
const par_result *par_wait(par_worker *w, int slot, bool *waited);

/* Thing i of r: an event (line numbers counted from the start of the run)
 * or, when *warning, a line-reader warning (e->text = message, e->line).
 * Every sv points into the run itself or into the worker's copies. */
void par_get(const par_result *r, size_t i, ev *e, bool *warning);

/* parser.c: feeds of at least min_feed bytes use the worker, in segments
 * of segment bytes (0: the default). For the tests; SIZE_MAX turns it off. */
void par_configure(tfc_parser *p, size_t min_feed, size_t segment);
/* parser.c: how many of the worker's runs p applied (for the tests). */
size_t par_tails_applied(const tfc_parser *p);

#endif
