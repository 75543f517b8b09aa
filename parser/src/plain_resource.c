/* plain_resource.c — "ADDR[ (suffix)]: MESSAGE" lines of the plain UI:
 * operation starts, heartbeats, completions, refreshes, imports and
 * provisioners, 0.11 to 1.14+, Terraform and OpenTofu spellings. */
#include <math.h>
#include <stdint.h>

#include "address.h"
#include "duration.h"
#include "plain_internal.h"

/* The id in what follows a verb: " [id=v]", " [name=v]", " [identity=k=v,…]"
 * (v runs to the final ']' of the line: values hold spaces, ']' and ',') or
 * the 0.11 " (ID: v)". Null when there is none. */
static sv id_suffix(sv r)
{
	if (r.n >= 5 && r.p[0] == ' ' && r.p[1] == '[' && r.p[r.n - 1] == ']') {
		size_t i = 2;
		while (i < r.n && ((r.p[i] >= 'a' && r.p[i] <= 'z') || r.p[i] == '_'))
			i++;
		if (i > 2 && i + 1 < r.n - 1 && r.p[i] == '=') /* "[id=]" is no id */
			return sv_make(r.p + i + 1, r.n - 1 - (i + 1));
		return SV_NULL;
	}
	if (SV_STARTS(r, " (ID: ") && r.p[r.n - 1] == ')' && r.n > 7)
		return sv_make(r.p + 6, r.n - 7);
	return SV_NULL;
}

/* Heartbeat tail: " [10s elapsed]", " [00m10s elapsed]", " [id=…, 1m0s
 * elapsed]", 0.11 " (10s elapsed)", " (ID: i-1, 10s elapsed)". */
static double elapsed(sv r)
{
	static const char tail[] = " elapsed";
	const size_t tn = sizeof tail - 1;
	double s = NAN;
	if (r.n < tn + 3 || (r.p[r.n - 1] != ']' && r.p[r.n - 1] != ')'))
		return s;
	size_t end = r.n - 1 - tn;
	if (!pl_lit_eq(r.p + end, tail, tn))
		return s;
	/* Whole h/m/s is the text the scan below would cut out, and the same sum. */
	size_t from;
	double fast = duration_whole_back(r.p, end, &from);
	if (!isnan(fast))
		return fast;
	size_t b = end;
	while (b > 0 && r.p[b - 1] != ' ' && r.p[b - 1] != '[' && r.p[b - 1] != '(')
		b--;
	if (!duration_parse(sv_make(r.p + b, end - b), &s))
		s = NAN;
	return s;
}

static ev *op_event(plain_parser *pp, ev_kind kind, tfc_action action, sv addr, sv deposed)
{
	ev *e = pl_event(pp, kind);
	if (e) {
		e->action = action;
		e->address = pl_address(pp, addr);
		e->deposed = deposed;
	}
	return e;
}

static void start(plain_parser *pp, tfc_action action, sv addr, sv deposed, sv rest)
{
	ev *e = op_event(pp, EV_OP_START, action, addr, deposed);
	if (e)
		e->id = id_suffix(rest);
}

/* "… complete after <D>[ [id=…]| (ID: …)]"; r is what follows "after ". */
static void complete(plain_parser *pp, tfc_action action, sv addr, sv deposed, sv r)
{
	ev *e = op_event(pp, EV_OP_COMPLETE, action, addr, deposed);
	if (!e)
		return;
	const char *sp = memchr(r.p, ' ', r.n);
	size_t dn = sp ? (size_t)(sp - r.p) : r.n;
	if (!duration_parse(sv_make(r.p, dn), &e->seconds))
		e->seconds = NAN; /* still a completion, just without its figure */
	e->id = id_suffix(sv_skip(r, dn));
}

/* "Still <verb>... <tail>" */
static void still(plain_parser *pp, sv addr, sv deposed, sv m)
{
	sv v = sv_skip(m, 6);
	tfc_action action;
	size_t n;
	if (v.n < 10)
		return;
#define VERB(lit, act)                                          \
	if (PL_STARTS(v, lit)) {                                \
		action = act;                                   \
		n = sizeof(lit) - 1;                            \
		break;                                          \
	}
	switch (v.p[0]) {
	case 'c':
		VERB("creating...", TFC_ACTION_CREATE)
		VERB("closing...", TFC_ACTION_CLOSE)
		return;
	case 'd':
		VERB("destroying...", TFC_ACTION_DELETE)
		return;
	case 'm':
		VERB("modifying...", TFC_ACTION_UPDATE)
		return;
	case 'r':
		VERB("reading...", TFC_ACTION_READ)
		VERB("renewing...", TFC_ACTION_RENEW)
		return;
	case 'o':
		VERB("opening...", TFC_ACTION_OPEN)
		return;
	default:
		return;
	}
#undef VERB
	ev *e = op_event(pp, EV_OP_PROGRESS, action, addr, deposed);
	if (e)
		e->seconds = elapsed(sv_skip(v, n));
}

