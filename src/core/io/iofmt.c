// SPDX-License-Identifier: GPL-2.0-or-later
/* iofmt.c: parse, validate and write the cgroup io files' text */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "iofmt.h"

int io_u64_parse(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	/* digits only: strtoull would take " 1", "+1" and "-1" */
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno)
		return -ERANGE;
	*v = x;
	return 0;
}

int io_devnum_parse(const char *s, unsigned *maj, unsigned *min)
{
	const char *colon = strchr(s, ':');
	uint64_t a, b;
	char head[16];

	if (!colon || (size_t)(colon - s) >= sizeof(head))
		return -EINVAL;
	memcpy(head, s, (size_t)(colon - s));
	head[colon - s] = '\0';
	if (io_u64_parse(head, &a) < 0 || io_u64_parse(colon + 1, &b) < 0 ||
	    a > 4095 || b > 1048575)	/* MAJORBITS 12, MINORBITS 20 */
		return -EINVAL;
	*maj = (unsigned)a;
	*min = (unsigned)b;
	return 0;
}

static int copy_word(char *dst, size_t size, const char *w, size_t len)
{
	if (len >= size)
		return -EBADMSG;
	memcpy(dst, w, len);
	dst[len] = '\0';
	return 0;
}

int io_records_parse(const char *text, struct io_rec **out, size_t *n)
{
	struct io_rec *recs = NULL, *cur = NULL;
	size_t nrec = 0, cap = 0;
	const char *p = text;
	int rc = 0;

	while (*p) {
		char word[64];
		const char *eq;
		size_t len;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t\n\r\v\f");
		if (copy_word(word, sizeof(word), p, len) < 0) {
			rc = -EBADMSG;
			break;
		}
		p += len;
		eq = strchr(word, '=');
		if (!eq && (strcmp(word, "default") == 0 || strchr(word, ':'))) {
			rc = array_grow((void **)&recs, &cap, nrec, sizeof(*recs));
			if (rc < 0)
				break;
			cur = &recs[nrec++];
			memset(cur, 0, sizeof(*cur));
			if (strcmp(word, "default") == 0)
				cur->is_default = true;
			else if (io_devnum_parse(word, &cur->maj, &cur->min) < 0) {
				rc = -EBADMSG;
				break;
			}
		} else if (!cur) {
			/* a lone value with no record: v1 blkio.weight, old io.bfq.weight */
			rc = array_grow((void **)&recs, &cap, nrec, sizeof(*recs));
			if (rc < 0)
				break;
			cur = &recs[nrec++];
			memset(cur, 0, sizeof(*cur));
			cur->is_default = true;
			if (eq || copy_word(cur->bare, sizeof(cur->bare), word, len) < 0) {
				rc = -EBADMSG;
				break;
			}
		} else if (eq) {
			struct io_kv *kv;

			if (cur->nkv >= IO_REC_MAXKV || eq == word) {
				rc = -EBADMSG;
				break;
			}
			kv = &cur->kv[cur->nkv++];
			if (copy_word(kv->key, sizeof(kv->key), word, (size_t)(eq - word)) < 0 ||
			    copy_word(kv->val, sizeof(kv->val), eq + 1, strlen(eq + 1)) < 0) {
				rc = -EBADMSG;
				break;
			}
		} else {
			if (*cur->bare || cur->nkv ||
			    copy_word(cur->bare, sizeof(cur->bare), word, len) < 0) {
				rc = -EBADMSG;
				break;
			}
		}
	}
	if (rc < 0) {
		free(recs);
		return rc;
	}
	*out = recs;
	*n = nrec;
	return 0;
}

const char *io_rec_get(const struct io_rec *r, const char *key)
{
	for (size_t i = 0; i < r->nkv; i++)
		if (strcmp(r->kv[i].key, key) == 0)
			return r->kv[i].val;
	return NULL;
}

static const char *const max_keys[IO_NMAX_KEYS] = { "rbps", "wbps", "riops", "wiops" };

