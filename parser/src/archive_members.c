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

/* Zips made by macOS's Finder carry AppleDouble copies of every file under
 * __MACOSX/: never logs, and they must not hide the real common top folder. */
static bool macos_metadata(const char *p)
{
	return strncmp(p, "__MACOSX/", 9) == 0 || strcmp(p, "__MACOSX") == 0;
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
		if (!*p || member_unsafe_name(p) || macos_metadata(p))
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

/* A run-log zip holds each job twice: the whole job log at the top
 * (N_<job>.txt) and a folder <job>/ with its steps (N_<step>.txt) and the
 * runner's system.txt (older zips: system.txt alone). GitHub strips
 * characters such as ':' and '/' from both names and truncates long ones, a
 * file name sooner than a folder name, so the two match only up to a prefix. */

typedef struct name_ref {
	const char *p;
	size_t len;
} name_ref;

/* "12_build (ubuntu).txt" → "build (ubuntu)". */
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

static bool push_name(name_ref **arr, size_t *n, size_t *cap, name_ref v)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		name_ref *p = realloc(*arr, nc * sizeof *p);
		if (!p)
			return false;
		*arr = p;
		*cap = nc;
	}
	(*arr)[(*n)++] = v;
	return true;
}

/* What a GitHub run log looks like in this archive: the sorted job names of
 * the top-level job logs, and the sorted top folders that hold step logs only. */
typedef struct run_log {
	name_ref *jobs, *folders;
	size_t n_jobs, n_folders;
	bool found;
} run_log;

/* Whether rel ("folder/name") is what a job folder holds. */
static bool step_like(const char *rest)
{
	name_ref step;
	return strcmp(rest, "system.txt") == 0 || numbered_txt(rest, strlen(rest), &step);
}

/* Folders where some entry is not a step log: those are ordinary folders. */
static bool collect(const members *ms, size_t strip, run_log *rl, name_ref **mixed, size_t *n_mixed)
{
	size_t cap_jobs = 0, cap_folders = 0, cap_mixed = 0;
	for (size_t i = 0; i < ms->n; i++) {
		const char *rel = rel_of(ms, i, strip);
		if (!rel || member_unsafe_name(rel) || macos_metadata(rel))
			continue;
		const char *slash = strchr(rel, '/');
		name_ref name;
		if (!slash) {
			if (ms->m[i].regular && numbered_txt(rel, strlen(rel), &name) &&
			    !push_name(&rl->jobs, &rl->n_jobs, &cap_jobs, name))
				return false;
			continue;
		}
		name = (name_ref){rel, (size_t)(slash - rel)};
		if (!slash[1] && !ms->m[i].regular)
			continue; /* the folder's own entry */
		bool step = ms->m[i].regular && step_like(slash + 1);
		if (!push_name(step ? &rl->folders : mixed, step ? &rl->n_folders : n_mixed,
			       step ? &cap_folders : &cap_mixed, name))
			return false;
	}
	return true;
}

static size_t unique_sorted(name_ref *a, size_t n)
{
	if (!n)
		return 0;
	qsort(a, n, sizeof *a, name_cmp);
	size_t out = 1;
	for (size_t i = 1; i < n; i++)
		if (name_cmp(&a[i], &a[out - 1]) != 0)
			a[out++] = a[i];
	return out;
}

static bool contains(const name_ref *a, size_t n, name_ref key)
{
	return n && bsearch(&key, a, n, sizeof *a, name_cmp) != NULL;
}

/* A job whose name is the folder's, or a prefix of it, or starts with it. */
static bool matches_a_job(const run_log *rl, name_ref folder)
{
	for (size_t k = 1; k <= folder.len; k++)
		if (contains(rl->jobs, rl->n_jobs, (name_ref){folder.p, k}))
			return true;
	/* The first job not below the folder's name starts with it, if any does. */
	size_t lo = 0, hi = rl->n_jobs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (name_cmp(&rl->jobs[mid], &folder) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rl->n_jobs && rl->jobs[lo].len >= folder.len && memcmp(rl->jobs[lo].p, folder.p, folder.len) == 0;
}

/* Find the run-log shape; rl->folders then lists the job folders to skip. */
static bool find_run_log(const members *ms, size_t strip, run_log *rl)
{
	name_ref *mixed = NULL;
	size_t n_mixed = 0;
	bool ok = collect(ms, strip, rl, &mixed, &n_mixed);
	if (ok) {
		rl->n_jobs = unique_sorted(rl->jobs, rl->n_jobs);
		n_mixed = unique_sorted(mixed, n_mixed);
		/* Keep the folders that hold nothing but step logs. */
		size_t n = unique_sorted(rl->folders, rl->n_folders), out = 0;
		for (size_t i = 0; i < n; i++)
			if (!contains(mixed, n_mixed, rl->folders[i]))
				rl->folders[out++] = rl->folders[i];
		rl->n_folders = out;
		for (size_t i = 0; i < rl->n_folders && !rl->found; i++)
			rl->found = matches_a_job(rl, rl->folders[i]);
	}
	free(mixed);
	return ok;
}

static bool in_job_folder(const run_log *rl, const char *rel)
{
	const char *slash = strchr(rel, '/');
	return slash && contains(rl->folders, rl->n_folders, (name_ref){rel, (size_t)(slash - rel)});
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
	run_log rl = {0};
	tfc_rc rc = find_run_log(ms, strip, &rl) ? TFC_OK : TFC_ENOMEM;
	bool github = rl.found;
	for (size_t i = 0; i < ms->n && rc == TFC_OK; i++) {
		member *m = &ms->m[i];
		const char *p = member_skip_dot_slash(m->path);
		m->kind = MEMBER_SKIP;
		if (!*p || macos_metadata(p))
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
		} else if (github && in_job_folder(&rl, rel)) {
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
	free(rl.jobs);
	free(rl.folders);
	return rc;
}
