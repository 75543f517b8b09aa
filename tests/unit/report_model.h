/* report_model.h — hand-built stages for the report tests, so the analysis
 * and the renderers are tested apart from the parser (header-only; each test
 * includes it once). */
#ifndef TFC_REPORT_MODEL_H
#define TFC_REPORT_MODEL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tfclock.h"

#define RM_MAX_OPS 4096

typedef struct rm_stage {
	tfc_stage st;
	tfc_op ops[RM_MAX_OPS];
	char text[RM_MAX_OPS][3][256]; /* module, type, name copies */
	uint64_t order;
} rm_stage;

/* A stage; started_at NaN for a log without timestamps. */
static inline rm_stage *rm_new(const char *name, double started_at, double wall_s)
{
	rm_stage *s = calloc(1, sizeof *s);
	s->st.name = name;
	s->st.command = TFC_COMMAND_APPLY;
	s->st.started_at = started_at;
	s->st.wall_s = wall_s;
	s->st.ended_at = isnan(started_at) ? NAN : started_at + wall_s;
	s->st.timestamps_dated = !isnan(started_at);
	s->st.ops = s->ops;
	return s;
}

/* Length of "[…]" at p, quote-aware. */
static inline size_t rm_key_len(const char *p)
{
	size_t i = 1;
	if (p[i] == '"')
		for (i++; p[i] && p[i] != '"'; i++)
			if (p[i] == '\\')
				i++;
	while (p[i] && p[i] != ']')
		i++;
	return p[i] ? i + 1 : i;
}

/* Add an operation: start/dur relative to the stage's start (start NaN: no
 * timestamps). The address is split into module, type, name and key. */
static inline tfc_op *rm_add(rm_stage *s, const char *address, tfc_action action, tfc_status status,
			     double start, double dur)
{
	size_t i = s->st.n_ops++;
	tfc_op *op = &s->ops[i];
	memset(op, 0, sizeof *op);
	op->address = address;
	op->action = action;
	op->status = status;
	op->seq = i;
	op->line = i + 1;
	op->source = "model.log";
	op->duration_s = status == TFC_STATUS_COMPLETE ? dur : NAN;
	op->reported_s = status == TFC_STATUS_COMPLETE ? round(dur) : NAN;
	op->elapsed_min_s = status == TFC_STATUS_COMPLETE ? NAN : dur;
	op->started_at = isnan(start) || isnan(s->st.started_at) ? NAN : s->st.started_at + start;
	op->ended_at = status == TFC_STATUS_COMPLETE && !isnan(op->started_at) ? op->started_at + dur : NAN;
	op->provider_s = NAN;
	if (status != TFC_STATUS_PLANNED)
		op->start_order = ++s->order;
	/* split: (module.N[K].)* (data.)? TYPE.NAME([K])? */
	const char *p = address;
	const char *mod_end = p;
	while (strncmp(p, "module.", 7) == 0) {
		p += 7;
		while (*p && *p != '.' && *p != '[')
			p++;
		if (*p == '[')
			p += rm_key_len(p);
		mod_end = p;
		if (*p == '.')
			p++;
	}
	snprintf(s->text[i][0], 256, "%.*s", (int)(mod_end - address), address);
	op->module = s->text[i][0];
	op->mode = TFC_MODE_MANAGED;
	if (strncmp(p, "data.", 5) == 0) {
		op->mode = TFC_MODE_DATA;
		p += 5;
	}
	const char *dot = strchr(p, '.');
	snprintf(s->text[i][1], 256, "%.*s", (int)(dot ? dot - p : 0), p);
	op->type = s->text[i][1];
	const char *name = dot ? dot + 1 : p;
	const char *br = strchr(name, '[');
	snprintf(s->text[i][2], 256, "%.*s", (int)(br ? (size_t)(br - name) : strlen(name)), name);
	op->name = s->text[i][2];
	if (br) {
		op->key = br + 1; /* raw, fine for tests: only presence matters */
		op->key_is_string = br[1] == '"';
	}
	return op;
}

/* Mark the end of op as printed now (for the order-based schedule). */
static inline void rm_end(rm_stage *s, tfc_op *op) { op->end_order = ++s->order; }

#endif
