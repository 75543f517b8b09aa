/* report_internal.h — the renderers the lead owns (JSON, text). */
#ifndef TFC_REPORT_INTERNAL_H
#define TFC_REPORT_INTERNAL_H

#include "renderers.h"

/* The tfclock/1 JSON document: the timeline itself, after --stage / --filter. */
tfc_rc render_json(const tfc_timeline *tl, const tfc_report_options *o, tfc_buf *out);

/* The terminal report, from the analysis. */
tfc_rc render_text(const analysis *a, const tfc_report_options *o, tfc_buf *out);

#endif
