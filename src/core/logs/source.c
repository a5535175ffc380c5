// SPDX-License-Identifier: GPL-2.0-or-later
/* source.c: reading kmsg, logger devices, logdr and log files as one stream of records */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "kmsg.h"
#include "pathnames.h"
#include "source.h"

/* file reads go through a window this big; a longer kmsg record is cut */
#define LOGSRC_FILE_BUF	(1024 * 1024)

struct logsrc {
	enum logsrc_type type;
	char name[64];
	int fd;
	bool follow;
	bool tail;			/* following a regular file: wait for it to grow */
	bool done;
	int lid;			/* the log id of a device; unknown for files */
	const struct logger_tags *tags;
	char *buf;
	size_t cap, start, end;
	bool eof;
	int crlf;			/* -1 not sniffed yet, 0 clean, 1 undo CRLF */
	bool pending_cr;		/* a '\r' held back at the end of a read */
	uint64_t next_seq;
	bool have_seq;
	unsigned epipe_run;
	int64_t boot_real;
	bool has_boot;
	int64_t last_real[LOGREC_LID__COUNT];
	struct logrec held;
	bool has_held;
	struct logsrc_stats st;
	ssize_t (*read_fn)(int fd, void *buf, size_t len);
};

static int src_new(int fd, enum logsrc_type type, const char *name, bool follow,
		   struct logsrc **out)
{
	struct logsrc *s = calloc(1, sizeof(*s));
	size_t cap;

	if (!s)
		return -ENOMEM;
	s->fd = fd;
	s->type = type;
	s->follow = follow;
	s->lid = LOGREC_LID_UNKNOWN;
	s->crlf = -1;
	s->read_fn = read;
	snprintf(s->name, sizeof(s->name), "%s", name);
	cap = type == LOGSRC_KMSG_DEV ? KMSG_READ_MAX :
	      (type == LOGSRC_LOGGER_DEV || type == LOGSRC_LOGDR) ? LOGGER_ENTRY_MAX_LEN + 64 :
	      LOGSRC_FILE_BUF;
	s->buf = malloc(cap + 1);
	if (!s->buf) {
		free(s);
		return -ENOMEM;
	}
	s->cap = cap;
	for (int i = 0; i < LOGREC_LID__COUNT; i++)
		s->last_real[i] = INT64_MIN;
	logrec_init(&s->held);
	*out = s;
	return 0;
}

void logsrc_free(struct logsrc *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	logrec_free(&s->held);
	free(s->buf);
	free(s);
}

int logsrc_open_fd(int fd, enum logsrc_type type, const char *name, bool follow,
		   struct logsrc **out)
{
	int err = src_new(fd, type, name, follow, out);

	if (err)
		close(fd);
	return err;
}

/* a kmsg header at the start of the file makes it kmsg text */
static int sniff_file(int fd, char *first, size_t *n, enum logsrc_type *type)
{
	ssize_t k;

	do
		k = read(fd, first, 64);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;	/* EISDIR for a directory: say so, do not print nothing */
	*n = (size_t)k;
	*type = kmsg_is_header(first, *n) ? LOGSRC_KMSG_FILE : LOGSRC_LOGGER_FILE;
	return 0;
}

static int open_as_file(int fd, const char *name, bool follow, struct logsrc **out)
{
	struct stat st;
	char first[64];
	size_t n = 0;
	enum logsrc_type t = LOGSRC_LOGGER_FILE;
	int err = sniff_file(fd, first, &n, &t);

	if (err) {
		close(fd);
		return err;
	}
	err = logsrc_open_fd(fd, t, name, follow, out);

	if (err)
		return err;
	memcpy((*out)->buf, first, n);
	(*out)->end = n;
	/* like tail -f: a regular file followed is never at its end; a pipe's end is final */
	(*out)->tail = follow && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (n == 0 && !(*out)->tail)
		(*out)->eof = true;
	return 0;
}

int logsrc_open_file(const char *path, int fd, bool follow, struct logsrc **out)
{
	const char *base = strrchr(path, '/');

	if (fd < 0) {
		if (strcmp(path, "-") == 0)
			fd = dup(STDIN_FILENO);
		else
			fd = open(path, O_RDONLY | O_CLOEXEC); /* lint: host path (the user's file) */
		if (fd < 0)
			return -errno;
	}
	return open_as_file(fd, base ? base + 1 : path, follow, out);
}

static bool is_chardev(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode);
}

int logsrc_open_kmsg(const struct path_ctx *ctx, bool follow, enum logsrc_start start,
		     struct logsrc **out)
{
	static const int whence[] = { SEEK_DATA, SEEK_SET, SEEK_END };
	int fd = path_open(ctx, O_RDONLY | O_NONBLOCK | O_CLOEXEC, PATH_DEV_KMSG);
	int err;

