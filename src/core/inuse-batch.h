/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse-batch.h: the usage facts of every device of a plan, with one pass over /proc */
#ifndef VFIO_INUSE_BATCH_H
#define VFIO_INUSE_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "bdf.h"
#include "devnodes.h"
#include "inuse.h"
#include "path.h"

/* what the claim checks of one function look at */
struct usage_facts {
	char name[BDF_STRLEN];	   /* the function's sysfs name */
	struct pci_usage u;	   /* its block devices and interfaces (pci_usage_scan()) */
	struct devnode_list nodes; /* the nodes of its block devices, then its own */
};

/**
 * usage_facts_gather() - the block devices, interfaces and device nodes of
 *                        a function, before any process is looked at
 * @ctx: sysroot
 * @bdf: the function's sysfs name
 * @out: filled in; release with usage_facts_clear()
 *
 * pci_usage_scan(), then the node of each block device it found
 * (PATH_DEVNODE_ABS NAME: a holder such as dm-0 is opened through its own
 * node) and devnodes_of_pci(): the node list the "open" check matches
 * against proc/PID/fd. A list over DEVNODES_MAX is cut and marked
 * truncated. Return: 0 or -ENOMEM.
 */
int usage_facts_gather(struct path_ctx *ctx, const char *bdf, struct usage_facts *out);

/** usage_facts_clear() - free what usage_facts_gather() allocated */
void usage_facts_clear(struct usage_facts *f);

/*
 * The facts of several functions and the holders of all their nodes,
 * found in one pass over proc: a plan's cost then grows with its devices,
 * not with devices x processes.
 */
struct usage_batch {
	struct usage_facts *v;
	size_t n;
	struct inuse_holders holders; /* of every node of every function, in proc order */
};

/**
 * usage_batch_gather() - usage_facts_gather() for each of @names, then one
 *                        proc_scan_holders() over the union of their nodes
 * @ctx: sysroot
 * @names: @n sysfs names (repeats are gathered once)
 * @out: filled in; release with usage_batch_clear()
 *
 * Return: 0 or -ENOMEM.
 */
int usage_batch_gather(struct path_ctx *ctx, const char *const *names, size_t n,
		       struct usage_batch *out);

/** usage_batch_find() - the facts gathered for @bdf, or NULL */
const struct usage_facts *usage_batch_find(const struct usage_batch *b, const char *bdf);

/**
 * usage_batch_holders() - what proc_scan_holders() would have said of the
 *                         nodes of @f alone
 * @b: the batch @f belongs to
 * @out: the holders of @f's nodes, in the order the pass met them, with
 *       the pass's unreadable and proc_error; release with
 *       inuse_holders_clear()
 *
 * Return: 0 or -ENOMEM.
 */
int usage_batch_holders(const struct usage_batch *b, const struct usage_facts *f,
			struct inuse_holders *out);

/** usage_batch_clear() - free a batch */
void usage_batch_clear(struct usage_batch *b);

#endif
