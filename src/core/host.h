/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host.h: one consistent snapshot of PCI devices, IOMMU groups and host state */
#ifndef VFIO_HOST_H
#define VFIO_HOST_H

#include "hoststate.h"
#include "iommu.h"
#include "pci.h"
#include "viability.h"

/*
 * Front ends take one snapshot per command (or per dashboard tick) and
 * render from it, so every pane and every line agrees with the others.
 */
struct host_snapshot {
	struct iommu_host host;
	struct pci_list *pci;
	struct iommu_group_list *groups;
	struct group_verdict *verdicts;	/* parallel to groups->groups */
	/*
	 * A scoped snapshot (host_snapshot_take_group()/_device()) holds one
	 * group and the devices its verdict and a plan need; host.ngroups,
	 * host.nnoiommu_groups and host.state are not read in it.
	 */
	bool scoped;
	bool any_groups;		/* the host has an IOMMU group (for "no such group") */
};

/**
 * host_snapshot_take() - read PCI devices, IOMMU groups, host state and
 *                        each group's viability verdict
 * @ctx: sysroot
 * @out: receives the snapshot; free with host_snapshot_free()
 *
 * Return: 0, -ENOMEM, or the -errno of pci_scan()/iommu_group_scan().
 */
int host_snapshot_take(struct path_ctx *ctx, struct host_snapshot **out);

/**
 * host_snapshot_take_group() - a snapshot of one IOMMU group: what
 *                              "group show" and a group's plan read
 * @ctx: sysroot
 * @id: the group number
 * @out: receives a scoped snapshot (@out->scoped); free with
 *       host_snapshot_free()
 *
 * Reads the host state without the group count (iommu_host_read_brief()),
 * the group (iommu_group_read()), and its PCI members
 * (pci_scan_names()), and decides its verdict: the same group, members,
 * devices and verdict host_snapshot_take() holds for it, at a cost that
 * grows with the group, not with the host. Without such a group the
 * snapshot holds no group, and any_groups says whether the host has any.
 *
 * Return: 0, -ENOMEM, or the -errno host_snapshot_take() returns for an
 * unreadable sys/bus/pci/devices or sys/kernel/iommu_groups.
 */
int host_snapshot_take_group(struct path_ctx *ctx, int id, struct host_snapshot **out);

/**
 * host_snapshot_take_device() - a snapshot of one PCI function and its
 *                               group: what "device show" and a device's
 *                               plan read
 * @ctx: sysroot
 * @bdf: the function's address (any form bdf_parse() takes)
 * @out: receives a scoped snapshot; free with host_snapshot_free()
 *
 * The function (when it exists) and, when it has one, its IOMMU group as
 * host_snapshot_take_group() reads it. The cost grows with the group.
 * Return: 0, -EINVAL for an address bdf_parse() refuses, -ENOMEM, or the
 * -errno of host_snapshot_take_group().
 */
int host_snapshot_take_device(struct path_ctx *ctx, const char *bdf,
			      struct host_snapshot **out);

/* host_snapshot_take_mask(): the groups' reserved_regions too (DIRECT, show, verify) */
#define HOST_READ_REGIONS	(1u << 12)
/* host_snapshot_take_mask(): the groups' default domain types too (TYPE, show) */
#define HOST_READ_TYPES		(1u << 13)
/* what every listing reads: IDs, class, header type, driver; groups from the group scan */
#define HOST_READ_LIST		(PCI_READ_IDS | PCI_READ_DRIVER)
/* what host_snapshot_take() reads: everything */
#define HOST_READ_ALL		(PCI_READ_ALL | HOST_READ_REGIONS | HOST_READ_TYPES)

/**
 * host_snapshot_take_mask() - host_snapshot_take() that reads of each PCI
 *                             device only @what (PCI_READ_*, see
 *                             pci_scan_mask()), and reserved_regions only
 *                             with HOST_READ_REGIONS
 *
 * The verdicts need each member's driver and, before 5.19, its header
 * type: PCI_READ_IDS and PCI_READ_DRIVER are always read. Without
 * PCI_READ_GROUP a device's IOMMU group is the one whose devices/ lists
 * it (one directory read a group instead of one readlink a device); only
 * a device that no group lists has its iommu_group link read. A listing
 * passes what its columns print (HOST_READ_LIST and more); the fields it
 * did not ask for keep their "unknown" values.
 * Return: as host_snapshot_take().
 */
int host_snapshot_take_mask(struct path_ctx *ctx, unsigned what, struct host_snapshot **out);

/**
 * host_snapshot_decide() - the verdict of each group of @s (@s->verdicts,
 *                          parallel to @s->groups), under the rule of its
 *                          kernel release; for the snapshot readers
 * Return: 0 or -ENOMEM (host_snapshot_free() releases what was made).
 */
int host_snapshot_decide(struct host_snapshot *s);

/** host_snapshot_free() - free a snapshot; NULL is allowed */
void host_snapshot_free(struct host_snapshot *snap);

/**
 * host_snapshot_verdict() - the verdict of the group with number @id
 * Return: the verdict, or NULL when there is no such group.
 */
const struct group_verdict *host_snapshot_verdict(const struct host_snapshot *snap,
						  int id);

#endif
