// SPDX-License-Identifier: GPL-2.0-or-later
/* iommu.c: read IOMMU groups from /sys/kernel/iommu_groups */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iommu.h"
#include "pathnames.h"
#include "strutil.h"

static bool parse_hex_field(const char *f, unsigned long long *v)
{
	char *end;

	if (f[0] != '0' || f[1] != 'x' || !isxdigit((unsigned char)f[2]))
		return false;
	errno = 0;
	*v = strtoull(f + 2, &end, 16);
	return !errno && !*end;
}

int iommu_parse_reserved_regions(const char *text, struct iommu_region **out,
				 size_t *count)
{
	struct iommu_region *regs = NULL;
	size_t n = 0, cap = 0;
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[256], type[32];
		unsigned long long s, e;

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			char a[24], b[24];

			/* "0x<hex> 0x<hex> type" with start <= end; anything else is not a region */
			if (sscanf(buf, "%23s %23s %31s", a, b, type) == 3 &&
			    parse_hex_field(a, &s) && parse_hex_field(b, &e) && s <= e) {
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 4;
					struct iommu_region *nr =
						realloc(regs, nc * sizeof(*regs));

					if (!nr) {
						free(regs);
						return -ENOMEM;
					}
					regs = nr;
					cap = nc;
				}
				regs[n].start = s;
				regs[n].end = e;
				snprintf(regs[n].type, sizeof(regs[n].type),
					 "%s", type);
				n++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	*out = regs;
	*count = n;
	return 0;
}

static int read_group(struct path_ctx *ctx, struct pci_list *pci, int id, unsigned what,
		      struct iommu_group *g)
{
	char **names = NULL;
	char buf[64], *text = NULL;
	size_t n = 0;
	int rc;

	g->id = id;
	if ((what & IOMMU_READ_TYPE) &&
	    path_read_string(ctx, buf, sizeof(buf), PATH_SYS_IOMMU_GROUPS "/%d/type", id) > 0) {
		g->type = strdup(buf);
		if (!g->type)
			return -ENOMEM;
	}
	rc = path_list_dir(ctx, &names, &n, PATH_SYS_IOMMU_GROUPS "/%d/devices",
			   id);
	if (rc == -ENOMEM)
		return rc;
	/*
	 * members we cannot see may be bound to anything: the verdict is
	 * unknown. The kernel makes devices/ with every group, so a group
	 * without one (a stray file or link in iommu_groups) is unknown too.
	 */
	if (rc < 0)
		g->read_error = rc;
	if (n) {
		g->members = calloc(n, sizeof(*g->members));
		if (!g->members) {
			strv_free(names);
			return -ENOMEM;
		}
	}
	for (size_t i = 0; i < n; i++) {
		g->members[i].name = names[i];
		names[i] = NULL;
		g->members[i].pci = pci ? pci_list_find_name(pci, g->members[i].name)
					: NULL;
		/* a PCI member's driver was read with the device; ask only for the others */
		if (g->members[i].pci) {
			snprintf(g->members[i].driver, sizeof(g->members[i].driver), "%s",
				 g->members[i].pci->driver);
			g->members[i].read_error = g->members[i].pci->read_error;
		} else {
			rc = path_read_link_name(ctx, g->members[i].driver,
						 sizeof(g->members[i].driver),
						 PATH_SYS_IOMMU_GROUPS "/%d/devices/%s/driver",
						 id, g->members[i].name);
			if (rc < 0) {
				g->members[i].driver[0] = '\0';
				if (rc != -ENOENT)
					g->members[i].read_error = rc;
			}
		}
		str_printable(g->members[i].driver);
	}
	g->nmembers = n;
	strv_free(names);

