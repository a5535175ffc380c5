/* SPDX-License-Identifier: GPL-2.0-or-later */
/* blockdev.h: block topology from sysfs, and a resolver from a user's spec to whole disks */
#ifndef VFIO_BLOCKDEV_H
#define VFIO_BLOCKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "path.h"

/*
 * The topology is a snapshot of sys/dev/block: one entry per block device
 * the kernel lists (disks, partitions, dm, md, loop), each read through
 * the path context. Relations come from sysfs only: a "partition"
 * attribute and the parent directory for partitions, "slaves/" and
 * "holders/" for stacked devices (dm, md). Minor numbers are never used
 * to guess a relation: extended partitions (259:N) and dm do not follow
 * any arithmetic.
 */

enum blockdev_kind {
	BLOCKDEV_DISK,		/* a whole disk: sd, sr, vd, nvme namespace, ... */
	BLOCKDEV_PART,		/* a partition of a disk */
	BLOCKDEV_DM,		/* a device-mapper map */
	BLOCKDEV_MD,		/* a software RAID array */
	BLOCKDEV_LOOP,		/* a loop device */
};

/* what a dm map is, from the prefix of dm/uuid (as lsblk and eject read it) */
enum blockdev_dm_kind {
	BLOCKDEV_DM_NONE,	/* not a dm map */
	BLOCKDEV_DM_LVM,	/* "LVM-": a logical volume */
	BLOCKDEV_DM_CRYPT,	/* "CRYPT-": dm-crypt (LUKS, plain) */
	BLOCKDEV_DM_PART,	/* "partN-": a kpartx partition map */
	BLOCKDEV_DM_MPATH,	/* "mpath-": a multipath map */
	BLOCKDEV_DM_OTHER,	/* any other or no uuid */
};

struct blockdev {
	char name[32];			/* kernel name: "sda1", "dm-0" */
	unsigned int major, minor;	/* from the dev attribute */
	enum blockdev_kind kind;
	uint64_t size;			/* 512-byte sectors ("size") */
	uint64_t start;			/* BLOCKDEV_PART: first sector on the disk */
	unsigned int partno;		/* BLOCKDEV_PART: "partition" */
	char parent[32];		/* BLOCKDEV_PART: the disk's kernel name */
	bool removable;			/* "removable" reads 1 */
	bool ro;			/* "ro" reads 1 */
	char dm_name[128];		/* BLOCKDEV_DM: dm/name ("vg-lv") */
	char dm_uuid[160];		/* BLOCKDEV_DM: dm/uuid, "" when unset */
	enum blockdev_dm_kind dm_kind;
	char **slaves;			/* kernel names below it (NULL-terminated, never NULL) */
	char **holders;			/* kernel names above it (NULL-terminated, never NULL) */
	char syspath[64];		/* sysroot-relative sysfs directory it was read from */
};

struct blockdev_topo {
	struct blockdev *devs;		/* sorted by kernel name (strverscmp) */
	size_t count;
};

/**
 * blockdev_topo_scan() - read every block device the kernel lists
 * @ctx: sysroot; sys/dev/block/MAJ:MIN are followed to each device directory
 *       (sys/class/block/NAME when a captured tree has no sys/dev)
 * @out: receives the snapshot; free it with blockdev_topo_free()
 *
 * Follows Documentation/ABI/stable/sysfs-block: "dev", "size",
 * "removable", "ro", "partition", "start", "dm/name", "dm/uuid",
 * "slaves/", "holders/". A device whose directory vanishes while it is
 * read (hot unplug) is skipped.
 * Return: 0 (an empty topology when sys/dev/block is absent), -ENOMEM.
 */
int blockdev_topo_scan(struct path_ctx *ctx, struct blockdev_topo **out);

/** blockdev_topo_free() - free a snapshot; NULL is allowed */
void blockdev_topo_free(struct blockdev_topo *topo);

/** blockdev_find() - the device with kernel name @name, or NULL */
const struct blockdev *blockdev_find(const struct blockdev_topo *topo, const char *name);

/** blockdev_find_devt() - the device numbered @major:@minor, or NULL */
const struct blockdev *blockdev_find_devt(const struct blockdev_topo *topo,
					  unsigned int major, unsigned int minor);

/** blockdev_find_dm() - the dm map called @dm_name (dm/name), or NULL */
const struct blockdev *blockdev_find_dm(const struct blockdev_topo *topo, const char *dm_name);

/** blockdev_kind_name() - "disk", "part", "dm", "md" or "loop" */
const char *blockdev_kind_name(enum blockdev_kind kind);

/** blockdev_dm_kind_name() - "", "lvm", "crypt", "part", "mpath" or "dm" */
const char *blockdev_dm_kind_name(enum blockdev_dm_kind kind);

/**
 * blockdev_is_whole() - whether @dev is itself a whole disk (a disk or a
 * loop device); partitions, dm and md maps are not: they are mapped to
 * the disks below them (a multipath map to each of its paths)
 */
bool blockdev_is_whole(const struct blockdev *dev);

/**
 * blockdev_whole_disks() - the whole disks that @dev's I/O finally reaches
 * @dev: any device of @topo
 * @out: receives a malloc'd array of pointers into @topo (free() it, not
 *       the entries); in name order, without duplicates
 * @count: receives the number of entries (>= 1 unless the tree is broken)
 *
 * A disk or loop device is its own whole disk; a partition maps to its
 * parent; dm and md maps are walked down "slaves/" recursively (an LV on
 * sda2 and sdb1 reaches sda and sdb; multipath reaches every path).
 * Return: 0, -ENOMEM, -ELOOP for a slaves/ cycle deeper than 16.
 */
