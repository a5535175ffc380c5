/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uevent.h: the kernel's device events (NETLINK_KOBJECT_UEVENT), so live views re-read only on change */
#ifndef VFIO_UEVENT_H
#define VFIO_UEVENT_H

#include <stddef.h>

/* one kernel uevent: "ACTION@DEVPATH\0KEY=VALUE\0..." */
struct uevent {
	char action[16];	/* add, remove, change, move, online, offline, bind, unbind */
	char devpath[256];	/* below /sys, e.g. /devices/pci0000:00/0000:00:03.0 */
	char subsystem[32];	/* pci, vfio, block, ... ("" when absent) */
	char driver[64];	/* DRIVER=, on bind (since Linux 4.14) */
	unsigned long long seqnum;	/* SEQNUM=, 0 when absent */
};

/**
 * uevent_parse() - parse one kernel uevent message
 * @buf: the datagram: "ACTION@DEVPATH" then NUL-separated KEY=VALUE fields,
 *       as lib/kobject_uevent.c sends it; need not end with a NUL
 * @len: its length in bytes
 * @out: filled in; long values are cut to the field sizes
 *
 * Return: 0, or -EBADMSG when the header is not "ACTION@/DEVPATH" (such as
 * libudev's "libudev" messages, which start with a magic header).
 */
int uevent_parse(const char *buf, size_t len, struct uevent *out);

/**
 * uevent_monitor_open() - subscribe to the kernel's uevent multicast group
 * @fd: receives a non-blocking, close-on-exec netlink socket
 *
 * Needs no privilege: the kernel lets any process receive on group 1.
 * Return: 0 or the -errno of socket()/bind() (-EPROTONOSUPPORT without
 * netlink, -EPERM under a seccomp profile that forbids it).
 */
int uevent_monitor_open(int *fd);

/**
 * uevent_monitor_read() - receive the next uevent without blocking
 * @fd: from uevent_monitor_open()
 * @out: filled in
 *
 * Messages that do not come from the kernel (port id 0) or do not parse
 * are skipped.
 * Return: 0; -EAGAIN when none is waiting; -ENOBUFS when the socket's
 * buffer overflowed and events were lost (the caller must re-read
 * everything); another -errno from recvmsg().
 */
int uevent_monitor_read(int fd, struct uevent *out);

#endif
