/* timeline.c — the Timeline type: load paths (GIL released around each
 * whole input), finish, and hand the result out as a dict or a report. */
#include "ext.h"
#include "timeline_internal.h"
#include "cli_ext.h"

#include <string.h>

static int timeline_init(PyObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = {"max_line_bytes", "max_warnings", "max_member_bytes",
				 "max_archive_bytes", "max_archive_members", "max_archive_depth", NULL};
	tfx_timeline *t = (tfx_timeline *)self;
	tfc_limits limits;
	tfc_limits_default(&limits);
	Py_ssize_t line = -1, warnings = -1;
	long long member = -1, archive = -1, members = -1;
	int depth = -1;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|$nnLLLi:Timeline", kwlist, &line, &warnings,
					 &member, &archive, &members, &depth))
		return -1;
	if (line == 0 || line < -1 || warnings < -1 || member < -1 || archive < -1 || members < -1 ||
	    depth < -1) {
		PyErr_SetString(PyExc_ValueError, "Timeline limits must be positive");
		return -1;
	}
	if (line > 0)
		limits.max_line_bytes = (size_t)line;
	if (warnings >= 0)
		limits.max_warnings = (size_t)warnings;
	if (member >= 0)
		limits.max_member_bytes = (uint64_t)member;
	if (archive >= 0)
		limits.max_archive_bytes = (uint64_t)archive;
	if (members >= 0)
		limits.max_archive_members = (uint64_t)members;
	if (depth >= 0)
		limits.max_archive_depth = depth;

	if (t->tl) { /* __init__ called twice: start again */
		if (t->busy || t->n_open) {
			PyErr_SetString(PyExc_RuntimeError, "Timeline is in use");
			return -1;
		}
		tfc_timeline_free(t->tl);
		t->tl = NULL;
	}
	t->tl = tfc_timeline_new(&limits);
	if (!t->tl) {
		PyErr_NoMemory();
		return -1;
	}
	t->finished = false;
	return 0;
}

static void timeline_dealloc(PyObject *self)
{
	tfx_timeline *t = (tfx_timeline *)self;
	PyTypeObject *type = Py_TYPE(self);
	PyObject_GC_UnTrack(self);
	tfc_timeline_free(t->tl);
	type->tp_free(self);
	Py_DECREF(type);
}

static int timeline_traverse(PyObject *self, visitproc visit, void *arg)
{
	Py_VISIT(Py_TYPE(self));
	return 0;
}

static bool ready(tfx_timeline *t)
{
	if (!t->tl) {
		PyErr_SetString(PyExc_RuntimeError, "Timeline.__init__ was not called");
		return false;
	}
	return true;
}

static PyObject *timeline_load(PyObject *self, PyObject *arg)
{
	tfx_timeline *t = (tfx_timeline *)self;
	PyObject *path = NULL, *result = NULL;
	tfc_error err;
	tfc_rc rc;

	if (!ready(t) || !PyUnicode_FSConverter(arg, &path))
		return NULL;
	if (!tfx_claim(t, true))
		goto done;
	memset(&err, 0, sizeof err);
	const char *cpath = PyBytes_AS_STRING(path);
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_load_path(t->tl, cpath, NULL, &err);
	Py_END_ALLOW_THREADS
	t->busy = false;
	if (rc != TFC_OK) {
		tfx_raise(tfx_state_of(self), rc, &err, cpath);
		goto done;
	}
	result = Py_NewRef(Py_None);
done:
	Py_XDECREF(path);
	return result;
}

static PyObject *timeline_stage(PyObject *self, PyObject *arg)
{
	tfx_timeline *t = (tfx_timeline *)self;
	PyObject *name = NULL, *result = NULL;

	if (!ready(t) || !PyUnicode_FSConverter(arg, &name))
		return NULL;
	if (!tfx_claim(t, true))
		goto done;
	size_t index = tfc_timeline_stage(t->tl, PyBytes_AS_STRING(name));
	t->busy = false;
	if (index == (size_t)-1) {
		PyErr_NoMemory();
		goto done;
	}
	result = PyLong_FromSize_t(index);
done:
	Py_XDECREF(name);
	return result;
}

static bool command_from_name(const char *name, tfc_command *out)
{
	for (int c = TFC_COMMAND_UNKNOWN; c <= TFC_COMMAND_OTHER; c++) {
		if (strcmp(name, tfc_command_name((tfc_command)c)) == 0) {
			*out = (tfc_command)c;
			return true;
		}
	}
	return false;
}

static PyObject *timeline_set_command(PyObject *self, PyObject *args)
{
	tfx_timeline *t = (tfx_timeline *)self;
	Py_ssize_t stage;
	const char *name;
	tfc_command command;

	if (!ready(t) || !PyArg_ParseTuple(args, "ns:set_command", &stage, &name))
		return NULL;
	if (!command_from_name(name, &command)) {
		PyErr_Format(PyExc_ValueError, "unknown command %R", PyTuple_GET_ITEM(args, 1));
		return NULL;
	}
	if (!tfx_claim(t, true))
		return NULL;
	t->busy = false;
	/* Stage indexes are handed out by stage(); anything else is misuse. */
	if (stage < 0 || (size_t)stage >= tl_n_stages(t->tl)) {
		PyErr_SetString(PyExc_IndexError, "stage index out of range");
		return NULL;
	}
	tfc_timeline_set_command(t->tl, (size_t)stage, command);
	Py_RETURN_NONE;
}

