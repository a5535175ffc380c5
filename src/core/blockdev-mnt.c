// SPDX-License-Identifier: GPL-2.0-or-later
/* blockdev-mnt.c: mounts, swap and holders of a disk, read with libmount through the path context */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libmount.h>

#include "array.h"
#include "blockdev.h"
#include "blockdev-mnt.h"
#include "mounts.h"
#include "pathnames.h"

/* a table through the one reader; a missing one is empty (a fixture without swap) */
static int load_table(struct path_ctx *ctx, const char *rel, struct libmnt_table **out)
{
	int rc = mounts_table_load(ctx, rel, out);

	if (rc == -ENOENT) {
		*out = mnt_new_table();
		return *out ? 0 : -ENOMEM;
	}
	return rc;
}

/* the device a mount entry is on: its MAJ:MIN, or its source when that is anonymous (btrfs) */
static const struct blockdev *fs_device(struct path_ctx *ctx, const struct blockdev_topo *topo,
					struct libmnt_fs *fs)
{
	dev_t devno = mnt_fs_get_devno(fs);
	const char *src = mnt_fs_get_srcpath(fs);
	const struct blockdev *d;
	int err;

	if (major(devno)) {
		d = blockdev_find_devt(topo, major(devno), minor(devno));
		if (d)
			return d;
	}
	if (!src || strncmp(src, PATH_DEVNODE_ABS, strlen(PATH_DEVNODE_ABS)) != 0)
		return NULL;
	d = blockdev_mnt_node(ctx, topo, src, &err);
	if (d)
		return d;
	/* the kernel's text names the node even where no node exists (a sysroot) */
	if (strncmp(src, PATH_DEVNODE_MAPPER_ABS, strlen(PATH_DEVNODE_MAPPER_ABS)) == 0)
		return blockdev_find_dm(topo, src + strlen(PATH_DEVNODE_MAPPER_ABS));
	return blockdev_find(topo, strrchr(src, '/') + 1);
}

const struct blockdev *blockdev_mnt_target(struct path_ctx *ctx, const struct blockdev_topo *topo,
					   const char *path, int *err)
{
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	const struct blockdev *d = NULL;
	int rc;

	rc = load_table(ctx, PATH_PROC_MOUNTINFO, &tb);
	if (rc < 0) {
		*err = rc;
		return NULL;
	}
	/* no cache: the target is compared as text, never canonicalised on the host */
	fs = mnt_table_find_target(tb, path, MNT_ITER_BACKWARD);
	if (!fs)
		*err = -ENOENT;
	else if (!(d = fs_device(ctx, topo, fs)))
		*err = -ENXIO;
	else
		*err = 0;
	mnt_unref_table(tb);
	return d;
}

struct use_list {
	struct blockdev_use *v;
	size_t n, cap;
};

static int use_add(struct use_list *l, enum blockdev_use_kind kind, const char *dev,
		   const char *what)
{
	struct blockdev_use *u;

	if (array_grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return -ENOMEM;
	u = &l->v[l->n++];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	snprintf(u->dev, sizeof(u->dev), "%s", dev);
	snprintf(u->what, sizeof(u->what), "%s", what ? what : "");
	return 0;
}

static bool in_set(const struct blockdev *const *set, size_t n, const struct blockdev *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == d)
			return true;
	return false;
}

static int scan_table(struct path_ctx *ctx, const struct blockdev_topo *topo, const char *rel,
		      enum blockdev_use_kind kind, const struct blockdev *const *set, size_t n,
		      struct use_list *l)
{
	struct libmnt_table *tb;
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	int rc;

	rc = load_table(ctx, rel, &tb);
	if (rc < 0)
		return rc;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it) {
		mnt_unref_table(tb);
		return -ENOMEM;
	}
	while (rc == 0 && mnt_table_next_fs(tb, it, &fs) == 0) {
		const struct blockdev *d = fs_device(ctx, topo, fs);

		if (!d || !in_set(set, n, d))
			continue;
		rc = use_add(l, kind, d->name,
			     kind == BLOCKDEV_USE_MOUNT ? mnt_fs_get_target(fs) :
							  mnt_fs_get_source(fs));
	}
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return rc;
}

/* the disk, its partitions and everything stacked on any of them */
static int collect_family(const struct blockdev_topo *topo, const struct blockdev *disk,
			  const struct blockdev ***out, size_t *count)
{
	const struct blockdev **parts = NULL, **set = NULL, **up;
	size_t nparts = 0, n = 0, nup, i, j, k;
	int rc;

	rc = blockdev_partitions(topo, disk, &parts, &nparts);
	if (rc < 0)
		return rc;
	for (i = 0; i <= nparts; i++) {
		const struct blockdev *base = i == 0 ? disk : parts[i - 1];
		const struct blockdev **v;

		rc = blockdev_holders_all(topo, base, &up, &nup);
		if (rc < 0)
			goto fail;
		v = realloc(set, (n + nup + 1) * sizeof(*v));
		if (!v) {
			free(up);
			rc = -ENOMEM;
			goto fail;
		}
		set = v;
		set[n++] = base;
		for (j = 0; j < nup; j++) {
			for (k = 0; k < n && set[k] != up[j]; k++)
				;
			if (k == n)
				set[n++] = up[j];
		}
		free(up);
	}
	free(parts);
	*out = set;
	*count = n;
	return 0;
fail:
	free(parts);
	free(set);
	return rc;
}

int blockdev_users(struct path_ctx *ctx, const struct blockdev_topo *topo,
		   const struct blockdev *disk, struct blockdev_use **out, size_t *count)
{
	struct use_list l = { 0 };
	const struct blockdev **set;
	size_t n, i, j;
	int rc;

	rc = collect_family(topo, disk, &set, &n);
	if (rc < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		for (j = 0; set[i]->holders[j] && rc == 0; j++)
			rc = use_add(&l, BLOCKDEV_USE_HOLDER, set[i]->name, set[i]->holders[j]);
	if (rc == 0)
		rc = scan_table(ctx, topo, PATH_PROC_MOUNTINFO, BLOCKDEV_USE_MOUNT, set, n, &l);
	if (rc == 0)
		rc = scan_table(ctx, topo, PATH_PROC_SWAPS, BLOCKDEV_USE_SWAP, set, n, &l);
	free(set);
	if (rc < 0) {
		free(l.v);
		return rc;
	}
	*out = l.v;
	*count = l.n;
	return 0;
}

const char *blockdev_use_kind_name(enum blockdev_use_kind kind)
{
	switch (kind) {
	case BLOCKDEV_USE_MOUNT:	return "mount";
	case BLOCKDEV_USE_SWAP:		return "swap";
	case BLOCKDEV_USE_HOLDER:	return "holder";
	}
	return "?";
}
