// SPDX-License-Identifier: GPL-2.0-or-later
/* test-viability.c: the group viability rule of both kernel eras */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host.h"
#include "iommu.h"
#include "path.h"
#include "testutil.h"
#include "viability.h"

static struct kver k61 = { 6, 1, 0 }, k54 = { 5, 4, 0 }, k519 = { 5, 19, 0 },
		   k518 = { 5, 18, 9 };

static void set_member(struct iommu_member *m, struct pci_device *d,
		       const char *name, const char *driver, uint8_t header)
{
	memset(d, 0, sizeof(*d));
	memset(m, 0, sizeof(*m));
	bdf_parse(name, &d->bdf);
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->header_type = header;
	snprintf(d->driver, sizeof(d->driver), "%s", driver);
	m->name = (char *)name;
	m->pci = d;
	snprintf(m->driver, sizeof(m->driver), "%s", driver);
}

START_TEST(test_rule_selection)
{
	ck_assert_int_eq(viability_rule_for(&k61), VIABILITY_RULE_DMA_OWNER);
	ck_assert_int_eq(viability_rule_for(&k519), VIABILITY_RULE_DMA_OWNER);
	ck_assert_int_eq(viability_rule_for(&k518), VIABILITY_RULE_LEGACY);
	ck_assert_int_eq(viability_rule_for(&k54), VIABILITY_RULE_LEGACY);
	ck_assert_int_eq(viability_rule_for(NULL), VIABILITY_RULE_DMA_OWNER);
}
END_TEST

START_TEST(test_driver_allowlist)
{
	enum viability_rule m = VIABILITY_RULE_DMA_OWNER, l = VIABILITY_RULE_LEGACY;

	ck_assert(viability_driver_allowed(m, "", false));
	ck_assert(viability_driver_allowed(m, NULL, false));
	ck_assert(viability_driver_allowed(m, "vfio-pci", false));
	ck_assert(viability_driver_allowed(m, "mlx5_vfio_pci", false));
	ck_assert(viability_driver_allowed(m, "pci-stub", false));
	ck_assert(viability_driver_allowed(m, "pcieport", true));
	ck_assert(!viability_driver_allowed(m, "shpchp", true));
	ck_assert(!viability_driver_allowed(m, "snd_hda_intel", false));
	ck_assert(viability_driver_allowed(l, "shpchp", true));
	ck_assert(viability_driver_allowed(l, "pcieport", true));
	ck_assert(viability_driver_allowed(l, "pci-stub", false));
	ck_assert(viability_driver_allowed(l, "vfio-pci", false));
	ck_assert(!viability_driver_allowed(l, "nouveau", false));
}
END_TEST

START_TEST(test_gpu_group_blockers)
{
	struct pci_device d[3];
	struct iommu_member m[3];
	struct iommu_group g = { .id = 15, .members = m, .nmembers = 3 };
	struct group_verdict v;

	set_member(&m[0], &d[0], "0000:00:01.0", "pcieport", PCI_HEADER_BRIDGE);
	set_member(&m[1], &d[1], "0000:01:00.0", "vfio-pci", PCI_HEADER_NORMAL);
	set_member(&m[2], &d[2], "0000:01:00.1", "snd_hda_intel", PCI_HEADER_NORMAL);
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(!v.viable);
	ck_assert_uint_eq(v.nblockers, 1);
	ck_assert_str_eq(v.blockers[0].member->name, "0000:01:00.1");
	ck_assert_str_eq(v.blockers[0].member->driver, "snd_hda_intel");
	group_verdict_clear(&v);

	snprintf(m[2].driver, sizeof(m[2].driver), "vfio-pci");
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(v.viable);
	ck_assert_uint_eq(v.nblockers, 0);
	group_verdict_clear(&v);
}
END_TEST

