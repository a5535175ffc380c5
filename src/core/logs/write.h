/* SPDX-License-Identifier: GPL-2.0-or-later */
/* write.h: write one record to /dev/kmsg, a legacy logger device, or logd's logdw socket */
#ifndef VFIO_LOGS_WRITE_H
#define VFIO_LOGS_WRITE_H

#include "path.h"

/**
 * logwrite_kmsg() - write "<PRI>TAG: MESSAGE\n" to the sysroot's dev/kmsg
 * @level: syslog level 0..7; the facility is LOG_USER (the kernel forces
 *         facility 0 to it anyway)
 * @tag: the prefix printed before ": " (NULL: none)
 *
 * One write() is one record. The kernel may drop it silently under
 * printk.devkmsg=ratelimit. Return: 0 or -errno of open()/write().
 */
int logwrite_kmsg(const struct path_ctx *ctx, int level, const char *tag, const char *msg);

/**
 * logwrite_logger() - write an Android text entry to dev/log/@name
 * @aprio: Android priority 2..7; three iovecs (prio, tag\0, msg\0) as liblog does
 * Return: 0 or -errno.
 */
int logwrite_logger(const struct path_ctx *ctx, const char *name, int aprio,
		    const char *tag, const char *msg);

/**
 * logwrite_logdw() - send an Android text entry to logd's dev/socket/logdw
 * @lid: the log id (main 0, system 3)
 *
 * The datagram is liblog's: u8 lid, u16 tid, u32 sec, u32 nsec, then the
 * text payload. Return: 0 or -errno of socket()/sendmsg().
 */
int logwrite_logdw(const struct path_ctx *ctx, int lid, int aprio, const char *tag,
		   const char *msg);

#endif