int blockdev_whole_disks(const struct blockdev_topo *topo, const struct blockdev *dev,
			 const struct blockdev ***out, size_t *count);

/**
 * blockdev_holders_all() - every device stacked on @dev, transitively
 * @out, @count: as blockdev_whole_disks(); excludes @dev itself
 *
 * Walks "holders/" upwards: sda2 -> dm-0 (LUKS) -> dm-1 (LV).
 * Return: 0, -ENOMEM, -ELOOP.
 */
int blockdev_holders_all(const struct blockdev_topo *topo, const struct blockdev *dev,
			 const struct blockdev ***out, size_t *count);

/**
 * blockdev_partitions() - the partitions of disk @disk, in name order
 * @out, @count: as blockdev_whole_disks() (may be empty: *@out NULL, 0)
 * Return: 0 or -ENOMEM.
 */
int blockdev_partitions(const struct blockdev_topo *topo, const struct blockdev *disk,
			const struct blockdev ***out, size_t *count);

/* how a spec named its device */
enum blockdev_spec {
	BLOCKDEV_SPEC_NODE,	/* a block special file: /dev/sda2, /dev/mapper/vg-lv */
	BLOCKDEV_SPEC_NAME,	/* a kernel name, "sda2", or a dm name "vg-lv" */
	BLOCKDEV_SPEC_DEVT,	/* "8:2" */
	BLOCKDEV_SPEC_MOUNT,	/* a mount point */
	BLOCKDEV_SPEC_TAG,	/* LABEL=, UUID=, PARTLABEL=, PARTUUID= */
};

struct blockdev_resolved {
	enum blockdev_spec how;
	const struct blockdev *dev;	/* the device the spec names (in the topology) */
	const struct blockdev **disks;	/* whole disks below it (blockdev_whole_disks()) */
	size_t ndisks;
	bool mapped;			/* @dev is not itself a whole disk: it was mapped */
};

/**
 * blockdev_resolve() - find the device a user means, and the disks below it
 * @ctx: sysroot: dev/, proc/self/mountinfo and dev/disk/by-* are read in it
 * @topo: a snapshot of the same sysroot
 * @spec: "/dev/sda2", "sda2", "8:2", "/mnt/data" (a mount point),
 *        "LABEL=x", "UUID=x", "PARTLABEL=x", "PARTUUID=x", "vg-lv" or
 *        "/dev/mapper/vg-lv", "/dev/disk/by-id/..."
 * @out: filled in; release with blockdev_resolved_clear()
 *
 * A path is first taken as a node: a block special file is identified
 * by its st_rdev; a symlink under dev/ (udev's by-* links, dev/mapper/)
 * is followed inside the sysroot; otherwise the last component is taken
 * as a kernel name (fixture trees hold regular files in dev/). A path
 * that is not under dev/ is looked up as a mount target in
 * proc/self/mountinfo with libmount (MAJ:MIN of the mount, then its
 * source). Tags are parsed with blkid_parse_tag_string(), looked up in
 * dev/disk/by-{label,uuid,partlabel,partuuid}/ with udev's encoding
 * (blkid_encode_string()), and, on the live system only, with
 * blkid_evaluate_tag() when udev has no link.
 *
 * Return: 0; -EINVAL for an empty or malformed spec (a tag without a
 * value, "8:" ...); -ENOENT when nothing matches; -ENOTBLK when a path
 * exists but is neither a block device nor a mount point; -ENXIO for a
 * mount whose source is no block device of the topology (tmpfs, nfs);
 * -ENOMEM.
 */
int blockdev_resolve(struct path_ctx *ctx, const struct blockdev_topo *topo, const char *spec,
		     struct blockdev_resolved *out);

/** blockdev_resolved_clear() - free what blockdev_resolve() allocated */
void blockdev_resolved_clear(struct blockdev_resolved *r);

/* what uses a block device */
enum blockdev_use_kind {
	BLOCKDEV_USE_MOUNT,	/* mounted (what: the mount point) */
	BLOCKDEV_USE_SWAP,	/* active swap (what: the swap source as listed) */
	BLOCKDEV_USE_HOLDER,	/* held by a stacked device (what: its kernel name) */
};

struct blockdev_use {
	enum blockdev_use_kind kind;
	char dev[32];		/* the kernel name in use: "sda1", "dm-0" */
	char what[256];		/* mount point, swap source or holder name */
};

/**
 * blockdev_users() - everything that uses a disk, its partitions or their holders
 * @ctx: sysroot: proc/self/mountinfo and proc/swaps are opened through it and
 *       parsed by libmount (mnt_table_parse_stream())
 * @disk: a whole disk of @topo (any device is accepted: it and its
 *        partitions and holders are checked)
 * @out, @count: a malloc'd array the caller frees (NULL, 0 when unused)
 *
 * Mounts are matched by the MAJ:MIN mountinfo reports, and by source
 * name (dev/mapper/ links resolved) when the number is anonymous; swap
 * by its source name. Each holder relation (a partition held by dm-0)
 * is one BLOCKDEV_USE_HOLDER entry; the holder itself is then checked
 * for mounts and swap in turn. Missing proc files count as "no mounts".
 * Return: 0, -ENOMEM, or -errno of a mount table that cannot be parsed.
 */
int blockdev_users(struct path_ctx *ctx, const struct blockdev_topo *topo,
		   const struct blockdev *disk, struct blockdev_use **out, size_t *count);

/** blockdev_use_kind_name() - "mount", "swap" or "holder" */
const char *blockdev_use_kind_name(enum blockdev_use_kind kind);

#endif
