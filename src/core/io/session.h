/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session.h: what every io command and the dashboard's 'w' share: the cgroup mode, the disks, the io lock */
#ifndef VFIO_IO_SESSION_H
#define VFIO_IO_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"
#include "iodev.h"
#include "path.h"

/* where io_session_open() or io_session_lock() stopped, for the front end's words */
enum io_session_stage {
	IO_SESSION_LOAD,	/* reading the cgroup mode and the disks */
	IO_SESSION_TARGET,	/* change_target_check() */
	IO_SESSION_LOCK,	/* the io lock */
	IO_SESSION_READY,
};

struct io_session {
	struct path_ctx *path;		/* borrowed */
	struct io_cgroups cg;
	struct io_disk *disks;
	size_t ndisks;
	int lockfd;			/* held from reading old values to the journal; -1 */
	enum io_session_stage stage;
};

/**
 * io_session_open() - read the cgroup mode and the disks below @path
 * @s: filled in; release with io_session_close() whatever this returns
 *
 * Return: 0; -ENODEV when no cgroup file system is mounted; or the -errno
 * of io_cgroup_detect() / io_disks_scan() (stage IO_SESSION_LOAD).
 */
int io_session_open(struct io_session *s, struct path_ctx *path);

/**
 * io_session_lock() - before a change: may the sysroot be changed, and the io lock
 *
 * The lock is taken before any old value is read, so that two vfioctl runs
 * cannot journal each other's values (change.h: change_target_check(),
 * change_lock() on PATH_RUN_IO_LOCK).
 * Return: 0; -EROFS / -EPERM (stage IO_SESSION_TARGET); -EWOULDBLOCK or
 * another -errno of the lock (stage IO_SESSION_LOCK).
 */
int io_session_lock(struct io_session *s);

/** io_session_close() - unlock and free; NULL fields are fine */
void io_session_close(struct io_session *s);

#endif