	if (fd < 0)
		return fd;
	if (!is_chardev(fd)) {
		/* a fixture's file: plain blocking reads to its end */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		return open_as_file(fd, "kmsg", follow, out);
	}
	err = logsrc_open_fd(fd, LOGSRC_KMSG_DEV, "kmsg", follow, out);
	if (err)
		return err;
	/* SEEK_DATA needs 3.5+ semantics; an old kernel's error leaves SEEK_SET */
	if (lseek(fd, 0, whence[start]) < 0 && start != LOGSRC_START_SET)
		lseek(fd, 0, SEEK_SET);
	return 0;
}

static int lid_by_name(const char *name)
{
	for (int i = 0; i < LOGREC_LID__COUNT; i++)
		if (strcmp(logrec_lid_name(i), name) == 0)
			return i;
	return LOGREC_LID_UNKNOWN;
}

int logsrc_open_logger(const struct path_ctx *ctx, const char *name, bool follow,
		       struct logsrc **out)
{
	int fd = path_open(ctx, O_RDONLY | O_NONBLOCK | O_CLOEXEC, PATH_DEV_LOG, name);
	int version = 2, err;

	if (fd < 0)
		return fd;
	if (!is_chardev(fd)) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		err = open_as_file(fd, name, follow, out);
	} else {
		/* v2 adds euid; an old driver without SET_VERSION keeps v1 */
		ioctl(fd, LOGGER_SET_VERSION, &version);
		err = logsrc_open_fd(fd, LOGSRC_LOGGER_DEV, name, follow, out);
	}
	if (!err)
		(*out)->lid = lid_by_name(name);
	return err;
}

void logsrc_logdr_request(char *buf, size_t size, unsigned lids, unsigned tail, bool follow)
{
	size_t n;

	if (!lids)
		lids = 1u << LOGREC_LID_MAIN | 1u << LOGREC_LID_SYSTEM | 1u << LOGREC_LID_CRASH;
	n = (size_t)snprintf(buf, size, "%s lids=", follow ? "stream" : "dumpAndClose");
	for (int i = 0, first = 1; i < LOGREC_LID__COUNT && n < size; i++)
		if (lids & (1u << i)) {
			n += (size_t)snprintf(buf + n, size - n, "%s%d", first ? "" : ",", i);
			first = 0;
		}
	if (tail && n < size)
		snprintf(buf + n, size - n, " tail=%u", tail);
}

int logsrc_open_logdr(const struct path_ctx *ctx, unsigned lids, unsigned tail,
		      bool follow, struct logsrc **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[128];
	int fd, err;

	err = path_abs(ctx, sa.sun_path, sizeof(sa.sun_path), PATH_DEV_SOCKET_LOGDR);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	logsrc_logdr_request(req, sizeof(req), lids, tail, follow);
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	if (follow)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return logsrc_open_fd(fd, LOGSRC_LOGDR, "logd", follow, out);
}

void logsrc_set_read(struct logsrc *s, ssize_t (*fn)(int fd, void *buf, size_t len))
{
	s->read_fn = fn ? fn : read;
}

void logsrc_set_tags(struct logsrc *s, const struct logger_tags *tags)
{
	s->tags = tags;
}

void logsrc_set_boot_time(struct logsrc *s, int64_t real_nsec)
{
	s->boot_real = real_nsec;
	s->has_boot = true;
}

bool logsrc_pollable(const struct logsrc *s)
{
	return !s->tail;
}

int logsrc_fd(const struct logsrc *s)
{
	return s->fd;
}

enum logsrc_type logsrc_type(const struct logsrc *s)
{
	return s->type;
}

const char *logsrc_name(const struct logsrc *s)
{
	return s->name;
}

const struct logsrc_stats *logsrc_stats(const struct logsrc *s)
{
	return &s->st;
}

/* ---- buffered files ---- */

/* every '\n' preceded by '\r': the LF->CRLF damage of a pty (adb shell) */
static int sniff_crlf(const char *p, size_t n)
{
	size_t lf = 0;

	for (size_t i = 0; i < n; i++)
		if (p[i] == '\n') {
			if (i == 0 || p[i - 1] != '\r')
				return 0;
			lf++;
		}
	return lf > 0;
}

/* undo CRLF in buf[from, end): "\r\n" -> "\n"; a final '\r' waits for the next read */
static void undo_crlf(struct logsrc *s, size_t from)
{
	size_t o = from;

	for (size_t i = from; i < s->end; i++) {
		if (s->buf[i] == '\r') {
			if (i + 1 == s->end && !s->eof) {
				s->pending_cr = true;
				break;
			}
			if (i + 1 < s->end && s->buf[i + 1] == '\n')
				continue;
		}
		s->buf[o++] = s->buf[i];
	}
	s->end = o;
}

