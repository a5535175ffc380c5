// SPDX-License-Identifier: GPL-2.0-or-later
/* format.c: the text and JSON writers of log records */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"

static const char *const fmt_names[] = {
	"dmesg", "brief", "process", "tag", "thread", "raw", "time", "threadtime", "long", "json",
};

int logfmt_parse(const char *name, enum logfmt *out)
{
	for (size_t i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (strcmp(name, fmt_names[i]) == 0) {
			*out = (enum logfmt)i;
			return 0;
		}
	return -EINVAL;
}

const char *logfmt_names(void)
{
	return "dmesg brief process tag thread raw time threadtime long json";
}

void logbuf_free(struct logbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static bool grow(struct logbuf *b, size_t n)
{
	char *p;
	size_t cap;

	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 65536;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static void put(struct logbuf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void puts_(struct logbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3))) putf(struct logbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!grow(b, 256))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		if (!grow(b, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* a fast unsigned decimal, right-aligned to @width with blanks */
static void put_u(struct logbuf *b, uint64_t v, int width, char pad)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while ((int)sizeof(tmp) - i < width)
		tmp[--i] = pad;
	put(b, tmp + i, sizeof(tmp) - (size_t)i);
}

static void put_i(struct logbuf *b, int64_t v, int width)
{
	if (v < 0) {
		putf(b, "%*" PRId64, width, v);
		return;
	}
	put_u(b, (uint64_t)v, width, ' ');
}

/* "MM-DD HH:MM:SS.mmm", or the monotonic "     1.234" when there is no wall clock */
static void put_time(struct logbuf *b, const struct logrec *r, bool utc)
{
	struct tm tm;
	time_t t;
	char s[32];

	if (!r->has_real) {
		int64_t us = r->has_mono ? r->mono_usec : 0;

		put_u(b, (uint64_t)(us / 1000000), 12, ' ');
		put(b, ".", 1);
		put_u(b, (uint64_t)(us % 1000000 / 1000), 3, '0');
		return;
	}
	t = (time_t)(r->real_nsec / 1000000000);
	if (r->real_nsec < 0 && r->real_nsec % 1000000000)
		t--;
	/* localtime_r() and strftime() cost more than the rest of a line */
	if (!b->tvalid || b->tsec != (int64_t)t || b->tutc != utc) {
		if (!(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)))
			memset(&tm, 0, sizeof(tm));
		b->tlen = strftime(s, sizeof(s), "%m-%d %H:%M:%S", &tm);
		memcpy(b->tstr, s, b->tlen);
		b->tsec = (int64_t)t;
		b->tutc = utc;
		b->tvalid = true;
	}
	put(b, b->tstr, b->tlen);
	put(b, ".", 1);
	put_u(b, (uint64_t)((r->real_nsec % 1000000000 + 1000000000) % 1000000000 / 1000000),
	      3, '0');
}

/*
 * Text output goes to terminals: a control byte from a log (an escape
 * sequence decoded from kmsg's \x1b, a tag with a carriage return) is
 * written back as \xHH, as dmesg does. Tabs stay; bytes >= 0x80 stay,
 * so UTF-8 text prints as is.
 */
static void put_safe(struct logbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	char *d;
	size_t i = 0;

	/* room for the worst case (every byte escaped), then copy and check in one pass */
	if (!grow(b, 4 * n))
		return;
	d = b->p + b->len;
	while (i < n) {
		/* eight bytes at a time while none is below 0x20 or 0x7f */
		while (i + 8 <= n) {
			uint64_t x, lo, del;

			memcpy(&x, u + i, 8);
			lo = (x - 0x2020202020202020ULL) & ~x & 0x8080808080808080ULL;
			del = ((x ^ 0x7f7f7f7f7f7f7f7fULL) - 0x0101010101010101ULL) &
			      ~(x ^ 0x7f7f7f7f7f7f7f7fULL) & 0x8080808080808080ULL;
			if (lo | del)
				break;
			memcpy(d, &x, 8);
			d += 8;
			i += 8;
		}
		if (i >= n)
			break;
		/* printable ASCII, UTF-8 bytes and tabs stay */
		if ((u[i] >= 0x20 && u[i] != 0x7f) || u[i] == '\t') {
			*d++ = (char)u[i++];
			continue;
		}
		d[0] = '\\';
		d[1] = 'x';
		d[2] = hex[u[i] >> 4];
		d[3] = hex[u[i] & 15];
		d += 4;
		i++;
	}
	b->len = (size_t)(d - b->p);
}

static const char *tag_of(const struct logrec *r)
{
	return r->tag ? r->tag : "kernel";
}

/* the tag, made safe, padded to @width like "%-8s" */
static void put_tag(struct logbuf *b, const struct logrec *r, int width)
{
	const char *t = tag_of(r);
	size_t n = strlen(t), before = b->len;

	put_safe(b, t, n);
	for (size_t w = b->len - before; (int)w < width; w++)
		put(b, " ", 1);
}

/* the prefix of one line of @r in @fmt (and the suffix of process) */
static void prefix(struct logbuf *b, enum logfmt fmt, bool utc, const struct logrec *r)
{
	char p = logrec_aprio_char(r->aprio);
	int32_t pid = r->pid < 0 ? 0 : r->pid, tid = r->tid < 0 ? pid : r->tid;

	switch (fmt) {
	case LOGFMT_DMESG:
		put(b, "[", 1);
		put_u(b, (uint64_t)(r->mono_usec / 1000000), 5, ' ');
		put(b, ".", 1);
		put_u(b, (uint64_t)(r->mono_usec % 1000000), 6, '0');
		put(b, "] ", 2);
		break;
	case LOGFMT_BRIEF:
		putf(b, "%c/", p);
		put_tag(b, r, 8);
		put(b, "(", 1);
		put_i(b, pid, 5);
		put(b, "): ", 3);
		break;
	case LOGFMT_PROCESS:
		putf(b, "%c(", p);
		put_i(b, pid, 5);
		put(b, ") ", 2);
		break;
	case LOGFMT_TAG:
		putf(b, "%c/", p);
		put_tag(b, r, 8);
		put(b, ": ", 2);
		break;
	case LOGFMT_THREAD:
		putf(b, "%c(", p);
		put_i(b, pid, 5);
		put(b, ":", 1);
		put_i(b, tid, 5);
		put(b, ") ", 2);
		break;
	case LOGFMT_TIME:
		put_time(b, r, utc);
		putf(b, " %c/", p);
		put_tag(b, r, 8);
		put(b, "(", 1);
		put_i(b, pid, 5);
		put(b, "): ", 3);
		break;
	case LOGFMT_THREADTIME: {
		char pc[3] = { ' ', p, ' ' };

		put_time(b, r, utc);
		put(b, " ", 1);
		put_i(b, pid, 5);
		put(b, " ", 1);
		put_i(b, tid, 5);
		put(b, pc, 3);
		put_tag(b, r, 8);
		put(b, ": ", 2);
		break;
	}
	default:
		break;
	}
}

/* a message whose newlines stay newlines (long format) */
static void put_safe_lines(struct logbuf *b, const char *m, size_t n)
{
	const char *end = m + n;

	while (m < end) {
		const char *nl = memchr(m, '\n', (size_t)(end - m));
		size_t k = nl ? (size_t)(nl - m) : (size_t)(end - m);

		put_safe(b, m, k);
		if (nl)
			put(b, "\n", 1);
		m += k + 1;
	}
}

static void json_str(struct logbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;

	put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f)
			continue;
		put(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };

			put(b, e, 2);
		} else if (c == '\n') {
			put(b, "\\n", 2);
		} else if (c == '\t') {
			put(b, "\\t", 2);
		} else if (c >= 0x80) {
			/* valid UTF-8 stays; a stray byte becomes U+FFFD */
			size_t k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
			bool ok = k && c < 0xf5 && i + k < n;

			for (size_t j = 1; ok && j <= k; j++)
				ok = ((unsigned char)s[i + j] & 0xc0) == 0x80;
			if (ok) {
				put(b, s + i, k + 1);
				i += k;
				run = i + 1;
			} else {
				put(b, "\\ufffd", 6);
			}
		} else {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			put(b, e, 6);
		}
	}
	put(b, s + run, n - run);
	put(b, "\"", 1);
}