#define IS(lit) PL_STARTS(m, lit)
#define AFTER(lit) sv_skip(m, sizeof(lit) - 1)

/* Try each completion spelling that starts with the same letter. */
#define COMPLETE(lit, action)                                                \
	if (IS(lit)) {                                                       \
		complete(pp, action, addr, deposed, AFTER(lit));             \
		return;                                                      \
	}
#define START(lit, action)                                                   \
	if (IS(lit)) {                                                       \
		start(pp, action, addr, deposed, AFTER(lit));                \
		return;                                                      \
	}

static void provision(plain_parser *pp, sv addr, sv type, sv output)
{
	ev *e = op_event(pp, EV_PROVISION, TFC_ACTION_CREATE, addr, SV_NULL);
	if (e) {
		e->text = type;
		e->detail = output;
	}
}

/* "Import complete" alone (≥1.5 config-driven, maybe " [id=…]") or 0.11's
 * "Import complete!": no duration either way. */
static void import_complete(plain_parser *pp, sv addr, sv deposed, sv r)
{
	if (r.n && r.p[0] != ' ' && r.p[0] != '!')
		return;
	ev *e = op_event(pp, EV_OP_COMPLETE, TFC_ACTION_IMPORT, addr, deposed);
	if (e)
		e->id = id_suffix(r);
}

