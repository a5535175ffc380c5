// SPDX-License-Identifier: GPL-2.0-or-later
/* audit.c: owners, modes and ACLs of block, sg and bsg nodes, and the SCSI power they give */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "array.h"
#include "audit.h"
#include "pathnames.h"

/* include/uapi/linux/posix_acl_xattr.h and posix_acl.h */
#define ACL_XATTR_VERSION	2
#define ACL_USER_OBJ		0x01
#define ACL_USER		0x02
#define ACL_GROUP_OBJ		0x04
#define ACL_GROUP		0x08
#define ACL_MASK		0x10
#define ACL_OTHER		0x20

const char *audit_power_name(enum audit_power p)
{
	switch (p) {
	case AUDIT_POWER_NONE:		return "none";
	case AUDIT_POWER_READ_SAFE:	return "read-safe";
	case AUDIT_POWER_WRITE_SAFE:	return "write-safe";
	case AUDIT_POWER_UNFILTERED:	return "unfiltered";
	}
	return "?";
}

void audit_flag_names(unsigned int flags, char *buf, size_t size)
{
	static const char *const names[] = { "part-open", "dm-forwards", "sg-writable",
					     "unmap-sanitize", "ata-pt" };
	size_t off = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int n;

		if (!(flags & (1u << i)))
			continue;
		n = snprintf(buf + off, size - off, "%s%s", off ? "," : "", names[i]);
		if (n < 0 || (size_t)n >= size - off)
			return;
		off += (size_t)n;
	}
}

static void perm_str(unsigned int p, char out[4])
{
	out[0] = p & 4 ? 'r' : '-';
	out[1] = p & 2 ? 'w' : '-';
	out[2] = p & 1 ? 'x' : '-';
	out[3] = '\0';
}

int scsi_acl_parse(const uint8_t *buf, size_t len, char *text, size_t size,
		   unsigned int *ids, bool *is_group, unsigned int *perms, size_t max,
		   unsigned int *mask)
{
	size_t n = 0, off = 0;
	uint32_t version;

	*mask = 7;
	if (size)
		text[0] = '\0';
	if (len < 4 || (len - 4) % 8)
		return -EINVAL;
	version = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
		  (uint32_t)buf[3] << 24;
	if (version != ACL_XATTR_VERSION)
		return -EINVAL;
	for (size_t i = 4; i < len; i += 8) {
		unsigned int tag = buf[i] | buf[i + 1] << 8;
		unsigned int perm = (buf[i + 2] | buf[i + 3] << 8) & 7;
		unsigned int id = (uint32_t)buf[i + 4] | (uint32_t)buf[i + 5] << 8 |
				  (uint32_t)buf[i + 6] << 16 | (uint32_t)buf[i + 7] << 24;
		char p[4], one[48];
		int w;

		perm_str(perm, p);
		switch (tag) {
		case ACL_USER_OBJ:
		case ACL_GROUP_OBJ:
		case ACL_OTHER:
			continue;
		case ACL_MASK:
			*mask = perm;
			snprintf(one, sizeof(one), "mask::%s", p);
			break;
		case ACL_USER:
		case ACL_GROUP:
			if (n < max) {
				ids[n] = id;
				is_group[n] = tag == ACL_GROUP;
				perms[n] = perm;
				n++;
			}
			snprintf(one, sizeof(one), "%s:%u:%s", tag == ACL_USER ? "user" : "group",
				 id, p);
			break;
		default:
			return -EINVAL;
		}
		w = snprintf(text + off, size > off ? size - off : 0, "%s%s", off ? "," : "", one);
		if (w > 0 && (size_t)w < size - off)
			off += (size_t)w;
	}
	return (int)n;
}

/* a name from the sysroot's etc/passwd or etc/group ("name:x:ID:...") */
static void id_name(struct path_ctx *ctx, const char *file, unsigned int id, char *buf, size_t size)
{
	char *data = NULL, *line, *save = NULL;

	snprintf(buf, size, "%u", id);
	if (path_read_alloc(ctx, &data, NULL, "%s", file) < 0)
		return;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { line };
		int k = 1;

		for (char *p = line; *p && k < 4; p++)
			if (*p == ':') {
				*p = '\0';
				f[k++] = p + 1;
			}
		if (k >= 3 && strtoul(f[2], NULL, 10) == id && f[2][0] >= '0' && f[2][0] <= '9') {
			snprintf(buf, size, "%s", f[0]);
			break;
		}
	}
	free(data);
}

