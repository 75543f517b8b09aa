/* layout.h — how the files of a folder or the members of an archive map to
 * stages: each log file directly inside is a stage named after the file
 * (extension removed); each subfolder holding logs is one stage named after
 * the subfolder. Folders and archives share these rules. */
#ifndef TFC_LAYOUT_H
#define TFC_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a file name (base name) looks like a log worth reading: not hidden,
 * not Terraform configuration/state, not a picture or report; metadata files
 * written by the Nebari plugin (*.meta.json) are not logs. */
bool layout_is_log_name(const char *basename);

/* Whether a file name is an archive that tfclock reads (.zip, .tar, .tar.gz,
 * .tgz, .tar.xz, .txz, .tar.zst, .tzst, .tar.bz2, .tbz2). */
bool layout_is_archive_name(const char *basename);

/* The stage a relative path (components separated by '/') belongs to:
 * "apply.log" → "apply", "01-state/aws/apply.log" → "01-state". Writes the
 * name into stage (truncated to size). False when relpath is not a log. */
bool layout_stage_for(const char *relpath, char *stage, size_t size);

/* The name of a stage for a single file given on the command line. */
void layout_stage_for_file(const char *path, char *stage, size_t size);

#endif
