// SPDX-License-Identifier: GPL-2.0-or-later
/* guard.c: vfioctl's SG_IO rules on top of the kernel's gates */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cdb.h"
#include "guard.h"

/* SG_IO's own bounds: sd's path refuses < 6 with EMSGSIZE, > 32 with EINVAL */
#define SGIO_CDB_MIN	6
#define SGIO_CDB_MAX	32

const char *scsi_rule_name(enum scsi_rule rule)
{
	switch (rule) {
	case SCSI_RULE_NONE:		return "none";
	case SCSI_RULE_CDB:		return "cdb";
	case SCSI_RULE_NOT_SCSI:	return "not-scsi";
	case SCSI_RULE_WHOLE_DISK:	return "whole-disk";
	case SCSI_RULE_CLASS:		return "class";
	case SCSI_RULE_START_STOP:	return "start-stop";
	}
	return "?";
}

bool scsi_open_for_write(const uint8_t *cdb, size_t len)
{
	return len && scsi_kfilter_class(cdb[0]) == SCSI_KF_WRITE_SAFE;
}

static void refuse(struct scsi_verdict *out, enum scsi_rule rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(struct scsi_verdict *out, enum scsi_rule rule, const char *fmt, ...)
{
	va_list ap;

	out->allowed = false;
	out->rule = rule;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
}

static const char *class_hazard(enum scsi_opclass c)
{
	switch (c) {
	case SCSI_OP_WRITE:		return "it changes data or settings";
	case SCSI_OP_FORMAT:		return "it erases the medium";
	case SCSI_OP_SANITIZE:		return "it erases the whole device";
	case SCSI_OP_UNMAP:		return "it discards data";
	case SCSI_OP_WRITE_BUFFER:	return "it can replace the firmware";
	case SCSI_OP_ATA_PT:		return "it sends any ATA command to the drive";
	case SCSI_OP_VENDOR:		return "its effect is vendor-defined";
	case SCSI_OP_UNKNOWN:		return "it is not known on this device type";
	default:			return "";
	}
}

void scsi_guard_check(const struct scsi_target *t, const struct scsi_caller *caller,
		      const struct scsi_guard_opts *opts, const uint8_t *cdb, size_t len,
		      struct scsi_verdict *out)
{
	const char *node = t->dev ? t->dev->name : "?";
	const char *disk = t->disk ? t->disk->name : NULL;
	size_t want;

	memset(out, 0, sizeof(*out));
	out->opcode = cdb[0];
	out->pdt = t->has_ident ? t->ident.pdt : -1;
	out->cls = scsi_opclass_of(cdb[0], out->pdt < 0 ? 0 : out->pdt);
	scsi_opcode_name(cdb[0], out->pdt < 0 ? 0 : out->pdt, out->opname, sizeof(out->opname));
	scsi_kfilter_verdict(t->knode, t->under_part, cdb[0], caller->open_write,
			     caller->cap_rawio, &out->kernel);
	out->allowed = true;

	want = scsi_cdb_expected_len(cdb[0]);
	if (len < SGIO_CDB_MIN || len > SGIO_CDB_MAX) {
		refuse(out, SCSI_RULE_CDB, "a %zu-byte CDB cannot go through SG_IO (6 to 32 bytes)",
		       len);
		return;
	}
	if (want && len != want && !opts->force) {
		refuse(out, SCSI_RULE_CDB,
		       "opcode 0x%02x takes a %zu-byte CDB, not %zu bytes (--force sends it anyway)",
		       cdb[0], want, len);
		return;
	}
	if (t->knode == SCSI_KNODE_NOT_SCSI || t->knode == SCSI_KNODE_DM_NOIOCTL) {
		if (!opts->force) {
			refuse(out, SCSI_RULE_NOT_SCSI, "'%s' (%s) has no SCSI pass-through to a disk",
			       node, t->what);
			return;
		}
	}
	if (t->mapped && disk) {
		/* --force may show the kernel's own refusal, never reach the disk */
		bool kernel_stops = !out->kernel.allowed &&
				    (out->kernel.gate == SCSI_KGATE_PARTITION ||
				     out->kernel.gate == SCSI_KGATE_DM);

		if (!(opts->force && kernel_stops)) {
			refuse(out, SCSI_RULE_WHOLE_DISK,
			       "'%s' is %s %s of disk '%s': a SCSI command sent to it acts on all of '%s'; use --whole-disk to send it to '%s'",
			       node, strchr("aeiouAEIOU", t->what[0]) || t->what[0] == 'L' ? "an" : "a",
			       t->what, disk, disk, disk);
			return;
		}
	}
	if ((SCSI_OP_DANGEROUS & SCSI_OP_BIT(out->cls)) && !(opts->allow & SCSI_OP_BIT(out->cls))) {
		refuse(out, SCSI_RULE_CLASS,
		       "opcode 0x%02x is %s on a %s device (class %s): %s; add --allow %s",
		       cdb[0], out->opname, scsi_pdt_name(out->pdt < 0 ? 0 : out->pdt),
		       scsi_opclass_name(out->cls), class_hazard(out->cls),
		       scsi_opclass_name(out->cls));
		return;
	}
	if (out->cls == SCSI_OP_START_STOP && len >= 5) {
		bool loej = cdb[4] & 0x02;
		unsigned int pc = cdb[4] >> 4;
		bool removable = t->has_ident && t->ident.removable;

		if ((loej || pc) && !removable && !opts->force) {
			refuse(out, SCSI_RULE_START_STOP,
			       "START STOP UNIT with %s on '%s', whose medium is not removable (--force sends it anyway)",
			       loej ? "LOEJ (load/eject)" : "a power condition", disk ? disk : node);
			return;
		}
	}
}
