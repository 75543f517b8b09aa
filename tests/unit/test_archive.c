/* test_archive.c — archives (parser/src/archive.c): every format gives the
 * same report as the folder it was made from, and damaged or hostile
 * archives give clear warnings and lose nothing else. Archives are written
 * in the test with libarchive's write API. */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_input.h"
#include "timeline_internal.h"

/* ---- fixtures --------------------------------------------------------- */

typedef struct member {
	const char *name;
	const char *data;  /* NULL: a directory (or a symlink when link is set) */
	const char *link;
} member;

static const char net_log[] =
	"\x1b[0m\x1b[1maws_vpc.main: Creating...\x1b[0m\n"
	"\x1b[0m\x1b[1maws_vpc.main: Creation complete after 2s [id=vpc-0a1]\x1b[0m\n"
	"\x1b[0m\x1b[1maws_subnet.a[0]: Creating...\x1b[0m\n"
	"\x1b[0m\x1b[1maws_subnet.a[0]: Creation complete after 1s [id=subnet-1]\x1b[0m\n";

static const char apply_log[] =
	"module.db.aws_db_instance.this: Creating...\n"
	"module.db.aws_db_instance.this: Still creating... [10s elapsed]\n"
	"module.db.aws_db_instance.this: Still creating... [20s elapsed]\n"
	"module.db.aws_db_instance.this: Creation complete after 25s [id=db-1]\n"
	"aws_instance.web[\"a\"]: Creating...\n"
	"aws_instance.web[\"a\"]: Creation complete after 12s [id=i-1]\n"
	"\n"
	"Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n";

static const char extra_log[] =
	"aws_route53_record.www: Creating...\n"
	"aws_route53_record.www: Creation complete after 40s [id=Z1_www]\n";

static const char destroy_log[] =
	"aws_instance.old: Destroying... [id=i-0]\n"
	"aws_instance.old: Destruction complete after 31s\n"
	"\n"
	"Destroy complete! Resources: 1 destroyed.\n";

/* In the order the folder loader walks them (sorted, depth first), so
 * sources and first sightings come in the same order from both. */
static const member stage_files[] = {
	{"01-net.log", net_log, NULL},
	{"02-apply/apply.log", apply_log, NULL},
	{"02-apply/dns/extra.log", extra_log, NULL},
	{"03-destroy.txt", destroy_log, NULL},
	{"02-apply/main.tf", "resource \"null_resource\" \"x\" {}\n", NULL},
};
#define N_STAGE_FILES (sizeof stage_files / sizeof stage_files[0])

static char tmp_root[256];

static int make_root(void **state)
{
	(void)state;
	snprintf(tmp_root, sizeof tmp_root, "/tmp/tfc_test_archive_XXXXXX");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int remove_root(void **state)
{
	(void)state;
	if (getenv("TFC_KEEP_TMP")) {
		fprintf(stderr, "kept %s\n", tmp_root);
		return 0;
	}
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *rel)
{
	static char path[2][512];
	static int which;
	which ^= 1;
	snprintf(path[which], sizeof path[which], "%s/%s", tmp_root, rel);
	return path[which];
}

static void mkdirs_for(const char *path)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *c = buf + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", buf, strerror(errno));
		*c = '/';
	}
}

static void write_file(const char *path, const void *data, size_t len)
{
	mkdirs_for(path);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Write the stage files under dir/prefix (prefix "" or "logs/"). */
static void write_tree(const char *dir)
{
	for (size_t i = 0; i < N_STAGE_FILES; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, stage_files[i].name);
		write_file(path, stage_files[i].data, strlen(stage_files[i].data));
	}
}

typedef enum kind { K_ZIP, K_ZIP_STORE, K_TAR, K_TGZ, K_TXZ, K_TZST, K_TBZ2, K_GNU_TGZ } kind;

static void add_member(struct archive *a, const char *name, const void *data, size_t len, const char *link)
{
	struct archive_entry *e = archive_entry_new();
	assert_non_null(e);
	archive_entry_set_pathname_utf8(e, name); /* pax and zip store UTF-8 */
	archive_entry_set_mtime(e, 1700000000, 0);
	if (link) {
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_perm(e, 0777);
		archive_entry_set_symlink(e, link);
		archive_entry_set_size(e, 0);
	} else if (!data) {
		archive_entry_set_filetype(e, AE_IFDIR);
		archive_entry_set_perm(e, 0755);
		archive_entry_set_size(e, 0);
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
	}
	if (archive_write_header(a, e) != ARCHIVE_OK)
		fail_msg("write header %s: %s", name, archive_error_string(a));
	if (data && len && archive_write_data(a, data, len) != (la_ssize_t)len)
		fail_msg("write data %s: %s", name, archive_error_string(a));
	archive_entry_free(e);
}

