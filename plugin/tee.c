/* tee.c — the Tee type: write() passes every write to the stream it wraps,
 * unchanged and at once, and copies the bytes into a log file with each line
 * stamped with its arrival time (RFC 3339 UTC, µs). Only write() is here; the
 * plugin's stand-in for sys.stdout.buffer forwards everything else.
 * In C because it sits on every line Nebari prints: its cost must stay far
 * below a microsecond per line. It never raises for its own failures: the
 * first one stops the copy and is reported by stop(). */
#include "ext.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
	FLUSH_BYTES = 64 * 1024,   /* write the copy out past this much */
	STAMP_LEN = 28,            /* "2026-11-21T10:00:00.123456Z " */
};

typedef struct tfx_tee {
	PyObject_HEAD
	PyObject *raw;       /* the wrapped binary stream */
	PyObject *raw_write; /* its bound write method, looked up once */
	int fd;              /* the log being written, -1 when not capturing */
	bool in_line;        /* the copy ends inside a line (no newline yet) */
	char *out;           /* stamped bytes not yet written to fd */
	size_t out_len, out_cap;
	time_t stamp_sec;    /* second that stamp[] holds, -1 when none */
	char stamp[32];      /* "YYYY-MM-DDTHH:MM:SS" of stamp_sec */
	time_t last_flush;   /* wall-clock second of the last write to fd */
	unsigned long long lines, bytes; /* captured since start() */
	int error;           /* errno of the first failure, 0 when none */
	const char *error_what;
} tfx_tee;

static void fail(tfx_tee *t, int err, const char *what)
{
	if (!t->error) {
		t->error = err ? err : EIO;
		t->error_what = what;
	}
}

static bool reserve(tfx_tee *t, size_t more)
{
	if (t->out_len + more <= t->out_cap)
		return true;
	size_t cap = t->out_cap ? t->out_cap : FLUSH_BYTES * 2;
	while (cap < t->out_len + more) {
		if (cap > SIZE_MAX / 2) {
			fail(t, ENOMEM, "buffering the log");
			return false;
		}
		cap *= 2;
	}
	char *p = PyMem_RawRealloc(t->out, cap);
	if (!p) {
		fail(t, ENOMEM, "buffering the log");
		return false;
	}
	t->out = p;
	t->out_cap = cap;
	return true;
}

/* Write the buffered copy to the log. Done with the GIL held: the writes
 * are to a local file, a few per second at most. */
static void flush_out(tfx_tee *t, time_t now)
{
	size_t off = 0;
	while (off < t->out_len && !t->error) {
		ssize_t n = write(t->fd, t->out + off, t->out_len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail(t, errno, "writing the log");
			break;
		}
		off += (size_t)n;
	}
	t->out_len = 0;
	t->last_flush = now;
}

/* Append the stamp for now; the date part is formatted once per second. */
static void put_stamp(tfx_tee *t, const struct timespec *now)
{
	if (now->tv_sec != t->stamp_sec) {
		struct tm tm;
		time_t sec = now->tv_sec;
		if (!gmtime_r(&sec, &tm) ||
		    strftime(t->stamp, sizeof t->stamp, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
			memcpy(t->stamp, "1970-01-01T00:00:00", 20); /* a clock past 9999 */
		t->stamp_sec = now->tv_sec;
	}
	char *p = t->out + t->out_len;
	memcpy(p, t->stamp, 19);
	p[19] = '.';
	long us = now->tv_nsec / 1000;
	for (int i = 25; i >= 20; i--) {
		p[i] = (char)('0' + us % 10);
		us /= 10;
	}
	p[26] = 'Z';
	p[27] = ' ';
	t->out_len += STAMP_LEN;
}

/* Copy data into the log buffer, a stamp before every line it starts. */
static void record(tfx_tee *t, const char *data, size_t len)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	size_t starts = 0; /* lines this chunk starts, one stamp each */
	const char *p = data, *end = data + len, *nl;

	if (!t->in_line && len)
		starts++;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		t->lines++;
		p = nl + 1;
		if (p < end)
			starts++;
	}
	if (!reserve(t, len + starts * STAMP_LEN))
		return;
	p = data;
	while (p < end) {
		if (!t->in_line) {
			put_stamp(t, &now);
			t->in_line = true;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		memcpy(t->out + t->out_len, p, n);
		t->out_len += n;
		p += n;
		if (nl)
			t->in_line = false;
	}
	t->bytes += len;
	/* Keep the file close to live (a CI job killed mid-deploy still
	 * leaves its logs) without a system call per line: once the buffer is
	 * full or the wall-clock second changed. */
	if (t->out_len >= FLUSH_BYTES || now.tv_sec != t->last_flush)
		flush_out(t, now.tv_sec);
}

static PyObject *tee_write(PyObject *self, PyObject *data)
{
	tfx_tee *t = (tfx_tee *)self;
	/* The wrapped stream first, with the very object given: its result
	 * and its exceptions are what the caller would have seen. */
	PyObject *result = PyObject_CallOneArg(t->raw_write, data);
	if (!result || t->fd < 0 || t->error)
		return result;
	Py_buffer view;
	if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
		PyErr_Clear(); /* not bytes-like, yet the stream took it: nothing to copy */
		return result;
	}
	record(t, view.buf, (size_t)view.len);
	PyBuffer_Release(&view);
	return result;
}

static int tee_init(PyObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = {"raw", NULL};
	tfx_tee *t = (tfx_tee *)self;
	PyObject *raw, *raw_write;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Tee", kwlist, &raw))
		return -1;
	raw_write = PyObject_GetAttrString(raw, "write");
	if (!raw_write)
		return -1;
	if (t->fd >= 0) {
		Py_DECREF(raw_write);
		PyErr_SetString(PyExc_RuntimeError, "Tee is capturing");
		return -1;
	}
	Py_XSETREF(t->raw, Py_NewRef(raw));
	Py_XSETREF(t->raw_write, raw_write);
	return 0;
}

