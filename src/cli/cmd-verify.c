// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-verify.c: vfioctl group verify N, the VFIO ioctls run for real */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "cli.h"
#include "inuse.h"
#include "pathnames.h"
#include "vfio-diag.h"
#include "vfio.h"

#define FIRST_STEP VFIO_STEP_OPEN_CONTAINER
#define LAST_STEP VFIO_STEP_DEVICES

/* what the command knows beside the core's report */
struct verify_run {
	int group;
	char group_node[64];		/* as processes see it, with the leading slash */
	char iommufd_node[32];
	const struct iommu_group *g;
	const char **members;		/* the members bound to a vfio driver */
	size_t nmembers;
	struct inuse_holder *holders;	/* on EBUSY */
	size_t nholders;
	struct path_ctx *path;
	struct vfio_node_info node;	/* the node as checked before the ioctls */
	bool node_problem;		/* ... and it was wrong: nothing was opened */
	const char *vf_token;		/* --vf-token */
};

enum step_state { STEP_OK, STEP_FAILED, STEP_SKIPPED };

/* a vfio-noiommu group has no IOMMU to ask and maps no DMA */
static bool noiommu_skips(const struct vfio_verify_report *r, enum vfio_verify_step s)
{
	return r->noiommu && (s == VFIO_STEP_IOMMU_INFO || s == VFIO_STEP_MAP_DMA ||
			      s == VFIO_STEP_UNMAP_DMA);
}

static enum step_state step_state(const struct vfio_verify_report *r,
				  enum vfio_verify_step s)
{
	if (noiommu_skips(r, s))
		return STEP_SKIPPED;
	if (r->failed_step == VFIO_STEP_NONE && !r->error)
		return STEP_OK;
	if (r->failed_step == VFIO_STEP_NONE || s > r->failed_step)
		return STEP_SKIPPED;
	return s == r->failed_step ? STEP_FAILED : STEP_OK;
}

static const char *const step_state_names[] = { "ok", "failed", "skipped" };

/* a vfio-pci driver or one of its variants (mlx5_vfio_pci, xe-vfio-pci, ...) */
static bool is_vfio_driver(const char *driver)
{
	return strstr(driver, "vfio") != NULL;
}

static void format_size(char *buf, size_t size, uint64_t v)
{
	static const char units[] = "KMGTPE";
	unsigned u = 0;

	if (v < 1024 || v % 1024) {
		snprintf(buf, size, "%" PRIu64, v);
		return;
	}
	v /= 1024;
	while (v >= 1024 && v % 1024 == 0 && u + 1 < sizeof(units) - 1) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%" PRIu64 "%c", v, units[u]);
}

/* "4K 2M 1G"; a long bitmap (AMD: every size) as "4K..." plus the largest */
static void format_pgsizes(char *buf, size_t size, uint64_t pgsizes)
{
	size_t used = 0, n = 0;
	char one[24];

	buf[0] = '\0';
	for (unsigned b = 0; b < 64; b++)
		n += (pgsizes >> b) & 1;
	if (n > 6) {
		char lo[24], hi[24];

		format_size(lo, sizeof(lo), pgsizes & -pgsizes);
		format_size(hi, sizeof(hi), (uint64_t)1 << (63 - __builtin_clzll(pgsizes)));
		snprintf(buf, size, "%s..%s (%zu sizes)", lo, hi, n);
		return;
	}
	for (unsigned b = 0; b < 64 && used < size; b++) {
		if (!((pgsizes >> b) & 1))
			continue;
		format_size(one, sizeof(one), (uint64_t)1 << b);
		used += snprintf(buf + used, size - used, "%s%s", used ? " " : "", one);
	}
}

static void format_flags(char *buf, size_t size, uint32_t flags,
			 const char *const *names, unsigned nnames)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned b = 0; b < 32 && used < size; b++) {
		if (!(flags & (1u << b)))
			continue;
		if (b < nnames)
			used += snprintf(buf + used, size - used, "%s%s", used ? "," : "", names[b]);
		else
			used += snprintf(buf + used, size - used, "%sbit%u", used ? "," : "", b);
	}
	if (!used)
		snprintf(buf, size, "-");
}

