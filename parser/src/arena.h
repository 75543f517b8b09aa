/* arena.h — an allocator for strings and small records that live as long as
 * the timeline: many small copies, one free. */
#ifndef TFC_ARENA_H
#define TFC_ARENA_H

#include <stddef.h>

#include "sv.h"

typedef struct arena_block arena_block;

typedef struct arena {
	arena_block *head;
	size_t used_bytes;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t size); /* 8-byte aligned, NULL on OOM */
char *arena_strdup_sv(arena *a, sv s);    /* NUL-terminated copy; NULL on OOM */
char *arena_strdup(arena *a, const char *s);

#endif
