// SPDX-License-Identifier: GPL-2.0-or-later
/* test-pciids.c: the one-pass pci.ids reader names and refuses exactly as libpci does */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pci/pci.h>

#include "pciids.h"
#include "testutil.h"

#define SYSTEM_IDS "/usr/share/misc/pci.ids"

static jmp_buf libpci_jb;

static void PCI_NONRET libpci_fail(char *msg, ...)
{
	longjmp(libpci_jb, 1);
}

static void libpci_quiet(char *msg, ...)
{
}

/* libpci's own answer for @path: loaded (true) or refused; names in @acc */
static struct pci_access *libpci_load(const char *path, bool *ok)
{
	struct pci_access *acc = pci_alloc();

	acc->error = libpci_fail;
	acc->warning = libpci_quiet;
	acc->debug = libpci_quiet;
	pci_set_name_list_path(acc, (char *)path, 0);
	if (setjmp(libpci_jb) == 0) {
		pci_load_name_list(acc);
		*ok = true;
	} else {
		*ok = false;
	}
	return acc;
}

static const char *libpci_name(struct pci_access *acc, char *buf, int flags, unsigned a, unsigned b)
{
	flags |= PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;
	if (flags & PCI_LOOKUP_CLASS)
		return pci_lookup_name(acc, buf, 256, flags, a);
	return pci_lookup_name(acc, buf, 256, flags, a, b, 0u);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *t;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	t = malloc(*len + 1);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(fread(t, 1, *len, f), *len);
	fclose(f);
	return t;
}

static void expect_same(const char *got, const char *want, const char *what, unsigned id)
{
	if (!want)
		ck_assert_msg(!got, "%s %04x: libpci has no name, got '%s'", what, id, got);
	else
		ck_assert_msg(got && strcmp(got, want) == 0, "%s %04x: '%s', libpci '%s'", what, id,
			      got ? got : "(null)", want);
}

/* every device of @devs named as libpci names it from the file @path */
static void compare(const char *path, struct pci_device *devs, size_t n)
{
	struct pci_access *acc;
	const char *why = NULL;
	char *text, buf[256];
	size_t len;
	bool ok;
	int line = 0, rc;

	text = slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	rc = pciids_name_devices(text, len, devs, n, &why, &line);
	acc = libpci_load(path, &ok);
	ck_assert_msg(ok == (rc == 0), "libpci %s the file, pciids says %d (%s at line %d)",
		      ok ? "loads" : "refuses", rc, why ? why : "-", line);
	for (size_t i = 0; ok && i < n; i++) {
		struct pci_device *d = &devs[i];

		expect_same(d->vendor_name, libpci_name(acc, buf, PCI_LOOKUP_VENDOR, d->vendor_id, 0),
			    "vendor", d->vendor_id);
		expect_same(d->device_name,
			    libpci_name(acc, buf, PCI_LOOKUP_DEVICE, d->vendor_id, d->device_id),
			    "device", d->device_id);
		expect_same(d->class_name,
			    libpci_name(acc, buf, PCI_LOOKUP_CLASS, d->class_code >> 8, 0),
			    "class", d->class_code >> 8);
	}
	for (size_t i = 0; i < n; i++)
		pci_device_clear(&devs[i]);
	pci_cleanup(acc);
	free(text);
}

/* the system's list: every vendor/device pair it has, and every class number */
START_TEST(test_system_list)
{
	struct pci_device *devs;
	size_t n = 0, cap = 70000, len;
	unsigned vendor = 0;
	char *text = slurp(SYSTEM_IDS, &len), *p;

	if (!text)
		return;	/* no pci.ids package: nothing to compare with */
	devs = calloc(cap, sizeof(*devs));
	ck_assert_ptr_nonnull(devs);
	text[len] = '\0';
	for (p = strtok(text, "\n"); p && n + 2 < cap; p = strtok(NULL, "\n")) {
		if (p[0] == 'C')
			break;
		if (p[0] != '#' && p[0] != '\t')
			vendor = (unsigned)strtoul(p, NULL, 16);
		else if (p[0] == '\t' && p[1] != '\t')
			devs[n++].device_id = (uint16_t)strtoul(p + 1, NULL, 16);
		else
			continue;
		devs[n - (p[0] == '\t')].vendor_id = (uint16_t)vendor;
		if (p[0] != '\t')
			devs[n++].device_id = 0xfffe;	/* a device the vendor does not list */
	}
	/* every class and subclass number, known or not */
	for (size_t i = 0; i < n; i++)
		devs[i].class_code = (uint32_t)(i & 0xffff) << 8;
	free(text);
	compare(SYSTEM_IDS, devs, n);
	free(devs);
}
END_TEST

