// SPDX-License-Identifier: GPL-2.0-or-later
/* test-bind.c: claim, release, bind and unbind plans, the journal and rollback on a fake kernel */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "bind-set.h"
#include "host.h"
#include "inuse.h"
#include "journal.h"
#include "path.h"
#include "pathnames.h"
#include "plan.h"
#include "testutil.h"

/*
 * The host: group 1 is a GPU card behind two bridges with a NIC that
 * shares the group; group 2 holds an unbound NVMe function and a function
 * already on vfio-pci; group 3 is already claimed; group 5 lies outside.
 */
#define BR0	"0000:00:01.0"	/* bridge: header type 1 in config */
#define BR1	"0000:00:01.1"	/* bridge: class 0x0604 only, no config */
#define GPU	"0000:01:00.0"	/* bound by hand to nvidia; the kernel default is nouveau */
#define HDA	"0000:01:00.1"	/* the GPU's audio function */
#define NIC	"0000:02:00.0"	/* another endpoint of group 1, override "e1000e" */
#define NVME	"0000:03:00.0"	/* unbound */
#define PRE	"0000:03:00.1"	/* on vfio-pci before vfioctl (vfio-pci.ids) */
#define SOLO	"0000:04:00.0"	/* group 3, already on vfio-pci */
#define OUT	"0000:05:00.0"	/* group 5 */
#define NOGRP	"0000:07:00.0"	/* no IOMMU group */
#define SATA	"0000:06:00.0"	/* group 6, only in the usage tests */

#define G1_JOURNAL	"run/vfioctl/group-1.journal"
#define G2_JOURNAL	"run/vfioctl/group-2.journal"
#define DEV_DIR		"sys/devices/pci0000:00/"
#define OVR(bdf)	"sys/bus/pci/devices/" bdf "/driver_override"
#define UNBIND(bdf)	"sys/bus/pci/devices/" bdf "/driver/unbind"

static const char *const all_devs[] = { BR0, BR1, GPU, HDA, NIC, NVME, PRE, SOLO, OUT, NULL };

/* ---- the fake kernel ---------------------------------------------------- */

enum fake_call { CALL_WRITE, CALL_READ_DRIVER, CALL_READ_OVERRIDE, CALL_LOAD_MODULE };

struct fake_rec {
	enum fake_call call;
	char rel[160];
	char value[PCI_DRIVER_MAX];	/* write: the value; reads: the BDF; load: the driver */
	int timeout_ms;
	int rc;
};

#define FAKE_MAX_CALLS	512
#define FAKE_STUCK_PID	4242
#define FAKE_MAX_FAILS	64

static struct {
	char root[256];			
	struct fake_rec calls[FAKE_MAX_CALLS];
	int ncalls;
	int nwrites;
	int fail_write[FAKE_MAX_FAILS];	/* 1-based write numbers that fail */
	int nfail;
	int fail_from;			/* every write from this one on fails; 0: off */
	int fail_errno;
	int nunbinds;
	int timeout_unbind;		/* 1-based unbind that times out; 0: none */
	struct {
		char bdf[BDF_STRLEN];
		char driver[PCI_DRIVER_MAX];
	} defaults[8];
	int ndefaults;
	const char *probe_refuses;	/* a driver whose probe fails: drivers_probe binds nothing */
	const char *watch;		/* journal read inside the first write */
	char at_first_write[2048];
} fake;

static void fake_path(char *buf, size_t size, const char *rel)
{
	ck_assert_int_lt(snprintf(buf, size, "%s/%s", fake.root, rel), (int)size);
}

static void read_text(const char *rel, char *buf, size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	size_t n;

	fake_path(path, sizeof(path), rel);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static bool file_exists(const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	fake_path(path, sizeof(path), rel);
	return lstat(path, &st) == 0;
}

static struct fake_rec *record(enum fake_call c, const char *rel, const char *value)
{
	struct fake_rec *r;

	ck_assert_int_lt(fake.ncalls, FAKE_MAX_CALLS);
	r = &fake.calls[fake.ncalls++];
	memset(r, 0, sizeof(*r));
	r->call = c;
	snprintf(r->rel, sizeof(r->rel), "%s", rel);
	snprintf(r->value, sizeof(r->value), "%s", value);
	return r;
}

/* the driver link and the raw driver_override text of a device */
static int dev_state(const char *bdf, char *drv, size_t dsize, char *ovr, size_t osize)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	char *slash;

	snprintf(path, sizeof(path), "%s/" PATH_SYS_PCI_DEVICES "/%s", fake.root, bdf);
	if (stat(path, &st) < 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/" PATH_SYS_PCI_DEVICES "/%s/driver", fake.root, bdf);
	n = readlink(path, target, sizeof(target) - 1);
	drv[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		slash = strrchr(target, '/');
		snprintf(drv, dsize, "%s", slash ? slash + 1 : target);
	}
	snprintf(path, sizeof(path), PATH_SYS_PCI_DEVICES "/%s/driver_override", bdf);
	read_text(path, ovr, osize);
	ovr[strcspn(ovr, "\n")] = '\0';
	return 0;
}

static void set_driver(const char *bdf, const char *driver)
{
	char path[PATH_MAX], target[PATH_MAX];

	snprintf(path, sizeof(path), "%s/" PATH_SYS_PCI_DEVICES "/%s/driver", fake.root, bdf);
	unlink(path);
	if (!*driver)
		return;
	snprintf(target, sizeof(target), "../../../bus/pci/drivers/%s", driver);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void set_override(const char *bdf, const char *value)
{
	char rel[PATH_MAX], text[PCI_DRIVER_MAX + 2];

	snprintf(rel, sizeof(rel), PATH_SYS_PCI_DEVICES "/%s/driver_override", bdf);
	snprintf(text, sizeof(text), "%s\n", *value ? value : "(null)");
	tree_write(fake.root, rel, text);
}

static bool driver_registered(const char *driver)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), PATH_PCI_DRIVER_DIR, driver);
	return *driver && file_exists(rel);
}

static const char *default_driver(const char *bdf)
{
	for (int i = 0; i < fake.ndefaults; i++)
		if (strcmp(fake.defaults[i].bdf, bdf) == 0)
			return fake.defaults[i].driver;
	return "";
}

/* drivers_probe: honours driver_override; succeeds even when nothing binds */
static int fake_probe(const char *bdf)
{
	char drv[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX];

	if (dev_state(bdf, drv, sizeof(drv), ovr, sizeof(ovr)) < 0)
		return -ENODEV;
	if (*drv)
		return 0;
	if (strcmp(ovr, "(null)") != 0) {
		if (driver_registered(ovr) &&
		    !(fake.probe_refuses && strcmp(ovr, fake.probe_refuses) == 0))
			set_driver(bdf, ovr);
		return 0;
	}
	if (driver_registered(default_driver(bdf)))
		set_driver(bdf, default_driver(bdf));
	return 0;
}

static int fake_unbind(const char *bdf, const char *value)
{
	char drv[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX];

	if (dev_state(bdf, drv, sizeof(drv), ovr, sizeof(ovr)) < 0 || !*drv)
		return -ENOENT;		/* no BDF/driver/unbind to open */
	if (strcmp(value, bdf) != 0)
		return -ENODEV;
	if (++fake.nunbinds == fake.timeout_unbind)
		return -ETIMEDOUT;
	set_driver(bdf, "");
	return 0;
}

static int fake_set_override(const char *bdf, const char *value)
{
	char drv[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX], name[PCI_DRIVER_MAX];

	if (dev_state(bdf, drv, sizeof(drv), ovr, sizeof(ovr)) < 0)
		return -ENOENT;
	if (!*value)
		return 0;	/* a zero-length write never reaches the kernel */
	snprintf(name, sizeof(name), "%s", value);
	name[strcspn(name, "\n")] = '\0';
	set_override(bdf, name);
	return 0;
}

static int fake_apply_write(const char *rel, const char *value)
{
	const size_t plen = strlen(PATH_SYS_PCI_DEVICES "/");
	char bdf[BDF_STRLEN + 8];
	const char *slash;

	if (strcmp(rel, PATH_PCI_DRIVERS_PROBE) == 0)
		return fake_probe(value);
	if (strncmp(rel, PATH_SYS_PCI_DEVICES "/", plen) != 0)
		return -EPERM;
	slash = strchr(rel + plen, '/');
	if (!slash || (size_t)(slash - rel - plen) >= sizeof(bdf))
		return -EPERM;
	snprintf(bdf, sizeof(bdf), "%.*s", (int)(slash - rel - plen), rel + plen);
	if (strcmp(slash + 1, "driver_override") == 0)
		return fake_set_override(bdf, value);
	if (strcmp(slash + 1, "driver/unbind") == 0)
		return fake_unbind(bdf, value);
	return -EPERM;
}

static int fake_write(struct path_ctx *ctx, const char *rel, const char *value, int timeout_ms,
		      long *stuck_pid)
{
	struct fake_rec *r = record(CALL_WRITE, rel, value);
	int n = ++fake.nwrites;

	*stuck_pid = 0;
	r->timeout_ms = timeout_ms;
	if (n == 1 && fake.watch)
		read_text(fake.watch, fake.at_first_write, sizeof(fake.at_first_write));
	for (int i = 0; i < fake.nfail; i++)
		if (fake.fail_write[i] == n)
			return r->rc = -fake.fail_errno;
	if (fake.fail_from && n >= fake.fail_from)
		return r->rc = -fake.fail_errno;
	r->rc = fake_apply_write(rel, value);
	if (r->rc == -ETIMEDOUT)
		*stuck_pid = FAKE_STUCK_PID;	/* the child left in the kernel */
	return r->rc;
}

static int fake_read_driver(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	char ovr[PCI_DRIVER_MAX];
	struct fake_rec *r = record(CALL_READ_DRIVER, "", bdf);

	r->rc = dev_state(bdf, buf, size, ovr, sizeof(ovr));
	return r->rc;
}

static int fake_read_override(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	char drv[PCI_DRIVER_MAX];
	struct fake_rec *r = record(CALL_READ_OVERRIDE, "", bdf);

	r->rc = dev_state(bdf, drv, sizeof(drv), buf, size);
	if (r->rc == 0 && strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return r->rc;
}

static int fake_load_module(struct path_ctx *ctx, const char *driver)
{
	struct fake_rec *r = record(CALL_LOAD_MODULE, "", driver);

	r->rc = driver_registered(driver) ? 0 : -ENOENT;
	return r->rc;
}

static const struct bind_ops fake_ops = {
	.write = fake_write,
	.read_driver = fake_read_driver,
	.read_override = fake_read_override,
	.load_module = fake_load_module,
};

static void fake_reset(const char *root)
{
	memset(&fake, 0, sizeof(fake));
	snprintf(fake.root, sizeof(fake.root), "%s", root);
	fake.fail_errno = EBUSY;
}

/* forget the calls, keep the configuration */
static void fake_clear_calls(void)
{
	fake.ncalls = 0;
	fake.nwrites = 0;
	fake.nunbinds = 0;
}

static void fake_default(const char *bdf, const char *driver)
{
	ck_assert_int_lt(fake.ndefaults, 8);
	snprintf(fake.defaults[fake.ndefaults].bdf, BDF_STRLEN, "%s", bdf);
	snprintf(fake.defaults[fake.ndefaults].driver, PCI_DRIVER_MAX, "%s", driver);
	fake.ndefaults++;
}

/* the first call at or after @from that matches; NULL matches anything */
static int find_call(int from, enum fake_call c, const char *rel, const char *value)
{
	for (int i = from; i < fake.ncalls; i++) {
		const struct fake_rec *r = &fake.calls[i];

		if (r->call == c && (!rel || strcmp(r->rel, rel) == 0) &&
		    (!value || strcmp(r->value, value) == 0))
			return i;
	}
	return -1;
}

static int count_calls(enum fake_call c, const char *rel, const char *value)
{
	int n = 0;

	for (int i = find_call(0, c, rel, value); i >= 0; i = find_call(i + 1, c, rel, value))
		n++;
	return n;
}

static bool calls_mention(const char *bdf)
{
	for (int i = 0; i < fake.ncalls; i++)
		if (strstr(fake.calls[i].rel, bdf) || strcmp(fake.calls[i].value, bdf) == 0)
			return true;
	return false;
}

/* ---- the sysroot ---------------------------------------------------------- */

static void add_driver(const char *root, const char *name)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), PATH_PCI_DRIVER_DIR, name);
	tree_mkdir(root, rel);
}