static enum audit_power power_of(const struct scsi_target *t, enum audit_node kind, bool write)
{
	if (kind == AUDIT_NODE_SG)
		return write ? AUDIT_POWER_UNFILTERED : AUDIT_POWER_READ_SAFE;
	if (kind == AUDIT_NODE_BLOCK) {
		switch (t->knode) {
		case SCSI_KNODE_DISK:
		case SCSI_KNODE_BSG:
			break;
		case SCSI_KNODE_DM_WHOLE:
			if (t->under_part)
				return AUDIT_POWER_NONE;
			break;
		default:
			return AUDIT_POWER_NONE;
		}
	}
	return write ? AUDIT_POWER_WRITE_SAFE : AUDIT_POWER_READ_SAFE;
}

static void add_grant(struct audit_entry *e, const char *who, bool root, unsigned int perm,
		      const struct scsi_target *t)
{
	struct audit_grant *g;

	if (!(perm & 6) || e->ngrants >= sizeof(e->grants) / sizeof(e->grants[0]))
		return;
	g = &e->grants[e->ngrants++];
	snprintf(g->who, sizeof(g->who), "%s", who);
	g->root = root;
	g->read = perm & 4;
	g->write = perm & 2;
	g->power = power_of(t, e->kind, g->write);
	if (root)
		return;
	/* what a non-root opener means on this node */
	if (t->mapped)
		e->flags |= AUDIT_FLAG_PART_OPEN;
	if (e->kind == AUDIT_NODE_SG && g->write)
		e->flags |= AUDIT_FLAG_SG_WRITABLE;
	if ((e->pdt == 0 || e->pdt == 0x0e || e->pdt == 0x14) && g->power != AUDIT_POWER_NONE) {
		e->flags |= AUDIT_FLAG_OVERLAP;
		if (g->write)
			e->flags |= AUDIT_FLAG_ATA_PT;
	}
}

static void read_node(struct path_ctx *ctx, struct audit_entry *e, const struct scsi_target *t)
{
	unsigned int ids[6], perms[6], mask = 7;
	bool is_group[6];
	uint8_t acl[512];
	char who[64], name[32], fdpath[64];
	struct stat st;
	ssize_t n;
	int fd, nacl = 0;
	bool root_user, root_group;

	fd = path_open(ctx, O_PATH, "%s", e->node);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return;
	}
	e->present = true;
	e->uid = st.st_uid;
	e->gid = st.st_gid;
	e->mode = st.st_mode & 07777;
	id_name(ctx, PATH_ETC_PASSWD, st.st_uid, e->owner, sizeof(e->owner));
	id_name(ctx, PATH_ETC_GROUP, st.st_gid, e->group, sizeof(e->group));
	/* an O_PATH fd has no xattr calls of its own: go through its proc link */
	snprintf(fdpath, sizeof(fdpath), PATH_PROC_SELF_FD_ABS, fd);
	n = getxattr(fdpath, "system.posix_acl_access", acl, sizeof(acl));
	close(fd);
	if (n > 0)
		nacl = scsi_acl_parse(acl, (size_t)n, e->acl, sizeof(e->acl), ids, is_group, perms,
				      6, &mask);
	if (nacl < 0)
		nacl = 0;

	/*
	 * Root is uid/gid 0; in a captured tree, which cannot be chowned, the
	 * tree's own etc/passwd and etc/group say whom an owner stands for.
	 */
	root_user = path_ctx_is_live(ctx) ? st.st_uid == 0 : strcmp(e->owner, "root") == 0;
	root_group = path_ctx_is_live(ctx) ? st.st_gid == 0 : strcmp(e->group, "root") == 0;
	snprintf(who, sizeof(who), "user:%s", e->owner);
	add_grant(e, who, root_user, (e->mode >> 6) & 7, t);
	snprintf(who, sizeof(who), "group:%s", e->group);
	/* with an ACL, the group bits of the mode are the mask (acl(5)) */
	add_grant(e, who, root_group, ((e->mode >> 3) & 7) & (e->acl[0] ? mask : 7), t);
	for (int i = 0; i < nacl; i++) {
		id_name(ctx, is_group[i] ? PATH_ETC_GROUP : PATH_ETC_PASSWD, ids[i], name,
			sizeof(name));
		snprintf(who, sizeof(who), "%s:%s", is_group[i] ? "group" : "user", name);
		add_grant(e, who, !is_group[i] && ids[i] == 0, perms[i] & mask, t);
	}
	add_grant(e, "other", false, e->mode & 7, t);
}

