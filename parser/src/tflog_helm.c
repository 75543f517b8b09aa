/* tflog_helm.c — Helm release phases from the helm provider's relayed debug
 * lines (formats.md §3.3). v2 (SDKv2) lines arrive as
 *   provider.terraform-provider-helm_v2.12.1_x5: 2024/01/05 01:28:08 [DEBUG] <msg>: timestamp=…
 * where <msg> is either the provider's own, tagged with its log ID
 * "[resourceReleaseCreate: NAME]", or the Helm library's, which name no
 * release. v3 (plugin framework) writes tflog lines such as
 * `Installing chart "NAME": @caller=… @module=helm …`. Each phase line becomes
 * an EV_HELM with the release when the line names it; the timeline binds
 * them to helm_release operations. */
#include "tflog_impl.h"

#include <string.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Drop the provider's own std-log stamp and level: "2024/01/05 01:28:08 [DEBUG] ". */
static sv inner_message(sv m)
{
	if (m.n >= 20 && digit(m.p[0]) && m.p[4] == '/' && m.p[7] == '/' && m.p[10] == ' ' && m.p[13] == ':' &&
	    m.p[19] == ' ')
		m = sv_skip(m, 20);
	if (m.n && m.p[0] == '[') {
		static const char *const tags[] = {"[DEBUG] ", "[INFO] ", "[TRACE] ", "[WARN] ", "[ERROR] "};
		for (size_t k = 0; k < 5; k++)
			if (sv_starts_with(m, tags[k], strlen(tags[k]))) {
				m = sv_skip(m, strlen(tags[k]));
				break;
			}
	}
	return m;
}

/* A release name at s: up to a quote, ']', ':' or space. */
static sv name_at(sv s, char quote)
{
	size_t n = 0;
	if (quote) {
		while (n < s.n && s.p[n] != quote)
			n++;
		return n < s.n ? sv_make(s.p, n) : SV_NULL;
	}
	while (n < s.n && s.p[n] != ' ' && s.p[n] != ':' && s.p[n] != ']' && s.p[n] != '"')
		n++;
	return sv_make(s.p, n);
}

/* "creating 12 resource(s)" / "checking 5 resources for changes" */
static bool count_phrase(sv m, const char *head, size_t head_n, const char *tail, size_t tail_n)
{
	if (!sv_starts_with(m, head, head_n))
		return false;
	size_t i = head_n, d = i;
	while (i < m.n && digit(m.p[i]))
		i++;
	return i > d && sv_starts_with(sv_skip(m, i), tail, tail_n);
}

static bool readiness(sv m)
{
	static const char *const heads[] = {
		"Deployment is not ready", "StatefulSet is not ready", "DaemonSet is not ready",
		"Service does not have load balancer ingress IP address", "PersistentVolumeClaim is not bound",
		"Job is not completed", "Pod is not ready", "Ingress is not ready",
	};
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
		if (sv_starts_with(m, heads[k], strlen(heads[k])))
			return true;
	return false;
}

/* The phase a Helm message marks; *release set when the message names it. */
static bool classify(sv m, ev_helm_phase *phase, sv *release)
{
	*release = SV_NULL;
	if (SV_STARTS(m, "[resourceRelease")) {
		/* the provider's own lines: "[resourceReleaseCreate: NAME] Started" */
		sv rest = sv_skip(m, 16);
		bool create = SV_STARTS(rest, "Create: "), update = SV_STARTS(rest, "Update: "),
		     del = SV_STARTS(rest, "Delete: ");
		if (!create && !update && !del)
			return false; /* Read, …: not a change */
		rest = sv_skip(rest, 8);
		sv name = name_at(rest, ']');
		if (!name.n)
			return false;
		sv what = sv_skip(rest, name.n + 1);
		if (SV_STARTS(what, " "))
			what = sv_skip(what, 1);
		if (SV_STARTS(what, "Started"))
			*phase = EV_HELM_STARTED;
		else if (SV_STARTS(what, "Installing chart"))
			*phase = EV_HELM_INSTALLING;
		else if (SV_STARTS(what, "Release was created but returned an error"))
			*phase = EV_HELM_ERROR;
		else
			return false;
		*release = name;
		return true;
	}
	if (SV_STARTS(m, "Installing chart \"") || SV_STARTS(m, "Upgrade-installing chart \"")) {
		/* v3 */
		const char *q = memchr(m.p, '"', m.n);
		*release = name_at(sv_skip(m, (size_t)(q - m.p) + 1), '"');
		*phase = EV_HELM_INSTALLING;
		return release->n > 0;
	}
	if (SV_STARTS(m, "performing update for ") || SV_STARTS(m, "uninstall: Deleting ") ||
	    SV_STARTS(m, "Uninstalling Helm release: ")) {
		size_t at = SV_STARTS(m, "performing") ? 22 : SV_STARTS(m, "uninstall") ? 20 : 27;
		*release = name_at(sv_skip(m, at), 0);
		*phase = EV_HELM_INSTALLING;
		return release->n > 0;
	}
	if (count_phrase(m, "creating ", 9, " resource(s)", 12) ||
	    count_phrase(m, "checking ", 9, " resources for changes", 22)) {
		*phase = EV_HELM_CREATING;
		return true;
	}
	if (SV_STARTS(m, "beginning wait for ")) {
		*phase = EV_HELM_WAIT_BEGIN;
		return true;
	}
	if (readiness(m)) {
		*phase = EV_HELM_WAITING;
		return true;
	}
	if (SV_STARTS(m, "Install failed and atomic is set") || SV_STARTS(m, "Upgrade failed and atomic is set")) {
		*phase = EV_HELM_ERROR;
		return true;
	}
	return false;
}

tfc_rc tfl_helm(tflog_parser *tp, const tfl_rec *r, bool *handled)
{
	ev_helm_phase phase;
	sv release;
	if (!classify(inner_message(r->msg), &phase, &release))
		return TFC_OK;
	ev e;
	tfl_base(r, &e, EV_HELM);
	e.helm_phase = phase;
	e.text = release;
	*handled = true;
	return tfl_emit(tp, &e);
}
