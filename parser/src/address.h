/* address.h — Terraform resource-instance addresses, scanned bracket- and
 * quote-aware: for_each keys may hold '.', ':', ' ', '-', escaped quotes. */
#ifndef TFC_ADDRESS_H
#define TFC_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "sv.h"
#include "tfclock.h"

/* Length of the address at the start of s, ended by the first ": " (or
 * end of text) outside brackets and quotes; 0 when s does not start with
 * something shaped like an address. *colon_at receives the offset of the
 * ": " (== s.n when none). */
size_t addr_scan(sv s, size_t *colon_at);

/* The parts of an address. Every sv points into the address itself, except
 * that for a string key the caller must unescape key (addr_unescape_key). */
typedef struct addr_parts {
	sv module;  /* "" (p non-null, n 0) for the root module */
	sv type;
	sv name;
	sv key;     /* inside the final [], quotes included for strings; null when none */
	bool key_is_string;
	tfc_mode mode;
} addr_parts;

/* Split an address; false when it is not one (then parts are unspecified). */
bool addr_split(sv address, addr_parts *parts);

/* Unescape a Go-quoted key ("a\"b" → a"b) into out (capacity ≥ key.n);
 * returns the length written. */
size_t addr_unescape_key(sv key, char *out);

#endif
