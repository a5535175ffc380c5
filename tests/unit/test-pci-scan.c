// SPDX-License-Identifier: GPL-2.0-or-later
/* test-pci-scan.c: a scan reads what its mask asks for, and finds every member by binary search */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "iommu.h"
#include "path.h"
#include "pci.h"
#include "testutil.h"

/* 3 domains x 100 buses x 2 functions: enough that a linear or wrong order shows */
#define NDOMAINS	3
#define NBUSES		100
#define NFUNCS		2

static char *root;
static struct path_ctx *ctx;

static void write_config(const char *rel, unsigned ven, unsigned dev, unsigned cls)
{
	char p[4096];
	unsigned char c[64] = { 0 };
	FILE *f;

	c[0] = ven & 0xff, c[1] = ven >> 8, c[2] = dev & 0xff, c[3] = dev >> 8;
	c[8] = 0x0a;
	c[9] = cls & 0xff, c[10] = (cls >> 8) & 0xff, c[11] = cls >> 16;
	c[0x2c] = 0x34, c[0x2d] = 0x12, c[0x2e] = 0x78, c[0x2f] = 0x56;
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fwrite(c, 1, sizeof(c), f);
	fclose(f);
}

/* a device directory with its bus link, driver, group (both ways) and attributes */
static void add_device(const char *bdf, int group, bool config)
{
	char dev[256], rel[512], target[512];

	snprintf(dev, sizeof(dev), "sys/devices/pci%.7s/%s", bdf, bdf);
	snprintf(rel, sizeof(rel), "%s/class", dev);
	/* the attribute files say other IDs than config space: which one was read shows */
	tree_write(root, rel, "0x020000\n");
	snprintf(rel, sizeof(rel), "%s/vendor", dev);
	tree_write(root, rel, "0x8086\n");
	snprintf(rel, sizeof(rel), "%s/device", dev);
	tree_write(root, rel, "0x10fb\n");
	snprintf(rel, sizeof(rel), "%s/driver_override", dev);
	tree_write(root, rel, "vfio-pci\n");
	snprintf(rel, sizeof(rel), "%s/numa_node", dev);
	tree_write(root, rel, "1\n");
	if (config) {
		snprintf(rel, sizeof(rel), "%s/config", dev);
		tree_mkdir(root, dev);
		write_config(rel, 0x10de, 0x1b80, 0x030000);
	}
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", bdf);
	snprintf(target, sizeof(target), "../../../%s", dev + 4);
	tree_link(root, rel, target);
	snprintf(rel, sizeof(rel), "%s/driver", dev);
	tree_link(root, rel, "../../../bus/pci/drivers/ixgbe");
	snprintf(rel, sizeof(rel), "%s/iommu_group", dev);
	snprintf(target, sizeof(target), "../../../kernel/iommu_groups/%d", group);
	tree_link(root, rel, target);
	snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices/%s", group, bdf);
	snprintf(target, sizeof(target), "../../../../%s", dev + 4);
	tree_link(root, rel, target);
}