static struct archive *writer(kind k)
{
	struct archive *a = archive_write_new();
	assert_non_null(a);
	switch (k) {
	case K_ZIP:
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
		break;
	case K_ZIP_STORE:
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
		assert_int_equal(archive_write_set_options(a, "zip:compression=store"), ARCHIVE_OK);
		break;
	case K_GNU_TGZ:
		assert_int_equal(archive_write_set_format_gnutar(a), ARCHIVE_OK);
		break;
	default:
		assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		break;
	}
	int r = ARCHIVE_OK;
	switch (k) {
	case K_TGZ:
	case K_GNU_TGZ: r = archive_write_add_filter_gzip(a); break;
	case K_TXZ: r = archive_write_add_filter_xz(a); break;
	case K_TZST: r = archive_write_add_filter_zstd(a); break;
	case K_TBZ2: r = archive_write_add_filter_bzip2(a); break;
	default: break;
	}
	assert_int_equal(r, ARCHIVE_OK);
	return a;
}

/* Write members (name, data) to path in the given kind. */
static void write_archive(const char *path, kind k, const member *m, size_t n)
{
	struct archive *a = writer(k);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++)
		add_member(a, m[i].name, m[i].data, m[i].data ? strlen(m[i].data) : 0, m[i].link);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* Members into memory (for nesting an archive inside another). */
static char *archive_bytes(kind k, const member *m, size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	assert_non_null(buf);
	struct archive *a = writer(k);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++)
		add_member(a, m[i].name, m[i].data, m[i].data ? strlen(m[i].data) : 0, m[i].link);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return buf;
}

/* The stage files prefixed by top ("" or "logs/"), with folder entries as
 * real archivers write them. */
static void write_stage_archive(const char *path, kind k, const char *top)
{
	member m[N_STAGE_FILES + 4];
	char names[N_STAGE_FILES + 4][128];
	size_t n = 0;
	if (*top) {
		snprintf(names[n], sizeof names[n], "%s", top);
		m[n] = (member){names[n], NULL, NULL};
		n++;
	}
	for (size_t i = 0; i < N_STAGE_FILES; i++) {
		snprintf(names[n], sizeof names[n], "%s%s", top, stage_files[i].name);
		m[n] = (member){names[n], stage_files[i].data, NULL};
		n++;
	}
	write_archive(path, k, m, n);
}

/* ---- loading and comparing ---------------------------------------------- */

static tfc_timeline *load(const char *path, const tfc_limits *lim, tfc_rc want)
{
	tfc_timeline *tl = tfc_timeline_new(lim);
	assert_non_null(tl);
	tfc_error err;
	tfc_rc rc = tfc_load_path(tl, path, NULL, &err);
	if (rc != want)
		fail_msg("loading %s: rc %d, want %d (%s: %s)", path, rc, want, err.source, err.message);
	assert_int_equal(tfc_timeline_finish(tl), TFC_OK);
	return tl;
}

/* Replace every from with to in s (new string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	for (const char *p = strstr(s, from); p; p = strstr(p + fl, from))
		n++;
	char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1);
	assert_non_null(out);
	char *o = out;
	for (const char *p; (p = strstr(s, from)); s = p + fl) {
		memcpy(o, s, (size_t)(p - s));
		o += p - s;
		memcpy(o, to, tl);
		o += tl;
	}
	strcpy(o, s);
	return out;
}

static const tfc_stage *stage_named(const tfc_timeline *tl, const char *name)
{
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, i);
		if (strcmp(st->name, name) == 0)
			return st;
	}
	fail_msg("no stage %s", name);
	return NULL;
}

static bool has_stage(const tfc_timeline *tl, const char *needle)
{
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++)
		if (strstr(tfc_timeline_get_stage(tl, i)->name, needle))
			return true;
	return false;
}

/* The warning (of any stage) whose message contains all of a and b. */
static const tfc_warning *find_warning(const tfc_timeline *tl, const char *a, const char *b)
{
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++) {
		const tfc_stage *st = tfc_timeline_get_stage(tl, i);
		for (size_t j = 0; j < st->n_warnings; j++)
			if (strstr(st->warnings[j].message, a) && (!b || strstr(st->warnings[j].message, b)))
				return &st->warnings[j];
	}
	return NULL;
}

