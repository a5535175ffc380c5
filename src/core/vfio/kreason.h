/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kreason.h: the kernel's reason for a failed driver step: kmsg lines about a device */
#ifndef VFIO_KREASON_H
#define VFIO_KREASON_H

#include <stddef.h>

#include "path.h"

#define KREASON_MAX_LINES 8  /* kmsg lines kept for one failed step */
#define KREASON_LINE_MAX 240 /* bytes of one line, NUL included */

struct kreason_watch;

/**
 * kreason_watch_open() - follow the sysroot's dev/kmsg from its current end
 * @ctx: sysroot; the live root reads /dev/kmsg (records written from now
 *       on), a fixture only its own dev/kmsg file when it has one (every
 *       record in it counts as already seen), never the host's
 * @out: receives the watch; free it with kreason_watch_free()
 *
 * Return: 0, -ENOENT (no kmsg here), -EACCES/-EPERM (dmesg_restrict, not
 * root), -EINVAL (neither a character device nor a regular file: a FIFO
 * in a tree is never read), -ENOMEM. Any error just means "no kernel reason to show".
 */
int kreason_watch_open(const struct path_ctx *ctx, struct kreason_watch **out);

/**
 * kreason_watch_mark() - note the newest kmsg sequence number: what
 * kreason_watch_collect() returns later is newer than this. Reads (and
 * drops) every record so far; never blocks.
 */
void kreason_watch_mark(struct kreason_watch *w);

/**
 * kreason_watch_collect() - the records after the mark that name @bdf
 * @bdf: "DDDD:BB:DD.F"; a record names it in its text or in its
 *       DEVICE=+pci:BDF dictionary field (dev_printk's)
 * @lines: receives up to @max NUL-terminated texts (the first line of
 *         each record, cut at KREASON_LINE_MAX), oldest first
 * Return: the number of lines stored. Never blocks.
 */
size_t kreason_watch_collect(struct kreason_watch *w, const char *bdf,
			     char lines[][KREASON_LINE_MAX], size_t max);

/** kreason_watch_free() - close the kmsg reader; NULL is fine */
void kreason_watch_free(struct kreason_watch *w);

/**
 * kreason_probe_errno() - the errno the driver core logged for a failed
 * probe: "probe of BDF failed with error -22" (before 6.10, pr_warn) or
 * "probe with driver D failed with error -22" (dev_err, 6.10+)
 * Return: the positive errno (22), or 0 when @line is no such line.
 */
int kreason_probe_errno(const char *line);

#endif
