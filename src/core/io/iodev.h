/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iodev.h: the disks io files accept: scheduler, iocost state, and a user's device argument */
#ifndef VFIO_IO_IODEV_H
#define VFIO_IO_IODEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"
#include "iofmt.h"
#include "path.h"

struct io_disk {
	char name[32];			/* "sda" */
	unsigned maj, min;
	struct io_sched sched;		/* queue/scheduler ("none" when unreadable) */
	bool rotational;
	bool iocost;			/* root io.cost.qos has "enable=1" for it */
	bool iocost_init;		/* io.cost.qos has a line for it: iocost is set up */
	bool model_user;		/* root io.cost.model has "ctrl=user" for it */
	struct io_cost model;		/* its io.cost.model line, when there is one */
	bool has_model;
};

/**
 * io_disks_scan() - the whole disks of sys/block with their scheduler and
 * iocost state
 * @cg: for the root's io.cost.qos and io.cost.model (v2 only)
 * @out, @n: malloc'd array sorted by name; the caller frees it
 *
 * Disks of size 0 are left out (an unused loop device, an empty CD drive), and
 * so are dm and md maps: their I/O reaches the disks below, where weights act.
 * Return: 0 (empty without sys/block), -ENOMEM.
 */
int io_disks_scan(struct path_ctx *ctx, const struct io_cgroups *cg, struct io_disk **out,
		  size_t *n);

/** io_disk_find() - the disk numbered @maj:@min in @d, or NULL */
const struct io_disk *io_disk_find(const struct io_disk *d, size_t n, unsigned maj, unsigned min);

/* a user's device argument, mapped to whole disks */
#define IO_TARGET_MAXDISKS 16
struct io_target {
	char spec_dev[32];		/* the device the argument named ("sda2", "dm-0") */
	bool mapped;			/* it is not a whole disk: mapped to @disks */
	struct {
		char name[32];
		unsigned maj, min;
	} disks[IO_TARGET_MAXDISKS];
	size_t ndisks;
};

/**
 * io_target_resolve() - "/dev/sda2", "sda", "8:2", a mount point or a
 * dm/LVM volume to the whole disk(s) io files take (through the shared
 * resolver, blockdev_resolve(): sysfs "partition", the parent directory
 * and "slaves/", never minor-number arithmetic)
 * Return: 0, or the -errno of blockdev_resolve() (-ENOENT, -EINVAL,
 * -ENOTBLK, -ENXIO), -E2BIG for more than IO_TARGET_MAXDISKS disks.
 */
int io_target_resolve(struct path_ctx *ctx, const char *spec, struct io_target *t);

/**
 * io_probe_read_iops() - measure a disk's random read IOPS
 * @name: kernel name of a whole disk ("sda"); its node dev/NAME is opened
 *        read-only with O_DIRECT, so the page cache does not answer
 * @ms: how long to read, in milliseconds
 *
 * 4 KiB reads at pseudo-random aligned offsets, one at a time (queue depth
 * 1, as a VM's synchronous I/O is): the result is a floor of what the disk
 * does with deeper queues. Writes are never probed: they would destroy data.
 * Return: 0, or -errno of opening or reading the node (-EINVAL when the
 * disk is too small).
 */
int io_probe_read_iops(struct path_ctx *ctx, const char *name, unsigned ms, uint64_t *iops);

#endif
