// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-group.c: vfioctl group list / group show */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pathnames.h"
#include "tree.h"
#include "claim-text.h"
#include "vfio-diag.h"

enum {
	GCOL_GROUP,
	GCOL_VIABLE,
	GCOL_TYPE,
	GCOL_NDEVS,
	GCOL_DEVICES,
	GCOL_BLOCKERS,
	GCOL_DIRECT,
	GCOL_KINDS,
	GCOL_DRIVERS,
	GCOL_CLAIMED,
};

static const struct col_desc group_cols[] = {
	[GCOL_GROUP] = { "GROUP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "IOMMU group number" },
	[GCOL_VIABLE] = { "VIABLE", 6, 0, SCOLS_JSON_BOOLEAN,
			  "whether VFIO can take the group as it is bound now (unknown/null: a member cannot be read)" },
	[GCOL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING,
			"default domain type (DMA, DMA-FQ, identity)" },
	[GCOL_NDEVS] = { "NDEVS", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of member devices" },
	[GCOL_DEVICES] = { "DEVICES", 12, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			   "member devices (BDF or platform device name)" },
	[GCOL_BLOCKERS] = { "BLOCKERS", 20, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			    "members whose driver makes the group not viable" },
	[GCOL_DIRECT] = { "DIRECT", 6, 0, SCOLS_JSON_BOOLEAN,
			  "a reserved region of type direct (RMRR) exists" },
	[GCOL_KINDS] = { "KINDS", 10, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			 "device kinds of the members (gpu, nic, ...)" },
	[GCOL_DRIVERS] = { "DRIVERS", 10, SCOLS_FL_WRAP, SCOLS_JSON_ARRAY_STRING,
			   "the members' drivers (- or null when unbound)" },
	[GCOL_CLAIMED] = { "CLAIMED", 7, 0, SCOLS_JSON_STRING,
			   "vfioctl's journal of the group or a member: claim, bind, unbind; interrupted: run recover" },
};

#define NGROUP_COLS (sizeof(group_cols) / sizeof(group_cols[0]))

const struct col_desc *group_columns(size_t *n)
{
	*n = NGROUP_COLS;
	return group_cols;
}

/* the verdict as a word, a color and a JSON value (null: unknown) */
static const char *verdict_word(const struct group_verdict *v)
{
	return v->viable ? "true" : v->unknown ? "unknown" : "false";
}

static const char *verdict_color(const struct group_verdict *v)
{
	return v->viable ? "green" : v->unknown ? "yellow" : "red";
}

static struct json_object *verdict_json(const struct group_verdict *v)
{
	return v->unknown ? NULL : json_object_new_boolean(v->viable);
}

/* a group is listed when a PCI member is selected (-s, -d, --class) */
static bool group_matches(const struct iommu_group *g, struct cli_select *sel)
{
	bool any = false;

	if (!sel->class_mask && pci_select_is_any(&sel->sel))
		return true;
	/* every member is asked, so that the unreadable ones are all counted */
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i].pci && cli_select_device(sel, g->members[i].pci))
			any = true;
	return any;
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

static bool member_blocks(const struct group_verdict *v, const struct iommu_member *m)
{
	for (size_t i = 0; i < v->nblockers; i++)
		if (v->blockers[i].member == m)
			return true;
	return false;
}

static const char *member_kind(const struct iommu_member *m)
{
	return m->pci ? pci_kind_name(pci_device_kind(m->pci)) : "platform";
}

/*
 * One member's value in a per-member column (DEVICES, DRIVERS, KINDS,
 * BLOCKERS), the one source of the text rows, the multi-line cells and the
 * JSON arrays. NULL when the member has none: no driver, or not a blocker.
 */
static const char *member_value(const struct iommu_member *m, const struct group_verdict *v,
				int col, char *buf, size_t size)
{
	switch (col) {
	case GCOL_DEVICES:
		return m->name;
	case GCOL_DRIVERS:
		/* an unreadable driver link is not "unbound" */
		if (m->read_error)
			return "(unreadable)";
		return *m->driver ? m->driver : NULL;
	case GCOL_KINDS:
		return member_kind(m);
	case GCOL_BLOCKERS:
		if (!member_blocks(v, m))
			return NULL;
		snprintf(buf, size, "%s (%s)", m->name, m->driver);
		return buf;
	}
	return NULL;
}

/* the TYPE of a vfio-noiommu group (its type file reads "unknown") */
#define NOIOMMU_TYPE "noiommu(unsafe)"

static bool is_member_col(int col)
{
	return col == GCOL_DEVICES || col == GCOL_BLOCKERS || col == GCOL_KINDS ||
	       col == GCOL_DRIVERS;
}

static char *group_cell(const struct iommu_group *g,
			const struct group_verdict *v, int col)
{
	char buf[160], *cell = NULL;

	if (is_member_col(col)) {
		/* one line per member; a blocker list leaves the others out */
		for (size_t i = 0; i < g->nmembers; i++) {
			const char *val = member_value(&g->members[i], v, col, buf, sizeof(buf));

			if (val || col == GCOL_DRIVERS)
				cell_append(&cell, val ? val : "-");
		}
		return cell ? cell : strdup("");
	}
	switch (col) {
	case GCOL_GROUP:
		snprintf(buf, sizeof(buf), "%d", g->id);
		return strdup(buf);
	case GCOL_VIABLE:
		return strdup(verdict_word(v));
	case GCOL_TYPE:
		return strdup(g->type ? g->type : "");
	case GCOL_NDEVS:
		snprintf(buf, sizeof(buf), "%zu", g->nmembers);
		return strdup(buf);
	case GCOL_DIRECT:
		return strdup(iommu_group_has_direct(g) ? "true" : "false");
	}
	return strdup("");
}

/* one member's cell on its own row of the text table */
static char *member_cell(const struct iommu_group *g, const struct group_verdict *v,
			 size_t mi, int col)
{
	char buf[160];
	const char *val = member_value(&g->members[mi], v, col, buf, sizeof(buf));

	if (col == GCOL_BLOCKERS)
		return strdup(val ? "blocks" : g->members[mi].read_error ? "unknown" : "");
	return strdup(val ? val : "-");
}

/*
 * Text: when DEVICES is shown, each member gets its own row so that its
 * driver and whether it blocks stand beside it (multi-line cells of
 * different columns do not line up by member). Raw output repeats the
 * group's cells on every row, for awk.
 */
static void group_text_rows(struct cli_ctx *ctx, struct out_table *t, const struct iommu_group *g,
			    const struct group_verdict *v, const struct claim_state *claims,
			    bool noiommu)
{
	size_t nrows = g->nmembers ? g->nmembers : 1;

	for (size_t r = 0; r < nrows; r++) {
		if (out_table_new_row(t) < 0)
			return;
		for (size_t c = 0; c < t->nids; c++) {
			int col = t->ids[c];
			char *val;

			if (col == GCOL_CLAIMED)	/* per member, as DRIVERS */
				val = strdup(!g->nmembers ? cli_claims_group_word(claims, g)
					     : cli_claim_word(claim_state_device(claims, g->members[r].name)));
			else if (is_member_col(col))
				val = g->nmembers ? member_cell(g, v, r, col) : strdup("");
			else if (col == GCOL_TYPE && noiommu && (r == 0 || ctx->opts.raw))
				val = strdup(NOIOMMU_TYPE);
			else if (r == 0 || ctx->opts.raw)
				val = group_cell(g, v, col);
			else
				val = strdup("");
			out_table_set(t, c, val,
				      col == GCOL_VIABLE && r == 0 ? verdict_color(v)
				      : col == GCOL_BLOCKERS && val && *val ? "red" : NULL);
		}
	}
}

/* the per-member columns as JSON arrays: null for no driver, blockers only */
static struct json_object *member_array(const struct iommu_group *g,
					const struct group_verdict *v, int col)
{
	/* sized to the group: json-c's default of 32 slots is most of -J's memory on a big host */
	struct json_object *arr = json_object_new_array_ext(g->nmembers ? (int)g->nmembers : 1);
	char buf[160];

	for (size_t i = 0; i < g->nmembers; i++) {
		const char *val = member_value(&g->members[i], v, col, buf, sizeof(buf));

		if (col == GCOL_BLOCKERS && val)
			json_object_array_add(arr, json_blocker(&g->members[i], g->id));
		else if (val || col == GCOL_DRIVERS)
			json_object_array_add(arr, json_string_or_null(val));
	}
	return arr;
}

/* the CLAIMED cell of a group's (first) row; JSON null when vfioctl has no journal for it */
static void claimed_cell(struct out_table *t, const struct claim_state *claims,
			 const struct iommu_group *g, bool json)
{
	const char *w = cli_claims_group_word(claims, g);

	for (size_t c = 0; c < t->nids; c++) {
		if (t->ids[c] != GCOL_CLAIMED)
			continue;
		if (json && !*w)
			out_table_set_json(t, c, NULL);
		else
			out_table_set(t, c, strdup(w), NULL);
	}
}

int cmd_group_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct claim_state claims;
	struct host_snapshot *snap;
	struct out_table t;
	bool member_rows = false;
	struct cli_select sel;
	unsigned what;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, group_cols, NGROUP_COLS);
		return 0;
	}
	rc = cli_select_init(ctx, &sel);
	if (rc)
		return rc;
	/* CLAIMED is shown by default once vfioctl has a journal on this host */
	cli_claims_read(ctx, &claims);
	rc = out_table_init(ctx, &t, "groups", group_cols, NGROUP_COLS,
			    claims.n ? "GROUP,VIABLE,TYPE,DEVICES,DRIVERS,BLOCKERS,CLAIMED"
				     : "GROUP,VIABLE,TYPE,DEVICES,DRIVERS,BLOCKERS");
	if (rc) {
		out_table_free(&t);
		claim_state_clear(&claims);
		return rc;
	}
	for (size_t c = 0; c < t.nids && !ctx->opts.json; c++)
		member_rows |= t.ids[c] == GCOL_DEVICES;
	/* one member per row: no cell spans lines, so nothing needs wrapping */
	for (size_t c = 0; member_rows && c < t.nids; c++) {
		struct libscols_column *cl = scols_table_get_column(t.tb, c);

		scols_column_set_flags(cl, scols_column_get_flags(cl) & ~SCOLS_FL_WRAP);
		scols_column_set_wrapfunc(cl, NULL, NULL, NULL);
	}
	/* the verdicts need each member's driver (and header type): HOST_READ_LIST; no names */
	what = HOST_READ_LIST;
	for (size_t c = 0; c < t.nids; c++)
		what |= t.ids[c] == GCOL_DIRECT ? HOST_READ_REGIONS
			: t.ids[c] == GCOL_TYPE ? HOST_READ_TYPES : 0;
	rc = cli_snapshot_mask(ctx, what, &snap);
	if (rc) {
		out_table_free(&t);
		claim_state_clear(&claims);
		return rc;
	}
	if (snap->groups->count == 0 && !ctx->opts.json)
		cli_warn("no IOMMU groups: %s (see 'vfioctl status')",
			 snap->host.state == IOMMU_STATE_OFF_CMDLINE ? "the IOMMU is off on the kernel command line"
			 : snap->host.state == IOMMU_STATE_NO_GROUPS ? "IOMMU units are registered but formed no groups"
			 : "the IOMMU is not enabled");
	for (size_t i = 0; i < snap->groups->count; i++) {
		const struct iommu_group *g = &snap->groups->groups[i];
		bool noiommu;

		if (!group_matches(g, &sel))
			continue;
		noiommu = cli_group_noiommu(ctx, snap, g->id);
		if (member_rows) {
			group_text_rows(ctx, &t, g, &snap->verdicts[i], &claims, noiommu);
			continue;
		}
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++)
			if (t.ids[c] == GCOL_CLAIMED)
				continue;
			else if (ctx->opts.json && is_member_col(t.ids[c]))
				out_table_set_json(&t, c, member_array(g, &snap->verdicts[i], t.ids[c]));
			else if (ctx->opts.json && t.ids[c] == GCOL_VIABLE)
				out_table_set_json(&t, c, verdict_json(&snap->verdicts[i]));
			else if (t.ids[c] == GCOL_TYPE && noiommu)
				out_table_set(&t, c, strdup(NOIOMMU_TYPE), "red");
			else
				out_table_set(&t, c, group_cell(g, &snap->verdicts[i], t.ids[c]),
				      t.ids[c] == GCOL_VIABLE ? verdict_color(&snap->verdicts[i]) : NULL);
		claimed_cell(&t, &claims, g, ctx->opts.json);
	}
	rc = out_table_print(&t);
	cli_select_done(ctx, &sel);
	out_table_free(&t);
	claim_state_clear(&claims);
	host_snapshot_free(snap);
	return rc;
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
	json_object_object_add(o, "viable", verdict_json(v));
	json_object_object_add(o, "rule",
			       json_object_new_string(viability_rule_name(v->rule)));
	json_object_object_add(o, "type", json_string_or_null(g->type));
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		struct json_object *mo = json_object_new_object();

		json_object_object_add(mo, "name", json_object_new_string(m->name));
		json_object_object_add(mo, "pci", json_object_new_boolean(m->pci != NULL));
		json_object_object_add(mo, "driver", json_string_or_null(m->driver));
		/* only for a member that cannot be read: its driver null means unknown */
		if (m->read_error) {
			json_object_object_add(mo, "readable", json_object_new_boolean(false));
			json_object_object_add(mo, "error", json_errno(m->read_error));
		}
		if (m->pci && m->read_error) {
			/* nothing read is known: no "other" kind, no 0000 IDs */
			json_object_object_add(mo, "kind", NULL);
			json_object_object_add(mo, "bridge", NULL);
			json_object_object_add(mo, "vendor_id", NULL);
			json_object_object_add(mo, "device_id", NULL);
			json_object_object_add(mo, "vendor", NULL);
			json_object_object_add(mo, "device", NULL);
		} else if (m->pci) {
			json_object_object_add(mo, "kind", json_object_new_string(member_kind(m)));
			json_object_object_add(mo, "bridge", json_object_new_boolean(
				pci_device_is_bridge(m->pci)));
			char id[8];

			snprintf(id, sizeof(id), "%04x", m->pci->vendor_id);
			json_object_object_add(mo, "vendor_id", json_object_new_string(id));
			snprintf(id, sizeof(id), "%04x", m->pci->device_id);
			json_object_object_add(mo, "device_id", json_object_new_string(id));
			json_object_object_add(mo, "vendor", json_string_or_null(m->pci->vendor_name));
			json_object_object_add(mo, "device", json_string_or_null(m->pci->device_name));
		}
		json_object_array_add(members, mo);
	}
	json_object_object_add(o, "members", members);
	for (size_t i = 0; i < v->nblockers; i++)
		json_object_array_add(blockers, json_blocker(v->blockers[i].member, g->id));
	json_object_object_add(o, "blockers", blockers);
	if (v->read_error)
		json_object_object_add(o, "members_error", json_errno(v->read_error));
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
	       cli_color(ctx, v->viable ? COLOR_GREEN : v->unknown ? COLOR_YELLOW : COLOR_RED),
	       v->viable ? "yes" : v->unknown ? "unknown" : "no", cli_color(ctx, COLOR_RESET),
	       v->rule == VIABILITY_RULE_LEGACY ? "pre-5.19" : "5.19+ DMA ownership",
	       snap->host.kver_known ? "" : ", kernel release unknown");
	printf("  type:     %s\n", g->type ? g->type : "-");
	printf("  members:\n");
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		const struct pci_device *d = m->pci;

		if (m->read_error)
			printf("    %-14s %-10s %-9s (unreadable: %s)\n", m->name,
			       d ? "?" : "platform", d ? "????:????" : "",
			       strerror(-m->read_error));
		else if (d)
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
	if (v->read_error)
		printf("  unknown:  cannot list /%s/%d/devices (%s): the verdict is unknown\n",
		       PATH_SYS_IOMMU_GROUPS, g->id, strerror(-v->read_error));
	for (size_t i = 0; i < v->nunknowns; i++)
		printf("  unknown:  %s cannot be read (%s): its driver, and so the verdict, are unknown\n",
		       v->unknowns[i].member->name, strerror(-v->unknowns[i].member->read_error));
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
	struct claim_state claims;
	int id, rc;

	if (parse_group_arg(argv[0], &id) < 0)
		return cli_usage_error("invalid IOMMU group '%s': expected a group number", argv[0]);
	rc = cli_snapshot_scoped(ctx, NULL, id, &snap);
	if (rc)
		return rc;
	g = iommu_group_find(snap->groups, id);
	if (!g) {
		cli_err("IOMMU group '%d' does not exist%s", id,
			snap->any_groups ? "" : " (no IOMMU groups on this host)");
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	cli_claims_read(ctx, &claims);
	if (ctx->opts.tree) {
		rc = cli_group_tree(ctx, snap, g);
	} else if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();
		struct json_object *o = group_json(snap, g, host_snapshot_verdict(snap, id));

		json_object_object_add(o, "claims", cli_claims_group_json(&claims, g));
		cli_group_vfio_json(ctx, snap, g, o);
		json_object_object_add(root, "group", o);
		rc = cli_group_isolation_json(ctx, snap, g, o);
		if (!rc)
			rc = cli_json_print(root);
		json_object_put(root);
	} else {
		group_text(ctx, snap, g, host_snapshot_verdict(snap, id));
		cli_claims_group_text(ctx, &claims, g, &(struct claim_label){ 2, 10 });
		cli_group_vfio_text(ctx, snap, g);
		rc = cli_group_isolation_text(ctx, snap, g);
	}
	claim_state_clear(&claims);
	host_snapshot_free(snap);
	return rc;
}