/*
 * Where a function lives below sys/devices: the GPU's bus 01 sits behind
 * the port BR0 (a card), every other function on the root bus; @up is the
 * extra "../" a link from inside the directory needs.
 */
static const char *dev_sub(const char *bdf, const char **up)
{
	bool card = strncmp(bdf, "0000:01:", 8) == 0;

	*up = card ? "../" : "";
	return card ? "pci0000:00/" BR0 "/" : "pci0000:00/";
}

static void write_config(const char *root, const char *bdf, uint8_t header)
{
	unsigned char cfg[64] = { 0 };
	char path[PATH_MAX];
	const char *up;
	FILE *f;

	cfg[0] = 0xde;
	cfg[1] = 0x10;
	cfg[0x0e] = header;
	snprintf(path, sizeof(path), "%s/sys/devices/%s%s/config", root, dev_sub(bdf, &up), bdf);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(cfg, 1, sizeof(cfg), f), sizeof(cfg));
	fclose(f);
}

/* a function as sysfs shows it; @header < 0: no config file */
static void add_dev_vendor(const char *root, const char *bdf, unsigned cls, int group,
			   const char *driver, const char *override, int header,
			   const char *vendor)
{
	char rel[PATH_MAX], target[PATH_MAX], text[80], dir[PATH_MAX / 2];
	const char *up, *sub = dev_sub(bdf, &up);

	snprintf(dir, sizeof(dir), "sys/devices/%s%s", sub, bdf);
	snprintf(rel, sizeof(rel), "%s/class", dir);
	snprintf(text, sizeof(text), "0x%06x\n", cls);
	tree_write(root, rel, text);
	snprintf(rel, sizeof(rel), "%s/vendor", dir);
	snprintf(text, sizeof(text), "%s\n", vendor);
	tree_write(root, rel, text);
	snprintf(rel, sizeof(rel), "%s/device", dir);
	tree_write(root, rel, "0x1234\n");
	snprintf(rel, sizeof(rel), "%s/driver_override", dir);
	snprintf(text, sizeof(text), "%s\n", override ? override : "(null)");
	tree_write(root, rel, text);
	if (header >= 0)
		write_config(root, bdf, (uint8_t)header);
	if (group >= 0) {
		snprintf(rel, sizeof(rel), "%s/iommu_group", dir);
		snprintf(target, sizeof(target), "%s../../../kernel/iommu_groups/%d", up, group);
		tree_link(root, rel, target);
		snprintf(rel, sizeof(rel), PATH_SYS_IOMMU_GROUPS "/%d/devices/%s", group, bdf);
		snprintf(target, sizeof(target), "../../../../devices/%s%s", sub, bdf);
		tree_link(root, rel, target);
	}
	snprintf(rel, sizeof(rel), PATH_SYS_PCI_DEVICES "/%s", bdf);
	snprintf(target, sizeof(target), "../../../devices/%s%s", sub, bdf);
	tree_link(root, rel, target);
	if (driver && *driver) {
		add_driver(root, driver);
		snprintf(rel, sizeof(rel), "%s/driver", dir);
		snprintf(target, sizeof(target), "%s../../../bus/pci/drivers/%s", up, driver);
		tree_link(root, rel, target);
	}
}

static void add_dev(const char *root, const char *bdf, unsigned cls, int group,
		    const char *driver, const char *override, int header)
{
	add_dev_vendor(root, bdf, cls, group, driver, override, header, "0x10de");
}

static void build_host(const char *root)
{
	static const char *const drivers[] = { "vfio-pci", "pcieport", "nvidia", "nouveau",
						"snd_hda_intel", "e1000e", "nvme", "pci-stub",
						"ahci", NULL };

	tree_write(root, PATH_PROC_OSRELEASE, "6.1.0\n");
	for (const char *const *d = drivers; *d; d++)
		add_driver(root, *d);
	add_dev(root, BR0, 0x060400, 1, "pcieport", NULL, PCI_HEADER_BRIDGE);
	add_dev(root, BR1, 0x060400, 1, "pcieport", NULL, -1);
	add_dev(root, GPU, 0x030000, 1, "nvidia", NULL, 0x80);
	add_dev(root, HDA, 0x040300, 1, "snd_hda_intel", NULL, -1);
	add_dev(root, NIC, 0x020000, 1, "e1000e", "e1000e", 0);
	add_dev(root, NVME, 0x010802, 2, NULL, NULL, 0);
	add_dev(root, PRE, 0x020000, 2, "vfio-pci", NULL, 0);
	add_dev(root, SOLO, 0x030000, 3, "vfio-pci", "vfio-pci", 0);
	add_dev(root, OUT, 0x020000, 5, "e1000e", NULL, 0);
	add_dev(root, NOGRP, 0x020000, -1, "e1000e", NULL, 0);
	/* what drivers_probe picks without an override */
	fake_default(GPU, "nouveau");
	fake_default(HDA, "snd_hda_intel");
	fake_default(NIC, "e1000e");
	fake_default(NVME, "nvme");
	fake_default(PRE, "vfio-pci");
}

struct env {
	char *root;
	struct path_ctx *ctx;
	struct host_snapshot *snap;
};

static void env_snap(struct env *e)
{
	host_snapshot_free(e->snap);
	e->snap = NULL;
	ck_assert_int_eq(host_snapshot_take(e->ctx, &e->snap), 0);
}

static void env_open(struct env *e)
{
	e->root = tree_new();
	fake_reset(e->root);
	build_host(e->root);
	ck_assert_int_eq(path_ctx_new(e->root, &e->ctx), 0);
	e->snap = NULL;
	env_snap(e);
}

/* the host path of @rel in @e's tree (one buffer: use it before the next call) */
static const char *root_path(struct env *e, const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", e->root, rel);
	return buf;
}

static void env_close(struct env *e)
{
	host_snapshot_free(e->snap);
	path_ctx_free(e->ctx);
	tree_cleanup(e->root);
}

struct devstate {
	char driver[PCI_DRIVER_MAX];
	char override[PCI_DRIVER_MAX];	/* raw: "(null)" when unset */
};

static void take_states(struct devstate *s)
{
	for (size_t i = 0; all_devs[i]; i++)
		ck_assert_int_eq(dev_state(all_devs[i], s[i].driver, sizeof(s[i].driver),
					   s[i].override, sizeof(s[i].override)), 0);
}

static void assert_states(const struct devstate *before, const char *what)
{
	struct devstate now[16];

	take_states(now);
	for (size_t i = 0; all_devs[i]; i++) {
		ck_assert_msg(strcmp(now[i].driver, before[i].driver) == 0,
			      "%s: %s driver '%s', was '%s'", what, all_devs[i], now[i].driver,
			      before[i].driver);
		ck_assert_msg(strcmp(now[i].override, before[i].override) == 0,
			      "%s: %s driver_override '%s', was '%s'", what, all_devs[i],
			      now[i].override, before[i].override);
	}
}

static void assert_dev(const char *bdf, const char *driver, const char *override)
{
	char drv[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX];

	ck_assert_int_eq(dev_state(bdf, drv, sizeof(drv), ovr, sizeof(ovr)), 0);
	ck_assert_msg(strcmp(drv, driver) == 0, "%s: driver '%s', expected '%s'", bdf, drv, driver);
	ck_assert_msg(strcmp(ovr, override) == 0, "%s: driver_override '%s', expected '%s'", bdf,
		      ovr, override);
}

/* no temporary file of an atomic write is left in run/vfioctl */
static void assert_no_temp(void)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	fake_path(path, sizeof(path), PATH_RUN_DIR);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)))
		ck_assert_msg(!strstr(de->d_name, ".tmp"), "temp file %s left", de->d_name);
	closedir(d);
}

static const struct bind_target *target(const struct bind_plan *bp, const char *name)
{
	for (size_t i = 0; i < bp->ntargets; i++)
		if (strcmp(bp->targets[i].name, name) == 0)
			return &bp->targets[i];
	ck_abort_msg("no target %s", name);
	return NULL;
}

static const struct plan_check *find_check(const struct bind_plan *bp, const char *dev,
					   const char *name)
{
	for (size_t i = 0; i < bp->plan.nchecks; i++)
		if (strcmp(bp->plan.checks[i].name, name) == 0 &&
		    (!dev || strcmp(bp->plan.checks[i].device, dev) == 0))
			return &bp->plan.checks[i];
	return NULL;
}

static void assert_step(const struct plan_step *s, enum plan_action a, const char *dev,
			const char *path, const char *value)
{
	ck_assert_msg(s->action == a, "step is %s, expected %s", plan_action_name(s->action),
		      plan_action_name(a));
	ck_assert_str_eq(s->device, dev);
	ck_assert_str_eq(s->path, path);
	ck_assert_str_eq(s->value, value);
	ck_assert_ptr_nonnull(s->why);
}

static bool steps_mention(const struct bind_plan *bp, const char *bdf)
{
	for (size_t i = 0; i < bp->plan.nsteps; i++)
		if (strcmp(bp->plan.steps[i].device, bdf) == 0 ||
		    strstr(bp->plan.steps[i].path, bdf) || strcmp(bp->plan.steps[i].value, bdf) == 0)
			return true;
	return false;
}

static int make(struct env *e, const struct bind_request *req, struct bind_plan *bp)
{
	return bind_plan_make(e->ctx, e->snap, req, bp);
}

static void claim_group(struct env *e, int group)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = group };
	struct bind_plan bp;
	struct bind_result res;

	ck_assert_int_eq(make(e, &req, &bp), 0);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_int_eq(bind_plan_apply(e->ctx, &bp, &fake_ops, 0, &res), 0);
	bind_plan_clear(&bp);
	env_snap(e);
	fake_clear_calls();
}

static void assert_journal_dev(const struct journal *j, const char *bdf, const char *driver,
			       const char *override)
{
	const struct journal_device *d = journal_find(j, bdf);

	ck_assert_msg(d != NULL, "%s not in the journal", bdf);
	ck_assert_str_eq(d->driver, driver);
	ck_assert_str_eq(d->override, override);
}

/* group 1 as claimed from the original host */
static void assert_g1_journal(struct env *e, enum journal_state state)
{
	struct journal j;

	ck_assert_int_eq(journal_read(e->ctx, G1_JOURNAL, &j), 0);
	ck_assert_str_eq(j.op, "claim");
	ck_assert_int_eq(j.group, 1);
	ck_assert_int_eq(j.state, state);
	ck_assert_int_eq(j.pid, (long)getpid());
	ck_assert_uint_eq(j.ndevs, 3);
	assert_journal_dev(&j, GPU, "nvidia", "");
	assert_journal_dev(&j, HDA, "snd_hda_intel", "");
	assert_journal_dev(&j, NIC, "e1000e", "e1000e");
	ck_assert_ptr_null(journal_find(&j, BR0));
	ck_assert_ptr_null(journal_find(&j, BR1));
}

/* ---- 1. claim: order, journal, bridges ---------------------------------------- */

