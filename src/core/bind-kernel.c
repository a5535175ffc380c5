// SPDX-License-Identifier: GPL-2.0-or-later
/* bind-kernel.c: the real kernel behind bind_ops: time-limited sysfs writes and reads, libkmod */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "bind.h"
#include "log.h"
#include "pathnames.h"
#include "timedio.h"

/*
 * Every write here enters a driver (remove, probe, the device lock), so
 * each runs in an fd-less child under a deadline (see timedio.h). A
 * fixture may shorten the deadline for tests (VFIOCTL_TEST_TIMEOUT_MS,
 * vfioctl(8)); the live host always waits the full time.
 */
static int write_timed(struct path_ctx *ctx, const char *rel, const char *value,
		       int timeout_ms, long *stuck_pid)
{
	int rc;

	timeout_ms = timedio_timeout(ctx, timeout_ms > 0 ? timeout_ms : BIND_WRITE_TIMEOUT_MS);
	rc = timedio_write(ctx, rel, value, timeout_ms, stuck_pid);
	if (rc == -ETIMEDOUT)
		vfio_warn("writing '%s' did not finish in %d ms; pid %ld is left waiting in the kernel",
			  rel, timeout_ms, *stuck_pid);
	return rc;
}

static int read_driver(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	int rc;

	if (!path_exists(ctx, PATH_SYS_PCI_DEVICES "/%s", bdf))
		return -ENOENT;
	rc = path_read_link_name(ctx, buf, size, PATH_PCI_DEV_DRIVER, bdf);
	if (rc == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return rc < 0 ? rc : 0;
}

/* driver_override's show takes the device lock that a pending unbind holds */
static int read_override(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	char rel[128];
	long stuck = 0;
	int rc;

	if (snprintf(rel, sizeof(rel), PATH_PCI_DEV_OVERRIDE, bdf) >= (int)sizeof(rel))
		return -ENAMETOOLONG;
	rc = timedio_read(ctx, rel, buf, size, timedio_timeout(ctx, BIND_READ_TIMEOUT_MS),
			  &stuck);
	if (rc == -ETIMEDOUT)
		vfio_warn("reading '%s' did not finish: pid %ld waits on the device lock", rel, stuck);
	if (rc < 0)
		return rc;
	if (strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return 0;
}

static void kmod_log(void *data, int priority, const char *file, int line, const char *fn,
		     const char *fmt, va_list args)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, args);
	msg[strcspn(msg, "\n")] = '\0';
	vfio_dbg("libkmod: %s", msg);
}

static int load_module(struct path_ctx *ctx, const char *driver)
{
	struct kmod_list *list = NULL, *it;
	struct kmod_ctx *k;
	int rc;

	if (path_exists(ctx, PATH_PCI_DRIVER_DIR, driver))
		return 0;
	/* modules load into the running kernel only, never into a fixture */
	if (!path_ctx_is_live(ctx))
		return -ENOENT;
	k = kmod_new(NULL, NULL);
	if (!k)
		return -ENOMEM;
	kmod_set_log_fn(k, kmod_log, NULL);
	rc = kmod_module_new_from_lookup(k, driver, &list);
	if (rc == 0 && !list)
		rc = -ENOENT;
	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);

		rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
		vfio_info("loading module '%s' for driver '%s': %s", kmod_module_get_name(mod),
			  driver, rc < 0 ? strerror(-rc) : "ok");
		kmod_module_unref(mod);
		if (rc == 0)
			break;
	}
	kmod_module_unref_list(list);
	kmod_unref(k);
	if (rc < 0)
		return rc;
	return path_exists(ctx, PATH_PCI_DRIVER_DIR, driver) ? 0 : -ENOENT;
}

const struct bind_ops bind_ops_kernel = {
	.write = write_timed,
	.read_driver = read_driver,
	.read_override = read_override,
	.load_module = load_module,
};
