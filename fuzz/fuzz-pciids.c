// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-pciids.c: libFuzzer target: the one-pass pci.ids reader against libpci's own parser */
#include "config.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <pci/pci.h>

#include "pciids.h"

/*
 * A pci.ids from a captured tree is untrusted text. The input is the file;
 * the first three devices ask for names of the IDs its first bytes spell.
 * Property: pciids_name_devices() loads exactly the files libpci loads,
 * and gives the names libpci gives.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jmp_buf jb;

static void PCI_NONRET fail(char *msg, ...)
{
	longjmp(jb, 1);
}

static void quiet(char *msg, ...)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pci_device devs[3];
	struct pci_access *acc;
	const char *why;
	char path[64], buf[256];
	volatile bool ok = false;
	int fd, rc, line;

	memset(devs, 0, sizeof(devs));
	for (int i = 0; i < 3; i++) {
		devs[i].vendor_id = size > 2u * i + 1 ? (uint16_t)(data[2 * i] | data[2 * i + 1] << 8) : 0x10de;
		devs[i].device_id = (uint16_t)(devs[i].vendor_id ^ 0x1111);
		devs[i].class_code = (uint32_t)(size > 6 ? data[6] : 3) << 16 | (uint32_t)i << 8;
	}
	rc = pciids_name_devices((const char *)data, size, devs, 3, &why, &line);
	fd = memfd_create("pci.ids", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	acc = pci_alloc();
	acc->error = fail;
	acc->warning = quiet;
	acc->debug = quiet;
	pci_set_name_list_path(acc, path, 0);
	if (setjmp(jb) == 0) {
		pci_load_name_list(acc);
		ok = true;
	}
	if (ok != (rc == 0))
		abort();
	for (int i = 0; ok && i < 3; i++) {
		const char *v = pci_lookup_name(acc, buf, sizeof(buf), PCI_LOOKUP_VENDOR |
						PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB, devs[i].vendor_id);

		if ((v == NULL) != (devs[i].vendor_name == NULL) || (v && strcmp(v, devs[i].vendor_name)))
			abort();
		v = pci_lookup_name(acc, buf, sizeof(buf), PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_NUMBERS |
				    PCI_LOOKUP_NO_HWDB, devs[i].class_code >> 8);
		if ((v == NULL) != (devs[i].class_name == NULL) || (v && strcmp(v, devs[i].class_name)))
			abort();
	}
	for (int i = 0; i < 3; i++)
		pci_device_clear(&devs[i]);
	pci_set_name_list_path(acc, (char *)"", 0);
	pci_cleanup(acc);
	close(fd);
	return 0;
}
