/* plain.c — the plain UI parser's entry points: routes each cleaned line by
 * its first bytes to the resource, message or diagnostic classifiers, and
 * emits what they queued. */
#include <math.h>
#include <stdlib.h>

#include "ansi.h"
#include "plain_internal.h"

plain_parser *plain_new(ev_sink_fn sink, void *ctx)
{
	if (!sink)
		return NULL;
	plain_parser *pp = calloc(1, sizeof *pp);
	if (!pp)
		return NULL;
	pp->sink = sink;
	pp->ctx = ctx;
	ev_init(&pp->blank, EV_TIME);
	pp->cache = calloc(PL_CACHE_SLOTS, sizeof *pp->cache);
	if (!pp->cache) {
		free(pp);
		return NULL;
	}
	return pp;
}

void plain_free(plain_parser *pp)
{
	if (!pp)
		return;
	pl_diag *d = &pp->diag;
	pl_buf_free(&d->summary);
	pl_buf_free(&d->address);
	pl_buf_free(&d->detail);
	pl_buf_free(&d->hint);
	pl_buf_free(&d->unit);
	pl_buf_free(&pp->addr_norm);
	free(pp->cache);
	free(pp);
}

bool pl_buf_set(pl_buf *b, sv s)
{
	if (s.n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < s.n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return false;
		b->p = p;
		b->cap = cap;
	}
	if (s.n)
		memcpy(b->p, s.p, s.n);
	b->p[s.n] = '\0';
	b->n = s.n;
	b->set = true;
	return true;
}

void pl_buf_clear(pl_buf *b)
{
	b->n = 0;
	b->set = false;
}

void pl_buf_free(pl_buf *b)
{
	free(b->p);
	*b = (pl_buf){0};
}

sv pl_skip_remnants(sv s)
{
	if (s.n < 3 || s.p[0] != '[')
		return s;
	return sv_skip(s, ansi_remnants_front(s.p, s.n));
}

bool pl_blank(sv t)
{
	for (size_t i = 0; i < t.n; i++)
		if (t.p[i] != ' ' && t.p[i] != '\t')
			return false;
	return true;
}

ev *pl_event(plain_parser *pp, ev_kind kind)
{
	if (pp->n_queue >= PL_QUEUE)
		return NULL;
	ev *e = &pp->queue[pp->n_queue++];
	const line *ln = pp->ln;
	*e = pp->blank;
	e->kind = kind;
	e->channel = EV_CH_PLAIN;
	e->unit = ln->unit;
	e->time = ln->time;
	if (!isnan(ln->time)) {
		e->time_from = TFC_TIMES_PREFIX;
		e->time_dated = ln->time_dated;
	}
	e->line = pp->lineno;
	return e;
}

sv pl_address_counted(plain_parser *pp, sv addr)
{
	/* Only the 0.11 form ends in ".digits": a name cannot start with one. */
	size_t i = addr.n;
	while (i > 0 && addr.p[i - 1] >= '0' && addr.p[i - 1] <= '9')
		i--;
	if (i == addr.n || i < 2 || addr.p[i - 1] != '.')
		return addr;
	size_t digits = addr.n - i;
	pl_buf *b = &pp->addr_norm;
	if (!pl_buf_set(b, sv_make(addr.p, addr.n + 1))) /* room for the extra ']' */
		return addr; /* out of memory: the address as printed is still an answer */
	b->p[i - 1] = '[';
	memcpy(b->p + i, addr.p + i, digits);
	b->p[addr.n] = ']';
	b->n = addr.n + 1;
	return sv_make(b->p, b->n);
}

static void classify(plain_parser *pp, sv t)
{
	unsigned char c = (unsigned char)t.p[0];
	/* Resource types are lower-case (provider prefixes); module./data./
	 * ephemeral. too. Everything else Terraform prints starts otherwise. */
	if ((c >= 'a' && c <= 'z') || c == '_')
		pl_resource_line(pp, t);
	else
		pl_message_line(pp, t);
}

static tfc_rc dispatch(plain_parser *pp, sv t)
{
	tfc_rc rc = TFC_OK;
	if (t.n == 0) {
		if (pp->diag.open && !pp->diag.framed && pl_diag_same_unit(pp))
			return pl_diag_line(pp, t);
		return TFC_OK;
	}
	if ((unsigned char)t.p[0] == 0xE2 && pl_frame_line(pp, t, &rc))
		return rc;
	if (t.p[0] == 'E' || t.p[0] == 'W') {
		ev_severity sev;
		sv summary;
		if (pl_diag_header(t, &sev, &summary))
			return pl_diag_open(pp, sev, summary, false);
	}
	if ((pp->compact || t.p[0] == 'W') && pl_compact_line(pp, t, &rc))
		return rc;
	if (pp->diag.open && !pp->diag.framed && pl_diag_same_unit(pp)) {
		/* Unframed diagnostics have no end marker: a line that means
		 * something else ends them, anything else belongs to them. */
		if (!pl_blank(t)) {
			classify(pp, t);
			if (pp->n_queue)
				return pl_diag_close(pp);
		}
		return pl_diag_line(pp, t);
	}
	classify(pp, t);
	return TFC_OK;
}

tfc_rc plain_line(plain_parser *pp, const line *ln, uint64_t lineno)
{
	if (!pp || !ln)
		return TFC_EINVAL;
	if (ln->marker == LINE_CI_MARK)
		return TFC_OK;
	pp->ln = ln;
	pp->lineno = lineno;
	pp->n_queue = 0;
	pp->oom = false;
	tfc_rc rc = dispatch(pp, ln->text.p ? ln->text : SV_LIT(""));
	unsigned n = pp->n_queue;
	for (unsigned i = 0; rc == TFC_OK && i < n; i++)
		rc = pp->sink(pp->ctx, &pp->queue[i]);
	if (rc == TFC_OK && n == 0 && !isnan(ln->time)) {
		/* Nothing else here, but stage start and end times need it. */
		pp->n_queue = 0;
		rc = pp->sink(pp->ctx, pl_event(pp, EV_TIME));
	}
	if (rc == TFC_OK && pp->oom)
		rc = TFC_ENOMEM;
	pp->n_queue = 0;
	pp->ln = NULL;
	return rc;
}

bool plain_idle(const plain_parser *pp)
{
	return pp && !pp->diag.open && !pp->compact;
}

tfc_rc plain_finish(plain_parser *pp)
{
	if (!pp)
		return TFC_EINVAL;
	pp->compact = false;
	return pl_diag_close(pp);
}
