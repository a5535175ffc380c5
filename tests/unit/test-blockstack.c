// SPDX-License-Identifier: GPL-2.0-or-later
/* test-blockstack.c: from a PCI function to its disks and everything stacked on them */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockstack.h"
#include "path.h"
#include "testutil.h"

#define NVME	"0000:02:00.0"
#define NVME2	"0000:03:00.0"	/* a second NVMe with a subsystem of its own */
#define DIR_NVME "sys/devices/pci0000:00/0000:00:1b.0/" NVME
#define DIR_NVME2 "sys/devices/pci0000:00/0000:00:1c.0/" NVME2
#define SUBSYS	"sys/devices/virtual/nvme-subsystem/nvme-subsys0"
#define SUBSYS1	"sys/devices/virtual/nvme-subsystem/nvme-subsys1"
#define VBLOCK	"sys/devices/virtual/block"

static char *root;
static struct path_ctx *ctx;

/* @dir (sysroot-relative) as sys/class/block/NAME with its dev attribute */
static void block(const char *dir, const char *majmin)
{
	char rel[PATH_MAX], target[PATH_MAX];
	const char *name = strrchr(dir, '/') + 1;

	snprintf(rel, sizeof(rel), "%s/dev", dir);
	snprintf(target, sizeof(target), "%s\n", majmin);
	tree_write(root, rel, target);
	snprintf(rel, sizeof(rel), "sys/class/block/%s", name);
	snprintf(target, sizeof(target), "../../%s", dir + strlen("sys/"));
	tree_link(root, rel, target);
}

/* an absolute link is resolved inside the sysroot, as the kernel's relative ones are */
static void link_abs(const char *rel, const char *to)
{
	char target[PATH_MAX];

	snprintf(target, sizeof(target), "/%s", to);
	tree_link(root, rel, target);
}

