// SPDX-License-Identifier: GPL-2.0-or-later
/* pane-cgroups.c: the cgroups pane: the v2 tree with live IOPS, weight, io.max and the in-effect verdict */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"

#define CG_FMT "%-40.40s %8s %8s %6s  %-22.22s  %s"
#define VERDICT_COL (40 + 1 + 8 + 1 + 8 + 1 + 6 + 2 + 22 + 2)

static const char *mode_line(const struct dash_cgroups *c)
{
	switch (c->cg.mode) {
	case IO_CG_V1:
		return "cgroup v1: io controls are in the blkio hierarchy; this pane shows the v2 tree (see 'vfioctl io show')";
	case IO_CG_HYBRID:
		return "cgroup hybrid: the v2 tree has no controllers; io controls are in the v1 blkio hierarchy (see 'vfioctl io show')";
	case IO_CG_NONE:
		return "no cgroup file system is mounted";
	default:
		if (c->controllers_error)
			return "cgroup v2, but the root's cgroup.controllers cannot be read (not in this tree)";
		return "cgroup v2 without the io controller: the root's cgroup.controllers has no io";
	}
}

static void rate_text(const struct dash_cgroup *g, double v, char *buf, size_t size)
{
	if (!g->has_rate)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, v < 10 ? "%.1f" : "%.0f", v);
}

static int build_cgroups(struct pane *p, const struct dash_data *d)
{
	const struct dash_cgroups *c = &d->cgroups;
	int parents[64];

	snprintf(p->heading, sizeof(p->heading), CG_FMT, "CGROUP", "R-IOPS", "W-IOPS", "WEIGHT",
		 "IO.MAX", "VERDICT (io.weight)");
	if (c->error) {
		return pane_add(p, -1, ST_WARN, "c:error", "cannot read the cgroups: %s",
				strerror(-c->error));
	}
	if (c->cg.mode != IO_CG_V2 || !c->io_controller)
		return pane_add(p, -1, ST_WARN, "c:mode", "%s", mode_line(c));
	for (size_t i = 0; i < c->n; i++) {
		const struct dash_cgroup *g = &c->v[i];
		const char *base = strrchr(g->path, '/');
		char name[64], rr[16], wr[16], wt[16], key[48], verdict[400];
		int depth = g->depth < 63 ? g->depth : 63, rc;

		snprintf(name, sizeof(name), "%*s%s", depth * 2, "",
			 g->depth ? base + 1 : "/");
		rate_text(g, g->riops, rr, sizeof(rr));
		rate_text(g, g->wiops, wr, sizeof(wr));
		if (g->has_weight)
			snprintf(wt, sizeof(wt), "%u%s", g->weight, *g->weight_devs ? "+" : "");
		else
			snprintf(wt, sizeof(wt), "-");
		snprintf(verdict, sizeof(verdict), "%s%s%s", g->weight_v.reason,
			 g->has_limit_v ? "; io.max " : "", g->has_limit_v ? g->limit_v.reason : "");
		/* the index makes the key unique; the path, cut to fit, keeps it stable */
		snprintf(key, sizeof(key), "c:%u:%.30s", (unsigned int)i, g->path);
		rc = pane_add(p, depth ? parents[depth - 1] : -1, ST_NORMAL, key, CG_FMT, name, rr,
			      wr, wt, *g->limits ? g->limits : "-", verdict);
		if (rc < 0)
			return rc;
		pane_badge(p, VERDICT_COL, (int)strlen(g->weight_v.reason),
			   g->weight_v.active ? ST_GOOD : ST_WARN);
		parents[depth] = (int)p->nitems - 1;
	}
	return 0;
}

static int detail_cgroups(const struct pane_item *it, const struct dash_data *d, struct canvas *out)
{
	const struct dash_cgroups *c = &d->cgroups;
	const struct dash_cgroup *g = NULL;
	char *end;
	unsigned long i;

	if (strncmp(it->key, "c:", 2) != 0 || !(it->key[2] >= '0' && it->key[2] <= '9')) {
		canvas_add(out, ST_NORMAL, "%s", it->text);
		return 0;
	}
	i = strtoul(it->key + 2, &end, 10);
	if (i < c->n && *end == ':' &&
	    strncmp(c->v[i].path, end + 1, strlen(end + 1)) == 0)
		g = &c->v[i];
	if (!g) {
		canvas_add(out, ST_WARN, "the cgroup is gone");
		return 0;
	}
	canvas_add(out, ST_TITLE, "cgroup %s", g->path);
	if (g->has_rate)
		canvas_add(out, ST_NORMAL, "  iops:        %.1f read, %.1f write per second (whole disks, this cgroup and below)",
			   g->riops, g->wiops);
	else
		canvas_add(out, ST_NORMAL, "  iops:        (after the second sample)");
	if (g->has_weight)
		canvas_add(out, ST_NORMAL, "  io.weight:   default %u%s%s", g->weight,
			   *g->weight_devs ? ", " : "", g->weight_devs);
	else
		canvas_add(out, ST_NORMAL, "  io.weight:   %s", g->depth ? "(none)" : "(the root has none)");
	canvas_add(out, ST_NORMAL, "  io.max:      %s", *g->limits ? g->limits : "(no limit)");
	canvas_add(out, ST_NORMAL, "  io enabled:  %s", *g->undelegated ? "no" : g->io_files || !g->depth ? "yes" : "no io files here");
	if (*g->undelegated)
		canvas_add(out, ST_WARN, "  not delegated at: %s (its cgroup.subtree_control lacks io)",
			   g->undelegated);
	canvas_add(out, g->weight_v.active ? ST_GOOD : ST_WARN, "  verdict:     io.weight %s", g->weight_v.reason);
	if (g->has_limit_v)
		canvas_add(out, g->limit_v.active ? ST_GOOD : ST_WARN, "  verdict:     io.max %s",
			   g->limit_v.reason);
	/* io_verdict_for() is a pure rule: per disk here, from the tick's data */
	for (size_t k = 0; k < c->ndisks; k++) {
		struct io_verdict v;

		io_verdict_for(IO_SET_WEIGHT, &c->disks[k], c->cg.mode, g->undelegated, !g->depth, &v);
		canvas_add(out, v.active ? ST_GOOD : ST_DIM,
			   "  disk %-8s %u:%u scheduler %s, iocost %s: io.weight %s", c->disks[k].name,
			   c->disks[k].maj, c->disks[k].min, c->disks[k].sched.active,
			   c->disks[k].iocost ? "on" : "off", v.reason);
	}
	return 0;
}

/* io.stat is sampled every tick: the rates change with each sample */
static unsigned long stamp_cgroups(const struct dash_data *d)
{
	return d->io_ticks;
}

const struct pane_class pane_cgroups = {
	.name = "Cgroups",
	.empty = "no cgroups",
	.build = build_cgroups,
	.detail = detail_cgroups,
	.stamp = stamp_cgroups,
};
