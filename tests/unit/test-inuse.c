// SPDX-License-Identifier: GPL-2.0-or-later
/* test-inuse.c: disks, mounts, swap, netdevs and open nodes behind a PCI function */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inuse.h"
#include "path.h"
#include "testutil.h"

/* 02.1 is a prefix of 02.10: a substring match would mix their disks */
#define BDF		"0000:00:02.1"
#define BDF_OTHER	"0000:00:02.10"
#define BDF_BRIDGE	"0000:00:1c.0"
#define BDF_NVME	"0000:02:00.0"

#define DEV_T		"sys/devices/pci0000:00/" BDF
#define DEV_O		"sys/devices/pci0000:00/" BDF_OTHER
#define DEV_N		"sys/devices/pci0000:00/" BDF_BRIDGE "/" BDF_NVME
#define SCSI_T		DEV_T "/virtio1/host0/target0:0:0/0:0:0:0/block/sda"
#define SCSI_O		DEV_O "/virtio2/host1/target1:0:0/1:0:0:0/block/sdb"
#define VIRT_BLOCK	"sys/devices/virtual/block"

static char *root;
static struct path_ctx *ctx;

/* a block device as sysfs shows it: the device directory and its class link */
static void add_block(const char *devpath, const char *name, const char *majmin)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/dev", devpath);
	tree_write(root, rel, majmin);
	snprintf(rel, sizeof(rel), "sys/class/block/%s", name);
	snprintf(target, sizeof(target), "../../%s", devpath + strlen("sys/"));
	tree_link(root, rel, target);
}

static void add_holder(const char *devpath, const char *holder)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/holders/%s", devpath, holder);
	snprintf(target, sizeof(target), "%s/%s/%s", root, VIRT_BLOCK, holder);
	tree_link(root, rel, target);
}

static void add_netdev(const char *devdir, const char *ifname, const char *flags,
		       const char *operstate)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/net/%s/operstate", devdir, ifname);
	tree_write(root, rel, operstate);
	if (flags) {
		snprintf(rel, sizeof(rel), "%s/net/%s/flags", devdir, ifname);
		tree_write(root, rel, flags);
	}
	snprintf(rel, sizeof(rel), "sys/class/net/%s", ifname);
	snprintf(target, sizeof(target), "../../%s/net/%s", devdir + strlen("sys/"), ifname);
	tree_link(root, rel, target);
}

static void build_blocks(void)
{
	tree_link(root, "sys/bus/pci/devices/" BDF, "../../../devices/pci0000:00/" BDF);
	tree_link(root, "sys/bus/pci/devices/" BDF_OTHER,
		  "../../../devices/pci0000:00/" BDF_OTHER);

	add_block(SCSI_T, "sda", "8:0\n");
	add_block(SCSI_T "/sda1", "sda1", "8:1\n");
	add_block(SCSI_T "/sda2", "sda2", "8:2\n");
	add_block(SCSI_T "/sda3", "sda3", "8:3\n");
	add_block(SCSI_T "/sda4", "sda4", "8:4\n");
	add_block(SCSI_O, "sdb", "8:16\n");
	add_block(SCSI_O "/sdb1", "sdb1", "8:17\n");
	add_block(DEV_N "/nvme/nvme0/nvme0n1", "nvme0n1", "259:0\n");
	add_block("sys/devices/virtual/block/loop0", "loop0", "7:0\n");

	/* LVM on sda3: dm-0 is a filesystem, dm-1 (vg-swap) stacks on dm-0 */
	add_block(VIRT_BLOCK "/dm-0", "dm-0", "253:0\n");
	add_block(VIRT_BLOCK "/dm-1", "dm-1", "253:1\n");
	tree_write(root, VIRT_BLOCK "/dm-0/dm/name", "vg-data\n");
	tree_write(root, VIRT_BLOCK "/dm-1/dm/name", "vg-swap\n");
	add_holder(SCSI_T "/sda3", "dm-0");
	add_holder(VIRT_BLOCK "/dm-0", "dm-1");
	/* a loop back to dm-0 must not make the walk run forever */
	add_holder(VIRT_BLOCK "/dm-1", "dm-0");
	/* md0 mirrors sda3 and sdb1: one entry, reached through sda3 first */
	add_block(VIRT_BLOCK "/md0", "md0", "9:0\n");
	add_holder(SCSI_T "/sda3", "md0");
	add_holder(SCSI_O "/sdb1", "md0");

	tree_write(root, "proc/self/mountinfo",
		   "22 27 0:21 / /proc rw,relatime shared:12 - proc proc rw\n"
		   "27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
		   "30 27 8:1 /var /mnt/bind rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
		   "31 27 253:0 / /srv/my\\040data\\011x rw - xfs /dev/mapper/vg-data rw\n"
		   "32 27 8:17 / /data rw - ext4 /dev/sdb1 rw\n"
		   "33 27 0:45 /@home /home rw shared:7 master:3 - btrfs /dev/sda4 rw\n"
		   "34 27 7:0 / /snap/x ro - squashfs /dev/loop0 ro\n");
	tree_write(root, "proc/swaps",
		   "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		   "/dev/sda2                               partition\t1048572\t\t0\t\t-2\n"
		   "/dev/mapper/vg-swap                     partition\t1048572\t\t0\t\t-3\n"
		   "/swap/sda4                              file\t\t1048572\t\t0\t\t-4\n");
}

