// SPDX-License-Identifier: GPL-2.0-or-later
/* pci.c: enumerate PCI functions from sysfs, named from pci.ids */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <pci/pci.h>

#include "log.h"
#include "pathnames.h"
#include "timedio.h"
#include "pci.h"
#include "pciids.h"
#include "strutil.h"


static const char *const kind_names[PCI_KIND__COUNT] = {
	[PCI_KIND_OTHER] = "other",
	[PCI_KIND_GPU] = "gpu",
	[PCI_KIND_AUDIO] = "audio",
	[PCI_KIND_NIC] = "nic",
	[PCI_KIND_NVME] = "nvme",
	[PCI_KIND_STORAGE] = "storage",
	[PCI_KIND_USB] = "usb",
	[PCI_KIND_BRIDGE] = "bridge",
	[PCI_KIND_ACCEL] = "accel",
	[PCI_KIND_SERIAL_BUS] = "serial-bus",
};

const char *pci_kind_name(enum pci_kind kind)
{
	if (kind < 0 || kind >= PCI_KIND__COUNT)
		return "other";
	return kind_names[kind];
}

int pci_kind_parse(const char *name, enum pci_kind *out)
{
	for (int k = 0; k < PCI_KIND__COUNT; k++) {
		if (strcasecmp(name, kind_names[k]) == 0) {
			*out = (enum pci_kind)k;
			return 0;
		}
	}
	return -EINVAL;
}

enum pci_kind pci_device_kind(const struct pci_device *dev)
{
	unsigned base = dev->class_code >> 16;
	unsigned sub = (dev->class_code >> 8) & 0xff;

	/* the one bridge test: KIND, the claim plan and viability agree */
	if (pci_device_bridge(dev) != PCI_BRIDGE_NONE)
		return PCI_KIND_BRIDGE;
	switch (base) {
	case 0x01:
		return sub == 0x08 ? PCI_KIND_NVME : PCI_KIND_STORAGE;
	case 0x02:
		return PCI_KIND_NIC;
	case 0x03:
		return PCI_KIND_GPU;
	case 0x04:
		return (sub == 0x01 || sub == 0x03) ? PCI_KIND_AUDIO
						    : PCI_KIND_OTHER;
	case 0x0c:
		return sub == 0x03 ? PCI_KIND_USB : PCI_KIND_SERIAL_BUS;
	case 0x12:
		return PCI_KIND_ACCEL;
	default:
		return PCI_KIND_OTHER;
	}
}

enum pci_bridge pci_device_bridge(const struct pci_device *dev)
{
	unsigned cls = dev->class_code >> 8;

	/* what vfio_pci_core_register_device() refuses: hdr_type != normal */
	if (dev->header_type != PCI_HEADER_UNKNOWN && dev->header_type != PCI_HEADER_NORMAL)
		return PCI_BRIDGE_PCI;
	/* config space unread: PCI-to-PCI, CardBus and semi-transparent bridges by class */
	if (dev->header_type == PCI_HEADER_UNKNOWN &&
	    (cls == 0x0604 || cls == 0x0607 || cls == 0x0609))
		return PCI_BRIDGE_PCI;
	/* host, ISA/LPC, EISA, MCA, other 06xx with a normal header: chipset functions */
	if ((dev->class_code >> 16) == 0x06)
		return PCI_BRIDGE_PLATFORM;
	return PCI_BRIDGE_NONE;
}

bool pci_device_is_bridge(const struct pci_device *dev)
{
	return pci_device_bridge(dev) != PCI_BRIDGE_NONE;
}

const char *pci_bridge_name(enum pci_bridge bridge)
{
	switch (bridge) {
	case PCI_BRIDGE_PCI:
		return "pci";
	case PCI_BRIDGE_PLATFORM:
		return "platform";
	default:
		return "none";
	}
}

