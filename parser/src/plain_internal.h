/* plain_internal.h — what the plain UI parser's files share: its state, the
 * per-line event queue, and the classifier each file contributes. */
#ifndef TFC_PLAIN_INTERNAL_H
#define TFC_PLAIN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "plain.h"

/* A growable copy of text that must outlive its line (an open diagnostic).
 * Grows rarely; never shrinks, so steady state allocates nothing. */
typedef struct pl_buf {
	char *p;
	size_t n, cap;
	bool set;
} pl_buf;

bool pl_buf_set(pl_buf *b, sv s); /* false on out of memory */
void pl_buf_clear(pl_buf *b);
void pl_buf_free(pl_buf *b);
static inline sv pl_buf_sv(const pl_buf *b) { return b->set ? sv_make(b->p, b->n) : SV_NULL; }

/* A diagnostic being collected; emitted when its end is seen. */
typedef struct pl_diag {
	bool open;
	bool framed;       /* inside ╷ … ╵ */
	bool with_seen;    /* "  with ADDR," read: a blank line ends the location block */
	bool await_detail; /* after with + blank: the next text line is the detail */
	ev_severity severity;
	unsigned items;    /* 0.11 "* ADDR: msg" entries already emitted */
	unsigned loose;    /* "* …" entries that name no resource ("* provider.aws: …") */
	pl_buf summary, address, detail, hint, unit;
	double time;
	bool time_dated;
	uint64_t line;
} pl_diag;

enum { PL_QUEUE = 4 }; /* most events one line yields (replace + hints: 2) */

/* Recently scanned line heads. Heartbeats repeat the in-flight addresses
 * (at most -parallelism of them) line after line: comparing with a cached
 * head is a memcmp instead of a byte-by-byte shape check. A head is what
 * precedes the ": " the scan found ("ADDR" or "ADDR (deposed object K)"). */
enum { PL_CACHE_SLOTS = 256, PL_CACHE_BYTES = 188 };
typedef struct pl_cached {
	uint16_t n;    /* bytes of the head, 0: empty */
	uint16_t addr; /* bytes of the address at its start */
	char p[PL_CACHE_BYTES];
} pl_cached;

struct plain_parser {
	ev_sink_fn sink;
	void *ctx;

	const line *ln; /* the line being parsed */
	uint64_t lineno;
	ev queue[PL_QUEUE]; /* its events, emitted after an open diagnostic closes */
	ev blank;           /* ev_init's event, copied without a call per event */
	unsigned n_queue;
	bool oom;

	pl_diag diag;
	bool compact;    /* inside a -compact-warnings "Warnings:" list */
	pl_buf addr_norm; /* a 0.11 "type.name.N" address rewritten as type.name[N] */
	pl_cached *cache; /* PL_CACHE_SLOTS */
};

/* s starts with the n bytes of lit (a literal: n is a constant). Written as
 * word compares: GCC leaves many constant-length memcmp calls in the
 * classifiers as library calls, one per heartbeat each. */
static inline uint64_t pl_load8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint32_t pl_load4(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline bool pl_lit_eq(const char *p, const char *lit, size_t n)
{
	if (n >= 8) {
		for (size_t i = 0; i + 8 <= n; i += 8)
			if (pl_load8(p + i) != pl_load8(lit + i))
				return false;
		return n % 8 == 0 || pl_load8(p + n - 8) == pl_load8(lit + n - 8);
	}
	if (n >= 4)
		return pl_load4(p) == pl_load4(lit) && pl_load4(p + n - 4) == pl_load4(lit + n - 4);
	for (size_t i = 0; i < n; i++)
		if (p[i] != lit[i])
			return false;
	return true;
}

#define PL_STARTS(s, lit) ((s).n >= sizeof(lit) - 1 && pl_lit_eq((s).p, (lit), sizeof(lit) - 1))

/* A queued event of the current line, with channel, unit, time and line
 * number filled in; NULL when the queue is full (never by construction). */
ev *pl_event(plain_parser *pp, ev_kind kind);

/* The address of an event: addr itself, or the 0.11 counted form
 * "type.name.N" rewritten to "type.name[N]" (in pp's scratch buffer). Only
 * an address ending in a digit can be the latter. */
sv pl_address_counted(plain_parser *pp, sv addr);
static inline sv pl_address(plain_parser *pp, sv addr)
{
	if (addr.n == 0 || addr.p[addr.n - 1] < '0' || addr.p[addr.n - 1] > '9')
		return addr;
	return pl_address_counted(pp, addr);
}

/* s without the ESC-less colour remnants ("[0m[1m") at its start. The
 * cleaner strips them at line edges only (a heartbeat's "[1m0s elapsed]"
 * looks like one), so the few places where copied logs keep them mid-line —
 * after a frame rule, after "Error: ", after a plan header's address — skip
 * them here. */
sv pl_skip_remnants(sv s);

/* Bytes 0x20/0x09 only: blank after colour stripping. */
bool pl_blank(sv t);

/* plain_resource.c: "ADDR[ (suffix)]: MESSAGE" lines. */
void pl_resource_line(plain_parser *pp, sv t);

/* plain_messages.c: plan headers, summaries, command hints, interrupts. */
void pl_message_line(plain_parser *pp, sv t);

/* plain_diag.c: diagnostics in every rendering, -compact-warnings lists. */
bool pl_diag_header(sv t, ev_severity *sev, sv *summary);
tfc_rc pl_diag_open(plain_parser *pp, ev_severity sev, sv summary, bool framed);
tfc_rc pl_diag_close(plain_parser *pp); /* emits it (not queued); no-op when none */
tfc_rc pl_diag_line(plain_parser *pp, sv t); /* a line while an unframed diagnostic is open */
bool pl_frame_line(plain_parser *pp, sv t, tfc_rc *rc); /* ╷ │ ╵ lines; false if not one */
bool pl_compact_line(plain_parser *pp, sv t, tfc_rc *rc); /* taken by a "Warnings:" list */
bool pl_diag_same_unit(const plain_parser *pp);

#endif