static void setup(void)
{
	char bdf[32];
	int group = 0;

	root = tree_new();
	tree_mkdir(root, "sys/bus/pci/drivers/ixgbe");
	tree_write(root, "sys/kernel/iommu_groups/0/type", "DMA-FQ\n");
	/* created in an order unlike BDF order: the scan must sort */
	for (int b = NBUSES - 1; b >= 0; b--)
		for (int d = 0; d < NDOMAINS; d++)
			for (int f = 0; f < NFUNCS; f++) {
				snprintf(bdf, sizeof(bdf), "%04x:%02x:00.%d", d, b, f);
				add_device(bdf, group + f, !(b == 7 && d == 1));
				if (f == NFUNCS - 1)
					group += 7;	/* sparse group numbers */
			}
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

START_TEST(test_sorted_and_found)
{
	struct pci_list *pci;
	struct iommu_group_list *groups;
	char bdf[32];
	size_t members = 0;

	ck_assert_int_eq(pci_scan_mask(ctx, PCI_READ_BASE, &pci), 0);
	ck_assert_uint_eq(pci->count, NDOMAINS * NBUSES * NFUNCS);
	for (size_t i = 1; i < pci->count; i++)
		ck_assert_int_lt(bdf_compare(&pci->devs[i - 1].bdf, &pci->devs[i].bdf), 0);
	/* every device by its address, and no device that is not there */
	for (size_t i = 0; i < pci->count; i++)
		ck_assert_ptr_eq(pci_list_find(pci, &pci->devs[i].bdf), &pci->devs[i]);
	ck_assert_ptr_null(pci_list_find_name(pci, "0003:00:00.0"));
	ck_assert_ptr_null(pci_list_find_name(pci, "0000:00:00.2"));
	snprintf(bdf, sizeof(bdf), "%04x:%02x:00.%d", NDOMAINS - 1, NBUSES - 1, NFUNCS - 1);
	ck_assert_ptr_eq(pci_list_find_name(pci, bdf), &pci->devs[pci->count - 1]);

	/* every group member is linked to its device, every group found by id */
	ck_assert_int_eq(iommu_group_scan_mask(ctx, pci, 0, &groups), 0);
	ck_assert_uint_eq(groups->count, NDOMAINS * NBUSES * NFUNCS);
	for (size_t g = 0; g < groups->count; g++) {
		ck_assert_ptr_eq(iommu_group_find(groups, groups->groups[g].id), &groups->groups[g]);
		for (size_t m = 0; m < groups->groups[g].nmembers; m++) {
			const struct iommu_member *mb = &groups->groups[g].members[m];

			ck_assert_ptr_nonnull(mb->pci);
			ck_assert_str_eq(mb->pci->name, mb->name);
			ck_assert_int_eq(mb->pci->iommu_group, groups->groups[g].id);
			members++;
		}
		/* no regions nor type asked for, none read */
		ck_assert_uint_eq(groups->groups[g].nregions, 0);
		ck_assert_ptr_null(groups->groups[g].type);
	}
	ck_assert_uint_eq(members, pci->count);
	ck_assert_ptr_null(iommu_group_find(groups, 2));
	ck_assert_ptr_null(iommu_group_find(groups, -1));
	iommu_group_list_free(groups);
	/* asked for: read */
	ck_assert_int_eq(iommu_group_scan_mask(ctx, pci, IOMMU_READ_TYPE, &groups), 0);
	ck_assert_str_eq(iommu_group_find(groups, 0)->type, "DMA-FQ");
	iommu_group_list_free(groups);
	pci_list_free(pci);
}
END_TEST

START_TEST(test_mask)
{
	struct pci_list *pci;
	const struct pci_device *d, *noconfig;

	ck_assert_int_eq(pci_scan_mask(ctx, PCI_READ_BASE, &pci), 0);
	d = pci_list_find_name(pci, "0000:00:00.0");
	ck_assert_ptr_nonnull(d);
	/* IDs, class and revision from config space, one read */
	ck_assert_uint_eq(d->vendor_id, 0x10de);
	ck_assert_uint_eq(d->device_id, 0x1b80);
	ck_assert_uint_eq(d->class_code, 0x030000);
	ck_assert_int_eq(d->revision, 0x0a);
	ck_assert_uint_eq(d->header_type, PCI_HEADER_NORMAL);
	ck_assert_str_eq(d->driver, "ixgbe");
	/* not asked for: unknown, and no child, no pci.ids */
	ck_assert_ptr_null(d->driver_override);
	ck_assert_int_eq(d->numa_node, -1);
	ck_assert_ptr_null(d->vendor_name);
	ck_assert_ptr_null(pci->ids_file);
	/* no config space: the attribute files */
	noconfig = pci_list_find_name(pci, "0001:07:00.0");
	ck_assert_ptr_nonnull(noconfig);
	ck_assert_uint_eq(noconfig->vendor_id, 0x8086);
	ck_assert_uint_eq(noconfig->class_code, 0x020000);
	ck_assert_uint_eq(noconfig->header_type, PCI_HEADER_UNKNOWN);
	ck_assert(pci_device_readable(noconfig));
	pci_list_free(pci);

	ck_assert_int_eq(pci_scan_mask(ctx, PCI_READ_BASE | PCI_READ_SUBSYS, &pci), 0);
	d = pci_list_find_name(pci, "0000:00:00.0");
	ck_assert_uint_eq(d->subsys_vendor_id, 0x1234);
	ck_assert_uint_eq(d->subsys_device_id, 0x5678);
	pci_list_free(pci);

	/* everything: the kernel's IDs and class (the attribute files), as show and claims need */
	ck_assert_int_eq(pci_scan_mask(ctx, PCI_READ_ALL, &pci), 0);
	d = pci_list_find_name(pci, "0000:00:00.0");
	ck_assert_str_eq(d->driver_override, "vfio-pci");
	ck_assert_int_eq(d->numa_node, 1);
	ck_assert_uint_eq(d->vendor_id, 0x8086);
	ck_assert_uint_eq(d->class_code, 0x020000);
	ck_assert_uint_eq(d->header_type, PCI_HEADER_NORMAL);
	/* no subsystem attribute files: not taken from config space either */
	ck_assert_uint_eq(d->subsys_vendor_id, 0);
	pci_list_free(pci);
}
END_TEST

START_TEST(test_one_device)
{
	struct pci_device d;

	ck_assert_int_eq(pci_device_read(ctx, "0002:63:00.1", PCI_READ_BASE | PCI_READ_MISC, &d), 0);
	ck_assert_uint_eq(d.vendor_id, 0x10de);
	ck_assert_int_eq(d.numa_node, 1);
	ck_assert_ptr_null(d.driver_override);
	ck_assert_int_ge(d.iommu_group, 0);
	pci_device_clear(&d);
	ck_assert_int_eq(pci_device_read(ctx, "0002:64:00.0", PCI_READ_BASE, &d), -ENOENT);
	ck_assert_int_eq(pci_device_read(ctx, "not-a-bdf", PCI_READ_BASE, &d), -ENOENT);
}
END_TEST

/* a listing's groups come from the group scan; a device no group lists, from its link */
START_TEST(test_groups_from_scan)
{
	struct host_snapshot *snap;
	const struct pci_device *d;
	char p[4096];
	int want;

	/* 0001:05:00.0 keeps its iommu_group link, but its group no longer lists it */
	{
		struct pci_list *pci;

		ck_assert_int_eq(pci_scan_mask(ctx, PCI_READ_BASE, &pci), 0);
		want = pci_list_find_name(pci, "0001:05:00.0")->iommu_group;
		pci_list_free(pci);
	}
	snprintf(p, sizeof(p), "%s/sys/kernel/iommu_groups/%d/devices/0001:05:00.0", root, want);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(host_snapshot_take_mask(ctx, HOST_READ_LIST, &snap), 0);
	for (size_t g = 0; g < snap->groups->count; g++)
		for (size_t m = 0; m < snap->groups->groups[g].nmembers; m++)
			ck_assert_int_eq(snap->groups->groups[g].members[m].pci->iommu_group,
					 snap->groups->groups[g].id);
	d = pci_list_find_name(snap->pci, "0001:05:00.0");
	ck_assert_int_eq(d->iommu_group, want);
	ck_assert(pci_device_readable(d));
	/* nothing behind the device lock, no names: not read */
	ck_assert_ptr_null(d->driver_override);
	ck_assert_ptr_null(d->vendor_name);
	host_snapshot_free(snap);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci-scan");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sorted_and_found);
	tcase_add_test(tc, test_mask);
	tcase_add_test(tc, test_one_device);
	tcase_add_test(tc, test_groups_from_scan);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
