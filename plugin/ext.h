/* ext.h — what the files of the tfclock._tfclock extension share: the module
 * state, the type specs each file defines, and the error mapping. */
#ifndef TFX_EXT_H
#define TFX_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdbool.h>

#include "tfclock.h"
#include "tfclock_report.h"

/* Per-module state (PEP 489): every type and the exception live here, so
 * two interpreters importing the module never share objects. */
typedef struct tfx_state {
	PyObject *parse_error; /* tfclock.ParseError, a ValueError */
	PyTypeObject *timeline_type;
	PyTypeObject *parser_type;
	PyTypeObject *tee_type;
} tfx_state;

extern PyType_Spec tfx_timeline_spec; /* timeline.c */
extern PyType_Spec tfx_parser_spec;   /* feed.c */
extern PyType_Spec tfx_tee_spec;      /* tee.c */

/* The Timeline object; feed.c needs its fields. */
typedef struct tfx_timeline {
	PyObject_HEAD
	tfc_timeline *tl;
	bool finished;
	bool busy;          /* a thread works on tl without the GIL */
	Py_ssize_t n_open;  /* Parser objects not yet finished */
} tfx_timeline;

/* The module state reached from an object of one of our types. */
tfx_state *tfx_state_of(PyObject *obj);

/* Set the Python exception for a failed library call and return NULL:
 * MemoryError for TFC_ENOMEM, else tfclock.ParseError with .path, .line,
 * .column and .code. path is used when err names no source. */
PyObject *tfx_raise(tfx_state *st, tfc_rc rc, const tfc_error *err, const char *path);

/* Claim tl for work without the GIL; false (RuntimeError set) when another
 * thread holds it or when it was already finished and must_be_open. */
bool tfx_claim(tfx_timeline *t, bool must_be_open);

/* Report options from render()'s keyword arguments; the strings they point
 * to are held by the bytes objects until tfx_options_release. */
typedef struct tfx_options {
	tfc_report_options o;
	PyObject *stage, *filter, *traceparent;
} tfx_options;

/* Parse (format, *, top, color, width, depth, min_duration, stage, filter,
 * sort, warn_over, max_bytes, traceparent); false with an exception set
 * (nothing to release then). */
bool tfx_options_parse(tfx_options *opts, PyObject *args, PyObject *kwds, const char *fname);
void tfx_options_release(tfx_options *opts);

/* The finished timeline as the tfclock/1 model (convert.c); new reference. */
PyObject *tfx_timeline_to_dict(const tfc_timeline *tl);

#endif
