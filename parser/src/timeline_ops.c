/* timeline_ops.c — storing operations and finding them again by key:
 * (unit, address, deposed, action), (unit, address, action) and
 * (unit, address), each a hash map of chains in order of occurrence. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "timeline_impl.h"

bool grow_array(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *p = realloc(*arr, n * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

static inline uint64_t mum(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t load8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

/* A multiply-fold hash, 16 bytes a step: addresses are hashed on every
 * heartbeat, so this is on the hot path. */
static uint64_t mix(uint64_t h, const char *p, size_t n)
{
	const uint64_t k1 = 0xa0761d6478bd642full, k2 = 0xe7037ed1a0b428dbull;
	h ^= n * k1;
	while (n >= 16) {
		h = mum(load8(p) ^ k1, load8(p + 8) ^ h);
		p += 16;
		n -= 16;
	}
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		a = load8(p);
		b = load8(p + n - 8);
	} else if (n > 0) {
		memcpy(&a, p, n);
	}
	return mum(a ^ k2, b ^ h ^ k1);
}

uint64_t addr_base_hash(sv unit, sv address)
{
	uint64_t h = mix(0x243F6A8885A308D3ull, address.p, address.n);
	if (unit.n)
		h = mix(h, unit.p, unit.n);
	return h;
}

uint64_t ops_ev_base(stage_rec *st, const ev *e)
{
	if (!st->ev_base_set) {
		st->ev_base = addr_base_hash(e->unit, e->address);
		st->ev_base_set = true;
	}
	return st->ev_base;
}

uint64_t op_hash(uint64_t base, int chain, sv deposed, tfc_action action)
{
	uint64_t h = base ^ ((uint64_t)chain << 60);
	if (chain == CHAIN_KEY && deposed.n)
		h = mix(h, deposed.p, deposed.n);
	if (chain != CHAIN_ADDR)
		h = (h ^ (uint64_t)action) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 31);
}

static bool op_matches(const op_rec *op, int chain, sv unit, sv address, sv deposed, tfc_action action)
{
	if (op->address_len != address.n || memcmp(op->pub.address, address.p, address.n) != 0)
		return false;
	if (op->unit_len != unit.n || (unit.n && memcmp(op->pub.unit, unit.p, unit.n) != 0))
		return false;
	if (chain != CHAIN_ADDR && op->pub.action != action)
		return false;
	if (chain == CHAIN_KEY &&
	    (op->deposed_len != deposed.n || (deposed.n && memcmp(op->pub.deposed, deposed.p, deposed.n) != 0)))
		return false;
	return true;
}

uint32_t ops_find_head(const stage_rec *st, int chain, uint64_t h, sv unit, sv address, sv deposed,
		       tfc_action action)
{
	const chain_map *m = &st->chains[chain];
	if (!m->cap)
		return NO_OP;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		uint32_t idx = m->slots[i];
		if (idx == NO_OP)
			return NO_OP;
		const op_rec *op = &st->ops[idx];
		if (op->hash[chain] == h && op_matches(op, chain, unit, address, deposed, action))
			return idx;
	}
}

/* A few bytes of the key: instances of one resource differ near the end of
 * the address ("…sleep[125]"). A slot is only a guess, checked in full. */
static inline unsigned key_slot(const ev *e, tfc_action action)
{
	const unsigned char *p = (const unsigned char *)e->address.p;
	size_t n = e->address.n;
	unsigned h = (unsigned)n * 2654435761u ^ (unsigned)action * 40503u;
	h ^= p[n - 1] * 31u + p[n / 2] * 131u;
	if (n > 2)
		h ^= p[n - 2] * 1031u + p[n - 3] * 7u;
	h ^= (unsigned)e->deposed.n * 977u + (unsigned)e->unit.n * 3079u;
	return (h ^ (h >> 15)) % KEY_CACHE_SLOTS;
}

static uint32_t find_key_bytes(stage_rec *st, const ev *e, tfc_action action);

uint32_t ops_find_key(stage_rec *st, const ev *e, tfc_action action)
{
	/* A key tag names one key (event.h): a head found for it is its head. */
	bool tagged = e->key_tag && action == e->action;
	size_t t = tagged ? (size_t)(e->key_tag * 0x9E3779B97F4A7C15ull >> 56) % TAG_CACHE_SLOTS : 0;
	if (tagged && st->tag_cache[t].tag == e->key_tag)
		return st->tag_cache[t].head;
	uint32_t head = find_key_bytes(st, e, action);
	if (tagged && head != NO_OP) {
		st->tag_cache[t].tag = e->key_tag;
		st->tag_cache[t].head = head;
	}
	return head;
}

/* By the key's bytes, behind the key cache. */
static uint32_t find_key_bytes(stage_rec *st, const ev *e, tfc_action action)
{
	uint32_t *slot = &st->key_cache[key_slot(e, action)];
	/* Only chain heads are stored, so a stored op with this key is its head.
	 * The lengths and the action are compared before any bytes. */
	if (*slot && *slot <= st->n_ops) {
		const op_rec *op = &st->ops[*slot - 1];
		if (op->address_len == e->address.n && op->pub.action == action && op->unit_len == e->unit.n &&
		    op->deposed_len == e->deposed.n && memcmp(op->pub.address, e->address.p, e->address.n) == 0 &&
		    (!e->unit.n || memcmp(op->pub.unit, e->unit.p, e->unit.n) == 0) &&
		    (!e->deposed.n || memcmp(op->pub.deposed, e->deposed.p, e->deposed.n) == 0))
			return *slot - 1;
	}
	uint64_t h = op_hash(ops_ev_base(st, e), CHAIN_KEY, e->deposed, action);
	uint32_t i = ops_find_head(st, CHAIN_KEY, h, e->unit, e->address, e->deposed, action);
	if (i != NO_OP)
		*slot = i + 1;
	return i;
}

