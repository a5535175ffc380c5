// SPDX-License-Identifier: GPL-2.0-or-later
/* test-path.c: the sysroot path context reads only below its root */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "path.h"
#include "testutil.h"

static char *root;
static struct path_ctx *ctx;
static char logged[1024];

static void capture_log(void *data, enum vfio_log_level level, const char *fmt, va_list ap)
{
	(void)data;
	(void)level;
	vsnprintf(logged, sizeof(logged), fmt, ap);
}

static void setup(void)
{
	root = tree_new();
	logged[0] = '\0';
	vfio_log_set(capture_log, NULL);
	tree_write(root, "sys/bus/pci/devices/x/class", "0x030000\n");
	tree_write(root, "sys/bus/pci/devices/x/numa_node", "-1\n");
	tree_write(root, "sys/bus/pci/devices/x/sriov_numvfs", "4\n");
	tree_write(root, "sys/bus/pci/devices/x/bad", "4x\n");
	tree_write(root, "sys/bus/pci/devices/x/empty", "");
	tree_write(root, "proc/cmdline", "a b c\n");
	tree_mkdir(root, "sys/bus/pci/drivers/vfio-pci");
	tree_link(root, "sys/bus/pci/devices/x/driver", "../../drivers/vfio-pci");
	tree_link(root, "sys/bus/pci/devices/x/dangling", "../../nowhere/name");
	tree_mkdir(root, "sys/kernel/iommu_groups/10");
	tree_mkdir(root, "sys/kernel/iommu_groups/9");
	tree_mkdir(root, "sys/kernel/iommu_groups/100");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
	vfio_log_set(NULL, NULL);
}

/* the same tests without openat2(): the component walk must hold as well */
static void setup_walk(void)
{
	setenv("VFIOCTL_TEST_NO_OPENAT2", "1", 1);
	setup();
	unsetenv("VFIOCTL_TEST_NO_OPENAT2");
	ck_assert_str_eq(path_ctx_resolver(ctx), "walk");
}

/*
 * openat2() with RESOLVE_IN_ROOT fails with EAGAIN whenever a rename
 * anywhere races a ".." of the lookup; the path context must try again
 * rather than report a file that is there as missing.
 */
static volatile int renaming;

static void *rename_loop(void *arg)
{
	char a[PATH_MAX], b[PATH_MAX];

	snprintf(a, sizeof(a), "%s/proc/r1", (const char *)arg);
	snprintf(b, sizeof(b), "%s/proc/r2", (const char *)arg);
	while (renaming) {
		if (rename(a, b) == 0)
			rename(b, a);
	}
	return NULL;
}

START_TEST(test_racing_rename)
{
	pthread_t th;
	char buf[32];
	int fails = 0;

	tree_write(root, "proc/r1", "x");
	renaming = 1;
	ck_assert_int_eq(pthread_create(&th, NULL, rename_loop, root), 0);
	for (int i = 0; i < 20000; i++)
		/* the driver link climbs with "..": the lookup the race hits */
		if (path_read_link_name(ctx, buf, sizeof(buf), "sys/bus/pci/devices/x/driver") < 0 ||
		    path_read_string(ctx, buf, sizeof(buf), "sys/bus/pci/devices/x/driver/../../devices/x/class") < 0)
			fails++;
	renaming = 0;
	pthread_join(th, NULL);
	ck_assert_int_eq(fails, 0);
}
END_TEST

START_TEST(test_new_errors)
{
	struct path_ctx *c = NULL;

	ck_assert_int_eq(path_ctx_new("/nonexistent/vfioctl", &c), -ENOENT);
	ck_assert_int_eq(path_ctx_new("/proc/cmdline", &c), -ENOTDIR);
	ck_assert_int_eq(path_ctx_new(NULL, &c), 0);
	ck_assert(path_ctx_is_live(c));
	ck_assert_str_eq(path_ctx_root(c), "/");
	path_ctx_free(c);
	ck_assert(!path_ctx_is_live(ctx));
}
END_TEST

