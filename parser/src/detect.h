/* detect.h — which log format a cleaned line is in. One stream can mix them
 * (Nebari merges TF_LOG's stderr into the UI's stdout), so this runs per line. */
#ifndef TFC_DETECT_H
#define TFC_DETECT_H

#include "prefix.h"

typedef enum line_format {
	FMT_PLAIN,       /* the human UI (the default) */
	FMT_JSON_UI,     /* {"@module":"terraform.ui"|"tofu.ui", …} */
	FMT_TF_LOG_TEXT, /* 2024-01-05T01:28:08.594Z [INFO]  … or 2020/01/16 18:13:48 [DEBUG] … */
	FMT_TF_LOG_JSON, /* {"@level":…,"@timestamp":…} without the ui module */
} line_format;

/* Cheap: looks at the first bytes only (and the module key for JSON). */
line_format detect_line(const line *ln);

#endif
