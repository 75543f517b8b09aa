/* input.c — command-line inputs into the timeline: a file, a folder of stage
 * logs (layout.h), an archive (archive_input.h) or standard input. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_input.h"
#include "layout.h"
#include "timeline_internal.h"

#define READ_CHUNK (1u << 20)
/* Regular files are mapped a window at a time: no copy from the kernel, and
 * resident memory stays at one window whatever the file's size. */
#define MAP_WINDOW ((size_t)16 << 20)

/* Feed a regular file through mmap windows. Returns false when mapping is
 * not possible (then the caller reads instead); *rc is the parser's result. */
static bool feed_mapped(tfc_parser *p, int fd, tfc_rc *rc)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0)
		return false;
	off_t size = sb.st_size, off = 0;
	*rc = TFC_OK;
	while (off < size && *rc == TFC_OK) {
		size_t len = (size_t)(size - off) < MAP_WINDOW ? (size_t)(size - off) : MAP_WINDOW;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, off);
		if (map == MAP_FAILED) {
			/* the caller reads the rest from here */
			lseek(fd, off, SEEK_SET);
			return false;
		}
		madvise(map, len, MADV_SEQUENTIAL | MADV_WILLNEED);
		*rc = tfc_parser_feed(p, map, len);
		munmap(map, len);
		off += (off_t)len;
	}
	lseek(fd, off, SEEK_SET);
	return true;
}

