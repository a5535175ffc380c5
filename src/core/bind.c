// SPDX-License-Identifier: GPL-2.0-or-later
/* bind.c: plan, apply and roll back driver changes for whole IOMMU groups */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array.h"
#include "bind.h"
#include "bind-set.h"
#include "vfio/node.h"
#include "devnodes.h"
#include "inuse.h"
#include "inuse-batch.h"
#include "log.h"
#include "pathnames.h"
#include "timedio.h"
#include "viability.h"
#include "vfio/dynids.h"

const char *bind_op_name(enum bind_op op)
{
	static const char *const names[] = { "claim", "release", "bind", "unbind", "restore" };

	return names[op];
}

void bind_plan_clear(struct bind_plan *bp)
{
	plan_clear(&bp->plan);
	for (size_t i = 0; i < bp->nparts; i++)
		bind_plan_clear(&bp->parts[i]);
	free(bp->parts);
	bp->parts = NULL;
	bp->nparts = 0;
	journal_clear(&bp->journal);
	free(bp->targets);
	bp->targets = NULL;
	bp->ntargets = bp->targets_cap = 0;
	free(bp->absorbed);
	bp->absorbed = NULL;
	bp->nabsorbed = bp->absorbed_cap = 0;
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

	/* a pointer from here is good until the next add_target() */
	if (array_grow((void **)&bp->targets, &bp->targets_cap, bp->ntargets, sizeof(*t)) < 0)
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
	if (journal_find(j, bdf))
		return 0;
	/* these come from sysfs: a name that cannot be written back is not recordable */
	if (!journal_name_valid(driver) || !journal_name_valid(override))
		return -EILSEQ;
	return journal_add_device(j, bdf, driver, override);
}

struct usage_subject {
	const char *name;	/* BDF */
	int boot_vga;		/* -1 unknown */
	int sriov_numvfs;	/* -1 not SR-IOV */
	bool vga;		/* class 0300: the kernel shows boot_vga */
};

static int usage_checks_of(struct path_ctx *ctx, struct bind_plan *bp,
			   const struct bind_request *req, const struct usage_subject *d,
			   const struct usage_batch *batch);

static int usage_checks(struct path_ctx *ctx, struct bind_plan *bp,
			const struct bind_request *req, const struct pci_device *pd,
			const struct usage_batch *batch)
{
	struct usage_subject d = { pd->name, pd->boot_vga, pd->sriov_numvfs,
				   pd->class_code >> 8 == 0x0300 };

	return usage_checks_of(ctx, bp, req, &d, batch);
}

/* "dm-1 (stacked on dm-0)": how a block device is tied to the function */
static void block_label(const struct inuse_block *b, char *buf, size_t size)
{
	switch (b->link) {
	case BLOCKSTACK_BELOW:
		snprintf(buf, size, "%s", b->name);
		break;
	case BLOCKSTACK_NVME_HEAD:
		snprintf(buf, size, "%s (NVMe multipath head of %s)", b->name, b->via);
		break;
	case BLOCKSTACK_PARTITION:
		snprintf(buf, size, "%s (partition of %s)", b->name, b->via);
		break;
	case BLOCKSTACK_HOLDER:
		snprintf(buf, size, "%s (stacked on %s)", b->name, b->via);
		break;
	case BLOCKSTACK_LOOP_FILE:
		snprintf(buf, size, "%s (backed by a file on %s)", b->name, b->via);
		break;
	}
}

/*
 * The "open" check over @nodes: each holder refuses; processes whose open
 * files could not be seen make it a warning that says so, never a pass.
 * A device's check (@dev set) also says what it passed over.
 */
static int open_check(struct path_ctx *ctx, struct bind_plan *bp, const struct bind_request *req,
		      const char *dev, const char *const *nodes, size_t nnodes, bool truncated,
		      enum check_result held, const char *stop,
		      const struct usage_batch *batch, const struct usage_facts *facts)
{
	struct inuse_holders h;
	int rc;

	if (nnodes == 0)
		return 0;
	/* a batch has looked at proc once for every device of the plan */
	rc = batch ? usage_batch_holders(batch, facts, &h)
		   : proc_scan_holders(ctx, nodes, nnodes, &h);
	if (rc < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < h.n; i++)
		rc = check(bp, req, dev, "open", held, "%s is held open by pid %d (%s)%s",
			   h.v[i].node, h.v[i].pid, h.v[i].comm, stop);
	if (rc == 0 && h.proc_error)
		rc = check(bp, req, dev, "open", CHECK_WARN,
			   "not checked: cannot list /proc (%s), so a process holding one of its %zu device node(s) would be missed", /* lint: message */
			   strerror(-h.proc_error), nnodes);
	else if (rc == 0 && h.nprocs == 0)
		rc = check(bp, req, dev, "open", CHECK_WARN,
			   "not checked: /proc lists no process (a sysroot without processes, such as a capture), so a process holding one of its %zu device node(s) would be missed", /* lint: message */
			   nnodes);
	else if (rc == 0 && h.unreadable)
		rc = check(bp, req, dev, "open", CHECK_WARN,
			   "not fully checked: the open files of %zu process(es) cannot be read (pid %d: %s); run as root to see them",
			   h.unreadable, h.unreadable_pid, strerror(-h.unreadable_error));
	else if (rc == 0 && truncated)
		rc = check(bp, req, dev, "open", CHECK_WARN,
			   "not fully checked: only the first %zu device nodes were looked at",
			   nnodes);
	else if (rc == 0 && h.n == 0 && dev)
		rc = check(bp, req, dev, "open", CHECK_PASS,
			   "none of its %zu device node(s) is held open", nnodes);
	inuse_holders_clear(&h);
	return rc;
}

