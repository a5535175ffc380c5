// SPDX-License-Identifier: GPL-2.0-or-later
/* test-blockdev.c: block topology, whole-disk resolution and disk users on a built sysroot */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "path.h"
#include "testutil.h"

#define HOST0	"sys/devices/pci0000:00/0000:00:03.0/virtio0/host0"
#define SDA	HOST0 "/target0:0:0/0:0:0:0/block/sda"
#define SDB	HOST0 "/target0:0:1/0:0:1:0/block/sdb"
#define SDC	HOST0 "/target0:0:2/0:0:2:0/block/sdc"
#define SR0	HOST0 "/target0:0:3/0:0:3:0/block/sr0"
#define VIRT	"sys/devices/virtual/block"

static char *root;
static struct path_ctx *ctx;
static struct blockdev_topo *topo;

/* a device directory and its sys/dev/block/MAJ:MIN link, as the kernel lays them out */
static void add_dev(const char *devpath, const char *majmin, const char *size)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/dev", devpath);
	tree_write(root, rel, majmin);
	snprintf(rel, sizeof(rel), "%s/size", devpath);
	tree_write(root, rel, size);
	snprintf(rel, sizeof(rel), "sys/dev/block/%s", majmin);
	snprintf(target, sizeof(target), "../../%s", devpath + strlen("sys/"));
	tree_link(root, rel, target);
}

static void add_part(const char *devpath, const char *majmin, const char *no,
		     const char *start, const char *size)
{
	char rel[PATH_MAX];

	add_dev(devpath, majmin, size);
	snprintf(rel, sizeof(rel), "%s/partition", devpath);
	tree_write(root, rel, no);
	snprintf(rel, sizeof(rel), "%s/start", devpath);
	tree_write(root, rel, start);
}

static void add_dm(const char *name, const char *majmin, const char *dmname, const char *uuid)
{
	char rel[PATH_MAX + 16], dir[PATH_MAX];

	snprintf(dir, sizeof(dir), VIRT "/%s", name);
	add_dev(dir, majmin, "1000\n");
	snprintf(rel, sizeof(rel), "%s/dm/name", dir);
	tree_write(root, rel, dmname);
	snprintf(rel, sizeof(rel), "%s/dm/uuid", dir);
	tree_write(root, rel, uuid);
}

/* stack @upper (a dm/md name in VIRT) on the device at @lowerpath */
static void stack(const char *lowerpath, const char *lowername, const char *upper)
{
	char rel[PATH_MAX], target[PATH_MAX], up[PATH_MAX];
	int depth = 0;

	for (const char *p = lowerpath; *p; p++)
		depth += *p == '/';
	snprintf(rel, sizeof(rel), "%s/holders/%s", lowerpath, upper);
	target[0] = '\0';
	for (int i = 0; i < depth + 1; i++)
		strcat(target, "../");
	strcat(target, VIRT "/");
	strcat(target, upper);
	tree_link(root, rel, target);
	snprintf(up, sizeof(up), VIRT "/%s/slaves/%s", upper, lowername);
	snprintf(target, sizeof(target), "../../../../../%s", lowerpath);
	tree_link(root, up, target);
}

