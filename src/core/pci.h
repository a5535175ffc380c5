/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pci.h: PCI devices as sysfs describes them */
#ifndef VFIO_PCI_H
#define VFIO_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdf.h"
#include "path.h"

#define PCI_HEADER_NORMAL	0x00
#define PCI_HEADER_BRIDGE	0x01
#define PCI_HEADER_CARDBUS	0x02
#define PCI_HEADER_UNKNOWN	0xff

#define PCI_DRIVER_MAX		64

/*
 * One PCI function. Strings are owned by the device; fields the kernel
 * did not expose keep their "unknown" value (-1, empty string, NULL).
 */
/* a read that waits on the device lock, in a listing */
#define PCI_LOCKED_READ_TIMEOUT_MS	1000

struct pci_device {
	struct pci_bdf bdf;
	char name[BDF_STRLEN];		/* canonical BDF, sysfs directory name */
	uint32_t class_code;		/* 0xCCSSPP from "class" */
	uint16_t vendor_id, device_id;
	uint16_t subsys_vendor_id, subsys_device_id;
	int revision;			/* -1 when absent */
	char driver[PCI_DRIVER_MAX];	/* "" when unbound */
	char *driver_override;		/* NULL when unset ("(null)") or unknown */
	bool state_unknown;		/* driver_override/sriov_numvfs timed out (device lock) */
	int numa_node;			/* -1 when unknown */
	int iommu_group;		/* -1 when the device has no group */
	char *reset_method;		/* NULL when absent/empty: no function reset */
	int sriov_totalvfs;		/* -1 when not SR-IOV capable */
	int sriov_numvfs;		/* -1 when not SR-IOV capable */
	char physfn[BDF_STRLEN];	/* the PF of a VF, "" otherwise */
	char (*virtfns)[BDF_STRLEN];	/* a PF's enabled VFs (virtfnN links), in order */
	size_t nvirtfns;
	uint8_t header_type;		/* PCI_HEADER_*, low 7 bits of config 0x0e */
	bool multifunction;		/* bit 7 of the header type byte */
	int boot_vga;			/* -1 absent, 0, 1 */
	int enable;			/* -1 absent, 0, 1 */
	char *vendor_name;		/* from pci.ids; NULL when unknown */
	char *device_name;
	char *class_name;		/* subclass name, e.g. "VGA compatible controller" */
	int read_error;			/* 0, or the -errno (-EACCES...) that kept its directory,
					 * IDs, driver or group link from being read: those say
					 * "unknown", never "none" (pci_device_readable()) */
};

struct pci_list {
	struct pci_device *devs;	/* sorted by BDF */
	size_t count;
	char *ids_file;			/* the pci.ids that named them, or NULL */
};

/**
 * pci_scan() - read every PCI function under /sys/bus/pci/devices
 * @ctx: sysroot
 * @out: receives the list; free with pci_list_free()
 *
 * Reads sysfs attributes only (ABI: Documentation/ABI/testing/sysfs-bus-pci):
 * class, vendor, device, subsystem_*, revision, the driver and iommu_group
 * links, driver_override, numa_node, reset_method, sriov_*, physfn,
 * boot_vga, enable. The header type is byte 0x0e of the device's config
 * file, read through the path context like every attribute (falling back
 * to the class code when config space cannot be read). Names are what
 * libpci's pci.ids lookup gives, read in one pass for the IDs present
 * (pciids_name_devices()): the sysroot's usr/share/misc/pci.ids when
 * present (resolved inside the tree, a regular file of at most 32 MiB, or
 * no names and a warning), else the system's; udev's hwdb is not
 * consulted, so names do not depend on the host.
 *
 * A directory without /sys/bus/pci yields an empty list (no PCI bus, or a
 * container), not an error.
 *
 * Return: 0, -ENOMEM, or -errno of listing the directory (other than
 * -ENOENT). A device whose directory, IDs, driver link or group link cannot
 * be read (any error but "absent": -EACCES under an LSM or a restricted
 * container, -EISDIR...) is listed with @read_error set.
 */
int pci_scan(struct path_ctx *ctx, struct pci_list **out);