bool pci_driver_is_vfio(const char *driver)
{
	/* vfio-pci itself and its variants (mlx5_vfio_pci, pds_vfio_pci...) */
	return driver && (strcmp(driver, "vfio-pci") == 0 ||
			  strstr(driver, "vfio_pci") || strstr(driver, "vfio-pci"));
}

/* a real pci.ids is about 1.4 MB; anything near this is not one */
#define PCI_IDS_MAX	(32 * 1024 * 1024)

/*
 * The pci.ids to name devices with, opened and checked through the path
 * context: the tree's own (resolved inside it), else the system's. libpci
 * takes only a file name and opens the file itself; it gets /proc/self/fd/N of
 * the checked file, so that neither a link out of the tree nor a FIFO nor
 * a file swapped in since the check can reach it.
 * Return: an fd, or -errno; *@shown gets the name to show (malloc'd).
 */
static int open_ids(struct path_ctx *ctx, const char *system_ids, char **shown)
{
	struct path_ctx *host = NULL;
	char name[PATH_MAX];
	int fd, rc;

	*shown = NULL;
	fd = path_open_file(ctx, PCI_IDS_MAX, PATH_PCI_IDS_SYSROOT);
	if (fd >= 0 || fd != -ENOENT) {
		if (path_abs(ctx, name, sizeof(name), PATH_PCI_IDS_SYSROOT) == 0)
			*shown = strdup(name);
		if (fd < 0)
			vfio_warn("cannot use the PCI ID list '%s': %s: devices are shown without names",
				  *shown ? *shown : PATH_PCI_IDS_SYSROOT,
				  fd == -EINVAL ? "not a regular file" : strerror(-fd));
		return fd;
	}
	/* a tree without pci.ids is named from the system's (the file libpci would use) */
	if (!system_ids)
		return -ENOENT;
	*shown = strdup(system_ids);
	rc = path_ctx_new(NULL, &host);
	if (rc < 0)
		return rc;
	fd = path_open_file(host, PCI_IDS_MAX, "%s", system_ids);
	path_ctx_free(host);
	if (fd < 0 && fd != -ENOENT)
		vfio_warn("cannot use the PCI ID list '%s': %s: devices are shown without names",
			  system_ids, fd == -EINVAL ? "not a regular file" : strerror(-fd));
	return fd;
}

static int read_int_attr(struct path_ctx *dev, const char *attr, int dflt)
{
	int64_t v;

	if (path_read_s64(dev, &v, "%s", attr) < 0 || v < -1 || v > INT_MAX)
		return dflt;
	return (int)v;
}

/* config space offsets read by read_config() (include/uapi/linux/pci_regs.h) */
#define CFG_VENDOR		0x00
#define CFG_DEVICE		0x02
#define CFG_REVISION		0x08
#define CFG_CLASS_PROG		0x09	/* prog-if, subclass, base class: 0x09-0x0b */
#define CFG_SUBSYS_VENDOR	0x2c	/* header type 0 only */
#define CFG_SUBSYS_ID		0x2e
#define CFG_HEAD		0x40	/* what every reader may read: the standard header */

static uint16_t cfg16(const uint8_t *c, unsigned off)
{
	return (uint16_t)(c[off] | c[off + 1] << 8);
}

/*
 * IDs, class, revision and the header type from one read of config space
 * (the first 64 bytes, which sysfs gives every user), through the path
 * context like every attribute: inside the tree, never a FIFO. Config
 * space decides bridge or endpoint, so it must never come from the host.
 * Return: true when config space answered (vendor not 0xffff, the standard
 * header whole); then the subsystem IDs too, for a header type 0 function
 * (*@subsys). False: the caller reads the attribute files.
 */
