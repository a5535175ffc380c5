/* SPDX-License-Identifier: GPL-2.0-or-later */
/* device-usage.h: device show's usage lines and JSON, the USED column of device list */
#ifndef VFIO_CLI_DEVICE_USAGE_H
#define VFIO_CLI_DEVICE_USAGE_H

#include <json-c/json.h>

#include "cli.h"
#include "vfio/usage.h"

/* device show: the usage lines of one device (nothing for a bridge or an unreadable one) */
int device_usage_show_text(struct cli_ctx *ctx, const struct pci_device *d);
/* device show -J: the "usage" object, JSON null for a bridge or an unreadable device */
int device_usage_show_json(struct cli_ctx *ctx, const struct pci_device *d,
			   struct json_object **out);

/* device list: the usage of every listed device, scanned once when the USED column is shown */
struct usage_column {
	struct device_usage *v;		/* one per device of the snapshot, by index */
	bool *scanned;
	size_t n;
};

/* scan every device of @snap that @want (by index) selects; bridges are left out */
int usage_column_scan(struct cli_ctx *ctx, const struct host_snapshot *snap, const bool *want,
		      struct usage_column *out);
/* the cell of device @i: "eth0 routed, / mounted", "" (not in use) or "?" (not evaluated) */
char *usage_column_cell(const struct usage_column *c, size_t i);
/* the JSON cell: the reasons, "" when not in use, null for a bridge or when not evaluated */
struct json_object *usage_column_json(const struct usage_column *c, size_t i);
void usage_column_clear(struct usage_column *c);
/*
 * device list: scan @out when the table shows column @col, for the devices
 * of the kinds in @mask (0: all); otherwise leave it empty. 0 or an exit status.
 */
int device_list_used(struct cli_ctx *ctx, const struct host_snapshot *snap,
		     const struct out_table *t, unsigned mask, int col, struct usage_column *out);

#endif