static void set_err(tfc_error *err, const char *source, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(tfc_error *err, const char *source, const char *fmt, ...)
{
	if (!err)
		return;
	snprintf(err->source, sizeof err->source, "%s", source);
	err->line = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* Stream an open descriptor into a new parser for stage. A read error after
 * some bytes keeps what was read and becomes a warning. */
static tfc_rc feed_fd(tfc_timeline *tl, size_t stage, int fd, const char *source, const tfc_load_options *opts,
		      tfc_error *err)
{
	tfc_parser *p = tfc_parser_new(tl, stage, source);
	char *buf = malloc(READ_CHUNK);
	if (!p || !buf) {
		tfc_parser_free(p);
		free(buf);
		set_err(err, source, "%s", "out of memory");
		return TFC_ENOMEM;
	}
	tfc_rc rc = TFC_OK;
	bool mapped = !(opts && opts->tee) && feed_mapped(p, fd, &rc);
	for (; !mapped;) {
		ssize_t n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tl_warn(tl, stage, source, 0, "read error: %s (what was read before is kept)", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (opts && opts->tee)
			opts->tee(buf, (size_t)n, opts->tee_ctx);
		rc = tfc_parser_feed(p, buf, (size_t)n);
		if (rc != TFC_OK)
			break;
	}
	if (rc == TFC_OK)
		rc = tfc_parser_finish(p);
	tfc_parser_free(p);
	free(buf);
	if (rc != TFC_OK)
		set_err(err, source, "%s", rc == TFC_ENOMEM ? "out of memory" : "cannot parse");
	return rc;
}

static tfc_rc load_file_into(tfc_timeline *tl, size_t stage, const char *path, tfc_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		const char *source = tl_add_source(tl, stage, path); /* warnings keep the pointer */
		if (!source)
			return TFC_ENOMEM;
		tl_warn(tl, stage, source, 0, "cannot open: %s", strerror(e));
		return TFC_OK;
	}
	tfc_rc rc = feed_fd(tl, stage, fd, path, NULL, err);
	close(fd);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a folder (without . and ..); NULL with *n = 0 on error. */
static char **list_dir(const char *path, size_t *n)
{
	*n = 0;
	DIR *d = opendir(path);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **p = realloc(names, nc * sizeof *p);
			if (!p)
				break;
			names = p;
			cap = nc;
		}
		if (!(names[*n] = strdup(de->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (names)
		qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	}
	return p;
}

/* Every log below dir (recursively, sorted) becomes a source of stage. */
typedef struct load_ctx {
	size_t first;          /* stages before this index belong to earlier paths */
	const char *qualifier; /* names this path when its stage names clash */
} load_ctx;

static tfc_rc load_tree_into(tfc_timeline *tl, const load_ctx *lc, size_t *stage, const char *stage_name,
			     const char *dir, int depth, tfc_error *err)
{
	size_t n;
	char **names = list_dir(dir, &n);
	tfc_rc rc = TFC_OK;
	for (size_t i = 0; i < n && rc == TFC_OK; i++) {
		char *path = join(dir, names[i]);
		struct stat sb;
		if (!path) {
			rc = TFC_ENOMEM;
			break;
		}
		if (stat(path, &sb) == 0) {
			if (S_ISDIR(sb.st_mode) && depth < 8 && names[i][0] != '.') {
				rc = load_tree_into(tl, lc, stage, stage_name, path, depth + 1, err);
			} else if (S_ISREG(sb.st_mode) && layout_is_log_name(names[i])) {
				if (*stage == (size_t)-1)
					*stage = tl_stage_for_load(tl, lc->first, lc->qualifier, stage_name);
				if (*stage == (size_t)-1)
					rc = TFC_ENOMEM;
				else
					rc = load_file_into(tl, *stage, path, err);
			}
		}
		free(path);
	}
	free_list(names, n);
	return rc;
}

/* The last path component of path (without trailing slashes) into out. */
static void base_name(const char *path, char *out, size_t size)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	snprintf(out, size, "%.*s", (int)(n - start), path + start);
}

static bool looks_like_archive(const char *path)
{
	const char *base = strrchr(path, '/');
	if (layout_is_archive_name(base ? base + 1 : path))
		return true;
	unsigned char head[512];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	return n > 0 && archive_sniff(head, (size_t)n);
}

/* An archive in a folder that yielded nothing: the folder is still read,
 * and the reason becomes a warning of a stage named after the archive. */
static tfc_rc archive_unreadable(tfc_timeline *tl, const load_ctx *lc, const char *name, const char *path,
				 tfc_error *err)
{
	char stage_name[256];
	layout_stage_for_file(name, stage_name, sizeof stage_name);
	size_t stage = tl_stage_for_load(tl, lc->first, lc->qualifier, stage_name);
	const char *source = stage == (size_t)-1 ? NULL : tl_add_source(tl, stage, path);
	if (!source)
		return TFC_ENOMEM;
	tl_warn(tl, stage, source, 0, "%s", err->message[0] ? err->message : "cannot read the archive");
	*err = (tfc_error){0};
	return TFC_OK;
}

static tfc_rc load_dir(tfc_timeline *tl, const char *dir, tfc_error *err)
{
	char qualifier[256];
	base_name(dir, qualifier, sizeof qualifier);
	load_ctx lc = {.first = tl_n_stages(tl), .qualifier = qualifier};
	size_t n;
	char **names = list_dir(dir, &n);
	if (!names && n == 0) {
		DIR *d = opendir(dir);
		if (!d) {
			set_err(err, dir, "cannot read folder: %s", strerror(errno));
			return TFC_EIO;
		}
		closedir(d);
	}
	tfc_rc rc = TFC_OK;
	for (size_t i = 0; i < n && rc == TFC_OK; i++) {
		if (names[i][0] == '.')
			continue;
		char *path = join(dir, names[i]);
		struct stat sb;
		if (!path) {
			rc = TFC_ENOMEM;
			break;
		}
		if (stat(path, &sb) == 0) {
			if (S_ISDIR(sb.st_mode)) {
				size_t stage = (size_t)-1;
				rc = load_tree_into(tl, &lc, &stage, names[i], path, 0, err);
			} else if (S_ISREG(sb.st_mode) && layout_is_archive_name(names[i])) {
				rc = archive_load(tl, path, err);
				if (rc == TFC_EIO || rc == TFC_ELIMIT)
					rc = archive_unreadable(tl, &lc, names[i], path, err);
			} else if (S_ISREG(sb.st_mode) && layout_is_log_name(names[i])) {
				char stage_name[256];
				layout_stage_for(names[i], stage_name, sizeof stage_name);
				size_t stage = tl_stage_for_load(tl, lc.first, lc.qualifier, stage_name);
				rc = stage == (size_t)-1 ? TFC_ENOMEM : load_file_into(tl, stage, path, err);
			}
		}
		free(path);
	}
	free_list(names, n);
	return rc;
}

static tfc_rc load_any(tfc_timeline *tl, const char *path, const tfc_load_options *opts, tfc_error *err);

/* A folder or archive in which no log was found is an input that could not
 * be read: say so rather than report an empty run. */
tfc_rc tfc_load_path(tfc_timeline *tl, const char *path, const tfc_load_options *opts, tfc_error *err)
{
	tfc_error scratch;
	if (!err)
		err = &scratch; /* the loaders below pass messages through it */
	size_t before = tl ? tl_n_stages(tl) : 0;
	tfc_rc rc = load_any(tl, path, opts, err);
	if (rc == TFC_OK && tl_n_stages(tl) == before) {
		set_err(err, path, "no log files found (see docs/inputs.md for which names are read)");
		return TFC_EIO;
	}
	return rc;
}

static tfc_rc load_any(tfc_timeline *tl, const char *path, const tfc_load_options *opts, tfc_error *err)
{
	if (err)
		*err = (tfc_error){0};
	if (!tl || !path) {
		set_err(err, "", "%s", "no path");
		return TFC_EINVAL;
	}
	if (strcmp(path, "-") == 0) {
		size_t stage = tfc_timeline_stage(tl, "stdin");
		if (stage == (size_t)-1)
			return TFC_ENOMEM;
		return feed_fd(tl, stage, STDIN_FILENO, "-", opts, err);
	}
	struct stat sb;
	if (stat(path, &sb) != 0) {
		set_err(err, path, "cannot open: %s", strerror(errno));
		return TFC_EIO;
	}
	if (S_ISDIR(sb.st_mode))
		return load_dir(tl, path, err);
	if (!S_ISREG(sb.st_mode) || !looks_like_archive(path)) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			set_err(err, path, "cannot open: %s", strerror(errno));
			return TFC_EIO;
		}
		/* Files given together with one name (apply.log, apply.jsonl) are
		 * renderings of one run: they share the stage. */
		char stage_name[256];
		layout_stage_for_file(path, stage_name, sizeof stage_name);
		size_t stage = tfc_timeline_stage(tl, stage_name);
		tfc_rc rc = stage == (size_t)-1 ? TFC_ENOMEM : feed_fd(tl, stage, fd, path, opts, err);
		close(fd);
		return rc;
	}
	return archive_load(tl, path, err);
}
