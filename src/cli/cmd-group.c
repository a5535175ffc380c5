// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-group.c: vfioctl group list / group show */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	GCOL_GROUP,
	GCOL_VIABLE,
	GCOL_TYPE,
	GCOL_NDEVS,
	GCOL_DEVICES,
	GCOL_BLOCKERS,
	GCOL_DIRECT,
	GCOL_KINDS,
};

static const struct col_desc group_cols[] = {
	[GCOL_GROUP] = { "GROUP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "IOMMU group number" },
	[GCOL_VIABLE] = { "VIABLE", 6, 0, SCOLS_JSON_BOOLEAN,
			  "whether VFIO can take the group as it is bound now" },
	[GCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING,
			"default domain type (DMA, DMA-FQ, identity)" },
	[GCOL_NDEVS] = { "NDEVS", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of member devices" },
	[GCOL_DEVICES] = { "DEVICES", 14, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			   "member devices (BDF or platform device name)" },
	[GCOL_BLOCKERS] = { "BLOCKERS", 20, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			    "members whose driver makes the group not viable" },
	[GCOL_DIRECT] = { "DIRECT", 6, 0, SCOLS_JSON_BOOLEAN,
			  "a reserved region of type direct (RMRR) exists" },
	[GCOL_KINDS] = { "KINDS", 10, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			 "device kinds of the members (gpu, nic, ...)" },
};

#define NGROUP_COLS (sizeof(group_cols) / sizeof(group_cols[0]))

static bool group_matches(const struct iommu_group *g, unsigned mask)
{
	if (!mask)
		return true;
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i].pci &&
		    (mask & (1u << pci_device_kind(g->members[i].pci))))
			return true;
	return false;
}

/* append @s to a newline-separated cell value (libsmartcols array cells) */
static void cell_append(char **cell, const char *s)
{
	size_t old = *cell ? strlen(*cell) : 0;
	char *n = realloc(*cell, old + strlen(s) + 2);

	if (!n)
		return;
	if (old)
		n[old++] = '\n';
	strcpy(n + old, s);
	*cell = n;
}

static char *group_cell(const struct iommu_group *g,
			const struct group_verdict *v, int col)
{
	char buf[64], *cell = NULL;

	switch (col) {
	case GCOL_GROUP:
		snprintf(buf, sizeof(buf), "%d", g->id);
		return strdup(buf);
	case GCOL_VIABLE:
		return strdup(v->viable ? "true" : "false");
	case GCOL_TYPE:
		return strdup(g->type ? g->type : "");
	case GCOL_NDEVS:
		snprintf(buf, sizeof(buf), "%zu", g->nmembers);
		return strdup(buf);
	case GCOL_DEVICES:
		for (size_t i = 0; i < g->nmembers; i++)
			cell_append(&cell, g->members[i].name);
		return cell ? cell : strdup("");
	case GCOL_BLOCKERS:
		for (size_t i = 0; i < v->nblockers; i++) {
			char b[128];

			snprintf(b, sizeof(b), "%s (%s)", v->blockers[i].member->name,
				 v->blockers[i].member->driver);
			cell_append(&cell, b);
		}
		return cell ? cell : strdup("");
	case GCOL_DIRECT:
		return strdup(iommu_group_has_direct(g) ? "true" : "false");
	case GCOL_KINDS:
		for (size_t i = 0; i < g->nmembers; i++)
			cell_append(&cell, g->members[i].pci
						   ? pci_kind_name(pci_device_kind(g->members[i].pci))
						   : "platform");
		return cell ? cell : strdup("");
	}
	return strdup("");
}

int cmd_group_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct host_snapshot *snap;
	struct out_table t;
	unsigned mask;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, group_cols, NGROUP_COLS);
		return 0;
	}
	rc = cli_class_mask(ctx, &mask);
	if (rc)
		return rc;
	rc = out_table_init(ctx, &t, "groups", group_cols, NGROUP_COLS,
			    "GROUP,VIABLE,TYPE,DEVICES,BLOCKERS");
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	rc = cli_snapshot(ctx, &snap);
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	if (snap->groups->count == 0 && !ctx->opts.json)
		cli_warn("no IOMMU groups: %s (see 'vfioctl status')",
			 snap->host.state == IOMMU_STATE_OFF_CMDLINE ? "the IOMMU is off on the kernel command line"
			 : snap->host.state == IOMMU_STATE_NO_GROUPS ? "IOMMU units are registered but formed no groups"
			 : "the IOMMU is not enabled");
	for (size_t i = 0; i < snap->groups->count; i++) {
		const struct iommu_group *g = &snap->groups->groups[i];
		if (!group_matches(g, mask))
			continue;
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++)
			out_table_set(&t, c, group_cell(g, &snap->verdicts[i], t.ids[c]),
				      t.ids[c] == GCOL_VIABLE
					      ? (snap->verdicts[i].viable ? "green" : "red") : NULL);
	}
	rc = out_table_print(&t);
	out_table_free(&t);
	host_snapshot_free(snap);
	return rc;
}

