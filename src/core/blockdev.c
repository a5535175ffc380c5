// SPDX-License-Identifier: GPL-2.0-or-later
/* blockdev.c: block topology from sys/dev/block and walks along slaves/ and holders/ */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "blockdev.h"
#include "pathnames.h"

/* slaves/ and holders/ never nest this deep on a sane host; a fixture may loop */
#define BLOCKDEV_MAX_DEPTH	16

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int name_cmp(const void *a, const void *b)
{
	const struct blockdev *x = a, *y = b;

	return strverscmp(x->name, y->name);
}

static enum blockdev_dm_kind dm_kind_of(const char *uuid)
{
	if (strncmp(uuid, "LVM-", 4) == 0)
		return BLOCKDEV_DM_LVM;
	if (strncmp(uuid, "CRYPT-", 6) == 0)
		return BLOCKDEV_DM_CRYPT;
	if (strncmp(uuid, "mpath-", 6) == 0)
		return BLOCKDEV_DM_MPATH;
	/* kpartx names its maps "part1-mpath-..." or "part2-<disk uuid>" */
	if (strncmp(uuid, "part", 4) == 0 && uuid[4] >= '0' && uuid[4] <= '9')
		return BLOCKDEV_DM_PART;
	return BLOCKDEV_DM_OTHER;
}

static char **empty_strv(void)
{
	return calloc(1, sizeof(char *));
}

static void blockdev_clear(struct blockdev *d)
{
	strv_free(d->slaves);
	strv_free(d->holders);
	d->slaves = d->holders = NULL;
}

/* read one device through @base: sys/dev/block/MAJ:MIN or sys/class/block/NAME */
static int read_one(struct path_ctx *ctx, const char *base, struct blockdev *d)
{
	char link[4096], devt[32], *slash;
	uint64_t v;
	int rc;

	memset(d, 0, sizeof(*d));
	copy_str(d->syspath, sizeof(d->syspath), base);
	if (path_read_string(ctx, devt, sizeof(devt), "%s/dev", base) < 0 ||
	    sscanf(devt, "%u:%u", &d->major, &d->minor) != 2)
		return -EINVAL;
	rc = path_readlink(ctx, link, sizeof(link), "%s", base);
	if (rc < 0)
		return rc;
	slash = strrchr(link, '/');
	copy_str(d->name, sizeof(d->name), slash ? slash + 1 : link);
	if (!d->name[0])
		return -EINVAL;

	/* a partition lives in its disk's directory: the parent names the disk */
	if (path_read_u64(ctx, &v, "%s/partition", base) == 0) {
		d->kind = BLOCKDEV_PART;
		d->partno = (unsigned int)v;
		if (slash) {
			*slash = '\0';
			slash = strrchr(link, '/');
			copy_str(d->parent, sizeof(d->parent), slash ? slash + 1 : link);
		}
		if (path_read_u64(ctx, &v, "%s/start", base) == 0)
			d->start = v;
	} else if (path_exists(ctx, "%s/dm", base)) {
		d->kind = BLOCKDEV_DM;
		path_read_string(ctx, d->dm_name, sizeof(d->dm_name), "%s/dm/name", base);
		path_read_string(ctx, d->dm_uuid, sizeof(d->dm_uuid), "%s/dm/uuid", base);
		d->dm_kind = dm_kind_of(d->dm_uuid);
	} else if (path_exists(ctx, "%s/md", base)) {
		d->kind = BLOCKDEV_MD;
	} else if (path_exists(ctx, "%s/loop", base) || strncmp(d->name, "loop", 4) == 0) {
		/* an unbound loop device has no loop/ directory, only its name */
		d->kind = BLOCKDEV_LOOP;
	} else {
		d->kind = BLOCKDEV_DISK;
	}
	if (path_read_u64(ctx, &v, "%s/size", base) == 0)
		d->size = v;
	/* partitions carry no "removable": they inherit the disk's below */
	if (path_read_u64(ctx, &v, "%s/removable", base) == 0)
		d->removable = v != 0;
	if (path_read_u64(ctx, &v, "%s/ro", base) == 0)
		d->ro = v != 0;
	rc = path_list_dir(ctx, &d->slaves, NULL, "%s/slaves", base);
	if (rc == -ENOMEM)
		return rc;
	rc = path_list_dir(ctx, &d->holders, NULL, "%s/holders", base);
	if (rc == -ENOMEM)
		return rc;
	if (!d->slaves)
		d->slaves = empty_strv();
	if (!d->holders)
		d->holders = empty_strv();
	if (!d->slaves || !d->holders)
		return -ENOMEM;
	return 0;
}