static bool map_grow(stage_rec *st, int chain)
{
	chain_map *m = &st->chains[chain];
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint32_t *slots = malloc(cap * sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < cap; i++)
		slots[i] = NO_OP;
	for (size_t j = 0; j < m->cap; j++) {
		uint32_t idx = m->slots[j];
		if (idx == NO_OP)
			continue;
		size_t i = st->ops[idx].hash[chain] & (cap - 1);
		while (slots[i] != NO_OP)
			i = (i + 1) & (cap - 1);
		slots[i] = idx;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return true;
}

/* Link op (already stored at index idx) into a chain: append to the chain
 * of its key, or start a new chain (then *head_is_new). */
static bool chain_link(stage_rec *st, int chain, uint32_t idx, sv unit, sv address, sv deposed,
		       tfc_action action, bool *head_is_new)
{
	op_rec *op = &st->ops[idx];
	op->next[chain] = NO_OP;
	op->tail[chain] = idx;
	uint32_t head = ops_find_head(st, chain, op->hash[chain], unit, address, deposed, action);
	*head_is_new = head == NO_OP;
	if (head != NO_OP) {
		op_rec *h = &st->ops[head];
		st->ops[h->tail[chain]].next[chain] = idx;
		h->tail[chain] = idx;
		return true;
	}
	chain_map *m = &st->chains[chain];
	if ((m->count + 1) * 2 > m->cap && !map_grow(st, chain))
		return false;
	size_t i = op->hash[chain] & (m->cap - 1);
	while (m->slots[i] != NO_OP)
		i = (i + 1) & (m->cap - 1);
	m->slots[i] = idx;
	m->count++;
	return true;
}

static const char *intern_unit(tfc_timeline *tl, stage_rec *st, sv unit)
{
	/* Units repeat across thousands of operations: share the previous copy. */
	for (size_t i = st->n_ops; i-- > 0 && i + 8 > st->n_ops;) {
		op_rec *o = &st->ops[i];
		if (o->unit_len == unit.n && o->pub.unit && memcmp(o->pub.unit, unit.p, unit.n) == 0)
			return o->pub.unit;
	}
	return arena_strdup_sv(&tl->strings, unit);
}

op_rec *ops_create(tfc_timeline *tl, stage_rec *st, const ev *e, tfc_action action, const char *source)
{
	if (st->n_ops >= NO_OP - 1)
		return NULL;
	if (!grow_array((void **)&st->ops, &st->cap_ops, st->n_ops + 1, sizeof *st->ops))
		return NULL;
	uint32_t idx = (uint32_t)st->n_ops;
	op_rec *op = &st->ops[idx];
	memset(op, 0, sizeof *op);
	arena *a = &tl->strings;

	op->pub.address = arena_strdup_sv(a, e->address);
	if (!op->pub.address)
		return NULL;
	op->address_len = e->address.n;
	if (e->unit.n) {
		op->pub.unit = intern_unit(tl, st, e->unit);
		if (!op->pub.unit)
			return NULL;
		op->unit_len = e->unit.n;
	}
	if (e->deposed.n) {
		op->pub.deposed = arena_strdup_sv(a, e->deposed);
		if (!op->pub.deposed)
			return NULL;
		op->deposed_len = e->deposed.n;
	}

	addr_parts parts;
	if (addr_split(e->address, &parts)) {
		op->pub.module = arena_strdup_sv(a, parts.module);
		op->pub.type = arena_strdup_sv(a, parts.type);
		op->pub.name = arena_strdup_sv(a, parts.name);
		op->pub.mode = parts.mode;
		if (parts.key.p) {
			if (parts.key_is_string) {
				char *k = arena_alloc(a, parts.key.n + 1);
				if (k) {
					size_t n = addr_unescape_key(parts.key, k);
					k[n] = '\0';
				}
				op->pub.key = k;
				op->pub.key_is_string = true;
			} else {
				op->pub.key = arena_strdup_sv(a, parts.key);
			}
			if (!op->pub.key)
				return NULL;
		}
	} else {
		op->pub.module = "";
		op->pub.type = "";
		op->pub.name = op->pub.address;
		op->pub.mode = TFC_MODE_MANAGED;
	}
	if (!op->pub.module || !op->pub.type || !op->pub.name)
		return NULL;

	op->pub.action = action;
	op->pub.status = TFC_STATUS_UNFINISHED;
	op->pub.duration_s = op->pub.reported_s = op->pub.elapsed_min_s = NAN;
	op->pub.started_at = op->pub.ended_at = NAN;
	op->pub.provider_s = NAN;
	op->pub.source = source;
	op->pub.line = e->line;
	op->pub.seq = st->seq++;
	op->heartbeat_s = op->last_time = op->error_time = NAN;
	op->state = OP_OPEN;

	uint64_t base = ops_ev_base(st, e);
	for (int c = 0; c < CHAIN_COUNT; c++)
		op->hash[c] = op_hash(base, c, e->deposed, action);
	st->n_ops++;
	for (int c = 0; c < CHAIN_COUNT; c++) {
		bool head_is_new;
		if (!chain_link(st, c, idx, e->unit, e->address, e->deposed, action, &head_is_new)) {
			st->n_ops--;
			return NULL;
		}
		if (c == CHAIN_KEY && head_is_new && e->address.n) /* its heartbeats come next */
			st->key_cache[key_slot(e, action)] = idx + 1;
	}
	return op;
}

void ops_free(stage_rec *st)
{
	for (size_t i = 0; i < st->n_ops; i++)
		free(st->ops[i].helm);
	free(st->ops);
	for (int c = 0; c < CHAIN_COUNT; c++)
		free(st->chains[c].slots);
}
