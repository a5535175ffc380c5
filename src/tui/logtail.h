/* SPDX-License-Identifier: GPL-2.0-or-later */
/* logtail.h: the log pane's collection: kmsg and Android logs read without blocking into a bounded ring */
#ifndef VFIO_TUI_LOGTAIL_H
#define VFIO_TUI_LOGTAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "path.h"
#include "record.h"

#define LOGTAIL_MAX_SOURCES 8
#define LOGTAIL_DEFAULT_CAP 500

struct logtail_source {
	struct logsrc *src;	/* NULL when it could not be opened */
	char name[16];		/* "kmsg", "main", ... */
	char where[256];	/* its host path, for messages */
	int open_error;		/* -errno of the open, 0 when open */
	int read_error;		/* -errno of a failed read; the source is not read again */
	bool ended;		/* nothing more will come (a pipe closed) */
};

/*
 * The ring keeps the newest @cap records and notices, oldest first from
 * @head. Slots are reused, arenas and all, so memory stays flat however
 * long the dashboard runs: at most @cap records of the largest size seen.
 */
struct logtail {
	struct logtail_source srcs[LOGTAIL_MAX_SOURCES];
	size_t nsrcs;
	struct logger_tags *tags;	/* event-log-tags of the sysroot, NULL if none */
	struct logrec cur;		/* the record being read */
	struct logrec *ring;
	uint64_t *serial;		/* each slot's serial: 1 for the first record ever */
	size_t cap, len, head;
	uint64_t next_serial;
	uint64_t lost;			/* records the sources said were lost (notices) */
	uint64_t dropped;		/* records read but not kept: no memory for a copy */
	uint64_t version;		/* bumped whenever the ring changes */
	size_t tick_max;		/* records read from one source in one tick */
};

/**
 * logtail_open() - open the log sources of a sysroot for following
 * @cap: records kept (0: LOGTAIL_DEFAULT_CAP)
 *
 * Opens dev/kmsg (a regular file there, as in fixtures, is read as a kmsg
 * file), then each legacy Android logger dev/log/{main,system,radio,
 * events,crash} that exists, and logd's dev/socket/logdr when present. The
 * kmsg reader starts at SEEK_DATA, as dmesg does. A source that cannot be
 * opened is kept with its error (shown by the pane) and never retried.
 * Return: 0, or -ENOMEM (the tail is then empty but safe to use and close).
 */
int logtail_open(struct logtail *t, const struct path_ctx *path, size_t cap);

/**
 * logtail_add() - follow one more source, already open
 * @name: its name in the pane (copied); @where: its path, for messages
 *
 * For tests (a fake /dev/kmsg through logsrc_set_read()) and for sources
 * that logtail_open() does not know. The tail owns @src from now on.
 * Return: 0, or -ENOSPC (LOGTAIL_MAX_SOURCES reached; @src is freed).
 */
int logtail_add(struct logtail *t, struct logsrc *src, const char *name, const char *where);

/**
 * logtail_read() - take what every source has now, without blocking
 *
 * Each source is read until it answers -EAGAIN, ends, or gave
 * @t->tick_max records in this call (the rest waits in the kernel for the
 * next tick: the position is kept, so nothing is skipped; a kmsg ring that
 * overruns meanwhile comes back as a LOGREC_LOST notice). Notices go into
 * the ring like records.
 * Return: the number of records and notices added.
 */
size_t logtail_read(struct logtail *t);

/** logtail_at() - the @i-th record kept, oldest first (@i < t->len); its serial in @serial */
const struct logrec *logtail_at(const struct logtail *t, size_t i, uint64_t *serial);

/** logtail_close() - close every source and free the ring; @t may be opened again */
void logtail_close(struct logtail *t);

#endif
