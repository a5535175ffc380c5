// SPDX-License-Identifier: GPL-2.0-or-later
/* fake-kernel.c: an LD_PRELOAD stand-in for the PCI driver core in a writable fixture (tests only) */
/*
 * The CLI cases of "rw:" fixtures (tests/cli/run-case.sh) run vfioctl with
 * this library preloaded. It sees every write() into the fixture and does
 * what the kernel would, synchronously, inside the write, so that claims
 * and releases finish and read back as on a host:
 *   BUS/drivers/D/unbind  BDF   drop the device's driver link (and D/BDF)
 *   BUS/drivers/D/bind    BDF   bind it to D when it has no driver
 *   BUS/drivers_probe     BDF   bind by driver_override, then a dynamic
 *                               ID, then .fake-kernel/match/BDF
 *   BUS/drivers/D/new_id  "V D" add a dynamic ID, probe unbound devices
 *   BUS/drivers/D/remove_id     drop it
 *   .../driver_override   NAME  stored as the kernel shows it ("\n": (null))
 * Knobs (environment):
 *   FAKE_KERNEL_ROOT      the fixture (required; other writes pass through)
 *   FAKE_KERNEL_HANG      "unbind:BDF" or "probe:BDF": that write sleeps
 *                         FAKE_KERNEL_HANG_S seconds (default 3) first,
 *                         like a driver whose remove or probe hangs;
 *                         "override:BDF": reads of its driver_override
 *                         sleep so, as behind a device lock held by one
 *   FAKE_KERNEL_JOURNAL_ENOSPC  N: the Nth journal write fails ENOSPC
 *   FAKE_KERNEL_REFUSE    "DRIVER:BDF": that driver's probe of BDF fails,
 *                         as vfio-pci refuses a PF with VFs (EBUSY): the
 *                         drivers_probe write succeeds and nothing binds
 *   FAKE_KERNEL_FAIL      "probe:BDF:DRIVER:ERRNO": a probe of BDF by DRIVER
 *                         fails with -ERRNO, as the driver core does it:
 *                         nothing binds, drivers_probe still succeeds,
 *                         drivers/DRIVER/bind returns the errno, and
 *                         "DRIVER: probe of BDF failed with error -ERRNO"
 *                         is logged; "unbind:BDF:ERRNO": that unbind
 *                         write fails with the errno
 * .fake-kernel/fail-msg   a line the driver logs for a failing probe first
 *                         (dev_printk: "DRIVER BDF: TEXT", DEVICE=+pci:BDF)
 *                         Kernel lines are appended to the fixture's
 *                         dev/kmsg as kmsg records, with the next seq.
 * It is never linked into vfioctl: only the test runner preloads it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUS "sys/bus/pci/"

typedef ssize_t (*write_fn)(int, const void *, size_t);

static write_fn real_write(void)
{
	static write_fn fn;

	if (!fn)
		fn = (write_fn)dlsym(RTLD_NEXT, "write");
	return fn;
}

static const char *root(void)
{
	const char *r = getenv("FAKE_KERNEL_ROOT");

	return r && *r ? r : NULL;
}

static void text_of(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* the device's real directory and its fixture-absolute name ("/sys/devices/...") */
static int dev_dir(const char *bdf, char *dir, size_t size, char *abs, size_t asize)
{
	char link[PATH_MAX], real[PATH_MAX];

	snprintf(link, sizeof(link), "%s/" BUS "devices/%s", root(), bdf);
	if (!realpath(link, real) || strncmp(real, root(), strlen(root())) != 0)
		return -ENODEV;
	snprintf(dir, size, "%s", real);
	snprintf(abs, asize, "%s", real + strlen(root()));
	return 0;
}

