// SPDX-License-Identifier: GPL-2.0-or-later
/* bind-set.c: several devices claimed, released, bound or unbound as one change */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "bind-set.h"
#include "log.h"

static bool writes_journal(enum bind_op op)
{
	return op == BIND_OP_CLAIM || op == BIND_OP_BIND || op == BIND_OP_UNBIND;
}

/* the BDFs of @req, canonical, each once, in the order given */
static int set_names(const struct bind_request *req, struct bind_plan *out,
		     char (**names)[BDF_STRLEN], size_t *n)
{
	size_t count = 0;

	for (const char *const *d = req->devices; *d; d++)
		count++;
	if (!count)
		return -EINVAL;
	*names = calloc(count, sizeof(**names));
	if (!*names)
		return -ENOMEM;
	*n = 0;
	for (const char *const *d = req->devices; *d; d++) {
		struct pci_bdf b;
		char name[BDF_STRLEN];
		bool dup = false;

		if (bdf_parse(*d, &b) < 0) {
			snprintf(out->device, sizeof(out->device), "%s", *d);
			return -EINVAL;
		}
		bdf_format(&b, name, sizeof(name));
		for (size_t i = 0; i < *n; i++)
			dup |= strcmp((*names)[i], name) == 0;
		if (!dup)
			memcpy((*names)[(*n)++], name, sizeof(name));
	}
	return 0;
}

/* the IOMMU group of a claimed BDF, or the -errno that keeps it from being claimed */
static int claim_group(const struct host_snapshot *snap, const char *name)
{
	const struct pci_device *d = pci_list_find_name(snap->pci, name);

	if (!d)
		return -ENOENT;
	if (d->iommu_group < 0)
		return d->read_error ? d->read_error : -ENODEV;
	return d->iommu_group;
}

/* the group of a --with BDF, -1 when it has none we know of */
static int with_group(const struct host_snapshot *snap, const char *w)
{
	struct pci_bdf b;
	char name[BDF_STRLEN];

	if (bdf_parse(w, &b) < 0)
		return -1;
	return claim_group(snap, bdf_format(&b, name, sizeof(name)));
}

/* one claim per group: the first BDF named in it, the others as consented companions */
static int plan_claims(struct path_ctx *ctx, const struct host_snapshot *snap,
		       const struct bind_request *req, char (*names)[BDF_STRLEN], size_t n,
		       struct bind_plan *parts, size_t *nparts, struct bind_plan *out)
{
	size_t nwith = 0;
	int *groups;
	int rc = 0;

	for (const char *const *w = req->with; w && *w; w++)
		nwith++;
	groups = calloc(n, sizeof(*groups));
	if (!groups)
		return -ENOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		groups[i] = claim_group(snap, names[i]);
		if (groups[i] < 0) {
			rc = groups[i];
			snprintf(out->device, sizeof(out->device), "%s", names[i]);
		}
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct bind_request sub = *req;
		const char **with;
		bool seen = false;
		size_t k = 0;

		for (size_t j = 0; j < i; j++)
			seen |= groups[j] == groups[i];
		if (seen)
			continue;
		with = calloc(n + nwith + 1, sizeof(*with));
		if (!with) {
			rc = -ENOMEM;
			break;
		}
		for (size_t j = i + 1; j < n; j++)
			if (groups[j] == groups[i])
				with[k++] = names[j];
		for (size_t j = 0; j < nwith; j++)
			if (with_group(snap, req->with[j]) == groups[i])
				with[k++] = req->with[j];
		sub.devices = NULL;
		sub.device = names[i];
		sub.group = -1;
		sub.with = with;
		rc = bind_plan_make(ctx, snap, &sub, &parts[*nparts]);
		free(with);
		if (rc < 0)
			snprintf(out->device, sizeof(out->device), "%s", names[i]);
		else
			(*nparts)++;
	}
	free(groups);
	return rc;
}

/* one plan per device; releases that read the same journal are one */
static int plan_devices(struct path_ctx *ctx, const struct host_snapshot *snap,
			const struct bind_request *req, char (*names)[BDF_STRLEN], size_t n,
			struct bind_plan *parts, size_t *nparts, struct bind_plan *out)
{
	for (size_t i = 0; i < n; i++) {
		struct bind_request sub = *req;
		struct bind_plan *p = &parts[*nparts];
		bool dup = false;
		int rc;

		sub.devices = NULL;
		sub.device = names[i];
		sub.group = -1;
		rc = bind_plan_make(ctx, snap, &sub, p);
		if (rc < 0) {
			snprintf(out->device, sizeof(out->device), "%s", names[i]);
			return rc;
		}
		for (size_t j = 0; j < *nparts; j++)
			dup |= strcmp(parts[j].journal_rel, p->journal_rel) == 0;
		if (dup)
			bind_plan_clear(p);
		else
			(*nparts)++;
	}
	return 0;
}

