// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-walk.c: libFuzzer target for path_walk() on link targets and paths from a hostile tree */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is "TARGET\nTARGET\nPATH": the targets of the links root/l1 and
 * root/d/l2, then a path to open. Whatever they say, a descriptor that
 * path_walk() returns must lie inside the tree (its /proc/self/fd link
 * starts with the root), and beneath it must lie below root/d.
 */
static char top[] = "/tmp/vfioctl-fuzz-walk-XXXXXX";
static char root[PATH_MAX], sub[PATH_MAX];
static int rootfd = -1, subfd = -1;

static void setup(void)
{
	char p[PATH_MAX];
	FILE *f;

	if (!mkdtemp(top))
		abort();
	snprintf(root, sizeof(root), "%s/root", top);
	snprintf(sub, sizeof(sub), "%s/d", root);
	snprintf(p, sizeof(p), "%s/e", sub);
	if (mkdir(root, 0755) < 0 || mkdir(sub, 0755) < 0 || mkdir(p, 0755) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/secret", top);
	f = fopen(p, "w");
	if (!f)
		abort();
	fclose(f);
	rootfd = open(root, O_PATH | O_DIRECTORY);
	subfd = open(sub, O_PATH | O_DIRECTORY);
	if (rootfd < 0 || subfd < 0)
		abort();
}

static void check_inside(int fd, const char *base)
{
	char link[64], where[PATH_MAX];
	ssize_t n;

	if (fd < 0)
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, where, sizeof(where) - 1);
	close(fd);
	if (n < 0)
		return;
	where[n] = '\0';
	if (strncmp(where, base, strlen(base)) != 0 ||
	    (where[strlen(base)] != '\0' && where[strlen(base)] != '/'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[3 * 1024], l1[PATH_MAX], l2[PATH_MAX];
	char *t1, *t2, *path;

	if (rootfd < 0)
		setup();
	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (strlen(buf) != size)
		return 0;
	t1 = buf;
	t2 = strchr(t1, '\n');
	if (!t2)
		return 0;
	*t2++ = '\0';
	path = strchr(t2, '\n');
	if (!path)
		return 0;
	*path++ = '\0';
	snprintf(l1, sizeof(l1), "%s/l1", root);
	snprintf(l2, sizeof(l2), "%s/l2", sub);
	unlink(l1);
	unlink(l2);
	if (*t1 && symlink(t1, l1) < 0)
		return 0;
	if (*t2 && symlink(t2, l2) < 0)
		return 0;
	check_inside(path_walk(rootfd, path, O_RDONLY, 0, false), root);
	check_inside(path_walk(rootfd, path, O_PATH, 0, false), root);
	check_inside(path_walk(subfd, path, O_PATH, 0, true), sub);
	return 0;
}
