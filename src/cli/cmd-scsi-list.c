// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-scsi-list.c: vfioctl scsi list (lsscsi-like) and scsi audit (who reaches which disk) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-scsi.h"
#include "scsi/audit.h"
#include "scsi/ident.h"
#include "pathnames.h"

enum {
	LCOL_HCTL, LCOL_TYPE, LCOL_DEVICE, LCOL_VENDOR, LCOL_MODEL, LCOL_REV, LCOL_RM,
	LCOL_STATE, LCOL_SG, LCOL_BSG, LCOL_PARTS, LCOL_HOLDERS, LCOL_OPEN,
};

static const struct col_desc list_cols[] = {
	[LCOL_HCTL] = { "HCTL", 10, 0, SCOLS_JSON_STRING, "host:channel:target:lun" },
	[LCOL_TYPE] = { "TYPE", 7, 0, SCOLS_JSON_STRING, "peripheral device type (disk, cd/dvd, tape...)" },
	[LCOL_DEVICE] = { "DEVICE", 10, 0, SCOLS_JSON_STRING, "block node" },
	[LCOL_VENDOR] = { "VENDOR", 8, 0, SCOLS_JSON_STRING, "INQUIRY vendor" },
	[LCOL_MODEL] = { "MODEL", 16, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "INQUIRY product" },
	[LCOL_REV] = { "REV", 4, 0, SCOLS_JSON_STRING, "INQUIRY revision" },
	[LCOL_RM] = { "RM", 2, 0, SCOLS_JSON_BOOLEAN, "removable medium" },
	[LCOL_STATE] = { "STATE", 7, 0, SCOLS_JSON_STRING, "SCSI device state" },
	[LCOL_SG] = { "SG", 9, 0, SCOLS_JSON_STRING, "SCSI generic node" },
	[LCOL_BSG] = { "BSG", 16, 0, SCOLS_JSON_STRING, "block SCSI generic node" },
	[LCOL_PARTS] = { "PARTS", 10, 0, SCOLS_JSON_ARRAY_STRING, "partitions" },
	[LCOL_HOLDERS] = { "HOLDERS", 10, 0, SCOLS_JSON_ARRAY_STRING, "devices stacked on the disk or its partitions (dm, md)" },
	[LCOL_OPEN] = { "OPEN", 16, 0, SCOLS_JSON_ARRAY_STRING, "who besides root can open the disk node, and how" },
};

enum {
	ACOL_NODE, ACOL_WHAT, ACOL_DISK, ACOL_OWNER, ACOL_GROUP, ACOL_MODE, ACOL_ACL,
	ACOL_READ, ACOL_WRITE, ACOL_POWER, ACOL_FLAGS,
};

static const struct col_desc audit_cols[] = {
	[ACOL_NODE] = { "NODE", 16, 0, SCOLS_JSON_STRING, "device node" },
	[ACOL_WHAT] = { "WHAT", 10, 0, SCOLS_JSON_STRING, "disk, partition, LVM logical volume, sg, bsg..." },
	[ACOL_DISK] = { "DISK", 6, 0, SCOLS_JSON_STRING, "the SCSI disk SG_IO through it reaches" },
	[ACOL_OWNER] = { "OWNER", 6, 0, SCOLS_JSON_STRING, "owner" },
	[ACOL_GROUP] = { "GROUP", 6, 0, SCOLS_JSON_STRING, "group" },
	[ACOL_MODE] = { "MODE", 4, 0, SCOLS_JSON_STRING, "permission bits (octal)" },
	[ACOL_ACL] = { "ACL", 10, 0, SCOLS_JSON_STRING, "extended POSIX ACL entries" },
	[ACOL_READ] = { "READ", 10, 0, SCOLS_JSON_ARRAY_STRING, "non-root openers, read-only" },
	[ACOL_WRITE] = { "WRITE", 10, 0, SCOLS_JSON_ARRAY_STRING, "non-root openers, read-write" },
	[ACOL_POWER] = { "POWER", 10, 0, SCOLS_JSON_STRING, "the most SCSI power a non-root opener gets: none, read-safe, write-safe, unfiltered" },
	[ACOL_FLAGS] = { "FLAGS", 12, 0, SCOLS_JSON_ARRAY_STRING, "part-open, dm-forwards, sg-writable, unmap-sanitize, ata-pt" },
};

