/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind-set.h: several devices claimed, released, bound or unbound as one change */
#ifndef VFIO_BIND_SET_H
#define VFIO_BIND_SET_H

#include "bind.h"

/**
 * bind_set_plan_make() - plan a device verb on several BDFs as one change
 * @ctx: sysroot
 * @snap: a snapshot of @ctx taken just before
 * @req: BIND_OP_CLAIM, _RELEASE, _BIND or _UNBIND with @req->devices set
 *       (BDFs as bdf_parse() takes them; @req->device is ignored)
 * @out: filled in; release with bind_plan_clear()
 *
 * The same BDF twice counts once. A claim is planned per IOMMU group, as
 * bind_plan_make() plans "device claim" of the first BDF named in it, with
 * the other BDFs named in that group (and the @req->with of that group)
 * as consented companions; a --with in none of those groups is denied. A
 * release is planned per journal (the group's, or the device's own), a
 * bind or unbind per device. The plans are merged into @out, in the order
 * the BDFs were given: one list of targets, checks and steps (vfio-pci or
 * any other driver loaded once, before the first change), so one consent
 * and one bind_plan_apply() cover them all and a failed step rolls back
 * every device. Each part keeps its own journal file, the one the same
 * command on that group or device alone writes, so that a later release,
 * status or recover of one group reads what it always reads; change_apply()
 * writes them all as "applying" before the first step (so a crash is
 * recovered for every device) and settles them after the last.
 * With one part, @out is exactly bind_plan_make()'s plan for it.
 *
 * @out->group is the group every part shares, or -1; @out->device is ""
 * with several parts (see @out->parts). On error @out->device names the
 * BDF at fault.
 *
 * Return: 0, or bind_plan_make()'s -errno for one part; -EINVAL for an
 * empty list or a BDF that does not parse; -ENOENT, -ENODEV or the
 * device's read_error for a claimed BDF that does not exist, has no IOMMU
 * group, or cannot be read; -E2BIG when the parts hold more than
 * JOURNAL_MAX_DEVICES targets together; -ENOMEM.
 */
int bind_set_plan_make(struct path_ctx *ctx, const struct host_snapshot *snap,
		       const struct bind_request *req, struct bind_plan *out);

/**
 * bind_set_journals_begin() - before bind_plan_apply() of a plan with
 * parts: write the journals of parts 1.. that will change, state "applying"
 * (part 0's is the plan's own: bind_plan_apply() writes it)
 * @res: on failure, filled in as bind_plan_apply() fills a journal failure
 *       (BIND_NOT_STARTED): nothing was changed and nothing stays written
 * Return: 0 (also for a plan without parts) or the -errno of a write.
 */
int bind_set_journals_begin(struct path_ctx *ctx, struct bind_plan *bp, struct bind_result *res);

/**
 * bind_set_journals_end() - after bind_plan_apply() of a plan with parts:
 * settle the journals of parts 1.. as bind_plan_apply() settled part 0's
 * for @res->outcome: marked "applied" (or removed, for a release) when
 * done; put back as they were when the change was rolled back or never
 * started; left as they are otherwise (failed, pending, crashed), for
 * "recover". A journal that cannot be settled after a completed change
 * turns @res into BIND_DONE_UNRECORDED, after a rollback into
 * BIND_ROLLBACK_FAILED.
 */
void bind_set_journals_end(struct path_ctx *ctx, struct bind_plan *bp, struct bind_result *res);

#endif