/*
 * The safety checks before a device leaves its driver, from facts gathered
 * before (@batch: a claim's one pass over proc) or now (@batch NULL).
 */
static int usage_checks_of(struct path_ctx *ctx, struct bind_plan *bp,
			   const struct bind_request *req, const struct usage_subject *d,
			   const struct usage_batch *batch)
{
	const struct usage_facts *pre = batch ? usage_batch_find(batch, d->name) : NULL;
	struct usage_facts own;
	const struct usage_facts *f;
	const char **names = NULL;
	struct pci_usage u;
	bool any = false;
	int rc = 0;

	if (!pre) {
		rc = usage_facts_gather(ctx, d->name, &own);
		if (rc < 0)
			return rc;
		batch = NULL;
	}
	f = pre ? pre : &own;
	/* borrowed: freed with the facts */
	u = f->u;
	for (size_t i = 0; i < u.nblocks; i++) {
		const struct inuse_block *b = &u.blocks[i];
		char name[96];

		/* the host cannot run without these: no --force takes them away */
		block_label(b, name, sizeof(name));
		if (b->root && b->link == BLOCKSTACK_BELOW)
			rc = check(bp, req, d->name, "root-disk", CHECK_DENY,
				   "%s (%s) holds the root filesystem", name, b->majmin);
		else if (b->root)
			rc = check(bp, req, d->name, "root-disk", CHECK_DENY,
				   "%s holds the root filesystem", name);
		else if (*b->mountpoint)
			rc = check(bp, req, d->name, "mounted", CHECK_REFUSE,
				   "%s is mounted on %s", name, b->mountpoint);
		else if (b->swap)
			rc = check(bp, req, d->name, "swap", CHECK_DENY,
				   "%s is in use as swap", name);
		else
			rc = 0;
		any |= b->root || *b->mountpoint || b->swap;
		/* the nodes of the block devices are in f->nodes (usage_facts_gather()) */
		if (rc < 0)
			goto out;
	}
	/* a table that could not be read checked nothing: say so */
	if (u.mounts_error)
		rc = check(bp, req, d->name, "mounted", CHECK_WARN,
			   "not checked: cannot read /proc/self/mountinfo (%s), so a filesystem on its %zu block device(s) would be missed", /* lint: message */
			   strerror(-u.mounts_error), u.nblocks);
	if (rc == 0 && u.swaps_error)
		rc = check(bp, req, d->name, "swap", CHECK_WARN,
			   "not checked: cannot read /proc/swaps (%s), so swap on its block devices would be missed", /* lint: message */
			   strerror(-u.swaps_error));
	if (rc == 0 && !any && u.nblocks && !u.mounts_error && !u.swaps_error)
		rc = check(bp, req, d->name, "mounted", CHECK_PASS,
			   "no filesystem or swap on its %zu block device(s)", u.nblocks);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < u.nnetdevs; i++) {
		const struct inuse_netdev *n = &u.netdevs[i];

		if (n->state_unknown && n->has_routes)
			rc = check(bp, req, d->name, "netdev", CHECK_REFUSE,
				   "network interface %s carries routes (its state cannot be read)",
				   n->ifname);
		else if (n->up || n->has_routes)
			rc = check(bp, req, d->name, "netdev", CHECK_REFUSE,
				   "network interface %s is %s%s", n->ifname,
				   n->up ? "up" : "down",
				   n->has_routes ? " and carries routes" : "");
		else if (n->state_unknown)
			rc = check(bp, req, d->name, "netdev", CHECK_WARN,
				   "not checked: the state of network interface %s cannot be read (no flags or operstate)",
				   n->ifname);
		else if (u.routes_error)
			rc = check(bp, req, d->name, "netdev", CHECK_WARN,
				   "network interface %s is down; its routes are unknown: cannot read the route tables (%s)",
				   n->ifname, strerror(-u.routes_error));
		else
			rc = check(bp, req, d->name, "netdev", CHECK_PASS,
				   "network interface %s is down, no routes", n->ifname);
		if (rc < 0)
			goto out;
	}
	/* every node of the function (DRM, sound, USB, the VFIO cdev, nvidiaN, disks): f->nodes */
	if (f->nodes.n) {
		names = calloc(f->nodes.n, sizeof(*names));
		if (!names) {
			rc = -ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < f->nodes.n; i++)
			names[i] = f->nodes.v[i].path;
	}
	rc = open_check(ctx, bp, req, d->name, names, f->nodes.n, f->nodes.truncated, CHECK_REFUSE,
			"", batch, f);
	if (rc < 0)
		goto out;
	if (d->boot_vga == 1)
		rc = check(bp, req, d->name, "boot-vga", CHECK_REFUSE,
			   "the boot VGA device: the console would lose its display");
	else if (d->boot_vga < 0 && d->vga)
		/* the kernel gives every VGA-class function boot_vga: a tree without it says nothing */
		rc = check(bp, req, d->name, "boot-vga", CHECK_WARN,
			   "not checked: boot_vga cannot be read, so whether the console shows on it is unknown");
	if (rc == 0 && d->sriov_numvfs > 0)
		rc = check(bp, req, d->name, "sriov", CHECK_REFUSE,
			   "an SR-IOV PF with %d VFs enabled: vfio-pci refuses it; set sriov_numvfs to 0 first",
			   d->sriov_numvfs);