static void driver_of(const char *dir, char *buf, size_t size)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/driver", dir);
	n = readlink(link, target, sizeof(target) - 1);
	buf[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		snprintf(buf, size, "%s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	}
}

/* append one kmsg record to the fixture's dev/kmsg, after the last seq in it */
static void kmsg_log(int level, const char *text, const char *bdf)
{
	char p[PATH_MAX], line[512], rec[1024];
	unsigned long long seq = 0, s;
	FILE *f;
	int fd;

	snprintf(p, sizeof(p), "%s/dev/kmsg", root());
	f = fopen(p, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*d,%llu,", &s) == 1 && s >= seq)
			seq = s + 1;
	if (f)
		fclose(f);
	snprintf(rec, sizeof(rec), "%d,%llu,%llu,-;%s\n%s%s%s", level, seq, 5000000ULL + seq, text,
		 bdf ? " SUBSYSTEM=pci\n DEVICE=+pci:" : "", bdf ? bdf : "", bdf ? "\n" : "");
	fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (real_write()(fd, rec, strlen(rec)) < 0)
		perror("fake-kernel");
	close(fd);
}

/* FAKE_KERNEL_FAIL names this operation on @bdf (and @drv): its errno, else 0 */
static int injected_failure(const char *op, const char *bdf, const char *drv)
{
	const char *f = getenv("FAKE_KERNEL_FAIL");
	char want[256];
	size_t n;

	if (!f)
		return 0;
	if (drv)
		snprintf(want, sizeof(want), "%s:%s:%s:", op, bdf, drv);
	else
		snprintf(want, sizeof(want), "%s:%s:", op, bdf);
	n = strlen(want);
	return strncmp(f, want, n) == 0 && atoi(f + n) > 0 ? atoi(f + n) : 0;
}

/* a probe that fails: the driver's own line, then the driver core's */
static int probe_fails(const char *bdf, const char *drv)
{
	int err = injected_failure("probe", bdf, drv);
	char text[512], msg[256], p[PATH_MAX];

	if (!err)
		return 0;
	snprintf(p, sizeof(p), "%s/.fake-kernel/fail-msg", root());
	text_of(p, msg, sizeof(msg));
	if (*msg) {
		snprintf(text, sizeof(text), "%s %s: %s", drv, bdf, msg);
		kmsg_log(4, text, bdf);
	}
	snprintf(text, sizeof(text), "%s: probe of %s failed with error -%d", drv, bdf, err);
	kmsg_log(4, text, NULL);
	return err;
}

static int do_bind(const char *bdf, const char *drv)
{
	char dir[PATH_MAX], abs[PATH_MAX], p[PATH_MAX], t[PATH_MAX], cur[256];

	if (dev_dir(bdf, dir, sizeof(dir), abs, sizeof(abs)) < 0)
		return -ENODEV;
	driver_of(dir, cur, sizeof(cur));
	if (*cur)
		return -EBUSY;
	snprintf(p, sizeof(p), "%s/" BUS "drivers/%s", root(), drv);
	if (access(p, F_OK) < 0)
		return -ENODEV;
	if (probe_fails(bdf, drv))
		return -injected_failure("probe", bdf, drv);
	snprintf(p, sizeof(p), "%s/driver", dir);
	snprintf(t, sizeof(t), "/" BUS "drivers/%s", drv);
	if (symlink(t, p) < 0)
		return -errno;
	snprintf(p, sizeof(p), "%s/" BUS "drivers/%s/%s", root(), drv, bdf);
	unlink(p);
	return symlink(abs, p) < 0 ? -errno : 0;
}

static int do_unbind(const char *drv, const char *bdf)
{
	char dir[PATH_MAX], abs[PATH_MAX], p[PATH_MAX], cur[256];

	if (dev_dir(bdf, dir, sizeof(dir), abs, sizeof(abs)) < 0)
		return -ENODEV;
	driver_of(dir, cur, sizeof(cur));
	if (strcmp(cur, drv) != 0)
		return -ENODEV;
	if (injected_failure("unbind", bdf, NULL))
		return -injected_failure("unbind", bdf, NULL);
	snprintf(p, sizeof(p), "%s/driver", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/" BUS "drivers/%s/%s", root(), drv, bdf);
	unlink(p);
	return 0;
}

/* "VVVV DDDD" of a device, as new_id takes it */
static void ids_of(const char *dir, char *buf, size_t size)
{
	char p[PATH_MAX], v[32], d[32];

	snprintf(p, sizeof(p), "%s/vendor", dir);
	text_of(p, v, sizeof(v));
	snprintf(p, sizeof(p), "%s/device", dir);
	text_of(p, d, sizeof(d));
	snprintf(buf, size, "%s %s", v[0] == '0' && v[1] == 'x' ? v + 2 : v,
		 d[0] == '0' && d[1] == 'x' ? d + 2 : d);
}

/* a driver whose dynamic IDs (.fake-kernel/ids-D) name the device */
static int dynamic_match(const char *dir, char *drv, size_t size)
{
	char p[PATH_MAX], ids[64], line[128];
	FILE *f;
	int found = 0;

	ids_of(dir, ids, sizeof(ids));
	snprintf(p, sizeof(p), "%s/.fake-kernel/ids", root());
	f = fopen(p, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char d[64], id[64];

		line[strcspn(line, "\n")] = '\0';
		/* "DRIVER VVVV DDDD" */
		if (sscanf(line, "%63s %63[^\n]", d, id) == 2 && strcasecmp(id, ids) == 0) {
			snprintf(drv, size, "%s", d);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* FAKE_KERNEL_REFUSE names this driver and device */
static int refused(const char *driver, const char *bdf)
{
	const char *r = getenv("FAKE_KERNEL_REFUSE");
	char want[256];

	snprintf(want, sizeof(want), "%s:%s", driver, bdf);
	return r && strcmp(r, want) == 0;
}

static int do_probe(const char *bdf)
{
	char dir[PATH_MAX], abs[PATH_MAX], p[PATH_MAX], cur[256], ovr[256], drv[256];

	if (dev_dir(bdf, dir, sizeof(dir), abs, sizeof(abs)) < 0)
		return -ENODEV;
	driver_of(dir, cur, sizeof(cur));
	if (*cur)
		return 0;
	snprintf(p, sizeof(p), "%s/driver_override", dir);
	text_of(p, ovr, sizeof(ovr));
	if (*ovr && strcmp(ovr, "(null)") != 0) {
		if (!refused(ovr, bdf))
			do_bind(bdf, ovr);	/* only that driver, or none */
		return 0;
	}
	if (dynamic_match(dir, drv, sizeof(drv)) && do_bind(bdf, drv) == 0)
		return 0;
	snprintf(p, sizeof(p), "%s/.fake-kernel/match/%s", root(), bdf);
	text_of(p, drv, sizeof(drv));
	if (*drv)
		do_bind(bdf, drv);
	return 0;	/* drivers_probe succeeds even when nothing binds */
}

static void maybe_hang(const char *op, const char *bdf)
{
	const char *h = getenv("FAKE_KERNEL_HANG");
	const char *s = getenv("FAKE_KERNEL_HANG_S");
	char want[128];

	snprintf(want, sizeof(want), "%s:%s", op, bdf);
	if (h && strcmp(h, want) == 0)
		sleep(s && atoi(s) > 0 ? (unsigned)atoi(s) : 3);
}

static int new_id(const char *drv, const char *value)
{
	char p[PATH_MAX], line[128];
	int fd;

	snprintf(p, sizeof(p), "%s/.fake-kernel", root());
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/.fake-kernel/ids", root());
	fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	snprintf(line, sizeof(line), "%s %.*s\n", drv, (int)strcspn(value, "\n"), value);
	if (real_write()(fd, line, strlen(line)) < 0)
		perror("fake-kernel");
	close(fd);
	return 0;
}

/* the kernel's side of a write of @value to the fixture file @rel; 1: not a driver file */
static int kernel_write(const char *rel, const char *value)
{
	char drv[256], bdf[64];
	const char *attr;

	snprintf(bdf, sizeof(bdf), "%.*s", (int)strcspn(value, "\n"), value);
	if (strcmp(rel, BUS "drivers_probe") == 0) {
		maybe_hang("probe", bdf);
		return do_probe(bdf);
	}
	if (strncmp(rel, BUS "drivers/", strlen(BUS "drivers/")) == 0) {
		const char *d = rel + strlen(BUS "drivers/");

		attr = strchr(d, '/');
		if (!attr || (size_t)(attr - d) >= sizeof(drv))
			return 1;
		snprintf(drv, sizeof(drv), "%.*s", (int)(attr - d), d);
		attr++;
		if (strcmp(attr, "unbind") == 0) {
			maybe_hang("unbind", bdf);
			return do_unbind(drv, bdf);
		}
		if (strcmp(attr, "bind") == 0)
			return do_bind(bdf, drv);
		if (strcmp(attr, "new_id") == 0)
			return new_id(drv, value);
		if (strcmp(attr, "remove_id") == 0)
			return 0;
	}
	return 1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	char link[64], path[PATH_MAX], value[256];
	const char *r = root(), *rel;
	static int journal_writes;
	ssize_t len;

	if (!r || n >= sizeof(value))
		return real_write()(fd, buf, n);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len <= 0)
		return real_write()(fd, buf, n);
	path[len] = '\0';
	if (strncmp(path, r, strlen(r)) != 0 || path[strlen(r)] != '/')
		return real_write()(fd, buf, n);
	rel = path + strlen(r) + 1;
	memcpy(value, buf, n);
	value[n] = '\0';
	if (strncmp(rel, "run/vfioctl/", 12) == 0 && strstr(rel, ".journal")) {
		const char *e = getenv("FAKE_KERNEL_JOURNAL_ENOSPC");

		if (e && ++journal_writes == atoi(e)) {
			errno = ENOSPC;
			return -1;
		}
		return real_write()(fd, buf, n);
	}
	if (strlen(rel) > 16 && strcmp(rel + strlen(rel) - 16, "/driver_override") == 0) {
		const char *shown = strcmp(value, "\n") == 0 ? "(null)" : value;

		snprintf(path, sizeof(path), "%.*s\n", (int)strcspn(shown, "\n"), shown);
		if (real_write()(fd, path, strlen(path)) < 0)
			return -1;
		return (ssize_t)n;
	}
	{
		int rc = kernel_write(rel, value);

		if (rc == 1)
			return real_write()(fd, buf, n);
		if (rc < 0) {
			errno = -rc;
			return -1;
		}
	}
	return (ssize_t)n;
}

typedef ssize_t (*read_fn)(int, void *, size_t);

/* reads pass through, but a device's driver_override can wait like a locked one */
ssize_t read(int fd, void *buf, size_t n)
{
	static read_fn real;
	const char *h = getenv("FAKE_KERNEL_HANG");

	if (!real)
		real = (read_fn)dlsym(RTLD_NEXT, "read");
	if (root() && h && strncmp(h, "override:", 9) == 0) {
		char link[64], path[PATH_MAX], want[128];
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, path, sizeof(path) - 1);
		snprintf(want, sizeof(want), "/%s/driver_override", h + 9);
		if (len > 0) {
			path[len] = '\0';
			if ((size_t)len > strlen(want) &&
			    strcmp(path + len - strlen(want), want) == 0)
				maybe_hang("override", h + 9);
		}
	}
	return real(fd, buf, n);
}
