/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.h: log sources (kmsg, logger devices, logdr, files) read as one record stream */
#ifndef VFIO_LOGS_SOURCE_H
#define VFIO_LOGS_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "logger.h"
#include "path.h"
#include "record.h"

enum logsrc_type {
	LOGSRC_KMSG_DEV,	/* /dev/kmsg: one record per read() */
	LOGSRC_KMSG_FILE,	/* kmsg-format text (dmesg -K / --kmsg-file) */
	LOGSRC_LOGGER_DEV,	/* legacy /dev/log/NAME: one entry per read() */
	LOGSRC_LOGGER_FILE,	/* logcat -B: entries back to back, no file header */
	LOGSRC_LOGDR,		/* logd's /dev/socket/logdr, one entry per packet */
};

/* where a kmsg device reader starts (lseek whence on /dev/kmsg) */
enum logsrc_start {
	LOGSRC_START_DATA = 0,	/* SEEK_DATA: after the last SYSLOG_ACTION_CLEAR, as dmesg */
	LOGSRC_START_SET,	/* SEEK_SET: the oldest record kept */
	LOGSRC_START_END,	/* SEEK_END: only records written from now on */
};

struct logsrc_stats {
	uint64_t records;	/* entries returned */
	uint64_t lost;		/* kmsg records lost (seq gaps) */
	uint64_t epipe;		/* EPIPE answers from /dev/kmsg */
	uint64_t corrupt_bytes;	/* bytes skipped to resynchronise */
	uint64_t truncated;	/* entries cut short by the end of the stream */
	uint64_t backwards;	/* times went backwards within one log id */
	bool crlf_fixed;	/* a pty's LF->CRLF damage was undone */
};

struct logsrc;

/**
 * logsrc_open_kmsg() - open the sysroot's dev/kmsg for reading
 * @follow: keep waiting for new records (the fd stays non-blocking:
 *          logsrc_next() answers -EAGAIN and the caller polls logsrc_fd())
 * @start: where to start (character devices only)
 *
 * A regular file at that path (a fixture) is read as a kmsg-format file.
 * Return: 0 or -errno of open() (-ENOENT, -EACCES), -ENOMEM.
 */
int logsrc_open_kmsg(const struct path_ctx *ctx, bool follow, enum logsrc_start start,
		     struct logsrc **out);

/**
 * logsrc_open_logger() - open the sysroot's legacy logger device dev/log/@name
 * @name: "main", "events", "radio" or "system"
 *
 * Asks the driver for v2 entries (LOGGER_SET_VERSION); a regular file at
 * that path is read as a logcat -B file.
 * Return: 0 or -errno.
 */
int logsrc_open_logger(const struct path_ctx *ctx, const char *name, bool follow,
		       struct logsrc **out);

/**
 * logsrc_open_logdr() - connect to logd's reader socket and send a request
 * @lids: bit mask of log ids (1 << LOGREC_LID_MAIN ...), 0 for main+system+crash
 * @tail: the last @tail entries only (0: all)
 * @follow: "stream" (logd keeps the socket open) or "dumpAndClose"
 *
 * The socket is sysroot/dev/socket/logdr (SOCK_SEQPACKET); logd answers
 * with one logger_entry v4 per packet. The request is the text liblog
 * sends, e.g. "stream lids=0,3 tail=100".
 * Return: 0 or -errno of socket()/connect()/send().
 */
int logsrc_open_logdr(const struct path_ctx *ctx, unsigned lids, unsigned tail,
		      bool follow, struct logsrc **out);

/**
 * logsrc_logdr_request() - the request text logsrc_open_logdr() sends
 * @buf, @size: output (NUL-terminated)
 */
void logsrc_logdr_request(char *buf, size_t size, unsigned lids, unsigned tail, bool follow);

/**
 * logsrc_open_file() - a file given by the user: kmsg-format or logcat -B
 * @path: a host path ("-" for standard input); not below the sysroot
 * @fd: an already open descriptor to read instead (-1: open @path)
 * @follow: for a regular file, wait for it to grow (tail -f); a pipe ends
 *          when its writer closes it
 *
 * The format is sniffed from the first bytes: a kmsg header
 * ("6,12,345,-;") makes a kmsg file, anything else logger entries.
 * Return: 0, -errno of open(), -ENOMEM.
 */
int logsrc_open_file(const char *path, int fd, bool follow, struct logsrc **out);

/**
 * logsrc_open_fd() - read an open descriptor as a given source type (tests, fuzzing)
 * @name: the source name records carry (copied)
 * Return: 0 or -ENOMEM. The source closes @fd.
 */
int logsrc_open_fd(int fd, enum logsrc_type type, const char *name, bool follow,
		   struct logsrc **out);

/** logsrc_free() - close the source's descriptor and free it; NULL is allowed */
void logsrc_free(struct logsrc *s);

/**
 * logsrc_set_read() - read device records with @fn instead of read(2)
 *
 * For tests: a fake /dev/kmsg that answers EPIPE or EAGAIN where a real
 * kernel would. @fn has read(2)'s contract (-1 and errno on failure).
 */
void logsrc_set_read(struct logsrc *s, ssize_t (*fn)(int fd, void *buf, size_t len));

/** logsrc_set_tags() - decode event tags with @tags (not owned) */
void logsrc_set_tags(struct logsrc *s, const struct logger_tags *tags);

/**
 * logsrc_set_boot_time() - wall-clock time of kmsg's time zero, in ns
 *
 * kmsg times are CLOCK_MONOTONIC; with this set, records also carry an
 * estimated wall-clock time (estimated: the monotonic clock stops in suspend).
 */
void logsrc_set_boot_time(struct logsrc *s, int64_t real_nsec);

/**
 * logsrc_next() - the next record or notice
 * @r: receives it (its arena is reused)
 *
 * A kmsg read that fails with EPIPE (the ring overran the reader) is
 * counted, and the next record comes after a LOGREC_LOST notice whose
 * count is its sequence gap; it never ends the stream and never spins.
 * A corrupt logger entry gives a LOGREC_CORRUPT notice (bytes skipped)
 * and reading resumes at the next plausible entry; a stream that ends
 * inside an entry gives LOGREC_TRUNCATED; in a file, a time that goes
 * backwards within one log id gives LOGREC_BACKWARDS before the record.
 * Return: 1 (a record in @r), 0 (the end: end of file, or nothing left
 * when not following), -EAGAIN (following: nothing now, poll logsrc_fd()),
 * or -errno of a read error.
 */
int logsrc_next(struct logsrc *s, struct logrec *r);

/** logsrc_fd() - the descriptor to poll when following */
int logsrc_fd(const struct logsrc *s);

/**
 * logsrc_pollable() - whether poll() on logsrc_fd() says when to read again
 *
 * False for a followed regular file (poll always says readable): read it
 * again after a pause, as tail -f does.
 */
bool logsrc_pollable(const struct logsrc *s);

/** logsrc_type() - what the source turned out to be */
enum logsrc_type logsrc_type(const struct logsrc *s);

/** logsrc_name() - the source's name ("kmsg", "main", a file name) */
const char *logsrc_name(const struct logsrc *s);

/** logsrc_stats() - counters so far */
const struct logsrc_stats *logsrc_stats(const struct logsrc *s);

#endif
