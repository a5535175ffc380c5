// SPDX-License-Identifier: GPL-2.0-or-later
/* host-scope.c: a snapshot of one IOMMU group or PCI function, at the cost of that group */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "pathnames.h"

/* the group a function's iommu_group link names, -1 when none can be read */
static int group_link(struct path_ctx *ctx, const char *name)
{
	char buf[32], *end;
	long g;

	if (path_read_link_name(ctx, buf, sizeof(buf), PATH_SYS_PCI_DEVICES "/%s/iommu_group",
				name) <= 0)
		return -1;
	g = strtol(buf, &end, 10);
	return *end || end == buf || g < 0 || g > INT_MAX ? -1 : (int)g;
}

/* is @name among the first @n of @names? */
static bool listed(const char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/*
 * The bridges above @name, from its sysfs device path
 * ("../../../devices/pci0000:00/0000:00:1c.0/0000:02:00.0"), appended to
 * @names (room for @max) unless listed: why a group is shared is decided
 * by the ports above its members (the kernel's pci_device_group()).
 * Their strings are kept in @store (one PATH_MAX buffer a call).
 */
static size_t add_ancestors(struct path_ctx *ctx, const char *name, const char **names,
			    size_t n, size_t max, char *store)
{
	char *save = NULL;

	if (path_readlink(ctx, store, PATH_MAX, PATH_SYS_PCI_DEVICES "/%s", name) < 0)
		return n;
	for (char *tok = strtok_r(store, "/", &save); tok && n < max;
	     tok = strtok_r(NULL, "/", &save)) {
		struct pci_bdf b;
		char canon[BDF_STRLEN];

		if (bdf_parse(tok, &b) < 0 || strcmp(bdf_format(&b, canon, sizeof(canon)), tok) ||
		    listed(names, n, tok))
			continue;
		names[n++] = tok;
	}
	return n;
}

/*
 * Read @device (or none) and group @group (or none) into @s: the devices
 * are @device, the group's members and the bridges above them, read in
 * one pci_scan_names().
 */
static int read_scope(struct path_ctx *ctx, const char *device, int group, struct host_snapshot *s)
{
	char **members = NULL;
	const char **names;
	size_t n = 0, k = 0;
	int rc;

	/* the members, if listable; read_group() records why they are not */
	if (group >= 0)
		(void)path_list_dir(ctx, &members, &n, PATH_SYS_IOMMU_GROUPS "/%d/devices", group);
	/* room for 32 bridges above each device: deeper trees are not built */
	size_t max = (n + 1) * 33, nown;
	char *store;

	names = calloc(max, sizeof(*names));
	store = calloc(n + 1, PATH_MAX);
	if (!names || !store) {
		free(names);
		free(store);
		strv_free(members);
		return -ENOMEM;
	}
	if (device)
		names[k++] = device;
	for (size_t i = 0; i < n; i++)
		if (!listed(names, k, members[i]))
			names[k++] = members[i];
	nown = k;
	for (size_t i = 0; i < nown; i++)
		k = add_ancestors(ctx, names[i], names, k, max, store + i * PATH_MAX);
	rc = pci_scan_names(ctx, names, k, &s->pci);
	free(names);
	free(store);
	strv_free(members);
	if (rc == 0)
		rc = iommu_group_read(ctx, s->pci, group, &s->groups);
	return rc;
}

static int take_scoped(struct path_ctx *ctx, const char *device, int group,
		       struct host_snapshot **out)
{
	struct host_snapshot *s;
	int rc;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->scoped = true;
	rc = iommu_host_read_brief(ctx, &s->host);
	if (rc < 0) {
		free(s);
		return rc;
	}
	if (device) {
		struct pci_bdf bdf;
		char name[BDF_STRLEN];
		const struct pci_device *d;

		if (bdf_parse(device, &bdf) < 0) {
			rc = -EINVAL;
			goto fail;
		}
		bdf_format(&bdf, name, sizeof(name));
		/* its group from the link, so that the function and the members are read at once */
		group = group_link(ctx, name);
		rc = read_scope(ctx, name, group, s);
		if (rc < 0)
			goto fail;
		d = pci_list_find(s->pci, &bdf);
		/* read under another name, or changed since the link was read: read again */
		if (d && d->iommu_group != group) {
			group = d->iommu_group;
			iommu_group_list_free(s->groups);
			pci_list_free(s->pci);
			s->groups = NULL;
			s->pci = NULL;
			rc = read_scope(ctx, name, group, s);
			if (rc < 0)
				goto fail;
		}
	} else {
		rc = read_scope(ctx, NULL, group, s);
		if (rc < 0)
			goto fail;
	}
	/* only "group show N" of a missing N asks whether there is any group */
	s->any_groups = s->groups->count > 0 || (!device && iommu_groups_any(ctx));
	rc = host_snapshot_decide(s);
	if (rc < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	host_snapshot_free(s);
	return rc;
}

int host_snapshot_take_group(struct path_ctx *ctx, int id, struct host_snapshot **out)
{
	return take_scoped(ctx, NULL, id < 0 ? -1 : id, out);
}

int host_snapshot_take_device(struct path_ctx *ctx, const char *bdf, struct host_snapshot **out)
{
	return take_scoped(ctx, bdf, -1, out);
}
