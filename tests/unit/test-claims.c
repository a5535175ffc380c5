// SPDX-License-Identifier: GPL-2.0-or-later
/* test-claims.c: the claim state read from the journals, and the stale temporary files cleaned */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "path.h"
#include "testutil.h"
#include "vfio/claims.h"

#define HEAD(op, g, state) "vfioctl-journal 1\nop " op "\ngroup " g "\nstate " state "\npid 12\n"
#define DEV(bdf, drv) "device " bdf " driver=" drv " override=\n"

static char *root;
static struct path_ctx *ctx;

static void setup(void)
{
	root = tree_new();
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static void set_mtime(const char *rel, time_t t)
{
	char abs[4096];
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	snprintf(abs, sizeof(abs), "%s/%s", root, rel);
	ck_assert_int_eq(utimensat(AT_FDCWD, abs, ts, 0), 0);
}

START_TEST(test_state_read)
{
	struct claim_state st;
	const struct claim_entry *e;
	const char *members[] = { "0000:00:1f.3", "0000:00:1f.4" };
	char buf[64];

	/* no directory: nothing claimed */
	ck_assert_int_eq(claim_state_read(ctx, &st), 0);
	ck_assert_uint_eq(st.n, 0);
	claim_state_clear(&st);

	tree_write(root, "run/vfioctl/group-2.journal", HEAD("claim", "2", "applied") DEV("0000:00:14.0", "xhci_hcd"));
	tree_write(root, "run/vfioctl/group-5.journal", HEAD("claim", "5", "applying") DEV("0000:02:00.0", "nvme"));
	tree_write(root, "run/vfioctl/device-0000:00:1f.3.journal",
		   HEAD("bind", "-1", "applied") DEV("0000:00:1f.3", "snd_hda_intel"));
	tree_write(root, "run/vfioctl/group-7.journal", HEAD("claim", "5", "applied") DEV("0000:02:00.0", "nvme"));
	tree_write(root, "run/vfioctl/group-9.journal", "vfioctl-journal 1\nop claim\n");
	tree_write(root, "run/vfioctl/lock", "");
	set_mtime("run/vfioctl/group-5.journal", 1767323045);	/* 2026-01-02 03:04:05 UTC */
	ck_assert_int_eq(claim_state_read(ctx, &st), 0);
	ck_assert_uint_eq(st.n, 5);

	e = claim_state_device(&st, "0000:02:00.0");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->rel, "run/vfioctl/group-5.journal");	/* not the mismatched group-7 */
	ck_assert(claim_entry_interrupted(e));
	ck_assert_int_eq(e->mtime, 1767323045);
	ck_assert_str_eq(claim_entry_subject(e, buf, sizeof(buf)), "group 5");
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_str_eq(claim_entry_when(e, buf, sizeof(buf)), "2026-01-02 03:04:05 UTC");

	e = claim_state_group(&st, 7);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->error, -ENOTUNIQ);
	ck_assert(!claim_entry_interrupted(e));
	e = claim_state_group(&st, 9);
	ck_assert_int_eq(e->error, -EBADMSG);
	ck_assert_ptr_null(claim_state_group(&st, 3));

	e = claim_state_device(&st, "0000:00:14.0");
	ck_assert(!claim_entry_interrupted(e));
	ck_assert_str_eq(e->j.op, "claim");
	ck_assert_ptr_null(claim_state_device(&st, "0000:00:1f.4"));

	/* group 4 has no journal of its own: its member's device journal concerns it */
	e = claim_state_touches_group(&st, 4, members, 2);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name_bdf, "0000:00:1f.3");
	ck_assert_ptr_null(claim_state_touches_group(&st, 4, members + 1, 1));
	claim_state_clear(&st);
	ck_assert_uint_eq(st.n, 0);
}
END_TEST

START_TEST(test_plan_checks)
{
	struct claim_state st;
	struct plan p = { 0 };

	tree_write(root, "run/vfioctl/group-2.journal", HEAD("claim", "2", "applied") DEV("0000:00:14.0", "xhci_hcd"));
	tree_write(root, "run/vfioctl/group-5.journal", HEAD("claim", "5", "applying") DEV("0000:02:00.0", "nvme"));
	set_mtime("run/vfioctl/group-5.journal", 1767323045);
	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(claim_state_read(ctx, &st), 0);
	ck_assert_int_eq(claim_state_plan_checks(&st, NULL, &p), 0);
	ck_assert_uint_eq(p.nchecks, 1);
	ck_assert_int_eq(p.checks[0].result, CHECK_WARN);
	ck_assert_str_eq(p.checks[0].detail,
			 "an interrupted change of 2026-01-02 03:04:05 UTC on group 5 is pending: run vfioctl recover");
	ck_assert(!plan_refused(&p));
	plan_clear(&p);
	/* in a tree, the hint names it: pasted as is, it must not act on the host */
	ck_assert_int_eq(claim_state_plan_checks(&st, "/srv/tree", &p), 0);
	ck_assert_str_eq(p.checks[0].detail,
			 "an interrupted change of 2026-01-02 03:04:05 UTC on group 5 is pending: run vfioctl --sysroot /srv/tree recover");
	plan_clear(&p);
	claim_state_clear(&st);
}
END_TEST

