// SPDX-License-Identifier: GPL-2.0-or-later
/* test-dynids.c: vfio-pci's dynamic IDs: sources, grammar, matching, what they mean */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "testutil.h"
#include "vfio/dynids.h"

static char *root;
static struct path_ctx *ctx;

static void setup(void)
{
	root = tree_new();
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static struct pci_device dev(const char *bdf, unsigned v, unsigned d, unsigned sv, unsigned sd,
			     unsigned cls, const char *driver, char *override)
{
	struct pci_device p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", bdf);
	p.vendor_id = (uint16_t)v;
	p.device_id = (uint16_t)d;
	p.subsys_vendor_id = (uint16_t)sv;
	p.subsys_device_id = (uint16_t)sd;
	p.class_code = cls;
	snprintf(p.driver, sizeof(p.driver), "%s", driver);
	p.driver_override = override;
	return p;
}

START_TEST(test_cmdline_grammar_and_matching)
{
	struct dynids ids;
	struct pci_device gpu =
		dev("0000:01:00.0", 0x10de, 0x1b80, 0x1043, 0x8591, 0x030000, "vfio-pci", NULL);
	struct pci_device gpu2 =
		dev("0000:02:00.0", 0x10de, 0x1b80, 0x10de, 0x119e, 0x030000, "nouveau", NULL);
	struct pci_device vga = dev("0000:03:00.0", 0x1002, 0x67df, 0, 0, 0x030000, "", NULL);
	struct pci_device nic = dev("0000:04:00.0", 0x8086, 0x1533, 0, 0, 0x020000, "igb", NULL);

	/* vfio_pci_fill_ids(): a bad ID is skipped, not fatal */
	ck_assert_int_eq(dynids_read(ctx,
				     "10de:1b80:1043:8591,bogus,ffffffff:ffffffff:ffffffff:"
				     "ffffffff:030000:ff0000",
				     &ids),
			 0);
	ck_assert_uint_eq(ids.n, 2);
	ck_assert(ids.v[0].cmdline);
	ck_assert_str_eq(ids.v[0].text, "10de:1b80:1043:8591");
	/* subsystem IDs narrow the match */
	ck_assert(dynid_matches(&ids.v[0], &gpu));
	ck_assert(!dynid_matches(&ids.v[0], &gpu2));
	/* a class and mask with any vendor: every display controller */
	ck_assert(dynid_matches(&ids.v[1], &gpu2));
	ck_assert(dynid_matches(&ids.v[1], &vga));
	ck_assert(!dynid_matches(&ids.v[1], &nic));
	dynids_clear(&ids);
}
END_TEST

START_TEST(test_modprobe_d_sources)
{
	struct dynids ids;

	/* etc/ hides a file of the same name in usr/lib/ (kmod's rule) */
	tree_write(root, "etc/modprobe.d/vfio.conf",
		   "# comment\noptions vfio-pci ids=8086:1533\noptions igb max_vfs=2\n");
	tree_write(root, "usr/lib/modprobe.d/vfio.conf", "options vfio-pci ids=dead:beef\n");
	tree_write(root, "usr/lib/modprobe.d/gpu.conf",
		   "options vfio_pci disable_vga=1 ids=1b21:1242,10de:10f0\n");
	tree_write(root, "lib/modprobe.d/notes.txt", "options vfio-pci ids=aaaa:bbbb\n");
	ck_assert_int_eq(dynids_read(ctx, NULL, &ids), 0);
	ck_assert_uint_eq(ids.n, 3);
	ck_assert_str_eq(ids.v[0].text, "8086:1533");
	ck_assert_str_eq(ids.v[0].source, "etc/modprobe.d/vfio.conf");
	ck_assert(!ids.v[0].cmdline);
	ck_assert_str_eq(ids.v[1].text, "1b21:1242");
	ck_assert_str_eq(ids.v[1].source, "usr/lib/modprobe.d/gpu.conf");
	ck_assert_str_eq(ids.v[2].text, "10de:10f0");
	dynids_clear(&ids);
}
END_TEST

START_TEST(test_states)
{
	struct dynids ids;
	const struct dynid *id;
	char ovr[] = "vfio-pci", why[512];
	struct pci_device devs[5] = {
		dev("0000:01:00.0", 0x10de, 0x1b80, 0, 0, 0x030000, "vfio-pci", NULL),
		dev("0000:02:00.0", 0x10de, 0x1b80, 0, 0, 0x030000, "nouveau", NULL),
		dev("0000:03:00.0", 0x10de, 0x1b80, 0, 0, 0x030000, "", NULL),
		dev("0000:04:00.0", 0x144d, 0xa808, 0, 0, 0x010802, "vfio-pci", NULL),
		dev("0000:05:00.0", 0x8086, 0x10d3, 0, 0, 0x020000, "vfio-pci", ovr),
	};
	struct pci_list pci = {devs, 5, NULL};

	ck_assert_int_eq(dynids_read(ctx, "10de:1b80", &ids), 0);
	ck_assert_int_eq(dynids_state(&ids, &devs[0], &id), DYNID_CAUGHT);
	ck_assert_ptr_eq(id, &ids.v[0]);
	ck_assert_int_eq(dynids_state(&ids, &devs[1], &id), DYNID_IGNORED);
	ck_assert_int_eq(dynids_state(&ids, &devs[2], &id), DYNID_UNBOUND);
	/* on vfio-pci, no override, no ID: only new_id explains it */
	ck_assert_int_eq(dynids_state(&ids, &devs[3], &id), DYNID_INFERRED);
	ck_assert_ptr_null(id);
	/* driver_override explains it */
	ck_assert_int_eq(dynids_state(&ids, &devs[4], &id), DYNID_NONE);
	/* identical cards are listed, whatever driver they are on */
	ck_assert_int_eq(dynids_describe(&ids, &pci, &devs[0], true, why, sizeof(why)),
			 DYNID_CAUGHT);
	ck_assert_ptr_nonnull(strstr(
		why, "0000:01:00.0 (vfio-pci), 0000:02:00.0 (nouveau), 0000:03:00.0 (no driver)"));
	ck_assert_int_eq(dynids_describe(&ids, &pci, &devs[1], true, why, sizeof(why)),
			 DYNID_IGNORED);
	ck_assert_ptr_nonnull(strstr(why, "vfio-pci loaded after nouveau"));
	ck_assert_int_eq(dynids_describe(&ids, &pci, &devs[1], false, why, sizeof(why)),
			 DYNID_IGNORED);
	ck_assert_ptr_nonnull(strstr(why, "vfio-pci is not loaded"));
	ck_assert_int_eq(dynids_describe(&ids, &pci, &devs[4], true, why, sizeof(why)), DYNID_NONE);
	ck_assert_str_eq(why, "");
	dynids_clear(&ids);
}
END_TEST

static Suite *dynids_suite(void)
{
	Suite *s = suite_create("dynids");
	TCase *tc = tcase_create("dynids");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cmdline_grammar_and_matching);
	tcase_add_test(tc, test_modprobe_d_sources);
	tcase_add_test(tc, test_states);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(dynids_suite());
}
