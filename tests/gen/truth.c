/* truth.c — the ground truth of generated logs, in memory and as JSON in the
 * shape of tfclock's own report (tfclock/1: stages[].operations[]). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tfgen.h"

tfgen_truth *tfgen_truth_new(void)
{
	return calloc(1, sizeof(tfgen_truth));
}

void tfgen_truth_free(tfgen_truth *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_stages; i++) {
		tfgen_truth_stage *st = &t->stages[i];
		for (size_t j = 0; j < st->n_ops; j++) {
			free(st->ops[j].address);
			free(st->ops[j].unit);
			free(st->ops[j].deposed);
			free(st->ops[j].module);
			free(st->ops[j].type);
			free(st->ops[j].name);
			free(st->ops[j].key);
		}
		free(st->ops);
		free(st->name);
	}
	free(t->stages);
	free(t);
}

static const char *action_name(tfc_action a)
{
	switch (a) {
	case TFC_ACTION_CREATE: return "create";
	case TFC_ACTION_UPDATE: return "update";
	case TFC_ACTION_DELETE: return "delete";
	case TFC_ACTION_READ: return "read";
	default: return "unknown";
	}
}

static const char *status_name(tfc_status s)
{
	switch (s) {
	case TFC_STATUS_COMPLETE: return "complete";
	case TFC_STATUS_FAILED: return "failed";
	case TFC_STATUS_UNFINISHED: return "unfinished";
	default: return "planned";
	}
}

/* Numbers are null when absent, as in the report. */
static json_t *num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 1000.0) / 1000.0);
}

/* RFC 3339 in UTC with milliseconds, as the report writes times; null when
 * the log carries no dated timestamps (the report cannot know them then). */
static json_t *when(double t, bool dated)
{
	if (!dated || isnan(t))
		return json_null();
	int64_t ms = (int64_t)llround(t * 1000.0);
	int64_t sec = ms / 1000, days = sec / 86400, rem = sec % 86400;
	int64_t z = days + 719468, era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	long long y = (long long)yoe + era * 400 + (m <= 2);
	char b[40];
	snprintf(b, sizeof b, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", y, m, d, (unsigned)(rem / 3600),
		 (unsigned)(rem / 60 % 60), (unsigned)(rem % 60), (unsigned)(ms % 1000));
	return json_string(b);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* jansson takes ownership of the value, and a NULL value fails the call. */
static int put(json_t *obj, const char *key, json_t *v)
{
	return v ? json_object_set_new(obj, key, v) : -1;
}

static json_t *op_json(const tfgen_truth_op *op, bool dated)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int rc = 0;
	rc |= put(o, "address", json_string(op->address));
	rc |= put(o, "unit", str_or_null(op->unit));
	rc |= put(o, "deposed", str_or_null(op->deposed));
	rc |= put(o, "module", json_string(op->module));
	rc |= put(o, "type", json_string(op->type));
	rc |= put(o, "name", json_string(op->name));
	if (!op->key)
		rc |= put(o, "key", json_null());
	else if (op->key_is_string)
		rc |= put(o, "key", json_string(op->key));
	else
		rc |= put(o, "key", json_integer(strtoll(op->key, NULL, 10)));
	rc |= put(o, "mode", json_string(op->data ? "data" : "managed"));
	rc |= put(o, "action", json_string(action_name(op->action)));
	rc |= put(o, "status", json_string(status_name(op->status)));
	rc |= put(o, "reported_s", num(op->reported_s));
	rc |= put(o, "elapsed_min_s", num(op->elapsed_min_s));
	rc |= put(o, "actual_s", num(op->actual_s));
	rc |= put(o, "started_at", when(op->started_at, dated));
	rc |= put(o, "ended_at", when(op->ended_at, dated));
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *stage_json(const tfgen_truth_stage *st)
{
	json_t *s = json_object(), *ops = json_array();
	int rc = s && ops ? 0 : -1;
	if (!rc) {
		rc |= put(s, "name", json_string(st->name));
		rc |= put(s, "interrupted", json_boolean(st->interrupted));
		rc |= put(s, "timestamps", json_string(st->dated ? "dated" : st->timestamped ? "time_of_day" : "none"));
		rc |= put(s, "failure_named", json_boolean(st->failure_named));
		rc |= put(s, "started_at", when(st->started_at, st->dated));
		rc |= put(s, "ended_at", when(st->ended_at, st->dated));
		if (st->has_summary) {
			json_t *sum = json_pack("{s:i,s:i,s:i,s:i,s:i}", "added", st->added, "changed", st->changed,
						"destroyed", st->destroyed, "imported", 0, "forgotten", 0);
			rc |= put(s, "summary", sum);
		} else
			rc |= put(s, "summary", json_null());
	}
	for (size_t i = 0; !rc && i < st->n_ops; i++)
		rc |= json_array_append_new(ops, op_json(&st->ops[i], st->dated)) ? -1 : 0;
	if (!rc) {
		rc = put(s, "operations", ops);
		ops = NULL;
	}
	if (rc) {
		json_decref(ops);
		json_decref(s);
		return NULL;
	}
	return s;
}

int tfgen_truth_write(const tfgen_truth *t, const tfgen_options *o, const char *path)
{
	json_t *root = json_object(), *stages = json_array();
	int rc = root && stages ? 0 : -1;
	if (!rc) {
		json_t *opts = json_pack("{s:I,s:I,s:s,s:s,s:s,s:b,s:i,s:b,s:b,s:b,s:i}", "seed", (json_int_t)o->seed,
					"resources", (json_int_t)o->resources, "version", tfgen_version_name(o->version),
					"prefix", tfgen_prefix_name(o->prefix), "format", tfgen_format_name(o->format),
					"color", o->color, "failures", (int)o->failures, "interrupt", o->interrupt, "cut",
					o->cut, "destroy", o->destroy, "parallelism", (int)o->parallelism);
		rc |= put(root, "schema", json_string("tfclock/1"));
		rc |= put(root, "generator", json_string("tfgen (ground truth)"));
		rc |= put(root, "options", opts);
	}
	for (size_t i = 0; !rc && i < t->n_stages; i++)
		rc |= json_array_append_new(stages, stage_json(&t->stages[i])) ? -1 : 0;
	if (!rc) {
		rc = put(root, "stages", stages);
		stages = NULL;
	}
	if (!rc) {
		size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16);
		if (strcmp(path, "-") == 0)
			rc = json_dumpf(root, stdout, flags) == 0 && fputc('\n', stdout) != EOF ? 0 : -1;
		else
			rc = json_dump_file(root, path, flags);
	}
	json_decref(stages);
	json_decref(root);
	return rc ? -1 : 0;
}
