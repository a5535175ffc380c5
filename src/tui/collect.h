/* SPDX-License-Identifier: GPL-2.0-or-later */
/* collect.h: what the block and cgroup panes read once per tick, kept apart from drawing */
#ifndef VFIO_TUI_COLLECT_H
#define VFIO_TUI_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "blockdev.h"
#include "io/cgroup.h"
#include "io/iodev.h"
#include "io/rates.h"
#include "io/verdict.h"
#include "path.h"
#include "scsi/audit.h"
#include "scsi/ident.h"

/* block devices and SCSI nodes: read again only on block/scsi uevents */
struct dash_blocks {
	struct blockdev_topo *topo;	/* NULL when the read failed */
	struct scsi_ident *ids;		/* every H:C:T:L */
	size_t nids;
	struct audit_entry *audit;	/* every node that reaches a SCSI device */
	size_t naudit;
	int error;			/* -errno of the read */
};

/* one cgroup of the v2 tree, as the cgroup pane shows it */
struct dash_cgroup {
	char path[256];			/* "/", "/machine.slice/vm1.scope" */
	int depth;			/* 0 for the root */
	bool has_rate;			/* two samples gave a rate */
	double riops, wiops;		/* summed over the disks, per second */
	bool io_files;			/* io.weight or io.max is there (io enabled) */
	bool has_weight;
	unsigned weight;		/* the "default" of io.weight */
	char weight_devs[96];		/* per-disk lines: "sda=300" */
	char limits[160];		/* io.max keys that are not max: "sda riops=500" */
	char undelegated[256];		/* the ancestor lacking +io, "" none */
	struct io_verdict weight_v;	/* io.weight on the first disk it acts on */
	bool has_limit_v;
	struct io_verdict limit_v;	/* io.max of the first limited disk */
};

/* the cgroup tree: the list each tick, io.stat of every listed cgroup each tick */
struct dash_cgroups {
	struct io_cgroups cg;
	int error;			/* -errno of the detection or the walk */
	bool io_controller;		/* the root's cgroup.controllers lists io */
	int controllers_error;		/* -errno reading it (a capture without the tree) */
	struct io_disk *disks;
	size_t ndisks;
	struct dash_cgroup *v;
	size_t n, cap;
	struct io_sample prev, cur;	/* the previous tick's io.stat and this tick's */
	unsigned long settings_reads;	/* full reads of weights and limits so far */
};

/**
 * dash_blocks_read() - the block topology, SCSI identities and the node audit
 * Calls blockdev_topo_scan(), scsi_ident_list() (scsi_ident_list_disks() for
 * captures without sys/bus/scsi) and scsi_audit_scan(); replaces @b's data.
 * Return: 0 or -errno (also kept in @b->error).
 */
int dash_blocks_read(struct path_ctx *ctx, struct dash_blocks *b);
void dash_blocks_free(struct dash_blocks *b);

/**
 * dash_cgroups_read() - one tick of the cgroup pane
 * @reread: read weights, limits, disks and verdicts again even when the
 *          list of cgroups did not change (first tick, Ctrl-L, a change)
 *
 * Walks the v2 tree once (io_cgroup_walk()), reading each cgroup's io.stat
 * into a sample; rates come from the previous tick's sample
 * (io_rates_compute(), hierarchical counters). Weights (io.weight), limits
 * (io.max) and verdicts (io_verdict_for()) are read again only when the
 * list changed or @reread. On v1, hybrid or without cgroups nothing is
 * walked: the pane says why.
 * Return: 0 or -errno (also kept in @c->error).
 */
int dash_cgroups_read(struct path_ctx *ctx, struct dash_cgroups *c, double now, bool reread);
void dash_cgroups_free(struct dash_cgroups *c);

/* the audit entry of node @node ("dev/sda1"), or NULL */
const struct audit_entry *dash_audit_find(const struct dash_blocks *b, const char *node);
/* the most SCSI power a non-root opener of @e gets; false when only root opens it */
bool dash_audit_power(const struct audit_entry *e, enum audit_power *best);

#endif