static void build_netdevs(void)
{
	add_netdev(DEV_T, "eth0", "0x1003\n", "up\n");
	add_netdev(DEV_T, "eth1", "0x1002\n", "down\n");
	/* no "flags": operstate decides */
	add_netdev(DEV_T, "eth2", NULL, "up\n");
	/* virtio-net: the interface lives below BDF/virtio3, not BDF/net */
	add_netdev(DEV_T "/virtio3", "ens3", "0x1003\n", "up\n");
	add_netdev(DEV_O, "eth10", "0x1003\n", "up\n");
	tree_mkdir(root, "sys/devices/virtual/net/lo");
	tree_link(root, "sys/class/net/lo", "../../devices/virtual/net/lo");

	tree_write(root, "proc/net/route",
		   "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
		   "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
		   "eth10\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
		   "lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n");
	tree_write(root, "proc/net/ipv6_route",
		   "fe800000000000000000000000000000 40 00000000000000000000000000000000 00 "
		   "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth2\n"
		   "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
		   "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n");
}

static void build_proc(void)
{
	tree_write(root, "proc/100/comm", "qemu-system-x86\n");
	tree_link(root, "proc/100/fd/0", "/dev/null");
	tree_link(root, "proc/100/fd/5", "/dev/vfio/12");
	tree_link(root, "proc/100/fd/6", "/dev/vfio/12");
	tree_link(root, "proc/100/fd/7", "/dev/vfio/vfio");
	tree_write(root, "proc/200/comm", "vfio-test\n");
	tree_link(root, "proc/200/fd/3", "/dev/vfio/12");
	tree_link(root, "proc/200/fd/4", "/dev/vfio/devices/vfio0");
	tree_link(root, "proc/200/fd/9", "/dev/vfio/12 (deleted)");
	tree_write(root, "proc/300/comm", "other\n");
	tree_link(root, "proc/300/fd/3", "/dev/vfio/123");
	tree_link(root, "proc/300/fd/4", "/dev/vfio/1");
	/* a process whose fd directory is gone or unreadable */
	tree_write(root, "proc/400/comm", "ghost\n");
	tree_link(root, "proc/thread-self", "100");
	tree_write(root, "proc/net/fd", "");
}

static void unlink_rel(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(unlink(path), 0);
}

