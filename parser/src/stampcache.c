/* stampcache.c — a one-entry cache in front of time_parse_dated for the
 * ISO 8601 stamps hclog writes, which repeat their first 19 bytes for a
 * whole second. */
#include "stampcache.h"

#include <math.h>
#include <string.h>

#include "timefmt.h"

void stamp_cache_init(stamp_cache *c)
{
	memset(c, 0, sizeof *c);
	c->base = NAN;
}

static bool digit(char c) { return c >= '0' && c <= '9'; }

size_t stamp_parse(stamp_cache *c, sv s, double *t)
{
	if (s.n < 20 || s.p[10] != 'T' || s.p[4] != '-')
		return time_parse_dated(s, t);
	static const double scale[10] = {1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9};
	size_t i = 19;
	double frac = 0;
	if (s.p[i] == '.' || s.p[i] == ',') {
		/* integer digits, one multiplication: divisions per digit cost more
		 * than the rest of the line's stamp */
		unsigned long long num = 0;
		unsigned nd = 0;
		for (i++; i < s.n && digit(s.p[i]); i++)
			if (nd < 9) {
				num = num * 10 + (unsigned)(s.p[i] - '0');
				nd++;
			}
		frac = (double)num * scale[nd];
	}
	size_t zone_at = i;
	if (i < s.n && (s.p[i] == 'Z' || s.p[i] == 'z'))
		i++;
	else if (i + 5 <= s.n && (s.p[i] == '+' || s.p[i] == '-'))
		i += (i + 6 <= s.n && s.p[i + 3] == ':') ? 6 : 5;
	size_t zone_n = i - zone_at;
	if (!isnan(c->base) && zone_n == c->zone_n && memcmp(s.p, c->key, 19) == 0 &&
	    memcmp(s.p + zone_at, c->zone, zone_n) == 0) {
		*t = c->base + frac;
		return i;
	}
	size_t used = time_parse_dated(s, t);
	/* cache only what time_parse_dated read the same way */
	if (used != i || zone_n > sizeof c->zone)
		return used;
	memcpy(c->key, s.p, 19);
	memcpy(c->zone, s.p + zone_at, zone_n);
	c->zone_n = zone_n;
	c->base = *t - frac;
	/* the answer a hit would give, so that it never depends on what came
	 * before (parser.c's worker starts with an empty cache) */
	*t = c->base + frac;
	return used;
}