int blockdev_topo_scan(struct path_ctx *ctx, struct blockdev_topo **out)
{
	const char *dir = PATH_SYS_DEV_BLOCK;
	struct blockdev_topo *t;
	char **names = NULL, base[64];
	size_t n = 0, i;
	int rc;

	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	rc = path_list_dir(ctx, &names, &n, "%s", dir);
	if (rc < 0 && rc != -ENOMEM) {
		/* a capture without sys/dev: the class directory names every device too */
		dir = PATH_SYS_CLASS_BLOCK;
		rc = path_list_dir(ctx, &names, &n, "%s", dir);
	}
	if (rc == -ENOMEM) {
		free(t);
		return rc;
	}
	if (n) {
		t->devs = calloc(n, sizeof(*t->devs));
		if (!t->devs) {
			strv_free(names);
			free(t);
			return -ENOMEM;
		}
	}
	for (i = 0; i < n; i++) {
		struct blockdev *d = &t->devs[t->count];

		snprintf(base, sizeof(base), "%s/%s", dir, names[i]);
		rc = read_one(ctx, base, d);
		if (rc == -ENOMEM) {
			blockdev_clear(d);
			strv_free(names);
			blockdev_topo_free(t);
			return rc;
		}
		if (rc < 0) {
			blockdev_clear(d);
			continue;
		}
		t->count++;
	}
	strv_free(names);
	if (t->count)
		qsort(t->devs, t->count, sizeof(*t->devs), name_cmp);
	/* a partition is removable when its disk is */
	for (i = 0; i < t->count; i++) {
		const struct blockdev *p;

		if (t->devs[i].kind != BLOCKDEV_PART)
			continue;
		p = blockdev_find(t, t->devs[i].parent);
		if (p)
			t->devs[i].removable = p->removable;
	}
	*out = t;
	return 0;
}

void blockdev_topo_free(struct blockdev_topo *topo)
{
	size_t i;

	if (!topo)
		return;
	for (i = 0; i < topo->count; i++)
		blockdev_clear(&topo->devs[i]);
	free(topo->devs);
	free(topo);
}

const struct blockdev *blockdev_find(const struct blockdev_topo *topo, const char *name)
{
	size_t i;

	for (i = 0; i < topo->count; i++)
		if (strcmp(topo->devs[i].name, name) == 0)
			return &topo->devs[i];
	return NULL;
}

const struct blockdev *blockdev_find_devt(const struct blockdev_topo *topo,
					  unsigned int major, unsigned int minor)
{
	size_t i;

	for (i = 0; i < topo->count; i++)
		if (topo->devs[i].major == major && topo->devs[i].minor == minor)
			return &topo->devs[i];
	return NULL;
}

const struct blockdev *blockdev_find_dm(const struct blockdev_topo *topo, const char *dm_name)
{
	size_t i;

	for (i = 0; i < topo->count; i++)
		if (topo->devs[i].kind == BLOCKDEV_DM && topo->devs[i].dm_name[0] &&
		    strcmp(topo->devs[i].dm_name, dm_name) == 0)
			return &topo->devs[i];
	return NULL;
}

const char *blockdev_kind_name(enum blockdev_kind kind)
{
	switch (kind) {
	case BLOCKDEV_DISK:	return "disk";
	case BLOCKDEV_PART:	return "part";
	case BLOCKDEV_DM:	return "dm";
	case BLOCKDEV_MD:	return "md";
	case BLOCKDEV_LOOP:	return "loop";
	}
	return "?";
}