START_TEST(test_claim_order)
{
	static const char *const eps[] = { GPU, HDA, NIC };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	char text[2048];
	int prev = 0;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert(!bp.noop);
	ck_assert_int_eq(bp.group, 1);
	ck_assert_str_eq(bp.journal_rel, G1_JOURNAL);
	ck_assert_uint_eq(bp.ntargets, 5);
	ck_assert_int_eq(target(&bp, BR0)->action, TARGET_BRIDGE);
	ck_assert_int_eq(target(&bp, BR1)->action, TARGET_BRIDGE);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(target(&bp, eps[i])->action, TARGET_CHANGE);
		ck_assert_str_eq(target(&bp, eps[i])->want, "vfio-pci");
	}

	/* the module first, then per device: override, unbind, probe, read back */
	ck_assert_uint_eq(bp.plan.nsteps, 1 + 3 * 4);
	assert_step(&bp.plan.steps[0], PLAN_LOAD_MODULE, "", "", "vfio-pci");
	for (size_t i = 0; i < 3; i++) {
		const struct plan_step *s = &bp.plan.steps[1 + 4 * i];
		char ovr[128], unb[128];

		snprintf(ovr, sizeof(ovr), PATH_PCI_DEV_OVERRIDE, eps[i]);
		snprintf(unb, sizeof(unb), PATH_PCI_DEV_UNBIND, eps[i]);
		assert_step(&s[0], PLAN_WRITE, eps[i], ovr, "vfio-pci");
		assert_step(&s[1], PLAN_UNBIND, eps[i], "", i == 0 ? "nvidia"
							   : i == 1 ? "snd_hda_intel" : "e1000e");
		assert_step(&s[2], PLAN_WRITE, eps[i], PATH_PCI_DRIVERS_PROBE, eps[i]);
		assert_step(&s[3], PLAN_EXPECT_DRIVER, eps[i], "", "vfio-pci");
	}
	ck_assert(!steps_mention(&bp, BR0));
	ck_assert(!steps_mention(&bp, BR1));

	fake.watch = G1_JOURNAL;
	ck_assert(!file_exists(G1_JOURNAL));
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_uint_eq(res.steps_done, bp.plan.nsteps);
	ck_assert_int_eq(res.failed_step, -1);
	ck_assert_int_eq(res.error, 0);
	ck_assert(!res.rolled_back);

	/* the journal was on disk, "applying", when the first write happened */
	ck_assert_msg(strstr(fake.at_first_write, "vfioctl-journal 1\n") == fake.at_first_write,
		      "journal at the first write: '%s'", fake.at_first_write);
	ck_assert_ptr_nonnull(strstr(fake.at_first_write, "\nstate applying\n"));
	ck_assert_ptr_nonnull(strstr(fake.at_first_write, "\nop claim\n"));
	ck_assert_ptr_nonnull(strstr(fake.at_first_write, "device " GPU " driver=nvidia override=\n"));

	/* vfio-pci registered before any write */
	ck_assert_int_eq(fake.calls[0].call, CALL_LOAD_MODULE);
	ck_assert_str_eq(fake.calls[0].value, "vfio-pci");
	for (size_t i = 0; i < 3; i++) {
		char ovr[128], unb[128];
		int w, u, p, r;

		snprintf(ovr, sizeof(ovr), PATH_PCI_DEV_OVERRIDE, eps[i]);
		snprintf(unb, sizeof(unb), PATH_PCI_DEV_UNBIND, eps[i]);
		w = find_call(prev, CALL_WRITE, ovr, "vfio-pci");
		u = find_call(prev, CALL_WRITE, unb, eps[i]);
		p = find_call(prev, CALL_WRITE, PATH_PCI_DRIVERS_PROBE, eps[i]);
		r = find_call(prev, CALL_READ_DRIVER, NULL, eps[i]);
		ck_assert_msg(w > 0 && w < u && u < p && p < r, "%s: override %d unbind %d probe %d read %d",
			      eps[i], w, u, p, r);
		/* every write enters the driver core: each is time-limited */
		ck_assert_int_eq(fake.calls[w].timeout_ms, BIND_WRITE_TIMEOUT_MS);
		ck_assert_int_eq(fake.calls[u].timeout_ms, BIND_UNBIND_TIMEOUT_MS);
		ck_assert_int_eq(fake.calls[p].timeout_ms, BIND_WRITE_TIMEOUT_MS);
		prev = r + 1;
	}
	ck_assert_int_eq(fake.ncalls, 1 + 3 * 4);
	ck_assert(!calls_mention(BR0));
	ck_assert(!calls_mention(BR1));

	read_text(G1_JOURNAL, text, sizeof(text));
	ck_assert_ptr_nonnull(strstr(text, "\nstate applied\n"));
	assert_g1_journal(&e, JOURNAL_APPLIED);
	assert_no_temp();
	assert_dev(GPU, "vfio-pci", "vfio-pci");
	assert_dev(HDA, "vfio-pci", "vfio-pci");
	assert_dev(NIC, "vfio-pci", "vfio-pci");
	assert_dev(BR0, "pcieport", "(null)");
	assert_dev(BR1, "pcieport", "(null)");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* an unbound function needs no unbind; one already on vfio-pci gets no step */
START_TEST(test_claim_unbound_and_already_vfio)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 2 };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	struct journal j;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(target(&bp, PRE)->action, TARGET_ALREADY);
	ck_assert_int_eq(target(&bp, NVME)->action, TARGET_CHANGE);
	ck_assert(!steps_mention(&bp, PRE));
	ck_assert_uint_eq(bp.plan.nsteps, 4);
	assert_step(&bp.plan.steps[0], PLAN_LOAD_MODULE, "", "", "vfio-pci");
	assert_step(&bp.plan.steps[1], PLAN_WRITE, NVME, OVR(NVME), "vfio-pci");
	assert_step(&bp.plan.steps[2], PLAN_WRITE, NVME, PATH_PCI_DRIVERS_PROBE, NVME);
	assert_step(&bp.plan.steps[3], PLAN_EXPECT_DRIVER, NVME, "", "vfio-pci");
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert(!calls_mention(PRE));
	ck_assert_int_eq(count_calls(CALL_WRITE, UNBIND(NVME), NULL), 0);
	assert_dev(NVME, "vfio-pci", "vfio-pci");
	assert_dev(PRE, "vfio-pci", "(null)");
	ck_assert_int_eq(journal_read(e.ctx, G2_JOURNAL, &j), 0);
	ck_assert_int_eq(j.state, JOURNAL_APPLIED);
	ck_assert_uint_eq(j.ndevs, 2);
	assert_journal_dev(&j, NVME, "", "");
	assert_journal_dev(&j, PRE, "vfio-pci", "");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

START_TEST(test_claim_noop)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 3 };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(bp.noop);
	ck_assert_uint_eq(bp.plan.nsteps, 0);
	ck_assert_int_eq(target(&bp, SOLO)->action, TARGET_ALREADY);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_int_eq(fake.ncalls, 0);
	/* the claim records that SOLO was on vfio-pci already ... */
	{
		struct journal j;

		ck_assert_int_eq(journal_read(e.ctx, "run/vfioctl/group-3.journal", &j), 0);
		ck_assert_int_eq(j.state, JOURNAL_APPLIED);
		assert_journal_dev(&j, SOLO, "vfio-pci", "vfio-pci");
	}
	bind_plan_clear(&bp);
	/* ... so that a release leaves it there and only drops the journal */
	{
		struct bind_request rel = { .op = BIND_OP_RELEASE, .group = 3 };

		ck_assert_int_eq(make(&e, &rel, &bp), 0);
		ck_assert(bp.noop);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
		ck_assert_int_eq(fake.ncalls, 0);
		ck_assert(!file_exists("run/vfioctl/group-3.journal"));
		bind_plan_clear(&bp);
	}

	req.group = 42;
	ck_assert_int_eq(make(&e, &req, &bp), -ENOENT);
	req.group = -1;
	req.device = "0000:09:00.0";
	ck_assert_int_eq(make(&e, &req, &bp), -ENOENT);
	req.device = NOGRP;
	ck_assert_int_eq(make(&e, &req, &bp), -ENODEV);
	env_close(&e);
}
END_TEST

/* a missing vfio-pci fails at the first step, before any device is touched */
START_TEST(test_claim_module_missing)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	struct devstate before[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	ck_assert_int_eq(rmdir(root_path(&e, "sys/bus/pci/drivers/vfio-pci")), 0);
	take_states(before);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), -ENOENT);
	ck_assert_int_eq(res.failed_step, 0);
	ck_assert(res.rolled_back);
	ck_assert_int_eq(fake.nwrites, 0);
	assert_states(before, "module missing");
	ck_assert(!file_exists(G1_JOURNAL));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* ---- 2. companions and --with ------------------------------------------------- */

START_TEST(test_device_claim_companions)
{
	static const char *const with_nic[] = { "02:00.0", NULL };
	static const char *const with_out[] = { OUT, NULL };
	static const char *const with_bad[] = { "not-a-bdf", NULL };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1, .device = GPU };
	const struct plan_check *c;
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_str_eq(bp.device, GPU);
	ck_assert_int_eq(bp.group, 1);
	ck_assert_str_eq(target(&bp, GPU)->note, "the named device");
	ck_assert_int_eq(target(&bp, HDA)->action, TARGET_CHANGE);
	ck_assert_str_eq(target(&bp, HDA)->note, "a function of the same card");
	ck_assert(steps_mention(&bp, HDA));
	ck_assert_ptr_null(find_check(&bp, HDA, "companion"));
	c = find_check(&bp, NIC, "companion");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_DENY);
	ck_assert_ptr_nonnull(strstr(c->detail, "--with " NIC));
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);

	/* --force does not turn a deny into a pass */
	req.force = true;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, NIC, "companion")->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);
	req.force = false;

	/* consent, in the short form */
	req.with = with_nic;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, NULL, "companion"));
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_str_eq(target(&bp, NIC)->note, "consented with --with");
	ck_assert(steps_mention(&bp, NIC));
	bind_plan_clear(&bp);

	/* --with outside the group */
	req.with = with_out;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, OUT, "with");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	ck_assert(!steps_mention(&bp, OUT));
	bind_plan_clear(&bp);

	req.with = with_bad;
	ck_assert_int_eq(make(&e, &req, &bp), -EINVAL);

	/* the group verb takes every endpoint without asking */
	req = (struct bind_request){ .op = BIND_OP_CLAIM, .group = 1 };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, NULL, "companion"));
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_str_eq(bp.device, "");
	ck_assert_str_eq(target(&bp, GPU)->note, "member of the group");
	ck_assert(steps_mention(&bp, GPU) && steps_mention(&bp, HDA) && steps_mention(&bp, NIC));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/*
 * Issue 6 item 3: the chipset's 00:1f.x functions are no card. Claiming
 * its HD audio takes neither the LPC/eSPI bridge, the SMBus nor the SPI
 * flash controller; only functions of one endpoint behind a port, of the
 * same vendor, come along.
 */
#define LPC	"0000:00:1f.0"
#define PCH_HDA	"0000:00:1f.3"
#define SMBUS	"0000:00:1f.4"
#define SPI	"0000:00:1f.5"
#define UCSI	"0000:01:00.3"	/* the GPU card's USB-C controller: same vendor */
#define APU_USB	"0000:01:00.2"	/* same slot, another vendor (an APU's USB) */

START_TEST(test_claim_chipset_is_no_card)
{
	static const char *const with_all[] = { SMBUS, SPI, NULL };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1, .device = PCH_HDA };
	const struct plan_check *c;
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	add_dev_vendor(e.root, LPC, 0x060100, 7, "lpc_ich", NULL, 0x80, "0x8086");
	add_dev_vendor(e.root, PCH_HDA, 0x040300, 7, "snd_hda_intel", NULL, 0x80, "0x8086");
	add_dev_vendor(e.root, SMBUS, 0x0c0500, 7, "i801_smbus", NULL, 0x80, "0x8086");
	add_dev_vendor(e.root, SPI, 0x0c8000, 7, "intel-spi", NULL, 0x80, "0x8086");
	add_dev(e.root, UCSI, 0x0c8000, 1, "nvidia-gpu", NULL, 0x80);
	add_dev_vendor(e.root, APU_USB, 0x0c0330, 1, "xhci_hcd", NULL, 0x80, "0x1022");
	env_snap(&e);

	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(plan_refused(&bp.plan));
	for (const char *const *f = with_all; *f; f++) {
		c = find_check(&bp, *f, "companion");
		ck_assert_msg(c && c->result == CHECK_DENY, "%s came along silently", *f);
		ck_assert_ptr_nonnull(strstr(c->detail, "--with"));
		ck_assert_str_ne(target(&bp, *f)->note, "a function of the same card");
	}
	/* the LPC bridge is a platform bridge: never bound, with or without consent */
	ck_assert_int_eq(target(&bp, LPC)->action, TARGET_BRIDGE);
	ck_assert_ptr_null(find_check(&bp, LPC, "companion"));
	ck_assert_str_eq(target(&bp, SMBUS)->note, "a platform function");
	/* the SPI controller is class 0c80 like the UCSI below, but on the root bus */
	ck_assert_str_eq(target(&bp, SPI)->note, "another endpoint in the group");
	bind_plan_clear(&bp);

	/* consent takes them */
	req.with = with_all;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_str_eq(target(&bp, SMBUS)->note, "consented with --with");
	bind_plan_clear(&bp);

	/* a group claim names the group, not the chipset's platform functions */
	req = (struct bind_request){ .op = BIND_OP_CLAIM, .group = 7 };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(plan_refused(&bp.plan));
	ck_assert_int_eq(target(&bp, LPC)->action, TARGET_BRIDGE);
	ck_assert_int_eq(find_check(&bp, SMBUS, "companion")->result, CHECK_DENY);
	ck_assert_ptr_null(find_check(&bp, SPI, "companion"));
	ck_assert_ptr_null(find_check(&bp, PCH_HDA, "companion"));
	bind_plan_clear(&bp);

	/* a card behind a port: the same vendor's functions come, another vendor's do not */
	req = (struct bind_request){ .op = BIND_OP_CLAIM, .group = -1, .device = GPU };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_str_eq(target(&bp, HDA)->note, "a function of the same card");
	ck_assert_str_eq(target(&bp, UCSI)->note, "a function of the same card");
	ck_assert_ptr_null(find_check(&bp, UCSI, "companion"));
	c = find_check(&bp, APU_USB, "companion");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_DENY);
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* ---- 3. failures roll back ---------------------------------------------------- */

