// SPDX-License-Identifier: GPL-2.0-or-later
/* test-hostscope.c: a scoped snapshot is the full snapshot's part; one pass over proc finds each
 * member's holders */
#include "config.h"

#include <stdarg.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "inuse-batch.h"
#include "log.h"
#include "path.h"
#include "testutil.h"

/*
 * The fixture trees (tests/fixtures, built by 'make check' into
 * $VFIOCTL_FIXTURES): every one that has a sys/ directory. Those whose
 * locked reads time out (hostile-fifos) are kept: both snapshots meet the
 * same timeouts.
 */
static char **fixtures(size_t *n)
{
	const char *dir = getenv("VFIOCTL_FIXTURES");
	char **v = NULL;
	struct dirent *de;
	DIR *d;

	*n = 0;
	ck_assert_msg(dir && *dir, "VFIOCTL_FIXTURES is not set (run through 'make check')");
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open '%s'", dir);
	while ((de = readdir(d))) {
		char sys[4096];
		DIR *probe;

		if (de->d_name[0] == '.')
			continue;
		snprintf(sys, sizeof(sys), "%s/%s/sys", dir, de->d_name);
		probe = opendir(sys);
		if (!probe)
			continue;
		closedir(probe);
		v = realloc(v, (*n + 1) * sizeof(*v));
		ck_assert_ptr_nonnull(v);
		ck_assert_int_ge(asprintf(&v[(*n)++], "%s/%s", dir, de->d_name), 0);
	}
	closedir(d);
	ck_assert_msg(*n >= 20, "only %zu fixture trees in '%s'", *n, dir);
	return v;
}

static void quiet(void *data, enum vfio_log_level level, const char *fmt, va_list ap)
{
}

static void str_eq(const char *a, const char *b, const char *what, const char *who)
{
	ck_assert_msg((!a && !b) || (a && b && strcmp(a, b) == 0), "%s of %s: '%s' != '%s'", what,
		      who, a ? a : "(null)", b ? b : "(null)");
}

static void device_eq(const struct pci_device *a, const struct pci_device *b)
{
	const char *n = a->name;

	str_eq(a->name, b->name, "name", n);
	ck_assert_msg(a->class_code == b->class_code && a->vendor_id == b->vendor_id &&
			      a->device_id == b->device_id &&
			      a->subsys_vendor_id == b->subsys_vendor_id &&
			      a->subsys_device_id == b->subsys_device_id &&
			      a->revision == b->revision,
		      "IDs of %s", n);
	str_eq(a->driver, b->driver, "driver", n);
	str_eq(a->driver_override, b->driver_override, "driver_override", n);
	str_eq(a->reset_method, b->reset_method, "reset_method", n);
	str_eq(a->physfn, b->physfn, "physfn", n);
	str_eq(a->vendor_name, b->vendor_name, "vendor name", n);
	str_eq(a->device_name, b->device_name, "device name", n);
	str_eq(a->class_name, b->class_name, "class name", n);
	ck_assert_msg(a->state_unknown == b->state_unknown && a->numa_node == b->numa_node &&
			      a->iommu_group == b->iommu_group &&
			      a->sriov_totalvfs == b->sriov_totalvfs &&
			      a->sriov_numvfs == b->sriov_numvfs && a->nvirtfns == b->nvirtfns &&
			      a->header_type == b->header_type &&
			      a->multifunction == b->multifunction && a->boot_vga == b->boot_vga &&
			      a->enable == b->enable && a->read_error == b->read_error,
		      "state of %s", n);
	for (size_t i = 0; i < a->nvirtfns; i++)
		str_eq(a->virtfns[i], b->virtfns[i], "VF", n);
}

static void verdict_eq(const struct group_verdict *a, const struct group_verdict *b, int id)
{
	ck_assert_msg(a->viable == b->viable && a->unknown == b->unknown && a->rule == b->rule &&
			      a->nblockers == b->nblockers && a->nunknowns == b->nunknowns &&
			      a->read_error == b->read_error,
		      "verdict of group %d", id);
	for (size_t i = 0; i < a->nblockers; i++)
		ck_assert_str_eq(a->blockers[i].member->name, b->blockers[i].member->name);
	for (size_t i = 0; i < a->nunknowns; i++)
		ck_assert_str_eq(a->unknowns[i].member->name, b->unknowns[i].member->name);
}

