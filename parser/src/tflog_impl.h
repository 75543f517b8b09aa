/* tflog_impl.h — what the TF_LOG parser's files share: one log record in a
 * form common to the text and JSON spellings, the parser state, and the
 * handlers each file provides. */
#ifndef TFC_TFLOG_IMPL_H
#define TFC_TFLOG_IMPL_H

#include "jsonscan.h"
#include "stampcache.h"
#include "tflog.h"

/* Keys picked from TF_LOG=JSON lines; the TFL_F_* ones double as the
 * fields tfl_field() looks up in text lines. */
enum {
	TFL_F_RPC,           /* tf_rpc */
	TFL_F_DURATION,      /* tf_req_duration_ms */
	TFL_F_RESOURCE_TYPE, /* tf_resource_type */
	TFL_F_COUNT,
	TFL_J_TIMESTAMP = TFL_F_COUNT,
	TFL_J_MESSAGE,
	TFL_J_MODULE,
	TFL_J_COUNT
};

/* One TF_LOG line, whatever its spelling. */
typedef struct tfl_rec {
	const line *ln;
	uint64_t lineno;
	double time;        /* NaN when none */
	unsigned time_from; /* TFC_TIMES_TF_LOG, or TFC_TIMES_PREFIX when only a prefix had one */
	bool time_dated;
	sv logger;          /* "provider.terraform-provider-helm_v2.12.1_x5", "provider", …; empty for core */
	sv msg;             /* the message; in text lines the k=v fields follow it */
	const js_value *js; /* JSON lines: picked values indexed by TFL_*; NULL for text */
} tfl_rec;

typedef struct tfl_entry tfl_entry;

/* Per-address state of the operations the log shows (tflog_ops.c). */
typedef struct tfl_ops {
	tfl_entry **buckets;
	size_t n_buckets; /* power of two, or 0 */
	size_t count;
	tfl_entry *live;  /* started and not yet ended, doubly linked */
	char last_error[256]; /* address of the last `vertex … error`, to drop the (expand) echo */
	size_t last_error_n;
} tfl_ops;

struct tflog_parser {
	ev_sink_fn sink;
	void *ctx;

	stamp_cache stamps;

	/* EV_TIME throttling: only stage start and end need every line's time */
	double last_emitted, min_seen, max_seen, min_emitted, max_emitted;
	uint64_t last_line;
	unsigned seen_from;
	bool seen_dated;

	bool in_msg; /* the previous line was a TF_LOG line (or its continuation) */

	js_paths paths;
	char *scratch; /* JSON unescaping and Go-unquoting, ≥ the line length */
	size_t scratch_cap;

	tfl_ops ops;
};

/* An event of a kind for record r, with channel, unit, line and time set. */
void tfl_base(const tfl_rec *r, ev *e, ev_kind kind);

/* Send an event on (notes its time for the EV_TIME throttle). */
tfc_rc tfl_emit(tflog_parser *tp, const ev *e);

/* A field's value: in JSON lines the key, in text lines `name=value` after
 * the message (quoted values without their quotes). Null when absent. */
sv tfl_field(const tfl_rec *r, int field);
bool tfl_field_number(const tfl_rec *r, int field, double *out);

/* Core lines and provider timing (tflog_ops.c). *handled is set when an
 * event was sent. */
tfc_rc tfl_core(tflog_parser *tp, const tfl_rec *r, bool *handled);
tfc_rc tfl_provider_response(tflog_parser *tp, const tfl_rec *r, bool *handled);
tfc_rc tfl_ops_finish(tflog_parser *tp);
void tfl_ops_free(tfl_ops *ops);

/* The helm provider's and Helm library's lines (tflog_helm.c). */
tfc_rc tfl_helm(tflog_parser *tp, const tfl_rec *r, bool *handled);

#endif
