// SPDX-License-Identifier: GPL-2.0-or-later
/* test-drvname.c: module names vs PCI driver names through sysfs links and a libkmod index */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "testutil.h"
#include "vfio/drvname.h"

#define REL "6.1.0-test"

static char *root;
static struct path_ctx *ctx;
static int have_index;

/* a stand-in module (an ELF object with only .modinfo), indexed by depmod */
static int index_modules(void)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd),
		 "set -e; d='%s/lib/modules/" REL "/kernel'; mkdir -p \"$d\"; "
		 "printf '%%s\\n' "
		 "'static const char a[] __attribute__((section(\".modinfo\"), used, aligned(1))) "
		 "= \"alias=pci:v00008086d000010D3sv*sd*bc*sc*i*\";' "
		 "'static const char b[] __attribute__((section(\".modinfo\"), used, aligned(1))) "
		 "= \"depends=\";' "
		 ">\"$d/e1000e.c\"; ${CC:-cc} -c -o \"$d/e1000e.ko\" \"$d/e1000e.c\"; rm "
		 "\"$d/e1000e.c\"; "
		 "PATH=$PATH:/usr/sbin:/sbin depmod -b '%s' " REL " 2>/dev/null",
		 root, root);
	return system(cmd) == 0;
}

static void setup(void)
{
	root = tree_new();
	tree_write(root, "proc/sys/kernel/osrelease", REL "\n");
	/* bochs: both maps */
	tree_mkdir(root, "sys/bus/pci/drivers/bochs-drm");
	tree_link(root, "sys/bus/pci/drivers/bochs-drm/module", "../../../../module/bochs");
	tree_link(root, "sys/module/bochs/drivers/pci:bochs-drm",
		  "../../../bus/pci/drivers/bochs-drm");
	/* virtio_pci: only sys/module/M/drivers */
	tree_mkdir(root, "sys/bus/pci/drivers/virtio-pci");
	tree_link(root, "sys/module/virtio_pci/drivers/pci:virtio-pci",
		  "../../../bus/pci/drivers/virtio-pci");
	/* nvidia-like: only the driver's module link (no drivers dir in its module) */
	tree_mkdir(root, "sys/bus/pci/drivers/nv-gpu");
	tree_link(root, "sys/bus/pci/drivers/nv-gpu/module", "../../../../module/nvidia");
	tree_mkdir(root, "sys/module/nvidia/parameters");
	/* snd_hda_intel: the driver keeps the module's underscores */
	tree_mkdir(root, "sys/bus/pci/drivers/snd_hda_intel");
	tree_link(root, "sys/module/snd_hda_intel/drivers/pci:snd_hda_intel",
		  "../../../bus/pci/drivers/snd_hda_intel");
	/* a module with no PCI driver, and one with two */
	tree_mkdir(root, "sys/module/vfio/parameters");
	tree_mkdir(root, "sys/bus/pci/drivers/twin-a");
	tree_mkdir(root, "sys/bus/pci/drivers/twin-b");
	tree_link(root, "sys/module/twin/drivers/pci:twin-a", "../../../bus/pci/drivers/twin-a");
	tree_link(root, "sys/module/twin/drivers/pci:twin-b", "../../../bus/pci/drivers/twin-b");
	/* the sysroot's own modprobe.d: an alias libkmod must find there */
	tree_write(root, "etc/modprobe.d/local.conf", "alias mynic e1000e\n");
	have_index = index_modules();
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

START_TEST(test_driver_name)
{
	struct drvname d;

	ck_assert_int_eq(drvname_resolve(ctx, NULL, "bochs-drm", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_DRIVER);
	ck_assert_str_eq(d.drivers[0], "bochs-drm");
	ck_assert_str_eq(d.module, "bochs");
}
END_TEST

START_TEST(test_module_to_driver_both_maps)
{
	struct drvname d;

	ck_assert_int_eq(drvname_resolve(ctx, NULL, "bochs", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_uint_eq(d.ndrivers, 1);
	ck_assert_str_eq(d.drivers[0], "bochs-drm");
	/* sys/module/M/drivers only; the name given with a dash */
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "virtio_pci", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_str_eq(d.drivers[0], "virtio-pci");
	/* the driver's module link only */
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "nvidia", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_uint_eq(d.ndrivers, 1);
	ck_assert_str_eq(d.drivers[0], "nv-gpu");
	/* "snd-hda-intel": the module snd_hda_intel, whose driver keeps underscores */
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "snd-hda-intel", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_str_eq(d.drivers[0], "snd_hda_intel");
}
END_TEST

START_TEST(test_module_without_or_with_many_drivers)
{
	struct drvname d;

	ck_assert_int_eq(drvname_resolve(ctx, NULL, "vfio", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_uint_eq(d.ndrivers, 0);
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "twin", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE);
	ck_assert_uint_eq(d.ndrivers, 2);
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "", &d), -EINVAL);
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "../x", &d), -EINVAL);
}
END_TEST

START_TEST(test_unloaded_module_from_the_index)
{
	struct drvname d;

	if (!have_index) {
		fprintf(stderr, "test-drvname: no depmod or C compiler: index tests not run\n");
		return;
	}
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "e1000e", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE_UNLOADED);
	ck_assert_str_eq(d.module, "e1000e");
	ck_assert(d.index_read);
	/* a device's modalias reaches the module through modules.alias */
	ck_assert_int_eq(drvname_resolve(ctx, NULL,
					 "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00",
					 &d),
			 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE_UNLOADED);
	ck_assert_str_eq(d.module, "e1000e");
	/* the sysroot's modprobe.d, not the host's */
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "mynic", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_MODULE_UNLOADED);
	ck_assert_str_eq(d.module, "e1000e");
	/* known index, unknown name */
	ck_assert_int_eq(drvname_resolve(ctx, NULL, "nosuchthing", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_UNKNOWN);
	ck_assert(d.index_read);
	/* another release: no index there, so nothing can be said */
	ck_assert_int_eq(drvname_resolve(ctx, "5.10.0-other", "e1000e", &d), 0);
	ck_assert_int_eq(d.kind, DRVNAME_UNKNOWN);
	ck_assert(!d.index_read);
}
END_TEST

static Suite *drvname_suite(void)
{
	Suite *s = suite_create("drvname");
	TCase *tc = tcase_create("resolve");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_driver_name);
	tcase_add_test(tc, test_module_to_driver_both_maps);
	tcase_add_test(tc, test_module_without_or_with_many_drivers);
	tcase_add_test(tc, test_unloaded_module_from_the_index);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(drvname_suite());
}
