/* SPDX-License-Identifier: GPL-2.0-or-later */
/* testutil.h: build small sysroot trees for unit tests */
#ifndef VFIO_TESTUTIL_H
#define VFIO_TESTUTIL_H

#include <check.h>
#include <sys/types.h>

/* a fresh temporary directory; removed by tree_cleanup() */
char *tree_new(void);
void tree_cleanup(char *root);
/* create parent directories and write @content to ROOT/@rel */
void tree_write(const char *root, const char *rel, const char *content);
/* create parent directories and a symlink ROOT/@rel -> @target */
void tree_link(const char *root, const char *rel, const char *target);
void tree_mkdir(const char *root, const char *rel);

/*
 * a fake /dev/kmsg for logsrc_set_read(): fake_read() answers one step of
 * the script set by fake_read_script() per call: "EPIPE" or "EAGAIN" (the
 * error), a NULL step (end of file), or the bytes of the step
 */
void fake_read_script(const char *const *script);
ssize_t fake_read(int fd, void *buf, size_t len);

/* run a suite and return the process exit status */
int run_suite(Suite *s);

#endif
