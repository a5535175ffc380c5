/* SPDX-License-Identifier: GPL-2.0-or-later */
/* devnodes.h: the device nodes (/dev entries) that belong to a PCI function */
#ifndef VFIO_DEVNODES_H
#define VFIO_DEVNODES_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"

#define DEVNODES_MAX		4096	/* nodes of one function (a USB root hub tree is large) */
#define DEVNODES_MAX_DEPTH	16	/* directory levels below the function */

/* one node as processes see it in /proc/PID/fd */
struct devnode {
	char path[160];		/* absolute, as in /proc/PID/fd: dri/card1, snd/controlC1 below /dev */
	char majmin[16];	/* "226:1"; "" when not known (nvidia nodes) */
	bool block;		/* a block device (its sysfs subsystem is "block") */
};

struct devnode_list {
	struct devnode *v;
	size_t n, cap;
	bool truncated;		/* DEVNODES_MAX or DEVNODES_MAX_DEPTH was reached */
};

/**
 * devnodes_of_pci() - every device node below a PCI function in sysfs
 * @ctx: sysroot
 * @bdf: the function's sysfs name
 * @out: appended to (nodes already in it are not added twice); release
 *       with devnodes_clear()
 *
 * Walks the function's directory tree (sys/bus/pci/devices/BDF, symlinks
 * not followed, so "driver", "subsystem", "physfn" or a VF are never
 * entered) and takes every directory that has a "dev" attribute
 * (Documentation/ABI/stable/sysfs-devices: MAJ:MIN of the node): DRM
 * card/renderD, ALSA control/pcm, USB devices, the VFIO cdev
 * (vfio-dev/vfioN), input, tty, block disks and partitions, hidraw...
 * The node name comes from DEVNAME= in the directory's uevent (the name
 * devtmpfs gives it), else from the directory name. The NVIDIA driver
 * makes its /dev/nvidiaN outside the device model; its minor comes from
 * proc/driver/nvidia/gpus/BDF/information ("Device Minor:").
 *
 * Return: 0, or -ENOMEM. A function that does not exist gives no nodes.
 */
int devnodes_of_pci(struct path_ctx *ctx, const char *bdf, struct devnode_list *out);

/**
 * devnodes_add() - append one node unless it is already listed
 * Return: 0, -ENOMEM, or -E2BIG past DEVNODES_MAX (@l->truncated is set).
 */
int devnodes_add(struct devnode_list *l, const char *path, const char *majmin, bool block);

/** devnodes_clear() - free a list */
void devnodes_clear(struct devnode_list *l);

#endif
