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

#include "log.h"
#include "path.h"

/* a symlink chain longer than this is a loop, as for the kernel (MAXSYMLINKS) */
#define PATH_WALK_LINKS_MAX	40
/* openat2() calls made again after a spurious EAGAIN (a racing rename) */
#define PATH_OPENAT2_RETRIES 128

/* directories open at once while walking a path without openat2() */
#define PATH_WALK_DEPTH_MAX	256

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
	bool walk;		/* no openat2(): resolve component by component */
	struct path_failure *failed;	/* the last open that failed (readers take a const ctx) */
};

struct path_failure {
	int err;			/* -errno */
	char rel[PATH_MAX];
};

/*
 * openat2() is missing before Linux 5.6, and seccomp profiles and valgrind
 * may refuse it (ENOSYS, EPERM). One probe per sysroot decides; when it
 * fails, path_walk() gives the same confinement in user space.
 * VFIOCTL_TEST_NO_OPENAT2 forces the walk so that the tests cover it.
 */
static bool openat2_works(int dirfd)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	const char *force = getenv("VFIOCTL_TEST_NO_OPENAT2");
	int fd;

	if (force && *force && strcmp(force, "0") != 0)
		return false;
	fd = (int)syscall(SYS_openat2, dirfd, ".", &how, sizeof(how));
	if (fd >= 0) {
		close(fd);
		return true;
	}
	if (errno == ENOSYS || errno == EPERM || errno == E2BIG) {
		vfio_dbg("openat2() is not available (%s): resolving sysroot paths component by component",
			 strerror(errno));
		return false;
	}
	return true;
}

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
	ctx->failed = calloc(1, sizeof(*ctx->failed));
	ctx->dirfd = ctx->failed ? open(root, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	if (ctx->dirfd < 0) {
		int err = ctx->failed ? -errno : -ENOMEM;

		free(ctx->failed);
		free(ctx->root);
		free(ctx);
		return err;
	}
	/* "live" means the same inode as "/", however the root was spelled */
	ctx->live = fstat(ctx->dirfd, &st_root) == 0 &&
		    stat("/", &st_slash) == 0 && /* lint: host path */
		    st_root.st_dev == st_slash.st_dev &&
		    st_root.st_ino == st_slash.st_ino;
	if (!ctx->live) {
		ctx->resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		ctx->walk = !openat2_works(ctx->dirfd);
	}
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
	free(ctx->failed);
	free(ctx);
}

int path_ctx_last_failure(const struct path_ctx *ctx, char *buf, size_t size)
{
	size_t rl;

	if (!ctx->failed || !ctx->failed->err)
		return 0;
	rl = strlen(ctx->root);
	snprintf(buf, size, "%s%s%s", ctx->root, rl && ctx->root[rl - 1] == '/' ? "" : "/",
		 ctx->failed->rel);
	return ctx->failed->err;
}

