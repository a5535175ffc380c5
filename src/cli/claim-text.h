/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claim-text.h: vfioctl's claims and interrupted changes in status, the lists and show */
#ifndef VFIO_CLAIM_TEXT_H
#define VFIO_CLAIM_TEXT_H

#include <json-c/json.h>

#include "cli.h"
#include "vfio/claims.h"

/* how a block of lines is labelled: "  driver:          " is { 2, 17 } */
struct claim_label {
	int indent, width;
};

/* the claim journals of the host; a listing that fails is a warning and an empty state */
void cli_claims_read(struct cli_ctx *ctx, struct claim_state *st);

/* one journal as JSON: path, op, state, time, pending write, previous drivers */
struct json_object *cli_claim_json(const struct claim_entry *e);

/* every journal, as the JSON array "claims" of status */
struct json_object *cli_claims_json(const struct claim_state *st);

/* status: a "claims:" block, only when there is a journal */
void cli_claims_status_text(const struct cli_ctx *ctx, const struct claim_state *st,
			    const struct claim_label *lab);

/*
 * show: what @e records about @bdf (NULL: every device), labelled as
 * @lab says; nothing when @e is NULL
 */
void cli_claim_show_text(const struct cli_ctx *ctx, const struct claim_entry *e, const char *bdf,
			 const struct claim_label *lab);

/* list cell: "claim", "bind", "unbind", "interrupted", "damaged" or "" */
const char *cli_claim_word(const struct claim_entry *e);

/* group list cell: the word of the group's journal or a member's, interrupted first */
const char *cli_claims_group_word(const struct claim_state *st, const struct iommu_group *g);

/* group show: the journals of the group and of its members, as JSON and as text */
struct json_object *cli_claims_group_json(const struct claim_state *st,
					  const struct iommu_group *g);
void cli_claims_group_text(const struct cli_ctx *ctx, const struct claim_state *st,
			   const struct iommu_group *g, const struct claim_label *lab);

#endif