static void setup(void)
{
	root = tree_new();
	build_blocks();
	build_netdevs();
	build_proc();
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static const struct inuse_block *find_block(const struct pci_usage *u, const char *name)
{
	for (size_t i = 0; i < u->nblocks; i++) {
		if (strcmp(u->blocks[i].name, name) == 0)
			return &u->blocks[i];
	}
	return NULL;
}

static const struct inuse_netdev *find_netdev(const struct pci_usage *u, const char *name)
{
	for (size_t i = 0; i < u->nnetdevs; i++) {
		if (strcmp(u->netdevs[i].ifname, name) == 0)
			return &u->netdevs[i];
	}
	return NULL;
}

START_TEST(test_block_set)
{
	const char *want[] = { "sda", "sda1", "sda2", "sda3", "sda4", "dm-0", "md0", "dm-1" };
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_uint_eq(u.nblocks, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < u.nblocks; i++)
		ck_assert_str_eq(u.blocks[i].name, want[i]);
	ck_assert_ptr_null(find_block(&u, "sdb"));
	ck_assert_ptr_null(find_block(&u, "sdb1"));
	ck_assert_ptr_null(find_block(&u, "loop0"));
	ck_assert_str_eq(find_block(&u, "sda1")->majmin, "8:1");
	ck_assert_str_eq(find_block(&u, "dm-1")->majmin, "253:1");
	pci_usage_clear(&u);
	ck_assert_ptr_null(u.blocks);
	ck_assert_uint_eq(u.nblocks, 0);
}
END_TEST

START_TEST(test_block_mounts)
{
	const struct inuse_block *b;
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	b = find_block(&u, "sda");
	ck_assert_str_eq(b->mountpoint, "");
	ck_assert(!b->root && !b->swap);
	/* the first of two mounts is reported */
	b = find_block(&u, "sda1");
	ck_assert_str_eq(b->mountpoint, "/");
	ck_assert(b->root);
	ck_assert(!b->swap);
	ck_assert_str_eq(find_block(&u, "sda2")->mountpoint, "");
	b = find_block(&u, "dm-0");
	ck_assert_str_eq(b->mountpoint, "/srv/my data\tx");
	ck_assert(!b->root);
	/* btrfs shows an anonymous 0:N; its source names the partition */
	b = find_block(&u, "sda4");
	ck_assert_str_eq(b->mountpoint, "/home");
	ck_assert(!b->root);
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_block_swap)
{
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert(find_block(&u, "sda2")->swap);
	ck_assert(find_block(&u, "dm-1")->swap);
	/* a swap file that happens to be called sda4 is not the partition */
	ck_assert(!find_block(&u, "sda4")->swap);
	ck_assert(!find_block(&u, "sda1")->swap);
	ck_assert(!find_block(&u, "dm-0")->swap);
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_block_holders)
{
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_str_eq(find_block(&u, "sda1")->via, "");
	ck_assert_str_eq(find_block(&u, "dm-0")->via, "sda3");
	ck_assert_str_eq(find_block(&u, "dm-1")->via, "dm-0");
	ck_assert_str_eq(find_block(&u, "md0")->via, "sda3");
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_other_bdf)
{
	const struct inuse_block *b;
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF_OTHER, &u), 0);
	ck_assert_uint_eq(u.nblocks, 3);
	ck_assert_str_eq(u.blocks[0].name, "sdb");
	b = find_block(&u, "sdb1");
	ck_assert_str_eq(b->mountpoint, "/data");
	ck_assert(!b->root);
	ck_assert_str_eq(find_block(&u, "md0")->via, "sdb1");
	ck_assert_uint_eq(u.nnetdevs, 1);
	ck_assert_str_eq(u.netdevs[0].ifname, "eth10");
	ck_assert(u.netdevs[0].up && u.netdevs[0].has_routes);
	pci_usage_clear(&u);

	/* a prefix of a real BDF, and a BDF nothing sits on */
	ck_assert_int_eq(pci_usage_scan(ctx, "0000:00:02", &u), 0);
	ck_assert_uint_eq(u.nblocks, 0);
	ck_assert_uint_eq(u.nnetdevs, 0);
	ck_assert_int_eq(pci_usage_scan(ctx, "0000:00:02.2", &u), 0);
	ck_assert_uint_eq(u.nblocks, 0);
	ck_assert_uint_eq(u.nnetdevs, 0);
}
END_TEST

