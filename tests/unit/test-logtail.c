// SPDX-License-Identifier: GPL-2.0-or-later
/* test-logtail.c: the log pane's collection: a bounded ring, lost-record notices, no record skipped between ticks */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logtail.h"
#include "source.h"
#include "testutil.h"

/* a tail on an empty tree (no dev/kmsg) plus a fake followed kmsg device */
static char *open_fake(struct logtail *t, size_t cap, const char *const *script)
{
	struct path_ctx *path;
	struct logsrc *s;
	char *root = tree_new();
	int fds[2];

	fake_read_script(script);
	ck_assert_int_eq(path_ctx_new(root, &path), 0);
	ck_assert_int_eq(logtail_open(t, path, cap), 0);
	path_ctx_free(path);
	ck_assert_uint_eq(t->nsrcs, 1);
	ck_assert_int_eq(t->srcs[0].open_error, -ENOENT);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[1]);
	ck_assert_int_eq(logsrc_open_fd(fds[0], LOGSRC_KMSG_DEV, "kmsg", true, &s), 0);
	logsrc_set_read(s, fake_read);
	ck_assert_int_eq(logtail_add(t, s, "kmsg", "/dev/kmsg"), 0);
	return root;
}

/* the ring's records, oldest first: "b(38)c" (a notice is its count in brackets) */
static void ring_text(const struct logtail *t, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < t->len; i++) {
		const struct logrec *r = logtail_at(t, i, NULL);
		size_t len = strlen(buf);

		if (r->kind == LOGREC_NOTICE)
			snprintf(buf + len, size - len, "(%llu)", (unsigned long long)r->count);
		else
			snprintf(buf + len, size - len, "%s", r->msg);
	}
}

START_TEST(test_ring_keeps_newest_and_lost_notices)
{
	static const char *const script[] = {
		"6,100,1,-;a\n", "6,101,2,-;b\n", "EPIPE", "6,140,3,-;c\n", "EAGAIN",
		"6,141,4,-;d\n", NULL,
	};
	struct logtail t;
	uint64_t serial;
	char text[64];
	char *root = open_fake(&t, 3, script);
	uint64_t v0 = t.version;

	/* tick 1: a, b, the overrun's notice, c; then the device has nothing */
	ck_assert_uint_eq(logtail_read(&t), 4);
	ck_assert_uint_eq(t.len, 3);
	ring_text(&t, text, sizeof(text));
	ck_assert_str_eq(text, "b(38)c");
	ck_assert_uint_eq(t.lost, 38);
	ck_assert_uint_gt(t.version, v0);
	logtail_at(&t, 0, &serial);
	ck_assert_uint_eq(serial, 2);
	/* tick 2: reading goes on where it stopped */
	v0 = t.version;
	ck_assert_uint_eq(logtail_read(&t), 1);
	ring_text(&t, text, sizeof(text));
	ck_assert_str_eq(text, "(38)cd");
	logtail_at(&t, 2, &serial);
	ck_assert_uint_eq(serial, 5);
	ck_assert(t.srcs[1].ended);
	/* nothing new: the version stays, so the pane is not rebuilt */
	v0 = t.version;
	ck_assert_uint_eq(logtail_read(&t), 0);
	ck_assert_uint_eq(t.version, v0);
	logtail_close(&t);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_tick_bound_skips_nothing)
{
	static const char *const script[] = {
		"6,1,1,-;r1\n", "6,2,2,-;r2\n", "6,3,3,-;r3\n", "6,4,4,-;r4\n", "6,5,5,-;r5\n",
		"6,6,6,-;r6\n", "6,7,7,-;r7\n", "6,8,8,-;r8\n", "6,9,9,-;r9\n", "6,10,10,-;r10\n",
		"EAGAIN", NULL,
	};
	struct logtail t;
	uint64_t serial;
	char text[64];
	char *root = open_fake(&t, 2, script);

	/* a ring of 2 reads at most 8 a tick: the other 2 wait for the next tick */
	ck_assert_uint_eq(t.tick_max, 8);
	ck_assert_uint_eq(logtail_read(&t), 8);
	ring_text(&t, text, sizeof(text));
	ck_assert_str_eq(text, "r7r8");
	ck_assert_uint_eq(logtail_read(&t), 2);
	ring_text(&t, text, sizeof(text));
	ck_assert_str_eq(text, "r9r10");
	logtail_at(&t, 1, &serial);
	ck_assert_uint_eq(serial, 10);
	ck_assert_uint_eq(t.lost, 0);
	logtail_close(&t);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_memory_stays_flat)
{
	static const char *script[2002];
	static char lines[2000][48];
	struct logtail t;
	size_t arenas = 0, again = 0;
	char *root;

	for (int i = 0; i < 2000; i++) {
		snprintf(lines[i], sizeof(lines[i]), "6,%d,%d,-;record %04d\n", i, i, i);
		script[i] = lines[i];
	}
	script[2000] = "EAGAIN";
	script[2001] = NULL;
	root = open_fake(&t, 16, script);
	while (logtail_read(&t))
		if (t.len == t.cap && !arenas)
			for (size_t i = 0; i < t.cap; i++)
				arenas += logtail_at(&t, i, NULL)->arena_cap;
	/* 2000 records of one size through 16 slots: 16 kept, the arenas reused as they were */
	ck_assert_uint_eq(t.len, 16);
	for (size_t i = 0; i < t.cap; i++)
		again += logtail_at(&t, i, NULL)->arena_cap;
	ck_assert_uint_le(again, arenas);
	ck_assert_str_eq(logtail_at(&t, 15, NULL)->msg, "record 1999");
	logtail_close(&t);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_sysroot_files_followed)
{
	struct path_ctx *path;
	struct logtail t;
	char *root = tree_new();
	FILE *f;
	char rel[4096];

	tree_mkdir(root, "dev/log");
	tree_write(root, "dev/kmsg", "6,1,100,-;first\n3,2,200,-;second\n");
	ck_assert_int_eq(path_ctx_new(root, &path), 0);
	ck_assert_int_eq(logtail_open(&t, path, 0), 0);
	ck_assert_uint_eq(t.cap, LOGTAIL_DEFAULT_CAP);
	/* kmsg only: no Android logger in this tree */
	ck_assert_uint_eq(t.nsrcs, 1);
	ck_assert_int_eq(t.srcs[0].open_error, 0);
	ck_assert_uint_eq(logtail_read(&t), 2);
	ck_assert_uint_eq(logtail_read(&t), 0);
	/* a record written to the file later comes on a later tick */
	snprintf(rel, sizeof(rel), "%s/dev/kmsg", root);
	f = fopen(rel, "a");
	ck_assert_ptr_nonnull(f);
	fputs("4,3,300,-;third\n", f);
	fclose(f);
	ck_assert_uint_eq(logtail_read(&t), 1);
	ck_assert_str_eq(logtail_at(&t, 2, NULL)->msg, "third");
	ck_assert_int_eq(logtail_at(&t, 2, NULL)->level, 4);
	logtail_close(&t);
	path_ctx_free(path);
	tree_cleanup(root);
}
END_TEST

static Suite *logtail_suite(void)
{
	Suite *s = suite_create("logtail");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ring_keeps_newest_and_lost_notices);
	tcase_add_test(tc, test_tick_bound_skips_nothing);
	tcase_add_test(tc, test_memory_stays_flat);
	tcase_add_test(tc, test_sysroot_files_followed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(logtail_suite());
}