/* bit order of VFIO_REGION_INFO_FLAG_*, VFIO_IRQ_INFO_*, VFIO_DEVICE_FLAGS_* */
static const char *const region_flag_names[] = { "read", "write", "mmap", "caps" };
static const char *const irq_flag_names[] = { "eventfd", "maskable", "automasked", "noresize" };
static const char *const device_flag_names[] = {
	"reset", "pci", "platform", "amba", "ccw", "ap", "fsl-mc", "caps", "cdx",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* why a step failed, in words a user can act on; NULL when strerror says it */
static const char *step_hint(const struct vfio_verify_report *r)
{
	switch (r->failed_step) {
	case VFIO_STEP_OPEN_CONTAINER:
		if (r->error == -ENOENT)
			return "the vfio module is not loaded (modprobe vfio-pci)";
		if (r->error == -EACCES || r->error == -EPERM)
			return "no access to the VFIO container: run as root";
		return NULL;
	case VFIO_STEP_API_VERSION:
		return r->error == -EPROTO ? "the kernel speaks another VFIO API version" : NULL;
	case VFIO_STEP_TYPE1V2:
		return r->error == -EOPNOTSUPP
			       ? "the container offers no type1v2 IOMMU (is vfio_iommu_type1 loaded?)"
			       : NULL;
	case VFIO_STEP_OPEN_GROUP:
		if (r->error == -EACCES || r->error == -EPERM)
			return "no access to the group node: run as root or give the user the node";
		if (r->node_mismatch)
			return "the node is not this group's device: nothing was done through it";
		return NULL;
	case VFIO_STEP_GROUP_STATUS:
		return r->error == -EBUSY
			       ? "the group is not viable: a member is bound to a host driver (see 'vfioctl group show')"
			       : NULL;
	case VFIO_STEP_SET_IOMMU:
		if (r->noiommu && r->error == -EPERM)
			return "a no-IOMMU group needs CAP_SYS_RAWIO: run as root";
		return r->error == -EPERM
			       ? "no interrupt remapping: type1 refuses the group (vfio_iommu_type1.allow_unsafe_interrupts=1 overrides it, unsafely)"
			       : NULL;
	case VFIO_STEP_MAP_DMA:
		return r->error == -EPERM || r->error == -ENOMEM
			       ? "the locked-memory limit is too low (ulimit -l, RLIMIT_MEMLOCK)"
			       : NULL;
	case VFIO_STEP_IOMMU_INFO:
		return r->error == -ENOSPC ? "no usable IOVA range holds one page" : NULL;
	default:
		return NULL;
	}
}

/* the one-line detail of a step for the text output */
static void step_detail(char *buf, size_t size, const struct verify_run *run,
			const struct vfio_verify_report *r, enum vfio_verify_step s)
{
	char pg[96];
	size_t opened = 0;

	buf[0] = '\0';
	if (noiommu_skips(r, s) && step_state(r, VFIO_STEP_SET_IOMMU) == STEP_OK) {
		snprintf(buf, size, "no IOMMU (vfio-noiommu): nothing to map");
		return;
	}
	if (step_state(r, s) == STEP_SKIPPED)
		return;
	if (step_state(r, s) == STEP_FAILED) {
		const char *hint = step_hint(r);

		if (s == VFIO_STEP_API_VERSION && r->error == -EPROTO)
			snprintf(buf, size, "version %d, want %d", r->api_version, VFIO_API_VERSION);
		else
			snprintf(buf, size, "%s%s%s", strerror(-r->error), hint ? ": " : "",
				 hint ? hint : "");
		return;
	}
	switch (s) {
	case VFIO_STEP_OPEN_CONTAINER:
		snprintf(buf, size, "/%s", PATH_DEV_VFIO_CONTAINER);
		break;
	case VFIO_STEP_API_VERSION:
		snprintf(buf, size, "version %d", r->api_version);
		break;
	case VFIO_STEP_TYPE1V2:
		snprintf(buf, size, "%s supported",
			 r->noiommu ? "VFIO_NOIOMMU_IOMMU" : "VFIO_TYPE1v2_IOMMU");
		break;
	case VFIO_STEP_OPEN_GROUP:
		if (r->node_checked)
			snprintf(buf, size, "%s (%u:%u, the group's device)", run->group_node,
				 r->node_major, r->node_minor);
		else
			snprintf(buf, size, "%s", run->group_node);
		break;
	case VFIO_STEP_GROUP_STATUS:
		snprintf(buf, size, "viable");
		break;
	case VFIO_STEP_SET_CONTAINER:
		snprintf(buf, size, "group attached to the container");
		break;
	case VFIO_STEP_SET_IOMMU:
		snprintf(buf, size, "%s", r->noiommu ? "VFIO_NOIOMMU_IOMMU" : "VFIO_TYPE1v2_IOMMU");
		break;
	case VFIO_STEP_IOMMU_INFO:
		format_pgsizes(pg, sizeof(pg), r->iova_pgsizes);
		snprintf(buf, size, "page sizes %s (0x%" PRIx64 ")", *pg ? pg : "-",
			 r->iova_pgsizes);
		break;
	case VFIO_STEP_MAP_DMA:
		snprintf(buf, size, "iova 0x%" PRIx64 " size %" PRIu64 " read,write",
			 r->dma_iova, r->dma_size);
		break;
	case VFIO_STEP_UNMAP_DMA:
		snprintf(buf, size, "iova 0x%" PRIx64 " size %" PRIu64, r->dma_iova, r->dma_size);
		break;
	case VFIO_STEP_DEVICES:
		for (size_t i = 0; i < r->ndevices; i++)
			opened += !r->devices[i].error;
		snprintf(buf, size, "%zu of %zu opened", opened, r->ndevices);
		break;
	default:
		break;
	}
}

static void cdev_node(char *buf, size_t size, const struct vfio_device_report *d)
{
	if (*d->cdev)
		snprintf(buf, size, "/%s/%s", PATH_DEV_VFIO_DEVICES, d->cdev);
	else
		buf[0] = '\0';
}

static void verify_text(const struct cli_ctx *ctx, const struct verify_run *run,
			const struct vfio_verify_report *r)
{
	bool devices_ran = step_state(r, VFIO_STEP_DEVICES) != STEP_SKIPPED;
	char buf[512], node[64];

	printf("VFIO verify of IOMMU group %d%s\n", run->group,
	       run->node.noiommu ? " (no-IOMMU: UNSAFE)" : "");
	for (enum vfio_verify_step s = FIRST_STEP; s <= LAST_STEP; s++) {
		enum step_state st = step_state(r, s);
		const char *color = st == STEP_OK ? COLOR_GREEN : st == STEP_FAILED ? COLOR_RED : "";

		step_detail(buf, sizeof(buf), run, r, s);
		printf("  %-15s %s%-*s%s%s%s\n", vfio_verify_step_name(s),
		       cli_color(ctx, color), *buf ? 7 : 0, step_state_names[st],
		       cli_color(ctx, *color ? COLOR_RESET : ""), *buf ? " " : "", buf);
	}
	printf("  interfaces:     legacy group %s; iommufd %s %s\n", run->group_node,
	       run->iommufd_node, r->iommufd ? "present" : "absent");

	for (size_t i = 0; i < r->ndevices; i++) {
		const struct vfio_device_report *d = &r->devices[i];

		cdev_node(node, sizeof(node), d);
		printf("device %s\n", d->name);
		printf("  cdev:     %s\n", *node ? node : "none (kernel without VFIO cdev support)");
		if (!devices_ran) {
			printf("  not opened: an earlier step failed\n");
			continue;
		}
		if (d->error) {
			const char *why = cli_verify_device_hint(run->path, d, buf, sizeof(buf));

			printf("  %sfailed%s:   %s%s%s\n", cli_color(ctx, COLOR_RED),
			       cli_color(ctx, COLOR_RESET), strerror(-d->error), why ? ": " : "",
			       why ? why : "");
			if (!d->nregions && !d->nirqs)
				continue;
		}
		format_flags(buf, sizeof(buf), d->flags, device_flag_names, NELEM(device_flag_names));
		printf("  flags:    %s\n", buf);
		printf("  regions:\n");
		printf("    %5s %-6s %12s %-20s %s\n", "INDEX", "NAME", "SIZE", "FLAGS", "OFFSET");
		for (size_t k = 0; k < d->nregions; k++) {
			const struct vfio_region_report *rg = &d->regions[k];

			format_flags(buf, sizeof(buf), rg->flags, region_flag_names,
				     NELEM(region_flag_names));
			printf("    %5u %-6s %12" PRIu64 " %-20s 0x%" PRIx64 "\n", rg->index,
			       rg->name, rg->size, buf, rg->offset);
		}
		printf("  irqs:\n");
		printf("    %5s %-6s %5s %s\n", "INDEX", "NAME", "COUNT", "FLAGS");
		for (size_t k = 0; k < d->nirqs; k++) {
			const struct vfio_irq_report *iq = &d->irqs[k];

			format_flags(buf, sizeof(buf), iq->flags, irq_flag_names,
				     NELEM(irq_flag_names));
			printf("    %5u %-6s %5u %s\n", iq->index, iq->name, iq->count, buf);
		}
	}
	if (run->g) {
		for (size_t i = 0; i < run->g->nmembers; i++) {
			const struct iommu_member *m = &run->g->members[i];

			if (m->pci && is_vfio_driver(m->driver))
				continue;
			printf("member %s not opened: %s\n", m->name,
			       !m->pci ? "not a PCI device"
			       : *m->driver ? "not bound to a vfio driver" : "no driver");
		}
	}
}

static struct json_object *verify_json(const struct verify_run *run,
				       const struct vfio_verify_report *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *steps = json_object_new_array();
	struct json_object *iommu = json_object_new_object();
	struct json_object *sizes = json_object_new_array();
	struct json_object *dma = json_object_new_object();
	struct json_object *ifs = json_object_new_object();
	struct json_object *devs = json_object_new_array();
	struct json_object *skipped = json_object_new_array();
	struct json_object *holders = json_object_new_array();
	bool devices_ran = step_state(r, VFIO_STEP_DEVICES) != STEP_SKIPPED;
	const char *hint = step_hint(r);
	char node[64], hintbuf[512];

	json_object_object_add(o, "group", json_object_new_int(run->group));
	json_object_object_add(o, "ok", json_object_new_boolean(!r->error));
	json_object_object_add(o, "failed_step", r->error ? json_object_new_string(
		run->node_problem ? "group-node" : vfio_verify_step_name(r->failed_step)) : NULL);
	json_object_object_add(o, "error", json_errno(r->error));
	json_object_object_add(o, "errno", json_object_new_int(-r->error));
	if (run->node_problem) {
		char nb[640];

		cli_node_explain(nb, sizeof(nb), &run->node, cli_group_vfio_member(run->g));
		json_object_object_add(o, "hint", json_object_new_string(nb));
	} else {
		json_object_object_add(o, "hint", hint ? json_object_new_string(hint) : NULL);
	}
	json_object_object_add(o, "noiommu", json_object_new_boolean(r->noiommu));
	json_object_object_add(o, "node", cli_verify_node_json(&run->node, cli_group_vfio_member(run->g), r));
	for (enum vfio_verify_step s = FIRST_STEP; s <= LAST_STEP; s++) {
		struct json_object *so = json_object_new_object();
		enum step_state st = step_state(r, s);

		json_object_object_add(so, "step", json_object_new_string(vfio_verify_step_name(s)));
		json_object_object_add(so, "status", json_object_new_string(step_state_names[st]));
		json_object_array_add(steps, so);
	}
	json_object_object_add(o, "steps", steps);
	json_object_object_add(o, "api_version", json_object_new_int(r->api_version));
	json_object_object_add(o, "type1v2", json_object_new_boolean(r->type1v2));
	json_object_object_add(o, "viable", json_object_new_boolean(r->viable));

	json_object_object_add(iommu, "pgsizes", json_object_new_uint64(r->iova_pgsizes));
	for (unsigned b = 0; b < 64; b++)
		if ((r->iova_pgsizes >> b) & 1)
			json_object_array_add(sizes, json_object_new_uint64((uint64_t)1 << b));
	json_object_object_add(iommu, "page_sizes", sizes);
	json_object_object_add(o, "iommu", iommu);

	json_object_object_add(dma, "iova", json_object_new_uint64(r->dma_iova));
	json_object_object_add(dma, "size", json_object_new_uint64(r->dma_size));
	json_object_object_add(dma, "ok", json_object_new_boolean(r->dma_ok));
	json_object_object_add(o, "dma", dma);

	json_object_object_add(ifs, "group_node", json_object_new_string(run->group_node));
	json_object_object_add(ifs, "iommufd", json_object_new_boolean(r->iommufd));
	json_object_object_add(ifs, "iommufd_node", json_object_new_string(run->iommufd_node));
	json_object_object_add(o, "interfaces", ifs);

	for (size_t i = 0; i < r->ndevices; i++) {
		const struct vfio_device_report *d = &r->devices[i];
		struct json_object *dobj = json_object_new_object();
		struct json_object *regions = json_object_new_array();
		struct json_object *irqs = json_object_new_array();

		cdev_node(node, sizeof(node), d);
		json_object_object_add(dobj, "name", json_object_new_string(d->name));
		json_object_object_add(dobj, "opened",
				       json_object_new_boolean(devices_ran && !d->error));
		json_object_object_add(dobj, "error", json_errno(d->error));
		json_object_object_add(dobj, "errno", json_object_new_int(-d->error));
		json_object_object_add(dobj, "vf_token", json_object_new_boolean(d->vf_token_used));
		json_object_object_add(dobj, "hint", json_string_or_null(
			cli_verify_device_hint(run->path, d, hintbuf, sizeof(hintbuf))));
		json_object_object_add(dobj, "flags", json_object_new_int64(d->flags));
		json_object_object_add(dobj, "pci", json_object_new_boolean(
			d->flags & VFIO_DEVICE_FLAGS_PCI));
		json_object_object_add(dobj, "reset", json_object_new_boolean(
			d->flags & VFIO_DEVICE_FLAGS_RESET));
		json_object_object_add(dobj, "cdev", json_string_or_null(d->cdev));
		json_object_object_add(dobj, "cdev_node", json_string_or_null(node));
		for (size_t k = 0; k < d->nregions; k++) {
			const struct vfio_region_report *rg = &d->regions[k];
			struct json_object *ro = json_object_new_object();

			json_object_object_add(ro, "index", json_object_new_int((int)rg->index));
			json_object_object_add(ro, "name", json_object_new_string(rg->name));
			json_object_object_add(ro, "size", json_object_new_uint64(rg->size));
			json_object_object_add(ro, "offset", json_object_new_uint64(rg->offset));
			json_object_object_add(ro, "flags", json_object_new_int64(rg->flags));
			json_object_object_add(ro, "read", json_object_new_boolean(
				rg->flags & VFIO_REGION_INFO_FLAG_READ));
			json_object_object_add(ro, "write", json_object_new_boolean(
				rg->flags & VFIO_REGION_INFO_FLAG_WRITE));
			json_object_object_add(ro, "mmap", json_object_new_boolean(
				rg->flags & VFIO_REGION_INFO_FLAG_MMAP));
			json_object_array_add(regions, ro);
		}
		json_object_object_add(dobj, "regions", regions);
		for (size_t k = 0; k < d->nirqs; k++) {
			const struct vfio_irq_report *iq = &d->irqs[k];
			struct json_object *io = json_object_new_object();

			json_object_object_add(io, "index", json_object_new_int((int)iq->index));
			json_object_object_add(io, "name", json_object_new_string(iq->name));
			json_object_object_add(io, "count", json_object_new_int64(iq->count));
			json_object_object_add(io, "flags", json_object_new_int64(iq->flags));
			json_object_object_add(io, "eventfd", json_object_new_boolean(
				iq->flags & VFIO_IRQ_INFO_EVENTFD));
			json_object_object_add(io, "maskable", json_object_new_boolean(
				iq->flags & VFIO_IRQ_INFO_MASKABLE));
			json_object_array_add(irqs, io);
		}
		json_object_object_add(dobj, "irqs", irqs);
		json_object_array_add(devs, dobj);
	}
	json_object_object_add(o, "devices", devs);

	for (size_t i = 0; run->g && i < run->g->nmembers; i++) {
		const struct iommu_member *m = &run->g->members[i];
		struct json_object *so;

		if (m->pci && is_vfio_driver(m->driver))
			continue;
		so = json_object_new_object();
		json_object_object_add(so, "name", json_object_new_string(m->name));
		json_object_object_add(so, "driver",
				       json_string_or_null(m->driver));
		json_object_array_add(skipped, so);
	}
	json_object_object_add(o, "not_opened", skipped);

	for (size_t i = 0; i < run->nholders; i++) {
		struct json_object *ho = json_object_new_object();

		json_object_object_add(ho, "pid", json_object_new_int(run->holders[i].pid));
		json_object_object_add(ho, "comm", json_object_new_string(run->holders[i].comm));
		json_object_object_add(ho, "node", json_object_new_string(run->holders[i].node));
		json_object_array_add(holders, ho);
	}
	json_object_object_add(o, "holders", holders);
	return o;
}

/* who holds the group (or a member's cdev, which also makes the group busy) */
static void find_holders(struct path_ctx *path, struct verify_run *run,
			 const struct vfio_verify_report *r)
{
	const char **nodes = calloc(r->ndevices + 2, sizeof(*nodes));
	char (*cdevs)[64] = calloc(r->ndevices + 1, sizeof(*cdevs));
	size_t n = 0;

	if (!nodes || !cdevs)
		goto out;
	nodes[n++] = run->group_node;
	for (size_t i = 0; i < r->ndevices; i++) {
		cdev_node(cdevs[i], sizeof(cdevs[i]), &r->devices[i]);
		if (*cdevs[i])
			nodes[n++] = cdevs[i];
	}
	if (proc_find_holders(path, nodes, &run->holders, &run->nholders) < 0) {
		run->holders = NULL;
		run->nholders = 0;
	}
out:
	free(nodes);
	free(cdevs);
}

static void report_busy(const struct verify_run *run)
{
	char who[512];
	size_t used = 0;

	if (!run->nholders) {
		cli_err("group %d is busy: another process holds %s (none found in /proc/*/fd%s)",
			run->group, run->group_node,
			geteuid() ? "; run as root to see other users' processes" : "");
		return;
	}
	who[0] = '\0';
	for (size_t i = 0; i < run->nholders && used < sizeof(who); i++)
		used += snprintf(who + used, sizeof(who) - used, "%spid %d (%s)",
				 i ? ", " : "", run->holders[i].pid, run->holders[i].comm);
	cli_err("group %d is busy: held by %s", run->group, who);
}

static void report_failure(const struct verify_run *run, const struct vfio_verify_report *r)
{
	const char *hint = step_hint(r);

	if (run->node_problem) {
		char buf[640];

		cli_node_explain(buf, sizeof(buf), &run->node, cli_group_vfio_member(run->g));
		cli_err("group %d: %s", run->group, buf);
		return;
	}
	if (r->node_mismatch) {
		cli_verify_report_mismatch(run->path, &run->node, r);
		return;
	}
	if (r->failed_step == VFIO_STEP_OPEN_GROUP && r->error == -EBUSY) {
		report_busy(run);
		return;
	}
	if (r->failed_step == VFIO_STEP_OPEN_GROUP &&
	    (r->error == -EACCES || r->error == -EPERM) &&
	    run->node.state == VFIO_NODE_NO_ACCESS) {
		char buf[640];

		cli_node_explain(buf, sizeof(buf), &run->node, cli_group_vfio_member(run->g));
		cli_err("group %d: open-group failed: %s: %s", run->group,
			strerror(-r->error), buf);
		return;
	}
	if (r->failed_step == VFIO_STEP_OPEN_GROUP && r->error == -ENOENT) {
		cli_err("group %d is not bound to vfio-pci: no %s (run 'vfioctl group claim %d')",
			run->group, run->group_node, run->group);
		return;
	}
	if (r->failed_step == VFIO_STEP_DEVICES) {
		for (size_t i = 0; i < r->ndevices; i++) {
			char buf[512];
			const char *why = cli_verify_device_hint(run->path, &r->devices[i], buf, sizeof(buf));

			if (r->devices[i].error)
				cli_err("group %d: devices failed: %s: %s%s%s", run->group,
					r->devices[i].name, strerror(-r->devices[i].error),
					why ? ": " : "", why ? why : "");
		}
		return;
	}
	if (r->failed_step == VFIO_STEP_NONE) {
		cli_err("group %d: verify failed: %s", run->group, strerror(-r->error));
		return;
	}
	cli_err("group %d: %s failed: %s%s%s", run->group, vfio_verify_step_name(r->failed_step),
		strerror(-r->error), hint ? ": " : "", hint ? hint : "");
}

static int collect_members(struct verify_run *run)
{
	const struct iommu_group *g = run->g;

	run->members = calloc(g->nmembers + 1, sizeof(*run->members));
	if (!run->members)
		return -ENOMEM;
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i].pci && is_vfio_driver(g->members[i].driver))
			run->members[run->nmembers++] = g->members[i].name;
	return 0;
}

