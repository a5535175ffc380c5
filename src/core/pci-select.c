// SPDX-License-Identifier: GPL-2.0-or-later
/* pci-select.c: lspci's -s and -d selectors, parsed by libpci, matched on read devices */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <pci/pci.h>

#include "pci-select.h"

/*
 * The grammar is libpci's (lib/filter.c), so that "-s 1:" or "-d ::0c03"
 * mean here what they mean to lspci. Only the parsing is borrowed:
 * pci_filter_match() wants a struct pci_dev of a pci_access that scans the
 * live bus, while vfioctl matches the devices it read below its sysroot.
 */

void pci_select_init(struct pci_select *sel)
{
	sel->domain = sel->bus = sel->slot = sel->func = -1;
	sel->vendor = sel->device = -1;
	sel->class_sub = -1;
	sel->class_mask = ~0u;
	sel->prog_if = -1;
}

/* libpci's "Invalid bus number" as our messages say it: lower case */
static const char *reason(const char *err)
{
	static const struct {
		const char *libpci, *ours;
	} map[] = {
		{ "Expression too long", "too long" },
		{ "Too many fields", "too many fields" },
		{ "Invalid domain number", "invalid domain number" },
		{ "Invalid bus number", "invalid bus number" },
		{ "Invalid slot/function number", "invalid slot/function number" },
		{ "Invalid slot number", "invalid slot number" },
		{ "Invalid function number", "invalid function number" },
		{ "At least two fields must be given", "a ':' is needed: VENDOR:DEVICE, either may be empty" },
		{ "Invalid vendor ID", "invalid vendor ID" },
		{ "Invalid device ID", "invalid device ID" },
		{ "Invalid class code", "invalid class code" },
		{ "Invalid programming interface code", "invalid programming interface code" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(err, map[i].libpci) == 0)
			return map[i].ours;
	return "invalid selector";
}

static void filter_from(struct pci_filter *f, const struct pci_select *sel)
{
	pci_filter_init(NULL, f);
	f->domain = sel->domain;
	f->bus = sel->bus;
	f->slot = sel->slot;
	f->func = sel->func;
	f->vendor = sel->vendor;
	f->device = sel->device;
	f->device_class = sel->class_sub;
#ifdef PCI_FILL_CLASS_EXT	/* libpci 3.8: class masks and prog-if */
	f->device_class_mask = sel->class_mask;
	f->prog_if = sel->prog_if;
#endif
}

static void filter_to(struct pci_select *sel, const struct pci_filter *f)
{
	sel->domain = f->domain;
	sel->bus = f->bus;
	sel->slot = f->slot;
	sel->func = f->func;
	sel->vendor = f->vendor;
	sel->device = f->device;
	sel->class_sub = f->device_class;
#ifdef PCI_FILL_CLASS_EXT
	sel->class_mask = f->device_class_mask;
	sel->prog_if = f->prog_if;
#endif
}

static int parse(struct pci_select *sel, const char *text, const char **why, bool slot)
{
	char buf[64];
	struct pci_filter f;
	char *err;

	/* libpci copies into 64 bytes itself; it wants a char * */
	if (strlen(text) >= sizeof(buf)) {
		*why = "too long";
		return -EINVAL;
	}
	strcpy(buf, text);
	filter_from(&f, sel);
	err = slot ? pci_filter_parse_slot(&f, buf) : pci_filter_parse_id(&f, buf);
	if (err) {
		*why = reason(err);
		return -EINVAL;
	}
	filter_to(sel, &f);
	return 0;
}

int pci_select_parse_slot(struct pci_select *sel, const char *text, const char **why)
{
	return parse(sel, text, why, true);
}

int pci_select_parse_id(struct pci_select *sel, const char *text, const char **why)
{
	return parse(sel, text, why, false);
}

static bool ids_given(const struct pci_select *sel)
{
	return sel->vendor >= 0 || sel->device >= 0 || sel->class_sub >= 0 || sel->prog_if >= 0;
}

bool pci_select_is_any(const struct pci_select *sel)
{
	return sel->domain < 0 && sel->bus < 0 && sel->slot < 0 && sel->func < 0 &&
	       !ids_given(sel);
}

enum pci_select_match pci_select_match(const struct pci_select *sel,
				       const struct pci_device *dev)
{
	unsigned cls = dev->class_code >> 8, progif = dev->class_code & 0xff;

	if ((sel->domain >= 0 && (unsigned)sel->domain != dev->bdf.domain) ||
	    (sel->bus >= 0 && (unsigned)sel->bus != dev->bdf.bus) ||
	    (sel->slot >= 0 && (unsigned)sel->slot != dev->bdf.dev) ||
	    (sel->func >= 0 && (unsigned)sel->func != dev->bdf.fn))
		return PCI_SELECT_NO;
	if (!ids_given(sel))
		return PCI_SELECT_YES;
	if (!pci_device_readable(dev))
		return PCI_SELECT_UNKNOWN;
	if ((sel->vendor >= 0 && (unsigned)sel->vendor != dev->vendor_id) ||
	    (sel->device >= 0 && (unsigned)sel->device != dev->device_id) ||
	    (sel->class_sub >= 0 && ((unsigned)sel->class_sub ^ cls) & sel->class_mask) ||
	    (sel->prog_if >= 0 && (unsigned)sel->prog_if != progif))
		return PCI_SELECT_NO;
	return PCI_SELECT_YES;
}
