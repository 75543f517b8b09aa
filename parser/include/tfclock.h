/* tfclock.h — public API of libtfclock: Terraform / OpenTofu logs in, a timeline out.
 *
 * Flow: bytes (files, folders, archives, pipes) → lines → events → timeline.
 * A tfc_timeline owns every string and array reachable from it; all pointers
 * handed out stay valid until tfc_timeline_free().  The library never prints,
 * exits or aborts: problems in a log become warnings on its stage, and only
 * out-of-memory or unreadable inputs are errors (a tfc_rc plus a tfc_error).
 */
#ifndef TFCLOCK_H
#define TFCLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TFC_VERSION "0.1.0"
#define TFC_SCHEMA "tfclock/1"

/* ---- plain values ---------------------------------------------------- */

/* Absent numbers (durations, times) are NaN; test with isnan(). Times are
 * seconds since the Unix epoch, UTC, with sub-second fractions. */

typedef enum tfc_rc {
	TFC_OK = 0,
	TFC_ENOMEM,  /* out of memory */
	TFC_EIO,     /* an input could not be opened or read at all */
	TFC_EINVAL,  /* misuse of the API (bad argument) */
	TFC_ELIMIT,  /* a configured limit refused an input (archives) */
} tfc_rc;

/* Filled by calls that can fail; caller-owned, no allocation inside. */
typedef struct tfc_error {
	char source[512];  /* file (or archive:member) concerned, "" if none */
	uint64_t line;     /* 1-based line, 0 when not about a line */
	char message[512];
} tfc_error;

typedef enum tfc_action {
	TFC_ACTION_CREATE,
	TFC_ACTION_UPDATE,
	TFC_ACTION_DELETE,
	TFC_ACTION_READ,
	TFC_ACTION_IMPORT,
	TFC_ACTION_OPEN,
	TFC_ACTION_RENEW,
	TFC_ACTION_CLOSE,
	TFC_ACTION_COUNT
} tfc_action;

typedef enum tfc_status {
	TFC_STATUS_COMPLETE,
	TFC_STATUS_FAILED,     /* an error names it (diagnostic, apply_errored, vertex error) */
	TFC_STATUS_UNFINISHED, /* started, never completed and no error names it */
	TFC_STATUS_PLANNED,    /* planned (plan header / planned_change), never started */
	TFC_STATUS_COUNT
} tfc_status;

typedef enum tfc_mode {
	TFC_MODE_MANAGED,
	TFC_MODE_DATA,
	TFC_MODE_EPHEMERAL,
} tfc_mode;

/* What a stage ran, detected from its content (or told by the caller). */
typedef enum tfc_command {
	TFC_COMMAND_UNKNOWN,
	TFC_COMMAND_APPLY,
	TFC_COMMAND_DESTROY,
	TFC_COMMAND_PLAN,
	TFC_COMMAND_REFRESH,
	TFC_COMMAND_IMPORT,
	TFC_COMMAND_INIT,
	TFC_COMMAND_OTHER,
} tfc_command;

/* Where an operation's times came from; a bit set, several may merge. */
enum {
	TFC_TIMES_REPORTED = 1u << 0, /* Terraform's own "after 1m2s" figure */
	TFC_TIMES_PREFIX = 1u << 1,   /* line prefixes: CI, Terragrunt, capture stamps */
	TFC_TIMES_JSON_UI = 1u << 2,  /* -json UI @timestamp */
	TFC_TIMES_TF_LOG = 1u << 3,   /* TF_LOG timestamps / tf_req_duration_ms */
};

const char *tfc_action_name(tfc_action action);    /* "create", … */
const char *tfc_status_name(tfc_status status);    /* "complete", … */
const char *tfc_mode_name(tfc_mode mode);          /* "managed", "data", "ephemeral" */
const char *tfc_command_name(tfc_command command); /* "apply", … ; "unknown" */

/* Helm release phases, for helm_release operations with a TF_LOG trail.
 * Each phase is NaN when its boundaries were not seen. */
typedef struct tfc_helm {
	const char *release;  /* release name from the provider's log ID */
	double prepare_s;     /* Started → Installing chart: configuration + chart fetch */
	double install_s;     /* creating resources → beginning wait: manifests + hooks */
	double wait_s;        /* beginning wait → done: waiting for readiness */
	double provider_s;    /* tf_req_duration_ms of ApplyResourceChange */
	bool ambiguous;       /* library lines could not be attributed (overlap) */
	const char *note;     /* human explanation when ambiguous or incomplete */
} tfc_helm;

/* One occurrence of (unit, address, deposed key, action) in a stage. */
typedef struct tfc_op {
	const char *address; /* exactly as Terraform prints it, prefixes and colour removed */
	const char *unit;    /* Terragrunt unit, or NULL */
	const char *deposed; /* deposed object key, or NULL */
	const char *module;  /* "" for the root module, else "module.a[\"k\"].module.b" */
	const char *type;
	const char *name;
	const char *key;     /* instance key as printed inside [], or NULL */
	bool key_is_string;  /* for_each key ("…"): key holds the unquoted, unescaped text */
	tfc_mode mode;
	tfc_action action;
	tfc_status status;

	double duration_s;    /* measured when both ends carry timestamps, else reported_s */
	double reported_s;    /* Terraform's own figure (integral seconds) */
	double elapsed_min_s; /* failed/unfinished: lower bound from last heartbeat/timestamp */
	double started_at;
	double ended_at;
	unsigned times_from;  /* TFC_TIMES_* bits */

	const char *id;       /* [id=…] / (ID: …) value, or NULL */
	const char *error;    /* summary of the error naming it, or NULL */
	const char *provider; /* provider name when known (JSON implied_provider), or NULL */
	const tfc_helm *helm; /* helm phases or NULL */

	const char *source;   /* input the operation was first seen in */
	uint64_t line;        /* line of that first sighting */
	uint64_t seq;         /* order of first sighting in the stage, from 0 */
	double provider_s;    /* provider ApplyResourceChange time from TF_LOG, or NaN */
	/* Position of its start and of its end (completion or error) among the
	 * stage's start and end events, from 1; 0 when not seen. Reports use
	 * them to schedule logs without timestamps: an operation cannot have
	 * started before one whose end was printed ahead of its start. */
	uint64_t start_order;
	uint64_t end_order;
} tfc_op;