START_TEST(test_bridge_rule_changes_with_era)
{
	struct pci_device d[2];
	struct iommu_member m[2];
	struct iommu_group g = { .id = 3, .members = m, .nmembers = 2 };
	struct group_verdict v;

	set_member(&m[0], &d[0], "0000:00:1e.0", "shpchp", PCI_HEADER_BRIDGE);
	set_member(&m[1], &d[1], "0000:05:00.0", "", PCI_HEADER_NORMAL);
	ck_assert_int_eq(iommu_group_viability(&g, &k54, &v), 0);
	ck_assert(v.viable);
	ck_assert_int_eq(v.rule, VIABILITY_RULE_LEGACY);
	group_verdict_clear(&v);
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(!v.viable);
	ck_assert_uint_eq(v.nblockers, 1);
	ck_assert_str_eq(v.blockers[0].member->name, "0000:00:1e.0");
	group_verdict_clear(&v);
}
END_TEST

START_TEST(test_one_bridge_test)
{
	static const struct {
		uint32_t class_code;
		uint8_t header;
		enum pci_bridge want;
	} cases[] = {
		{ 0x060000, PCI_HEADER_NORMAL, PCI_BRIDGE_PLATFORM },	/* host bridge */
		{ 0x060100, PCI_HEADER_NORMAL, PCI_BRIDGE_PLATFORM },	/* ISA/LPC bridge */
		{ 0x068000, PCI_HEADER_NORMAL, PCI_BRIDGE_PLATFORM },	/* other bridge */
		{ 0x060000, PCI_HEADER_UNKNOWN, PCI_BRIDGE_PLATFORM },
		{ 0x060400, PCI_HEADER_BRIDGE, PCI_BRIDGE_PCI },	/* root port */
		{ 0x060400, PCI_HEADER_UNKNOWN, PCI_BRIDGE_PCI },	/* from the class */
		{ 0x060401, PCI_HEADER_UNKNOWN, PCI_BRIDGE_PCI },
		{ 0x060700, PCI_HEADER_CARDBUS, PCI_BRIDGE_PCI },
		{ 0x020000, PCI_HEADER_BRIDGE, PCI_BRIDGE_PCI },	/* the header decides */
		{ 0x030000, PCI_HEADER_NORMAL, PCI_BRIDGE_NONE },
		{ 0x0c0500, PCI_HEADER_UNKNOWN, PCI_BRIDGE_NONE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pci_device d = { .class_code = cases[i].class_code,
					.header_type = cases[i].header };
		enum pci_bridge b = pci_device_bridge(&d);

		ck_assert_msg(b == cases[i].want, "class %06x header %u: %s", cases[i].class_code,
			      cases[i].header, pci_bridge_name(b));
		/* device list's KIND and BRIDGE say what the plan and viability use */
		ck_assert_int_eq(pci_device_is_bridge(&d), b != PCI_BRIDGE_NONE);
		ck_assert_int_eq(pci_device_kind(&d) == PCI_KIND_BRIDGE, b != PCI_BRIDGE_NONE);
	}
}
END_TEST

START_TEST(test_platform_bridge_viability)
{
	struct pci_device d[2];
	struct iommu_member m[2];
	struct iommu_group g = { .id = 24, .members = m, .nmembers = 2 };
	struct group_verdict v;

	/* AMD data fabric: host bridges (0600, header 0), one on k10temp */
	set_member(&m[0], &d[0], "0000:00:18.0", "", PCI_HEADER_NORMAL);
	set_member(&m[1], &d[1], "0000:00:18.3", "k10temp", PCI_HEADER_NORMAL);
	d[0].class_code = d[1].class_code = 0x060000;
	/* before 5.19 the kernel exempts header-type bridges only: k10temp blocks */
	ck_assert_int_eq(iommu_group_viability(&g, &k54, &v), 0);
	ck_assert(!v.viable);
	ck_assert_uint_eq(v.nblockers, 1);
	ck_assert_str_eq(v.blockers[0].member->name, "0000:00:18.3");
	group_verdict_clear(&v);
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(!v.viable);
	group_verdict_clear(&v);
	ck_assert(!viability_member_allowed(VIABILITY_RULE_LEGACY, "k10temp", &d[1]));
	/* unbound, it is fine under both rules */
	ck_assert(viability_member_allowed(VIABILITY_RULE_LEGACY, "", &d[0]));
	ck_assert(viability_member_allowed(VIABILITY_RULE_DMA_OWNER, "", &d[0]));
	/* a PCI bridge on any driver passes before 5.19, not after */
	d[1].header_type = PCI_HEADER_BRIDGE;
	d[1].class_code = 0x060401;
	ck_assert(viability_member_allowed(VIABILITY_RULE_LEGACY, "shpchp", &d[1]));
	ck_assert(!viability_member_allowed(VIABILITY_RULE_DMA_OWNER, "shpchp", &d[1]));
	ck_assert(!viability_member_allowed(VIABILITY_RULE_LEGACY, "dwc3", NULL));
}
END_TEST

START_TEST(test_non_pci_member_blocks)
{
	struct iommu_member m[1] = { { .name = (char *)"soc:usb@fe800000" } };
	struct iommu_group g = { .id = 2, .members = m, .nmembers = 1 };
	struct group_verdict v;

	snprintf(m[0].driver, sizeof(m[0].driver), "dwc3");
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(!v.viable);
	ck_assert_uint_eq(v.nblockers, 1);
	group_verdict_clear(&v);
	snprintf(m[0].driver, sizeof(m[0].driver), "vfio-platform");
	ck_assert_int_eq(iommu_group_viability(&g, &k61, &v), 0);
	ck_assert(v.viable);
	group_verdict_clear(&v);
}
END_TEST

START_TEST(test_scan_sparse_groups)
{
	char *root = tree_new();
	struct path_ctx *ctx;
	struct iommu_group_list *list;
	struct iommu_group *g;

	tree_mkdir(root, "sys/kernel/iommu_groups/108/devices");
	tree_mkdir(root, "sys/kernel/iommu_groups/3/devices");
	tree_mkdir(root, "sys/kernel/iommu_groups/17/devices");
	tree_mkdir(root, "sys/devices/platform/soc/usb");
	tree_mkdir(root, "sys/bus/platform/drivers/dwc3");
	tree_link(root, "sys/devices/platform/soc/usb/driver",
		  "../../../../bus/platform/drivers/dwc3");
	tree_link(root, "sys/kernel/iommu_groups/17/devices/soc:usb",
		  "../../../../devices/platform/soc/usb");
	tree_write(root, "sys/kernel/iommu_groups/17/type", "DMA\n");
	tree_write(root, "sys/kernel/iommu_groups/17/reserved_regions",
		   "0x00000000fee00000 0x00000000feefffff msi\n"
		   "0x000000007b800000 0x000000007fffffff direct\n"
		   "garbage line\n");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(iommu_group_scan(ctx, NULL, &list), 0);
	ck_assert_uint_eq(list->count, 3);
	ck_assert_int_eq(list->groups[0].id, 3);
	ck_assert_int_eq(list->groups[1].id, 17);
	ck_assert_int_eq(list->groups[2].id, 108);
	g = iommu_group_find(list, 17);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->type, "DMA");
	ck_assert_uint_eq(g->nmembers, 1);
	ck_assert_str_eq(g->members[0].name, "soc:usb");
	ck_assert_ptr_null(g->members[0].pci);
	ck_assert_str_eq(g->members[0].driver, "dwc3");
	ck_assert_uint_eq(g->nregions, 2);
	ck_assert_uint_eq(g->regions[1].start, 0x7b800000);
	ck_assert_str_eq(g->regions[1].type, "direct");
	ck_assert(iommu_group_has_direct(g));
	ck_assert(!iommu_group_has_direct(iommu_group_find(list, 3)));
	ck_assert_ptr_null(iommu_group_find(list, 4));
	iommu_group_list_free(list);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_scan_without_iommu)
{
	char *root = tree_new();
	struct path_ctx *ctx;
	struct iommu_group_list *list;

	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(iommu_group_scan(ctx, NULL, &list), 0);
	ck_assert_uint_eq(list->count, 0);
	iommu_group_list_free(list);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_reserved_regions_parse)
{
	struct iommu_region *r;
	size_t n;

	ck_assert_int_eq(iommu_parse_reserved_regions(
		"0x000000003e2e0000 0x000000003e2fffff direct-relaxable\n"
		"-1 -2 direct\n"
		"0x0000000000002000 0x0000000000001000 direct\n"
		"0x00000000fee00000 0x00000000feefffff msi\n"
		"0xzz 0x10 reserved\n"
		"0x10 0x20\n", &r, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(r[0].type, "direct-relaxable");
	ck_assert_uint_eq(r[0].end, 0x3e2fffff);
	ck_assert_str_eq(r[1].type, "msi");
	free(r);
}
END_TEST

/*
 * Root passes mode bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): drop them
 * from this forked test's effective set so that a chmod 000 directory
 * gives the EACCES an LSM or a restricted container gives on a real host.
 */
static void drop_dac_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	ck_assert_int_eq(syscall(SYS_capget, &h, d), 0);
	d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
	ck_assert_int_eq(syscall(SYS_capset, &h, d), 0);
}

#define NVME_BDF	"0000:02:00.0"
#define NVME_DIR	"sys/devices/pci0000:00/" NVME_BDF

/* Issue 6 item 7: an unreadable device is "unknown", not "0000:0000 (no driver)" */
START_TEST(test_unreadable_is_unknown)
{
	char *root = tree_new(), path[PATH_MAX];
	struct host_snapshot *snap;
	const struct group_verdict *v;
	const struct pci_device *d;
	struct path_ctx *ctx;

	tree_write(root, "proc/sys/kernel/osrelease", "6.1.0\n");
	tree_write(root, NVME_DIR "/class", "0x010802\n");
	tree_write(root, NVME_DIR "/vendor", "0x144d\n");
	tree_write(root, NVME_DIR "/device", "0xa808\n");
	tree_link(root, NVME_DIR "/driver", "../../../bus/pci/drivers/nvme");
	tree_link(root, NVME_DIR "/iommu_group", "../../../kernel/iommu_groups/5");
	tree_mkdir(root, "sys/bus/pci/drivers/nvme");
	tree_link(root, "sys/bus/pci/devices/" NVME_BDF, "../../../devices/pci0000:00/" NVME_BDF);
	tree_link(root, "sys/kernel/iommu_groups/5/devices/" NVME_BDF,
		  "../../../../devices/pci0000:00/" NVME_BDF);
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);

	/* readable: blocked by nvme */
	ck_assert_int_eq(host_snapshot_take(ctx, &snap), 0);
	v = host_snapshot_verdict(snap, 5);
	ck_assert(!v->viable && !v->unknown);
	ck_assert_uint_eq(v->nblockers, 1);
	host_snapshot_free(snap);

	/* the directory cannot be searched */
	if (geteuid() == 0)
		drop_dac_caps();
	snprintf(path, sizeof(path), "%s/" NVME_DIR, root);
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(host_snapshot_take(ctx, &snap), 0);
	d = pci_list_find_name(snap->pci, NVME_BDF);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->read_error, -EACCES);
	ck_assert(!pci_device_readable(d));
	v = host_snapshot_verdict(snap, 5);
	ck_assert_ptr_nonnull(v);
	ck_assert_msg(!v->viable, "an unreadable nvme made its group viable");
	ck_assert(v->unknown);
	ck_assert_uint_eq(v->nunknowns, 1);
	ck_assert_int_eq(v->unknowns[0].member->read_error, -EACCES);
	host_snapshot_free(snap);

	/* the group's member list cannot be read: unknown, and the scan goes on */
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel/iommu_groups/5/devices", root);
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(host_snapshot_take(ctx, &snap), 0);
	v = host_snapshot_verdict(snap, 5);
	ck_assert_int_eq(v->read_error, -EACCES);
	ck_assert(v->unknown && !v->viable);
	host_snapshot_free(snap);
	ck_assert_int_eq(chmod(path, 0755), 0);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

static Suite *viability_suite(void)
{
	Suite *s = suite_create("viability");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rule_selection);
	tcase_add_test(tc, test_driver_allowlist);
	tcase_add_test(tc, test_gpu_group_blockers);
	tcase_add_test(tc, test_bridge_rule_changes_with_era);
	tcase_add_test(tc, test_non_pci_member_blocks);
	tcase_add_test(tc, test_one_bridge_test);
	tcase_add_test(tc, test_platform_bridge_viability);
	tcase_add_test(tc, test_scan_sparse_groups);
	tcase_add_test(tc, test_scan_without_iommu);
	tcase_add_test(tc, test_reserved_regions_parse);
	tcase_add_test(tc, test_unreadable_is_unknown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(viability_suite());
}
