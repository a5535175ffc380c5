// SPDX-License-Identifier: GPL-2.0-or-later
/* pane-groups.c: the IOMMU groups pane: each group with its devices as a tree, and a viability badge */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "pci.h"
#include "viability.h"

/* "0000:01:00.0 (nouveau), 0000:01:00.1 (snd_hda_intel)" */
static void blocker_list(char *buf, size_t size, const struct group_verdict *v)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->nblockers && len + 1 < size; i++) {
		const struct iommu_member *m = v->blockers[i].member;
		int n = snprintf(buf + len, size - len, "%s%s (%s)", i ? ", " : "", m->name,
				 *m->driver ? m->driver : "no driver");

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

static bool member_blocks(const struct group_verdict *v, const struct iommu_member *m)
{
	for (size_t i = 0; v && i < v->nblockers; i++)
		if (v->blockers[i].member == m)
			return true;
	return false;
}

static const char *device_name(const struct pci_device *d)
{
	if (d && d->device_name)
		return d->device_name;
	if (d && d->class_name)
		return d->class_name;
	return "";
}

#define GROUP_FMT "%5d  %-10s  %-8s  %s"
#define MEMBER_FMT "       %s %-12s  %-14s %-10s %-6s  %s %s"

static int build_groups(struct pane *p, const struct dash_data *d)
{
	const struct host_snapshot *s = d->host;
	int rc;

	snprintf(p->heading, sizeof(p->heading), "%5s  %-10s  %-8s  %s", "GROUP", "VIABILITY",
		 "TYPE", "DEVICES, DRIVER, KIND, BLOCKS, NAME");
	if (!s)
		return 0;
	for (size_t gi = 0; gi < s->groups->count; gi++) {
		const struct iommu_group *g = &s->groups->groups[gi];
		const struct group_verdict *v = &s->verdicts[gi];
		char key[48], why[200];
		int parent = (int)p->nitems;

		snprintf(key, sizeof(key), "g:%d", g->id);
		if (v->viable)
			snprintf(why, sizeof(why), "%zu device%s", g->nmembers,
				 g->nmembers == 1 ? "" : "s");
		else
			blocker_list(why, sizeof(why), v);
		rc = pane_add(p, -1, ST_NORMAL, key, GROUP_FMT, g->id,
			      v->viable ? "viable" : "not viable", g->type ? g->type : "-",
			      v->viable ? why : "blocked by ");
		if (rc < 0)
			return rc;
		if (!v->viable) {
			/* the blockers after "blocked by ", as one string */
			struct pane_item *it = &p->items[p->nitems - 1];
			char *text;

			if (asprintf(&text, "%s%s", it->text, why) < 0)
				return -ENOMEM;
			free(it->text);
			it->text = text;
		}
		pane_badge(p, 7, 10, v->viable ? ST_GOOD : ST_BAD);
		p->items[p->nitems - 1].group = g->id;
		for (size_t mi = 0; mi < g->nmembers; mi++) {
			const struct iommu_member *m = &g->members[mi];
			const struct pci_device *dev = m->pci;
			bool blocks = member_blocks(v, m);

			snprintf(key, sizeof(key), "d:%s", m->name);
			rc = pane_add(p, parent, ST_NORMAL, key, MEMBER_FMT,
				      mi + 1 == g->nmembers ? "`-" : "|-", m->name,
				      *m->driver ? m->driver : "(none)",
				      dev ? pci_kind_name(pci_device_kind(dev)) : "platform",
				      blocks ? "blocks" : "", dev && dev->vendor_name ? dev->vendor_name : "",
				      device_name(dev));
			if (rc < 0)
				return rc;
			if (blocks)
				pane_badge(p, 7 + 3 + 12 + 2 + 14 + 1 + 10 + 1, 6, ST_BAD);
			p->items[p->nitems - 1].group = g->id;
			snprintf(p->items[p->nitems - 1].bdf, sizeof(p->items[0].bdf), "%s",
				 dev ? dev->name : "");
		}
	}
	return 0;
}

static int detail_group(const struct iommu_group *g, const struct group_verdict *v,
			struct canvas *out)
{
	char why[512];

	canvas_add(out, ST_TITLE, "IOMMU group %d", g->id);
	canvas_add(out, ST_NORMAL, "  type:       %s", g->type ? g->type : "(unknown)");
	canvas_add(out, v->viable ? ST_GOOD : ST_BAD, "  viability:  %s (rule: %s)",
		   v->viable ? "viable" : "not viable", viability_rule_name(v->rule));
	if (!v->viable) {
		blocker_list(why, sizeof(why), v);
		canvas_add(out, ST_NORMAL, "  blocked by: %s", why);
	}
	canvas_add(out, ST_NORMAL, "  devices:    %zu", g->nmembers);
	for (size_t i = 0; i < g->nmembers; i++)
		canvas_add(out, ST_NORMAL, "    %-14s %s", g->members[i].name,
			   *g->members[i].driver ? g->members[i].driver : "(no driver)");
	for (size_t i = 0; i < g->nregions; i++)
		canvas_add(out, strncmp(g->regions[i].type, "direct", 6) == 0 ? ST_WARN : ST_NORMAL,
			   "  region:     0x%08" PRIx64 "-0x%08" PRIx64 " %s", g->regions[i].start,
			   g->regions[i].end, g->regions[i].type);
	return 0;
}

static int detail_device(const struct host_snapshot *s, const struct pci_device *d,
			 struct canvas *out)
{
	canvas_add(out, ST_TITLE, "%s %s %s", d->name, d->vendor_name ? d->vendor_name : "",
		   device_name(d));
	canvas_add(out, ST_NORMAL, "  class:           %06x %s (%s)", d->class_code,
		   d->class_name ? d->class_name : "", pci_kind_name(pci_device_kind(d)));
	canvas_add(out, ST_NORMAL, "  id:              %04x:%04x  subsystem %04x:%04x",
		   d->vendor_id, d->device_id, d->subsys_vendor_id, d->subsys_device_id);
	canvas_add(out, ST_NORMAL, "  header:          %s",
		   pci_device_is_bridge(d) ? "bridge" : "endpoint");
	canvas_add(out, ST_NORMAL, "  driver:          %s", *d->driver ? d->driver : "(none)");
	canvas_add(out, ST_NORMAL, "  driver_override: %s",
		   d->driver_override ? d->driver_override : "(none)");
	if (d->iommu_group >= 0)
		canvas_add(out, ST_NORMAL, "  iommu group:     %d", d->iommu_group);
	else
		canvas_add(out, ST_WARN, "  iommu group:     (none)");
	canvas_add(out, d->reset_method ? ST_NORMAL : ST_WARN, "  reset method:    %s",
		   d->reset_method ? d->reset_method
		   : iommu_host_reset_method_known(&s->host) ? "none (no function reset)"
		   : "unknown (no reset_method before Linux 5.15)");
	if (d->numa_node >= 0)
		canvas_add(out, ST_NORMAL, "  numa node:       %d", d->numa_node);
	if (d->sriov_totalvfs >= 0)
		canvas_add(out, ST_NORMAL, "  sr-iov:          %d of %d VFs enabled",
			   d->sriov_numvfs, d->sriov_totalvfs);
	if (*d->physfn)
		canvas_add(out, ST_NORMAL, "  physfn:          %s", d->physfn);
	return 0;
}

static int detail_groups(const struct pane_item *it, const struct dash_data *d,
			 struct canvas *out)
{
	const struct host_snapshot *s = d->host;

	if (!s)
		return 0;
	if (*it->bdf) {
		for (size_t i = 0; i < s->pci->count; i++)
			if (strcmp(s->pci->devs[i].name, it->bdf) == 0)
				return detail_device(s, &s->pci->devs[i], out);
		canvas_add(out, ST_WARN, "%s is gone", it->bdf);
		return 0;
	}
	for (size_t gi = 0; gi < s->groups->count; gi++)
		if (s->groups->groups[gi].id == it->group)
			return detail_group(&s->groups->groups[gi], &s->verdicts[gi], out);
	canvas_add(out, ST_WARN, "group %d is gone", it->group);
	return 0;
}

const struct pane_class pane_groups = {
	.name = "IOMMU groups",
	.empty = "no IOMMU groups: see 'vfioctl status' for why",
	.build = build_groups,
	.detail = detail_groups,
};
