/* json.c — the tfclock/1 JSON document (docs/json-schema.md): the timeline
 * itself, stages → operations, after --stage and --filter. Written straight
 * into the buffer so 100,000 operations render in a blink. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "report_internal.h"
#include "select.h"

/* Operations are most of a large document: each is assembled in a stack
 * buffer from literals, clean strings and numbers formatted by hand, and
 * appended in one piece. Anything unusual (a string that needs escaping, a
 * number the shortcut cannot prove) goes through buf.c as before, so the
 * bytes are the same either way. */
typedef struct opbuf {
	tfc_buf *b;
	size_t n;
	char tmp[1024];
} opbuf;

static void ob_flush(opbuf *o)
{
	if (o->n)
		buf_put(o->b, o->tmp, o->n);
	o->n = 0;
}

static void ob_put(opbuf *o, const char *s, size_t n)
{
	if (n > sizeof o->tmp - o->n) {
		ob_flush(o);
		if (n > sizeof o->tmp) {
			buf_put(o->b, s, n);
			return;
		}
	}
	memcpy(o->tmp + o->n, s, n);
	o->n += n;
}

/* A literal: its length is a constant, so the copy is a few moves. */
#define OB_LIT(o, lit)                                                   \
	do {                                                             \
		if (sizeof(lit) - 1 > sizeof (o)->tmp - (o)->n)          \
			ob_flush(o);                                     \
		memcpy((o)->tmp + (o)->n, (lit), sizeof(lit) - 1);       \
		(o)->n += sizeof(lit) - 1;                               \
	} while (0)

/* Control bytes and non-ASCII (UTF-8 to check): left to buf_put_json_string. */
static bool hard_byte(unsigned char c) { return c < 0x20 || c >= 0x7F; }

/* Whether any of the 8 bytes in w is a control byte, >= 0x7F, '"' or '\\'
 * (the classic SWAR zero-byte tests). */
static bool word_needs_care(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define HAS_ZERO(v) (((v) - ones) & ~(v) & high)
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\'), del = w ^ (ones * 0x7F);
	uint64_t low = (w - ones * 0x20) & ~w & high; /* a byte < 0x20 */
	return ((w & high) | low | HAS_ZERO(q) | HAS_ZERO(bs) | HAS_ZERO(del)) != 0;
#undef HAS_ZERO
}

/* A JSON string as buf_put_json_string writes it; '"' and '\\' (for_each
 * keys in addresses) are escaped here, anything harder is left to it. */
static void ob_str(opbuf *o, const char *s)
{
	if (!s) {
		OB_LIT(o, "null");
		return;
	}
	size_t len = strlen(s), n = 0, specials = 0;
	for (; n + 8 <= len; n += 8) {
		uint64_t w;
		memcpy(&w, s + n, 8);
		if (word_needs_care(w))
			break;
	}
	for (; n < len; n++) {
		unsigned char c = (unsigned char)s[n];
		if (hard_byte(c))
			break;
		specials += c == '"' || c == '\\';
	}
	if (n < len) {
		ob_flush(o);
		buf_put_json_string(o->b, s);
		return;
	}
	OB_LIT(o, "\"");
	if (specials) {
		size_t run = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] != '"' && s[i] != '\\')
				continue;
			ob_put(o, s + run, i - run);
			OB_LIT(o, "\\");
			run = i;
		}
		ob_put(o, s + run, n - run);
	} else {
		ob_put(o, s, n);
	}
	OB_LIT(o, "\"");
}

static void ob_uint(opbuf *o, unsigned long long v)
{
	char d[24];
	size_t i = sizeof d;
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ob_put(o, d + i, sizeof d - i);
}

/* buf_put_json_number prints "%.3f" without trailing zeros. When v * 1000
 * is clearly nearer one integer q than any other (not within 0.001 of a
 * tie; the product is exact to 1e-4 below 1e9), "%.3f" prints q / 1000:
 * written here by hand. */
