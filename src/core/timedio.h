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

/**
 * timedio_timeout() - @timeout_ms, or VFIOCTL_TEST_TIMEOUT_MS when @ctx is
 * a fixture (a test hook, vfioctl(8)); the live host keeps @timeout_ms
 */
int timedio_timeout(struct path_ctx *ctx, int timeout_ms);

struct timedio_reader;

/**
 * timedio_reader_new() - reads of attributes that take the device lock
 * (driver_override, sriov_numvfs), served by one fd-less child for many
 * reads, each bounded by @timeout_ms (see timedio_timeout())
 * @ctx: must outlive the reader
 * Return: 0 or -ENOMEM. No child runs until the first read.
 */
int timedio_reader_new(struct path_ctx *ctx, int timeout_ms, struct timedio_reader **out);

/**
 * timedio_reader_read() - read the sysroot-relative attribute named by
 * @fmt into @buf (NUL-terminated, trailing newline removed)
 * Return: the length, -ETIMEDOUT (*@stuck_pid: the child left waiting; the
 * next read starts another), or the -errno of the read.
 */
int timedio_reader_read(struct timedio_reader *r, char *buf, size_t size, long *stuck_pid,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/** timedio_reader_free() - end the child (it exits on EOF) and free @r; NULL is fine */
void timedio_reader_free(struct timedio_reader *r);

#endif
