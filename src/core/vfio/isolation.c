// SPDX-License-Identifier: GPL-2.0-or-later
/* isolation.c: why the members of an IOMMU group share it (ACS, multifunction, override) */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "isolation.h"

static int add(struct isol_report *r, const struct isol_reason *reason)
{
	struct isol_reason *n = realloc(r->reasons, (r->count + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	r->reasons = n;
	r->reasons[r->count++] = *reason;
	return 0;
}

static bool same_slot(const struct pci_device *a, const struct pci_device *b)
{
	return a->bdf.domain == b->bdf.domain && a->bdf.bus == b->bdf.bus && a->bdf.dev == b->bdf.dev;
}

/* is node @idx named in any reason (as the device, its peer or the bridge it joins)? */
static bool explained(const struct isol_report *r, int idx)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->reasons[i].kind != ISOL_OVERRIDE &&
		    (r->reasons[i].dev == idx || r->reasons[i].peer == idx || r->reasons[i].via == idx))
			return true;
	return false;
}

/* pci_device_group()'s walk up from @idx's bus */
static int explain_upstream(struct pci_topo *t, int idx, struct isol_report *r)
{
	for (int b = t->nodes[idx].parent; b >= 0 && (size_t)b < t->ndevs; b = t->nodes[b].parent) {
		struct isol_reason reason = { .dev = idx, .peer = -1, .via = b };
		int ovr;
		enum acs_verdict v = pci_topo_path_acs(t, b, &reason.culprit, &reason.eval, &ovr);

		if (v == ACS_ISOLATED) {
			if (ovr < 0)
				return 0;
			/* separated from @b's group only by the override */
			reason.kind = ISOL_OVERRIDE;
			reason.culprit = ovr;
			pci_topo_acs(t, ovr, &reason.eval);
			return add(r, &reason);
		}
		reason.kind = v == ACS_UNKNOWN ? ISOL_UNKNOWN : ISOL_UPSTREAM;
		return add(r, &reason);
	}
	return 0;
}

/* get_pci_function_alias_group(): functions of one slot without ACS */
static int explain_functions(struct pci_topo *t, const struct iommu_group *g, int idx,
			     struct isol_report *r)
{
	const struct pci_device *d = t->nodes[idx].dev;
	struct acs_eval e;

	if (!d->multifunction)
		return 0;
	pci_topo_acs(t, idx, &e);
	if (e.why == ACS_WHY_OVERRIDE) {
		struct isol_reason reason = { ISOL_OVERRIDE, idx, -1, -1, idx, NULL, e };

		return add(r, &reason);
	}
	if (e.verdict == ACS_ISOLATED)
		return 0;
	for (size_t m = 0; m < g->nmembers; m++) {
		const struct pci_device *p = g->members[m].pci;
		int pidx;
		struct acs_eval pe;

		if (!p || p == d || !same_slot(p, d))
			continue;
		pidx = pci_topo_find(t, p->name);
		if (pidx < 0 || pidx < idx)
			continue;	/* each pair once */
		pci_topo_acs(t, pidx, &pe);
		if (pe.verdict == ACS_ISOLATED)
			continue;
		struct isol_reason reason = {
			.kind = e.verdict == ACS_UNKNOWN || pe.verdict == ACS_UNKNOWN ?
				ISOL_UNKNOWN : ISOL_MULTIFUNCTION,
			.dev = idx, .peer = pidx, .via = -1,
			.culprit = e.verdict == ACS_UNKNOWN || pe.verdict != ACS_UNKNOWN ? idx : pidx,
			.eval = e.verdict == ACS_UNKNOWN || pe.verdict != ACS_UNKNOWN ? e : pe,
		};
		int rc = add(r, &reason);

		if (rc)
			return rc;
	}
	return 0;
}

int isol_explain_group(struct pci_topo *topo, const struct iommu_group *group,
		       struct isol_report *out)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (size_t m = 0; m < group->nmembers && !rc; m++) {
		int idx = group->members[m].pci ? pci_topo_find(topo, group->members[m].pci->name) : -1;

		if (idx < 0)
			continue;
		rc = explain_upstream(topo, idx, out);
		if (!rc)
			rc = explain_functions(topo, group, idx, out);
	}
	for (size_t m = 0; m < group->nmembers && !rc && group->nmembers > 1; m++) {
		const struct iommu_member *mem = &group->members[m];
		int idx = mem->pci ? pci_topo_find(topo, mem->pci->name) : -1;

		if (idx >= 0 && explained(out, idx))
			continue;
		struct isol_reason reason = { ISOL_UNEXPLAINED, idx, -1, -1, -1, mem->name, { 0 } };

		rc = add(out, &reason);
	}
	if (rc) {
		isol_report_clear(out);
		return rc;
	}
	/*
	 * A group of one shares with nobody: what would have put it beside a
	 * bridge (or could not be told) did not happen. Only the override
	 * says something about it: that it is apart because of the patch.
	 */
	if (group->nmembers < 2) {
		size_t k = 0;

		for (size_t i = 0; i < out->count; i++)
			if (out->reasons[i].kind == ISOL_OVERRIDE)
				out->reasons[k++] = out->reasons[i];
		out->count = k;
	}
	return 0;
}

void isol_report_clear(struct isol_report *r)
{
	free(r->reasons);
	r->reasons = NULL;
	r->count = 0;
}

const char *isol_kind_name(enum isol_kind kind)
{
	switch (kind) {
	case ISOL_UPSTREAM:
		return "upstream";
	case ISOL_MULTIFUNCTION:
		return "multifunction";
	case ISOL_OVERRIDE:
		return "override";
	case ISOL_UNKNOWN:
		return "unknown";
	case ISOL_UNEXPLAINED:
		return "unexplained";
	}
	return "unknown";
}
