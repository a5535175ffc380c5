/* SPDX-License-Identifier: GPL-2.0-or-later */
/* audit.h: who can open which block, sg and bsg node, and the SCSI power that gives them */
#ifndef VFIO_SCSI_AUDIT_H
#define VFIO_SCSI_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "blockdev.h"
#include "ident.h"

enum audit_node {
	AUDIT_NODE_BLOCK,	/* dev/NAME of a disk, partition or map over a SCSI disk */
	AUDIT_NODE_SG,		/* dev/sgN */
	AUDIT_NODE_BSG,		/* dev/bsg/H:C:T:L */
};

/* the SCSI power an opener gets through a node, for a caller without CAP_SYS_RAWIO */
enum audit_power {
	AUDIT_POWER_NONE,	/* a gate refuses SG_IO (partition, dm subset, crypt) */
	AUDIT_POWER_READ_SAFE,	/* the kernel's read-safe list */
	AUDIT_POWER_WRITE_SAFE,	/* read-safe and write-safe lists */
	AUDIT_POWER_UNFILTERED,	/* every opcode (sg open for write) */
};

/* one class of openers: the owner, the group, other, or a named ACL entry */
struct audit_grant {
	char who[48];		/* "user:alice", "group:disk", "other" */
	bool root;		/* root's own grant: owner uid 0 or group gid 0 */
	bool read, write;
	enum audit_power power;	/* through the best of read/write open */
};

/* flags the audit raises */
#define AUDIT_FLAG_PART_OPEN	(1u << 0)	/* a partition/LV/map that non-root users can open */
#define AUDIT_FLAG_DM_FORWARDS	(1u << 1)	/* a whole-disk dm map: SG_IO reaches the disk for any opener */
#define AUDIT_FLAG_SG_WRITABLE	(1u << 2)	/* /dev/sgN writable by non-root: unfiltered SCSI */
#define AUDIT_FLAG_OVERLAP	(1u << 3)	/* non-root readers of a disk may send UNMAP/SANITIZE (0x42/0x48) */
#define AUDIT_FLAG_ATA_PT	(1u << 4)	/* non-root writers of a disk may send ATA PASS-THROUGH(12) */

struct audit_entry {
	char node[96];		/* sysroot-relative: dev/sda1, dev/sg0, dev/bsg/H:C:T:L */
	enum audit_node kind;
	const char *what;	/* "disk", "partition", "LVM logical volume", "sg", "bsg" ... */
	char disk[32];		/* the SCSI disk it reaches ("" when SG_IO cannot) */
	int pdt;		/* of that disk, -1 unknown */
	bool present;		/* the node exists */
	uid_t uid;
	gid_t gid;
	mode_t mode;		/* permission bits */
	char owner[32], group[32];	/* names from the sysroot's etc/passwd, etc/group */
	char acl[160];		/* extended ACL entries, "user:alice:rw-,mask::rw-"; "" none */
	struct audit_grant grants[8];
	size_t ngrants;
	unsigned int flags;	/* AUDIT_FLAG_* */
};

/**
 * scsi_audit_scan() - audit every node that reaches a SCSI device
 * @ctx, @topo: sysroot and its block topology
 * @out, @count: a malloc'd array the caller frees
 *
 * Nodes are stat()ed through the path context (owner, group, mode); the
 * POSIX ACL is read from the "system.posix_acl_access" xattr (the
 * kernel's binary format, include/uapi/linux/posix_acl_xattr.h) and
 * applied with its mask as acl(5) says. Names come from etc/passwd and
 * etc/group of the sysroot; in a captured tree (not live), whose files
 * cannot be chowned, an owner or group named "root" there is root.
 * Root (CAP_SYS_RAWIO) is unfiltered
 * everywhere and not listed as a grant unless it is the owner.
 * Return: 0 or -ENOMEM.
 */
int scsi_audit_scan(struct path_ctx *ctx, const struct blockdev_topo *topo,
		    struct audit_entry **out, size_t *count);

/**
 * scsi_acl_parse() - decode a system.posix_acl_access value (untrusted bytes)
 * @buf, @len: the xattr value
 * @text: receives "user:1000:rw-,group:24:r--,mask::rw-" (numeric ids) for the extended entries
 * @users, @groups, @perms: up to @max named entries each (uid/gid and rwx bits);
 * @mask: receives the mask (7 when there is none)
 * Return: number of named entries, or -EINVAL for a malformed value.
 */
int scsi_acl_parse(const uint8_t *buf, size_t len, char *text, size_t size,
		   unsigned int *ids, bool *is_group, unsigned int *perms, size_t max,
		   unsigned int *mask);

/** audit_power_name() - "none", "read-safe", "write-safe", "unfiltered" */
const char *audit_power_name(enum audit_power p);

/** audit_flag_names() - the comma list of flag words in @flags ("part-open,sg-writable") */
void audit_flag_names(unsigned int flags, char *buf, size_t size);

#endif