static void build(void)
{
	add_dev(SDA, "8:0\n", "2097152\n");
	tree_write(root, SDA "/removable", "0\n");
	add_part(SDA "/sda1", "8:1\n", "1\n", "2048\n", "1048576\n");
	add_part(SDA "/sda2", "8:2\n", "2\n", "1050624\n", "1046528\n");
	add_part(SDA "/sda3", "8:3\n", "3\n", "2000000\n", "97152\n");
	add_dev(SDB, "8:16\n", "1000\n");
	add_dev(SDC, "8:32\n", "1000\n");
	add_dev(SR0, "11:0\n", "0\n");
	tree_write(root, SR0 "/removable", "1\n");
	add_dev(VIRT "/loop0", "7:0\n", "0\n");
	/* an extended-minor partition: 259:N says nothing about its disk */
	add_part(SDB "/sdb1", "259:7\n", "1\n", "2048\n", "900\n");

	/* LVM: vg-lv (dm-0) on sda2 */
	add_dm("dm-0", "253:0\n", "vg-lv\n", "LVM-abcdefgh\n");
	stack(SDA "/sda2", "sda2", "dm-0");
	/* LUKS on sda1 (dm-1), an LV on top of it (dm-2) */
	add_dm("dm-1", "253:1\n", "luks-root\n", "CRYPT-LUKS2-0123-luks-root\n");
	stack(SDA "/sda1", "sda1", "dm-1");
	add_dm("dm-2", "253:2\n", "vg2-home\n", "LVM-ijklmnop\n");
	stack(VIRT "/dm-1", "dm-1", "dm-2");
	/* multipath over sdb and sdc, and a kpartx partition of it */
	add_dm("dm-3", "253:3\n", "mpatha\n", "mpath-3600a0b80\n");
	stack(SDB, "sdb", "dm-3");
	stack(SDC, "sdc", "dm-3");
	add_dm("dm-4", "253:4\n", "mpatha1\n", "part1-mpath-3600a0b80\n");
	stack(VIRT "/dm-3", "dm-3", "dm-4");
	/* md over sda3 and sdc? no: a one-legged md on sda3 */
	add_dev(VIRT "/md0", "9:0\n", "90000\n");
	tree_mkdir(root, VIRT "/md0/md");
	stack(SDA "/sda3", "sda3", "md0");

	/* dev/: fixture plain files and udev links */
	tree_write(root, "dev/sda", "");
	tree_write(root, "dev/sda2", "");
	tree_write(root, "dev/dm-0", "");
	tree_link(root, "dev/mapper/vg-lv", "../dm-0");
	tree_link(root, "dev/disk/by-label/my\\x20root", "../../sda1");
	tree_link(root, "dev/disk/by-uuid/1234-ABCD", "../../dm-2");
	tree_link(root, "dev/disk/by-partuuid/aa-01", "/dev/sda1");
	tree_mkdir(root, "etc");

	tree_write(root, "proc/self/mountinfo",
		   "20 1 0:21 / /proc rw - proc proc rw\n"
		   "21 1 253:2 / / rw - ext4 /dev/mapper/vg2-home rw\n"
		   "22 21 0:30 / /run rw - tmpfs tmpfs rw\n"
		   "23 21 8:16 / /data rw - ext4 /dev/sdb rw\n"
		   "24 21 0:45 /@ /btr rw - btrfs /dev/sda3 rw\n"
		   "25 21 11:0 / /media/cd ro - iso9660 /dev/sr0 ro\n");
	tree_write(root, "proc/swaps",
		   "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		   "/dev/mapper/vg-lv                       partition\t1048572\t\t0\t\t-2\n");
}

static void setup(void)
{
	root = tree_new();
	build();
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(blockdev_topo_scan(ctx, &topo), 0);
}

static void teardown(void)
{
	blockdev_topo_free(topo);
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static const struct blockdev *get(const char *name)
{
	const struct blockdev *d = blockdev_find(topo, name);

	ck_assert_msg(d != NULL, "no %s", name);
	return d;
}

START_TEST(test_kinds)
{
	const struct blockdev *d;

	ck_assert_uint_eq(topo->count, 15);
	ck_assert_str_eq(topo->devs[0].name, "dm-0");
	d = get("sda2");
	ck_assert_int_eq(d->kind, BLOCKDEV_PART);
	ck_assert_str_eq(d->parent, "sda");
	ck_assert_uint_eq(d->partno, 2);
	ck_assert_uint_eq(d->start, 1050624);
	ck_assert_uint_eq(d->size, 1046528);
	ck_assert_str_eq(get("sdb1")->parent, "sdb");
	ck_assert_int_eq(get("sda")->kind, BLOCKDEV_DISK);
	ck_assert_int_eq(get("loop0")->kind, BLOCKDEV_LOOP);
	ck_assert_int_eq(get("md0")->kind, BLOCKDEV_MD);
	ck_assert_int_eq(get("dm-0")->dm_kind, BLOCKDEV_DM_LVM);
	ck_assert_int_eq(get("dm-1")->dm_kind, BLOCKDEV_DM_CRYPT);
	ck_assert_int_eq(get("dm-3")->dm_kind, BLOCKDEV_DM_MPATH);
	ck_assert_int_eq(get("dm-4")->dm_kind, BLOCKDEV_DM_PART);
	ck_assert_str_eq(get("dm-0")->dm_name, "vg-lv");
	ck_assert(get("sr0")->removable);
	ck_assert(!get("sda1")->removable);
	ck_assert_ptr_eq(blockdev_find_devt(topo, 259, 7), get("sdb1"));
	ck_assert_ptr_eq(blockdev_find_dm(topo, "mpatha1"), get("dm-4"));
	ck_assert_ptr_null(blockdev_find(topo, "sdz"));
	ck_assert_str_eq(get("dm-3")->slaves[0], "sdb");
	ck_assert_str_eq(get("dm-3")->slaves[1], "sdc");
	ck_assert_str_eq(get("sda1")->holders[0], "dm-1");
}
END_TEST

static void check_disks(const char *name, const char *want)
{
	const struct blockdev **v;
	char got[256] = "";
	size_t n;

	ck_assert_int_eq(blockdev_whole_disks(topo, get(name), &v, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, v[i]->name);
	}
	free(v);
	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'", name, got, want);
}

START_TEST(test_whole_disks)
{
	check_disks("sda", "sda");
	check_disks("sda2", "sda");		/* partition */
	check_disks("dm-0", "sda");		/* LVM on sda2 */
	check_disks("dm-2", "sda");		/* LV on LUKS on sda1 */
	check_disks("dm-1", "sda");		/* LUKS */
	check_disks("dm-3", "sdb,sdc");		/* multipath: every path */
	check_disks("dm-4", "sdb,sdc");		/* kpartx map of it */
	check_disks("md0", "sda");
	check_disks("loop0", "loop0");
	check_disks("sdb1", "sdb");
}
END_TEST

START_TEST(test_holders_all)
{
	const struct blockdev **v;
	size_t n;

	ck_assert_int_eq(blockdev_holders_all(topo, get("sda1"), &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0]->name, "dm-1");
	ck_assert_str_eq(v[1]->name, "dm-2");
	free(v);
	ck_assert_int_eq(blockdev_partitions(topo, get("sda"), &v, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[2]->name, "sda3");
	free(v);
}
END_TEST

static void check_resolve(const char *spec, int how, const char *dev, bool mapped,
			  const char *disk0)
{
	struct blockdev_resolved r;
	int rc = blockdev_resolve(ctx, topo, spec, &r);

	ck_assert_msg(rc == 0, "%s: %d", spec, rc);
	ck_assert_int_eq(r.how, how);
	ck_assert_str_eq(r.dev->name, dev);
	ck_assert_int_eq(r.mapped, mapped);
	ck_assert_uint_ge(r.ndisks, 1);
	ck_assert_str_eq(r.disks[0]->name, disk0);
	blockdev_resolved_clear(&r);
}

START_TEST(test_resolve)
{
	check_resolve("/dev/sda2", BLOCKDEV_SPEC_NODE, "sda2", true, "sda");
	check_resolve("/dev/sda", BLOCKDEV_SPEC_NODE, "sda", false, "sda");
	check_resolve("sda2", BLOCKDEV_SPEC_NAME, "sda2", true, "sda");
	check_resolve("vg-lv", BLOCKDEV_SPEC_NAME, "dm-0", true, "sda");
	check_resolve("8:2", BLOCKDEV_SPEC_DEVT, "sda2", true, "sda");
	check_resolve("259:7", BLOCKDEV_SPEC_DEVT, "sdb1", true, "sdb");
	check_resolve("/dev/mapper/vg-lv", BLOCKDEV_SPEC_NODE, "dm-0", true, "sda");
	check_resolve("LABEL=my root", BLOCKDEV_SPEC_TAG, "sda1", true, "sda");
	check_resolve("LABEL=\"my root\"", BLOCKDEV_SPEC_TAG, "sda1", true, "sda");
	check_resolve("UUID=1234-ABCD", BLOCKDEV_SPEC_TAG, "dm-2", true, "sda");
	check_resolve("PARTUUID=aa-01", BLOCKDEV_SPEC_TAG, "sda1", true, "sda");
	check_resolve("/", BLOCKDEV_SPEC_MOUNT, "dm-2", true, "sda");
	check_resolve("/data/", BLOCKDEV_SPEC_MOUNT, "sdb", false, "sdb");
	/* btrfs: an anonymous 0:45, found by its source */
	check_resolve("/btr", BLOCKDEV_SPEC_MOUNT, "sda3", true, "sda");
	check_resolve("/media/cd", BLOCKDEV_SPEC_MOUNT, "sr0", false, "sr0");
}
END_TEST

START_TEST(test_resolve_errors)
{
	struct blockdev_resolved r;

	ck_assert_int_eq(blockdev_resolve(ctx, topo, "", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "8:", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "8:2x", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "LABEL=", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "COLOR=red", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "dev/sda", &r), -EINVAL);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "8:99", &r), -ENOENT);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "sdz", &r), -ENOENT);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "LABEL=none", &r), -ENOENT);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "/dev/sdz", &r), -ENOENT);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "/etc", &r), -ENOTBLK);
	ck_assert_int_eq(blockdev_resolve(ctx, topo, "/run", &r), -ENXIO);
}
END_TEST

