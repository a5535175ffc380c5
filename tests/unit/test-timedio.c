// SPDX-License-Identifier: GPL-2.0-or-later
/* test-timedio.c: time-limited sysfs writes and reads: deadlines, pending children, no inherited fds */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "path.h"
#include "timedio.h"
#include "testutil.h"

static char *root;
static struct path_ctx *ctx;

static void setup(void)
{
	root = tree_new();
	tree_write(root, "sys/attr", "old\n");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static void abs_path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", root, rel);
}

static const char *root_rel(const char *rel)
{
	static char buf[PATH_MAX];

	abs_path(buf, sizeof(buf), rel);
	return buf;
}

START_TEST(test_write_and_read)
{
	char buf[64];
	long pid = -1;

	ck_assert_int_eq(timedio_write(ctx, "sys/attr", "vfio-pci", 2000, &pid), 0);
	ck_assert_int_eq(pid, 0);
	ck_assert_int_eq(timedio_read(ctx, "sys/attr", buf, sizeof(buf), 2000, &pid), 8);
	ck_assert_str_eq(buf, "vfio-pci");
	ck_assert_int_eq(timedio_write(ctx, "sys/missing", "x", 2000, &pid), -ENOENT);
	ck_assert_int_eq(timedio_read(ctx, "sys/missing", buf, sizeof(buf), 2000, &pid), -ENOENT);
	/* the sysroot holds: no way out through an absolute link */
	tree_link(root, "sys/escape", "/etc/hostname");
	ck_assert_int_ne(timedio_write(ctx, "sys/escape", "x", 2000, &pid), 0);
}
END_TEST

/* a FIFO nobody reads must not hang the open */
START_TEST(test_fifo_without_reader)
{
	char path[PATH_MAX], buf[16];
	long pid = -1;

	abs_path(path, sizeof(path), "sys/fifo");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_lt(timedio_write(ctx, "sys/fifo", "x", 500, &pid), 0);
	ck_assert_int_lt(timedio_read(ctx, "sys/fifo", buf, sizeof(buf), 500, &pid), 0);
}
END_TEST

/* a FIFO planted in a fixture is refused at once, never waited on */
START_TEST(test_fifo_refused)
{
	char path[PATH_MAX];
	long pid = -1;

	abs_path(path, sizeof(path), "sys/fifo2");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_lt(timedio_write(ctx, "sys/fifo2", "x", 5000, &pid), 0);
	ck_assert_int_eq(pid, 0);
}
END_TEST

/*
 * A write that blocks (a pty whose master nobody reads stands in for a
 * driver's remove that does not return): the call returns at the deadline
 * with the pid, and that child holds neither the caller's pipe (stdout of
 * "vfioctl | cat") nor the change lock.
 */
START_TEST(test_pending_write_holds_nothing)
{
	char slave[64], big[4096];
	struct path_ctx *live;
	struct termios tio;
	int out[2], lockfd, master, sfd, other;
	struct pollfd pfd;
	long pid = 0;
	int status;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    ptsname_r(master, slave, sizeof(slave)) != 0) {
		fprintf(stderr, "no pty here: the pending-write test does not run\n");
		return;
	}
	sfd = open(slave, O_RDWR | O_NOCTTY | O_NONBLOCK);
	ck_assert_int_ge(sfd, 0);
	ck_assert_int_eq(tcgetattr(sfd, &tio), 0);
	cfmakeraw(&tio);
	ck_assert_int_eq(tcsetattr(sfd, TCSANOW, &tio), 0);
	memset(big, 'x', sizeof(big));
	/* the tty layer moves data on in the background: fill until it stays full */
	for (int quiet = 0; quiet < 3;) {
		bool wrote = false;

		while (write(sfd, big, sizeof(big)) > 0)
			wrote = true;
		ck_assert_int_eq(errno, EAGAIN);
		quiet = wrote ? 0 : quiet + 1;
		usleep(50 * 1000);
	}
	ck_assert_int_eq(pipe(out), 0);		/* no O_CLOEXEC: as stdout is */
	tree_mkdir(root, "run");
	ck_assert_int_eq(path_lock(ctx, 1000, &lockfd, "run/lock"), 0);

	/* the pty lives on the host: a live context reaches it */
	ck_assert_int_eq(path_ctx_new("/", &live), 0);
	ck_assert_int_eq(timedio_write(live, slave + 1, "0000:01:00.0", 300, &pid), -ETIMEDOUT);
	path_ctx_free(live);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kill((pid_t)pid, 0), 0);	/* still waiting */

	/* our copies gone, the pipe reads EOF and the lock is free */
	close(out[1]);
	pfd.fd = out[0];
	pfd.events = POLLIN;
	ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
	ck_assert_int_eq(read(out[0], big, 1), 0);
	close(lockfd);
	other = open(root_rel("run/lock"), O_RDWR);
	ck_assert_int_ge(other, 0);
	ck_assert_int_eq(flock(other, LOCK_EX | LOCK_NB), 0);

	close(other);
	close(out[0]);
	kill((pid_t)pid, SIGKILL);
	ck_assert_int_eq(waitpid((pid_t)pid, &status, 0), (pid_t)pid);
	close(sfd);
	close(master);
}
END_TEST

/* the listing's reader: many reads through one child that keeps none of our fds */
START_TEST(test_reader)
{
	struct timedio_reader *r;
	struct pollfd pfd;
	char buf[64];
	long pid = -1;
	int out[2];

	tree_write(root, "sys/a", "(null)\n");
	tree_write(root, "sys/b", "vfio-pci\n");
	ck_assert_int_eq(pipe(out), 0);		/* no O_CLOEXEC: as stdout is */
	ck_assert_int_eq(timedio_reader_new(ctx, 2000, &r), 0);
	ck_assert_int_eq(timedio_reader_read(r, buf, sizeof(buf), &pid, "sys/%s", "a"), 6);
	ck_assert_str_eq(buf, "(null)");
	ck_assert_int_eq(timedio_reader_read(r, buf, sizeof(buf), &pid, "sys/b"), 8);
	ck_assert_str_eq(buf, "vfio-pci");
	ck_assert_int_eq(timedio_reader_read(r, buf, 4, &pid, "sys/b"), 3);
	ck_assert_str_eq(buf, "vfi");
	ck_assert_int_eq(timedio_reader_read(r, buf, sizeof(buf), &pid, "sys/none"), -ENOENT);
	ck_assert_int_eq(pid, 0);
	/* the child is alive between reads, and does not hold our pipe */
	close(out[1]);
	pfd.fd = out[0];
	pfd.events = POLLIN;
	ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
	ck_assert_int_eq(read(out[0], buf, 1), 0);
	close(out[0]);
	ck_assert_int_eq(timedio_reader_read(r, buf, sizeof(buf), &pid, "sys/a"), 6);
	timedio_reader_free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("timedio");
	TCase *tc = tcase_create("timedio");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_and_read);
	tcase_add_test(tc, test_fifo_without_reader);
	tcase_add_test(tc, test_fifo_refused);
	tcase_add_test(tc, test_reader);
	tcase_add_test(tc, test_pending_write_holds_nothing);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
