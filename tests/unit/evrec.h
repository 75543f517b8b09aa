/* evrec.h — a recording event sink for the format parsers' unit tests:
 * copies each event with its strings, so tests can assert on every field. */
#ifndef TFC_EVREC_H
#define TFC_EVREC_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "prefix.h"
#include "testutil.h"

#define EVREC_MAX 4096

typedef struct rec_ev {
	ev e; /* its svs point at the copies below */
	char address[512], deposed[64], unit[128], id[256], text[1024], detail[1024];
} rec_ev;

typedef struct evrec {
	rec_ev *v;
	size_t n;
	size_t problems;
	char last_problem[512];
	uint64_t last_problem_line;
} evrec;

static inline void evrec_init(evrec *r)
{
	memset(r, 0, sizeof *r);
	r->v = calloc(EVREC_MAX, sizeof *r->v);
	assert_non_null(r->v);
}

static inline void evrec_free(evrec *r) { free(r->v); }

static inline sv evrec_copy(sv s, char *buf, size_t cap)
{
	if (sv_is_null(s))
		return SV_NULL;
	assert_true(s.n < cap);
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	return sv_make(buf, s.n);
}

static inline tfc_rc evrec_sink(void *ctx, const ev *e)
{
	evrec *r = ctx;
	assert_true(r->n < EVREC_MAX);
	rec_ev *x = &r->v[r->n++];
	x->e = *e;
	x->e.address = evrec_copy(e->address, x->address, sizeof x->address);
	x->e.deposed = evrec_copy(e->deposed, x->deposed, sizeof x->deposed);
	x->e.unit = evrec_copy(e->unit, x->unit, sizeof x->unit);
	x->e.id = evrec_copy(e->id, x->id, sizeof x->id);
	x->e.text = evrec_copy(e->text, x->text, sizeof x->text);
	x->e.detail = evrec_copy(e->detail, x->detail, sizeof x->detail);
	return TFC_OK;
}

static inline void evrec_problem(void *ctx, uint64_t lineno, const char *message)
{
	evrec *r = ctx;
	r->problems++;
	r->last_problem_line = lineno;
	snprintf(r->last_problem, sizeof r->last_problem, "%s", message);
}

/* Events of one kind, in order; index k of them (NULL when fewer). */
static inline const ev *evrec_nth(const evrec *r, ev_kind kind, size_t k)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].e.kind == kind && k-- == 0)
			return &r->v[i].e;
	return NULL;
}

static inline size_t evrec_count(const evrec *r, ev_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].e.kind == kind;
	return n;
}

/* cmocka 1.1.5's assert_float_equal compares floats: useless for epoch
 * seconds. This one compares doubles. */
#define assert_dbl(a, b, eps) assert_dbl_((double)(a), (double)(b), (double)(eps), __FILE__, __LINE__)

static inline void assert_dbl_(double a, double b, double eps, const char *file, int at)
{
	if (!(fabs(a - b) <= eps)) {
		print_error("%.9f != %.9f (within %g)\n", a, b, eps);
		_fail(file, at);
	}
}

/* A cleaned line as the pipeline would hand it over (no prefix). */
static inline line evrec_line(const char *text)
{
	line ln = {0};
	ln.text = sv_cstr(text);
	ln.unit = SV_NULL;
	ln.time = NAN;
	ln.marker = LINE_TEXT;
	return ln;
}

static inline void assert_sv(sv s, const char *want)
{
	if (!want) {
		assert_true(sv_is_null(s));
		return;
	}
	assert_false(sv_is_null(s));
	char buf[2048];
	assert_true(s.n < sizeof buf);
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	assert_string_equal(buf, want);
}

#endif
