// SPDX-License-Identifier: GPL-2.0-or-later
/* dynids-plan.c: a claim plan warns about vfio-pci's dynamic IDs (vfioctl never uses them) */
#include "config.h"

#include "bind.h"
#include "dynids.h"

int dynids_check_plan(const struct path_ctx *ctx, const struct host_snapshot *snap,
		      struct bind_plan *bp)
{
	struct dynids ids;
	int rc;

	if (bp->op != BIND_OP_CLAIM)
		return 0;
	rc = dynids_read(ctx, snap->host.cmdline.vfio_pci_ids, &ids);
	if (rc < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < bp->ntargets; i++) {
		const struct pci_device *d = pci_list_find_name(snap->pci, bp->targets[i].name);
		char why[PLAN_CHECK_DETAIL_MAX];

		if (!d || dynids_describe(&ids, snap->pci, d, snap->host.modules.vfio_pci, why,
					  sizeof(why)) == DYNID_NONE)
			continue;
		rc = plan_add_check(&bp->plan, d->name, "dynamic-id", CHECK_WARN, "%s", why);
	}
	dynids_clear(&ids);
	return rc;
}
