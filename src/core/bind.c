// SPDX-License-Identifier: GPL-2.0-or-later
/* bind.c: plan, apply and roll back driver changes for whole IOMMU groups */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "inuse.h"
#include "log.h"
#include "pathnames.h"
#include "viability.h"

const char *bind_op_name(enum bind_op op)
{
	static const char *const names[] = { "claim", "release", "bind", "unbind", "restore" };

	return names[op];
}

void bind_plan_clear(struct bind_plan *bp)
{
	plan_clear(&bp->plan);
}

static int check(struct bind_plan *bp, const struct bind_request *req, const char *dev,
		 const char *name, enum check_result r, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int check(struct bind_plan *bp, const struct bind_request *req, const char *dev,
		 const char *name, enum check_result r, const char *fmt, ...)
{
	char detail[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (r == CHECK_REFUSE && req && req->force)
		r = CHECK_FORCED;
	return plan_add_check(&bp->plan, dev, name, r, "%s", detail);
}

static struct bind_target *add_target(struct bind_plan *bp, const char *name,
				      const char *driver, const char *override)
{
	struct bind_target *t;

	if (bp->ntargets >= JOURNAL_MAX_DEVICES)
		return NULL;
	t = &bp->targets[bp->ntargets++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->driver, sizeof(t->driver), "%s", driver ? driver : "");
	snprintf(t->override, sizeof(t->override), "%s", override ? override : "");
	return t;
}

static int journal_add(struct journal *j, const char *bdf, const char *driver,
		       const char *override)
{
	struct journal_device *d;

	if (journal_find(j, bdf))
		return 0;
	if (j->ndevs >= JOURNAL_MAX_DEVICES)
		return -E2BIG;
	/* these come from sysfs: a name that cannot be written back is not recordable */
	if (!journal_name_valid(driver) || !journal_name_valid(override))
		return -EILSEQ;
	d = &j->devs[j->ndevs++];
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	snprintf(d->driver, sizeof(d->driver), "%s", driver);
	snprintf(d->override, sizeof(d->override), "%s", override);
	return 0;
}

struct usage_subject {
	const char *name;	/* BDF */
	int boot_vga;		/* -1 unknown */
	int sriov_numvfs;	/* -1 not SR-IOV */
};

static int usage_checks_of(struct path_ctx *ctx, struct bind_plan *bp,
			   const struct bind_request *req, const struct usage_subject *d);

static int usage_checks(struct path_ctx *ctx, struct bind_plan *bp,
			const struct bind_request *req, const struct pci_device *pd)
{
	struct usage_subject d = { pd->name, pd->boot_vga, pd->sriov_numvfs };

	return usage_checks_of(ctx, bp, req, &d);
}

/* the safety checks before a device leaves its driver */
static int usage_checks_of(struct path_ctx *ctx, struct bind_plan *bp,
			   const struct bind_request *req, const struct usage_subject *d)
{
	struct pci_usage u;
	struct inuse_holder *holders = NULL;
	size_t nholders = 0;
	const char *nodes[JOURNAL_MAX_DEVICES + 1];
	char nodebuf[JOURNAL_MAX_DEVICES][48];
	size_t nnodes = 0;
	bool any = false;
	int rc;

	rc = pci_usage_scan(ctx, d->name, &u);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < u.nblocks; i++) {
		const struct inuse_block *b = &u.blocks[i];

		if (b->root)
			rc = check(bp, req, d->name, "root-disk", CHECK_REFUSE,
				   "%s (%s) holds the root filesystem", b->name, b->majmin);
		else if (*b->mountpoint)
			rc = check(bp, req, d->name, "mounted", CHECK_REFUSE,
				   "%s is mounted on %s", b->name, b->mountpoint);
		else if (b->swap)
			rc = check(bp, req, d->name, "swap", CHECK_REFUSE,
				   "%s is in use as swap", b->name);
		else
			rc = 0;
		any |= b->root || *b->mountpoint || b->swap;
		if (rc < 0)
			goto out;
		if (nnodes < JOURNAL_MAX_DEVICES) {
			snprintf(nodebuf[nnodes], sizeof(nodebuf[nnodes]), PATH_DEVNODE_ABS "%s",
				 b->name);
			nodes[nnodes] = nodebuf[nnodes];
			nnodes++;
		}
	}
	if (!any && u.nblocks)
		rc = check(bp, req, d->name, "mounted", CHECK_PASS,
			   "no filesystem or swap on its %zu block device(s)", u.nblocks);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < u.nnetdevs; i++) {
		const struct inuse_netdev *n = &u.netdevs[i];

		if (n->up || n->has_routes)
			rc = check(bp, req, d->name, "netdev", CHECK_REFUSE,
				   "network interface %s is %s%s", n->ifname,
				   n->up ? "up" : "down",
				   n->has_routes ? " and carries routes" : "");
		else
			rc = check(bp, req, d->name, "netdev", CHECK_PASS,
				   "network interface %s is down, no routes", n->ifname);
		if (rc < 0)
			goto out;
	}
	nodes[nnodes] = NULL;
	if (nnodes) {
		rc = proc_find_holders(ctx, nodes, &holders, &nholders);
		if (rc < 0)
			goto out;
		for (size_t i = 0; i < nholders; i++) {
			rc = check(bp, req, d->name, "open", CHECK_REFUSE,
				   "%s is held open by pid %d (%s)", holders[i].node,
				   holders[i].pid, holders[i].comm);
			if (rc < 0)
				goto out;
		}
	}
	if (d->boot_vga == 1)
		rc = check(bp, req, d->name, "boot-vga", CHECK_REFUSE,
			   "the boot VGA device: the console would lose its display");
	if (rc == 0 && d->sriov_numvfs > 0)
		rc = check(bp, req, d->name, "sriov", CHECK_REFUSE,
			   "an SR-IOV PF with %d VFs enabled: vfio-pci refuses it; set sriov_numvfs to 0 first",
			   d->sriov_numvfs);
out:
	free(holders);
	pci_usage_clear(&u);
	return rc;
}