static PyObject *timeline_finish(PyObject *self, PyObject *unused)
{
	tfx_timeline *t = (tfx_timeline *)self;
	tfc_rc rc;

	if (!ready(t))
		return NULL;
	if (t->finished)
		Py_RETURN_NONE; /* idempotent: a second finish changes nothing */
	if (t->n_open) {
		PyErr_SetString(PyExc_RuntimeError, "finish every Parser before the Timeline");
		return NULL;
	}
	if (!tfx_claim(t, true))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_timeline_finish(t->tl);
	Py_END_ALLOW_THREADS
	t->busy = false;
	if (rc != TFC_OK)
		return tfx_raise(tfx_state_of(self), rc, NULL, NULL);
	t->finished = true;
	Py_RETURN_NONE;
}

static bool finished(tfx_timeline *t)
{
	if (!ready(t))
		return false;
	if (!t->finished) {
		PyErr_SetString(PyExc_RuntimeError, "call Timeline.finish() first");
		return false;
	}
	if (t->busy) {
		PyErr_SetString(PyExc_RuntimeError, "Timeline is in use by another thread");
		return false;
	}
	return true;
}

static PyObject *timeline_to_dict(PyObject *self, PyObject *unused)
{
	tfx_timeline *t = (tfx_timeline *)self;
	if (!finished(t))
		return NULL;
	return tfx_timeline_to_dict(t->tl);
}

static PyObject *timeline_render(PyObject *self, PyObject *args, PyObject *kwds)
{
	tfx_timeline *t = (tfx_timeline *)self;
	tfx_options opts;
	tfc_buf out = {0};
	PyObject *result = NULL;
	tfc_rc rc;

	if (!tfx_options_parse(&opts, args, kwds, "render"))
		return NULL;
	if (!finished(t))
		goto done;
	/* The timeline is read-only once finished; busy keeps __init__ and
	 * another thread's loads away while the GIL is released. */
	t->busy = true;
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_render(t->tl, &opts.o, &out);
	Py_END_ALLOW_THREADS
	t->busy = false;
	if (rc != TFC_OK || out.oom) {
		tfx_raise(tfx_state_of(self), rc == TFC_OK ? TFC_ENOMEM : rc, NULL, NULL);
		goto done;
	}
	result = PyUnicode_DecodeUTF8(out.data ? out.data : "", (Py_ssize_t)out.len, "replace");
done:
	tfc_buf_free(&out);
	tfx_options_release(&opts);
	return result;
}

/* github(**options) -> int: what `tfclock report --github` does — the
 * markdown report appended to $GITHUB_STEP_SUMMARY and ::error / ::warning
 * annotations on the C stdout (flushed). 0 when all went well. */
static PyObject *timeline_github(PyObject *self, PyObject *args, PyObject *kwds)
{
	tfx_timeline *t = (tfx_timeline *)self;
	tfx_options opts;
	PyObject *result = NULL;
	int rc;

	if (!tfx_options_parse(&opts, args, kwds, "github"))
		return NULL;
	if (!finished(t))
		goto done;
	t->busy = true;
	Py_BEGIN_ALLOW_THREADS
	rc = cli_github(t->tl, &opts.o);
	Py_END_ALLOW_THREADS
	t->busy = false;
	result = PyLong_FromLong(rc);
done:
	tfx_options_release(&opts);
	return result;
}

static PyObject *timeline_n_stages(PyObject *self, void *closure)
{
	tfx_timeline *t = (tfx_timeline *)self;
	if (!finished(t))
		return NULL;
	return PyLong_FromSize_t(tfc_timeline_n_stages(t->tl));
}

static PyObject *timeline_is_finished(PyObject *self, void *closure)
{
	return PyBool_FromLong(((tfx_timeline *)self)->finished);
}

static PyMethodDef timeline_methods[] = {
	{"load", timeline_load, METH_O,
	 "load(path) — read a file, folder, archive or '-' (stdin) into the timeline."},
	{"stage", timeline_stage, METH_O,
	 "stage(name) -> int — the index of the stage called name, created when absent."},
	{"set_command", timeline_set_command, METH_VARARGS,
	 "set_command(stage, command) — tell a stage what it ran ('apply', 'destroy', …)."},
	{"finish", timeline_finish, METH_NOARGS,
	 "finish() — resolve statuses and durations; call after the last load or Parser."},
	{"to_dict", timeline_to_dict, METH_NOARGS, "to_dict() -> dict — the tfclock/1 model."},
	{"render", (PyCFunction)(void (*)(void))timeline_render, METH_VARARGS | METH_KEYWORDS,
	 "render(format='text', *, top, color, width, depth, min_duration, stage, filter, "
	 "sort, warn_over, max_bytes, traceparent) -> str"},
	{"github", (PyCFunction)(void (*)(void))timeline_github, METH_VARARGS | METH_KEYWORDS,
	 "github(format='markdown', **render options) -> int — `tfclock report --github`: the job "
	 "summary and annotations (printed by C stdio); 0 on success"},
	{NULL, NULL, 0, NULL},
};

static PyGetSetDef timeline_getset[] = {
	{"n_stages", timeline_n_stages, NULL, "number of stages (after finish)", NULL},
	{"finished", timeline_is_finished, NULL, "whether finish() has run", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot timeline_slots[] = {
	{Py_tp_doc, "Timeline(*, max_line_bytes, max_warnings, …) — logs in, a timeline out."},
	{Py_tp_init, timeline_init},
	{Py_tp_dealloc, timeline_dealloc},
	{Py_tp_traverse, timeline_traverse},
	{Py_tp_methods, timeline_methods},
	{Py_tp_getset, timeline_getset},
	{0, NULL},
};

PyType_Spec tfx_timeline_spec = {
	.name = "tfclock._tfclock.Timeline",
	.basicsize = sizeof(tfx_timeline),
	.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
	.slots = timeline_slots,
};
