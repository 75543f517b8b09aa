/* archive.c — archives (zip, tar, compressed tars, nested archives) read as
 * streams through libarchive, members laid out like a folder (layout.h);
 * nothing is ever written to disk and no member is held in memory whole. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive_input.h"
#include "layout.h"
#include "timeline_internal.h"

#define BLOCK_SIZE 65536
#define NAME_MAX_STAGE 256

/* Archive-level problems kept until a stage exists to carry them. */
#define MAX_PENDING 32

typedef enum plan_kind {
	PLAN_SKIP,    /* not a log, a folder, a link, a job's step file */
	PLAN_LOG,     /* read into stage */
	PLAN_NESTED,  /* an archive inside: its logs go into stage */
	PLAN_UNSAFE,  /* absolute or '..' name: refused */
} plan_kind;

/* What pass one decided for the i-th member. */
typedef struct member_plan {
	char *path;  /* the member's name as stored (for sources and warnings) */
	char *stage; /* PLAN_LOG / PLAN_NESTED */
	plan_kind kind;
	bool regular;
} member_plan;

typedef struct plan {
	member_plan *m;
	size_t n, cap;
	bool too_many;      /* more members than max_archive_members */
	bool scan_failed;   /* pass one stopped at a corrupt header */
	bool raw;           /* a single compressed log (x.log.gz), no archive format */
	char scan_error[256];
} plan;

typedef struct pending {
	char *message;
} pending;

typedef struct loader {
	tfc_timeline *tl;
	const tfc_limits *lim;
	const char *name;       /* the archive's path as the caller gave it */
	uint64_t total;         /* decompressed bytes, nested archives included */
	bool stop;              /* a fatal error or the archive budget ended reading */
	bool read_any;          /* a stage received a member */
	bool limited;           /* something was refused by a limit or a rule */
	bool corrupt;           /* something could not be decoded */
	tfc_rc rc;              /* TFC_ENOMEM sticks */
	size_t first_stage;     /* smallest-named stage used, for archive-level warnings */
	const char *first_name;
	pending pend[MAX_PENDING];
	size_t n_pend;
	uint64_t n_pend_dropped;
} loader;

/* ---- small helpers ------------------------------------------------------ */

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *str_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "./a/b" → "a/b": tar writes "./" when run as `tar -C dir .`. */
static const char *skip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	while (p[0] == '/' && p[1] == '/')
		p++;
	return p;
}

/* An absolute name, a drive letter or a ".." component (with either slash):
 * never extracted here, but such a name must not become a stage either. */
static bool unsafe_name(const char *p)
{
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

/* A folder component starting with '.' (.git/, .terraform/) holds no stages. */
static bool in_hidden_folder(const char *rel)
{
	const char *base = base_of(rel);
	for (const char *c = rel; c < base; c++)
		if (*c == '.' && (c == rel || c[-1] == '/'))
			return true;
	return false;
}

/* "x.tar.gz" → "x", for nested archives laid out like a folder. */
static size_t strip_archive_ext(const char *base)
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

/* "x.log.gz" → "x": the compression suffix and then the log's extension. */
static void raw_stage_name(const char *path, char *stage, size_t size)
{
	static const char *const exts[] = {".gz", ".xz", ".zst", ".bz2", ".z", ".lz4", ".lzma"};
	char tmp[NAME_MAX_STAGE];
	snprintf(tmp, sizeof tmp, "%s", base_of(path));
	size_t len = strlen(tmp);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strcasecmp(tmp + len - n, exts[i]) == 0) {
			tmp[len - n] = '\0';
			break;
		}
	}
	layout_stage_for_file(tmp, stage, size);
}

/* ---- warnings ----------------------------------------------------------- */

/* Remember which stages this archive fed: archive-level problems go to the
 * one that sorts first, so they lead that archive's part of the report. */
static size_t use_stage(loader *ld, const char *name)
{
	size_t idx = tfc_timeline_stage(ld->tl, name);
	if (idx == (size_t)-1) {
		ld->rc = TFC_ENOMEM;
		return idx;
	}
	if (!ld->first_name || strcmp(name, ld->first_name) < 0) {
		char *copy = strdup(name);
		if (!copy) {
			ld->rc = TFC_ENOMEM;
			return (size_t)-1;
		}
		free((char *)ld->first_name);
		ld->first_name = copy;
		ld->first_stage = idx;
	}
	ld->read_any = true;
	return idx;
}

