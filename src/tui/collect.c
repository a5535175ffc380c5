// SPDX-License-Identifier: GPL-2.0-or-later
/* collect.c: the block and cgroup panes' data, read through the core once per tick */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "collect.h"
#include "io/iofmt.h"

/* ---- block devices and SCSI nodes ---- */

void dash_blocks_free(struct dash_blocks *b)
{
	blockdev_topo_free(b->topo);
	free(b->ids);
	free(b->audit);
	memset(b, 0, sizeof(*b));
}

int dash_blocks_read(struct path_ctx *ctx, struct dash_blocks *b)
{
	int rc;

	dash_blocks_free(b);
	rc = blockdev_topo_scan(ctx, &b->topo);
	/* as 'scsi list': sys/bus/scsi first, the disks' links for captures without it */
	if (rc == 0)
		rc = scsi_ident_list(ctx, &b->ids, &b->nids);
	if (rc == 0 && !b->nids)
		rc = scsi_ident_list_disks(ctx, b->topo, &b->ids, &b->nids);
	if (rc == 0)
		rc = scsi_audit_scan(ctx, b->topo, &b->audit, &b->naudit);
	b->error = rc < 0 ? rc : 0;
	return b->error;
}

const struct audit_entry *dash_audit_find(const struct dash_blocks *b, const char *node)
{
	for (size_t i = 0; i < b->naudit; i++)
		if (b->audit[i].present && strcmp(b->audit[i].node, node) == 0)
			return &b->audit[i];
	return NULL;
}

bool dash_audit_power(const struct audit_entry *e, enum audit_power *best)
{
	bool any = false;

	*best = AUDIT_POWER_NONE;
	for (size_t i = 0; e && i < e->ngrants; i++) {
		if (e->grants[i].root)
			continue;
		any = true;
		if (e->grants[i].power > *best)
			*best = e->grants[i].power;
	}
	return any;
}

/* ---- cgroups ---- */

void dash_cgroups_free(struct dash_cgroups *c)
{
	free(c->disks);
	free(c->v);
	io_sample_clear(&c->prev);
	io_sample_clear(&c->cur);
	memset(c, 0, sizeof(*c));
}

struct walk {
	struct path_ctx *ctx;
	struct dash_cgroups *c;
	char (*paths)[256];
	size_t n, cap;
};

/* each cgroup of the tree: its name, and its io.stat into this tick's sample */
static int walk_cb(const char *cgroup, void *data)
{
	struct walk *w = data;
	struct io_stat *st = NULL;
	size_t n = 0;
	char *text = NULL;
	int rc = 0;

	if (array_grow((void **)&w->paths, &w->cap, w->n, sizeof(*w->paths)) < 0)
		return -ENOMEM;
	snprintf(w->paths[w->n++], sizeof(w->paths[0]), "%s", cgroup);
	if (io_cgroup_read(w->ctx, &w->c->cg, cgroup, "io.stat", &text) < 0)
		return 0;	/* vanished, or io not enabled here */
	if (io_stat_parse(text, &st, &n) == 0)
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = io_sample_add(&w->c->cur, cgroup, &st[i]);
	free(st);
	free(text);
	return rc;
}

static const char *disk_name(const struct dash_cgroups *c, unsigned maj, unsigned min,
			     char *buf, size_t size)
{
	const struct io_disk *d = io_disk_find(c->disks, c->ndisks, maj, min);

	if (d)
		return d->name;
	snprintf(buf, size, "%u:%u", maj, min);
	return buf;
}

