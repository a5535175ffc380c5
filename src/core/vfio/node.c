// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * node.c: a group's /dev/vfio node, checked against the kernel's group device
 *
 * drivers/vfio/group.c makes one device of the class "vfio" per group,
 * named "N" or, for a vfio-noiommu group, "noiommu-N"; devtmpfs and udev
 * make dev/vfio/NAME from it. The node can be missing (udev did not run,
 * a static /dev, someone removed it), have the wrong number (a stale or
 * hand-made node: opening it opens another group), or keep the user out
 * (mode 0600 root:root unless a rule gives it away). Each is told apart
 * here so that the front ends say what is really wrong.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "node.h"
#include "pathnames.h"

void vfio_node_name(char *buf, size_t size, int group, bool noiommu)
{
	snprintf(buf, size, "%s%d", noiommu ? "noiommu-" : "", group);
}

static int parse_devnum(const char *s, dev_t *out)
{
	unsigned maj, min;
	char tail;

	if (sscanf(s, "%u:%u%c", &maj, &min, &tail) != 2)
		return -EINVAL;
	*out = makedev(maj, min);
	return 0;
}

int vfio_node_kdev(struct path_ctx *ctx, const char *name, dev_t *out)
{
	char buf[32];
	int r;

	r = path_read_string(ctx, buf, sizeof(buf), PATH_SYS_CLASS_VFIO "/%s/%s", name,
			     PATH_SYSFS_DEV_ATTR);
	if (r < 0)
		return r;
	return parse_devnum(buf, out);
}

int vfio_node_owner(struct path_ctx *ctx, dev_t dev, char *buf, size_t size)
{
	char **names;
	int r;

	buf[0] = '\0';
	r = path_list_dir(ctx, &names, NULL, PATH_SYS_CLASS_VFIO);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	for (size_t i = 0; names[i]; i++) {
		dev_t d;

		if (vfio_node_kdev(ctx, names[i], &d) == 0 && d == dev) {
			snprintf(buf, size, "%s", names[i]);
			break;
		}
	}
	strv_free(names);
	return 0;
}

enum vfio_node_state vfio_node_judge(bool expected, int stat_err, const struct stat *st,
				     bool live, bool kdev_known, dev_t kdev, int access_err)
{
	if (stat_err == -ENOENT || stat_err == -ENOTDIR)
		return expected ? VFIO_NODE_MISSING : VFIO_NODE_UNUSED;
	if (stat_err < 0)
		return expected ? VFIO_NODE_NO_ACCESS : VFIO_NODE_UNUSED;
	if (!S_ISCHR(st->st_mode))
		return live ? VFIO_NODE_NOT_CHARDEV : VFIO_NODE_UNCHECKED;
	if (kdev_known && st->st_rdev != kdev)
		return VFIO_NODE_WRONG_DEVICE;
	if (access_err == -EACCES || access_err == -EPERM || access_err == -EROFS)
		return VFIO_NODE_NO_ACCESS;
	return VFIO_NODE_OK;
}

int vfio_node_check(struct path_ctx *ctx, int group, bool noiommu, bool expected,
		    struct vfio_node_info *out)
{
	struct stat st = { 0 };
	char rel[64];
	dev_t kdev = 0;
	int fd, stat_err = 0, access_err = 0, r;
	bool live = path_ctx_is_live(ctx);

	memset(out, 0, sizeof(*out));
	out->group = group;
	out->noiommu = noiommu;
	out->expected = expected;
	vfio_node_name(out->name, sizeof(out->name), group, noiommu);
	snprintf(out->path, sizeof(out->path), "/%s/%s", PATH_DEV_VFIO, out->name);
	snprintf(rel, sizeof(rel), "%s/%s", PATH_DEV_VFIO, out->name);

	out->class_dev = path_exists(ctx, PATH_SYS_CLASS_VFIO "/%s", out->name);
	r = vfio_node_kdev(ctx, out->name, &kdev);
	if (r == 0) {
		out->kdev_known = true;
		out->kmajor = major(kdev);
		out->kminor = minor(kdev);
	}

	/* O_PATH: the device is not opened, so nothing of it is claimed */
	fd = path_open(ctx, O_PATH | O_CLOEXEC, "%s", rel);
	if (fd < 0) {
		stat_err = fd;
	} else {
		if (fstat(fd, &st) < 0)
			stat_err = -errno;
		close(fd);
	}
	if (!stat_err) {
		out->node_present = true;
		out->node_chardev = S_ISCHR(st.st_mode);
		out->mode = st.st_mode;
		out->uid = st.st_uid;
		out->gid = st.st_gid;
		if (out->node_chardev) {
			out->nmajor = major(st.st_rdev);
			out->nminor = minor(st.st_rdev);
		}
		if (live && out->node_chardev &&
		    faccessat(path_ctx_dirfd(ctx), rel, R_OK | W_OK, AT_EACCESS) < 0)
			access_err = -errno;
	}
	out->state = vfio_node_judge(expected, stat_err, &st, live, out->kdev_known, kdev,
				     access_err);
	/*
	 * No member on vfio, so no group device, but a node is there: a
	 * leftover. It matters only when it opens another group, which a
	 * verify of this one would then prove instead.
	 */
	if (!expected && out->node_chardev && !out->kdev_known) {
		r = vfio_node_owner(ctx, st.st_rdev, out->owner, sizeof(out->owner));
		if (r == -ENOMEM)
			return r;
		out->state = *out->owner ? VFIO_NODE_WRONG_DEVICE : VFIO_NODE_UNUSED;
		return 0;
	}
	out->error = stat_err ? stat_err : access_err;
	if (out->state == VFIO_NODE_WRONG_DEVICE) {
		r = vfio_node_owner(ctx, st.st_rdev, out->owner, sizeof(out->owner));
		if (r == -ENOMEM)
			return r;
	}
	return 0;
}

static const char *const state_names[] = {
	[VFIO_NODE_UNUSED] = "unused",
	[VFIO_NODE_OK] = "ok",
	[VFIO_NODE_UNCHECKED] = "unchecked",
	[VFIO_NODE_MISSING] = "missing",
	[VFIO_NODE_NOT_CHARDEV] = "not-a-device",
	[VFIO_NODE_WRONG_DEVICE] = "wrong-device",
	[VFIO_NODE_NO_ACCESS] = "no-access",
};

const char *vfio_node_state_name(enum vfio_node_state state)
{
	if ((unsigned)state >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[state];
}

bool vfio_node_problem(enum vfio_node_state state)
{
	return state == VFIO_NODE_MISSING || state == VFIO_NODE_NOT_CHARDEV ||
	       state == VFIO_NODE_WRONG_DEVICE || state == VFIO_NODE_NO_ACCESS;
}

bool vfio_group_is_noiommu(struct path_ctx *ctx, int group)
{
	char name[32];

	return path_read_string(ctx, name, sizeof(name), PATH_SYS_IOMMU_GROUPS "/%d/name",
				group) > 0 &&
	       strcmp(name, "vfio-noiommu") == 0;
}