START_TEST(test_bridge)
{
	struct pci_usage u;

	/* the disk of an endpoint is also behind the bridge above it */
	ck_assert_int_eq(pci_usage_scan(ctx, BDF_NVME, &u), 0);
	ck_assert_uint_eq(u.nblocks, 1);
	ck_assert_str_eq(u.blocks[0].name, "nvme0n1");
	ck_assert_str_eq(u.blocks[0].majmin, "259:0");
	pci_usage_clear(&u);
	ck_assert_int_eq(pci_usage_scan(ctx, BDF_BRIDGE, &u), 0);
	ck_assert_uint_eq(u.nblocks, 1);
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_netdevs)
{
	const struct inuse_netdev *n;
	struct pci_usage u;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_uint_eq(u.nnetdevs, 4);
	/* BDF/net first, each once though sys/class/net lists it too */
	ck_assert_str_eq(u.netdevs[0].ifname, "eth0");
	ck_assert_str_eq(u.netdevs[1].ifname, "eth1");
	ck_assert_str_eq(u.netdevs[2].ifname, "eth2");
	ck_assert_str_eq(u.netdevs[3].ifname, "ens3");
	n = find_netdev(&u, "eth0");
	ck_assert(n->up && n->has_routes);
	/* the eth10 route does not count for eth1 */
	n = find_netdev(&u, "eth1");
	ck_assert(!n->up && !n->has_routes);
	n = find_netdev(&u, "eth2");
	ck_assert(n->up && n->has_routes);
	n = find_netdev(&u, "ens3");
	ck_assert(n->up && !n->has_routes);
	ck_assert_ptr_null(find_netdev(&u, "lo"));
	ck_assert_ptr_null(find_netdev(&u, "eth10"));
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_absent)
{
	struct path_ctx *empty;
	struct pci_usage u;
	char *r = tree_new();

	ck_assert_int_eq(path_ctx_new(r, &empty), 0);
	ck_assert_int_eq(pci_usage_scan(empty, BDF, &u), 0);
	ck_assert_uint_eq(u.nblocks, 0);
	ck_assert_uint_eq(u.nnetdevs, 0);
	ck_assert_ptr_null(u.blocks);
	ck_assert_ptr_null(u.netdevs);
	pci_usage_clear(&u);

	/* disks but no mountinfo, swaps or route tables: found, not in use */
	tree_write(r, SCSI_T "/sda1/dev", "8:1\n");
	tree_link(r, "sys/class/block/sda1",
		  "../../devices/pci0000:00/" BDF "/virtio1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	tree_write(r, DEV_T "/net/eth0/flags", "0x1003\n");
	ck_assert_int_eq(pci_usage_scan(empty, BDF, &u), 0);
	ck_assert_uint_eq(u.nblocks, 1);
	ck_assert_str_eq(u.blocks[0].majmin, "8:1");
	ck_assert_str_eq(u.blocks[0].mountpoint, "");
	ck_assert(!u.blocks[0].root && !u.blocks[0].swap);
	ck_assert_uint_eq(u.nnetdevs, 0);
	pci_usage_clear(&u);
	path_ctx_free(empty);
	tree_cleanup(r);

	/* names that are not one path component match nothing */
	ck_assert_int_eq(pci_usage_scan(ctx, "", &u), 0);
	ck_assert_uint_eq(u.nblocks + u.nnetdevs, 0);
	ck_assert_int_eq(pci_usage_scan(ctx, "pci0000:00/" BDF, &u), 0);
	ck_assert_uint_eq(u.nblocks + u.nnetdevs, 0);
	ck_assert_int_eq(pci_usage_scan(ctx, "..", &u), 0);
	ck_assert_uint_eq(u.nblocks + u.nnetdevs, 0);
}
END_TEST

START_TEST(test_long_tables)
{
	struct pci_usage u;
	size_t size = 0;
	char *big;
	FILE *f;

	/*
	 * Over path_read_alloc()'s 1 MiB, with one line longer than the read
	 * buffer and the root mount last and unterminated.
	 */
	f = open_memstream(&big, &size);
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 20000; i++)
		fprintf(f, "%d 27 0:%d / /run/containers/%08d/rootfs rw - overlay overlay rw\n",
			100 + i, 100 + i, i);
	fprintf(f, "99 27 0:99 / /x");
	for (int i = 0; i < 40000; i++)
		fputc('y', f);
	fprintf(f, " rw - tmpfs tmpfs rw\n");
	fprintf(f, "27 1 8:1 / / rw - ext4 /dev/sda1 rw");
	fclose(f);
	ck_assert_uint_gt(size, 1024 * 1024);
	tree_write(root, "proc/self/mountinfo", big);
	free(big);

	f = open_memstream(&big, &size);
	ck_assert_ptr_nonnull(f);
	fprintf(f, "Iface\tDestination\tGateway\n");
	for (int i = 0; i < 60000; i++)
		fprintf(f, "eth10\t%08X\t00000000\t0001\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n", i);
	fprintf(f, "eth1\t0A000000\t00000000\t0001\t0\t0\t0\tFF000000\t0\t0\t0");
	fclose(f);
	ck_assert_uint_gt(size, 1024 * 1024);
	tree_write(root, "proc/net/route", big);
	free(big);

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_str_eq(find_block(&u, "sda1")->mountpoint, "/");
	ck_assert(find_block(&u, "sda1")->root);
	ck_assert(find_netdev(&u, "eth1")->has_routes);
	pci_usage_clear(&u);
}
END_TEST

