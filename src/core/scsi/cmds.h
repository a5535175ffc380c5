/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmds.h: the standard commands vfioctl sends (CDBs per SPC-6/SBC-4), and decoding their answers */
#ifndef VFIO_SCSI_CMDS_H
#define VFIO_SCSI_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ops.h"

/* fill @io's CDB: TEST UNIT READY (00) */
void scsi_cmd_tur(struct scsi_io *io);
/* INQUIRY (12): standard data, or VPD page @page when @evpd; @alloc bytes */
void scsi_cmd_inquiry(struct scsi_io *io, bool evpd, uint8_t page, uint16_t alloc);
/* READ CAPACITY(10) (25) and (16) (9E/10) */
void scsi_cmd_readcap10(struct scsi_io *io);
void scsi_cmd_readcap16(struct scsi_io *io, uint32_t alloc);
/* REQUEST SENSE (03), descriptor format when @desc */
void scsi_cmd_request_sense(struct scsi_io *io, bool desc, uint8_t alloc);
/* START STOP UNIT (1B): eject is loej=1 start=0, load is loej=1 start=1 */
void scsi_cmd_start_stop(struct scsi_io *io, bool loej, bool start);
/* PREVENT ALLOW MEDIUM REMOVAL (1E) */
void scsi_cmd_prevent_allow(struct scsi_io *io, bool prevent);

struct scsi_inquiry {
	int pdt;			/* peripheral device type */
	int qualifier;
	bool rmb;			/* removable medium */
	int version;
	char vendor[9], product[17], revision[5];	/* trailing blanks removed */
};

/**
 * scsi_inquiry_decode() - standard INQUIRY data (SPC-6 6.7.2)
 * @buf, @len: what the device returned (untrusted; at least 36 bytes for names)
 * Return: 0, -EINVAL when shorter than 5 bytes.
 */
int scsi_inquiry_decode(const uint8_t *buf, size_t len, struct scsi_inquiry *out);

/**
 * scsi_readcap_decode() - READ CAPACITY(10) (8 bytes) or (16) (>= 12 bytes) data
 * @lba_count: last LBA + 1; @block_size: logical block length in bytes
 * Return: 0, -EINVAL when too short; -ERANGE when (10) says 0xFFFFFFFF (use 16).
 */
int scsi_readcap_decode(const uint8_t *buf, size_t len, bool is16, uint64_t *lba_count,
			uint32_t *block_size);

#endif