static void group_eq(const struct iommu_group *a, const struct iommu_group *b)
{
	ck_assert_int_eq(a->id, b->id);
	str_eq(a->type, b->type, "type", "group");
	ck_assert_int_eq(a->read_error, b->read_error);
	ck_assert_uint_eq(a->nmembers, b->nmembers);
	ck_assert_uint_eq(a->nregions, b->nregions);
	for (size_t i = 0; i < a->nregions; i++) {
		ck_assert(a->regions[i].start == b->regions[i].start);
		ck_assert(a->regions[i].end == b->regions[i].end);
		ck_assert_str_eq(a->regions[i].type, b->regions[i].type);
	}
	for (size_t i = 0; i < a->nmembers; i++) {
		const struct iommu_member *x = &a->members[i], *y = &b->members[i];

		str_eq(x->name, y->name, "member", "group");
		str_eq(x->driver, y->driver, "driver", x->name);
		ck_assert_int_eq(x->read_error, y->read_error);
		ck_assert_msg(!x->pci == !y->pci, "%s: PCI in one snapshot only", x->name);
		if (x->pci)
			device_eq(x->pci, y->pci);
	}
}

static void host_eq(const struct iommu_host *a, const struct iommu_host *b)
{
	str_eq(a->kernel_release, b->kernel_release, "release", "host");
	ck_assert_int_eq(a->kver_known, b->kver_known);
	ck_assert_int_eq(a->cmdline_known, b->cmdline_known);
	str_eq(a->cmdline.pcie_acs_override, b->cmdline.pcie_acs_override, "acs", "host");
	str_eq(a->cmdline.vfio_pci_ids, b->cmdline.vfio_pci_ids, "ids", "host");
	ck_assert(memcmp(&a->modules, &b->modules, sizeof(a->modules)) == 0);
}

/* the PCI functions a scoped snapshot of @g may hold: its PCI members and @named */
static size_t scope_size(const struct iommu_group *g, const struct pci_device *named)
{
	size_t n = 0;
	bool named_in = false;

	for (size_t i = 0; g && i < g->nmembers; i++) {
		n += g->members[i].pci != NULL;
		named_in |= named && g->members[i].pci &&
			    bdf_compare(&g->members[i].pci->bdf, &named->bdf) == 0;
	}
	return n + (named && !named_in);
}

/*
 * Nothing beyond the group was read but the bridges above its members
 * (why the group is shared is decided there): every other function in @s
 * is a PCI bridge, and the snapshot holds at least the members.
 */
static void only_group_and_bridges(const struct host_snapshot *s, const struct iommu_group *g,
				   const struct pci_device *named)
{
	size_t extra = 0;

	for (size_t i = 0; i < s->pci->count; i++) {
		const struct pci_device *d = &s->pci->devs[i];
		bool in = named && bdf_compare(&d->bdf, &named->bdf) == 0;

		for (size_t m = 0; g && !in && m < g->nmembers; m++)
			in = strcmp(g->members[m].name, d->name) == 0;
		if (in)
			continue;
		ck_assert_msg(pci_device_bridge(d) == PCI_BRIDGE_PCI,
			      "%s read, neither in the group nor a bridge above it", d->name);
		extra++;
	}
	ck_assert_uint_eq(s->pci->count - extra, scope_size(g, named));
}

