/* plain.h — the human-readable ("plain") Terraform / OpenTofu UI, 0.11 to
 * 1.14+: one cleaned line in, zero or more events out. Keeps the small state
 * that spans lines (diagnostic frames, 0.11 multierror lists). */
#ifndef TFC_PLAIN_H
#define TFC_PLAIN_H

#include <stdint.h>

#include "event.h"
#include "prefix.h"

/* Receives each event; return TFC_OK to go on. */
typedef tfc_rc (*ev_sink_fn)(void *ctx, const ev *e);

typedef struct plain_parser plain_parser;

plain_parser *plain_new(ev_sink_fn sink, void *ctx);
void plain_free(plain_parser *pp);

/* One cleaned line (see prefix.h), with its 1-based number. */
tfc_rc plain_line(plain_parser *pp, const line *ln, uint64_t lineno);

/* True when no line so far bears on how the next is read (no diagnostic
 * or warnings list being collected): a fresh parser would do the same. */
bool plain_idle(const plain_parser *pp);

/* End of input: emits a diagnostic still being collected. */
tfc_rc plain_finish(plain_parser *pp);

#endif
