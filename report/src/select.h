/* select.h — which stages and operations the --stage, --filter and
 * --min-duration options keep; shared by every renderer. */
#ifndef TFC_SELECT_H
#define TFC_SELECT_H

#include <stdbool.h>

#include "tfclock_report.h"

bool select_stage(const tfc_report_options *o, const tfc_stage *st);

/* Failed and unfinished operations pass --min-duration: they always matter. */
bool select_op(const tfc_report_options *o, const tfc_op *op);

#endif
