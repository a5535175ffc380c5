// SPDX-License-Identifier: GPL-2.0-or-later
/* blockstack.c: walk from a PCI function to its disks and up the block stack built on them */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "blockstack.h"
#include "pathnames.h"

/* one entry of sys/class/block, read once */
struct blk {
	char *name;
	char target[PATH_MAX];		/* its class link's target; "" when unreadable */
	char **slaves;			/* its slaves/ entries, or NULL */
	char fsmajmin[16];		/* loop: the filesystem holding its backing file */
	char fssource[160];
	bool member;
};

const char *blockstack_link_name(enum blockstack_link link)
{
	static const char *const names[] = { "below", "nvme-head", "partition", "holder",
					     "loop-file" };

	return names[link];
}

long blockstack_find(const struct blockstack *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return (long)i;
	return -1;
}

void blockstack_clear(struct blockstack *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* "0000:00:02.1" occurs inside "0000:00:02.10": only a whole component counts */
static bool has_component(const char *path, const char *comp)
{
	size_t len = strlen(comp);

	for (const char *p = path; (p = strstr(p, comp)); p++) {
		if ((p == path || p[-1] == '/') && (p[len] == '\0' || p[len] == '/'))
			return true;
	}
	return false;
}

/* the component before the last one: a partition's disk */
static bool parent_is(const char *target, const char *name)
{
	const char *end = strrchr(target, '/'), *start;
	size_t len = strlen(name);

	if (!end)
		return false;
	for (start = end; start > target && start[-1] != '/'; start--)
		;
	return (size_t)(end - start) == len && strncmp(start, name, len) == 0;
}

static int add(struct path_ctx *ctx, struct blockstack *s, struct blk *b, const char *via,
	       enum blockstack_link link)
{
	struct blockstack_dev *d;

	if (b->member)
		return 0;
	if (array_grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)) < 0)
		return -ENOMEM;
	d = &s->v[s->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", b->name);
	snprintf(d->via, sizeof(d->via), "%s", via);
	d->link = link;
	if (path_read_string(ctx, d->majmin, sizeof(d->majmin), "%s/%s/dev",
			     PATH_SYS_CLASS_BLOCK, b->name) < 0)
		d->majmin[0] = '\0';
	if (path_read_string(ctx, d->dmname, sizeof(d->dmname), "%s/%s/dm/name",
			     PATH_SYS_CLASS_BLOCK, b->name) < 0)
		d->dmname[0] = '\0';
	b->member = true;
	return 0;
}

static struct blk *blk_find(struct blk *all, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0)
			return &all[i];
	return NULL;
}

/* NVMe multipath heads: the subsystem that names one of the function's controllers */
static int nvme_heads(struct path_ctx *ctx, const char *bdf, struct blockstack *s,
		      struct blk *all, size_t n)
{
	char **ctrls = NULL, **subs = NULL;
	int rc = 0;

	if (path_list_dir(ctx, &ctrls, NULL, PATH_SYS_PCI_DEVICES "/%s/nvme", bdf) < 0)
		return 0;
	if (path_list_dir(ctx, &subs, NULL, "%s", PATH_SYS_CLASS_NVME_SUBSYSTEM) < 0) {
		strv_free(ctrls);
		return 0;
	}
	for (char **sub = subs; *sub && rc == 0; sub++) {
		for (char **c = ctrls; *c && rc == 0; c++) {
			if (!path_exists(ctx, "%s/%s/%s", PATH_SYS_CLASS_NVME_SUBSYSTEM, *sub, *c))
				continue;
			for (size_t i = 0; i < n && rc == 0; i++)
				if (parent_is(all[i].target, *sub))
					rc = add(ctx, s, &all[i], *c, BLOCKSTACK_NVME_HEAD);
			break;
		}
	}
	strv_free(ctrls);
	strv_free(subs);
	return rc;
}

