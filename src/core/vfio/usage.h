/* SPDX-License-Identifier: GPL-2.0-or-later */
/* usage.h: what a PCI function is used for: interfaces, disks, mounts, nodes and their openers */
#ifndef VFIO_USAGE_H
#define VFIO_USAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "inuse.h"
#include "path.h"

/* what a node below the function is, from the name devtmpfs gives it */
enum usage_node_kind {
	USAGE_NODE_DRM,		/* /dev/dri/cardN, renderDN */
	USAGE_NODE_SOUND,	/* /dev/snd/controlCN, pcmCNDMp... */
	USAGE_NODE_VFIO,	/* /dev/vfio/devices/vfioN */
	USAGE_NODE_USB,		/* /dev/bus/usb/BBB/DDD */
	USAGE_NODE_NVIDIA,	/* /dev/nvidiaN (outside the device model) */
	USAGE_NODE_BLOCK,	/* a disk, partition or a holder stacked on them */
	USAGE_NODE_OTHER,	/* nvme0, hidraw0, ttyUSB0, input/event3... */
};

/* a network interface with what device show says of it */
struct usage_netdev {
	char ifname[32];
	char operstate[16];	/* sys/class/net/IF/operstate: "up", "down", "dormant"...; "" unread */
	bool up;		/* IFF_UP in "flags", or operstate "up" (inuse.c) */
	bool routed;		/* named in proc/net/route or proc/net/ipv6_route */
	bool default_route;	/* USAGE_DETAIL: an IPv4 0.0.0.0/0 or IPv6 ::/0 route uses it */
	char **addrs;		/* USAGE_DETAIL: IPv6 "ADDR/PLEN" of proc/net/if_inet6; NULL-terminated */
};

/* a device node of the function (or of a block device stacked on it) */
struct usage_node {
	char path[160];		/* absolute, as processes see it: dri/card0 below the dev root */
	enum usage_node_kind kind;
};

struct device_usage {
	struct pci_usage io;		/* block devices with mounts and swap, netdevs (inuse.c) */
	struct usage_netdev *net;	/* io.netdevs with what USAGE_DETAIL adds; nnet of them */
	size_t nnet;
	struct usage_node *nodes;
	size_t nnodes;
	bool nodes_truncated;		/* devnodes_of_pci() stopped at DEVNODES_MAX or depth */
	struct inuse_holders open;	/* processes holding one of @nodes open (proc_scan_holders) */
	bool open_scanned;		/* open was filled in: nodes existed and /proc was scanned */
	int detail_error;		/* -errno: USAGE_DETAIL could not read a table (if_inet6 aside) */
};

enum {
	USAGE_DETAIL = 1 << 0,		/* operstate, default route and IPv6 addresses too */
	USAGE_NO_PROC = 1 << 1,		/* no /proc scan: device_usage_scan_open() does it later */
};

/**
 * device_usage_scan() - what one PCI function is used for
 * @ctx: sysroot
 * @bdf: the function's sysfs name ("0000:01:00.0")
 * @flags: USAGE_DETAIL, USAGE_NO_PROC
 * @out: filled in; release with device_usage_clear()
 *
 * Block devices and network interfaces come from pci_usage_scan() (which
 * reads mounts through libmount, holders and NVMe heads through
 * blockstack.c, route tables); nodes from devnodes_of_pci() plus the /dev
 * node of every block device found; openers from one proc_scan_holders()
 * over all of them, unless USAGE_NO_PROC. With USAGE_DETAIL each
 * interface's operstate is read (Documentation/ABI/testing/sysfs-class-net),
 * whether a default route uses it (proc/net/route: Destination and Mask
 * 0; proc/net/ipv6_route: destination ::, prefix 0) and its IPv6
 * addresses (proc/net/if_inet6); IPv4 addresses have no procfs table per
 * interface and are not read. A bridge's directory holds the devices
 * behind it: callers ask about endpoints.
 * Return: 0 or -ENOMEM (@out is then empty).
 */
int device_usage_scan(struct path_ctx *ctx, const char *bdf, unsigned flags,
		      struct device_usage *out);

/**
 * device_usage_scan_open() - the openers of many functions' nodes in one
 *                            pass over /proc
 * @ctx: sysroot
 * @v: @n results of device_usage_scan() made with USAGE_NO_PROC
 *
 * Each result's @open gets the holders of its own nodes, and the counts
 * of processes that could not be looked at (the same for all of them).
 * Return: 0 or -ENOMEM.
 */
int device_usage_scan_open(struct path_ctx *ctx, struct device_usage *const *v, size_t n);

/**
 * device_usage_busy() - whether anything found uses the function: an
 * interface up or routed, a block device mounted or in swap, a node
 * held open
 */
bool device_usage_busy(const struct device_usage *u);

/**
 * device_usage_unknown() - whether a check that applies to the function
 * could not be evaluated: a table (mountinfo, swaps, routes) unreadable
 * while it has block devices or interfaces, an interface whose state
 * cannot be read, /proc unlisted, empty (no process at all: a capture
 * without them) or with processes whose open files cannot be read while
 * it has nodes, or its nodes cut short
 */
bool device_usage_unknown(const struct device_usage *u);

/** device_usage_node_kind() - the kind of a node from its path */
enum usage_node_kind device_usage_node_kind(const char *path, bool block);

/** device_usage_clear() - free what device_usage_scan() allocated */
void device_usage_clear(struct device_usage *u);

#endif