typedef struct tfc_warning {
	const char *source;
	uint64_t line; /* 0 when about the whole source */
	const char *message;
} tfc_warning;

typedef struct tfc_stage {
	const char *name;
	tfc_command command;
	const char *tool;         /* "terraform" / "opentofu", or NULL when not told */
	const char *tool_version; /* or NULL */

	const char *const *sources;
	size_t n_sources;

	double started_at; /* first / last timestamp seen in the stage, NaN when none */
	double ended_at;
	double wall_s;     /* ended_at - started_at, NaN when unknown */
	bool timestamps_dated; /* false: only times of day were seen (date unknown) */

	bool has_summary;  /* an "Apply complete!"/"Destroy complete!"/change_summary line */
	int added, changed, destroyed, imported, forgotten;
	bool interrupted;  /* "Interrupt received" / "Apply cancelled" */

	const tfc_op *ops;
	size_t n_ops;

	/* Error diagnostics that name no operation (provider configuration,
	 * "OpenTofu command failed", …), as their summaries. */
	const char *const *errors;
	size_t n_errors;

	const tfc_warning *warnings;
	size_t n_warnings;          /* kept warnings */
	uint64_t n_warnings_total;  /* including those not kept (see tfc_limits) */

	uint64_t n_lines;  /* lines read across the stage's sources */
} tfc_stage;

/* ---- limits -------------------------------------------------------- */

typedef struct tfc_limits {
	size_t max_line_bytes;        /* longer lines are skipped with a warning (1 MiB) */
	size_t max_warnings;          /* kept per stage; the rest are only counted (100) */
	uint64_t max_member_bytes;    /* decompressed bytes per archive member (16 GiB) */
	uint64_t max_archive_bytes;   /* decompressed bytes per archive (64 GiB) */
	uint64_t max_archive_members; /* members per archive (100000) */
	int max_archive_depth;        /* archives inside archives: levels read (1) */
} tfc_limits;

void tfc_limits_default(tfc_limits *limits);

/* ---- the timeline ------------------------------------------------------ */

typedef struct tfc_timeline tfc_timeline;

/* limits may be NULL for the defaults; they are copied. NULL on out of memory. */
tfc_timeline *tfc_timeline_new(const tfc_limits *limits);
void tfc_timeline_free(tfc_timeline *tl); /* NULL is a no-op */

/* The stage called name, created (appended) when absent. Returns its index,
 * or (size_t)-1 on out of memory. */
size_t tfc_timeline_stage(tfc_timeline *tl, const char *name);

/* Tell a stage what it ran when the caller knows better than the content
 * (the Nebari plugin records the command line). */
void tfc_timeline_set_command(tfc_timeline *tl, size_t stage, tfc_command command);

/* Resolve statuses, durations and stage times. Call once, after the last
 * parser has finished; the accessors below are only valid afterwards. */
tfc_rc tfc_timeline_finish(tfc_timeline *tl);

/* The stages to report: those in which Terraform said something, or whose
 * reading raised warnings (a README in a stage folder is no stage). */
size_t tfc_timeline_n_stages(const tfc_timeline *tl);
const tfc_stage *tfc_timeline_get_stage(const tfc_timeline *tl, size_t index);

/* ---- parsing a stream --------------------------------------------------- */

typedef struct tfc_parser tfc_parser;

/* A parser for one input (file, member, pipe) of one stage. source_name is
 * copied and names the input in warnings. NULL on out of memory. */
tfc_parser *tfc_parser_new(tfc_timeline *tl, size_t stage, const char *source_name);

/* Feed any number of bytes (chunks of any size give identical results). */
tfc_rc tfc_parser_feed(tfc_parser *p, const void *buf, size_t len);

/* The input ended: flush a last line without newline, close open diagnostics. */
tfc_rc tfc_parser_finish(tfc_parser *p);

void tfc_parser_free(tfc_parser *p); /* NULL is a no-op; does not finish */

/* ---- inputs: files, folders, archives, stdin ----------------------------- */

typedef struct tfc_load_options {
	/* Called with every byte read from stdin, for --tee. May be NULL. */
	void (*tee)(const void *buf, size_t len, void *ctx);
	void *tee_ctx;
} tfc_load_options;

/* Read one command-line path into the timeline:
 *  - "-": standard input, one stage named "stdin";
 *  - a regular file: one stage named after the file (without extension),
 *    unless it is an archive, which is read like a folder;
 *  - a folder: each log file directly inside is a stage; each subfolder
 *    holding logs is a stage made of all of them; ordered by name.
 * Returns TFC_EIO (and fills err) when the path cannot be read at all. */
tfc_rc tfc_load_path(tfc_timeline *tl, const char *path, const tfc_load_options *opts,
		     tfc_error *err);

#ifdef __cplusplus
}
#endif
#endif /* TFCLOCK_H */