/* A problem of the archive as a whole (or of a member no stage reads). */
static void archive_problem(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void archive_problem(loader *ld, const char *fmt, ...)
{
	if (ld->n_pend == MAX_PENDING) {
		ld->n_pend_dropped++;
		return;
	}
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char *copy = strdup(msg);
	if (!copy) {
		ld->rc = TFC_ENOMEM;
		return;
	}
	ld->pend[ld->n_pend++].message = copy;
}

/* Pending problems become warnings of the archive's first stage, with the
 * archive itself as their source; with no stage at all they make the error. */
static tfc_rc flush_problems(loader *ld, tfc_error *err)
{
	tfc_rc rc = TFC_OK;
	if (ld->read_any) {
		const char *src = ld->n_pend ? tl_add_source(ld->tl, ld->first_stage, ld->name) : NULL;
		if (ld->n_pend && !src)
			rc = TFC_ENOMEM;
		for (size_t i = 0; src && i < ld->n_pend; i++)
			tl_warn(ld->tl, ld->first_stage, src, 0, "%s", ld->pend[i].message);
		if (src && ld->n_pend_dropped)
			tl_warn(ld->tl, ld->first_stage, src, 0, "%llu more problems in this archive",
				(unsigned long long)ld->n_pend_dropped);
	} else if (ld->n_pend) {
		rc = ld->corrupt ? TFC_EIO : TFC_ELIMIT;
		if (err) {
			snprintf(err->source, sizeof err->source, "%s", ld->name);
			err->line = 0;
			uint64_t more = ld->n_pend - 1 + ld->n_pend_dropped;
			if (more)
				snprintf(err->message, sizeof err->message, "nothing read: %.400s (and %llu more problems)",
					 ld->pend[0].message, (unsigned long long)more);
			else
				snprintf(err->message, sizeof err->message, "nothing read: %.400s", ld->pend[0].message);
		}
	}
	for (size_t i = 0; i < ld->n_pend; i++)
		free(ld->pend[i].message);
	ld->n_pend = 0;
	return rc;
}

/* ---- opening ------------------------------------------------------------ */

static struct archive *new_reader(bool raw)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	if (raw)
		archive_read_support_format_raw(a);
	else
		archive_read_support_format_all(a);
	return a;
}

/* Open path as an archive; a compressed single log (apply.log.gz) that no
 * archive format claims is opened raw, as one member. */
static struct archive *open_path(const char *path, bool raw, char *why, size_t why_size)
{
	struct archive *a = new_reader(raw);
	if (!a) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	if (archive_read_open_filename(a, path, BLOCK_SIZE) != ARCHIVE_OK) {
		const char *msg = archive_error_string(a);
		snprintf(why, why_size, "%s", msg ? msg : "cannot open");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static const char *entry_name(struct archive_entry *e)
{
	const char *p = archive_entry_pathname(e);
	return p ? p : archive_entry_pathname_utf8(e);
}

/* The next header, past damaged ones: tar skips a bad header and says
 * ARCHIVE_RETRY; that is reported (when report) and reading goes on. Each
 * retry consumes input, the cap only guards against a reader that would not. */
static int next_header(loader *ld, struct archive *a, struct archive_entry **e, const char *archive,
		       const char *after, bool report)
{
	for (int retries = 0;; retries++) {
		int r = archive_read_next_header(a, e);
		if (r != ARCHIVE_RETRY)
			return r;
		if (retries == 0 && report) {
			const char *msg = archive_error_string(a);
			ld->corrupt = true;
			archive_problem(ld, "archive %s is corrupt after %s (%s): skipped to the next readable member",
					archive, after ? after : "its start", msg ? msg : "damaged header");
		}
		if (retries == 1 << 16)
			return ARCHIVE_FATAL;
	}
}

/* ---- pass one: the members' names, and what to do with each -------------- */

static bool plan_push(plan *pl, const char *path, bool regular)
{
	if (pl->n == pl->cap) {
		size_t nc = pl->cap ? pl->cap * 2 : 64;
		member_plan *m = realloc(pl->m, nc * sizeof *m);
		if (!m)
			return false;
		pl->m = m;
		pl->cap = nc;
	}
	char *copy = strdup(path);
	if (!copy)
		return false;
	pl->m[pl->n++] = (member_plan){.path = copy, .regular = regular};
	return true;
}

static void plan_free(plan *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->m[i].path);
		free(pl->m[i].stage);
	}
	free(pl->m);
}

