// SPDX-License-Identifier: GPL-2.0-or-later
/* write.c: putting records into the kernel log and Android logs */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pathnames.h"
#include "write.h"

static int write_all_iov(int fd, struct iovec *iov, int n, size_t total)
{
	ssize_t k;

	do
		k = writev(fd, iov, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;
	return (size_t)k == total ? 0 : -EIO;
}

int logwrite_kmsg(const struct path_ctx *ctx, int level, const char *tag, const char *msg)
{
	char *line = NULL;
	int fd, n, err;
	struct iovec iov;

	if (level < 0 || level > 7)
		return -EINVAL;
	/*
	 * The newline matters: without it the kernel (5.10+ ringbuffer) keeps
	 * the record open for a continuation, and readers of /dev/kmsg do not
	 * see it until some other record arrives.
	 */
	n = asprintf(&line, "<%d>%s%s%s\n", (1 << 3) | level, tag ? tag : "", tag ? ": " : "",
		     msg);
	if (n < 0)
		return -ENOMEM;
	fd = path_open(ctx, O_WRONLY | O_APPEND | O_CLOEXEC, PATH_DEV_KMSG);
	if (fd < 0) {
		free(line);
		return fd;
	}
	iov.iov_base = line;
	iov.iov_len = (size_t)n;
	err = write_all_iov(fd, &iov, 1, (size_t)n);
	close(fd);
	free(line);
	return err;
}

int logwrite_logger(const struct path_ctx *ctx, const char *name, int aprio,
		    const char *tag, const char *msg)
{
	unsigned char prio = (unsigned char)aprio;
	struct iovec iov[3] = {
		{ &prio, 1 },
		{ (void *)tag, strlen(tag) + 1 },
		{ (void *)msg, strlen(msg) + 1 },
	};
	int fd = path_open(ctx, O_WRONLY | O_APPEND | O_CLOEXEC, PATH_DEV_LOG, name), err;

	if (fd < 0)
		return fd;
	err = write_all_iov(fd, iov, 3, iov[0].iov_len + iov[1].iov_len + iov[2].iov_len);
	close(fd);
	return err;
}

int logwrite_logdw(const struct path_ctx *ctx, int lid, int aprio, const char *tag,
		   const char *msg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned char hdr[11], prio = (unsigned char)aprio;
	uint16_t tid = (uint16_t)syscall(SYS_gettid);
	struct timespec ts;
	struct iovec iov[4];
	struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = iov,
			     .msg_iovlen = 4 };
	uint32_t sec, nsec;
	int fd, err;

	err = path_abs(ctx, sa.sun_path, sizeof(sa.sun_path), PATH_DEV_SOCKET_LOGDW);
	if (err)
		return err;
	clock_gettime(CLOCK_REALTIME, &ts);
	sec = (uint32_t)ts.tv_sec;
	nsec = (uint32_t)ts.tv_nsec;
	hdr[0] = (unsigned char)lid;
	memcpy(hdr + 1, &tid, 2);	/* liblog sends host byte order */
	memcpy(hdr + 3, &sec, 4);
	memcpy(hdr + 7, &nsec, 4);
	iov[0] = (struct iovec){ hdr, sizeof(hdr) };
	iov[1] = (struct iovec){ &prio, 1 };
	iov[2] = (struct iovec){ (void *)tag, strlen(tag) + 1 };
	iov[3] = (struct iovec){ (void *)msg, strlen(msg) + 1 };
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
		err = -errno;
	close(fd);
	return err;
}