static bool is_hex8(sv s)
{
	if (s.n != 8)
		return false;
	for (size_t i = 0; i < 8; i++) {
		char c = s.p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

/* Provisioner names: local-exec, remote-exec, file, chef, … */
static bool is_word(sv s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

static void message(plain_parser *pp, sv addr, sv deposed, sv m)
{
	switch (m.p[0]) {
	case 'S':
		if (IS("Still "))
			still(pp, addr, deposed, m);
		return;
	case 'C':
		START("Creating...", TFC_ACTION_CREATE)
		COMPLETE("Creation complete after ", TFC_ACTION_CREATE)
		START("Closing...", TFC_ACTION_CLOSE)
		COMPLETE("Closing complete after ", TFC_ACTION_CLOSE)
		COMPLETE("Close complete after ", TFC_ACTION_CLOSE)
		return;
	case 'D':
		START("Destroying...", TFC_ACTION_DELETE)
		COMPLETE("Destruction complete after ", TFC_ACTION_DELETE)
		return;
	case 'M':
		START("Modifying...", TFC_ACTION_UPDATE)
		COMPLETE("Modifications complete after ", TFC_ACTION_UPDATE)
		return;
	case 'R':
		START("Reading...", TFC_ACTION_READ)
		COMPLETE("Read complete after ", TFC_ACTION_READ)
		if (IS("Refreshing state...")) {
			ev *e = op_event(pp, EV_REFRESH, TFC_ACTION_READ, addr, deposed);
			if (e)
				e->id = id_suffix(AFTER("Refreshing state..."));
			return;
		}
		START("Renewing...", TFC_ACTION_RENEW)
		COMPLETE("Renewal complete after ", TFC_ACTION_RENEW)
		COMPLETE("Renew complete after ", TFC_ACTION_RENEW)
		return;
	case 'O':
		START("Opening...", TFC_ACTION_OPEN)
		COMPLETE("Opening complete after ", TFC_ACTION_OPEN)
		COMPLETE("Open complete after ", TFC_ACTION_OPEN)
		return;
	case 'I':
		START("Importing...", TFC_ACTION_IMPORT)
		if (IS("Importing from ID \"")) {
			/* terraform import: the id is Go-quoted, ends at the last '"' */
			sv r = AFTER("Importing from ID \"");
			ev *e = op_event(pp, EV_OP_START, TFC_ACTION_IMPORT, addr, deposed);
			if (e && SV_ENDS(r, "\"...") && r.n >= 4)
				e->id = sv_make(r.p, r.n - 4);
			return;
		}
		if (IS("Import complete")) {
			import_complete(pp, addr, deposed, AFTER("Import complete"));
			return;
		}
		if (IS("Import prepared!"))
			op_event(pp, EV_OP_COMPLETE, TFC_ACTION_IMPORT, addr, deposed);
		return;
	case 'P':
		if (IS("Preparing import...")) {
			ev *e = op_event(pp, EV_OP_PLANNED, TFC_ACTION_IMPORT, addr, deposed);
			if (e)
				e->id = id_suffix(AFTER("Preparing import..."));
			return;
		}
		if (IS("Provisioning with '")) {
			sv r = AFTER("Provisioning with '");
			const char *q = memchr(r.p, '\'', r.n);
			provision(pp, addr, q ? sv_make(r.p, (size_t)(q - r.p)) : SV_NULL, SV_NULL);
		}
		return;
	case '(': {
		/* JSON-UI style "(local-exec): output" copied into a plain log */
		const char *q = memchr(m.p, ')', m.n);
		if (q && is_word(sv_make(m.p + 1, (size_t)(q - m.p) - 1))) {
			sv out = sv_skip(m, (size_t)(q - m.p) + 1);
			if (SV_STARTS(out, ": "))
				out = sv_skip(out, 2);
			else
				out = SV_NULL;
			provision(pp, addr, sv_make(m.p + 1, (size_t)(q - m.p) - 1), out);
		}
		return;
	}
	}
}

/* Instances of one resource differ near the end ("…sleep[125]"). */
static unsigned slot_of(const char *p, size_t n)
{
	unsigned h = (unsigned)n * 2654435761u;
	h ^= (unsigned char)p[n - 1] * 31u + (unsigned char)p[n - 2] * 131u;
	if (n > 3)
		h ^= (unsigned char)p[n - 3] * 1031u + (unsigned char)p[n / 2] * 7u;
	return (h ^ (h >> 13)) % PL_CACHE_SLOTS;
}

/* The first ": " in t, or NULL. */
static const char *colon_space(sv t)
{
	const char *p = t.p, *end = t.p + t.n;
	while ((p = memchr(p, ':', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == ' ')
			return p;
		p++;
	}
	return NULL;
}

/* The address at the start of t and the offset of its ": ". A hit needs no
 * proof: addr_scan looks at nothing past the ": " it finds, so any text that
 * starts with a cached head and ": " scans as that head did. */
static size_t scan(plain_parser *pp, sv t, size_t *colon)
{
	const char *c = t.n > 2 ? colon_space(t) : NULL;
	pl_cached *slot = NULL;
	if (c && c - t.p >= 3) {
		size_t k = (size_t)(c - t.p);
		slot = &pp->cache[slot_of(t.p, k)];
		if (slot->n == k && memcmp(slot->p, t.p, k) == 0) {
			*colon = k;
			return slot->addr;
		}
	}
	size_t len = addr_scan(t, colon);
	if (len && slot && *colon == (size_t)(c - t.p) && *colon <= PL_CACHE_BYTES) {
		memcpy(slot->p, t.p, *colon);
		slot->n = (uint16_t)*colon;
		slot->addr = (uint16_t)len;
	}
	return len;
}

void pl_resource_line(plain_parser *pp, sv t)
{
	size_t colon;
	size_t len = scan(pp, t, &colon);
	if (!len)
		return;
	sv addr = sv_make(t.p, len), deposed = SV_NULL, prov = SV_NULL;
	size_t p = len;
	if (p < t.n && t.p[p] == ' ') {
		/* " (deposed object 1a2b3c4d)", 0.12–0.14 " (1a2b3c4d)", or a
		 * provisioner's " (local-exec)" before its output. */
		if (p + 2 >= t.n || t.p[p + 1] != '(')
			return;
		const char *close = memchr(t.p + p, ')', colon - p);
		if (!close)
			return;
		sv in = sv_make(t.p + p + 2, (size_t)(close - t.p) - p - 2);
		if (SV_STARTS(in, "deposed object "))
			deposed = sv_skip(in, 15);
		else if (is_hex8(in))
			deposed = in;
		else if (is_word(in))
			prov = in;
		else
			return;
		p = (size_t)(close - t.p) + 1;
	}
	if (!sv_is_null(prov)) {
		/* the output is right-trimmed; a colour reset may eat the space */
		if (colon == p)
			provision(pp, addr, prov, sv_skip(t, p + 2));
		else if (p + 1 == t.n && t.p[p] == ':')
			provision(pp, addr, prov, sv_make(t.p + t.n, 0));
		return;
	}
	if (colon != p || p + 2 >= t.n)
		return;
	message(pp, addr, deposed, sv_skip(t, p + 2));
}