static tfc_rc scan(loader *ld, struct archive *a, plan *pl)
{
	struct archive_entry *e;
	for (;;) {
		int r = next_header(ld, a, &e, NULL, NULL, false);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			pl->scan_failed = true;
			snprintf(pl->scan_error, sizeof pl->scan_error, "%s", msg ? msg : "unreadable header");
			break;
		}
		if (pl->n == ld->lim->max_archive_members) {
			pl->too_many = true;
			break;
		}
		const char *name = entry_name(e);
		bool regular = archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e);
		if (!plan_push(pl, name ? name : "", regular))
			return TFC_ENOMEM;
		/* Data errors surface again, with the member's name, in pass two. */
		if (archive_read_data_skip(a) < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			pl->scan_failed = true;
			snprintf(pl->scan_error, sizeof pl->scan_error, "%s", msg ? msg : "unreadable data");
			break;
		}
	}
	return TFC_OK;
}

/* The single top folder every member sits under (GitHub artifact zips,
 * `tar czf x.tgz dir/`), as a length of the prefix to drop; 0 when none. */
static size_t common_top(const plan *pl)
{
	const char *top = NULL;
	size_t top_len = 0;
	bool inside = false;
	for (size_t i = 0; i < pl->n; i++) {
		const char *p = skip_dot_slash(pl->m[i].path);
		if (!*p || unsafe_name(p))
			continue;
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (!slash || !slash[1]) {
			/* "dir" or "dir/" is the folder itself when not a file. */
			if (pl->m[i].regular)
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

/* "12_build (ubuntu).txt" → job name "build (ubuntu)"; NULL if not that shape. */
static bool job_file_name(const char *rel, const char **name, size_t *len)
{
	if (strchr(rel, '/'))
		return false;
	const char *c = rel;
	while (*c >= '0' && *c <= '9')
		c++;
	if (c == rel || *c != '_')
		return false;
	size_t n = strlen(c + 1);
	if (n <= 4 || strcasecmp(c + 1 + n - 4, ".txt") != 0)
		return false;
	*name = c + 1;
	*len = n - 4;
	return true;
}

/* Whether rel is "<job>/N_<step>.txt" for the job name given. */
static bool is_step_file_of(const char *rel, const char *job, size_t job_len)
{
	if (strncmp(rel, job, job_len) != 0 || rel[job_len] != '/')
		return false;
	const char *name;
	size_t len;
	return job_file_name(rel + job_len + 1, &name, &len);
}

/* GitHub Actions run-log zips hold each job twice: the whole job log at the
 * top (N_<job>.txt) and its steps in <job>/N_<step>.txt. Only the job logs
 * are read (see docs/inputs.md); returns whether the shape was found. */
static bool github_shape(const plan *pl, size_t strip)
{
	for (size_t i = 0; i < pl->n; i++) {
		const char *name;
		size_t len;
		if (!pl->m[i].regular || !job_file_name(skip_dot_slash(pl->m[i].path) + strip, &name, &len))
			continue;
		for (size_t j = 0; j < pl->n; j++) {
			const char *p = skip_dot_slash(pl->m[j].path);
			if (strlen(p) > strip && pl->m[j].regular && is_step_file_of(p + strip, name, len))
				return true;
		}
	}
	return false;
}

/* Whether rel lies in the folder of some top-level job log. */
static bool in_job_folder(const plan *pl, size_t strip, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash)
		return false;
	for (size_t i = 0; i < pl->n; i++) {
		const char *name;
		size_t len;
		const char *p = skip_dot_slash(pl->m[i].path);
		if (strlen(p) < strip || !pl->m[i].regular || !job_file_name(p + strip, &name, &len))
			continue;
		if ((size_t)(slash - rel) == len && memcmp(rel, name, len) == 0)
			return true;
	}
	return false;
}

static tfc_rc decide(plan *pl)
{
	size_t strip = common_top(pl);
	bool github = github_shape(pl, strip);
	for (size_t i = 0; i < pl->n; i++) {
		member_plan *m = &pl->m[i];
		const char *p = skip_dot_slash(m->path);
		m->kind = PLAN_SKIP;
		if (!*p)
			continue;
		if (unsafe_name(p)) {
			/* Folders and links too: a traversal name is worth a warning. */
			m->kind = PLAN_UNSAFE;
			continue;
		}
		if (!m->regular || strlen(p) <= strip)
			continue;
		const char *rel = p + strip;
		char stage[NAME_MAX_STAGE];
		const char *job;
		size_t job_len;
		const char *base = base_of(rel);
		if (github && job_file_name(rel, &job, &job_len)) {
			snprintf(stage, sizeof stage, "%.*s", (int)job_len, job);
			m->kind = PLAN_LOG;
		} else if (github && in_job_folder(pl, strip, rel)) {
			continue;
		} else if (layout_is_archive_name(base) && !in_hidden_folder(rel)) {
			const char *slash = strchr(rel, '/');
			if (slash)
				snprintf(stage, sizeof stage, "%.*s", (int)(slash - rel), rel);
			else
				snprintf(stage, sizeof stage, "%.*s", (int)strip_archive_ext(base), base);
			m->kind = PLAN_NESTED;
		} else if (layout_stage_for(rel, stage, sizeof stage)) {
			m->kind = PLAN_LOG;
		} else {
			continue;
		}
		if (!(m->stage = strdup(stage)))
			return TFC_ENOMEM;
	}
	return TFC_OK;
}

/* ---- pass two: streaming members into parsers ---------------------------- */

/* Where member bytes come from: the archive being read. Counts against the
 * member's and the whole archive's budgets. */
typedef struct member_reader {
	loader *ld;
	struct archive *a;
	uint64_t bytes;
	bool over_member, over_total, failed, warned;
	char error[256];
} member_reader;

/* Next block of the current member, cut at the limits; 0 at its end (or at
 * a limit / error, recorded in mr). */
static size_t member_block(member_reader *mr, const void **buf)
{
	const tfc_limits *lim = mr->ld->lim;
	size_t size = 0;
	while (size == 0) {
		if (mr->over_member || mr->over_total || mr->failed || mr->ld->stop)
			return 0;
		la_int64_t offset;
		int r = archive_read_data_block(mr->a, buf, &size, &offset);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r == ARCHIVE_WARN && !mr->warned) {
			/* e.g. a CRC mismatch at the end of a zip member: what came is kept. */
			const char *msg = archive_error_string(mr->a);
			snprintf(mr->error, sizeof mr->error, "%s", msg ? msg : "damaged data");
			mr->warned = true;
		} else if (r < ARCHIVE_WARN) {
			const char *msg = archive_error_string(mr->a);
			snprintf(mr->error, sizeof mr->error, "%s", msg ? msg : "unreadable data");
			mr->failed = true;
			if (r == ARCHIVE_FATAL)
				mr->ld->stop = true;
			return 0;
		}
		if (size > lim->max_member_bytes - mr->bytes) {
			size = (size_t)(lim->max_member_bytes - mr->bytes);
			mr->over_member = true;
		}
		if (size > lim->max_archive_bytes - mr->ld->total) {
			size = (size_t)(lim->max_archive_bytes - mr->ld->total);
			mr->over_total = true;
			mr->over_member = false;
			mr->ld->stop = true;
		}
		mr->bytes += size;
		mr->ld->total += size;
	}
	return size;
}

/* What a member reader saw, as warnings about source on stage. */
static void member_warnings(loader *ld, size_t stage, const char *source, const char *member,
			    const member_reader *mr)
{
	const tfc_limits *lim = ld->lim;
	if (mr->over_member) {
		ld->limited = true;
		tl_warn(ld->tl, stage, source, 0,
			"archive member %s is larger than max_member_bytes (%llu bytes): the first %llu bytes "
			"are read, the rest is skipped",
			member, (unsigned long long)lim->max_member_bytes, (unsigned long long)mr->bytes);
	}
	if (mr->over_total) {
		ld->limited = true;
		tl_warn(ld->tl, stage, source, 0,
			"archive %s is larger than max_archive_bytes (%llu bytes decompressed): reading stopped "
			"in member %s, the members after it are not read",
			ld->name, (unsigned long long)lim->max_archive_bytes, member);
	}
	if (mr->failed || mr->warned) {
		ld->corrupt = true;
		tl_warn(ld->tl, stage, source, 0, "archive member %s is corrupt or truncated (%s)%s", member,
			mr->error, mr->failed ? ": the lines before are kept" : "");
	}
}

/* Stream the current member of a into a parser of stage. */
static tfc_rc read_member(loader *ld, struct archive *a, size_t stage, const char *source,
			  const char *member)
{
	tfc_parser *p = tfc_parser_new(ld->tl, stage, source);
	if (!p)
		return TFC_ENOMEM;
	member_reader mr = {.ld = ld, .a = a};
	tfc_rc rc = TFC_OK;
	const void *buf;
	size_t n;
	while (rc == TFC_OK && (n = member_block(&mr, &buf)) > 0)
		rc = tfc_parser_feed(p, buf, n);
	if (rc == TFC_OK)
		rc = tfc_parser_finish(p);
	tfc_parser_free(p);
	if (rc != TFC_OK)
		return rc;
	/* The parser interned the source: warnings may point at it. */
	const char *interned = tl_add_source(ld->tl, stage, source);
	if (!interned)
		return TFC_ENOMEM;
	member_warnings(ld, stage, interned, member, &mr);
	return TFC_OK;
}

/* libarchive read callback of an inner archive: the outer member's data. */
typedef struct nested_src {
	member_reader mr;
} nested_src;

static la_ssize_t nested_read(struct archive *inner, void *ctx, const void **buf)
{
	nested_src *ns = ctx;
	size_t n = member_block(&ns->mr, buf);
	if (n == 0 && (ns->mr.failed || ns->mr.over_member || ns->mr.over_total)) {
		archive_set_error(inner, EIO, "%s", ns->mr.failed ? ns->mr.error : "over a size limit");
		return -1;
	}
	return (la_ssize_t)n;
}

static tfc_rc read_archive_stream(loader *ld, struct archive *a, const char *prefix, const char *stage_name,
				  int depth);

/* Make a source name "prefix:member". */
static char *source_of(const char *prefix, const char *member)
{
	return str_printf("%s:%s", prefix, member);
}

/* An archive member that is itself an archive: its logs all go to
 * stage_name (the place it holds in the outer layout). */
static tfc_rc read_nested(loader *ld, struct archive *outer, const char *source, const char *member,
			  const char *stage_name, int depth)
{
	if (depth > ld->lim->max_archive_depth) {
		ld->limited = true;
		archive_problem(ld, "nested archive %s not read: archives deeper than max_archive_depth (%d) are refused",
				source, ld->lim->max_archive_depth);
		return TFC_OK;
	}
	nested_src ns = {.mr = {.ld = ld, .a = outer}};
	struct archive *inner = new_reader(false);
	if (!inner)
		return TFC_ENOMEM;
	tfc_rc rc = TFC_OK;
	if (archive_read_open(inner, &ns, NULL, nested_read, NULL) != ARCHIVE_OK) {
		const char *msg = archive_error_string(inner);
		ld->corrupt = true;
		archive_problem(ld, "nested archive %s cannot be read (%s)", source, msg ? msg : "unknown format");
	} else {
		rc = read_archive_stream(ld, inner, source, stage_name, depth);
	}
	archive_read_free(inner);
	/* The outer member itself (the inner archive's bytes) broke or ran over
	 * a limit: the inner reader only saw an I/O error, so say why here. */
	if (ns.mr.over_member) {
		ld->limited = true;
		archive_problem(ld, "nested archive %s is larger than max_member_bytes (%llu bytes): the rest is not read",
				source, (unsigned long long)ld->lim->max_member_bytes);
	}
	if (ns.mr.over_total) {
		ld->limited = true;
		archive_problem(ld, "archive %s is larger than max_archive_bytes (%llu bytes decompressed): reading "
				"stopped in member %s, the members after it are not read",
				ld->name, (unsigned long long)ld->lim->max_archive_bytes, member);
	}
	if (ns.mr.failed || ns.mr.warned) {
		ld->corrupt = true;
		archive_problem(ld, "archive member %s is corrupt or truncated (%s)", source, ns.mr.error);
	}
	return rc;
}

/* The members of an inner archive, all into one stage (created on the
 * first log). Entries whose names are unsafe are refused, others skipped
 * unless they are logs or archives. */
static tfc_rc read_archive_stream(loader *ld, struct archive *a, const char *prefix, const char *stage_name,
				  int depth)
{
	struct archive_entry *e;
	uint64_t count = 0;
	tfc_rc rc = TFC_OK;
	const char *last = NULL;
	char *last_copy = NULL;
	while (rc == TFC_OK && !ld->stop) {
		int r = next_header(ld, a, &e, prefix, last, true);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			ld->corrupt = true;
			archive_problem(ld, "archive %s is corrupt or truncated after %s (%s): the members before are kept",
					prefix, last ? last : "its start", msg ? msg : "unreadable header");
			break;
		}
		if (++count > ld->lim->max_archive_members) {
			ld->limited = true;
			archive_problem(ld, "archive %s has more than max_archive_members (%llu) members: the rest is not read",
					prefix, (unsigned long long)ld->lim->max_archive_members);
			break;
		}
		const char *name = entry_name(e);
		if (!name)
			name = "";
		free(last_copy);
		last = last_copy = strdup(name);
		if (!last_copy)
			return TFC_ENOMEM;
		const char *p = skip_dot_slash(name);
		if (!*p)
			continue;
		char *source = source_of(prefix, name);
		if (!source)
			return TFC_ENOMEM;
		if (unsafe_name(p)) {
			ld->limited = true;
			archive_problem(ld, "archive member %s refused: unsafe name (absolute path or '..')", source);
		} else if (archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e) && !in_hidden_folder(p)) {
			const char *base = base_of(p);
			if (layout_is_archive_name(base)) {
				rc = read_nested(ld, a, source, name, stage_name, depth + 1);
			} else if (layout_is_log_name(base)) {
				size_t stage = use_stage(ld, stage_name);
				rc = stage == (size_t)-1 ? TFC_ENOMEM : read_member(ld, a, stage, source, source);
			}
		}
		free(source);
	}
	free(last_copy);
	return rc;
}