START_TEST(test_group_scope_is_part_of_full)
{
	size_t nfx, ngroups = 0;
	char **fx = fixtures(&nfx);

	vfio_log_set(quiet, NULL);
	for (size_t f = 0; f < nfx; f++) {
		struct host_snapshot *full, *s;
		struct path_ctx *ctx;

		ck_assert_int_eq(path_ctx_new(fx[f], &ctx), 0);
		if (host_snapshot_take(ctx, &full) < 0) {
			/* an unreadable tree: the scoped snapshot fails the same way */
			ck_assert_int_lt(host_snapshot_take_group(ctx, 0, &s), 0);
			path_ctx_free(ctx);
			continue;
		}
		for (size_t i = 0; i < full->groups->count; i++) {
			const struct iommu_group *g = &full->groups->groups[i];

			ck_assert_int_eq(host_snapshot_take_group(ctx, g->id, &s), 0);
			ck_assert_msg(s->scoped && s->groups->count == 1, "%s: group %d", fx[f],
				      g->id);
			group_eq(g, &s->groups->groups[0]);
			verdict_eq(&full->verdicts[i], &s->verdicts[0], g->id);
			host_eq(&full->host, &s->host);
			only_group_and_bridges(s, g, NULL);
			host_snapshot_free(s);
			ngroups++;
		}
		/* no such group: none read, and whether the host has any is right */
		ck_assert_int_eq(host_snapshot_take_group(ctx, 99999, &s), 0);
		ck_assert_uint_eq(s->groups->count, 0);
		ck_assert_uint_eq(s->pci->count, 0);
		ck_assert_int_eq(s->any_groups, full->groups->count > 0);
		host_snapshot_free(s);
		host_snapshot_free(full);
		path_ctx_free(ctx);
	}
	ck_assert_uint_ge(ngroups, 30);
	for (size_t f = 0; f < nfx; f++)
		free(fx[f]);
	free(fx);
}
END_TEST

START_TEST(test_device_scope_is_part_of_full)
{
	size_t nfx, ndevs = 0;
	char **fx = fixtures(&nfx);

	vfio_log_set(quiet, NULL);
	for (size_t f = 0; f < nfx; f++) {
		struct host_snapshot *full, *s;
		struct path_ctx *ctx;

		ck_assert_int_eq(path_ctx_new(fx[f], &ctx), 0);
		if (host_snapshot_take(ctx, &full) < 0) {
			path_ctx_free(ctx);
			continue;
		}
		for (size_t i = 0; i < full->pci->count; i++) {
			const struct pci_device *d = &full->pci->devs[i];
			const struct iommu_group *g =
				d->iommu_group >= 0 ? iommu_group_find(full->groups, d->iommu_group)
						    : NULL;
			const struct pci_device *sd;

			ck_assert_int_eq(host_snapshot_take_device(ctx, d->name, &s), 0);
			sd = pci_list_find(s->pci, &d->bdf);
			ck_assert_msg(sd != NULL, "%s: %s not read", fx[f], d->name);
			device_eq(d, sd);
			ck_assert_uint_eq(s->groups->count, g ? 1 : 0);
			if (g) {
				group_eq(g, &s->groups->groups[0]);
				verdict_eq(host_snapshot_verdict(full, g->id), &s->verdicts[0],
					   g->id);
			}
			only_group_and_bridges(s, g, d);
			host_snapshot_free(s);
			ndevs++;
		}
		host_snapshot_free(full);
		path_ctx_free(ctx);
	}
	ck_assert_uint_ge(ndevs, 100);
	for (size_t f = 0; f < nfx; f++)
		free(fx[f]);
	free(fx);
}
END_TEST

static void holders_eq(const struct inuse_holders *a, const struct inuse_holders *b)
{
	ck_assert_uint_eq(a->n, b->n);
	ck_assert_uint_eq(a->unreadable, b->unreadable);
	ck_assert_int_eq(a->unreadable_pid, b->unreadable_pid);
	ck_assert_int_eq(a->unreadable_error, b->unreadable_error);
	ck_assert_int_eq(a->proc_error, b->proc_error);
	for (size_t i = 0; i < a->n; i++) {
		ck_assert_int_eq(a->v[i].pid, b->v[i].pid);
		ck_assert_str_eq(a->v[i].comm, b->v[i].comm);
		ck_assert_str_eq(a->v[i].node, b->v[i].node);
	}
}

