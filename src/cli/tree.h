/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tree.h: the PCI topology view (--tree) and why a group's members share it */
#ifndef VFIO_CLI_TREE_H
#define VFIO_CLI_TREE_H

#include "cli.h"

/* device list --tree: every root bus, port, switch and endpoint */
int cli_device_tree(struct cli_ctx *ctx, const struct host_snapshot *snap);
/* group show N --tree: the group's members and the ports above them, then the reasons */
int cli_group_tree(struct cli_ctx *ctx, const struct host_snapshot *snap,
		   const struct iommu_group *g);
/* group show: a "why:" line per reason the members share the group */
int cli_group_isolation_text(struct cli_ctx *ctx, const struct host_snapshot *snap,
			     const struct iommu_group *g);
/* group show -J: @parent's "isolation" array */
int cli_group_isolation_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			     const struct iommu_group *g, struct json_object *parent);
/* the --tree columns, for completion */
const struct col_desc *tree_columns(size_t *n);

#endif
