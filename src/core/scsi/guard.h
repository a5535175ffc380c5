/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guard.h: the verdict on one CDB for one node and caller, computed before anything is sent */
#ifndef VFIO_SCSI_GUARD_H
#define VFIO_SCSI_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ident.h"
#include "kfilter.h"
#include "opclass.h"

/* vfioctl's own rules; they bind root too */
enum scsi_rule {
	SCSI_RULE_NONE,		/* allowed */
	SCSI_RULE_CDB,		/* the CDB's length does not fit its opcode or SG_IO */
	SCSI_RULE_NOT_SCSI,	/* the node has no SCSI disk behind it */
	SCSI_RULE_WHOLE_DISK,	/* a partition, LV or map would reach its disk: --whole-disk */
	SCSI_RULE_CLASS,	/* a dangerous class without --allow CLASS */
	SCSI_RULE_START_STOP,	/* LOEJ or a power condition on non-removable media */
};

struct scsi_caller {
	bool cap_rawio;		/* CAP_SYS_RAWIO in the effective set */
	bool open_write;	/* the node is (or will be) open for write */
};

struct scsi_guard_opts {
	bool force;		/* --force: overrides the rules marked overridable */
	unsigned int allow;	/* --allow: SCSI_OP_BIT() of the allowed classes */
};

struct scsi_verdict {
	bool allowed;			/* vfioctl sends it */
	enum scsi_rule rule;		/* the rule that refused it */
	char message[320];		/* why, one line, naming the disk it would reach */
	enum scsi_opclass cls;
	char opname[64];		/* on the device's type: "UNMAP", "Read subchannel" */
	uint8_t opcode;
	int pdt;			/* -1 when unknown */
	struct scsi_kverdict kernel;	/* what the kernel itself does for this caller */
};

/**
 * scsi_guard_check() - judge one CDB
 * @t: the node (scsi_target_of())
 * @caller: capabilities and open mode the command would be sent with
 * @opts: --force, --allow
 * @cdb, @len: the command (1..SCSI_CDB_MAX bytes)
 * @out: the verdict; nothing is sent
 *
 * Order: CDB length (SG_IO takes 6..32 bytes, EMSGSIZE/EINVAL beyond),
 * no SCSI disk behind the node, the whole-disk rule (a partition, LV or
 * kpartx map never reaches its disk; --force lifts it only where the
 * kernel's own gate refuses this caller, so nothing can reach the disk),
 * the class of the opcode on the INQUIRY device type, and START STOP UNIT
 * with LOEJ or a power condition on non-removable media (--force lifts
 * it). The kernel's verdict is always filled in.
 */
void scsi_guard_check(const struct scsi_target *t, const struct scsi_caller *caller,
		      const struct scsi_guard_opts *opts, const uint8_t *cdb, size_t len,
		      struct scsi_verdict *out);

/** scsi_rule_name() - "none", "cdb", "not-scsi", "whole-disk", "class", "start-stop" */
const char *scsi_rule_name(enum scsi_rule rule);

/** scsi_open_for_write() - whether a CDB needs a writable open (the kernel's write-safe list) */
bool scsi_open_for_write(const uint8_t *cdb, size_t len);

#endif
