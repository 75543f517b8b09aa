/* convert.c — a finished tfc_timeline as Python objects: the tfclock/1 model
 * (the keys and values of the JSON report, docs/json-schema.md, except that
 * numbers keep their full precision), built straight from the C structs. */
#include "ext.h"

#include <math.h>
#include <string.h>

#include "timefmt.h"

/* Small builders; each returns a new reference or NULL with an exception. */

static PyObject *str_or_none(const char *s)
{
	if (!s)
		return Py_NewRef(Py_None);
	/* Model strings come from logs: keep going on invalid UTF-8. */
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *path_or_none(const char *s)
{
	return s ? PyUnicode_DecodeFSDefault(s) : Py_NewRef(Py_None);
}

static PyObject *num_or_none(double v)
{
	return isnan(v) ? Py_NewRef(Py_None) : PyFloat_FromDouble(v);
}

/* A time as the JSON report writes it: RFC 3339 UTC, null when absent or
 * when the stage only had times of day (no date). */
static PyObject *time_or_none(double t, bool dated)
{
	if (isnan(t) || !dated)
		return Py_NewRef(Py_None);
	char buf[40];
	return PyUnicode_FromString(time_format_rfc3339(t, buf, sizeof buf));
}

/* count keys are numbers, for_each keys strings (as in the JSON report). */
static PyObject *key_value(const tfc_op *op)
{
	if (!op->key)
		return Py_NewRef(Py_None);
	size_t n = strlen(op->key);
	if (!op->key_is_string && n > 0 && n < 16 && strspn(op->key, "0123456789") == n)
		return PyLong_FromString(op->key, NULL, 10);
	return str_or_none(op->key);
}

/* d[key] = value, stealing value; -1 on error (value released). */
static int put(PyObject *d, const char *key, PyObject *value)
{
	if (!value)
		return -1;
	int r = PyDict_SetItemString(d, key, value);
	Py_DECREF(value);
	return r;
}

static PyObject *times_from_list(unsigned bits)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{TFC_TIMES_REPORTED, "reported"},
		{TFC_TIMES_PREFIX, "prefix"},
		{TFC_TIMES_JSON_UI, "json_ui"},
		{TFC_TIMES_TF_LOG, "tf_log"},
	};
	PyObject *list = PyList_New(0);
	if (!list)
		return NULL;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(bits & names[i].bit))
			continue;
		PyObject *s = PyUnicode_FromString(names[i].name);
		if (!s || PyList_Append(list, s) < 0) {
			Py_XDECREF(s);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(s);
	}
	return list;
}