static bool read_config(struct path_ctx *dev, struct pci_device *d, bool *subsys)
{
	uint8_t c[CFG_HEAD];
	ssize_t n = path_pread(dev, c, sizeof(c), 0, "config");
	uint8_t ht;

	*subsys = false;
	if (n < PCI_HEADER_TYPE + 1)
		return false;
	/* 0xff is what an unreadable config space returns */
	ht = c[PCI_HEADER_TYPE];
	if (ht != 0xff) {
		d->header_type = ht & 0x7f;
		d->multifunction = ht & 0x80;
	}
	if (n < CFG_HEAD || cfg16(c, CFG_VENDOR) == 0xffff)
		return false;
	d->vendor_id = cfg16(c, CFG_VENDOR);
	d->device_id = cfg16(c, CFG_DEVICE);
	d->revision = c[CFG_REVISION];
	d->class_code = (uint32_t)c[CFG_CLASS_PROG] | (uint32_t)c[CFG_CLASS_PROG + 1] << 8 |
			(uint32_t)c[CFG_CLASS_PROG + 2] << 16;
	if (d->header_type == PCI_HEADER_NORMAL) {
		d->subsys_vendor_id = cfg16(c, CFG_SUBSYS_VENDOR);
		d->subsys_device_id = cfg16(c, CFG_SUBSYS_ID);
		*subsys = true;
	}
	return true;
}

/* an attribute that is there but cannot be read makes the device's state unknown */
static void note_read_error(struct pci_device *d, int rc)
{
	if (rc != -ENOENT && rc != -EINVAL && !d->read_error)
		d->read_error = rc;
}

/*
 * driver_override and sriov_numvfs take the device lock, which a driver's
 * pending remove or probe holds: they are read through @locked, bounded,
 * and a read that times out leaves the value unknown (d->state_unknown).
 */
static int read_locked_attr(struct timedio_reader *locked, struct pci_device *d,
			    const char *attr, char *buf, size_t size)
{
	long stuck = 0;
	int rc = timedio_reader_read(locked, buf, size, &stuck, PATH_SYS_PCI_DEVICES "/%s/%s",
				     d->name, attr);

	if (rc == -ETIMEDOUT) {
		vfio_warn("'%s' of %s did not answer: pid %ld waits on the device lock (a driver's remove or probe still running?)",
			  attr, d->name, stuck);
		d->state_unknown = true;
	} else if (rc < 0) {
		note_read_error(d, rc);
	}
	return rc;
}

/* the class, IDs and revision from their attribute files (config space unreadable) */
static void read_id_attrs(struct path_ctx *dev, struct pci_device *d)
{
	uint64_t v;
	int rc;

	rc = path_read_hex(dev, &v, "class");
	if (rc == 0)
		d->class_code = (uint32_t)v;
	else
		note_read_error(d, rc);
	rc = path_read_hex(dev, &v, "vendor");
	if (rc == 0)
		d->vendor_id = (uint16_t)v;
	else
		note_read_error(d, rc);
	rc = path_read_hex(dev, &v, "device");
	if (rc == 0)
		d->device_id = (uint16_t)v;
	else
		note_read_error(d, rc);
	if (path_read_hex(dev, &v, "revision") == 0)
		d->revision = (int)v;
}

static void read_subsys_attrs(struct path_ctx *dev, struct pci_device *d)
{
	uint64_t v;

	if (path_read_hex(dev, &v, "subsystem_vendor") == 0)
		d->subsys_vendor_id = (uint16_t)v;
	if (path_read_hex(dev, &v, "subsystem_device") == 0)
		d->subsys_device_id = (uint16_t)v;
}

static void read_group_link(struct path_ctx *dev, struct pci_device *d)
{
	char buf[64];
	int rc = path_read_link_name(dev, buf, sizeof(buf), "iommu_group");

	if (rc < 0 && rc != -ENOENT)
		d->read_error = d->read_error ? d->read_error : rc;
	if (rc > 0) {
		char *end;
		long g = strtol(buf, &end, 10);

		if (!*end && g >= 0 && g <= INT_MAX)
			d->iommu_group = (int)g;
	}
}

