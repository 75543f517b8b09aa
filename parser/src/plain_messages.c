/* plain_messages.c — plain UI lines that do not start with an address: plan
 * headers ("  # ADDR will be created", 0.11 "  + ADDR"), summaries, command
 * hints and interrupts. */
#include "address.h"
#include "ansi.h"
#include "plain_internal.h"

static void planned(plain_parser *pp, tfc_action action, sv addr, sv deposed)
{
	ev *e = pl_event(pp, EV_OP_PLANNED);
	if (e) {
		e->action = action;
		e->address = pl_address(pp, addr);
		e->deposed = deposed;
	}
}

/* A replacement is two operations on one address: delete, then create. */
enum { PLAN_REPLACE = TFC_ACTION_COUNT };

static void planned_action(plain_parser *pp, int what, sv addr, sv deposed)
{
	if (what == PLAN_REPLACE) {
		planned(pp, TFC_ACTION_DELETE, addr, deposed);
		planned(pp, TFC_ACTION_CREATE, addr, deposed);
	} else {
		planned(pp, (tfc_action)what, addr, deposed);
	}
}

/* Copied colour logs keep "  # ADDR[0m will be created": the length of an
 * address that a remnant ends, 0 when there is none. */
static size_t addr_before_remnant(sv r)
{
	for (const char *b = r.p; (b = memchr(b, '[', r.n - (size_t)(b - r.p))) != NULL; b++) {
		size_t at = (size_t)(b - r.p);
		if (at && ansi_remnant_at(b, r.n - at) && addr_scan(sv_make(r.p, at), NULL) == at)
			return at;
	}
	return 0;
}

/* "  # ADDR[ (deposed object DK)] will be …"; r follows "  # ". Drift
 * ("has changed", "has been deleted") and moves are not operations. */
static void plan_header(plain_parser *pp, sv r)
{
	static const struct {
		const char *text;
		size_t n;
		int what;
	} tails[] = {
#define T(text, what) {text, sizeof(text) - 1, what}
		T(" will be created", TFC_ACTION_CREATE),
		T(" will be updated in-place", TFC_ACTION_UPDATE),
		T(" will be destroyed", TFC_ACTION_DELETE),
		T(" must be replaced", PLAN_REPLACE),
		T(" is tainted, so must be replaced", PLAN_REPLACE),
		T(" will be replaced", PLAN_REPLACE), /* ", as requested", " due to changes in replace_triggered_by" */
		T(" will be read during apply", TFC_ACTION_READ),
		T(" will be imported", TFC_ACTION_IMPORT),
#undef T
	};
	size_t len = addr_scan(r, NULL);
	if (!len)
		len = addr_before_remnant(r);
	if (!len || len == r.n)
		return;
	sv addr = sv_make(r.p, len), deposed = SV_NULL;
	sv rest = pl_skip_remnants(sv_skip(r, len));
	if (SV_STARTS(rest, " (deposed object ")) {
		const char *close = memchr(rest.p, ')', rest.n);
		if (!close)
			return;
		deposed = sv_make(rest.p + 17, (size_t)(close - rest.p) - 17);
		rest = sv_skip(rest, (size_t)(close - rest.p) + 1);
	}
	/* "will be [1m[31mdestroyed" in a copied colour log: compare without */
	char plain[64];
	size_t n = 0;
	for (size_t i = 0; i < rest.n && n < sizeof plain;) {
		size_t k = rest.p[i] == '[' ? ansi_remnant_at(rest.p + i, rest.n - i) : 0;
		if (k) {
			i += k;
			continue;
		}
		plain[n++] = rest.p[i++];
	}
	sv tail = sv_make(plain, n);
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		if (sv_starts_with(tail, tails[i].text, tails[i].n)) {
			planned_action(pp, tails[i].what, addr, deposed);
			return;
		}
	}
}

/* 0.11 plan listing: "  + ADDR", "  - ADDR", "  ~ ADDR", "-/+ ADDR (new
 * resource required)", "+/- ADDR", " <= ADDR". The ≥0.12 body lines share
 * the symbols but continue with `resource "type" "name" {`, not an address. */
static void plan_symbol(plain_parser *pp, sv t)
{
	int what;
	if (t.n < 6 || t.p[3] != ' ')
		return;
	if (t.p[0] == ' ' && t.p[1] == ' ') {
		switch (t.p[2]) {
		case '+': what = TFC_ACTION_CREATE; break;
		case '-': what = TFC_ACTION_DELETE; break;
		case '~': what = TFC_ACTION_UPDATE; break;
		default: return;
		}
	} else if (t.p[0] == ' ' && t.p[1] == '<' && t.p[2] == '=') {
		what = TFC_ACTION_READ;
	} else if (t.p[1] == '/' && ((t.p[0] == '-' && t.p[2] == '+') || (t.p[0] == '+' && t.p[2] == '-'))) {
		what = PLAN_REPLACE;
	} else {
		return;
	}
	sv r = sv_skip(t, 4);
	size_t len = addr_scan(r, NULL);
	if (!len || (len < r.n && !(r.p[len] == ' ' && len + 1 < r.n && r.p[len + 1] == '(')))
		return;
	if (what == PLAN_REPLACE && t.p[0] == '+') { /* create_before_destroy */
		planned(pp, TFC_ACTION_CREATE, sv_make(r.p, len), SV_NULL);
		planned(pp, TFC_ACTION_DELETE, sv_make(r.p, len), SV_NULL);
		return;
	}
	planned_action(pp, what, sv_make(r.p, len), SV_NULL);
}

