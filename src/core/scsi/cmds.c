// SPDX-License-Identifier: GPL-2.0-or-later
/* cmds.c: CDBs of the standard commands and decoders of their data-in */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cmds.h"

static void set_cdb(struct scsi_io *io, const uint8_t *cdb, size_t len)
{
	memcpy(io->cdb, cdb, len);
	io->cdb_len = len;
}

void scsi_cmd_tur(struct scsi_io *io)
{
	static const uint8_t cdb[6] = { 0x00 };

	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_inquiry(struct scsi_io *io, bool evpd, uint8_t page, uint16_t alloc)
{
	uint8_t cdb[6] = { 0x12, evpd ? 1 : 0, evpd ? page : 0,
			   (uint8_t)(alloc >> 8), (uint8_t)alloc, 0 };

	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_readcap10(struct scsi_io *io)
{
	static const uint8_t cdb[10] = { 0x25 };

	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_readcap16(struct scsi_io *io, uint32_t alloc)
{
	uint8_t cdb[16] = { 0x9e, 0x10 };

	cdb[10] = (uint8_t)(alloc >> 24);
	cdb[11] = (uint8_t)(alloc >> 16);
	cdb[12] = (uint8_t)(alloc >> 8);
	cdb[13] = (uint8_t)alloc;
	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_request_sense(struct scsi_io *io, bool desc, uint8_t alloc)
{
	uint8_t cdb[6] = { 0x03, desc ? 1 : 0, 0, 0, alloc, 0 };

	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_start_stop(struct scsi_io *io, bool loej, bool start)
{
	uint8_t cdb[6] = { 0x1b, 0, 0, 0, (uint8_t)((loej ? 2 : 0) | (start ? 1 : 0)), 0 };

	set_cdb(io, cdb, sizeof(cdb));
}

void scsi_cmd_prevent_allow(struct scsi_io *io, bool prevent)
{
	uint8_t cdb[6] = { 0x1e, 0, 0, 0, prevent ? 1 : 0, 0 };

	set_cdb(io, cdb, sizeof(cdb));
}

/* copy a fixed-width ASCII field, printable only, trailing blanks removed */
static void field(char *dst, size_t size, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[i] = '\0';
	while (i > 0 && dst[i - 1] == ' ')
		dst[--i] = '\0';
}

int scsi_inquiry_decode(const uint8_t *buf, size_t len, struct scsi_inquiry *out)
{
	memset(out, 0, sizeof(*out));
	if (len < 5)
		return -EINVAL;
	out->pdt = buf[0] & 0x1f;
	out->qualifier = buf[0] >> 5;
	out->rmb = buf[1] & 0x80;
	out->version = buf[2];
	if (len >= 16)
		field(out->vendor, sizeof(out->vendor), buf + 8, 8);
	if (len >= 32)
		field(out->product, sizeof(out->product), buf + 16, 16);
	if (len >= 36)
		field(out->revision, sizeof(out->revision), buf + 32, 4);
	return 0;
}

int scsi_readcap_decode(const uint8_t *buf, size_t len, bool is16, uint64_t *lba_count,
			uint32_t *block_size)
{
	uint64_t last = 0;

	if (!is16) {
		if (len < 8)
			return -EINVAL;
		last = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
		       (uint32_t)buf[2] << 8 | buf[3];
		if (last == 0xffffffffu)
			return -ERANGE;
		*block_size = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 |
			      (uint32_t)buf[6] << 8 | buf[7];
	} else {
		if (len < 12)
			return -EINVAL;
		for (int i = 0; i < 8; i++)
			last = last << 8 | buf[i];
		*block_size = (uint32_t)buf[8] << 24 | (uint32_t)buf[9] << 16 |
			      (uint32_t)buf[10] << 8 | buf[11];
	}
	*lba_count = last + 1;
	return 0;
}
