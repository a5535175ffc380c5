// SPDX-License-Identifier: GPL-2.0-or-later
/* blockdev-resolve.c: a user's device spec (node, name, MAJ:MIN, mount point, tag) to whole disks */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <blkid.h>
#include <libmount.h>

#include "blockdev.h"
#include "blockdev-mnt.h"
#include "pathnames.h"

/* symlinks followed under dev/ before giving up (udev links are one or two deep) */
#define RESOLVE_MAX_LINKS	8

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "dev/mapper/vg-lv" + "../dm-3" -> "dev/mapper/../dm-3"; absolute targets stay in the root */
static int join_link(char *rel, size_t size, const char *target)
{
	char dir[PATH_MAX], *slash;
	int n;

	if (target[0] == '/') {
		while (*target == '/')
			target++;
		if (strlen(target) >= size)
			return -ENAMETOOLONG;
		strcpy(rel, target);
		return 0;
	}
	copy_str(dir, sizeof(dir), rel);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	n = snprintf(rel, size, "%s/%s", dir, target);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* "dev/sda1" -> sda1, "dev/mapper/vg-lv" -> its dm map; NULL for anything deeper */
static const struct blockdev *by_devname(const struct blockdev_topo *topo, const char *rel)
{
	const char *dev = PATH_DEV "/", *mapper = PATH_DEVNODE_MAPPER_ABS + 1;

	if (strncmp(rel, mapper, strlen(mapper)) == 0 && !strchr(rel + strlen(mapper), '/'))
		return blockdev_find_dm(topo, rel + strlen(mapper));
	if (strncmp(rel, dev, strlen(dev)) == 0 && !strchr(rel + strlen(dev), '/'))
		return blockdev_find(topo, rel + strlen(dev));
	return NULL;
}

const struct blockdev *blockdev_mnt_node(struct path_ctx *ctx, const struct blockdev_topo *topo,
					 const char *path, int *err)
{
	char rel[PATH_MAX], target[PATH_MAX];
	const char *base, *p;
	const struct blockdev *d;
	struct stat st;
	int fd, i, rc;

	*err = 0;
	for (p = path; *p == '/'; p++)
		;
	if (strlen(p) >= sizeof(rel)) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	strcpy(rel, p);

	/* a real block special file names itself by its device number */
	fd = path_open(ctx, O_PATH, "%s", rel);
	if (fd < 0 && !path_is_link(ctx, "%s", rel)) {
		/* dev/NAME with no node (no udev, a sysfs-only capture): the name says it */
		if (fd == -ENOENT && (d = by_devname(topo, rel)))
			return d;
		*err = fd;
		return NULL;
	}
	/* a dangling link is followed by name below: fixtures link to absent nodes */
	rc = fd < 0 ? fd : fstat(fd, &st);
	if (fd >= 0)
		close(fd);
	if (rc == 0 && S_ISBLK(st.st_mode)) {
		d = blockdev_find_devt(topo, major(st.st_rdev), minor(st.st_rdev));
		if (!d)
			*err = -ENOENT;
		return d;
	}
	if (rc == 0 && S_ISDIR(st.st_mode)) {
		*err = -ENOTBLK;
		return NULL;
	}

	/* a fixture's dev/ holds links and plain files: follow the links by name */
	for (i = 0; i < RESOLVE_MAX_LINKS && path_is_link(ctx, "%s", rel); i++) {
		rc = path_readlink(ctx, target, sizeof(target), "%s", rel);
		if (rc < 0)
			break;
		if (join_link(rel, sizeof(rel), target) < 0) {
			*err = -ENAMETOOLONG;
			return NULL;
		}
	}
	base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	/* only names under dev/ are taken as device names */
	if (strncmp(rel, PATH_DEV "/", strlen(PATH_DEV) + 1) != 0 &&
	    strstr(rel, "/" PATH_DEV "/") == NULL) {
		*err = -ENOTBLK;
		return NULL;
	}
	d = blockdev_find(topo, base);
	if (!d)
		d = blockdev_find_dm(topo, base);
	if (!d)
		*err = -ENOTBLK;
	return d;
}

static int parse_devt(const char *spec, unsigned int *maj, unsigned int *min)
{
	char *end;
	unsigned long a, b;

	if (spec[0] < '0' || spec[0] > '9')
		return -EINVAL;
	errno = 0;
	a = strtoul(spec, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return -EINVAL;
	b = strtoul(end + 1, &end, 10);
	if (*end || errno || a > UINT_MAX || b > UINT_MAX)
		return -EINVAL;
	*maj = (unsigned int)a;
	*min = (unsigned int)b;
	return 0;
}

/* LABEL=, UUID=, PARTLABEL=, PARTUUID= through udev's links, then libblkid's probe */
static const struct blockdev *resolve_tag(struct path_ctx *ctx, const struct blockdev_topo *topo,
					  const char *spec, int *err)
{
	static const struct { const char *tag, *dir; } tags[] = {
		{ "LABEL", "label" }, { "UUID", "uuid" },
		{ "PARTLABEL", "partlabel" }, { "PARTUUID", "partuuid" },
	};
	char *type = NULL, *val = NULL, enc[1024], rel[PATH_MAX];
	const struct blockdev *d = NULL;
	size_t i;

	*err = -EINVAL;
	if (blkid_parse_tag_string(spec, &type, &val) != 0 || !type || !val || !*val)
		goto out;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(type, tags[i].tag) == 0)
			break;
	if (i == sizeof(tags) / sizeof(tags[0]))
		goto out;
	*err = -ENOENT;
	if (blkid_encode_string(val, enc, sizeof(enc)) != 0)
		goto out;
	snprintf(rel, sizeof(rel), PATH_DEV_DISK_BY, tags[i].dir, enc);
	if (path_exists(ctx, "%s", rel) || path_is_link(ctx, "%s", rel)) {
		d = blockdev_mnt_node(ctx, topo, rel, err);
	} else if (path_ctx_is_live(ctx)) {
		/* no udev link (no udev in a container): let libblkid probe */
		blkid_cache cache = NULL;
		char *node;

		if (blkid_get_cache(&cache, NULL) == 0) {
			node = blkid_evaluate_tag(type, val, &cache);
			if (node) {
				d = blockdev_mnt_node(ctx, topo, node, err);
				free(node);
			}
			blkid_put_cache(cache);
		}
	}
out:
	free(type);
	free(val);
	return d;
}

int blockdev_resolve(struct path_ctx *ctx, const struct blockdev_topo *topo, const char *spec,
		     struct blockdev_resolved *out)
{
	const struct blockdev *d = NULL;
	unsigned int maj, min;
	int err = 0, rc;

	memset(out, 0, sizeof(*out));
	if (!spec || !*spec)
		return -EINVAL;

	if (strchr(spec, '=') && spec[0] != '/') {
		out->how = BLOCKDEV_SPEC_TAG;
		d = resolve_tag(ctx, topo, spec, &err);
	} else if (spec[0] >= '0' && spec[0] <= '9' && strchr(spec, ':')) {
		out->how = BLOCKDEV_SPEC_DEVT;
		err = parse_devt(spec, &maj, &min);
		if (err == 0) {
			d = blockdev_find_devt(topo, maj, min);
			if (!d)
				err = -ENOENT;
		}
	} else if (spec[0] == '/') {
		out->how = BLOCKDEV_SPEC_NODE;
		d = blockdev_mnt_node(ctx, topo, spec, &err);
		if (!d && (err == -ENOTBLK || err == -ENOENT)) {
			int merr;

			d = blockdev_mnt_target(ctx, topo, spec, &merr);
			if (d || merr != -ENOENT) {
				out->how = BLOCKDEV_SPEC_MOUNT;
				err = merr;
			}
		}
	} else if (strchr(spec, '/')) {
		err = -EINVAL;
	} else {
		out->how = BLOCKDEV_SPEC_NAME;
		d = blockdev_find(topo, spec);
		if (!d)
			d = blockdev_find_dm(topo, spec);
		if (!d)
			err = -ENOENT;
	}
	if (!d)
		return err ? err : -ENOENT;

	rc = blockdev_whole_disks(topo, d, &out->disks, &out->ndisks);
	if (rc < 0)
		return rc;
	out->dev = d;
	out->mapped = !blockdev_is_whole(d);
	return 0;
}

void blockdev_resolved_clear(struct blockdev_resolved *r)
{
	free(r->disks);
	memset(r, 0, sizeof(*r));
}
