/* timeline_impl.h — the timeline's private records, shared by timeline.c
 * (building), timeline_ops.c (finding operations), timeline_helm.c and
 * timeline_finish.c (resolving). */
#ifndef TFC_TIMELINE_IMPL_H
#define TFC_TIMELINE_IMPL_H

#include <stdint.h>

#include "arena.h"
#include "event.h"
#include "timeline_internal.h"

#define NO_OP UINT32_MAX

/* Chains of operations that share a key, one map per kind of key. */
enum { CHAIN_KEY, CHAIN_ADDR_ACTION, CHAIN_ADDR, CHAIN_COUNT };

typedef enum op_state { OP_PLANNED, OP_OPEN, OP_DONE, OP_FAILED } op_state;

typedef struct helm_track {
	char *release;
	double t_started, t_installing, t_creating, t_wait_begin, t_last_wait, t_error;
	bool ambiguous;
	const char *note;
} helm_track;

typedef struct op_rec {
	tfc_op pub;            /* strings point into the timeline's arena */
	size_t address_len;
	size_t unit_len;
	size_t deposed_len;
	uint64_t hash[CHAIN_COUNT];
	uint32_t next[CHAIN_COUNT]; /* next occurrence with the same key */
	uint32_t tail[CHAIN_COUNT]; /* last occurrence (kept on chain heads) */
	uint8_t started_mask;  /* channels (1 << ev_channel) that saw its start */
	uint8_t ended_mask;    /* channels that saw its end */
	op_state state;
	double heartbeat_s;    /* largest elapsed from a heartbeat / errored event */
	double last_time;      /* latest timestamp of an event about it */
	double error_time;
	helm_track *helm;
} op_rec;

/* Heartbeats name the same few in-flight operations line after line: their
 * chain heads are remembered by a hash of a few bytes, so that a repeat costs
 * one comparison instead of hashing the whole address and probing the map. */
enum { KEY_CACHE_SLOTS = 1024, TAG_CACHE_SLOTS = 256 };

typedef struct chain_map {
	uint32_t *slots; /* index of the chain head, NO_OP when empty */
	size_t cap;      /* power of two */
	size_t count;
} chain_map;

typedef struct stage_rec {
	char *name;
	bool command_forced;
	tfc_command command;

	op_rec *ops;
	size_t n_ops, cap_ops;
	chain_map chains[CHAIN_COUNT];
	uint64_t seq;
	uint64_t order;        /* start and end events so far: tfc_op.start_order / end_order */
	uint64_t ev_base;      /* addr_base_hash of the event being applied ... */
	bool ev_base_set;      /* ... once computed (ops_ev_base) */
	uint32_t key_cache[KEY_CACHE_SLOTS]; /* CHAIN_KEY heads + 1 recently looked up; 0 empty */
	struct {
		uint64_t tag; /* ev.key_tag, 0 empty */
		uint32_t head;
	} tag_cache[TAG_CACHE_SLOTS];        /* the same by key tag: no bytes to compare */

	const char **sources;
	size_t n_sources, cap_sources;

	tfc_warning *warnings;
	size_t n_warnings, cap_warnings;
	uint64_t n_warnings_total;

	const char **errors;
	size_t n_errors, cap_errors;

	double first_time, last_time;
	bool dated;            /* a dated timestamp was seen: undated ones are ignored */
	bool any_time;

	bool has_summary;
	bool summary_by_units; /* the summary adds up Terragrunt units' own */
	ev_summary_kind summary_kind;
	int added, changed, destroyed, imported, forgotten;
	bool interrupted;
	unsigned command_hints; /* 1 << tfc_command from EV_COMMAND */
	uint64_t n_refresh;

	const char *tool, *tool_version;
	uint64_t n_lines;
	uint64_t n_events;     /* events other than bare timestamps: Terraform said something */

	tfc_stage pub;     /* filled by finish */
	tfc_op *pub_ops;
	tfc_helm *pub_helm;
} stage_rec;

struct tfc_timeline {
	tfc_limits limits;
	arena strings;
	stage_rec *stages;
	size_t n_stages, cap_stages;
	size_t *shown;         /* after finish: stages with Terraform output or warnings */
	size_t n_shown;
	bool finished;
};

/* timeline_ops.c */
/* Hashing an address is the costly part of an event: done at most once per
 * event (ops_ev_base; tl_apply clears stage_rec.ev_base_set), then cheaply
 * per chain. */
uint64_t addr_base_hash(sv unit, sv address);
uint64_t ops_ev_base(stage_rec *st, const ev *e);
uint64_t op_hash(uint64_t base, int chain, sv deposed, tfc_action action);
uint32_t ops_find_head(const stage_rec *st, int chain, uint64_t h, sv unit, sv address, sv deposed,
		       tfc_action action);
/* The head of the CHAIN_KEY chain of (e's unit, address, deposed; action),
 * NO_OP when none: ops_find_head behind the key cache. */
uint32_t ops_find_key(stage_rec *st, const ev *e, tfc_action action);
op_rec *ops_create(tfc_timeline *tl, stage_rec *st, const ev *e, tfc_action action, const char *source);
void ops_free(stage_rec *st);

/* timeline_helm.c */
tfc_rc helm_apply(tfc_timeline *tl, stage_rec *st, const ev *e);

/* timeline_finish.c */
tfc_rc stage_finish(tfc_timeline *tl, stage_rec *st);

bool grow_array(void **arr, size_t *cap, size_t need, size_t elem);

#endif
