/* SPDX-License-Identifier: GPL-2.0-or-later */
/* change.h: one path for every change a front end makes: target check, lock, snapshot, plan, apply */
#ifndef VFIO_CHANGE_H
#define VFIO_CHANGE_H

#include <stdbool.h>

#include "bind.h"
#include "host.h"
#include "path.h"

/* how long a change waits for another vfioctl's lock */
#define CHANGE_LOCK_TIMEOUT_MS 10000

/**
 * change_target_check() - may this sysroot be changed?
 * @ctx: sysroot
 *
 * The live root may be changed by root; any other tree only when it
 * carries PATH_FIXTURE_WRITABLE, so a captured host is never written.
 * Return: 0; -EROFS for a tree that is not marked writable; -EPERM for the
 * live root without root privileges.
 */
int change_target_check(const struct path_ctx *ctx);

/**
 * change_lock() - take an exclusive lock below PATH_RUN_DIR
 * @ctx: sysroot
 * @lock_rel: the lock file, sysroot-relative (PATH_RUN_LOCK, PATH_RUN_IO_LOCK)
 * @fd: receives the locked fd; close it to unlock
 *
 * Waits up to CHANGE_LOCK_TIMEOUT_MS for another holder.
 * Return: 0, -EWOULDBLOCK when another vfioctl kept it, or -errno of
 * creating the directory or the file.
 */
int change_lock(const struct path_ctx *ctx, const char *lock_rel, int *fd);

/**
 * change_clean_tmp() - right after change_lock(PATH_RUN_LOCK): remove the
 * temporary files of claim journal writes a crash left behind (see
 * journal_clean_tmp()); each is logged at info level
 */
void change_clean_tmp(struct path_ctx *ctx);

/* where change_begin() stopped, so that a front end can word the error */
enum change_stage {
	CHANGE_STAGE_TARGET,		/* change_target_check() failed */
	CHANGE_STAGE_LOCK,		/* change_lock() failed */
	CHANGE_STAGE_SNAPSHOT,		/* host_snapshot_take_group()/_device() failed */
	CHANGE_STAGE_PLAN,		/* bind_plan_make() failed */
	CHANGE_STAGE_PLANNED,		/* the plan is ready */
	CHANGE_STAGE_APPLIED,		/* change_apply() ran (see res) */
};

/*
 * A claim, release, bind or unbind from the moment it is asked for to its
 * result. The CLI and the dashboard run exactly this; they only render the
 * plan, ask for consent and word the result.
 */
struct change_session {
	struct path_ctx *ctx;		/* borrowed */
	bool dry_run;
	enum change_stage stage;
	int lockfd;			/* -1 when not held */
	struct host_snapshot *snap;
	struct bind_plan plan;		/* valid from CHANGE_STAGE_PLANNED */
	struct bind_result res;		/* valid at CHANGE_STAGE_APPLIED */
};

/**
 * change_begin() - check the target, lock, read the host and plan
 * @cs: filled in; release with change_end() whatever this returns
 * @ctx: sysroot (borrowed for the session's life)
 * @req: what the user asked for
 * @dry_run: plan only: no target check and no lock
 *
 * Return: 0 with cs->stage CHANGE_STAGE_PLANNED (the plan may still be
 * refused by its checks: plan_refused(&cs->plan.plan)), or the -errno of
 * the stage in cs->stage: -EROFS/-EPERM (target), -EWOULDBLOCK (lock),
 * host_snapshot_take_group()'s (of @req->device, else of @req->group: the
 * plan reads that group and that device only), or bind_plan_make()'s (-ENOENT no such group or
 * device, -ENODEV no IOMMU group, -EBADMSG damaged journal...).
 */
int change_begin(struct change_session *cs, struct path_ctx *ctx,
		 const struct bind_request *req, bool dry_run);

/**
 * change_apply() - apply a planned change that its checks did not refuse
 * @cs: at CHANGE_STAGE_PLANNED, not a dry run
 * @ops: the kernel (bind_ops_kernel) or a test's fake
 * @fault_step: see bind_plan_apply()
 *
 * A plan with nothing to do only settles its journal. A plan of several
 * groups or devices (bind-set.h) has its other journals written before
 * and settled after the one bind_plan_apply(). The result, with the
 * outcome and any pending write, is in cs->res.
 * Return: 0 or the -errno of bind_plan_apply() (or of a journal of another
 * part: then cs->res says BIND_NOT_STARTED or BIND_DONE_UNRECORDED);
 * -EINVAL when the session is not ready (not planned, refused, or a dry run).
 */
int change_apply(struct change_session *cs, const struct bind_ops *ops, int fault_step);

/** change_end() - unlock and free; the session may be begun again */
void change_end(struct change_session *cs);

#endif
