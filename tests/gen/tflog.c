/* tflog.c — placeholder while the TF_LOG renderer is written. */
#include "gen.h"
const grender tg_render_tflog;
