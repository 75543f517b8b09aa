/* hbmemo.c — the heartbeat memo of hbmemo.h: a small direct-mapped table of
 * heads (the raw bytes before the figure) and tails, each with where the
 * address and deposed key lie and the action. An entry is stored only after
 * checking that the event it rebuilds is, byte for byte, the one the full
 * parse produced, so a hit can only give that same event. */
#include "hbmemo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

/* Within a few thousand lines a long apply interleaves the heartbeats of
 * ~100 operations (a direct-mapped table of 64 missed 15% of them on the
 * bench log, of 512 under 4%); heads longer than HB_HEAD_MAX are parsed in
 * full. */
enum { HB_SLOTS = 512, HB_HEAD_MAX = 232, HB_TAIL_MAX = 24 };

typedef struct hb_entry {
	uint64_t hash;
	uint64_t tag;            /* ev.key_tag of its events */
	uint16_t head_n, tail_n; /* head_n 0: empty */
	uint16_t addr_at, addr_n;
	uint16_t dep_at, dep_n;
	bool dep;
	uint8_t action;
	char head[HB_HEAD_MAX];
	char tail[HB_TAIL_MAX];
} hb_entry;

struct hb_memo {
	ev blank; /* ev_init(EV_OP_PROGRESS) */
	hb_entry slot[HB_SLOTS];
};

hb_memo *hb_new(void)
{
	hb_memo *m = calloc(1, sizeof *m);
	if (m)
		ev_init(&m->blank, EV_OP_PROGRESS);
	return m;
}

void hb_free(hb_memo *m) { free(m); }

static uint64_t load8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

static uint64_t mum(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* A head ends "ADDR: Still creating... [" (or "[id=…, "): the bytes that
 * tell in-flight operations apart lie some way before its end. Only a slot
 * to look in: the head is compared in full. */
static uint64_t hash(const char *p, size_t n)
{
	uint64_t a = load8(p + n - 8), b = load8(p + (n >= 40 ? n - 40 : 0)), c = load8(p + (n >= 32 ? n - 32 : 0));
	uint64_t d = load8(p + (n >= 24 ? n - 24 : 0));
	return mum(a ^ n ^ 0xa0761d6478bd642full, b ^ 0xe7037ed1a0b428dbull) ^ mum(c, d ^ 0x8ebc6af09c88c6e3ull);
}

bool hb_shape(const char *raw, size_t len, hb_line *h)
{
	static const char reset[4] = "\x1b[0m", elapsed[8] = " elapsed";
	size_t end = len;
	while (end >= 4 && memcmp(raw + end - 4, reset, 4) == 0)
		end -= 4;
	if (end < 20 || (raw[end - 1] != ']' && raw[end - 1] != ')') || memcmp(raw + end - 9, elapsed, 8) != 0)
		return false;
	size_t tail = end - 9, start;
	double s = duration_whole_back(raw, tail, &start);
	if (isnan(s) || start < 8)
		return false;
	h->head = start;
	h->tail = tail;
	h->seconds = s;
	h->hash = hash(raw, start);
	return true;
}

/* Tails are a few bytes: compared as words (n <= HB_TAIL_MAX, n >= 9). */
static bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i += 8)
		if (load8(a + i) != load8(b + i))
			return false;
	return load8(a + n - 8) == load8(b + n - 8);
}

static void rebuild(const hb_memo *m, const hb_entry *en, const char *raw, double seconds, ev *e)
{
	*e = m->blank;
	e->key_tag = en->tag;
	e->channel = EV_CH_PLAIN;
	e->action = (tfc_action)en->action;
	e->address = sv_make(raw + en->addr_at, en->addr_n);
	e->deposed = en->dep ? sv_make(raw + en->dep_at, en->dep_n) : SV_NULL;
	e->seconds = seconds;
}

bool hb_lookup(const hb_memo *m, const char *raw, size_t len, const hb_line *h, ev *e)
{
	const hb_entry *en = &m->slot[h->hash % HB_SLOTS];
	size_t tn = len - h->tail;
	if (en->hash != h->hash || en->head_n != h->head || en->tail_n != tn || !same(en->tail, raw + h->tail, tn) ||
	    memcmp(en->head, raw, h->head) != 0)
		return false;
	rebuild(m, en, raw, h->seconds, e);
	return true;
}

/* Where v lies within raw's head, when it does. */
static bool in_head(const char *raw, const hb_line *h, sv v, uint16_t *at)
{
	uintptr_t a = (uintptr_t)v.p, lo = (uintptr_t)raw;
	if (!v.p || a < lo || a - lo > h->head || v.n > h->head - (a - lo))
		return false;
	*at = (uint16_t)(a - lo);
	return true;
}

void hb_learn(hb_memo *m, const char *raw, size_t len, const hb_line *h, const ev *e)
{
	size_t tn = len - h->tail;
	if (h->head > HB_HEAD_MAX || tn > HB_TAIL_MAX || e->kind != EV_OP_PROGRESS)
		return;
	hb_entry en = {.hash = h->hash, .head_n = (uint16_t)h->head, .tail_n = (uint16_t)tn,
		       .action = (uint8_t)e->action};
	if (!in_head(raw, h, e->address, &en.addr_at))
		return;
	en.addr_n = (uint16_t)e->address.n;
	if (e->deposed.p) {
		if (!in_head(raw, h, e->deposed, &en.dep_at))
			return;
		en.dep_n = (uint16_t)e->deposed.n;
		en.dep = true;
	} else if (e->deposed.n) {
		return;
	}
	ev back;
	rebuild(m, &en, raw, h->seconds, &back);
	back.line = e->line;
	back.key_tag = e->key_tag;
	if (memcmp(&back, e, sizeof back) != 0)
		return; /* the line said more than an entry holds */
	memcpy(en.head, raw, h->head);
	memcpy(en.tail, raw + h->tail, tn);
	/* The head holds the address, deposed key and verb, and no unit: an
	 * entry stands for one key. Tags are never reused, in any memo. */
	static _Atomic uint64_t next_tag = 1;
	en.tag = next_tag++;
	m->slot[h->hash % HB_SLOTS] = en;
}