static void assert_rolled_back(struct env *e, const struct devstate *before,
			       const struct bind_result *res, const char *what)
{
	ck_assert_msg(res->rolled_back, "%s: not rolled back (%d at rollback step %d)", what,
		      res->rollback_error, res->rollback_failed_step);
	ck_assert_int_eq(res->rollback_error, 0);
	ck_assert_int_eq(res->rollback_failed_step, -1);
	assert_states(before, what);
	ck_assert_msg(!file_exists(G1_JOURNAL) && !file_exists(G2_JOURNAL), "%s: journal left",
		      what);
	assert_no_temp();
}

START_TEST(test_fail_at_each_step)
{
	for (int group = 1; group <= 2; group++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = group };
		size_t nsteps = 1;

		for (int k = 1; k <= (int)nsteps; k++) {
			struct devstate before[16];
			struct env e;
			struct bind_plan bp;
			struct bind_result res;
			char what[64];

			env_open(&e);
			take_states(before);
			ck_assert_int_eq(make(&e, &req, &bp), 0);
			nsteps = bp.plan.nsteps;
			snprintf(what, sizeof(what), "group %d fail_at %d", group, k);
			ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, k, &res), -EIO);
			ck_assert_int_eq(res.failed_step, k - 1);
			ck_assert_uint_eq(res.steps_done, (size_t)k - 1);
			ck_assert_int_eq(res.error, -EIO);
			assert_rolled_back(&e, before, &res, what);
			bind_plan_clear(&bp);
			env_close(&e);
		}
		ck_assert_uint_eq(nsteps, group == 1 ? 13 : 4);
	}
}
END_TEST

/* the writes and unbinds of a successful claim of @group */
static int count_claim_writes(int group, int *unbinds)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = group };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	int n;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	bind_plan_clear(&bp);
	n = fake.nwrites;
	*unbinds = fake.nunbinds;
	env_close(&e);
	return n;
}

START_TEST(test_fake_write_fails_nth)
{
	int unbinds, writes = count_claim_writes(1, &unbinds);

	ck_assert_int_eq(writes, 9);
	for (int n = 1; n <= writes; n++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
		struct devstate before[16];
		struct env e;
		struct bind_plan bp;
		struct bind_result res;
		char what[64];

		env_open(&e);
		fake.fail_write[fake.nfail++] = n;
		take_states(before);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		snprintf(what, sizeof(what), "write %d fails", n);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), -EBUSY);
		ck_assert_int_eq(res.error, -EBUSY);
		ck_assert_int_ge(res.failed_step, 1);
		assert_rolled_back(&e, before, &res, what);
		bind_plan_clear(&bp);
		env_close(&e);
	}
}
END_TEST

START_TEST(test_unbind_timeout)
{
	int unbinds;

	count_claim_writes(1, &unbinds);
	ck_assert_int_eq(unbinds, 3);
	for (int m = 1; m <= unbinds; m++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
		struct devstate before[16];
		struct env e;
		struct bind_plan bp;
		struct bind_result res;
		char what[64];

		env_open(&e);
		fake.timeout_unbind = m;
		take_states(before);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		snprintf(what, sizeof(what), "unbind %d times out", m);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), -ETIMEDOUT);
		ck_assert_int_eq(bp.plan.steps[res.failed_step].action, PLAN_UNBIND);
		ck_assert_int_eq(res.failed_step, 2 + 4 * (m - 1));
		/* pending, never "rolled back": the device is in the driver's hands */
		ck_assert_int_eq(res.outcome, BIND_PENDING);
		ck_assert_msg(!res.rolled_back, "%s: reported as rolled back", what);
		ck_assert_int_eq(res.pending_pid, FAKE_STUCK_PID);
		{
			struct journal j;
			struct bind_plan rp;
			char rel[128];

			snprintf(rel, sizeof(rel), PATH_PCI_DEV_UNBIND,
				 bp.plan.steps[res.failed_step].device);
			ck_assert_str_eq(res.pending_path, rel);
			/* nothing after the stuck write was tried, nothing was undone */
			ck_assert_int_eq(fake.nunbinds, m);
			ck_assert_int_eq(journal_read(e.ctx, G1_JOURNAL, &j), 0);
			ck_assert_int_eq(j.state, JOURNAL_APPLYING);
			ck_assert_int_eq(j.pending_pid, FAKE_STUCK_PID);
			ck_assert_str_eq(j.pending_path, rel);
			/* recovery waits while that pid is a live vfioctl... */
			tree_write(e.root, "proc/4242/comm", "vfioctl\n");
			ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, G1_JOURNAL, &rp), 0);
			ck_assert(plan_refused(&rp.plan));
			ck_assert_int_eq(find_check(&rp, NULL, "pending")->result, CHECK_DENY);
			bind_plan_clear(&rp);
			/* ...and reads the state it left once the pid is gone */
			tree_write(e.root, "proc/4242/comm", "bash\n");
			ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, G1_JOURNAL, &rp), 0);
			ck_assert(!plan_refused(&rp.plan));
			ck_assert_int_eq(find_check(&rp, NULL, "pending")->result, CHECK_WARN);
			ck_assert_int_eq(bind_plan_apply(e.ctx, &rp, &fake_ops, 0, &res), 0);
			assert_states(before, what);
			ck_assert(!file_exists(G1_JOURNAL));
			bind_plan_clear(&rp);
		}
		bind_plan_clear(&bp);
		env_close(&e);
	}
}
END_TEST

/* drivers_probe succeeds even when nothing binds: the read-back catches it */
START_TEST(test_probe_binds_nothing)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	struct devstate before[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	fake.probe_refuses = "vfio-pci";	/* as vfio-pci's probe failing quietly */
	take_states(before);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), -EIO);
	ck_assert_int_eq(res.failed_step, 4);
	ck_assert_int_eq(bp.plan.steps[4].action, PLAN_EXPECT_DRIVER);
	ck_assert_str_eq(res.failed_detail, "driver is '(none)', expected 'vfio-pci'");
	assert_rolled_back(&e, before, &res, "probe binds nothing");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* when the restore fails too, the journal stays "applying" for recovery */
START_TEST(test_rollback_fails)
{
	int writes, unbinds;

	writes = count_claim_writes(1, &unbinds);
	for (int n = 1; n <= writes; n++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
		struct devstate before[16];
		struct env e;
		struct bind_plan bp, rb;
		struct bind_result res;
		struct journal j;
		char what[64];

		env_open(&e);
		fake.fail_from = n;	/* the failed write and every restore write after it */
		take_states(before);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		snprintf(what, sizeof(what), "writes from %d fail", n);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), -EBUSY);
		if (n == 1) {
			/* nothing had changed: nothing to restore */
			assert_rolled_back(&e, before, &res, what);
			bind_plan_clear(&bp);
			env_close(&e);
			continue;
		}
		ck_assert_msg(!res.rolled_back, "%s", what);
		ck_assert_int_eq(res.rollback_error, -EBUSY);
		ck_assert_int_ge(res.rollback_failed_step, 0);
		ck_assert_int_eq(journal_read(e.ctx, G1_JOURNAL, &j), 0);
		ck_assert_int_eq(j.state, JOURNAL_APPLYING);
		assert_g1_journal(&e, JOURNAL_APPLYING);

		/* recovery once the kernel behaves again */
		fake.fail_from = 0;
		ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, G1_JOURNAL, &rb), 0);
		ck_assert(!rb.noop);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &rb, &fake_ops, 0, &res), 0);
		assert_states(before, what);
		ck_assert(!file_exists(G1_JOURNAL));
		bind_plan_clear(&rb);
		bind_plan_clear(&bp);
		env_close(&e);
	}
}
END_TEST

/* ---- 4. a crash leaves the journal; restore puts everything back -------------- */

START_TEST(test_crash_then_restore)
{
	for (int group = 1; group <= 2; group++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = group };
		const char *rel = group == 1 ? G1_JOURNAL : G2_JOURNAL;
		size_t nsteps = 1;

		for (int k = 1; k <= (int)nsteps; k++) {
			struct devstate before[16];
			struct env e;
			struct bind_plan bp, rb;
			struct bind_result res;
			struct journal j;
			char saved[2048], what[64];

			env_open(&e);
			take_states(before);
			ck_assert_int_eq(make(&e, &req, &bp), 0);
			nsteps = bp.plan.nsteps;
			snprintf(what, sizeof(what), "group %d crash at %d", group, k);
			ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, -k, &res), -EIO);
			ck_assert_int_eq(res.failed_step, k - 1);
			ck_assert(!res.rolled_back);
			/* no restore ran: nothing was read back or written after the failure */
			ck_assert_int_eq(count_calls(CALL_READ_OVERRIDE, NULL, NULL), 0);
			ck_assert_int_eq(count_calls(CALL_WRITE, NULL, "\n"), 0);
			ck_assert_int_eq(journal_read(e.ctx, rel, &j), 0);
			ck_assert_int_eq(j.state, JOURNAL_APPLYING);
			read_text(rel, saved, sizeof(saved));
			if (k == 4 && group == 1)	/* after the unbind, before the probe */
				assert_dev(GPU, "", "vfio-pci");

			ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, rel, &rb), 0);
			ck_assert_int_eq(rb.op, BIND_OP_RESTORE);
			ck_assert(rb.have_journal);
			ck_assert_int_eq(rb.group, group);
			ck_assert_int_eq(bind_plan_apply(e.ctx, &rb, &fake_ops, 0, &res), 0);
			assert_states(before, what);
			ck_assert_msg(!file_exists(rel), "%s: journal left after restore", what);
			bind_plan_clear(&rb);

			/* the same journal again: nothing differs, and it is removed */
			tree_write(e.root, rel, saved);
			ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, rel, &rb), 0);
			ck_assert_msg(rb.noop, "%s: second restore not a no-op", what);
			ck_assert_uint_eq(rb.plan.nsteps, 0);
			fake_clear_calls();
			ck_assert_int_eq(bind_plan_apply(e.ctx, &rb, &fake_ops, 0, &res), 0);
			ck_assert_int_eq(fake.nwrites, 0);
			assert_states(before, what);
			ck_assert(!file_exists(rel));
			bind_plan_clear(&rb);
			ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, rel, &rb), -ENOENT);

			bind_plan_clear(&bp);
			env_close(&e);
		}
	}
}
END_TEST

