/* json.c — the tfclock/1 JSON document (docs/json-schema.md): the timeline
 * itself, stages → operations, after --stage and --filter. Written straight
 * into the buffer so 100,000 operations render in a blink. */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "report_internal.h"
#include "select.h"

static void key_field(tfc_buf *b, const tfc_op *op)
{
	buf_puts(b, ",\"key\":");
	if (!op->key) {
		buf_puts(b, "null");
		return;
	}
	bool digits = !op->key_is_string && op->key[0] != '\0' && strspn(op->key, "0123456789") == strlen(op->key) &&
		      strlen(op->key) < 16;
	if (digits)
		buf_puts(b, op->key);
	else
		buf_put_json_string(b, op->key);
}

static void times_from(tfc_buf *b, unsigned bits)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{TFC_TIMES_REPORTED, "reported"},
		{TFC_TIMES_PREFIX, "prefix"},
		{TFC_TIMES_JSON_UI, "json_ui"},
		{TFC_TIMES_TF_LOG, "tf_log"},
	};
	buf_puts(b, ",\"times_from\":[");
	bool first = true;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (bits & names[i].bit) {
			if (!first)
				buf_putc(b, ',');
			buf_put_json_string(b, names[i].name);
			first = false;
		}
	buf_putc(b, ']');
}

static void helm_object(tfc_buf *b, const tfc_helm *h)
{
	buf_puts(b, ",\"helm\":");
	if (!h) {
		buf_puts(b, "null");
		return;
	}
	buf_puts(b, "{\"release\":");
	buf_put_json_string(b, h->release);
	buf_puts(b, ",\"prepare_s\":");
	buf_put_json_number(b, h->prepare_s);
	buf_puts(b, ",\"install_s\":");
	buf_put_json_number(b, h->install_s);
	buf_puts(b, ",\"wait_s\":");
	buf_put_json_number(b, h->wait_s);
	buf_puts(b, ",\"provider_s\":");
	buf_put_json_number(b, h->provider_s);
	buf_puts(b, ",\"ambiguous\":");
	buf_puts(b, h->ambiguous ? "true" : "false");
	buf_puts(b, ",\"note\":");
	buf_put_json_string(b, h->note);
	buf_putc(b, '}');
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

static void operation(tfc_buf *b, const tfc_stage *st, const tfc_op *op)
{
	buf_puts(b, "{\"address\":");
	buf_put_json_string(b, op->address);
	buf_puts(b, ",\"unit\":");
	buf_put_json_string(b, op->unit);
	buf_puts(b, ",\"deposed\":");
	buf_put_json_string(b, op->deposed);
	buf_puts(b, ",\"module\":");
	buf_put_json_string(b, op->module);
	buf_puts(b, ",\"type\":");
	buf_put_json_string(b, op->type);
	buf_puts(b, ",\"name\":");
	buf_put_json_string(b, op->name);
	key_field(b, op);
	buf_printf(b, ",\"mode\":\"%s\",\"action\":\"%s\",\"status\":\"%s\"", tfc_mode_name(op->mode),
		   tfc_action_name(op->action), tfc_status_name(op->status));
	number_field(b, "duration_s", op->duration_s);
	number_field(b, "reported_s", op->reported_s);
	number_field(b, "elapsed_min_s", op->elapsed_min_s);
	time_field(b, "started_at", op->started_at, st->timestamps_dated);
	time_field(b, "ended_at", op->ended_at, st->timestamps_dated);
	number_field(b, "start_offset_s",
		     isnan(op->started_at) || isnan(st->started_at) ? NAN : op->started_at - st->started_at);
	buf_puts(b, ",\"id\":");
	buf_put_json_string(b, op->id);
	buf_puts(b, ",\"error\":");
	buf_put_json_string(b, op->error);
	buf_puts(b, ",\"provider\":");
	buf_put_json_string(b, op->provider);
	number_field(b, "provider_s", op->provider_s);
	times_from(b, op->times_from);
	helm_object(b, op->helm);
	buf_puts(b, ",\"source\":");
	buf_put_json_string(b, op->source);
	buf_printf(b, ",\"line\":%llu,\"seq\":%llu}", (unsigned long long)op->line, (unsigned long long)op->seq);
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
