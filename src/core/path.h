/* SPDX-License-Identifier: GPL-2.0-or-later */
/* path.h: sysroot-relative access to /sys, /proc and /dev */
#ifndef VFIO_PATH_H
#define VFIO_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

struct path_ctx;

/*
 * Input limits of the readers below. Every reader of a kernel file has one
 * and says when it stops at it (a warning naming the file, and -EFBIG), so
 * a huge or endless file in a tree can neither exhaust memory nor pass for
 * an absent one.
 */
#define PATH_FILE_MAX		(1024 * 1024)		/* path_read_alloc() */
#define PATH_LINE_MAX		(64 * 1024)		/* one line of path_read_lines() */
#define PATH_LINES_FILE_MAX	(64 * 1024 * 1024)	/* a whole file of path_read_lines() */

/**
 * path_ctx_new() - open a sysroot for reading kernel files
 * @root: directory that plays the role of "/" (NULL or "" means "/")
 * @out: receives the new context; free it with path_ctx_free()
 *
 * The root directory is opened once (O_PATH|O_DIRECTORY); every later
 * read resolves its relative path with openat() against that fd, in the
 * way of util-linux lib/path.c, so fixtures and the live system share one
 * code path.
 *
 * Return: 0, -ENOMEM, or the -errno of opening @root (-ENOENT, -ENOTDIR,
 * -EACCES).
 */
int path_ctx_new(const char *root, struct path_ctx **out);

/**
 * path_ctx_new_sub() - a context rooted at a directory below another one
 * @parent: the sysroot
 * @out: receives the new context; free it with path_ctx_free()
 *
 * Reading many attributes of one sysfs directory through its own dirfd
 * resolves the directory (and the symlinks leading to it) once instead of
 * once per file, as util-linux does with one path context per device.
 * Return: 0, -ENOMEM, or the -errno of opening the directory.
 */
