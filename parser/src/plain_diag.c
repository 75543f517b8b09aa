/* plain_diag.c — diagnostics in every plain rendering: box-framed (≥0.15
 * colour), -no-color, 0.12–0.14 (no "with"), 0.11 multierror lists, and
 * -compact-warnings lists. One EV_DIAGNOSTIC per diagnostic, at its end. */
#include <math.h>

#include "address.h"
#include "plain_internal.h"

static sv trim(sv s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t'))
		s = sv_skip(s, 1);
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

static void set(plain_parser *pp, pl_buf *b, sv s)
{
	if (!pl_buf_set(b, s))
		pp->oom = true;
}

bool pl_diag_header(sv t, ev_severity *sev, sv *summary)
{
	if (SV_STARTS(t, "Error: ")) {
		*sev = EV_SEV_ERROR;
		*summary = trim(pl_skip_remnants(sv_skip(t, 7)));
		return true;
	}
	if (SV_STARTS(t, "Warning: ")) {
		*sev = EV_SEV_WARNING;
		*summary = trim(pl_skip_remnants(sv_skip(t, 9)));
		return true;
	}
	return false;
}

bool pl_diag_same_unit(const plain_parser *pp)
{
	sv a = pl_buf_sv(&pp->diag.unit), b = pp->ln->unit;
	if (sv_is_null(a) || sv_is_null(b))
		return sv_is_null(a) && sv_is_null(b);
	return sv_eq(a, b);
}

tfc_rc pl_diag_open(plain_parser *pp, ev_severity sev, sv summary, bool framed)
{
	tfc_rc rc = pl_diag_close(pp);
	pl_diag *d = &pp->diag;
	d->open = true;
	d->framed = framed;
	d->with_seen = false;
	d->await_detail = false;
	d->severity = sev;
	d->items = 0;
	d->loose = 0;
	set(pp, &d->summary, summary);
	if (!sv_is_null(pp->ln->unit))
		set(pp, &d->unit, pp->ln->unit);
	d->time = pp->ln->time;
	d->time_dated = pp->ln->time_dated;
	d->line = pp->lineno;
	return rc;
}

tfc_rc pl_diag_close(plain_parser *pp)
{
	pl_diag *d = &pp->diag;
	if (!d->open)
		return TFC_OK;
	d->open = false;
	tfc_rc rc = TFC_OK;
	/* A 0.11 "Error applying plan:" only wraps its "* ADDR: msg" entries,
	 * which were emitted one by one — unless some entry named no resource. */
	if (!d->items || d->loose || d->address.set) {
		ev e;
		ev_init(&e, EV_DIAGNOSTIC);
		e.channel = EV_CH_PLAIN;
		e.severity = d->severity;
		e.text = pl_buf_sv(&d->summary);
		e.address = pl_buf_sv(&d->address);
		/* Without "with", 0.12–0.14's `in resource "T" "N"` is the best
		 * hint at the resource; the timeline decides whether to use it. */
		e.detail = !d->address.set && d->hint.set ? pl_buf_sv(&d->hint) : pl_buf_sv(&d->detail);
		e.unit = pl_buf_sv(&d->unit);
		e.time = d->time;
		if (!isnan(d->time)) {
			e.time_from = TFC_TIMES_PREFIX;
			e.time_dated = d->time_dated;
		}
		e.line = d->line;
		rc = pp->sink(pp->ctx, &e);
	}
	pl_buf_clear(&d->summary);
	pl_buf_clear(&d->address);
	pl_buf_clear(&d->detail);
	pl_buf_clear(&d->hint);
	pl_buf_clear(&d->unit);
	return rc;
}

/* `  on main.tf line 16, in resource "helm_release" "x":` → helm_release.x */
static void location(plain_parser *pp, sv c)
{
	pl_diag *d = &pp->diag;
	const char *mode = "";
	size_t mode_n = 0;
	const char *p = NULL, *end = c.p + c.n;
	for (const char *q = c.p; (q = memchr(q, ',', (size_t)(end - q))) != NULL; q++) {
		sv r = sv_make(q, (size_t)(end - q));
		if (SV_STARTS(r, ", in resource \"")) {
			p = q + 15;
			break;
		}
		if (SV_STARTS(r, ", in data \"")) {
			p = q + 11;
			mode = "data.";
			mode_n = 5;
			break;
		}
	}
	if (!p || d->hint.set)
		return;
	const char *t_end = memchr(p, '"', (size_t)(end - p));
	if (!t_end || end - t_end < 3 || t_end[1] != ' ' || t_end[2] != '"')
		return;
	const char *n = t_end + 3;
	const char *n_end = memchr(n, '"', (size_t)(end - n));
	if (!n_end)
		return;
	char buf[512];
	size_t tn = (size_t)(t_end - p), nn = (size_t)(n_end - n);
	if (mode_n + tn + 1 + nn > sizeof buf)
		return;
	memcpy(buf, mode, mode_n);
	memcpy(buf + mode_n, p, tn);
	buf[mode_n + tn] = '.';
	memcpy(buf + mode_n + tn + 1, n, nn);
	set(pp, &d->hint, sv_make(buf, mode_n + tn + 1 + nn));
}

/* 0.11 multierror entry "* ADDR: msg" / "* ADDR (destroy): msg": an error
 * naming ADDR, emitted at once. False when s is not one. */
static bool item(plain_parser *pp, sv s)
{
	size_t colon;
	size_t len = addr_scan(s, &colon);
	if (!len)
		return false;
	size_t p = len;
	if (p < s.n && s.p[p] == ' ') {
		if (p + 1 >= s.n || s.p[p + 1] != '(')
			return false;
		const char *close = memchr(s.p + p, ')', s.n - p);
		if (!close)
			return false;
		p = (size_t)(close - s.p) + 1;
	}
	if (colon != p)
		return false;
	pl_diag *d = &pp->diag;
	d->items++;
	sv msg = trim(sv_skip(s, p + 2));
	/* "* aws_instance.foo: 1 error(s) occurred:" only announces the next entry */
	if (SV_ENDS(msg, " occurred:"))
		return true;
	ev *e = pl_event(pp, EV_DIAGNOSTIC);
	if (e) {
		e->severity = d->severity;
		e->address = pl_address(pp, sv_make(s.p, len));
		e->text = msg;
	}
	return true;
}

/* A line of an open diagnostic (framed: without its "│ "). */
static tfc_rc content(plain_parser *pp, sv c, bool framed)
{
	pl_diag *d = &pp->diag;
	if (pl_blank(c)) {
		/* unframed: "with", "on", the source snippet, then a blank line,
		 * then the detail paragraph */
		if (!framed && d->with_seen) {
			if (d->await_detail)
				return pl_diag_close(pp);
			d->await_detail = true;
		}
		return TFC_OK;
	}
	if (SV_STARTS(c, "  with ")) {
		sv a = trim(sv_skip(c, 7));
		if (a.n && a.p[a.n - 1] == ',')
			a.n--;
		set(pp, &d->address, a);
		d->with_seen = true;
		return TFC_OK;
	}
	if (SV_STARTS(c, "  on ")) {
		location(pp, c);
		return TFC_OK;
	}
	sv s = c;
	while (s.n && s.p[0] == '\t')
		s = sv_skip(s, 1);
	if (SV_STARTS(s, "* ")) {
		if (item(pp, sv_skip(s, 2)))
			return TFC_OK;
		d->loose++;
	}
	if (c.p[0] == ' ')
		return TFC_OK; /* source snippet, value notes */
	if (!d->detail.set)
		set(pp, &d->detail, trim(c));
	if (d->await_detail)
		return pl_diag_close(pp);
	return TFC_OK;
}

tfc_rc pl_diag_line(plain_parser *pp, sv t)
{
	return content(pp, t, false);
}

bool pl_frame_line(plain_parser *pp, sv t, tfc_rc *rc)
{
	const unsigned char *u = (const unsigned char *)t.p;
	if (t.n < 3 || u[0] != 0xE2)
		return false;
	if ((u[1] == 0x95 && u[2] == 0xB7) || (u[1] == 0x95 && u[2] == 0xB5)) {
		/* ╷ opens a frame, ╵ closes one: either way the last one is over */
		*rc = pl_diag_close(pp);
		return true;
	}
	if (u[1] != 0x94 || u[2] != 0x82) /* │ */
		return false;
	/* "│ text", or in a copied log "│[0m [0m[1m[31mError: …" */
	sv c = pl_skip_remnants(sv_skip(t, 3));
	if (c.n && c.p[0] == ' ')
		c = sv_skip(c, 1);
	c = pl_skip_remnants(c);
	ev_severity sev;
	sv summary;
	if (pl_diag_header(c, &sev, &summary))
		*rc = pl_diag_open(pp, sev, summary, true);
	else if (pp->diag.open && pp->diag.framed && pl_diag_same_unit(pp))
		*rc = content(pp, c, true);
	else
		*rc = TFC_OK;
	return true;
}

bool pl_compact_line(plain_parser *pp, sv t, tfc_rc *rc)
{
	*rc = TFC_OK;
	if (!pp->compact) {
		if (t.n != 9 || memcmp(t.p, "Warnings:", 9) != 0)
			return false;
		*rc = pl_diag_close(pp);
		pp->compact = true;
		return true;
	}
	if (pl_blank(t) || t.p[0] == ' ')
		return true; /* locations under an entry */
	if (SV_STARTS(t, "- ")) {
		ev *e = pl_event(pp, EV_DIAGNOSTIC);
		if (e) {
			e->severity = EV_SEV_WARNING;
			e->text = trim(sv_skip(t, 2));
		}
		return true;
	}
	pp->compact = false;
	return false;
}
