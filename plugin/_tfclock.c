/* _tfclock.c — the tfclock._tfclock module: PEP 489 multi-phase
 * initialisation, the module state, and the mapping of library errors to
 * tfclock.ParseError. The types live in timeline.c, feed.c and tee.c. */
#include "ext.h"
#include "cli_ext.h"

#include <stdio.h>

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

static PyMethodDef tfx_functions[] = {
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