static bool consented(const struct bind_request *req, const char *bdf)
{
	struct pci_bdf a, b;

	if (bdf_parse(bdf, &a) < 0)
		return false;
	for (const char *const *w = req->with; w && *w; w++)
		if (bdf_parse(*w, &b) == 0 && bdf_compare(&a, &b) == 0)
			return true;
	return false;
}

/* steps that move one device to @driver: override first, then unbind, probe, verify */
static int steps_move_to(struct bind_plan *bp, const char *bdf, const char *cur,
			 const char *driver)
{
	int rc;

	rc = plan_add_step(&bp->plan, PLAN_WRITE, bdf, driver,
			   "steer the next probe to this driver only", PATH_PCI_DEV_OVERRIDE, bdf);
	if (rc == 0 && *cur)
		rc = plan_add_step(&bp->plan, PLAN_UNBIND, bdf, cur,
				   "detach it from its current driver", NULL);
	if (rc == 0)
		rc = plan_add_step(&bp->plan, PLAN_WRITE, bdf, bdf,
				   "probe it; drivers_probe honours driver_override",
				   PATH_PCI_DRIVERS_PROBE);
	if (rc == 0)
		rc = plan_add_step(&bp->plan, PLAN_EXPECT_DRIVER, bdf, driver,
				   "drivers_probe succeeds even when nothing bound", NULL);
	return rc;
}

/*
 * The journal this plan will write: an earlier one for the same group or
 * device keeps the original drivers, so it is extended, never replaced.
 */
static int start_journal(struct path_ctx *ctx, struct bind_plan *bp, int group,
			 const char *bdf, const char *op)
{
	int rc = journal_path(group, bdf, bp->journal_rel, sizeof(bp->journal_rel));

	if (rc < 0)
		return rc;
	if (journal_read(ctx, bp->journal_rel, &bp->journal) == 0) {
		bp->have_journal = true;
		bp->prior_state = bp->journal.state;
	} else {
		memset(&bp->journal, 0, sizeof(bp->journal));
	}
	snprintf(bp->journal.op, sizeof(bp->journal.op), "%s", op);
	bp->journal.group = group;
	return 0;
}

