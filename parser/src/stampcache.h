/* stampcache.h — parsing the timestamps of hclog-style logs (TF_LOG, -json
 * UI) fast: consecutive lines share their date, time and zone and differ
 * in the fraction, so only the fraction is read again. */
#ifndef TFC_STAMPCACHE_H
#define TFC_STAMPCACHE_H

#include <stddef.h>

#include "sv.h"

typedef struct stamp_cache {
	char key[19];   /* "2024-01-05T01:28:08" */
	char zone[8];   /* "Z", "-0700", "+03:00" */
	size_t zone_n;
	double base;    /* epoch seconds of key in zone; NaN = empty */
} stamp_cache;

void stamp_cache_init(stamp_cache *c);

/* Like time_parse_dated (timefmt.h): bytes used at the start of s, 0 when
 * s does not start with a dated stamp; *t in epoch seconds. */
size_t stamp_parse(stamp_cache *c, sv s, double *t);

#endif
