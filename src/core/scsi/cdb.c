// SPDX-License-Identifier: GPL-2.0-or-later
/* cdb.c: parse and print CDB hex text (untrusted: command-line input) */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cdb.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ':' || c == '-' || c == ',';
}

int scsi_cdb_parse_hex(const char *text, uint8_t *cdb, size_t *len, size_t *bad)
{
	const char *p = text;
	size_t n = 0, dummy;

	if (!bad)
		bad = &dummy;
	*len = 0;
	while (*p) {
		const char *start;
		size_t digits;

		while (is_sep(*p))
			p++;
		if (!*p)
			break;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		start = p;
		while (hexval(*p) >= 0)
			p++;
		digits = (size_t)(p - start);
		if (*p && !is_sep(*p)) {
			*bad = (size_t)(p - text);
			return -EINVAL;
		}
		/* a run of digits: bytes two by two, so its length must be even */
		if (digits == 0 || digits % 2) {
			*bad = (size_t)(start - text);
			return -EINVAL;
		}
		for (size_t i = 0; i < digits; i += 2) {
			if (n == SCSI_CDB_MAX) {
				*bad = (size_t)(start + i - text);
				return -E2BIG;
			}
			cdb[n++] = (uint8_t)(hexval(start[i]) << 4 | hexval(start[i + 1]));
		}
	}
	if (n == 0) {
		*bad = (size_t)(p - text);
		return -ENODATA;
	}
	*len = n;
	return 0;
}

void scsi_cdb_format_hex(const uint8_t *cdb, size_t len, char *buf, size_t size)
{
	size_t off = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < len && off + 4 <= size; i++)
		off += (size_t)snprintf(buf + off, size - off, i ? " %02x" : "%02x", cdb[i]);
}

size_t scsi_cdb_expected_len(uint8_t opcode)
{
	if (opcode == 0x7e || opcode == 0x7f)
		return 0;
	switch (opcode >> 5) {
	case 0:		return 6;
	case 1:
	case 2:		return 10;
	case 4:		return 16;
	case 5:		return 12;
	default:	return 0;
	}
}
