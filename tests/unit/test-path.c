// SPDX-License-Identifier: GPL-2.0-or-later
/* test-path.c: the sysroot path context reads only below its root */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "testutil.h"

static char *root;
static struct path_ctx *ctx;

static void setup(void)
{
	root = tree_new();
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
}

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
	ck_assert_int_eq(path_read_string(ctx, buf, 3, "proc/cmdline"), 2);
	ck_assert_str_eq(buf, "a ");
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

static Suite *path_suite(void)
{
	Suite *s = suite_create("path");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_new_errors);
	tcase_add_test(tc, test_read_string);
	tcase_add_test(tc, test_read_numbers);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_list_dir_sorted);
	tcase_add_test(tc, test_abs_and_write);
	tcase_add_test(tc, test_read_alloc);
	tcase_add_test(tc, test_tree_cannot_be_escaped);
	tcase_add_test(tc, test_fifo_does_not_hang);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(path_suite());
}