static void expect_warning(const tfc_timeline *tl, const char *a, const char *b)
{
	if (!find_warning(tl, a, b)) {
		char *json = tu_render(tl, TFC_FORMAT_JSON);
		fprintf(stderr, "%s\n", json);
		free(json);
		fail_msg("no warning with \"%s\" and \"%s\" (report above)", a, b ? b : "");
	}
}

static uint64_t total_warnings(const tfc_timeline *tl)
{
	uint64_t n = 0;
	for (size_t i = 0; i < tfc_timeline_n_stages(tl); i++)
		n += tfc_timeline_get_stage(tl, i)->n_warnings_total;
	return n;
}

/* The reference: the stage files loaded as a folder. */
static char *folder_json(const char *dir)
{
	write_tree(dir);
	tfc_timeline *tl = load(dir, NULL, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 3);
	char *json = tu_render(tl, TFC_FORMAT_JSON);
	tfc_timeline_free(tl);
	return json;
}

/* An archive of the stage files reads exactly like the folder: the same
 * JSON once "archive:" source prefixes are mapped to the folder's path. */
static void same_as_folder(kind k, const char *name, const char *top)
{
	char dir[512], arch[512], from[600], to[600];
	snprintf(dir, sizeof dir, "%s/%s_folder/%s", tmp_root, name, top);
	char *want = folder_json(dir);
	snprintf(arch, sizeof arch, "%s/%s", tmp_root, name);
	write_stage_archive(arch, k, top);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	char *got = tu_render(tl, TFC_FORMAT_JSON);
	snprintf(from, sizeof from, "\"%s:%s", arch, top);
	snprintf(to, sizeof to, "\"%s/", dir);
	char *mapped = replace_all(got, from, to);
	/* dir ends in '/' when top is a folder: "…/logs//x.log" vs "…/logs/x.log". */
	char *mapped_want = replace_all(want, "//", "/");
	char *mapped_got = replace_all(mapped, "//", "/");
	if (strcmp(mapped_got, mapped_want) != 0)
		fail_msg("%s differs from its folder:\n--- folder\n%s\n--- archive\n%s", name, mapped_want,
			 mapped_got);
	assert_int_equal(total_warnings(tl), 0);
	const tfc_stage *apply = stage_named(tl, "02-apply");
	assert_int_equal(apply->n_ops, 3);
	assert_int_equal(apply->n_sources, 2);
	free(want);
	free(got);
	free(mapped);
	free(mapped_want);
	free(mapped_got);
	tfc_timeline_free(tl);
}

/* ---- formats ------------------------------------------------------------ */

static void zip_like_folder(void **s) { (void)s; same_as_folder(K_ZIP, "logs.zip", ""); }
static void zip_store_like_folder(void **s) { (void)s; same_as_folder(K_ZIP_STORE, "stored.zip", ""); }
static void tar_like_folder(void **s) { (void)s; same_as_folder(K_TAR, "logs.tar", ""); }
static void tgz_like_folder(void **s) { (void)s; same_as_folder(K_TGZ, "logs.tgz", ""); }
static void txz_like_folder(void **s) { (void)s; same_as_folder(K_TXZ, "logs.tar.xz", ""); }
static void tzst_like_folder(void **s) { (void)s; same_as_folder(K_TZST, "logs.tar.zst", ""); }
static void tbz2_like_folder(void **s) { (void)s; same_as_folder(K_TBZ2, "logs.tar.bz2", ""); }

/* `tar czf x.tgz logs/` and GitHub artifact zips: one top folder, stripped. */
static void top_folder_stripped(void **s)
{
	(void)s;
	same_as_folder(K_TGZ, "top.tar.gz", "logs/");
	same_as_folder(K_ZIP, "top.zip", "artifact/");
}

/* `tar -C dir .` writes "./x": the same as "x". */
static void dot_slash_names(void **s)
{
	(void)s;
	member m[] = {{"./", NULL, NULL}, {"./01-net.log", net_log, NULL}, {"./02-apply/apply.log", apply_log, NULL}};
	const char *arch = tmp_path("dots.tar");
	write_archive(arch, K_TAR, m, 3);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	assert_string_equal(tfc_timeline_get_stage(tl, 0)->name, "01-net");
	assert_string_equal(tfc_timeline_get_stage(tl, 1)->name, "02-apply");
	assert_int_equal(stage_named(tl, "02-apply")->n_ops, 2);
	char want[600];
	snprintf(want, sizeof want, "%s:./01-net.log", arch);
	assert_string_equal(tfc_timeline_get_stage(tl, 0)->sources[0], want);
	assert_int_equal(total_warnings(tl), 0);
	tfc_timeline_free(tl);
}

