/* archive_input.h — reading archives (zip, tar and compressed tars) as
 * streams through libarchive, members laid out like a folder (layout.h),
 * never extracted to disk. */
#ifndef TFC_ARCHIVE_INPUT_H
#define TFC_ARCHIVE_INPUT_H

#include "tfclock.h"

/* Read the archive at path (already known to be one, by name or content)
 * into the timeline: member "dir/x.log" of "a.zip" becomes source
 * "a.zip:dir/x.log" of the stage layout_stage_for() names. Problems with
 * single members (corrupt, over a limit, unsafe names, nested archives past
 * the depth limit) become warnings and the rest is still read; TFC_EIO with
 * err filled when the archive cannot be opened at all. */
tfc_rc archive_load(tfc_timeline *tl, const char *path, tfc_error *err);

/* Sniff the first bytes of a file: true for zip / gzip / xz / zstd / bzip2 / tar magic. */
bool archive_sniff(const unsigned char *head, size_t len);

#endif
