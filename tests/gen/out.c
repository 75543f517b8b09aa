/* out.c — the generator's output: a large buffer flushed through the
 * caller's write function, the wrappers' line prefixes (Nebari, CI stamps,
 * Terragrunt, the capture plugin) and the time and duration spellings. */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

enum { OUT_CAP = 1 << 20 };

int tg_out_init(gout *o, tfgen_write_fn write, void *ctx)
{
	memset(o, 0, sizeof *o);
	o->buf = malloc(OUT_CAP);
	if (!o->buf)
		return -1;
	o->cap = OUT_CAP;
	o->write = write;
	o->ctx = ctx;
	o->date_sec = INT64_MIN;
	o->tool = "terraform";
	o->mark = SIZE_MAX;
	return 0;
}

void tg_out_flush(gout *o)
{
	if (o->len && !o->failed && o->write(o->ctx, o->buf, o->len) != 0)
		o->failed = true;
	o->len = 0;
	o->mark = SIZE_MAX;
}

void tg_out_done(gout *o)
{
	tg_out_flush(o);
	free(o->buf);
	o->buf = NULL;
}

void tg_out_put(gout *o, const char *s, size_t n)
{
	o->total += n;
	if (o->len + n > o->cap) {
		tg_out_flush(o);
		if (n > o->cap) {
			if (!o->failed && o->write(o->ctx, s, n) != 0)
				o->failed = true;
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void tg_out_char(gout *o, char c)
{
	if (o->len + 1 > o->cap)
		tg_out_flush(o);
	o->buf[o->len++] = c;
	o->total++;
}

void tg_out_u64(gout *o, uint64_t v)
{
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tg_out_put(o, tmp + i, sizeof tmp - (size_t)i);
}

void tg_out_i64(gout *o, int64_t v)
{
	if (v < 0) {
		tg_out_char(o, '-');
		tg_out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else
		tg_out_u64(o, (uint64_t)v);
}

/* Zero-padded decimal of exactly width digits. */
static void put_pad(gout *o, uint64_t v, int width)
{
	char tmp[24];
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	tg_out_put(o, tmp, (size_t)width);
}

void tg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* "YYYY-MM-DDTHH:MM:SS" of second sec, cached: most lines share a second. */
static const char *date_of(gout *o, int64_t sec)
{
	if (sec != o->date_sec) {
		int y;
		unsigned m, d;
		int64_t days = floor_div(sec, 86400), rem = sec - days * 86400;
		tg_civil_from_days(days, &y, &m, &d);
		unsigned hh = (unsigned)(rem / 3600), mm = (unsigned)(rem / 60 % 60), ss = (unsigned)(rem % 60);
		char *p = o->date;
		p[0] = (char)('0' + y / 1000 % 10);
		p[1] = (char)('0' + y / 100 % 10);
		p[2] = (char)('0' + y / 10 % 10);
		p[3] = (char)('0' + y % 10);
		p[4] = '-';
		p[5] = (char)('0' + m / 10);
		p[6] = (char)('0' + m % 10);
		p[7] = '-';
		p[8] = (char)('0' + d / 10);
		p[9] = (char)('0' + d % 10);
		p[10] = 'T';
		p[11] = (char)('0' + hh / 10);
		p[12] = (char)('0' + hh % 10);
		p[13] = ':';
		p[14] = (char)('0' + mm / 10);
		p[15] = (char)('0' + mm % 10);
		p[16] = ':';
		p[17] = (char)('0' + ss / 10);
		p[18] = (char)('0' + ss % 10);
		p[19] = '\0';
		o->date_sec = sec;
	}
	return o->date;
}

static void put_datetime(gout *o, int64_t us, char sep)
{
	const char *d = date_of(o, floor_div(us, 1000000));
	tg_out_put(o, d, 10);
	tg_out_char(o, sep);
	tg_out_put(o, d + 11, 8);
}

static int64_t frac_us(int64_t us)
{
	return us - floor_div(us, 1000000) * 1000000;
}

void tg_out_time_hclog(gout *o, int64_t us)
{
	put_datetime(o, us, 'T');
	tg_out_char(o, '.');
	put_pad(o, (uint64_t)frac_us(us) / 1000, 3);
	tg_out_char(o, 'Z');
}

void tg_out_time_json(gout *o, int64_t us)
{
	put_datetime(o, us, 'T');
	tg_out_char(o, '.');
	put_pad(o, (uint64_t)frac_us(us), 6);
	tg_out_char(o, 'Z');
}

void tg_out_time_stdlog(gout *o, int64_t us)
{
	const char *d = date_of(o, floor_div(us, 1000000));
	tg_out_put(o, d, 4);
	tg_out_char(o, '/');
	tg_out_put(o, d + 5, 2);
	tg_out_char(o, '/');
	tg_out_put(o, d + 8, 2);
	tg_out_char(o, ' ');
	tg_out_put(o, d + 11, 8);
}

static void put_time_of_day_ms(gout *o, int64_t us)
{
	const char *d = date_of(o, floor_div(us, 1000000));
	tg_out_put(o, d + 11, 8);
	tg_out_char(o, '.');
	put_pad(o, (uint64_t)frac_us(us) / 1000, 3);
}

void tg_out_go_duration(gout *o, int64_t s)
{
	if (s < 0)
		s = 0;
	int64_t h = s / 3600, m = s / 60 % 60, sec = s % 60;
	if (h) {
		tg_out_i64(o, h);
		tg_out_char(o, 'h');
	}
	if (h || m) {
		tg_out_i64(o, m);
		tg_out_char(o, 'm');
	}
	tg_out_i64(o, sec);
	tg_out_char(o, 's');
}

void tg_out_mmss(gout *o, int64_t s)
{
	if (s < 0)
		s = 0;
	int64_t m = s / 60;
	if (m < 10)
		tg_out_char(o, '0');
	tg_out_i64(o, m);
	tg_out_char(o, 'm');
	put_pad(o, (uint64_t)(s % 60), 2);
	tg_out_char(o, 's');
}

void tg_out_begin(gout *o, const char *unit, gstream stream)
{
	int64_t us = o->now_us;
	o->last_us = us;
	switch (o->prefix) {
	case TFGEN_PREFIX_NONE:
		break;
	case TFGEN_PREFIX_NEBARI:
		tg_out_char(o, '[');
		tg_out_str(o, o->tool);
		OUT_LIT(o, "]: ");
		break;
	case TFGEN_PREFIX_GITHUB:
		put_datetime(o, us, 'T');
		tg_out_char(o, '.');
		put_pad(o, (uint64_t)frac_us(us) * 10 + (uint64_t)(us & 7), 7);
		OUT_LIT(o, "Z ");
		break;
	case TFGEN_PREFIX_TERRAGRUNT:
		put_time_of_day_ms(o, us);
		if (stream == GS_INFO) {
			OUT_LIT(o, " INFO   ");
			break;
		}
		if (stream == GS_STDERR)
			OUT_LIT(o, " STDERR ");
		else
			OUT_LIT(o, " STDOUT ");
		if (unit) {
			tg_out_char(o, '[');
			tg_out_str(o, unit);
			OUT_LIT(o, "] ");
		}
		tg_out_str(o, o->tool);
		OUT_LIT(o, ": ");
		break;
	case TFGEN_PREFIX_TERRAGRUNT_OLD:
		if (stream == GS_INFO) {
			OUT_LIT(o, "time=");
			put_datetime(o, us, 'T');
			OUT_LIT(o, "Z level=info msg=");
			break;
		}
		if (unit) {
			tg_out_char(o, '[');
			tg_out_str(o, unit);
			OUT_LIT(o, "] ");
		}
		break;
	case TFGEN_PREFIX_STAMP:
		put_datetime(o, us, ' ');
		tg_out_char(o, '.');
		put_pad(o, (uint64_t)frac_us(us) / 1000, 3);
		OUT_LIT(o, "Z ");
		break;
	case TFGEN_PREFIX_CAPTURE:
		tg_out_time_json(o, us);
		OUT_LIT(o, " [");
		tg_out_str(o, o->tool);
		OUT_LIT(o, "]: ");
		break;
	case TFGEN_PREFIX_COUNT:
		break;
	}
	o->mark = o->len; /* Terragrunt drops the space after "tofu:" on empty lines */
}

void tg_out_end(gout *o)
{
	if (o->prefix == TFGEN_PREFIX_TERRAGRUNT && o->mark == o->len && o->len > 0 &&
	    o->buf[o->len - 1] == ' ') {
		o->len--;
		o->total--;
	}
	o->mark = SIZE_MAX;
	if (o->crlf)
		tg_out_char(o, '\r');
	tg_out_char(o, '\n');
}

void tg_out_line(gout *o, const char *unit, gstream stream, const char *text)
{
	tg_out_begin(o, unit, stream);
	tg_out_str(o, text);
	tg_out_end(o);
}
