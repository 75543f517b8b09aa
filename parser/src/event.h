/* event.h — one small struct per thing Terraform said, the currency between
 * the format parsers (plain, JSON UI, TF_LOG) and the timeline. Every sv in
 * an event borrows from the line being parsed: valid only during the call. */
#ifndef TFC_EVENT_H
#define TFC_EVENT_H

#include <stdint.h>

#include "sv.h"
#include "tfclock.h"

typedef enum ev_kind {
	EV_OP_START,     /* "ADDR: Creating..." / apply_start: action, id */
	EV_OP_PROGRESS,  /* heartbeat: seconds = elapsed so far */
	EV_OP_COMPLETE,  /* "… complete after D": seconds = D (NaN if not given), id */
	EV_OP_ERRORED,   /* apply_errored / vertex error: seconds = elapsed (NaN if unknown), text = message */
	EV_OP_PLANNED,   /* plan header / planned_change: action */
	EV_OP_PROVIDER_CALL, /* TF_LOG tf_req_duration_ms: seconds = provider call duration */
	EV_PROVISION,    /* provisioner start/output/complete for ADDR (keeps the op alive) */
	EV_REFRESH,      /* "Refreshing state..." — no operation, hints the command */
	EV_DIAGNOSTIC,   /* severity + text = summary, address may be null, detail */
	EV_SUMMARY,      /* Apply/Destroy complete!, Plan: …, change_summary */
	EV_INTERRUPT,    /* Interrupt received / Apply cancelled */
	EV_COMMAND,      /* command hint: command */
	EV_VERSION,      /* text = tool ("terraform"/"opentofu"), detail = version */
	EV_HELM,         /* helm provider / Helm SDK line: helm_phase, text = release (may be null) */
	EV_TIME,         /* a line with a timestamp and nothing else of interest */
} ev_kind;

typedef enum ev_severity { EV_SEV_ERROR, EV_SEV_WARNING } ev_severity;

typedef enum ev_summary_kind {
	EV_SUMMARY_APPLY,
	EV_SUMMARY_DESTROY,
	EV_SUMMARY_PLAN,
} ev_summary_kind;

typedef enum ev_helm_phase {
	EV_HELM_STARTED,     /* [resourceReleaseCreate: NAME] Started */
	EV_HELM_INSTALLING,  /* Installing chart / performing update / uninstall: Deleting */
	EV_HELM_CREATING,    /* creating N resource(s) */
	EV_HELM_WAIT_BEGIN,  /* beginning wait for N resources */
	EV_HELM_WAITING,     /* a readiness poll line */
	EV_HELM_ERROR,       /* Release was created but returned an error */
} ev_helm_phase;

/* Which kind of log said it. Operations belong to the channel that first
 * started them; another channel's events about the same key (a TF_LOG trail
 * beside the UI) merge into the k-th occurrence instead of opening a new one. */
typedef enum ev_channel { EV_CH_PLAIN, EV_CH_JSON_UI, EV_CH_TF_LOG, EV_CH_COUNT } ev_channel;

typedef struct ev {
	ev_kind kind;
	ev_channel channel;
	tfc_action action;
	sv address;  /* full resource address, null when none */
	sv deposed;  /* deposed key, null when none */
	sv unit;     /* Terragrunt unit, null when none */
	sv id;       /* id value, null when none */
	sv text;     /* message / summary / tool / release */
	sv detail;   /* diagnostic detail / version */
	double seconds;  /* duration or elapsed, NaN when none */
	double time;     /* timestamp of the line/event, NaN when none */
	unsigned time_from; /* TFC_TIMES_* bit that the time came from */
	bool time_dated;    /* false when the stamp was a time of day only */
	ev_severity severity;
	ev_summary_kind summary_kind;
	int added, changed, destroyed, imported, forgotten;
	tfc_command command;
	ev_helm_phase helm_phase;
	uint64_t line; /* 1-based line in the source */
	/* 0, or a number that every event with the same unit, address, deposed
	 * key and action carries, and no other (the heartbeat memo sets it):
	 * the timeline may find the operation by it without comparing bytes. */
	uint64_t key_tag;
} ev;

/* Initialise an event of a kind with every optional field absent. */
void ev_init(ev *e, ev_kind kind);

#endif
