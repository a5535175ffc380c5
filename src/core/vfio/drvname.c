// SPDX-License-Identifier: GPL-2.0-or-later
/* drvname.c: module names vs PCI driver names, through sysfs links and libkmod */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libkmod.h>

#include "drvname.h"
#include "log.h"
#include "pathnames.h"

/* the module's name as the kernel keeps it: '-' and '_' are the same */
static void module_form(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s", name);
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = '_';
}

static void add_driver(struct drvname *out, const char *drv)
{
	for (size_t i = 0; i < out->ndrivers && i < DRVNAME_MAX_DRIVERS; i++)
		if (strcmp(out->drivers[i], drv) == 0)
			return;
	if (out->ndrivers < DRVNAME_MAX_DRIVERS)
		snprintf(out->drivers[out->ndrivers], PCI_DRIVER_MAX, "%s", drv);
	out->ndrivers++;
}

/* sys/module/M/drivers/pci:D, then every drivers/D/module link naming M */
static void loaded_module_drivers(const struct path_ctx *ctx, const char *mod, struct drvname *out)
{
	char **names = NULL, link[DRVNAME_MODULE_MAX];

	if (path_list_dir(ctx, &names, NULL, PATH_MODULE_DRIVERS, mod) == 0)
		for (char **n = names; *n; n++)
			if (strncmp(*n, "pci:", 4) == 0 && (*n)[4])
				add_driver(out, *n + 4);
	strv_free(names);
	names = NULL;
	if (path_list_dir(ctx, &names, NULL, PATH_PCI_DRIVERS) == 0)
		for (char **n = names; *n; n++)
			if (path_read_link_name(ctx, link, sizeof(link), PATH_PCI_DRIVER_MODULE,
						*n) > 0 &&
			    strcmp(link, mod) == 0)
				add_driver(out, *n);
	strv_free(names);
}

static void kmod_quiet(void *data, int priority, const char *file, int line, const char *fn,
		       const char *fmt, va_list args)
{
}

/* libkmod's answer for a module that is not loaded: its name, or "" */
static void index_lookup(const struct path_ctx *ctx, const char *release, const char *name,
			 struct drvname *out)
{
	static const char *const confdirs[] = PATH_MODPROBE_DIRS;
	char dir[PATH_MAX], conf[5][PATH_MAX], rel[128];
	const char *confv[6] = {NULL};
	struct kmod_list *list = NULL, *it;
	struct kmod_ctx *k;
	bool live = path_ctx_is_live(ctx) && !release;

	if (!release && path_read_string(ctx, rel, sizeof(rel), PATH_PROC_OSRELEASE) > 0)
		release = rel;
	if (!release)
		return;
	out->index_read = path_exists(ctx, PATH_LIB_MODULES "/modules.dep.bin", release) ||
			  path_exists(ctx, PATH_LIB_MODULES "/modules.dep", release);
	if (!out->index_read)
		return;
	/* below a sysroot, its own index and its own modprobe.d: never the host's */
	if (!live) {
		const char *root = path_ctx_root(ctx);

		snprintf(dir, sizeof(dir), "%s/" PATH_LIB_MODULES, root, release);
		for (size_t i = 0; i < sizeof(confdirs) / sizeof(confdirs[0]) && i < 5; i++) {
			snprintf(conf[i], sizeof(conf[i]), "%s/%s", root, confdirs[i]);
			confv[i] = conf[i];
		}
	}
	k = kmod_new(live ? NULL : dir, live ? NULL : confv);
	if (!k)
		return;
	kmod_set_log_fn(k, kmod_quiet, NULL);
	if (kmod_module_new_from_lookup(k, name, &list) == 0)
		kmod_list_foreach(it, list)
		{
			struct kmod_module *m = kmod_module_get_module(it);

			if (!out->module[0])
				snprintf(out->module, sizeof(out->module), "%s",
					 kmod_module_get_name(m));
			kmod_module_unref(m);
		}
	kmod_module_unref_list(list);
	kmod_unref(k);
}

int drvname_resolve(const struct path_ctx *ctx, const char *release, const char *name,
		    struct drvname *out)
{
	char mod[DRVNAME_MODULE_MAX];

	memset(out, 0, sizeof(*out));
	if (!name || !*name || strlen(name) >= PCI_DRIVER_MAX || strchr(name, '/'))
		return -EINVAL;
	if (path_exists(ctx, PATH_PCI_DRIVER_DIR, name)) {
		out->kind = DRVNAME_DRIVER;
		add_driver(out, name);
		if (path_read_link_name(ctx, out->module, sizeof(out->module),
					PATH_PCI_DRIVER_MODULE, name) <= 0)
			out->module[0] = '\0';
		return 0;
	}
	module_form(name, mod, sizeof(mod));
	loaded_module_drivers(ctx, mod, out);
	if (out->ndrivers || path_exists(ctx, PATH_SYS_MODULE "/%s", mod)) {
		out->kind = DRVNAME_MODULE;
		snprintf(out->module, sizeof(out->module), "%s", mod);
		return 0;
	}
	index_lookup(ctx, release, name, out);
	out->kind = out->module[0] ? DRVNAME_MODULE_UNLOADED : DRVNAME_UNKNOWN;
	/* an alias may name a module that is loaded after all (pci:v...): its drivers */
	if (out->kind == DRVNAME_MODULE_UNLOADED &&
	    path_exists(ctx, PATH_SYS_MODULE "/%s", out->module)) {
		loaded_module_drivers(ctx, out->module, out);
		out->kind = DRVNAME_MODULE;
	}
	return 0;
}