static void ob_num(opbuf *o, double v)
{
	if (isnan(v)) {
		OB_LIT(o, "null");
		return;
	}
	double x = v * 1000.0, q = nearbyint(x);
	if (!(fabs(v) < 1e9) || fabs(x - q) > 0.499) {
		ob_flush(o);
		buf_put_json_number(o->b, v);
		return;
	}
	long long iq = (long long)q;
	if (iq < 0) {
		OB_LIT(o, "-");
		iq = -iq;
	}
	ob_uint(o, (unsigned long long)iq / 1000);
	unsigned frac = (unsigned)(iq % 1000);
	if (frac) {
		char f[4] = {'.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10), (char)('0' + frac % 10)};
		size_t fn = 4;
		while (f[fn - 1] == '0')
			fn--;
		ob_put(o, f, fn);
	}
}

static void ob_name(opbuf *o, const char *s) { ob_put(o, s, strlen(s)); }

static void key_field(opbuf *o, const tfc_op *op)
{
	OB_LIT(o, ",\"key\":");
	if (!op->key) {
		OB_LIT(o, "null");
		return;
	}
	size_t n = strlen(op->key);
	bool digits = !op->key_is_string && n > 0 && strspn(op->key, "0123456789") == n && n < 16;
	if (digits)
		ob_put(o, op->key, n);
	else
		ob_str(o, op->key);
}

static void times_from(opbuf *o, unsigned bits)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{TFC_TIMES_REPORTED, "\"reported\""},
		{TFC_TIMES_PREFIX, "\"prefix\""},
		{TFC_TIMES_JSON_UI, "\"json_ui\""},
		{TFC_TIMES_TF_LOG, "\"tf_log\""},
	};
	OB_LIT(o, ",\"times_from\":[");
	bool first = true;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (bits & names[i].bit) {
			if (!first)
				OB_LIT(o, ",");
			ob_name(o, names[i].name);
			first = false;
		}
	OB_LIT(o, "]");
}

static void helm_object(opbuf *o, const tfc_helm *h)
{
	OB_LIT(o, ",\"helm\":");
	if (!h) {
		OB_LIT(o, "null");
		return;
	}
	OB_LIT(o, "{\"release\":");
	ob_str(o, h->release);
	OB_LIT(o, ",\"prepare_s\":");
	ob_num(o, h->prepare_s);
	OB_LIT(o, ",\"install_s\":");
	ob_num(o, h->install_s);
	OB_LIT(o, ",\"wait_s\":");
	ob_num(o, h->wait_s);
	OB_LIT(o, ",\"provider_s\":");
	ob_num(o, h->provider_s);
	OB_LIT(o, ",\"ambiguous\":");
	if (h->ambiguous)
		OB_LIT(o, "true");
	else
		OB_LIT(o, "false");
	OB_LIT(o, ",\"note\":");
	ob_str(o, h->note);
	OB_LIT(o, "}");
}

static void number_field(tfc_buf *b, const char *name, double v)
{
	buf_printf(b, ",\"%s\":", name);
	buf_put_json_number(b, v);
}

/* Times of day without a date are not RFC 3339 times: null, with offsets. */
static void time_field(tfc_buf *b, const char *name, double t, bool dated)
{
	buf_printf(b, ",\"%s\":", name);
	buf_put_json_time(b, dated ? t : NAN);
}

static void ob_time(opbuf *o, double t, bool dated)
{
	if (!dated || isnan(t)) {
		OB_LIT(o, "null");
		return;
	}
	ob_flush(o);
	buf_put_json_time(o->b, t);
}

static void operation(tfc_buf *b, const tfc_stage *st, const tfc_op *op)
{
	opbuf ob, *o = &ob;
	ob.b = b;
	ob.n = 0;
	OB_LIT(o, "{\"address\":");
	ob_str(o, op->address);
	OB_LIT(o, ",\"unit\":");
	ob_str(o, op->unit);
	OB_LIT(o, ",\"deposed\":");
	ob_str(o, op->deposed);
	OB_LIT(o, ",\"module\":");
	ob_str(o, op->module);
	OB_LIT(o, ",\"type\":");
	ob_str(o, op->type);
	OB_LIT(o, ",\"name\":");
	ob_str(o, op->name);
	key_field(o, op);
	OB_LIT(o, ",\"mode\":\"");
	ob_name(o, tfc_mode_name(op->mode));
	OB_LIT(o, "\",\"action\":\"");
	ob_name(o, tfc_action_name(op->action));
	OB_LIT(o, "\",\"status\":\"");
	ob_name(o, tfc_status_name(op->status));
	OB_LIT(o, "\",\"duration_s\":");
	ob_num(o, op->duration_s);
	OB_LIT(o, ",\"reported_s\":");
	ob_num(o, op->reported_s);
	OB_LIT(o, ",\"elapsed_min_s\":");
	ob_num(o, op->elapsed_min_s);
	OB_LIT(o, ",\"started_at\":");
	ob_time(o, op->started_at, st->timestamps_dated);
	OB_LIT(o, ",\"ended_at\":");
	ob_time(o, op->ended_at, st->timestamps_dated);
	OB_LIT(o, ",\"start_offset_s\":");
	ob_num(o, isnan(op->started_at) || isnan(st->started_at) ? NAN : op->started_at - st->started_at);
	OB_LIT(o, ",\"id\":");
	ob_str(o, op->id);
	OB_LIT(o, ",\"error\":");
	ob_str(o, op->error);
	OB_LIT(o, ",\"provider\":");
	ob_str(o, op->provider);
	OB_LIT(o, ",\"provider_s\":");
	ob_num(o, op->provider_s);
	times_from(o, op->times_from);
	helm_object(o, op->helm);
	OB_LIT(o, ",\"source\":");
	ob_str(o, op->source);
	OB_LIT(o, ",\"line\":");
	ob_uint(o, (unsigned long long)op->line);
	OB_LIT(o, ",\"seq\":");
	ob_uint(o, (unsigned long long)op->seq);
	OB_LIT(o, "}");
	ob_flush(o);
}

