/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sense.h: SCSI sense data (fixed and descriptor format) decoded to key and ASC/ASCQ with names */
#ifndef VFIO_SCSI_SENSE_H
#define VFIO_SCSI_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scsi_sense {
	bool valid;		/* response code 0x70-0x73 and enough bytes */
	bool descriptor;	/* 0x72/0x73 (descriptor) rather than 0x70/0x71 (fixed) */
	bool deferred;		/* 0x71/0x73: about an earlier command */
	uint8_t response_code;
	uint8_t key;		/* SPC sense key, 0..15 */
	uint8_t asc, ascq;
	bool info_valid;	/* an INFORMATION field was given */
	uint64_t info;
	char key_name[48];	/* "Illegal Request" (sg3_utils' table) */
	char asc_name[128];	/* "Invalid command operation code" */
};

/**
 * scsi_sense_decode() - decode sense bytes a device returned
 * @sb, @len: the sense buffer and how many bytes are valid (untrusted)
 * @out: filled in; @out->valid is false for garbage or a short buffer
 *
 * Normalised with sg3_utils' sg_scsi_normalize_sense() (SPC-6 4.4: fixed
 * format 0x70/0x71, descriptor format 0x72/0x73), the INFORMATION field
 * with sg_get_sense_info_fld(), names from sg_get_sense_key_str() and
 * sg_get_asc_ascq_str(), which also covers vendor-specific and ranged
 * ASC/ASCQ values.
 * Return: 0 when @out->valid, -EINVAL otherwise.
 */
int scsi_sense_decode(const uint8_t *sb, size_t len, struct scsi_sense *out);

/** scsi_sense_key_short() - "ILLEGAL REQUEST", "NOT READY", ... (SPC-6 table 51 spelling) */
const char *scsi_sense_key_short(uint8_t key);

#endif