/* Links, folders and hidden folders are never stages. */
static void links_and_hidden_skipped(void **s)
{
	(void)s;
	member m[] = {
		{"apply.log", apply_log, NULL},
		{"link.log", NULL, "/etc/passwd"},
		{"emptydir/", NULL, NULL},
		{".terraform/providers.log", net_log, NULL},
		{".hidden.log", net_log, NULL},
		{"notes.md", "# notes\n", NULL},
	};
	const char *arch = tmp_path("links.tar.gz");
	write_archive(arch, K_TGZ, m, sizeof m / sizeof m[0]);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 1);
	assert_string_equal(tfc_timeline_get_stage(tl, 0)->name, "apply");
	assert_int_equal(tfc_timeline_get_stage(tl, 0)->n_sources, 1);
	assert_int_equal(total_warnings(tl), 0);
	tfc_timeline_free(tl);
}

/* Names in UTF-8 read in the C locale the library runs in, both passes
 * agreeing on them: zip flags them as UTF-8, GNU tar stores the raw bytes. */
static void unicode_names(void **s)
{
	(void)s;
	const char *dir = "\u00fcn\u00ef-stage", *file = "\u65e5\u672c";
	member m[] = {{"\u00fcn\u00ef-stage/apply.log", apply_log, NULL}, {"\u65e5\u672c.log", net_log, NULL}};
	const char *zip = tmp_path("unicode.zip");
	write_archive(zip, K_ZIP, m, 2);

	const char *tgz = tmp_path("unicode.tgz");
	struct archive *a = writer(K_GNU_TGZ);
	assert_int_equal(archive_write_open_filename(a, tgz), ARCHIVE_OK);
	for (size_t i = 0; i < 2; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name); /* bytes as they are */
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)strlen(m[i].data));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		archive_write_data(a, m[i].data, strlen(m[i].data));
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	const char *paths[] = {zip, tgz};
	for (size_t k = 0; k < 2; k++) {
		tfc_timeline *tl = load(paths[k], NULL, TFC_OK);
		assert_int_equal(tfc_timeline_n_stages(tl), 2);
		assert_int_equal(stage_named(tl, dir)->n_ops, 2);
		assert_int_equal(stage_named(tl, file)->n_ops, 2);
		assert_int_equal(total_warnings(tl), 0);
		tfc_timeline_free(tl);
	}
}

/* ---- damage ------------------------------------------------------------- */

/* A member large enough that the middle of the archive falls inside it. */
static char *big_log(size_t *len)
{
	size_t cap = 1000000, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "aws_eks_cluster.big: Creating...\n");
	unsigned x = 12345;
	for (int i = 1; n + 200 < cap - 200; i++) {
		x = x * 1103515245u + 12345u;
		n += (size_t)snprintf(s + n, cap - n, "aws_eks_cluster.big: Still creating... [%ds elapsed] %08x\n",
				      i * 10, x);
	}
	n += (size_t)snprintf(s + n, cap - n, "aws_eks_cluster.big: Creation complete after 9m0s [id=eks]\n");
	*len = n;
	return s;
}

static void check_first_and_last(const tfc_timeline *tl, bool last_too)
{
	const tfc_stage *net = stage_named(tl, "01-net");
	assert_int_equal(net->n_ops, 2);
	/* Archive-level warnings may lead this stage; none is about its member. */
	for (size_t i = 0; i < net->n_warnings; i++)
		assert_null(strstr(net->warnings[i].source, "01-net.log"));
	const tfc_op *vpc = tu_find_op(net, "aws_vpc.main", TFC_ACTION_CREATE);
	assert_non_null(vpc);
	assert_true(vpc->duration_s == 2.0);
	if (last_too) {
		const tfc_stage *d = stage_named(tl, "03-destroy");
		assert_int_equal(d->n_ops, 1);
		assert_true(tu_find_op(d, "aws_instance.old", TFC_ACTION_DELETE)->duration_s == 31.0);
	}
}

static void write_damage_archive(const char *path, kind k)
{
	size_t len;
	char *big = big_log(&len);
	member m[] = {{"01-net.log", net_log, NULL}, {"02-big/big.log", big, NULL}, {"03-destroy.log", destroy_log, NULL}};
	write_archive(path, k, m, 3);
	free(big);
}

static char *read_all(const char *path, size_t *len)
{
	char *data = tu_read_file(path, len);
	assert_non_null(data);
	return data;
}

/* Bytes flipped inside the big member of a stored zip: its CRC fails, the
 * members before and after are whole. */
