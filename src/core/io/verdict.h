/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verdict.h: does a weight or limit take effect on a device, and why not */
#ifndef VFIO_IO_VERDICT_H
#define VFIO_IO_VERDICT_H

#include <stdbool.h>

#include "cgroup.h"
#include "iodev.h"

enum io_setting {
	IO_SET_WEIGHT,		/* v2 io.weight (iocost) */
	IO_SET_BFQ_WEIGHT,	/* v2 io.bfq.weight, v1 blkio.bfq.weight */
	IO_SET_MAX,		/* v2 io.max (blk-throttle) */
	IO_SET_V1_WEIGHT,	/* v1 blkio.weight / blkio.weight_device (CFQ) */
	IO_SET_V1_THROTTLE,	/* v1 blkio.throttle.* */
};

struct io_verdict {
	bool active;
	char reason[160];	/* "active: iocost on", "inert: mq-deadline, iocost off" */
};

/** io_setting_name() - "io.weight", "io.bfq.weight", "io.max", ... */
const char *io_setting_name(enum io_setting s);

/**
 * io_verdict_for() - whether a setting of a cgroup acts on a disk
 * @undelegated: the nearest ancestor whose cgroup.subtree_control lacks io
 *               (io_cgroup_undelegated()), or "" when io reaches the cgroup
 * @is_root: the cgroup is the root (which has no io.max, io.weight, ...)
 *
 * The rules (Documentation/admin-guide/cgroup-v2.rst, block/blk-iocost.c,
 * BFQ's maintainer in systemd PR #13335 "no other I/O scheduler than BFQ
 * supports weights"): io.weight acts only where iocost is enabled;
 * io.bfq.weight only where the scheduler is bfq; io.max always (blk-throttle
 * sits above the scheduler); v1 blkio.weight only with cfq (gone in 5.0) or
 * bfq; and nothing acts when io is not enabled in every ancestor's
 * cgroup.subtree_control. In hybrid mode the v2 tree has no controllers.
 * The reason is never empty.
 */
void io_verdict_for(enum io_setting s, const struct io_disk *d, enum io_cg_mode mode,
		    const char *undelegated, bool is_root, struct io_verdict *v);

#endif