/* read more into the window; 0 when nothing more (eof), -errno */
static int fill(struct logsrc *s)
{
	ssize_t k;
	size_t from;

	if (s->start > 0) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (s->eof || s->end >= s->cap)
		return 0;
	from = s->end;
	if (s->pending_cr) {
		s->buf[s->end++] = '\r';
		s->pending_cr = false;
	}
	do
		k = read(s->fd, s->buf + s->end, s->cap - s->end);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -errno;
	if (k == 0 && s->tail && from == s->end)
		return -EAGAIN;	/* nothing new yet: the caller waits and asks again */
	if (k == 0 && !s->tail)
		s->eof = true;
	s->end += (size_t)k;
	if (s->type == LOGSRC_LOGGER_FILE) {
		if (s->crlf < 0) {
			s->crlf = sniff_crlf(s->buf, s->end);
			s->st.crlf_fixed = s->crlf == 1;
			from = 0;
		}
		if (s->crlf == 1)
			undo_crlf(s, from);
	}
	return k > 0 || from != s->end ? 1 : 0;
}

static int hold_and_notice(struct logsrc *s, struct logrec *r, enum logrec_notice what,
			   uint64_t count)
{
	int err = logrec_copy(&s->held, r);

	if (err)
		return err;
	s->has_held = true;
	r->kind = LOGREC_NOTICE;
	r->notice = what;
	r->count = count;
	r->msg = "";
	r->msg_len = 0;
	r->nfields = 0;
	return 1;
}

static void notice_only(struct logsrc *s, struct logrec *r, enum logrec_notice what,
			uint64_t count)
{
	logrec_reset(r, s->name);
	r->kind = LOGREC_NOTICE;
	r->notice = what;
	r->count = count;
}

/* kmsg: sequence gaps are lost records; the wall clock is estimated */
static int kmsg_finish(struct logsrc *s, struct logrec *r)
{
	uint64_t gap = 0;

	r->source = s->name;
	if (s->has_boot) {
		r->real_nsec = s->boot_real + r->mono_usec * 1000;
		r->has_real = true;
		r->real_exact = false;
	}
	if (s->type == LOGSRC_KMSG_DEV && s->have_seq && r->seq > s->next_seq)
		gap = r->seq - s->next_seq;
	s->next_seq = r->seq + 1;
	s->have_seq = true;
	s->st.records++;
	if (gap) {
		s->st.lost += gap;
		return hold_and_notice(s, r, LOGREC_LOST, gap);
	}
	return 1;
}

static int next_kmsg_dev(struct logsrc *s, struct logrec *r)
{
	for (;;) {
		ssize_t k = s->read_fn(s->fd, s->buf, s->cap);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE) {
				/*
				 * The ring overwrote records we had not read; the
				 * kernel moved us to the oldest one left. The gap
				 * shows on the next record. EPIPE comes once per
				 * overrun: a fake device answering it again must
				 * not make us spin, so back off after the second.
				 */
				s->st.epipe++;
				if (++s->epipe_run > 2)
					poll(NULL, 0, 100);
				continue;
			}
			if (errno == EAGAIN)
				return s->follow ? -EAGAIN : 0;
			return -errno;
		}
		s->epipe_run = 0;
		if (k == 0)
			return 0;
		/* a record the parser refuses is skipped, not fatal */
		if (kmsg_parse(s->buf, (size_t)k, r) == 0)
			return kmsg_finish(s, r);
		s->st.corrupt_bytes += (uint64_t)k;
	}
}

static int next_kmsg_file(struct logsrc *s, struct logrec *r)
{
	for (;;) {
		ssize_t n;
		int err;

		/* separators between records: NULs and empty lines */
		while (s->start < s->end && (s->buf[s->start] == '\0' || s->buf[s->start] == '\n'))
			s->start++;
		if (s->start == s->end) {
			if (s->eof)
				return 0;
			err = fill(s);
			if (err < 0)
				return err;
			continue;
		}
		n = kmsg_record_end(s->buf + s->start, s->end - s->start,
				    s->eof || (s->start == 0 && s->end == s->cap));
		if (n == -EAGAIN) {
			err = fill(s);
			/*
			 * Following a file whose last record ends with a newline:
			 * that record is whole (the kernel writes a record and its
			 * fields at once); only a cut line waits for more.
			 */
			if (err == -EAGAIN && s->buf[s->end - 1] == '\n')
				n = kmsg_record_end(s->buf + s->start, s->end - s->start, true);
			else if (err < 0)
				return err;
			else
				continue;
		}
		if (kmsg_parse(s->buf + s->start, (size_t)n, r) == 0) {
			s->start += (size_t)n;
			return kmsg_finish(s, r);
		}
		/* not a record (a banner, garbage): skip the line */
		{
			const char *nl = memchr(s->buf + s->start, '\n', (size_t)n);
			size_t skip = nl ? (size_t)(nl - (s->buf + s->start)) + 1 : (size_t)n;

			s->st.corrupt_bytes += skip;
			s->start += skip;
		}
	}
}

