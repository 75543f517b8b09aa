/* json.c — placeholder while the -json renderer is written. */
#include "gen.h"
const grender tg_render_json;