/* a btrfs over sda4 and sdb1 that mountinfo names by sdb1 is still on sda4 */
START_TEST(test_btrfs_multi_device)
{
	struct pci_usage u;

	tree_write(root, "proc/self/mountinfo",
		   "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
		   "40 27 0:46 /@pool /pool rw - btrfs /dev/sdb1 rw\n");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_str_eq(find_block(&u, "sda4")->mountpoint, "");
	pci_usage_clear(&u);

	tree_mkdir(root, "sys/fs/btrfs/features");
	tree_link(root, "sys/fs/btrfs/5d7e-pool/devices/sdb1", "../../../../class/block/sdb1");
	tree_link(root, "sys/fs/btrfs/5d7e-pool/devices/sda4", "../../../../class/block/sda4");
	tree_link(root, "sys/fs/btrfs/77aa-other/devices/sdb1", "../../../../class/block/sdb1");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_str_eq(find_block(&u, "sda4")->mountpoint, "/pool");
	ck_assert_str_eq(find_block(&u, "sda3")->mountpoint, "");
	pci_usage_clear(&u);
}
END_TEST

/* a table that cannot be read, or is over the limits, leaves the check unevaluated */
START_TEST(test_table_errors)
{
	struct pci_usage u;
	char *line;

	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_int_eq(u.mounts_error, 0);
	ck_assert_int_eq(u.swaps_error, 0);
	pci_usage_clear(&u);

	/* one line past PATH_LINE_MAX (no newline at all) */
	line = malloc(PATH_LINE_MAX + 16);
	ck_assert_ptr_nonnull(line);
	memset(line, 'x', PATH_LINE_MAX + 15);
	line[PATH_LINE_MAX + 15] = '\0';
	tree_write(root, "proc/self/mountinfo", line);
	free(line);
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_int_eq(u.mounts_error, -EFBIG);
	ck_assert_str_eq(find_block(&u, "sda1")->mountpoint, "");
	pci_usage_clear(&u);

	/* gone: not "nothing mounted" */
	unlink_rel("proc/self/mountinfo");
	unlink_rel("proc/swaps");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_int_eq(u.mounts_error, -ENOENT);
	ck_assert_int_eq(u.swaps_error, -ENOENT);
	pci_usage_clear(&u);

	/* no IPv6 is no IPv6 route; no IPv4 table is routes unknown */
	unlink_rel("proc/net/ipv6_route");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_int_eq(u.routes_error, 0);
	pci_usage_clear(&u);
	unlink_rel("proc/net/route");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	ck_assert_int_eq(u.routes_error, -ENOENT);
	pci_usage_clear(&u);

	/* no block devices: nothing was missed */
	ck_assert_int_eq(pci_usage_scan(ctx, "0000:00:02.2", &u), 0);
	ck_assert_int_eq(u.mounts_error, 0);
	ck_assert_int_eq(u.swaps_error, 0);
	pci_usage_clear(&u);
}
END_TEST

