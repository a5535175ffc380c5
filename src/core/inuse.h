/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse.h: what on the host is using a PCI device (disks, mounts, netdevs, open nodes) */
#ifndef VFIO_INUSE_H
#define VFIO_INUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "blockstack.h"
#include "path.h"

/* bounds for a host table (mountinfo, swaps): past them the check is not evaluated */

/* a block device (disk, partition or a holder such as dm-0) behind a PCI device */
struct inuse_block {
	char name[32];			/* "sda", "sda1", "dm-0" */
	char majmin[16];		/* MAJ:MIN such as 8:1, from the dev attribute */
	char mountpoint[256];		/* first mount of it in mountinfo; "" if none */
	bool swap;			/* listed in /proc/swaps */
	bool root;			/* mounted at "/" */
	char via[32];			/* what it was reached from (blockstack_dev.via); "" below the function */
	enum blockstack_link link;	/* how: below the function, holder, partition, NVMe head, loop file */
};

/* a network interface of a PCI device */
struct inuse_netdev {
	char ifname[32];
	bool up;			/* IFF_UP in "flags" or operstate "up" */
	bool has_routes;		/* named in /proc/net/route or /proc/net/ipv6_route */
	bool state_unknown;		/* neither "flags" nor "operstate" could be read */
};

/* a process holding a device node open */
struct inuse_holder {
	int pid;
	char comm[32];
	char node[128];			/* the node as the process sees it, e.g. /dev/vfio/12 */
};

struct pci_usage {
	struct inuse_block *blocks;
	size_t nblocks;
	struct inuse_netdev *netdevs;
	size_t nnetdevs;
	int mounts_error;		/* -errno: proc/self/mountinfo unreadable, mounts not checked */
	int swaps_error;		/* -errno: proc/swaps unreadable, swap not checked */
	int routes_error;		/* -errno: a route table unreadable, routes not checked */
};

/**
 * pci_usage_scan() - find the block devices and network interfaces of a
 *                    PCI function, and whether they are in use
 * @ctx: sysroot
 * @bdf: the function's sysfs name ("0000:00:02.0")
 * @out: filled in; release with pci_usage_clear()
 *
 * Block devices are those of blockstack_of_pci(): below the function, NVMe
 * multipath heads of its controllers, and everything stacked on them
 * (holders and slaves, partitions, loop devices backed by files on them).
 * Each is matched by MAJ:MIN and by source against proc/self/mountinfo and
 * by name against proc/swaps, both parsed by libmount from an fd of the
 * sysroot; a btrfs mount also counts for every device its
 * sys/fs/btrfs/UUID/devices lists. When there are block devices and a table cannot be read (or is
 * over path_fopen_lines()'s limits: -EFBIG) its -errno is left in
 * @out->mounts_error / swaps_error: that check was not evaluated. Network
 * interfaces are the entries of sys/bus/pci/devices/BDF/net, checked
 * against "flags" (IFF_UP) and proc/net/route, proc/net/ipv6_route; when
 * there are interfaces and proc/net/route (or an ipv6_route that exists)
 * cannot be read, its -errno is left in @out->routes_error.
 *
 * Return: 0 or -ENOMEM.
 */
int pci_usage_scan(struct path_ctx *ctx, const char *bdf, struct pci_usage *out);

/** pci_usage_clear() - free what pci_usage_scan() allocated */
void pci_usage_clear(struct pci_usage *u);

/* what a scan of every process's open files found, and what it could not see */
struct inuse_holders {
	struct inuse_holder *v;		/* malloc'd */
	size_t n;
	size_t unreadable;		/* processes whose proc/PID/fd could not be listed */
	int unreadable_pid;		/* the first of them */
	int unreadable_error;		/* its -errno (-EACCES for another user's, when not root) */
	int proc_error;			/* -errno when proc itself could not be listed; 0 otherwise */
	size_t nprocs;			/* processes listed in proc; 0 in a tree without any */
};

/**
 * proc_scan_holders() - processes that hold any of @nodes open, and how
 *                       many processes could not be looked at
 * @ctx: sysroot (its proc/ is scanned)
 * @nodes: absolute node paths as processes see them, @nnodes of them
 * @out: filled in; release with inuse_holders_clear()
 *
 * Matches the link text of proc/PID/fd/N (proc(5)) against @nodes. A
 * process that exited during the scan (-ENOENT, -ESRCH) is not counted; any
 * other failure to list its fd directory (-EACCES for another user's
 * process when not root, or a damaged tree) counts in @out->unreadable, so
 * that the caller reports the check as not evaluated instead of passed.
 * Return: 0 or -ENOMEM.
 */
int proc_scan_holders(struct path_ctx *ctx, const char *const *nodes, size_t nnodes,
		      struct inuse_holders *out);

/** inuse_holders_clear() - free what proc_scan_holders() allocated */
void inuse_holders_clear(struct inuse_holders *h);

/**
 * proc_find_holders() - processes that hold any of @nodes open
 * @ctx: sysroot (its proc/ is scanned)
 * @nodes: NULL-terminated absolute paths as processes see them ("/dev/vfio/12")
 * @out, @count: a malloc'd array the caller frees
 *
 * proc_scan_holders() without the count of processes it could not see:
 * for callers that only want a holder's name (a busy group in verify).
 * Return: 0 or -ENOMEM.
 */
int proc_find_holders(struct path_ctx *ctx, const char *const *nodes,
		      struct inuse_holder **out, size_t *count);

#endif