static void setup(void)
{
	root = tree_new();
	tree_link(root, "sys/bus/pci/devices/" NVME, "../../../devices/pci0000:00/0000:00:1b.0/" NVME);
	tree_link(root, "sys/bus/pci/devices/" NVME2, "../../../devices/pci0000:00/0000:00:1c.0/" NVME2);
	tree_mkdir(root, DIR_NVME "/nvme/nvme0/nvme0c0n1");
	tree_mkdir(root, DIR_NVME2 "/nvme/nvme1");
	link_abs(SUBSYS "/nvme0", DIR_NVME "/nvme/nvme0");
	link_abs(SUBSYS1 "/nvme1", DIR_NVME2 "/nvme/nvme1");
	link_abs("sys/class/nvme-subsystem/nvme-subsys0", SUBSYS);
	link_abs("sys/class/nvme-subsystem/nvme-subsys1", SUBSYS1);
	block(SUBSYS "/nvme0n1", "259:0");
	block(SUBSYS "/nvme0n1/nvme0n1p1", "259:1");
	block(SUBSYS "/nvme0n1/nvme0n1p2", "259:2");
	block(SUBSYS1 "/nvme1n1", "259:5");
	/* dm-0 on p2 (both links), dm-1 on dm-0 (holders/ only), md0 names p1 in slaves/ only */
	block(VBLOCK "/dm-0", "253:0");
	block(VBLOCK "/dm-1", "253:1");
	tree_write(root, VBLOCK "/dm-0/dm/name", "luks-x\n");
	link_abs(SUBSYS "/nvme0n1/nvme0n1p2/holders/dm-0", VBLOCK "/dm-0");
	link_abs(VBLOCK "/dm-0/slaves/nvme0n1p2", SUBSYS "/nvme0n1/nvme0n1p2");
	link_abs(VBLOCK "/dm-0/holders/dm-1", VBLOCK "/dm-1");
	block(VBLOCK "/md0", "9:0");
	link_abs(VBLOCK "/md0/slaves/nvme0n1p1", SUBSYS "/nvme0n1/nvme0n1p1");
	link_abs(VBLOCK "/md0/slaves/nvme1n1", SUBSYS1 "/nvme1n1");
	block(VBLOCK "/md0/md0p1", "259:9");
	/* loop0 backed by a file on p1's filesystem, loop1 on another one, loop2 unused */
	block(VBLOCK "/loop0", "7:0");
	tree_write(root, VBLOCK "/loop0/loop/backing_file", "/srv/vm.img (deleted)\n");
	block(VBLOCK "/loop1", "7:1");
	tree_write(root, VBLOCK "/loop1/loop/backing_file", "/other/a.img\n");
	block(VBLOCK "/loop2", "7:2");
	/* the holders/ walk ends on a cycle */
	link_abs(VBLOCK "/dm-1/holders/dm-0", VBLOCK "/dm-0");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static int calls;

/* /srv is p1's filesystem, /other is nvme1n1's */
static int fs_of(const char *path, char *majmin, size_t msize, char *source, size_t ssize,
		 void *arg)
{
	calls++;
	if (strncmp(path, "/srv/", 5) == 0) {
		snprintf(majmin, msize, "259:1");
		snprintf(source, ssize, "/dev/nvme0n1p1");
		return 0;
	}
	if (strncmp(path, "/other/", 7) == 0) {
		snprintf(majmin, msize, "259:5");
		snprintf(source, ssize, "/dev/nvme1n1");
		return 0;
	}
	return -ENOENT;
}

static const struct blockstack_dev *get(const struct blockstack *s, const char *name)
{
	long i = blockstack_find(s, name);

	return i < 0 ? NULL : &s->v[i];
}

START_TEST(test_nvme_multipath_stack)
{
	static const char *const want[] = { "nvme0n1", "nvme0n1p1", "nvme0n1p2", "loop0", "md0",
					    "dm-0", "md0p1", "dm-1" };
	struct blockstack s;
	const struct blockstack_dev *d;

	ck_assert_int_eq(blockstack_of_pci(ctx, NVME, fs_of, NULL, &s), 0);
	ck_assert_uint_eq(s.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.n; i++)
		ck_assert_str_eq(s.v[i].name, want[i]);
	d = get(&s, "nvme0n1");
	ck_assert_int_eq(d->link, BLOCKSTACK_NVME_HEAD);
	ck_assert_str_eq(d->via, "nvme0");
	ck_assert_str_eq(d->majmin, "259:0");
	ck_assert_int_eq(get(&s, "nvme0n1p2")->link, BLOCKSTACK_PARTITION);
	ck_assert_int_eq(get(&s, "dm-0")->link, BLOCKSTACK_HOLDER);
	ck_assert_str_eq(get(&s, "dm-0")->via, "nvme0n1p2");
	ck_assert_str_eq(get(&s, "dm-0")->dmname, "luks-x");
	ck_assert_str_eq(get(&s, "dm-1")->via, "dm-0");
	/* slaves/ alone is enough */
	ck_assert_str_eq(get(&s, "md0")->via, "nvme0n1p1");
	ck_assert_int_eq(get(&s, "md0p1")->link, BLOCKSTACK_PARTITION);
	d = get(&s, "loop0");
	ck_assert_int_eq(d->link, BLOCKSTACK_LOOP_FILE);
	ck_assert_str_eq(d->via, "nvme0n1p1");
	ck_assert_ptr_null(get(&s, "loop1"));
	ck_assert_ptr_null(get(&s, "loop2"));
	ck_assert_ptr_null(get(&s, "nvme1n1"));
	ck_assert_str_eq(blockstack_link_name(BLOCKSTACK_LOOP_FILE), "loop-file");
	blockstack_clear(&s);
	ck_assert_ptr_null(s.v);
}
END_TEST

START_TEST(test_other_function)
{
	struct blockstack s;

	/* the second NVMe: its head, md0 (a mirror across both) and what sits on md0 */
	ck_assert_int_eq(blockstack_of_pci(ctx, NVME2, fs_of, NULL, &s), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.v[0].name, "nvme1n1");
	ck_assert_str_eq(s.v[1].name, "loop1");
	ck_assert_str_eq(s.v[2].name, "md0");
	ck_assert_str_eq(s.v[3].name, "md0p1");
	blockstack_clear(&s);

	/* without a mount table loops are not followed */
	calls = 0;
	ck_assert_int_eq(blockstack_of_pci(ctx, NVME, NULL, NULL, &s), 0);
	ck_assert_ptr_null(get(&s, "loop0"));
	ck_assert_int_eq(calls, 0);
	blockstack_clear(&s);

	ck_assert_int_eq(blockstack_of_pci(ctx, "0000:09:00.0", fs_of, NULL, &s), 0);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_int_eq(blockstack_of_pci(ctx, "..", fs_of, NULL, &s), 0);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

static Suite *blockstack_suite(void)
{
	Suite *s = suite_create("blockstack");
	TCase *tc = tcase_create("stack");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nvme_multipath_stack);
	tcase_add_test(tc, test_other_function);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(blockstack_suite());
}
