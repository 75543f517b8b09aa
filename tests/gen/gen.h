/* gen.h — what the generator's files share: random numbers, a string arena,
 * the output buffer with line prefixes, the deployment model, the simulation
 * state and the renderer interface (one renderer per log format). */
#ifndef TFGEN_GEN_H
#define TFGEN_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tfgen.h"

/* ---- random numbers: xoshiro256**, seeded by splitmix64 ---------------- */

typedef struct grng {
	uint64_t s[4];
} grng;

void tg_rng_seed(grng *r, uint64_t seed);
uint64_t tg_rng_next(grng *r);
/* Uniform in [0, n); n > 0. */
static inline uint64_t rng_below(grng *r, uint64_t n)
{
	return n ? tg_rng_next(r) % n : 0;
}
/* Uniform in [lo, hi]. */
static inline int64_t rng_range(grng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo + 1));
}
/* Uniform in [0, 1). */
static inline double rng_unit(grng *r)
{
	return (double)(tg_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
static inline bool rng_chance(grng *r, double p)
{
	return rng_unit(r) < p;
}

/* ---- a bump arena for the model's strings ------------------------------ */

typedef struct garena_block garena_block;
typedef struct garena {
	garena_block *head;
	bool oom;
} garena;

/* Copy n bytes (NUL added); NULL (and a->oom) on out of memory. */
char *tg_arena_dup(garena *a, const char *s, size_t n);
void tg_arena_free(garena *a);

/* ---- output: a buffer with the wrappers' line prefixes ----------------- */

typedef enum gstream { GS_STDOUT, GS_STDERR, GS_INFO } gstream;

typedef struct gout {
	char *buf;
	size_t len, cap;
	tfgen_write_fn write;
	void *ctx;
	bool failed;
	uint64_t total;      /* bytes produced so far */
	tfgen_prefix prefix;
	const char *tool;    /* "terraform" / "tofu": Nebari and Terragrunt prefixes */
	int64_t now_us;      /* time stamped on the next line */
	int64_t last_us;     /* time of the last line begun: the end of the log */
	int64_t date_sec;    /* cache of the formatted date-time */
	size_t mark;         /* buffer offset where the prefix ended; SIZE_MAX after a flush */
	bool crlf;           /* end lines with \r\n */
	char date[32];       /* "2024-03-01T12:00:00" */
} gout;

int tg_out_init(gout *o, tfgen_write_fn write, void *ctx);
void tg_out_flush(gout *o);
void tg_out_done(gout *o); /* flush and free */
void tg_out_put(gout *o, const char *s, size_t n);
void tg_out_char(gout *o, char c);
void tg_out_u64(gout *o, uint64_t v);
void tg_out_i64(gout *o, int64_t v);
/* Start a line: writes the prefix (for the unit and stream); end it with '\n'. */
void tg_out_begin(gout *o, const char *unit, gstream stream);
void tg_out_end(gout *o);
/* Whole line helpers: prefix + text + newline. */
void tg_out_line(gout *o, const char *unit, gstream stream, const char *text);
/* Timestamps for line content (hclog, -json): */
void tg_out_time_hclog(gout *o, int64_t us);      /* 2024-03-01T12:00:00.123Z */
void tg_out_time_json(gout *o, int64_t us);       /* 2024-03-01T12:00:00.123456Z */
void tg_out_time_stdlog(gout *o, int64_t us);     /* 2024/03/01 12:00:00 */
/* Go duration of whole seconds: 0s, 1m5s, 1h0m3s. */
void tg_out_go_duration(gout *o, int64_t s);
/* Terraform ≥1.12 heartbeat: 00m10s, 75m10s. */
void tg_out_mmss(gout *o, int64_t s);

static inline void tg_out_str(gout *o, const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	tg_out_put(o, s, n);
}
/* String literals only: "" lit "" refuses anything else at compile time. */
#define OUT_LIT(o, lit) tg_out_put((o), "" lit "", sizeof(lit) - 1)

/* Civil date from days since the Unix epoch (proleptic Gregorian). */
void tg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* ---- the deployment model ---------------------------------------------- */

enum { OP_PENDING, OP_WAITING, OP_RUNNING, OP_DONE, OP_FAILED };

/* One resource instance. Offsets index into addr. */
typedef struct gres {
	const char *addr;
	uint32_t addr_len;
	uint16_t mod_len;   /* "module.a[\"k\"].module.b" prefix length, 0 at root */
	uint16_t rel_off;   /* module-relative address ("data.x.y[0]") */
	uint16_t type_off, type_len, name_off, name_len;
	int16_t key_off, key_len; /* inside the brackets, as printed; -1 when none */
	bool key_is_string;
	bool data;
	uint8_t kind;       /* index into the type table */
} gres;

/* One operation: what Terraform will run and how it will go. */
typedef struct gop {
	uint32_t res;
	uint8_t action;     /* tfc_action */
	uint8_t phase;      /* 0: plan-time read, 1: apply */
	uint8_t plan;       /* plan header kind (PLAN_*), PLAN_NONE for the second half of a replace */
	bool fail;          /* the provider returns an error */
	bool provision;     /* a local-exec provisioner runs after create */
	bool has_prev;      /* waits for another operation (second half of a replace) */
	bool body;          /* its plan body is printed */
	uint8_t state;      /* OP_* */
	uint8_t status;     /* truth: tfc_status */
	char deposed[9];    /* "" when not a deposed object */
	bool refresh;       /* prints "Refreshing state..." while planning */
	const char *prior_id; /* id in the state before the run (refresh line), or NULL */
	const char *id;     /* id on the start line (update, delete), or NULL */
	const char *new_id; /* id after create / read / update, or NULL */
	uint32_t dur;       /* seconds until completion or failure */
	float weight;       /* share of the stretch added for --target-bytes */
	int32_t next;       /* operation enabled by this one's completion, -1 */
	int64_t t_start, t_end, s_round; /* µs; s_round = start rounded to whole seconds */
	int64_t hb_at;      /* time of the next heartbeat, µs */
	int32_t last_hb;    /* last heartbeat elapsed written, -1 */
	double reported;    /* duration the log states, NaN */
} gop;

/* Phases: 2 is a resource that only prints "Refreshing state..." (no
 * change, or a data source read at plan time before Terraform 1.2). */
enum { PHASE_PLAN_READ = 0, PHASE_APPLY = 1, PHASE_REFRESH_ONLY = 2 };

enum { PLAN_NONE, PLAN_CREATE, PLAN_UPDATE, PLAN_DELETE, PLAN_REPLACE, PLAN_REPLACE_CBD, PLAN_READ };

/* One Terraform invocation (a Terragrunt unit, or the stage's only run). */
typedef struct grun {
	const char *unit;      /* Terragrunt unit, NULL when none */
	uint32_t op_lo, op_hi; /* its operations in the model */
	uint32_t *queue;       /* apply operations in start order */
	size_t queue_len, queue_pos;
	uint32_t *stack;       /* operations enabled by a predecessor: served first */
	size_t stack_len;
	unsigned running;
	size_t pending;        /* refreshes and reads before the plan is printed */
	int phase;             /* RUN_* */
	bool stopping;         /* interrupted: start nothing new */
	bool dead;             /* exited (second interrupt) or cut: writes nothing more */
	bool pending_reset;    /* colour: the last write left an ESC[0m for the next line */
	bool prompt;           /* "Enter a value:" before applying (no -auto-approve) */
	bool end_scheduled, plan_scheduled;
	bool summary;          /* printed "Apply complete!" / "Destroy complete!" */
	size_t started;        /* apply operations started */
	int64_t t_begin;
	int added, changed, destroyed;
	size_t n_failed;
} grun;

enum { RUN_WAIT, RUN_PLANNING, RUN_APPLYING, RUN_ENDED };

/* ---- simulation -------------------------------------------------------- */

typedef struct gevent {
	int64_t t;
	uint64_t seq;
	uint32_t arg;
	uint16_t run;
	uint8_t type;
} gevent;

typedef struct grender grender;

typedef struct gsim {
	const tfgen_options *o;
	tfgen_version version;
	tfgen_heartbeat hb;
	bool tofu;
	bool last_stage;
	unsigned stage_index;
	grng model_rng, sim_rng;
	garena arena;
	gout out;
	gres *res;
	size_t n_res, cap_res;
	gop *ops;
	size_t n_ops, cap_ops;
	grun *runs;
	size_t n_runs;
	gevent *heap;
	size_t heap_len, heap_cap;
	uint64_t seq;
	int64_t now;           /* µs since the epoch */
	const grender *render;
	int64_t stretch_s;     /* --target-bytes: seconds added per unit of weight */
	size_t interrupt_after;/* start count of run 0 that triggers interrupt/cut */
	bool interrupted, cut_done, hard_done;
	uint64_t hb_lines, hb_bytes; /* measured, to size --target-bytes */
	uint64_t start_lines, start_bytes;
	bool oom;
} gsim;

/* Renderer: writes what each simulated moment looks like in one format.
 * Callbacks set op->status (complete / failed) as the log states it. */
struct grender {
	void (*run_begin)(gsim *s, grun *r);
	void (*refresh)(gsim *s, grun *r, gop *op);   /* "Refreshing state..." */
	void (*plan)(gsim *s, grun *r);               /* the plan text and its summary */
	void (*apply_begin)(gsim *s, grun *r);
	void (*op_start)(gsim *s, grun *r, gop *op);
	void (*op_heartbeat)(gsim *s, grun *r, gop *op, int64_t elapsed);
	void (*op_complete)(gsim *s, grun *r, gop *op);
	void (*op_failed)(gsim *s, grun *r, gop *op); /* at the moment of failure */
	void (*interrupt)(gsim *s, grun *r);
	void (*interrupt_hard)(gsim *s, grun *r);
	void (*run_end)(gsim *s, grun *r);            /* diagnostics, summary, outputs */
	void (*stage_end)(gsim *s);                   /* after the last event */
};

extern const grender tg_render_plain;
extern const grender tg_render_json;
extern const grender tg_render_tflog;

/* model.c */
int tg_model_build(gsim *s);          /* resources, operations and runs of the stage */
const char *tg_model_type_provider(const gres *r); /* "aws", "helm", … */
/* Fill a run's queue with the operations of a phase that wait for nothing,
 * in a shuffled start order; returns how many. */
size_t tg_model_queue_phase(gsim *s, grun *r, int phase);
void tg_model_free(gsim *s);

/* plain.c helpers shared with the TF_LOG renderer */
void tg_plain_addr(gsim *s, const gop *op, bool with_deposed);
const char *tg_tool_title(const gsim *s); /* "Terraform" / "OpenTofu" */

/* diag.c: what an error or warning about an operation says */
typedef struct gdiag {
	char summary[512];
	char detail[3][640]; /* lines; "" marks a blank line */
	int n_detail;
	char on[512];        /* "on main.tf line 28, in resource \"T\" \"N\":" */
	char src[400];       /* "28: resource \"T\" \"N\" {" */
} gdiag;
void tg_diag_error(gsim *s, const gop *op, gdiag *d);
void tg_diag_warning(gsim *s, const gop *op, gdiag *d);

/* Version predicates. */
static inline bool v_ge_012(const gsim *s) { return s->version >= TFGEN_V0_12; }
static inline bool v_ge_015(const gsim *s) { return s->version >= TFGEN_V0_15; }
static inline bool v_ge_12(const gsim *s) { return s->version >= TFGEN_V1_5; }

#endif
