// SPDX-License-Identifier: GPL-2.0-or-later
/* kmsg.c: the /dev/kmsg record parser and the kmsg-file record splitter */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>

#include "kmsg.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t kmsg_unescape(char *dst, const char *src, size_t len)
{
	size_t o = 0;
	const char *end = src + len;

	while (src < end) {
		const char *bs = memchr(src, '\\', (size_t)(end - src));
		size_t run = bs ? (size_t)(bs - src) : (size_t)(end - src);
		int hi, lo;

		memmove(dst + o, src, run);
		o += run;
		src += run;
		if (!bs)
			break;
		if (end - src >= 4 && src[1] == 'x' && (hi = hexval(src[2])) >= 0 &&
		    (lo = hexval(src[3])) >= 0) {
			dst[o++] = (char)(hi << 4 | lo);
			src += 4;
		} else {
			dst[o++] = *src++;
		}
	}
	return o;
}

static bool isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* an unsigned decimal at *p; advances *p. false on no digits or overflow */
static bool take_u64(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s >= end || !isdig(*s))
		return false;
	while (s < end && isdig(*s)) {
		if (x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
		s++;
	}
	*p = s;
	*v = x;
	return true;
}

/* 1: @p starts a record header; 0: it cannot; -1: too few bytes to tell */
static int header_state(const char *p, size_t len)
{
	const char *end = p + len;

	for (int i = 0; i < 3; i++) {
		if (p >= end)
			return -1;
		if (!isdig(*p))
			return 0;
		while (p < end && isdig(*p))
			p++;
		if (p >= end)
			return -1;
		if (i < 2 && *p++ != ',')
			return 0;
	}
	return *p == ',' || *p == ';';
}

bool kmsg_is_header(const char *p, size_t len)
{
	return header_state(p, len) == 1;
}

/* a ",key=" starts a new header field; a bare ',' inside a value does not */
static bool field_start(const char *p, const char *end)
{
	if (p >= end || *p != ',')
		return false;
	p++;
	if (p >= end || !((*p >= 'a' && *p <= 'z') || *p == '_'))
		return false;
	while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '_' || isdig(*p)))
		p++;
	return p < end && *p == '=';
}

static void header_field(struct logrec *r, const char *k, const char *end)
{
	const char *eq = memchr(k, '=', (size_t)(end - k));
	size_t klen;

	if (!eq)
		return;
	klen = (size_t)(eq - k);
	if (klen == 6 && memcmp(k, "caller", 6) == 0) {
		r->caller = logrec_put(r, eq + 1, (size_t)(end - eq - 1));
		if (r->caller[0] == 'T') {
			uint64_t pid;
			const char *q = r->caller + 1;

			if (take_u64(&q, q + strlen(q), &pid) && pid <= INT32_MAX)
				r->pid = (int32_t)pid;
		}
	} else if (klen == 3 && memcmp(k, "pid", 3) == 0) {
		uint64_t pid;
		const char *q = eq + 1;

		if (take_u64(&q, end, &pid) && pid <= INT32_MAX && q == end)
			r->pid = (int32_t)pid;
	}
	/* cpu=, comm= and anything newer: kept in the raw record only */
}

int kmsg_parse(const char *buf, size_t len, struct logrec *r)
{
	const char *p = buf, *end = buf + len, *semi, *nl, *line;
	uint64_t pri, seq, ts;
	char *msg;
	size_t mlen;
	int err;

	logrec_reset(r, "kmsg");
	if (!take_u64(&p, end, &pri) || p >= end || *p++ != ',' ||
	    !take_u64(&p, end, &seq) || p >= end || *p++ != ',' ||
	    !take_u64(&p, end, &ts) || p >= end || (*p != ',' && *p != ';'))
		return -EBADMSG;
	/* text, fields and header values all fit in twice the input */
	err = logrec_reserve(r, 2 * len + 16);
	if (err)
		return err;
	r->lid = LOGREC_LID_KMSG;
	r->level = (int)(pri & 7);
	r->facility = (int)((pri >> 3) & 0xff);
	r->aprio = logrec_level_to_aprio(r->level);
	r->seq = seq;
	r->has_seq = true;
	r->mono_usec = (int64_t)(ts > INT64_MAX ? INT64_MAX : ts);
	r->has_mono = r->mono_exact = true;
	r->flag = '-';
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	if (*p == ',') {
		const char *f;

		p++;
		/* the flag: up to the next field or the ';' */
		f = p;
		while (p < nl && *p != ';' && *p != ',')
			p++;
		if (p > f)
			r->flag = *f;
		while (p < nl && *p == ',') {
			const char *k = ++p;

			/* a value runs to the next ",key=" or the first ';' */
			while (p < nl && *p != ';' && !field_start(p, nl))
				p++;
			header_field(r, k, p);
		}
	}
	semi = p < nl && *p == ';' ? p : memchr(p, ';', (size_t)(nl - p));
	if (!semi)
		return -EBADMSG;
	msg = r->arena + r->arena_len;
	mlen = kmsg_unescape(msg, semi + 1, (size_t)(nl - semi - 1));
	/* lines after the text: " KEY=VALUE" fields, or raw newlines of the text */
	line = nl < end ? nl + 1 : end;
	while (line < end) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		const char *eq;

		if (!le)
			le = end;
		eq = line[0] == ' ' ? memchr(line, '=', (size_t)(le - line)) : NULL;
		if (!eq && line == le && le + 1 >= end)
			break;	/* the final empty line of a file */
		if (!eq) {
			msg[mlen++] = '\n';
			mlen += kmsg_unescape(msg + mlen, line, (size_t)(le - line));
		}
		line = le + 1;
	}
	msg[mlen] = '\0';
	r->msg = msg;
	r->msg_len = mlen;
	r->arena_len += mlen + 1;
	for (line = nl < end ? nl + 1 : end; line < end;) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		const char *eq;
		char *k, *v;

		if (!le)
			le = end;
		eq = line[0] == ' ' ? memchr(line, '=', (size_t)(le - line)) : NULL;
		if (eq) {
			k = logrec_put(r, line + 1, (size_t)(eq - line - 1));
			v = r->arena + r->arena_len;
			v[kmsg_unescape(v, eq + 1, (size_t)(le - eq - 1))] = '\0';
			r->arena_len += strlen(v) + 1;
			logrec_add_field(r, k, v);
		}
		line = le + 1;
	}
	return 0;
}

ssize_t kmsg_record_end(const char *p, size_t len, bool eof)
{
	size_t i = 0;

	for (;;) {
		const char *stop = NULL;
		size_t n = len - i;
		const char *nl = memchr(p + i, '\n', n);
		const char *nul = memchr(p + i, '\0', nl ? (size_t)(nl - (p + i)) : n);

		stop = nul ? nul : nl;
		if (!stop)
			return eof ? (ssize_t)len : -EAGAIN;
		if (*stop == '\0')
			return stop - p;
		i = (size_t)(stop - p) + 1;
		if (i >= len)
			return eof ? (ssize_t)(i - 1) : -EAGAIN;
		if (p[i] == '\0')
			return (ssize_t)(i - 1);
		switch (header_state(p + i, len - i)) {
		case 1:
			return (ssize_t)(i - 1);
		case -1:
			/* "6,12" could still become a header: wait for more, unless there is none */
			if (!eof)
				return -EAGAIN;
			break;
		}
	}
}
