// SPDX-License-Identifier: GPL-2.0-or-later
/* inuse-batch.c: the usage facts of every device of a plan, with one pass over /proc */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "inuse-batch.h"
#include "pathnames.h"

int usage_facts_gather(struct path_ctx *ctx, const char *bdf, struct usage_facts *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", bdf);
	rc = pci_usage_scan(ctx, bdf, &out->u);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < out->u.nblocks; i++) {
		const struct inuse_block *b = &out->u.blocks[i];
		char node[64];

		/* a holder (dm-0, md0) is opened through its own node */
		snprintf(node, sizeof(node), PATH_DEVNODE_ABS "%s", b->name);
		rc = devnodes_add(&out->nodes, node, b->majmin, true);
		if (rc == -E2BIG)
			rc = 0;
		if (rc < 0)
			goto fail;
	}
	/* every node of the function: DRM, sound, USB, the VFIO cdev, nvidiaN, disks */
	rc = devnodes_of_pci(ctx, bdf, &out->nodes);
	if (rc == 0)
		return 0;
fail:
	usage_facts_clear(out);
	return rc;
}

void usage_facts_clear(struct usage_facts *f)
{
	pci_usage_clear(&f->u);
	devnodes_clear(&f->nodes);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int usage_batch_gather(struct path_ctx *ctx, const char *const *names, size_t n,
		       struct usage_batch *out)
{
	const char **all = NULL;
	size_t nall = 0, total = 0, k = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->v = calloc(n ? n : 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (usage_batch_find(out, names[i]))
			continue;
		rc = usage_facts_gather(ctx, names[i], &out->v[out->n]);
		if (rc < 0)
			goto fail;
		total += out->v[out->n++].nodes.n;
	}
	/* the union of the nodes, each once: a stacked dm-0 may belong to two functions */
	all = calloc(total ? total : 1, sizeof(*all));
	if (!all) {
		rc = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < out->n; i++)
		for (size_t j = 0; j < out->v[i].nodes.n; j++)
			all[k++] = out->v[i].nodes.v[j].path;
	qsort(all, k, sizeof(*all), cmp_str);
	for (size_t i = 0; i < k; i++)
		if (!nall || strcmp(all[nall - 1], all[i]) != 0)
			all[nall++] = all[i];
	/* nothing to look for: proc is not read, as one function's check would not read it */
	rc = proc_scan_holders(ctx, all, nall, &out->holders);
	free(all);
	if (rc == 0)
		return 0;
fail:
	usage_batch_clear(out);
	return rc;
}

const struct usage_facts *usage_batch_find(const struct usage_batch *b, const char *bdf)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].name, bdf) == 0)
			return &b->v[i];
	return NULL;
}

int usage_batch_holders(const struct usage_batch *b, const struct usage_facts *f,
			struct inuse_holders *out)
{
	const struct inuse_holders *h = &b->holders;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	out->unreadable = h->unreadable;
	out->unreadable_pid = h->unreadable_pid;
	out->unreadable_error = h->unreadable_error;
	out->proc_error = h->proc_error;
	out->nprocs = h->nprocs;
	for (size_t i = 0; i < h->n; i++) {
		bool ours = false;

		for (size_t j = 0; j < f->nodes.n && !ours; j++)
			ours = strcmp(h->v[i].node, f->nodes.v[j].path) == 0;
		if (!ours)
			continue;
		if (array_grow((void **)&out->v, &cap, out->n, sizeof(*out->v)) < 0) {
			inuse_holders_clear(out);
			return -ENOMEM;
		}
		out->v[out->n++] = h->v[i];
	}
	return 0;
}

void usage_batch_clear(struct usage_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		usage_facts_clear(&b->v[i]);
	free(b->v);
	inuse_holders_clear(&b->holders);
	memset(b, 0, sizeof(*b));
}
