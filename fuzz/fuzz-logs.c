// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-logs.c: libFuzzer target for the kmsg and Android logger parsers (untrusted log bytes) */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "kmsg.h"
#include "logger.h"
#include "source.h"

/*
 * The first byte picks the reader: a kmsg record, a kmsg-format file, a
 * logcat -B stream, or an event-log-tags file. Everything read is also
 * formatted, so the writers see whatever the parsers let through.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drain_fd(const uint8_t *p, size_t n, enum logsrc_type type)
{
	struct logbuf b = { 0 };
	struct logsrc *s;
	struct logrec r;
	int fds[2];

	if (n > 60000 || pipe(fds) < 0)
		return;
	if (write(fds[1], p, n) != (ssize_t)n) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	close(fds[1]);
	if (logsrc_open_fd(fds[0], type, "fuzz", false, &s) < 0)
		return;
	logrec_init(&r);
	while (logsrc_next(s, &r) == 1) {
		logfmt_record(&b, LOGFMT_JSON, true, &r);
		logfmt_record(&b, LOGFMT_THREADTIME, true, &r);
		if (r.msg_len != strlen(r.msg) && !memchr(r.msg, '\0', r.msg_len))
			abort();
		b.len = 0;
	}
	logrec_free(&r);
	logbuf_free(&b);
	logsrc_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logger_tags *tags;
	struct logbuf b = { 0 };
	struct logrec r;

	if (size < 1)
		return 0;
	switch (data[0] & 3) {
	case 0:
		logrec_init(&r);
		if (kmsg_parse((const char *)data + 1, size - 1, &r) == 0) {
			logfmt_record(&b, LOGFMT_JSON, true, &r);
			logfmt_record(&b, LOGFMT_DMESG, true, &r);
		}
		logrec_free(&r);
		logbuf_free(&b);
		break;
	case 1:
		drain_fd(data + 1, size - 1, LOGSRC_KMSG_FILE);
		break;
	case 2:
		drain_fd(data + 1, size - 1, LOGSRC_LOGGER_FILE);
		break;
	case 3:
		if (logger_tags_load((const char *)data + 1, size - 1, &tags) == 0)
			logger_tags_free(tags);
		break;
	}
	return 0;
}
