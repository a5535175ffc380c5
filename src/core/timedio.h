/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timedio.h: sysfs writes and reads that may wait in a driver, done by an fd-less child under a deadline */
#ifndef VFIO_TIMEDIO_H
#define VFIO_TIMEDIO_H

#include <stddef.h>

#include "path.h"

/*
 * Why a child: a write to unbind, bind, drivers_probe, driver_override or
 * new_id runs driver code (remove, probe) under the device lock, and a
 * read of driver_override or sriov_numvfs waits for that lock. Either can
 * block for ever in uninterruptible sleep. The caller gives up after the
 * deadline and carries on; the child keeps waiting in the kernel. It
 * holds no descriptor but the attribute's own (every other one is closed,
 * stdin, stdout, stderr and the change lock included), so a pipeline
 * reading vfioctl's output ends and the lock is free when vfioctl exits.
 */

/**
 * timedio_write() - write @value to the sysroot-relative @rel in a child
 * @timeout_ms: the deadline, > 0
 * @stuck_pid: on -ETIMEDOUT, the pid of the child still in the kernel
 *
 * The attribute is opened here without waiting (through the path context,
 * so the sysroot confinement holds) and only its descriptor is left to the
 * child. A FIFO in a fixture is bounded like any attribute: no reader
 * fails the open with -ENXIO, a reader that does not read times out.
 * Return: 0, -ETIMEDOUT (the write is still pending), or the -errno of the
 * open or of the write (the child's exit status carries it).
 */
int timedio_write(struct path_ctx *ctx, const char *rel, const char *value, int timeout_ms,
		  long *stuck_pid);

/**
 * timedio_read() - read the attribute @rel into @buf (NUL-terminated, one
 * trailing newline removed) in a child
 * Return: the length, -ETIMEDOUT (@stuck_pid as for timedio_write()), or
 * the -errno of the open or of the read.
 */
int timedio_read(struct path_ctx *ctx, const char *rel, char *buf, size_t size, int timeout_ms,
		 long *stuck_pid);

#endif