START_TEST(test_read_string)
{
	char buf[16];

	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/cmdline"), 5);
	ck_assert_str_eq(buf, "a b c");
	/* a leading slash still means "below the sysroot" */
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "/proc/cmdline"), 5);
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/nothing"), -ENOENT);
	/* a value cut to the buffer would be a wrong value: too large, said */
	ck_assert_int_eq(path_read_string(ctx, buf, 3, "proc/cmdline"), -EFBIG);
	/* exactly filling it (the newline aside) is whole */
	ck_assert_int_eq(path_read_string(ctx, buf, 6, "proc/cmdline"), 5);
	ck_assert_str_eq(buf, "a b c");
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf),
					  "sys/bus/pci/devices/%s/empty", "x"), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_read_numbers)
{
	uint64_t v;
	int64_t s;

	ck_assert_int_eq(path_read_hex(ctx, &v, "sys/bus/pci/devices/x/class"), 0);
	ck_assert_uint_eq(v, 0x030000);
	ck_assert_int_eq(path_read_u64(ctx, &v, "sys/bus/pci/devices/x/sriov_numvfs"), 0);
	ck_assert_uint_eq(v, 4);
	ck_assert_int_eq(path_read_s64(ctx, &s, "sys/bus/pci/devices/x/numa_node"), 0);
	ck_assert_int_eq(s, -1);
	ck_assert_int_eq(path_read_u64(ctx, &v, "sys/bus/pci/devices/x/numa_node"), -EINVAL);
	ck_assert_int_eq(path_read_u64(ctx, &v, "sys/bus/pci/devices/x/bad"), -EINVAL);
	ck_assert_int_eq(path_read_u64(ctx, &v, "sys/bus/pci/devices/x/empty"), -EINVAL);
	ck_assert_int_eq(path_read_u64(ctx, &v, "sys/bus/pci/devices/x/missing"), -ENOENT);
}
END_TEST

START_TEST(test_links)
{
	char buf[64];

	ck_assert_int_eq(path_read_link_name(ctx, buf, sizeof(buf),
					     "sys/bus/pci/devices/x/driver"), 8);
	ck_assert_str_eq(buf, "vfio-pci");
	/* a dangling link still names its target: the kernel's links never dangle,
	 * but captured trees often do */
	ck_assert_int_eq(path_read_link_name(ctx, buf, sizeof(buf),
					     "sys/bus/pci/devices/x/dangling"), 4);
	ck_assert_int_eq(path_read_link_name(ctx, buf, sizeof(buf),
					     "sys/bus/pci/devices/x/none"), -ENOENT);
	ck_assert_int_eq(path_read_link_name(ctx, buf, sizeof(buf),
					     "sys/bus/pci/devices/x/class"), -EINVAL);
	ck_assert(path_is_link(ctx, "sys/bus/pci/devices/x/driver"));
	ck_assert(!path_is_link(ctx, "sys/bus/pci/devices/x/class"));
	ck_assert(path_exists(ctx, "sys/bus/pci/devices/x/driver"));
	ck_assert(!path_exists(ctx, "sys/bus/pci/devices/x/dangling"));
}
END_TEST

START_TEST(test_list_dir_sorted)
{
	char **names;
	size_t n;

	ck_assert_int_eq(path_list_dir(ctx, &names, &n, "sys/kernel/iommu_groups"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(names[0], "9");
	ck_assert_str_eq(names[1], "10");
	ck_assert_str_eq(names[2], "100");
	ck_assert_ptr_null(names[3]);
	ck_assert_uint_eq(strv_length(names), 3);
	strv_free(names);
	ck_assert_int_eq(path_list_dir(ctx, &names, &n, "sys/none"), -ENOENT);
}
END_TEST

START_TEST(test_abs_and_write)
{
	char buf[4096], expect[4096];

	ck_assert_int_eq(path_abs(ctx, buf, sizeof(buf), "sys/%s", "bus"), 0);
	snprintf(expect, sizeof(expect), "%s/sys/bus", root);
	ck_assert_str_eq(buf, expect);
	ck_assert_int_eq(path_abs(ctx, buf, 4, "sys/bus"), -ENAMETOOLONG);
	ck_assert_int_eq(path_write_string(ctx, "vfio-pci\n", "proc/cmdline"), 0);
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/cmdline"), 8);
	ck_assert_str_eq(buf, "vfio-pci");
	ck_assert_int_eq(path_write_string(ctx, "x", "proc/absent/file"), -ENOENT);
}
END_TEST

START_TEST(test_read_alloc)
{
	char *text;
	size_t len;

	ck_assert_int_eq(path_read_alloc(ctx, &text, &len, "proc/cmdline"), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_str_eq(text, "a b c\n");
	free(text);
}
END_TEST

START_TEST(test_tree_cannot_be_escaped)
{
	char *outside = tree_new();
	char target[4096], buf[64];
	struct path_ctx *sub;

	/* a captured tree with hostile links: absolute and ../.. ones */
	tree_write(outside, "secret", "host\n");
	tree_write(root, "secret", "tree\n");
	snprintf(target, sizeof(target), "%s/secret", outside);
	tree_link(root, "sys/abs-link", target);
	tree_link(root, "sys/up-link", "../../../../../../../../secret");
	tree_link(root, "sys/slash-link", "/secret");
	snprintf(target, sizeof(target), "%s", outside);
	tree_link(root, "run", target);

	/* reads resolve inside the tree: "/secret" is the tree's own file */
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "sys/slash-link"), 4);
	ck_assert_str_eq(buf, "tree");
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "sys/up-link"), 4);
	ck_assert_str_eq(buf, "tree");
	ck_assert_int_lt(path_read_string(ctx, buf, sizeof(buf), "sys/abs-link"), 0);
	/* writes, creations and renames never land outside */
	ck_assert_int_lt(path_write_string(ctx, "x", "sys/abs-link"), 0);
	ck_assert_int_lt(path_mkdirs(ctx, "run/vfioctl"), 0);
	ck_assert_int_lt(path_write_atomic(ctx, "j", 1, "run/vfioctl/j"), 0);
	snprintf(target, sizeof(target), "%s/secret", outside);
	{
		FILE *f = fopen(target, "r");

		ck_assert_ptr_nonnull(f);
		ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
		fclose(f);
		ck_assert_str_eq(buf, "host\n");
	}
	/* a sub-context is bound by the same root */
	ck_assert_int_eq(path_ctx_new_sub(ctx, &sub, "sys/bus/pci/devices/x"), 0);
	ck_assert_int_eq(path_read_string(sub, buf, sizeof(buf), "class"), 8);
	ck_assert_int_eq(path_read_link_name(sub, buf, sizeof(buf), "driver"), 8);
	path_ctx_free(sub);
	tree_cleanup(outside);
}
END_TEST