/**
 * pci_scan_names() - read only the named PCI functions, as pci_scan() reads each
 * @ctx: sysroot
 * @names: @n addresses in any form bdf_parse() takes ("0000:01:00.0",
 *         "01:00.0"); names that are no address, and repeats, are ignored
 * @out: receives the functions of @names that exist, sorted by BDF; free
 *       with pci_list_free()
 *
 * The cost grows with @n, not with the host: each function is read at
 * sys/bus/pci/devices/<canonical BDF>; only one that is not there by that
 * name is looked for among the directory's entries (one listing), since
 * pci_scan() matches entries by address. pci.ids is loaded as pci_scan()
 * loads it, with the same warnings.
 *
 * Return: 0, -ENOMEM, or the -errno of opening sys/bus/pci/devices (other
 * than -ENOENT, which gives an empty list): the error pci_scan() returns.
 */
int pci_scan_names(struct path_ctx *ctx, const char *const *names, size_t n,
		   struct pci_list **out);

/*
 * What pci_scan_mask() and pci_device_read() read of a device. A listing
 * asks only for what its printed columns (and verdicts) need: every
 * attribute file is an open, a read and a close, and the ones that take
 * the device lock go through a bounded child.
 */
enum {
	PCI_READ_IDS = 1u << 0,		/* class, vendor, device, revision, header type:
					 * one read of config space, else the attribute files */
	PCI_READ_SUBSYS = 1u << 1,	/* subsystem IDs: the attribute files where config space
					 * (header type 0, read with PCI_READ_IDS) gave none */
	PCI_READ_DRIVER = 1u << 2,	/* the driver link */
	PCI_READ_GROUP = 1u << 3,	/* the iommu_group link */
	PCI_READ_OVERRIDE = 1u << 4,	/* driver_override (device lock: bounded child) */
	PCI_READ_SRIOV = 1u << 5,	/* sriov_totalvfs, sriov_numvfs (bounded child), physfn, virtfnN */
	PCI_READ_MISC = 1u << 6,	/* numa_node, reset_method, boot_vga, enable */
	PCI_READ_NAMES = 1u << 7,	/* vendor, device and class names from pci.ids */
	PCI_READ_KIDS = 1u << 8,	/* class, vendor and device as the kernel keeps them,
					 * after its fixups (the attribute files; config space
					 * holds the hardware's): what show and claims judge by */
	/* what says whether a device can be read at all (read_error): every listing reads it */
	PCI_READ_BASE = PCI_READ_IDS | PCI_READ_DRIVER | PCI_READ_GROUP,
	PCI_READ_ALL = 0x1ffu,
};

/**
 * pci_scan_mask() - pci_scan() that reads only @what (PCI_READ_*) of each device
 * @what: fields not asked for keep their "unknown" value (-1, "", NULL);
 *        without PCI_READ_NAMES pci.ids is not opened (@out->ids_file NULL),
 *        without PCI_READ_OVERRIDE and PCI_READ_SRIOV no child is started
 *
 * Return: as pci_scan().
 */
int pci_scan_mask(struct path_ctx *ctx, unsigned what, struct pci_list **out);

/**
 * pci_device_read() - read one device, @what of it, as pci_scan_mask() would
 * @name: its directory name under /sys/bus/pci/devices (a BDF)
 * @out: filled in; release with pci_device_clear()
 *
 * For a command about one device (show, claim): its cost does not grow
 * with the host. A device whose directory cannot be read (-EACCES...) is
 * returned with read_error set, as in a scan.
 * Return: 0, -ENOENT when there is no such device (or @name is not a
 * BDF), -ENOMEM.
 */
int pci_device_read(struct path_ctx *ctx, const char *name, unsigned what,
		    struct pci_device *out);

/**
 * pci_list_read_overrides() - read driver_override of the devices of @list
 *                             that @want picks, when a scan without
 *                             PCI_READ_OVERRIDE left it unread
 * @want: called for each readable device whose override is still NULL
 *
 * driver_override waits on the device lock: one bounded child (timedio)
 * serves them all, and is started only when one is wanted. A device whose
 * read times out gets state_unknown, as in a scan.
 * Return: 0, -ENOMEM, or the -errno of starting the child.
 */
int pci_list_read_overrides(struct path_ctx *ctx, struct pci_list *list,
			    bool (*want)(const struct pci_device *d));

/**
 * pci_device_read_group() - read the iommu_group link of a device read
 *                           without PCI_READ_GROUP (as pci_scan_mask() would)
 * Sets @d->iommu_group, or @d->read_error when the link is there but
 * cannot be read. Return: 0, or the -errno of the read (-ENOENT: no group).
 */
