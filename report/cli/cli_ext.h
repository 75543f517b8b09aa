/* cli_ext.h — command-line extras called by main.c: the GitHub Actions
 * integration (--github) and posting OTLP to a collector (--otlp-endpoint). */
#ifndef TFC_CLI_EXT_H
#define TFC_CLI_EXT_H

#include <stddef.h>

#include "tfclock_report.h"

/* Append the markdown report to $GITHUB_STEP_SUMMARY (when set) and print
 * ::error annotations for failed operations and ::warning ones for operations
 * longer than o->warn_over_s to stdout. Returns 0, or 1 when the summary
 * could not be written or memory ran out (a message goes to stderr). */
int cli_github(const tfc_timeline *tl, const tfc_report_options *o);

/* POST body (OTLP/JSON) to url, an http:// URL on a loopback host; "/v1/traces"
 * is appended when the URL has no path. Returns 0 on a 2xx answer, else
 * non-zero with a message in err. */
int cli_otlp_post(const char *url, const char *body, size_t len, char *err, size_t errsize);

#endif
