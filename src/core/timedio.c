// SPDX-License-Identifier: GPL-2.0-or-later
/* timedio.c: sysfs writes and reads that may block in a driver, in an fd-less child under a deadline */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "timedio.h"

/* in the child: close every descriptor but @keep1 and @keep2 (-1: none) */
static void close_all_but(int keep1, int keep2)
{
	int lo = keep1 < keep2 ? keep1 : keep2, hi = keep1 < keep2 ? keep2 : keep1;
	long max;

	if (lo < 0)
		lo = hi;
#ifdef SYS_close_range
	if ((lo <= 0 || syscall(SYS_close_range, 0U, (unsigned int)lo - 1, 0U) == 0) &&
	    (hi - lo <= 1 ||
	     syscall(SYS_close_range, (unsigned int)lo + 1, (unsigned int)hi - 1, 0U) == 0) &&
	    syscall(SYS_close_range, (unsigned int)hi + 1, ~0U, 0U) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 0; fd < (int)max; fd++)
		if (fd != keep1 && fd != keep2)
			close(fd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* wait for @pid up to @timeout_ms; 0 and *@status, or -ETIMEDOUT */
static int wait_child(pid_t pid, int timeout_ms, int *status)
{
	struct timespec tick = { 0, 2 * 1000 * 1000 };
	long deadline = now_ms() + timeout_ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		nanosleep(&tick, NULL);
		/* a short first wait for the common case, then 10 ms steps */
		tick.tv_nsec = 10 * 1000 * 1000;
	}
}

/* the attribute, opened here so that the child needs nothing but the descriptor */
static int open_attr(struct path_ctx *ctx, const char *rel, int flags)
{
	struct stat st;
	int fd = path_open(ctx, flags | O_NONBLOCK | O_NOCTTY, "%s", rel);

	/* a FIFO with no reader fails ENXIO here rather than wait to be opened */
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	/* sysfs ignores O_NONBLOCK; a plain file in a fixture does not need it */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int timedio_write(struct path_ctx *ctx, const char *rel, const char *value, int timeout_ms,
		  long *stuck_pid)
{
	size_t len = strlen(value);
	int fd, status, rc;
	pid_t pid;

	*stuck_pid = 0;
	fd = open_attr(ctx, rel, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fd;
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (pid == 0) {
		ssize_t n;
		int err = 0;

		close_all_but(fd, -1);
		signal(SIGPIPE, SIG_DFL);
		do
			n = write(fd, value, len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			err = errno;
		else if ((size_t)n != len)
			err = EIO;
		if (close(fd) < 0 && !err)
			err = errno;
		_exit(err & 0xff);
	}
	close(fd);
	rc = wait_child(pid, timeout_ms, &status);
	if (rc == -ETIMEDOUT) {
		*stuck_pid = (long)pid;
		return rc;
	}
	if (rc < 0)
		return rc;
	if (WIFEXITED(status))
		return -WEXITSTATUS(status);
	return -EINTR;
}

int timedio_read(struct path_ctx *ctx, const char *rel, char *buf, size_t size, int timeout_ms,
		 long *stuck_pid)
{
	struct pollfd pfd;
	size_t got = 0;
	int fd, p[2], status, rc = 0;
	pid_t pid;

	*stuck_pid = 0;
	if (size == 0)
		return -EINVAL;
	fd = open_attr(ctx, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	if (pipe2(p, O_CLOEXEC) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(fd);
		close(p[0]);
		close(p[1]);
		return rc;
	}
	if (pid == 0) {
		char tmp[4096];
		ssize_t n;

		close_all_but(fd, p[1]);
		do
			n = read(fd, tmp, sizeof(tmp));
		while (n < 0 && errno == EINTR);
		if (n < 0)
			_exit(errno & 0xff);
		if (n > 0 && write(p[1], tmp, (size_t)n) != n)
			_exit(EIO);
		_exit(0);
	}
	close(fd);
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	for (long deadline = now_ms() + timeout_ms;;) {
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -ETIMEDOUT;
			break;
		}
		n = read(p[0], buf + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : 0;
			break;
		}
		got += (size_t)n;
		if (got == size - 1)
			break;
	}
	close(p[0]);
	if (rc == -ETIMEDOUT) {
		*stuck_pid = (long)pid;
		return rc;
	}
	/* the child has written everything or failed: reap it (it cannot block now) */
	if (wait_child(pid, timeout_ms, &status) < 0) {
		*stuck_pid = (long)pid;
		return -ETIMEDOUT;
	}
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status))
		rc = -WEXITSTATUS(status);
	if (rc < 0)
		return rc;
	buf[got] = '\0';
	if (got && buf[got - 1] == '\n')
		buf[--got] = '\0';
	return (int)got;
}

/*
 * The reader: one child serves many reads over a socket, so that a listing
 * pays one fork, not one per device. A read that misses its deadline
 * leaves that child behind (it is in the kernel) and the next read starts
 * a new one.
 */
struct timedio_reader {
	struct path_ctx *ctx;
	int timeout_ms;
	int sock;		/* ours; -1 when no child is running */
	pid_t pid;
};

/* the child: "LEN REL" requests in, "RC LEN DATA" answers out, until EOF */
static void reader_serve(struct path_ctx *ctx, int sock)
{
	char rel[512], data[4096];

	for (;;) {
		uint32_t len, hdr[2];
		int rc;

		if (recv(sock, &len, sizeof(len), MSG_WAITALL) != sizeof(len) ||
		    len >= sizeof(rel) || recv(sock, rel, len, MSG_WAITALL) != (ssize_t)len)
			_exit(0);
		rel[len] = '\0';
		rc = path_read_string(ctx, data, sizeof(data), "%s", rel);
		hdr[0] = (uint32_t)rc;
		hdr[1] = rc > 0 ? (uint32_t)rc : 0;
		if (send(sock, hdr, sizeof(hdr), MSG_NOSIGNAL) != sizeof(hdr) ||
		    (hdr[1] && send(sock, data, hdr[1], MSG_NOSIGNAL) != (ssize_t)hdr[1]))
			_exit(0);
	}
}

static int reader_start(struct timedio_reader *r)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	r->pid = fork();
	if (r->pid < 0) {
		int rc = -errno;

		close(sv[0]);
		close(sv[1]);
		return rc;
	}
	if (r->pid == 0) {
		close_all_but(path_ctx_dirfd(r->ctx), sv[1]);
		reader_serve(r->ctx, sv[1]);
		_exit(0);
	}
	close(sv[1]);
	r->sock = sv[0];
	return 0;
}

/* the child is done with or given up on: close our end (it exits on EOF) */
static void reader_drop(struct timedio_reader *r, bool reap)
{
	int status;

	if (r->sock < 0)
		return;
	close(r->sock);
	r->sock = -1;
	if (reap && wait_child(r->pid, r->timeout_ms, &status) < 0)
		vfio_dbg("reader pid %d did not exit", (int)r->pid);
	r->pid = 0;
}

/* receive exactly @len bytes before @deadline */
static int recv_by(int sock, void *buf, size_t len, long deadline)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ETIMEDOUT;
		n = recv(sock, (char *)buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		got += (size_t)n;
	}
	return 0;
}

