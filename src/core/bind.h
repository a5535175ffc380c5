/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind.h: claim and release PCI devices for vfio-pci, as plans with rollback */
#ifndef VFIO_BIND_H
#define VFIO_BIND_H

#include <stdbool.h>
#include <stddef.h>

#include "host.h"
#include "journal.h"
#include "path.h"
#include "plan.h"
#include "vfio/kreason.h"

#define BIND_VFIO_DRIVER	"vfio-pci"
#define BIND_UNBIND_TIMEOUT_MS	10000	/* any write that enters a driver */
#define BIND_WRITE_TIMEOUT_MS	BIND_UNBIND_TIMEOUT_MS
#define BIND_READ_TIMEOUT_MS	2000	/* a read that waits on the device lock */

enum bind_op {
	BIND_OP_CLAIM,		/* a whole group to vfio-pci */
	BIND_OP_RELEASE,	/* a group back to what its journal recorded */
	BIND_OP_BIND,		/* one device to a named driver */
	BIND_OP_UNBIND,		/* one device from its driver */
	BIND_OP_RESTORE,	/* one journal back (release of a device, recovery, rollback) */
};

struct bind_request {
	enum bind_op op;
	int group;			/* CLAIM/RELEASE by group; -1 to take @device's */
	const char *device;		/* BDF for device verbs; NULL for group verbs */
	const char *const *devices;	/* several BDFs as one change (NULL-terminated;
					 * bind-set.h); NULL: @device alone */
	const char *driver;		/* BIND: the driver to bind */
	const char *const *with;	/* CLAIM: other endpoints the user consents to */
	bool force;			/* turn "refuse" checks into "forced" */
};

enum bind_target_action {
	TARGET_CHANGE,		/* steps will change it */
	TARGET_ALREADY,		/* already as wanted: nothing to do */
	TARGET_BRIDGE,		/* a bridge: never bound to vfio-pci */
	TARGET_NOT_PCI,		/* a non-PCI group member: left alone */
};

struct bind_target {
	char name[64];			/* BDF, or the platform device's name */
	char driver[PCI_DRIVER_MAX];	/* current driver, "" unbound */
	char override[PCI_DRIVER_MAX];	/* current driver_override, "" unset */
	char want[PCI_DRIVER_MAX];	/* driver after the change, "" none */
	enum bind_target_action action;
	const char *note;		/* static: why it is included or skipped */
};

struct bind_plan {
	enum bind_op op;
	int group;			/* -1 for a single-device operation without group */
	char device[BDF_STRLEN];	/* the device named by the user, "" for group verbs */
	char journal_rel[128];		/* the journal this plan writes or restores */
	struct journal journal;		/* the state to restore (claim: before the change) */
	bool have_journal;		/* a journal existed when the plan was made */
	enum journal_state prior_state;	/* its state then (an unrecovered "applying" stays so) */
	size_t prior_ndevs;		/* its devices then: a rollback keeps only those */
	struct bind_target *targets;	/* @ntargets, grown as needed: a group has no fixed size */
	size_t ntargets, targets_cap;
	struct plan plan;
	bool noop;			/* nothing to change: "already so" */
	/* device journals (device bind/unbind) a claim takes over; removed when it is written */
	char (*absorbed)[128];
	size_t nabsorbed, absorbed_cap;
	/*
	 * A change of several groups or devices (bind-set.h): the plan of each,
	 * whose steps, checks and targets are merged above; parts[0]'s journal
	 * is this plan's own, the others are written around bind_plan_apply()
	 * by change_apply(). NULL and 0 for one group or device.
	 */
	struct bind_plan *parts;
	size_t nparts;
};

/*
 * The kernel side of apply, behind function pointers so that the unit
 * tests can stand in a fake sysfs and prove ordering, journaling and
 * rollback without a device.
 */
struct bind_ops {
	/*
	 * write @value to the sysroot-relative @rel within @timeout_ms (0: the
	 * default); -ETIMEDOUT leaves the write pending in the kernel, done by
	 * the process *@stuck_pid
	 */
	int (*write)(struct path_ctx *ctx, const char *rel, const char *value, int timeout_ms,
		     long *stuck_pid);
	/* current driver of @bdf into @buf ("" when unbound); 0 or -errno */
	int (*read_driver)(struct path_ctx *ctx, const char *bdf, char *buf, size_t size);
	/* current driver_override of @bdf ("" for "(null)"); 0 or -errno */
	int (*read_override)(struct path_ctx *ctx, const char *bdf, char *buf, size_t size);
	/* make sure PCI driver @driver is registered, loading its module; 0 or -errno */
	int (*load_module)(struct path_ctx *ctx, const char *driver);
};

/* the real kernel: sysfs writes, unbind in a child under a timeout, libkmod */
extern const struct bind_ops bind_ops_kernel;