const char *io_max_key_name(enum io_max_key k)
{
	return max_keys[k];
}

static int max_value(const char *val, uint64_t *v)
{
	if (strcmp(val, "max") == 0) {
		*v = IO_UNLIMITED;
		return 0;
	}
	return io_u64_parse(val, v) < 0 ? -EINVAL : 0;
}

int io_max_parse(const char *text, struct io_max **out, size_t *n)
{
	struct io_rec *recs;
	struct io_max *m;
	size_t nrec, k = 0;
	int rc = io_records_parse(text, &recs, &nrec);

	if (rc < 0)
		return rc;
	m = calloc(nrec ? nrec : 1, sizeof(*m));
	if (!m) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nrec; i++) {
		struct io_max *e = &m[k];

		if (recs[i].is_default || *recs[i].bare) {
			rc = -EBADMSG;
			break;
		}
		e->maj = recs[i].maj;
		e->min = recs[i].min;
		for (int j = 0; j < IO_NMAX_KEYS; j++) {
			const char *v = io_rec_get(&recs[i], max_keys[j]);

			e->v[j] = IO_UNLIMITED;
			if (v && max_value(v, &e->v[j]) < 0)
				rc = -EBADMSG;
		}
		k++;
	}
	free(recs);
	if (rc < 0) {
		free(m);
		return rc;
	}
	*out = m;
	*n = k;
	return 0;
}

int io_max_arg(struct io_max *m, const char *word)
{
	const char *eq = strchr(word, '=');
	uint64_t v;
	int k;

	if (!eq)
		return -EINVAL;
	for (k = 0; k < IO_NMAX_KEYS; k++)
		if (strlen(max_keys[k]) == (size_t)(eq - word) &&
		    strncmp(word, max_keys[k], (size_t)(eq - word)) == 0)
			break;
	if (k == IO_NMAX_KEYS)
		return -EINVAL;
	if (m->set & (1u << k))
		return -EEXIST;
	if (max_value(eq + 1, &v) < 0)
		return io_u64_parse(eq + 1, &v) == -ERANGE ? -ERANGE : -EINVAL;
	if (v != IO_UNLIMITED && (v < 2 || (k >= IO_RIOPS && v > UINT_MAX)))
		return -ERANGE;
	m->v[k] = v;
	m->set |= 1u << k;
	return 0;
}

int io_max_format(const struct io_max *m, bool all, char *buf, size_t size)
{
	size_t len;
	int w = snprintf(buf, size, "%u:%u", m->maj, m->min);

	if (w < 0 || (size_t)w >= size)
		return -ENAMETOOLONG;
	len = (size_t)w;
	for (int k = 0; k < IO_NMAX_KEYS; k++) {
		if (!all && !(m->set & (1u << k)))
			continue;
		if (m->v[k] == IO_UNLIMITED)
			w = snprintf(buf + len, size - len, " %s=max", max_keys[k]);
		else
			w = snprintf(buf + len, size - len, " %s=%llu", max_keys[k],
				     (unsigned long long)m->v[k]);
		if (w < 0 || (size_t)w >= size - len)
			return -ENAMETOOLONG;
		len += (size_t)w;
	}
	return 0;
}

static int weight_value(const char *s, unsigned *w)
{
	uint64_t v;

	if (io_u64_parse(s, &v) < 0 || v > UINT_MAX)
		return -EBADMSG;
	*w = (unsigned)v;
	return 0;
}

int io_weights_parse(const char *text, struct io_weights *w)
{
	struct io_rec *recs;
	size_t nrec;
	int rc = io_records_parse(text, &recs, &nrec);

	memset(w, 0, sizeof(*w));
	if (rc < 0)
		return rc;
	w->devs = calloc(nrec ? nrec : 1, sizeof(*w->devs));
	if (!w->devs) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nrec && rc == 0; i++) {
		const struct io_rec *r = &recs[i];

		if (r->nkv || !*r->bare) {
			rc = -EBADMSG;
		} else if (r->is_default) {
			w->has_default = true;
			rc = weight_value(r->bare, &w->dflt);
		} else {
			w->devs[w->n].maj = r->maj;
			w->devs[w->n].min = r->min;
			rc = weight_value(r->bare, &w->devs[w->n].weight);
			w->n++;
		}
	}
	free(recs);
	if (rc < 0)
		io_weights_free(w);
	return rc;
}

