/* util.c — the generator's random numbers (xoshiro256**, so a seed gives the
 * same log on every platform) and its string arena. */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void tg_rng_seed(grng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t tg_rng_next(grng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

struct garena_block {
	garena_block *next;
	size_t used, cap;
	char data[];
};

char *tg_arena_dup(garena *a, const char *s, size_t n)
{
	garena_block *b = a->head;
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > (1u << 20) ? n + 1 : (1u << 20);
		garena_block *nb = malloc(sizeof *nb + cap);
		if (!nb) {
			a->oom = true;
			return NULL;
		}
		nb->next = b;
		nb->used = 0;
		nb->cap = cap;
		a->head = b = nb;
	}
	char *p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

void tg_arena_free(garena *a)
{
	garena_block *b = a->head;
	while (b) {
		garena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