struct broken {
	const char *why;
	const char *text;
};

/* files libpci loads or refuses: the reader must agree on each */
static const struct broken cases[] = {
	{ "good", "# c\n10de  NVIDIA\n\t1b80  GP104\n\t\t10de 1234  Sub\nC 03  Display\n\t00  VGA\n\t\t00  VGA ctl\n" },
	{ "trailing space and CR", "10de  NVIDIA \r\n\t1b80  GP104\t\nC 03  Display\n" },
	{ "no final newline", "10de  NVIDIA\n\t1b80  GP104" },
	{ "duplicate vendor", "10de  NVIDIA\n10de  Again\n" },
	{ "duplicate device", "10de  NVIDIA\n\t1b80  A\n\t1b80  B\n" },
	{ "class and vendor share a number", "0003  V\nC 03  Display\n" },
	{ "bad hex", "10dg  NVIDIA\n" },
	{ "no name", "10de  \n" },
	{ "no separator", "10deNVIDIA\n" },
	{ "device before vendor", "\t1b80  GP104\n" },
	{ "too deep", "10de  N\n\t1b80  D\n\t\t10de 1234  S\n\t\t\t00  X\n" },
	{ "generic subsystem of a listed vendor", "10de  N\nS 10de\n\t1234  Sub\n" },
	{ "generic subsystem of an unlisted vendor", "S 10de\n\t1234  Sub\n" },
	{ "unknown block skipped", "X foo\n\tanything at all\n10de  N\n" },
	{ "space-indented line", " 10de  N\n" },
	{ "class without subclass, prog-if", "C 03  D\n\t\t00  P\n" },
	{ "NUL in a line", "10de  N\0V\n" },
	{ "comment with spaces", "   # x\n10de  N\n" },
	{ "out of order, no duplicate", "10de  N\n\t1b80  D\n0003  V\nC 03  Display\nC 02  Net\n" },
	{ "out of order, a duplicate far apart", "10de  N\n0003  V\n\t0001  X\n10de  Again\n" },
	{ "devices out of order", "10de  N\n\t1b80  D\n\t1000  E\n\t1b80  F\n" },
};

START_TEST(test_broken_lists)
{
	const struct broken *b = &cases[_i];
	char path[] = "/tmp/vfioctl-pciids-XXXXXX";
	struct pci_device devs[3] = { 0 };
	size_t len = strlen(b->text);
	int fd = mkstemp(path);

	/* the NUL case: its text goes on after the NUL */
	if (strcmp(b->why, "NUL in a line") == 0)
		len = 10;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, b->text, len), (ssize_t)len);
	close(fd);
	devs[0].vendor_id = 0x10de, devs[0].device_id = 0x1b80, devs[0].class_code = 0x030000;
	devs[1].vendor_id = 0x0003, devs[1].class_code = 0x030100;
	devs[2].vendor_id = 0x1234, devs[2].class_code = 0x0c0300;
	compare(path, devs, 3);
	unlink(path);
}
END_TEST

/* lines of 1,022 bytes pass, of 1,023 do not, as with libpci's fgets() */
START_TEST(test_long_lines)
{
	char path[] = "/tmp/vfioctl-pciids-XXXXXX";
	struct pci_device d = { .vendor_id = 0x10de };
	char *text = malloc(2100);
	int fd;

	for (int linelen = 1020; linelen <= 1025; linelen++) {
		for (int last = 0; last <= 1; last++) {
			size_t len;

			memset(text, 'x', 2100);
			memcpy(text, "10de  ", 6);
			len = (size_t)linelen;
			if (!last)
				text[len++] = '\n';
			fd = mkstemp(path);
			ck_assert_int_ge(fd, 0);
			ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
			close(fd);
			compare(path, &d, 1);
			unlink(path);
			strcpy(path, "/tmp/vfioctl-pciids-XXXXXX");
		}
	}
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pciids");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_system_list);
	tcase_add_loop_test(tc, test_broken_lists, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_long_lines);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
