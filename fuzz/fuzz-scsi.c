// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-scsi.c: libFuzzer target for CDB hex text, sense data, INQUIRY data and POSIX ACL xattrs */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scsi/audit.h"
#include "scsi/cdb.h"
#include "scsi/cmds.h"
#include "scsi/sense.h"

/*
 * The same bytes go to each parser of input vfioctl does not control: the
 * CDB a user types, the sense and INQUIRY data a device returns, and an
 * ACL xattr read from a node.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t cdb[SCSI_CDB_MAX];
	char *s = malloc(size + 1), hex[SCSI_CDB_MAX * 3 + 1], text[160];
	unsigned int ids[6], perms[6], mask;
	bool grp[6];
	struct scsi_sense sense;
	struct scsi_inquiry inq;
	uint64_t blocks;
	uint32_t bs;
	size_t len, bad;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (scsi_cdb_parse_hex(s, cdb, &len, &bad) == 0) {
		uint8_t again[SCSI_CDB_MAX];
		size_t len2;

		/* what parses must print and parse back to the same bytes */
		if (len == 0 || len > SCSI_CDB_MAX)
			abort();
		scsi_cdb_format_hex(cdb, len, hex, sizeof(hex));
		if (scsi_cdb_parse_hex(hex, again, &len2, NULL) != 0 || len2 != len ||
		    memcmp(cdb, again, len) != 0)
			abort();
	} else if (bad > size) {
		abort();
	}
	if (scsi_sense_decode(data, size, &sense) == 0 && (sense.key > 15 || !sense.valid))
		abort();
	scsi_inquiry_decode(data, size, &inq);
	scsi_readcap_decode(data, size, size >= 12, &blocks, &bs);
	scsi_acl_parse(data, size, text, sizeof(text), ids, grp, perms, 6, &mask);
	free(s);
	return 0;
}
