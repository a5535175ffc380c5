// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * safeout.c: standard output through the one sanitiser
 *
 * Names in sysfs, mount points, pci.ids entries, process names and log
 * messages come from whoever made them. Rather than trust every printf()
 * to remember an escape, stdout itself becomes a stream whose bytes pass
 * through textsafe_encode() on their way to the descriptor: text for
 * terminals and pipes, UTF-8 repair for JSON. libedit and ncurses talk to
 * the terminal through the original stream (safeout_terminal()).
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "textsafe.h"

struct safeout {
	int fd;
	bool closed;			/* the caller closed it: /dev/null holds its place */
	unsigned flags;
	unsigned char carry[8];		/* an incomplete sequence held for the next write */
	size_t ncarry;
};

/* [0] stdout, [1] stderr */
static struct safeout so_state[2];
static FILE *so_orig[2];		/* the streams before safeout_install() */

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* encode @n bytes (after the carry) and write them; -1 with errno on failure */
static int encode_write(struct safeout *so, const char *buf, size_t n, bool final)
{
	char out[4096 * TEXTSAFE_MAX_GROWTH + sizeof(so->carry) * TEXTSAFE_MAX_GROWTH];
	char in[4096 + sizeof(so->carry)];

	while (n || so->ncarry) {
		size_t take = n < 4096 ? n : 4096, used, olen;
		size_t inlen = so->ncarry + take;

		memcpy(in, so->carry, so->ncarry);
		memcpy(in + so->ncarry, buf, take);
		used = textsafe_encode(so->flags, in, inlen, final && take == n, out, &olen);
		if (olen && write_all(so->fd, out, olen) < 0)
			return -1;
		/* what was left is at most one incomplete sequence */
		so->ncarry = inlen - used;
		if (so->ncarry > sizeof(so->carry))
			so->ncarry = 0;
		memcpy(so->carry, in + used, so->ncarry);
		buf += take;
		n -= take;
		if (!n)
			break;
	}
	return 0;
}

static ssize_t so_write(void *cookie, const char *buf, size_t size)
{
	if (((struct safeout *)cookie)->closed) {
		errno = EBADF;
		return -1;
	}
	if (encode_write(cookie, buf, size, false) < 0)
		return -1;
	return (ssize_t)size;
}

static int so_close(void *cookie)
{
	struct safeout *so = cookie;
	FILE **orig = &so_orig[so - so_state];
	int rc = 0;

	if (so->ncarry && encode_write(so, "", 0, true) < 0)
		rc = -1;
	/* the descriptor belongs to the original stream: closing it reports NFS-style errors */
	if (*orig && fclose(*orig) != 0 && rc == 0)
		rc = -1;
	*orig = NULL;
	return rc;
}

static FILE *wrap(int i, int fd, FILE *orig, int mode)
{
	cookie_io_functions_t io = { .write = so_write, .close = so_close };
	FILE *f;

	so_state[i].fd = fd;
	f = fopencookie(&so_state[i], "w", io);
	if (!f)
		return NULL;
	fflush(orig);
	so_orig[i] = orig;
	setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return f;
}

int safeout_install(bool stdout_closed)
{
	/* a terminal sees each line as it is written, as with the stdout it replaces */
	FILE *out = wrap(0, STDOUT_FILENO, stdout, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	FILE *err;

	if (!out)
		return -errno;
	so_state[0].closed = stdout_closed;
	/* unbuffered, as stderr is: glibc still writes each message in one piece */
	err = wrap(1, STDERR_FILENO, stderr, _IONBF);
	stdout = out;
	if (err)
		stderr = err;
	return 0;
}

void safeout_set_mode(bool json, bool color)
{
	const char *cs = nl_langinfo(CODESET);
	unsigned flags = 0;

	if (cs && strcmp(cs, "UTF-8") == 0)
		flags |= TEXTSAFE_UTF8;
	fflush(stdout);
	so_state[0].flags = flags | (json ? TEXTSAFE_JSON : 0) | (color ? TEXTSAFE_KEEP_SGR : 0);
	/* messages are text, whatever stdout carries */
	so_state[1].flags = flags | (color && isatty(STDERR_FILENO) ? TEXTSAFE_KEEP_SGR : 0);
}

FILE *safeout_terminal(void)
{
	return so_orig[0] ? so_orig[0] : stdout;
}
