/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isolation.h: why the members of an IOMMU group share it (ACS, multifunction, override) */
#ifndef VFIO_ISOLATION_H
#define VFIO_ISOLATION_H

#include <stddef.h>

#include "iommu.h"
#include "topo.h"

enum isol_kind {
	/* @dev sits below @via, and the path from @via to the root is not an
	 * ACS boundary at @culprit: @dev joins @via's group */
	ISOL_UPSTREAM,
	/* @dev and @peer are functions of one multifunction device, and
	 * neither is an ACS boundary (@culprit is @dev) */
	ISOL_MULTIFUNCTION,
	/* @dev is separated from its neighbours only because pcie_acs_override
	 * calls @culprit an ACS boundary: the isolation is not real */
	ISOL_OVERRIDE,
	/* cannot tell: @culprit's config space could not be read far enough */
	ISOL_UNKNOWN,
	/* @dev shares the group, but no missing ACS explains it: a DMA alias
	 * (a kernel quirk or the firmware's IOMMU tables), or a non-PCI member */
	ISOL_UNEXPLAINED,
};

struct isol_reason {
	enum isol_kind kind;
	int dev;		/* topology node indexes; -1 when not applicable */
	int peer;
	int via;
	int culprit;
	const char *name;	/* ISOL_UNEXPLAINED: the member's name (a platform device) */
	struct acs_eval eval;	/* the culprit's evaluation */
};

struct isol_report {
	struct isol_reason *reasons;
	size_t count;
};

/**
 * isol_explain_group() - why the members of @group share it
 * @topo: from pci_topo_build() over the same pci_list as @group
 * @group: from iommu_group_scan()
 * @out: filled in; release with isol_report_clear()
 *
 * Replays the kernel's pci_device_group() (drivers/iommu/iommu.c) for
 * each PCI member: going up from its bus, the first bridge whose path to
 * the root is not an ACS boundary for REQ_ACS_FLAGS (SV, RR, CR, UF) is
 * the group it joins (ISOL_UPSTREAM); then get_pci_function_alias_group():
 * functions of one slot that are not ACS boundaries share a group
 * (ISOL_MULTIFUNCTION). A member that no such reason puts beside another
 * is ISOL_UNEXPLAINED (only in a group of several members). With
 * pcie_acs_override, each member whose separation rests on the override
 * gets an ISOL_OVERRIDE, in a group of one too. A reason that depends on
 * an unreadable config space is ISOL_UNKNOWN, never a guess.
 * Return: 0 or -ENOMEM.
 */
int isol_explain_group(struct pci_topo *topo, const struct iommu_group *group,
		       struct isol_report *out);

/** isol_report_clear() - free the reasons of a report */
void isol_report_clear(struct isol_report *r);

/** isol_kind_name() - "upstream", "multifunction", ... (stable, for JSON) */
const char *isol_kind_name(enum isol_kind kind);

#endif