/* a driver loaded by an earlier part needs no second step */
static bool module_loaded_before(const struct plan *p, const struct plan_step *s)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].action == PLAN_LOAD_MODULE &&
		    strcmp(p->steps[i].value, s->value) == 0)
			return true;
	return false;
}

/* @out takes part 0's journal and the union of every part's targets, checks and steps */
static int merge_parts(struct bind_plan *out, struct bind_plan *parts, size_t nparts)
{
	char device[BDF_STRLEN];
	struct plan merged = { 0 };
	struct bind_target *targets = NULL;
	size_t ntargets = 0, targets_cap = 0;
	bool noop = true;
	int group = parts[0].group;

	for (size_t i = 0; i < nparts; i++) {
		const struct bind_plan *p = &parts[i];

		for (size_t k = 0; k < p->plan.nchecks; k++) {
			if (array_grow((void **)&merged.checks, &merged.checks_cap, merged.nchecks,
				       sizeof(*merged.checks)) < 0)
				goto nomem;
			merged.checks[merged.nchecks++] = p->plan.checks[k];
		}
		for (size_t k = 0; k < p->plan.nsteps; k++) {
			if (p->plan.steps[k].action == PLAN_LOAD_MODULE &&
			    module_loaded_before(&merged, &p->plan.steps[k]))
				continue;
			if (array_grow((void **)&merged.steps, &merged.steps_cap, merged.nsteps,
				       sizeof(*merged.steps)) < 0)
				goto nomem;
			merged.steps[merged.nsteps++] = p->plan.steps[k];
		}
		noop &= p->noop;
		if (p->group != group)
			group = -1;
	}
	memcpy(device, out->device, sizeof(device));
	/* every target, in a new array: part 0 keeps its own until it is cleared */
	for (size_t i = 0; i < nparts; i++)
		for (size_t k = 0; k < parts[i].ntargets; k++) {
			if (array_grow((void **)&targets, &targets_cap, ntargets,
				       sizeof(*targets)) < 0) {
				free(targets);
				goto nomem;
			}
			targets[ntargets++] = parts[i].targets[k];
		}
	/*
	 * @out takes part 0's journal, prior state and absorbed journals:
	 * moved, not shared, so that clearing the parts frees them once
	 */
	*out = parts[0];
	parts[0].journal = (struct journal){ 0 };
	parts[0].absorbed = NULL;
	parts[0].nabsorbed = parts[0].absorbed_cap = 0;
	memcpy(out->device, device, sizeof(device));
	out->plan = merged;
	out->targets = targets;
	out->ntargets = ntargets;
	out->targets_cap = targets_cap;
	/* the steps and checks are out's now; the others keep their journals */
	for (size_t i = 0; i < nparts; i++)
		plan_clear(&parts[i].plan);
	/*
	 * -1 unless one group: a rollback then puts every target back without
	 * asking whether it belongs to one group (bind_plan_apply())
	 */
	out->group = group;
	out->noop = noop;
	return 0;
nomem:
	plan_clear(&merged);
	return -ENOMEM;
}

/* a BDF the user named is "the named device", not a companion consented with --with */
static void name_targets(struct bind_plan *out, char (*names)[BDF_STRLEN], size_t n)
{
	if (out->op != BIND_OP_CLAIM)
		return;
	for (size_t i = 0; i < out->ntargets; i++)
		for (size_t k = 0; k < n; k++)
			if (out->targets[i].action == TARGET_CHANGE &&
			    strcmp(out->targets[i].name, names[k]) == 0)
				out->targets[i].note = "a named device";
}

/* a --with that none of the claimed groups holds is denied, as for one group */
static int deny_stray_with(const struct host_snapshot *snap, const struct bind_request *req,
			   struct bind_plan *out)
{
	for (const char *const *w = req->with; w && *w; w++) {
		int g = with_group(snap, *w);
		bool claimed = false;

		for (size_t i = 0; i < out->nparts; i++)
			claimed |= g >= 0 && out->parts[i].group == g;
		if (!claimed &&
		    plan_add_check(&out->plan, *w, "with", CHECK_DENY,
				   "--with %s: not a member of an IOMMU group claimed here", *w) < 0)
			return -ENOMEM;
	}
	return 0;
}