void io_weights_free(struct io_weights *w)
{
	free(w->devs);
	memset(w, 0, sizeof(*w));
}

unsigned io_weight_for(const struct io_weights *w, unsigned maj, unsigned min, bool *own)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->devs[i].maj == maj && w->devs[i].min == min) {
			if (own)
				*own = true;
			return w->devs[i].weight;
		}
	if (own)
		*own = false;
	return w->has_default ? w->dflt : 0;
}

void io_weight_range(enum io_weight_kind k, unsigned *lo, unsigned *hi)
{
	/* CGROUP_WEIGHT_MIN/MAX; BFQ_MIN/MAX_WEIGHT; CFQ_WEIGHT_LEGACY_MIN/MAX */
	static const unsigned r[][2] = { { 1, 10000 }, { 1, 1000 }, { 10, 1000 } };

	*lo = r[k][0];
	*hi = r[k][1];
}

int io_weight_check(enum io_weight_kind k, unsigned long long w)
{
	unsigned lo, hi;

	io_weight_range(k, &lo, &hi);
	return w < lo || w > hi ? -ERANGE : 0;
}

static int stat_key(struct io_stat *s, const struct io_kv *kv)
{
	static const char *const names[] = { "rbytes", "wbytes", "rios", "wios", "dbytes", "dios" };
	uint64_t *slots[] = { &s->rbytes, &s->wbytes, &s->rios, &s->wios, &s->dbytes, &s->dios };

	for (size_t i = 0; i < 6; i++)
		if (strcmp(kv->key, names[i]) == 0)
			return io_u64_parse(kv->val, slots[i]) < 0 ? -EBADMSG : 0;
	return 0;	/* cost.*, depth, avg_lat, win, use_delay: not ours */
}

int io_stat_parse(const char *text, struct io_stat **out, size_t *n)
{
	struct io_rec *recs;
	struct io_stat *st;
	size_t nrec;
	int rc = io_records_parse(text, &recs, &nrec);

	if (rc < 0)
		return rc;
	st = calloc(nrec ? nrec : 1, sizeof(*st));
	if (!st) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nrec && rc == 0; i++) {
		if (recs[i].is_default || *recs[i].bare) {
			rc = -EBADMSG;
			break;
		}
		st[i].maj = recs[i].maj;
		st[i].min = recs[i].min;
		st[i].empty = recs[i].nkv == 0;
		for (size_t j = 0; j < recs[i].nkv && rc == 0; j++)
			rc = stat_key(&st[i], &recs[i].kv[j]);
	}
	free(recs);
	if (rc < 0) {
		free(st);
		return rc;
	}
	*out = st;
	*n = nrec;
	return 0;
}

int io_v1_serviced_parse(const char *text, bool bytes, struct io_stat **out, size_t *n)
{
	struct io_stat *st = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = text;

	while (*p) {
		char dev[32], op[16], num[32];
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[128];
		unsigned maj, min;
		uint64_t v;
		int f;

		if (len >= sizeof(line))
			goto bad;
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		f = sscanf(line, "%31s %15s %31s", dev, op, num);
		if (f <= 0)
			continue;
		if (f == 2 && strcmp(dev, "Total") == 0)
			continue;	/* the file's grand total */
		if (f != 3 || io_devnum_parse(dev, &maj, &min) < 0 || io_u64_parse(num, &v) < 0)
			goto bad;
		if (!cnt || st[cnt - 1].maj != maj || st[cnt - 1].min != min) {
			if (array_grow((void **)&st, &cap, cnt, sizeof(*st)) < 0) {
				free(st);
				return -ENOMEM;
			}
			memset(&st[cnt], 0, sizeof(*st));
			st[cnt].maj = maj;
			st[cnt].min = min;
			cnt++;
		}
		if (strcmp(op, "Read") == 0)
			*(bytes ? &st[cnt - 1].rbytes : &st[cnt - 1].rios) = v;
		else if (strcmp(op, "Write") == 0)
			*(bytes ? &st[cnt - 1].wbytes : &st[cnt - 1].wios) = v;
		else if (strcmp(op, "Discard") == 0)
			*(bytes ? &st[cnt - 1].dbytes : &st[cnt - 1].dios) = v;
	}
	*out = st;
	*n = cnt;
	return 0;
bad:
	free(st);
	return -EBADMSG;
}

