// SPDX-License-Identifier: GPL-2.0-or-later
/* pane-blocks.c: the block / SCSI pane: disks with partitions, holders and sg/bsg nodes, and who can open them */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "pathnames.h"

#define BLK_FMT "%-22s %-8s %-9s %6s  %-16s %-10s  %s"
#define FLAGS_COL (22 + 1 + 8 + 1 + 9 + 1 + 6 + 2 + 16 + 1 + 10 + 2)
#define POWER_COL (22 + 1 + 8 + 1 + 9 + 1 + 6 + 2 + 16 + 1)

/* 512-byte sectors as "931.5G" */
static void size_text(uint64_t sectors, char *buf, size_t size)
{
	static const char units[] = "KMGTPE";
	double v = (double)sectors / 2;	/* KiB */
	int u = 0;

	if (!sectors) {
		snprintf(buf, size, "0");
		return;
	}
	while (v >= 1023.95 && units[u + 1]) {	/* 1023.99M reads 1.0G */
		v /= 1024;
		u++;
	}
	snprintf(buf, size, v < 10 && v != (double)(uint64_t)v ? "%.1f%c" : "%.0f%c", v, units[u]);
}

static const struct scsi_ident *ident_of(const struct dash_blocks *b, const char *disk)
{
	for (size_t i = 0; i < b->nids; i++)
		if (strcmp(b->ids[i].disk, disk) == 0)
			return &b->ids[i];
	return NULL;
}

static enum tui_style power_style(const struct audit_entry *e)
{
	enum audit_power p;

	if (!dash_audit_power(e, &p))
		return ST_NORMAL;
	return p == AUDIT_POWER_UNFILTERED ? ST_BAD : p == AUDIT_POWER_WRITE_SAFE ? ST_WARN
										 : ST_NORMAL;
}

/* one node's row: @tree is the name with its branch ("|-sda1") */
static int node_row(struct pane *p, int parent, const char *key, const char *tree,
		    const char *type, const char *hctl, const char *size, const struct audit_entry *e)
{
	char who[32] = "-", flags[160] = "", power[16] = "-";
	enum audit_power best;
	int rc;

	if (e) {
		snprintf(who, sizeof(who), "%.10s:%.10s %04o", e->owner, e->group,
			 (unsigned int)e->mode & 07777);
		snprintf(power, sizeof(power), "%s",
			 dash_audit_power(e, &best) ? audit_power_name(best) : "root only");
		audit_flag_names(e->flags, flags, sizeof(flags));
	}
	rc = pane_add(p, parent, ST_NORMAL, key, BLK_FMT, tree, type, hctl, size, who, power,
		      *flags ? flags : "");
	if (rc < 0)
		return rc;
	if (*flags)
		pane_badge(p, FLAGS_COL, (int)strlen(flags), ST_BAD);
	else if (power_style(e) != ST_NORMAL)
		pane_badge(p, POWER_COL, (int)strlen(power), power_style(e));
	return 0;
}

static int dev_row(struct pane *p, const struct dash_blocks *b, int parent, const char *branch,
		   const struct blockdev *dev, const char *key_parent)
{
	const struct scsi_ident *id = dev->kind == BLOCKDEV_DISK ? ident_of(b, dev->name) : NULL;
	char key[48], tree[64], node[96], size[16];
	const char *type = blockdev_kind_name(dev->kind);

	if (id)
		type = scsi_pdt_name(id->pdt);
	else if (dev->kind == BLOCKDEV_DM && dev->dm_kind == BLOCKDEV_DM_PART)
		type = "kpartx";	/* not to be read as a partition of the disk */
	else if (dev->kind == BLOCKDEV_DM && dev->dm_kind != BLOCKDEV_DM_OTHER)
		type = blockdev_dm_kind_name(dev->dm_kind);
	snprintf(key, sizeof(key), "b:%s>%s", key_parent, dev->name);
	snprintf(tree, sizeof(tree), "%s%s", branch, dev->name);
	snprintf(node, sizeof(node), PATH_DEV "/%s", dev->name);
	size_text(dev->size, size, sizeof(size));
	return node_row(p, parent, key, tree, type, id ? id->hctl : "-", size,
			dash_audit_find(b, node));
}

/* the sg and bsg nodes of SCSI device @id, below row @parent */
static int scsi_nodes(struct pane *p, const struct dash_blocks *b, int parent,
		      const struct scsi_ident *id, const char *indent, bool more_after)
{
	char key[48], tree[64], node[96];
	int rc = 0;

	if (*id->sg) {
		snprintf(key, sizeof(key), "n:%s", id->sg);
		snprintf(tree, sizeof(tree), "%s%s%s", indent, *id->bsg || more_after ? "|-" : "`-",
			 id->sg);
		snprintf(node, sizeof(node), PATH_DEV "/%s", id->sg);
		rc = node_row(p, parent, key, tree, "sg", id->hctl, "", dash_audit_find(b, node));
	}
	if (rc == 0 && *id->bsg) {
		snprintf(key, sizeof(key), "n:bsg/%s", id->bsg);
		snprintf(tree, sizeof(tree), "%s%sbsg/%s", indent, more_after ? "|-" : "`-", id->bsg);
		snprintf(node, sizeof(node), PATH_DEV_BSG "/%s", id->bsg);
		rc = node_row(p, parent, key, tree, "bsg", id->hctl, "", dash_audit_find(b, node));
	}
	return rc;
}

