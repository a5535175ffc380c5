/* SPDX-License-Identifier: GPL-2.0-or-later */
/* format.h: log record writers: logcat's -v formats, a dmesg-like one, and NDJSON, into a buffer */
#ifndef VFIO_LOGS_FORMAT_H
#define VFIO_LOGS_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

enum logfmt {
	LOGFMT_DMESG,		/* "[    1.234567] text" (kmsg's monotonic clock) */
	LOGFMT_BRIEF,
	LOGFMT_PROCESS,
	LOGFMT_TAG,
	LOGFMT_THREAD,
	LOGFMT_RAW,
	LOGFMT_TIME,
	LOGFMT_THREADTIME,
	LOGFMT_LONG,
	LOGFMT_JSON,		/* one object per line: stays valid while following */
};

/* a growable output buffer; the front end writes it out */
struct logbuf {
	char *p;
	size_t len, cap;
	bool oom;		/* an allocation failed: output is incomplete */
	/* the last second formatted: consecutive records share it */
	int64_t tsec;
	bool tvalid, tutc;
	char tstr[24];
	size_t tlen;
	/* logcat's dividers: the last Android log printed (+1), the ones seen */
	int last_lid1;
	unsigned seen_lids;
};

/** logbuf_free() - release the buffer and clear it (reusable afterwards) */
void logbuf_free(struct logbuf *b);

/** logfmt_parse() - a format name ("threadtime", "json", ...); 0 or -EINVAL */
int logfmt_parse(const char *name, enum logfmt *out);

/** logfmt_names() - the accepted names, blank separated */
const char *logfmt_names(void);

/**
 * logfmt_record() - append @r, formatted, to @b
 * @utc: print wall-clock times in UTC instead of local time
 *
 * Text formats follow liblog's logprint.c: a multi-line message repeats
 * the prefix on every line (long prints its header once). A notice becomes
 * "-- 42 records lost --" in text and {"source":..,"lost":42} in JSON.
 * A record without a wall-clock time prints its monotonic time instead.
 * In logcat's formats, an Android record from another log than the one
 * before starts with logcat's divider, "--------- beginning of main" the
 * first time, "--------- switch to main" later.
 */
void logfmt_record(struct logbuf *b, enum logfmt fmt, bool utc, const struct logrec *r);

#endif
