/* analysis.h — the one model every renderer reads: where each operation sits
 * on its stage's timeline, concurrency, overhead, the slowest / failed /
 * unfinished operations, Helm releases and the roll-ups, after --stage,
 * --filter, --min-duration, --sort, --depth and --top.
 *
 * Timing model (docs/reports.md): a stage is "measured" when it has
 * timestamps — an operation then sits at started_at − stage.started_at. A
 * stage without them is "estimated": durations are Terraform's own, and an
 * operation starts when the one started before it did, and not before every
 * operation whose end was printed ahead of its start had ended
 * (tfc_op.start_order / end_order). When the timeline has no event order, in
 * order of first sighting as soon as one of Terraform's default 10 parallel
 * slots is free. Every figure built from positions carries that flag.
 */
#ifndef TFC_ANALYSIS_H
#define TFC_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "renderers.h"
#include "tfclock.h"
#include "tfclock_report.h"

/* Terraform's default -parallelism, used by the estimated schedule. */
#define ANALYSIS_PARALLELISM 10

typedef struct a_op {
	const tfc_op *op;
	size_t stage;       /* index in analysis.stages */
	double start;       /* seconds from the stage's start */
	double end;         /* start + dur */
	double dur;         /* duration_s, else what the timeline gives it (lower bound) */
	bool estimated;     /* start from the schedule, not from timestamps */
	bool open;          /* failed/unfinished with no known end: dur is a lower bound */
	unsigned lane;      /* concurrency lane in the stage, from 0; ops on one lane never overlap */
	const char *group;  /* count/for_each group "module.x[*].aws_y.z[*]", NULL when unkeyed */
	const char *module; /* module roll-up key at --depth, "(root)" for the root module */
	const char *rtype;  /* resource type roll-up key ("data.aws_ami" for data sources) */
	const char *provider; /* op->provider, else the type's prefix ("aws_instance" → "aws") */
	bool shown;         /* passes --filter and --min-duration (select_op) */
} a_op;

typedef struct a_row {
	const char *key;
	size_t count;
	size_t n_failed;
	double sum_s;
	double max_s;
	double busy_s;    /* time with at least one of its operations in flight */
	double share;     /* busy_s / stage wall time: share of stage time, NaN when wall is 0 */
	double sum_share; /* sum_s / the stage's summed operation time, NaN when that is 0 */
} a_row;

typedef struct a_rollup {
	a_row *rows; /* by sum_s, longest first */
	size_t n;
} a_rollup;

enum { ROLLUP_MODULE, ROLLUP_TYPE, ROLLUP_PROVIDER, ROLLUP_GROUP, ROLLUP_COUNT };

/* The number of operations in flight becomes n at time t (seconds from the
 * stage's start); points are in time order, the first at t = 0. */
typedef struct a_conc_point {
	double t;
	unsigned n;
} a_conc_point;

typedef struct a_stage {
	const tfc_stage *st;
	size_t index;        /* index of st in the timeline */
	bool estimated;      /* positions, wall time and concurrency come from the schedule */
	double offset_s;     /* start on the run's timeline (seconds from the run's start) */
	double wall_s;       /* measured, or the schedule's length when estimated */
	double sum_s;        /* summed operation time (Terraform's or measured durations) */
	double busy_s;       /* time with at least one operation in flight */
	double overhead_s;   /* wall time with none in flight; NaN when estimated */
	double lead_s, gap_s, tail_s; /* overhead before the first, between, after the last; NaN when estimated */
	double conc_avg;     /* sum of bar lengths / wall time */
	unsigned conc_peak;
	unsigned n_lanes;

	a_op *ops;           /* every operation that ran (not merely planned), by seq */
	size_t n_ops;
	a_op **of_op;        /* by index in st->ops: its a_op, NULL for planned ones */
	size_t n_planned;    /* operations planned but never started */
	size_t n_status[TFC_STATUS_COUNT];
	size_t n_action[TFC_ACTION_COUNT];

	const a_op **shown;  /* ops passing the filters, in --sort order */
	size_t n_shown;
	const a_op **slowest; /* the --top N longest of shown */
	size_t n_slowest;
	const a_op **failed;  /* failed ones passing --filter, by start */
	size_t n_failed;
	const a_op **unfinished;
	size_t n_unfinished;
	const a_op **helm;    /* operations with Helm phases, longest first */
	size_t n_helm;

	a_conc_point *conc;
	size_t n_conc;

	a_rollup rollup[ROLLUP_COUNT];
} a_stage;

struct analysis {
	a_stage *stages; /* the stages kept by --stage, in timeline order */
	size_t n_stages;
	bool any_estimated;   /* at least one stage is estimated */
	bool any_measured;
	bool dated;           /* run_start is a real date (not only a time of day) */
	double run_start;     /* epoch seconds of the earliest measured stage, NaN when none */
	double run_wall_s;    /* end of the last stage on the run's timeline */
	size_t n_ops, n_failed, n_unfinished, n_shown;
	int depth;
	struct strtab *strings; /* keys made by the analysis */
};

/* The same as analysis_build, from plain stages (tests build them by hand). */
analysis *analysis_build_stages(const tfc_stage *stages, size_t n, const tfc_report_options *o);

const char *analysis_rollup_name(int rollup); /* "module", "type", "provider", "group" */

/* Effective figures of an operation for listings: the status name with
 * "unfinished"/"failed", "measured"/"estimated" for its position. */
const char *analysis_times_name(const a_op *op);

/* Human duration: "2m05s", "1h02m", "4.2s", "0s"; "?" for NaN. buf ≥ 24 bytes. */
char *analysis_fmt_duration(double s, char *buf, size_t size);

#endif
