/* timeline_internal.h — what the parsers and loaders inside the library use
 * to feed the timeline; not part of the public API. */
#ifndef TFC_TIMELINE_INTERNAL_H
#define TFC_TIMELINE_INTERNAL_H

#include <stdarg.h>

#include "event.h"
#include "tfclock.h"

/* Apply one event of a source to a stage. source is an interned name from
 * tl_add_source. TFC_ENOMEM only on out of memory. */
tfc_rc tl_apply(tfc_timeline *tl, size_t stage, const char *source, const ev *e);

/* Register a source with a stage; returns the interned, timeline-owned name. */
const char *tl_add_source(tfc_timeline *tl, size_t stage, const char *source);

/* Record a warning (kept up to the limit, always counted). */
void tl_warn(tfc_timeline *tl, size_t stage, const char *source, uint64_t line,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Count lines read for a stage. */
void tl_count_lines(tfc_timeline *tl, size_t stage, uint64_t lines);

/* Sort the stages from index first onwards by name (folder and archive
 * loaders create them in reading order). */
void tl_sort_stages(tfc_timeline *tl, size_t first);

/* The stage called name for a loader of one command-line path that began
 * when the timeline had `first` stages: stages of earlier paths are never
 * reused, so two runs' folders with the same stage names stay apart; a clash
 * is named "qualifier/name". (size_t)-1 on out of memory. */
size_t tl_stage_for_load(tfc_timeline *tl, size_t first, const char *qualifier, const char *name);

const tfc_limits *tl_limits(const tfc_timeline *tl);

/* Number of stages so far (usable before finish). */
size_t tl_n_stages(const tfc_timeline *tl);

#endif
