/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ops.h: the thin table of device calls (open, SG_IO, CD-ROM ioctls, capabilities) under the SCSI code */
#ifndef VFIO_SCSI_OPS_H
#define VFIO_SCSI_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "path.h"

/* how a command ended, told apart as sg_pt does */
enum scsi_io_result {
	SCSI_IO_GOOD,		/* GOOD status */
	SCSI_IO_STATUS,		/* another status (BUSY, RESERVATION CONFLICT ...) */
	SCSI_IO_SENSE,		/* CHECK CONDITION with sense data */
	SCSI_IO_TRANSPORT,	/* the host adapter or transport failed */
	SCSI_IO_OS_ERR,		/* the ioctl itself failed: the kernel refused (ENOTTY, EPERM ...) */
};

struct scsi_io {
	uint8_t cdb[32];	/* the CDB (see cmds.h for the standard ones) */
	size_t cdb_len;
	uint8_t *din;		/* data-in buffer, or NULL */
	size_t din_len;
	const uint8_t *dout;	/* data-out buffer, or NULL */
	size_t dout_len;
	unsigned int timeout_s;
	/* results */
	enum scsi_io_result result;
	int os_err;		/* positive errno for SCSI_IO_OS_ERR */
	int status;		/* SCSI status byte */
	uint8_t sense[252];
	size_t sense_len;
	int resid;		/* data-in bytes not transferred */
	char transport[128];	/* SCSI_IO_TRANSPORT: sg_pt's description */
};

/* CD-ROM-style driver ioctls eject tries first (include/uapi/linux/cdrom.h) */
enum scsi_drv_ioctl {
	SCSI_DRV_EJECT,		/* CDROMEJECT */
	SCSI_DRV_CLOSE,		/* CDROMCLOSETRAY */
	SCSI_DRV_LOCK,		/* CDROM_LOCKDOOR 1 */
	SCSI_DRV_UNLOCK,	/* CDROM_LOCKDOOR 0 */
};

struct scsi_ops {
	/* open a sysroot-relative node (O_NONBLOCK; O_RDWR when @write); 0 or -errno */
	int (*open_node)(struct path_ctx *ctx, const char *rel, bool write, int *fd);
	void (*close)(int fd);
	/* send @io; 0 when it reached the kernel (see io->result), -errno for bad parameters */
	int (*exec)(int fd, struct scsi_io *io);
	/* a driver ioctl; 0 or -errno (ENOTTY/EINVAL: the driver has no such ioctl) */
	int (*drv_ioctl)(int fd, enum scsi_drv_ioctl what);
	/* CAP_SYS_RAWIO in the effective set */
	bool (*cap_rawio)(void);
};

/* the real thing: open(2) through the path context, sg3_utils, ioctl(2), capget(2) */
extern const struct scsi_ops scsi_ops_kernel;

#endif