/* Pass two over the top-level archive, following the plan. */
static tfc_rc read_planned(loader *ld, struct archive *a, const plan *pl)
{
	struct archive_entry *e;
	tfc_rc rc = TFC_OK;
	size_t i = 0;
	bool reported = false;
	for (; i < pl->n && rc == TFC_OK && !ld->stop; i++) {
		int r = next_header(ld, a, &e, ld->name, i ? pl->m[i - 1].path : NULL, true);
		if (r == ARCHIVE_EOF || r < ARCHIVE_WARN) {
			const char *msg = r == ARCHIVE_EOF ? "ended early" : archive_error_string(a);
			ld->corrupt = true;
			reported = true;
			archive_problem(ld, "archive %s is corrupt or truncated after %s (%s): the members before are kept",
					ld->name, i ? pl->m[i - 1].path : "its start", msg ? msg : "unreadable header");
			break;
		}
		const member_plan *m = &pl->m[i];
		const char *name = entry_name(e);
		if (!name || strcmp(name, m->path) != 0) {
			archive_problem(ld, "archive %s changed while it was read (member %s): reading stopped", ld->name,
					m->path);
			reported = true;
			break;
		}
		if (m->kind == PLAN_SKIP)
			continue;
		char *source = source_of(ld->name, m->path);
		if (!source)
			return TFC_ENOMEM;
		if (m->kind == PLAN_UNSAFE) {
			ld->limited = true;
			archive_problem(ld, "archive member %s refused: unsafe name (absolute path or '..')", source);
		} else if (m->kind == PLAN_NESTED) {
			rc = read_nested(ld, a, source, m->path, m->stage, 1);
		} else {
			size_t stage = use_stage(ld, m->stage);
			rc = stage == (size_t)-1 ? TFC_ENOMEM : read_member(ld, a, stage, source, m->path);
		}
		free(source);
	}
	if (rc != TFC_OK || ld->stop || reported)
		return rc;
	if (!pl->scan_failed && !pl->too_many) {
		/* Damage after the last member shows only when looking past it. */
		next_header(ld, a, &e, ld->name, pl->n ? pl->m[pl->n - 1].path : NULL, true);
	} else if (pl->scan_failed) {
		ld->corrupt = true;
		archive_problem(ld, "archive %s is corrupt or truncated after %s (%s): the members before are kept",
				ld->name, pl->n ? pl->m[pl->n - 1].path : "its start", pl->scan_error);
	} else if (pl->too_many) {
		ld->limited = true;
		archive_problem(ld, "archive %s has more than max_archive_members (%llu) members: the rest is not read",
				ld->name, (unsigned long long)ld->lim->max_archive_members);
	}
	return rc;
}

