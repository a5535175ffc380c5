// SPDX-License-Identifier: GPL-2.0-or-later
/* devnodes.c: find the /dev nodes of a PCI function by walking its sysfs tree */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "devnodes.h"
#include "pathnames.h"

int devnodes_add(struct devnode_list *l, const char *path, const char *majmin, bool block)
{
	struct devnode *d;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return 0;
	if (l->n >= DEVNODES_MAX) {
		l->truncated = true;
		return -E2BIG;
	}
	if (array_grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return -ENOMEM;
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->path, sizeof(d->path), "%s", path);
	snprintf(d->majmin, sizeof(d->majmin), "%s", majmin ? majmin : "");
	d->block = block;
	return 0;
}

void devnodes_clear(struct devnode_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* DEVNAME= of a uevent file: the node's name below /dev */
static bool uevent_devname(const struct path_ctx *dev, const char *dir, char *buf, size_t size)
{
	char *text = NULL, *line, *save;
	bool found = false;

	if (path_read_alloc(dev, &text, NULL, "%s%suevent", dir, *dir ? "/" : "") < 0)
		return false;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "DEVNAME=", 8) == 0 && line[8] && !strstr(line + 8, "..")) {
			snprintf(buf, size, "%s", line + 8);
			found = true;
			break;
		}
	}
	free(text);
	return found;
}

/* a directory with a "dev" attribute is a node: record it */
static int node_at(const struct path_ctx *dev, const char *dir, struct devnode_list *out)
{
	char majmin[16], name[128], sub[32], path[160];
	const char *base;
	bool block;

	if (path_read_string(dev, majmin, sizeof(majmin), "%s%s" PATH_SYSFS_DEV_ATTR, dir,
			     *dir ? "/" : "") <= 0)
		return 0;
	block = path_read_link_name(dev, sub, sizeof(sub), "%s%ssubsystem", dir,
				    *dir ? "/" : "") > 0 && strcmp(sub, "block") == 0;
	if (!uevent_devname(dev, dir, name, sizeof(name))) {
		base = strrchr(dir, '/');
		base = base ? base + 1 : dir;
		if (!*base)
			return 0;
		snprintf(name, sizeof(name), "%s", base);
	}
	snprintf(path, sizeof(path), PATH_DEVNODE_ABS "%s", name);
	return devnodes_add(out, path, majmin, block);
}

static int walk(const struct path_ctx *dev, const char *dir, int depth, struct devnode_list *out)
{
	char **names;
	int rc;

	if (depth > DEVNODES_MAX_DEPTH) {
		out->truncated = true;
		return 0;
	}
	rc = path_list_dir(dev, &names, NULL, "%s", *dir ? dir : ".");
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (char **n = names; *n && rc == 0; n++) {
		char child[4096];

		if (strcmp(*n, PATH_SYSFS_DEV_ATTR) == 0) {
			rc = node_at(dev, dir, out);
			continue;
		}
		if (snprintf(child, sizeof(child), "%s%s%s", dir, *dir ? "/" : "", *n) >=
		    (int)sizeof(child))
			continue;
		/* links lead out of the function: driver, subsystem, iommu_group, virtfnN */
		if (path_is_link(dev, "%s", child))
			continue;
		rc = walk(dev, child, depth + 1, out);
	}
	strv_free(names);
	return rc == -E2BIG ? 0 : rc;
}

/* the NVIDIA driver's /dev/nvidiaN: not in the device model, named by its minor */
static int nvidia_node(struct path_ctx *ctx, const char *bdf, struct devnode_list *out)
{
	char *text = NULL, *p, path[64], majmin[16];
	unsigned minor;
	int rc = 0;

	if (path_read_alloc(ctx, &text, NULL, PATH_PROC_NVIDIA_GPU_INFO, bdf) < 0)
		return 0;
	p = strstr(text, "Device Minor:");
	if (p && sscanf(p + strlen("Device Minor:"), "%u", &minor) == 1 && minor < 255) {
		snprintf(path, sizeof(path), PATH_DEVNODE_ABS "nvidia%u", minor);
		snprintf(majmin, sizeof(majmin), "195:%u", minor);
		rc = devnodes_add(out, path, majmin, false);
	}
	free(text);
	return rc == -E2BIG ? 0 : rc;
}

int devnodes_of_pci(struct path_ctx *ctx, const char *bdf, struct devnode_list *out)
{
	struct path_ctx *dev;
	int rc;

	/* the name becomes a path component */
	if (!*bdf || strchr(bdf, '/') || strcmp(bdf, ".") == 0 || strcmp(bdf, "..") == 0)
		return 0;
	rc = path_ctx_new_sub(ctx, &dev, PATH_SYS_PCI_DEVICES "/%s", bdf);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	rc = walk(dev, "", 0, out);
	path_ctx_free(dev);
	if (rc == 0)
		rc = nvidia_node(ctx, bdf, out);
	return rc;
}
