/* layout.c — which names are logs or archives, and which stage a path inside
 * a folder or an archive belongs to (rules shared by input.c and archive.c). */
#include "layout.h"

#include <string.h>
#include <strings.h>

/* Suffixes read as logs; everything else with an extension is not a log. */
static const char *const log_exts[] = {".log", ".txt", ".out", ".jsonl", ".json"};

/* Longest first where one is a suffix of another (".tar.gz" before ".gz"
 * does not matter here: a bare ".gz" is not an archive we lay out). */
static const char *const archive_exts[] = {
	".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz",
	".tar.zst", ".tzst", ".tar.bz2", ".tbz2",
};

static bool ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The extension: from the last '.' that is not the first character. */
static const char *ext_of(const char *base)
{
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot : NULL;
}

bool layout_is_log_name(const char *basename)
{
	if (!basename || !*basename || basename[0] == '.')
		return false;
	size_t len = strlen(basename);
	/* Written by the Nebari plugin next to each log: metadata, not a log. */
	if (ends_with_ci(basename, len, ".meta.json"))
		return false;
	const char *ext = ext_of(basename);
	if (!ext)
		return true;
	for (size_t i = 0; i < sizeof log_exts / sizeof log_exts[0]; i++)
		if (strcasecmp(ext, log_exts[i]) == 0)
			return true;
	return false;
}

bool layout_is_archive_name(const char *basename)
{
	if (!basename || !*basename || basename[0] == '.')
		return false;
	size_t len = strlen(basename);
	for (size_t i = 0; i < sizeof archive_exts / sizeof archive_exts[0]; i++) {
		size_t n = strlen(archive_exts[i]);
		/* "x.zip" yes, ".zip" alone (hidden) was refused above. */
		if (len > n && ends_with_ci(basename, len, archive_exts[i]))
			return true;
	}
	return false;
}

static void copy_name(char *dst, size_t size, const char *src, size_t len)
{
	if (!size)
		return;
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

bool layout_stage_for(const char *relpath, char *stage, size_t size)
{
	if (!relpath)
		return false;
	/* "./a.log" and "/a.log" lay out like "a.log" (callers refuse unsafe
	 * names before asking; this only normalises). */
	for (;;) {
		if (relpath[0] == '.' && relpath[1] == '/')
			relpath += 2;
		else if (relpath[0] == '/')
			relpath++;
		else
			break;
	}
	const char *base = base_of(relpath);
	if (!layout_is_log_name(base))
		return false;
	/* Hidden folders (.terraform/, .git/) and ".." hold no stage logs. */
	for (const char *c = relpath; c < base; c++)
		if (*c == '.' && (c == relpath || c[-1] == '/'))
			return false;
	const char *slash = strchr(relpath, '/');
	if (slash) {
		/* Inside a subfolder: the top folder is the stage. */
		copy_name(stage, size, relpath, (size_t)(slash - relpath));
		return true;
	}
	const char *ext = ext_of(base);
	copy_name(stage, size, base, ext ? (size_t)(ext - base) : strlen(base));
	return true;
}

void layout_stage_for_file(const char *path, char *stage, size_t size)
{
	if (!size)
		return;
	if (!path) {
		stage[0] = '\0';
		return;
	}
	/* "logs/apply.log/" names the same file as "logs/apply.log". */
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	const char *base = path;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/')
			base = path + i + 1;
	size_t blen = (size_t)(path + len - base);
	const char *dot = NULL;
	for (size_t i = 1; i < blen; i++)
		if (base[i] == '.')
			dot = base + i;
	copy_name(stage, size, base, dot ? (size_t)(dot - base) : blen);
}