	if ((what & IOMMU_READ_REGIONS) && path_read_alloc(ctx, &text, NULL, PATH_SYS_IOMMU_GROUPS
					  "/%d/reserved_regions", id) == 0) {
		rc = iommu_parse_reserved_regions(text, &g->regions,
						  &g->nregions);
		free(text);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int cmp_group(const void *a, const void *b)
{
	int x = ((const struct iommu_group *)a)->id;
	int y = ((const struct iommu_group *)b)->id;

	return (x > y) - (x < y);
}

/* the kernel names groups "%d": "007", "+3" or " 4" are not groups */
static bool group_name_valid(const char *name)
{
	char *end;
	long id = strtol(name, &end, 10);

	return !*end && end != name && id >= 0 && id <= INT_MAX &&
	       isdigit((unsigned char)name[0]) && !(name[0] == '0' && name[1]);
}

int iommu_group_scan(struct path_ctx *ctx, struct pci_list *pci,
		     struct iommu_group_list **out)
{
	return iommu_group_scan_mask(ctx, pci, IOMMU_READ_TYPE | IOMMU_READ_REGIONS, out);
}

int iommu_group_scan_mask(struct path_ctx *ctx, struct pci_list *pci, unsigned what,
			  struct iommu_group_list **out)
{
	struct iommu_group_list *list;
	char **names = NULL;
	size_t n = 0;
	int rc;

	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	rc = path_list_dir(ctx, &names, &n, PATH_SYS_IOMMU_GROUPS);
	if (rc == -ENOENT) {
		*out = list;
		return 0;
	}
	if (rc < 0) {
		free(list);
		return rc;
	}
	list->groups = calloc(n ? n : 1, sizeof(*list->groups));
	if (!list->groups) {
		rc = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (!group_name_valid(names[i]))
			continue;
		rc = read_group(ctx, pci, (int)strtol(names[i], NULL, 10), what,
				&list->groups[list->count]);
		list->count++;
		if (rc < 0)
			goto fail;
	}
	qsort(list->groups, list->count, sizeof(*list->groups), cmp_group);
	strv_free(names);
	*out = list;
	return 0;
fail:
	strv_free(names);
	iommu_group_list_free(list);
	return rc;
}

int iommu_group_read(struct path_ctx *ctx, struct pci_list *pci, int id,
		     struct iommu_group_list **out)
{
	struct iommu_group_list *list;
	int rc;

	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	/* the error iommu_group_scan()'s listing would meet, without the listing */
	rc = path_open(ctx, O_RDONLY | O_DIRECTORY | O_CLOEXEC, PATH_SYS_IOMMU_GROUPS);
	if (rc == -ENOENT || (rc >= 0 && id < 0)) {
		if (rc >= 0)
			close(rc);
		*out = list;
		return 0;
	}
	if (rc < 0) {
		free(list);
		return rc;
	}
	close(rc);
	/* an entry of any type is a group to the scan, a dangling link too */
	if (!path_exists(ctx, PATH_SYS_IOMMU_GROUPS "/%d", id) &&
	    !path_is_link(ctx, PATH_SYS_IOMMU_GROUPS "/%d", id)) {
		*out = list;
		return 0;
	}
	list->groups = calloc(1, sizeof(*list->groups));
	if (!list->groups) {
		free(list);
		return -ENOMEM;
	}
	list->count = 1;
	rc = read_group(ctx, pci, id, IOMMU_READ_TYPE | IOMMU_READ_REGIONS, &list->groups[0]);
	if (rc < 0) {
		iommu_group_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}

bool iommu_groups_any(struct path_ctx *ctx)
{
	char **names = NULL;
	bool any = false;

	if (path_list_dir(ctx, &names, NULL, PATH_SYS_IOMMU_GROUPS) < 0)
		return false;
	for (char **n = names; *n && !any; n++)
		any = group_name_valid(*n);
	strv_free(names);
	return any;
}

void iommu_group_list_free(struct iommu_group_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++) {
		struct iommu_group *g = &list->groups[i];

		for (size_t m = 0; m < g->nmembers; m++)
			free(g->members[m].name);
		free(g->members);
		free(g->regions);
		free(g->type);
	}
	free(list->groups);
	free(list);
}

static int cmp_group_key(const void *key, const void *elem)
{
	int x = *(const int *)key;
	int y = ((const struct iommu_group *)elem)->id;

	return (x > y) - (x < y);
}

struct iommu_group *iommu_group_find(const struct iommu_group_list *list,
				     int id)
{
	/* sorted by id (iommu_group_scan()): one lookup per device stays O(log n) */
	if (!list->count)
		return NULL;
	return bsearch(&id, list->groups, list->count, sizeof(*list->groups), cmp_group_key);
}

bool iommu_group_has_direct(const struct iommu_group *group)
{
	for (size_t i = 0; i < group->nregions; i++)
		if (strcmp(group->regions[i].type, "direct") == 0)
			return true;
	return false;
}