int timedio_reader_new(struct path_ctx *ctx, int timeout_ms, struct timedio_reader **out)
{
	struct timedio_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->ctx = ctx;
	r->timeout_ms = timedio_timeout(ctx, timeout_ms);
	r->sock = -1;
	*out = r;
	return 0;
}

int timedio_reader_read(struct timedio_reader *r, char *buf, size_t size, long *stuck_pid,
			const char *fmt, ...)
{
	char rel[512], data[4096];
	uint32_t len, hdr[2];
	va_list ap;
	long deadline;
	int n, rc;

	*stuck_pid = 0;
	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(rel) || size == 0)
		return -ENAMETOOLONG;
	if (r->sock < 0) {
		rc = reader_start(r);
		if (rc < 0)
			return rc;
	}
	len = (uint32_t)n;
	if (send(r->sock, &len, sizeof(len), MSG_NOSIGNAL) != sizeof(len) ||
	    send(r->sock, rel, len, MSG_NOSIGNAL) != (ssize_t)len) {
		reader_drop(r, true);
		return -EPIPE;
	}
	deadline = now_ms() + r->timeout_ms;
	rc = recv_by(r->sock, hdr, sizeof(hdr), deadline);
	if (rc == 0 && hdr[1])
		rc = recv_by(r->sock, data, hdr[1] < sizeof(data) ? hdr[1] : sizeof(data),
			     deadline);
	if (rc == -ETIMEDOUT) {
		*stuck_pid = (long)r->pid;
		reader_drop(r, false);
		return rc;
	}
	if (rc < 0) {
		reader_drop(r, true);
		return rc;
	}
	if ((int32_t)hdr[0] < 0)
		return (int32_t)hdr[0];
	n = hdr[1] < size - 1 ? (int)hdr[1] : (int)size - 1;
	memcpy(buf, data, (size_t)n);
	buf[n] = '\0';
	return n;
}

void timedio_reader_free(struct timedio_reader *r)
{
	if (!r)
		return;
	reader_drop(r, true);
	free(r);
}

int timedio_timeout(struct path_ctx *ctx, int timeout_ms)
{
	const char *t = getenv("VFIOCTL_TEST_TIMEOUT_MS");

	if (t && !path_ctx_is_live(ctx) && atoi(t) > 0)
		return atoi(t);
	return timeout_ms;
}
