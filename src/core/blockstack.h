/* SPDX-License-Identifier: GPL-2.0-or-later */
/* blockstack.h: the block devices behind a PCI function, with what is stacked on them */
#ifndef VFIO_BLOCKSTACK_H
#define VFIO_BLOCKSTACK_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"

/* how a block device was reached from the function */
enum blockstack_link {
	BLOCKSTACK_BELOW,	/* its sysfs path runs through the function (sd, nvme, vd...) */
	BLOCKSTACK_NVME_HEAD,	/* an NVMe multipath head of a controller of the function */
	BLOCKSTACK_PARTITION,	/* a partition of a device in the set (md0p1, nvme0n1p2) */
	BLOCKSTACK_HOLDER,	/* in the holders/ of one, or naming one in its slaves/ (dm, md, bcache) */
	BLOCKSTACK_LOOP_FILE,	/* a loop device whose backing file lies on one */
};

struct blockstack_dev {
	char name[32];			/* the sys/class/block name: "sda1", "dm-0", "nvme0n1" */
	char majmin[16];		/* from its dev attribute; "" when unreadable */
	char dmname[128];		/* device-mapper name (dm/name), "" if none */
	char via[32];			/* the member it was reached from; for NVMe heads the controller */
	enum blockstack_link link;
};

struct blockstack {
	struct blockstack_dev *v;	/* in the order found: a breadth-first walk up the stack */
	size_t n, cap;
};

/*
 * The filesystem that holds a path, for loop backing files: fill the
 * MAJ:MIN and the source of the mount whose mount point is the longest
 * prefix of @path. Return 0 when one was found.
 */
typedef int (*blockstack_fs_of_fn)(const char *path, char *majmin, size_t msize,
				   char *source, size_t ssize, void *arg);

/**
 * blockstack_of_pci() - every block device whose data lives on storage
 *                       behind a PCI function
 * @ctx: sysroot
 * @bdf: the function's sysfs name
 * @fs_of: maps a loop device's backing file to its filesystem; NULL skips loops
 * @arg: for @fs_of
 * @out: filled in; release with blockstack_clear()
 *
 * Starts from the entries of sys/class/block whose device path runs through
 * the function (disks and partitions of SCSI hosts, ATA ports, USB storage,
 * virtio, NVMe namespaces without multipath) and the NVMe multipath heads of
 * its controllers (sys/class/nvme-subsystem/SUBSYS/nvmeX names a controller
 * below the function; its heads live in the subsystem's directory, not below
 * the function). Then follows what the kernel exposes, both ways, until
 * nothing new turns up: holders/ of each member and any device listing a
 * member in its slaves/ (device-mapper: LVM, LUKS, multipath; md; bcache),
 * partitions of members (md0p1 below md0), and loop devices whose
 * loop/backing_file lies on a filesystem of a member (Documentation/ABI:
 * sysfs-block, sysfs-block-loop; nvme-subsystem as of Linux 4.15).
 * Multi-device filesystems record no holders: pci_usage_scan() matches a
 * btrfs through sys/fs/btrfs/UUID/devices instead.
 *
 * Return: 0 or -ENOMEM. Unreadable entries are skipped.
 */
int blockstack_of_pci(struct path_ctx *ctx, const char *bdf, blockstack_fs_of_fn fs_of,
		      void *arg, struct blockstack *out);

/** blockstack_find() - index of the member called @name, or -1 */
long blockstack_find(const struct blockstack *s, const char *name);

/** blockstack_link_name() - "below", "nvme-head", "partition", "holder", "loop-file" */
const char *blockstack_link_name(enum blockstack_link link);

/** blockstack_clear() - free a set */
void blockstack_clear(struct blockstack *s);

#endif