static int psi_line(const struct io_rec *r, double avg[3], uint64_t *total)
{
	static const char *const keys[] = { "avg10", "avg60", "avg300" };

	for (int i = 0; i < 3; i++) {
		const char *v = io_rec_get(r, keys[i]);
		char *end;

		if (!v)
			return -EBADMSG;
		avg[i] = strtod(v, &end);
		if (*end)
			return -EBADMSG;
	}
	if (!io_rec_get(r, "total") || io_u64_parse(io_rec_get(r, "total"), total) < 0)
		return -EBADMSG;
	return 0;
}

int io_pressure_parse(const char *text, struct io_pressure *p)
{
	const char *line = text;
	bool some = false;

	memset(p, 0, sizeof(*p));
	while (*line) {
		size_t len = strcspn(line, "\n");
		char buf[256], tmp[300], *rest;
		struct io_rec *recs;
		size_t nrec;
		double avg[3];
		uint64_t total;
		int rc;

		if (len >= sizeof(buf))
			return -EBADMSG;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line += len + (line[len] ? 1 : 0);
		rest = buf + strspn(buf, " \t");
		if (!*rest)
			continue;
		if (strncmp(rest, "some ", 5) != 0 && strncmp(rest, "full ", 5) != 0)
			return -EBADMSG;
		/* the keys of one line, as one record for the tokenizer */
		snprintf(tmp, sizeof(tmp), "default %s", rest + 5);
		rc = io_records_parse(tmp, &recs, &nrec);
		if (rc < 0)
			return rc;
		rc = nrec == 1 ? psi_line(&recs[0], avg, &total) : -EBADMSG;
		free(recs);
		if (rc < 0)
			return rc;
		if (rest[0] == 's') {
			p->some_avg10 = avg[0];
			p->some_avg60 = avg[1];
			p->some_avg300 = avg[2];
			p->some_total = total;
			some = true;
		} else {
			p->full_avg10 = avg[0];
			p->full_avg60 = avg[1];
			p->full_avg300 = avg[2];
			p->full_total = total;
			p->has_full = true;
		}
	}
	return some ? 0 : -EBADMSG;
}

static int cost_u64(const struct io_rec *r, const char *key, uint64_t *v)
{
	const char *s = io_rec_get(r, key);

	if (!s)
		return 0;
	return io_u64_parse(s, v) < 0 ? -EBADMSG : 0;
}

int io_cost_parse(const char *text, struct io_cost **out, size_t *n)
{
	struct io_rec *recs;
	struct io_cost *c;
	size_t nrec;
	int rc = io_records_parse(text, &recs, &nrec);

	if (rc < 0)
		return rc;
	c = calloc(nrec ? nrec : 1, sizeof(*c));
	if (!c) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nrec && rc == 0; i++) {
		const struct io_rec *r = &recs[i];
		const char *en = io_rec_get(r, "enable"), *ctrl = io_rec_get(r, "ctrl");

		if (r->is_default || *r->bare) {
			rc = -EBADMSG;
			break;
		}
		c[i].maj = r->maj;
		c[i].min = r->min;
		c[i].enable = en && strcmp(en, "1") == 0;
		c[i].user = ctrl && strcmp(ctrl, "user") == 0;
		rc = cost_u64(r, "rbps", &c[i].rbps);
		if (!rc)
			rc = cost_u64(r, "rseqiops", &c[i].rseqiops);
		if (!rc)
			rc = cost_u64(r, "rrandiops", &c[i].rrandiops);
		if (!rc)
			rc = cost_u64(r, "wbps", &c[i].wbps);
		if (!rc)
			rc = cost_u64(r, "wseqiops", &c[i].wseqiops);
		if (!rc)
			rc = cost_u64(r, "wrandiops", &c[i].wrandiops);
	}
	free(recs);
	if (rc < 0) {
		free(c);
		return rc;
	}
	*out = c;
	*n = nrec;
	return 0;
}

