/* fuzz_archive.c — fuzz target for archive inputs: the input is written to
 * an in-memory file and read with archive_load (both passes, nested
 * archives two levels deep, small limits), then finished and rendered. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "archive_input.h"
#include "tfclock.h"
#include "tfclock_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One file for the whole run: archive_load wants a path it can open twice. */
static int memfd = -1;
static char path[64];

static bool put_input(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		memfd = memfd_create("tfclock-fuzz", 0);
		if (memfd < 0)
			return false;
		snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) != 0)
		return false;
	for (size_t off = 0; off < size;) {
		ssize_t n = pwrite(memfd, data + off, size - off, (off_t)off);
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)archive_sniff(data, size);
	if (!put_input(data, size))
		return 0;
	tfc_limits lim;
	tfc_limits_default(&lim);
	/* Bombs and member floods end at these, quickly. */
	lim.max_member_bytes = 1 << 20;
	lim.max_archive_bytes = 4 << 20;
	lim.max_archive_members = 256;
	lim.max_archive_depth = 2;
	lim.max_line_bytes = 4096;
	lim.max_warnings = 16;
	tfc_timeline *tl = tfc_timeline_new(&lim);
	if (!tl)
		return 0;
	tfc_error err;
	archive_load(tl, path, &err);
	if (tfc_timeline_finish(tl) == TFC_OK) {
		tfc_report_options o;
		tfc_report_options_default(&o);
		o.format = TFC_FORMAT_JSON;
		tfc_buf b = {0};
		tfc_render(tl, &o, &b);
		tfc_buf_free(&b);
	}
	tfc_timeline_free(tl);
	return 0;
}
