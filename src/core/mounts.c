// SPDX-License-Identifier: GPL-2.0-or-later
/* mounts.c: the one reader of mountinfo and swaps (libmount), inside the sysroot and within limits */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "mounts.h"

int mounts_table_load(struct path_ctx *ctx, const char *rel, struct libmnt_table **out)
{
	struct libmnt_table *tb;
	FILE *f;
	int rc;

	*out = NULL;
	f = path_fopen_lines(ctx, "%s", rel);
	if (!f)
		return -errno;
	tb = mnt_new_table();
	if (!tb) {
		fclose(f);
		return -ENOMEM;
	}
	errno = 0;
	rc = mnt_table_parse_stream(tb, f, rel);
	/* the stream's own error (EFBIG at a limit) outranks libmount's verdict */
	if (ferror(f))
		rc = errno == EFBIG ? -EFBIG : -EIO;
	else if (rc > 0)
		rc = -EINVAL;
	fclose(f);
	if (rc < 0) {
		mnt_unref_table(tb);
		return rc;
	}
	*out = tb;
	return 0;
}