START_TEST(test_fifo_does_not_hang)
{
	char p[4096], buf[16];

	snprintf(p, sizeof(p), "%s/proc/fifo", root);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/fifo"), -EINVAL);
}
END_TEST


START_TEST(test_resolver)
{
	struct path_ctx *live;

	ck_assert_int_eq(path_ctx_new("/", &live), 0);
	ck_assert_str_eq(path_ctx_resolver(live), "live");
	path_ctx_free(live);
	/* the tree's own resolver is "openat2", or "walk" where that is missing */
	ck_assert(strcmp(path_ctx_resolver(ctx), "live") != 0);
}
END_TEST

static void write_big(const char *rel, size_t size, char fill)
{
	char p[4096];
	char *b = malloc(size);
	FILE *f;

	ck_assert_ptr_nonnull(b);
	memset(b, fill, size);
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, size, f), size);
	fclose(f);
	free(b);
}

static int count_line(char *line, void *arg)
{
	(void)line;
	(*(size_t *)arg)++;
	return 0;
}

START_TEST(test_limits)
{
	char *text = NULL;
	size_t n = 0;

	tree_mkdir(root, "proc/self");
	/* a 2 MB file is "too large", said with its name, not "absent" */
	write_big("proc/cmdline", 2 * 1024 * 1024, 'a');
	ck_assert_int_eq(path_read_alloc(ctx, &text, NULL, "proc/cmdline"), -EFBIG);
	ck_assert_ptr_null(text);
	ck_assert_ptr_nonnull(strstr(logged, "/proc/cmdline"));
	ck_assert_ptr_nonnull(strstr(logged, "larger than"));
	/* exactly at the limit is read whole */
	write_big("proc/cmdline", PATH_FILE_MAX, 'b');
	ck_assert_int_eq(path_read_alloc(ctx, &text, &n, "proc/cmdline"), 0);
	ck_assert_uint_eq(n, PATH_FILE_MAX);
	free(text);
	/* a mountinfo without newlines stops at the line limit */
	logged[0] = '\0';
	write_big("proc/self/mountinfo", 4 * PATH_LINE_MAX, 'm');
	ck_assert_int_eq(path_read_lines(ctx, count_line, &n, "proc/self/mountinfo"), -EFBIG);
	ck_assert_ptr_nonnull(strstr(logged, "proc/self/mountinfo"));
	/* a long line under the limit and a last line without newline pass */
	write_big("proc/swaps", PATH_LINE_MAX - 1, 's');
	n = 0;
	ck_assert_int_eq(path_read_lines(ctx, count_line, &n, "proc/swaps"), 0);
	ck_assert_uint_eq(n, 1);
	tree_write(root, "proc/net/route", "a\nb\n\nc");
	n = 0;
	ck_assert_int_eq(path_read_lines(ctx, count_line, &n, "proc/net/route"), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(path_read_lines(ctx, count_line, &n, "proc/nothing"), -ENOENT);
	/* the stdio stream for parsers (libmount) keeps the same limits */
	{
		char line[256];
		FILE *f = path_fopen_lines(ctx, "proc/self/mountinfo");

		ck_assert_ptr_nonnull(f);
		while (fread(line, 1, sizeof(line), f) == sizeof(line))
			;
		ck_assert(ferror(f));
		ck_assert_int_eq(errno, EFBIG);
		fclose(f);
		f = path_fopen_lines(ctx, "proc/net/route");
		ck_assert_ptr_nonnull(f);
		ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
		ck_assert_str_eq(line, "a\n");
		fclose(f);
		ck_assert_ptr_null(path_fopen_lines(ctx, "proc/nothing"));
		ck_assert_int_eq(errno, ENOENT);
	}
	/* path_open_file() checks the size before any library reads it */
	ck_assert_int_eq(path_open_file(ctx, 1024, "proc/swaps"), -EFBIG);
	{
		int fd = path_open_file(ctx, 0, "proc/swaps");

		ck_assert_int_ge(fd, 0);
		close(fd);
	}
	ck_assert_int_eq(path_open_file(ctx, 0, "proc"), -EISDIR);
}
END_TEST

START_TEST(test_fifo_never_blocks)
{
	char p[4096], buf[16], *text;
	int fd, rfd;
	size_t n = 0;

	snprintf(p, sizeof(p), "%s/proc/fifo", root);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	/* every reader refuses it before a read */
	ck_assert_int_eq(path_read_alloc(ctx, &text, NULL, "proc/fifo"), -EINVAL);
	ck_assert_int_eq(path_read_lines(ctx, count_line, &n, "proc/fifo"), -EINVAL);
	ck_assert_int_eq(path_open_file(ctx, 0, "proc/fifo"), -EINVAL);
	ck_assert_int_eq(path_pread(ctx, buf, 1, 14, "proc/fifo"), -EINVAL);
	/* a write to a FIFO that nobody serves fails at once */
	ck_assert_int_eq(path_write_string(ctx, "x", "proc/fifo"), -ENXIO);
	/* one that a fake kernel serves is written */
	rfd = open(p, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rfd, 0);
	ck_assert_int_eq(path_write_string(ctx, "0000:01:00.0", "proc/fifo"), 0);
	ck_assert_int_eq(read(rfd, buf, sizeof(buf)), 12);
	close(rfd);
	/* a directory is no attribute */
	ck_assert_int_eq(path_write_string(ctx, "x", "proc"), -EISDIR);
	/* a FIFO at the temporary name of an atomic write is not written */
	snprintf(p, sizeof(p), "%s/proc/j.tmp.%d", root, (int)getpid());
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_int_eq(path_write_atomic(ctx, "x", 1, "proc/j"), -ENXIO);
	ck_assert(!path_exists(ctx, "proc/j"));
	(void)fd;
}
END_TEST

START_TEST(test_pread)
{
	unsigned char cfg[64] = { 0x86, 0x80 }, b = 0;

	cfg[14] = 0x81;
	{
		char p[4096];
		FILE *f;

		snprintf(p, sizeof(p), "%s/sys/bus/pci/devices/x/config", root);
		f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fwrite(cfg, 1, sizeof(cfg), f);
		fclose(f);
	}
	ck_assert_int_eq(path_pread(ctx, &b, 1, 14, "sys/bus/pci/devices/x/config"), 1);
	ck_assert_uint_eq(b, 0x81);
	ck_assert_int_eq(path_pread(ctx, &b, 1, 64, "sys/bus/pci/devices/x/config"), 0);
}
END_TEST

/*
 * The attribute readers read once and ask the file's type only when that
 * read does not answer as a regular file does: what they refuse and what
 * they take must be what the fstat-first readers refused and took.
 */
START_TEST(test_read_once_type_checks)
{
	char p[4096], buf[6];
	unsigned char b;
	int wfd;

	/* exactly the buffer (5 bytes and the NUL), without a newline: whole */
	tree_write(root, "proc/exact", "abcde");
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/exact"), 5);
	ck_assert_str_eq(buf, "abcde");
	ck_assert_int_eq(path_read_string(ctx, buf, 5, "proc/exact"), -EFBIG);
	/* one byte more than the buffer that is not the newline: too large */
	tree_write(root, "proc/over", "abcdef");
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/over"), -EFBIG);
	/* a directory */
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc"), -EISDIR);
	ck_assert_int_eq(path_pread(ctx, &b, 1, 0, "proc"), -EISDIR);
	/* a FIFO without a writer reads 0 bytes at once: still refused */
	snprintf(p, sizeof(p), "%s/proc/fifo2", root);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/fifo2"), -EINVAL);
	ck_assert_int_eq(path_pread(ctx, &b, 1, 14, "proc/fifo2"), -EINVAL);
	/* a FIFO whose writer is silent fails the read with EAGAIN: refused, no wait */
	wfd = open(p, O_RDWR | O_NONBLOCK);
	ck_assert_int_ge(wfd, 0);
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/fifo2"), -EINVAL);
	ck_assert_int_eq(path_pread(ctx, &b, 1, 0, "proc/fifo2"), -EINVAL);
	close(wfd);
	/* an empty regular file is an empty value, not a refused one */
	tree_write(root, "proc/empty", "");
	ck_assert_int_eq(path_read_string(ctx, buf, sizeof(buf), "proc/empty"), 0);
	ck_assert_int_eq(path_pread(ctx, &b, 1, 0, "proc/empty"), 0);
}
END_TEST

START_TEST(test_walk_rules)
{
	char buf[64];
	int fd, dfd;

	tree_write(root, "a/b/file", "in\n");
	tree_link(root, "a/loop1", "loop2");
	tree_link(root, "a/loop2", "loop1");
	tree_link(root, "a/b/abs", "/a/b/file");
	tree_link(root, "a/b/up", "../../../../a/b/file");
	tree_link(root, "a/b/dirlink", "..");
	dfd = open(root, O_PATH | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(path_walk(dfd, "a/loop1", O_RDONLY, 0, false), -ELOOP);
	/* in the root: absolute links and ".." above it stay inside */
	fd = path_walk(dfd, "a/b/abs", O_RDONLY, 0, false);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 3);
	close(fd);
	fd = path_walk(dfd, "../../a/./b/dirlink/b/up", O_RDONLY, 0, false);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(path_walk(dfd, "a/b/file/x", O_RDONLY, 0, false), -ENOTDIR);
	ck_assert_int_eq(path_walk(dfd, "a/none", O_RDONLY, 0, false), -ENOENT);
	/* O_NOFOLLOW on the last component is kept */
	ck_assert_int_eq(path_walk(dfd, "a/b/abs", O_RDONLY | O_NOFOLLOW, 0, false), -ELOOP);
	/* beneath: what would leave the directory fails, as RESOLVE_BENEATH does */
	ck_assert_int_eq(path_walk(dfd, "a/b/abs", O_RDONLY, 0, true), -EXDEV);
	ck_assert_int_eq(path_walk(dfd, "a/b/up", O_RDONLY, 0, true), -EXDEV);
	ck_assert_int_eq(path_walk(dfd, "..", O_RDONLY, 0, true), -EXDEV);
	fd = path_walk(dfd, "a/b/dirlink/b/file", O_RDONLY, 0, true);
	ck_assert_int_ge(fd, 0);
	close(fd);
	/* creation inside, through a walked directory */
	fd = path_walk(dfd, "a/b/dirlink/new", O_WRONLY | O_CREAT | O_EXCL, 0600, false);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert(path_exists(ctx, "a/new"));
	close(dfd);
}
END_TEST

static void add_tests(TCase *tc)
{
	tcase_add_test(tc, test_new_errors);
	tcase_add_test(tc, test_read_string);
	tcase_add_test(tc, test_read_numbers);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_list_dir_sorted);
	tcase_add_test(tc, test_abs_and_write);
	tcase_add_test(tc, test_read_alloc);
	tcase_add_test(tc, test_tree_cannot_be_escaped);
	tcase_add_test(tc, test_fifo_does_not_hang);
	tcase_add_test(tc, test_resolver);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_fifo_never_blocks);
	tcase_add_test(tc, test_pread);
	tcase_add_test(tc, test_read_once_type_checks);
}

static Suite *path_suite(void)
{
	Suite *s = suite_create("path");
	TCase *tc = tcase_create("core");
	TCase *walk = tcase_create("walk");

	tcase_add_checked_fixture(tc, setup, teardown);
	add_tests(tc);
	tcase_add_test(tc, test_walk_rules);
	tcase_add_test(tc, test_racing_rename);
	suite_add_tcase(s, tc);
	/* every test again with the openat2() fallback forced */
	tcase_add_checked_fixture(walk, setup_walk, teardown);
	add_tests(walk);
	suite_add_tcase(s, walk);
	return s;
}

int main(void)
{
	return run_suite(path_suite());
}