static int read_sriov(struct path_ctx *dev, struct timedio_reader *locked, struct pci_device *d)
{
	char buf[64];

	d->sriov_totalvfs = read_int_attr(dev, "sriov_totalvfs", -1);
	if (d->sriov_totalvfs >= 0 &&
	    read_locked_attr(locked, d, "sriov_numvfs", buf, sizeof(buf)) > 0) {
		char *end;
		long nvfs = strtol(buf, &end, 10);

		if (!*end && nvfs >= 0 && nvfs <= INT_MAX)
			d->sriov_numvfs = (int)nvfs;
	}
	if (path_read_link_name(dev, d->physfn, sizeof(d->physfn), "physfn") < 0)
		d->physfn[0] = '\0';
	if (d->sriov_numvfs > 0 && d->sriov_numvfs <= 4096) {
		d->virtfns = calloc((size_t)d->sriov_numvfs, sizeof(*d->virtfns));
		if (!d->virtfns)
			return -ENOMEM;
		for (int k = 0; k < d->sriov_numvfs; k++)
			if (path_read_link_name(dev, d->virtfns[d->nvirtfns], BDF_STRLEN,
						"virtfn%d", k) > 0)
				d->nvirtfns++;
	}
	return 0;
}

static int read_misc(struct path_ctx *dev, struct pci_device *d)
{
	char buf[256];

	d->numa_node = read_int_attr(dev, "numa_node", -1);
	if (path_read_string(dev, buf, sizeof(buf), "reset_method") > 0) {
		str_printable(buf);
		d->reset_method = strdup(buf);
		if (!d->reset_method)
			return -ENOMEM;
	}
	d->boot_vga = read_int_attr(dev, "boot_vga", -1);
	d->enable = read_int_attr(dev, "enable", -1);
	return 0;
}

static void device_init(struct pci_device *d)
{
	memset(d, 0, sizeof(*d));
	d->revision = -1;
	d->numa_node = -1;
	d->iommu_group = -1;
	d->sriov_totalvfs = -1;
	d->sriov_numvfs = -1;
	d->boot_vga = -1;
	d->enable = -1;
	d->header_type = PCI_HEADER_UNKNOWN;
}

/*
 * Names for @devs from pci.ids (the tree's, else the system's, checked by
 * open_ids()), read in one pass by pciids_name_devices() for the IDs of
 * @devs only: what libpci would name them, without parsing the whole list
 * into a table first. libpci gives only the system list's file name.
 */
