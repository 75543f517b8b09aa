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
#include "archive_members.h"
#include "layout.h"
#include "timeline_internal.h"

#define BLOCK_SIZE 65536
#define STAGE_NAME_MAX 256

/* Archive-level problems kept until a stage exists to carry them. */
#define MAX_PENDING 32

/* What pass one saw beyond the names. */
typedef struct scan_result {
	bool too_many;  /* more members than max_archive_members */
	bool failed;    /* pass one stopped at a corrupt header or data */
	bool over_budget; /* pass one stopped at max_archive_bytes (headers included) */
	char error[256];
} scan_result;

typedef struct loader {
	tfc_timeline *tl;
	const tfc_limits *lim;
	const char *name;       /* the archive's path as the caller gave it */
	uint64_t total;         /* decompressed bytes, nested archives included */
	bool stop;              /* a fatal error or the archive budget ended reading */
	bool read_any;          /* a stage received a member */
	bool corrupt;           /* something could not be decoded (else: refused by a limit or rule) */
	tfc_rc rc;              /* TFC_ENOMEM sticks */
	size_t load_first;      /* stages before this index came from earlier paths */
	size_t first_stage;     /* smallest-named stage used, for archive-level warnings */
	char *first_name;
	char *pend[MAX_PENDING];
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

/* "x.log.gz" → "x": the compression suffix and then the log's extension. */
static void raw_stage_name(const char *path, char *stage, size_t size)
{
	static const char *const exts[] = {".gz", ".xz", ".zst", ".bz2", ".z", ".lz4", ".lzma"};
	char tmp[STAGE_NAME_MAX];
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
	/* Stage names of an earlier path (another run's folder) are not reused. */
	size_t idx = tl_stage_for_load(ld->tl, ld->load_first, base_of(ld->name), name);
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
		free(ld->first_name);
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
	ld->pend[ld->n_pend++] = copy;
}

/* A member's source without the archive's own path in front, for messages
 * whose source already is the archive: "logs.zip:a/b.log" → "a/b.log". */
static const char *shown(const loader *ld, const char *source)
{
	size_t n = strlen(ld->name);
	return strncmp(source, ld->name, n) == 0 && source[n] == ':' ? source + n + 1 : source;
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
			tl_warn(ld->tl, ld->first_stage, src, 0, "%s", ld->pend[i]);
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
					 ld->pend[0], (unsigned long long)more);
			else
				snprintf(err->message, sizeof err->message, "nothing read: %.400s", ld->pend[0]);
		}
	}
	for (size_t i = 0; i < ld->n_pend; i++)
		free(ld->pend[i]);
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

/* The member's name, UTF-8 first: zip names flagged UTF-8 and pax names
 * have no form in the C locale the library runs in, while raw tar names
 * (any bytes) come back as stored. "" when neither works; both passes call
 * this, so their names agree. */
