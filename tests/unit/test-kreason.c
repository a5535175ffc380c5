// SPDX-License-Identifier: GPL-2.0-or-later
/* test-kreason.c: kmsg lines about a device since a mark; the probe errno the driver core logs */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "testutil.h"
#include "vfio/kreason.h"

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

/* append to the tree's dev/kmsg, as the kernel adds records after the mark */
static void append(const char *text)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/dev/kmsg", root);
	f = fopen(p, "a");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_lines_since_mark_naming_the_device)
{
	char lines[KREASON_MAX_LINES][KREASON_LINE_MAX];
	struct kreason_watch *w;

	tree_write(root, "dev/kmsg",
		   "6,10,100,-;vfio-pci 0000:01:00.0: old: before the mark\n"
		   " SUBSYSTEM=pci\n DEVICE=+pci:0000:01:00.0\n");
	ck_assert_int_eq(kreason_watch_open(ctx, &w), 0);
	append("3,11,200,-;vfio-pci 0000:01:00.0: Cannot bind to PF with SR-IOV enabled\n"
	       " SUBSYSTEM=pci\n DEVICE=+pci:0000:01:00.0\n"
	       "4,12,201,-;nouveau 0000:02:00.0: another device\n"
	       "4,13,202,-;vfio-pci: probe of 0000:01:00.0 failed with error -16\n"
	       "6,14,203,-;a line with the device only in its dictionary\n"
	       " DEVICE=+pci:0000:01:00.0\n"
	       "6,15,204,-;a control\\x1b[2Jbyte 0000:01:00.0\n");
	ck_assert_uint_eq(kreason_watch_collect(w, "0000:01:00.0", lines, KREASON_MAX_LINES), 4);
	ck_assert_str_eq(lines[0], "vfio-pci 0000:01:00.0: Cannot bind to PF with SR-IOV enabled");
	ck_assert_str_eq(lines[1], "vfio-pci: probe of 0000:01:00.0 failed with error -16");
	ck_assert_str_eq(lines[2], "a line with the device only in its dictionary");
	ck_assert_str_eq(lines[3], "a control?[2Jbyte 0000:01:00.0");
	/* read once: a second collect sees only what came after */
	ck_assert_uint_eq(kreason_watch_collect(w, "0000:01:00.0", lines, KREASON_MAX_LINES), 0);
	/* a mark drops what came before it */
	append("6,16,300,-;vfio-pci 0000:01:00.0: between\n");
	kreason_watch_mark(w);
	append("6,17,301,-;vfio-pci 0000:01:00.0: after\n");
	ck_assert_uint_eq(kreason_watch_collect(w, "0000:01:00.0", lines, KREASON_MAX_LINES), 1);
	ck_assert_str_eq(lines[0], "vfio-pci 0000:01:00.0: after");
	kreason_watch_free(w);
}
END_TEST

START_TEST(test_no_kmsg_or_a_fifo)
{
	struct kreason_watch *w = NULL;
	char p[4096];

	ck_assert_int_eq(kreason_watch_open(ctx, &w), -ENOENT);
	ck_assert_ptr_null(w);
	tree_mkdir(root, "dev");
	snprintf(p, sizeof(p), "%s/dev/kmsg", root);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_int_eq(kreason_watch_open(ctx, &w), -EINVAL);
	/* a NULL watch collects nothing and marks nothing */
	kreason_watch_mark(NULL);
	ck_assert_uint_eq(kreason_watch_collect(NULL, "0000:01:00.0", NULL, 0), 0);
}
END_TEST

START_TEST(test_probe_errno)
{
	ck_assert_int_eq(kreason_probe_errno("ahci: probe of 0000:00:02.0 failed with error -22"),
			 22);
	ck_assert_int_eq(kreason_probe_errno("probe with driver vfio-pci failed with error -16"),
			 16);
	ck_assert_int_eq(kreason_probe_errno("vfio-pci 0000:01:00.0: Cannot bind to PF"), 0);
	ck_assert_int_eq(kreason_probe_errno("probe of x failed with error -"), 0);
	ck_assert_int_eq(kreason_probe_errno("reset failed with error -5"), 0);
}
END_TEST

static Suite *kreason_suite(void)
{
	Suite *s = suite_create("kreason");
	TCase *tc = tcase_create("kmsg");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lines_since_mark_naming_the_device);
	tcase_add_test(tc, test_no_kmsg_or_a_fifo);
	tcase_add_test(tc, test_probe_errno);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(kreason_suite());
}