START_TEST(test_restore_damaged_or_gone)
{
	struct env e;
	struct bind_plan rb;
	struct bind_result res;
	char rel[PATH_MAX];

	env_open(&e);
	tree_write(e.root, G1_JOURNAL, "vfioctl-journal 1\nop claim\nstate applying\nbogus\n");
	ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, G1_JOURNAL, &rb), -EBADMSG);
	/* a recorded device that was hot-unplugged is skipped */
	tree_write(e.root, G1_JOURNAL,
		   "vfioctl-journal 1\nop claim\ngroup 1\nstate applying\npid 1\n"
		   "device 0000:0a:00.0 driver=e1000e override=\n"
		   "device " GPU " driver=nvidia override=\n");
	set_driver(GPU, "vfio-pci");
	set_override(GPU, "vfio-pci");
	ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, G1_JOURNAL, &rb), 0);
	ck_assert_uint_eq(rb.ntargets, 1);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &rb, &fake_ops, 0, &res), 0);
	assert_dev(GPU, "nvidia", "(null)");
	ck_assert(!file_exists(G1_JOURNAL));
	bind_plan_clear(&rb);
	snprintf(rel, sizeof(rel), "run/vfioctl/none.journal");
	ck_assert_int_eq(bind_plan_restore(e.ctx, &fake_ops, rel, &rb), -ENOENT);
	env_close(&e);
}
END_TEST

/* ---- 5. release restores the recorded driver ----------------------------------- */

START_TEST(test_release_recorded_driver)
{
	struct bind_request req = { .op = BIND_OP_RELEASE, .group = 1 };
	struct devstate before[16];
	const struct plan_step *s[8];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	size_t n = 0;
	int i, prev;

	env_open(&e);
	take_states(before);
	claim_group(&e, 1);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bp.op, BIND_OP_RELEASE);
	ck_assert(bp.have_journal);
	ck_assert(!bp.noop);
	ck_assert_int_eq(bp.group, 1);
	ck_assert_ptr_null(find_check(&bp, NULL, "journal"));
	ck_assert_str_eq(target(&bp, GPU)->want, "nvidia");
	ck_assert(!steps_mention(&bp, BR0) && !steps_mention(&bp, BR1));

	/* the GPU: its recorded driver by name, then the recorded override */
	for (size_t k = 0; k < bp.plan.nsteps; k++)
		if (strcmp(bp.plan.steps[k].device, GPU) == 0) {
			ck_assert_uint_lt(n, 8);
			s[n++] = &bp.plan.steps[k];
		}
	ck_assert_uint_eq(n, 7);
	assert_step(s[0], PLAN_LOAD_MODULE, GPU, "", "nvidia");
	assert_step(s[1], PLAN_WRITE, GPU, OVR(GPU), "nvidia");
	assert_step(s[2], PLAN_UNBIND, GPU, "", "vfio-pci");
	assert_step(s[3], PLAN_WRITE, GPU, PATH_PCI_DRIVERS_PROBE, GPU);
	assert_step(s[4], PLAN_EXPECT_DRIVER, GPU, "", "nvidia");
	assert_step(s[5], PLAN_WRITE, GPU, OVR(GPU), "\n");
	assert_step(s[6], PLAN_EXPECT_OVERRIDE, GPU, "", "");

	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	/* and in that order on the fake kernel */
	i = find_call(0, CALL_LOAD_MODULE, NULL, "nvidia");
	ck_assert_int_ge(i, 0);
	prev = i;
	i = find_call(prev, CALL_WRITE, OVR(GPU), "nvidia");
	ck_assert_int_gt(i, prev);
	prev = i;
	i = find_call(prev, CALL_WRITE, UNBIND(GPU), GPU);
	ck_assert_int_gt(i, prev);
	prev = i;
	i = find_call(prev, CALL_WRITE, PATH_PCI_DRIVERS_PROBE, GPU);
	ck_assert_int_gt(i, prev);
	prev = i;
	i = find_call(prev, CALL_READ_DRIVER, NULL, GPU);
	ck_assert_int_gt(i, prev);
	prev = i;
	i = find_call(prev, CALL_WRITE, OVR(GPU), "\n");
	ck_assert_int_gt(i, prev);
	prev = i;
	i = find_call(prev, CALL_READ_OVERRIDE, NULL, GPU);
	ck_assert_int_gt(i, prev);
	ck_assert(!calls_mention(BR0) && !calls_mention(BR1));

	/* nvidia, not the nouveau that default matching would pick */
	assert_dev(GPU, "nvidia", "(null)");
	assert_dev(HDA, "snd_hda_intel", "(null)");
	assert_dev(NIC, "e1000e", "e1000e");
	assert_states(before, "release");
	ck_assert(!file_exists(G1_JOURNAL));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* without a journal, release can only ask the kernel, and says so */