static void stage(tfc_buf *b, const tfc_report_options *o, const tfc_stage *st)
{
	buf_puts(b, "{\"name\":");
	buf_put_json_string(b, st->name);
	buf_puts(b, ",\"command\":");
	buf_put_json_string(b, st->command == TFC_COMMAND_UNKNOWN ? NULL : tfc_command_name(st->command));
	buf_puts(b, ",\"tool\":");
	buf_put_json_string(b, st->tool);
	buf_puts(b, ",\"tool_version\":");
	buf_put_json_string(b, st->tool_version);
	buf_puts(b, ",\"sources\":[");
	for (size_t i = 0; i < st->n_sources; i++) {
		if (i)
			buf_putc(b, ',');
		buf_put_json_string(b, st->sources[i]);
	}
	buf_putc(b, ']');
	time_field(b, "started_at", st->started_at, st->timestamps_dated);
	time_field(b, "ended_at", st->ended_at, st->timestamps_dated);
	number_field(b, "wall_s", st->wall_s);
	buf_printf(b, ",\"timestamps\":\"%s\"",
		   isnan(st->started_at) ? "none" : st->timestamps_dated ? "dated" : "time_of_day");
	buf_puts(b, ",\"summary\":");
	if (st->has_summary)
		buf_printf(b, "{\"added\":%d,\"changed\":%d,\"destroyed\":%d,\"imported\":%d,\"forgotten\":%d}",
			   st->added, st->changed, st->destroyed, st->imported, st->forgotten);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"interrupted\":%s,\"lines\":%llu", st->interrupted ? "true" : "false",
		   (unsigned long long)st->n_lines);
	buf_puts(b, ",\"errors\":[");
	for (size_t i = 0; i < st->n_errors; i++) {
		if (i)
			buf_putc(b, ',');
		buf_put_json_string(b, st->errors[i]);
	}
	buf_puts(b, "],\"operations\":[");
	bool first = true;
	for (size_t i = 0; i < st->n_ops; i++) {
		if (!select_op(o, &st->ops[i]))
			continue;
		if (!first)
			buf_putc(b, ',');
		buf_puts(b, "\n  ");
		operation(b, st, &st->ops[i]);
		first = false;
	}
	buf_puts(b, "],\"warnings\":[");
	for (size_t i = 0; i < st->n_warnings; i++) {
		const tfc_warning *w = &st->warnings[i];
		if (i)
			buf_putc(b, ',');
		buf_puts(b, "\n  {\"source\":");
		buf_put_json_string(b, w->source);
		buf_printf(b, ",\"line\":%llu,\"message\":", (unsigned long long)w->line);
		buf_put_json_string(b, w->message);
		buf_putc(b, '}');
	}
	buf_printf(b, "],\"warnings_total\":%llu}", (unsigned long long)st->n_warnings_total);
}

tfc_rc render_json(const tfc_timeline *tl, const tfc_report_options *o, tfc_buf *out)
{
	buf_puts(out, "{\"schema\":\"" TFC_SCHEMA "\",\"generator\":\"tfclock " TFC_VERSION "\",\"stages\":[");
	bool first = true;
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, i);
		if (!select_stage(o, st))
			continue;
		buf_puts(out, first ? "\n" : ",\n");
		stage(out, o, st);
		first = false;
	}
	buf_puts(out, "]}\n");
	return out->oom ? TFC_ENOMEM : TFC_OK;
}
