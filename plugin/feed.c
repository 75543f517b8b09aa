/* feed.c — the Parser type: one input of one stage fed in chunks (a live
 * capture, a pipe), the GIL released around each chunk. */
#include "ext.h"
#include "timeline_internal.h"

typedef struct tfx_parser {
	PyObject_HEAD
	tfx_timeline *timeline; /* strong reference: the parser writes into it */
	tfc_parser *p;
	bool done;
} tfx_parser;

/* Parser(timeline, stage, source) — stage is a name or an index from
 * Timeline.stage(); source names the input in warnings. */
static int parser_init(PyObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = {"timeline", "stage", "source", NULL};
	tfx_parser *pr = (tfx_parser *)self;
	tfx_state *st = tfx_state_of(self);
	PyObject *tl_obj, *stage_obj, *source_obj, *source = NULL, *stage_name = NULL;
	size_t stage;
	int rc = -1;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OO:Parser", kwlist, st->timeline_type,
					 &tl_obj, &stage_obj, &source_obj))
		return -1;
	if (pr->timeline) {
		PyErr_SetString(PyExc_RuntimeError, "Parser.__init__ called twice");
		return -1;
	}
	tfx_timeline *t = (tfx_timeline *)tl_obj;
	if (!t->tl) {
		PyErr_SetString(PyExc_RuntimeError, "Timeline.__init__ was not called");
		return -1;
	}
	if (!PyUnicode_FSConverter(source_obj, &source))
		return -1;
	if (!tfx_claim(t, true))
		goto done;
	if (PyLong_Check(stage_obj)) {
		stage = PyLong_AsSize_t(stage_obj);
		if (stage == (size_t)-1 && PyErr_Occurred()) {
			t->busy = false;
			goto done;
		}
		if (stage >= tl_n_stages(t->tl)) {
			t->busy = false;
			PyErr_SetString(PyExc_IndexError, "stage index out of range");
			goto done;
		}
	} else {
		if (!PyUnicode_FSConverter(stage_obj, &stage_name)) {
			t->busy = false;
			goto done;
		}
		stage = tfc_timeline_stage(t->tl, PyBytes_AS_STRING(stage_name));
		if (stage == (size_t)-1) {
			t->busy = false;
			PyErr_NoMemory();
			goto done;
		}
	}
	pr->p = tfc_parser_new(t->tl, stage, PyBytes_AS_STRING(source));
	t->busy = false;
	if (!pr->p) {
		PyErr_NoMemory();
		goto done;
	}
	pr->timeline = (tfx_timeline *)Py_NewRef(tl_obj);
	t->n_open++;
	rc = 0;
done:
	Py_XDECREF(source);
	Py_XDECREF(stage_name);
	return rc;
}

static void release(tfx_parser *pr)
{
	if (pr->p) {
		tfc_parser_free(pr->p);
		pr->p = NULL;
		if (!pr->done)
			pr->timeline->n_open--;
	}
	pr->done = true;
}

static void parser_dealloc(PyObject *self)
{
	tfx_parser *pr = (tfx_parser *)self;
	PyTypeObject *type = Py_TYPE(self);
	PyObject_GC_UnTrack(self);
	if (pr->timeline)
		release(pr);
	Py_CLEAR(pr->timeline);
	type->tp_free(self);
	Py_DECREF(type);
}

static int parser_traverse(PyObject *self, visitproc visit, void *arg)
{
	Py_VISIT(Py_TYPE(self));
	Py_VISIT(((tfx_parser *)self)->timeline);
	return 0;
}

static int parser_clear(PyObject *self)
{
	tfx_parser *pr = (tfx_parser *)self;
	if (pr->timeline)
		release(pr);
	Py_CLEAR(pr->timeline);
	return 0;
}

static bool usable(tfx_parser *pr)
{
	if (!pr->timeline || !pr->p || pr->done) {
		PyErr_SetString(PyExc_RuntimeError, "Parser is finished");
		return false;
	}
	return tfx_claim(pr->timeline, true);
}

static PyObject *parser_feed(PyObject *self, PyObject *arg)
{
	tfx_parser *pr = (tfx_parser *)self;
	Py_buffer view;
	tfc_rc rc;

	if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
		return NULL;
	if (!usable(pr)) {
		PyBuffer_Release(&view);
		return NULL;
	}
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_parser_feed(pr->p, view.buf, (size_t)view.len);
	Py_END_ALLOW_THREADS
	pr->timeline->busy = false;
	PyBuffer_Release(&view);
	if (rc != TFC_OK)
		return tfx_raise(tfx_state_of(self), rc, NULL, NULL);
	Py_RETURN_NONE;
}

static PyObject *parser_finish(PyObject *self, PyObject *unused)
{
	tfx_parser *pr = (tfx_parser *)self;
	tfc_rc rc;

	if (!usable(pr))
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = tfc_parser_finish(pr->p);
	Py_END_ALLOW_THREADS
	pr->timeline->busy = false;
	release(pr);
	if (rc != TFC_OK)
		return tfx_raise(tfx_state_of(self), rc, NULL, NULL);
	Py_RETURN_NONE;
}

static PyMethodDef parser_methods[] = {
	{"feed", parser_feed, METH_O, "feed(data) — parse any number of bytes of the input."},
	{"finish", parser_finish, METH_NOARGS,
	 "finish() — the input ended: flush the last line, close open diagnostics."},
	{NULL, NULL, 0, NULL},
};

static PyType_Slot parser_slots[] = {
	{Py_tp_doc, "Parser(timeline, stage, source) — one input of one stage, fed in chunks."},
	{Py_tp_init, parser_init},
	{Py_tp_dealloc, parser_dealloc},
	{Py_tp_traverse, parser_traverse},
	{Py_tp_clear, parser_clear},
	{Py_tp_methods, parser_methods},
	{0, NULL},
};

PyType_Spec tfx_parser_spec = {
	.name = "tfclock._tfclock.Parser",
	.basicsize = sizeof(tfx_parser),
	.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
	.slots = parser_slots,
};
