// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-device.c: vfioctl device list / device show */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tree.h"
#include "device-usage.h"
#include "claim-text.h"
#include "dynids-text.h"

enum {
	DCOL_BDF,
	DCOL_GROUP,
	DCOL_KIND,
	DCOL_CLASS,
	DCOL_CLASSNAME,
	DCOL_ID,
	DCOL_SUBSYS,
	DCOL_REV,
	DCOL_VENDOR,
	DCOL_DEVICE,
	DCOL_DESCRIPTION,
	DCOL_DRIVER,
	DCOL_OVERRIDE,
	DCOL_NUMA,
	DCOL_RESET,
	DCOL_NUMVFS,
	DCOL_TOTALVFS,
	DCOL_PHYSFN,
	DCOL_BRIDGE,
	DCOL_BOOTVGA,
	DCOL_VIABLE,
	DCOL_USED,
	DCOL_CLAIMED,
};

static const struct col_desc device_cols[] = {
	[DCOL_BDF] = { "BDF", 12, 0, SCOLS_JSON_STRING, "PCI address (domain:bus:device.function)" },
	[DCOL_GROUP] = { "GROUP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "IOMMU group number" },
	[DCOL_KIND] = { "KIND", 6, 0, SCOLS_JSON_STRING, "coarse kind: gpu, audio, nic, nvme, storage, usb, bridge..." },
	[DCOL_CLASS] = { "CLASS", 6, 0, SCOLS_JSON_STRING, "PCI class code (CCSSPP, hex)" },
	[DCOL_CLASSNAME] = { "CLASSNAME", 20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "PCI class name from pci.ids" },
	[DCOL_ID] = { "ID", 9, 0, SCOLS_JSON_STRING, "vendor:device IDs (hex)" },
	[DCOL_SUBSYS] = { "SUBSYS", 9, 0, SCOLS_JSON_STRING, "subsystem vendor:device IDs (hex)" },
	[DCOL_REV] = { "REV", 2, 0, SCOLS_JSON_STRING, "revision (hex)" },
	[DCOL_VENDOR] = { "VENDOR", 16, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "vendor name from pci.ids" },
	[DCOL_DEVICE] = { "DEVICE", 24, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "device name from pci.ids" },
	[DCOL_DESCRIPTION] = { "DESCRIPTION", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "vendor and device names" },
	[DCOL_DRIVER] = { "DRIVER", 10, 0, SCOLS_JSON_STRING, "bound driver" },
	[DCOL_OVERRIDE] = { "OVERRIDE", 8, 0, SCOLS_JSON_STRING, "driver_override" },
	[DCOL_NUMA] = { "NUMA", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "NUMA node" },
	[DCOL_RESET] = { "RESET", 6, 0, SCOLS_JSON_STRING, "reset_method (empty: no function reset)" },
	[DCOL_NUMVFS] = { "NUMVFS", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "SR-IOV VFs enabled" },
	[DCOL_TOTALVFS] = { "TOTALVFS", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "SR-IOV VFs supported" },
	[DCOL_PHYSFN] = { "PHYSFN", 12, 0, SCOLS_JSON_STRING, "the physical function of a VF" },
	[DCOL_BRIDGE] = { "BRIDGE", 6, 0, SCOLS_JSON_BOOLEAN, "header type is a bridge" },
	[DCOL_BOOTVGA] = { "BOOTVGA", 7, 0, SCOLS_JSON_BOOLEAN, "the firmware's boot display device" },
	[DCOL_VIABLE] = { "VIABLE", 6, 0, SCOLS_JSON_BOOLEAN, "whether the device's IOMMU group is viable" },
	[DCOL_USED] = { "USED", 12, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "what uses it: an interface up or routed, a mount, swap, a node held open (reads /proc)" },
	[DCOL_CLAIMED] = { "CLAIMED", 7, 0, SCOLS_JSON_STRING, "vfioctl's journal records it: claim, bind, unbind; interrupted: run recover" },
};

#define NDEVICE_COLS (sizeof(device_cols) / sizeof(device_cols[0]))

const struct col_desc *device_columns(size_t *n)
{
	*n = NDEVICE_COLS;
	return device_cols;
}

static char *fmt_int_or_empty(int v)
{
	char buf[32];

	if (v < 0)
		return strdup("");
	snprintf(buf, sizeof(buf), "%d", v);
	return strdup(buf);
}

static char *description(const struct pci_device *d)
{
	char buf[512];

	if (d->vendor_name && d->device_name)
		snprintf(buf, sizeof(buf), "%s %s", d->vendor_name, d->device_name);
	else if (d->vendor_name)
		/* as lspci says it when pci.ids knows the vendor only */
		snprintf(buf, sizeof(buf), "%s Device %04x", d->vendor_name, d->device_id);
	else
		snprintf(buf, sizeof(buf), "%s", d->class_name ? d->class_name : "");
	return strdup(buf);
}

static char *device_cell(const struct host_snapshot *snap,
			 const struct pci_device *d, int col)
{
	char buf[64];

	/* what could not be read is unknown: never "0000:0000" or "no driver" */
	if (!pci_device_readable(d)) {
		switch (col) {
		case DCOL_KIND:
		case DCOL_CLASS:
		case DCOL_ID:
		case DCOL_SUBSYS:
		case DCOL_DRIVER:
			return strdup("?");
		case DCOL_DESCRIPTION:
			snprintf(buf, sizeof(buf), "(unreadable: %s)", strerror(-d->read_error));
			return strdup(buf);
		case DCOL_GROUP:
			if (d->iommu_group < 0)
				return strdup("?");
			break;
		}
	}
	switch (col) {
	case DCOL_BDF:
		return strdup(d->name);
	case DCOL_GROUP:
		return fmt_int_or_empty(d->iommu_group);
	case DCOL_KIND:
		return strdup(pci_kind_name(pci_device_kind(d)));
	case DCOL_CLASS:
		snprintf(buf, sizeof(buf), "%06x", d->class_code);
		return strdup(buf);
	case DCOL_CLASSNAME:
		return strdup(d->class_name ? d->class_name : "");
	case DCOL_ID:
		snprintf(buf, sizeof(buf), "%04x:%04x", d->vendor_id, d->device_id);
		return strdup(buf);
	case DCOL_SUBSYS:
		snprintf(buf, sizeof(buf), "%04x:%04x", d->subsys_vendor_id,
			 d->subsys_device_id);
		return strdup(buf);
	case DCOL_REV:
		if (d->revision < 0)
			return strdup("");
		snprintf(buf, sizeof(buf), "%02x", d->revision);
		return strdup(buf);
	case DCOL_VENDOR:
		return strdup(d->vendor_name ? d->vendor_name : "");
	case DCOL_DEVICE:
		return strdup(d->device_name ? d->device_name : "");
	case DCOL_DESCRIPTION:
		return description(d);
	case DCOL_DRIVER:
		return strdup(d->driver);
	case DCOL_OVERRIDE:
		/* "?": the read timed out on the device lock (a driver still busy) */
		return strdup(d->driver_override ? d->driver_override : d->state_unknown ? "?" : "");
	case DCOL_NUMA:
		return fmt_int_or_empty(d->numa_node);
	case DCOL_RESET:
		return strdup(d->reset_method ? d->reset_method : "");
	case DCOL_NUMVFS:
		return fmt_int_or_empty(d->sriov_numvfs);
	case DCOL_TOTALVFS:
		return fmt_int_or_empty(d->sriov_totalvfs);
	case DCOL_PHYSFN:
		return strdup(d->physfn);
	case DCOL_BRIDGE:
		return strdup(pci_device_is_bridge(d) ? "true" : "false");
	case DCOL_BOOTVGA:
		return strdup(d->boot_vga == 1 ? "true" : "false");
	case DCOL_VIABLE: {
		const struct group_verdict *v =
			d->iommu_group >= 0 ? host_snapshot_verdict(snap, d->iommu_group)
					    : NULL;

		if (!v && !pci_device_readable(d))
			return strdup("unknown");
		return strdup(!v ? "" : v->viable ? "true" : v->unknown ? "unknown" : "false");
	}
	}
	return strdup("");
}

/* --tree: the topology view of tree.c */
static int device_list_tree(struct cli_ctx *ctx)
{
	struct host_snapshot *snap;
	int rc;

	/* a tree filtered by device would lose the ports that hold it together */
	if (ctx->opts.class_filter)
		return cli_usage_error("option '--class' does not apply to 'device list --tree'");
	if (ctx->opts.slot_sel || ctx->opts.id_sel)
		return cli_usage_error("option '%s' does not apply to 'device list --tree'",
				       ctx->opts.slot_sel ? "--slot" : "--id");
	if (ctx->opts.list_columns)
		return cli_device_tree(ctx, NULL);
	rc = cli_snapshot(ctx, &snap);
	if (rc)
		return rc;
	rc = cli_device_tree(ctx, snap);
	host_snapshot_free(snap);
	return rc;
}

/* what of each device the selected columns print (PCI_READ_*) */
static unsigned device_read_mask(const struct out_table *t)
{
	static const unsigned need[] = {
		[DCOL_CLASSNAME] = PCI_READ_NAMES, [DCOL_VENDOR] = PCI_READ_NAMES,
		[DCOL_DEVICE] = PCI_READ_NAMES, [DCOL_DESCRIPTION] = PCI_READ_NAMES,
		[DCOL_SUBSYS] = PCI_READ_SUBSYS, [DCOL_OVERRIDE] = PCI_READ_OVERRIDE,
		[DCOL_NUMA] = PCI_READ_MISC, [DCOL_RESET] = PCI_READ_MISC,
		[DCOL_BOOTVGA] = PCI_READ_MISC, [DCOL_NUMVFS] = PCI_READ_SRIOV,
		[DCOL_TOTALVFS] = PCI_READ_SRIOV, [DCOL_PHYSFN] = PCI_READ_SRIOV,
	};
	unsigned what = HOST_READ_LIST;

	for (size_t c = 0; c < t->nids; c++)
		if ((size_t)t->ids[c] < sizeof(need) / sizeof(need[0]))
			what |= need[t->ids[c]];
	return what;
}

int cmd_device_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct host_snapshot *snap;
	struct usage_column used = { 0 };
	struct claim_state claims;
	struct out_table t;
	struct cli_select sel;
	int rc;

	if (ctx->opts.tree)
		return device_list_tree(ctx);
	if (ctx->opts.list_columns) {
		out_list_columns(ctx, device_cols, NDEVICE_COLS);
		return 0;
	}
	rc = cli_select_init(ctx, &sel);
	if (rc)
		return rc;
	/* CLAIMED is shown by default once vfioctl has a journal on this host */
	cli_claims_read(ctx, &claims);
	rc = out_table_init(ctx, &t, "devices", device_cols, NDEVICE_COLS,
			    claims.n ? "BDF,GROUP,KIND,ID,DRIVER,CLAIMED,DESCRIPTION"
				     : "BDF,GROUP,KIND,ID,DRIVER,DESCRIPTION");
	if (rc) {
		out_table_free(&t);
		claim_state_clear(&claims);
		return rc;
	}
	rc = cli_snapshot_mask(ctx, device_read_mask(&t), &snap);
	if (rc) {
		out_table_free(&t);
		claim_state_clear(&claims);
		return rc;
	}
	rc = device_list_used(ctx, snap, &t, sel.class_mask, DCOL_USED, &used);
	if (rc) {
		out_table_free(&t);
		host_snapshot_free(snap);
		return rc;
	}
	for (size_t i = 0; i < snap->pci->count; i++) {
		const struct pci_device *d = &snap->pci->devs[i];
		if (!cli_select_device(&sel, d))
			continue;
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++) {
			char *val;

			if (t.ids[c] == DCOL_USED) {
				if (ctx->opts.json)
					out_table_set_json(&t, c, usage_column_json(&used, i));
				else
					out_table_set(&t, c, usage_column_cell(&used, i), NULL);
				continue;
			}
			val = t.ids[c] == DCOL_CLAIMED
				      ? strdup(cli_claim_word(claim_state_device(&claims, d->name)))
				      : device_cell(snap, d, t.ids[c]);
			if (ctx->opts.json && t.ids[c] == DCOL_CLAIMED && val && !*val) {
				free(val);
				out_table_set_json(&t, c, NULL);
				continue;
			}

			/* in JSON, "unknown" and "?" are null */
			if (ctx->opts.json && val && (strcmp(val, "unknown") == 0 || strcmp(val, "?") == 0)) {
				free(val);
				out_table_set_json(&t, c, NULL);
				continue;
			}
			out_table_set(&t, c, val, NULL);
		}
	}
	rc = out_table_print(&t);
	cli_select_done(ctx, &sel);
	out_table_free(&t);
	usage_column_clear(&used);
	claim_state_clear(&claims);
	host_snapshot_free(snap);
	return rc;
}

