/* SPDX-License-Identifier: GPL-2.0-or-later */
/* opclass.h: what an opcode does on a given device type (INQUIRY PDT), for vfioctl's own rules */
#ifndef VFIO_SCSI_OPCLASS_H
#define VFIO_SCSI_OPCLASS_H

#include <stddef.h>
#include <stdint.h>

/*
 * One byte means different commands on different device types: 0x42 is
 * READ SUB-CHANNEL on a CD and UNMAP on a disk, 0xA1 is BLANK on a CD and
 * ATA PASS-THROUGH(12) on a disk (CVE-2012-4542). The class is what the
 * opcode does on this device's type; the dangerous classes need --allow.
 */
enum scsi_opclass {
	SCSI_OP_READ,		/* reads data or state; harmless */
	SCSI_OP_CONTROL,	/* harmless state: SYNCHRONIZE CACHE, PREVENT ALLOW, SET SPEED */
	SCSI_OP_START_STOP,	/* START STOP UNIT: judged on its LOEJ and power condition */
	SCSI_OP_WRITE,		/* writes data or persistent settings */
	SCSI_OP_FORMAT,		/* FORMAT UNIT, BLANK, ERASE */
	SCSI_OP_SANITIZE,	/* SANITIZE */
	SCSI_OP_UNMAP,		/* UNMAP, WRITE SAME with UNMAP */
	SCSI_OP_WRITE_BUFFER,	/* WRITE BUFFER: firmware download */
	SCSI_OP_ATA_PT,		/* ATA PASS-THROUGH (12) and (16) */
	SCSI_OP_VENDOR,		/* 0xC0-0xFF */
	SCSI_OP_UNKNOWN,	/* not known on this device type: judged like a write */
};

/* a bit per class, for --allow */
#define SCSI_OP_BIT(c)	(1u << (c))
/* the classes that need --allow CLASS */
#define SCSI_OP_DANGEROUS (SCSI_OP_BIT(SCSI_OP_WRITE) | SCSI_OP_BIT(SCSI_OP_FORMAT) | \
			   SCSI_OP_BIT(SCSI_OP_SANITIZE) | SCSI_OP_BIT(SCSI_OP_UNMAP) | \
			   SCSI_OP_BIT(SCSI_OP_WRITE_BUFFER) | SCSI_OP_BIT(SCSI_OP_ATA_PT) | \
			   SCSI_OP_BIT(SCSI_OP_VENDOR) | SCSI_OP_BIT(SCSI_OP_UNKNOWN))

/**
 * scsi_opclass_of() - the class of @opcode on a device of type @pdt
 * @pdt: INQUIRY peripheral device type (0 disk, 5 CD/DVD, 1 tape, 8 changer...)
 * Tables follow SBC-4, MMC-6 and SSC-5 opcode assignments.
 */
enum scsi_opclass scsi_opclass_of(uint8_t opcode, int pdt);

/** scsi_opclass_name() - "read", "control", "start-stop", "write", "format", "sanitize",
 * "unmap", "write-buffer", "ata-pt", "vendor", "unknown" (the --allow words) */
const char *scsi_opclass_name(enum scsi_opclass c);

/**
 * scsi_opclass_parse() - a comma list of --allow words to a bit mask
 * @text: "write,unmap"; "all" allows every dangerous class
 * @mask: OR-ed with the classes' bits
 * Return: 0, or -EINVAL (then @mask is unchanged) for an unknown word
 */
int scsi_opclass_parse(const char *text, unsigned int *mask);

/** scsi_opcode_name() - the command's name on @pdt, from sg3_utils (sg_get_opcode_name()) */
void scsi_opcode_name(uint8_t opcode, int pdt, char *buf, size_t size);

#endif