START_TEST(test_users)
{
	struct blockdev_use *u;
	size_t n;
	char got[1024] = "";

	ck_assert_int_eq(blockdev_users(ctx, topo, get("sda"), &u, &n), 0);
	for (size_t i = 0; i < n; i++) {
		char one[320];

		snprintf(one, sizeof(one), "%s:%s:%s;", blockdev_use_kind_name(u[i].kind),
			 u[i].dev, u[i].what);
		strcat(got, one);
	}
	free(u);
	ck_assert_str_eq(got, "holder:sda1:dm-1;holder:dm-1:dm-2;holder:sda2:dm-0;"
			      "holder:sda3:md0;mount:dm-2:/;mount:sda3:/btr;"
			      "swap:dm-0:/dev/mapper/vg-lv;");

	ck_assert_int_eq(blockdev_users(ctx, topo, get("loop0"), &u, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(u);
}
END_TEST

START_TEST(test_empty_sysroot)
{
	char *r2 = tree_new();
	struct path_ctx *c2;
	struct blockdev_topo *t2;
	struct blockdev_resolved r;

	ck_assert_int_eq(path_ctx_new(r2, &c2), 0);
	ck_assert_int_eq(blockdev_topo_scan(c2, &t2), 0);
	ck_assert_uint_eq(t2->count, 0);
	ck_assert_int_eq(blockdev_resolve(c2, t2, "sda", &r), -ENOENT);
	blockdev_topo_free(t2);
	path_ctx_free(c2);
	tree_cleanup(r2);
}
END_TEST

static Suite *blockdev_suite(void)
{
	Suite *s = suite_create("blockdev");
	TCase *tc = tcase_create("topology");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_whole_disks);
	tcase_add_test(tc, test_holders_all);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_resolve_errors);
	tcase_add_test(tc, test_users);
	tcase_add_test(tc, test_empty_sysroot);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(blockdev_suite());
}