/* remember the last path that could not be opened, for the message that names it */
static int note_failure(const struct path_ctx *ctx, const char *rel, int err)
{
	if (ctx->failed) {
		ctx->failed->err = err;
		snprintf(ctx->failed->rel, sizeof(ctx->failed->rel), "%s", rel);
	}
	return err;
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

const char *path_ctx_resolver(const struct path_ctx *ctx)
{
	if (!ctx->resolve)
		return "live";
	return ctx->walk ? "walk" : "openat2";
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


/* the last open of a walk: @name in the directory @dfd, never through a link */
static int walk_final(int dfd, const char *name, int flags, mode_t mode)
{
	struct stat st;
	int fd;

	fd = openat(dfd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	/* O_PATH|O_NOFOLLOW opens a link itself: one swapped in since the check */
	if ((flags & O_PATH) && !(flags & O_NOFOLLOW) &&
	    (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode))) {
		close(fd);
		return -ELOOP;
	}
	return fd;
}

int path_walk(int rootfd, const char *rel, int flags, mode_t mode, bool beneath)
{
	char path[PATH_MAX], next[PATH_MAX], target[PATH_MAX];
	int fds[PATH_WALK_DEPTH_MAX];
	size_t depth = 0;
	const char *p = path;
	int links = 0, rc;

	if (strlen(rel) >= sizeof(path))
		return -ENAMETOOLONG;
	strcpy(path, rel);
	fds[0] = rootfd;
	for (;;) {
		char name[NAME_MAX + 1];
		const char *end, *q;
		struct stat st;
		size_t len;
		bool last;
		int fd;

		while (*p == '/')
			p++;
		if (!*p) {
			rc = walk_final(fds[depth], ".", flags, mode);
			break;
		}
		end = strchrnul(p, '/');
		len = (size_t)(end - p);
		if (len > NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		p = end;
		for (q = p; *q == '/'; q++)
			;
		last = !*q;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			if (name[1] == '.') {
				/* ".." never leaves the root: it stays there, or fails beneath */
				if (depth > 0)
					close(fds[depth--]);
				else if (beneath) {
					rc = -EXDEV;
					break;
				}
			}
			if (last) {
				rc = walk_final(fds[depth], ".", flags, mode);
				break;
			}
			continue;
		}
		fd = openat(fds[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
			if (rc == -ENOENT && last && (flags & O_CREAT))
				rc = walk_final(fds[depth], name, flags, mode);
			break;
		}
		if (fstat(fd, &st) < 0) {
			rc = -errno;
			close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode) && !(last && (flags & O_NOFOLLOW))) {
			ssize_t n;

			if (++links > PATH_WALK_LINKS_MAX) {
				close(fd);
				rc = -ELOOP;
				break;
			}
			n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (n <= 0) {
				rc = n < 0 ? -errno : -ENOENT;
				break;
			}
			target[n] = '\0';
			/* an absolute link starts again at the root, as RESOLVE_IN_ROOT does */
			if (target[0] == '/') {
				if (beneath) {
					rc = -EXDEV;
					break;
				}
				while (depth > 0)
					close(fds[depth--]);
			}
			if ((size_t)snprintf(next, sizeof(next), "%s%s", target, p) >= sizeof(next)) {
				rc = -ENAMETOOLONG;
				break;
			}
			strcpy(path, next);
			p = path;
			continue;
		}
		if (last) {
			close(fd);
			rc = walk_final(fds[depth], name, flags, mode);
			break;
		}
		if (!S_ISDIR(st.st_mode) || depth + 1 >= PATH_WALK_DEPTH_MAX) {
			close(fd);
			rc = S_ISDIR(st.st_mode) ? -ENAMETOOLONG : -ENOTDIR;
			break;
		}
		fds[++depth] = fd;
	}
	while (depth > 0)
		close(fds[depth--]);
	return rc;
}

/* open @rel; inside the tree only, when the tree is not the live root */
static int xopen(const struct path_ctx *ctx, const char *rel, int flags, mode_t mode)
{
	struct open_how how = { 0 };
	int fd;

	if (!ctx->resolve) {
		fd = openat(ctx->dirfd, rel, flags | O_CLOEXEC, mode);
		return fd < 0 ? note_failure(ctx, rel, -errno) : fd;
	}
	if (ctx->walk) {
		fd = path_walk(ctx->dirfd, rel, flags, mode,
			       (ctx->resolve & RESOLVE_BENEATH) != 0);
		return fd < 0 ? note_failure(ctx, rel, fd) : fd;
	}
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = ctx->resolve;
	/*
	 * With RESOLVE_IN_ROOT or RESOLVE_BENEATH the kernel answers EAGAIN when
	 * a rename or a mount anywhere on the system raced a ".." of the lookup
	 * (a captured tree's links are full of them): openat2(2) says to try
	 * again. Seen here for one lookup in ten while another process renamed
	 * files in a loop.
	 */
	for (int tries = 0;; tries++) {
		fd = (int)syscall(SYS_openat2, ctx->dirfd, rel, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN || tries == PATH_OPENAT2_RETRIES)
			break;
	}
	return fd < 0 ? note_failure(ctx, rel, -errno) : fd;
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
		flags |= O_NONBLOCK | O_NOCTTY;
	fd = xopen(ctx, rel, flags, 0);
	/* O_DIRECTORY already made sure of what it is */
	if (fd >= 0 && (flags & O_NONBLOCK) && !(flags & O_DIRECTORY) &&
	    fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* the file as the user knows it: the sysroot joined with @rel */
static void display_name(const struct path_ctx *ctx, const char *rel, char *buf, size_t size)
{
	size_t rl = strlen(ctx->root);

	snprintf(buf, size, "%s%s%s", ctx->root, rl && ctx->root[rl - 1] == '/' ? "" : "/", rel);
}

/* every reader that stops at a limit says so, naming the file: -EFBIG */
static int too_large(const struct path_ctx *ctx, const char *rel, const char *what, size_t limit)
{
	char name[PATH_MAX + 64];

	display_name(ctx, rel, name, sizeof(name));
	vfio_warn("cannot read '%s': %s is larger than %zu bytes", name, what, limit);
	return -EFBIG;
}

/*
 * The readers read files the kernel writes: in /sys and /proc every one is a
 * regular file. In a tree, anything else (a FIFO, a device node, a socket)
 * is refused before the first read, so that nothing blocks or reads forever.
 */
static int open_file(const struct path_ctx *ctx, const char *rel)
{
	struct stat st;
	int fd = xopen(ctx, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);

	if (fd < 0)
		return fd;
	/* one fstat() tells a FIFO, a device node and a directory from a file */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * The cheap form of open_file() for the readers of small attributes, which
 * a listing makes tens of thousands of (3 syscalls an attribute, not 5):
 * opened without waiting (O_NONBLOCK: a FIFO never blocks the open or the
 * read), and its type is asked (file_kind()) only when the first read
 * does not answer as a regular file does: no byte, an error, or a full
 * buffer. A FIFO without a writer reads 0 bytes and a FIFO or socket
 * whose writer is silent fails with EAGAIN, so both are still refused
 * without a wait; one whose writer has already written a short value is
 * read like a file of that content (no worse than a file in the tree).
 */
static int open_file_lazy(const struct path_ctx *ctx, const char *rel)
{
	return xopen(ctx, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
}

/* what a file that did not read like a regular file is: 0 (it is one), -EISDIR, -EINVAL */
static int file_kind(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISREG(st.st_mode))
		return 0;
	return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
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
	char extra[2];
	ssize_t n, m = 0;
	int fd, kind;

	if (size == 0)
		return -EINVAL;
	fd = open_file_lazy(ctx, rel);
	if (fd < 0)
		return fd;
	/* sysfs answers an attribute in one read: a short read is the end of it */
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = -errno;
	if (n <= 0 || n == (ssize_t)size - 1) {
		kind = file_kind(fd);
		if (kind < 0) {
			close(fd);
			return kind;
		}
	}
	/* a value that fills the buffer may go on: a cut value is a wrong value */
	if (n == (ssize_t)size - 1)
		m = read_all(fd, extra, sizeof(extra));
	close(fd);
	if (n < 0)
		return (int)n;
	if (m < 0)
		return (int)m;
	if (m > 1 || (m == 1 && extra[0] != '\n'))
		return too_large(ctx, rel, "the value", size - 1);
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
	fd = open_file(ctx, rel);
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

			if (got >= PATH_FILE_MAX) {
				char probe;

				/* exactly at the limit is still whole */
				n = read_all(fd, &probe, 1);
				if (n == 0)
					break;
				free(buf);
				close(fd);
				return n < 0 ? (int)n : too_large(ctx, rel, "the file", PATH_FILE_MAX);
			}
			cap = cap * 2 > PATH_FILE_MAX + 1 ? PATH_FILE_MAX + 1 : cap * 2;
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

int path_read_lines(const struct path_ctx *ctx, int (*fn)(char *line, void *arg),
		    void *arg, const char *fmt, ...)
{
	char rel[PATH_MAX];
	size_t cap = 16384, len = 0, total = 0;
	bool eof = false;
	char *buf;
	int fd, rc = 0;

	FORMAT_REL(rel, fmt);
	fd = open_file(ctx, rel);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (!eof && rc == 0) {
		char *start, *nl;
		ssize_t n;

		if (len + 1 >= cap) {
			char *nb;

			/* one line fills the buffer: the line limit, not memory, ends it */
			if (cap > PATH_LINE_MAX) {
				rc = too_large(ctx, rel, "a line", PATH_LINE_MAX);
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0) {
			eof = true;
			if (len == 0)
				break;
			buf[len++] = '\n';
		} else {
			len += (size_t)n;
			total += (size_t)n;
			if (total > PATH_LINES_FILE_MAX) {
				rc = too_large(ctx, rel, "the file", PATH_LINES_FILE_MAX);
				break;
			}
		}
		start = buf;
		while (rc == 0 && (nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
			*nl = '\0';
			rc = fn(start, arg);
			start = nl + 1;
		}
		len -= (size_t)(start - buf);
		memmove(buf, start, len);
	}
	free(buf);
	close(fd);
	return rc < 0 ? rc : 0;
}

/* a stdio stream over a regular file that keeps path_read_lines()'s limits */
struct limited_stream {
	int fd;
	size_t total;		/* bytes read so far */
	size_t line;		/* bytes since the last newline */
	char name[PATH_MAX + 64];
};

static ssize_t limited_read(void *cookie, char *buf, size_t size)
{
	struct limited_stream *ls = cookie;
	ssize_t n;

	do
		n = read(ls->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	ls->total += (size_t)n;
	for (ssize_t i = 0; i < n; i++)
		ls->line = buf[i] == '\n' ? 0 : ls->line + 1;
	if (ls->total > PATH_LINES_FILE_MAX || ls->line > PATH_LINE_MAX) {
		vfio_warn("cannot read '%s': %s is larger than %zu bytes", ls->name,
			  ls->line > PATH_LINE_MAX ? "a line" : "the file",
			  ls->line > PATH_LINE_MAX ? (size_t)PATH_LINE_MAX
						   : (size_t)PATH_LINES_FILE_MAX);
		errno = EFBIG;
		return -1;
	}
	return n;
}

static int limited_close(void *cookie)
{
	struct limited_stream *ls = cookie;
	int rc = close(ls->fd);

	free(ls);
	return rc;
}

FILE *path_fopen_lines(const struct path_ctx *ctx, const char *fmt, ...)
{
	static const cookie_io_functions_t io = { .read = limited_read, .close = limited_close };
	struct limited_stream *ls;
	char rel[PATH_MAX];
	va_list ap;
	FILE *f;
	int rc;

	va_start(ap, fmt);
	rc = vformat_rel(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (rc < 0) {
		errno = -rc;
		return NULL;
	}
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		errno = ENOMEM;
		return NULL;
	}
	ls->fd = open_file(ctx, rel);
	if (ls->fd < 0) {
		errno = -ls->fd;
		free(ls);
		return NULL;
	}
	display_name(ctx, rel, ls->name, sizeof(ls->name));
	f = fopencookie(ls, "r", io);
	if (!f) {
		close(ls->fd);
		free(ls);
		errno = ENOMEM;
	}
	return f;
}

int path_open_file(const struct path_ctx *ctx, uint64_t max_size, const char *fmt, ...)
{
	char rel[PATH_MAX];
	struct stat st;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_file(ctx, rel);
	if (fd < 0)
		return fd;
	if (max_size && fstat(fd, &st) == 0 && (uint64_t)st.st_size > max_size) {
		close(fd);
		return too_large(ctx, rel, "the file", (size_t)max_size);
	}
	return fd;
}

ssize_t path_pread(const struct path_ctx *ctx, void *buf, size_t size, off_t offset,
		   const char *fmt, ...)
{
	char rel[PATH_MAX];
	size_t got = 0;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_file_lazy(ctx, rel);
	if (fd < 0)
		return fd;
	while (got < size) {
		ssize_t n = pread(fd, (char *)buf + got, size - got, offset + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* a FIFO fails with ESPIPE, a directory with EISDIR: say what it is */
			int err = n < 0 ? -errno : 0, kind = file_kind(fd);

			if (kind < 0 || err < 0) {
				close(fd);
				return kind < 0 ? kind : err;
			}
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
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

/* what getdents64(2) returns: struct linux_dirent64 */
struct path_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int path_list_dir(const struct path_ctx *ctx, char ***out, size_t *count,
		  const char *fmt, ...)
{
	/* getdents64() straight into this buffer: no DIR, no fstat()/fcntl() of fdopendir() */
	char buf[32768] __attribute__((aligned(8)));
	char rel[PATH_MAX];
	size_t n = 0, cap = 16;
	char **names;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_rel(ctx, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	names = calloc(cap, sizeof(*names));
	if (!names)
		goto oom;
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));

		if (got < 0 && errno == EINTR)
			continue;
		/* an error part way ends the list, as readdir() would */
		if (got <= 0)
			break;
		for (long off = 0; off < got;) {
			const struct path_dirent64 *de = (const void *)(buf + off);

			off += de->d_reclen;
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
	}
	close(fd);
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
	close(fd);
	return -ENOMEM;
}

int path_open(const struct path_ctx *ctx, int flags, const char *fmt, ...)
{
	char rel[PATH_MAX];

	FORMAT_REL(rel, fmt);
	return open_rel(ctx, rel, flags);
}

/*
 * On the live root an attribute write goes to sysfs, and the callers bound
 * its time (bind-kernel.c). In a tree, a write goes only to a regular file,
 * or to a FIFO that a test's fake kernel serves: the type is checked on an
 * O_PATH handle before anything is opened for writing (opening a device
 * node can act by itself), and O_NONBLOCK makes a FIFO nobody reads fail
 * with ENXIO at once instead of hanging.
 */
static int open_write(const struct path_ctx *ctx, const char *rel)
{
	/* O_TRUNC is what a shell's '>' does: a no-op on sysfs, right for plain files */
	int flags = O_WRONLY | O_TRUNC | O_NOCTTY;
	struct stat st, st2;
	int pfd, fd;

	if (ctx->live)
		return open_rel(ctx, rel, flags);
	pfd = xopen(ctx, rel, O_PATH, 0);
	if (pfd < 0)
		return pfd;
	if (fstat(pfd, &st) < 0) {
		int err = -errno;

		close(pfd);
		return err;
	}
	close(pfd);
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	fd = xopen(ctx, rel, flags | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	/* the same file that was checked, not one swapped in since */
	if (fstat(fd, &st2) < 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		close(fd);
		return -EAGAIN;
	}
	return fd;
}

int path_write_string(const struct path_ctx *ctx, const char *value,
		      const char *fmt, ...)
{
	char rel[PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, err = 0;

	FORMAT_REL(rel, fmt);
	fd = open_write(ctx, rel);
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
	/* a FIFO or node planted at the temporary name must neither block nor be written */
	fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK |
			      O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		xparent_done(pfd, owned);
		return err;
	}
	{
		struct stat st;

		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			xparent_done(pfd, owned);
			return -EINVAL;
		}
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
	ctx->walk = parent->walk;
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