int pci_device_read_group(struct path_ctx *ctx, struct pci_device *d);

/** pci_device_clear() - free what a device read allocated (not @d itself) */
void pci_device_clear(struct pci_device *d);

/** pci_list_free() - free a list from pci_scan(); NULL is allowed */
void pci_list_free(struct pci_list *list);

/** pci_list_find() - the device with this address, or NULL (binary search: the list is sorted) */
struct pci_device *pci_list_find(const struct pci_list *list,
				 const struct pci_bdf *bdf);

/** pci_list_find_name() - the device with this sysfs name, or NULL */
struct pci_device *pci_list_find_name(const struct pci_list *list,
				      const char *name);

/**
 * pci_device_readable() - whether what sysfs says of @dev was read; when
 * not, an empty driver or IDs of 0 mean "unknown", and any verdict built
 * on them (viability, a claim) is unknown too
 */
static inline bool pci_device_readable(const struct pci_device *dev)
{
	return dev->read_error == 0;
}

/*
 * What kind of bridge a function is. vfio-pci itself refuses only a header
 * type other than normal (vfio_pci_core_register_device(): -EINVAL); vfioctl
 * refuses every class 06 function as well: host bridges, ISA/LPC bridges
 * and the other 06xx functions with a normal header are chipset (platform)
 * functions that the host needs, not cards to hand to a guest.
 */
enum pci_bridge {
	PCI_BRIDGE_NONE,	/* an endpoint */
	PCI_BRIDGE_PCI,		/* header type 1 or 2: PCI-to-PCI, CardBus, root/downstream port */
	PCI_BRIDGE_PLATFORM,	/* class 06xx with a normal header: host, ISA/LPC, other bridge */
};

/**
 * pci_device_bridge() - the one bridge test (KIND, claim plans, viability)
 *
 * PCI_BRIDGE_PCI for header type 1 or 2, or, when config space could not
 * be read, class 0604/0607/0609; PCI_BRIDGE_PLATFORM for any other class
 * 06 function; PCI_BRIDGE_NONE otherwise. No bridge of either kind is ever
 * bound to vfio-pci. For viability only PCI_BRIDGE_PCI is special, and only
 * before 5.19 (the kernel's vfio_dev_driver_allowed() tests hdr_type).
 */
enum pci_bridge pci_device_bridge(const struct pci_device *dev);

/** pci_device_is_bridge() - pci_device_bridge() is not PCI_BRIDGE_NONE */
bool pci_device_is_bridge(const struct pci_device *dev);

/** pci_bridge_name() - "none", "pci", "platform" (stable, for JSON) */
const char *pci_bridge_name(enum pci_bridge bridge);

/*
 * Coarse device classes for filters (--class). The kernel has no such
 * notion: these group PCI base classes the way admins talk about cards.
 */
enum pci_kind {
	PCI_KIND_OTHER,
	PCI_KIND_GPU,		/* 03xx display controllers */
	PCI_KIND_AUDIO,		/* 0401, 0403 */
	PCI_KIND_NIC,		/* 02xx */
	PCI_KIND_NVME,		/* 0108 */
	PCI_KIND_STORAGE,	/* 01xx except NVMe */
	PCI_KIND_USB,		/* 0c03 */
	PCI_KIND_BRIDGE,	/* 06xx, or any header type 1/2: pci_device_bridge() */
	PCI_KIND_ACCEL,		/* 12xx processing accelerators */
	PCI_KIND_SERIAL_BUS,	/* 0cxx other than USB */
	PCI_KIND__COUNT,
};

/** pci_device_kind() - the coarse class of a device */
enum pci_kind pci_device_kind(const struct pci_device *dev);

/** pci_kind_name() - "gpu", "nic", ... (stable, used in JSON and --class) */
const char *pci_kind_name(enum pci_kind kind);

/**
 * pci_kind_parse() - the kind named by "gpu", "nic", ...
 * Return: 0, or -EINVAL for an unknown name.
 */
int pci_kind_parse(const char *name, enum pci_kind *out);

/** pci_driver_is_vfio() - "vfio-pci" or a vfio-pci variant driver */
bool pci_driver_is_vfio(const char *driver);

#endif