static void json_key(struct logbuf *b, const char *k)
{
	put(b, ",\"", 2);
	puts_(b, k);
	put(b, "\":", 2);
}

static void json_record(struct logbuf *b, const struct logrec *r)
{
	static const char *const notice_keys[] = {
		[LOGREC_LOST] = "lost", [LOGREC_CORRUPT] = "corrupt_bytes",
		[LOGREC_TRUNCATED] = "truncated_bytes", [LOGREC_BACKWARDS] = "time_backwards",
		[LOGREC_CLOSED] = "closed",
	};

	put(b, "{\"source\":", 10);
	json_str(b, r->source, strlen(r->source));
	if (r->kind == LOGREC_NOTICE) {
		json_key(b, notice_keys[r->notice]);
		if (r->notice == LOGREC_CLOSED)
			puts_(b, "true");
		else
			put_u(b, r->count, 0, ' ');
		if (r->notice == LOGREC_BACKWARDS) {
			json_key(b, "log");
			json_str(b, logrec_lid_name(r->lid), strlen(logrec_lid_name(r->lid)));
		}
		put(b, "}\n", 2);
		return;
	}
	if (r->lid != LOGREC_LID_KMSG && r->lid != LOGREC_LID_UNKNOWN) {
		json_key(b, "log");
		json_str(b, logrec_lid_name(r->lid), strlen(logrec_lid_name(r->lid)));
	}
	if (r->has_seq) {
		json_key(b, "seq");
		put_u(b, r->seq, 0, ' ');
	}
	if (r->has_mono) {
		json_key(b, "monotonic_usec");
		put_i(b, r->mono_usec, 0);
	}
	if (r->has_real) {
		json_key(b, "realtime_nsec");
		put_i(b, r->real_nsec, 0);
		json_key(b, "realtime_exact");
		puts_(b, r->real_exact ? "true" : "false");
	}
	if (r->level >= 0) {
		json_key(b, "level");
		json_str(b, logrec_level_name(r->level), strlen(logrec_level_name(r->level)));
	}
	json_key(b, "priority");
	putf(b, "\"%c\"", logrec_aprio_char(r->aprio));
	if (r->facility >= 0 && logrec_facility_name(r->facility)) {
		json_key(b, "facility");
		json_str(b, logrec_facility_name(r->facility),
			 strlen(logrec_facility_name(r->facility)));
	}
	if (r->flag && r->flag != '-') {
		json_key(b, "flag");
		json_str(b, &r->flag, 1);
	}
	if (r->caller) {
		json_key(b, "caller");
		json_str(b, r->caller, strlen(r->caller));
	}
	if (r->pid >= 0) {
		json_key(b, "pid");
		put_i(b, r->pid, 0);
	}
	if (r->tid >= 0) {
		json_key(b, "tid");
		put_i(b, r->tid, 0);
	}
	if (r->uid >= 0) {
		json_key(b, "uid");
		put_i(b, r->uid, 0);
	}
	if (r->tag) {
		json_key(b, "tag");
		json_str(b, r->tag, strlen(r->tag));
	}
	json_key(b, "message");
	json_str(b, r->msg, r->msg_len);
	if (r->nfields) {
		json_key(b, "fields");
		put(b, "{", 1);
		for (size_t i = 0; i < r->nfields; i++) {
			if (i)
				put(b, ",", 1);
			json_str(b, r->fields[i].key, strlen(r->fields[i].key));
			put(b, ":", 1);
			json_str(b, r->fields[i].value, strlen(r->fields[i].value));
		}
		put(b, "}", 1);
	}
	put(b, "}\n", 2);
}

