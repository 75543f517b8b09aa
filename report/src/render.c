/* render.c — option defaults, format names, and the dispatch from a format
 * to its renderer. */
#include <math.h>
#include <string.h>

#include "renderers.h"
#include "report_internal.h"
#include "tfclock_report.h"

static const char *const format_names[TFC_FORMAT_COUNT] = {
	"text", "json", "markdown", "csv", "html", "chrome", "otlp",
};

void tfc_report_options_default(tfc_report_options *o)
{
	*o = (tfc_report_options){
		.format = TFC_FORMAT_TEXT,
		.top_n = 10,
		.color = false,
		.width = 100,
		.depth = 1,
		.min_duration_s = 0,
		.sort = TFC_SORT_DURATION,
		.warn_over_s = NAN,
		.max_bytes = (1u << 20) - 16384,
	};
}

bool tfc_format_from_name(const char *name, tfc_format *out)
{
	for (int i = 0; i < TFC_FORMAT_COUNT; i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (tfc_format)i;
			return true;
		}
	if (strcmp(name, "md") == 0 || strcmp(name, "gfm") == 0) {
		*out = TFC_FORMAT_MARKDOWN;
		return true;
	}
	if (strcmp(name, "perfetto") == 0) {
		*out = TFC_FORMAT_CHROME;
		return true;
	}
	return false;
}

const char *tfc_format_name(tfc_format format)
{
	return (unsigned)format < TFC_FORMAT_COUNT ? format_names[format] : "unknown";
}

bool tfc_format_streams(tfc_format format)
{
	/* markdown trims itself to a budget: it needs its whole output at hand */
	return format != TFC_FORMAT_MARKDOWN && format != TFC_FORMAT_TEXT;
}

tfc_rc tfc_render(const tfc_timeline *tl, const tfc_report_options *opts, tfc_buf *out)
{
	if (!tl || !out)
		return TFC_EINVAL;
	tfc_report_options defaults;
	if (!opts) {
		tfc_report_options_default(&defaults);
		opts = &defaults;
	}
	if (opts->format == TFC_FORMAT_JSON)
		return render_json(tl, opts, out);

	analysis *a = analysis_build(tl, opts);
	if (!a)
		return TFC_ENOMEM;
	tfc_rc rc;
	switch (opts->format) {
	case TFC_FORMAT_TEXT: rc = render_text(a, opts, out); break;
	case TFC_FORMAT_MARKDOWN: rc = render_markdown(a, opts, out); break;
	case TFC_FORMAT_CSV: rc = render_csv(a, opts, out); break;
	case TFC_FORMAT_HTML: rc = render_html(a, opts, out); break;
	case TFC_FORMAT_CHROME: rc = render_chrome(a, opts, out); break;
	case TFC_FORMAT_OTLP: rc = render_otlp(a, opts, out); break;
	default: rc = TFC_EINVAL; break;
	}
	analysis_free(a);
	if (rc == TFC_OK && out->oom)
		rc = TFC_ENOMEM;
	return rc;
}
