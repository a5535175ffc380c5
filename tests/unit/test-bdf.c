// SPDX-License-Identifier: GPL-2.0-or-later
/* test-bdf.c: PCI address parsing as users and the kernel write it */
#include "config.h"

#include <errno.h>

#include "bdf.h"
#include "kver.h"
#include "testutil.h"

START_TEST(test_parse_valid)
{
	struct pci_bdf b;
	char buf[BDF_STRLEN];

	ck_assert_int_eq(bdf_parse("0000:01:00.1", &b), 0);
	ck_assert_uint_eq(b.domain, 0);
	ck_assert_uint_eq(b.bus, 1);
	ck_assert_uint_eq(b.dev, 0);
	ck_assert_uint_eq(b.fn, 1);
	ck_assert_int_eq(bdf_parse("01:00.1", &b), 0);
	ck_assert_str_eq(bdf_format(&b, buf, sizeof(buf)), "0000:01:00.1");
	ck_assert_int_eq(bdf_parse("10000:E1:1f.7", &b), 0);
	ck_assert_uint_eq(b.domain, 0x10000);
	ck_assert_uint_eq(b.bus, 0xe1);
	ck_assert_uint_eq(b.dev, 0x1f);
	ck_assert_uint_eq(b.fn, 7);
	ck_assert_str_eq(bdf_format(&b, buf, sizeof(buf)), "10000:e1:1f.7");
	ck_assert_int_eq(bdf_parse("ffff:ff:1f.7", &b), 0);
}
END_TEST

START_TEST(test_parse_invalid)
{
	static const char *const bad[] = {
		"", "0000:01:00", "0000:01:00.", "0000:01:00.8", "0000:01:20.0",
		"000:01:00.0", "0000:001:00.0", "0000:01:000.0", "0000:01:00.0x",
		"zz:00.0", "0000:01:00.10", "0001:00.0", " 0000:01:00.0",
		"123456789:00:00.0", "0000-01-00.0", "0000:01:00:0",
	};
	struct pci_bdf b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(bdf_parse(bad[i], &b) == -EINVAL, "accepted '%s'", bad[i]);
	ck_assert_int_eq(bdf_parse(NULL, &b), -EINVAL);
}
END_TEST

START_TEST(test_compare_and_slot)
{
	struct pci_bdf a, b, c;

	bdf_parse("0000:01:00.0", &a);
	bdf_parse("0000:01:00.1", &b);
	bdf_parse("0000:02:00.0", &c);
	ck_assert(bdf_same_slot(&a, &b));
	ck_assert(!bdf_same_slot(&a, &c));
	ck_assert_int_lt(bdf_compare(&a, &b), 0);
	ck_assert_int_gt(bdf_compare(&c, &b), 0);
	ck_assert_int_eq(bdf_compare(&a, &a), 0);
}
END_TEST

START_TEST(test_kver)
{
	struct kver v;

	ck_assert_int_eq(kver_parse("6.1.0-57-amd64", &v), 0);
	ck_assert_uint_eq(v.major, 6);
	ck_assert_uint_eq(v.minor, 1);
	ck_assert(kver_at_least(&v, 5, 19));
	ck_assert_int_eq(kver_parse("5.19", &v), 0);
	ck_assert(kver_at_least(&v, 5, 19));
	ck_assert_int_eq(kver_parse("5.18.19-arch1", &v), 0);
	ck_assert(!kver_at_least(&v, 5, 19));
	ck_assert_int_eq(kver_parse("4", &v), -EINVAL);
	ck_assert_int_eq(kver_parse("linux", &v), -EINVAL);
}
END_TEST

static Suite *bdf_suite(void)
{
	Suite *s = suite_create("bdf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_valid);
	tcase_add_test(tc, test_parse_invalid);
	tcase_add_test(tc, test_compare_and_slot);
	tcase_add_test(tc, test_kver);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(bdf_suite());
}