/* logger entries: per-lid backwards time is a loss signal in files */
static int logger_finish(struct logsrc *s, struct logrec *r)
{
	r->source = s->name;
	s->st.records++;
	if (r->lid >= 0 && r->lid < LOGREC_LID__COUNT && s->type == LOGSRC_LOGGER_FILE) {
		int64_t last = s->last_real[r->lid];

		s->last_real[r->lid] = r->real_nsec;
		if (r->real_nsec < last) {
			s->st.backwards++;
			return hold_and_notice(s, r, LOGREC_BACKWARDS, 1);
		}
	}
	return 1;
}

static int decode_at(struct logsrc *s, const uint8_t *p, size_t avail, struct logrec *r,
		     ssize_t *used)
{
	struct logger_hdr h;
	ssize_t n = logger_hdr_parse(p, avail, &h);

	*used = n;
	if (n < 0)
		return (int)n;
	r->source = s->name;
	return logger_decode(&h, p + h.hdr_size, s->lid, s->tags, r);
}

static int next_logger_file(struct logsrc *s, struct logrec *r)
{
	size_t skipped = 0;

	for (;;) {
		const uint8_t *p = (const uint8_t *)s->buf + s->start;
		size_t avail = s->end - s->start;
		ssize_t used;
		int err;

		if (avail == 0 && s->eof)
			break;
		err = avail ? decode_at(s, p, avail, r, &used) : -EAGAIN;
		if (err == 0) {
			s->start += (size_t)used;
			if (skipped) {
				s->st.corrupt_bytes += skipped;
				s->st.records++;
				if (r->lid >= 0 && r->lid < LOGREC_LID__COUNT)
					s->last_real[r->lid] = r->real_nsec;
				return hold_and_notice(s, r, LOGREC_CORRUPT, skipped);
			}
			return logger_finish(s, r);
		}
		if (err == -EAGAIN && !s->eof) {
			err = fill(s);
			if (err < 0)
				return err;
			continue;
		}
		if (err == -EAGAIN && !skipped) {
			/* the stream ends inside this entry */
			s->st.truncated++;
			s->start = s->end;
			notice_only(s, r, LOGREC_TRUNCATED, avail);
			return 1;
		}
		if (err == -ENOMEM)
			return err;
		/* corrupt: look for the next plausible entry one byte on */
		s->start++;
		skipped++;
	}
	if (skipped) {
		s->st.corrupt_bytes += skipped;
		notice_only(s, r, LOGREC_CORRUPT, skipped);
		return 1;
	}
	return 0;
}

/* one entry per read() (logger device) or per packet (logdr) */
static int next_logger_packet(struct logsrc *s, struct logrec *r)
{
	for (;;) {
		ssize_t k, used;
		int err;

		if (s->type == LOGSRC_LOGDR)
			k = recv(s->fd, s->buf, s->cap, 0);
		else
			k = s->read_fn(s->fd, s->buf, s->cap);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return s->follow ? -EAGAIN : 0;
			return -errno;
		}
		if (k == 0) {
			if (s->type == LOGSRC_LOGDR && s->follow && !s->done) {
				/* logd went away in the middle of a stream */
				s->done = true;
				notice_only(s, r, LOGREC_CLOSED, 0);
				return 1;
			}
			return 0;
		}
		err = decode_at(s, (const uint8_t *)s->buf, (size_t)k, r, &used);
		if (err == 0)
			return logger_finish(s, r);
		if (err == -ENOMEM)
			return err;
		s->st.corrupt_bytes += (uint64_t)k;
		notice_only(s, r, err == -EAGAIN ? LOGREC_TRUNCATED : LOGREC_CORRUPT,
			    (uint64_t)k);
		if (err == -EAGAIN)
			s->st.truncated++;
		return 1;
	}
}

int logsrc_next(struct logsrc *s, struct logrec *r)
{
	if (s->has_held) {
		int err = logrec_copy(r, &s->held);

		if (err)
			return err;
		s->has_held = false;
		return 1;
	}
	if (s->done)
		return 0;
	switch (s->type) {
	case LOGSRC_KMSG_DEV:
		return next_kmsg_dev(s, r);
	case LOGSRC_KMSG_FILE:
		return next_kmsg_file(s, r);
	case LOGSRC_LOGGER_FILE:
		return next_logger_file(s, r);
	case LOGSRC_LOGGER_DEV:
	case LOGSRC_LOGDR:
		return next_logger_packet(s, r);
	}
	return -EINVAL;
}
