// SPDX-License-Identifier: GPL-2.0-or-later
/* test-acs.c: ACS from crafted config-space bytes, and the kernel's pci_acs_enabled() rule */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "vfio/acs.h"

static uint8_t cfg[4096];

/* a function with a PCI Express capability of @type at 0x40 (and one before it at 0x50) */
static void craft(int type, bool mf)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[0] = 0x86, cfg[1] = 0x80, cfg[2] = 0x34, cfg[3] = 0x12;
	cfg[0x06] = 0x10;		/* status: capability list */
	cfg[0x0e] = mf ? 0x80 : 0;
	cfg[0x34] = 0x50;		/* PM capability first, then PCIe */
	cfg[0x50] = 0x01, cfg[0x51] = 0x40;
	if (type >= 0)
		cfg[0x40] = 0x10, cfg[0x42] = (uint8_t)(2 | type << 4);
}

/* AER at 0x100 -> ACS at 0x148 with @cap and @ctrl */
static void add_acs(uint16_t cap, uint16_t ctrl)
{
	cfg[0x100] = 0x01, cfg[0x102] = 0x82, cfg[0x103] = 0x14;
	cfg[0x148] = 0x0d, cfg[0x14a] = 0x01;
	cfg[0x14c] = cap & 0xff, cfg[0x14d] = cap >> 8;
	cfg[0x14e] = ctrl & 0xff, cfg[0x14f] = ctrl >> 8;
}

static struct acs_eval eval(size_t len, const struct acs_override *ovr)
{
	struct acs_config c;
	struct acs_eval e;

	ck_assert_int_eq(acs_parse_config(cfg, len, &c), 0);
	ck_assert_int_eq(acs_evaluate(&c, 0x8086, 0x1234, ovr, ACS_REQ_FLAGS, &e), 0);
	return e;
}

START_TEST(test_parse_walks_both_lists)
{
	struct acs_config c;

	craft(PCIE_TYPE_DOWNSTREAM, false);
	add_acs(0x5f, 0x1d);
	acs_parse_config(cfg, 4096, &c);
	ck_assert_int_eq(c.state, ACS_CFG_EXT);
	ck_assert_int_eq(c.pcie_type, PCIE_TYPE_DOWNSTREAM);
	ck_assert_uint_eq(c.acs_pos, 0x148);
	ck_assert_uint_eq(c.acs_cap, 0x5f);
	ck_assert_uint_eq(c.acs_ctrl, 0x1d);
}
END_TEST

START_TEST(test_root_port_bits)
{
	struct acs_eval e;

	craft(PCIE_TYPE_ROOT_PORT, false);
	add_acs(0x1f, 0x1d);	/* SV RR CR UF on, TB off: TB is not asked */
	e = eval(4096, NULL);
	ck_assert_int_eq(e.verdict, ACS_ISOLATED);
	ck_assert_int_eq(e.why, ACS_WHY_ENABLED);

	add_acs(0x1f, 0x11);	/* RR and CR off */
	e = eval(4096, NULL);
	ck_assert_int_eq(e.verdict, ACS_NOT_ISOLATED);
	ck_assert_int_eq(e.why, ACS_WHY_CTRL_OFF);
	ck_assert_uint_eq(e.missing, ACS_RR | ACS_CR);

	add_acs(0x1e, 0x1c);	/* SV not implemented: hard-wired, counts as on */
	e = eval(4096, NULL);
	ck_assert_int_eq(e.verdict, ACS_ISOLATED);
	ck_assert_uint_eq(e.missing, 0);
}
END_TEST

START_TEST(test_no_cap_and_types)
{
	struct acs_eval e;

	craft(PCIE_TYPE_ROOT_PORT, false);
	e = eval(4096, NULL);
	ck_assert_int_eq(e.verdict, ACS_NOT_ISOLATED);
	ck_assert_int_eq(e.why, ACS_WHY_NO_CAP);

	craft(PCIE_TYPE_ENDPOINT, false);	/* single function: ACS does not apply */
	ck_assert_int_eq(eval(4096, NULL).why, ACS_WHY_NOT_NEEDED);
	craft(PCIE_TYPE_ENDPOINT, true);	/* multifunction without ACS */
	ck_assert_int_eq(eval(4096, NULL).why, ACS_WHY_NO_CAP);
	craft(PCIE_TYPE_PCI_BRIDGE, false);
	add_acs(0x1f, 0x1f);			/* never trusted, even with ACS on */
	ck_assert_int_eq(eval(4096, NULL).why, ACS_WHY_BRIDGE_TYPE);
	craft(-1, false);			/* conventional PCI */
	ck_assert_int_eq(eval(256, NULL).why, ACS_WHY_NOT_PCIE);
}
END_TEST