static int make_claim(struct path_ctx *ctx, const struct host_snapshot *snap,
		      const struct bind_request *req, struct bind_plan *bp)
{
	const struct pci_device *named = NULL;
	const struct iommu_group *g;
	const struct kver *kv = snap->host.kver_known ? &snap->host.kver : NULL;
	enum viability_rule rule = viability_rule_for(kv);
	bool module_step = false;
	int rc;

	if (req->device) {
		named = pci_list_find_name(snap->pci, req->device);
		if (!named)
			return -ENOENT;
		snprintf(bp->device, sizeof(bp->device), "%s", named->name);
		if (named->iommu_group < 0)
			return -ENODEV;
		bp->group = named->iommu_group;
	}
	g = iommu_group_find(snap->groups, bp->group);
	if (!g)
		return -ENOENT;
	if (g->nmembers > JOURNAL_MAX_DEVICES)
		return -E2BIG;
	rc = start_journal(ctx, bp, bp->group, NULL, "claim");
	if (rc < 0)
		return rc;
	bp->journal.state = JOURNAL_APPLYING;
	bp->journal.pid = (long)getpid();

	for (const char *const *w = req->with; w && *w; w++) {
		struct pci_bdf b;
		bool in_group = false;
		char name[BDF_STRLEN];

		if (bdf_parse(*w, &b) < 0)
			return -EINVAL;
		bdf_format(&b, name, sizeof(name));
		for (size_t i = 0; i < g->nmembers; i++)
			in_group |= strcmp(g->members[i].name, name) == 0;
		if (!in_group)
			rc = check(bp, req, name, "with", CHECK_DENY,
				   "--with %s: not a member of IOMMU group %d", name, g->id);
		if (rc < 0)
			return rc;
	}

	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		const struct pci_device *d = m->pci;
		struct bind_target *t;

		t = add_target(bp, m->name, m->driver, d ? d->driver_override : NULL);
		if (!t)
			return -E2BIG;
		if (!d) {
			t->action = TARGET_NOT_PCI;
			t->note = "not a PCI device: left alone";
			if (!viability_member_allowed(rule, m->driver, NULL))
				rc = check(bp, req, m->name, "viability", CHECK_WARN,
					   "non-PCI member on %s: the group stays not viable",
					   m->driver);
			if (rc < 0)
				return rc;
			continue;
		}
		if (pci_device_is_bridge(d)) {
			t->action = TARGET_BRIDGE;
			t->note = pci_device_bridge(d) == PCI_BRIDGE_PLATFORM
					  ? "platform bridge: never bound to vfio-pci"
					  : "bridge: never bound to vfio-pci";
			snprintf(t->want, sizeof(t->want), "%s", d->driver);
			if (!viability_member_allowed(rule, d->driver, d))
				rc = check(bp, req, d->name, "viability", CHECK_WARN,
					   "bridge on %s: the group stays not viable on this kernel",
					   d->driver);
			if (rc < 0)
				return rc;
			continue;
		}
		rc = journal_add(&bp->journal, d->name, d->driver,
				 d->driver_override ? d->driver_override : "");
		if (rc < 0)
			return rc;
		snprintf(t->want, sizeof(t->want), BIND_VFIO_DRIVER);
		if (pci_driver_is_vfio(d->driver)) {
			t->action = TARGET_ALREADY;
			t->note = "already on a vfio driver";
			continue;
		}
		t->action = TARGET_CHANGE;
		if (named && d == named)
			t->note = "the named device";
		else if (named && bdf_same_slot(&d->bdf, &named->bdf))
			t->note = "a function of the same card";
		else if (named && !consented(req, d->name)) {
			t->note = "another endpoint in the group";
			rc = check(bp, req, d->name, "companion", CHECK_DENY,
				   "%s (%s) shares IOMMU group %d with %s: add --with %s to claim it too",
				   d->name, *d->driver ? d->driver : "no driver", g->id,
				   named->name, d->name);
			if (rc < 0)
				return rc;
		} else {
			t->note = named ? "consented with --with" : "member of the group";
		}
		if (*d->driver) {
			rc = usage_checks(ctx, bp, req, d);
			if (rc < 0)
				return rc;
		}
		if (!module_step) {
			rc = plan_add_step(&bp->plan, PLAN_LOAD_MODULE, NULL, BIND_VFIO_DRIVER,
					   "fail while the devices are still on their drivers",
					   NULL);
			if (rc < 0)
				return rc;
			module_step = true;
		}
		rc = steps_move_to(bp, d->name, d->driver, BIND_VFIO_DRIVER);
		if (rc < 0)
			return rc;
	}
	if (iommu_group_has_direct(g))
		rc = check(bp, req, NULL, "direct-region", CHECK_WARN,
			   "group %d has a direct (RMRR) reserved region: attaching it may fail with EPERM",
			   g->id);
	if (rc == 0 && snap->host.cmdline.pcie_acs_override)
		rc = check(bp, req, NULL, "acs-override", CHECK_WARN,
			   "pcie_acs_override=%s: the isolation of group %d is not real",
			   snap->host.cmdline.pcie_acs_override, g->id);
	bp->noop = bp->plan.nsteps == 0;
	return rc;
}

