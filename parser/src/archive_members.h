/* archive_members.h — what to do with each member of an archive, decided
 * from all the member names before any is read: unsafe names, the common top
 * folder, GitHub Actions run-log zips, nested archives, stage names. */
#ifndef TFC_ARCHIVE_MEMBERS_H
#define TFC_ARCHIVE_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>

#include "tfclock.h"

typedef enum member_kind {
	MEMBER_SKIP,   /* not a log, a folder, a link, a job's step file */
	MEMBER_LOG,    /* read into stage */
	MEMBER_NESTED, /* an archive inside: its logs go into stage */
	MEMBER_UNSAFE, /* absolute or '..' name: refused */
} member_kind;

typedef struct member {
	char *path;   /* the member's name as stored (for sources and warnings) */
	char *stage;  /* MEMBER_LOG / MEMBER_NESTED, else NULL */
	member_kind kind;
	bool regular; /* a regular file with data (not a folder, link or hard link) */
} member;

/* The members of one archive in reading order. Zero-initialise; free with
 * members_free. */
typedef struct members {
	member *m;
	size_t n, cap;
} members;

/* Append a member (path copied). False on out of memory. */
bool members_push(members *ms, const char *path, bool regular);
void members_free(members *ms);

/* Fill kind and stage of every member. TFC_ENOMEM on out of memory. */
tfc_rc members_decide(members *ms);

/* Name rules shared with nested archives, which are read in one pass. */
const char *member_skip_dot_slash(const char *path); /* "./a/b" → "a/b" */
bool member_unsafe_name(const char *path);           /* absolute, drive letter or ".." */
bool member_in_hidden_folder(const char *rel);       /* a folder component starting with '.' */

/* "x.tar.gz" → length of "x" (the whole length when no archive suffix). */
size_t member_strip_archive_ext(const char *base);

#endif