static const char *entry_name(struct archive_entry *e)
{
	const char *p = archive_entry_pathname_utf8(e);
	if (!p)
		p = archive_entry_pathname(e);
	return p ? p : "";
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

static tfc_rc scan(loader *ld, struct archive *a, members *ms, scan_result *sr)
{
	struct archive_entry *e;
	for (;;) {
		int r = next_header(ld, a, &e, NULL, NULL, false);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			sr->failed = true;
			snprintf(sr->error, sizeof sr->error, "%s", msg ? msg : "unreadable header");
			break;
		}
		if (ms->n == ld->lim->max_archive_members) {
			sr->too_many = true;
			break;
		}
		const char *name = entry_name(e);
		bool regular = archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e);
		if (!members_push(ms, name, regular))
			return TFC_ENOMEM;
		/* Data errors surface again, with the member's name, in pass two. */
		if (archive_read_data_skip(a) < ARCHIVE_WARN) {
			const char *msg = archive_error_string(a);
			sr->failed = true;
			snprintf(sr->error, sizeof sr->error, "%s", msg ? msg : "unreadable data");
			break;
		}
		/* Skipping a compressed tar decompresses it: a bomb must end here
		 * too. Pass two stops at the same budget, with the warning. */
		la_int64_t pos = archive_filter_bytes(a, 0);
		if (pos > 0 && (uint64_t)pos > ld->lim->max_archive_bytes) {
			sr->over_budget = true;
			break;
		}
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
	for (int empty = 0; size == 0; empty++) {
		if (mr->over_member || mr->over_total || mr->failed || mr->ld->stop)
			return 0;
		if (empty == 1 << 16) {
			/* A reader that keeps returning nothing would never end. */
			snprintf(mr->error, sizeof mr->error, "no progress in the data");
			mr->failed = true;
			return 0;
		}
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
static void member_warnings(loader *ld, size_t stage, const char *source, const char *mpath,
			    const member_reader *mr)
{
	const tfc_limits *lim = ld->lim;
	if (mr->over_member) {
		tl_warn(ld->tl, stage, source, 0,
			"archive member %s is larger than max_member_bytes (%llu bytes): the first %llu bytes "
			"are read, the rest is skipped",
			mpath, (unsigned long long)lim->max_member_bytes, (unsigned long long)mr->bytes);
	}
	if (mr->over_total) {
		tl_warn(ld->tl, stage, source, 0,
			"archive %s is larger than max_archive_bytes (%llu bytes decompressed): reading stopped "
			"in member %s, the members after it are not read",
			ld->name, (unsigned long long)lim->max_archive_bytes, mpath);
	}
	if (mr->failed || mr->warned) {
		ld->corrupt = true;
		tl_warn(ld->tl, stage, source, 0, "archive member %s is corrupt or truncated (%s)%s", mpath,
			mr->error, mr->failed ? ": the lines before are kept" : "");
	}
}

/* Stream the current member of a into a parser of stage. */
static tfc_rc read_member(loader *ld, struct archive *a, size_t stage, const char *source,
			  const char *mpath)
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
	member_warnings(ld, stage, interned, mpath, &mr);
	return TFC_OK;
}

/* libarchive read callback of an inner archive: the outer member's data. */
static la_ssize_t nested_read(struct archive *inner, void *ctx, const void **buf)
{
	member_reader *mr = ctx;
	size_t n = member_block(mr, buf);
	if (n == 0 && (mr->failed || mr->over_member || mr->over_total)) {
		archive_set_error(inner, EIO, "%s", mr->failed ? mr->error : "over a size limit");
		return -1;
	}
	return (la_ssize_t)n;
}

static tfc_rc read_archive_stream(loader *ld, struct archive *a, const char *prefix, const char *stage_name,
				  int depth);

/* Make a source name "prefix:member". */
static char *source_of(const char *prefix, const char *mpath)
{
	return str_printf("%s:%s", prefix, mpath);
}

/* An archive member that is itself an archive: its logs all go to
 * stage_name (the place it holds in the outer layout). */
static tfc_rc read_nested(loader *ld, struct archive *outer, const char *source, const char *mpath,
			  const char *stage_name, int depth)
{
	if (depth > ld->lim->max_archive_depth) {
		archive_problem(ld, "nested archive %s not read: archives deeper than max_archive_depth (%d) are refused",
				shown(ld, source), ld->lim->max_archive_depth);
		return TFC_OK;
	}
	member_reader mr = {.ld = ld, .a = outer};
	struct archive *inner = new_reader(false);
	if (!inner)
		return TFC_ENOMEM;
	tfc_rc rc = TFC_OK;
	if (archive_read_open(inner, &mr, NULL, nested_read, NULL) != ARCHIVE_OK) {
		const char *msg = archive_error_string(inner);
		ld->corrupt = true;
		archive_problem(ld, "nested archive %s cannot be read (%s)", shown(ld, source), msg ? msg : "unknown format");
	} else {
		rc = read_archive_stream(ld, inner, source, stage_name, depth);
	}
	archive_read_free(inner);
	/* The outer member itself (the inner archive's bytes) broke or ran over
	 * a limit: the inner reader only saw an I/O error, so say why here. */
	if (mr.over_member) {
		archive_problem(ld, "nested archive %s is larger than max_member_bytes (%llu bytes): the rest is not read",
				shown(ld, source), (unsigned long long)ld->lim->max_member_bytes);
	}
	if (mr.over_total) {
		archive_problem(ld, "archive %s is larger than max_archive_bytes (%llu bytes decompressed): reading "
				"stopped in member %s, the members after it are not read",
				ld->name, (unsigned long long)ld->lim->max_archive_bytes, mpath);
	}
	if (mr.failed || mr.warned) {
		ld->corrupt = true;
		archive_problem(ld, "archive member %s is corrupt or truncated (%s)", shown(ld, source), mr.error);
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
			archive_problem(ld, "archive %s has more than max_archive_members (%llu) members: the rest is not read",
					prefix, (unsigned long long)ld->lim->max_archive_members);
			break;
		}
		const char *name = entry_name(e);
		if (!*name && archive_entry_filetype(e) == AE_IFREG) {
			archive_problem(ld, "archive %s: a member after %s has no readable name and is skipped", shown(ld, prefix),
					last ? last : "its start");
			continue;
		}
		free(last_copy);
		last = last_copy = strdup(name);
		char *source = last_copy ? source_of(prefix, name) : NULL;
		if (!source) {
			rc = TFC_ENOMEM;
			break;
		}
		const char *p = member_skip_dot_slash(name);
		if (!*p) {
			free(source);
			continue;
		}
		if (member_unsafe_name(p)) {
			archive_problem(ld, "archive member %s refused: unsafe name (absolute path or '..')", shown(ld, source));
		} else if (archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e) && !member_in_hidden_folder(p)) {
			const char *base = base_of(p);
			if (layout_is_archive_name(base)) {
				rc = read_nested(ld, a, source, name, stage_name, depth + 1);
			} else if (layout_is_log_name(base)) {
				size_t stage = use_stage(ld, stage_name);
				rc = stage == (size_t)-1 ? TFC_ENOMEM : read_member(ld, a, stage, source, shown(ld, source));
			}
		}
		free(source);
	}
	free(last_copy);
	return rc;
}

