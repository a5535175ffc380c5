// SPDX-License-Identifier: GPL-2.0-or-later
/* host.c: take one snapshot of the host for a command or a dashboard tick */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "host.h"

int host_snapshot_take(struct path_ctx *ctx, struct host_snapshot **out)
{
	return host_snapshot_take_mask(ctx, HOST_READ_ALL, out);
}

int host_snapshot_take_mask(struct path_ctx *ctx, unsigned what, struct host_snapshot **out)
{
	struct host_snapshot *s;
	int rc;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	rc = iommu_host_read(ctx, &s->host);
	if (rc < 0) {
		free(s);
		return rc;
	}
	rc = pci_scan_mask(ctx, (what & PCI_READ_ALL) | HOST_READ_LIST, &s->pci);
	if (rc < 0)
		goto fail;
	rc = iommu_group_scan_mask(ctx, s->pci,
				   ((what & HOST_READ_REGIONS) ? IOMMU_READ_REGIONS : 0) |
				   ((what & HOST_READ_TYPES) ? IOMMU_READ_TYPE : 0), &s->groups);
	if (rc < 0)
		goto fail;
	if (!(what & PCI_READ_GROUP)) {
		/* each member's group from the scan; the link only of a device no group lists */
		for (size_t i = 0; i < s->groups->count; i++) {
			const struct iommu_group *g = &s->groups->groups[i];

			for (size_t m = 0; m < g->nmembers; m++)
				if (g->members[m].pci)
					g->members[m].pci->iommu_group = g->id;
		}
		for (size_t i = 0; i < s->pci->count; i++)
			if (s->pci->devs[i].iommu_group < 0)
				pci_device_read_group(ctx, &s->pci->devs[i]);
	}
	s->any_groups = s->groups->count > 0;
	rc = host_snapshot_decide(s);
	if (rc < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	host_snapshot_free(s);
	return rc;
}

int host_snapshot_decide(struct host_snapshot *s)
{
	s->verdicts = calloc(s->groups->count ? s->groups->count : 1, sizeof(*s->verdicts));
	if (!s->verdicts)
		return -ENOMEM;
	for (size_t i = 0; i < s->groups->count; i++) {
		int rc = iommu_group_viability(&s->groups->groups[i],
					       s->host.kver_known ? &s->host.kver : NULL,
					       &s->verdicts[i]);

		if (rc < 0)
			return rc;
	}
	return 0;
}

void host_snapshot_free(struct host_snapshot *s)
{
	if (!s)
		return;
	if (s->verdicts && s->groups)
		for (size_t i = 0; i < s->groups->count; i++)
			group_verdict_clear(&s->verdicts[i]);
	free(s->verdicts);
	iommu_group_list_free(s->groups);
	pci_list_free(s->pci);
	iommu_host_clear(&s->host);
	free(s);
}

const struct group_verdict *host_snapshot_verdict(const struct host_snapshot *s,
						  int id)
{
	/* verdicts are parallel to the groups, which are sorted by id */
	const struct iommu_group *g = iommu_group_find(s->groups, id);

	return g ? &s->verdicts[g - s->groups->groups] : NULL;
}
