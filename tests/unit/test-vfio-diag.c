// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-vfio-diag.c: the group node check (src/core/vfio/node.c) and the
 * VF token logic (src/core/vfio/vftoken.c) against small sysfs trees
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <check.h>

#include "testutil.h"
#include "vfio/node.h"
#include "vfio/vftoken.h"

#define TOKEN "2ab74924-c335-45f4-9b16-8569e5b08258"
#define PF "0000:41:00.0"
#define VF "0000:41:02.0"
#define PLAIN "0000:05:00.0"

static char *root;
static struct path_ctx *ctx;

static void setup(void)
{
	root = tree_new();
	tree_write(root, "sys/class/vfio/2/dev", "246:0\n");
	tree_write(root, "sys/class/vfio/7/dev", "246:1\n");
	tree_write(root, "sys/class/vfio/noiommu-3/dev", "246:2\n");
	tree_write(root, "dev/vfio/7", "");
	/* SR-IOV: a PF on vfio-pci with 2 VFs, one VF, a plain function */
	tree_mkdir(root, "sys/bus/pci/drivers/vfio-pci");
	tree_mkdir(root, "sys/bus/pci/drivers/ixgbe");
	tree_write(root, "sys/bus/pci/devices/" PF "/sriov_totalvfs", "8\n");
	tree_write(root, "sys/bus/pci/devices/" PF "/sriov_numvfs", "2\n");
	tree_link(root, "sys/bus/pci/devices/" PF "/driver", "../../drivers/vfio-pci");
	tree_mkdir(root, "sys/bus/pci/devices/" VF);
	tree_link(root, "sys/bus/pci/devices/" VF "/physfn", "../" PF);
	tree_link(root, "sys/bus/pci/devices/" VF "/driver", "../../drivers/vfio-pci");
	tree_mkdir(root, "sys/bus/pci/devices/" PLAIN);
	tree_link(root, "sys/bus/pci/devices/" PLAIN "/driver", "../../drivers/vfio-pci");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

START_TEST(test_judge)
{
	struct stat chr = { .st_mode = S_IFCHR | 0600, .st_rdev = makedev(246, 0) };
	struct stat reg = { .st_mode = S_IFREG | 0644 };
	dev_t want = makedev(246, 0);

	ck_assert_int_eq(vfio_node_judge(true, -ENOENT, NULL, true, true, want, 0),
			 VFIO_NODE_MISSING);
	ck_assert_int_eq(vfio_node_judge(false, -ENOENT, NULL, true, true, want, 0),
			 VFIO_NODE_UNUSED);
	ck_assert_int_eq(vfio_node_judge(true, 0, &chr, true, true, want, 0), VFIO_NODE_OK);
	ck_assert_int_eq(vfio_node_judge(true, 0, &chr, true, false, 0, 0), VFIO_NODE_OK);
	ck_assert_int_eq(vfio_node_judge(true, 0, &chr, true, true, want, -EACCES),
			 VFIO_NODE_NO_ACCESS);
	chr.st_rdev = makedev(246, 1);
	ck_assert_int_eq(vfio_node_judge(true, 0, &chr, true, true, want, 0),
			 VFIO_NODE_WRONG_DEVICE);
	/* a plain file: wrong on the live root, the normal case in a fixture */
	ck_assert_int_eq(vfio_node_judge(true, 0, &reg, true, true, want, 0),
			 VFIO_NODE_NOT_CHARDEV);
	ck_assert_int_eq(vfio_node_judge(true, 0, &reg, false, true, want, 0),
			 VFIO_NODE_UNCHECKED);
	ck_assert(vfio_node_problem(VFIO_NODE_MISSING));
	ck_assert(vfio_node_problem(VFIO_NODE_WRONG_DEVICE));
	ck_assert(!vfio_node_problem(VFIO_NODE_UNCHECKED));
	ck_assert(!vfio_node_problem(VFIO_NODE_UNUSED));
	ck_assert_str_eq(vfio_node_state_name(VFIO_NODE_WRONG_DEVICE), "wrong-device");
}
END_TEST

START_TEST(test_check_missing)
{
	struct vfio_node_info n;

	ck_assert_int_eq(vfio_node_check(ctx, 2, false, true, &n), 0);
	ck_assert_int_eq(n.state, VFIO_NODE_MISSING);
	ck_assert_str_eq(n.path, "/dev/vfio/2");
	ck_assert(n.class_dev);
	ck_assert(n.kdev_known);
	ck_assert_uint_eq(n.kmajor, 246);
	ck_assert_uint_eq(n.kminor, 0);
	/* nothing on vfio-pci: no node is expected */
	ck_assert_int_eq(vfio_node_check(ctx, 2, false, false, &n), 0);
	ck_assert_int_eq(n.state, VFIO_NODE_UNUSED);
	/* present as a fixture's plain file */
	ck_assert_int_eq(vfio_node_check(ctx, 7, false, true, &n), 0);
	ck_assert_int_eq(n.state, VFIO_NODE_UNCHECKED);
	ck_assert(n.node_present);
}
END_TEST

START_TEST(test_noiommu_name_and_owner)
{
	struct vfio_node_info n;
	char buf[32];
	dev_t d;

	vfio_node_name(buf, sizeof(buf), 3, true);
	ck_assert_str_eq(buf, "noiommu-3");
	vfio_node_name(buf, sizeof(buf), 3, false);
	ck_assert_str_eq(buf, "3");
	ck_assert_int_eq(vfio_node_check(ctx, 3, true, true, &n), 0);
	ck_assert_str_eq(n.path, "/dev/vfio/noiommu-3");
	ck_assert_int_eq(n.state, VFIO_NODE_MISSING);
	ck_assert_uint_eq(n.kminor, 2);
	ck_assert_int_eq(vfio_node_kdev(ctx, "7", &d), 0);
	ck_assert(d == makedev(246, 1));
	ck_assert_int_eq(vfio_node_kdev(ctx, "9", &d), -ENOENT);
	ck_assert_int_eq(vfio_node_owner(ctx, makedev(246, 1), buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "7");
	ck_assert_int_eq(vfio_node_owner(ctx, makedev(1, 3), buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_pf_state)
{
	struct vf_pf_state st;

	ck_assert_int_eq(vf_pf_state_read(ctx, VF, &st), 0);
	ck_assert(st.is_vf);
	ck_assert_str_eq(st.pf, PF);
	ck_assert_str_eq(st.pf_driver, "vfio-pci");
	ck_assert(st.pf_on_vfio);
	ck_assert_int_eq(st.pf_numvfs, 2);
	ck_assert(vf_token_wanted(&st));

	ck_assert_int_eq(vf_pf_state_read(ctx, PF, &st), 0);
	ck_assert(!st.is_vf);
	ck_assert(st.is_pf);
	ck_assert_int_eq(st.numvfs, 2);
	ck_assert(!vf_token_wanted(&st));

	ck_assert_int_eq(vf_pf_state_read(ctx, PLAIN, &st), 0);
	ck_assert(!st.is_vf && !st.is_pf);
	ck_assert_int_eq(vf_pf_state_read(ctx, "0000:99:00.0", &st), -ENOENT);
}
END_TEST

START_TEST(test_diagnose)
{
	struct vf_pf_state vf, pf, plain;
	char path[PATH_MAX];

	ck_assert_int_eq(vf_pf_state_read(ctx, VF, &vf), 0);
	ck_assert_int_eq(vf_pf_state_read(ctx, PF, &pf), 0);
	ck_assert_int_eq(vf_pf_state_read(ctx, PLAIN, &plain), 0);

	/* the kernel: "VF token required to access device", EACCES */
	ck_assert_int_eq(vf_token_diagnose(-EACCES, false, &vf), VF_TOKEN_NEEDED);
	ck_assert_int_eq(vf_token_diagnose(-EPERM, false, &vf), VF_TOKEN_NEEDED);
	/* "Incorrect VF token provided for device" */
	ck_assert_int_eq(vf_token_diagnose(-EACCES, true, &vf), VF_TOKEN_WRONG);
	/* "VF token incorrectly provided, not a PF or VF" */
	ck_assert_int_eq(vf_token_diagnose(-EINVAL, true, &plain), VF_TOKEN_NOT_WANTED);
	ck_assert_int_eq(vf_token_diagnose(-EACCES, false, &pf), VF_TOKEN_PF_IN_USE);
	/* other errors, and other devices, are not the token's doing */
	ck_assert_int_eq(vf_token_diagnose(-EACCES, false, &plain), VF_TOKEN_NOT_INVOLVED);
	ck_assert_int_eq(vf_token_diagnose(-EBUSY, false, &vf), VF_TOKEN_NOT_INVOLVED);
	ck_assert_int_eq(vf_token_diagnose(0, false, &vf), VF_TOKEN_NOT_INVOLVED);

	/* the PF leaves vfio-pci: a VF takes no token */
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/" PF "/driver", root);
	ck_assert_int_eq(unlink(path), 0);
	tree_link(root, "sys/bus/pci/devices/" PF "/driver", "../../drivers/ixgbe");
	ck_assert_int_eq(vf_pf_state_read(ctx, VF, &vf), 0);
	ck_assert_str_eq(vf.pf_driver, "ixgbe");
	ck_assert(!vf_token_wanted(&vf));
	ck_assert_int_eq(vf_token_diagnose(-EACCES, false, &vf), VF_TOKEN_NOT_INVOLVED);
	ck_assert_int_eq(vf_token_diagnose(-EINVAL, true, &vf), VF_TOKEN_NOT_WANTED);
}
END_TEST

START_TEST(test_token_string)
{
	char buf[80];

	ck_assert(vf_token_valid(TOKEN));
	ck_assert(vf_token_valid("2AB74924-C335-45F4-9B16-8569E5B08258"));
	ck_assert(!vf_token_valid("2ab74924c33545f49b168569e5b08258"));
	ck_assert(!vf_token_valid("2ab74924-c335-45f4-9b16-8569e5b0825"));
	ck_assert(!vf_token_valid("2ab74924-c335-45f4-9b16-8569e5b08258 "));
	ck_assert(!vf_token_valid("2ab74924-c335-45f4-9b16_8569e5b08258"));
	ck_assert(!vf_token_valid("zab74924-c335-45f4-9b16-8569e5b08258"));
	ck_assert(!vf_token_valid(NULL));

	ck_assert_int_eq(vfio_device_name_string(buf, sizeof(buf), VF, TOKEN), 0);
	ck_assert_str_eq(buf, VF " vf_token=" TOKEN);
	ck_assert_int_eq(vfio_device_name_string(buf, sizeof(buf), VF, NULL), 0);
	ck_assert_str_eq(buf, VF);
	ck_assert_int_eq(vfio_device_name_string(buf, sizeof(buf), VF, "nope"), -EINVAL);
	ck_assert_int_eq(vfio_device_name_string(buf, 20, VF, TOKEN), -ENAMETOOLONG);
}
END_TEST

static Suite *diag_suite(void)
{
	Suite *s = suite_create("vfio-diag");
	TCase *tc = tcase_create("node-and-token");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_check_missing);
	tcase_add_test(tc, test_noiommu_name_and_owner);
	tcase_add_test(tc, test_pf_state);
	tcase_add_test(tc, test_diagnose);
	tcase_add_test(tc, test_token_string);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(diag_suite());
}