/* plan the restore of @j's devices given their current state */
static int restore_steps(struct path_ctx *ctx, const struct bind_ops *ops, struct bind_plan *bp)
{
	int rc = 0;

	/* reverse order: the last device changed is the first put back */
	for (size_t k = bp->journal.ndevs; k-- > 0;) {
		const struct journal_device *d = &bp->journal.devs[k];
		char cur[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX];
		struct bind_target *t;
		bool driver_differs;

		rc = ops->read_driver(ctx, d->bdf, cur, sizeof(cur));
		if (rc == -ENOENT) {
			/* the device is gone (hot-unplugged): nothing to restore */
			vfio_warn("'%s' no longer exists; skipping it", d->bdf);
			continue;
		}
		if (rc < 0)
			return rc;
		rc = ops->read_override(ctx, d->bdf, ovr, sizeof(ovr));
		if (rc < 0)
			return rc;
		t = add_target(bp, d->bdf, cur, ovr);
		if (!t)
			return -E2BIG;
		snprintf(t->want, sizeof(t->want), "%s", d->driver);
		driver_differs = strcmp(cur, d->driver) != 0;
		/* a journal is trusted only for the group it names */
		if (bp->journal.group >= 0 &&
		    !path_exists(ctx, PATH_SYS_IOMMU_GROUPS "/%d/devices/%s", bp->journal.group,
				 d->bdf)) {
			rc = check(bp, NULL, d->bdf, "journal", CHECK_DENY,
				   "%s is not a member of IOMMU group %d: the journal does not match this host",
				   d->bdf, bp->journal.group);
			if (rc < 0)
				return rc;
			continue;
		}
		/* restoring never needs to take a device off a host driver unchecked */
		if (driver_differs && *cur && !pci_driver_is_vfio(cur)) {
			int64_t vga = -1, vfs = -1;
			struct usage_subject u = { d->bdf, -1, -1 };

			if (path_read_s64(ctx, &vga, PATH_SYS_PCI_DEVICES "/%s/boot_vga", d->bdf) == 0)
				u.boot_vga = (int)vga;
			if (path_read_s64(ctx, &vfs, PATH_SYS_PCI_DEVICES "/%s/sriov_numvfs", d->bdf) == 0)
				u.sriov_numvfs = (int)vfs;
			rc = usage_checks_of(ctx, bp, NULL, &u);
			if (rc < 0)
				return rc;
		}
		if (!driver_differs && strcmp(ovr, d->override) == 0) {
			t->action = TARGET_ALREADY;
			t->note = *d->driver ? "already on its recorded driver"
					     : "already unbound, as recorded";
			continue;
		}
		t->action = TARGET_CHANGE;
		t->note = *d->driver ? "back to its recorded driver" : "back to no driver";
		if (driver_differs) {
			if (*d->driver) {
				rc = plan_add_step(&bp->plan, PLAN_LOAD_MODULE, d->bdf, d->driver,
						   "the recorded driver must be registered to probe",
						   NULL);
				if (rc == 0)
					rc = steps_move_to(bp, d->bdf, cur, d->driver);
			} else if (*cur) {
				rc = plan_add_step(&bp->plan, PLAN_UNBIND, d->bdf, cur,
						   "it had no driver before", NULL);
				if (rc == 0)
					rc = plan_add_step(&bp->plan, PLAN_EXPECT_DRIVER, d->bdf, "",
							   "nothing may bind it again", NULL);
			}
			if (rc < 0)
				return rc;
		}
		/* "\n" clears an override; a NUL or empty write may never reach the kernel */
		rc = plan_add_step(&bp->plan, PLAN_WRITE, d->bdf, *d->override ? d->override : "\n",
				   "put back the recorded driver_override", PATH_PCI_DEV_OVERRIDE,
				   d->bdf);
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_EXPECT_OVERRIDE, d->bdf, d->override,
					   "the clear must read back as (null)", NULL);
		if (rc < 0)
			return rc;
	}
	bp->noop = bp->plan.nsteps == 0;
	return 0;
}

