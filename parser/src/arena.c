/* arena.c — bump allocation in blocks that grow geometrically. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	arena_block *next;
	size_t size;
	size_t used;
	_Alignas(8) unsigned char data[];
};

void arena_init(arena *a)
{
	a->head = NULL;
	a->used_bytes = 0;
}

void arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_bytes = 0;
}

void *arena_alloc(arena *a, size_t size)
{
	size = (size + 7) & ~(size_t)7;
	arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t want = b ? b->size * 2 : 16384;
		if (want > (4u << 20))
			want = 4u << 20;
		if (want < size)
			want = size;
		if (want > SIZE_MAX - sizeof(arena_block))
			return NULL;
		arena_block *nb = malloc(sizeof(arena_block) + want);
		if (!nb)
			return NULL;
		nb->next = b;
		nb->size = want;
		nb->used = 0;
		a->head = b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	a->used_bytes += size;
	return p;
}

char *arena_strdup_sv(arena *a, sv s)
{
	char *p = arena_alloc(a, s.n + 1);
	if (!p)
		return NULL;
	if (s.n)
		memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strdup_sv(a, sv_cstr(s)); }
