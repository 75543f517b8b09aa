/* _tfclock.c — the tfclock._tfclock module: PEP 489 multi-phase
 * initialisation, the module state, and the mapping of library errors to
 * tfclock.ParseError. The types live in timeline.c, feed.c and tee.c. */
#include "ext.h"
#include "cli.h"
#include "duration.h"
#include "cli_ext.h"

#include <stdio.h>
#include <stdlib.h>

static PyModuleDef tfx_module;

tfx_state *tfx_state_of(PyObject *obj)
{
	/* Our heap types are created with PyType_FromModuleAndSpec, so the
	 * defining module (and its state) is found from the type. */
	return PyType_GetModuleState(Py_TYPE(obj));
}

static int set_attr(PyObject *exc, const char *name, PyObject *value)
{
	if (!value)
		return -1;
	int r = PyObject_SetAttrString(exc, name, value);
	Py_DECREF(value);
	return r;
}

static const char *rc_name(tfc_rc rc)
{
	switch (rc) {
	case TFC_OK: return "OK";
	case TFC_ENOMEM: return "ENOMEM";
	case TFC_EIO: return "EIO";
	case TFC_EINVAL: return "EINVAL";
	case TFC_ELIMIT: return "ELIMIT";
	}
	return "UNKNOWN";
}

PyObject *tfx_raise(tfx_state *st, tfc_rc rc, const tfc_error *err, const char *path)
{
	if (rc == TFC_ENOMEM)
		return PyErr_NoMemory();

	const char *source = err && err->source[0] ? err->source : path;
	unsigned long long line = err ? (unsigned long long)err->line : 0;
	const char *message = err && err->message[0] ? err->message : rc_name(rc);
	PyObject *text = NULL, *exc = NULL;

	if (source && line)
		text = PyUnicode_FromFormat("%s:%llu: %s", source, line, message);
	else if (source)
		text = PyUnicode_FromFormat("%s: %s", source, message);
	else
		text = PyUnicode_FromString(message);
	if (!text)
		goto done;
	exc = PyObject_CallOneArg(st->parse_error, text);
	if (!exc)
		goto done;
	if (set_attr(exc, "path", source ? PyUnicode_DecodeFSDefault(source) : Py_NewRef(Py_None)) < 0 ||
	    set_attr(exc, "line", line ? PyLong_FromUnsignedLongLong(line) : Py_NewRef(Py_None)) < 0 ||
	    set_attr(exc, "column", Py_NewRef(Py_None)) < 0 ||
	    set_attr(exc, "code", PyUnicode_FromString(rc_name(rc))) < 0)
		goto done;
	PyErr_SetObject(st->parse_error, exc);
done:
	Py_XDECREF(text);
	Py_XDECREF(exc);
	return NULL;
}

bool tfx_claim(tfx_timeline *t, bool must_be_open)
{
	if (t->busy) {
		PyErr_SetString(PyExc_RuntimeError, "Timeline is in use by another thread");
		return false;
	}
	if (must_be_open && t->finished) {
		PyErr_SetString(PyExc_RuntimeError, "Timeline is already finished");
		return false;
	}
	t->busy = true;
	return true;
}

static PyObject *add_type(PyObject *module, PyType_Spec *spec, const char *name)
{
	PyObject *type = PyType_FromModuleAndSpec(module, spec, NULL);
	if (!type)
		return NULL;
	if (PyModule_AddObjectRef(module, name, type) < 0) {
		Py_DECREF(type);
		return NULL;
	}
	return type;
}

static int tfx_exec(PyObject *module)
{
	tfx_state *st = PyModule_GetState(module);

	st->parse_error = PyErr_NewExceptionWithDoc(
		"tfclock.ParseError",
		"A log could not be read or parsed. Attributes: path (str or None), "
		"line and column (int or None), code (the library's error name).",
		PyExc_ValueError, NULL);
	if (!st->parse_error || PyModule_AddObjectRef(module, "ParseError", st->parse_error) < 0)
		return -1;
	st->timeline_type = (PyTypeObject *)add_type(module, &tfx_timeline_spec, "Timeline");
	if (!st->timeline_type)
		return -1;
	st->parser_type = (PyTypeObject *)add_type(module, &tfx_parser_spec, "Parser");
	if (!st->parser_type)
		return -1;
	st->tee_type = (PyTypeObject *)add_type(module, &tfx_tee_spec, "Tee");
	if (!st->tee_type)
		return -1;
	if (PyModule_AddStringConstant(module, "VERSION", TFC_VERSION) < 0 ||
	    PyModule_AddStringConstant(module, "SCHEMA", TFC_SCHEMA) < 0)
		return -1;
	return 0;
}

static int tfx_traverse(PyObject *module, visitproc visit, void *arg)
{
	tfx_state *st = PyModule_GetState(module);
	Py_VISIT(st->parse_error);
	Py_VISIT(st->timeline_type);
	Py_VISIT(st->parser_type);
	Py_VISIT(st->tee_type);
	return 0;
}

