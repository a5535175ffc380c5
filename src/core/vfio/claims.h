/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claims.h: what the claim journals say: claimed devices, interrupted changes */
#ifndef VFIO_CLAIMS_H
#define VFIO_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "journal.h"
#include "path.h"
#include "plan.h"

/* one journal in PATH_RUN_DIR */
struct claim_entry {
	char rel[128];			/* sysroot-relative path */
	int name_group;			/* the group its file name gives, -1 for a device journal */
	char name_bdf[BDF_STRLEN];	/* the device its file name gives, "" for a group */
	int error;			/* 0, or journal_read()'s -errno: -EBADMSG damaged,
					 * -ENOTUNIQ its name does not match its content */
	struct journal j;		/* what it records (valid when !error) */
	time_t mtime;			/* when it was last written (seconds since the epoch) */
};

struct claim_state {
	struct claim_entry *v;
	size_t n;
};

/**
 * claim_state_read() - every claim journal in PATH_RUN_DIR, read
 * @out: filled in; free with claim_state_clear()
 *
 * A journal that cannot be read is an entry with @error set, never
 * skipped: the front ends say it is there. Only PATH_RUN_DIR is read.
 * Return: 0 (an empty state when the directory is absent), -ENOMEM, or the
 * -errno of listing the directory.
 */
int claim_state_read(struct path_ctx *ctx, struct claim_state *out);

/** claim_state_clear() - free what claim_state_read() filled in */
void claim_state_clear(struct claim_state *cs);

/** claim_entry_interrupted() - a change that did not complete: "recover" undoes it */
bool claim_entry_interrupted(const struct claim_entry *e);

/**
 * claim_state_device() - the readable journal that records @bdf (a group
 * claim or a device bind/unbind), else an unreadable one named for @bdf,
 * else NULL
 */
const struct claim_entry *claim_state_device(const struct claim_state *cs, const char *bdf);

/**
 * claim_state_group() - the journal named for IOMMU group @group (read or
 * not), or NULL
 */
const struct claim_entry *claim_state_group(const struct claim_state *cs, int group);

/**
 * claim_entry_concerns() - whether @e is group @group's journal or the
 * device journal of one of its @members (@n BDFs)
 */
bool claim_entry_concerns(const struct claim_entry *e, int group, const char *const *members,
			  size_t n);

/**
 * claim_state_touches_group() - the first entry that concerns group
 * @group: the group's journal, or a device journal of one of @members
 * (@n BDFs); interrupted entries first. NULL when none.
 */
const struct claim_entry *claim_state_touches_group(const struct claim_state *cs, int group,
						    const char *const *members, size_t n);

/**
 * claim_entry_when() - "2026-01-02 03:04:05 UTC": when @e was last
 * written, in local time with the zone's abbreviation
 * Return: @buf.
 */
const char *claim_entry_when(const struct claim_entry *e, char *buf, size_t size);

/**
 * claim_entry_subject() - "group 5", "device 0000:02:00.0": what the
 * entry's file name says it records
 * Return: @buf.
 */
const char *claim_entry_subject(const struct claim_entry *e, char *buf, size_t size);

/**
 * claim_state_plan_checks() - one "recover" warning in @p for each
 * interrupted change: "an interrupted change of WHEN on group N is
 * pending: run vfioctl recover"
 * @sysroot: the tree the plan is for, named in that hint ("vfioctl
 *           --sysroot ROOT recover"); NULL on the live system
 * Return: 0 or -ENOMEM.
 */
int claim_state_plan_checks(const struct claim_state *cs, const char *sysroot, struct plan *p);

#endif