static void read_weight(struct path_ctx *ctx, struct dash_cgroups *c, struct dash_cgroup *g)
{
	struct io_weights w;
	char *text = NULL, num[24];
	size_t len = 0;

	if (io_cgroup_read(ctx, &c->cg, g->path, "io.weight", &text) < 0)
		return;
	g->io_files = true;
	if (io_weights_parse(text, &w) == 0) {
		g->has_weight = w.has_default;
		g->weight = w.dflt;
		for (size_t i = 0; i < w.n && len < sizeof(g->weight_devs); i++)
			len += (size_t)snprintf(g->weight_devs + len, sizeof(g->weight_devs) - len,
						"%s%s=%u", len ? " " : "",
						disk_name(c, w.devs[i].maj, w.devs[i].min, num, sizeof(num)),
						w.devs[i].weight);
		io_weights_free(&w);
	}
	free(text);
}

static void read_limits(struct path_ctx *ctx, struct dash_cgroups *c, struct dash_cgroup *g)
{
	struct io_max *m = NULL;
	char *text = NULL, num[24];
	size_t n = 0, len = 0;

	if (io_cgroup_read(ctx, &c->cg, g->path, "io.max", &text) < 0)
		return;
	g->io_files = true;
	if (io_max_parse(text, &m, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			const struct io_disk *d = io_disk_find(c->disks, c->ndisks, m[i].maj, m[i].min);
			struct io_disk other = { .maj = m[i].maj, .min = m[i].min };
			bool named = false;

			for (int k = 0; k < IO_NMAX_KEYS && len < sizeof(g->limits); k++) {
				if (m[i].v[k] == IO_UNLIMITED)
					continue;
				len += (size_t)snprintf(g->limits + len, sizeof(g->limits) - len,
							"%s%s%s%s=%llu", len ? " " : "",
							named ? "" : disk_name(c, m[i].maj, m[i].min, num, sizeof(num)),
							named ? "" : " ", io_max_key_name(k),
							(unsigned long long)m[i].v[k]);
				named = true;
			}
			if (named && !g->has_limit_v) {
				if (!d) {
					strcpy(other.sched.active, "none");
					d = &other;
				}
				io_verdict_for(IO_SET_MAX, d, c->cg.mode, g->undelegated, false,
					       &g->limit_v);
				g->has_limit_v = true;
			}
		}
		free(m);
	}
	free(text);
}

/* io.weight's verdict: where it acts first, else why it acts nowhere */
static void weight_verdict(struct dash_cgroups *c, struct dash_cgroup *g)
{
	bool is_root = g->depth == 0;
	struct io_disk none = { .name = "" };

	size_t off = 0;

	strcpy(none.sched.active, "none");
	for (size_t i = 0; i < c->ndisks; i++) {
		struct io_verdict v;
		size_t len;

		io_verdict_for(IO_SET_WEIGHT, &c->disks[i], c->cg.mode, g->undelegated, is_root, &v);
		if (v.active || i == 0)
			g->weight_v = v;
		if (v.active)
			return;
		len = strlen(v.reason);
		off += len >= 12 && strcmp(v.reason + len - 12, ", iocost off") == 0;
	}
	/* the disks differ only in their scheduler: say it once for all */
	if (c->ndisks > 1 && off == c->ndisks)
		snprintf(g->weight_v.reason, sizeof(g->weight_v.reason),
			 "inert: iocost off on all %zu disks", c->ndisks);
	if (!c->ndisks)
		io_verdict_for(IO_SET_WEIGHT, &none, c->cg.mode, g->undelegated, is_root, &g->weight_v);
	if (!is_root && !*g->undelegated && !g->io_files) {
		g->weight_v.active = false;
		snprintf(g->weight_v.reason, sizeof(g->weight_v.reason),
			 "inert: no io files here");
	}
}

static int depth_of(const char *path)
{
	int n = 0;

	if (strcmp(path, "/") == 0)
		return 0;
	for (; *path; path++)
		n += *path == '/';
	return n;
}