struct entries {
	struct audit_entry *v;
	size_t n, cap;
};

static struct audit_entry *new_entry(struct entries *l)
{
	if (array_grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return NULL;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].pdt = -1;
	return &l->v[l->n++];
}

int scsi_audit_scan(struct path_ctx *ctx, const struct blockdev_topo *topo,
		    struct audit_entry **out, size_t *count)
{
	struct entries l = { 0 };
	struct scsi_ident *ids = NULL;
	size_t nids = 0;
	int rc;

	for (size_t i = 0; i < topo->count; i++) {
		const struct blockdev *d = &topo->devs[i];
		const struct blockdev **disks = NULL;
		size_t nd = 0;
		struct scsi_target t;
		struct scsi_ident id;
		struct audit_entry *e;
		bool scsi = false;

		/* only nodes with a SCSI disk somewhere below them */
		if (blockdev_whole_disks(topo, d, &disks, &nd) < 0)
			goto nomem;
		for (size_t k = 0; k < nd && !scsi; k++)
			scsi = scsi_ident_of_disk(ctx, disks[k], &id) == 0;
		free(disks);
		if (!scsi || scsi_target_of(ctx, topo, d, &t) < 0)
			continue;
		e = new_entry(&l);
		if (!e)
			goto nomem;
		snprintf(e->node, sizeof(e->node), PATH_DEV "/%s", d->name);
		e->kind = AUDIT_NODE_BLOCK;
		/* a whole disk says what it is: disk, cd/dvd, tape */
		e->what = t.has_ident && t.dev == t.disk ? scsi_pdt_name(t.ident.pdt) : t.what;
		if (t.disk && t.knode != SCSI_KNODE_NOT_SCSI && t.knode != SCSI_KNODE_DM_NOIOCTL)
			snprintf(e->disk, sizeof(e->disk), "%s", t.disk->name);
		e->pdt = t.has_ident ? t.ident.pdt : -1;
		if (t.knode == SCSI_KNODE_DM_WHOLE && !t.under_part)
			e->flags |= AUDIT_FLAG_DM_FORWARDS;
		read_node(ctx, e, &t);
	}

	rc = scsi_ident_list(ctx, &ids, &nids);
	if (rc < 0)
		goto nomem;
	for (size_t i = 0; i < nids; i++) {
		struct scsi_target t;

		memset(&t, 0, sizeof(t));
		t.knode = SCSI_KNODE_DISK;
		for (int k = 0; k < 2; k++) {
			struct audit_entry *e;

			if (!(k == 0 ? ids[i].sg[0] : ids[i].bsg[0]))
				continue;
			e = new_entry(&l);
			if (!e)
				goto nomem;
			e->kind = k == 0 ? AUDIT_NODE_SG : AUDIT_NODE_BSG;
			e->what = k == 0 ? "sg" : "bsg";
			if (k == 0)
				snprintf(e->node, sizeof(e->node), PATH_DEV "/%s", ids[i].sg);
			else
				snprintf(e->node, sizeof(e->node), PATH_DEV_BSG "/%s", ids[i].bsg);
			snprintf(e->disk, sizeof(e->disk), "%s",
				 ids[i].disk[0] ? ids[i].disk : ids[i].hctl);
			e->pdt = ids[i].pdt;
			read_node(ctx, e, &t);
		}
	}
	free(ids);
	*out = l.v;
	*count = l.n;
	return 0;
nomem:
	free(ids);
	free(l.v);
	return -ENOMEM;
}
