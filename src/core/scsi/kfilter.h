/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kfilter.h: the kernel's own SG_IO gates (partition, dm, opcode filter), replayed before sending */
#ifndef VFIO_SCSI_KFILTER_H
#define VFIO_SCSI_KFILTER_H

#include <stdbool.h>
#include <stdint.h>

/* what the kernel does with one opcode for an opener without CAP_SYS_RAWIO */
enum scsi_kfilter_class {
	SCSI_KF_READ_SAFE,	/* allowed for any opener */
	SCSI_KF_WRITE_SAFE,	/* allowed when the fd is open for write */
	SCSI_KF_RAWIO,		/* needs CAP_SYS_RAWIO */
};

/**
 * scsi_kfilter_class() - the class of @opcode in scsi_cmd_allowed()
 *
 * The lists are drivers/scsi/scsi_ioctl.c's scsi_cmd_allowed() as of
 * Linux 5.15 to 6.x (unchanged since the 5.15 switch conversion): 44
 * read-safe and 31 write-safe opcodes, including 0x0D, which the kernel's
 * WRITE_SAME_32 macro (a service action) lets through as an opcode.
 */
enum scsi_kfilter_class scsi_kfilter_class(uint8_t opcode);

/** scsi_kfilter_read_safe() / _write_safe() - the lists, for tests and the audit */
const uint8_t *scsi_kfilter_read_safe(unsigned int *count);
const uint8_t *scsi_kfilter_write_safe(unsigned int *count);

/* the node a command would be sent through, as the kernel's gates see it */
enum scsi_knode {
	SCSI_KNODE_DISK,	/* a SCSI disk/CD/tape block node (sd, sr, st) */
	SCSI_KNODE_PART,	/* a partition of a SCSI disk */
	SCSI_KNODE_DM_WHOLE,	/* a dm map with one slave of the same size (mpath, whole-disk linear) */
	SCSI_KNODE_DM_SUBSET,	/* a dm map on part of one device (LV, kpartx) */
	SCSI_KNODE_DM_NOIOCTL,	/* dm-crypt, or more than one slave: no ioctl pass-through */
	SCSI_KNODE_SG,		/* /dev/sgN */
	SCSI_KNODE_BSG,		/* /dev/bsg/H:C:T:L */
	SCSI_KNODE_NOT_SCSI,	/* md, loop, nvme, virtio-blk: no SG_IO at all */
};

/* which gate decided */
enum scsi_kgate {
	SCSI_KGATE_NONE,	/* allowed */
	SCSI_KGATE_NOT_SCSI,	/* the driver has no SG_IO: ENOTTY */
	SCSI_KGATE_PARTITION,	/* sd_ioctl()/sr_block_ioctl() partition check: ENOTTY */
	SCSI_KGATE_DM,		/* dm_prepare_ioctl(): ENOTTY */
	SCSI_KGATE_OPCODE,	/* scsi_cmd_allowed(): EPERM */
};

struct scsi_kverdict {
	bool allowed;
	int err;		/* 0, ENOTTY or EPERM (positive) */
	enum scsi_kgate gate;
	bool unfiltered;	/* allowed without looking at the opcode (CAP_SYS_RAWIO, sg RW) */
	const char *why;	/* one phrase: "partition gate: ENOTTY without CAP_SYS_RAWIO" */
};

/**
 * scsi_kfilter_verdict() - what the kernel would answer to SG_IO
 * @node: the node the command goes through
 * @under_part: for SCSI_KNODE_DM_*: the device below the map is a
 *              partition (an LV on sda2), so the partition gate runs again
 * @opcode: the CDB's first byte
 * @open_write: the fd is open for write (O_RDWR/O_WRONLY)
 * @cap_rawio: the caller has CAP_SYS_RAWIO in its effective set
 * @out: the verdict; @out->why is a static string
 *
 * Follows Documentation/ABI nothing (there is none) but the code: sd_ioctl()
 * and sr_block_ioctl() (partition gate, 5.15+), dm_prepare_ioctl() (one
 * target, size match or CAP_SYS_RAWIO; crypt has no .prepare_ioctl),
 * scsi_cmd_allowed(), and sg_open()/sg_ioctl() (the filter applies to a
 * read-only sg fd only).
 */
void scsi_kfilter_verdict(enum scsi_knode node, bool under_part, uint8_t opcode, bool open_write,
			  bool cap_rawio, struct scsi_kverdict *out);

/** scsi_kgate_name() - "none", "not-scsi", "partition", "dm", "opcode" */
const char *scsi_kgate_name(enum scsi_kgate gate);

/** scsi_knode_name() - "disk", "partition", "dm-whole", "dm-subset", "dm-noioctl", "sg", "bsg", "not-scsi" */
const char *scsi_knode_name(enum scsi_knode node);

#endif