static void json_add_int_or_null(struct json_object *o, const char *key, int v)
{
	json_object_object_add(o, key, v < 0 ? NULL : json_object_new_int(v));
}

static void json_add_str_or_null(struct json_object *o, const char *key,
				 const char *s)
{
	json_object_object_add(o, key, json_string_or_null(s));
}

static struct json_object *device_json(const struct host_snapshot *snap,
				       const struct pci_device *d)
{
	struct json_object *o = json_object_new_object();
	const struct group_verdict *v =
		d->iommu_group >= 0 ? host_snapshot_verdict(snap, d->iommu_group) : NULL;
	char buf[32];

	json_object_object_add(o, "bdf", json_object_new_string(d->name));
	if (!pci_device_readable(d)) {
		/* nothing else is known: no zero IDs, no empty driver */
		json_object_object_add(o, "readable", json_object_new_boolean(false));
		json_object_object_add(o, "error", json_errno(d->read_error));
		json_object_object_add(o, "group_viable", NULL);
		return o;
	}
	json_object_object_add(o, "kind", json_object_new_string(pci_kind_name(pci_device_kind(d))));
	snprintf(buf, sizeof(buf), "%06x", d->class_code);
	json_object_object_add(o, "class", json_object_new_string(buf));
	json_add_str_or_null(o, "classname", d->class_name);
	snprintf(buf, sizeof(buf), "%04x", d->vendor_id);
	json_object_object_add(o, "vendor_id", json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "%04x", d->device_id);
	json_object_object_add(o, "device_id", json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "%04x", d->subsys_vendor_id);
	json_object_object_add(o, "subsystem_vendor_id", json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "%04x", d->subsys_device_id);
	json_object_object_add(o, "subsystem_device_id", json_object_new_string(buf));
	if (d->revision >= 0) {
		snprintf(buf, sizeof(buf), "%02x", d->revision);
		json_object_object_add(o, "revision", json_object_new_string(buf));
	} else {
		json_object_object_add(o, "revision", NULL);
	}
	json_add_str_or_null(o, "vendor", d->vendor_name);
	json_add_str_or_null(o, "device", d->device_name);
	json_add_str_or_null(o, "driver", d->driver);
	json_add_str_or_null(o, "driver_override",
			     d->driver_override ? d->driver_override : d->state_unknown ? "?" : NULL);
	json_add_int_or_null(o, "iommu_group", d->iommu_group);
	if (v && !v->unknown)
		json_object_object_add(o, "group_viable", json_object_new_boolean(v->viable));
	else
		json_object_object_add(o, "group_viable", NULL);
	json_add_int_or_null(o, "numa_node", d->numa_node);
	json_add_str_or_null(o, "reset_method", d->reset_method);
	/* false: null above means "cannot tell" (before 5.15), not "no reset" */
	json_object_object_add(o, "reset_method_known",
			       json_object_new_boolean(d->reset_method ||
						       iommu_host_reset_method_known(&snap->host)));
	json_add_int_or_null(o, "sriov_totalvfs", d->sriov_totalvfs);
	json_add_int_or_null(o, "sriov_numvfs", d->sriov_numvfs);
	json_add_str_or_null(o, "physfn", d->physfn);
	{
		struct json_object *vfs = json_object_new_array();

		for (size_t i = 0; i < d->nvirtfns; i++)
			json_object_array_add(vfs, json_object_new_string(d->virtfns[i]));
		json_object_object_add(o, "virtfns", vfs);
	}
	json_object_object_add(o, "header_type",
			       json_object_new_string(d->header_type == PCI_HEADER_UNKNOWN ? "unknown"
						      : d->header_type == PCI_HEADER_NORMAL ? "endpoint"
						      : d->header_type == PCI_HEADER_BRIDGE ? "bridge"
						      : "cardbus"));
	json_object_object_add(o, "bridge", json_object_new_boolean(pci_device_is_bridge(d)));
	json_object_object_add(o, "boot_vga", json_object_new_boolean(d->boot_vga == 1));
	return o;
}