/* everything stacked on member @m: holders, devices naming it as a slave, partitions, loops */
static int grow(struct path_ctx *ctx, struct blockstack *s, size_t m, struct blk *all, size_t n)
{
	char name[sizeof(s->v[0].name)], majmin[sizeof(s->v[0].majmin)];
	char **holders;
	int rc = 0;

	/* s->v moves as it grows: keep copies */
	snprintf(name, sizeof(name), "%s", s->v[m].name);
	snprintf(majmin, sizeof(majmin), "%s", s->v[m].majmin);
	if (path_list_dir(ctx, &holders, NULL, "%s/%s/holders", PATH_SYS_CLASS_BLOCK, name) == 0) {
		for (char **h = holders; *h && rc == 0; h++) {
			struct blk *b = blk_find(all, n, *h);

			if (b)
				rc = add(ctx, s, b, name, BLOCKSTACK_HOLDER);
		}
		strv_free(holders);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct blk *b = &all[i];

		if (b->member)
			continue;
		for (char **sl = b->slaves; sl && *sl && rc == 0; sl++)
			if (strcmp(*sl, name) == 0)
				rc = add(ctx, s, b, name, BLOCKSTACK_HOLDER);
		if (rc == 0 && !b->member && parent_is(b->target, name))
			rc = add(ctx, s, b, name, BLOCKSTACK_PARTITION);
		if (rc == 0 && !b->member && *majmin && *b->fsmajmin &&
		    strcmp(b->fsmajmin, majmin) == 0)
			rc = add(ctx, s, b, name, BLOCKSTACK_LOOP_FILE);
	}
	return rc;
}

/* a loop device's backing file, and the filesystem it lies on */
static void loop_backing(struct path_ctx *ctx, struct blk *b, blockstack_fs_of_fn fs_of,
			 void *arg)
{
	char file[PATH_MAX];
	size_t len;

	if (!fs_of || strncmp(b->name, "loop", 4) != 0)
		return;
	if (path_read_string(ctx, file, sizeof(file), "%s/%s/loop/backing_file",
			     PATH_SYS_CLASS_BLOCK, b->name) <= 0 || file[0] != '/')
		return;
	/* a backing file removed since reads "PATH (deleted)"; its filesystem stays */
	len = strlen(file);
	if (len > 10 && strcmp(file + len - 10, " (deleted)") == 0)
		file[len - 10] = '\0';
	if (fs_of(file, b->fsmajmin, sizeof(b->fsmajmin), b->fssource, sizeof(b->fssource),
		  arg) < 0)
		b->fsmajmin[0] = '\0';
}

int blockstack_of_pci(struct path_ctx *ctx, const char *bdf, blockstack_fs_of_fn fs_of,
		      void *arg, struct blockstack *out)
{
	struct blk *all = NULL;
	char **names = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!*bdf || strchr(bdf, '/') || strcmp(bdf, ".") == 0 || strcmp(bdf, "..") == 0)
		return 0;
	rc = path_list_dir(ctx, &names, &n, "%s", PATH_SYS_CLASS_BLOCK);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	all = calloc(n ? n : 1, sizeof(*all));
	if (!all) {
		strv_free(names);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		all[i].name = names[i];
		if (path_readlink(ctx, all[i].target, sizeof(all[i].target), "%s/%s",
				  PATH_SYS_CLASS_BLOCK, names[i]) < 0)
			all[i].target[0] = '\0';
		if (path_list_dir(ctx, &all[i].slaves, NULL, "%s/%s/slaves", PATH_SYS_CLASS_BLOCK,
				  names[i]) == -ENOMEM)
			rc = -ENOMEM;
		loop_backing(ctx, &all[i], fs_of, arg);
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (has_component(all[i].target, bdf))
			rc = add(ctx, out, &all[i], "", BLOCKSTACK_BELOW);
	if (rc == 0)
		rc = nvme_heads(ctx, bdf, out, all, n);
	/* breadth first: out grows while it is walked */
	for (size_t m = 0; m < out->n && rc == 0; m++)
		rc = grow(ctx, out, m, all, n);
	for (size_t i = 0; i < n; i++)
		strv_free(all[i].slaves);
	free(all);
	strv_free(names);
	if (rc < 0)
		blockstack_clear(out);
	return rc;
}
