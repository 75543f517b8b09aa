/* duration.h — Terraform's duration spellings: Go durations (1h2m3s, 9m44s,
 * 0s, 1.5s), the ≥1.12 heartbeat form 08m00s, and hclog/JSON numbers. */
#ifndef TFC_DURATION_H
#define TFC_DURATION_H

#include <stdbool.h>

#include "sv.h"

/* Parse a Go duration (units h, m, s, ms, us, µs, ns; fractions allowed) or
 * the NNmNNs heartbeat form; false when s is not exactly one. */
bool duration_parse(sv s, double *seconds);

/* The figure a heartbeat ends with, read backwards from p[end]: whole h, m
 * and s ("10s", "1m0s", "08m00s", "1h2m3s", at most 9 digits a part)
 * after ' ', '[', '(' or the start; *start receives where it begins. NaN
 * for anything else (duration_parse of that text may still take it). */
double duration_whole_back(const char *p, size_t end, size_t *start);

#endif
