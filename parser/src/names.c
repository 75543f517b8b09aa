/* names.c — the names of enum values, as they appear in every report. */
#include <math.h>
#include <string.h>

#include "event.h"
#include "tfclock.h"

const char *tfc_action_name(tfc_action action)
{
	static const char *const names[TFC_ACTION_COUNT] = {
		"create", "update", "delete", "read", "import", "open", "renew", "close",
	};
	return (unsigned)action < TFC_ACTION_COUNT ? names[action] : "unknown";
}

const char *tfc_status_name(tfc_status status)
{
	static const char *const names[TFC_STATUS_COUNT] = {
		"complete", "failed", "unfinished", "planned",
	};
	return (unsigned)status < TFC_STATUS_COUNT ? names[status] : "unknown";
}

const char *tfc_mode_name(tfc_mode mode)
{
	switch (mode) {
	case TFC_MODE_MANAGED: return "managed";
	case TFC_MODE_DATA: return "data";
	case TFC_MODE_EPHEMERAL: return "ephemeral";
	}
	return "managed";
}

const char *tfc_command_name(tfc_command command)
{
	switch (command) {
	case TFC_COMMAND_UNKNOWN: return "unknown";
	case TFC_COMMAND_APPLY: return "apply";
	case TFC_COMMAND_DESTROY: return "destroy";
	case TFC_COMMAND_PLAN: return "plan";
	case TFC_COMMAND_REFRESH: return "refresh";
	case TFC_COMMAND_IMPORT: return "import";
	case TFC_COMMAND_INIT: return "init";
	case TFC_COMMAND_OTHER: return "other";
	}
	return "unknown";
}

void ev_init(ev *e, ev_kind kind)
{
	/* Copied from a template: "*e = (ev){0}" became a rep stos, whose
	 * start-up cost shows on every event of a large log. */
	static const ev blank = {.seconds = NAN, .time = NAN};
	memcpy(e, &blank, sizeof *e);
	e->kind = kind;
}

void tfc_limits_default(tfc_limits *limits)
{
	limits->max_line_bytes = 1u << 20;
	limits->max_warnings = 100;
	limits->max_member_bytes = 16ull << 30;
	limits->max_archive_bytes = 64ull << 30;
	limits->max_archive_members = 100000;
	limits->max_archive_depth = 1;
}
