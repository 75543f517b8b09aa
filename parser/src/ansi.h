/* ansi.h — colour codes in log lines: real escape sequences (removed
 * anywhere) and the ESC-less SGR remnants copied logs keep ("[0m[1m"), which
 * are only recognised in runs at the edges of a text. ansi_strip (prefix.h)
 * combines both. */
#ifndef TFC_ANSI_H
#define TFC_ANSI_H

#include <stdbool.h>
#include <stddef.h>

/* Removes every escape sequence (CSI "ESC[…final", OSC "ESC]…BEL", two-byte
 * "ESC x") from s in place; returns the new length. */
size_t ansi_remove_escapes(char *s, size_t len);

/* The common case without a copy: when every escape sequence of s sits in
 * a run at its start or at its end (Terraform's "ESC[0mESC[1m…ESC[0mESC[0m"),
 * sets s[*from..*to) to what ansi_remove_escapes would leave and returns
 * true; false when one sits in the middle. */
bool ansi_escapes_at_edges(const char *s, size_t len, size_t *from, size_t *to);

/* Length of an ESC-less SGR remnant ("[0m", "[38;5;248m", "[0;32m") that
 * starts at s, or 0 when s does not start with one. */
size_t ansi_remnant_at(const char *s, size_t n);

/* Bytes taken by the run of remnants at the start / at the end of s. */
size_t ansi_remnants_front(const char *s, size_t n);
size_t ansi_remnants_back(const char *s, size_t n);

#endif