/* "3 added, 1 changed, 4 destroyed." / "1 to import, 3 to add, …" */
static void counts(ev *e, sv s)
{
	size_t i = 0;
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
		long v = 0;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
			if (v < 1000000000L)
				v = v * 10 + (s.p[i] - '0');
			i++;
		}
		if (i >= s.n || s.p[i] != ' ')
			return;
		size_t w = ++i;
		while (i < s.n && s.p[i] != ',' && s.p[i] != '.')
			i++;
		sv word = sv_make(s.p + w, i - w);
		if (SV_STARTS(word, "to "))
			word = sv_skip(word, 3);
		int n = (int)v;
		if (SV_STARTS(word, "add"))
			e->added = n;
		else if (SV_STARTS(word, "chang"))
			e->changed = n;
		else if (SV_STARTS(word, "destroy"))
			e->destroyed = n;
		else if (SV_STARTS(word, "import"))
			e->imported = n;
		else if (SV_STARTS(word, "forg"))
			e->forgotten = n;
		if (i + 1 < s.n && s.p[i] == ',' && s.p[i + 1] == ' ')
			i += 2;
		else
			return; /* "." ends the list (" Actions: …" follows in 1.14) */
	}
}

static void summary(plain_parser *pp, ev_summary_kind kind, sv counts_text)
{
	ev *e = pl_event(pp, EV_SUMMARY);
	if (e) {
		e->summary_kind = kind;
		counts(e, counts_text);
	}
}

static void command(plain_parser *pp, tfc_command c)
{
	ev *e = pl_event(pp, EV_COMMAND);
	if (e)
		e->command = c;
}

/* The tool's name shows in its intro lines: the stage learns which it was. */
static void tool(plain_parser *pp, const char *name, sv version)
{
	ev *e = pl_event(pp, EV_VERSION);
	if (e) {
		e->text = sv_cstr(name);
		e->detail = version;
	}
}

static void interrupt(plain_parser *pp, sv t)
{
	ev *e = pl_event(pp, EV_INTERRUPT);
	if (e)
		e->text = t;
}

/* "Terraform …" and "OpenTofu …" say the same things; r follows the name. */
static void tool_line(plain_parser *pp, const char *name, sv r)
{
	/* the intro is word-wrapped to the terminal: match its start only */
	if (SV_STARTS(r, " will perform the following actions") || SV_STARTS(r, " used the selected providers")) {
		command(pp, TFC_COMMAND_PLAN);
		tool(pp, name, SV_NULL);
	} else if (SV_STARTS(r, " has been successfully initialized")) {
		command(pp, TFC_COMMAND_INIT);
		tool(pp, name, SV_NULL);
	} else if (SV_STARTS(r, " v") && r.n > 2 && r.p[2] >= '0' && r.p[2] <= '9') {
		/* "Terraform v1.5.7" (terraform version, init banners) */
		sv v = sv_skip(r, 2);
		const char *sp = memchr(v.p, ' ', v.n);
		tool(pp, name, sp ? sv_make(v.p, (size_t)(sp - v.p)) : v);
	}
}

#define IS(lit) SV_STARTS(t, lit)

void pl_message_line(plain_parser *pp, sv t)
{
	switch (t.p[0]) {
	case ' ':
		if (IS("  # "))
			plan_header(pp, sv_skip(t, 4));
		else
			plan_symbol(pp, t);
		return;
	case '-':
	case '+':
		plan_symbol(pp, t);
		return;
	case 'A':
		if (IS("Apply complete! Resources: "))
			summary(pp, EV_SUMMARY_APPLY, sv_skip(t, 27));
		else if (IS("Apply cancelled"))
			interrupt(pp, t);
		else if (IS("An execution plan has been generated"))
			command(pp, TFC_COMMAND_PLAN); /* 0.12–0.14 intro */
		return;
	case 'D':
		if (IS("Destroy complete! Resources: "))
			summary(pp, EV_SUMMARY_DESTROY, sv_skip(t, 29));
		else if (IS("Destroy cancelled"))
			interrupt(pp, t);
		else if (IS("Do you really want to destroy"))
			command(pp, TFC_COMMAND_DESTROY);
		else if (IS("Do you want to perform these actions"))
			command(pp, TFC_COMMAND_APPLY);
		return;
	case 'P':
		if (IS("Plan:")) {
			sv r = pl_skip_remnants(sv_skip(t, 5)); /* "Plan:[0m 2 to add" */
			if (r.n > 1 && r.p[0] == ' ' && r.p[1] >= '0' && r.p[1] <= '9')
				summary(pp, EV_SUMMARY_PLAN, sv_skip(r, 1));
		}
		return;
	case 'N':
		if (IS("No changes."))
			command(pp, TFC_COMMAND_PLAN);
		return;
	case 'T':
		if (IS("Terraform "))
			tool_line(pp, "terraform", sv_skip(t, 9));
		else if (IS("Two interrupts received"))
			interrupt(pp, t);
		return;
	case 'O':
		if (IS("OpenTofu "))
			tool_line(pp, "opentofu", sv_skip(t, 8));
		return;
	case 'I':
		if (IS("Interrupt received"))
			interrupt(pp, t);
		else if (IS("Initializing the backend...") || IS("Initializing provider plugins...") ||
			 IS("Initializing modules..."))
			command(pp, TFC_COMMAND_INIT);
		else if (IS("Import successful!"))
			command(pp, TFC_COMMAND_IMPORT);
		return;
	case 'S':
		if (IS("Stopping operation..."))
			interrupt(pp, t);
		return;
	}
}