START_TEST(test_release_without_journal)
{
	struct bind_request req = { .op = BIND_OP_RELEASE, .group = 1 };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	claim_group(&e, 1);
	ck_assert_int_eq(unlink(root_path(&e, G1_JOURNAL)), 0);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(!bp.have_journal);
	ck_assert_int_eq(find_check(&bp, NULL, "journal")->result, CHECK_WARN);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	assert_dev(GPU, "nouveau", "(null)");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

START_TEST(test_release_unbound_and_prebound)
{
	struct bind_request req = { .op = BIND_OP_RELEASE, .group = 2 };
	struct devstate before[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	take_states(before);
	claim_group(&e, 2);
	assert_dev(NVME, "vfio-pci", "vfio-pci");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(target(&bp, PRE)->action, TARGET_ALREADY);
	ck_assert(!steps_mention(&bp, PRE));
	ck_assert_uint_eq(bp.plan.nsteps, 4);
	assert_step(&bp.plan.steps[0], PLAN_UNBIND, NVME, "", "vfio-pci");
	assert_step(&bp.plan.steps[1], PLAN_EXPECT_DRIVER, NVME, "", "");
	assert_step(&bp.plan.steps[2], PLAN_WRITE, NVME, OVR(NVME), "\n");
	assert_step(&bp.plan.steps[3], PLAN_EXPECT_OVERRIDE, NVME, "", "");
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	/* no probe: the kernel would have handed it to nvme */
	ck_assert_int_eq(count_calls(CALL_WRITE, PATH_PCI_DRIVERS_PROBE, NULL), 0);
	ck_assert(!calls_mention(PRE));
	assert_dev(NVME, "", "(null)");
	assert_dev(PRE, "vfio-pci", "(null)");
	assert_states(before, "release group 2");
	ck_assert(!file_exists(G2_JOURNAL));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* the user puts the HDA function back by hand between two claims */
static void hda_back_by_hand(struct env *e)
{
	set_driver(HDA, "snd_hda_intel");
	set_override(HDA, "");
	env_snap(e);
}

START_TEST(test_second_claim_keeps_originals)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	struct devstate before[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	take_states(before);
	claim_group(&e, 1);
	hda_back_by_hand(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(bp.have_journal);
	ck_assert_int_eq(target(&bp, GPU)->action, TARGET_ALREADY);
	ck_assert_int_eq(target(&bp, NIC)->action, TARGET_ALREADY);
	ck_assert_int_eq(target(&bp, HDA)->action, TARGET_CHANGE);
	ck_assert_uint_eq(bp.plan.nsteps, 5);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	/* GPU still recorded as nvidia, not the vfio-pci it had at the second claim */
	assert_g1_journal(&e, JOURNAL_APPLIED);
	bind_plan_clear(&bp);

	env_snap(&e);
	req.op = BIND_OP_RELEASE;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	assert_states(before, "release after two claims");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* a failed second claim undoes itself only, not the first claim */
START_TEST(test_second_claim_rollback_keeps_first)
{
	size_t nsteps = 1;

	for (int k = 1; k <= (int)nsteps; k++) {
		struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
		struct devstate mid[16];
		struct env e;
		struct bind_plan bp;
		struct bind_result res;
		char what[64];

		env_open(&e);
		claim_group(&e, 1);
		hda_back_by_hand(&e);
		take_states(mid);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		nsteps = bp.plan.nsteps;
		snprintf(what, sizeof(what), "second claim fails at %d", k);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, k, &res), -EIO);
		ck_assert_msg(res.rolled_back, "%s", what);
		assert_states(mid, what);
		assert_dev(GPU, "vfio-pci", "vfio-pci");
		assert_dev(NIC, "vfio-pci", "vfio-pci");
		assert_dev(HDA, "snd_hda_intel", "(null)");
		/* the first claim's record stays, complete */
		assert_g1_journal(&e, JOURNAL_APPLIED);
		bind_plan_clear(&bp);
		env_close(&e);
	}
	ck_assert_uint_eq(nsteps, 5);
}
END_TEST

/* stacked changes: the state before is the host's, recorded once (vfioctl(8)) */
START_TEST(test_stacked_unbind_then_claim)
{
	const char *gpu_j = "run/vfioctl/device-" GPU ".journal";
	struct bind_request req = { .op = BIND_OP_UNBIND, .group = -1, .device = GPU };
	struct bind_plan bp;
	struct bind_result res;
	struct journal j;
	struct env e;
	int last;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	bind_plan_clear(&bp);
	env_snap(&e);
	assert_dev(GPU, "", "(null)");

	/* a claim that rolls back leaves the unbind's journal in charge */
	req = (struct bind_request){ .op = BIND_OP_CLAIM, .group = 1 };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_uint_eq(bp.nabsorbed, 1);
	last = (int)bp.plan.nsteps;
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, last, &res), -EIO);
	ck_assert_int_eq(res.outcome, BIND_ROLLED_BACK);
	ck_assert(file_exists(gpu_j));
	ck_assert(!file_exists(G1_JOURNAL));
	assert_dev(GPU, "", "(null)");
	bind_plan_clear(&bp);

	/* a claim that completes takes the GPU's record over: nvidia, not "unbound" */
	env_snap(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	bind_plan_clear(&bp);
	ck_assert(!file_exists(gpu_j));
	ck_assert_int_eq(journal_read(e.ctx, G1_JOURNAL, &j), 0);
	assert_journal_dev(&j, GPU, "nvidia", "");

	/* a device change on top of the group claim is denied */
	env_snap(&e);
	req = (struct bind_request){ .op = BIND_OP_BIND, .group = -1, .device = HDA,
				     .driver = "snd_hda_intel", .force = true };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, HDA, "journal")->result, CHECK_DENY);
	bind_plan_clear(&bp);

	/* the release returns the GPU to its host driver */
	req = (struct bind_request){ .op = BIND_OP_RELEASE, .group = 1 };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	assert_dev(GPU, "nvidia", "(null)");
	ck_assert(!file_exists(G1_JOURNAL));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* a release without a group journal leaves a device journal's member to it */
START_TEST(test_stacked_unjournaled_release_denied)
{
	struct bind_request req = { .op = BIND_OP_BIND, .group = -1, .device = NVME,
				    .driver = "vfio-pci" };
	struct bind_plan bp;
	struct bind_result res;
	struct env e;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	bind_plan_clear(&bp);
	env_snap(&e);
	req = (struct bind_request){ .op = BIND_OP_RELEASE, .group = 2 };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, NVME, "journal")->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* no journal, no change: a /run that cannot take it stops before step 1 */
START_TEST(test_journal_unwritable_nothing_changed)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	struct devstate before[16];
	struct bind_plan bp;
	struct bind_result res;
	struct env e;

	env_open(&e);
	take_states(before);
	tree_write(e.root, "run/vfioctl", "a file where the directory belongs\n");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_lt(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_int_eq(res.outcome, BIND_NOT_STARTED);
	ck_assert_int_eq(count_calls(CALL_WRITE, NULL, NULL), 0);
	ck_assert(!res.rolled_back);
	assert_states(before, "unwritable journal");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* ---- 6. the journal file --------------------------------------------------- */

START_TEST(test_journal_roundtrip)
{
	struct journal j, r;
	struct path_ctx *ctx;
	char *root = tree_new();
	char rel[128], **list;

	fake_reset(root);
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	memset(&j, 0, sizeof(j));
	snprintf(j.op, sizeof(j.op), "claim");
	j.group = 7;
	j.state = JOURNAL_APPLIED;
	j.pid = 4242;
	ck_assert_int_eq(journal_add_device(&j, GPU, "nvidia", ""), 0);
	ck_assert_int_eq(journal_add_device(&j, HDA, "", "vfio-pci"), 0);
	ck_assert_int_eq(journal_add_device(&j, "10000:e1:00.0", "mlx5_core", "mlx5_core"), 0);
	ck_assert_int_eq(journal_path(7, NULL, rel, sizeof(rel)), 0);
	ck_assert_str_eq(rel, "run/vfioctl/group-7.journal");
	ck_assert_int_eq(journal_write(ctx, &j, rel), 0);
	assert_no_temp();
	ck_assert_int_eq(journal_read(ctx, rel, &r), 0);
	ck_assert_str_eq(r.op, j.op);
	ck_assert_int_eq(r.group, j.group);
	ck_assert_int_eq(r.state, j.state);
	ck_assert_int_eq(r.pid, j.pid);
	ck_assert_uint_eq(r.ndevs, j.ndevs);
	ck_assert_int_eq(memcmp(r.devs, j.devs, j.ndevs * sizeof(*j.devs)), 0);
	ck_assert_ptr_eq(journal_find(&r, HDA), &r.devs[1]);
	ck_assert_ptr_null(journal_find(&r, NIC));
	journal_clear(&r);

	/* rewriting replaces it atomically */
	j.state = JOURNAL_APPLYING;
	j.ndevs = 1;
	ck_assert_int_eq(journal_write(ctx, &j, rel), 0);
	assert_no_temp();
	ck_assert_int_eq(journal_read(ctx, rel, &r), 0);
	ck_assert_int_eq(r.state, JOURNAL_APPLYING);
	ck_assert_uint_eq(r.ndevs, 1);
	journal_clear(&r);

	ck_assert_int_eq(journal_path(-1, GPU, rel, sizeof(rel)), 0);
	ck_assert_str_eq(rel, "run/vfioctl/device-" GPU ".journal");
	ck_assert_int_eq(journal_write(ctx, &j, rel), 0);
	tree_write(root, "run/vfioctl/lock", "");
	ck_assert_int_eq(journal_list(ctx, &list), 0);
	ck_assert_uint_eq(strv_length(list), 2);
	ck_assert_str_eq(list[0], "run/vfioctl/device-" GPU ".journal");
	ck_assert_str_eq(list[1], "run/vfioctl/group-7.journal");
	strv_free(list);
	ck_assert_int_eq(journal_path(1, NULL, rel, 10), -ENAMETOOLONG);

	ck_assert_int_eq(journal_remove(ctx, "run/vfioctl/group-7.journal"), 0);
	ck_assert_int_eq(journal_remove(ctx, "run/vfioctl/group-7.journal"), 0);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/group-7.journal", &r), -ENOENT);
	journal_clear(&j);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

/*
 * A journal with the longest names must fit its buffer, and a group has no
 * fixed size: 300 members (more than the 64 a journal once held) come back
 * as written.
 */
START_TEST(test_journal_longest)
{
	struct journal j = { 0 }, r;
	struct path_ctx *ctx;
	char *root = tree_new(), rel[128];
	char drv[PCI_DRIVER_MAX], ovr[PCI_DRIVER_MAX];

	fake_reset(root);
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	snprintf(j.op, sizeof(j.op), "claim");
	j.group = 2147483647;
	j.pid = 9223372036854775807L;
	memset(drv, 'd', sizeof(drv) - 1);
	drv[sizeof(drv) - 1] = '\0';
	memset(ovr, 'o', sizeof(ovr) - 1);
	ovr[sizeof(ovr) - 1] = '\0';
	ck_assert(journal_name_valid(drv));
	for (size_t i = 0; i < 300; i++) {
		struct pci_bdf b = { .domain = 0xffffffffu, .bus = (uint8_t)i, .dev = (uint8_t)(i >> 8),
				     .fn = 7 };
		char bdf[BDF_STRLEN];

		bdf_format(&b, bdf, sizeof(bdf));
		ck_assert_int_eq(journal_add_device(&j, bdf, drv, ovr), 0);
	}
	ck_assert_uint_eq(j.ndevs, 300);
	ck_assert_int_eq(journal_path(j.group, NULL, rel, sizeof(rel)), 0);
	ck_assert_int_eq(journal_write(ctx, &j, rel), 0);
	ck_assert_int_eq(journal_read(ctx, rel, &r), 0);
	ck_assert_uint_eq(r.ndevs, 300);
	ck_assert_int_eq(r.group, j.group);
	ck_assert_int_eq(r.pid, j.pid);
	ck_assert_int_eq(memcmp(r.devs, j.devs, j.ndevs * sizeof(*j.devs)), 0);
	journal_clear(&r);
	journal_clear(&j);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

#define J_HEAD "vfioctl-journal 1\nop claim\ngroup 1\nstate applied\npid 12\n"
#define J_DEV  "device 0000:01:00.0 driver=nvidia override=\n"

START_TEST(test_journal_rejects)
{
	static const char *const bad[] = {
		"",
		"\n\n",
		"vfioctl-journal 2\nop claim\ngroup 1\nstate applied\npid 12\n" J_DEV,
		"vfioctl-journal\nop claim\ngroup 1\nstate applied\n",
		"op claim\nvfioctl-journal 1\ngroup 1\nstate applied\n",
		"garbage\n" J_HEAD J_DEV,
		"vfioctl-journal 1\nop claim\ngroup 1\npid 12\n" J_DEV,		/* no state */
		"vfioctl-journal 1\ngroup 1\nstate applied\npid 12\n" J_DEV,	/* no op */
		"vfioctl-journal 1\nop claim\ngroup 1\nstate done\npid 12\n" J_DEV,
		"vfioctl-journal 1\nop claim\ngroup x\nstate applied\n",
		J_HEAD "device 0000:01:20.0 driver=nvidia override=\n",	/* device > 0x1f */
		J_HEAD "device zz driver=nvidia override=\n",
		J_HEAD "device 0000:01:00.0/.. driver=nvidia override=\n",
		J_HEAD "device 0000:01:00.0 driver=../../nvidia override=\n",
		J_HEAD "device 0000:01:00.0 driver=nvidia override=a/b\n",
		J_HEAD "device 0000:01:00.0 driver=nv idia override=\n",
		J_HEAD "device 0000:01:00.0 driver=nvidia override=my driver\n",
		J_HEAD "device 0000:01:00.0 driver=nvidia override= extra\n",
		J_HEAD "device 0000:01:00.0 override= driver=nvidia\n",
		J_HEAD "device 0000:01:00.0 driver=nvidia\n",
		J_HEAD "device 0000:01:00.0\n",
		J_HEAD "colour red\n",
		J_HEAD "options rw\n",
		J_HEAD "opcode claim\n",
		J_HEAD "state applied junk\n",
		J_HEAD "group 1 2\n",
		J_HEAD "pid 12x\n",
		J_HEAD J_DEV "devices 3\n",
	};
	struct path_ctx *ctx;
	struct journal j;
	char *root = tree_new();
	char *many;
	size_t len = 0;

	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tree_write(root, G1_JOURNAL, bad[i]);
		ck_assert_msg(journal_read(ctx, G1_JOURNAL, &j) == -EBADMSG,
			      "accepted damaged journal #%zu:\n%s", i, bad[i]);
	}

	/* a group of 100 members: no fixed limit; a device twice is still damaged */
	many = malloc(sizeof(J_HEAD) + 101 * 64);
	ck_assert_ptr_nonnull(many);
	len += (size_t)sprintf(many, J_HEAD);
	for (int i = 0; i < 100; i++)
		len += (size_t)sprintf(many + len, "device 0000:%02x:00.0 driver= override=\n", i);
	tree_write(root, G1_JOURNAL, many);
	ck_assert_int_eq(journal_read(ctx, G1_JOURNAL, &j), 0);
	ck_assert_uint_eq(j.ndevs, 100);
	ck_assert_str_eq(j.devs[99].bdf, "0000:63:00.0");
	journal_clear(&j);
	sprintf(many + len, "device 0000:05:00.0 driver= override=\n");
	tree_write(root, G1_JOURNAL, many);
	ck_assert_int_eq(journal_read(ctx, G1_JOURNAL, &j), -EBADMSG);
	ck_assert_uint_eq(j.ndevs, 0);
	free(many);

	/* a group journal must name its group, a device journal its one device */
	tree_write(root, "run/vfioctl/group-5.journal", J_HEAD J_DEV);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/group-5.journal", &j), -ENOTUNIQ);
	ck_assert_int_eq(j.group, 1);
	journal_clear(&j);
	tree_write(root, "run/vfioctl/device-0000:01:00.0.journal", J_HEAD J_DEV);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/device-0000:01:00.0.journal", &j), -ENOTUNIQ);
	journal_clear(&j);
	tree_write(root, "run/vfioctl/device-0000:01:00.0.journal",
		   "vfioctl-journal 1\nop bind\ngroup -1\nstate applied\npid 12\n" J_DEV);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/device-0000:01:00.0.journal", &j), 0);
	journal_clear(&j);
	tree_write(root, "run/vfioctl/device-01:00.0.journal",
		   "vfioctl-journal 1\nop bind\ngroup -1\nstate applied\npid 12\n" J_DEV);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/device-01:00.0.journal", &j), -ENOTUNIQ);
	journal_clear(&j);
	tree_write(root, "run/vfioctl/claim.journal", J_HEAD J_DEV);
	ck_assert_int_eq(journal_read(ctx, "run/vfioctl/claim.journal", &j), -ENOTUNIQ);
	journal_clear(&j);

	/* the valid one, and its empty values */
	tree_write(root, G1_JOURNAL, J_HEAD J_DEV "device 01:00.1 driver= override=vfio-pci\n");
	ck_assert_int_eq(journal_read(ctx, G1_JOURNAL, &j), 0);
	ck_assert_str_eq(j.op, "claim");
	ck_assert_int_eq(j.group, 1);
	ck_assert_int_eq(j.state, JOURNAL_APPLIED);
	ck_assert_int_eq(j.pid, 12);
	ck_assert_uint_eq(j.ndevs, 2);
	assert_journal_dev(&j, GPU, "nvidia", "");
	assert_journal_dev(&j, HDA, "", "vfio-pci");
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_journal_name_valid)
{
	char longest[PCI_DRIVER_MAX + 1];

	ck_assert(journal_name_valid(""));
	ck_assert(journal_name_valid("vfio-pci"));
	ck_assert(journal_name_valid("snd_hda_intel"));
	ck_assert(journal_name_valid("mlx5.core"));
	ck_assert(!journal_name_valid("a/b"));
	ck_assert(!journal_name_valid(".."));
	ck_assert(!journal_name_valid("a b"));
	ck_assert(!journal_name_valid("a\nb"));
	ck_assert(!journal_name_valid("a=b"));
	memset(longest, 'x', sizeof(longest));
	longest[PCI_DRIVER_MAX - 1] = '\0';
	ck_assert(journal_name_valid(longest));
	longest[PCI_DRIVER_MAX - 1] = 'x';
	longest[PCI_DRIVER_MAX] = '\0';
	ck_assert(!journal_name_valid(longest));
}
END_TEST

/* ---- 7. one device: bind and unbind ------------------------------------------ */

START_TEST(test_single_noop_and_denied)
{
	struct bind_request req = { .op = BIND_OP_BIND, .group = -1, .device = PRE,
				    .driver = "vfio-pci" };
	static const char *const bad[] = { "../evil", "a b", "", "a/b", NULL };
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(bp.noop);
	ck_assert_uint_eq(bp.plan.nsteps, 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_int_eq(fake.ncalls, 0);
	bind_plan_clear(&bp);

	req = (struct bind_request){ .op = BIND_OP_UNBIND, .group = -1, .device = NVME };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(bp.noop);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_int_eq(fake.ncalls, 0);
	ck_assert(!file_exists("run/vfioctl/device-" NVME ".journal"));
	bind_plan_clear(&bp);

	/* a bridge never goes to vfio-pci, forced or not */
	req = (struct bind_request){ .op = BIND_OP_BIND, .group = -1, .device = BR0,
				     .driver = "vfio-pci", .force = true };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, BR0, "bridge")->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);
	req.device = BR1;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, BR1, "bridge")->result, CHECK_DENY);
	bind_plan_clear(&bp);
	/* but a bridge may go back to pcieport-like drivers */
	req.driver = "pci-stub";
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, BR1, "bridge"));
	bind_plan_clear(&bp);

	req = (struct bind_request){ .op = BIND_OP_BIND, .group = -1, .device = NOGRP,
				     .driver = "vfio-pci" };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, NOGRP, "iommu-group")->result, CHECK_DENY);
	bind_plan_clear(&bp);

	req.device = GPU;
	for (const char *const *b = bad; *b; b++) {
		req.driver = *b;
		ck_assert_msg(make(&e, &req, &bp) == -EINVAL, "driver '%s' accepted", *b);
	}
	req.driver = NULL;
	ck_assert_int_eq(make(&e, &req, &bp), -EINVAL);
	req.driver = "vfio-pci";
	req.device = "0000:0f:00.0";
	ck_assert_int_eq(make(&e, &req, &bp), -ENOENT);
	env_close(&e);
}
END_TEST