int bind_plan_restore(struct path_ctx *ctx, const struct bind_ops *ops, const char *rel,
		      struct bind_plan *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->op = BIND_OP_RESTORE;
	snprintf(out->journal_rel, sizeof(out->journal_rel), "%s", rel);
	rc = journal_read(ctx, rel, &out->journal);
	if (rc < 0)
		return rc;
	out->have_journal = true;
	out->group = out->journal.group;
	if (out->group < 0 && out->journal.ndevs)
		snprintf(out->device, sizeof(out->device), "%s", out->journal.devs[0].bdf);
	rc = restore_steps(ctx, ops, out);
	if (rc < 0)
		bind_plan_clear(out);
	return rc;
}

/* release without a journal: hand vfio devices back to whatever the kernel matches */
static int release_unjournaled(const struct host_snapshot *snap, const struct iommu_group *g,
			       const struct bind_request *req, struct bind_plan *bp)
{
	int rc = check(bp, req, NULL, "journal", CHECK_WARN,
		       "no journal for group %d: devices return to the driver the kernel matches, not a recorded one",
		       g->id);

	for (size_t i = 0; rc == 0 && i < g->nmembers; i++) {
		const struct pci_device *d = g->members[i].pci;
		struct bind_target *t;

		if (!d || pci_device_is_bridge(d))
			continue;
		t = add_target(bp, d->name, d->driver, d->driver_override);
		if (!t)
			return -E2BIG;
		/* only what vfio holds is ours to give back: another override is someone else's */
		if (!pci_driver_is_vfio(d->driver) &&
		    !(d->driver_override && pci_driver_is_vfio(d->driver_override) && !*d->driver)) {
			t->action = TARGET_ALREADY;
			t->note = "not on vfio-pci";
			continue;
		}
		t->action = TARGET_CHANGE;
		t->note = "to the kernel's default match";
		if (*d->driver)
			rc = plan_add_step(&bp->plan, PLAN_UNBIND, d->name, d->driver,
					   "detach it from vfio-pci", NULL);
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_WRITE, d->name, "\n",
					   "clear driver_override", PATH_PCI_DEV_OVERRIDE, d->name);
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_EXPECT_OVERRIDE, d->name, "",
					   "the clear must read back as (null)", NULL);
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_WRITE, d->name, d->name,
					   "let the kernel pick its driver", PATH_PCI_DRIVERS_PROBE);
	}
	bp->noop = bp->plan.nsteps == 0;
	return rc;
}

static int group_open_check(struct path_ctx *ctx, struct bind_plan *bp,
			    const struct bind_request *req, int group)
{
	char node[48];
	const char *nodes[2] = { node, NULL };
	struct inuse_holder *h = NULL;
	size_t n = 0;
	int rc;

	snprintf(node, sizeof(node), "/" PATH_DEV_VFIO_GROUP, group);
	rc = proc_find_holders(ctx, nodes, &h, &n);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = check(bp, req, NULL, "open", CHECK_REFUSE,
			   "%s is held open by pid %d (%s): stop it first", h[i].node, h[i].pid,
			   h[i].comm);
	free(h);
	return rc;
}