static int tfx_clear(PyObject *module)
{
	tfx_state *st = PyModule_GetState(module);
	Py_CLEAR(st->parse_error);
	Py_CLEAR(st->timeline_type);
	Py_CLEAR(st->parser_type);
	Py_CLEAR(st->tee_type);
	return 0;
}

static void tfx_free(void *module)
{
	tfx_clear(module);
}

static PyObject *format_names(PyObject *module, PyObject *unused)
{
	PyObject *list = PyList_New(0);
	if (!list)
		return NULL;
	for (int f = 0; f < TFC_FORMAT_COUNT; f++) {
		PyObject *name = PyUnicode_FromString(tfc_format_name((tfc_format)f));
		if (!name || PyList_Append(list, name) < 0) {
			Py_XDECREF(name);
			Py_DECREF(list);
			return NULL;
		}
		Py_DECREF(name);
	}
	return list;
}

/* otlp_post(url, body): `--otlp-endpoint`, one POST to a loopback collector. */
static PyObject *otlp_post(PyObject *module, PyObject *args)
{
	const char *url;
	Py_buffer body;
	char msg[256] = "";
	int rc;

	if (!PyArg_ParseTuple(args, "sy*:otlp_post", &url, &body))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = cli_otlp_post(url, body.buf, (size_t)body.len, msg, sizeof msg);
	Py_END_ALLOW_THREADS
	PyBuffer_Release(&body);
	if (rc != 0) {
		PyErr_Format(PyExc_OSError, "%s", msg[0] ? msg : "OTLP post failed");
		return NULL;
	}
	Py_RETURN_NONE;
}

/* run_cli(argv) — the tfclock command itself (report/cli/cli.c), so that
 * `python -m tfclock` is the same program, not a copy of it. */
static PyObject *run_cli(PyObject *module, PyObject *arg)
{
	PyObject *seq = PySequence_Fast(arg, "run_cli() takes a sequence of str");
	if (!seq)
		return NULL;
	Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
	char **argv = PyMem_Calloc((size_t)n + 1, sizeof *argv);
	PyObject *result = NULL;
	if (!argv) {
		PyErr_NoMemory();
		goto done;
	}
	for (Py_ssize_t i = 0; i < n; i++) {
		PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
		const char *s = PyUnicode_Check(item) ? PyUnicode_AsUTF8(item) : NULL;
		if (!s) {
			if (!PyErr_Occurred())
				PyErr_SetString(PyExc_TypeError, "run_cli() arguments must be str");
			goto done;
		}
		argv[i] = (char *)s; /* borrowed from seq, alive until done */
	}
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_cli_main((int)n, argv);
	Py_END_ALLOW_THREADS
	result = PyLong_FromLong(rc);
done:
	PyMem_Free(argv);
	Py_DECREF(seq);
	return result;
}

/* parse_duration(text) — seconds from "90", "1.5" or a Go duration "1m30s",
 * with the parser's own rules (duration.c). */
static PyObject *parse_duration(PyObject *module, PyObject *arg)
{
	Py_ssize_t n;
	const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
	if (!s)
		return NULL;
	char *end;
	double v = strtod(s, &end);
	if (n == 0 || end != s + n || !(v >= 0)) {
		if (!duration_parse(sv_make(s, (size_t)n), &v) || !(v >= 0)) {
			PyErr_Format(PyExc_ValueError, "not a duration: %R", arg);
			return NULL;
		}
	}
	return PyFloat_FromDouble(v);
}

static PyMethodDef tfx_functions[] = {
	{"parse_duration", parse_duration, METH_O,
	 "parse_duration(text) -> float — seconds from '90', '1.5' or a Go duration such as '1m30s'"},
	{"run_cli", run_cli, METH_O,
	 "run_cli(argv) -> int — run the tfclock command (argv[0] is the program name): it writes to "
	 "the process's stdout/stderr and returns the exit status"},
	{"formats", format_names, METH_NOARGS, "formats() -> list of the report format names"},
	{"otlp_post", otlp_post, METH_VARARGS,
	 "otlp_post(url, body) — POST an OTLP/JSON trace to an http:// loopback collector; "
	 "OSError on failure"},
	{NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot tfx_slots[] = {
	{Py_mod_exec, tfx_exec},
	{0, NULL},
};

static PyModuleDef tfx_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "tfclock._tfclock",
	.m_doc = "C core of tfclock: the Terraform / OpenTofu log parser and its reports.",
	.m_size = sizeof(tfx_state),
	.m_methods = tfx_functions,
	.m_slots = tfx_slots,
	.m_traverse = tfx_traverse,
	.m_clear = tfx_clear,
	.m_free = tfx_free,
};

PyMODINIT_FUNC PyInit__tfclock(void);

PyMODINIT_FUNC PyInit__tfclock(void)
{
	return PyModuleDef_Init(&tfx_module);
}
