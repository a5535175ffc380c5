// SPDX-License-Identifier: GPL-2.0-or-later
/* tree.c: the PCI topology view (--tree) and why a group's members share it */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tree.h"
#include "vfio/isolation.h"

enum {
	TCOL_NAME,
	TCOL_GROUP,
	TCOL_DRIVER,
	TCOL_KIND,
	TCOL_ID,
	TCOL_TYPE,
	TCOL_ACS,
	TCOL_ISOLATES,
	TCOL_DESCRIPTION,
};

static const struct col_desc tree_cols[] = {
	[TCOL_NAME] = { "NAME", 16, SCOLS_FL_TREE | SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING,
			"root bus or PCI address, as a tree" },
	[TCOL_GROUP] = { "GROUP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "IOMMU group number" },
	[TCOL_DRIVER] = { "DRIVER", 8, 0, SCOLS_JSON_STRING, "bound driver" },
	[TCOL_KIND] = { "KIND", 6, 0, SCOLS_JSON_STRING, "coarse kind: gpu, nic, bridge..." },
	[TCOL_ID] = { "ID", 9, 0, SCOLS_JSON_STRING, "vendor:device IDs (hex)" },
	[TCOL_TYPE] = { "TYPE", 10, 0, SCOLS_JSON_STRING,
			"PCI Express port type: root port, downstream port, endpoint..." },
	[TCOL_ACS] = { "ACS", 15, 0, SCOLS_JSON_STRING,
		       "ACS bits the kernel needs (SV RR CR UF): + on, - off; none, quirk, override, ? unreadable" },
	[TCOL_ISOLATES] = { "ISOLATES", 8, 0, SCOLS_JSON_BOOLEAN,
			    "whether the function is an ACS boundary for the IOMMU (empty: ACS does not apply)" },
	[TCOL_DESCRIPTION] = { "DESCRIPTION", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			       "vendor and device names" },
};

#define NTREE_COLS (sizeof(tree_cols) / sizeof(tree_cols[0]))

const struct col_desc *tree_columns(size_t *n)
{
	*n = NTREE_COLS;
	return tree_cols;
}

/* does ACS matter for this function: ports, and functions of multifunction devices */
static bool acs_applies(struct pci_topo *t, int idx, struct acs_eval *e)
{
	const struct acs_config *cfg = pci_topo_config(t, idx);
	const struct pci_device *d = t->nodes[idx].dev;

	if (!cfg)
		return false;
	pci_topo_acs(t, idx, e);
	/* only a bridge on the way up, or a function beside others, is asked */
	return e->why != ACS_WHY_NOT_NEEDED &&
	       (pci_device_bridge(d) == PCI_BRIDGE_PCI || d->multifunction ||
		cfg->pcie_type == PCIE_TYPE_ROOT_PORT || cfg->pcie_type == PCIE_TYPE_DOWNSTREAM);
}

static char *acs_cell(struct pci_topo *t, int idx)
{
	struct acs_eval e;
	char buf[64] = "";

	if (idx < 0 || !acs_applies(t, idx, &e))
		return strdup("");
	switch (e.why) {
	case ACS_WHY_ENABLED:
	case ACS_WHY_CTRL_OFF: {
		static const uint16_t bits[] = { ACS_SV, ACS_RR, ACS_CR, ACS_UF };
		static const char *const names[] = { "SV", "RR", "CR", "UF" };
		size_t used = 0;

		for (size_t i = 0; i < 4; i++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s%c",
						 used ? " " : "", names[i],
						 e.missing & bits[i] ? '-' : '+');
		return strdup(buf);
	}
	case ACS_WHY_NO_CAP:
		return strdup("none");
	case ACS_WHY_QUIRK:
		return strdup("quirk");
	case ACS_WHY_OVERRIDE:
		return strdup("override");
	case ACS_WHY_NOT_PCIE:
		return strdup("none (PCI)");
	case ACS_WHY_BRIDGE_TYPE:
		return strdup("n/a");
	case ACS_WHY_UNREADABLE:
		return strdup("?");
	default:
		return strdup("");
	}
}

static const char *isolates_word(struct pci_topo *t, int idx)
{
	struct acs_eval e;

	if (idx < 0 || !acs_applies(t, idx, &e))
		return "";
	return e.verdict == ACS_ISOLATED ? "true" : e.verdict == ACS_NOT_ISOLATED ? "false" : "unknown";
}

static const char *type_word(struct pci_topo *t, int idx)
{
	const struct acs_config *cfg = pci_topo_config(t, idx);

	if (!cfg)
		return "root bus";
	if (cfg->pcie_type == PCIE_TYPE_UNKNOWN)
		return pci_device_is_bridge(t->nodes[idx].dev) ? "bridge" : "";
	return pcie_type_name(cfg->pcie_type);
}

static char *describe(const struct pci_device *d)
{
	char buf[512];

	if (!d)
		return strdup("");
	if (d->vendor_name && d->device_name)
		snprintf(buf, sizeof(buf), "%s %s", d->vendor_name, d->device_name);
	else if (d->vendor_name)
		snprintf(buf, sizeof(buf), "%s Device %04x", d->vendor_name, d->device_id);
	else
		snprintf(buf, sizeof(buf), "%s", d->class_name ? d->class_name : "");
	return strdup(buf);
}

static char *tree_cell(struct pci_topo *t, int idx, int col)
{
	const struct pci_device *d = t->nodes[idx].dev;
	char buf[32];

	if (!d && col != TCOL_NAME && col != TCOL_TYPE)
		return strdup("");
	switch (col) {
	case TCOL_NAME:
		return strdup(t->nodes[idx].name);
	case TCOL_GROUP:
		if (d->iommu_group < 0)
			return strdup("");
		snprintf(buf, sizeof(buf), "%d", d->iommu_group);
		return strdup(buf);
	case TCOL_DRIVER:
		return strdup(pci_device_readable(d) ? d->driver : "?");
	case TCOL_KIND:
		return strdup(pci_kind_name(pci_device_kind(d)));
	case TCOL_ID:
		snprintf(buf, sizeof(buf), "%04x:%04x", d->vendor_id, d->device_id);
		return strdup(buf);
	case TCOL_TYPE:
		return strdup(type_word(t, d ? idx : -1));
	case TCOL_ACS:
		return acs_cell(t, idx);
	case TCOL_ISOLATES:
		return strdup(isolates_word(t, idx));
	case TCOL_DESCRIPTION:
		return describe(d);
	}
	return strdup("");
}

static struct json_object *bits_json(uint16_t bits)
{
	struct json_object *arr = json_object_new_array();
	char buf[64], *save = NULL;

	acs_bits_format(bits, " ", buf, sizeof(buf));
	for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		json_object_array_add(arr, json_object_new_string(w));
	return arr;
}

/* a function's ACS as JSON: what config space says, and the kernel's verdict */
static struct json_object *acs_json(struct pci_topo *t, int idx)
{
	const struct acs_config *cfg = pci_topo_config(t, idx);
	struct json_object *o;
	struct acs_eval e;

	if (!cfg)
		return NULL;
	pci_topo_acs(t, idx, &e);
	o = json_object_new_object();
	json_object_object_add(o, "verdict", json_object_new_string(acs_verdict_name(e.verdict)));
	json_object_object_add(o, "why", json_object_new_string(acs_why_name(e.why)));
	if (cfg->state != ACS_CFG_EXT) {
		json_object_object_add(o, "capability", NULL);
	} else {
		json_object_object_add(o, "capability", json_object_new_boolean(cfg->acs_pos != 0));
		if (cfg->acs_pos) {
			json_object_object_add(o, "cap", bits_json(cfg->acs_cap & ACS_ALL_BITS));
			json_object_object_add(o, "ctrl", bits_json(cfg->acs_ctrl & ACS_ALL_BITS));
		}
	}
	json_object_object_add(o, "missing", bits_json(e.missing));
	return o;
}

static struct json_object *node_json(struct pci_topo *t, int idx)
{
	const struct pci_device *d = t->nodes[idx].dev;
	struct json_object *o = json_object_new_object();
	char *desc;
	char buf[16];

	json_object_object_add(o, "name", json_object_new_string(t->nodes[idx].name));
	if (!d) {
		json_object_object_add(o, "type", json_object_new_string("root bus"));
		return o;
	}
	json_object_object_add(o, "group", d->iommu_group < 0 ? NULL
					   : json_object_new_int(d->iommu_group));
	json_object_object_add(o, "driver", pci_device_readable(d) ? json_string_or_null(d->driver)
					    : NULL);
	json_object_object_add(o, "kind", json_object_new_string(pci_kind_name(pci_device_kind(d))));
	snprintf(buf, sizeof(buf), "%04x:%04x", d->vendor_id, d->device_id);
	json_object_object_add(o, "id", json_object_new_string(buf));
	json_object_object_add(o, "type", json_string_or_null(type_word(t, idx)));
	json_object_object_add(o, "acs", acs_json(t, idx));
	desc = describe(d);
	json_object_object_add(o, "description", json_string_or_null(desc));
	free(desc);
	return o;
}

struct tree_out {
	struct cli_ctx *ctx;
	struct pci_topo *topo;
	struct out_table t;
	const bool *keep;		/* NULL: every node */
	struct libscols_line **lines;	/* text: the line of each node */
	struct json_object **objs;	/* JSON: the object of each node */
	struct json_object *roots;
};

static int emit(struct tree_out *o, int idx)
{
	int p = o->topo->nodes[idx].parent;

	if (o->ctx->opts.json) {
		struct json_object *obj = node_json(o->topo, idx);

		o->objs[idx] = obj;
		if (p >= 0 && o->objs[p]) {
			struct json_object *ch;

			if (!json_object_object_get_ex(o->objs[p], "children", &ch)) {
				ch = json_object_new_array();
				json_object_object_add(o->objs[p], "children", ch);
			}
			json_object_array_add(ch, obj);
		} else {
			json_object_array_add(o->roots, obj);
		}
		return 0;
	}
	o->lines[idx] = scols_table_new_line(o->t.tb, p >= 0 ? o->lines[p] : NULL);
	if (!o->lines[idx])
		return -ENOMEM;
	for (size_t c = 0; c < o->t.nids; c++)
		scols_line_refer_data(o->lines[idx], c, tree_cell(o->topo, idx, o->t.ids[c]));
	return 0;
}

/* depth first, children in BDF order (the node order), from every top node */
static int walk(struct tree_out *o, int idx)
{
	int rc = emit(o, idx);

	for (size_t i = 0; i < o->topo->count && !rc; i++)
		if (o->topo->nodes[i].parent == idx && (!o->keep || o->keep[i]))
			rc = walk(o, (int)i);
	return rc;
}

static int tree_print(struct cli_ctx *ctx, struct pci_topo *topo, const bool *keep,
		      const char *json_root, struct json_object *json_parent)
{
	struct tree_out o = { .ctx = ctx, .topo = topo, .keep = keep };
	int rc;

	rc = out_table_init(ctx, &o.t, json_root, tree_cols, NTREE_COLS,
			    "NAME,GROUP,DRIVER,TYPE,ACS,ISOLATES,DESCRIPTION");
	if (rc) {
		out_table_free(&o.t);
		return rc;
	}
	o.lines = calloc(topo->count, sizeof(*o.lines));
	o.objs = calloc(topo->count, sizeof(*o.objs));
	if (!o.lines || !o.objs) {
		rc = VFIO_EXIT_FAILURE;
		goto out;
	}
	if (ctx->opts.json) {
		o.roots = json_object_new_array();
	} else {
		for (size_t c = 0; c < o.t.nids; c++)
			if (o.t.ids[c] != TCOL_NAME) {
				struct libscols_column *cl = scols_table_get_column(o.t.tb, c);

				scols_column_set_flags(cl, scols_column_get_flags(cl) & ~SCOLS_FL_TREE);
			}
	}
	for (size_t i = 0; i < topo->count && rc == 0; i++)
		if (topo->nodes[i].parent < 0 && (!keep || keep[i]))
			rc = walk(&o, (int)i) ? VFIO_EXIT_FAILURE : 0;
	if (rc)
		goto out;
	if (ctx->opts.json) {
		if (json_parent) {
			json_object_object_add(json_parent, json_root, o.roots);
		} else {
			struct json_object *root = json_object_new_object();

			json_object_object_add(root, json_root, o.roots);
			rc = cli_json_print(root);
			json_object_put(root);
		}
		o.roots = NULL;
	} else {
		rc = out_table_print(&o.t);
	}
out:
	json_object_put(o.roots);
	free(o.lines);
	free(o.objs);
	out_table_free(&o.t);
	return rc;
}

static int topo_for(struct cli_ctx *ctx, const struct host_snapshot *snap, struct pci_topo **out)
{
	struct path_ctx *path;
	int rc = cli_path(ctx, &path);

	if (rc)
		return rc;
	rc = pci_topo_build(path, snap->pci, snap->host.cmdline.pcie_acs_override, out);
	if (rc < 0) {
		cli_err("cannot read the PCI topology: %s", strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int cli_device_tree(struct cli_ctx *ctx, const struct host_snapshot *snap)
{
	struct pci_topo *topo;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, tree_cols, NTREE_COLS);
		return 0;
	}
	rc = topo_for(ctx, snap, &topo);
	if (rc)
		return rc;
	rc = tree_print(ctx, topo, NULL, "devices", NULL);
	pci_topo_free(topo);
	return rc;
}

/* ---- why the members share the group ---- */

static const char *node_name(const struct pci_topo *t, int idx)
{
	return idx >= 0 ? t->nodes[idx].name : "?";
}

static const char *node_role(struct pci_topo *t, int idx)
{
	const struct acs_config *cfg = pci_topo_config(t, idx);

	if (!cfg || cfg->pcie_type == PCIE_TYPE_UNKNOWN)
		return pci_device_is_bridge(t->nodes[idx].dev) ? "bridge" : "function";
	if (cfg->pcie_type == PCIE_TYPE_NONE)
		return pci_device_is_bridge(t->nodes[idx].dev) ? "PCI bridge" : "PCI function";
	return pcie_type_name(cfg->pcie_type);
}

/* "lacks ACS RR/CR (control bits off)", "has no ACS capability", ... */
static void acs_lack(struct pci_topo *t, const struct isol_reason *r, char *buf, size_t size)
{
	char bits[32];

	switch (r->eval.why) {
	case ACS_WHY_CTRL_OFF:
		snprintf(buf, size, "lacks ACS %s (control bits off)",
			 acs_bits_format(r->eval.missing, "/", bits, sizeof(bits)));
		break;
	case ACS_WHY_NO_CAP:
		snprintf(buf, size, "has no ACS capability");
		break;
	case ACS_WHY_NOT_PCIE:
		snprintf(buf, size, "is conventional PCI (a shared bus, never isolated)");
		break;
	case ACS_WHY_BRIDGE_TYPE:
		snprintf(buf, size, "is never taken as an ACS boundary (the kernel's rule for %ss)",
			 node_role(t, r->culprit));
		break;
	case ACS_WHY_UNREADABLE:
		if (pci_topo_config(t, r->culprit)->state == ACS_CFG_UNREADABLE)
			snprintf(buf, size, "cannot be read beyond its 64-byte config header (run as root)");
		else
			snprintf(buf, size, "has no readable extended config space (256 bytes): its ACS is unknown");
		break;
	default:
		snprintf(buf, size, "is not an ACS boundary");
		break;
	}
}

/* one reason as the sentence group show prints */
static void reason_text(struct pci_topo *t, const struct host_snapshot *snap,
			const struct isol_reason *r, char *buf, size_t size)
{
	char lack[160];

	acs_lack(t, r, lack, sizeof(lack));
	switch (r->kind) {
	case ISOL_UPSTREAM:
		if (r->culprit == r->via)
			snprintf(buf, size, "%s shares the group of the %s %s because that %s %s",
				 node_name(t, r->dev), node_role(t, r->via), node_name(t, r->via),
				 node_role(t, r->via), lack);
		else
			snprintf(buf, size, "%s shares the group of the %s %s because the %s %s above it %s",
				 node_name(t, r->dev), node_role(t, r->via), node_name(t, r->via),
				 node_role(t, r->culprit), node_name(t, r->culprit), lack);
		break;
	case ISOL_MULTIFUNCTION:
		snprintf(buf, size,
			 "%s and %s share the group because they are functions of one multifunction device without ACS (%s %s)",
			 node_name(t, r->dev), node_name(t, r->peer), node_name(t, r->culprit), lack);
		break;
	case ISOL_OVERRIDE:
		snprintf(buf, size,
			 "%s is apart from its neighbours only because of pcie_acs_override=%s: the %s %s has no ACS capability, so this isolation is not real",
			 node_name(t, r->dev), snap->host.cmdline.pcie_acs_override
			 ? snap->host.cmdline.pcie_acs_override : "", node_role(t, r->culprit),
			 node_name(t, r->culprit));
		break;
	case ISOL_UNKNOWN:
		snprintf(buf, size, "cannot tell why %s shares the group: the %s %s %s",
			 node_name(t, r->dev), node_role(t, r->culprit), node_name(t, r->culprit), lack);
		break;
	case ISOL_UNEXPLAINED:
		snprintf(buf, size,
			 "%s shares the group, but no missing ACS explains it: a DMA alias (a kernel quirk or the firmware's IOMMU tables) or the IOMMU driver's grouping",
			 r->dev >= 0 ? node_name(t, r->dev) : r->name);
		break;
	}
}

static int explain(struct cli_ctx *ctx, const struct host_snapshot *snap,
		   const struct iommu_group *g, struct pci_topo **topo, struct isol_report *rep)
{
	int rc = topo_for(ctx, snap, topo);

	if (rc)
		return rc;
	rc = isol_explain_group(*topo, g, rep);
	if (rc < 0) {
		cli_err("cannot explain IOMMU group '%d': %s", g->id, strerror(-rc));
		pci_topo_free(*topo);
		*topo = NULL;
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int cli_group_isolation_text(struct cli_ctx *ctx, const struct host_snapshot *snap,
			     const struct iommu_group *g)
{
	struct pci_topo *topo;
	struct isol_report rep;
	int rc = explain(ctx, snap, g, &topo, &rep);

	if (rc)
		return rc;
	bool header_only = rep.count > 0;

	/* unprivileged: one line for the whole group, not one per member */
	for (size_t i = 0; i < rep.count; i++)
		header_only &= rep.reasons[i].kind == ISOL_UNKNOWN &&
			       pci_topo_config(topo, rep.reasons[i].culprit)->state ==
				       ACS_CFG_UNREADABLE;
	if (header_only)
		print_wrapped("  ", "why:      ",
			      "cannot tell why the members share the group: config space cannot be read beyond its 64-byte header (run as root)",
			      cli_term_width());
	for (size_t i = 0; i < rep.count && !header_only; i++) {
		char buf[512];

		reason_text(topo, snap, &rep.reasons[i], buf, sizeof(buf));
		print_wrapped("  ", "why:      ", buf, cli_term_width());
	}
	isol_report_clear(&rep);
	pci_topo_free(topo);
	return 0;
}

static struct json_object *name_or_null(const struct pci_topo *t, int idx)
{
	return idx >= 0 ? json_object_new_string(t->nodes[idx].name) : NULL;
}

int cli_group_isolation_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			     const struct iommu_group *g, struct json_object *parent)
{
	struct pci_topo *topo;
	struct isol_report rep;
	struct json_object *arr;
	int rc = explain(ctx, snap, g, &topo, &rep);

	if (rc)
		return rc;
	arr = json_object_new_array();
	for (size_t i = 0; i < rep.count; i++) {
		const struct isol_reason *r = &rep.reasons[i];
		struct json_object *o = json_object_new_object();
		char buf[512];

		json_object_object_add(o, "kind", json_object_new_string(isol_kind_name(r->kind)));
		json_object_object_add(o, "device", r->dev >= 0 ? name_or_null(topo, r->dev)
						    : json_string_or_null(r->name));
		json_object_object_add(o, "peer", name_or_null(topo, r->peer));
		json_object_object_add(o, "via", name_or_null(topo, r->via));
		json_object_object_add(o, "culprit", name_or_null(topo, r->culprit));
		json_object_object_add(o, "culprit_acs", r->culprit >= 0 ? acs_json(topo, r->culprit)
							 : NULL);
		reason_text(topo, snap, r, buf, sizeof(buf));
		json_object_object_add(o, "reason", json_object_new_string(buf));
		json_object_array_add(arr, o);
	}
	json_object_object_add(parent, "isolation", arr);
	isol_report_clear(&rep);
	pci_topo_free(topo);
	return 0;
}

int cli_group_tree(struct cli_ctx *ctx, const struct host_snapshot *snap,
		   const struct iommu_group *g)
{
	struct pci_topo *topo;
	bool *keep;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, tree_cols, NTREE_COLS);
		return 0;
	}
	rc = topo_for(ctx, snap, &topo);
	if (rc)
		return rc;
	keep = calloc(topo->count, sizeof(*keep));
	if (!keep) {
		pci_topo_free(topo);
		return VFIO_EXIT_FAILURE;
	}
	/* the members and every node above them */
	for (size_t m = 0; m < g->nmembers; m++) {
		int idx = g->members[m].pci ? pci_topo_find(topo, g->members[m].pci->name) : -1;

		for (; idx >= 0 && !keep[idx]; idx = topo->nodes[idx].parent)
			keep[idx] = true;
	}
	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "group", json_object_new_int(g->id));
		rc = tree_print(ctx, topo, keep, "tree", o);
		if (!rc)
			rc = cli_group_isolation_json(ctx, snap, g, o);
		json_object_object_add(root, "group", o);
		if (!rc)
			rc = cli_json_print(root);
		json_object_put(root);
	} else {
		rc = tree_print(ctx, topo, keep, "tree", NULL);
		if (!rc)
			rc = cli_group_isolation_text(ctx, snap, g);
	}
	free(keep);
	pci_topo_free(topo);
	return rc;
}