static void device_text(const struct cli_ctx *ctx, const struct host_snapshot *snap,
			const struct pci_device *d)
{
	const struct group_verdict *v =
		d->iommu_group >= 0 ? host_snapshot_verdict(snap, d->iommu_group) : NULL;
	char *desc;

	if (!pci_device_readable(d)) {
		printf("%s (unreadable: %s)\n", d->name, strerror(-d->read_error));
		printf("  state:           unknown: its sysfs directory cannot be read; class, IDs, driver and IOMMU group are unknown\n");
		return;
	}
	desc = description(d);
	printf("%s %s\n", d->name, desc ? desc : "");
	free(desc);
	printf("  class:           %06x %s (%s)\n", d->class_code,
	       d->class_name ? d->class_name : "", pci_kind_name(pci_device_kind(d)));
	printf("  id:              %04x:%04x  subsystem %04x:%04x", d->vendor_id,
	       d->device_id, d->subsys_vendor_id, d->subsys_device_id);
	if (d->revision >= 0)
		printf("  rev %02x", d->revision);
	printf("\n");
	printf("  header:          %s\n",
	       d->header_type == PCI_HEADER_UNKNOWN
		       ? (pci_device_bridge(d) == PCI_BRIDGE_PCI ? "bridge (from class)"
			  : pci_device_bridge(d) == PCI_BRIDGE_PLATFORM
				  ? "unknown, a platform bridge (class 06): never bound to vfio-pci"
				  : "unknown")
	       : d->header_type == PCI_HEADER_NORMAL
		       ? (pci_device_bridge(d) == PCI_BRIDGE_PLATFORM
				  ? "endpoint, a platform bridge (class 06): never bound to vfio-pci"
				  : "endpoint")
	       : d->header_type == PCI_HEADER_BRIDGE ? "bridge" : "cardbus bridge");
	printf("  driver:          %s\n", *d->driver ? d->driver : "(none)");
	printf("  driver_override: %s\n", d->driver_override ? d->driver_override
					  : d->state_unknown ? "unknown (the device lock is held)" : "(none)");
	if (d->iommu_group >= 0 && !v)
		printf("  iommu group:     %d (not in /sys/kernel/iommu_groups)\n", /* lint: message */
		       d->iommu_group);
	else if (d->iommu_group >= 0)
		printf("  iommu group:     %d (%s%s%s)\n", d->iommu_group,
		       cli_color(ctx, v->viable ? COLOR_GREEN : v->unknown ? COLOR_YELLOW : COLOR_RED),
		       v->viable ? "viable" : v->unknown ? "viability unknown: a member cannot be read"
		       : "not viable", cli_color(ctx, COLOR_RESET));
	else
		printf("  iommu group:     (none: no IOMMU translation for this device)\n");
	if (d->numa_node >= 0)
		printf("  numa node:       %d\n", d->numa_node);
	if (d->reset_method)
		printf("  reset method:    %s\n", d->reset_method);
	else if (iommu_host_reset_method_known(&snap->host))
		printf("  reset method:    (none: no function reset)\n");
	else
		printf("  reset method:    unknown (the kernel has no reset_method before Linux 5.15)\n");
	if (d->sriov_totalvfs >= 0) {
		printf("  sr-iov:          %d of %d VFs enabled",
		       d->sriov_numvfs < 0 ? 0 : d->sriov_numvfs, d->sriov_totalvfs);
		for (size_t i = 0; i < d->nvirtfns; i++)
			printf("%s%s", i ? " " : ": ", d->virtfns[i]);
		printf("\n");
	}
	if (*d->physfn)
		printf("  physfn:          %s\n", d->physfn);
	if (d->boot_vga == 1)
		printf("  boot vga:        yes\n");
}