#define NLIST (sizeof(list_cols) / sizeof(list_cols[0]))
#define NAUDIT (sizeof(audit_cols) / sizeof(audit_cols[0]))

const struct col_desc *scsi_list_columns(size_t *n)
{
	*n = NLIST;
	return list_cols;
}

const struct col_desc *scsi_audit_columns(size_t *n)
{
	*n = NAUDIT;
	return audit_cols;
}

/* a list cell: ',' between items in text, '\n' for JSON arrays */
struct cell {
	char buf[512];
	size_t len;
	char sep;
};

static void cell_add(struct cell *c, const char *item)
{
	int n;

	if (c->len >= sizeof(c->buf) - 1)
		return;
	n = snprintf(c->buf + c->len, sizeof(c->buf) - c->len, "%s%s",
		     c->len ? (c->sep == '\n' ? "\n" : ",") : "", item);
	if (n > 0)
		c->len += (size_t)n;
	if (c->len >= sizeof(c->buf))
		c->len = sizeof(c->buf) - 1;
}

static const struct audit_entry *find_entry(const struct audit_entry *v, size_t n, const char *node)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].node, node) == 0)
			return &v[i];
	return NULL;
}

static void openers(const struct audit_entry *e, struct cell *c)
{
	if (!e || !e->present) {
		cell_add(c, "-");
		return;
	}
	for (size_t i = 0; i < e->ngrants; i++) {
		char one[80];

		if (e->grants[i].root)
			continue;
		snprintf(one, sizeof(one), "%s(%s)", e->grants[i].who, e->grants[i].write ? "rw" : "r");
		cell_add(c, one);
	}
	if (!c->len)
		cell_add(c, "root");
}

static char *list_cell(const struct scsi_ident *id, int col, const struct blockdev_topo *topo,
		       const struct audit_entry *au, size_t nau, char sep)
{
	const struct blockdev *d = id->disk[0] ? blockdev_find(topo, id->disk) : NULL;
	struct cell c = { .sep = sep };
	char buf[96];

	switch (col) {
	case LCOL_HCTL:
		return strdup(id->hctl);
	case LCOL_TYPE:
		return strdup(scsi_pdt_name(id->pdt));
	case LCOL_DEVICE:
		if (!id->disk[0])
			return strdup("-");
		snprintf(buf, sizeof(buf), "%s%s", PATH_DEVNODE_ABS, id->disk);
		return strdup(buf);
	case LCOL_VENDOR:
		return strdup(id->vendor);
	case LCOL_MODEL:
		return strdup(id->model);
	case LCOL_REV:
		return strdup(id->rev);
	case LCOL_RM:
		return strdup(id->removable ? "true" : "false");
	case LCOL_STATE:
		return strdup(id->state);
	case LCOL_SG:
		if (!id->sg[0])
			return strdup("-");
		snprintf(buf, sizeof(buf), "%s%s", PATH_DEVNODE_ABS, id->sg);
		return strdup(buf);
	case LCOL_BSG:
		if (!id->bsg[0])
			return strdup("-");
		snprintf(buf, sizeof(buf), "/" PATH_DEV_BSG "/%s", id->bsg);
		return strdup(buf);
	case LCOL_PARTS:
	case LCOL_HOLDERS: {
		const struct blockdev **parts = NULL, **up = NULL;
		size_t np = 0, nu = 0;

		if (!d || blockdev_partitions(topo, d, &parts, &np) < 0)
			return strdup("");
		if (col == LCOL_PARTS) {
			for (size_t i = 0; i < np; i++)
				cell_add(&c, parts[i]->name);
		} else {
			for (size_t i = 0; i <= np; i++) {
				if (blockdev_holders_all(topo, i ? parts[i - 1] : d, &up, &nu) < 0)
					break;
				for (size_t k = 0; k < nu; k++)
					if (!strstr(c.buf, up[k]->name))
						cell_add(&c, up[k]->name);
				free(up);
			}
		}
		free(parts);
		return strdup(c.buf);
	}
	case LCOL_OPEN:
		snprintf(buf, sizeof(buf), PATH_DEV "/%s", id->disk);
		openers(id->disk[0] ? find_entry(au, nau, buf) : NULL, &c);
		return strdup(c.buf);
	}
	return strdup("");
}