/* Pass two over the top-level archive, doing what pass one decided. */
static tfc_rc read_decided(loader *ld, struct archive *a, const members *ms, const scan_result *sr)
{
	struct archive_entry *e;
	tfc_rc rc = TFC_OK;
	size_t i = 0;
	bool reported = false;
	for (; i < ms->n && rc == TFC_OK && !ld->stop; i++) {
		const char *prev = i ? ms->m[i - 1].path : NULL;
		int r = next_header(ld, a, &e, ld->name, prev, true);
		if (r == ARCHIVE_EOF || r < ARCHIVE_WARN) {
			const char *msg = r == ARCHIVE_EOF ? "ended early" : archive_error_string(a);
			ld->corrupt = true;
			reported = true;
			archive_problem(ld, "archive %s is corrupt or truncated after %s (%s): the members before are kept",
					ld->name, prev ? prev : "its start", msg ? msg : "unreadable header");
			break;
		}
		const member *m = &ms->m[i];
		const char *name = entry_name(e);
		if (strcmp(name, m->path) != 0) {
			archive_problem(ld, "archive %s changed while it was read (member %s): reading stopped", ld->name,
					m->path);
			reported = true;
			break;
		}
		if (!*m->path && m->regular)
			archive_problem(ld, "archive %s: a member after %s has no readable name and is skipped", ld->name,
					prev ? prev : "its start");
		if (m->kind == MEMBER_SKIP)
			continue;
		char *source = source_of(ld->name, m->path);
		if (!source)
			return TFC_ENOMEM;
		if (m->kind == MEMBER_UNSAFE) {
			archive_problem(ld, "archive member %s refused: unsafe name (absolute path or '..')", shown(ld, source));
		} else if (m->kind == MEMBER_NESTED) {
			rc = read_nested(ld, a, source, m->path, m->stage, 1);
		} else {
			size_t stage = use_stage(ld, m->stage);
			rc = stage == (size_t)-1 ? TFC_ENOMEM : read_member(ld, a, stage, source, m->path);
		}
		free(source);
	}
	if (rc != TFC_OK || ld->stop || reported)
		return rc;
	const char *last = ms->n ? ms->m[ms->n - 1].path : NULL;
	if (!sr->failed && !sr->too_many && !sr->over_budget) {
		/* Damage after the last member shows only when looking past it. */
		next_header(ld, a, &e, ld->name, last, true);
	} else if (sr->failed) {
		ld->corrupt = true;
		archive_problem(ld, "archive %s is corrupt or truncated after %s (%s): the members before are kept",
				ld->name, last ? last : "its start", sr->error);
	} else if (sr->too_many) {
		archive_problem(ld, "archive %s has more than max_archive_members (%llu) members: the rest is not read",
				ld->name, (unsigned long long)ld->lim->max_archive_members);
	} else {
		archive_problem(ld, "archive %s is larger than max_archive_bytes (%llu bytes decompressed): reading "
				"stopped after member %s, the members after it are not read",
				ld->name, (unsigned long long)ld->lim->max_archive_bytes, last ? last : "(none)");
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
	char stage_name[STAGE_NAME_MAX];
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

/* Both passes over an archive opened as a. */
static tfc_rc load_members(loader *ld, struct archive *a)
{
	members ms = {0};
	scan_result sr = {0};
	char why[256];
	tfc_rc rc = scan(ld, a, &ms, &sr);
	archive_read_free(a);
	if (rc == TFC_OK)
		rc = members_decide(&ms);
	if (rc == TFC_OK) {
		a = open_path(ld->name, false, why, sizeof why);
		if (a) {
			rc = read_decided(ld, a, &ms, &sr);
			archive_read_free(a);
		} else {
			ld->corrupt = true;
			archive_problem(ld, "archive %s cannot be opened again (%s)", ld->name, why);
		}
	}
	members_free(&ms);
	return rc;
}

tfc_rc archive_load(tfc_timeline *tl, const char *path, tfc_error *err)
{
	if (err)
		*err = (tfc_error){0};
	if (!tl || !path) {
		set_err(err, path ? path : "", "no timeline or path");
		return TFC_EINVAL;
	}
	char why[256];
	bool raw = false;
	struct archive *a = open_path(path, false, why, sizeof why);
	if (!a && !layout_is_archive_name(base_of(path))) {
		/* apply.log.gz: a filter but no archive format; raw only then, so
		 * that a damaged .tar.gz is not read as one binary "log". */
		char why_raw[256];
		a = open_path(path, true, why_raw, sizeof why_raw);
		if (a && archive_filter_count(a) > 1) {
			raw = true;
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
	loader ld = {.tl = tl, .lim = tl_limits(tl), .name = path, .load_first = first};
	tfc_rc rc;
	if (raw) {
		rc = read_raw(&ld, a);
		archive_read_free(a);
	} else {
		rc = load_members(&ld, a);
	}
	if (ld.rc != TFC_OK)
		rc = ld.rc;
	tfc_rc frc = flush_problems(&ld, err);
	free(ld.first_name);
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
