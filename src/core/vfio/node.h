/* SPDX-License-Identifier: GPL-2.0-or-later */
/* node.h: a group's /dev/vfio node, checked against the kernel's group device */
#ifndef VFIO_VFIO_NODE_H
#define VFIO_VFIO_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "path.h"

/* what is wrong with dev/vfio/N (or noiommu-N), if anything */
enum vfio_node_state {
	VFIO_NODE_UNUSED,	/* no member on a vfio driver: no node is expected */
	VFIO_NODE_OK,		/* a char device with the group device's MAJ:MIN */
	VFIO_NODE_UNCHECKED,	/* present, not a device node in this sysroot (fixture, capture) */
	VFIO_NODE_MISSING,	/* a member is on a vfio driver, the node does not exist */
	VFIO_NODE_NOT_CHARDEV,	/* live root: the node is not a character device */
	VFIO_NODE_WRONG_DEVICE,	/* its MAJ:MIN is not sys/class/vfio/NAME/dev */
	VFIO_NODE_NO_ACCESS,	/* right node, but this user cannot open it read-write */
};

struct vfio_node_info {
	int group;
	bool noiommu;			/* vfio-noiommu group: node noiommu-N */
	char name[32];			/* "12" or "noiommu-12": the node and the class entry */
	char path[48];			/* the node as processes see it, with the leading slash */
	enum vfio_node_state state;
	bool expected;			/* a member is bound to a vfio driver */
	bool class_dev;			/* sys/class/vfio/NAME exists: the kernel made the group device */
	bool kdev_known;		/* sys/class/vfio/NAME/dev was read */
	unsigned kmajor, kminor;
	bool node_present;
	bool node_chardev;
	unsigned nmajor, nminor;	/* the node's, when it is a char device */
	char owner[32];			/* WRONG_DEVICE: the class/vfio entry that has the node's MAJ:MIN */
	unsigned mode;			/* st_mode of the node */
	unsigned uid, gid;
	int error;			/* -errno of the stat or access check that decided */
};

/** vfio_node_name() - "12" or "noiommu-12" into @buf (the kernel's dev_set_name()) */
void vfio_node_name(char *buf, size_t size, int group, bool noiommu);

/**
 * vfio_node_kdev() - the group device's number from sys/class/vfio/@name/dev
 * @ctx: sysroot
 * @name: "12" or "noiommu-12"
 * @out: the dev_t
 *
 * Kernel ABI: drivers/vfio/group.c registers each group as a device of the
 * class "vfio" named like its node; its "dev" attribute is MAJOR:MINOR.
 * Return: 0, -ENOENT (no such group device), -EINVAL (malformed), or the
 * -errno of the read.
 */
int vfio_node_kdev(struct path_ctx *ctx, const char *name, dev_t *out);

/**
 * vfio_node_owner() - which sys/class/vfio entry has device number @dev
 * @buf: receives its name ("7", "noiommu-0"); "" when none has it
 * Return: 0, or the -errno of listing sys/class/vfio.
 */
int vfio_node_owner(struct path_ctx *ctx, dev_t dev, char *buf, size_t size);

/**
 * vfio_node_judge() - the state of a node from what was read (no I/O)
 * @expected: a member of the group is bound to a vfio driver
 * @stat_err: 0 or -errno of stat of the node (-ENOENT: missing)
 * @st: the node's stat when @stat_err is 0
 * @live: the sysroot is the running system (fixture nodes are plain files)
 * @kdev_known, @kdev: sys/class/vfio/NAME/dev when it could be read
 * @access_err: 0 or -errno of the read-write access check (live only)
 */
enum vfio_node_state vfio_node_judge(bool expected, int stat_err, const struct stat *st,
				     bool live, bool kdev_known, dev_t kdev, int access_err);

/**
 * vfio_node_check() - check a group's node as a user of it would open it
 * @ctx: sysroot
 * @group: IOMMU group number
 * @noiommu: the group is a vfio-noiommu group (dev/vfio/noiommu-N)
 * @expected: a member is bound to a vfio driver, so the node should exist
 * @out: filled in
 *
 * Stats the node without opening the device (O_PATH), reads the group
 * device's number, and on the live root asks access(2) with the effective
 * IDs for read and write. A node that is wrong names the class entry its
 * number belongs to (@out->owner).
 * Return: 0, or -ENOMEM.
 */
int vfio_node_check(struct path_ctx *ctx, int group, bool noiommu, bool expected,
		    struct vfio_node_info *out);

/** vfio_node_state_name() - "ok", "missing", "wrong-device"... (stable, for JSON) */
const char *vfio_node_state_name(enum vfio_node_state state);

/** vfio_node_problem() - whether the state is one a user must act on */
bool vfio_node_problem(enum vfio_node_state state);

/**
 * vfio_group_is_noiommu() - whether IOMMU group @group was made by vfio in
 *                           no-IOMMU mode (its "name" reads vfio-noiommu)
 *
 * drivers/vfio/group.c, vfio_noiommu_group_alloc(): with
 * enable_unsafe_noiommu_mode, a device without an IOMMU group that a vfio
 * driver binds gets a group of its own named so; it has no default
 * domain, and its node is dev/vfio/noiommu-N.
 */
bool vfio_group_is_noiommu(struct path_ctx *ctx, int group);

#endif