static void corrupt_zip_member(void **s)
{
	(void)s;
	const char *arch = tmp_path("flipped.zip");
	write_damage_archive(arch, K_ZIP_STORE);
	size_t len;
	char *data = read_all(arch, &len);
	for (size_t i = len / 2; i < len / 2 + 16; i++)
		data[i] ^= 0x5a;
	write_file(arch, data, len);
	free(data);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	check_first_and_last(tl, true);
	expect_warning(tl, "02-big/big.log", "corrupt or truncated");
	tfc_timeline_free(tl);
}

/* Bytes flipped in the middle of a compressed tar: the stream breaks, the
 * member before is whole and the archive says where it broke. */
static void corrupt_tgz(void **s)
{
	(void)s;
	const char *arch = tmp_path("flipped.tgz");
	write_damage_archive(arch, K_TGZ);
	size_t len;
	char *data = read_all(arch, &len);
	for (size_t i = len / 2; i < len / 2 + 16; i++)
		data[i] ^= 0x5a;
	write_file(arch, data, len);
	free(data);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	check_first_and_last(tl, false);
	expect_warning(tl, "02-big/big.log", "corrupt");
	tfc_timeline_free(tl);
}

static void truncated(kind k, const char *name)
{
	const char *arch = tmp_path(name);
	write_damage_archive(arch, k);
	size_t len;
	char *data = read_all(arch, &len);
	write_file(arch, data, len / 2);
	free(data);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	check_first_and_last(tl, false);
	expect_warning(tl, "02-big/big.log", "corrupt or truncated");
	/* What came of the cut member is kept: its start and heartbeats. */
	const tfc_stage *big = stage_named(tl, "02-big");
	assert_int_equal(big->n_ops, 1);
	assert_int_equal(big->ops[0].status, TFC_STATUS_UNFINISHED);
	assert_true(big->n_lines > 100);
	tfc_timeline_free(tl);
}

static void truncated_zip(void **s) { (void)s; truncated(K_ZIP, "cut.zip"); }
static void truncated_tgz(void **s) { (void)s; truncated(K_TGZ, "cut.tgz"); }
static void truncated_tzst(void **s) { (void)s; truncated(K_TZST, "cut.tar.zst"); }

static void not_an_archive(void **s)
{
	(void)s;
	const char *arch = tmp_path("fake.zip");
	write_file(arch, "this is no zip\n", 15);
	tfc_timeline *tl = tfc_timeline_new(NULL);
	tfc_error err;
	assert_int_equal(archive_load(tl, arch, &err), TFC_EIO);
	assert_string_equal(err.source, arch);
	assert_non_null(strstr(err.message, "cannot open as an archive"));
	assert_int_equal(tl_n_stages(tl), 0);
	tfc_timeline_free(tl);
}

/* ---- limits --------------------------------------------------------------- */

static void oversized_member(void **s)
{
	(void)s;
	const char *arch = tmp_path("oversized.zip");
	write_damage_archive(arch, K_ZIP);
	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_member_bytes = 4096;
	tfc_timeline *tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, true);
	expect_warning(tl, "archive member 02-big/big.log is larger than max_member_bytes (4096 bytes)", NULL);
	const tfc_stage *big = stage_named(tl, "02-big");
	assert_int_equal(big->n_warnings, 1);
	assert_int_equal(big->ops[0].status, TFC_STATUS_UNFINISHED);
	/* 4096 bytes hold the start line and some heartbeats, no more. */
	assert_true(big->n_lines > 10 && big->n_lines < 4096 / 40);
	tfc_timeline_free(tl);
}

static void archive_budget(void **s)
{
	(void)s;
	const char *arch = tmp_path("budget.tar");
	write_damage_archive(arch, K_TAR);
	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_archive_bytes = sizeof net_log - 1 + 5000;
	tfc_timeline *tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, false);
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	expect_warning(tl, "larger than max_archive_bytes", "in member 02-big/big.log");
	tfc_timeline_free(tl);
}

/* Tar headers count too: small members whose headers and padding outgrow
 * the budget stop reading with the same warning. */
static void archive_budget_headers(void **s)
{
	(void)s;
	member m[10];
	char names[10][32];
	for (int i = 0; i < 10; i++) {
		snprintf(names[i], sizeof names[i], "%02d.log", i);
		m[i] = (member){names[i], "aws_vpc.main: Creating...\n", NULL};
	}
	const char *arch = tmp_path("headers.tgz");
	write_archive(arch, K_TGZ, m, 10);
	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_archive_bytes = 3 * 1024 + 100;
	tfc_timeline *tl = load(arch, &lim, TFC_OK);
	size_t n = tfc_timeline_n_stages(tl);
	assert_true(n >= 2 && n < 10);
	expect_warning(tl, "larger than max_archive_bytes", "the members after it are not read");
	tfc_timeline_free(tl);
}

