/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dynids.h: vfio-pci's dynamic IDs (vfio-pci.ids=, modprobe.d ids=, new_id), what they catch */
#ifndef VFIO_DYNIDS_H
#define VFIO_DYNIDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host.h"
#include "path.h"
#include "pci.h"

#define DYNID_ANY 0xffffffffu /* PCI_ANY_ID */

/*
 * One ID vfio-pci adds as a dynamic ID when it loads, in the form of
 * vfio_pci_fill_ids(): "VVVV:DDDD[:SVVV:SDDD[:CCCCCC:MMMMMM]]", hex;
 * absent subsystem IDs match any, class/mask default to 0 (any class).
 */
struct dynid {
	uint32_t vendor, device, subvendor, subdevice, class_code, class_mask;
	char text[64];	  /* as written: "10de:1b80" */
	char source[128]; /* "the kernel command line", "etc/modprobe.d/vfio.conf" */
	bool cmdline;	  /* from the command line (else a modprobe.d file) */
};

struct dynids {
	struct dynid *v;
	size_t n;
};

/**
 * dynids_read() - every vfio-pci ID configured for the sysroot
 * @ctx: sysroot
 * @cmdline_ids: the value of vfio-pci.ids= (or vfio_pci.ids=) on the
 *               kernel command line (struct iommu_cmdline), NULL if none
 * @out: filled in; free with dynids_clear()
 *
 * The kernel cannot say which dynamic IDs vfio-pci holds: its "ids"
 * parameter is __initdata with no sysfs file, and new_id is write-only.
 * What is readable is where they come from: the command line, and
 * "options vfio-pci ids=..." (or vfio_pci) in the modprobe.d directories
 * kmod reads (etc/, run/, usr/local/lib/, usr/lib/, lib/), a file name in
 * an earlier directory hiding the same name in a later one.
 * Return: 0, -ENOMEM. Unreadable files are skipped; a malformed ID is
 * skipped as vfio_pci_fill_ids() skips it.
 */
int dynids_read(const struct path_ctx *ctx, const char *cmdline_ids, struct dynids *out);

/** dynids_clear() - free what dynids_read() filled in */
void dynids_clear(struct dynids *ids);

#define DYNID_LABEL_MAX 256

/**
 * dynid_label() - where @id comes from, for people: "vfio-pci.ids=10de:1b80
 * on the kernel command line", "vfio-pci ids=8086:1533 in
 * etc/modprobe.d/vfio.conf"; @size of DYNID_LABEL_MAX holds any
 */
void dynid_label(const struct dynid *id, char *buf, size_t size);

/** dynid_matches() - does @id match @d, as pci_match_one_device() decides */
bool dynid_matches(const struct dynid *id, const struct pci_device *d);

enum dynid_state {
	DYNID_NONE,	/* nothing to say */
	DYNID_CAUGHT,	/* an ID matches and the device is on vfio-pci */
	DYNID_IGNORED,	/* an ID matches but the device is on another driver */
	DYNID_UNBOUND,	/* an ID matches and the device has no driver */
	DYNID_INFERRED, /* on vfio-pci with no driver_override and no ID source:
			 * a new_id write (or an override cleared after the bind) */
};

/**
 * dynids_state() - what vfio-pci's dynamic IDs mean for @d
 * @id: receives the first matching ID (NULL for NONE and INFERRED)
 */
enum dynid_state dynids_state(const struct dynids *ids, const struct pci_device *d,
			      const struct dynid **id);

/**
 * dynids_catches() - the devices of @pci that @id matches, in BDF order
 * @out: up to @max pointers into @pci
 * Return: how many match (may exceed @max).
 */
size_t dynids_catches(const struct dynid *id, const struct pci_list *pci,
		      const struct pci_device **out, size_t max);

/**
 * dynids_describe() - one sentence on what the dynamic IDs mean for @d
 * @pci: every device, to list those an ID also catches
 * @vfio_pci_loaded: sys/module/vfio_pci exists (an ID in modprobe.d is
 *                   then either applied or ignored, not pending)
 * @buf: "vfio-pci.ids=10de:1b80 on the kernel command line matches it:
 *       vfio-pci takes every device with these IDs when it loads:
 *       0000:01:00.0 (vfio-pci), 0000:02:00.0 (vfio-pci)", or why it was
 *       ignored (vfio-pci loaded after the host driver), or what a device
 *       on vfio-pci without driver_override says (a new_id write)
 * Return: the state; DYNID_NONE leaves @buf empty.
 */
enum dynid_state dynids_describe(const struct dynids *ids, const struct pci_list *pci,
				 const struct pci_device *d, bool vfio_pci_loaded, char *buf,
				 size_t size);

struct bind_plan;

/**
 * dynids_check_plan() (dynids-plan.c) - a "dynamic-id" warning in a claim plan for each
 * device of @bp that a dynamic ID of vfio-pci concerns (dynids_describe())
 * Return: 0 or -ENOMEM. Other plans are left alone.
 */
int dynids_check_plan(const struct path_ctx *ctx, const struct host_snapshot *snap,
		      struct bind_plan *bp);

#endif
