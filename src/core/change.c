// SPDX-License-Identifier: GPL-2.0-or-later
/* change.c: one path for every change a front end makes: target check, lock, snapshot, plan, apply */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bind-set.h"
#include "change.h"
#include "journal.h"
#include "pathnames.h"
#include "vfio/claims.h"

int change_target_check(const struct path_ctx *ctx)
{
	if (!path_ctx_is_live(ctx))
		return path_exists(ctx, PATH_FIXTURE_WRITABLE) ? 0 : -EROFS;
	return geteuid() == 0 ? 0 : -EPERM;
}

int change_lock(const struct path_ctx *ctx, const char *lock_rel, int *fd)
{
	int rc = path_mkdirs(ctx, PATH_RUN_DIR);

	return rc < 0 ? rc : path_lock(ctx, CHANGE_LOCK_TIMEOUT_MS, fd, "%s", lock_rel);
}

void change_clean_tmp(struct path_ctx *ctx)
{
	struct timespec now;

	/* a leftover cannot hide a journal: it is only ever renamed over one */
	if (clock_gettime(CLOCK_REALTIME, &now) == 0)
		journal_clean_tmp(ctx, &now, NULL);
}

int change_begin(struct change_session *cs, struct path_ctx *ctx,
		 const struct bind_request *req, bool dry_run)
{
	int rc;

	memset(cs, 0, sizeof(*cs));
	cs->ctx = ctx;
	cs->dry_run = dry_run;
	cs->lockfd = -1;
	cs->res.failed_step = -1;
	cs->stage = CHANGE_STAGE_TARGET;
	if (!dry_run) {
		rc = change_target_check(ctx);
		if (rc < 0)
			return rc;
		cs->stage = CHANGE_STAGE_LOCK;
		rc = change_lock(ctx, PATH_RUN_LOCK, &cs->lockfd);
		if (rc < 0)
			return rc;
		change_clean_tmp(ctx);
	}
	/* the host is read under the lock, so the plan sees no half-made change */
	cs->stage = CHANGE_STAGE_SNAPSHOT;
	/*
	 * one group (or one device and its group) is all a plan reads; a
	 * change of several devices (bind-set.c) may span groups: the host
	 */
	if (req->devices && req->devices[0] && req->devices[1])
		rc = host_snapshot_take(ctx, &cs->snap);
	else
		rc = req->device ? host_snapshot_take_device(ctx, req->device, &cs->snap)
				 : host_snapshot_take_group(ctx, req->group, &cs->snap);
	if (rc < 0)
		return rc;
	cs->stage = CHANGE_STAGE_PLAN;
	rc = bind_plan_make(ctx, cs->snap, req, &cs->plan);
	if (rc < 0)
		return rc;
	cs->stage = CHANGE_STAGE_PLANNED;
	/* a new change over an interrupted one: the plan says so (release is itself the undo) */
	if (req->op == BIND_OP_CLAIM || req->op == BIND_OP_BIND || req->op == BIND_OP_UNBIND) {
		struct claim_state st;

		if (claim_state_read(ctx, &st) == 0) {
			rc = claim_state_plan_checks(&st, path_ctx_is_live(ctx) ? NULL : path_ctx_root(ctx),
						     &cs->plan.plan);
			claim_state_clear(&st);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int change_apply(struct change_session *cs, const struct bind_ops *ops, int fault_step)
{
	int rc;

	if (cs->stage != CHANGE_STAGE_PLANNED || cs->dry_run || plan_refused(&cs->plan.plan))
		return -EINVAL;
	/* several groups or devices: their other journals around the one apply */
	rc = bind_set_journals_begin(cs->ctx, &cs->plan, &cs->res);
	if (rc < 0) {
		cs->stage = CHANGE_STAGE_APPLIED;
		return rc;
	}
	/* even "nothing to do" may settle the journal (see bind_plan_apply()) */
	rc = bind_plan_apply(cs->ctx, &cs->plan, ops, cs->plan.noop ? 0 : fault_step, &cs->res);
	bind_set_journals_end(cs->ctx, &cs->plan, &cs->res);
	if (rc == 0 && cs->res.outcome != BIND_DONE)
		rc = cs->res.error;
	cs->stage = CHANGE_STAGE_APPLIED;
	return rc;
}

void change_end(struct change_session *cs)
{
	if (cs->stage >= CHANGE_STAGE_PLANNED)
		bind_plan_clear(&cs->plan);
	host_snapshot_free(cs->snap);
	cs->snap = NULL;
	if (cs->lockfd >= 0)
		close(cs->lockfd);
	cs->lockfd = -1;
}
