// SPDX-License-Identifier: GPL-2.0-or-later
/* test-devnodes.c: every /dev node below a PCI function, found in its sysfs tree */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devnodes.h"
#include "path.h"
#include "testutil.h"

#define GPU	"0000:01:00.0"
#define DIR_GPU	"sys/devices/pci0000:00/0000:00:01.0/" GPU

static char *root;
static struct path_ctx *ctx;

/* a node directory: dev, uevent (with DEVNAME= unless @devname is NULL) */
static void add_node(const char *dir, const char *majmin, const char *devname)
{
	char rel[PATH_MAX], text[256];

	snprintf(rel, sizeof(rel), "%s/dev", dir);
	snprintf(text, sizeof(text), "%s\n", majmin);
	tree_write(root, rel, text);
	snprintf(rel, sizeof(rel), "%s/uevent", dir);
	if (devname)
		snprintf(text, sizeof(text), "MAJOR=1\nMINOR=2\nDEVNAME=%s\n", devname);
	else
		snprintf(text, sizeof(text), "MAJOR=1\nMINOR=2\n");
	tree_write(root, rel, text);
}

static void setup(void)
{
	root = tree_new();
	tree_link(root, "sys/bus/pci/devices/" GPU,
		  "../../../devices/pci0000:00/0000:00:01.0/" GPU);
	tree_write(root, DIR_GPU "/vendor", "0x10de\n");
	add_node(DIR_GPU "/drm/card1", "226:1", "dri/card1");
	add_node(DIR_GPU "/drm/renderD128", "226:128", "dri/renderD128");
	add_node(DIR_GPU "/vfio-dev/vfio0", "511:0", "vfio/devices/vfio0");
	add_node(DIR_GPU "/i2c-5/i2c-dev/i2c-5", "89:5", "i2c-5");
	/* a disk without DEVNAME: the directory name is the node's */
	add_node(DIR_GPU "/host0/target0:0:0/0:0:0:0/block/sda", "8:0", NULL);
	tree_link(root, DIR_GPU "/host0/target0:0:0/0:0:0:0/block/sda/subsystem",
		  "../../../../../../../../../class/block");
	tree_mkdir(root, "sys/class/block");
	/* links are other devices: never walked */
	add_node("sys/devices/virtual/misc/uinput", "10:223", "uinput");
	tree_link(root, DIR_GPU "/firmware_node", "../../../virtual/misc");
	tree_link(root, DIR_GPU "/driver", "../../../virtual/misc");
	/* a DEVNAME that tries to leave /dev is not taken as a name */
	add_node(DIR_GPU "/evil/x", "1:1", "../etc/passwd");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static const struct devnode *find(const struct devnode_list *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return &l->v[i];
	return NULL;
}

START_TEST(test_walk)
{
	struct devnode_list l = { 0 };
	const struct devnode *d;

	ck_assert_int_eq(devnodes_of_pci(ctx, GPU, &l), 0);
	ck_assert_uint_eq(l.n, 6);
	d = find(&l, "/dev/dri/card1");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->majmin, "226:1");
	ck_assert(!d->block);
	ck_assert_ptr_nonnull(find(&l, "/dev/dri/renderD128"));
	ck_assert_ptr_nonnull(find(&l, "/dev/vfio/devices/vfio0"));
	ck_assert_ptr_nonnull(find(&l, "/dev/i2c-5"));
	d = find(&l, "/dev/sda");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->block);
	ck_assert_ptr_nonnull(find(&l, "/dev/x"));
	ck_assert_ptr_null(find(&l, "/dev/uinput"));
	ck_assert(!l.truncated);
	devnodes_clear(&l);
	ck_assert_ptr_null(l.v);
}
END_TEST

START_TEST(test_nvidia)
{
	struct devnode_list l = { 0 };

	tree_write(root, "proc/driver/nvidia/gpus/" GPU "/information",
		   "Model: \t\t NVIDIA GeForce GTX 1080\nIRQ:   \t\t 130\n"
		   "GPU UUID: \t GPU-00000000\nDevice Minor: \t 1\nBus Location: \t " GPU "\n");
	ck_assert_int_eq(devnodes_of_pci(ctx, GPU, &l), 0);
	ck_assert_ptr_nonnull(find(&l, "/dev/nvidia1"));
	ck_assert_str_eq(find(&l, "/dev/nvidia1")->majmin, "195:1");
	devnodes_clear(&l);
}
END_TEST

START_TEST(test_absent_and_dup)
{
	struct devnode_list l = { 0 };

	ck_assert_int_eq(devnodes_of_pci(ctx, "0000:09:00.0", &l), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(devnodes_of_pci(ctx, "..", &l), 0);
	ck_assert_int_eq(devnodes_of_pci(ctx, "", &l), 0);
	ck_assert_uint_eq(l.n, 0);
	/* twice: nothing is listed twice */
	ck_assert_int_eq(devnodes_of_pci(ctx, GPU, &l), 0);
	ck_assert_int_eq(devnodes_of_pci(ctx, GPU, &l), 0);
	ck_assert_uint_eq(l.n, 6);
	devnodes_clear(&l);
}
END_TEST

START_TEST(test_limit)
{
	struct devnode_list l = { 0 };
	char path[32];

	for (int i = 0; i < DEVNODES_MAX; i++) {
		snprintf(path, sizeof(path), "/dev/n%d", i);
		ck_assert_int_eq(devnodes_add(&l, path, "1:1", false), 0);
	}
	ck_assert_int_eq(devnodes_add(&l, "/dev/one-more", "1:1", false), -E2BIG);
	ck_assert(l.truncated);
	/* the walk stops there without failing */
	ck_assert_int_eq(devnodes_of_pci(ctx, GPU, &l), 0);
	ck_assert_uint_eq(l.n, DEVNODES_MAX);
	devnodes_clear(&l);
}
END_TEST

static Suite *devnodes_suite(void)
{
	Suite *s = suite_create("devnodes");
	TCase *tc = tcase_create("walk");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_walk);
	tcase_add_test(tc, test_nvidia);
	tcase_add_test(tc, test_absent_and_dup);
	tcase_add_test(tc, test_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(devnodes_suite());
}