static void too_many_members(void **s)
{
	(void)s;
	const char *arch = tmp_path("many.zip");
	write_damage_archive(arch, K_ZIP);
	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_archive_members = 2;
	tfc_timeline *tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, false);
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	assert_false(has_stage(tl, "destroy"));
	expect_warning(tl, "more than max_archive_members (2)", NULL);
	/* Archive-level warnings lead the archive's first stage, sourced to it. */
	const tfc_warning *w = find_warning(tl, "more than max_archive_members", NULL);
	assert_string_equal(w->source, arch);
	assert_ptr_equal(w, &stage_named(tl, "01-net")->warnings[0]);
	tfc_timeline_free(tl);
}

static void unsafe_names(void **s)
{
	(void)s;
	member m[] = {
		{"01-net.log", net_log, NULL},
		{"../evil.log", apply_log, NULL},
		{"/abs.log", apply_log, NULL},
		{"ok/../../up.log", apply_log, NULL},
		{"03-destroy.log", destroy_log, NULL},
	};
	kind kinds[] = {K_ZIP, K_TAR};
	for (size_t k = 0; k < 2; k++) {
		const char *arch = tmp_path(k ? "unsafe.tar" : "unsafe.zip");
		write_archive(arch, kinds[k], m, sizeof m / sizeof m[0]);
		tfc_timeline *tl = load(arch, NULL, TFC_OK);
		check_first_and_last(tl, true);
		assert_int_equal(tfc_timeline_n_stages(tl), 2);
		assert_false(has_stage(tl, "evil"));
		assert_false(has_stage(tl, "abs"));
		assert_false(has_stage(tl, ".."));
		expect_warning(tl, "../evil.log refused: unsafe name", NULL);
		expect_warning(tl, "archive member /abs.log refused: unsafe name", NULL);
		expect_warning(tl, "ok/../../up.log refused", NULL);
		tfc_timeline_free(tl);
	}
}

/* Nothing readable at all: the error says why and names the member. */
static void only_unsafe(void **s)
{
	(void)s;
	member m[] = {{"../evil.log", apply_log, NULL}};
	const char *arch = tmp_path("only_unsafe.tgz");
	write_archive(arch, K_TGZ, m, 1);
	tfc_timeline *tl = tfc_timeline_new(NULL);
	tfc_error err;
	assert_int_equal(archive_load(tl, arch, &err), TFC_ELIMIT);
	assert_string_equal(err.source, arch);
	assert_non_null(strstr(err.message, "../evil.log refused"));
	assert_int_equal(tl_n_stages(tl), 0);
	tfc_timeline_free(tl);
}

/* ---- nesting ---------------------------------------------------------------- */

static void nested_zip(void **s)
{
	(void)s;
	size_t deep_len, inner_len;
	member deepest[] = {{"x.log", net_log, NULL}};
	char *deep = archive_bytes(K_ZIP, deepest, 1, &deep_len);
	/* Zips hold NUL bytes: inner archives go in through add_member with
	 * their length, not through the C-string member lists. */
	struct archive *a = writer(K_ZIP);
	char *inner = malloc(1 << 20);
	assert_int_equal(archive_write_open_memory(a, inner, 1 << 20, &inner_len), ARCHIVE_OK);
	add_member(a, "apply.log", apply_log, strlen(apply_log), NULL);
	add_member(a, "deeper.zip", deep, deep_len, NULL);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	const char *arch = tmp_path("nested.zip");
	a = writer(K_ZIP);
	assert_int_equal(archive_write_open_filename(a, arch), ARCHIVE_OK);
	add_member(a, "01-net.log", net_log, strlen(net_log), NULL);
	add_member(a, "02-inner.zip", inner, inner_len, NULL);
	add_member(a, "03-destroy.log", destroy_log, strlen(destroy_log), NULL);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	check_first_and_last(tl, true);
	assert_int_equal(tfc_timeline_n_stages(tl), 3);
	const tfc_stage *st = stage_named(tl, "02-inner");
	assert_int_equal(st->n_ops, 2);
	char want[600];
	snprintf(want, sizeof want, "%s:02-inner.zip:apply.log", arch);
	assert_string_equal(st->sources[0], want);
	expect_warning(tl, "nested archive", "02-inner.zip:deeper.zip not read");
	tfc_timeline_free(tl);

	/* Depth 0: the inner archive itself is refused. */
	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_archive_depth = 0;
	tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, true);
	assert_int_equal(tfc_timeline_n_stages(tl), 2);
	expect_warning(tl, "nested archive", "02-inner.zip not read");
	tfc_timeline_free(tl);

	/* Depth 2: the deepest is read too, into the same stage. */
	lim.max_archive_depth = 2;
	tl = load(arch, &lim, TFC_OK);
	assert_int_equal(stage_named(tl, "02-inner")->n_ops, 4);
	assert_int_equal(total_warnings(tl), 0);
	tfc_timeline_free(tl);

	free(inner);
	free(deep);
}

