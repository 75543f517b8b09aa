/* timefmt.h — timestamps in and out: RFC 3339 / ISO 8601 with any zone form
 * (Z, -0700, +1000, +03:00), "YYYY/MM/DD HH:MM:SS", "YYYY-MM-DD HH:MM:SS",
 * times of day (HH:MM:SS.mmm); and RFC 3339 output with fractions. */
#ifndef TFC_TIMEFMT_H
#define TFC_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "sv.h"

/* Parse a dated timestamp at the start of s. Returns the number of bytes
 * used (0 when s does not start with one); *t receives epoch seconds (UTC).
 * A stamp with no zone is taken as UTC. */
size_t time_parse_dated(sv s, double *t);

/* Parse HH:MM:SS[.fff] at the start of s; *t receives seconds since midnight. */
size_t time_parse_of_day(sv s, double *t);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
long long time_days_from_civil(int y, unsigned m, unsigned d);

/* Format t as RFC 3339 UTC with millisecond fraction when it has one
 * ("2024-01-05T01:28:08.594Z"); buf needs 32 bytes. Returns buf. */
char *time_format_rfc3339(double t, char *buf, size_t size);

#endif
