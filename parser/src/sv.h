/* sv.h — borrowed string views: pointer + length into a buffer someone else owns. */
#ifndef TFC_SV_H
#define TFC_SV_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct sv {
	const char *p;
	size_t n;
} sv;

#define SV_NULL ((sv){NULL, 0})
#define SV_LIT(s) ((sv){(s), sizeof(s) - 1})

static inline sv sv_make(const char *p, size_t n) { return (sv){p, n}; }
static inline sv sv_cstr(const char *s) { return (sv){s, s ? strlen(s) : 0}; }
static inline bool sv_is_null(sv s) { return s.p == NULL; }

static inline bool sv_eq(sv a, sv b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool sv_starts_with(sv s, const char *lit, size_t litn)
{
	return s.n >= litn && memcmp(s.p, lit, litn) == 0;
}

static inline bool sv_ends_with(sv s, const char *lit, size_t litn)
{
	return s.n >= litn && memcmp(s.p + s.n - litn, lit, litn) == 0;
}

static inline sv sv_skip(sv s, size_t k)
{
	if (k > s.n)
		k = s.n;
	return (sv){s.p + k, s.n - k};
}

/* Literal-argument conveniences. */
#define SV_STARTS(s, lit) sv_starts_with((s), (lit), sizeof(lit) - 1)
#define SV_ENDS(s, lit) sv_ends_with((s), (lit), sizeof(lit) - 1)

#endif
