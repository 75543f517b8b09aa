/* tflog_fixture.h — the TF_LOG parser tests' fixture (header-only): a parser
 * feeding a recording sink, and feed() for one line that must be TF_LOG. */
#ifndef TFC_TFLOG_FIXTURE_H
#define TFC_TFLOG_FIXTURE_H

#include "detect.h"
#include "evrec.h"
#include "tflog.h"

typedef struct fx {
	evrec rec;
	tflog_parser *tp;
	uint64_t lineno;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	evrec_init(&f->rec);
	f->tp = tflog_new(evrec_sink, &f->rec);
	assert_non_null(f->tp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	tflog_free(f->tp);
	evrec_free(&f->rec);
	free(f);
	return 0;
}

static void feed(fx *f, const char *text)
{
	line ln = evrec_line(text);
	line_format fmt = detect_line(&ln);
	assert_true(fmt == FMT_TF_LOG_TEXT || fmt == FMT_TF_LOG_JSON);
	assert_int_equal(tflog_line(f->tp, fmt, &ln, ++f->lineno, evrec_problem), TFC_OK);
}

#endif
