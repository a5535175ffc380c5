/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persist.h: claims kept across reboots, one entry per device under /etc/vfioctl/persist.d */
#ifndef VFIO_PERSIST_H
#define VFIO_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdf.h"
#include "path.h"
#include "pci.h"

/* an entry is a few short lines; anything longer was not written by us */
#define PERSIST_ENTRY_MAX	512

/*
 * What identifies the hardware a kept claim was made for. A BDF alone is
 * not enough: adding a card or moving one renumbers buses, and a boot that
 * bound the new occupant of that address to vfio-pci would take a device
 * the user never chose (a disk controller, the NIC carrying SSH).
 */
struct persist_entry {
	char bdf[BDF_STRLEN];		/* canonical, equal to the file name */
	uint16_t vendor_id, device_id;
	uint16_t subsys_vendor_id, subsys_device_id;
	uint32_t class_code;		/* 0xCCSSPP */
	int group;			/* IOMMU group at claim time, -1 for none */
	char driver[PCI_DRIVER_MAX];	/* the driver to bind: vfio-pci or a variant */
};

enum persist_state {
	PERSIST_MATCHES,		/* same hardware; on the kept driver, or unbound */
	PERSIST_BOUND_ELSEWHERE,	/* same hardware, bound to another driver */
	PERSIST_MISSING,		/* no device at that address */
	PERSIST_ID_CHANGED,		/* another device (vendor/device/subsystem/class) */
	PERSIST_MOVED,			/* the device sits in another IOMMU group */
};

/* an entry checked against the hardware present now */
struct persist_status {
	enum persist_state state;
	struct persist_entry now;	/* what the device reads now (when present) */
	char driver[PCI_DRIVER_MAX];	/* its current driver, "" when unbound */
	char detail[160];		/* one line: what differs */
};

/**
 * persist_entry_path() - the sysroot-relative file of a BDF's entry
 * @bdf: canonical BDF
 * Return: 0 or -ENAMETOOLONG.
 */
int persist_entry_path(const char *bdf, char *buf, size_t size);

/**
 * persist_entry_format() - the text of an entry (version 1)
 * @buf, @size: output, at least PERSIST_ENTRY_MAX bytes
 *
 * Format, one "KEY VALUE" a line, in this order and nothing else:
 *   vfioctl-persist 1 / device BDF / ids VVVV:DDDD / subsystem VVVV:DDDD /
 *   class 0xCCSSPP / group N|none / driver NAME
 * Return: the length (> 0), or -EINVAL when @e holds a value that could
 * not be read back (a bad BDF or driver name), -ENOSPC when @size is short.
 */
int persist_entry_format(const struct persist_entry *e, char *buf, size_t size);

/**
 * persist_entry_parse() - parse an entry strictly (it is input from a file)
 * @text, @len: the file's bytes (need not be NUL-terminated)
 * @name: the file's name; the entry's BDF must be it, in canonical form
 * @e: receives the entry
 *
 * Every line of persist_entry_format(), in its order, once, with the exact
 * spelling it writes (lower-case hex, no blanks beyond one separator, a
 * final newline); the driver must be vfio-pci or a vfio-pci variant.
 * Return: 0, or -EBADMSG for anything else (also NUL bytes, more than
 * PERSIST_ENTRY_MAX bytes).
 */
int persist_entry_parse(const char *text, size_t len, const char *name,
			struct persist_entry *e);

/**
 * persist_read() - load the entry of @bdf
 * Return: 0, -ENOENT when none is kept, -EBADMSG when the file is not a
 * valid entry, or -errno of the read.
 */
int persist_read(struct path_ctx *ctx, const char *bdf, struct persist_entry *e);

/**
 * persist_write() - store an entry atomically (temp file, fsync, rename)
 *
 * Creates PATH_ETC_PERSIST_DIR (0755) as needed; the file is 0644 (it
 * holds only IDs, so "persist list" works without root).
 * Return: 0, -EINVAL for an entry that persist_entry_parse() would reject,
 * or -errno of the write.
 */
int persist_write(struct path_ctx *ctx, const struct persist_entry *e);

/**
 * persist_remove() - forget the entry of @bdf; absent is fine
 * Return: 0 or -errno.
 */
int persist_remove(struct path_ctx *ctx, const char *bdf);

/**
 * persist_list() - the BDFs that have an entry, sorted
 * @out: NULL-terminated array of canonical BDFs; free with strv_free()
 *
 * Only names that are canonical BDFs count: the temporary files of an
 * interrupted persist_write() ("BDF.tmp.PID") and strays are skipped.
 * Return: 0 (an empty list when the directory is absent), -ENOMEM, or
 * -errno of listing the directory.
 */
int persist_list(struct path_ctx *ctx, char ***out);

/**
 * persist_entry_from_device() - describe the device at @bdf as it is now
 * @driver: the driver the entry will bind (vfio-pci)
 *
 * Reads vendor, device, subsystem_vendor, subsystem_device, class and the
 * iommu_group link (ABI: Documentation/ABI/testing/sysfs-bus-pci).
 * Return: 0, -ENOENT when there is no such device, -EINVAL for a bad BDF
 * or a driver that is not a vfio-pci driver, or -errno of a read.
 */
int persist_entry_from_device(struct path_ctx *ctx, const char *bdf, const char *driver,
			      struct persist_entry *e);

/**
 * persist_keep() - keep a claim of @bdf for @driver over reboots
 *
 * persist_entry_from_device() then persist_write(); an existing entry is
 * replaced, so keeping again after a hardware change records the new IDs.
 * Return: as those two.
 */
int persist_keep(struct path_ctx *ctx, const char *bdf, const char *driver);

/**
 * persist_check() - compare an entry with the hardware present now
 * @st: receives the state, the current identity and driver, and a detail
 *
 * The order of the verdicts is the order of their danger: a missing device,
 * then different IDs (another card at that address), then another IOMMU
 * group (the topology changed: the claim may now drag other devices in),
 * then a driver other than the kept one. Only PERSIST_MATCHES and
 * PERSIST_BOUND_ELSEWHERE may be applied (persist_state_applicable()).
 * Return: 0, or -errno of a read other than the device being absent.
 */
int persist_check(struct path_ctx *ctx, const struct persist_entry *e,
		  struct persist_status *st);

/** persist_state_name() - "matches", "bound elsewhere", "device missing", ... */
const char *persist_state_name(enum persist_state s);

/** persist_state_applicable() - whether an entry in state @s may be bound */
bool persist_state_applicable(enum persist_state s);

#endif
