// SPDX-License-Identifier: GPL-2.0-or-later
/* path.c: sysroot-relative access to /sys, /proc and /dev through one dirfd */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "path.h"

#define PATH_READ_MAX	(1024 * 1024)

/*
 * The live root is read with plain openat() against its dirfd. Any other
 * sysroot is a tree that someone captured or built, and its symlinks are
 * not to be trusted: there every lookup goes through openat2() with
 * RESOLVE_IN_ROOT from the sysroot's fd, so an absolute or "../.." link
 * resolves inside the tree and can never reach the host. A context for a
 * directory inside such a tree resolves with RESOLVE_BENEATH, which is
 * stricter still and keeps per-device reads to one short lookup.
 */
struct path_ctx {
	int dirfd;
	uint64_t resolve;	/* 0 (live), RESOLVE_IN_ROOT or RESOLVE_BENEATH */
	char *root;
	bool live;
};

int path_ctx_new(const char *root, struct path_ctx **out)
{
	struct path_ctx *ctx;
	struct stat st_root, st_slash;

	if (!root || !*root)
		root = "/";
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->root = strdup(root);
	if (!ctx->root) {
		free(ctx);
		return -ENOMEM;
	}
	ctx->dirfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->dirfd < 0) {
		int err = -errno;

		free(ctx->root);
		free(ctx);
		return err;
	}
	/* "live" means the same inode as "/", however the root was spelled */
	ctx->live = fstat(ctx->dirfd, &st_root) == 0 &&
		    stat("/", &st_slash) == 0 && /* lint: host path */
		    st_root.st_dev == st_slash.st_dev &&
		    st_root.st_ino == st_slash.st_ino;
	if (!ctx->live)
		ctx->resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	*out = ctx;
	return 0;
}

void path_ctx_free(struct path_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->dirfd >= 0)
		close(ctx->dirfd);
	free(ctx->root);
	free(ctx);
}

const char *path_ctx_root(const struct path_ctx *ctx)
{
	return ctx->root;
}

bool path_ctx_is_live(const struct path_ctx *ctx)
{
	return ctx->live;
}

int path_ctx_dirfd(const struct path_ctx *ctx)
{
	return ctx->dirfd;
}

/* format a relative path; leading slashes are dropped so "/sys" == "sys" */
static int vformat_rel(char *buf, size_t size, const char *fmt, va_list ap)
{
	char tmp[PATH_MAX];
	const char *p;
	int n;

	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp; *p == '/'; p++)
		;
	if (!*p)
		p = ".";
	if (strlen(p) >= size)
		return -ENAMETOOLONG;
	strcpy(buf, p);
	return 0;
}

#define FORMAT_REL(rel, fmt)					\
	do {							\
		va_list ap_;					\
		int rc_;					\
		va_start(ap_, fmt);				\
		rc_ = vformat_rel(rel, sizeof(rel), fmt, ap_);	\
		va_end(ap_);					\
		if (rc_ < 0)					\
			return rc_;				\
	} while (0)

int path_abs(const struct path_ctx *ctx, char *buf, size_t size,
	     const char *fmt, ...)
{
	char rel[PATH_MAX];
	int n;

	FORMAT_REL(rel, fmt);
	if (strcmp(rel, ".") == 0)
		n = snprintf(buf, size, "%s", ctx->root);
	else if (ctx->root[strlen(ctx->root) - 1] == '/')
		n = snprintf(buf, size, "%s%s", ctx->root, rel);
	else
		n = snprintf(buf, size, "%s/%s", ctx->root, rel);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}


