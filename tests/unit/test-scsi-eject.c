// SPDX-License-Identifier: GPL-2.0-or-later
/* test-scsi-eject.c: SG_IO targets through dm stacks, eject plans and their methods on a fake device, ACLs */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "path.h"
#include "scsi/audit.h"
#include "scsi/eject.h"
#include "scsi/ident.h"
#include "testutil.h"

static char *root;
static struct path_ctx *ctx;
static struct blockdev_topo *topo;

/* the CLI fixture builder: partitions, LVM, LUKS, multipath and kpartx over SCSI disks */
static void setup(void)
{
	const char *top = getenv("abs_top_srcdir");
	char cmd[4096];

	root = tree_new();
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/fixtures/fx-scsi-stack.sh' '%s/t'",
		 top ? top : "..", root);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/t", root);
	ck_assert_int_eq(path_ctx_new(cmd, &ctx), 0);
	ck_assert_int_eq(blockdev_topo_scan(ctx, &topo), 0);
}

static void teardown(void)
{
	blockdev_topo_free(topo);
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static void target(const char *name, struct scsi_target *t)
{
	const struct blockdev *d = blockdev_find(topo, name);

	ck_assert_msg(d != NULL, "%s", name);
	ck_assert_int_eq(scsi_target_of(ctx, topo, d, t), 0);
}

START_TEST(test_targets)
{
	struct scsi_target t;

	target("sda", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_DISK);
	ck_assert(!t.mapped);
	ck_assert_int_eq(t.ident.pdt, 0);
	ck_assert_str_eq(t.ident.hctl, "0:0:0:0");
	ck_assert_str_eq(t.ident.sg, "sg0");
	ck_assert_str_eq(t.ident.bsg, "0:0:0:0");
	target("sda1", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_PART);
	ck_assert(t.mapped);
	ck_assert_str_eq(t.disk->name, "sda");
	/* an LV on sda2: a subset of a partition, so two gates in the kernel */
	target("dm-0", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_DM_SUBSET);
	ck_assert(t.under_part && t.mapped);
	ck_assert_str_eq(t.disk->name, "sda");
	/* LUKS: no ioctl pass-through at all */
	target("dm-1", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_DM_NOIOCTL);
	ck_assert_ptr_null(t.disk);
	/* multipath: a whole-disk map with two paths */
	target("dm-2", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_DM_WHOLE);
	ck_assert(!t.mapped);
	ck_assert_str_eq(t.disk->name, "sdb");
	/* kpartx over multipath */
	target("dm-3", &t);
	ck_assert_int_eq(t.knode, SCSI_KNODE_DM_SUBSET);
	ck_assert(t.mapped && !t.under_part);
	target("sr0", &t);
	ck_assert_int_eq(t.ident.pdt, 5);
	ck_assert(t.ident.removable);
}
END_TEST

START_TEST(test_plans)
{
	struct eject_opts o = { .action = EJECT_OPEN };
	struct eject_plan p;

	ck_assert_int_eq(eject_plan_build(ctx, topo, "/dev/sr0", &o, &p), 0);
	ck_assert(!p.refused);
	ck_assert_uint_eq(p.nmethods, 2);
	ck_assert_int_eq(p.methods[0].kind, EJECT_M_DRIVER);
	ck_assert_int_eq(p.methods[1].kind, EJECT_M_SGIO);
	eject_plan_clear(&p);

	/* sda2 is held by an LV, sda1 by LUKS: --unmount does not help */
	o.unmount = true;
	ck_assert_int_eq(eject_plan_build(ctx, topo, "/dev/sda2", &o, &p), 0);
	ck_assert(p.refused);
	ck_assert_ptr_nonnull(strstr(p.refusal, "held by"));
	ck_assert_str_eq(p.disk->name, "sda");
	eject_plan_clear(&p);

	/* the kpartx map on multipath lies on two disks */
	ck_assert_int_eq(eject_plan_build(ctx, topo, "LABEL=data", &o, &p), 0);
	ck_assert(p.refused);
	ck_assert_ptr_nonnull(strstr(p.refusal, "2 disks"));
	eject_plan_clear(&p);

	/* locking ignores the users; power-off adds the sysfs method */
	o.action = EJECT_LOCK;
	ck_assert_int_eq(eject_plan_build(ctx, topo, "sda", &o, &p), 0);
	ck_assert(!p.refused);
	eject_plan_clear(&p);
	o.action = EJECT_OPEN;
	o.power_off = true;
	o.unmount = false;
	ck_assert_int_eq(eject_plan_build(ctx, topo, "sr0", &o, &p), 0);
	ck_assert_uint_eq(p.nmethods, 3);
	ck_assert_int_eq(p.methods[2].kind, EJECT_M_POWER_OFF);
	eject_plan_clear(&p);

	ck_assert_int_eq(eject_plan_build(ctx, topo, "sdz", &o, &p), -ENOENT);
	eject_plan_clear(&p);
}
END_TEST

/* a fake device: what each call answers, and what was sent */
static int fake_drv_rc, fake_allow_result, fake_ss_result, nsent, nopen;
static uint8_t sent[4];

static int f_open(struct path_ctx *c, const char *rel, bool write, int *fd)
{
	nopen++;
	*fd = 42;
	return 0;
}

static void f_close(int fd)
{
}

static int f_exec(int fd, struct scsi_io *io)
{
	int r = io->cdb[0] == 0x1e ? fake_allow_result : fake_ss_result;

	sent[nsent++ % 4] = io->cdb[0];
	memset(io->sense, 0, sizeof(io->sense));
	if (r == -EPERM) {
		io->result = SCSI_IO_OS_ERR;
		io->os_err = EPERM;
	} else if (r > 0) {
		/* CHECK CONDITION with sense key @r, fixed format */
		io->result = SCSI_IO_SENSE;
		io->sense[0] = 0x70;
		io->sense[2] = (uint8_t)r;
		io->sense[7] = 10;
		io->sense[12] = r == 5 ? 0x20 : 0x3a;
		io->sense_len = 18;
	} else {
		io->result = SCSI_IO_GOOD;
	}
	return 0;
}

static int f_drv(int fd, enum scsi_drv_ioctl what)
{
	return fake_drv_rc;
}

static bool f_cap(void)
{
	return false;
}

static const struct scsi_ops fake_ops = { f_open, f_close, f_exec, f_drv, f_cap };

static char umounted[256];

static int f_umount(const char *target)
{
	strcat(umounted, target);
	strcat(umounted, ";");
	return 0;
}

START_TEST(test_apply_methods)
{
	struct eject_opts o = { .action = EJECT_OPEN };
	struct eject_plan p;
	struct eject_result r;

	ck_assert_int_eq(eject_plan_build(ctx, topo, "/dev/sr0", &o, &p), 0);
	/* the driver's ioctl works: nothing else is tried */
	fake_drv_rc = 0;
	nsent = 0;
	ck_assert_int_eq(eject_plan_apply(ctx, &p, &o, &fake_ops, f_umount, &r), 0);
	ck_assert_int_eq(r.worked, 0);
	ck_assert_int_eq(nsent, 0);
	/* ENOTTY from the driver, ILLEGAL REQUEST to ALLOW (tolerated), START STOP works */
	fake_drv_rc = -ENOTTY;
	fake_allow_result = 5;
	fake_ss_result = 0;
	ck_assert_int_eq(eject_plan_apply(ctx, &p, &o, &fake_ops, f_umount, &r), 0);
	ck_assert_int_eq(r.worked, 1);
	ck_assert_uint_eq(r.attempts[0].err, ENOTTY);
	ck_assert_int_eq(nsent, 2);
	ck_assert_uint_eq(sent[0], 0x1e);
	ck_assert_uint_eq(sent[1], 0x1b);
	/* EPERM to ALLOW stops the SG_IO method; NOT READY to START STOP is decoded */
	fake_allow_result = -EPERM;
	ck_assert_int_eq(eject_plan_apply(ctx, &p, &o, &fake_ops, f_umount, &r), -EIO);
	ck_assert_int_eq(r.worked, -1);
	ck_assert_uint_eq(r.attempts[1].err, EPERM);
	fake_allow_result = 0;
	fake_ss_result = 2;
	ck_assert_int_eq(eject_plan_apply(ctx, &p, &o, &fake_ops, f_umount, &r), -EIO);
	ck_assert(r.attempts[1].has_sense);
	ck_assert_uint_eq(r.attempts[1].sense.key, 2);
	ck_assert_uint_eq(r.attempts[1].sense.asc, 0x3a);
	eject_plan_clear(&p);

	/* a refused plan sends nothing */
	nopen = 0;
	ck_assert_int_eq(eject_plan_build(ctx, topo, "/dev/sda", &o, &p), 0);
	ck_assert(p.refused);
	ck_assert_int_eq(eject_plan_apply(ctx, &p, &o, &fake_ops, f_umount, &r), -EPERM);
	ck_assert_int_eq(nopen, 0);
	eject_plan_clear(&p);
}
END_TEST

START_TEST(test_acl)
{
	/* user::rw- user:1000:rw- group::r-- group:24:r-- mask::r-- other::--- */
	static const uint8_t x[] = {
		2, 0, 0, 0,
		0x01, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
		0x02, 0, 6, 0, 0xe8, 0x03, 0, 0,
		0x04, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x08, 0, 4, 0, 24, 0, 0, 0,
		0x10, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x20, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
	};
	unsigned int ids[4], perms[4], mask;
	bool grp[4];
	char text[128];

	ck_assert_int_eq(scsi_acl_parse(x, sizeof(x), text, sizeof(text), ids, grp, perms, 4, &mask), 2);
	ck_assert_str_eq(text, "user:1000:rw-,group:24:r--,mask::r--");
	ck_assert_uint_eq(ids[0], 1000);
	ck_assert(!grp[0] && grp[1]);
	ck_assert_uint_eq(perms[0], 6);
	ck_assert_uint_eq(mask, 4);
	ck_assert_int_eq(scsi_acl_parse(x, 7, text, sizeof(text), ids, grp, perms, 4, &mask), -EINVAL);
	ck_assert_int_eq(scsi_acl_parse((const uint8_t *)"\1\0\0\0", 4, text, sizeof(text), ids, grp,
					perms, 4, &mask), -EINVAL);
}
END_TEST

START_TEST(test_audit_flags)
{
	struct audit_entry *v;
	size_t n;
	unsigned int seen = 0;

	ck_assert_int_eq(scsi_audit_scan(ctx, topo, &v, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].node, "dev/dm-2") == 0)
			ck_assert(v[i].flags & AUDIT_FLAG_DM_FORWARDS);
		if (strcmp(v[i].node, "dev/sg3") == 0) {
			ck_assert(v[i].flags & AUDIT_FLAG_SG_WRITABLE);
			ck_assert_str_eq(v[i].disk, "sr0");
		}
		if (strcmp(v[i].node, "dev/sda1") == 0) {
			ck_assert(v[i].flags & AUDIT_FLAG_PART_OPEN);
			ck_assert_int_eq(v[i].mode, 0660);
			ck_assert_str_eq(v[i].group, "disk");
		}
		seen |= v[i].flags;
	}
	free(v);
	ck_assert_uint_eq(seen, AUDIT_FLAG_PART_OPEN | AUDIT_FLAG_DM_FORWARDS | AUDIT_FLAG_SG_WRITABLE |
				AUDIT_FLAG_OVERLAP | AUDIT_FLAG_ATA_PT);
}
END_TEST

static Suite *eject_suite(void)
{
	Suite *s = suite_create("scsi-eject");
	TCase *tc = tcase_create("eject");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_targets);
	tcase_add_test(tc, test_plans);
	tcase_add_test(tc, test_apply_methods);
	tcase_add_test(tc, test_acl);
	tcase_add_test(tc, test_audit_flags);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(eject_suite());
}