int bind_set_plan_make(struct path_ctx *ctx, const struct host_snapshot *snap,
		       const struct bind_request *req, struct bind_plan *out)
{
	char (*names)[BDF_STRLEN] = NULL;
	struct bind_plan *parts = NULL;
	size_t n = 0, nparts = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->op = req->op;
	out->group = -1;
	rc = set_names(req, out, &names, &n);
	if (rc == 0) {
		parts = calloc(n, sizeof(*parts));
		if (!parts)
			rc = -ENOMEM;
	}
	if (rc == 0 && req->op == BIND_OP_CLAIM)
		rc = plan_claims(ctx, snap, req, names, n, parts, &nparts, out);
	else if (rc == 0 && (req->op == BIND_OP_RELEASE || req->op == BIND_OP_BIND ||
			     req->op == BIND_OP_UNBIND))
		rc = plan_devices(ctx, snap, req, names, n, parts, &nparts, out);
	else if (rc == 0)
		rc = -EINVAL;
	if (rc == 0 && nparts == 1) {
		/* one group or one device: exactly the plan of that alone */
		*out = parts[0];
		free(parts);
		name_targets(out, names, n);
		free(names);
		return 0;
	}
	if (rc == 0)
		rc = merge_parts(out, parts, nparts);
	if (rc == 0) {
		out->parts = parts;
		out->nparts = nparts;
		out->device[0] = '\0';
		name_targets(out, names, n);
		free(names);
		if (req->op == BIND_OP_CLAIM)
			rc = deny_stray_with(snap, req, out);
		if (rc < 0)
			bind_plan_clear(out);
		return rc;
	}
	free(names);
	for (size_t i = 0; i < nparts; i++)
		bind_plan_clear(&parts[i]);
	free(parts);
	return rc;
}

/* the parts whose journal the change writes before its first step */
static bool part_written(const struct bind_plan *p)
{
	return writes_journal(p->op) && !p->noop;
}

/* put a part's journal back as it was before this change wrote it */
static int part_unwrite(struct path_ctx *ctx, struct bind_plan *p)
{
	if (!p->have_journal)
		return journal_remove(ctx, p->journal_rel);
	p->journal.state = p->prior_state;
	p->journal.ndevs = p->prior_ndevs;
	return journal_write(ctx, &p->journal, p->journal_rel);
}

int bind_set_journals_begin(struct path_ctx *ctx, struct bind_plan *bp, struct bind_result *res)
{
	int rc = 0;
	size_t i;

	if (bp->noop)
		return 0;
	for (i = 1; rc == 0 && i < bp->nparts; i++) {
		struct bind_plan *p = &bp->parts[i];

		if (!part_written(p))
			continue;
		p->journal.state = JOURNAL_APPLYING;
		rc = journal_write(ctx, &p->journal, p->journal_rel);
	}
	if (rc == 0)
		return 0;
	/* nothing changed yet: the journals written so far go back */
	i--;
	memset(res, 0, sizeof(*res));
	res->failed_step = -1;
	res->rollback_failed_step = -1;
	res->error = rc;
	res->outcome = BIND_NOT_STARTED;
	snprintf(res->failed_detail, sizeof(res->failed_detail), "cannot write the journal '%s'",
		 bp->parts[i].journal_rel);
	while (i-- > 1)
		if (part_written(&bp->parts[i]) && part_unwrite(ctx, &bp->parts[i]) < 0)
			vfio_warn("cannot put back the journal '%s'", bp->parts[i].journal_rel);
	return rc;
}

/* a completed change: the part's journal as bind_plan_apply() leaves its own */
static int part_finish(struct path_ctx *ctx, struct bind_plan *p)
{
	int rc;

	if (!writes_journal(p->op))
		return p->noop && !p->have_journal ? 0 : journal_remove(ctx, p->journal_rel);
	/* a claim of a group already on vfio-pci records that (see bind_plan_apply()) */
	if (p->noop && !(p->op == BIND_OP_CLAIM && (!p->have_journal || p->nabsorbed) &&
			 p->journal.ndevs))
		return 0;
	p->journal.state = JOURNAL_APPLIED;
	p->journal.pending_pid = 0;
	rc = journal_write(ctx, &p->journal, p->journal_rel);
	for (size_t i = 0; rc == 0 && i < p->nabsorbed; i++)
		rc = journal_remove(ctx, p->absorbed[i]);
	return rc;
}

void bind_set_journals_end(struct path_ctx *ctx, struct bind_plan *bp, struct bind_result *res)
{
	for (size_t i = 1; i < bp->nparts; i++) {
		struct bind_plan *p = &bp->parts[i];
		int rc;

		switch (res->outcome) {
		case BIND_DONE:
		case BIND_DONE_UNRECORDED:
			rc = part_finish(ctx, p);
			if (rc < 0 && res->outcome == BIND_DONE) {
				res->outcome = BIND_DONE_UNRECORDED;
				res->error = rc;
				snprintf(res->failed_detail, sizeof(res->failed_detail),
					 "the change is done but the journal '%s' could not be %s",
					 p->journal_rel, writes_journal(p->op) ? "updated" : "removed");
			}
			break;
		case BIND_ROLLED_BACK:
		case BIND_NOT_STARTED:
			if (!part_written(p))
				break;
			rc = part_unwrite(ctx, p);
			if (rc < 0 && res->outcome == BIND_ROLLED_BACK) {
				/* the devices are back; the journal says "applying": recover finds nothing to do */
				res->outcome = BIND_ROLLBACK_FAILED;
				res->rolled_back = false;
				res->rollback_error = rc;
			}
			break;
		default:
			/* failed, pending, rollback failed, crashed: recover reads every journal */
			break;
		}
	}
}
