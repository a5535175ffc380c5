// SPDX-License-Identifier: GPL-2.0-or-later
/* sense.c: sense data decoding through sg3_utils' tables */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "sense.h"

#define SG_ASC_PREFIX "Additional sense: "

static const char *const key_short[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"RESERVED (0xC)", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

const char *scsi_sense_key_short(uint8_t key)
{
	return key_short[key & 0x0f];
}

int scsi_sense_decode(const uint8_t *sb, size_t len, struct scsi_sense *out)
{
	struct sg_scsi_sense_hdr hdr;
	uint64_t info = 0;

	memset(out, 0, sizeof(*out));
	/* sg3_utils takes an int length; sense is at most 252 bytes (SPC) */
	if (!sb || len < 2 || len > 252)
		return -EINVAL;
	if (!sg_scsi_normalize_sense(sb, (int)len, &hdr))
		return -EINVAL;
	if (hdr.response_code < 0x70 || hdr.response_code > 0x73)
		return -EINVAL;
	out->valid = true;
	out->response_code = hdr.response_code;
	out->descriptor = hdr.response_code >= 0x72;
	out->deferred = hdr.response_code == 0x71 || hdr.response_code == 0x73;
	out->key = hdr.sense_key & 0x0f;
	out->asc = hdr.asc;
	out->ascq = hdr.ascq;
	out->info_valid = sg_get_sense_info_fld(sb, (int)len, &info);
	out->info = info;
	sg_get_sense_key_str(out->key, (int)sizeof(out->key_name), out->key_name);
	sg_get_asc_ascq_str(out->asc, out->ascq, (int)sizeof(out->asc_name), out->asc_name);
	/* sg3_utils words it for its own multi-line decode: keep the name only */
	if (strncmp(out->asc_name, SG_ASC_PREFIX, strlen(SG_ASC_PREFIX)) == 0)
		memmove(out->asc_name, out->asc_name + strlen(SG_ASC_PREFIX),
			strlen(out->asc_name) - strlen(SG_ASC_PREFIX) + 1);
	return 0;
}
