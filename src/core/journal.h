/* SPDX-License-Identifier: GPL-2.0-or-later */
/* journal.h: what a claim changed, kept so release and recovery can restore it */
#ifndef VFIO_JOURNAL_H
#define VFIO_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "bdf.h"
#include "path.h"
#include "pci.h"

/* a device's state before vfioctl touched it */
struct journal_device {
	char bdf[BDF_STRLEN];
	char driver[PCI_DRIVER_MAX];	/* "" when it was unbound */
	char override[PCI_DRIVER_MAX];	/* "" when driver_override read "(null)" */
};

enum journal_state {
	JOURNAL_APPLYING,	/* a change is under way (or crashed mid-way) */
	JOURNAL_APPLIED,	/* the change completed; release restores */
};

struct journal {
	char op[16];			/* "claim", "bind", "unbind" */
	int group;			/* IOMMU group, -1 for a single-device journal */
	enum journal_state state;
	long pid;			/* the vfioctl that wrote it */
	long pending_pid;		/* a write left in the kernel by that change, 0: none */
	char pending_path[128];		/* its sysroot-relative attribute */
	struct journal_device *devs;	/* @ndevs of them, grown as needed (a group has no
					 * fixed size); journal_clear() frees them */
	size_t ndevs, cap;
};

/**
 * journal_add_device() - append a device record to @j, growing its array
 * @driver, @override: "" for none; not checked here (see journal_name_valid())
 * Return: 0 or -ENOMEM (@j unchanged).
 */
int journal_add_device(struct journal *j, const char *bdf, const char *driver,
		       const char *override);

/** journal_clear() - free @j's devices; @j is then an empty journal */
void journal_clear(struct journal *j);

/**
 * journal_path() - the sysroot-relative journal path of a group or device
 * @group: IOMMU group, or -1 to use @bdf
 * Return: 0 or -ENAMETOOLONG.
 */
int journal_path(int group, const char *bdf, char *buf, size_t size);

/**
 * journal_write() - store a journal atomically (temp file, fsync, rename)
 * @rel: from journal_path(); the directory (PATH_RUN_DIR) is created
 *
 * Format (text, one record per line, version 1):
 *   vfioctl-journal 1 / op OP / group N / state applying|applied / pid P /
 *   device BDF driver=NAME override=NAME   (empty value: none)
 *   [pending PID PATH]   a write that did not finish: device state uncertain
 * Return: 0 or -errno.
 */
int journal_write(struct path_ctx *ctx, const struct journal *j, const char *rel);

/**
 * journal_read() - load a journal
 *
 * A journal in PATH_RUN_DIR must say what its name says: group-N.journal
 * records group N, device-BDF.journal records BDF alone (group -1). One
 * whose content says otherwise (copied or renamed by hand) is never
 * acted on.
 * @j is overwritten, never freed first: pass an empty or cleared one.
 * Return: 0, -ENOENT when there is none, -EBADMSG when it is not a valid
 * version-1 journal, -ENOTUNIQ when its name does not match its content
 * (@j is filled in then, to say what it records), -ENOMEM, or -errno of
 * the read. After 0 and -ENOTUNIQ free @j with journal_clear(); after any
 * other error it holds nothing.
 */
int journal_read(struct path_ctx *ctx, const char *rel, struct journal *j);

/**
 * journal_name_parse() - what a journal's file name says it records
 * @rel: a path whose last component is group-N.journal or device-BDF.journal
 * @group: receives N, or -1 for a device journal
 * @bdf: receives the BDF of a device journal ("" for a group), BDF_STRLEN bytes
 * Return: 0, or -EINVAL for any other name.
 */
int journal_name_parse(const char *rel, int *group, char *bdf);

/**
 * journal_clean_tmp() - remove the temporary files of journal writes that
 * never reached their rename (a crash between write and rename)
 * @locked_at: when the caller took PATH_RUN_LOCK (CLOCK_REALTIME)
 * @removed: incremented for each file removed; may be NULL
 *
 * Call it only while holding PATH_RUN_LOCK: every journal write happens
 * under that lock, so a "NAME.journal.tmp.PID" is stale when its writer
 * PID is not running (no /proc/PID in the sysroot) or it is older than
 * the lock (its writer held the lock before us and let it go).
 * Return: 0 (also when the directory is absent) or -errno of the listing.
 */
int journal_clean_tmp(struct path_ctx *ctx, const struct timespec *locked_at, size_t *removed);

/** journal_remove() - delete a journal; absent is fine. Return: 0 or -errno. */
int journal_remove(struct path_ctx *ctx, const char *rel);

/**
 * journal_list() - the journals present, as sysroot-relative paths
 * @out: NULL-terminated array; free with strv_free()
 * Return: 0 (an empty list when the directory is absent) or -ENOMEM.
 */
int journal_list(struct path_ctx *ctx, char ***out);

/** journal_find() - the entry for @bdf, or NULL */
const struct journal_device *journal_find(const struct journal *j, const char *bdf);

/** journal_name_valid() - a driver name safe to store and write back to sysfs */
bool journal_name_valid(const char *name);

#endif