out:
	free(names);
	if (!pre)
		usage_facts_clear(&own);
	return rc;
}

/*
 * Whether @bdf sits directly on a root bus (its sysfs parent is a
 * "pciDDDD:BB" host bridge directory rather than a port's BDF): such
 * functions are integrated into the root complex or chipset (00:1f.x is
 * the LPC/eSPI bridge, HD audio, SMBus and SPI flash of one PCH), not a
 * card. When the link cannot be read the answer is "yes", the cautious one.
 */
static bool on_root_bus(struct path_ctx *ctx, const char *bdf)
{
	char target[PATH_MAX], *slash, *parent;

	if (path_readlink(ctx, target, sizeof(target), PATH_SYS_PCI_DEVICES "/%s", bdf) < 0)
		return true;
	slash = strrchr(target, '/');
	if (!slash)
		return true;
	*slash = '\0';
	parent = strrchr(target, '/');
	parent = parent ? parent + 1 : target;
	return strncmp(parent, "pci", 3) == 0;
}

/*
 * Functions that serve the platform rather than a card: bridges of any
 * kind (06xx, including ISA/LPC/eSPI 0601), memory controllers (05xx),
 * system peripherals (08xx: IOMMU, RTC, timers, SD host), SMBus (0c05),
 * IPMI (0c07), encryption/PSP (10xx), signal processing (11xx: thermal,
 * performance counters) and non-essential instrumentation (13xx). They
 * never come along with another device without consent.
 */
static bool platform_function(const struct pci_device *d)
{
	unsigned base = d->class_code >> 16, sub = (d->class_code >> 8) & 0xff;

	switch (base) {
	case 0x05:
	case 0x06:
	case 0x08:
	case 0x10:
	case 0x11:
	case 0x13:
		return true;
	case 0x0c:
		return sub == 0x05 || sub == 0x07;
	default:
		return false;
	}
}

/*
 * The membership rule: a function comes along with the named one without
 * --with only when both are functions of one multi-function endpoint
 * device that is a card: the same domain:bus:device, on a bus behind a
 * port (not a root bus, where the chipset's functions live), from the same
 * vendor (a GPU and its HDMI audio, USB-C and UCSI functions; the ports of
 * one NIC), and not a platform function. An APU's GPU (1002) thus does not
 * take the USB and PSP functions (1022) of the same slot.
 */
static bool same_card(struct path_ctx *ctx, const struct pci_device *named,
		      const struct pci_device *d)
{
	return bdf_same_slot(&d->bdf, &named->bdf) && d->vendor_id == named->vendor_id &&
	       !platform_function(d) && !on_root_bus(ctx, named->name);
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
	rc = journal_read(ctx, bp->journal_rel, &bp->journal);
	if (rc == -ENOTUNIQ || rc == -ENOMEM)
		return rc;	/* another group's or device's record: never overwritten */
	if (rc == 0) {
		bp->have_journal = true;
		bp->prior_state = bp->journal.state;
		bp->prior_ndevs = bp->journal.ndevs;
	} else {
		memset(&bp->journal, 0, sizeof(bp->journal));	/* holds nothing after an error */
	}
	snprintf(bp->journal.op, sizeof(bp->journal.op), "%s", op);
	bp->journal.group = group;
	return 0;
}

/*
 * The members whose usage a claim checks (an endpoint on a host driver),
 * gathered at once, so that proc is read once for the group, not once per
 * member.
 */
static int claim_batch(struct path_ctx *ctx, const struct iommu_group *g,
		       struct usage_batch *batch)
{
	const char **names = calloc(g->nmembers ? g->nmembers : 1, sizeof(*names));
	size_t n = 0;
	int rc;

	if (!names)
		return -ENOMEM;
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct pci_device *d = g->members[i].pci;

		if (!g->members[i].read_error && d && !pci_device_is_bridge(d) && *d->driver &&
		    !pci_driver_is_vfio(d->driver))
			names[n++] = d->name;
	}
	rc = usage_batch_gather(ctx, names, n, batch);
	free(names);
	return rc;
}

static int plan_claim(struct path_ctx *ctx, const struct host_snapshot *snap,
		      const struct bind_request *req, struct bind_plan *bp,
		      struct usage_batch *batch);

