// SPDX-License-Identifier: GPL-2.0-or-later
/* rates.c: io.stat samples and the rates between two of them */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "rates.h"

int io_sample_add(struct io_sample *s, const char *cgroup, const struct io_stat *st)
{
	if (array_grow((void **)&s->rows, &s->cap, s->n, sizeof(*s->rows)) < 0)
		return -ENOMEM;
	s->rows[s->n].cgroup = strdup(cgroup);
	if (!s->rows[s->n].cgroup)
		return -ENOMEM;
	s->rows[s->n].st = *st;
	s->n++;
	return 0;
}

void io_sample_clear(struct io_sample *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->rows[i].cgroup);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

struct take {
	struct path_ctx *ctx;
	const struct io_cgroups *cg;
	struct io_sample *s;
};

static int merge_v1(struct io_stat **acc, size_t *nacc, const struct io_stat *b, size_t nb)
{
	for (size_t i = 0; i < nb; i++) {
		size_t k;

		for (k = 0; k < *nacc; k++)
			if ((*acc)[k].maj == b[i].maj && (*acc)[k].min == b[i].min)
				break;
		if (k == *nacc) {
			void *na = realloc(*acc, (*nacc + 1) * sizeof(**acc));

			if (!na)
				return -ENOMEM;
			*acc = na;
			memset(&(*acc)[k], 0, sizeof(**acc));
			(*acc)[k].maj = b[i].maj;
			(*acc)[k].min = b[i].min;
			(*nacc)++;
		}
		(*acc)[k].rbytes += b[i].rbytes;
		(*acc)[k].wbytes += b[i].wbytes;
		(*acc)[k].dbytes += b[i].dbytes;
		(*acc)[k].rios += b[i].rios;
		(*acc)[k].wios += b[i].wios;
		(*acc)[k].dios += b[i].dios;
	}
	return 0;
}

static int take_cb(const char *cgroup, void *data)
{
	struct take *tk = data;
	struct io_stat *st = NULL;
	size_t n = 0;
	char *text = NULL;
	int rc = 0;

	if (tk->cg->mode == IO_CG_V2) {
		if (io_cgroup_read(tk->ctx, tk->cg, cgroup, "io.stat", &text) < 0)
			return 0;	/* vanished, or io not enabled here */
		rc = io_stat_parse(text, &st, &n);
	} else {
		struct io_stat *b = NULL;
		size_t nb = 0;

		if (io_cgroup_read(tk->ctx, tk->cg, cgroup, "blkio.throttle.io_serviced", &text) == 0 &&
		    io_v1_serviced_parse(text, false, &b, &nb) == 0) {
			rc = merge_v1(&st, &n, b, nb);
			free(b);
		}
		free(text);
		text = NULL;
		b = NULL;
		if (rc == 0 &&
		    io_cgroup_read(tk->ctx, tk->cg, cgroup, "blkio.throttle.io_service_bytes", &text) == 0 &&
		    io_v1_serviced_parse(text, true, &b, &nb) == 0) {
			rc = merge_v1(&st, &n, b, nb);
			free(b);
		}
	}
	free(text);
	if (rc == -EBADMSG)
		rc = 0;		/* a file we cannot read is no reason to stop */
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = io_sample_add(tk->s, cgroup, &st[i]);
	free(st);
	return rc;
}

int io_sample_take(struct path_ctx *ctx, const struct io_cgroups *cg, const char *start,
		   double t, struct io_sample *s)
{
	struct take tk = { ctx, cg, s };

	s->t = t;
	return io_cgroup_walk(ctx, cg, start, take_cb, &tk);
}

const char *io_rate_state_name(enum io_rate_state s)
{
	static const char *const names[] = { "ok", "new", "reset", "gone" };

	return names[s];
}

static int row_cmp(const void *a, const void *b)
{
	const struct io_sample_row *x = *(const struct io_sample_row *const *)a;
	const struct io_sample_row *y = *(const struct io_sample_row *const *)b;
	int c = strcmp(x->cgroup, y->cgroup);

	if (c)
		return c;
	if (x->st.maj != y->st.maj)
		return x->st.maj < y->st.maj ? -1 : 1;
	if (x->st.min != y->st.min)
		return x->st.min < y->st.min ? -1 : 1;
	return 0;
}

/* an index of a sample's rows for lookups by (cgroup, device) */
static struct io_sample_row **index_rows(const struct io_sample *s)
{
	struct io_sample_row **idx = malloc((s->n ? s->n : 1) * sizeof(*idx));

	if (!idx)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		idx[i] = &s->rows[i];
	qsort(idx, s->n, sizeof(*idx), row_cmp);
	return idx;
}

