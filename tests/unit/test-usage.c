// SPDX-License-Identifier: GPL-2.0-or-later
/* test-usage.c: what a PCI function is used for (src/core/vfio/usage.c) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vfio/usage.h"

#define GPU	"0000:01:00.0"
#define NVME	"0000:02:00.0"
#define DEV_G	"sys/devices/pci0000:00/" GPU
#define DEV_N	"sys/devices/pci0000:00/" NVME

static char *root;
static struct path_ctx *ctx;

static void node(const char *dir, const char *majmin, const char *devname)
{
	char rel[512], text[128];

	snprintf(rel, sizeof(rel), "%s/dev", dir);
	snprintf(text, sizeof(text), "%s\n", majmin);
	tree_write(root, rel, text);
	snprintf(rel, sizeof(rel), "%s/uevent", dir);
	snprintf(text, sizeof(text), "DEVNAME=%s\n", devname);
	tree_write(root, rel, text);
}

static void setup(void)
{
	root = tree_new();
	tree_link(root, "sys/bus/pci/devices/" GPU, "../../../devices/pci0000:00/" GPU);
	tree_link(root, "sys/bus/pci/devices/" NVME, "../../../devices/pci0000:00/" NVME);
	node(DEV_G "/drm/card0", "226:0", "dri/card0");
	node(DEV_G "/drm/renderD128", "226:128", "dri/renderD128");
	node(DEV_N "/nvme/nvme0", "241:0", "nvme0");
	tree_write(root, "proc/10/comm", "Xorg\n");
	tree_link(root, "proc/10/fd/3", "/dev/dri/card0");
	tree_link(root, "proc/10/fd/4", "/dev/dri/renderD128");
	tree_write(root, "proc/20/comm", "nvme-cli\n");
	tree_link(root, "proc/20/fd/0", "/dev/nvme0");
	tree_link(root, "proc/20/fd/1", "/dev/dri/card0");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

START_TEST(test_node_kinds)
{
	ck_assert_int_eq(device_usage_node_kind("/dev/dri/card0", false), USAGE_NODE_DRM);
	ck_assert_int_eq(device_usage_node_kind("/dev/snd/controlC1", false), USAGE_NODE_SOUND);
	ck_assert_int_eq(device_usage_node_kind("/dev/vfio/devices/vfio0", false), USAGE_NODE_VFIO);
	ck_assert_int_eq(device_usage_node_kind("/dev/bus/usb/001/002", false), USAGE_NODE_USB);
	ck_assert_int_eq(device_usage_node_kind("/dev/nvidia0", false), USAGE_NODE_NVIDIA);
	ck_assert_int_eq(device_usage_node_kind("/dev/sda1", true), USAGE_NODE_BLOCK);
	ck_assert_int_eq(device_usage_node_kind("/dev/nvme0", false), USAGE_NODE_OTHER);
	/* "/dev/drifter" is not below dri/ */
	ck_assert_int_eq(device_usage_node_kind("/dev/drifter", false), USAGE_NODE_OTHER);
}
END_TEST

/* one scan of a device: its nodes, and who holds which */
START_TEST(test_scan_one)
{
	struct device_usage u;

	ck_assert_int_eq(device_usage_scan(ctx, GPU, 0, &u), 0);
	ck_assert_uint_eq(u.nnodes, 2);
	ck_assert_uint_eq(u.open.nprocs, 2);
	ck_assert(u.open_scanned);
	/* card0 by both processes, renderD128 by Xorg: each (pid, node) once */
	ck_assert_uint_eq(u.open.n, 3);
	ck_assert(device_usage_busy(&u));
	ck_assert(!device_usage_unknown(&u));
	device_usage_clear(&u);

	/* no /proc scan asked for: the open check is not made, so unknown */
	ck_assert_int_eq(device_usage_scan(ctx, GPU, USAGE_NO_PROC, &u), 0);
	ck_assert(!u.open_scanned);
	ck_assert_uint_eq(u.open.n, 0);
	ck_assert(!device_usage_busy(&u));
	ck_assert(device_usage_unknown(&u));
	device_usage_clear(&u);
}
END_TEST

/* one pass over /proc for a listing: each device gets the holders of its own nodes only */
START_TEST(test_scan_open_many)
{
	struct device_usage a, b, *v[2] = { &a, &b };

	ck_assert_int_eq(device_usage_scan(ctx, GPU, USAGE_NO_PROC, &a), 0);
	ck_assert_int_eq(device_usage_scan(ctx, NVME, USAGE_NO_PROC, &b), 0);
	ck_assert_int_eq(device_usage_scan_open(ctx, v, 2), 0);
	ck_assert_uint_eq(a.open.n, 3);
	for (size_t i = 0; i < a.open.n; i++)
		ck_assert_ptr_nonnull(strstr(a.open.v[i].node, "/dev/dri/"));
	ck_assert_uint_eq(b.open.n, 1);
	ck_assert_str_eq(b.open.v[0].node, "/dev/nvme0");
	ck_assert_str_eq(b.open.v[0].comm, "nvme-cli");
	ck_assert_uint_eq(b.open.nprocs, 2);
	device_usage_clear(&a);
	device_usage_clear(&b);
}
END_TEST

/* a tree without processes (a capture that has none) cannot say who holds a node */
START_TEST(test_no_processes)
{
	struct device_usage u;
	char *bare = tree_new();
	struct path_ctx *c;

	tree_link(bare, "sys/bus/pci/devices/" GPU, "../../../devices/pci0000:00/" GPU);
	tree_write(bare, DEV_G "/drm/card0/dev", "226:0\n");
	tree_write(bare, "proc/cmdline", "ro\n");
	ck_assert_int_eq(path_ctx_new(bare, &c), 0);
	ck_assert_int_eq(device_usage_scan(c, GPU, 0, &u), 0);
	ck_assert_uint_eq(u.nnodes, 1);
	ck_assert_uint_eq(u.open.nprocs, 0);
	ck_assert(!device_usage_busy(&u));
	ck_assert(device_usage_unknown(&u));
	device_usage_clear(&u);
	path_ctx_free(c);
	tree_cleanup(bare);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("usage");
	TCase *tc = tcase_create("usage");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_node_kinds);
	tcase_add_test(tc, test_scan_one);
	tcase_add_test(tc, test_scan_open_many);
	tcase_add_test(tc, test_no_processes);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
