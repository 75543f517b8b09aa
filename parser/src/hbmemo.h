/* hbmemo.h — the commonest line by far is a heartbeat ("ADDR: Still
 * creating... [1m10s elapsed]"), repeated for the same few operations with
 * only the figure changing. A memo of heartbeats parsed in full, keyed by
 * the raw bytes around the figure, gives the next one's event without
 * cleaning, classifying and scanning the line again. */
#ifndef TFC_HBMEMO_H
#define TFC_HBMEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

typedef struct hb_memo hb_memo;

/* Where a raw line's figure lies, when it ends like a heartbeat. */
typedef struct hb_line {
	size_t head;    /* bytes before the figure */
	size_t tail;    /* where " elapsed]" and the colour resets start */
	double seconds; /* the figure */
	uint64_t hash;  /* of the head */
} hb_line;

/* Cheap first look: a heartbeat ends in ']', ')' or a colour reset, and a
 * line wrapped in a prefix (a digit or '[' first) is not worth the memo. */
static inline bool hb_maybe(const char *raw, size_t len)
{
	if (len < 20 || (raw[0] >= '0' && raw[0] <= '9') || raw[0] == '[')
		return false;
	char c = raw[len - 1];
	return c == ']' || c == ')' || c == 'm';
}

hb_memo *hb_new(void); /* NULL on out of memory */
void hb_free(hb_memo *m);

/* True when raw ends like a heartbeat: whole h/m/s, " elapsed]" (or ")"),
 * then nothing or Terraform's "ESC[0m" resets; fills *h. */
bool hb_shape(const char *raw, size_t len, hb_line *h);

/* The event raw (of shape h) stands for when a line with the same head and
 * tail was learned: the parse of raw from an idle plain parser, line number
 * aside. Its svs point into raw. */
bool hb_lookup(const hb_memo *m, const char *raw, size_t len, const hb_line *h, ev *e);

/* raw (of shape h) was parsed in full, the plain parser idle before it, into
 * exactly the one event e: remember it when e is what hb_lookup would give
 * for raw (so the next line that differs only in the figure can skip). */
void hb_learn(hb_memo *m, const char *raw, size_t len, const hb_line *h, const ev *e);

#endif