int cmd_scsi_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct path_ctx *path;
	struct blockdev_topo *topo = NULL;
	struct scsi_ident *ids = NULL;
	struct audit_entry *au = NULL;
	size_t nids = 0, nau = 0;
	struct out_table t;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, list_cols, NLIST);
		return 0;
	}
	rc = out_table_init(ctx, &t, "scsi", list_cols, NLIST,
			    "HCTL,TYPE,DEVICE,VENDOR,MODEL,RM,SG,BSG,PARTS,HOLDERS,OPEN");
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	rc = scsi_cli_topo(ctx, &path, &topo);
	if (!rc && (scsi_ident_list(path, &ids, &nids) < 0 ||
		    (!nids && scsi_ident_list_disks(path, topo, &ids, &nids) < 0) ||
		    scsi_audit_scan(path, topo, &au, &nau) < 0)) {
		cli_err("cannot list SCSI devices: out of memory");
		rc = VFIO_EXIT_FAILURE;
	}
	for (size_t i = 0; !rc && i < nids; i++) {
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++)
			out_table_set(&t, c, list_cell(&ids[i], t.ids[c], topo, au, nau,
						       ctx->opts.json ? '\n' : ','), NULL);
	}
	if (!rc)
		rc = out_table_print(&t);
	out_table_free(&t);
	free(ids);
	free(au);
	blockdev_topo_free(topo);
	return rc;
}

static char *audit_cell(const struct audit_entry *e, int col, char sep)
{
	struct cell c = { .sep = sep };
	enum audit_power best = AUDIT_POWER_NONE;
	bool any = false;
	char buf[160];

	switch (col) {
	case ACOL_NODE:
		snprintf(buf, sizeof(buf), "/%s", e->node);
		return strdup(buf);
	case ACOL_WHAT:
		return strdup(e->what);
	case ACOL_DISK:
		return strdup(e->disk[0] ? e->disk : "-");
	case ACOL_OWNER:
		return strdup(e->present ? e->owner : "-");
	case ACOL_GROUP:
		return strdup(e->present ? e->group : "-");
	case ACOL_MODE:
		if (!e->present)
			return strdup("-");
		snprintf(buf, sizeof(buf), "%04o", (unsigned int)e->mode);
		return strdup(buf);
	case ACOL_ACL:
		return strdup(e->acl[0] ? e->acl : "-");
	case ACOL_READ:
	case ACOL_WRITE:
		for (size_t i = 0; i < e->ngrants; i++) {
			const struct audit_grant *g = &e->grants[i];

			if (!g->root && (col == ACOL_WRITE ? g->write : g->read))
				cell_add(&c, g->who);
		}
		if (!c.len && sep != '\n')
			cell_add(&c, "-");
		return strdup(c.buf);
	case ACOL_POWER:
		if (!e->present)
			return strdup("-");
		for (size_t i = 0; i < e->ngrants; i++) {
			if (e->grants[i].root)
				continue;
			any = true;
			if (e->grants[i].power > best)
				best = e->grants[i].power;
		}
		return strdup(any ? audit_power_name(best) : "root only");
	case ACOL_FLAGS:
		audit_flag_names(e->flags, buf, sizeof(buf));
		if (sep == '\n')
			for (char *p = buf; *p; p++)
				if (*p == ',')
					*p = '\n';
		return strdup(buf[0] || sep == '\n' ? buf : "-");
	}
	return strdup("");
}

int cmd_scsi_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	struct path_ctx *path;
	struct blockdev_topo *topo = NULL;
	struct audit_entry *au = NULL;
	size_t nau = 0;
	struct out_table t;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, audit_cols, NAUDIT);
		return 0;
	}
	rc = out_table_init(ctx, &t, "nodes", audit_cols, NAUDIT,
			    "NODE,WHAT,DISK,OWNER,GROUP,MODE,ACL,READ,WRITE,POWER,FLAGS");
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	rc = scsi_cli_topo(ctx, &path, &topo);
	if (!rc && scsi_audit_scan(path, topo, &au, &nau) < 0) {
		cli_err("cannot audit the SCSI nodes: out of memory");
		rc = VFIO_EXIT_FAILURE;
	}
	for (size_t i = 0; !rc && i < nau; i++) {
		if (!au[i].present)
			continue;
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++)
			out_table_set(&t, c, audit_cell(&au[i], t.ids[c], ctx->opts.json ? '\n' : ','),
				      NULL);
	}
	if (!rc)
		rc = out_table_print(&t);
	out_table_free(&t);
	free(au);
	blockdev_topo_free(topo);
	return rc;
}
