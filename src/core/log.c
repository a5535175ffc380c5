// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c: route core diagnostics to the front end */
#include "config.h"

#include <stddef.h>

#include "log.h"

static vfio_log_fn log_fn;
static void *log_data;

void vfio_log_set(vfio_log_fn fn, void *data)
{
	log_fn = fn;
	log_data = data;
}

void vfio_log(enum vfio_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!log_fn)
		return;
	va_start(ap, fmt);
	log_fn(log_data, level, fmt, ap);
	va_end(ap);
}