/* Limits hold inside a nested archive: a small .tgz whose log inflates past
 * max_member_bytes, and the archive budget counting inner bytes. */
static void nested_limits(void **s)
{
	(void)s;
	size_t big_len, inner_len;
	char *big = big_log(&big_len);
	struct archive *a = writer(K_TGZ);
	char *inner = malloc(1 << 20);
	assert_non_null(inner);
	assert_int_equal(archive_write_open_memory(a, inner, 1 << 20, &inner_len), ARCHIVE_OK);
	add_member(a, "big.log", big, big_len, NULL);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	assert_true(inner_len < big_len / 2);

	const char *arch = tmp_path("nested_limits.zip");
	a = writer(K_ZIP_STORE);
	assert_int_equal(archive_write_open_filename(a, arch), ARCHIVE_OK);
	add_member(a, "01-net.log", net_log, strlen(net_log), NULL);
	add_member(a, "02-big.tgz", inner, inner_len, NULL);
	add_member(a, "03-destroy.log", destroy_log, strlen(destroy_log), NULL);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	tfc_limits lim;
	tfc_limits_default(&lim);
	lim.max_member_bytes = inner_len + 1000;
	tfc_timeline *tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, true);
	expect_warning(tl, "archive member 02-big.tgz:big.log is larger than max_member_bytes", NULL);
	const tfc_stage *st = stage_named(tl, "02-big");
	assert_int_equal(st->ops[0].status, TFC_STATUS_UNFINISHED);
	tfc_timeline_free(tl);

	tfc_limits_default(&lim);
	lim.max_archive_bytes = sizeof net_log - 1 + inner_len + 5000;
	tl = load(arch, &lim, TFC_OK);
	check_first_and_last(tl, false);
	assert_false(has_stage(tl, "03-destroy"));
	expect_warning(tl, "larger than max_archive_bytes", "in member 02-big.tgz:big.log");
	tfc_timeline_free(tl);
	free(inner);
	free(big);
}

/* ---- GitHub Actions run logs ---------------------------------------------- */

static const char gh_job[] =
	"2024-05-01T10:00:00.1000000Z ##[group]Run terraform apply -auto-approve\n"
	"2024-05-01T10:00:00.2000000Z ##[endgroup]\n"
	"2024-05-01T10:00:01.0000000Z aws_instance.web: Creating...\n"
	"2024-05-01T10:00:13.5000000Z aws_instance.web: Creation complete after 12s [id=i-1]\n"
	"2024-05-01T10:00:13.6000000Z \n"
	"2024-05-01T10:00:13.7000000Z Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n";

static const char gh_step[] =
	"2024-05-01T10:00:01.0000000Z aws_instance.web: Creating...\n"
	"2024-05-01T10:00:13.5000000Z aws_instance.web: Creation complete after 12s [id=i-1]\n"
	"2024-05-01T10:00:13.7000000Z Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n";

static const char gh_setup[] = "2024-05-01T09:59:58.0000000Z Current runner version: '2.316.0'\n";

static void github_run_logs(void **s)
{
	(void)s;
	member m[] = {
		{"1_deploy (prod).txt", gh_job, NULL},
		{"2_lint.txt", gh_setup, NULL},
		{"deploy (prod)/", NULL, NULL},
		{"deploy (prod)/1_Set up job.txt", gh_setup, NULL},
		{"deploy (prod)/2_Terraform apply.txt", gh_step, NULL},
		{"deploy (prod)/system.txt", gh_setup, NULL},
		{"lint/1_Set up job.txt", gh_setup, NULL},
	};
	const char *arch = tmp_path("logs_42.zip");
	write_archive(arch, K_ZIP, m, sizeof m / sizeof m[0]);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	/* the lint job printed no Terraform output: no stage for it */
	assert_int_equal(tfc_timeline_n_stages(tl), 1);
	const tfc_stage *dep = stage_named(tl, "deploy (prod)");
	assert_int_equal(dep->n_sources, 1);
	assert_int_equal(dep->n_ops, 1);
	assert_true(dep->ops[0].duration_s == 12.5);
	assert_int_equal(dep->added, 1);
	assert_int_equal(total_warnings(tl), 0);
	tfc_timeline_free(tl);
}