static int read_settings(struct path_ctx *ctx, struct dash_cgroups *c, struct walk *w)
{
	int rc;

	free(c->disks);
	c->disks = NULL;
	c->ndisks = 0;
	rc = io_disks_scan(ctx, &c->cg, &c->disks, &c->ndisks);
	if (rc < 0)
		return rc;
	if (w->n > c->cap) {
		void *nv = realloc(c->v, w->n * sizeof(*c->v));

		if (!nv)
			return -ENOMEM;
		c->v = nv;
		c->cap = w->n;
	}
	c->n = w->n;
	for (size_t i = 0; i < w->n; i++) {
		struct dash_cgroup *g = &c->v[i];

		memset(g, 0, sizeof(*g));
		snprintf(g->path, sizeof(g->path), "%s", w->paths[i]);
		g->depth = depth_of(g->path);
		if (g->depth && io_cgroup_undelegated(ctx, &c->cg, g->path, g->undelegated,
						      sizeof(g->undelegated), NULL, 0) < 0)
			g->undelegated[0] = '\0';
		if (g->depth) {
			read_weight(ctx, c, g);
			read_limits(ctx, c, g);
		}
		weight_verdict(c, g);
	}
	c->settings_reads++;
	return 0;
}

static bool same_list(const struct dash_cgroups *c, const struct walk *w)
{
	if (c->n != w->n)
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(c->v[i].path, w->paths[i]) != 0)
			return false;
	return true;
}

/* this tick's rates, summed per cgroup over the whole disks (a dm map would count twice) */
static void add_rates(struct dash_cgroups *c)
{
	struct io_rate *r = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		c->v[i].has_rate = false;
		c->v[i].riops = c->v[i].wiops = 0;
	}
	if (!c->prev.t || io_rates_compute(&c->prev, &c->cur, false, &r, &n) < 0)
		return;
	for (size_t i = 0; i < c->n; i++)
		c->v[i].has_rate = true;
	/* the rates follow this tick's walk, and so does the list: one pass over both */
	for (size_t k = 0, i = 0; k < n; k++) {
		if (r[k].state != IO_RATE_OK)
			continue;
		if (c->ndisks && !io_disk_find(c->disks, c->ndisks, r[k].maj, r[k].min))
			continue;
		while (i < c->n && strcmp(c->v[i].path, r[k].cgroup) != 0)
			i++;
		if (i == c->n) {
			i = 0;
			continue;
		}
		c->v[i].riops += r[k].riops;
		c->v[i].wiops += r[k].wiops;
	}
	free(r);
}

static void root_has_io(struct path_ctx *ctx, struct dash_cgroups *c)
{
	char *text = NULL;

	c->io_controller = false;
	c->controllers_error = io_cgroup_read(ctx, &c->cg, "/", "cgroup.controllers", &text);
	if (c->controllers_error < 0)
		return;
	c->controllers_error = 0;
	for (char *w = strtok(text, " \n"); w; w = strtok(NULL, " \n"))
		c->io_controller |= strcmp(w, "io") == 0;
	free(text);
}

int dash_cgroups_read(struct path_ctx *ctx, struct dash_cgroups *c, double now, bool reread)
{
	struct walk w = { ctx, c, NULL, 0, 0 };
	int rc = 0;

	if (reread || !c->settings_reads) {
		rc = io_cgroup_detect(ctx, &c->cg);
		if (rc == 0 && c->cg.mode == IO_CG_V2)
			root_has_io(ctx, c);
	}
	if (rc < 0 || c->cg.mode != IO_CG_V2 || !c->io_controller) {
		c->n = 0;
		c->settings_reads += !c->settings_reads;
		c->error = rc < 0 ? rc : 0;
		return c->error;
	}
	io_sample_clear(&c->cur);
	c->cur.t = now;
	rc = io_cgroup_walk(ctx, &c->cg, "/", walk_cb, &w);
	if (rc == 0 && (reread || !c->settings_reads || !same_list(c, &w)))
		rc = read_settings(ctx, c, &w);
	if (rc == 0) {
		add_rates(c);
		io_sample_clear(&c->prev);
		c->prev = c->cur;
		memset(&c->cur, 0, sizeof(c->cur));
	}
	free(w.paths);
	c->error = rc < 0 ? rc : 0;
	return c->error;
}
