// SPDX-License-Identifier: GPL-2.0-or-later
/* kfilter.c: the kernel's SG_IO partition, dm and opcode gates, as data */
#include "config.h"

#include <errno.h>
#include <stddef.h>

#include "kfilter.h"

/* drivers/scsi/scsi_ioctl.c scsi_cmd_allowed(): "Basic read-only commands" */
static const uint8_t read_safe[] = {
	0x00, 0x03, 0x08, 0x12, 0x1a, 0x1b, 0x1c, 0x23, 0x25, 0x28, 0x2b,
	0x2f, 0x37, 0x3c, 0x3e, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
	0x4a, 0x4b, 0x4d, 0x4e, 0x51, 0x52, 0x5a, 0x5c, 0x88, 0x8f, 0x95,
	0x9e, 0xa0, 0xa3, 0xa4, 0xa8, 0xac, 0xad, 0xb9, 0xba, 0xbc, 0xbe,
};

/* "Basic writing commands": allowed when the file is open for write */
static const uint8_t write_safe[] = {
	0x04, 0x0a, 0x0d, 0x15, 0x19, 0x1e, 0x2a, 0x2e, 0x35, 0x3f, 0x41,
	0x4c, 0x53, 0x54, 0x55, 0x58, 0x5b, 0x5d, 0x8a, 0x93, 0x94, 0xa1,
	0xa2, 0xa6, 0xa7, 0xaa, 0xae, 0xb6, 0xbb, 0xbf, 0xea,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const uint8_t *scsi_kfilter_read_safe(unsigned int *count)
{
	*count = N(read_safe);
	return read_safe;
}

const uint8_t *scsi_kfilter_write_safe(unsigned int *count)
{
	*count = N(write_safe);
	return write_safe;
}

static bool in(const uint8_t *v, size_t n, uint8_t op)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == op)
			return true;
	return false;
}

enum scsi_kfilter_class scsi_kfilter_class(uint8_t opcode)
{
	if (in(read_safe, N(read_safe), opcode))
		return SCSI_KF_READ_SAFE;
	if (in(write_safe, N(write_safe), opcode))
		return SCSI_KF_WRITE_SAFE;
	return SCSI_KF_RAWIO;
}

static void set(struct scsi_kverdict *out, bool allowed, int err, enum scsi_kgate gate,
		const char *why)
{
	out->allowed = allowed;
	out->err = err;
	out->gate = gate;
	out->why = why;
}

static void opcode_filter(uint8_t opcode, bool open_write, bool cap_rawio,
			  struct scsi_kverdict *out)
{
	enum scsi_kfilter_class c = scsi_kfilter_class(opcode);

	if (cap_rawio) {
		out->unfiltered = true;
		set(out, true, 0, SCSI_KGATE_NONE, "CAP_SYS_RAWIO: every opcode is allowed");
	} else if (c == SCSI_KF_READ_SAFE) {
		set(out, true, 0, SCSI_KGATE_NONE, "opcode filter: in the read-safe list");
	} else if (c == SCSI_KF_WRITE_SAFE && open_write) {
		set(out, true, 0, SCSI_KGATE_NONE,
		    "opcode filter: in the write-safe list and the node is open for write");
	} else if (c == SCSI_KF_WRITE_SAFE) {
		set(out, false, EPERM, SCSI_KGATE_OPCODE,
		    "opcode filter: write-safe opcode on a read-only open: EPERM");
	} else {
		set(out, false, EPERM, SCSI_KGATE_OPCODE,
		    "opcode filter: in neither list, needs CAP_SYS_RAWIO: EPERM");
	}
}

void scsi_kfilter_verdict(enum scsi_knode node, bool under_part, uint8_t opcode, bool open_write,
			  bool cap_rawio, struct scsi_kverdict *out)
{
	out->unfiltered = false;
	switch (node) {
	case SCSI_KNODE_NOT_SCSI:
		set(out, false, ENOTTY, SCSI_KGATE_NOT_SCSI,
		    "the driver has no SCSI pass-through: ENOTTY");
		return;
	case SCSI_KNODE_PART:
		if (!cap_rawio) {
			set(out, false, ENOTTY, SCSI_KGATE_PARTITION,
			    "partition gate: ENOTTY without CAP_SYS_RAWIO");
			return;
		}
		break;
	case SCSI_KNODE_DM_NOIOCTL:
		set(out, false, ENOTTY, SCSI_KGATE_DM,
		    "dm gate: the map's target passes no ioctls (crypt, or several targets): ENOTTY");
		return;
	case SCSI_KNODE_DM_SUBSET:
		if (!cap_rawio) {
			set(out, false, ENOTTY, SCSI_KGATE_DM,
			    "dm gate: the map covers part of its device: ENOTTY without CAP_SYS_RAWIO");
			return;
		}
		/* the ioctl is re-issued to the device below */
		__attribute__((fallthrough));
	case SCSI_KNODE_DM_WHOLE:
		if (under_part && !cap_rawio) {
			set(out, false, ENOTTY, SCSI_KGATE_PARTITION,
			    "dm forwards to a partition; partition gate: ENOTTY without CAP_SYS_RAWIO");
			return;
		}
		break;
	case SCSI_KNODE_SG:
		/* sg_ioctl(): only a read-only sg fd goes through sg_allow_access() */
		if (open_write) {
			out->unfiltered = true;
			set(out, true, 0, SCSI_KGATE_NONE,
			    "sg node open for write: the opcode filter does not apply");
			return;
		}
		break;
	case SCSI_KNODE_DISK:
	case SCSI_KNODE_BSG:
		break;
	}
	opcode_filter(opcode, open_write, cap_rawio, out);
}

const char *scsi_kgate_name(enum scsi_kgate gate)
{
	switch (gate) {
	case SCSI_KGATE_NONE:		return "none";
	case SCSI_KGATE_NOT_SCSI:	return "not-scsi";
	case SCSI_KGATE_PARTITION:	return "partition";
	case SCSI_KGATE_DM:		return "dm";
	case SCSI_KGATE_OPCODE:		return "opcode";
	}
	return "?";
}

const char *scsi_knode_name(enum scsi_knode node)
{
	switch (node) {
	case SCSI_KNODE_DISK:		return "disk";
	case SCSI_KNODE_PART:		return "partition";
	case SCSI_KNODE_DM_WHOLE:	return "dm-whole";
	case SCSI_KNODE_DM_SUBSET:	return "dm-subset";
	case SCSI_KNODE_DM_NOIOCTL:	return "dm-noioctl";
	case SCSI_KNODE_SG:		return "sg";
	case SCSI_KNODE_BSG:		return "bsg";
	case SCSI_KNODE_NOT_SCSI:	return "not-scsi";
	}
	return "?";
}
