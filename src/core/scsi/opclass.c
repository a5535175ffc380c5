// SPDX-License-Identifier: GPL-2.0-or-later
/* opclass.c: opcode classes per device type (SBC disks, MMC optical, everything else) */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "opclass.h"

struct op_entry {
	uint8_t op;
	enum scsi_opclass cls;
};

/* opcodes that mean the same on every device type (SPC-6) */
static const struct op_entry spc_ops[] = {
	{ 0x00, SCSI_OP_READ },		/* TEST UNIT READY */
	{ 0x03, SCSI_OP_READ },		/* REQUEST SENSE */
	{ 0x12, SCSI_OP_READ },		/* INQUIRY */
	{ 0x15, SCSI_OP_WRITE },	/* MODE SELECT(6): SP=1 persists */
	{ 0x1a, SCSI_OP_READ },		/* MODE SENSE(6) */
	{ 0x1c, SCSI_OP_READ },		/* RECEIVE DIAGNOSTIC RESULTS */
	{ 0x1d, SCSI_OP_WRITE },	/* SEND DIAGNOSTIC: self-tests, device resets */
	{ 0x3b, SCSI_OP_WRITE_BUFFER },	/* WRITE BUFFER */
	{ 0x3c, SCSI_OP_READ },		/* READ BUFFER */
	{ 0x4c, SCSI_OP_WRITE },	/* LOG SELECT */
	{ 0x4d, SCSI_OP_READ },		/* LOG SENSE */
	{ 0x55, SCSI_OP_WRITE },	/* MODE SELECT(10) */
	{ 0x5a, SCSI_OP_READ },		/* MODE SENSE(10) */
	{ 0x5e, SCSI_OP_READ },		/* PERSISTENT RESERVE IN */
	{ 0x5f, SCSI_OP_WRITE },	/* PERSISTENT RESERVE OUT */
	{ 0x85, SCSI_OP_ATA_PT },	/* ATA PASS-THROUGH(16) */
	{ 0xa0, SCSI_OP_READ },		/* REPORT LUNS */
	{ 0xa2, SCSI_OP_READ },		/* SECURITY PROTOCOL IN */
	{ 0xa3, SCSI_OP_READ },		/* MAINTENANCE IN (REPORT ...) */
	{ 0xa4, SCSI_OP_WRITE },	/* MAINTENANCE OUT (SET ...) */
	{ 0xb5, SCSI_OP_WRITE },	/* SECURITY PROTOCOL OUT */
};

/* SBC-4 direct access (PDT 0), also RBC (0x0e) and ZBC (0x14) */
static const struct op_entry sbc_ops[] = {
	{ 0x04, SCSI_OP_FORMAT },	/* FORMAT UNIT */
	{ 0x08, SCSI_OP_READ },		/* READ(6) */
	{ 0x0a, SCSI_OP_WRITE },	/* WRITE(6) */
	{ 0x1b, SCSI_OP_START_STOP },	/* START STOP UNIT */
	{ 0x1e, SCSI_OP_CONTROL },	/* PREVENT ALLOW MEDIUM REMOVAL */
	{ 0x25, SCSI_OP_READ },		/* READ CAPACITY(10) */
	{ 0x28, SCSI_OP_READ },		/* READ(10) */
	{ 0x2a, SCSI_OP_WRITE },	/* WRITE(10) */
	{ 0x2e, SCSI_OP_WRITE },	/* WRITE AND VERIFY(10) */
	{ 0x2f, SCSI_OP_READ },		/* VERIFY(10) */
	{ 0x34, SCSI_OP_CONTROL },	/* PRE-FETCH(10) */
	{ 0x35, SCSI_OP_CONTROL },	/* SYNCHRONIZE CACHE(10) */
	{ 0x37, SCSI_OP_READ },		/* READ DEFECT DATA(10) */
	{ 0x3e, SCSI_OP_READ },		/* READ LONG(10) */
	{ 0x3f, SCSI_OP_WRITE },	/* WRITE LONG(10): can make sectors unreadable */
	{ 0x41, SCSI_OP_WRITE },	/* WRITE SAME(10) */
	{ 0x42, SCSI_OP_UNMAP },	/* UNMAP: read-safe for the kernel, discards data */
	{ 0x48, SCSI_OP_SANITIZE },	/* SANITIZE: read-safe for the kernel, erases the disk */
	{ 0x7f, SCSI_OP_WRITE },	/* variable length: WRITE(32), WRITE SAME(32) ... */
	{ 0x88, SCSI_OP_READ },		/* READ(16) */
	{ 0x89, SCSI_OP_WRITE },	/* COMPARE AND WRITE */
	{ 0x8a, SCSI_OP_WRITE },	/* WRITE(16) */
	{ 0x8e, SCSI_OP_WRITE },	/* WRITE AND VERIFY(16) */
	{ 0x8f, SCSI_OP_READ },		/* VERIFY(16) */
	{ 0x90, SCSI_OP_CONTROL },	/* PRE-FETCH(16) */
	{ 0x91, SCSI_OP_CONTROL },	/* SYNCHRONIZE CACHE(16) */
	{ 0x93, SCSI_OP_WRITE },	/* WRITE SAME(16) */
	{ 0x94, SCSI_OP_WRITE },	/* ZBC OUT: resets zones */
	{ 0x95, SCSI_OP_READ },		/* ZBC IN */
	{ 0x9e, SCSI_OP_READ },		/* SERVICE ACTION IN(16): READ CAPACITY(16) */
	{ 0x9f, SCSI_OP_WRITE },	/* SERVICE ACTION OUT(16) */
	{ 0xa1, SCSI_OP_ATA_PT },	/* ATA PASS-THROUGH(12): write-safe for the kernel */
	{ 0xa8, SCSI_OP_READ },		/* READ(12) */
	{ 0xaa, SCSI_OP_WRITE },	/* WRITE(12) */
	{ 0xae, SCSI_OP_WRITE },	/* WRITE AND VERIFY(12) */
	{ 0xaf, SCSI_OP_READ },		/* VERIFY(12) */
	{ 0xb7, SCSI_OP_READ },		/* READ DEFECT DATA(12) */
	{ 0xea, SCSI_OP_WRITE },	/* WRITE LONG(16) in the kernel's list */
};

