/* select.c — the stage / address / duration filters of the report options. */
#include "select.h"

#include <fnmatch.h>
#include <math.h>
#include <string.h>

bool select_stage(const tfc_report_options *o, const tfc_stage *st)
{
	return !o->stage || !*o->stage || strcmp(o->stage, st->name) == 0;
}

bool select_op(const tfc_report_options *o, const tfc_op *op)
{
	/* Addresses hold [ and ] (count keys): match them literally unless the
	 * glob itself uses a bracket expression. */
	if (o->filter && *o->filter && fnmatch(o->filter, op->address, FNM_NOESCAPE) != 0 &&
	    strcmp(o->filter, op->address) != 0)
		return false;
	if (o->min_duration_s > 0 && op->status == TFC_STATUS_COMPLETE) {
		double d = isnan(op->duration_s) ? op->reported_s : op->duration_s;
		if (isnan(d) || d < o->min_duration_s)
			return false;
	}
	return true;
}
