// SPDX-License-Identifier: GPL-2.0-or-later
/* topo.c: the PCI tree (root buses, ports, switches, endpoints) as /sys/devices nests it */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pathnames.h"
#include "topo.h"

/* "pci0000:00", "pci10000:e0": the directory of a root bus */
static bool is_root_bus_name(const char *s, size_t len)
{
	return len > 3 && len < 32 && strncmp(s, "pci", 3) == 0 && memchr(s, ':', len);
}

static int bus_node(struct pci_topo *t, const char *name, size_t len, size_t *cap)
{
	for (size_t i = t->ndevs; i < t->count; i++)
		if (strlen(t->nodes[i].name) == len && strncmp(t->nodes[i].name, name, len) == 0)
			return (int)i;
	if (t->count == *cap) {
		size_t ncap = *cap * 2 + 4;
		struct pci_topo_node *n = realloc(t->nodes, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->nodes = n;
		*cap = ncap;
	}
	memset(&t->nodes[t->count], 0, sizeof(t->nodes[0]));
	snprintf(t->nodes[t->count].name, sizeof(t->nodes[0].name), "%.*s", (int)len, name);
	t->nodes[t->count].parent = -1;
	return (int)t->count++;
}

/*
 * sysfs nests devices in a tree; a tree that links two functions below
 * each other would make every walk to the root endless. Such a function
 * is a root of its own, with a warning: shown, never walked through.
 */
static void break_cycles(struct pci_topo *t)
{
	for (size_t i = 0; i < t->count; i++) {
		size_t steps = 0;

		for (int k = t->nodes[i].parent; k >= 0; k = t->nodes[k].parent)
			if (++steps > t->count)
				break;
		if (steps > t->count) {
			vfio_warn("PCI device '%s' is below itself in the sysfs tree: shown without a parent",
				  t->nodes[i].name);
			t->nodes[i].parent = -1;
		}
	}
}

/*
 * The parent of the function whose link target is @target: the nearest
 * component above it that is a known function or a root bus; a root bus's
 * own parent is the nearest function above it (VMD).
 */
static int link_parent(struct pci_topo *t, const struct pci_list *pci, const char *target,
		       size_t *cap)
{
	const char *start = strstr(target, "devices/");
	const char *end = strrchr(target, '/');
	int child = -1, top = -1;

	if (!start || !end || end < start)
		return -1;
	start += strlen("devices/");
	while (end > start) {
		const char *c = end - 1;
		size_t len;
		char name[BDF_STRLEN + 1];
		const struct pci_device *d;

		while (c > start && c[-1] != '/')
			c--;
		len = (size_t)(end - c);
		snprintf(name, sizeof(name), "%.*s", (int)(len < BDF_STRLEN ? len : BDF_STRLEN), c);
		d = len < BDF_STRLEN ? pci_list_find_name(pci, name) : NULL;
		if (d) {
			int idx = (int)(d - pci->devs);

			if (child >= 0)
				t->nodes[child].parent = idx;
			return top >= 0 ? top : idx;
		}
		if (is_root_bus_name(c, len)) {
			int b = bus_node(t, c, len, cap);

			if (b < 0)
				return b;
			if (child >= 0)
				t->nodes[child].parent = b;
			if (top < 0)
				top = b;
			child = b;
			/* already placed (another function of this bus): done */
			if (t->nodes[b].parent >= 0)
				return top;
		}
		end = c - 1;
	}
	return top;
}

int pci_topo_build(struct path_ctx *ctx, const struct pci_list *pci, const char *acs_override,
		   struct pci_topo **out)
{
	struct pci_topo *t = calloc(1, sizeof(*t));
	size_t cap = pci->count + 4;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->nodes = calloc(cap, sizeof(*t->nodes));
	if (!t->nodes) {
		free(t);
		return -ENOMEM;
	}
	t->ctx = ctx;
	t->ndevs = t->count = pci->count;
	if (acs_override) {
		t->override_set = true;
		acs_override_parse(acs_override, &t->override);
	}
	for (size_t i = 0; i < pci->count; i++) {
		t->nodes[i].dev = &pci->devs[i];
		snprintf(t->nodes[i].name, sizeof(t->nodes[i].name), "%s", pci->devs[i].name);
		t->nodes[i].parent = -1;
	}
	for (size_t i = 0; i < pci->count; i++) {
		char target[4096];
		int p, n = path_readlink(ctx, target, sizeof(target), PATH_PCI_DEV_DIR,
					 pci->devs[i].name);

		if (n < 0) {
			vfio_log(VFIO_LOG_INFO, "cannot read the link of PCI device '%s': %s",
				 pci->devs[i].name, strerror(-n));
			continue;
		}
		p = link_parent(t, pci, target, &cap);
		if (p == -ENOMEM) {
			pci_topo_free(t);
			return -ENOMEM;
		}
		t->nodes[i].parent = p == (int)i ? -1 : p;
	}
	break_cycles(t);
	*out = t;
	return 0;
}

void pci_topo_free(struct pci_topo *topo)
{
	if (!topo)
		return;
	free(topo->nodes);
	free(topo);
}

int pci_topo_find(const struct pci_topo *topo, const char *bdf)
{
	for (size_t i = 0; i < topo->ndevs; i++)
		if (strcmp(topo->nodes[i].name, bdf) == 0)
			return (int)i;
	return -1;
}

const struct acs_config *pci_topo_config(struct pci_topo *topo, int idx)
{
	struct pci_topo_node *n;

	if (idx < 0 || (size_t)idx >= topo->ndevs)
		return NULL;
	n = &topo->nodes[idx];
	if (!n->cfg_read) {
		int rc = acs_read_config(topo->ctx, n->name, &n->cfg);

		if (rc < 0)
			vfio_log(VFIO_LOG_WARNING, "cannot read the config space of '%s': %s",
				 n->name, strerror(-rc));
		n->cfg_read = true;
	}
	return &n->cfg;
}

int pci_topo_acs(struct pci_topo *topo, int idx, struct acs_eval *out)
{
	const struct acs_config *cfg = pci_topo_config(topo, idx);
	const struct pci_device *d;

	if (!cfg)
		return -EINVAL;
	d = topo->nodes[idx].dev;
	return acs_evaluate(cfg, d->vendor_id, d->device_id,
			    topo->override_set ? &topo->override : NULL, ACS_REQ_FLAGS, out);
}

enum acs_verdict pci_topo_path_acs(struct pci_topo *topo, int idx, int *culprit,
				   struct acs_eval *eval, int *by_override)
{
	*culprit = -1;
	if (by_override)
		*by_override = -1;
	memset(eval, 0, sizeof(*eval));
	for (int i = idx; i >= 0 && (size_t)i < topo->ndevs; i = topo->nodes[i].parent) {
		struct acs_eval e;

		pci_topo_acs(topo, i, &e);
		if (e.verdict != ACS_ISOLATED) {
			*culprit = i;
			*eval = e;
			return e.verdict;
		}
		if (by_override && e.why == ACS_WHY_OVERRIDE && *by_override < 0)
			*by_override = i;
	}
	return ACS_ISOLATED;
}
