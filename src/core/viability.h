/* SPDX-License-Identifier: GPL-2.0-or-later */
/* viability.h: whether VFIO can take an IOMMU group, and what blocks it */
#ifndef VFIO_VIABILITY_H
#define VFIO_VIABILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "iommu.h"
#include "kver.h"

enum viability_rule {
	/* 5.19+: VIABLE iff no member's driver uses the kernel DMA API */
	VIABILITY_RULE_DMA_OWNER,
	/* before 5.19: vfio_dev_viable(): unbound, vfio, pci-stub or a bridge */
	VIABILITY_RULE_LEGACY,
};

struct group_blocker {
	const struct iommu_member *member;	/* points into the group */
};

struct group_verdict {
	bool viable;				/* known to be viable: no blocker, nothing unknown */
	bool unknown;				/* no blocker seen, but not everything could be read */
	enum viability_rule rule;
	struct group_blocker *blockers;		/* malloc'd, in member order */
	size_t nblockers;
	struct group_blocker *unknowns;		/* members whose driver could not be read */
	size_t nunknowns;
	int read_error;				/* the group's member list could not be read */
};

/**
 * viability_rule_for() - the rule the running kernel applies
 * @kv: the kernel release; NULL when unknown, which selects the 5.19+ rule
 *      (every kernel a current distribution ships)
 */
enum viability_rule viability_rule_for(const struct kver *kv);

/** viability_rule_name() - "dma-owner" or "legacy" (stable, for JSON) */
const char *viability_rule_name(enum viability_rule rule);

/**
 * viability_driver_allowed() - whether a bound driver keeps a group viable
 * @driver: a driver name ("" or NULL for an unbound member)
 * @is_bridge: the member is a header-type bridge (type 1 or 2: PCI_BRIDGE_PCI);
 *             not a platform bridge (a class 06 function with a normal header)
 *
 * 5.19+ (drivers/vfio/group.c, "vfio: Set DMA ownership for VFIO devices"):
 * allowed are drivers with driver_managed_dma: vfio-pci and its variants,
 * vfio-platform/amba/cdx, pci-stub, pcieport. A bridge on any other driver
 * blocks. Before 5.19 (vfio_dev_viable()): unbound, vfio drivers, pci-stub,
 * or any bridge whatever its driver.
 */
bool viability_driver_allowed(enum viability_rule rule, const char *driver,
			      bool is_bridge);

/**
 * viability_member_allowed() - viability_driver_allowed() for one group member
 * @driver: the member's driver ("" when unbound)
 * @pci: the member's PCI function, NULL for a non-PCI member
 *
 * The bridge test is pci_device_bridge(), the one that device list (KIND)
 * and claim plans use: before 5.19 a PCI_BRIDGE_PCI member passes whatever
 * its driver (the kernel tests hdr_type), a platform bridge (host, ISA/LPC
 * bridge: header type 0) is judged by its driver like an endpoint; from
 * 5.19 on only the driver counts.
 */
bool viability_member_allowed(enum viability_rule rule, const char *driver,
			      const struct pci_device *pci);

/**
 * iommu_group_viability() - decide whether VFIO_GROUP_GET_STATUS would say
 *                           VIABLE, and name each member that prevents it
 * @group: from iommu_group_scan()
 * @kv: kernel release or NULL (see viability_rule_for())
 * @out: filled in; release with group_verdict_clear()
 *
 * A member that blocks makes the group not viable, whatever else is
 * unknown. Otherwise a member whose driver could not be read (read_error,
 * e.g. -EACCES) or a member list that could not be read makes the verdict
 * unknown (@out->unknown, @out->viable false): an unreadable driver is
 * never taken for "no driver".
 *
 * Return: 0 or -ENOMEM.
 */
int iommu_group_viability(const struct iommu_group *group,
			  const struct kver *kv, struct group_verdict *out);

/** group_verdict_clear() - free the blockers of a verdict */
void group_verdict_clear(struct group_verdict *v);

#endif
