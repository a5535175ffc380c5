// SPDX-License-Identifier: GPL-2.0-or-later
/* bind-kernel.c: the real kernel behind bind_ops: sysfs writes, timed unbind, libkmod */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libkmod.h>

#include "bind.h"
#include "log.h"
#include "pathnames.h"

/*
 * An unbind can block forever (a driver waiting for its users, vfio-pci
 * waiting for a release request to be honoured), so it runs in a child
 * and the parent gives up after the timeout rather than hang with it.
 */
static int write_timed(struct path_ctx *ctx, const char *rel, const char *value,
		       int timeout_ms)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status, waited = 0;
	pid_t pid;

	if (timeout_ms <= 0)
		return path_write_string(ctx, value, "%s", rel);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int rc = path_write_string(ctx, value, "%s", rel);

		_exit(rc < 0 ? (-rc & 0xff) : 0);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (waited >= timeout_ms) {
			vfio_warn("writing '%s' did not finish in %d ms; pid %d is left waiting in the kernel",
				  rel, timeout_ms, (int)pid);
			return -ETIMEDOUT;
		}
		nanosleep(&tick, NULL);
		waited += 10;
	}
	if (WIFEXITED(status))
		return -WEXITSTATUS(status);
	return -EINTR;
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

static int read_override(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	int rc = path_read_string(ctx, buf, size, PATH_PCI_DEV_OVERRIDE, bdf);

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