static PyObject *tee_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
	tfx_tee *t = (tfx_tee *)type->tp_alloc(type, 0);
	if (t) {
		t->fd = -1;
		t->stamp_sec = -1;
	}
	return (PyObject *)t;
}

/* Close the log; the stamped copy of a partial line gets its newline. */
static void close_log(tfx_tee *t)
{
	if (t->fd < 0)
		return;
	if (t->in_line && !t->error && reserve(t, 1))
		t->out[t->out_len++] = '\n';
	t->in_line = false;
	flush_out(t, time(NULL));
	if (close(t->fd) < 0 && errno != EINTR)
		fail(t, errno, "closing the log");
	t->fd = -1;
}

static void tee_dealloc(PyObject *self)
{
	tfx_tee *t = (tfx_tee *)self;
	PyTypeObject *type = Py_TYPE(self);
	PyObject_GC_UnTrack(self);
	close_log(t);
	PyMem_RawFree(t->out);
	Py_CLEAR(t->raw);
	Py_CLEAR(t->raw_write);
	type->tp_free(self);
	Py_DECREF(type);
}

static int tee_traverse(PyObject *self, visitproc visit, void *arg)
{
	tfx_tee *t = (tfx_tee *)self;
	Py_VISIT(Py_TYPE(self));
	Py_VISIT(t->raw);
	Py_VISIT(t->raw_write);
	return 0;
}

static int tee_clear(PyObject *self)
{
	tfx_tee *t = (tfx_tee *)self;
	Py_CLEAR(t->raw);
	Py_CLEAR(t->raw_write);
	return 0;
}

/* start(path): copy from now on into path (created, appended to). */
static PyObject *tee_start(PyObject *self, PyObject *arg)
{
	tfx_tee *t = (tfx_tee *)self;
	PyObject *path = NULL, *result = NULL;
	int fd;

	if (!t->raw_write) {
		PyErr_SetString(PyExc_RuntimeError, "Tee.__init__ was not called");
		return NULL;
	}
	if (t->fd >= 0) {
		PyErr_SetString(PyExc_RuntimeError, "Tee is already capturing");
		return NULL;
	}
	if (!PyUnicode_FSConverter(arg, &path))
		return NULL;
	const char *cpath = PyBytes_AS_STRING(path);
	Py_BEGIN_ALLOW_THREADS
	fd = open(cpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	Py_END_ALLOW_THREADS
	if (fd < 0) {
		PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, arg);
		goto done;
	}
	t->fd = fd;
	t->in_line = false;
	t->out_len = 0;
	t->lines = t->bytes = 0;
	t->error = 0;
	t->error_what = NULL;
	t->last_flush = time(NULL);
	result = Py_NewRef(Py_None);
done:
	Py_DECREF(path);
	return result;
}

/* stop(): close the log. OSError when any part of the copy failed (the
 * stream itself was never affected). */
static PyObject *tee_stop(PyObject *self, PyObject *unused)
{
	tfx_tee *t = (tfx_tee *)self;
	close_log(t);
	if (t->error) {
		int err = t->error;
		const char *what = t->error_what ? t->error_what : "capturing";
		t->error = 0;
		errno = err;
		PyErr_Format(PyExc_OSError, "tfclock tee: %s: %s", what, strerror(err));
		return NULL;
	}
	Py_RETURN_NONE;
}

static PyObject *tee_capturing(PyObject *self, void *closure)
{
	return PyBool_FromLong(((tfx_tee *)self)->fd >= 0);
}

static PyObject *tee_lines(PyObject *self, void *closure)
{
	return PyLong_FromUnsignedLongLong(((tfx_tee *)self)->lines);
}

static PyObject *tee_bytes(PyObject *self, void *closure)
{
	return PyLong_FromUnsignedLongLong(((tfx_tee *)self)->bytes);
}

static PyObject *tee_raw(PyObject *self, void *closure)
{
	tfx_tee *t = (tfx_tee *)self;
	return Py_NewRef(t->raw ? t->raw : Py_None);
}

static PyMethodDef tee_methods[] = {
	{"write", tee_write, METH_O, "write(b) — the wrapped stream's write, copied to the log."},
	{"start", tee_start, METH_O, "start(path) — copy every line written into path (appended)."},
	{"stop", tee_stop, METH_NOARGS, "stop() — stop copying; OSError if the copy failed."},
	{NULL, NULL, 0, NULL},
};

static PyGetSetDef tee_getset[] = {
	{"capturing", tee_capturing, NULL, "whether a log is open", NULL},
	{"lines", tee_lines, NULL, "complete lines copied since start()", NULL},
	{"bytes_copied", tee_bytes, NULL, "bytes copied since start()", NULL},
	{"wrapped", tee_raw, NULL, "the wrapped stream", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot tee_slots[] = {
	{Py_tp_doc, "Tee(raw) — write() writes through to raw and copies into a log."},
	{Py_tp_new, tee_new},
	{Py_tp_init, tee_init},
	{Py_tp_dealloc, tee_dealloc},
	{Py_tp_traverse, tee_traverse},
	{Py_tp_clear, tee_clear},
	{Py_tp_methods, tee_methods},
	{Py_tp_getset, tee_getset},
	{0, NULL},
};

PyType_Spec tfx_tee_spec = {
	.name = "tfclock._tfclock.Tee",
	.basicsize = sizeof(tfx_tee),
	.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
	.slots = tee_slots,
};