const char *blockdev_dm_kind_name(enum blockdev_dm_kind kind)
{
	switch (kind) {
	case BLOCKDEV_DM_NONE:	return "";
	case BLOCKDEV_DM_LVM:	return "lvm";
	case BLOCKDEV_DM_CRYPT:	return "crypt";
	case BLOCKDEV_DM_PART:	return "part";
	case BLOCKDEV_DM_MPATH:	return "mpath";
	case BLOCKDEV_DM_OTHER:	return "dm";
	}
	return "?";
}

bool blockdev_is_whole(const struct blockdev *dev)
{
	return dev->kind == BLOCKDEV_DISK || dev->kind == BLOCKDEV_LOOP;
}

/* a growing set of device pointers, kept free of duplicates */
struct devset {
	const struct blockdev **v;
	size_t n, cap;
};

static int devset_add(struct devset *s, const struct blockdev *d)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == d)
			return 0;
	if (array_grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)) < 0)
		return -ENOMEM;
	s->v[s->n++] = d;
	return 0;
}

static int ptr_name_cmp(const void *a, const void *b)
{
	const struct blockdev *const *x = a, *const *y = b;

	return strverscmp((*x)->name, (*y)->name);
}

static void devset_finish(struct devset *s, const struct blockdev ***out, size_t *count)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), ptr_name_cmp);
	*out = s->v;
	*count = s->n;
}

static int walk_down(const struct blockdev_topo *topo, const struct blockdev *d,
		     struct devset *s, int depth)
{
	const struct blockdev *p;
	size_t i;
	int rc;

	if (depth > BLOCKDEV_MAX_DEPTH)
		return -ELOOP;
	if (blockdev_is_whole(d))
		return devset_add(s, d);
	if (d->kind == BLOCKDEV_PART) {
		p = blockdev_find(topo, d->parent);
		return p ? walk_down(topo, p, s, depth + 1) : 0;
	}
	for (i = 0; d->slaves[i]; i++) {
		p = blockdev_find(topo, d->slaves[i]);
		if (!p)
			continue;
		rc = walk_down(topo, p, s, depth + 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int blockdev_whole_disks(const struct blockdev_topo *topo, const struct blockdev *dev,
			 const struct blockdev ***out, size_t *count)
{
	struct devset s = { 0 };
	int rc = walk_down(topo, dev, &s, 0);

	if (rc < 0) {
		free(s.v);
		return rc;
	}
	devset_finish(&s, out, count);
	return 0;
}

static int walk_up(const struct blockdev_topo *topo, const struct blockdev *d,
		   struct devset *s, int depth)
{
	size_t i;
	int rc;

	if (depth > BLOCKDEV_MAX_DEPTH)
		return -ELOOP;
	for (i = 0; d->holders[i]; i++) {
		const struct blockdev *h = blockdev_find(topo, d->holders[i]);

		if (!h)
			continue;
		rc = devset_add(s, h);
		if (rc < 0)
			return rc;
		rc = walk_up(topo, h, s, depth + 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int blockdev_holders_all(const struct blockdev_topo *topo, const struct blockdev *dev,
			 const struct blockdev ***out, size_t *count)
{
	struct devset s = { 0 };
	int rc = walk_up(topo, dev, &s, 0);

	if (rc < 0) {
		free(s.v);
		return rc;
	}
	devset_finish(&s, out, count);
	return 0;
}

int blockdev_partitions(const struct blockdev_topo *topo, const struct blockdev *disk,
			const struct blockdev ***out, size_t *count)
{
	struct devset s = { 0 };
	size_t i;

	for (i = 0; i < topo->count; i++) {
		const struct blockdev *d = &topo->devs[i];

		if (d->kind == BLOCKDEV_PART && strcmp(d->parent, disk->name) == 0 &&
		    devset_add(&s, d) < 0) {
			free(s.v);
			return -ENOMEM;
		}
	}
	devset_finish(&s, out, count);
	return 0;
}
