/* strtab.h — interned strings for the analysis: each distinct string is
 * stored once, in blocks freed together, and gets a dense id (0, 1, …) so
 * roll-ups can aggregate by id without a hash map of their own. */
#ifndef TFC_STRTAB_H
#define TFC_STRTAB_H

#include <stddef.h>

typedef struct strtab strtab;

strtab *strtab_new(void);  /* NULL on out of memory */
void strtab_free(strtab *t); /* NULL is a no-op */

/* The interned copy of s[0..n) (NUL-terminated, valid until strtab_free);
 * *id (may be NULL) receives its id. NULL on out of memory. */
const char *strtab_intern(strtab *t, const char *s, size_t n, size_t *id);

size_t strtab_count(const strtab *t); /* ids are 0 .. count-1 */

#endif
