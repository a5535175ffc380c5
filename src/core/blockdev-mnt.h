/* SPDX-License-Identifier: GPL-2.0-or-later */
/* blockdev-mnt.h: private helpers shared by the blockdev resolver and its usage scan */
#ifndef VFIO_BLOCKDEV_MNT_H
#define VFIO_BLOCKDEV_MNT_H

#include "blockdev.h"

/*
 * blockdev_mnt_node() - the device a node path names (a block special
 * file by st_rdev; a dev/ link or plain fixture file by its last name)
 * Sets *@err to -ENOENT, -ENOTBLK or -ENAMETOOLONG when it returns NULL.
 */
const struct blockdev *blockdev_mnt_node(struct path_ctx *ctx, const struct blockdev_topo *topo,
					 const char *path, int *err);

/*
 * blockdev_mnt_target() - the device mounted on @path (the last mount
 * there wins, as in the kernel); *@err is -ENOENT when @path is no
 * mount point, -ENXIO when its source is not a block device
 */
const struct blockdev *blockdev_mnt_target(struct path_ctx *ctx, const struct blockdev_topo *topo,
					   const char *path, int *err);

#endif
