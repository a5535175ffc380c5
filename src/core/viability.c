// SPDX-License-Identifier: GPL-2.0-or-later
/* viability.c: the kernel's VFIO group viability rule, by kernel era */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "viability.h"

enum viability_rule viability_rule_for(const struct kver *kv)
{
	if (kv && !kver_at_least(kv, 5, 19))
		return VIABILITY_RULE_LEGACY;
	return VIABILITY_RULE_DMA_OWNER;
}

const char *viability_rule_name(enum viability_rule rule)
{
	return rule == VIABILITY_RULE_LEGACY ? "legacy" : "dma-owner";
}

static bool driver_is_vfio_family(const char *driver)
{
	return pci_driver_is_vfio(driver) || strcmp(driver, "vfio-platform") == 0 ||
	       strcmp(driver, "vfio-amba") == 0 ||
	       strcmp(driver, "vfio_cdx") == 0 || strcmp(driver, "vfio-cdx") == 0;
}

bool viability_driver_allowed(enum viability_rule rule, const char *driver,
			      bool is_bridge)
{
	if (!driver || !*driver)
		return true;
	if (driver_is_vfio_family(driver) || strcmp(driver, "pci-stub") == 0)
		return true;
	if (rule == VIABILITY_RULE_LEGACY)
		return is_bridge;
	return strcmp(driver, "pcieport") == 0;
}

bool viability_member_allowed(enum viability_rule rule, const char *driver,
			      const struct pci_device *pci)
{
	/* only a header-type bridge is exempt before 5.19, never a platform bridge */
	return viability_driver_allowed(rule, driver,
					pci && pci_device_bridge(pci) == PCI_BRIDGE_PCI);
}

int iommu_group_viability(const struct iommu_group *group,
			  const struct kver *kv, struct group_verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->rule = viability_rule_for(kv);
	out->read_error = group->read_error;
	for (size_t i = 0; i < group->nmembers; i++) {
		const struct iommu_member *m = &group->members[i];

		if (m->read_error) {
			if (!out->unknowns) {
				out->unknowns = calloc(group->nmembers, sizeof(*out->unknowns));
				if (!out->unknowns)
					return -ENOMEM;
			}
			out->unknowns[out->nunknowns++].member = m;
			continue;
		}
		if (viability_member_allowed(out->rule, m->driver, m->pci))
			continue;
		if (!out->blockers) {
			out->blockers = calloc(group->nmembers,
					       sizeof(*out->blockers));
			if (!out->blockers)
				return -ENOMEM;
		}
		out->blockers[out->nblockers++].member = m;
	}
	out->unknown = out->nblockers == 0 && (out->nunknowns || out->read_error);
	out->viable = out->nblockers == 0 && !out->unknown;
	return 0;
}

void group_verdict_clear(struct group_verdict *v)
{
	free(v->blockers);
	v->blockers = NULL;
	v->nblockers = 0;
	free(v->unknowns);
	v->unknowns = NULL;
	v->nunknowns = 0;
}
