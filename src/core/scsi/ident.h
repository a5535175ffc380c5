/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ident.h: SCSI identity of a disk from sysfs (PDT, H:C:T:L, sg and bsg nodes), and the SG_IO path */
#ifndef VFIO_SCSI_IDENT_H
#define VFIO_SCSI_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#include "blockdev.h"
#include "kfilter.h"
#include "path.h"

struct scsi_ident {
	char hctl[32];		/* "0:0:0:0" (host:channel:target:lun) */
	char disk[32];		/* block node name ("sda", "sr0"); "" without one */
	int pdt;		/* sysfs "type": INQUIRY peripheral device type */
	bool removable;		/* the block device's "removable" (RMB) */
	char vendor[16], model[32], rev[8];
	char state[16];		/* "running", "offline" ... */
	char sg[16];		/* "sg0"; "" when sg is not loaded */
	char bsg[32];		/* "0:0:0:0" below dev/bsg; "" without bsg */
};

/**
 * scsi_ident_list() - every SCSI device of sys/bus/scsi/devices (H:C:T:L entries)
 * @out, @count: a malloc'd array in H:C:T:L order; the caller frees it
 * Return: 0 (none is fine), -ENOMEM.
 */
int scsi_ident_list(struct path_ctx *ctx, struct scsi_ident **out, size_t *count);

/**
 * scsi_ident_list_disks() - the SCSI identities of the topology's whole disks
 * For captures without sys/bus/scsi (util-linux's lsblk dumps): only devices
 * with a block node are found. Same ownership and returns as scsi_ident_list().
 */
int scsi_ident_list_disks(struct path_ctx *ctx, const struct blockdev_topo *topo,
			  struct scsi_ident **out, size_t *count);

/**
 * scsi_ident_of_disk() - the SCSI identity behind whole disk @disk
 * Reads sys/dev/block/MAJ:MIN/device (a link to the scsi_device) and its
 * "type", "vendor", "model", "rev", "state", "scsi_generic/", "bsg/".
 * Return: 0, or -ENODEV when the disk is not a SCSI device (nvme, virtio-blk,
 * loop).
 */
int scsi_ident_of_disk(struct path_ctx *ctx, const struct blockdev *disk, struct scsi_ident *out);

/** scsi_pdt_name() - "disk", "tape", "cd/dvd", "changer", ... (lsscsi's short words) */
const char *scsi_pdt_name(int pdt);

/* a block node as the guard sees it: what the kernel's gates do with it, and where it leads */
struct scsi_target {
	const struct blockdev *dev;	/* the node's device */
	const struct blockdev *disk;	/* the SCSI disk SG_IO reaches; NULL when none */
	enum scsi_knode knode;
	bool under_part;		/* a dm map whose device is a partition */
	bool mapped;			/* a partition, LV, kpartx or crypt map: not the disk itself */
	const char *what;		/* "partition", "LVM logical volume", "kpartx map", ... */
	struct scsi_ident ident;	/* of @disk, when there is one */
	bool has_ident;
};

/**
 * scsi_target_of() - classify a block device for the SG_IO guard
 * @dev: the device the user named (from blockdev_resolve())
 *
 * dm maps are followed while they have one slave (kpartx on multipath):
 * a crypt map or one with several slaves passes no ioctls; a map smaller
 * than its slave is a subset (needs CAP_SYS_RAWIO in the kernel). sysfs
 * cannot show a dm table, so one slave of the same size is taken as a
 * whole-device linear or multipath table (reference: dm_prepare_ioctl()).
 * Return: 0 or -ELOOP.
 */
int scsi_target_of(struct path_ctx *ctx, const struct blockdev_topo *topo,
		   const struct blockdev *dev, struct scsi_target *out);

#endif