int io_cost_model_format(unsigned maj, unsigned min, uint64_t riops, uint64_t wiops,
			 char *buf, size_t size)
{
	int w;

	if (!riops || !wiops)
		return -ERANGE;
	w = snprintf(buf, size,
		     "%u:%u ctrl=user model=linear rbps=0 rseqiops=%llu rrandiops=%llu wbps=0 wseqiops=%llu wrandiops=%llu",
		     maj, min, (unsigned long long)riops, (unsigned long long)riops,
		     (unsigned long long)wiops, (unsigned long long)wiops);
	return w < 0 || (size_t)w >= size ? -ENAMETOOLONG : 0;
}

bool io_sched_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= 24)
		return false;
	for (const char *p = name; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-' &&
		    *p != '_')
			return false;
	return true;
}

int io_sched_parse(const char *text, struct io_sched *s)
{
	const char *p = text;

	memset(s, 0, sizeof(*s));
	while (*p) {
		char word[32];
		size_t len;
		bool active = false;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t\n");
		if (len >= sizeof(word))
			return -EBADMSG;
		memcpy(word, p, len);
		word[len] = '\0';
		p += len;
		if (word[0] == '[' && len > 2 && word[len - 1] == ']') {
			memmove(word, word + 1, len - 2);
			word[len - 2] = '\0';
			active = true;
		}
		if (!io_sched_name_valid(word) || s->navail >= IO_SCHED_MAX)
			return -EBADMSG;
		strcpy(s->avail[s->navail++], word);
		if (active)
			strcpy(s->active, word);
	}
	if (!s->navail)
		return -EBADMSG;
	/* a queue with no elevator choice reads "none" without brackets */
	if (!*s->active)
		strcpy(s->active, "none");
	return 0;
}

int io_v1_device_parse(const char *text, struct io_weights *w, uint64_t **vals)
{
	struct io_rec *recs;
	size_t nrec;
	uint64_t *v = NULL;
	int rc = io_records_parse(text, &recs, &nrec);

	memset(w, 0, sizeof(*w));
	if (rc < 0)
		return rc;
	w->devs = calloc(nrec ? nrec : 1, sizeof(*w->devs));
	v = calloc(nrec ? nrec : 1, sizeof(*v));
	if (!w->devs || !v) {
		free(recs);
		free(v);
		io_weights_free(w);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nrec && rc == 0; i++) {
		const struct io_rec *r = &recs[i];

		if (r->nkv || !*r->bare) {
			rc = -EBADMSG;
		} else if (r->is_default) {
			/* v1 blkio.weight: one number */
			w->has_default = true;
			rc = weight_value(r->bare, &w->dflt);
		} else {
			if (io_u64_parse(r->bare, &v[w->n]) < 0)
				rc = -EBADMSG;
			w->devs[w->n].maj = r->maj;
			w->devs[w->n].min = r->min;
			w->devs[w->n].weight = v[w->n] > UINT_MAX ? UINT_MAX : (unsigned)v[w->n];
			w->n++;
		}
	}
	free(recs);
	if (rc < 0 || !vals) {
		free(v);
		v = NULL;
	}
	if (rc < 0)
		io_weights_free(w);
	if (vals)
		*vals = v;
	return rc;
}
