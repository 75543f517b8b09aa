/* options.c — render keyword arguments (the CLI's options, in Python form)
 * into a tfc_report_options, with the strings it borrows kept alive. */
#include "ext.h"

#include <math.h>
#include <string.h>

/* An optional str argument kept as UTF-8 bytes for a GIL-free render. */
static bool opt_utf8(PyObject *obj, PyObject **out)
{
	*out = NULL;
	if (obj == Py_None)
		return true;
	if (!PyUnicode_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "expected str or None, got %.100s", Py_TYPE(obj)->tp_name);
		return false;
	}
	*out = PyUnicode_AsUTF8String(obj);
	return *out != NULL;
}

static bool sort_from_name(const char *name, tfc_sort *out)
{
	static const struct { const char *name; tfc_sort sort; } sorts[] = {
		{"duration", TFC_SORT_DURATION},
		{"start", TFC_SORT_START},
		{"address", TFC_SORT_ADDRESS},
	};
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++) {
		if (strcmp(name, sorts[i].name) == 0) {
			*out = sorts[i].sort;
			return true;
		}
	}
	return false;
}

bool tfx_options_parse(tfx_options *opts, PyObject *args, PyObject *kwds, const char *fname)
{
	static char *kwlist[] = {"format", "top", "color", "width", "depth", "min_duration",
				 "stage", "filter", "sort", "warn_over", "max_bytes",
				 "traceparent", NULL};
	tfc_report_options *o = &opts->o;
	char fmt[64];
	const char *format = "text", *sort = NULL;
	Py_ssize_t top = -1, max_bytes = -1;
	int color, width, depth;
	double min_duration;
	PyObject *warn_obj = Py_None, *stage_obj = Py_None, *filter_obj = Py_None,
		 *trace_obj = Py_None;

	memset(opts, 0, sizeof *opts);
	tfc_report_options_default(o);
	color = o->color;
	width = o->width;
	depth = o->depth;
	min_duration = o->min_duration_s;
	snprintf(fmt, sizeof fmt, "|s$npiidOOzOnO:%s", fname);
	if (!PyArg_ParseTupleAndKeywords(args, kwds, fmt, kwlist, &format, &top, &color, &width,
					 &depth, &min_duration, &stage_obj, &filter_obj, &sort,
					 &warn_obj, &max_bytes, &trace_obj))
		return false;
	if (!tfc_format_from_name(format, &o->format)) {
		PyErr_Format(PyExc_ValueError,
			     "unknown format '%s' (text, json, markdown, csv, html, chrome, otlp)", format);
		return false;
	}
	if (sort && !sort_from_name(sort, &o->sort)) {
		PyErr_Format(PyExc_ValueError, "unknown sort '%s' (duration, start, address)", sort);
		return false;
	}
	if (top < -1 || max_bytes < -1 || width < 0 || depth < 0 || !(min_duration >= 0)) {
		PyErr_SetString(PyExc_ValueError, "report options must not be negative");
		return false;
	}
	if (top >= 0)
		o->top_n = (size_t)top;
	if (max_bytes >= 0)
		o->max_bytes = (size_t)max_bytes;
	o->color = color;
	o->width = width;
	o->depth = depth;
	o->min_duration_s = min_duration;
	if (warn_obj != Py_None) {
		o->warn_over_s = PyFloat_AsDouble(warn_obj);
		if (o->warn_over_s == -1.0 && PyErr_Occurred())
			return false;
	}
	if (!opt_utf8(stage_obj, &opts->stage) || !opt_utf8(filter_obj, &opts->filter) ||
	    !opt_utf8(trace_obj, &opts->traceparent)) {
		tfx_options_release(opts);
		return false;
	}
	o->stage = opts->stage ? PyBytes_AS_STRING(opts->stage) : NULL;
	o->filter = opts->filter ? PyBytes_AS_STRING(opts->filter) : NULL;
	o->traceparent = opts->traceparent ? PyBytes_AS_STRING(opts->traceparent) : NULL;
	return true;
}

void tfx_options_release(tfx_options *opts)
{
	Py_CLEAR(opts->stage);
	Py_CLEAR(opts->filter);
	Py_CLEAR(opts->traceparent);
}