START_TEST(test_single_bind_unbind_release)
{
	struct bind_request req = { .op = BIND_OP_BIND, .group = -1, .device = HDA,
				    .driver = "vfio-pci" };
	const char *hda_j = "run/vfioctl/device-" HDA ".journal";
	const char *gpu_j = "run/vfioctl/device-" GPU ".journal";
	struct devstate before[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	struct journal j;

	env_open(&e);
	take_states(before);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_str_eq(bp.journal_rel, hda_j);
	ck_assert_uint_eq(bp.plan.nsteps, 5);
	assert_step(&bp.plan.steps[0], PLAN_LOAD_MODULE, "", "", "vfio-pci");
	assert_step(&bp.plan.steps[1], PLAN_WRITE, HDA, OVR(HDA), "vfio-pci");
	assert_step(&bp.plan.steps[2], PLAN_UNBIND, HDA, "", "snd_hda_intel");
	assert_step(&bp.plan.steps[3], PLAN_WRITE, HDA, PATH_PCI_DRIVERS_PROBE, HDA);
	assert_step(&bp.plan.steps[4], PLAN_EXPECT_DRIVER, HDA, "", "vfio-pci");
	fake.watch = hda_j;
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert_ptr_nonnull(strstr(fake.at_first_write, "\nstate applying\n"));
	assert_dev(HDA, "vfio-pci", "vfio-pci");
	ck_assert_int_eq(journal_read(e.ctx, hda_j, &j), 0);
	ck_assert_str_eq(j.op, "bind");
	ck_assert_int_eq(j.group, -1);
	ck_assert_int_eq(j.state, JOURNAL_APPLIED);
	ck_assert_uint_eq(j.ndevs, 1);
	assert_journal_dev(&j, HDA, "snd_hda_intel", "");
	bind_plan_clear(&bp);

	/* unbind of the GPU: its own journal */
	env_snap(&e);
	req = (struct bind_request){ .op = BIND_OP_UNBIND, .group = -1, .device = GPU };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_uint_eq(bp.plan.nsteps, 2);
	assert_step(&bp.plan.steps[0], PLAN_UNBIND, GPU, "", "nvidia");
	assert_step(&bp.plan.steps[1], PLAN_EXPECT_DRIVER, GPU, "", "");
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	assert_dev(GPU, "", "(null)");
	ck_assert_int_eq(journal_read(e.ctx, gpu_j, &j), 0);
	ck_assert_str_eq(j.op, "unbind");
	assert_journal_dev(&j, GPU, "nvidia", "");
	bind_plan_clear(&bp);

	/* release of each device goes through its device journal */
	env_snap(&e);
	req = (struct bind_request){ .op = BIND_OP_RELEASE, .group = -1, .device = HDA };
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bp.op, BIND_OP_RELEASE);
	ck_assert_str_eq(bp.journal_rel, hda_j);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert(!file_exists(hda_j));
	bind_plan_clear(&bp);
	req.device = GPU;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	ck_assert(!file_exists(gpu_j));
	bind_plan_clear(&bp);
	assert_states(before, "device release");
	env_close(&e);
}
END_TEST

/* a failed second bind goes back to the first bind's result, not past it */
START_TEST(test_single_bind_rollback_on_top)
{
	struct bind_request req = { .op = BIND_OP_BIND, .group = -1, .device = HDA,
				    .driver = "vfio-pci" };
	const char *hda_j = "run/vfioctl/device-" HDA ".journal";
	struct devstate before[16], mid[16];
	struct env e;
	struct bind_plan bp;
	struct bind_result res;
	struct journal j;
	size_t nsteps = 1;

	for (int k = 1; k <= (int)nsteps; k++) {
		env_open(&e);
		take_states(before);
		req.driver = "vfio-pci";
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
		bind_plan_clear(&bp);
		env_snap(&e);
		take_states(mid);

		req.driver = "pci-stub";
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		ck_assert(bp.have_journal);
		nsteps = bp.plan.nsteps;
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, k, &res), -EIO);
		ck_assert(res.rolled_back);
		assert_states(mid, "second bind rolled back");
		assert_dev(HDA, "vfio-pci", "vfio-pci");
		ck_assert_int_eq(journal_read(e.ctx, hda_j, &j), 0);
		ck_assert_int_eq(j.state, JOURNAL_APPLIED);
		assert_journal_dev(&j, HDA, "snd_hda_intel", "");
		bind_plan_clear(&bp);

		/* and release still goes all the way back */
		env_snap(&e);
		req.op = BIND_OP_RELEASE;
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
		assert_states(before, "release after a failed second bind");
		bind_plan_clear(&bp);
		req.op = BIND_OP_BIND;
		env_close(&e);
	}
	ck_assert_uint_eq(nsteps, 5);
}
END_TEST

/* ---- usage checks ------------------------------------------------------------ */

START_TEST(test_usage_none)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	const char *nodes[] = { "/dev/vfio/1", "/dev/sda1", NULL };
	struct inuse_holder *h = NULL;
	struct pci_usage u;
	struct env e;
	struct bind_plan bp;
	size_t n = 1;

	env_open(&e);
	ck_assert_int_eq(pci_usage_scan(e.ctx, GPU, &u), 0);
	ck_assert_uint_eq(u.nblocks, 0);
	ck_assert_uint_eq(u.nnetdevs, 0);
	pci_usage_clear(&u);
	ck_assert_int_eq(proc_find_holders(e.ctx, nodes, &h, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(h);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	for (size_t i = 0; i < bp.plan.nchecks; i++)
		ck_assert_msg(bp.plan.checks[i].result == CHECK_PASS ||
			      bp.plan.checks[i].result == CHECK_WARN,
			      "check %s: %s", bp.plan.checks[i].name, bp.plan.checks[i].detail);
	ck_assert_ptr_null(find_check(&bp, NULL, "mounted"));
	ck_assert_ptr_null(find_check(&bp, NULL, "open"));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

#define SDA1 DEV_DIR SATA "/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1"

START_TEST(test_usage_mounted)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 6 };
	const struct plan_check *c;
	struct env e;
	struct bind_plan bp;
	struct bind_result res;

	env_open(&e);
	add_dev(e.root, SATA, 0x010601, 6, "ahci", NULL, 0);
	tree_write(e.root, SDA1 "/dev", "8:1\n");
	tree_link(e.root, "sys/class/block/sda1",
		  "../../devices/pci0000:00/" SATA "/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	tree_write(e.root, PATH_PROC_MOUNTINFO,
		   "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
		   "45 22 8:1 / /srv/data rw,relatime shared:30 - xfs /dev/sda1 rw\n");
	env_snap(&e);

	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, SATA, "mounted");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_REFUSE);
	ck_assert_ptr_nonnull(strstr(c->detail, "/srv/data"));
	ck_assert(plan_refused(&bp.plan));
	ck_assert_ptr_null(find_check(&bp, SATA, "root-disk"));
	bind_plan_clear(&bp);

	/* a process holding the partition open refuses it as well */
	tree_write(e.root, "proc/321/comm", "dd\n");
	tree_link(e.root, "proc/321/fd/4", "/dev/sda1");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, SATA, "open");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_REFUSE);
	ck_assert_ptr_nonnull(strstr(c->detail, "pid 321 (dd)"));
	bind_plan_clear(&bp);

	req.force = true;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, SATA, "mounted")->result, CHECK_FORCED);
	ck_assert_int_eq(find_check(&bp, SATA, "open")->result, CHECK_FORCED);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_int_eq(bind_plan_apply(e.ctx, &bp, &fake_ops, 0, &res), 0);
	assert_dev(SATA, "vfio-pci", "vfio-pci");
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* the root filesystem and active swap are denials: --force does not take them */
START_TEST(test_usage_root_and_swap_deny)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 6, .force = true };
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	add_dev(e.root, SATA, 0x010601, 6, "ahci", NULL, 0);
	tree_write(e.root, SDA1 "/dev", "8:1\n");
	tree_link(e.root, "sys/class/block/sda1",
		  "../../devices/pci0000:00/" SATA "/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	tree_write(e.root, PATH_PROC_MOUNTINFO,
		   "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
	env_snap(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, SATA, "root-disk")->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);

	tree_write(e.root, PATH_PROC_MOUNTINFO, "22 1 259:2 / / rw - ext4 /dev/nvme0n1p2 rw\n");
	tree_write(e.root, PATH_PROC_SWAPS,
		   "Filename\tType\tSize\tUsed\tPriority\n/dev/sda1 partition\t8388604\t0\t-2\n");
	env_snap(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, SATA, "root-disk"));
	ck_assert_int_eq(find_check(&bp, SATA, "swap")->result, CHECK_DENY);
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);

	/* the device bind path runs the same checks */
	req.op = BIND_OP_BIND;
	req.group = -1;
	req.device = SATA;
	req.driver = "vfio-pci";
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(find_check(&bp, SATA, "swap")->result, CHECK_DENY);
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/*
 * Issue 6 items 5 and 6: every node of the function is checked for
 * openers, not only disks; a process whose open files cannot be read makes
 * the check a warning that says why, never a pass.
 */
#define GPU_DIR	"sys/devices/pci0000:00/" BR0 "/" GPU

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void remove_rel(struct env *e, const char *rel)
{
	nftw(root_path(e, rel), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

START_TEST(test_usage_open_nodes)
{
	static const struct {
		const char *dir, *devname;
	} nodes[] = {
		{ GPU_DIR "/drm/card1", "dri/card1" },
		{ GPU_DIR "/drm/renderD128", "dri/renderD128" },
		{ GPU_DIR "/vfio-dev/vfio3", "vfio/devices/vfio3" },
	};
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1, .device = GPU };
	const struct plan_check *c;
	char rel[PATH_MAX], text[80];
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/dev", nodes[i].dir);
		tree_write(e.root, rel, "226:1\n");
		snprintf(rel, sizeof(rel), "%s/uevent", nodes[i].dir);
		snprintf(text, sizeof(text), "DEVNAME=%s\n", nodes[i].devname);
		tree_write(e.root, rel, text);
	}
	tree_mkdir(e.root, "proc/1/fd");
	tree_write(e.root, "proc/1/comm", "init\n");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, GPU, "open");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_PASS);
	ck_assert_ptr_nonnull(strstr(c->detail, "3 device node(s)"));
	bind_plan_clear(&bp);

	/* a render node and the VFIO cdev held open refuse, each named */
	tree_write(e.root, "proc/77/comm", "Xorg\n");
	tree_link(e.root, "proc/77/fd/12", "/dev/dri/renderD128");
	tree_write(e.root, "proc/78/comm", "qemu\n");
	tree_link(e.root, "proc/78/fd/30", "/dev/vfio/devices/vfio3");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert(plan_refused(&bp.plan));
	c = find_check(&bp, GPU, "open");
	ck_assert_int_eq(c->result, CHECK_REFUSE);
	ck_assert_str_eq(c->detail, "/dev/dri/renderD128 is held open by pid 77 (Xorg)");
	ck_assert_int_eq(bp.plan.checks[c - bp.plan.checks + 1].result, CHECK_REFUSE);
	ck_assert_ptr_nonnull(strstr(bp.plan.checks[c - bp.plan.checks + 1].detail, "vfio3"));
	bind_plan_clear(&bp);

	/* an fd directory that cannot be listed: not a pass */
	remove_rel(&e, "proc/77");
	remove_rel(&e, "proc/78");
	tree_write(e.root, "proc/555/comm", "other\n");
	tree_write(e.root, "proc/555/fd", "");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, GPU, "open");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_WARN);
	ck_assert_ptr_nonnull(strstr(c->detail, "pid 555"));
	ck_assert_ptr_nonnull(strstr(c->detail, "Not a directory"));
	bind_plan_clear(&bp);

	/* another user's process, as a user sees it */
	if (geteuid() != 0) {
		remove_rel(&e, "proc/555");
		tree_mkdir(e.root, "proc/556/fd");
		ck_assert_int_eq(chmod(root_path(&e, "proc/556/fd"), 0), 0);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		c = find_check(&bp, GPU, "open");
		ck_assert_int_eq(c->result, CHECK_WARN);
		ck_assert_ptr_nonnull(strstr(c->detail, "Permission denied"));
		bind_plan_clear(&bp);
		chmod(root_path(&e, "proc/556/fd"), 0755);
	}
	env_close(&e);
}
END_TEST

