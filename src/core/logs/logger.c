// SPDX-License-Identifier: GPL-2.0-or-later
/* logger.c: Android logger_entry sniffing and payload decoding (liblog logprint.c semantics) */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "logger.h"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

ssize_t logger_hdr_parse(const uint8_t *p, size_t avail, struct logger_hdr *h)
{
	uint16_t hs;
	uint32_t v20;

	if (avail < 4)
		return -EAGAIN;
	h->len = le16(p);
	hs = le16(p + 2);
	if (hs == LOGGER_V2_HDR || hs == LOGGER_V4_HDR)
		h->hdr_size = hs;
	else
		h->hdr_size = LOGGER_V1_HDR;	/* v1 padding, or garbage */
	if (h->len == 0 || h->len + (size_t)h->hdr_size > LOGGER_ENTRY_MAX_LEN)
		return -EBADMSG;
	if (avail < h->hdr_size)
		return -EAGAIN;
	h->pid = (int32_t)le32(p + 4);
	h->tid = le32(p + 8);
	h->sec = le32(p + 12);
	h->nsec = le32(p + 16);
	h->lid = LOGREC_LID_UNKNOWN;
	h->uid = -1;
	if (h->pid < 0 || h->pid > LOGGER_PID_LIMIT || h->tid > LOGGER_PID_LIMIT ||
	    h->nsec >= 1000000000u)
		return -EBADMSG;
	if (h->hdr_size == LOGGER_V2_HDR) {
		v20 = le32(p + 20);
		if (v20 < LOGREC_LID__COUNT)
			h->lid = (int)v20;	/* v3: lid */
		else
			h->uid = v20;		/* v2: euid */
	} else if (h->hdr_size == LOGGER_V4_HDR) {
		v20 = le32(p + 20);
		if (v20 >= LOGREC_LID__COUNT)
			return -EBADMSG;
		h->lid = (int)v20;
		h->uid = le32(p + 24);
	}
	if (avail < h->hdr_size + (size_t)h->len)
		return -EAGAIN;
	return h->hdr_size + (ssize_t)h->len;
}

/* ---- event-log-tags ---- */

struct logger_tag {
	uint32_t tag;
	char *name;
};

struct logger_tags {
	struct logger_tag *v;
	size_t n;
};

static int tag_cmp(const void *a, const void *b)
{
	const struct logger_tag *x = a, *y = b;

	return x->tag < y->tag ? -1 : x->tag > y->tag;
}

int logger_tags_load(const char *text, size_t len, struct logger_tags **out)
{
	struct logger_tags *t = calloc(1, sizeof(*t));
	const char *p = text, *end = text + len;
	size_t cap = 0;

	if (!t)
		return -ENOMEM;
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *n0;
		uint64_t tag = 0;
		bool digits = false;

		if (!le)
			le = end;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		while (q < le && *q >= '0' && *q <= '9' && tag <= UINT32_MAX) {
			tag = tag * 10 + (uint64_t)(*q++ - '0');
			digits = true;
		}
		if (digits && tag <= UINT32_MAX && q < le && (*q == ' ' || *q == '\t')) {
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			n0 = q;
			while (q < le && *q != ' ' && *q != '\t' && *q != '\r')
				q++;
			if (q > n0) {
				if (t->n == cap) {
					size_t nc = cap ? cap * 2 : 256;
					struct logger_tag *nv = realloc(t->v, nc * sizeof(*nv));

					if (!nv)
						goto nomem;
					t->v = nv;
					cap = nc;
				}
				t->v[t->n].tag = (uint32_t)tag;
				t->v[t->n].name = strndup(n0, (size_t)(q - n0));
				if (!t->v[t->n].name)
					goto nomem;
				t->n++;
			}
		}
		p = le + 1;
	}
	if (t->n)
		qsort(t->v, t->n, sizeof(t->v[0]), tag_cmp);
	*out = t;
	return 0;
nomem:
	logger_tags_free(t);
	return -ENOMEM;
}

void logger_tags_free(struct logger_tags *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	free(t);
}

const char *logger_tags_name(const struct logger_tags *t, uint32_t tag)
{
	struct logger_tag key = { .tag = tag }, *hit;

	if (!t || !t->n)
		return NULL;
	hit = bsearch(&key, t->v, t->n, sizeof(t->v[0]), tag_cmp);
	return hit ? hit->name : NULL;
}

/* ---- payloads ---- */

struct evout {
	char *p;
	size_t size, len;
};