static int make_claim(struct path_ctx *ctx, const struct host_snapshot *snap,
		      const struct bind_request *req, struct bind_plan *bp)
{
	struct usage_batch batch = { 0 };
	int rc = plan_claim(ctx, snap, req, bp, &batch);

	usage_batch_clear(&batch);
	return rc;
}

static int plan_claim(struct path_ctx *ctx, const struct host_snapshot *snap,
		      const struct bind_request *req, struct bind_plan *bp,
		      struct usage_batch *batch)
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
		/* an unreadable device has no group we know of, which is not "none" */
		if (named->iommu_group < 0 && named->read_error)
			return named->read_error;
		if (named->iommu_group < 0)
			return -ENODEV;
		bp->group = named->iommu_group;
	}
	g = iommu_group_find(snap->groups, bp->group);
	if (!g)
		return -ENOENT;
	if (vfio_group_is_noiommu(ctx, g->id)) {
		rc = check(bp, req, NULL, "noiommu", CHECK_WARN,
			   "group %d is a vfio-noiommu group (no IOMMU): UNSAFE, its devices get no DMA isolation; it goes away when its device leaves vfio-pci",
			   g->id);
		if (rc < 0)
			return rc;
	}
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

	/* a member we cannot see may be bound to anything: no claim on a guess */
	if (g->read_error)
		rc = check(bp, req, NULL, "unreadable", CHECK_DENY,
			   "cannot list the members of IOMMU group %d (%s): what it holds is unknown",
			   g->id, strerror(-g->read_error));
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < g->nmembers; i++) {
		const struct iommu_member *m = &g->members[i];
		const struct pci_device *d = m->pci;
		struct bind_target *t;

		t = add_target(bp, m->name, m->driver, d ? d->driver_override : NULL);
		if (!t)
			return -ENOMEM;
		if (m->read_error) {
			snprintf(t->driver, sizeof(t->driver), "?");
			t->action = TARGET_ALREADY;
			t->note = "unreadable: its driver is unknown";
			rc = check(bp, req, m->name, "unreadable", CHECK_DENY,
				   "cannot read %s (%s): its driver and state are unknown",
				   m->name, strerror(-m->read_error));
			if (rc < 0)
				return rc;
			continue;
		}
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
		if (named && d == named) {
			t->note = "the named device";
		} else if (consented(req, d->name)) {
			t->note = "consented with --with";
		} else if (named && same_card(ctx, named, d)) {
			t->note = "a function of the same card";
		} else if (platform_function(d)) {
			/* even a group claim names the group, not the chipset's SMBus */
			t->note = "a platform function";
			rc = check(bp, req, d->name, "companion", CHECK_DENY,
				   "%s (%s, class %06x) is a platform function in IOMMU group %d, not part of a card: add --with %s to claim it too",
				   d->name, *d->driver ? d->driver : "no driver", d->class_code,
				   g->id, d->name);
		} else if (named) {
			t->note = "another endpoint in the group";
			rc = check(bp, req, d->name, "companion", CHECK_DENY,
				   "%s (%s) shares IOMMU group %d with %s: add --with %s to claim it too",
				   d->name, *d->driver ? d->driver : "no driver", g->id,
				   named->name, d->name);
		} else {
			t->note = "member of the group";
		}
		if (rc < 0)
			return rc;
		if (*d->driver) {
			/* the first device to check gathers them all: one pass over proc */
			if (!batch->v)
				rc = claim_batch(ctx, g, batch);
			if (rc == 0)
				rc = usage_checks(ctx, bp, req, d, batch);
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

/*
 * A group a VM (any process) holds open is never taken from vfio-pci:
 * vfio-pci's remove waits for the user to let go, so the unbind would
 * hang in the kernel. --force cannot help, so it is a denial. The nodes
 * are the group's /dev/vfio/N and every node of its members: a VM on the
 * iommufd/cdev interface holds /dev/vfio/devices/vfioN, not the group.
 */
static int group_open_check(struct path_ctx *ctx, struct bind_plan *bp, int group)
{
	struct devnode_list nodes = { 0 };
	const char **names = NULL;
	char **members = NULL;
	char node[48];
	int rc;

	snprintf(node, sizeof(node), "/" PATH_DEV_VFIO_GROUP, group);
	rc = devnodes_add(&nodes, node, "", false);
	if (rc == 0 && path_list_dir(ctx, &members, NULL, PATH_SYS_IOMMU_GROUPS "/%d/devices",
				     group) == 0)
		for (char **m = members; rc == 0 && *m; m++)
			rc = devnodes_of_pci(ctx, *m, &nodes);
	if (rc == 0) {
		names = calloc(nodes.n, sizeof(*names));
		if (!names)
			rc = -ENOMEM;
	}
	for (size_t i = 0; rc == 0 && i < nodes.n; i++)
		names[i] = nodes.v[i].path;
	if (rc == 0)
		rc = open_check(ctx, bp, NULL, NULL, names, nodes.n, nodes.truncated, CHECK_DENY,
				": stop it first", NULL, NULL);
	free(names);
	strv_free(members);
	devnodes_clear(&nodes);
	return rc;
}

/* the IOMMU group of @bdf from sysfs, -1 when it has none */
static int group_of(struct path_ctx *ctx, const char *bdf)
{
	char buf[32], *end;
	long g;

	if (path_read_link_name(ctx, buf, sizeof(buf), PATH_SYS_PCI_DEVICES "/%s/iommu_group",
				bdf) <= 0)
		return -1;
	g = strtol(buf, &end, 10);
	return *end || g < 0 || g > INT_MAX ? -1 : (int)g;
}

bool bind_pending_alive(struct path_ctx *ctx, const struct journal *j)
{
	char comm[32], stat[512];
	const char *paren;

	if (j->pending_pid <= 0 || !path_exists(ctx, PATH_PROC "/%ld", j->pending_pid))
		return false;
	/* a zombie has finished its write: its parent exited and nobody reaped it yet */
	if (path_read_string(ctx, stat, sizeof(stat), PATH_PROC "/%ld/stat", j->pending_pid) > 0 &&
	    (paren = strrchr(stat, ')')) && (paren[1] == ' ') &&
	    (paren[2] == 'Z' || paren[2] == 'X'))
		return false;
	/* a pid reused by another program is not the write */
	if (path_read_string(ctx, comm, sizeof(comm), PATH_PROC "/%ld/comm", j->pending_pid) < 0)
		return true;
	return strcmp(comm, "vfioctl") == 0;
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
			return -ENOMEM;
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
			int64_t vga = -1;
			long vfs;
			struct usage_subject u = { d->bdf, -1, -1, false };

			if (path_read_s64(ctx, &vga, PATH_SYS_PCI_DEVICES "/%s/boot_vga", d->bdf) == 0)
				u.boot_vga = (int)vga;
			/* sriov_numvfs takes the device lock: bounded, like driver_override */
			if (path_exists(ctx, PATH_SYS_PCI_DEVICES "/%s/sriov_numvfs", d->bdf)) {
				char rel[128], num[32], *end;
				long stuck;

				snprintf(rel, sizeof(rel), PATH_SYS_PCI_DEVICES "/%s/sriov_numvfs",
					 d->bdf);
				rc = timedio_read(ctx, rel, num, sizeof(num),
						  timedio_timeout(ctx, BIND_READ_TIMEOUT_MS), &stuck);
				if (rc == -ETIMEDOUT)
					return rc;
				vfs = rc > 0 ? strtol(num, &end, 10) : -1;
				if (rc > 0 && !*end && vfs >= 0 && vfs <= INT_MAX)
					u.sriov_numvfs = (int)vfs;
			}
			rc = usage_checks_of(ctx, bp, NULL, &u, NULL);
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
	if (rc < 0) {
		journal_clear(&out->journal);
		return rc;
	}
	out->have_journal = true;
	out->group = out->journal.group;
	if (out->group < 0 && out->journal.ndevs)
		snprintf(out->device, sizeof(out->device), "%s", out->journal.devs[0].bdf);
	if (out->journal.pending_pid > 0) {
		if (bind_pending_alive(ctx, &out->journal)) {
			/* no steps: reading the devices would wait on the lock that write holds */
			rc = check(out, NULL, NULL, "pending", CHECK_DENY,
				   "pid %ld is still writing '%s' in the kernel: the device state is uncertain; wait until it exits",
				   out->journal.pending_pid, out->journal.pending_path);
			goto out;
		}
		rc = check(out, NULL, NULL, "pending", CHECK_WARN,
			   "the write of '%s' by pid %ld was pending; that pid is gone: the restore reads the state it left",
			   out->journal.pending_path, out->journal.pending_pid);
		if (rc < 0)
			goto out;
		out->journal.pending_pid = 0;
	}
	{
		int g = out->group >= 0 ? out->group
			: out->journal.ndevs ? group_of(ctx, out->journal.devs[0].bdf) : -1;

		rc = g >= 0 ? group_open_check(ctx, out, g) : 0;
		if (rc < 0)
			goto out;
	}
	rc = restore_steps(ctx, ops, out);
out:
	if (rc < 0)
		bind_plan_clear(out);
	return rc;
}

/* release without a journal: hand vfio devices back to whatever the kernel matches */
static int release_unjournaled(struct path_ctx *ctx, const struct host_snapshot *snap,
			       const struct iommu_group *g, const struct bind_request *req,
			       struct bind_plan *bp)
{
	int rc = check(bp, req, NULL, "journal", CHECK_WARN,
		       "no journal for group %d: devices return to the driver the kernel matches, not a recorded one",
		       g->id);

	for (size_t i = 0; rc == 0 && i < g->nmembers; i++) {
		const struct pci_device *d = g->members[i].pci;
		struct bind_target *t;
		char drel[128];

		if (!d || pci_device_is_bridge(d))
			continue;
		/* a device bind/unbind recorded it: that journal knows where it goes */
		if (journal_path(-1, d->name, drel, sizeof(drel)) == 0 &&
		    path_exists(ctx, "%s", drel)) {
			rc = check(bp, req, d->name, "journal", CHECK_DENY,
				   "%s was changed by 'device bind' or 'device unbind' (journal %s): release it with 'device release %s'",
				   d->name, drel, d->name);
			continue;
		}
		t = add_target(bp, d->name, d->driver, d->driver_override);
		if (!t)
			return -ENOMEM;
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
		/* a dynamic ID or vfio-pci.ids would take it straight back */
		if (rc == 0)
			rc = plan_add_step(&bp->plan, PLAN_EXPECT_NOT_DRIVER, d->name,
					   BIND_VFIO_DRIVER, "the release must have taken effect",
					   NULL);
	}
	bp->noop = bp->plan.nsteps == 0;
	return rc;
}

/* no journal, no group, not on vfio: vfioctl never claimed it, so there is nothing to undo */
static int release_never_claimed(struct bind_plan *bp, const struct pci_device *d)
{
	struct bind_target *t = add_target(bp, d->name, d->driver, d->driver_override);

	if (!t)
		return -ENOMEM;
	snprintf(t->want, sizeof(t->want), "%s", d->driver);
	t->action = TARGET_ALREADY;
	t->note = "never claimed: no journal, not on vfio-pci";
	bp->group = -1;
	bp->noop = true;
	return 0;
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
		if (d->iommu_group < 0 && !pci_driver_is_vfio(d->driver) &&
		    !(d->driver_override && pci_driver_is_vfio(d->driver_override)))
			return release_never_claimed(bp, d);
		if (d->iommu_group < 0)
			return -ENODEV;
		bp->group = d->iommu_group;
	}
	g = iommu_group_find(snap->groups, bp->group);
	if (!g)
		return -ENOENT;
	if (vfio_group_is_noiommu(ctx, g->id)) {
		rc = check(bp, req, NULL, "noiommu", CHECK_WARN,
			   "group %d is a vfio-noiommu group (no IOMMU): UNSAFE, its devices get no DMA isolation; it goes away when its device leaves vfio-pci",
			   g->id);
		if (rc < 0)
			return rc;
	}
	rc = journal_path(g->id, NULL, rel, sizeof(rel));
	if (rc < 0)
		return rc;
	if (!path_exists(ctx, "%s", rel)) {
		snprintf(bp->journal_rel, sizeof(bp->journal_rel), "%s", rel);
		rc = group_open_check(ctx, bp, g->id);
		return rc < 0 ? rc : release_unjournaled(ctx, snap, g, req, bp);
	}
	rc = bind_plan_restore(ctx, &bind_ops_kernel, rel, bp);
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
	if (!t)
		return -ENOMEM;
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
	if (req->op == BIND_OP_BIND && pci_driver_is_vfio(want) && d->iommu_group < 0 &&
	    snap->host.modules.noiommu) {
		/* vfio makes a vfio-noiommu group for it (vfio_noiommu_group_alloc) */
		rc = check(bp, req, d->name, "noiommu", CHECK_REFUSE,
			   "%s has no IOMMU group; in enable_unsafe_noiommu_mode vfio-pci puts it in a vfio-noiommu group: UNSAFE, no DMA isolation, the device reaches all host memory",
			   d->name);
		if (rc < 0)
			return rc;
	} else if (req->op == BIND_OP_BIND && pci_driver_is_vfio(want) && d->iommu_group < 0) {
		rc = check(bp, req, d->name, "iommu-group", CHECK_DENY,
			   "%s has no IOMMU group: vfio-pci cannot take it", d->name);
		if (rc < 0)
			return rc;
	}
	if (*d->driver) {
		rc = usage_checks(ctx, bp, req, d, NULL);
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

/*
 * Stacked changes. "The state before" a change is the host's own: the
 * state before the first vfioctl change still in effect on the device.
 * A device is recorded by one journal at a time. A claim over a device
 * that "device bind"/"device unbind" recorded takes that record over (and
 * removes that journal once its own is written), so that releasing the
 * group returns the device to its host driver, not to what the bind set.
 */
static int absorb_device_journals(struct path_ctx *ctx, struct bind_plan *bp)
{
	for (size_t i = bp->prior_ndevs; i < bp->journal.ndevs; i++) {
		struct journal_device *d = &bp->journal.devs[i];
		const struct journal_device *old;
		struct journal dj;
		char rel[128];

		int rc;

		if (journal_path(-1, d->bdf, rel, sizeof(rel)) < 0)
			continue;
		rc = journal_read(ctx, rel, &dj);
		if (rc < 0) {
			journal_clear(&dj);
			continue;
		}
		old = journal_find(&dj, d->bdf);
		if (!old) {
			journal_clear(&dj);
			continue;
		}
		if (dj.state == JOURNAL_APPLYING) {
			journal_clear(&dj);
			return check(bp, NULL, d->bdf, "journal", CHECK_DENY,
				     "%s has an unfinished change (journal %s): run 'recover' first",
				     d->bdf, rel);
		}
		memcpy(d->driver, old->driver, sizeof(d->driver));
		memcpy(d->override, old->override, sizeof(d->override));
		journal_clear(&dj);
		rc = array_grow((void **)&bp->absorbed, &bp->absorbed_cap, bp->nabsorbed,
				sizeof(bp->absorbed[0]));
		if (rc < 0)
			return rc;
		snprintf(bp->absorbed[bp->nabsorbed++], sizeof(bp->absorbed[0]), "%s", rel);
		for (size_t k = 0; k < bp->ntargets; k++)
			if (strcmp(bp->targets[k].name, d->bdf) == 0 &&
			    bp->targets[k].action == TARGET_ALREADY)
				bp->targets[k].note = "on vfio-pci by 'device bind': its record is taken over";
	}
	return 0;
}

/* a device change on top of a group claim: the group's journal owns the device */
static int single_under_claim(struct path_ctx *ctx, struct bind_plan *bp)
{
	struct journal gj;
	char rel[128];
	bool owned;

	if (bp->noop || bp->group < 0 || journal_path(bp->group, NULL, rel, sizeof(rel)) < 0)
		return 0;
	owned = journal_read(ctx, rel, &gj) == 0 && journal_find(&gj, bp->device);
	journal_clear(&gj);
	if (!owned)
		return 0;
	return check(bp, NULL, bp->device, "journal", CHECK_DENY,
		     "%s belongs to the claim of IOMMU group %d (journal %s): release the group first",
		     bp->device, bp->group, rel);
}

/* a device whose driver_override could not be read is in a driver's hands: hands off */
static int deny_unknown_state(const struct host_snapshot *snap, struct bind_plan *bp)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < bp->ntargets; i++) {
		const struct pci_device *d = pci_list_find_name(snap->pci, bp->targets[i].name);

		if (d && d->state_unknown)
			rc = check(bp, NULL, d->name, "state", CHECK_DENY,
				   "%s did not answer in time: a driver still holds its device lock (a pending unbind or probe?); its state is uncertain",
				   d->name);
	}
	return rc;
}

int bind_plan_make(struct path_ctx *ctx, const struct host_snapshot *snap,
		   const struct bind_request *req, struct bind_plan *out)
{
	int rc;

	if (req->devices)
		return bind_set_plan_make(ctx, snap, req, out);
	memset(out, 0, sizeof(*out));
	out->op = req->op;
	out->group = req->group;
	switch (req->op) {
	case BIND_OP_CLAIM:
		rc = make_claim(ctx, snap, req, out);
		if (rc == 0)
			rc = absorb_device_journals(ctx, out);
		if (rc == 0)
			rc = dynids_check_plan(ctx, snap, out);
		break;
	case BIND_OP_RELEASE:
		rc = make_release(ctx, snap, req, out);
		break;
	case BIND_OP_BIND:
	case BIND_OP_UNBIND:
		rc = make_single(ctx, snap, req, out);
		if (rc == 0)
			rc = single_under_claim(ctx, out);
		break;
	default:
		rc = -EINVAL;
	}
	if (rc == 0)
		rc = deny_unknown_state(snap, out);
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
		/* override, drivers_probe: each enters the driver core and may block */
		rc = ops->write(ctx, s->path, s->value, BIND_WRITE_TIMEOUT_MS, &res->pending_pid);
		if (rc == -ETIMEDOUT)
			snprintf(res->pending_path, sizeof(res->pending_path), "%s", s->path);
		return rc;
	case PLAN_UNBIND:
		/* through the device's own driver link, never a path built from a name */
		snprintf(rel, sizeof(rel), PATH_PCI_DEV_UNBIND, s->device);
		rc = ops->write(ctx, rel, s->device, BIND_UNBIND_TIMEOUT_MS, &res->pending_pid);
		if (rc == -ETIMEDOUT)
			snprintf(res->pending_path, sizeof(res->pending_path), "%s", rel);
		return rc;
	case PLAN_EXPECT_NOT_DRIVER:
		rc = ops->read_driver(ctx, s->device, buf, sizeof(buf));
		if (rc == 0 && strcmp(buf, s->value) == 0) {
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "still on %s: a dynamic ID (%s/new_id) or vfio-pci.ids matches it",
				 buf, buf);
			rc = -EIO;
		}
		return rc;
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

/* the kernel's reason for failed step @s: the write's errno, kmsg lines about its device */
static void kernel_reason(struct kreason_watch *w, const struct plan_step *s, int rc,
			  bool injected, struct bind_result *res)
{
	bool write = s->action == PLAN_WRITE || s->action == PLAN_UNBIND ||
		     s->action == PLAN_LOAD_MODULE;

	if (write && !injected && rc != -ETIMEDOUT)
		res->write_errno = -rc;
	res->nkernel_log = kreason_watch_collect(w, s->device, res->kernel_log,
						 KREASON_MAX_LINES);
	for (size_t k = 0; k < res->nkernel_log && !res->probe_errno; k++)
		res->probe_errno = kreason_probe_errno(res->kernel_log[k]);
}

static int run_steps(struct path_ctx *ctx, const struct bind_plan *bp,
		     const struct bind_ops *ops, int fail_at, struct bind_result *res)
{
	struct kreason_watch *w = NULL;
	const char *marked = NULL;
	int rc = 0;

	if (fail_at < 0)
		fail_at = -fail_at;
	/* no kmsg (a fixture without one, no privilege): no kernel reason, nothing else lost */
	if (kreason_watch_open(ctx, &w) < 0)
		w = NULL;
	for (size_t i = 0; i < bp->plan.nsteps; i++) {
		const struct plan_step *s = &bp->plan.steps[i];

		/* a device's steps run together: its kernel lines are those since its first */
		if (w && *s->device && (!marked || strcmp(marked, s->device) != 0)) {
			kreason_watch_mark(w);
			marked = s->device;
		}
		rc = fail_at == (int)i + 1 ? -EIO : run_step(ctx, ops, s, res);
		if (fail_at == (int)i + 1)
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "fault injected before step %zu", i + 1);
		if (rc < 0) {
			res->failed_step = (int)i;
			res->error = rc;
			kernel_reason(w, s, rc, fail_at == (int)i + 1, res);
			break;
		}
		res->steps_done++;
		vfio_dbg("step %zu done: %s %s %s", i + 1, plan_action_name(s->action),
			 s->device, s->path);
	}
	kreason_watch_free(w);
	return rc;
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

/* the journal and the device journals a claim took over, once the change is recorded */
static int journal_finish(struct path_ctx *ctx, struct bind_plan *bp)
{
	int rc;

	if (!writes_journal(bp->op))
		return journal_remove(ctx, bp->journal_rel);
	bp->journal.state = JOURNAL_APPLIED;
	bp->journal.pending_pid = 0;
	rc = journal_write(ctx, &bp->journal, bp->journal_rel);
	/* a taken-over journal left behind would restore the same device twice */
	for (size_t i = 0; rc == 0 && i < bp->nabsorbed; i++)
		rc = journal_remove(ctx, bp->absorbed[i]);
	return rc;
}

/* a write still in the kernel: say so in the journal, undo nothing */
static void record_pending(struct path_ctx *ctx, struct bind_plan *bp, struct bind_result *res)
{
	int rc;

	res->outcome = BIND_PENDING;
	if (!writes_journal(bp->op) && !bp->have_journal)
		return;		/* a release without a journal: nothing to record in */
	bp->journal.pending_pid = res->pending_pid;
	snprintf(bp->journal.pending_path, sizeof(bp->journal.pending_path), "%s",
		 res->pending_path);
	rc = journal_write(ctx, &bp->journal, bp->journal_rel);
	if (rc < 0)
		vfio_warn("cannot record the pending write in '%s': %s", bp->journal_rel,
			  strerror(-rc));
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
		if (bp->op == BIND_OP_CLAIM && (!bp->have_journal || bp->nabsorbed) &&
		    bp->journal.ndevs)
			rc = journal_finish(ctx, bp);
		else if (writes_journal(bp->op) || !bp->have_journal)
			return 0;
		else
			rc = journal_remove(ctx, bp->journal_rel);
		res->error = rc;
		res->outcome = rc < 0 ? BIND_DONE_UNRECORDED : BIND_DONE;
		return rc;
	}
	if (writes_journal(bp->op)) {
		bp->journal.state = JOURNAL_APPLYING;
		rc = journal_write(ctx, &bp->journal, bp->journal_rel);
		if (rc < 0) {
			res->error = rc;
			res->outcome = BIND_NOT_STARTED;
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "cannot write the journal '%s'", bp->journal_rel);
			return rc;
		}
	}
	rc = run_steps(ctx, bp, ops, fail_at, res);
	if (rc < 0 && fail_at < 0) {
		res->outcome = BIND_CRASHED;
		return rc;	/* simulated crash: no rollback, the journal stays */
	}
	if (rc == 0) {
		rc = journal_finish(ctx, bp);
		if (rc < 0) {
			res->error = rc;
			res->outcome = BIND_DONE_UNRECORDED;
			snprintf(res->failed_detail, sizeof(res->failed_detail),
				 "the change is done but the journal '%s' could not be %s",
				 bp->journal_rel, writes_journal(bp->op) ? "updated" : "removed");
		}
		return rc;
	}
	if (rc == -ETIMEDOUT && res->pending_pid > 0) {
		/* undoing now would queue behind the same device lock, or race the driver */
		record_pending(ctx, bp, res);
		return rc;
	}
	if (!writes_journal(bp->op)) {
		res->outcome = BIND_FAILED;
		return rc;
	}
	{
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
		if (rrc == -ETIMEDOUT && rres.pending_pid > 0) {
			res->pending_pid = rres.pending_pid;
			snprintf(res->pending_path, sizeof(res->pending_path), "%s",
				 rres.pending_path);
			bp->journal.state = JOURNAL_APPLYING;
			record_pending(ctx, bp, res);
			res->rollback_error = rrc;
			return rc;
		}
		if (rrc == 0 && bp->have_journal) {
			/* an earlier claim's record stays as it was: only this attempt is undone */
			bp->journal.state = bp->prior_state;
			bp->journal.ndevs = bp->prior_ndevs;
			rrc = journal_write(ctx, &bp->journal, bp->journal_rel);
		} else if (rrc == 0) {
			rrc = journal_remove(ctx, bp->journal_rel);
		}
		res->rolled_back = rrc == 0;
		res->rollback_error = rrc;
		res->outcome = rrc == 0 ? BIND_ROLLED_BACK : BIND_ROLLBACK_FAILED;
	}
	return rc;
}