/* open @rel; inside the tree only, when the tree is not the live root */
static int xopen(const struct path_ctx *ctx, const char *rel, int flags, mode_t mode)
{
	struct open_how how = { 0 };
	int fd;

	if (!ctx->resolve) {
		fd = openat(ctx->dirfd, rel, flags | O_CLOEXEC, mode);
		return fd < 0 ? -errno : fd;
	}
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = ctx->resolve;
	fd = (int)syscall(SYS_openat2, ctx->dirfd, rel, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

/*
 * The directory that holds @rel's last component, for the calls that must
 * not follow it (readlink, unlink, rename, mkdir, lstat): *@fd is to be
 * closed when *@owned, and @base receives the last component.
 */
static int xparent(const struct path_ctx *ctx, const char *rel, int *fd, bool *owned,
		   char *base, size_t size)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(rel, '/');
	int rc;

	/* the live root resolves the whole path itself, as the *at() calls do */
	if (!ctx->resolve || !slash) {
		if (strlen(rel) >= size)
			return -ENAMETOOLONG;
		strcpy(base, rel);
		*fd = ctx->dirfd;
		*owned = false;
		return 0;
	}
	if (strlen(slash + 1) >= size || (size_t)(slash - rel) >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(base, slash + 1);
	memcpy(dir, rel, (size_t)(slash - rel));
	dir[slash - rel] = '\0';
	rc = xopen(ctx, dir, O_RDONLY | O_DIRECTORY, 0);
	if (rc < 0)
		return rc;
	*fd = rc;
	*owned = true;
	return 0;
}

static void xparent_done(int fd, bool owned)
{
	if (owned)
		close(fd);
}

static bool vexists(const struct path_ctx *ctx, int flags, const char *fmt,
		    va_list ap)
{
	char rel[PATH_MAX];
	struct stat st;

	int fd;

	if (vformat_rel(rel, sizeof(rel), fmt, ap) < 0)
		return false;
	if (!ctx->resolve)
		return fstatat(ctx->dirfd, rel, &st, flags) == 0;
	fd = xopen(ctx, rel, O_PATH, 0);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool path_exists(const struct path_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = vexists(ctx, 0, fmt, ap);
	va_end(ap);
	return r;
}

bool path_is_link(const struct path_ctx *ctx, const char *fmt, ...)
{
	char rel[PATH_MAX];
	struct stat st;
	va_list ap;
	int rc;

	char base[NAME_MAX + 1];
	bool owned, r;
	int fd;

	va_start(ap, fmt);
	rc = vformat_rel(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (rc < 0 || xparent(ctx, rel, &fd, &owned, base, sizeof(base)) < 0)
		return false;
	r = fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
	xparent_done(fd, owned);
	return r;
}

static int open_rel(const struct path_ctx *ctx, const char *rel, int flags)
{
	struct stat st;
	int fd;

	/* a FIFO planted in a tree must not hang a read */
	if ((flags & O_ACCMODE) == O_RDONLY && !(flags & O_PATH))
		flags |= O_NONBLOCK;
	fd = xopen(ctx, rel, flags, 0);
	if (fd >= 0 && (flags & O_NONBLOCK) && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* read up to @size bytes; sysfs attributes answer in one read, files may not */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int read_string_rel(const struct path_ctx *ctx, char *buf, size_t size,
			   const char *rel)
{
	ssize_t n;
	int fd;

	if (size == 0)
		return -EINVAL;
	fd = open_rel(ctx, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read_all(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return (int)n;
}

int path_read_string(const struct path_ctx *ctx, char *buf, size_t size,
		     const char *fmt, ...)
{
	char rel[PATH_MAX];

	FORMAT_REL(rel, fmt);
	return read_string_rel(ctx, buf, size, rel);
}

int path_read_alloc(const struct path_ctx *ctx, char **out, size_t *len,
		    const char *fmt, ...)
{
	char rel[PATH_MAX];
	size_t cap = 4096, got = 0;
	char *buf;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_rel(ctx, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (got + 1 >= cap) {
			char *nb;

			if (cap >= PATH_READ_MAX) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
		}
		n = read(fd, buf + got, cap - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			free(buf);
			close(fd);
			return err;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	if (len)
		*len = got;
	return 0;
}

static int parse_u64(const char *s, int base, uint64_t *val)
{
	char *end;
	unsigned long long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || end == s)
		return -EINVAL;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return -EINVAL;
	*val = v;
	return 0;
}

int path_read_u64(const struct path_ctx *ctx, uint64_t *val,
		  const char *fmt, ...)
{
	char rel[PATH_MAX], buf[64];
	int rc;

	FORMAT_REL(rel, fmt);
	rc = read_string_rel(ctx, buf, sizeof(buf), rel);
	if (rc < 0)
		return rc;
	return parse_u64(buf, 10, val);
}

int path_read_s64(const struct path_ctx *ctx, int64_t *val,
		  const char *fmt, ...)
{
	char rel[PATH_MAX], buf[64];
	char *end;
	long long v;
	int rc;

	FORMAT_REL(rel, fmt);
	rc = read_string_rel(ctx, buf, sizeof(buf), rel);
	if (rc < 0)
		return rc;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

int path_read_hex(const struct path_ctx *ctx, uint64_t *val,
		  const char *fmt, ...)
{
	char rel[PATH_MAX], buf[64];
	const char *p = buf;
	int rc;

	FORMAT_REL(rel, fmt);
	rc = read_string_rel(ctx, buf, sizeof(buf), rel);
	if (rc < 0)
		return rc;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	return parse_u64(p, 16, val);
}

/* the target of the link @rel, not followed: its parent is resolved in the tree */
static ssize_t readlink_rel(const struct path_ctx *ctx, const char *rel, char *buf, size_t size)
{
	char base[NAME_MAX + 1];
	bool owned;
	ssize_t n;
	int pfd, rc;

	rc = xparent(ctx, rel, &pfd, &owned, base, sizeof(base));
	if (rc < 0)
		return rc;
	n = readlinkat(pfd, base, buf, size - 1);
	if (n < 0)
		n = -errno;
	xparent_done(pfd, owned);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int path_read_link_name(const struct path_ctx *ctx, char *buf, size_t size,
			const char *fmt, ...)
{
	char rel[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	FORMAT_REL(rel, fmt);
	n = readlink_rel(ctx, rel, target, sizeof(target));
	if (n < 0)
		return (int)n;
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base)
		return -EINVAL;
	if (strlen(base) >= size)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return (int)strlen(buf);
}

static int cmp_names(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int path_list_dir(const struct path_ctx *ctx, char ***out, size_t *count,
		  const char *fmt, ...)
{
	char rel[PATH_MAX];
	struct dirent *de;
	size_t n = 0, cap = 16;
	char **names;
	DIR *dir;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_rel(ctx, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (!dir) {
		int err = -errno;

		close(fd);
		return err;
	}
	names = calloc(cap, sizeof(*names));
	if (!names)
		goto oom;
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n + 1 >= cap) {
			char **nn = realloc(names, 2 * cap * sizeof(*names));

			if (!nn)
				goto oom;
			names = nn;
			cap *= 2;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			goto oom;
		names[++n] = NULL;
	}
	closedir(dir);
	names[n] = NULL;
	qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	if (count)
		*count = n;
	return 0;
oom:
	if (names) {
		names[n] = NULL;
		strv_free(names);
	}
	closedir(dir);
	return -ENOMEM;
}

int path_open(const struct path_ctx *ctx, int flags, const char *fmt, ...)
{
	char rel[PATH_MAX];

	FORMAT_REL(rel, fmt);
	return open_rel(ctx, rel, flags);
}

int path_write_string(const struct path_ctx *ctx, const char *value,
		      const char *fmt, ...)
{
	char rel[PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, err = 0;

	FORMAT_REL(rel, fmt);
	/* O_TRUNC is what a shell's '>' does: a no-op on sysfs, right for plain files */
	fd = open_rel(ctx, rel, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fd;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

void strv_free(char **strv)
{
	if (!strv)
		return;
	for (char **p = strv; *p; p++)
		free(*p);
	free(strv);
}

size_t strv_length(char *const *strv)
{
	size_t n = 0;

	while (strv && strv[n])
		n++;
	return n;
}

int path_mkdirs(const struct path_ctx *ctx, const char *fmt, ...)
{
	char rel[PATH_MAX];

	FORMAT_REL(rel, fmt);
	for (char *p = rel;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			char base[NAME_MAX + 1];
			bool owned;
			int pfd, rc;

			*p = '\0';
			rc = xparent(ctx, rel, &pfd, &owned, base, sizeof(base));
			if (rc < 0)
				return rc;
			rc = mkdirat(pfd, base, 0755) < 0 && errno != EEXIST ? -errno : 0;
			xparent_done(pfd, owned);
			if (rc < 0)
				return rc;
			*p = saved;
			if (!saved)
				break;
		}
	}
	return 0;
}

int path_write_atomic(const struct path_ctx *ctx, const void *data, size_t len,
		      const char *fmt, ...)
{
	char rel[PATH_MAX], base[NAME_MAX + 1], tmp[NAME_MAX + 32];
	const char *p = data;
	bool owned;
	int fd, pfd, err = 0;

	FORMAT_REL(rel, fmt);
	err = xparent(ctx, rel, &pfd, &owned, base, sizeof(base));
	if (err < 0)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", base, (int)getpid());
	fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		xparent_done(pfd, owned);
		return err;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && renameat(pfd, tmp, pfd, base) < 0)
		err = -errno;
	if (err) {
		unlinkat(pfd, tmp, 0);
	} else {
		/* the rename itself must reach the disk before we call it done */
		int dfd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	xparent_done(pfd, owned);
	return err;
}

int path_unlink(const struct path_ctx *ctx, const char *fmt, ...)
{
	char rel[PATH_MAX];

	char base[NAME_MAX + 1];
	bool owned;
	int pfd, rc;

	FORMAT_REL(rel, fmt);
	rc = xparent(ctx, rel, &pfd, &owned, base, sizeof(base));
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	rc = unlinkat(pfd, base, 0) < 0 && errno != ENOENT ? -errno : 0;
	xparent_done(pfd, owned);
	return rc;
}

int path_lock(const struct path_ctx *ctx, int timeout_ms, int *fd_out,
	      const char *fmt, ...)
{
	char rel[PATH_MAX];
	int fd, waited = 0;

	FORMAT_REL(rel, fmt);
	fd = xopen(ctx, rel, O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
	if (fd < 0)
		return fd;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (waited >= timeout_ms) {
			close(fd);
			return -EWOULDBLOCK;
		}
		usleep(50 * 1000);
		waited += 50;
	}
	*fd_out = fd;
	return 0;
}

int path_readlink(const struct path_ctx *ctx, char *buf, size_t size,
		  const char *fmt, ...)
{
	char rel[PATH_MAX];

	FORMAT_REL(rel, fmt);
	return (int)readlink_rel(ctx, rel, buf, size);
}

int path_ctx_new_sub(const struct path_ctx *parent, struct path_ctx **out,
		     const char *fmt, ...)
{
	char rel[PATH_MAX];
	struct path_ctx *ctx;
	int fd;

	FORMAT_REL(rel, fmt);
	/* the directory is found as the parent finds anything (inside the tree) */
	fd = xopen(parent, rel, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		close(fd);
		return -ENOMEM;
	}
	ctx->dirfd = fd;
	ctx->live = parent->live;
	ctx->resolve = parent->resolve ? RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS : 0;
	if (asprintf(&ctx->root, "%s%s%s", parent->root,
		     parent->root[strlen(parent->root) - 1] == '/' ? "" : "/", rel) < 0) {
		ctx->root = NULL;
		path_ctx_free(ctx);
		return -ENOMEM;
	}
	*out = ctx;
	return 0;
}
