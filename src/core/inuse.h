/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse.h: what on the host is using a PCI device (disks, mounts, netdevs, open nodes) */
#ifndef VFIO_INUSE_H
#define VFIO_INUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"

/* a block device (disk, partition or a holder such as dm-0) behind a PCI device */
struct inuse_block {
	char name[32];			/* "sda", "sda1", "dm-0" */
	char majmin[16];		/* MAJ:MIN such as 8:1, from the dev attribute */
	char mountpoint[256];		/* first mount of it in mountinfo; "" if none */
	bool swap;			/* listed in /proc/swaps */
	bool root;			/* mounted at "/" */
	char via[32];			/* the partition/disk it sits on, for holders; "" otherwise */
};

/* a network interface of a PCI device */
struct inuse_netdev {
	char ifname[32];
	bool up;			/* IFF_UP in "flags" or operstate "up" */
	bool has_routes;		/* named in /proc/net/route or /proc/net/ipv6_route */
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
};

/**
 * pci_usage_scan() - find the block devices and network interfaces of a
 *                    PCI function, and whether they are in use
 * @ctx: sysroot
 * @bdf: the function's sysfs name ("0000:00:02.0")
 * @out: filled in; release with pci_usage_clear()
 *
 * Block devices are those in sys/class/block whose device path runs
 * through the function's directory, plus their holders (dm, md) found
 * recursively through "holders/". Each is matched by MAJ:MIN against
 * proc/self/mountinfo and by name against proc/swaps. Network interfaces
 * are the entries of sys/bus/pci/devices/BDF/net, checked against "flags"
 * (IFF_UP) and proc/net/route, proc/net/ipv6_route. Absent files mean
 * "not in use", not an error.
 *
 * Return: 0 or -ENOMEM.
 */
int pci_usage_scan(struct path_ctx *ctx, const char *bdf, struct pci_usage *out);

/** pci_usage_clear() - free what pci_usage_scan() allocated */
void pci_usage_clear(struct pci_usage *u);

/**
 * proc_find_holders() - processes that hold any of @nodes open
 * @ctx: sysroot (its proc/ is scanned)
 * @nodes: NULL-terminated absolute paths as processes see them ("/dev/vfio/12")
 * @out, @count: a malloc'd array the caller frees
 *
 * Scans the links in proc/PID/fd; processes whose fd directory cannot be read
 * (another user's, when not root) are skipped silently.
 * Return: 0 or -ENOMEM.
 */
int proc_find_holders(struct path_ctx *ctx, const char *const *nodes,
		      struct inuse_holder **out, size_t *count);

#endif