/* one pass for a group says of each member what a pass of its own says */
static size_t batch_matches_own_scans(const char *tree, int group)
{
	struct host_snapshot *s;
	struct usage_batch b;
	struct path_ctx *ctx;
	const char **names;
	size_t n = 0, held = 0;
	const struct iommu_group *g;

	ck_assert_int_eq(path_ctx_new(tree, &ctx), 0);
	ck_assert_int_eq(host_snapshot_take_group(ctx, group, &s), 0);
	ck_assert_uint_eq(s->groups->count, 1);
	g = &s->groups->groups[0];
	names = calloc(g->nmembers + 1, sizeof(*names));
	ck_assert_ptr_nonnull(names);
	/* the members a claim checks: a bridge's tree holds its children's nodes */
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i].pci && !pci_device_is_bridge(g->members[i].pci))
			names[n++] = g->members[i].name;
	/* a repeat is gathered once */
	names[n] = names[0];
	ck_assert_int_eq(usage_batch_gather(ctx, names, n + 1, &b), 0);
	ck_assert_uint_eq(b.n, n);
	for (size_t i = 0; i < n; i++) {
		const struct usage_facts *f = usage_batch_find(&b, names[i]);
		struct inuse_holders mine, own;
		const char **nodes;

		ck_assert_ptr_nonnull(f);
		nodes = calloc(f->nodes.n + 1, sizeof(*nodes));
		ck_assert_ptr_nonnull(nodes);
		for (size_t k = 0; k < f->nodes.n; k++)
			nodes[k] = f->nodes.v[k].path;
		ck_assert_int_eq(usage_batch_holders(&b, f, &mine), 0);
		ck_assert_int_eq(proc_scan_holders(ctx, nodes, f->nodes.n, &own), 0);
		holders_eq(&own, &mine);
		held += mine.n;
		inuse_holders_clear(&mine);
		inuse_holders_clear(&own);
		free(nodes);
	}
	usage_batch_clear(&b);
	free(names);
	host_snapshot_free(s);
	path_ctx_free(ctx);
	return held;
}

START_TEST(test_one_pass_per_group)
{
	const char *dir = getenv("VFIOCTL_FIXTURES");
	char tree[4096];

	ck_assert_ptr_nonnull(dir);
	vfio_log_set(quiet, NULL);
	/* busy-group: 8 holders over 5 members, one process on two, one node on two */
	snprintf(tree, sizeof(tree), "%s/busy-group", dir);
	ck_assert_uint_eq(batch_matches_own_scans(tree, 7), 8);
	/* inuse: the GPU and its audio function, and the NVMe of the root disk */
	snprintf(tree, sizeof(tree), "%s/inuse", dir);
	ck_assert_uint_eq(batch_matches_own_scans(tree, 1), 3);
	ck_assert_uint_eq(batch_matches_own_scans(tree, 5), 0);
}
END_TEST

START_TEST(test_scan_finds_duplicate_nodes)
{
	char *root = tree_new();
	const char *nodes[] = {"/dev/b", "/dev/a", "/dev/b", "/dev/c"};
	struct inuse_holders h;
	struct path_ctx *ctx;

	tree_write(root, "proc/10/comm", "qemu\n");
	tree_link(root, "proc/10/fd/3", "/dev/c");
	tree_link(root, "proc/10/fd/4", "/dev/b");
	tree_link(root, "proc/10/fd/5", "/dev/b");
	tree_write(root, "proc/20/comm", "cat\n");
	tree_link(root, "proc/20/fd/0", "/dev/a");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(proc_scan_holders(ctx, nodes, 4, &h), 0);
	/* in proc order, then fd order; a node named twice is reported for each name, once a pid */
	ck_assert_uint_eq(h.n, 4);
	ck_assert_int_eq(h.v[0].pid, 10);
	ck_assert_str_eq(h.v[0].node, "/dev/c");
	ck_assert_int_eq(h.v[1].pid, 10);
	ck_assert_str_eq(h.v[1].node, "/dev/b");
	ck_assert_int_eq(h.v[2].pid, 10);
	ck_assert_str_eq(h.v[2].node, "/dev/b");
	ck_assert_int_eq(h.v[3].pid, 20);
	ck_assert_str_eq(h.v[3].node, "/dev/a");
	inuse_holders_clear(&h);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

static Suite *hostscope_suite(void)
{
	Suite *s = suite_create("hostscope");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_group_scope_is_part_of_full);
	tcase_add_test(tc, test_device_scope_is_part_of_full);
	tcase_add_test(tc, test_one_pass_per_group);
	tcase_add_test(tc, test_scan_finds_duplicate_nodes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hostscope_suite());
}