static int make_release(struct path_ctx *ctx, const struct host_snapshot *snap,
			const struct bind_request *req, struct bind_plan *bp)
{
	const struct iommu_group *g;
	char rel[128];
	int rc;

	if (req->device) {
		const struct pci_device *d = pci_list_find_name(snap->pci, req->device);

		if (!d)
			return -ENOENT;
		snprintf(bp->device, sizeof(bp->device), "%s", d->name);
		/* a device bound on its own (vfioctl device bind) has its own journal */
		if (journal_path(-1, d->name, rel, sizeof(rel)) == 0 &&
		    path_exists(ctx, "%s", rel)) {
			rc = bind_plan_restore(ctx, &bind_ops_kernel, rel, bp);
			bp->op = BIND_OP_RELEASE;
			return rc;
		}
		if (d->iommu_group < 0)
			return -ENODEV;
		bp->group = d->iommu_group;
	}
	g = iommu_group_find(snap->groups, bp->group);
	if (!g)
		return -ENOENT;
	rc = group_open_check(ctx, bp, req, g->id);
	if (rc < 0)
		return rc;
	rc = journal_path(g->id, NULL, rel, sizeof(rel));
	if (rc < 0)
		return rc;
	if (!path_exists(ctx, "%s", rel)) {
		snprintf(bp->journal_rel, sizeof(bp->journal_rel), "%s", rel);
		return release_unjournaled(snap, g, req, bp);
	}
	{
		struct plan saved = bp->plan;

		/* keep the checks made so far across the restore plan */
		rc = bind_plan_restore(ctx, &bind_ops_kernel, rel, bp);
		if (rc == 0) {
			for (size_t i = 0; i < saved.nchecks; i++)
				rc = plan_add_check(&bp->plan, saved.checks[i].device,
						    saved.checks[i].name, saved.checks[i].result,
						    "%s", saved.checks[i].detail);
		}
		plan_clear(&saved);
	}
	bp->op = BIND_OP_RELEASE;
	bp->group = g->id;
	return rc;
}

static int make_single(struct path_ctx *ctx, const struct host_snapshot *snap,
		       const struct bind_request *req, struct bind_plan *bp)
{
	const struct pci_device *d = pci_list_find_name(snap->pci, req->device);
	const char *want = req->op == BIND_OP_BIND ? req->driver : "";
	struct bind_target *t;
	int rc;

	if (!d)
		return -ENOENT;
	if (req->op == BIND_OP_BIND && (!want || !*want || !journal_name_valid(want)))
		return -EINVAL;
	snprintf(bp->device, sizeof(bp->device), "%s", d->name);
	bp->group = d->iommu_group;
	rc = start_journal(ctx, bp, -1, d->name, bind_op_name(req->op));
	if (rc < 0)
		return rc;
	bp->journal.state = JOURNAL_APPLYING;
	bp->journal.pid = (long)getpid();
	rc = journal_add(&bp->journal, d->name, d->driver,
			 d->driver_override ? d->driver_override : "");
	if (rc < 0)
		return rc;
	t = add_target(bp, d->name, d->driver, d->driver_override);
	snprintf(t->want, sizeof(t->want), "%s", want);
	if (strcmp(d->driver, want) == 0) {
		t->action = TARGET_ALREADY;
		t->note = *want ? "already on that driver" : "already unbound";
		bp->noop = true;
		return 0;
	}
	t->action = TARGET_CHANGE;
	t->note = "the named device";
	if (req->op == BIND_OP_BIND && pci_driver_is_vfio(want) && pci_device_is_bridge(d)) {
		rc = check(bp, req, d->name, "bridge", CHECK_DENY,
			   pci_device_bridge(d) == PCI_BRIDGE_PLATFORM
				   ? "%s is a platform bridge (class 06): vfioctl does not hand chipset functions to vfio-pci"
				   : "%s is a bridge: vfio-pci does not take bridges", d->name);
		if (rc < 0)
			return rc;
	}
	if (req->op == BIND_OP_BIND && pci_driver_is_vfio(want) && d->iommu_group < 0) {
		rc = check(bp, req, d->name, "iommu-group", CHECK_DENY,
			   "%s has no IOMMU group: vfio-pci cannot take it", d->name);
		if (rc < 0)
			return rc;
	}
	if (*d->driver) {
		rc = usage_checks(ctx, bp, req, d);
		if (rc < 0)
			return rc;
	}
	if (req->op == BIND_OP_BIND) {
		rc = plan_add_step(&bp->plan, PLAN_LOAD_MODULE, NULL, want,
				   "fail while the device is still on its driver", NULL);
		if (rc == 0)
			rc = steps_move_to(bp, d->name, d->driver, want);
	} else {
		rc = plan_add_step(&bp->plan, PLAN_UNBIND, d->name, d->driver,
				   "detach it from its driver", NULL);
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_EXPECT_DRIVER, d->name, "",
					   "the unbind must have taken effect", NULL);
	}
	return rc;
}