static struct json_object *json_str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static struct json_object *group_json(const struct host_snapshot *snap,
				      const struct iommu_group *g,
				      const struct group_verdict *v)
{
	struct json_object *o = json_object_new_object();
	struct json_object *members = json_object_new_array();
	struct json_object *regions = json_object_new_array();
	struct json_object *blockers = json_object_new_array();

	json_object_object_add(o, "group", json_object_new_int(g->id));
	json_object_object_add(o, "viable", json_object_new_boolean(v->viable));
	json_object_object_add(o, "rule",
			       json_object_new_string(viability_rule_name(v->rule)));
	json_object_object_add(o, "type", json_str_or_null(g->type));
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		struct json_object *mo = json_object_new_object();

		json_object_object_add(mo, "name", json_object_new_string(m->name));
		json_object_object_add(mo, "pci", json_object_new_boolean(m->pci != NULL));
		json_object_object_add(mo, "driver", json_str_or_null(m->driver));
		if (m->pci) {
			json_object_object_add(mo, "kind", json_object_new_string(
				pci_kind_name(pci_device_kind(m->pci))));
			json_object_object_add(mo, "bridge", json_object_new_boolean(
				pci_device_is_bridge(m->pci)));
			json_object_object_add(mo, "vendor", json_str_or_null(m->pci->vendor_name));
			json_object_object_add(mo, "device", json_str_or_null(m->pci->device_name));
		}
		json_object_array_add(members, mo);
	}
	json_object_object_add(o, "members", members);
	for (size_t i = 0; i < v->nblockers; i++) {
		struct json_object *bo = json_object_new_object();

		json_object_object_add(bo, "name",
				       json_object_new_string(v->blockers[i].member->name));
		json_object_object_add(bo, "driver",
				       json_object_new_string(v->blockers[i].member->driver));
		json_object_array_add(blockers, bo);
	}
	json_object_object_add(o, "blockers", blockers);
	for (size_t i = 0; i < g->nregions; i++) {
		struct json_object *ro = json_object_new_object();

		json_object_object_add(ro, "start", json_object_new_uint64(g->regions[i].start));
		json_object_object_add(ro, "end", json_object_new_uint64(g->regions[i].end));
		json_object_object_add(ro, "type", json_object_new_string(g->regions[i].type));
		json_object_array_add(regions, ro);
	}
	json_object_object_add(o, "reserved_regions", regions);
	json_object_object_add(o, "direct", json_object_new_boolean(iommu_group_has_direct(g)));
	json_object_object_add(o, "acs_override",
			       json_object_new_boolean(snap->host.cmdline.pcie_acs_override != NULL));
	return o;
}

static void group_text(const struct cli_ctx *ctx, const struct host_snapshot *snap,
		       const struct iommu_group *g, const struct group_verdict *v)
{
	printf("IOMMU group %d\n", g->id);
	printf("  viable:   %s%s%s (%s rule%s)\n",
	       cli_color(ctx, v->viable ? COLOR_GREEN : COLOR_RED),
	       v->viable ? "yes" : "no", cli_color(ctx, COLOR_RESET),
	       v->rule == VIABILITY_RULE_LEGACY ? "pre-5.19" : "5.19+ DMA ownership",
	       snap->host.kver_known ? "" : ", kernel release unknown");
	printf("  type:     %s\n", g->type ? g->type : "-");
	printf("  members:\n");
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		const struct pci_device *d = m->pci;

		if (d)
			printf("    %-14s %-10s %04x:%04x %-16s %s%s%s\n", m->name,
			       pci_kind_name(pci_device_kind(d)), d->vendor_id,
			       d->device_id, *m->driver ? m->driver : "(no driver)",
			       d->vendor_name ? d->vendor_name : "",
			       d->vendor_name && d->device_name ? " " : "",
			       d->device_name ? d->device_name : "");
		else
			printf("    %-14s %-10s %-9s %s\n", m->name, "platform", "",
			       *m->driver ? m->driver : "(no driver)");
	}
	if (g->nregions) {
		printf("  reserved regions:\n");
		for (size_t i = 0; i < g->nregions; i++)
			printf("    0x%016" PRIx64 "-0x%016" PRIx64 " %s\n",
			       g->regions[i].start, g->regions[i].end,
			       g->regions[i].type);
	}
	for (size_t i = 0; i < v->nblockers; i++) {
		char b[160];

		format_blocker(b, sizeof(b), v->blockers[i].member, g->id);
		printf("  blocker:  %s\n", b);
	}
	if (iommu_group_has_direct(g))
		printf("  warning:  a direct (RMRR) reserved region: attaching the group to a VFIO container may fail with EPERM\n");
	if (snap->host.cmdline.pcie_acs_override)
		printf("  warning:  pcie_acs_override=%s is set: this group's isolation is not real\n",
		       snap->host.cmdline.pcie_acs_override);
}

int cmd_group_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct host_snapshot *snap;
	const struct iommu_group *g;
	int id, rc;

	if (parse_group_arg(argv[0], &id) < 0)
		return cli_usage_error("invalid IOMMU group '%s': expected a group number", argv[0]);
	rc = cli_snapshot(ctx, &snap);
	if (rc)
		return rc;
	g = iommu_group_find(snap->groups, id);
	if (!g) {
		cli_err("IOMMU group '%d' does not exist%s", id,
			snap->groups->count ? "" : " (no IOMMU groups on this host)");
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "group",
				       group_json(snap, g, host_snapshot_verdict(snap, id)));
		rc = cli_json_print(root);
		json_object_put(root);
	} else {
		group_text(ctx, snap, g, host_snapshot_verdict(snap, id));
	}
	host_snapshot_free(snap);
	return rc;
}
