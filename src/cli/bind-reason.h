/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind-reason.h: the kernel's reason for a failed driver step, as text and JSON */
#ifndef VFIO_CLI_BIND_REASON_H
#define VFIO_CLI_BIND_REASON_H

#include <stdio.h>

#include <json-c/json.h>

#include "bind.h"

/* "EBUSY" for 16; "E<n>" for a number glibc has no name for */
const char *cli_errno_name(int err, char *buf, size_t size);

/* the lines under a failed step: the write's errno, the probe's, the kernel's lines */
void cli_bind_reason_text(FILE *f, const struct bind_plan *bp, const struct bind_result *res);

/* "errno", "probe_errno" (names or null) and "kernel_log" (an array) into @r */
void cli_bind_reason_json(struct json_object *r, const struct bind_result *res);

#endif
