/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h: diagnostics from the core, delivered to the front end's callback */
#ifndef VFIO_LOG_H
#define VFIO_LOG_H

#include <stdarg.h>

enum vfio_log_level {
	VFIO_LOG_ERR = 3,
	VFIO_LOG_WARNING = 4,
	VFIO_LOG_INFO = 6,
	VFIO_LOG_DEBUG = 7,
};

typedef void (*vfio_log_fn)(void *data, enum vfio_log_level level,
			    const char *fmt, va_list ap);

/**
 * vfio_log_set() - install the front end's log sink (as kmod_set_log_fn)
 * @fn: NULL discards every message (the default)
 * @data: passed back to @fn
 */
void vfio_log_set(vfio_log_fn fn, void *data);

/** vfio_log() - emit one diagnostic line (no trailing newline) */
void vfio_log(enum vfio_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define vfio_dbg(...) vfio_log(VFIO_LOG_DEBUG, __VA_ARGS__)
#define vfio_info(...) vfio_log(VFIO_LOG_INFO, __VA_ARGS__)
#define vfio_warn(...) vfio_log(VFIO_LOG_WARNING, __VA_ARGS__)

#endif