START_TEST(test_holders)
{
	const char *const nodes[] = { "/dev/vfio/12", "/dev/vfio/devices/vfio0", NULL };
	struct inuse_holder *h;
	size_t n;

	ck_assert_int_eq(proc_find_holders(ctx, nodes, &h, &n), 0);
	ck_assert_uint_eq(n, 3);
	/* pid 100 holds /dev/vfio/12 twice: one entry */
	ck_assert_int_eq(h[0].pid, 100);
	ck_assert_str_eq(h[0].comm, "qemu-system-x86");
	ck_assert_str_eq(h[0].node, "/dev/vfio/12");
	ck_assert_int_eq(h[1].pid, 200);
	ck_assert_str_eq(h[1].comm, "vfio-test");
	ck_assert_str_eq(h[1].node, "/dev/vfio/12");
	ck_assert_int_eq(h[2].pid, 200);
	ck_assert_str_eq(h[2].node, "/dev/vfio/devices/vfio0");
	free(h);
}
END_TEST

START_TEST(test_holders_none)
{
	const char *const other[] = { "/dev/vfio/13", NULL };
	const char *const empty[] = { NULL };
	struct path_ctx *bare;
	struct inuse_holder *h;
	char *r = tree_new();
	size_t n;

	ck_assert_int_eq(proc_find_holders(ctx, other, &h, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(h);
	ck_assert_int_eq(proc_find_holders(ctx, empty, &h, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(h);

	ck_assert_int_eq(path_ctx_new(r, &bare), 0);
	ck_assert_int_eq(proc_find_holders(bare, other, &h, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(h);
	path_ctx_free(bare);
	tree_cleanup(r);
}
END_TEST

/* an interface whose flags and operstate are both missing (a capture that lost them) is unknown */
START_TEST(test_netdev_state_unknown)
{
	const struct inuse_netdev *n;
	struct pci_usage u;

	tree_mkdir(root, DEV_T "/net/eth9");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	n = find_netdev(&u, "eth9");
	ck_assert_ptr_nonnull(n);
	ck_assert(n->state_unknown && !n->up);
	/* operstate alone, or flags alone, is enough to know */
	ck_assert(!find_netdev(&u, "eth2")->state_unknown);
	ck_assert(!find_netdev(&u, "eth0")->state_unknown);
	pci_usage_clear(&u);
	tree_write(root, DEV_T "/net/eth9/operstate", "down\n");
	ck_assert_int_eq(pci_usage_scan(ctx, BDF, &u), 0);
	n = find_netdev(&u, "eth9");
	ck_assert(!n->state_unknown && !n->up);
	pci_usage_clear(&u);
}
END_TEST

/* how many processes the scan looked at: none in a tree without them */
START_TEST(test_holders_nprocs)
{
	const char *const nodes[] = { "/dev/vfio/12" };
	struct inuse_holders h;
	struct path_ctx *bare;
	char *r = tree_new();

	ck_assert_int_eq(proc_scan_holders(ctx, nodes, 1, &h), 0);
	ck_assert_uint_gt(h.nprocs, 0);
	inuse_holders_clear(&h);

	tree_write(r, "proc/cmdline", "ro\n");
	tree_write(r, "proc/self/mountinfo", "");
	ck_assert_int_eq(path_ctx_new(r, &bare), 0);
	ck_assert_int_eq(proc_scan_holders(bare, nodes, 1, &h), 0);
	ck_assert_uint_eq(h.nprocs, 0);
	ck_assert_int_eq(h.proc_error, 0);
	ck_assert_uint_eq(h.n, 0);
	inuse_holders_clear(&h);
	path_ctx_free(bare);
	tree_cleanup(r);
}
END_TEST

/* the root mount's MAJ:MIN, read independently of inuse.c */
static bool live_root_majmin(struct path_ctx *live, char *buf, size_t size)
{
	char *text, *line, *save;
	bool found = false;

	if (path_read_alloc(live, &text, NULL, "proc/self/mountinfo") < 0)
		return false;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char majmin[32], mnt[PATH_MAX];

		if (sscanf(line, "%*s %*s %31s %*s %4095s", majmin, mnt) == 2 &&
		    strcmp(mnt, "/") == 0) {
			snprintf(buf, size, "%s", majmin);
			found = true;
		}
	}
	free(text);
	return found;
}

START_TEST(test_live_scan)
{
	char rootdev[32], vdadev[32], link[PATH_MAX];
	const struct inuse_block *b;
	struct path_ctx *live;
	struct pci_usage u;
	char **bdfs;

	ck_assert_int_eq(path_ctx_new(NULL, &live), 0);
	if (path_list_dir(live, &bdfs, NULL, "sys/bus/pci/devices") == 0) {
		for (char **p = bdfs; *p; p++) {
			ck_assert_int_eq(pci_usage_scan(live, *p, &u), 0);
			pci_usage_clear(&u);
		}
		strv_free(bdfs);
	}

	ck_assert_int_eq(pci_usage_scan(live, "0000:00:02.0", &u), 0);
	/* the test VM boots from virtio-blk vda at 00:02.0; elsewhere that is not so */
	if (path_exists(live, "sys/bus/pci/devices/0000:00:02.0") &&
	    path_readlink(live, link, sizeof(link), "sys/class/block/vda") > 0 &&
	    strstr(link, "/0000:00:02.0/") &&
	    path_read_string(live, vdadev, sizeof(vdadev), "sys/class/block/vda/dev") > 0 &&
	    live_root_majmin(live, rootdev, sizeof(rootdev)) && strcmp(rootdev, vdadev) == 0) {
		b = find_block(&u, "vda");
		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(b->majmin, vdadev);
		ck_assert_str_eq(b->mountpoint, "/");
		ck_assert(b->root);
	}
	pci_usage_clear(&u);
	path_ctx_free(live);
}
END_TEST

START_TEST(test_live_holders)
{
	char *r = tree_new();
	char held[PATH_MAX];
	const char *nodes[] = { held, "/dev/vfio/vfio", NULL };
	struct inuse_holder *h;
	struct path_ctx *live;
	bool self = false;
	size_t n;
	int fd;

	/* a file we hold ourselves must be found on our own pid */
	snprintf(held, sizeof(held), "%s/held", r);
	fd = open(held, O_RDONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(path_ctx_new(NULL, &live), 0);
	ck_assert_int_eq(proc_find_holders(live, nodes, &h, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (h[i].pid == getpid() && strcmp(h[i].node, held) == 0)
			self = true;
	}
	ck_assert(self);
	free(h);
	path_ctx_free(live);
	close(fd);
	tree_cleanup(r);
}
END_TEST

static Suite *inuse_suite(void)
{
	Suite *s = suite_create("inuse");
	TCase *tc = tcase_create("fixture");
	TCase *tl = tcase_create("live");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_block_set);
	tcase_add_test(tc, test_block_mounts);
	tcase_add_test(tc, test_block_swap);
	tcase_add_test(tc, test_block_holders);
	tcase_add_test(tc, test_other_bdf);
	tcase_add_test(tc, test_bridge);
	tcase_add_test(tc, test_netdevs);
	tcase_add_test(tc, test_absent);
	tcase_add_test(tc, test_long_tables);
	tcase_add_test(tc, test_table_errors);
	tcase_add_test(tc, test_btrfs_multi_device);
	tcase_add_test(tc, test_holders);
	tcase_add_test(tc, test_holders_none);
	tcase_add_test(tc, test_netdev_state_unknown);
	tcase_add_test(tc, test_holders_nprocs);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tl, 60);
	tcase_add_test(tl, test_live_scan);
	tcase_add_test(tl, test_live_holders);
	suite_add_tcase(s, tl);
	return s;
}

int main(void)
{
	return run_suite(inuse_suite());
}
