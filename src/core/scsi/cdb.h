/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cdb.h: SCSI command descriptor blocks from hex text, and the fields the guard reads */
#ifndef VFIO_SCSI_CDB_H
#define VFIO_SCSI_CDB_H

#include <stddef.h>
#include <stdint.h>

/* SPC-6: a variable-length CDB is at most 260 bytes */
#define SCSI_CDB_MAX	260

/**
 * scsi_cdb_parse_hex() - parse a CDB written as hex bytes
 * @text: "12 00 00 00 24 00", "120000002400" or "12:00:00:00:24:00"; blanks,
 *        ':' and '-' separate bytes, a "0x" prefix per byte is allowed;
 *        without separators the digits are taken two by two
 * @cdb: receives the bytes (SCSI_CDB_MAX)
 * @len: receives the byte count
 * @bad: receives the offset in @text of the first bad character (or of
 *       the end) when the text is refused; may be NULL
 *
 * Return: 0; -ENODATA for no bytes; -EINVAL for a non-hex character or a
 * byte of one or of more than two digits (odd digit count); -E2BIG for
 * more than SCSI_CDB_MAX bytes.
 */
int scsi_cdb_parse_hex(const char *text, uint8_t *cdb, size_t *len, size_t *bad);

/** scsi_cdb_format_hex() - "12 00 00 00 24 00" into @buf (3 * @len bytes) */
void scsi_cdb_format_hex(const uint8_t *cdb, size_t len, char *buf, size_t size);

/**
 * scsi_cdb_expected_len() - the CDB length the opcode's group code implies
 * (6, 10, 12 or 16 bytes), 0 for 0x7E/0x7F (variable) and for the reserved
 * and vendor groups 3, 6 and 7 (SPC-6 4.2.5.1)
 */
size_t scsi_cdb_expected_len(uint8_t opcode);

#endif
