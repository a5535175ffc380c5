/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mounts.h: the one reader of mountinfo and swaps (libmount), inside the sysroot and within limits */
#ifndef VFIO_MOUNTS_H
#define VFIO_MOUNTS_H

#include <libmount.h>

#include "path.h"

/**
 * mounts_table_load() - parse a mountinfo or swaps table with libmount
 * @ctx: sysroot; the file is opened through it, never on the host
 * @rel: sysroot-relative table (PATH_PROC_MOUNTINFO, PATH_PROC_SWAPS);
 *       libmount tells the format from its first line
 * @out: receives the table; release with mnt_unref_table()
 *
 * The stream is path_fopen_lines()'s: a line over PATH_LINE_MAX or a table
 * over PATH_LINES_FILE_MAX stops the parse, as a check over a table cut
 * short would pass what it did not see. The claim checks (inuse.c) and the
 * block resolver and usage scan (blockdev) both read tables here.
 * Return: 0; -ENOENT when the table is absent; -EFBIG over the limits (a
 * warning names the file); -EINVAL when libmount cannot parse it; -EIO,
 * -ENOMEM, or the -errno of opening it.
 */
int mounts_table_load(struct path_ctx *ctx, const char *rel, struct libmnt_table **out);

#endif
