/* strtab.c — string interning: an open-addressing table over block-allocated
 * copies (FNV-1a hashes, linear probing, doubled at 50 % load). */
#include "strtab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_BYTES 65536

typedef struct block {
	struct block *next;
	size_t used, cap;
	char data[];
} block;

typedef struct slot {
	const char *s; /* NULL when empty */
	size_t n;
	uint64_t hash;
	size_t id;
} slot;

struct strtab {
	block *blocks;
	slot *slots;
	size_t cap; /* power of two */
	size_t count;
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

strtab *strtab_new(void)
{
	strtab *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->cap = 256;
	t->slots = calloc(t->cap, sizeof *t->slots);
	if (!t->slots) {
		free(t);
		return NULL;
	}
	return t;
}

void strtab_free(strtab *t)
{
	if (!t)
		return;
	for (block *b = t->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t->slots);
	free(t);
}

static char *copy(strtab *t, const char *s, size_t n)
{
	block *b = t->blocks;
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > BLOCK_BYTES ? n + 1 : BLOCK_BYTES;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		/* A block made for one big string goes behind the current one so
		 * the current block's free space is still used. */
		if (cap > BLOCK_BYTES && t->blocks) {
			b->next = t->blocks->next;
			t->blocks->next = b;
		} else {
			b->next = t->blocks;
			t->blocks = b;
		}
	}
	char *p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

static int grow(strtab *t)
{
	size_t cap = t->cap * 2;
	slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].s)
			continue;
		size_t j = t->slots[i].hash & (cap - 1);
		while (slots[j].s)
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

const char *strtab_intern(strtab *t, const char *s, size_t n, size_t *id)
{
	uint64_t h = fnv1a(s, n);
	size_t j = h & (t->cap - 1);
	for (; t->slots[j].s; j = (j + 1) & (t->cap - 1)) {
		slot *e = &t->slots[j];
		if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0) {
			if (id)
				*id = e->id;
			return e->s;
		}
	}
	if ((t->count + 1) * 2 > t->cap) {
		if (grow(t) != 0)
			return NULL;
		j = h & (t->cap - 1);
		while (t->slots[j].s)
			j = (j + 1) & (t->cap - 1);
	}
	char *p = copy(t, s, n);
	if (!p)
		return NULL;
	t->slots[j] = (slot){p, n, h, t->count};
	if (id)
		*id = t->count;
	t->count++;
	return p;
}

size_t strtab_count(const strtab *t) { return t->count; }
