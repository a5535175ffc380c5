// SPDX-License-Identifier: GPL-2.0-or-later
/* timedio.c: sysfs writes and reads that may block in a driver, in an fd-less child under a deadline */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	    (hi == lo || syscall(SYS_close_range, (unsigned int)lo + 1, (unsigned int)hi - 1, 0U) == 0) &&
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

	/* a FIFO with no reader fails ENXIO here rather than wait in open() */
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