int cmd_group_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_run run = { 0 };
	struct vfio_verify_report r;
	struct host_snapshot *snap;
	struct path_ctx *path;
	int id, rc;

	if (parse_group_arg(argv[0], &id) < 0)
		return cli_usage_error("invalid IOMMU group '%s': expected a group number", argv[0]);
	if (ctx->opts.vf_token && !vf_token_valid(ctx->opts.vf_token))
		return cli_usage_error("invalid VF token '%s': expected a UUID (8-4-4-4-12 hex digits)",
				       ctx->opts.vf_token);
	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	if (!path_ctx_is_live(path)) {
		cli_err("group verify runs VFIO ioctls on the running kernel: it cannot use --sysroot '%s'",
			path_ctx_root(path));
		return VFIO_EXIT_USAGE;
	}
	rc = cli_snapshot(ctx, &snap);
	if (rc)
		return rc;
	run.group = id;
	run.path = path;
	run.vf_token = ctx->opts.vf_token;
	snprintf(run.iommufd_node, sizeof(run.iommufd_node), "/%s", PATH_DEV_IOMMUFD);
	run.g = iommu_group_find(snap->groups, id);
	if (!run.g) {
		cli_err("IOMMU group '%d' does not exist%s", id,
			snap->groups->count ? "" : " (no IOMMU groups on this host)");
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	rc = cli_group_node(ctx, snap, run.g, &run.node);
	if (rc) {
		host_snapshot_free(snap);
		return rc;
	}
	snprintf(run.group_node, sizeof(run.group_node), "%s", run.node.path);
	if (cli_verify_node_gate(&run.node, run.g)) {
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	if (run.node.noiommu)
		cli_warn("group %d is %s", id, cli_noiommu_warning());
	/* no access: the open itself says so, and the failure names mode and owner */
	run.node_problem = vfio_node_problem(run.node.state) &&
			   run.node.state != VFIO_NODE_NO_ACCESS;
	if (collect_members(&run) < 0) {
		cli_err("group verify: %s", strerror(ENOMEM));
		host_snapshot_free(snap);
		return VFIO_EXIT_FAILURE;
	}
	if (run.nmembers && !run.node_problem) {
		char list[256];
		size_t used = 0;

		list[0] = '\0';
		for (size_t i = 0; i < run.nmembers && used < sizeof(list); i++)
			used += snprintf(list + used, sizeof(list) - used, "%s%s", i ? " " : "",
					 run.members[i]);
		cli_warn("opening a device may reset it: group %d opens %s", id, list);
	}

	if (run.node_problem) {
		/* nothing is opened: the steps read "skipped", the node says why */
		memset(&r, 0, sizeof(r));
		r.group = id;
		r.noiommu = run.node.noiommu;
		r.error = rc = run.node.state == VFIO_NODE_MISSING ? -ENOENT
			       : run.node.state == VFIO_NODE_NO_ACCESS ? -EACCES : -ENXIO;
	} else {
		const struct vfio_verify_opts vo = {
			.group = id,
			.members = run.members,
			.noiommu = run.node.noiommu,
			.vf_token = run.vf_token,
		};

		rc = vfio_group_verify_opts(path, &vo, &r);
		cli_verify_warn_unused_token(run.vf_token, id, &r);
	}
	if (rc == -EBUSY && r.failed_step == VFIO_STEP_OPEN_GROUP)
		find_holders(path, &run, &r);

	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "verify", verify_json(&run, &r));
		if (cli_json_print(root))
			rc = rc ? rc : -EIO;
		json_object_put(root);
	} else {
		verify_text(ctx, &run, &r);
	}
	if (rc)
		report_failure(&run, &r);

	vfio_verify_report_clear(&r);
	free(run.holders);
	free(run.members);
	host_snapshot_free(snap);
	return rc ? VFIO_EXIT_FAILURE : VFIO_EXIT_OK;
}
