/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-diag.h: the words for a group's /dev/vfio node, no-IOMMU groups and the VF token */
#ifndef VFIO_CLI_VFIO_DIAG_H
#define VFIO_CLI_VFIO_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "cli.h"
#include "vfio.h"
#include "vfio/node.h"
#include "vfio/vftoken.h"

/* whether group @id is a vfio-noiommu group (its "name" reads vfio-noiommu) */
bool cli_group_noiommu(struct cli_ctx *ctx, const struct host_snapshot *snap, int id);

/* the first PCI member bound to a vfio driver, or NULL */
const char *cli_group_vfio_member(const struct iommu_group *g);

/* check @g's node as its user would open it; 0 or the exit status */
int cli_group_node(struct cli_ctx *ctx, const struct host_snapshot *snap,
		   const struct iommu_group *g, struct vfio_node_info *out);

/* what is wrong with a node, and what to do, in one sentence ("" when nothing) */
void cli_node_explain(char *buf, size_t size, const struct vfio_node_info *n,
		      const char *member);

/* the node as JSON: path, state, numbers, hint */
struct json_object *cli_node_json(const struct vfio_node_info *n, const char *member);

/* group show: the no-IOMMU warning and a node problem (text), "noiommu" and "node" (JSON) */
void cli_group_vfio_text(struct cli_ctx *ctx, const struct host_snapshot *snap,
			 const struct iommu_group *g);
void cli_group_vfio_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			 const struct iommu_group *g, struct json_object *o);

/* status: node problems and no-IOMMU groups (text lines; "node_problems", "noiommu_group_ids") */
void cli_status_vfio_text(struct cli_ctx *ctx, const struct host_snapshot *snap);
void cli_status_vfio_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			  struct json_object *vfio);

/* vfio's enable_unsafe_noiommu_mode reads Y (through the path already opened) */
bool cli_noiommu_mode(const struct cli_ctx *ctx);

/* what a vfio-noiommu group means, in one sentence */
const char *cli_noiommu_warning(void);

/* why GET_DEVICE_FD failed, as far as the VF token explains it; NULL otherwise */
const char *cli_vf_token_explain(char *buf, size_t size, enum vf_token_verdict v,
				 const struct vf_pf_state *st, const char *bdf);

/* group verify: why a member could not be opened (the VF token), NULL otherwise */
const char *cli_verify_device_hint(struct path_ctx *path, const struct vfio_device_report *d,
				   char *buf, size_t size);

/* group verify: the node as checked before, and the opened fd's number as the core saw it */
struct json_object *cli_verify_node_json(const struct vfio_node_info *n, const char *member,
					 const struct vfio_verify_report *r);

/* group verify: the opened node was another device (node_mismatch): name both */
void cli_verify_report_mismatch(struct path_ctx *path, const struct vfio_node_info *n,
				const struct vfio_verify_report *r);

/* group verify: a --vf-token that no member took is said, not dropped */
void cli_verify_warn_unused_token(const char *token, int group,
				  const struct vfio_verify_report *r);

/*
 * group verify: true (and the message printed) when no member is on vfio-pci,
 * so there is nothing to verify; a leftover node that opens another group is named
 */
bool cli_verify_node_gate(const struct vfio_node_info *n, const struct iommu_group *g);

#endif
