/* tfgen.h — a realistic Terraform / OpenTofu log generator for tests and
 * benchmarks: a random deployment, simulated with Terraform's parallelism and
 * hook timing, written in one of the log formats, plus its ground truth. */
#ifndef TFGEN_H
#define TFGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tfclock.h" /* tfc_action, tfc_status: the truth speaks the report's words */

#ifdef __cplusplus
extern "C" {
#endif

/* What wraps each line (formats.md §1.8). */
typedef enum tfgen_prefix {
	TFGEN_PREFIX_NONE,
	TFGEN_PREFIX_NEBARI,         /* "[tofu]: " / "[terraform]: " */
	TFGEN_PREFIX_GITHUB,         /* "2024-03-01T12:00:00.1234567Z " + ##[group] markers */
	TFGEN_PREFIX_TERRAGRUNT,     /* "HH:MM:SS.mmm STDOUT [unit] tofu: " (≥0.67) */
	TFGEN_PREFIX_TERRAGRUNT_OLD, /* "[/abs/unit/path] " (include-module-prefix) + logrus lines */
	TFGEN_PREFIX_STAMP,          /* "2023-09-27 13:16:29.662Z " (Coder-like runners) */
	TFGEN_PREFIX_CAPTURE,        /* "2024-01-01T12:00:00.123456Z [tofu]: " (tfclock's Nebari plugin) */
	TFGEN_PREFIX_COUNT
} tfgen_prefix;

/* Which release's strings are written (formats.md §4). */
typedef enum tfgen_version {
	TFGEN_V0_11, /* (ID: x), (10s elapsed), attribute diffs, multierror */
	TFGEN_V0_12, /* [id=x], "addr (dk):", no Reading, diagnostics without "with" */
	TFGEN_V0_15, /* framed diagnostics, "(deposed object dk)", deferred reads */
	TFGEN_V1_5,  /* plan-time data reads print Reading... (≥1.2) */
	TFGEN_V1_12, /* heartbeats [00m10s elapsed] */
	TFGEN_TOFU,  /* OpenTofu 1.8: "OpenTofu", Go-duration heartbeats */
	TFGEN_VERSION_COUNT
} tfgen_version;

typedef enum tfgen_format {
	TFGEN_FORMAT_PLAIN, /* the human UI */
	TFGEN_FORMAT_JSON,  /* -json machine-readable UI (≥0.15.3) */
	TFGEN_FORMAT_TFLOG, /* TF_LOG=TRACE hclog lines merged with the human UI (stderr into stdout) */
	TFGEN_FORMAT_COUNT
} tfgen_format;

typedef enum tfgen_heartbeat {
	TFGEN_HB_AUTO, /* as the version prints it */
	TFGEN_HB_GO,   /* [1m10s elapsed] */
	TFGEN_HB_MMSS, /* [01m10s elapsed] (≥1.12) */
	TFGEN_HB_PAREN,/* (1m10s elapsed) (0.11) */
} tfgen_heartbeat;

typedef struct tfgen_options {
	uint64_t seed;
	size_t resources;      /* resource instances per stage (100) */
	uint64_t target_bytes; /* stretch durations (more heartbeats) to reach ~this size; 0 = off */
	bool color;            /* ANSI exactly as Terraform writes it; off = -no-color */
	tfgen_prefix prefix;
	tfgen_version version;
	tfgen_format format;
	tfgen_heartbeat heartbeat;
	unsigned failures;     /* operations that fail (last stage only) */
	bool interrupt;        /* Ctrl-C half-way, then a second one (last stage only) */
	bool cut;              /* the log just stops half-way (last stage only) */
	bool destroy;          /* terraform destroy instead of apply */
	bool warnings;         /* warning diagnostics naming completed resources */
	unsigned parallelism;  /* -parallelism (10) */
	unsigned units;        /* Terragrunt units run together (terragrunt prefixes; 0 = 2) */
	double plan_share;     /* share of planned resources whose body is printed (0.3) */
	int64_t start_time;    /* Unix seconds of the first line; 0 = derived from the seed */
	bool crlf;             /* CRLF line ends (Windows shells, some CI artifact downloads) */
} tfgen_options;

void tfgen_options_default(tfgen_options *o);

/* Unix seconds of a stage's first line: o->start_time, or one derived from
 * the seed (a moment in 2024) when that is 0. */
int64_t tfgen_start_time(const tfgen_options *o);

const char *tfgen_prefix_name(tfgen_prefix p);
const char *tfgen_version_name(tfgen_version v);
const char *tfgen_format_name(tfgen_format f);
/* Parse a name as the command line spells it; false when unknown. */
bool tfgen_prefix_from_name(const char *s, tfgen_prefix *out);
bool tfgen_version_from_name(const char *s, tfgen_version *out);
bool tfgen_format_from_name(const char *s, tfgen_format *out);

/* ---- ground truth ---------------------------------------------------- */

/* One operation as a perfect reader of the log would report it. Numbers are
 * NaN when absent. */
typedef struct tfgen_truth_op {
	char *address;
	char *unit;    /* Terragrunt unit, or NULL */
	char *deposed; /* deposed key, or NULL (also NULL when the log cannot show it: -json) */
	char *module;  /* "" at the root, else "module.a[\"k\"].module.b" */
	char *type, *name;
	char *key;     /* count index as digits, or the unescaped for_each key; NULL when none */
	bool key_is_string;
	bool data;     /* a data source */
	tfc_action action;
	tfc_status status;      /* complete, failed or unfinished */
	double reported_s;      /* the log's own duration (complete; -json: also failed) */
	double elapsed_min_s;   /* failed/unfinished: last heartbeat written, NaN when none */
	double actual_s;        /* simulated time the operation really ran (up to the end of the log) */
	double started_at;      /* Unix seconds of its start line */
	double ended_at;        /* Unix seconds of its completion line; NaN when none */
} tfgen_truth_op;

typedef struct tfgen_truth_stage {
	char *name;
	bool has_summary; /* an "Apply complete!" / "Destroy complete!" line */
	int added, changed, destroyed;
	bool interrupted;
	bool timestamped;     /* lines carry timestamps (prefix, -json, TF_LOG) */
	bool dated;           /* … with a date (Terragrunt's are times of day) */
	bool tf_log;          /* the times come from TF_LOG lines beside an unstamped UI */
	bool failure_named;   /* failures are named by a diagnostic (false for 0.12–0.14) */
	double started_at, ended_at; /* simulated Unix seconds of the first and the last line */
	tfgen_truth_op *ops;
	size_t n_ops, cap_ops;
} tfgen_truth_stage;

typedef struct tfgen_truth {
	tfgen_truth_stage *stages;
	size_t n_stages, cap_stages;
} tfgen_truth;

tfgen_truth *tfgen_truth_new(void);   /* NULL on out of memory */
void tfgen_truth_free(tfgen_truth *t); /* NULL is a no-op */

/* Write the truth as JSON (shape of the tfclock/1 report) to path ("-" =
 * stdout). Returns 0, -1 on failure. */
int tfgen_truth_write(const tfgen_truth *t, const tfgen_options *o, const char *path);

/* ---- generating ------------------------------------------------------- */

/* Receives the log bytes; return 0 to go on, non-zero to stop generating. */
typedef int (*tfgen_write_fn)(void *ctx, const void *buf, size_t len);

/* Write the log of one stage (one Terraform apply, or several Terragrunt
 * units run together) through write, and append the stage's truth to truth
 * (may be NULL). stage_index varies the deployment between stages;
 * last_stage says whether failures / interrupt / cut apply. Returns 0, or
 * -1 when memory ran out or write refused. */
int tfgen_stage(const tfgen_options *o, const char *stage_name, unsigned stage_index,
		bool last_stage, tfgen_write_fn write, void *ctx, tfgen_truth *truth);

/* The `init` output that precedes a stage's apply (no operations). */
int tfgen_init_log(const tfgen_options *o, unsigned stage_index, tfgen_write_fn write, void *ctx);

/* A Nebari-like stage folder: dir/01-terraform-state/{init,apply}.log, …
 * (init.log only when init). dir is created when missing. Failures,
 * interrupt and cut apply to the last stage. Returns 0, or -1 with errno. */
int tfgen_write_folder(const tfgen_options *o, unsigned stages, const char *dir, bool init,
		       tfgen_truth *truth);

/* Convenience for tests: one stage into a malloc'd buffer (NUL-terminated,
 * *len without the NUL). NULL on out of memory. */
char *tfgen_to_memory(const tfgen_options *o, const char *stage_name, size_t *len,
		      tfgen_truth *truth);

#ifdef __cplusplus
}
#endif
#endif
