// SPDX-License-Identifier: GPL-2.0-or-later
/* uevent.c: the kernel's device events (NETLINK_KOBJECT_UEVENT) */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uevent.h"

/* the kernel's multicast group; udevd re-broadcasts on group 2 */
#define UEVENT_GROUP_KERNEL 1
#define UEVENT_BUFFER_SIZE 8192	/* UEVENT_BUFFER_SIZE in the kernel is 2048 */

static void copy_field(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int uevent_parse(const char *buf, size_t len, struct uevent *out)
{
	const char *end = buf + len, *p, *at;
	size_t hlen;

	memset(out, 0, sizeof(*out));
	hlen = strnlen(buf, len);
	at = memchr(buf, '@', hlen);
	if (!at || at == buf || at + 1 >= buf + hlen || at[1] != '/')
		return -EBADMSG;
	copy_field(out->action, sizeof(out->action), buf, (size_t)(at - buf));
	copy_field(out->devpath, sizeof(out->devpath), at + 1, hlen - (size_t)(at + 1 - buf));
	for (p = buf + hlen + 1; p < end; p += strnlen(p, (size_t)(end - p)) + 1) {
		size_t flen = strnlen(p, (size_t)(end - p));

		if (flen > 10 && strncmp(p, "SUBSYSTEM=", 10) == 0)
			copy_field(out->subsystem, sizeof(out->subsystem), p + 10, flen - 10);
		else if (flen > 7 && strncmp(p, "DRIVER=", 7) == 0)
			copy_field(out->driver, sizeof(out->driver), p + 7, flen - 7);
		else if (flen > 7 && strncmp(p, "SEQNUM=", 7) == 0)
			out->seqnum = strtoull(p + 7, NULL, 10);
	}
	return 0;
}

int uevent_monitor_open(int *fd)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = UEVENT_GROUP_KERNEL,
	};
	int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       NETLINK_KOBJECT_UEVENT);

	if (s < 0)
		return -errno;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int rc = -errno;

		close(s);
		return rc;
	}
	*fd = s;
	return 0;
}

int uevent_monitor_read(int fd, struct uevent *out)
{
	for (;;) {
		char buf[UEVENT_BUFFER_SIZE];
		struct sockaddr_nl from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr msg = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
		};
		ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		/* only the kernel speaks on this group; anything else is noise or forged */
		if (msg.msg_namelen != sizeof(from) || from.nl_pid != 0 ||
		    (msg.msg_flags & MSG_TRUNC))
			continue;
		if (uevent_parse(buf, (size_t)n, out) == 0)
			return 0;
	}
}