/* MMC-6 (PDT 5): the same bytes mean audio and disc commands */
static const struct op_entry mmc_ops[] = {
	{ 0x04, SCSI_OP_FORMAT },	/* FORMAT UNIT */
	{ 0x1b, SCSI_OP_START_STOP },	/* START STOP UNIT (eject, load) */
	{ 0x1e, SCSI_OP_CONTROL },	/* PREVENT ALLOW MEDIUM REMOVAL */
	{ 0x23, SCSI_OP_READ },		/* READ FORMAT CAPACITIES */
	{ 0x25, SCSI_OP_READ },		/* READ CAPACITY */
	{ 0x28, SCSI_OP_READ },		/* READ(10) */
	{ 0x2a, SCSI_OP_WRITE },	/* WRITE(10) */
	{ 0x2b, SCSI_OP_READ },		/* SEEK(10) */
	{ 0x2e, SCSI_OP_WRITE },	/* WRITE AND VERIFY(10) */
	{ 0x2f, SCSI_OP_READ },		/* VERIFY(10) */
	{ 0x35, SCSI_OP_CONTROL },	/* SYNCHRONIZE CACHE */
	{ 0x42, SCSI_OP_READ },		/* READ SUB-CHANNEL */
	{ 0x43, SCSI_OP_READ },		/* READ TOC/PMA/ATIP */
	{ 0x44, SCSI_OP_READ },		/* READ HEADER */
	{ 0x45, SCSI_OP_READ },		/* PLAY AUDIO(10) */
	{ 0x46, SCSI_OP_READ },		/* GET CONFIGURATION */
	{ 0x47, SCSI_OP_READ },		/* PLAY AUDIO MSF */
	{ 0x48, SCSI_OP_READ },		/* PLAY AUDIO TRACK INDEX */
	{ 0x4a, SCSI_OP_READ },		/* GET EVENT STATUS NOTIFICATION */
	{ 0x4b, SCSI_OP_READ },		/* PAUSE/RESUME */
	{ 0x4e, SCSI_OP_READ },		/* STOP PLAY/SCAN */
	{ 0x51, SCSI_OP_READ },		/* READ DISC INFORMATION */
	{ 0x52, SCSI_OP_READ },		/* READ TRACK INFORMATION */
	{ 0x53, SCSI_OP_WRITE },	/* RESERVE TRACK */
	{ 0x54, SCSI_OP_WRITE },	/* SEND OPC INFORMATION */
	{ 0x58, SCSI_OP_WRITE },	/* REPAIR TRACK */
	{ 0x5b, SCSI_OP_WRITE },	/* CLOSE TRACK/SESSION */
	{ 0x5c, SCSI_OP_READ },		/* READ BUFFER CAPACITY */
	{ 0x5d, SCSI_OP_WRITE },	/* SEND CUE SHEET */
	{ 0xa1, SCSI_OP_FORMAT },	/* BLANK: erases a rewritable disc */
	{ 0xa3, SCSI_OP_WRITE },	/* SEND KEY */
	{ 0xa4, SCSI_OP_READ },		/* REPORT KEY */
	{ 0xa6, SCSI_OP_CONTROL },	/* LOAD/UNLOAD MEDIUM (changer mechanism) */
	{ 0xa7, SCSI_OP_CONTROL },	/* SET READ AHEAD */
	{ 0xa8, SCSI_OP_READ },		/* READ(12) */
	{ 0xaa, SCSI_OP_WRITE },	/* WRITE(12) */
	{ 0xac, SCSI_OP_READ },		/* GET PERFORMANCE */
	{ 0xad, SCSI_OP_READ },		/* READ DISC STRUCTURE */
	{ 0xb6, SCSI_OP_CONTROL },	/* SET STREAMING */
	{ 0xb9, SCSI_OP_READ },		/* READ CD MSF */
	{ 0xba, SCSI_OP_READ },		/* SCAN */
	{ 0xbb, SCSI_OP_CONTROL },	/* SET CD SPEED */
	{ 0xbc, SCSI_OP_READ },		/* PLAY CD */
	{ 0xbd, SCSI_OP_READ },		/* MECHANISM STATUS */
	{ 0xbe, SCSI_OP_READ },		/* READ CD */
	{ 0xbf, SCSI_OP_WRITE },	/* SEND DISC STRUCTURE */
};