static void name_devices(struct path_ctx *ctx, struct pci_device *devs, size_t n, char **ids_file)
{
	struct pci_access *acc = pci_alloc();
	const char *why = NULL;
	char *text = NULL;
	size_t len = 0, cap = 0;
	int fd, rc, line = 0;

	*ids_file = NULL;
	if (!acc)
		return;
	fd = open_ids(ctx, acc->id_file_name, ids_file);
	pci_cleanup(acc);
	if (fd < 0)
		return;
	for (;;) {
		ssize_t r;

		if (len == cap) {
			char *nt;

			cap = cap ? cap * 2 : 2 * 1024 * 1024;
			if (cap > PCI_IDS_MAX + 1)
				cap = PCI_IDS_MAX + 1;
			nt = len < cap ? realloc(text, cap) : NULL;
			if (!nt)
				break;
			text = nt;
		}
		r = read(fd, text + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > PCI_IDS_MAX) {
		vfio_warn("cannot use the PCI ID list '%s': larger than %d bytes: devices are shown without names",
			  *ids_file ? *ids_file : "pci.ids", PCI_IDS_MAX);
	} else if (text) {
		rc = pciids_name_devices(text, len, devs, n, &why, &line);
		if (rc == -EINVAL)
			vfio_warn("cannot use the PCI ID list '%s': %s at line %d: devices are shown without names",
				  *ids_file ? *ids_file : "pci.ids", why, line);
	}
	free(text);
}

/*
 * One device, @what of it (PCI_READ_*), from its own dirfd: the BDF link is
 * resolved once, and each attribute is one short lookup below it. Names
 * are looked up later, by the caller, from @lp.
 */
static int read_device(struct path_ctx *ctx, struct timedio_reader *locked, const char *name,
		       unsigned what, struct pci_device *d)
{
	struct path_ctx *dev;
	char buf[256];
	bool subsys = false;
	int rc;

	device_init(d);
	if (bdf_parse(name, &d->bdf) < 0)
		return -EINVAL;
	bdf_format(&d->bdf, d->name, sizeof(d->name));
	rc = path_ctx_new_sub(ctx, &dev, PATH_SYS_PCI_DEVICES "/%s", name);
	if (rc == -ENOMEM)
		return rc;
	if (rc == -EACCES || rc == -EPERM || rc == -EIO) {
		/* there, but hidden from us: a device of unknown state, not no device */
		vfio_dbg("cannot read '%s': %s", name, strerror(-rc));
		d->read_error = rc;
		return 0;
	}
	if (rc < 0) {
		/* a dangling link or a plain file: not a device */
		vfio_dbg("skipping '%s': %s", name, strerror(-rc));
		return -EINVAL;
	}
	if (what & (PCI_READ_IDS | PCI_READ_SUBSYS)) {
		/* one read of config space; the attribute files where it cannot be read */
		/*
		 * One read of config space for a listing; the attribute files where
		 * it cannot be read, or where the kernel's own values (a fixup in
		 * quirks.c may change the class) are asked for.
		 */
		if (!read_config(dev, d, &subsys) || (what & PCI_READ_KIDS))
			read_id_attrs(dev, d);
		if (what & PCI_READ_KIDS) {
			/* the kernel's subsystem IDs too (a bridge's come from a capability) */
			subsys = false;
			d->subsys_vendor_id = d->subsys_device_id = 0;
		}
		if ((what & PCI_READ_SUBSYS) && !subsys)
			read_subsys_attrs(dev, d);
	}
	if (what & PCI_READ_DRIVER) {
		rc = path_read_link_name(dev, d->driver, sizeof(d->driver), "driver");
		if (rc < 0) {
			d->driver[0] = '\0';
			/* no link is "unbound"; a link that cannot be read (or is no link) is unknown */
			if (rc != -ENOENT)
				d->read_error = d->read_error ? d->read_error : rc;
		}
		str_printable(d->driver);
	}
	if ((what & PCI_READ_OVERRIDE) &&
	    read_locked_attr(locked, d, "driver_override", buf, sizeof(buf)) > 0 &&
	    strcmp(buf, "(null)") != 0) {
		str_printable(buf);
		d->driver_override = strdup(buf);
		if (!d->driver_override)
			goto oom;
	}
	if (what & PCI_READ_GROUP)
		read_group_link(dev, d);
	if ((what & PCI_READ_MISC) && read_misc(dev, d) < 0)
		goto oom;
	if ((what & PCI_READ_SRIOV) && read_sriov(dev, locked, d) < 0)
		goto oom;
	path_ctx_free(dev);
	return 0;
oom:
	path_ctx_free(dev);
	return -ENOMEM;
}

int pci_device_read_group(struct path_ctx *ctx, struct pci_device *d)
{
	struct path_ctx *dev;
	int rc = path_ctx_new_sub(ctx, &dev, PATH_SYS_PCI_DEVICES "/%s", d->name);

	if (rc < 0)
		return rc;
	read_group_link(dev, d);
	path_ctx_free(dev);
	return d->iommu_group >= 0 ? 0 : -ENOENT;
}

void pci_device_clear(struct pci_device *d)
{
	free(d->virtfns);
	free(d->driver_override);
	free(d->reset_method);
	free(d->vendor_name);
	free(d->device_name);
	free(d->class_name);
	d->virtfns = NULL;
	d->driver_override = d->reset_method = NULL;
	d->vendor_name = d->device_name = d->class_name = NULL;
	d->nvirtfns = 0;
}

int pci_device_read(struct path_ctx *ctx, const char *name, unsigned what,
		    struct pci_device *out)
{
	struct timedio_reader *locked = NULL;
	char *ids_file = NULL;
	int rc;

	if (what & (PCI_READ_OVERRIDE | PCI_READ_SRIOV)) {
		rc = timedio_reader_new(ctx, PCI_LOCKED_READ_TIMEOUT_MS, &locked);
		if (rc < 0)
			return rc;
	}
	rc = read_device(ctx, locked, name, what, out);
	timedio_reader_free(locked);
	if (rc == -EINVAL)
		return -ENOENT;
	if (rc < 0) {
		pci_device_clear(out);
		return rc;
	}
	if ((what & PCI_READ_NAMES) && pci_device_readable(out)) {
		name_devices(ctx, out, 1, &ids_file);
		free(ids_file);
	}
	return 0;
}

int pci_list_read_overrides(struct path_ctx *ctx, struct pci_list *list,
			    bool (*want)(const struct pci_device *d))
{
	struct timedio_reader *locked = NULL;
	int rc = 0;

	for (size_t i = 0; i < list->count; i++) {
		struct pci_device *d = &list->devs[i];
		char buf[256];

		if (d->driver_override || !pci_device_readable(d) || !want(d))
			continue;
		/* one reader child for all of them, started only when one is wanted */
		if (!locked) {
			rc = timedio_reader_new(ctx, PCI_LOCKED_READ_TIMEOUT_MS, &locked);
			if (rc < 0)
				return rc;
		}
		if (read_locked_attr(locked, d, "driver_override", buf, sizeof(buf)) > 0 &&
		    strcmp(buf, "(null)") != 0) {
			str_printable(buf);
			d->driver_override = strdup(buf);
			if (!d->driver_override) {
				rc = -ENOMEM;
				break;
			}
		}
	}
	timedio_reader_free(locked);
	return rc;
}

static int cmp_dev(const void *a, const void *b)
{
	return bdf_compare(&((const struct pci_device *)a)->bdf,
			   &((const struct pci_device *)b)->bdf);
}

int pci_scan_mask(struct path_ctx *ctx, unsigned what, struct pci_list **out)
{
	struct timedio_reader *locked = NULL;
	struct pci_list *list;
	char **names = NULL;
	size_t n = 0;
	int rc;

	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	rc = path_list_dir(ctx, &names, &n, PATH_SYS_PCI_DEVICES);
	if (rc == -ENOENT) {
		*out = list;
		return 0;
	}
	if (rc < 0) {
		free(list);
		return rc;
	}
	list->devs = calloc(n ? n : 1, sizeof(*list->devs));
	if (!list->devs) {
		rc = -ENOMEM;
		goto fail;
	}
	/* the bounded child only for what takes the device lock */
	if (what & (PCI_READ_OVERRIDE | PCI_READ_SRIOV)) {
		rc = timedio_reader_new(ctx, PCI_LOCKED_READ_TIMEOUT_MS, &locked);
		if (rc < 0)
			goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		rc = read_device(ctx, locked, names[i], what, &list->devs[list->count]);
		if (rc == -EINVAL) {
			vfio_dbg("skipping '%s': not a PCI address", names[i]);
			continue;
		}
		list->count++;
		if (rc < 0)
			goto fail;
	}
	timedio_reader_free(locked);
	locked = NULL;
	/* pci.ids only when a name is shown: parsing it costs more than a small host */
	if (what & PCI_READ_NAMES)
		name_devices(ctx, list->devs, list->count, &list->ids_file);
	/* path_list_dir() sorts with strverscmp(): BDF order already, unless a name is odd */
	for (size_t i = 1; i < list->count; i++) {
		if (cmp_dev(&list->devs[i - 1], &list->devs[i]) > 0) {
			qsort(list->devs, list->count, sizeof(*list->devs), cmp_dev);
			break;
		}
	}
	strv_free(names);
	*out = list;
	return 0;
fail:
	timedio_reader_free(locked);
	strv_free(names);
	pci_list_free(list);
	return rc;
}

int pci_scan_names(struct path_ctx *ctx, const char *const *names, size_t n,
		   struct pci_list **out)
{
	struct timedio_reader *locked = NULL;
	struct pci_list *list;
	struct pci_bdf *want = NULL;
	bool *missing = NULL;
	char **entries = NULL;
	size_t nwant = 0, nmissing = 0;
	int rc;

	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	/* the error pci_scan()'s listing would meet, without the listing */
	rc = path_open(ctx, O_RDONLY | O_DIRECTORY | O_CLOEXEC, PATH_SYS_PCI_DEVICES);
	if (rc == -ENOENT) {
		*out = list;
		return 0;
	}
	if (rc < 0) {
		free(list);
		return rc;
	}
	close(rc);
	want = calloc(n ? n : 1, sizeof(*want));
	missing = calloc(n ? n : 1, sizeof(*missing));
	list->devs = calloc(n ? n : 1, sizeof(*list->devs));
	if (!want || !missing || !list->devs) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_bdf b;
		bool dup = false;

		if (bdf_parse(names[i], &b) < 0)
			continue;
		for (size_t k = 0; k < nwant && !dup; k++)
			dup = bdf_compare(&want[k], &b) == 0;
		if (!dup)
			want[nwant++] = b;
	}
	rc = timedio_reader_new(ctx, PCI_LOCKED_READ_TIMEOUT_MS, &locked);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < nwant; i++) {
		char name[BDF_STRLEN];

		bdf_format(&want[i], name, sizeof(name));
		rc = read_device(ctx, locked, name, PCI_READ_ALL, &list->devs[list->count]);
		if (rc == -EINVAL) {
			missing[i] = true;
			nmissing++;
			rc = 0;
			continue;
		}
		list->count++;
		if (rc < 0)
			goto out;
	}
	/* pci_scan() matches by address: an entry named otherwise ("01:00.0") still counts */
	if (nmissing && path_list_dir(ctx, &entries, NULL, PATH_SYS_PCI_DEVICES) == 0) {
		for (char **e = entries; *e && rc == 0; e++) {
			struct pci_bdf b;
			size_t k;

			if (bdf_parse(*e, &b) < 0)
				continue;
			for (k = 0; k < nwant; k++)
				if (missing[k] && bdf_compare(&want[k], &b) == 0)
					break;
			if (k == nwant)
				continue;
			rc = read_device(ctx, locked, *e, PCI_READ_ALL, &list->devs[list->count]);
			if (rc == -EINVAL) {
				rc = 0;
				continue;
			}
			missing[k] = false;
			list->count++;
		}
	}
	if (rc == 0) {
		qsort(list->devs, list->count, sizeof(*list->devs), cmp_dev);
		name_devices(ctx, list->devs, list->count, &list->ids_file);
	}
out:
	timedio_reader_free(locked);
	strv_free(entries);
	free(want);
	free(missing);
	if (rc < 0) {
		pci_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}

int pci_scan(struct path_ctx *ctx, struct pci_list **out)
{
	return pci_scan_mask(ctx, PCI_READ_ALL, out);
}

void pci_list_free(struct pci_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		pci_device_clear(&list->devs[i]);
	free(list->devs);
	free(list->ids_file);
	free(list);
}

static int cmp_bdf_key(const void *key, const void *elem)
{
	return bdf_compare(key, &((const struct pci_device *)elem)->bdf);
}

struct pci_device *pci_list_find(const struct pci_list *list,
				 const struct pci_bdf *bdf)
{
	/* sorted by BDF (pci_scan_mask()): a lookup per group member stays O(log n) */
	if (!list->count)
		return NULL;
	return bsearch(bdf, list->devs, list->count, sizeof(*list->devs), cmp_bdf_key);
}

struct pci_device *pci_list_find_name(const struct pci_list *list,
				      const char *name)
{
	struct pci_bdf bdf;

	if (bdf_parse(name, &bdf) < 0)
		return NULL;
	return pci_list_find(list, &bdf);
}
