/* linereader.h — incremental splitting of a byte stream into lines.
 * Fed chunks of any size; handles LF and CRLF, a UTF-8 BOM, a UTF-16LE BOM
 * (transcoded to UTF-8), and lines over a limit (reported, skipped). NUL
 * bytes and invalid UTF-8 pass through untouched: later layers never trust
 * them to be text. */
#ifndef TFC_LINEREADER_H
#define TFC_LINEREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tfclock.h"

/* Called per complete line, without its terminator (and without a trailing
 * \r). The bytes are valid only during the call. Return TFC_OK to go on. */
typedef tfc_rc (*lr_line_fn)(void *ctx, const char *line, size_t len, uint64_t lineno);

/* Called when a line exceeded max_line_bytes (it is skipped), or for other
 * stream-level problems (odd UTF-16 tail). */
typedef void (*lr_problem_fn)(void *ctx, uint64_t lineno, const char *message);

typedef struct linereader linereader;

linereader *lr_new(size_t max_line_bytes, lr_line_fn on_line, lr_problem_fn on_problem, void *ctx);
void lr_free(linereader *lr);
tfc_rc lr_feed(linereader *lr, const void *buf, size_t len);
tfc_rc lr_finish(linereader *lr); /* flushes a last line without a newline */
uint64_t lr_lines(const linereader *lr);

/* For reading a stream in parallel pieces (parallel.h): true when lr stands
 * at the start of a line of a UTF-8 stream, nothing carried or skipped. */
bool lr_at_line_start(const linereader *lr);
/* A reader given the middle of a stream: no BOM to look for. Call first. */
void lr_assume_utf8(linereader *lr);
/* Counts n lines that another reader read from this stream. */
void lr_add_lines(linereader *lr, uint64_t n);

#endif