/* a disk, its partitions with their holders, its own holders, its sg/bsg nodes */
static int disk_rows(struct pane *p, const struct dash_blocks *b, const struct blockdev *disk)
{
	const struct scsi_ident *id = ident_of(b, disk->name);
	const struct blockdev **parts = NULL, **up = NULL, **dup = NULL;
	size_t np = 0, nu = 0, nh = 0, nkids;
	int top = (int)p->nitems, rc;
	bool nodes = id && (*id->sg || *id->bsg);

	rc = dev_row(p, b, -1, "", disk, "");
	if (rc == 0)
		rc = blockdev_partitions(b->topo, disk, &parts, &np);
	if (rc < 0)
		return rc;
	/* maps stacked on the whole disk (multipath, and kpartx on it), transitively */
	rc = blockdev_holders_all(b->topo, disk, &dup, &nh);
	if (rc < 0) {
		free(parts);
		return rc;
	}
	nkids = np + nh;
	for (size_t i = 0; rc == 0 && i < np; i++) {
		bool last = i + 1 == nkids && !nodes;
		int prow = (int)p->nitems;

		rc = dev_row(p, b, top, last ? "`-" : "|-", parts[i], disk->name);
		if (rc == 0)
			rc = blockdev_holders_all(b->topo, parts[i], &up, &nu);
		for (size_t k = 0; rc == 0 && k < nu; k++)
			rc = dev_row(p, b, prow, k + 1 == nu ? (last ? "  `-" : "| `-") : (last ? "  |-" : "| |-"),
				     up[k], parts[i]->name);
		free(up);
		up = NULL;
	}
	for (size_t k = 0; rc == 0 && k < nh; k++)
		rc = dev_row(p, b, top, np + k + 1 == nkids && !nodes ? "`-" : "|-", dup[k],
			     disk->name);
	free(dup);
	if (rc == 0 && nodes)
		rc = scsi_nodes(p, b, top, id, "", false);
	free(parts);
	return rc;
}

static int build_blocks(struct pane *p, const struct dash_data *d)
{
	const struct dash_blocks *b = &d->blocks;
	int rc = 0;

	snprintf(p->heading, sizeof(p->heading), BLK_FMT, "NAME", "TYPE", "HCTL", "SIZE",
		 "OWNER:GROUP MODE", "SCSI POWER", "FLAGS");
	if (!b->topo)
		return 0;
	for (size_t i = 0; rc == 0 && i < b->topo->count; i++) {
		const struct blockdev *dev = &b->topo->devs[i];

		/* a loop device without a backing file (size 0) is noise */
		if (!blockdev_is_whole(dev) || (dev->kind == BLOCKDEV_LOOP && !dev->size))
			continue;
		rc = disk_rows(p, b, dev);
	}
	/* SCSI devices without a block node (tapes, changers, enclosures) */
	for (size_t i = 0; rc == 0 && i < b->nids; i++) {
		const struct scsi_ident *id = &b->ids[i];
		char key[48];
		int top = (int)p->nitems;

		if (*id->disk && blockdev_find(b->topo, id->disk))
			continue;
		snprintf(key, sizeof(key), "s:%s", id->hctl);
		rc = pane_add(p, -1, ST_NORMAL, key, BLK_FMT, *id->disk ? id->disk : id->hctl,
			      scsi_pdt_name(id->pdt), id->hctl, "", "", "", "");
		if (rc == 0)
			rc = scsi_nodes(p, b, top, id, "", false);
	}
	return rc;
}

static void detail_node(const struct audit_entry *e, struct canvas *out)
{
	char buf[256];
	size_t len = 0;
	enum audit_power best;

	canvas_add(out, ST_TITLE, "/%s  (%s)", e->node, e->what);
	canvas_add(out, ST_NORMAL, "  owner:       %s (%u)", e->owner, (unsigned int)e->uid);
	canvas_add(out, ST_NORMAL, "  group:       %s (%u)", e->group, (unsigned int)e->gid);
	canvas_add(out, ST_NORMAL, "  mode:        %04o", (unsigned int)e->mode & 07777);
	canvas_add(out, ST_NORMAL, "  acl:         %s", *e->acl ? e->acl : "(none)");
	canvas_add(out, ST_NORMAL, "  reaches:     %s", *e->disk ? e->disk : "no SCSI disk (SG_IO refused)");
	for (int w = 0; w < 2; w++) {
		len = 0;
		buf[0] = '\0';
		for (size_t i = 0; i < e->ngrants && len < sizeof(buf); i++) {
			const struct audit_grant *g = &e->grants[i];

			if (g->root || !(w ? g->write : g->read))
				continue;
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s (%s)", len ? ", " : "",
						g->who, audit_power_name(g->power));
		}
		canvas_add(out, ST_NORMAL, "  %-15s%s", w ? "write openers:" : "read openers:",
			   *buf ? buf : "root only");
	}
	if (dash_audit_power(e, &best))
		canvas_add(out, best == AUDIT_POWER_UNFILTERED ? ST_BAD : best == AUDIT_POWER_WRITE_SAFE ? ST_WARN : ST_NORMAL,
			   "  scsi power:  %s (the most a non-root opener gets)", audit_power_name(best));
	else
		canvas_add(out, ST_NORMAL, "  scsi power:  root only");
	audit_flag_names(e->flags, buf, sizeof(buf));
	canvas_add(out, *buf ? ST_BAD : ST_NORMAL, "  flags:       %s", *buf ? buf : "(none)");
}