/* what a tree (a capture) lacks is said as not checked, never passed */
START_TEST(test_usage_not_evaluated)
{
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = 1 };
	const struct plan_check *c;
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	/* a VGA function always has boot_vga: without it the console question is open */
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, GPU, "boot-vga");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_WARN);
	ck_assert_ptr_nonnull(strstr(c->detail, "not checked: boot_vga cannot be read"));
	/* the audio function is no VGA: nothing to say */
	ck_assert_ptr_null(find_check(&bp, HDA, "boot-vga"));
	bind_plan_clear(&bp);
	tree_write(e.root, "sys/bus/pci/devices/" GPU "/boot_vga", "0\n");
	env_snap(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, GPU, "boot-vga"));
	bind_plan_clear(&bp);

	/* an interface without flags or operstate: its state is unknown, not "down" */
	tree_mkdir(e.root, "sys/bus/pci/devices/" NIC "/net/eth0");
	tree_write(e.root, PATH_PROC_NET_ROUTE, "Iface\tDestination\n");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, NIC, "netdev");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_WARN);
	ck_assert_str_eq(c->detail,
			 "not checked: the state of network interface eth0 cannot be read (no flags or operstate)");
	bind_plan_clear(&bp);
	tree_write(e.root, "sys/bus/pci/devices/" NIC "/net/eth0/operstate", "down\n");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, NIC, "netdev");
	ck_assert_int_eq(c->result, CHECK_PASS);
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* a VM on the cdev interface holds /dev/vfio/devices/vfioN, not /dev/vfio/N */
START_TEST(test_release_cdev_held)
{
	struct bind_request req = { .op = BIND_OP_RELEASE, .group = 3 };
	const struct plan_check *c;
	struct env e;
	struct bind_plan bp;

	env_open(&e);
	tree_write(e.root, DEV_DIR SOLO "/vfio-dev/vfio7/dev", "511:7\n");
	tree_write(e.root, DEV_DIR SOLO "/vfio-dev/vfio7/uevent", "DEVNAME=vfio/devices/vfio7\n");
	/* a tree without any process cannot tell: the check warns that it was not made */
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, NULL, "open");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->result, CHECK_WARN);
	ck_assert_ptr_nonnull(strstr(c->detail, "not checked: /proc lists no process"));
	ck_assert(!plan_refused(&bp.plan));
	bind_plan_clear(&bp);

	/* processes that hold none of the nodes: nothing to say */
	tree_write(e.root, "proc/1/comm", "init\n");
	tree_link(e.root, "proc/1/fd/0", "/dev/null");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_ptr_null(find_check(&bp, NULL, "open"));
	bind_plan_clear(&bp);

	tree_write(e.root, "proc/90/comm", "qemu-system-x86\n");
	tree_link(e.root, "proc/90/fd/40", "/dev/vfio/devices/vfio7");
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	c = find_check(&bp, NULL, "open");
	ck_assert_ptr_nonnull(c);
	/* the unbind would hang in vfio-pci's remove: a denial, as for /dev/vfio/N */
	ck_assert_int_eq(c->result, CHECK_DENY);
	ck_assert_str_eq(c->detail,
			 "/dev/vfio/devices/vfio7 is held open by pid 90 (qemu-system-x86): stop it first");
	ck_assert(plan_refused(&bp.plan));
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

/* ---- several devices as one change (bind-set.c) ------------------------------ */

#define G5_JOURNAL	"run/vfioctl/group-5.journal"

/* what change_apply() runs: the other journals around the one apply */
static int set_apply(struct env *e, struct bind_plan *bp, int fail_at, struct bind_result *res)
{
	int rc = bind_set_journals_begin(e->ctx, bp, res);

	if (rc < 0)
		return rc;
	rc = bind_plan_apply(e->ctx, bp, &fake_ops, fail_at, res);
	bind_set_journals_end(e->ctx, bp, res);
	return rc;
}

START_TEST(test_set_fail_at_each_step)
{
	static const char *const devs[] = { "03:00.0", OUT, "0000:03:00.0", NULL };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1, .devices = devs };
	size_t nsteps = 1;

	for (int k = 1; k <= (int)nsteps; k++) {
		struct devstate before[16];
		struct env e;
		struct bind_plan bp;
		struct bind_result res;
		char what[64];

		env_open(&e);
		take_states(before);
		ck_assert_int_eq(make(&e, &req, &bp), 0);
		ck_assert_uint_eq(bp.nparts, 2);
		ck_assert_int_eq(bp.group, -1);
		nsteps = bp.plan.nsteps;
		snprintf(what, sizeof(what), "groups 2 and 5, fail_at %d", k);
		ck_assert_int_eq(set_apply(&e, &bp, k, &res), -EIO);
		ck_assert_int_eq(res.outcome, BIND_ROLLED_BACK);
		/* every device of both groups as before, no journal of either left */
		assert_rolled_back(&e, before, &res, what);
		ck_assert_msg(!file_exists(G5_JOURNAL), "%s: group 5's journal left", what);
		bind_plan_clear(&bp);
		env_close(&e);
	}
	/* load vfio-pci once; NVMe (unbound): override, probe, expect; OUT: + unbind */
	ck_assert_uint_eq(nsteps, 1 + 3 + 4);
}
END_TEST

START_TEST(test_set_claim_release)
{
	static const char *const devs[] = { OUT, NVME, NULL };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1, .devices = devs };
	struct bind_plan bp;
	struct bind_result res;
	struct journal j;
	struct env e;

	env_open(&e);
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_int_eq(count_calls(CALL_LOAD_MODULE, NULL, BIND_VFIO_DRIVER), 0);
	ck_assert_int_eq(set_apply(&e, &bp, 0, &res), 0);
	ck_assert_int_eq(res.outcome, BIND_DONE);
	ck_assert_int_eq(count_calls(CALL_LOAD_MODULE, NULL, BIND_VFIO_DRIVER), 1);
	bind_plan_clear(&bp);
	assert_dev(OUT, "vfio-pci", "vfio-pci");
	assert_dev(NVME, "vfio-pci", "vfio-pci");
	/* each group's own journal, complete, with its own devices only */
	ck_assert_int_eq(journal_read(e.ctx, G5_JOURNAL, &j), 0);
	ck_assert_int_eq(j.state, JOURNAL_APPLIED);
	ck_assert_int_eq(j.group, 5);
	ck_assert_uint_eq(j.ndevs, 1);
	assert_journal_dev(&j, OUT, "e1000e", "");
	ck_assert_int_eq(journal_read(e.ctx, G2_JOURNAL, &j), 0);
	ck_assert_int_eq(j.state, JOURNAL_APPLIED);
	ck_assert_int_eq(j.group, 2);
	assert_journal_dev(&j, NVME, "", "");
	ck_assert_ptr_null(journal_find(&j, OUT));

	/* released together: both journals read, both removed */
	env_snap(&e);
	req.op = BIND_OP_RELEASE;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_uint_eq(bp.nparts, 2);
	ck_assert(!plan_refused(&bp.plan));
	ck_assert_int_eq(set_apply(&e, &bp, 0, &res), 0);
	bind_plan_clear(&bp);
	assert_dev(OUT, "e1000e", "(null)");
	assert_dev(NVME, "", "(null)");
	ck_assert(!file_exists(G5_JOURNAL) && !file_exists(G2_JOURNAL));
	env_close(&e);
}
END_TEST

START_TEST(test_set_errors)
{
	static const char *const missing[] = { OUT, "0000:09:00.0", NULL };
	static const char *const nogroup[] = { NOGRP, OUT, NULL };
	static const char *const bad[] = { OUT, "nonsense", NULL };
	static const char *const one[] = { OUT, "05:00.0", NULL };
	struct bind_request req = { .op = BIND_OP_CLAIM, .group = -1 };
	struct bind_plan bp;
	struct env e;

	env_open(&e);
	req.devices = missing;
	ck_assert_int_eq(make(&e, &req, &bp), -ENOENT);
	ck_assert_str_eq(bp.device, "0000:09:00.0");
	req.devices = nogroup;
	ck_assert_int_eq(make(&e, &req, &bp), -ENODEV);
	ck_assert_str_eq(bp.device, NOGRP);
	req.devices = bad;
	ck_assert_int_eq(make(&e, &req, &bp), -EINVAL);
	/* the same device twice is that device alone: no parts */
	req.devices = one;
	ck_assert_int_eq(make(&e, &req, &bp), 0);
	ck_assert_uint_eq(bp.nparts, 0);
	ck_assert_int_eq(bp.group, 5);
	bind_plan_clear(&bp);
	env_close(&e);
}
END_TEST

static Suite *bind_suite(void)
{
	Suite *s = suite_create("bind");
	TCase *claim = tcase_create("claim");
	TCase *fail = tcase_create("rollback");
	TCase *rel = tcase_create("release");
	TCase *jrn = tcase_create("journal");
	TCase *single = tcase_create("single");
	TCase *usage = tcase_create("usage");

	tcase_add_test(claim, test_claim_order);
	tcase_add_test(fail, test_set_fail_at_each_step);
	tcase_add_test(claim, test_set_claim_release);
	tcase_add_test(claim, test_set_errors);
	tcase_add_test(claim, test_claim_unbound_and_already_vfio);
	tcase_add_test(claim, test_claim_noop);
	tcase_add_test(claim, test_claim_module_missing);
	tcase_add_test(claim, test_device_claim_companions);
	tcase_add_test(claim, test_claim_chipset_is_no_card);
	suite_add_tcase(s, claim);

	tcase_set_timeout(fail, 60);
	tcase_add_test(fail, test_fail_at_each_step);
	tcase_add_test(fail, test_fake_write_fails_nth);
	tcase_add_test(fail, test_unbind_timeout);
	tcase_add_test(fail, test_probe_binds_nothing);
	tcase_add_test(fail, test_rollback_fails);
	tcase_add_test(fail, test_crash_then_restore);
	tcase_add_test(fail, test_restore_damaged_or_gone);
	suite_add_tcase(s, fail);

	tcase_set_timeout(rel, 60);
	tcase_add_test(rel, test_release_recorded_driver);
	tcase_add_test(rel, test_release_without_journal);
	tcase_add_test(rel, test_release_cdev_held);
	tcase_add_test(rel, test_release_unbound_and_prebound);
	tcase_add_test(rel, test_second_claim_keeps_originals);
	tcase_add_test(rel, test_second_claim_rollback_keeps_first);
	tcase_add_test(rel, test_stacked_unbind_then_claim);
	tcase_add_test(rel, test_stacked_unjournaled_release_denied);
	tcase_add_test(rel, test_journal_unwritable_nothing_changed);
	suite_add_tcase(s, rel);

	tcase_add_test(jrn, test_journal_roundtrip);
	tcase_add_test(jrn, test_journal_longest);
	tcase_add_test(jrn, test_journal_rejects);
	tcase_add_test(jrn, test_journal_name_valid);
	suite_add_tcase(s, jrn);

	tcase_set_timeout(single, 60);
	tcase_add_test(single, test_single_noop_and_denied);
	tcase_add_test(single, test_single_bind_unbind_release);
	tcase_add_test(single, test_single_bind_rollback_on_top);
	suite_add_tcase(s, single);

	tcase_add_test(usage, test_usage_none);
	tcase_add_test(usage, test_usage_mounted);
	tcase_add_test(usage, test_usage_root_and_swap_deny);
	tcase_add_test(usage, test_usage_open_nodes);
	tcase_add_test(usage, test_usage_not_evaluated);
	suite_add_tcase(s, usage);
	return s;
}

int main(void)
{
	return run_suite(bind_suite());
}
