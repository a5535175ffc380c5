// SPDX-License-Identifier: GPL-2.0-or-later
/* driver-name.c: the driver a user means when they name a module, through the kernel's maps */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "cli.h"
#include "driver-name.h"
#include "vfio/drvname.h"

/*
 * The drivers vfioctl itself plans with (the target of every claim, and
 * the stub the completion offers): their module is vfioctl's own
 * knowledge, used only when the kernel's maps cannot answer because the
 * module is not loaded yet.
 */
static const char *const own_drivers[] = {BIND_VFIO_DRIVER, "pci-stub"};

static const char *own_driver(const char *module)
{
	char form[PCI_DRIVER_MAX];

	for (size_t i = 0; i < sizeof(own_drivers) / sizeof(own_drivers[0]); i++) {
		snprintf(form, sizeof(form), "%s", own_drivers[i]);
		for (char *c = form; *c; c++)
			if (*c == '-')
				*c = '_';
		if (strcmp(form, module) == 0 && strcmp(own_drivers[i], module) != 0)
			return own_drivers[i];
	}
	return NULL;
}

static bool is_own_driver(const char *name)
{
	for (size_t i = 0; i < sizeof(own_drivers) / sizeof(own_drivers[0]); i++)
		if (strcmp(name, own_drivers[i]) == 0)
			return true;
	return false;
}

int cli_driver_name(struct cli_ctx *ctx, const char *name, char *buf, size_t size)
{
	struct path_ctx *path;
	struct drvname dn;
	const char *own;
	int rc = cli_path(ctx, &path);

	if (rc)
		return rc;
	snprintf(buf, size, "%s", name);
	if (drvname_resolve(path, NULL, name, &dn) < 0)
		return cli_usage_error("invalid driver name '%s'", name);
	/* vfio-pci, pci-stub: the plan loads their modules */
	if (dn.kind == DRVNAME_DRIVER || is_own_driver(name))
		return 0;
	switch (dn.kind) {
	case DRVNAME_DRIVER:
		return 0;
	case DRVNAME_MODULE:
		if (dn.ndrivers == 1) {
			cli_warn("'%s' is a module; its PCI driver is '%s'", name, dn.drivers[0]);
			snprintf(buf, size, "%s", dn.drivers[0]);
			return 0;
		}
		if (dn.ndrivers == 0) {
			cli_err("'%s' is a module, but it registers no PCI driver", name);
			return VFIO_EXIT_FAILURE;
		}
		{
			char list[DRVNAME_MAX_DRIVERS * (PCI_DRIVER_MAX + 2)] = "";

			for (size_t i = 0; i < dn.ndrivers && i < DRVNAME_MAX_DRIVERS; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", dn.drivers[i]);
			return cli_usage_error(
				"'%s' is a module with %zu PCI drivers (%s%s): name the driver",
				name, dn.ndrivers, list,
				dn.ndrivers > DRVNAME_MAX_DRIVERS ? ", ..." : "");
		}
	case DRVNAME_MODULE_UNLOADED:
	case DRVNAME_UNKNOWN:
		break;
	}
	own = own_driver(dn.kind == DRVNAME_MODULE_UNLOADED ? dn.module : name);
	if (own) {
		cli_warn("'%s' is a module; its PCI driver is '%s'", name, own);
		snprintf(buf, size, "%s", own);
		return 0;
	}
	if (dn.kind == DRVNAME_MODULE_UNLOADED && strcmp(dn.module, name) == 0) {
		/* a module's PCI driver has a name of its own, which only loading it tells */
		cli_warn("'%s' is a module that is not loaded: the plan loads it and expects a PCI "
			 "driver of the same name, which only loading it can confirm (see "
			 "/sys/module/%s/drivers then)", /* lint: message */
			 name, name);
		return 0;
	}
	if (dn.kind == DRVNAME_UNKNOWN && dn.index_read) {
		cli_err("no PCI driver or kernel module is named '%s'", name);
		return VFIO_EXIT_FAILURE;
	}
	/* a driver of a module not loaded yet ("virtio-pci"): the plan loads it */
	return 0;
}
