// SPDX-License-Identifier: GPL-2.0-or-later
/* test-hoststate.c: IOMMU state detection and kernel command-line parsing */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoststate.h"
#include "path.h"
#include "testutil.h"

START_TEST(test_cmdline_parse)
{
	struct iommu_cmdline c;

	ck_assert_int_eq(iommu_cmdline_parse(
		"BOOT_IMAGE=/vmlinuz intel_iommu=on,sm_on iommu=pt "
		"pcie_acs_override=downstream,multifunction vfio-pci.ids=10de:1b80,10de:10f0 "
		"pci=noaer,config_acs=111x@00:1c.0 quiet -- intel_iommu=off\n", &c), 0);
	ck_assert_str_eq(c.intel_iommu, "on,sm_on");
	ck_assert_str_eq(c.iommu, "pt");
	ck_assert_str_eq(c.pcie_acs_override, "downstream,multifunction");
	ck_assert_str_eq(c.vfio_pci_ids, "10de:1b80,10de:10f0");
	ck_assert_str_eq(c.pci_config_acs, "111x@00:1c.0");
	ck_assert_ptr_null(c.amd_iommu);
	ck_assert_ptr_null(c.iommu_passthrough);
	iommu_cmdline_clear(&c);

	/* the last occurrence wins; quotes group a value */
	ck_assert_int_eq(iommu_cmdline_parse("amd_iommu=on amd_iommu=off "
					     "dyndbg=\"file x.c +p\" iommu.passthrough=1", &c), 0);
	ck_assert_str_eq(c.amd_iommu, "off");
	ck_assert_str_eq(c.iommu_passthrough, "1");
	iommu_cmdline_clear(&c);

	ck_assert_int_eq(iommu_cmdline_parse("", &c), 0);
	ck_assert_ptr_null(c.intel_iommu);
	iommu_cmdline_clear(&c);
}
END_TEST

START_TEST(test_value_off)
{
	ck_assert(iommu_cmdline_value_off("off"));
	ck_assert(iommu_cmdline_value_off("sm_on,off"));
	ck_assert(!iommu_cmdline_value_off("on"));
	ck_assert(!iommu_cmdline_value_off("offx"));
	ck_assert(!iommu_cmdline_value_off(NULL));
}
END_TEST

static enum iommu_state state_of(const char *root, struct iommu_host *h)
{
	struct path_ctx *ctx;

	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(iommu_host_read(ctx, h), 0);
	path_ctx_free(ctx);
	return h->state;
}

START_TEST(test_states)
{
	char *root = tree_new();
	struct iommu_host h;

	ck_assert_int_eq(state_of(root, &h), IOMMU_STATE_NOT_ENABLED);
	ck_assert(!h.kver_known);
	ck_assert(!h.cmdline_known);
	iommu_host_clear(&h);

	ck_assert_int_eq(h.cmdline_err, -ENOENT);
	iommu_host_clear(&h);

	/* a 2 MB command line is too large, not absent */
	{
		char *big = malloc(2 * 1024 * 1024 + 1);

		ck_assert_ptr_nonnull(big);
		memset(big, 'x', 2 * 1024 * 1024);
		big[2 * 1024 * 1024] = '\0';
		tree_write(root, "proc/cmdline", big);
		free(big);
	}
	state_of(root, &h);
	ck_assert(!h.cmdline_known);
	ck_assert_int_eq(h.cmdline_err, -EFBIG);
	iommu_host_clear(&h);

	tree_write(root, "proc/cmdline", "ro intel_iommu=off\n");
	ck_assert_int_eq(state_of(root, &h), IOMMU_STATE_OFF_CMDLINE);
	ck_assert(h.cmdline_known);
	iommu_host_clear(&h);

	tree_mkdir(root, "sys/class/iommu/dmar0");
	tree_write(root, "proc/cmdline", "ro intel_iommu=on iommu=pt\n");
	ck_assert_int_eq(state_of(root, &h), IOMMU_STATE_NO_GROUPS);
	iommu_host_clear(&h);

	tree_mkdir(root, "sys/kernel/iommu_groups/0/devices");
	tree_write(root, "proc/sys/kernel/osrelease", "6.1.0-57-amd64\n");
	tree_mkdir(root, "sys/module/vfio/parameters");
	tree_write(root, "sys/module/vfio/parameters/enable_unsafe_noiommu_mode", "N\n");
	tree_mkdir(root, "sys/module/vfio_iommu_type1");
	tree_write(root, "dev/vfio/vfio", "");
	tree_write(root, "dev/vfio/12", "");
	tree_mkdir(root, "dev/vfio/devices");
	ck_assert_int_eq(state_of(root, &h), IOMMU_STATE_ON);
	ck_assert(h.kver_known);
	ck_assert_uint_eq(h.kver.major, 6);
	ck_assert(h.passthrough);
	ck_assert_uint_eq(h.nunits, 1);
	ck_assert_str_eq(h.units[0], "dmar0");
	ck_assert_uint_eq(h.ngroups, 1);
	ck_assert(h.modules.vfio);
	ck_assert(h.modules.vfio_iommu_type1);
	ck_assert(!h.modules.vfio_pci);
	ck_assert(!h.modules.noiommu);
	ck_assert(h.dev_vfio_container);
	ck_assert_uint_eq(h.nvfio_group_nodes, 1);
	ck_assert_str_eq(h.vfio_group_nodes[0], "12");
	iommu_host_clear(&h);

	/* the last of iommu=pt and iommu.passthrough= decides, as in the kernel */
	tree_write(root, "proc/cmdline", "iommu=pt iommu.passthrough=0\n");
	state_of(root, &h);
	ck_assert_int_eq(h.cmdline.passthrough, 0);
	ck_assert(!h.passthrough);
	iommu_host_clear(&h);
	tree_write(root, "proc/cmdline", "iommu.passthrough=off iommu=pt\n");
	state_of(root, &h);
	ck_assert(h.passthrough);
	iommu_host_clear(&h);

	/* a type file says what the kernel did: it outweighs the command line */
	tree_write(root, "sys/kernel/iommu_groups/0/type", "DMA-FQ\n");
	state_of(root, &h);
	ck_assert_uint_eq(h.ntyped_groups, 1);
	ck_assert(!h.passthrough);
	iommu_host_clear(&h);
	tree_write(root, "proc/cmdline", "ro intel_iommu=on\n");
	tree_write(root, "sys/kernel/iommu_groups/0/type", "identity\n");
	state_of(root, &h);
	ck_assert(h.passthrough);
	ck_assert_uint_eq(h.nidentity_groups, 1);
	iommu_host_clear(&h);

	tree_cleanup(root);
}
END_TEST

static Suite *hoststate_suite(void)
{
	Suite *s = suite_create("hoststate");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cmdline_parse);
	tcase_add_test(tc, test_value_off);
	tcase_add_test(tc, test_states);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hoststate_suite());
}
