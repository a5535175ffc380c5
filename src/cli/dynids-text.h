/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dynids-text.h: vfio-pci's dynamic IDs in status and device show */
#ifndef VFIO_CLI_DYNIDS_TEXT_H
#define VFIO_CLI_DYNIDS_TEXT_H

#include <json-c/json.h>

#include "cli.h"

/* status: the "dynamic ids:" lines, or (@st not NULL) its "dynamic_ids" object */
void cli_dynids_status(struct cli_ctx *ctx, const struct host_snapshot *snap,
		       struct json_object *st);

/* device show: the "dynamic id:" line, or (@o not NULL) its "dynamic_id" member */
void cli_dynids_device(struct cli_ctx *ctx, const struct host_snapshot *snap,
		       const struct pci_device *d, struct json_object *o);

#endif
