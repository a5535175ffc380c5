/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drvname.h: a name the user gave, resolved to a PCI driver through the kernel's module maps */
#ifndef VFIO_DRVNAME_H
#define VFIO_DRVNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"
#include "pci.h"

#define DRVNAME_MAX_DRIVERS 4 /* PCI drivers of one module that are listed */
#define DRVNAME_MODULE_MAX 64

enum drvname_kind {
	DRVNAME_DRIVER,		 /* a registered PCI driver of that name */
	DRVNAME_MODULE,		 /* a loaded module; its PCI drivers are listed */
	DRVNAME_MODULE_UNLOADED, /* a module (or alias) in the module index, not loaded */
	DRVNAME_UNKNOWN,	 /* none of these */
};

struct drvname {
	enum drvname_kind kind;
	char module[DRVNAME_MODULE_MAX];		   /* the module behind it; "" unknown */
	char drivers[DRVNAME_MAX_DRIVERS][PCI_DRIVER_MAX]; /* DRIVER: the name itself */
	size_t ndrivers; /* may exceed DRVNAME_MAX_DRIVERS (only those are kept) */
	bool index_read; /* the module index (modules.dep) could be read */
};

/**
 * drvname_resolve() - what @name is: a PCI driver, a module, or neither
 * @ctx: sysroot
 * @release: the kernel release whose lib/modules/@release index is
 *           searched below the sysroot; NULL on the live root means the
 *           running kernel's (libkmod's default)
 * @name: as the user typed it ("bochs", "virtio_pci", "bochs-drm")
 * @out: the answer
 *
 * The kernel's own maps, for every driver, in this order:
 * sys/bus/pci/drivers/@name (a driver; its module is its "module" link),
 * sys/module/M/drivers/pci:D with M = @name and '-' read as '_' (a loaded
 * module's PCI drivers), every sys/bus/pci/drivers/D/module link that
 * names M (the same map from the other side), then libkmod's lookup of
 * @name in modules.dep, modules.alias and modules.builtin (a module that
 * is not loaded; its PCI driver's name is known only once it is).
 * Return: 0 (with @out filled in, DRVNAME_UNKNOWN included), -EINVAL for
 * an empty or oversized name, -ENOMEM.
 */
int drvname_resolve(const struct path_ctx *ctx, const char *release, const char *name,
		    struct drvname *out);

#endif