static PyObject *helm_dict(const tfc_helm *h)
{
	if (!h)
		return Py_NewRef(Py_None);
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "release", str_or_none(h->release)) < 0 ||
	    put(d, "prepare_s", num_or_none(h->prepare_s)) < 0 ||
	    put(d, "install_s", num_or_none(h->install_s)) < 0 ||
	    put(d, "wait_s", num_or_none(h->wait_s)) < 0 ||
	    put(d, "provider_s", num_or_none(h->provider_s)) < 0 ||
	    put(d, "ambiguous", PyBool_FromLong(h->ambiguous)) < 0 ||
	    put(d, "note", str_or_none(h->note)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

static PyObject *op_dict(const tfc_stage *st, const tfc_op *op)
{
	double offset = isnan(op->started_at) || isnan(st->started_at)
				? NAN
				: op->started_at - st->started_at;
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "address", str_or_none(op->address)) < 0 ||
	    put(d, "unit", str_or_none(op->unit)) < 0 ||
	    put(d, "deposed", str_or_none(op->deposed)) < 0 ||
	    put(d, "module", str_or_none(op->module)) < 0 ||
	    put(d, "type", str_or_none(op->type)) < 0 ||
	    put(d, "name", str_or_none(op->name)) < 0 ||
	    put(d, "key", key_value(op)) < 0 ||
	    put(d, "mode", PyUnicode_FromString(tfc_mode_name(op->mode))) < 0 ||
	    put(d, "action", PyUnicode_FromString(tfc_action_name(op->action))) < 0 ||
	    put(d, "status", PyUnicode_FromString(tfc_status_name(op->status))) < 0 ||
	    put(d, "duration_s", num_or_none(op->duration_s)) < 0 ||
	    put(d, "reported_s", num_or_none(op->reported_s)) < 0 ||
	    put(d, "elapsed_min_s", num_or_none(op->elapsed_min_s)) < 0 ||
	    put(d, "started_at", time_or_none(op->started_at, st->timestamps_dated)) < 0 ||
	    put(d, "ended_at", time_or_none(op->ended_at, st->timestamps_dated)) < 0 ||
	    put(d, "start_offset_s", num_or_none(offset)) < 0 ||
	    put(d, "id", str_or_none(op->id)) < 0 ||
	    put(d, "error", str_or_none(op->error)) < 0 ||
	    put(d, "provider", str_or_none(op->provider)) < 0 ||
	    put(d, "provider_s", num_or_none(op->provider_s)) < 0 ||
	    put(d, "times_from", times_from_list(op->times_from)) < 0 ||
	    put(d, "helm", helm_dict(op->helm)) < 0 ||
	    put(d, "source", path_or_none(op->source)) < 0 ||
	    put(d, "line", PyLong_FromUnsignedLongLong(op->line)) < 0 ||
	    put(d, "seq", PyLong_FromUnsignedLongLong(op->seq)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

static PyObject *warning_dict(const tfc_warning *w)
{
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "source", path_or_none(w->source)) < 0 ||
	    put(d, "line", PyLong_FromUnsignedLongLong(w->line)) < 0 ||
	    put(d, "message", str_or_none(w->message)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

static PyObject *summary_dict(const tfc_stage *s)
{
	if (!s->has_summary)
		return Py_NewRef(Py_None);
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "added", PyLong_FromLong(s->added)) < 0 ||
	    put(d, "changed", PyLong_FromLong(s->changed)) < 0 ||
	    put(d, "destroyed", PyLong_FromLong(s->destroyed)) < 0 ||
	    put(d, "imported", PyLong_FromLong(s->imported)) < 0 ||
	    put(d, "forgotten", PyLong_FromLong(s->forgotten)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

/* A list of n items made by make(item i); NULL on error. */
#define BUILD_LIST(n, make)                                         \
	do {                                                        \
		list = PyList_New((Py_ssize_t)(n));                 \
		if (!list)                                          \
			return NULL;                                \
		for (size_t i_ = 0; i_ < (n); i_++) {               \
			PyObject *item_ = (make);                   \
			if (!item_) {                               \
				Py_DECREF(list);                    \
				return NULL;                        \
			}                                           \
			PyList_SET_ITEM(list, (Py_ssize_t)i_, item_); \
		}                                                   \
	} while (0)

static PyObject *sources_list(const tfc_stage *s)
{
	PyObject *list;
	BUILD_LIST(s->n_sources, path_or_none(s->sources[i_]));
	return list;
}

static PyObject *ops_list(const tfc_stage *s)
{
	PyObject *list;
	BUILD_LIST(s->n_ops, op_dict(s, &s->ops[i_]));
	return list;
}

static PyObject *errors_list(const tfc_stage *s)
{
	PyObject *list;
	BUILD_LIST(s->n_errors, str_or_none(s->errors[i_]));
	return list;
}

static PyObject *warnings_list(const tfc_stage *s)
{
	PyObject *list;
	BUILD_LIST(s->n_warnings, warning_dict(&s->warnings[i_]));
	return list;
}

static PyObject *stage_dict(const tfc_stage *s)
{
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "name", str_or_none(s->name)) < 0 ||
	    put(d, "command", s->command == TFC_COMMAND_UNKNOWN
				      ? Py_NewRef(Py_None)
				      : PyUnicode_FromString(tfc_command_name(s->command))) < 0 ||
	    put(d, "tool", str_or_none(s->tool)) < 0 ||
	    put(d, "tool_version", str_or_none(s->tool_version)) < 0 ||
	    put(d, "sources", sources_list(s)) < 0 ||
	    put(d, "started_at", time_or_none(s->started_at, s->timestamps_dated)) < 0 ||
	    put(d, "ended_at", time_or_none(s->ended_at, s->timestamps_dated)) < 0 ||
	    put(d, "wall_s", num_or_none(s->wall_s)) < 0 ||
	    put(d, "timestamps", PyUnicode_FromString(isnan(s->started_at) ? "none"
						      : s->timestamps_dated ? "dated"
									    : "time_of_day")) < 0 ||
	    put(d, "summary", summary_dict(s)) < 0 ||
	    put(d, "interrupted", PyBool_FromLong(s->interrupted)) < 0 ||
	    put(d, "lines", PyLong_FromUnsignedLongLong(s->n_lines)) < 0 ||
	    put(d, "errors", errors_list(s)) < 0 ||
	    put(d, "operations", ops_list(s)) < 0 ||
	    put(d, "warnings", warnings_list(s)) < 0 ||
	    put(d, "warnings_total", PyLong_FromUnsignedLongLong(s->n_warnings_total)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

static PyObject *stages_list(const tfc_timeline *tl)
{
	size_t n = tfc_timeline_n_stages(tl);
	PyObject *list = PyList_New((Py_ssize_t)n);
	if (!list)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const tfc_stage *s = tfc_timeline_get_stage(tl, i);
		PyObject *item = s ? stage_dict(s) : NULL;
		if (!item) {
			if (!PyErr_Occurred())
				PyErr_SetString(PyExc_RuntimeError, "tfc_timeline_get_stage returned NULL");
			Py_DECREF(list);
			return NULL;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, item);
	}
	return list;
}

PyObject *tfx_timeline_to_dict(const tfc_timeline *tl)
{
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	if (put(d, "schema", PyUnicode_FromString(TFC_SCHEMA)) < 0 ||
	    put(d, "generator", PyUnicode_FromString("tfclock " TFC_VERSION)) < 0 ||
	    put(d, "stages", stages_list(tl)) < 0) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}