static void ev_put(struct evout *o, const char *s, size_t n)
{
	if (o->len + n >= o->size)
		n = o->size - 1 > o->len ? o->size - 1 - o->len : 0;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* liblog caps list nesting; a deeper payload is garbage, not a stack bomb */
#define EV_MAX_DEPTH 8

static ssize_t ev_value(const uint8_t *p, size_t len, struct evout *o, int depth)
{
	char num[64];
	int n;

	if (len < 1 || depth > EV_MAX_DEPTH)
		return -EBADMSG;
	switch (p[0]) {
	case LOGGER_EV_INT:
		if (len < 5)
			return -EBADMSG;
		n = snprintf(num, sizeof(num), "%d", (int32_t)le32(p + 1));
		ev_put(o, num, (size_t)n);
		return 5;
	case LOGGER_EV_LONG:
		if (len < 9)
			return -EBADMSG;
		n = snprintf(num, sizeof(num), "%lld",
			     (long long)((uint64_t)le32(p + 1) | (uint64_t)le32(p + 5) << 32));
		ev_put(o, num, (size_t)n);
		return 9;
	case LOGGER_EV_FLOAT: {
		uint32_t bits;
		float f;

		if (len < 5)
			return -EBADMSG;
		bits = le32(p + 1);
		memcpy(&f, &bits, sizeof(f));
		n = snprintf(num, sizeof(num), "%f", (double)f);
		ev_put(o, num, (size_t)n < sizeof(num) ? (size_t)n : sizeof(num) - 1);
		return 5;
	}
	case LOGGER_EV_STRING: {
		uint32_t slen;

		if (len < 5)
			return -EBADMSG;
		slen = le32(p + 1);
		if (slen > len - 5)
			return -EBADMSG;
		ev_put(o, (const char *)p + 5, slen);
		return 5 + (ssize_t)slen;
	}
	case LOGGER_EV_LIST: {
		size_t off = 2;
		unsigned count;

		if (len < 2)
			return -EBADMSG;
		count = p[1];
		ev_put(o, "[", 1);
		for (unsigned i = 0; i < count; i++) {
			ssize_t k;

			if (i)
				ev_put(o, ",", 1);
			k = ev_value(p + off, len - off, o, depth + 1);
			if (k < 0)
				return k;
			off += (size_t)k;
		}
		ev_put(o, "]", 1);
		return (ssize_t)off;
	}
	default:
		return -EBADMSG;
	}
}

ssize_t logger_events_text(const uint8_t *p, size_t len, char *out, size_t size)
{
	struct evout o = { out, size, 0 };

	out[0] = '\0';
	return ev_value(p, len, &o, 0);
}

static bool is_events_lid(int lid)
{
	return lid == LOGREC_LID_EVENTS || lid == LOGREC_LID_STATS ||
	       lid == LOGREC_LID_SECURITY;
}

/* a text payload: prio in 0..8 and a NUL ending the tag */
static bool looks_text(const uint8_t *p, size_t len)
{
	return len >= 2 && p[0] <= 8 && memchr(p + 1, '\0', len - 1);
}

int logger_decode(const struct logger_hdr *h, const uint8_t *payload, int lid,
		  const struct logger_tags *tags, struct logrec *r)
{
	const char *source = r->source;
	size_t len = h->len;
	int err;

	logrec_reset(r, source);
	r->lid = h->lid != LOGREC_LID_UNKNOWN ? h->lid : lid;
	if (r->lid == LOGREC_LID_UNKNOWN)
		r->lid = looks_text(payload, len) ? LOGREC_LID_MAIN : LOGREC_LID_EVENTS;
	r->pid = h->pid;
	r->tid = (int32_t)h->tid;
	r->uid = h->uid;
	r->real_nsec = (int64_t)h->sec * 1000000000 + h->nsec;
	r->has_real = r->real_exact = true;
	if (is_events_lid(r->lid)) {
		char *text;
		ssize_t k;
		uint32_t tag;
		const char *name;
		size_t room = 16 * len + 256;

		if (len < 4)
			return -EBADMSG;
		err = logrec_reserve(r, room + 16);
		if (err)
			return err;
		tag = le32(payload);
		name = logger_tags_name(tags, tag);
		if (name) {
			r->tag = logrec_put(r, name, strlen(name));
		} else {
			char num[16];
			int n = snprintf(num, sizeof(num), "%u", tag);

			r->tag = logrec_put(r, num, (size_t)n);
		}
		text = r->arena + r->arena_len;
		if (len == 4) {
			text[0] = '\0';
			k = 0;
		} else {
			k = logger_events_text(payload + 4, len - 4, text, room);
		}
		if (k < 0)
			return (int)k;
		/* Java's EventLog ends a payload with '\n'; other trailing bytes are garbage */
		if ((size_t)k + 4 < len && !(len - 4 - (size_t)k == 1 && payload[len - 1] == '\n'))
			return -EBADMSG;
		r->msg = text;
		r->msg_len = strlen(text);
		r->arena_len += r->msg_len + 1;
		r->aprio = 4;
	} else {
		const uint8_t *nul;
		size_t tlen, mlen;

		if (!looks_text(payload, len))
			return -EBADMSG;
		err = logrec_reserve(r, len + 16);
		if (err)
			return err;
		nul = memchr(payload + 1, '\0', len - 1);
		tlen = (size_t)(nul - payload - 1);
		r->tag = logrec_put(r, (const char *)payload + 1, tlen);
		mlen = len - tlen - 2;
		if (memchr(nul + 1, '\0', mlen))
			mlen = strnlen((const char *)nul + 1, mlen);
		/* logprint drops trailing newlines */
		while (mlen && (nul[mlen] == '\n'))
			mlen--;
		r->msg = logrec_put(r, (const char *)nul + 1, mlen);
		r->msg_len = mlen;
		r->aprio = payload[0] < 2 ? 2 : payload[0];
	}
	r->level = logrec_aprio_to_level(r->aprio);
	return 0;
}
