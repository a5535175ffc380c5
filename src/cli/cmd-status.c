// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-status.c: vfioctl status, the host overview */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "claim-text.h"
#include "vfio-diag.h"
#include "dynids-text.h"
#include "pathnames.h"

#define STATUS_MAX_BLOCKERS 5

static size_t count_viable(const struct host_snapshot *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->groups->count; i++)
		n += s->verdicts[i].viable;
	return n;
}

/* groups whose verdict is unknown: a member (or the member list) cannot be read */
static size_t count_unknown(const struct host_snapshot *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->groups->count; i++)
		n += s->verdicts[i].unknown;
	return n;
}

/* devices whose sysfs directory could not be read */
static size_t count_unreadable(const struct host_snapshot *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->pci->count; i++)
		n += !pci_device_readable(&s->pci->devs[i]);
	return n;
}

static void count_kinds(const struct host_snapshot *s, size_t kinds[PCI_KIND__COUNT])
{
	memset(kinds, 0, sizeof(size_t) * PCI_KIND__COUNT);
	for (size_t i = 0; i < s->pci->count; i++)
		kinds[pci_device_kind(&s->pci->devs[i])]++;
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static int status_json(struct cli_ctx *ctx, const struct host_snapshot *s,
		       const struct claim_state *claims)
{
	const struct iommu_host *h = &s->host;
	struct json_object *root = json_object_new_object();
	struct json_object *st = json_object_new_object();
	struct json_object *kernel = json_object_new_object();
	struct json_object *iommu = json_object_new_object();
	struct json_object *cmdline = json_object_new_object();
	struct json_object *units = json_object_new_array();
	struct json_object *groups = json_object_new_object();
	struct json_object *blockers = json_object_new_array();
	struct json_object *devices = json_object_new_object();
	struct json_object *kinds = json_object_new_object();
	struct json_object *vfio = json_object_new_object();
	struct json_object *modules = json_object_new_object();
	struct json_object *nodes = json_object_new_array();
	struct json_object *unreadable = json_object_new_array();
	size_t kc[PCI_KIND__COUNT];
	size_t viable = count_viable(s), unknown = count_unknown(s);
	int rc;

	json_object_object_add(kernel, "release",
			       h->kver_known || *h->kernel_release
				       ? json_object_new_string(h->kernel_release) : NULL);
	json_object_object_add(kernel, "viability_rule", json_object_new_string(
		viability_rule_name(viability_rule_for(h->kver_known ? &h->kver : NULL))));
	json_object_object_add(st, "kernel", kernel);

	json_object_object_add(iommu, "state", json_object_new_string(iommu_state_name(h->state)));
	json_object_object_add(iommu, "enabled", json_object_new_boolean(
		h->state == IOMMU_STATE_ON || h->state == IOMMU_STATE_GROUPS_ONLY));
	for (size_t i = 0; i < h->nunits; i++)
		json_object_array_add(units, json_object_new_string(h->units[i]));
	json_object_object_add(iommu, "units", units);
	json_object_object_add(iommu, "passthrough", json_object_new_boolean(h->passthrough));
	json_object_object_add(iommu, "identity_groups",
			       json_object_new_int64((int64_t)h->nidentity_groups));
	json_object_object_add(iommu, "hint", str_or_null(host_state_hint(h)));
	json_object_object_add(cmdline, "intel_iommu", str_or_null(h->cmdline.intel_iommu));
	json_object_object_add(cmdline, "amd_iommu", str_or_null(h->cmdline.amd_iommu));
	json_object_object_add(cmdline, "iommu", str_or_null(h->cmdline.iommu));
	json_object_object_add(cmdline, "iommu.passthrough", str_or_null(h->cmdline.iommu_passthrough));
	json_object_object_add(cmdline, "pcie_acs_override", str_or_null(h->cmdline.pcie_acs_override));
	json_object_object_add(cmdline, "pci_config_acs", str_or_null(h->cmdline.pci_config_acs));
	json_object_object_add(cmdline, "vfio-pci.ids", str_or_null(h->cmdline.vfio_pci_ids));
	json_object_object_add(iommu, "cmdline", cmdline);
	json_object_object_add(iommu, "isolation_faked",
			       json_object_new_boolean(h->cmdline.pcie_acs_override != NULL));
	json_object_object_add(st, "iommu", iommu);

	json_object_object_add(groups, "count", json_object_new_int64((int64_t)s->groups->count));
	json_object_object_add(groups, "viable", json_object_new_int64((int64_t)viable));
	json_object_object_add(groups, "not_viable",
			       json_object_new_int64((int64_t)(s->groups->count - viable - unknown)));
	json_object_object_add(groups, "unknown", json_object_new_int64((int64_t)unknown));
	for (size_t i = 0; i < s->groups->count; i++) {
		const struct group_verdict *v = &s->verdicts[i];

		for (size_t b = 0; b < v->nblockers; b++)
			json_object_array_add(blockers, json_blocker(v->blockers[b].member,
								     s->groups->groups[i].id));
	}
	json_object_object_add(groups, "blockers", blockers);
	for (size_t i = 0; i < s->groups->count; i++) {
		const struct group_verdict *v = &s->verdicts[i];

		for (size_t u = 0; u < v->nunknowns; u++) {
			struct json_object *uo = json_object_new_object();

			json_object_object_add(uo, "group", json_object_new_int(s->groups->groups[i].id));
			json_object_object_add(uo, "name", json_object_new_string(v->unknowns[u].member->name));
			json_object_object_add(uo, "error",
					       json_errno(v->unknowns[u].member->read_error));
			json_object_array_add(unreadable, uo);
		}
	}
	/* present when something could not be read */
	if (json_object_array_length(unreadable))
		json_object_object_add(groups, "unreadable", unreadable);
	else
		json_object_put(unreadable);
	json_object_object_add(st, "groups", groups);

	count_kinds(s, kc);
	json_object_object_add(devices, "count", json_object_new_int64((int64_t)s->pci->count));
	if (count_unreadable(s))
		json_object_object_add(devices, "unreadable",
				       json_object_new_int64((int64_t)count_unreadable(s)));
	for (int i = 1; i <= PCI_KIND__COUNT; i++)	/* "other" last, as in the text */
		json_object_object_add(kinds, pci_kind_name((enum pci_kind)(i % PCI_KIND__COUNT)),
				       json_object_new_int64((int64_t)kc[i % PCI_KIND__COUNT]));
	json_object_object_add(devices, "by_kind", kinds);
	json_object_object_add(st, "devices", devices);

	json_object_object_add(modules, "vfio", json_object_new_boolean(h->modules.vfio));
	json_object_object_add(modules, "vfio_pci", json_object_new_boolean(h->modules.vfio_pci));
	json_object_object_add(modules, "vfio_iommu_type1", json_object_new_boolean(h->modules.vfio_iommu_type1));
	json_object_object_add(modules, "iommufd", json_object_new_boolean(h->modules.iommufd));
	json_object_object_add(modules, "pci_stub", json_object_new_boolean(h->modules.pci_stub));
	json_object_object_add(vfio, "modules", modules);
	json_object_object_add(vfio, "noiommu_mode", json_object_new_boolean(h->modules.noiommu));
	json_object_object_add(vfio, "noiommu_groups", json_object_new_int64((int64_t)h->nnoiommu_groups));
	json_object_object_add(vfio, "container", json_object_new_boolean(h->dev_vfio_container));
	json_object_object_add(vfio, "iommufd", json_object_new_boolean(h->dev_iommufd));
	for (size_t i = 0; i < h->nvfio_group_nodes; i++)
		json_object_array_add(nodes, json_object_new_string(h->vfio_group_nodes[i]));
	json_object_object_add(vfio, "group_nodes", nodes);
	cli_status_vfio_json(ctx, s, vfio);
	json_object_object_add(st, "vfio", vfio);
	json_object_object_add(st, "claims", cli_claims_json(claims));

	cli_dynids_status(ctx, s, st);
	json_object_object_add(root, "status", st);
	rc = cli_json_print(root);
	json_object_put(root);
	return rc;
}

#define LABEL "%-14s"

static void status_text(const struct cli_ctx *ctx, const struct host_snapshot *s,
			const struct claim_state *claims)
{
	const struct iommu_host *h = &s->host;
	const char *hint = host_state_hint(h);
	size_t viable = count_viable(s), unknown = count_unknown(s), shown = 0, total_blockers = 0;
	size_t kc[PCI_KIND__COUNT];
	bool first;

	printf(LABEL "%s (group viability rule: %s)\n", "kernel:",
	       *h->kernel_release ? h->kernel_release : "unknown",
	       viability_rule_for(h->kver_known ? &h->kver : NULL) == VIABILITY_RULE_LEGACY
		       ? "before 5.19" : "5.19+ DMA ownership");

	printf(LABEL, "iommu:");
	switch (h->state) {
	case IOMMU_STATE_ON:
	case IOMMU_STATE_GROUPS_ONLY:
		printf("%son%s", cli_color(ctx, COLOR_GREEN), cli_color(ctx, COLOR_RESET));
		if (h->nunits) {
			printf(" (%zu unit%s:", h->nunits, h->nunits == 1 ? "" : "s");
			for (size_t i = 0; i < h->nunits; i++)
				printf(" %s", h->units[i]);
			printf(")");
		}
		if (h->passthrough && h->ntyped_groups)
			printf(", passthrough default domain (every group's type is identity)");
		else if (h->passthrough)
			printf(", passthrough default domain (iommu=pt on the command line)");
		else if (h->nidentity_groups)
			printf(", %zu of %zu groups in passthrough (type identity)",
			       h->nidentity_groups, h->ntyped_groups);
		printf("\n");
		break;
	case IOMMU_STATE_OFF_CMDLINE:
		printf("%soff%s: disabled on the kernel command line\n",
		       cli_color(ctx, COLOR_RED), cli_color(ctx, COLOR_RESET));
		break;
	case IOMMU_STATE_NO_GROUPS:
		printf("%sno groups%s: %zu IOMMU unit%s but no IOMMU groups\n",
		       cli_color(ctx, COLOR_YELLOW), cli_color(ctx, COLOR_RESET),
		       h->nunits, h->nunits == 1 ? "" : "s");
		break;
	case IOMMU_STATE_NOT_ENABLED:
		printf("%snot enabled%s: no IOMMU units in /sys/class/iommu and no IOMMU groups%s\n",
		       cli_color(ctx, COLOR_RED), cli_color(ctx, COLOR_RESET),
		       h->nnoiommu_groups ? " (only vfio-noiommu ones)" : "");
		break;
	}
	if (hint)
		print_wrapped("              ", "to enable it: ", hint, cli_term_width() - 1);
	if (h->cmdline.pcie_acs_override)
		printf(LABEL "%swarning%s: pcie_acs_override=%s on the kernel command line: isolation between groups is not real\n",
		       "", cli_color(ctx, COLOR_YELLOW), cli_color(ctx, COLOR_RESET),
		       h->cmdline.pcie_acs_override);
	if (!h->cmdline_known && h->cmdline_err == -ENOENT)
		printf(LABEL "kernel command line unknown (no /proc/cmdline)\n", "");
	else if (!h->cmdline_known)
		printf(LABEL "kernel command line unknown (cannot read /proc/cmdline: %s)\n", "",
		       strerror(-h->cmdline_err));

	printf(LABEL "%zu", "groups:", s->groups->count);
	if (s->groups->count && unknown)
		printf(" (%zu viable, %zu not viable, %zu unknown)", viable,
		       s->groups->count - viable - unknown, unknown);
	else if (s->groups->count)
		printf(" (%zu viable, %zu not viable)", viable, s->groups->count - viable);
	printf("\n");
	for (size_t i = 0; i < s->groups->count; i++) {
		const struct group_verdict *v = &s->verdicts[i];

		if (v->read_error)
			printf(LABEL "%sunknown%s: cannot list /%s/%d/devices (%s): its verdict is unknown\n",
			       "", cli_color(ctx, COLOR_YELLOW), cli_color(ctx, COLOR_RESET),
			       PATH_SYS_IOMMU_GROUPS, s->groups->groups[i].id, strerror(-v->read_error));
		for (size_t u = 0; u < v->nunknowns; u++)
			printf(LABEL "%sunknown%s: %s cannot be read (%s): group %d's verdict is unknown\n", "",
			       cli_color(ctx, COLOR_YELLOW), cli_color(ctx, COLOR_RESET),
			       v->unknowns[u].member->name,
			       strerror(-v->unknowns[u].member->read_error),
			       s->groups->groups[i].id);
	}
	for (size_t i = 0; i < s->groups->count; i++) {
		const struct group_verdict *v = &s->verdicts[i];

		for (size_t b = 0; b < v->nblockers; b++, total_blockers++) {
			char line[160];

			if (shown >= STATUS_MAX_BLOCKERS)
				continue;
			format_blocker(line, sizeof(line), v->blockers[b].member,
				       s->groups->groups[i].id);
			printf(LABEL "%s\n", "", line);
			shown++;
		}
	}
	if (total_blockers > shown)
		printf(LABEL "... and %zu more (see 'vfioctl group list')\n", "",
		       total_blockers - shown);

	count_kinds(s, kc);
	printf(LABEL "%zu", "pci devices:", s->pci->count);
	if (count_unreadable(s))
		printf(" (%zu unreadable)", count_unreadable(s));
	first = true;
	/* "other" last: it is the least telling */
	for (int i = 1; i <= PCI_KIND__COUNT; i++) {
		int k = i % PCI_KIND__COUNT;

		if (!kc[k])
			continue;
		printf("%s%s %zu", first ? " (" : ", ", pci_kind_name((enum pci_kind)k), kc[k]);
		first = false;
	}
	printf("%s\n", first ? "" : ")");

	printf(LABEL "modules:", "vfio:");
	printf(" vfio %s, vfio_pci %s, vfio_iommu_type1 %s%s\n",
	       h->modules.vfio ? "loaded" : "not loaded",
	       h->modules.vfio_pci ? "loaded" : "not loaded",
	       h->modules.vfio_iommu_type1 ? "loaded" : "not loaded",
	       h->modules.iommufd ? ", iommufd loaded" : "");
	printf(LABEL "/%s %s", "", PATH_DEV_VFIO_CONTAINER,
	       h->dev_vfio_container ? "present" : "absent");
	if (h->dev_iommufd)
		printf(", /dev/iommu present (cdev interface)");
	if (h->nvfio_group_nodes) {
		printf(", group nodes:");
		for (size_t i = 0; i < h->nvfio_group_nodes; i++)
			printf(" %s", h->vfio_group_nodes[i]);
	}
	printf("\n");
	if (h->nnoiommu_groups)
		printf(LABEL "%zu vfio-noiommu group%s: devices in them have no DMA isolation\n", "",
		       h->nnoiommu_groups, h->nnoiommu_groups == 1 ? "" : "s");
	if (h->modules.noiommu)
		printf(LABEL "%swarning%s: enable_unsafe_noiommu_mode=Y: devices get no DMA protection\n",
		       "", cli_color(ctx, COLOR_YELLOW), cli_color(ctx, COLOR_RESET));
	if (h->cmdline.vfio_pci_ids)
		printf(LABEL "vfio-pci.ids=%s on the kernel command line\n", "",
		       h->cmdline.vfio_pci_ids);
	cli_claims_status_text(ctx, claims, &(struct claim_label){ 0, 14 });
}

/* what put a device on vfio-pci (an override, or a dynamic ID) is told by its driver_override */
static bool on_vfio(const struct pci_device *d)
{
	return pci_driver_is_vfio(d->driver);
}

int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
{
	struct host_snapshot *snap;
	struct claim_state claims;
	/* kinds, counts and verdicts: no names, no regions, nothing behind the device lock */
	int rc = cli_snapshot_mask(ctx, HOST_READ_LIST, &snap);

	if (rc)
		return rc;
	/* only theirs: it waits on the device lock, and a listing of every device would pay */
	rc = pci_list_read_overrides(ctx->path, snap->pci, on_vfio);
	if (rc < 0) {
		cli_err("cannot read driver_override: %s", strerror(-rc));
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	cli_claims_read(ctx, &claims);
	if (ctx->opts.json)
		rc = status_json(ctx, snap, &claims);
	else
		status_text(ctx, snap, &claims);
	claim_state_clear(&claims);
	if (!ctx->opts.json) {
		cli_status_vfio_text(ctx, snap);
		cli_dynids_status(ctx, snap, NULL);
	}
	host_snapshot_free(snap);
	return rc;
}
