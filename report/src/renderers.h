/* renderers.h — the analysis every renderer reads and the renderers that the
 * dispatcher in render.c calls (markdown, csv, html, chrome, otlp). */
#ifndef TFC_RENDERERS_H
#define TFC_RENDERERS_H

#include "tfclock_report.h"

typedef struct analysis analysis; /* defined in analysis.h */

/* Build the analysis of a finished timeline under the options (stage,
 * filter, min-duration, sort, depth, top). NULL on out of memory. The
 * analysis borrows strings from tl: free it before the timeline. */
analysis *analysis_build(const tfc_timeline *tl, const tfc_report_options *o);
void analysis_free(analysis *a); /* NULL is a no-op */

/* Each appends its format to out; TFC_ENOMEM when out of memory. */
tfc_rc render_markdown(const analysis *a, const tfc_report_options *o, tfc_buf *out);
tfc_rc render_csv(const analysis *a, const tfc_report_options *o, tfc_buf *out);
tfc_rc render_html(const analysis *a, const tfc_report_options *o, tfc_buf *out);
tfc_rc render_chrome(const analysis *a, const tfc_report_options *o, tfc_buf *out);
tfc_rc render_otlp(const analysis *a, const tfc_report_options *o, tfc_buf *out);

#endif
