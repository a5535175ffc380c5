/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rates.h: live IOPS and bytes/s per cgroup and device from two io.stat samples */
#ifndef VFIO_IO_RATES_H
#define VFIO_IO_RATES_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"
#include "iofmt.h"

struct io_sample_row {
	char *cgroup;			/* "/a/b" (owned) */
	struct io_stat st;
};

struct io_sample {
	double t;			/* seconds, CLOCK_MONOTONIC */
	struct io_sample_row *rows;
	size_t n, cap;
};

/**
 * io_sample_take() - read io.stat of @start and every cgroup below it
 * (v1: blkio.throttle.io_serviced and io_service_bytes)
 * @t: the time of the sample in seconds
 * Bare "MAJ:MIN " records (no I/O yet) are kept as zero counters.
 * A cgroup that vanishes during the walk is skipped.
 * Return: 0, -ENOMEM, or -errno of listing @start.
 */
int io_sample_take(struct path_ctx *ctx, const struct io_cgroups *cg, const char *start,
		   double t, struct io_sample *s);

/** io_sample_add() - append one row (tests and io_sample_take()). Return: 0, -ENOMEM. */
int io_sample_add(struct io_sample *s, const char *cgroup, const struct io_stat *st);

/** io_sample_clear() - free a sample's rows and reset it for the next io_sample_take() */
void io_sample_clear(struct io_sample *s);

enum io_rate_state {
	IO_RATE_OK,
	IO_RATE_NEW,		/* not in the previous sample: no rate yet */
	IO_RATE_RESET,		/* a counter went backwards: the cgroup was recreated */
	IO_RATE_GONE,		/* in the previous sample only: the cgroup vanished */
};

struct io_rate {
	const char *cgroup;		/* points into the sample it came from */
	unsigned maj, min;
	double riops, wiops, rbps, wbps, dios;	/* per second */
	enum io_rate_state state;
};

/**
 * io_rates_compute() - rates between two samples
 * @own: subtract what the direct children did on the same device, since
 *       io.stat is hierarchical (a parent counts its children's I/O);
 *       clamped at zero
 * @out, @n: malloc'd array in @cur's order, then the vanished rows
 *
 * A counter lower than before (the cgroup was removed and created again
 * under the same name) gives IO_RATE_RESET with zero rates rather than a
 * huge wrapped delta. An interval of zero or less gives -EINVAL.
 * Return: 0, -EINVAL or -ENOMEM.
 */
int io_rates_compute(const struct io_sample *prev, const struct io_sample *cur, bool own,
		     struct io_rate **out, size_t *n);

/** io_rate_state_name() - "ok", "new", "reset", "gone" */
const char *io_rate_state_name(enum io_rate_state s);

#endif