int cmd_device_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct host_snapshot *snap;
	const struct pci_device *d;
	const struct claim_entry *claim;
	struct claim_state claims;
	struct pci_bdf bdf;
	int rc;

	if (bdf_parse(argv[0], &bdf) < 0)
		return cli_usage_error("invalid PCI address '%s': expected DDDD:BB:DD.F or BB:DD.F",
				       argv[0]);
	rc = cli_snapshot_scoped(ctx, argv[0], -1, &snap);
	if (rc)
		return rc;
	d = pci_list_find(snap->pci, &bdf);
	if (!d) {
		char name[BDF_STRLEN];

		cli_err("PCI device '%s' does not exist", bdf_format(&bdf, name, sizeof(name)));
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	cli_claims_read(ctx, &claims);
	claim = claim_state_device(&claims, d->name);
	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();
		struct json_object *dev = device_json(snap, d), *usage;

		json_object_object_add(dev, "claim", claim ? cli_claim_json(claim) : NULL);
		cli_dynids_device(ctx, snap, d, dev);
		rc = device_usage_show_json(ctx, d, &usage);
		json_object_object_add(dev, "usage", usage);
		json_object_object_add(root, "device", dev);
		if (rc == 0)
			rc = cli_json_print(root);
		json_object_put(root);
	} else {
		device_text(ctx, snap, d);
		cli_dynids_device(ctx, snap, d, NULL);
		cli_claim_show_text(ctx, claim, d->name, &(struct claim_label){ 2, 17 });
		rc = device_usage_show_text(ctx, d);
	}
	claim_state_clear(&claims);
	host_snapshot_free(snap);
	return rc;
}