START_TEST(test_short_reads_are_unknown)
{
	struct acs_eval e;

	craft(PCIE_TYPE_ROOT_PORT, false);
	add_acs(0x1f, 0x1f);
	e = eval(64, NULL);		/* unprivileged read: the header only */
	ck_assert_int_eq(e.verdict, ACS_UNKNOWN);
	e = eval(256, NULL);		/* no extended space: unknown, never "off" */
	ck_assert_int_eq(e.verdict, ACS_UNKNOWN);
	ck_assert_int_eq(e.why, ACS_WHY_UNREADABLE);
	craft(PCIE_TYPE_ENDPOINT, false);
	ck_assert_int_eq(eval(256, NULL).verdict, ACS_ISOLATED);
}
END_TEST

START_TEST(test_override_and_quirk)
{
	struct acs_override o;
	struct acs_config c;
	struct acs_eval e;

	acs_override_parse("downstream,multifunction,id:10de:1aef", &o);
	ck_assert(o.downstream && o.multifunction);
	ck_assert_uint_eq(o.nids, 1);
	ck_assert_uint_eq(o.ids[0].device, 0x1aef);

	craft(PCIE_TYPE_ROOT_PORT, false);
	e = eval(4096, &o);
	ck_assert_int_eq(e.verdict, ACS_ISOLATED);
	ck_assert_int_eq(e.why, ACS_WHY_OVERRIDE);
	add_acs(0x1f, 0x11);		/* a capability is never overridden */
	e = eval(4096, &o);
	ck_assert_int_eq(e.why, ACS_WHY_CTRL_OFF);

	/* an 82576 port: the vendor vouches for its functions (mf endpoint quirk) */
	craft(PCIE_TYPE_ENDPOINT, true);
	acs_parse_config(cfg, 64, &c);
	acs_evaluate(&c, 0x8086, 0x10c9, NULL, ACS_REQ_FLAGS, &e);
	ck_assert_int_eq(e.why, ACS_WHY_QUIRK);
	/* an Intel PCH root port without ACS: the kernel enables its isolation */
	craft(PCIE_TYPE_ROOT_PORT, false);
	acs_parse_config(cfg, 4096, &c);
	acs_evaluate(&c, 0x8086, 0x1c10, NULL, ACS_REQ_FLAGS, &e);
	ck_assert_int_eq(e.why, ACS_WHY_QUIRK);
}
END_TEST

START_TEST(test_loops_end)
{
	struct acs_config c;

	craft(PCIE_TYPE_ROOT_PORT, false);
	cfg[0x51] = 0x50;		/* a capability that points at itself */
	cfg[0x34] = 0x50;
	acs_parse_config(cfg, 4096, &c);
	ck_assert_int_eq(c.pcie_type, PCIE_TYPE_NONE);
	craft(PCIE_TYPE_ROOT_PORT, false);
	cfg[0x100] = 0x01, cfg[0x102] = 0x01, cfg[0x103] = 0x10;	/* next = 0x100 */
	acs_parse_config(cfg, 4096, &c);
	ck_assert_uint_eq(c.acs_pos, 0);
}
END_TEST

START_TEST(test_bits_format)
{
	char buf[64];

	ck_assert_str_eq(acs_bits_format(ACS_RR | ACS_CR, "/", buf, sizeof(buf)), "RR/CR");
	ck_assert_str_eq(acs_bits_format(0, "/", buf, sizeof(buf)), "");
}
END_TEST

static Suite *acs_suite(void)
{
	Suite *s = suite_create("acs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_walks_both_lists);
	tcase_add_test(tc, test_root_port_bits);
	tcase_add_test(tc, test_no_cap_and_types);
	tcase_add_test(tc, test_short_reads_are_unknown);
	tcase_add_test(tc, test_override_and_quirk);
	tcase_add_test(tc, test_loops_end);
	tcase_add_test(tc, test_bits_format);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(acs_suite());
}