/* A compressed single log: one member, one stage named after the file. */
static tfc_rc read_raw(loader *ld, struct archive *a)
{
	struct archive_entry *e;
	int r = archive_read_next_header(a, &e);
	if (r < ARCHIVE_WARN) {
		const char *msg = archive_error_string(a);
		ld->corrupt = true;
		archive_problem(ld, "compressed file %s cannot be read (%s)", ld->name, msg ? msg : "unreadable");
		return TFC_OK;
	}
	if (r == ARCHIVE_EOF)
		return TFC_OK;
	char stage_name[NAME_MAX_STAGE];
	raw_stage_name(ld->name, stage_name, sizeof stage_name);
	size_t stage = use_stage(ld, stage_name);
	if (stage == (size_t)-1)
		return TFC_ENOMEM;
	return read_member(ld, a, stage, ld->name, ld->name);
}

/* ---- entry points --------------------------------------------------------- */

static void set_err(tfc_error *err, const char *source, const char *msg)
{
	if (!err)
		return;
	snprintf(err->source, sizeof err->source, "%s", source);
	err->line = 0;
	snprintf(err->message, sizeof err->message, "%s", msg);
}

tfc_rc archive_load(tfc_timeline *tl, const char *path, tfc_error *err)
{
	if (err)
		*err = (tfc_error){0};
	if (!tl || !path) {
		set_err(err, path ? path : "", "no timeline or path");
		return TFC_EINVAL;
	}
	loader ld = {.tl = tl, .lim = tl_limits(tl), .name = path};
	plan pl = {0};
	char why[256];
	struct archive *a = open_path(path, false, why, sizeof why);
	if (!a && !layout_is_archive_name(base_of(path))) {
		/* apply.log.gz: a filter but no archive format; raw only then, so
		 * that a damaged .tar.gz is not read as one binary "log". */
		char why_raw[256];
		a = open_path(path, true, why_raw, sizeof why_raw);
		if (a && archive_filter_count(a) > 1) {
			pl.raw = true;
		} else if (a) {
			archive_read_free(a);
			a = NULL;
		}
	}
	if (!a) {
		char msg[400];
		snprintf(msg, sizeof msg, "cannot open as an archive: %s", why);
		set_err(err, path, msg);
		return strcmp(why, "out of memory") == 0 ? TFC_ENOMEM : TFC_EIO;
	}
	size_t first = tl_n_stages(tl);
	tfc_rc rc = TFC_OK;
	if (pl.raw) {
		rc = read_raw(&ld, a);
	} else {
		rc = scan(&ld, a, &pl);
		archive_read_free(a);
		a = NULL;
		if (rc == TFC_OK)
			rc = decide(&pl);
		if (rc == TFC_OK && !(a = open_path(path, false, why, sizeof why))) {
			ld.corrupt = true;
			archive_problem(&ld, "archive %s cannot be opened again (%s)", path, why);
		}
		if (rc == TFC_OK && a)
			rc = read_planned(&ld, a, &pl);
	}
	if (a)
		archive_read_free(a);
	plan_free(&pl);
	if (ld.rc != TFC_OK)
		rc = ld.rc;
	tfc_rc frc = flush_problems(&ld, err);
	free((char *)ld.first_name);
	tl_sort_stages(tl, first);
	if (rc == TFC_ENOMEM) {
		set_err(err, path, "out of memory");
		return rc;
	}
	return rc != TFC_OK ? rc : frc;
}

bool archive_sniff(const unsigned char *h, size_t n)
{
	if (!h)
		return false;
	if (n >= 4 && h[0] == 'P' && h[1] == 'K' &&
	    ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6) || (h[2] == 7 && h[3] == 8)))
		return true;
	if (n >= 3 && h[0] == 0x1f && h[1] == 0x8b && h[2] == 8)
		return true;
	if (n >= 6 && memcmp(h, "\xfd" "7zXZ\0", 6) == 0)
		return true;
	if (n >= 4 && memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0)
		return true;
	/* "BZh9" alone could start a text line; the block or end magic cannot. */
	if (n >= 10 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9' &&
	    (memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 || memcmp(h + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
		return true;
	if (n >= 262 && memcmp(h + 257, "ustar", 5) == 0)
		return true;
	return false;
}
