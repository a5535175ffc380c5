// SPDX-License-Identifier: GPL-2.0-or-later
/* testutil.c: temporary sysroot trees for the unit tests */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

char *tree_new(void)
{
	char tmpl[] = "/tmp/vfioctl-unit-XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void tree_cleanup(char *root)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

static void mkparents(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
}

void tree_mkdir(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/", root, rel);
	mkparents(path);
}

void tree_write(const char *root, const char *rel, const char *content)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkparents(path);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "fopen %s", path);
	fputs(content, f);
	fclose(f);
}

void tree_link(const char *root, const char *rel, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkparents(path);
	ck_assert_msg(symlink(target, path) == 0, "symlink %s", path);
}

int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* a fake read(2) for logsrc_set_read(): one step of the script per call */
static const char *const *fake_script;
static size_t fake_pos;

void fake_read_script(const char *const *script)
{
	fake_script = script;
	fake_pos = 0;
}

ssize_t fake_read(int fd, void *buf, size_t len)
{
	const char *step = fake_script[fake_pos];
	size_t n;

	(void)fd;
	if (!step)
		return 0;
	fake_pos++;
	if (strcmp(step, "EPIPE") == 0 || strcmp(step, "EAGAIN") == 0) {
		errno = step[1] == 'P' ? EPIPE : EAGAIN;
		return -1;
	}
	n = strlen(step);
	if (n > len) {
		errno = EINVAL;
		return -1;
	}
	memcpy(buf, step, n);
	return (ssize_t)n;
}
