/* tflog_fields.c — looking up an hclog field (`key=value` after the message
 * in text lines, a key of the object in JSON lines). hclog writes fields in
 * random order, so text lines are searched, never split by position. */
#include "tflog_impl.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[TFL_F_COUNT] = {"tf_rpc", "tf_req_duration_ms", "tf_resource_type"};

/* The value after "key=" at p: up to the next space, or a "quoted" value
 * without its quotes (escapes are left as written). */
static sv text_value(const char *p, const char *end)
{
	if (p < end && *p == '"') {
		const char *q = ++p;
		while (q < end && *q != '"')
			q += (*q == '\\' && q + 1 < end) ? 2 : 1;
		return sv_make(p, (size_t)((q < end ? q : end) - p));
	}
	const char *q = p;
	while (q < end && *q != ' ')
		q++;
	return sv_make(p, (size_t)(q - p));
}

sv tfl_field(const tfl_rec *r, int field)
{
	if ((unsigned)field >= TFL_F_COUNT)
		return SV_NULL;
	if (r->js)
		return r->js[field].type == JS_STRING || r->js[field].type == JS_NUMBER ? r->js[field].s : SV_NULL;
	const char *key = names[field];
	size_t kn = strlen(key);
	const char *p = r->msg.p, *end = r->msg.p + r->msg.n;
	while (p < end) {
		const char *k = memmem(p, (size_t)(end - p), key, kn);
		if (!k)
			return SV_NULL;
		/* a whole key: after a space, followed by '=' */
		if (k > r->msg.p && k[-1] == ' ' && k + kn < end && k[kn] == '=')
			return text_value(k + kn + 1, end);
		p = k + kn;
	}
	return SV_NULL;
}

bool tfl_field_number(const tfl_rec *r, int field, double *out)
{
	if (r->js && (unsigned)field < TFL_F_COUNT && r->js[field].type == JS_NUMBER) {
		*out = r->js[field].num;
		return true;
	}
	sv v = tfl_field(r, field);
	if (!v.n || v.n > 30)
		return false;
	char buf[32];
	memcpy(buf, v.p, v.n);
	buf[v.n] = '\0';
	char *endp;
	double d = strtod(buf, &endp);
	if (endp == buf || *endp != '\0')
		return false;
	*out = d;
	return true;
}