/**
 * bind_plan_make() - compute the steps and checks of a request
 * @ctx: sysroot
 * @snap: a snapshot of @ctx taken just before
 * @req: what the user asked for
 * @out: filled in; release with bind_plan_clear()
 *
 * Claim follows the order in ../shared/reference/vfio-and-iommu.md §2.4
 * (libvirt's): journal first, vfio-pci registered while the device is
 * still on its driver, driver_override before unbind, unbind through the
 * device's own "driver" link, drivers_probe, read the driver back.
 * Bridges are never bound. Functions of the named card come along: the
 * same slot on a bus behind a port, the same vendor, not a platform
 * function (06xx, 05xx, 08xx, 0c05, 0c07, 10xx, 11xx, 13xx); every other
 * endpoint, and a platform function even in a group claim, needs
 * @req->with. A member whose state could not be read denies a claim.
 * Release and restore read the journal and the live state, and undo
 * exactly what differs.
 *
 * Return: 0 (the plan may still be refused: see plan_refused()),
 * -ENOENT when the group, device or journal does not exist, -ENODEV when
 * the device has no IOMMU group, the device's read_error (-EACCES) when
 * its group cannot be known, -EINVAL for a driver name that cannot be
 * written to driver_override, -EILSEQ when a driver or driver_override read
 * from sysfs is not a plain driver name, -ENOTUNIQ when the journal it
 * would extend or restore records another group or device than its name
 * says, -ENOMEM.
 */
int bind_plan_make(struct path_ctx *ctx, const struct host_snapshot *snap,
		   const struct bind_request *req, struct bind_plan *out);

/**
 * bind_plan_restore() - plan to put a journal's devices back
 * @rel: the journal's sysroot-relative path
 *
 * Reads the current driver and override of each recorded device through
 * @ops and plans only what differs, so it is safe to run twice, after a
 * crash, or after a partial claim.
 * Return: 0, -ENOENT (no journal), -EBADMSG (a damaged journal), -ENOMEM.
 */
int bind_plan_restore(struct path_ctx *ctx, const struct bind_ops *ops, const char *rel,
		      struct bind_plan *out);

/* how an apply ended: what the user must be told */
enum bind_outcome {
	BIND_DONE,		/* every step done and read back; the journal is up to date */
	BIND_NOT_STARTED,	/* the journal could not be written: nothing was changed */
	BIND_ROLLED_BACK,	/* a step failed; this attempt was undone completely */
	BIND_ROLLBACK_FAILED,	/* a step failed and the undo failed too: recover */
	BIND_FAILED,		/* a release/restore step failed; the journal is kept */
	BIND_PENDING,		/* a write is still in the kernel: device state uncertain */
	BIND_DONE_UNRECORDED,	/* the change is in place but the journal could not be updated */
	BIND_CRASHED,		/* fault injection: stopped as a crash would */
};

struct bind_result {
	enum bind_outcome outcome;
	long pending_pid;		/* BIND_PENDING: the process still in the kernel */
	char pending_path[128];		/* the attribute it writes, sysroot-relative */
	size_t steps_done;		/* steps that completed */
	int failed_step;		/* index into plan.steps, -1 when none failed */
	int error;			/* -errno of the failed step */
	char failed_detail[256];	/* what was read back, when a check failed */
	bool rolled_back;		/* a failure was undone completely */
	int rollback_error;		/* -errno when the rollback itself failed */
	int rollback_failed_step;
	/*
	 * The kernel's reason for the failed step, where it can be read:
	 * @write_errno is the errno a write or module load returned (0 when
	 * the failed step is a read-back, or injected); @kernel_log holds the
	 * kmsg lines that name the step's device since that device's steps
	 * began (vfio/kreason.h); @probe_errno is the errno the driver core
	 * logged there for a failed probe ("failed with error -22"), 0 none.
	 */
	int write_errno;
	int probe_errno;
	char kernel_log[KREASON_MAX_LINES][KREASON_LINE_MAX];
	size_t nkernel_log;
};

/**
 * bind_plan_apply() - carry out a plan
 * @ops: &bind_ops_kernel, or a fake in tests
 * @fail_at: 1-based step that fails with -EIO before it runs (fault
 *           injection for tests); 0 for none; -N fails step N and skips
 *           the rollback, leaving the journal "applying" as a crash would
 * @res: what happened
 *
 * Claims and binds write the journal (state "applying") before the first
 * step and mark it "applied" after the last. On a failure, everything
 * already changed is restored from the journal and the journal is removed
 * if the restore succeeded. A completed release removes the journal.
 *
 * Every write runs under BIND_WRITE_TIMEOUT_MS. A write still pending
 * then is recorded in the journal ("pending PID PATH") and nothing is
 * rolled back: the device is in the driver's hands and its state is
 * uncertain (@res->outcome BIND_PENDING, @res->pending_pid). When the last
 * journal write fails the change stays in place (BIND_DONE_UNRECORDED);
 * when the first fails nothing was changed (BIND_NOT_STARTED). A claim
 * over devices recorded by "device bind"/"device unbind" journals removes
 * those journals once its own is written: it records their state instead.
 *
 * Return: 0 (@res->outcome BIND_DONE), or a -errno (-ETIMEDOUT for a write
 * that did not finish, -EIO for a read-back that did not match), with
 * @res->outcome saying what state the host is in.
 */
int bind_plan_apply(struct path_ctx *ctx, struct bind_plan *bp, const struct bind_ops *ops,
		    int fail_at, struct bind_result *res);

/**
 * bind_pending_alive() - whether the write a journal records as pending is
 * still in the kernel: its pid exists in the sysroot's /proc as a vfioctl
 */
bool bind_pending_alive(struct path_ctx *ctx, const struct journal *j);

/** bind_plan_clear() - free a plan (its steps, targets and journal); safe twice */
void bind_plan_clear(struct bind_plan *bp);

/** bind_op_name() - "claim", "release", "bind", "unbind", "restore" */
const char *bind_op_name(enum bind_op op);

#endif
