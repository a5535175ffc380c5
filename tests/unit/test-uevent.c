// SPDX-License-Identifier: GPL-2.0-or-later
/* test-uevent.c: parsing kernel uevents as lib/kobject_uevent.c sends them */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "uevent.h"

/* a datagram: header and fields separated by NULs, as the kernel sends them */
#define MSG(s) s, sizeof(s) - 1

START_TEST(test_bind)
{
	static const char msg[] =
		"bind@/devices/pci0000:00/0000:00:03.0\0ACTION=bind\0"
		"DEVPATH=/devices/pci0000:00/0000:00:03.0\0SUBSYSTEM=pci\0DRIVER=vfio-pci\0"
		"PCI_CLASS=FF00\0PCI_SLOT_NAME=0000:00:03.0\0SEQNUM=2215\0";
	struct uevent ev;

	ck_assert_int_eq(uevent_parse(MSG(msg), &ev), 0);
	ck_assert_str_eq(ev.action, "bind");
	ck_assert_str_eq(ev.devpath, "/devices/pci0000:00/0000:00:03.0");
	ck_assert_str_eq(ev.subsystem, "pci");
	ck_assert_str_eq(ev.driver, "vfio-pci");
	ck_assert_uint_eq(ev.seqnum, 2215);
}
END_TEST

START_TEST(test_unterminated_and_long)
{
	char msg[600];
	struct uevent ev;
	size_t n;

	/* no final NUL, and a DEVPATH longer than the field: cut, not overrun */
	n = (size_t)snprintf(msg, sizeof(msg), "remove@/devices/%0300d", 7);
	memcpy(msg + n + 1, "SUBSYSTEM=block", 15);
	ck_assert_int_eq(uevent_parse(msg, n + 1 + 15, &ev), 0);
	ck_assert_str_eq(ev.action, "remove");
	ck_assert_uint_eq(strlen(ev.devpath), sizeof(ev.devpath) - 1);
	ck_assert_str_eq(ev.subsystem, "block");
	ck_assert_str_eq(ev.driver, "");
	ck_assert_uint_eq(ev.seqnum, 0);
}
END_TEST

START_TEST(test_not_a_uevent)
{
	struct uevent ev;

	/* libudev's re-broadcasts start with "libudev\0" and a binary header */
	ck_assert_int_eq(uevent_parse(MSG("libudev\0\xfe\xed\xca\xfe"), &ev), -EBADMSG);
	ck_assert_int_eq(uevent_parse(MSG("@/devices/x\0"), &ev), -EBADMSG);
	ck_assert_int_eq(uevent_parse(MSG("add@\0SUBSYSTEM=pci\0"), &ev), -EBADMSG);
	ck_assert_int_eq(uevent_parse(MSG("add@devices\0"), &ev), -EBADMSG);
	ck_assert_int_eq(uevent_parse(MSG(""), &ev), -EBADMSG);
}
END_TEST

static Suite *uevent_suite(void)
{
	Suite *s = suite_create("uevent");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_bind);
	tcase_add_test(tc, test_unterminated_and_long);
	tcase_add_test(tc, test_not_a_uevent);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(uevent_suite());
}