/* any other type (tape, changer, enclosure...): only what is safe everywhere */
static const struct op_entry other_ops[] = {
	{ 0x04, SCSI_OP_FORMAT },	/* FORMAT (MEDIUM) */
	{ 0x19, SCSI_OP_FORMAT },	/* ERASE (tape) */
	{ 0x1b, SCSI_OP_START_STOP },	/* LOAD UNLOAD (tape) / START STOP */
	{ 0x1e, SCSI_OP_CONTROL },	/* PREVENT ALLOW MEDIUM REMOVAL */
	{ 0x08, SCSI_OP_READ },		/* READ(6) */
	{ 0x0a, SCSI_OP_WRITE },	/* WRITE(6) */
	{ 0x93, SCSI_OP_FORMAT },	/* ERASE(16) (tape) */
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool lookup(const struct op_entry *t, size_t n, uint8_t op, enum scsi_opclass *out)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].op == op) {
			*out = t[i].cls;
			return true;
		}
	return false;
}

enum scsi_opclass scsi_opclass_of(uint8_t opcode, int pdt)
{
	enum scsi_opclass c;

	if (opcode >= 0xc0)
		return SCSI_OP_VENDOR;
	switch (pdt) {
	case 0x00:
	case 0x0e:
	case 0x14:
		if (lookup(sbc_ops, N(sbc_ops), opcode, &c))
			return c;
		break;
	case 0x05:
		if (lookup(mmc_ops, N(mmc_ops), opcode, &c))
			return c;
		break;
	default:
		if (lookup(other_ops, N(other_ops), opcode, &c))
			return c;
		break;
	}
	if (lookup(spc_ops, N(spc_ops), opcode, &c))
		return c;
	return SCSI_OP_UNKNOWN;
}

static const char *const class_names[] = {
	[SCSI_OP_READ] = "read",
	[SCSI_OP_CONTROL] = "control",
	[SCSI_OP_START_STOP] = "start-stop",
	[SCSI_OP_WRITE] = "write",
	[SCSI_OP_FORMAT] = "format",
	[SCSI_OP_SANITIZE] = "sanitize",
	[SCSI_OP_UNMAP] = "unmap",
	[SCSI_OP_WRITE_BUFFER] = "write-buffer",
	[SCSI_OP_ATA_PT] = "ata-pt",
	[SCSI_OP_VENDOR] = "vendor",
	[SCSI_OP_UNKNOWN] = "unknown",
};

const char *scsi_opclass_name(enum scsi_opclass c)
{
	return (size_t)c < N(class_names) ? class_names[c] : "?";
}

int scsi_opclass_parse(const char *text, unsigned int *mask)
{
	unsigned int m = 0;
	const char *p = text;

	if (!*p)
		return -EINVAL;
	while (*p) {
		size_t len = strcspn(p, ",");
		bool found = false;

		if (len == 3 && strncmp(p, "all", 3) == 0) {
			m |= SCSI_OP_DANGEROUS;
			found = true;
		}
		for (size_t i = 0; !found && i < N(class_names); i++) {
			if (strlen(class_names[i]) == len && strncmp(p, class_names[i], len) == 0 &&
			    (SCSI_OP_DANGEROUS & SCSI_OP_BIT(i))) {
				m |= SCSI_OP_BIT(i);
				found = true;
			}
		}
		if (!found)
			return -EINVAL;
		p += len;
		if (*p == ',') {
			p++;
			if (!*p)
				return -EINVAL;
		}
	}
	*mask |= m;
	return 0;
}

void scsi_opcode_name(uint8_t opcode, int pdt, char *buf, size_t size)
{
	if (!size)
		return;
	sg_get_opcode_name(opcode, pdt, (int)size, buf);
}
