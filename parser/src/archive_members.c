/* archive_members.c — deciding, from every member name of an archive, which
 * members are read into which stage: the folder layout of layout.h after the
 * common top folder is dropped, GitHub run-log zips read once, unsafe names
 * refused, archives inside kept for the nested reader. */
#include "archive_members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout.h"

#define STAGE_NAME_MAX 256

bool members_push(members *ms, const char *path, bool regular)
{
	if (ms->n == ms->cap) {
		size_t nc = ms->cap ? ms->cap * 2 : 64;
		member *m = realloc(ms->m, nc * sizeof *m);
		if (!m)
			return false;
		ms->m = m;
		ms->cap = nc;
	}
	char *copy = strdup(path);
	if (!copy)
		return false;
	ms->m[ms->n++] = (member){.path = copy, .regular = regular};
	return true;
}

void members_free(members *ms)
{
	if (!ms)
		return;
	for (size_t i = 0; i < ms->n; i++) {
		free(ms->m[i].path);
		free(ms->m[i].stage);
	}
	free(ms->m);
	*ms = (members){0};
}

/* ---- name rules ---------------------------------------------------------- */

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

const char *member_skip_dot_slash(const char *p)
{
	/* tar writes "./x" when run as `tar -C dir .`; "a//b" is "a/b". */
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/' && p[1] == '/')
			p++;
	}
	return p;
}

bool member_unsafe_name(const char *p)
{
	/* Never extracted here, but such a name must not become a stage, and
	 * the user should hear that the archive carries one. */
	if (p[0] == '/' || p[0] == '\\')
		return true;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
		return true;
	for (const char *c = p; *c; c++) {
		bool at_start = c == p || c[-1] == '/' || c[-1] == '\\';
		if (at_start && c[0] == '.' && c[1] == '.' && (c[2] == '\0' || c[2] == '/' || c[2] == '\\'))
			return true;
	}
	return false;
}

bool member_in_hidden_folder(const char *rel)
{
	const char *base = base_of(rel);
	for (const char *c = rel; c < base; c++)
		if (*c == '.' && (c == rel || c[-1] == '/'))
			return true;
	return false;
}

size_t member_strip_archive_ext(const char *base)
{
	static const char *const exts[] = {
		".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz", ".txz", ".tzst", ".tbz2", ".zip", ".tar",
	};
	size_t len = strlen(base);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strcasecmp(base + len - n, exts[i]) == 0)
			return len - n;
	}
	return len;
}

/* ---- the common top folder ------------------------------------------------ */

/* The one top folder every member sits under (GitHub artifact zips,
 * `tar czf x.tgz dir/`), as the length of the prefix to drop; 0 when none.
 * Unsafe names do not count: they are refused whatever the layout. */
static size_t common_top(const members *ms)
{
	const char *top = NULL;
	size_t top_len = 0;
	bool inside = false;
	for (size_t i = 0; i < ms->n; i++) {
		const char *p = member_skip_dot_slash(ms->m[i].path);
		if (!*p || member_unsafe_name(p))
			continue;
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (!slash || !slash[1]) {
			/* "dir" or "dir/" is the folder itself; a file at the top ends it. */
			if (ms->m[i].regular)
				return 0;
		} else {
			inside = true;
		}
		if (!top) {
			top = p;
			top_len = len;
		} else if (len != top_len || memcmp(p, top, len) != 0) {
			return 0;
		}
	}
	return inside ? top_len + 1 : 0;
}

/* ---- GitHub Actions run-log zips -------------------------------------------- */

typedef struct name_ref {
	const char *p;
	size_t len;
} name_ref;

/* "12_build (ubuntu).txt" → "build (ubuntu)": a job log at the top, or a
 * step log inside a job's folder. */
static bool numbered_txt(const char *rel, size_t rel_len, name_ref *name)
{
	const char *c = rel, *end = rel + rel_len;
	while (c < end && *c >= '0' && *c <= '9')
		c++;
	if (c == rel || c == end || *c != '_')
		return false;
	c++;
	size_t n = (size_t)(end - c);
	if (n <= 4 || strncasecmp(end - 4, ".txt", 4) != 0 || memchr(c, '/', n))
		return false;
	*name = (name_ref){c, n - 4};
	return true;
}

