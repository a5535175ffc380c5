/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup.h: which cgroup hierarchy holds the io controls, and which cgroup a user means */
#ifndef VFIO_IO_CGROUP_H
#define VFIO_IO_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "path.h"

enum io_cg_mode {
	IO_CG_NONE,		/* no cgroup file system mounted */
	IO_CG_V1,		/* legacy: blkio hierarchy only */
	IO_CG_HYBRID,		/* v1 controllers, plus a v2 tree without controllers */
	IO_CG_V2,		/* unified */
};

struct io_cgroups {
	enum io_cg_mode mode;
	bool from_mountinfo;	/* decided by the sysroot's mountinfo, not statfs */
	/* sysroot-relative directory whose files carry the io controls
	 * (the v2 root, or the v1 blkio hierarchy); NULL in IO_CG_NONE */
	const char *tree;
};

/**
 * io_cgroup_detect() - the cgroup mode, decided as systemd does
 *
 * On the live root: statfs(2) of /sys/fs/cgroup. CGROUP2_SUPER_MAGIC is
 * unified; TMPFS_MAGIC is legacy, or hybrid when /sys/fs/cgroup/unified is
 * cgroup2 (systemd src/basic/cgroup-util.c, cg_unified_cached()).
 * Below any other sysroot statfs would describe the directory that holds
 * the capture (ext4, tmpfs), so the sysroot's own proc/self/mountinfo
 * answers instead: the fstype of the mounts at /sys/fs/cgroup and
 * /sys/fs/cgroup/unified, which is what statfs would have seen on that
 * host. A tree without mountinfo falls back to the files present
 * (cgroup.controllers at the top: v2).
 * Return: 0 (IO_CG_NONE when nothing is mounted), or -errno of the reads.
 */
int io_cgroup_detect(struct path_ctx *ctx, struct io_cgroups *cg);

/** io_cg_mode_name() - "v2", "v1", "hybrid", "none" (stable, for JSON) */
const char *io_cg_mode_name(enum io_cg_mode m);

/**
 * io_cgroup_resolve() - the cgroup an argument names
 * @arg: a path in the hierarchy ("/machine.slice/vm1", "/" for the root) or
 *       a systemd unit name ("vm1.scope", "user-1000.slice"), which is found
 *       by walking the tree (the first match in sorted depth-first order)
 * @out, @size: receives the path, "/" or "/a/b", without a trailing slash
 * Return: 0, -ENOENT (no such cgroup), -EINVAL (".." or a bad name),
 * -ENAMETOOLONG.
 */
int io_cgroup_resolve(struct path_ctx *ctx, const struct io_cgroups *cg, const char *arg,
		      char *out, size_t size);

/**
 * io_cgroup_of_pid() - the cgroup of a process, from /proc/PID/cgroup
 * (the "0::" line on v2, the blkio line on v1 and hybrid)
 * Return: 0, -ESRCH (no such process), -ENOENT (no matching line), -EBADMSG.
 */
int io_cgroup_of_pid(struct path_ctx *ctx, const struct io_cgroups *cg, long pid,
		     char *out, size_t size);

/**
 * io_cgroup_of_user() - a user's slice, /user.slice/user-UID.slice
 * @name: a login name (looked up in the sysroot's etc/passwd) or a UID
 * Return: 0, -ESRCH (unknown user), -ENOENT (the user has no slice now).
 */
int io_cgroup_of_user(struct path_ctx *ctx, const struct io_cgroups *cg, const char *name,
		      char *out, size_t size);

/**
 * io_cgroup_undelegated() - the nearest ancestor of @cgroup (v2) whose
 * cgroup.subtree_control lacks "io", so io files below it do nothing
 * @out: receives the ancestor's path ("" when every ancestor enables io)
 * @missing: optional; receives up to @nmissing ancestors lacking io, from
 *           the root down (for "enable io down the path")
 * Return: the number of ancestors lacking io (>= 0), or -errno.
 */
int io_cgroup_undelegated(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
			  char *out, size_t size, char (*missing)[256], size_t nmissing);

/**
 * io_cgroup_walk() - every cgroup at and below @start, depth-first, sorted
 * @fn: called with each path ("/", "/a", "/a/b"); a non-zero return stops
 *      the walk and is returned
 * Return: 0, the callback's value, or -errno of listing @start.
 */
int io_cgroup_walk(struct path_ctx *ctx, const struct io_cgroups *cg, const char *start,
		   int (*fn)(const char *cgroup, void *data), void *data);

/**
 * io_cgroup_file() - the sysroot-relative path of a file in a cgroup
 * Return: 0 or -ENAMETOOLONG.
 */
int io_cgroup_file(const struct io_cgroups *cg, const char *cgroup, const char *file,
		   char *buf, size_t size);

/** io_cgroup_read() - read a cgroup file whole (malloc'd). Return: as path_read_alloc(). */
int io_cgroup_read(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		   const char *file, char **out);

#endif