static const struct io_sample_row *lookup(struct io_sample_row **idx, size_t n,
					  const char *cgroup, unsigned maj, unsigned min)
{
	struct io_sample_row key = { .cgroup = (char *)cgroup, .st = { .maj = maj, .min = min } };
	struct io_sample_row *kp = &key, **hit;

	hit = bsearch(&kp, idx, n, sizeof(*idx), row_cmp);
	return hit ? *hit : NULL;
}

/* the parent of "/a/b" is "/a"; of "/a" is "/"; the root has none */
static bool parent_of(const char *cgroup, char *buf, size_t size)
{
	const char *slash = strrchr(cgroup, '/');

	if (!slash || strcmp(cgroup, "/") == 0 || (size_t)(slash - cgroup) + 2 > size)
		return false;
	if (slash == cgroup)
		strcpy(buf, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - cgroup), cgroup);
	return true;
}

int io_rates_compute(const struct io_sample *prev, const struct io_sample *cur, bool own,
		     struct io_rate **out, size_t *n)
{
	double dt = cur->t - prev->t;
	struct io_sample_row **pidx = NULL, **cidx = NULL;
	struct io_rate *r;
	size_t k = 0;
	/* counter deltas of each current row: rios wios rbytes wbytes dios */
	double (*delta)[5] = NULL;

	if (dt <= 0)
		return -EINVAL;
	r = calloc(cur->n + prev->n + 1, sizeof(*r));
	delta = calloc(cur->n + 1, sizeof(*delta));
	pidx = index_rows(prev);
	cidx = index_rows(cur);
	if (!r || !delta || !pidx || !cidx) {
		free(r);
		free(delta);
		free(pidx);
		free(cidx);
		return -ENOMEM;
	}
	for (size_t i = 0; i < cur->n; i++) {
		const struct io_sample_row *c = &cur->rows[i];
		const struct io_sample_row *p = lookup(pidx, prev->n, c->cgroup, c->st.maj, c->st.min);

		r[i].cgroup = c->cgroup;
		r[i].maj = c->st.maj;
		r[i].min = c->st.min;
		if (!p) {
			r[i].state = IO_RATE_NEW;
			continue;
		}
		if (c->st.rios < p->st.rios || c->st.wios < p->st.wios ||
		    c->st.rbytes < p->st.rbytes || c->st.wbytes < p->st.wbytes ||
		    c->st.dios < p->st.dios) {
			r[i].state = IO_RATE_RESET;
			continue;
		}
		delta[i][0] = (double)(c->st.rios - p->st.rios);
		delta[i][1] = (double)(c->st.wios - p->st.wios);
		delta[i][2] = (double)(c->st.rbytes - p->st.rbytes);
		delta[i][3] = (double)(c->st.wbytes - p->st.wbytes);
		delta[i][4] = (double)(c->st.dios - p->st.dios);
	}
	if (own) {
		/* hierarchical counters: take each child's delta off its parent */
		double (*orig)[5] = malloc((cur->n + 1) * sizeof(*orig));

		if (!orig) {
			free(r);
			free(delta);
			free(pidx);
			free(cidx);
			return -ENOMEM;
		}
		memcpy(orig, delta, cur->n * sizeof(*orig));
		for (size_t i = 0; i < cur->n; i++) {
			const struct io_sample_row *c = &cur->rows[i], *pr;
			char parent[512];
			size_t pi;

			if (!parent_of(c->cgroup, parent, sizeof(parent)))
				continue;
			pr = lookup(cidx, cur->n, parent, c->st.maj, c->st.min);
			if (!pr)
				continue;
			pi = (size_t)(pr - cur->rows);
			for (int j = 0; j < 5; j++) {
				delta[pi][j] -= orig[i][j];
				if (delta[pi][j] < 0)
					delta[pi][j] = 0;
			}
		}
		free(orig);
	}
	for (size_t i = 0; i < cur->n; i++) {
		if (r[i].state != IO_RATE_OK)
			continue;
		r[i].riops = delta[i][0] / dt;
		r[i].wiops = delta[i][1] / dt;
		r[i].rbps = delta[i][2] / dt;
		r[i].wbps = delta[i][3] / dt;
		r[i].dios = delta[i][4] / dt;
	}
	k = cur->n;
	for (size_t i = 0; i < prev->n; i++) {
		const struct io_sample_row *p = &prev->rows[i];

		if (lookup(cidx, cur->n, p->cgroup, p->st.maj, p->st.min))
			continue;
		r[k].cgroup = p->cgroup;
		r[k].maj = p->st.maj;
		r[k].min = p->st.min;
		r[k].state = IO_RATE_GONE;
		k++;
	}
	free(delta);
	free(pidx);
	free(cidx);
	*out = r;
	*n = k;
	return 0;
}