int path_ctx_new_sub(const struct path_ctx *parent, struct path_ctx **out,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** path_ctx_free() - close the sysroot; NULL is allowed */
void path_ctx_free(struct path_ctx *ctx);

/** path_ctx_root() - the sysroot as given (never NULL; "/" for the live system) */
const char *path_ctx_root(const struct path_ctx *ctx);

/** path_ctx_is_live() - true when the sysroot is the real "/" */
bool path_ctx_is_live(const struct path_ctx *ctx);

/** path_ctx_dirfd() - the root directory fd (owned by @ctx; do not close) */
int path_ctx_dirfd(const struct path_ctx *ctx);

/**
 * path_ctx_last_failure() - the path of the last open below the sysroot that failed
 * @buf: receives the path as the user knows it (the sysroot joined with it)
 *
 * The readers return -errno only; a message that reports one can name the
 * file with this, when the -errno it reports is the one returned here.
 * Return: the -errno of that failure, or 0 (@buf untouched) when none failed.
 */
int path_ctx_last_failure(const struct path_ctx *ctx, char *buf, size_t size);

/**
 * path_ctx_resolver() - how paths below the sysroot are resolved
 *
 * "live" (the real root, plain openat()), "openat2" (a tree, resolved by
 * the kernel with RESOLVE_IN_ROOT, or RESOLVE_BENEATH in a sub-context) or
 * "walk" (a tree on a system without a usable openat2(): path_walk()).
 * For diagnostics and tests.
 */
const char *path_ctx_resolver(const struct path_ctx *ctx);

/**
 * path_walk() - open a path inside a directory without openat2()
 * @rootfd: the directory that plays "/" (an O_PATH fd is fine)
 * @rel: the path; leading slashes are ignored
 * @flags, @mode: as for openat(2); O_CLOEXEC is added
 * @beneath: fail with -EXDEV where RESOLVE_BENEATH would (an absolute link,
 *           ".." above @rootfd) instead of staying at @rootfd
 *
 * The fallback of a tree's path context where openat2(2) is missing
 * (Linux < 5.6) or refused (seccomp, valgrind): each component is opened
 * with openat(O_PATH|O_NOFOLLOW) from the directory before it; a symlink
 * is read and its target walked in the same way, an absolute target from
 * @rootfd, so that, as with RESOLVE_IN_ROOT, no link and no ".." leads
 * out of the tree (the way of systemd's chase() and libpathrs). The last
 * component is opened with O_NOFOLLOW after its links were resolved.
 *
 * Return: a file descriptor the caller closes, or -errno: -ELOOP after 40
 * links, -EXDEV (beneath only), -ENOTDIR, -ENAMETOOLONG, or the openat()
 * error.
 */
int path_walk(int rootfd, const char *rel, int flags, mode_t mode, bool beneath);

/**
 * path_abs() - the absolute host path of a sysroot-relative path
 * @buf, @size: output buffer
 *
 * For libraries that take a path rather than a dirfd (libpci).
 * Return: 0 or -ENAMETOOLONG.
 */
int path_abs(const struct path_ctx *ctx, char *buf, size_t size,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_exists() - whether a sysroot-relative path exists (symlinks followed)
 */
bool path_exists(const struct path_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * path_is_link() - whether the path itself is a symlink (not followed)
 */
bool path_is_link(const struct path_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * path_read_string() - read a sysfs attribute as one line of text
 * @buf, @size: output; the trailing newline is removed, the string is
 *              always NUL-terminated
 *
 * Only a regular file is read (sysfs and procfs files are): the file is
 * opened without waiting (O_NONBLOCK) and read once, as sysfs answers an
 * attribute in one read (a short read is its end): 3 syscalls. Its type is
 * checked (fstat) only when that read gives no byte, fails or fills
 * @size - 1: so a FIFO or a device node in a tree is refused (-EINVAL)
 * without ever blocking, and a directory gives -EISDIR.
 * Return: length stored (>= 0), -EFBIG (logged) when the value does not
 * fit in @size - 1 bytes, -EINVAL for a file that is not regular, or
 * -errno of openat()/read() (-ENOENT when the attribute is absent).
 */
int path_read_string(const struct path_ctx *ctx, char *buf, size_t size,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_read_alloc() - read a whole (small, <= PATH_FILE_MAX) regular file
 * @out: receives a malloc'd NUL-terminated buffer; the caller frees it
 * @len: optional; receives the byte count (not counting the NUL)
 *
 * Return: 0, -ENOMEM, -EFBIG (logged with the file's name) for larger
 * files, -EINVAL for a file that is not regular, or -errno of the read.
 */
int path_read_alloc(const struct path_ctx *ctx, char **out, size_t *len,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_read_lines() - call @fn for each line of a regular file
 * @fn: gets the line without its newline (writable, valid during the call);
 *      returns 0 to go on, > 0 to stop early, < 0 to fail with that value
 *
 * For tables that outgrow PATH_FILE_MAX (mountinfo on a container host,
 * the route tables of a router): memory stays at one line. A last line
 * without a newline is passed too.
 * Return: 0, @fn's negative value, -EFBIG (logged with the file's name)
 * for a line over PATH_LINE_MAX or a file over PATH_LINES_FILE_MAX,
 * -ENOMEM, -EINVAL for a file that is not regular, or -errno of
 * openat()/read() (-ENOENT when the file is absent).
 */
int path_read_lines(const struct path_ctx *ctx, int (*fn)(char *line, void *arg),
		    void *arg, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_fopen_lines() - a read-only stdio stream on a table, with the line limits
 *
 * For parsers that take a FILE * (libmount's mnt_table_parse_stream()):
 * the same file checks as path_read_lines(), and a read that passes
 * PATH_LINE_MAX bytes without a newline, or PATH_LINES_FILE_MAX in all,
 * fails with errno EFBIG (ferror() is set; a warning names the file).
 * Return: a stream the caller fclose()s, or NULL with errno set.
 */
FILE *path_fopen_lines(const struct path_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * path_open_file() - open a regular file for reading, size checked
 * @max_size: larger files are refused; 0 means no size limit
 *
 * For libraries that read a file themselves: only a regular file inside
 * the sysroot comes back, so neither a FIFO nor a link out of the tree
 * reaches them (hand them the fd, or /proc/self/fd/N).
 * Return: a file descriptor the caller closes, -EFBIG (logged), -EINVAL
 * (not a regular file), -EISDIR, or -errno of openat() (-ENOENT).
 */
int path_open_file(const struct path_ctx *ctx, uint64_t max_size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * path_pread() - read bytes at an offset of a regular file (PCI config space)
 * @buf, @size: output, not NUL-terminated
 * @offset: byte offset in the file
 *
 * Opened without waiting; a FIFO (ESPIPE), a directory or a file that
 * reads nothing is checked with fstat(): a readable regular file costs
 * open, one pread and close.
 * Return: the byte count read (short at the end of the file), -EINVAL for
 * a FIFO or a node that reads nothing, -EISDIR, or -errno of
 * openat()/pread().
 */
ssize_t path_pread(const struct path_ctx *ctx, void *buf, size_t size, off_t offset,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/**
 * path_read_u64() - read a decimal attribute ("4\n")
 * Return: 0, -errno of the read, or -EINVAL when it is not a number.
 */
int path_read_u64(const struct path_ctx *ctx, uint64_t *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * path_read_s64() - read a signed decimal attribute (numa_node reads "-1")
 * Return: as path_read_u64().
 */
int path_read_s64(const struct path_ctx *ctx, int64_t *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * path_read_hex() - read a hex attribute with or without "0x" ("0x10de\n")
 * Return: as path_read_u64().
 */
int path_read_hex(const struct path_ctx *ctx, uint64_t *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * path_read_link_name() - the last component of a symlink's target
 * @buf, @size: output ("vfio-pci" for driver -> ../../bus/pci/drivers/vfio-pci)
 *
 * Return: length (> 0), -ENOENT when there is no link (an unbound device
 * has no "driver"), -EINVAL when the path is not a symlink, or -errno.
 */
int path_read_link_name(const struct path_ctx *ctx, char *buf, size_t size,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_list_dir() - the entries of a directory, sorted, without "." and ".."
 * @out: receives a NULL-terminated malloc'd array of malloc'd names;
 *       free with strv_free()
 * @count: optional; receives the number of names
 *
 * Sorting uses strverscmp() so "10" follows "9" and BDFs sort naturally.
 * Return: 0, -ENOMEM, or -errno of opening the directory (-ENOENT).
 */
int path_list_dir(const struct path_ctx *ctx, char ***out, size_t *count,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_open() - open a sysroot-relative path with open(2) flags
 * Return: a file descriptor that the caller closes, or -errno.
 */
int path_open(const struct path_ctx *ctx, int flags, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * path_write_string() - write a value to a sysfs attribute in one write(2)
 * @value: written as is; sysfs takes one write per value
 *
 * In a tree (not the live root) only a regular file or a FIFO is written,
 * a FIFO with O_NONBLOCK: one that nobody reads fails at once (-ENXIO)
 * instead of blocking, and a device node is never opened (-EINVAL).
 * Return: 0 or -errno of open()/write() (the kernel's answer to the value,
 * e.g. -ENODEV from a bind that found no matching driver).
 */
int path_write_string(const struct path_ctx *ctx, const char *value,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** strv_free() - free a NULL-terminated array from path_list_dir() */
void strv_free(char **strv);

/** strv_length() - number of entries in a NULL-terminated array */
size_t strv_length(char *const *strv);

/**
 * path_mkdirs() - create a sysroot-relative directory and its parents (mode 0755)
 * Return: 0 (also when it exists) or -errno.
 */
int path_mkdirs(const struct path_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * path_write_atomic() - replace a file's content atomically
 * @data, @len: the new content
 *
 * Writes a temporary file beside the target, fsync()s it, rename()s it
 * over the target and fsync()s the directory, so a crash leaves either the
 * old or the new content, never a torn file. Mode 0600.
 * Return: 0 or -errno.
 */
int path_write_atomic(const struct path_ctx *ctx, const void *data, size_t len,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_unlink() - remove a sysroot-relative file
 * Return: 0 (also when it did not exist) or -errno.
 */
int path_unlink(const struct path_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * path_lock() - take an exclusive flock(2) on a lock file, creating it
 * @timeout_ms: how long to wait for another holder; 0 means try once
 * @fd_out: receives the locked fd; close it to unlock
 *
 * Return: 0, -EWOULDBLOCK when the lock stayed busy for @timeout_ms, or
 * -errno of creating the file.
 */
int path_lock(const struct path_ctx *ctx, int timeout_ms, int *fd_out,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * path_readlink() - the full target of a symlink
 * Return: length or -errno (-EINVAL when not a link).
 */
int path_readlink(const struct path_ctx *ctx, char *buf, size_t size,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