int bind_plan_make(struct path_ctx *ctx, const struct host_snapshot *snap,
		   const struct bind_request *req, struct bind_plan *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->op = req->op;
	out->group = req->group;
	switch (req->op) {
	case BIND_OP_CLAIM:
		rc = make_claim(ctx, snap, req, out);
		break;
	case BIND_OP_RELEASE:
		rc = make_release(ctx, snap, req, out);
		break;
	case BIND_OP_BIND:
	case BIND_OP_UNBIND:
		rc = make_single(ctx, snap, req, out);
		break;
	default:
		rc = -EINVAL;
	}
	if (rc < 0)
		bind_plan_clear(out);
	return rc;
}

static int run_step(struct path_ctx *ctx, const struct bind_ops *ops,
		    const struct plan_step *s, struct bind_result *res)
{
	char buf[PCI_DRIVER_MAX], rel[128];
	int rc;

	switch (s->action) {
	case PLAN_LOAD_MODULE:
		return ops->load_module(ctx, s->value);
	case PLAN_WRITE:
		return ops->write(ctx, s->path, s->value, 0);
	case PLAN_UNBIND:
		/* through the device's own driver link, never a path built from a name */
		snprintf(rel, sizeof(rel), PATH_PCI_DEV_UNBIND, s->device);
		return ops->write(ctx, rel, s->device, BIND_UNBIND_TIMEOUT_MS);
	case PLAN_EXPECT_DRIVER:
		rc = ops->read_driver(ctx, s->device, buf, sizeof(buf));
		if (rc == 0 && strcmp(buf, s->value) != 0) {
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "driver is '%s', expected '%s'", *buf ? buf : "(none)",
				 *s->value ? s->value : "(none)");
			rc = -EIO;
		}
		return rc;
	case PLAN_EXPECT_OVERRIDE:
		rc = ops->read_override(ctx, s->device, buf, sizeof(buf));
		if (rc == 0 && strcmp(buf, s->value) != 0) {
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "driver_override reads '%s', expected '%s'",
				 *buf ? buf : "(null)", *s->value ? s->value : "(null)");
			rc = -EIO;
		}
		return rc;
	}
	return -EINVAL;
}

static int run_steps(struct path_ctx *ctx, const struct bind_plan *bp,
		     const struct bind_ops *ops, int fail_at, struct bind_result *res)
{
	if (fail_at < 0)
		fail_at = -fail_at;
	for (size_t i = 0; i < bp->plan.nsteps; i++) {
		const struct plan_step *s = &bp->plan.steps[i];
		int rc = fail_at == (int)i + 1 ? -EIO : run_step(ctx, ops, s, res);

		if (fail_at == (int)i + 1)
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "fault injected before step %zu", i + 1);
		if (rc < 0) {
			res->failed_step = (int)i;
			res->error = rc;
			return rc;
		}
		res->steps_done++;
		vfio_dbg("step %zu done: %s %s %s", i + 1, plan_action_name(s->action),
			 s->device, s->path);
	}
	return 0;
}