static int name_cmp(const void *a, const void *b)
{
	const name_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static const char *rel_of(const members *ms, size_t i, size_t strip)
{
	const char *p = member_skip_dot_slash(ms->m[i].path);
	return strlen(p) > strip ? p + strip : NULL;
}

/* The job names of top-level N_<job>.txt files, sorted; *n = 0 when none.
 * NULL with *n = (size_t)-1 on out of memory. */
static name_ref *job_names(const members *ms, size_t strip, size_t *n)
{
	*n = 0;
	name_ref *jobs = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < ms->n; i++) {
		const char *rel = rel_of(ms, i, strip);
		name_ref name;
		if (!rel || !ms->m[i].regular || !numbered_txt(rel, strlen(rel), &name))
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			name_ref *p = realloc(jobs, nc * sizeof *p);
			if (!p) {
				free(jobs);
				*n = (size_t)-1;
				return NULL;
			}
			jobs = p;
			cap = nc;
		}
		jobs[(*n)++] = name;
	}
	if (*n)
		qsort(jobs, *n, sizeof *jobs, name_cmp);
	return jobs;
}

/* Whether rel lies in the folder of a job that has a log at the top. */
static bool in_job_folder(const name_ref *jobs, size_t n_jobs, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash || !n_jobs)
		return false;
	name_ref folder = {rel, (size_t)(slash - rel)};
	return bsearch(&folder, jobs, n_jobs, sizeof *jobs, name_cmp) != NULL;
}

/* A run-log zip holds each job twice: the whole job log at the top
 * (N_<job>.txt) and its steps in <job>/N_<step>.txt. The shape is there when
 * some job folder holds such a step log. */
static bool github_shape(const members *ms, size_t strip, const name_ref *jobs, size_t n_jobs)
{
	for (size_t i = 0; i < ms->n && n_jobs; i++) {
		const char *rel = rel_of(ms, i, strip);
		const char *slash = rel ? strchr(rel, '/') : NULL;
		name_ref step;
		if (slash && ms->m[i].regular && numbered_txt(slash + 1, strlen(slash + 1), &step) &&
		    in_job_folder(jobs, n_jobs, rel))
			return true;
	}
	return false;
}

/* ---- the decision ----------------------------------------------------------- */

/* The stage of a nested archive: the folder it sits in, or its own name
 * without the archive suffix (it stands where a folder would). */
static void nested_stage(const char *rel, char *stage, size_t size)
{
	const char *slash = strchr(rel, '/');
	const char *base = base_of(rel);
	if (slash)
		snprintf(stage, size, "%.*s", (int)(slash - rel), rel);
	else
		snprintf(stage, size, "%.*s", (int)member_strip_archive_ext(base), base);
}

tfc_rc members_decide(members *ms)
{
	size_t strip = common_top(ms);
	size_t n_jobs;
	name_ref *jobs = job_names(ms, strip, &n_jobs);
	if (n_jobs == (size_t)-1)
		return TFC_ENOMEM;
	bool github = github_shape(ms, strip, jobs, n_jobs);
	tfc_rc rc = TFC_OK;
	for (size_t i = 0; i < ms->n && rc == TFC_OK; i++) {
		member *m = &ms->m[i];
		const char *p = member_skip_dot_slash(m->path);
		m->kind = MEMBER_SKIP;
		if (!*p)
			continue;
		if (member_unsafe_name(p)) {
			/* Folders and links too: a traversal name is worth a warning. */
			m->kind = MEMBER_UNSAFE;
			continue;
		}
		const char *rel = rel_of(ms, i, strip);
		if (!m->regular || !rel)
			continue;
		char stage[STAGE_NAME_MAX];
		name_ref job;
		if (github && numbered_txt(rel, strlen(rel), &job)) {
			snprintf(stage, sizeof stage, "%.*s", (int)job.len, job.p);
			m->kind = MEMBER_LOG;
		} else if (github && in_job_folder(jobs, n_jobs, rel)) {
			continue; /* a step log: its lines are in the job log already */
		} else if (layout_is_archive_name(base_of(rel)) && !member_in_hidden_folder(rel)) {
			nested_stage(rel, stage, sizeof stage);
			m->kind = MEMBER_NESTED;
		} else if (layout_stage_for(rel, stage, sizeof stage)) {
			m->kind = MEMBER_LOG;
		} else {
			continue;
		}
		if (!(m->stage = strdup(stage)))
			rc = TFC_ENOMEM;
	}
	free(jobs);
	return rc;
}