START_TEST(test_clean_tmp)
{
	struct timespec locked = { time(NULL), 0 };
	size_t removed = 0;

	tree_write(root, "proc/4242/comm", "vfioctl\n");
	tree_write(root, "run/vfioctl/group-5.journal", HEAD("claim", "5", "applied") DEV("0000:02:00.0", "nvme"));
	/* dead writer: stale whatever its age */
	tree_write(root, "run/vfioctl/group-5.journal.tmp.999999", "x");
	set_mtime("run/vfioctl/group-5.journal.tmp.999999", locked.tv_sec + 3600);
	/* live writer, older than the lock: its writer let the lock go */
	tree_write(root, "run/vfioctl/group-2.journal.tmp.4242", "x");
	set_mtime("run/vfioctl/group-2.journal.tmp.4242", locked.tv_sec - 3600);
	/* live writer, newer than the lock: left alone */
	tree_write(root, "run/vfioctl/group-3.journal.tmp.4242", "x");
	set_mtime("run/vfioctl/group-3.journal.tmp.4242", locked.tv_sec + 3600);
	/* not a journal's temporary file, or not a number: left alone */
	tree_write(root, "run/vfioctl/notes.tmp.1", "x");
	tree_write(root, "run/vfioctl/group-4.journal.tmp.x1", "x");
	tree_mkdir(root, "run/vfioctl/group-6.journal.tmp.999998");

	ck_assert_int_eq(journal_clean_tmp(ctx, &locked, &removed), 0);
	ck_assert_uint_eq(removed, 2);
	ck_assert(!path_exists(ctx, "run/vfioctl/group-5.journal.tmp.999999"));
	ck_assert(!path_exists(ctx, "run/vfioctl/group-2.journal.tmp.4242"));
	ck_assert(path_exists(ctx, "run/vfioctl/group-3.journal.tmp.4242"));
	ck_assert(path_exists(ctx, "run/vfioctl/notes.tmp.1"));
	ck_assert(path_exists(ctx, "run/vfioctl/group-4.journal.tmp.x1"));
	ck_assert(path_exists(ctx, "run/vfioctl/group-6.journal.tmp.999998"));
	ck_assert(path_exists(ctx, "run/vfioctl/group-5.journal"));

	/* no directory at all */
	tree_cleanup(root);
	root = tree_new();
	path_ctx_free(ctx);
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(journal_clean_tmp(ctx, &locked, NULL), 0);
}
END_TEST

START_TEST(test_name_parse)
{
	char bdf[BDF_STRLEN];
	int g;

	ck_assert_int_eq(journal_name_parse("run/vfioctl/group-12.journal", &g, bdf), 0);
	ck_assert_int_eq(g, 12);
	ck_assert_str_eq(bdf, "");
	ck_assert_int_eq(journal_name_parse("device-0000:01:00.0.journal", &g, bdf), 0);
	ck_assert_int_eq(g, -1);
	ck_assert_str_eq(bdf, "0000:01:00.0");
	ck_assert_int_eq(journal_name_parse("group-012.journal", &g, bdf), -EINVAL);
	ck_assert_int_eq(journal_name_parse("group--1.journal", &g, bdf), -EINVAL);
	ck_assert_int_eq(journal_name_parse("group-.journal", &g, bdf), -EINVAL);
	ck_assert_int_eq(journal_name_parse("device-01:00.0.journal", &g, bdf), -EINVAL);
	ck_assert_int_eq(journal_name_parse("device-0000:01:00.0", &g, bdf), -EINVAL);
	ck_assert_int_eq(journal_name_parse("claim.journal", &g, bdf), -EINVAL);
}
END_TEST

static Suite *claims_suite(void)
{
	Suite *s = suite_create("claims");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_state_read);
	tcase_add_test(tc, test_plan_checks);
	tcase_add_test(tc, test_clean_tmp);
	tcase_add_test(tc, test_name_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(claims_suite());
}
