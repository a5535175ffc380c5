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

/** host_snapshot_free() - free a snapshot; NULL is allowed */
void host_snapshot_free(struct host_snapshot *snap);

/**
 * host_snapshot_verdict() - the verdict of the group with number @id
 * Return: the verdict, or NULL when there is no such group.
 */
const struct group_verdict *host_snapshot_verdict(const struct host_snapshot *snap,
						  int id);

#endif