static void notice_text(struct logbuf *b, const struct logrec *r)
{
	switch (r->notice) {
	case LOGREC_LOST:
		putf(b, "-- %" PRIu64 " records lost --\n", r->count);
		break;
	case LOGREC_CORRUPT:
		putf(b, "-- %s: %" PRIu64 " corrupt bytes skipped --\n", r->source, r->count);
		break;
	case LOGREC_TRUNCATED:
		putf(b, "-- %s: truncated entry (%" PRIu64 " bytes) --\n", r->source, r->count);
		break;
	case LOGREC_BACKWARDS:
		putf(b, "-- %s: time went backwards in log %s: records may be lost --\n",
		     r->source, logrec_lid_name(r->lid));
		break;
	case LOGREC_CLOSED:
		putf(b, "-- %s: stream closed by the server --\n", r->source);
		break;
	}
}

void logfmt_record(struct logbuf *b, enum logfmt fmt, bool utc, const struct logrec *r)
{
	const char *m = r->msg, *end = r->msg + r->msg_len;

	if (fmt == LOGFMT_JSON) {
		json_record(b, r);
		return;
	}
	if (r->kind == LOGREC_NOTICE) {
		notice_text(b, r);
		return;
	}
	if (fmt != LOGFMT_DMESG && r->lid >= 0 && r->lid < LOGREC_LID__COUNT &&
	    r->lid + 1 != b->last_lid1) {
		putf(b, "--------- %s %s\n", b->seen_lids & (1u << r->lid) ? "switch to" : "beginning of",
		     logrec_lid_name(r->lid));
		b->seen_lids |= 1u << r->lid;
		b->last_lid1 = r->lid + 1;
	}
	if (fmt == LOGFMT_LONG) {
		put(b, "[ ", 2);
		put_time(b, r, utc);
		put(b, " ", 1);
		put_i(b, r->pid < 0 ? 0 : r->pid, 5);
		put(b, ":", 1);
		put_i(b, r->tid < 0 ? (r->pid < 0 ? 0 : r->pid) : r->tid, 5);
		putf(b, " %c/", logrec_aprio_char(r->aprio));
		put_tag(b, r, 8);
		put(b, " ]\n", 3);
		put_safe_lines(b, m, r->msg_len);
		put(b, "\n\n", 2);
		return;
	}
	do {
		const char *nl = memchr(m, '\n', (size_t)(end - m));
		size_t n = nl ? (size_t)(nl - m) : (size_t)(end - m);

		prefix(b, fmt, utc, r);
		put_safe(b, m, n);
		if (fmt == LOGFMT_PROCESS) {
			put(b, "  (", 3);
			put_tag(b, r, 0);
			put(b, ")", 1);
		}
		put(b, "\n", 1);
		m += n + 1;
	} while (m < end);
}
