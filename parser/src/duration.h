/* duration.h — Terraform's duration spellings: Go durations (1h2m3s, 9m44s,
 * 0s, 1.5s), the ≥1.12 heartbeat form 08m00s, and hclog/JSON numbers. */
#ifndef TFC_DURATION_H
#define TFC_DURATION_H

#include <stdbool.h>

#include "sv.h"

/* Parse a Go duration (units h, m, s, ms, us, µs, ns; fractions allowed) or
 * the NNmNNs heartbeat form; false when s is not exactly one. */
bool duration_parse(sv s, double *seconds);

#endif
