/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pciids.h: names from a pci.ids file for the IDs a listing shows, in one pass */
#ifndef VFIO_PCIIDS_H
#define VFIO_PCIIDS_H

#include <stddef.h>

#include "pci.h"

/**
 * pciids_name_devices() - set the names of @devs from the text of a pci.ids
 * @text, @len: the whole file (not NUL-terminated; NUL bytes are data)
 * @devs, @n: the devices; for each readable one, vendor_name, device_name
 *            and class_name are set (malloc'd) where the list names them
 * @why, @line: on -EINVAL, what is wrong and on which line
 *
 * Gives the names libpci's pci_lookup_name() gives with
 * PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB (PCI_LOOKUP_VENDOR, _DEVICE,
 * and _CLASS of class >> 8, where a base class without its subclass reads
 * "Name [ccss]"; names cut to 255 bytes with "..."), and refuses every file
 * libpci's parser (lib/names-parse.c) refuses, for the same reasons: a
 * line of 1,023 bytes or more ("Line too long", a NUL byte counts as the
 * end of a line), a malformed entry ("Parse error"), a generic subsystem
 * block of an unlisted vendor ("Vendor does not exist"), an entry listed
 * twice ("Duplicate entry"). Unlike libpci it keeps no table of the whole
 * list: one pass, a set of the entries seen, and the names of the IDs
 * asked for: a few milliseconds for the 1.4 MB list, not twenty.
 *
 * Return: 0, -EINVAL (nothing named), or -ENOMEM.
 */
int pciids_name_devices(const char *text, size_t len, struct pci_device *devs, size_t n,
			const char **why, int *line);

#endif
