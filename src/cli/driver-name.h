/* SPDX-License-Identifier: GPL-2.0-or-later */
/* driver-name.h: the driver a user means when they name a module */
#ifndef VFIO_CLI_DRIVER_NAME_H
#define VFIO_CLI_DRIVER_NAME_H

#include <stddef.h>

#include "cli.h"

/*
 * cli_driver_name() - resolve @name (a driver or a module) to the PCI
 * driver to bind, in @buf; says so when a module was named. Returns 0,
 * or the exit status after printing why not.
 */
int cli_driver_name(struct cli_ctx *ctx, const char *name, char *buf, size_t size);

#endif