/* A folder with step files but no job log next to it is an ordinary folder. */
static void github_shape_needs_both(void **s)
{
	(void)s;
	member m[] = {
		{"1_notes.txt", gh_setup, NULL},
		{"deploy/1_Terraform apply.txt", gh_step, NULL},
	};
	const char *arch = tmp_path("not_github.zip");
	write_archive(arch, K_ZIP, m, 2);
	tfc_timeline *tl = load(arch, NULL, TFC_OK);
	/* read as a folder: 1_notes is a stage of its own, but holds no Terraform output */
	assert_int_equal(tfc_timeline_n_stages(tl), 1);
	assert_string_equal(tfc_timeline_get_stage(tl, 0)->name, "deploy");
	assert_int_equal(stage_named(tl, "deploy")->n_ops, 1);
	tfc_timeline_free(tl);
}

/* ---- single compressed logs and sniffing ----------------------------------- */

static void gzip_log(void **s)
{
	(void)s;
	const char *path = tmp_path("apply.log.gz");
	struct archive *a = archive_write_new();
	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	add_member(a, "apply.log", apply_log, strlen(apply_log), NULL);
	archive_write_close(a);
	archive_write_free(a);
	tfc_timeline *tl = load(path, NULL, TFC_OK);
	assert_int_equal(tfc_timeline_n_stages(tl), 1);
	const tfc_stage *st = tfc_timeline_get_stage(tl, 0);
	assert_string_equal(st->name, "apply");
	assert_string_equal(st->sources[0], path);
	assert_int_equal(st->n_ops, 2);
	assert_int_equal(total_warnings(tl), 0);
	tfc_timeline_free(tl);
}

static void sniff(void **s)
{
	(void)s;
	assert_true(archive_sniff((const unsigned char *)"PK\x03\x04rest", 8));
	assert_true(archive_sniff((const unsigned char *)"PK\x05\x06", 4));
	assert_true(archive_sniff((const unsigned char *)"\x1f\x8b\x08\x00", 4));
	assert_true(archive_sniff((const unsigned char *)"\xfd" "7zXZ\0\0", 7));
	assert_true(archive_sniff((const unsigned char *)"\x28\xb5\x2f\xfd\0", 5));
	assert_true(archive_sniff((const unsigned char *)"BZh91AY&SY", 10));
	unsigned char tar[512] = "apply.log";
	memcpy(tar + 257, "ustar\0" "00", 8);
	assert_true(archive_sniff(tar, sizeof tar));
	assert_false(archive_sniff(tar, 261));
	assert_false(archive_sniff((const unsigned char *)"BZh9 is a line", 14));
	assert_false(archive_sniff((const unsigned char *)"PK", 2));
	assert_false(archive_sniff((const unsigned char *)"aws_instance.web: Creating...\n", 30));
	assert_false(archive_sniff((const unsigned char *)"", 0));
	assert_false(archive_sniff(NULL, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zip_like_folder),
		cmocka_unit_test(zip_store_like_folder),
		cmocka_unit_test(tar_like_folder),
		cmocka_unit_test(tgz_like_folder),
		cmocka_unit_test(txz_like_folder),
		cmocka_unit_test(tzst_like_folder),
		cmocka_unit_test(tbz2_like_folder),
		cmocka_unit_test(top_folder_stripped),
		cmocka_unit_test(dot_slash_names),
		cmocka_unit_test(links_and_hidden_skipped),
		cmocka_unit_test(unicode_names),
		cmocka_unit_test(corrupt_zip_member),
		cmocka_unit_test(corrupt_tgz),
		cmocka_unit_test(truncated_zip),
		cmocka_unit_test(truncated_tgz),
		cmocka_unit_test(truncated_tzst),
		cmocka_unit_test(not_an_archive),
		cmocka_unit_test(oversized_member),
		cmocka_unit_test(archive_budget),
		cmocka_unit_test(archive_budget_headers),
		cmocka_unit_test(too_many_members),
		cmocka_unit_test(unsafe_names),
		cmocka_unit_test(only_unsafe),
		cmocka_unit_test(nested_zip),
		cmocka_unit_test(nested_limits),
		cmocka_unit_test(github_run_logs),
		cmocka_unit_test(github_shape_needs_both),
		cmocka_unit_test(gzip_log),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, make_root, remove_root);
}