static void detail_ident(const struct scsi_ident *id, struct canvas *out)
{
	canvas_add(out, ST_NORMAL, "  scsi:        %s %s %s %s, %s%s", id->hctl, id->vendor, id->model,
		   id->rev, scsi_pdt_name(id->pdt), id->removable ? ", removable" : "");
	canvas_add(out, ST_NORMAL, "  state:       %s", *id->state ? id->state : "(unknown)");
	canvas_add(out, ST_NORMAL, "  sg, bsg:     %s%s, %s%s", *id->sg ? PATH_DEVNODE_ABS : "",
		   *id->sg ? id->sg : "-", *id->bsg ? "/" PATH_DEV_BSG "/" : "", *id->bsg ? id->bsg : "-");
}

static int detail_blocks(const struct pane_item *it, const struct dash_data *d, struct canvas *out)
{
	const struct dash_blocks *b = &d->blocks;
	const char *name = strrchr(it->key, '>');
	char node[96], size[16];

	if (strncmp(it->key, "n:", 2) == 0) {
		const struct audit_entry *e;

		snprintf(node, sizeof(node), PATH_DEV "/%s", it->key + 2);
		e = dash_audit_find(b, node);
		if (e)
			detail_node(e, out);
		else
			canvas_add(out, ST_WARN, "/%s is gone", node);
		return 0;
	}
	if (strncmp(it->key, "s:", 2) == 0) {
		for (size_t i = 0; i < b->nids; i++)
			if (strcmp(b->ids[i].hctl, it->key + 2) == 0) {
				canvas_add(out, ST_TITLE, "SCSI device %s (no block node)", b->ids[i].hctl);
				detail_ident(&b->ids[i], out);
				return 0;
			}
		canvas_add(out, ST_WARN, "SCSI device %s is gone", it->key + 2);
		return 0;
	}
	if (!name || !b->topo) {
		canvas_add(out, ST_WARN, "nothing to show");
		return 0;
	}
	const struct blockdev *dev = blockdev_find(b->topo, name + 1);
	const struct scsi_ident *id;
	const struct audit_entry *e;

	if (!dev) {
		canvas_add(out, ST_WARN, "%s is gone", name + 1);
		return 0;
	}
	snprintf(node, sizeof(node), PATH_DEV "/%s", dev->name);
	e = dash_audit_find(b, node);
	if (e) {
		detail_node(e, out);
	} else {
		canvas_add(out, ST_TITLE, "/%s", node);
		canvas_add(out, ST_NORMAL, "  audit:       not a node that reaches a SCSI device");
	}
	size_text(dev->size, size, sizeof(size));
	canvas_add(out, ST_NORMAL, "  device:      %s %u:%u, %s%s%s%s%s", blockdev_kind_name(dev->kind),
		   dev->major, dev->minor, size, dev->ro ? ", read-only" : "",
		   dev->removable ? ", removable" : "", *dev->dm_name ? ", dm name " : "", dev->dm_name);
	if (dev->kind == BLOCKDEV_PART)
		canvas_add(out, ST_NORMAL, "  partition:   %u of %s, from sector %" PRIu64, dev->partno,
			   dev->parent, dev->start);
	if (*dev->slaves)
		canvas_add(out, ST_NORMAL, "  slaves:      %s%s%s", dev->slaves[0],
			   dev->slaves[1] ? ", " : "", dev->slaves[1] ? dev->slaves[1] : "");
	if (*dev->holders)
		canvas_add(out, ST_NORMAL, "  holders:     %s%s%s", dev->holders[0],
			   dev->holders[1] ? ", " : "", dev->holders[1] ? dev->holders[1] : "");
	id = dev->kind == BLOCKDEV_DISK ? ident_of(b, dev->name) : NULL;
	if (id)
		detail_ident(id, out);
	return 0;
}

/* the rows change only when the block data is read again (block uevents) */
static unsigned long stamp_blocks(const struct dash_data *d)
{
	return d->block_reads;
}

const struct pane_class pane_blocks = {
	.name = "Block / SCSI",
	.empty = "no block devices",
	.build = build_blocks,
	.detail = detail_blocks,
	.stamp = stamp_blocks,
};
