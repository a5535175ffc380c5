/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ioplan.h: io changes as plans of file writes, journaled so that 'io undo' restores them */
#ifndef VFIO_IO_IOPLAN_H
#define VFIO_IO_IOPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"
#include "iodev.h"
#include "iofmt.h"
#include "path.h"

/*
 * Every step writes one line to one cgroup or queue file and knows the
 * line that writes the old value back: a per-device "MAJ:MIN default" for
 * a weight that had no line, all four io.max keys, "-io" for a "+io".
 */
struct io_step {
	char path[256];			/* sysroot-relative */
	char old[192];			/* restores the previous value */
	char new_[192];			/* the change */
	char what[64];			/* "io.max sda (8:0)" */
	char shown_old[96];		/* for humans: "riops=max" */
	char shown_new[96];		/* "riops=100" */
};

#define IO_PLAN_NOTES 8
struct io_plan {
	char op[16];			/* "weight", "limit", "sched", "model", "undo" */
	char target[512];		/* the cgroup or the device */
	struct io_step *steps;
	size_t n, cap;
	char notes[IO_PLAN_NOTES][192];	/* "sda2 is a partition of sda: using 8:0" */
	size_t nnotes;
	char error[192];		/* why a builder refused, for the front end */
	char undo_journal[64];		/* "undo": the journal it reverts */
};

struct io_apply_result {
	size_t steps_done;
	int failed_step;		/* index, or -1 */
	int error;			/* -errno of the failed write */
	bool rolled_back;
	char journal[64];		/* sysroot-relative journal written */
};

/** io_plan_clear() - free a plan's steps and reset it (an empty plan is fine) */
void io_plan_clear(struct io_plan *p);

/**
 * io_plan_append() - add @src's steps and notes behind @dst's, in order
 * (enable io first, then the weight or limit files that appear with it)
 * Return: 0, or -ENOMEM (then @dst holds the steps added so far).
 */
int io_plan_append(struct io_plan *dst, const struct io_plan *src);

/** io_plan_note() - add a line of explanation to a plan (silently capped) */
void io_plan_note(struct io_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * io_plan_weight() - set a cgroup's weight, for all disks or one
 * @t: NULL for the default weight, else the disks of a device argument
 * @w: 1..10000 (io.weight, iocost). Where io.bfq.weight exists it is set
 *     too, mapped as systemd's BFQ_WEIGHT() does (w <= 100 as is, above
 *     that 100 + (w - 100) * 900 / 9900); a per-device bfq line only for a
 *     disk whose scheduler is bfq (the kernel answers EOPNOTSUPP otherwise).
 *     v1: blkio.weight / blkio.weight_device, 10..1000 (CFQ), or
 *     blkio.bfq.weight 1..1000 when only that exists.
 * Return: 0, or -errno with @p->error saying why (-ERANGE, -EPERM for the
 * root, -ENOENT when io is not enabled for the cgroup).
 */
int io_plan_weight(struct path_ctx *ctx, const struct io_cgroups *cg, const struct io_disk *disks,
		   size_t ndisks, const char *cgroup, const struct io_target *t, unsigned long long w,
		   struct io_plan *p);

/**
 * io_plan_limit() - io.max limits of a cgroup on the disks of @t
 * @req: the keys given (io_max_arg()); "max" clears one
 * v1: blkio.throttle.{read,write}_{bps,iops}_device, where 0 clears.
 * Return: 0, or -errno with @p->error.
 */
int io_plan_limit(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		  const struct io_target *t, const struct io_max *req, struct io_plan *p);

/**
 * io_plan_sched() - switch the scheduler of the disks of @t
 * A name the kernel does not list yet is allowed (it loads NAME-iosched).
 * Return: 0, or -errno with @p->error (-EINVAL for a malformed name).
 */
int io_plan_sched(struct path_ctx *ctx, const struct io_disk *disks, size_t ndisks,
		  const struct io_target *t, const char *name, struct io_plan *p);

/**
 * io_plan_model() - iocost in IOPS mode on the disks of @t: a linear model
 * with zero byte coefficients (io_cost_model_format()), then enable=1 in
 * the root io.cost.qos. v2 only.
 * Return: 0, or -errno with @p->error (-EOPNOTSUPP on v1 or hybrid).
 */
int io_plan_model(struct path_ctx *ctx, const struct io_cgroups *cg, const struct io_disk *disks,
		  size_t ndisks, const struct io_target *t, uint64_t riops, uint64_t wiops,
		  struct io_plan *p);

/**
 * io_plan_enable_io() - "+io" in the cgroup.subtree_control of every
 * ancestor of @cgroup that lacks it, from the root down (v2)
 * Return: 0 or -errno.
 */
int io_plan_enable_io(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		      struct io_plan *p);

/**
 * io_plan_undo() - a plan that writes back the old values of the newest
 * io journal, in reverse order
 * Return: 0, -ENOENT (nothing to undo), -EBADMSG (a damaged journal).
 */
int io_plan_undo(struct path_ctx *ctx, struct io_plan *p);

/**
 * io_plan_apply() - run a plan
 * @fault_step: 1-based step to fail before writing (tests), 0 for none
 *
 * The journal (PATH_RUN_IO_JOURNAL, atomically written) is stored before
 * the first write, so 'io undo' can restore even after a crash. A failed
 * write rolls back the steps done, in reverse, and removes the journal.
 * An "undo" plan removes the journal it reverted.
 * Return: 0 or the -errno of the failed step (see @res).
 */
int io_plan_apply(struct path_ctx *ctx, const struct io_plan *p, int fault_step,
		  struct io_apply_result *res);

/**
 * io_write_error() - the kernel's answer to an io write in plain words
 * @err: negative errno of the write
 * @path: the file written (its name picks the wording)
 */
const char *io_write_error(int err, const char *path);

#endif