/*
 * Undo a failed attempt: put back what this plan changes as it was when
 * the plan was made. The journal on disk may also hold an earlier claim's
 * originals; restoring those would undo that claim as well.
 */
static int rollback_plan(struct path_ctx *ctx, const struct bind_ops *ops,
			 const struct bind_plan *bp, struct bind_plan *rb)
{
	int rc = 0;

	memset(rb, 0, sizeof(*rb));
	rb->op = BIND_OP_RESTORE;
	rb->group = bp->group;
	snprintf(rb->journal_rel, sizeof(rb->journal_rel), "%s", bp->journal_rel);
	rb->journal.group = bp->group;
	for (size_t i = 0; rc == 0 && i < bp->ntargets; i++) {
		const struct bind_target *t = &bp->targets[i];

		if (t->action == TARGET_CHANGE)
			rc = journal_add(&rb->journal, t->name, t->driver, t->override);
	}
	if (rc == 0)
		rc = restore_steps(ctx, ops, rb);
	if (rc < 0)
		bind_plan_clear(rb);
	return rc;
}

static bool writes_journal(enum bind_op op)
{
	return op == BIND_OP_CLAIM || op == BIND_OP_BIND || op == BIND_OP_UNBIND;
}

int bind_plan_apply(struct path_ctx *ctx, struct bind_plan *bp, const struct bind_ops *ops,
		    int fail_at, struct bind_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	res->failed_step = -1;
	res->rollback_failed_step = -1;
	if (bp->noop) {
		/*
		 * A claim of a group already on vfio-pci records that, so that a
		 * later release leaves those devices where they were; a release
		 * or recovery with nothing left to change is complete.
		 */
		if (bp->op == BIND_OP_CLAIM && !bp->have_journal && bp->journal.ndevs) {
			bp->journal.state = JOURNAL_APPLIED;
			rc = journal_write(ctx, &bp->journal, bp->journal_rel);
		} else if (writes_journal(bp->op) || !bp->have_journal) {
			return 0;
		} else {
			rc = journal_remove(ctx, bp->journal_rel);
		}
		res->error = rc;
		return rc;
	}
	if (writes_journal(bp->op)) {
		bp->journal.state = JOURNAL_APPLYING;
		rc = journal_write(ctx, &bp->journal, bp->journal_rel);
		if (rc < 0) {
			res->error = rc;
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "cannot write the journal '%s'", bp->journal_rel);
			return rc;
		}
	}
	rc = run_steps(ctx, bp, ops, fail_at, res);
	if (rc < 0 && fail_at < 0)
		return rc;	/* simulated crash: no rollback, the journal stays */
	if (rc == 0) {
		if (writes_journal(bp->op)) {
			bp->journal.state = JOURNAL_APPLIED;
			rc = journal_write(ctx, &bp->journal, bp->journal_rel);
		} else {
			rc = journal_remove(ctx, bp->journal_rel);
		}
		if (rc < 0) {
			res->error = rc;
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "the change is done but the journal '%s' could not be updated",
				 bp->journal_rel);
		}
		return rc;
	}
	if (writes_journal(bp->op)) {
		struct bind_plan rb;
		struct bind_result rres = { .failed_step = -1 };
		int rrc;

		rrc = rollback_plan(ctx, ops, bp, &rb);
		if (rrc == 0) {
			rrc = run_steps(ctx, &rb, ops, 0, &rres);
			if (rrc < 0)
				res->rollback_failed_step = rres.failed_step;
			bind_plan_clear(&rb);
		}
		if (rrc == 0 && bp->have_journal) {
			/* an earlier claim's record stays as it was: only this attempt is undone */
			bp->journal.state = bp->prior_state;
			rrc = journal_write(ctx, &bp->journal, bp->journal_rel);
		} else if (rrc == 0) {
			rrc = journal_remove(ctx, bp->journal_rel);
		}
		res->rolled_back = rrc == 0;
		res->rollback_error = rrc;
	}
	return rc;
}
