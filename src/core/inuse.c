// SPDX-License-Identifier: GPL-2.0-or-later
/* inuse.c: what on the host is using a PCI device, read through the sysroot */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libmount/libmount.h>

#include "array.h"
#include "blockstack.h"
#include "inuse.h"
#include "mounts.h"
#include "strutil.h"
#include "pathnames.h"

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "0000:00:02.1" occurs inside "0000:00:02.10": only a whole component counts */
static bool has_component(const char *path, const char *comp)
{
	size_t len = strlen(comp);

	for (const char *p = path; (p = strstr(p, comp)); p++) {
		if ((p == path || p[-1] == '/') && (p[len] == '\0' || p[len] == '/'))
			return true;
	}
	return false;
}

/*
 * Line by line (path_read_lines()) rather than path_read_alloc(): the route
 * tables of a router outgrow its 1 MiB cap, and a table cut short would
 * hide the route that makes a device busy. The reader's per-line and
 * per-file limits fail the scan (-EFBIG, said with the file's name).
 * @fn returns 0 to go on, > 0 to stop early, < 0 to fail.
 * Return: 0, the -errno of opening @rel (the caller's check then warns
 * that it could not look), -EFBIG or -ENOMEM.
 */
static int for_each_line(struct path_ctx *ctx, const char *rel,
			 int (*fn)(char *line, void *arg), void *arg)
{
	int rc = path_read_lines(ctx, fn, arg, "%s", rel);

	return rc < 0 ? rc : 0;
}

static void devno_str(dev_t d, char *buf, size_t size)
{
	snprintf(buf, size, "%u:%u", major(d), minor(d));
}

/* a node name from swaps or a mount source, such as /dev/sda2 or /dev/mapper/vg-swap */
static bool devnode_is(const char *node, const char *name, const char *dmname)
{
	size_t ml = strlen(PATH_DEVNODE_MAPPER_ABS);

	if (!node)
		return false;
	if (strncmp(node, PATH_DEVNODE_MAPPER_ABS, ml) == 0)
		return *dmname && strcmp(node + ml, dmname) == 0;
	if (strncmp(node, PATH_DEVNODE_ABS, strlen(PATH_DEVNODE_ABS)) != 0)
		return false;
	return strcmp(strrchr(node, '/') + 1, name) == 0;
}

/* the mount whose mount point is the longest prefix of @path (a loop's backing file) */
static int fs_of_path(const char *path, char *majmin, size_t msize, char *source, size_t ssize,
		      void *arg)
{
	struct libmnt_table *tb = arg;
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs, *best = NULL;
	size_t best_len = 0;

	if (!it)
		return -ENOMEM;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		const char *t = mnt_fs_get_target(fs);
		size_t len = t ? strlen(t) : 0;

		if (!len || strncmp(path, t, len) != 0)
			continue;
		if (!(len == 1 || path[len] == '/' || path[len] == '\0'))
			continue;
		/* the last of equal mount points is the one on top */
		if (len >= best_len) {
			best = fs;
			best_len = len;
		}
	}
	mnt_free_iter(it);
	if (!best)
		return -ENOENT;
	devno_str(mnt_fs_get_devno(best), majmin, msize);
	snprintf(source, ssize, "%s", mnt_fs_get_source(best) ? mnt_fs_get_source(best) : "");
	return 0;
}

static int block_set_from(struct pci_usage *u, const struct blockstack *st)
{
	if (st->n == 0)
		return 0;
	u->blocks = calloc(st->n, sizeof(*u->blocks));
	if (!u->blocks)
		return -ENOMEM;
	for (size_t i = 0; i < st->n; i++) {
		struct inuse_block *b = &u->blocks[i];

		copy_str(b->name, sizeof(b->name), st->v[i].name);
		copy_str(b->majmin, sizeof(b->majmin), st->v[i].majmin);
		copy_str(b->via, sizeof(b->via), st->v[i].via);
		b->link = st->v[i].link;
	}
	u->nblocks = st->n;
	return 0;
}

/*
 * A btrfs filesystem over several devices records no holders; mountinfo
 * names one of its devices as the source, maybe not ours. sys/fs/btrfs/
 * UUID/devices/ lists them all (Documentation/ABI/testing/sysfs-fs-btrfs).
 */
struct btrfs_fs_devs {
	char **devs;		/* block device names, NULL-terminated */
};

static void btrfs_free(struct btrfs_fs_devs *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strv_free(v[i].devs);
	free(v);
}

static int btrfs_load(struct path_ctx *ctx, struct btrfs_fs_devs **out, size_t *count)
{
	struct btrfs_fs_devs *v;
	char **uuids;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	rc = path_list_dir(ctx, &uuids, &n, "%s", PATH_SYS_FS_BTRFS);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		strv_free(uuids);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		rc = path_list_dir(ctx, &v[k].devs, NULL, "%s/%s/devices", PATH_SYS_FS_BTRFS,
				   uuids[i]);
		if (rc == -ENOMEM) {
			btrfs_free(v, k);
			strv_free(uuids);
			return rc;
		}
		if (rc == 0)
			k++;
	}
	strv_free(uuids);
	*out = v;
	*count = k;
	return 0;
}

/* whether the btrfs filesystem that @source's device belongs to also spans @name */
static bool btrfs_spans(const struct btrfs_fs_devs *v, size_t n, const char *source,
			const char *name)
{
	const char *base;

	if (!source || strncmp(source, PATH_DEVNODE_ABS, strlen(PATH_DEVNODE_ABS)) != 0)
		return false;
	base = strrchr(source, '/') + 1;
	for (size_t i = 0; i < n; i++) {
		bool src = false, ours = false;

		for (char **d = v[i].devs; *d; d++) {
			src |= strcmp(*d, base) == 0;
			ours |= strcmp(*d, name) == 0;
		}
		if (src && ours)
			return true;
	}
	return false;
}

static void match_mounts(struct pci_usage *u, const struct blockstack *st, struct libmnt_table *tb,
			 const struct btrfs_fs_devs *btrfs, size_t nbtrfs)
{
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;

	if (!it)
		return;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		const char *mnt = mnt_fs_get_target(fs), *source = mnt_fs_get_source(fs);
		const char *type = mnt_fs_get_fstype(fs);
		bool is_btrfs = type && strcmp(type, "btrfs") == 0;
		char majmin[32];

		if (!mnt)
			continue;
		devno_str(mnt_fs_get_devno(fs), majmin, sizeof(majmin));
		for (size_t i = 0; i < u->nblocks; i++) {
			struct inuse_block *b = &u->blocks[i];

			/*
			 * btrfs reports an anonymous 0:N instead of the disk's
			 * MAJ:MIN, so the mount source is matched as well, and
			 * a multi-device btrfs through its device list.
			 */
			if (!(*b->majmin && strcmp(b->majmin, majmin) == 0) &&
			    !devnode_is(source, b->name, st->v[i].dmname) &&
			    !(is_btrfs && btrfs_spans(btrfs, nbtrfs, source, b->name)))
				continue;
			if (!*b->mountpoint)
				copy_str(b->mountpoint, sizeof(b->mountpoint), mnt);
			if (strcmp(mnt, "/") == 0)
				b->root = true;
		}
	}
	mnt_free_iter(it);
}

static void match_swaps(struct pci_usage *u, const struct blockstack *st, struct libmnt_table *tb)
{
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;

	if (!it)
		return;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		for (size_t i = 0; i < u->nblocks; i++)
			if (devnode_is(mnt_fs_get_source(fs), u->blocks[i].name, st->v[i].dmname))
				u->blocks[i].swap = true;
	}
	mnt_free_iter(it);
}

static int scan_blocks(struct path_ctx *ctx, const char *bdf, struct pci_usage *u)
{
	struct libmnt_table *mounts = NULL, *swaps = NULL;
	struct blockstack st;
	int rc;

	u->mounts_error = mounts_table_load(ctx, PATH_PROC_MOUNTINFO, &mounts);
	if (u->mounts_error == -ENOMEM)
		return -ENOMEM;
	rc = blockstack_of_pci(ctx, bdf, mounts ? fs_of_path : NULL, mounts, &st);
	if (rc == 0)
		rc = block_set_from(u, &st);
	if (rc == 0 && u->nblocks) {
		struct btrfs_fs_devs *btrfs = NULL;
		size_t nbtrfs = 0;

		rc = btrfs_load(ctx, &btrfs, &nbtrfs);
		if (rc == 0 && mounts)
			match_mounts(u, &st, mounts, btrfs, nbtrfs);
		btrfs_free(btrfs, nbtrfs);
		if (rc == 0)
			u->swaps_error = mounts_table_load(ctx, PATH_PROC_SWAPS, &swaps);
		if (swaps)
			match_swaps(u, &st, swaps);
		if (u->swaps_error == -ENOMEM)
			rc = -ENOMEM;
	}
	if (u->nblocks == 0) {
		/* nothing to look for: nothing was missed */
		u->mounts_error = 0;
		u->swaps_error = 0;
	}
	mnt_unref_table(mounts);
	mnt_unref_table(swaps);
	blockstack_clear(&st);
	return rc;
}

static int netdev_add(struct path_ctx *ctx, struct pci_usage *u, size_t *cap,
		      const char *dir, const char *ifname)
{
	struct inuse_netdev *nd;
	char state[32];
	uint64_t flags;
	int rc;

	if (strcmp(ifname, "lo") == 0)
		return 0;
	for (size_t i = 0; i < u->nnetdevs; i++) {
		if (strcmp(u->netdevs[i].ifname, ifname) == 0)
			return 0;
	}
	if (u->nnetdevs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct inuse_netdev *nn = realloc(u->netdevs, ncap * sizeof(*nn));

		if (!nn)
			return -ENOMEM;
		u->netdevs = nn;
		*cap = ncap;
	}
	nd = &u->netdevs[u->nnetdevs++];
	memset(nd, 0, sizeof(*nd));
	copy_str(nd->ifname, sizeof(nd->ifname), ifname);
	rc = path_read_hex(ctx, &flags, "%s/%s/flags", dir, ifname);
	if (rc == 0 && (flags & IFF_UP))
		nd->up = true;
	else if (path_read_string(ctx, state, sizeof(state), "%s/%s/operstate", dir, ifname) >= 0) {
		nd->up = strcmp(state, "up") == 0;
	} else if (rc < 0) {
		/* every interface has both: a tree (a capture) that lacks them says nothing */
		nd->state_unknown = true;
	}
	return 0;
}

static int netdevs_collect(struct path_ctx *ctx, const char *bdf, struct pci_usage *u)
{
	char dir[PATH_MAX], target[PATH_MAX];
	char **names;
	size_t cap = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s/net", PATH_SYS_PCI_DEVICES, bdf);
	rc = path_list_dir(ctx, &names, NULL, "%s", dir);
	if (rc == -ENOMEM)
		return rc;
	if (rc == 0) {
		for (char **n = names; *n && rc == 0; n++)
			rc = netdev_add(ctx, u, &cap, dir, *n);
		strv_free(names);
		if (rc < 0)
			return rc;
	}

	/* virtio-net hangs its interface off BDF/virtioN/net, not BDF/net */
	rc = path_list_dir(ctx, &names, NULL, "%s", PATH_SYS_CLASS_NET);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (char **n = names; *n && rc == 0; n++) {
		if (path_readlink(ctx, target, sizeof(target), "%s/%s", PATH_SYS_CLASS_NET, *n) < 0)
			continue;
		if (has_component(target, bdf))
			rc = netdev_add(ctx, u, &cap, PATH_SYS_CLASS_NET, *n);
	}
	strv_free(names);
	return rc;
}

struct route_scan {
	struct pci_usage *u;
	bool last_column;	/* ipv6_route names the device last, route first */
};

static int route_line(char *line, void *arg)
{
	struct route_scan *r = arg;
	char *save, *tok, *dev = NULL;
	size_t left = 0;

	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		dev = tok;
		if (!r->last_column)
			break;
	}
	if (!dev || strcmp(dev, "lo") == 0)
		return 0;
	for (size_t i = 0; i < r->u->nnetdevs; i++) {
		struct inuse_netdev *nd = &r->u->netdevs[i];

		if (strcmp(nd->ifname, dev) == 0)
			nd->has_routes = true;
		left += !nd->has_routes;
	}
	/* a full BGP table is long; stop once every interface is known to route */
	return left == 0;
}

static int scan_netdevs(struct path_ctx *ctx, const char *bdf, struct pci_usage *u)
{
	struct route_scan r = { .u = u };
	int rc;

	rc = netdevs_collect(ctx, bdf, u);
	if (rc < 0 || u->nnetdevs == 0)
		return rc;
	/* the "Iface" header of proc/net/route matches no interface */
	rc = for_each_line(ctx, PATH_PROC_NET_ROUTE, route_line, &r);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		u->routes_error = rc;
	r.last_column = true;
	rc = for_each_line(ctx, PATH_PROC_NET_IPV6_ROUTE, route_line, &r);
	if (rc == -ENOMEM)
		return rc;
	/* no ipv6_route is a kernel without IPv6: no IPv6 routes, nothing missed */
	if (rc < 0 && rc != -ENOENT && !u->routes_error)
		u->routes_error = rc;
	return 0;
}

int pci_usage_scan(struct path_ctx *ctx, const char *bdf, struct pci_usage *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	/* the name becomes a path component and is matched as one */
	if (!*bdf || strchr(bdf, '/') || strcmp(bdf, ".") == 0 || strcmp(bdf, "..") == 0)
		return 0;
	rc = scan_blocks(ctx, bdf, out);
	if (rc == 0)
		rc = scan_netdevs(ctx, bdf, out);
	if (rc < 0)
		pci_usage_clear(out);
	return rc;
}

void pci_usage_clear(struct pci_usage *u)
{
	free(u->blocks);
	free(u->netdevs);
	memset(u, 0, sizeof(*u));
}

static bool is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

/* a node in the sorted index: by name, and for equal names by position (a total order) */
struct node_ref {
	const char *name;
	size_t k;
};

static int cmp_node_ref(const void *a, const void *b)
{
	const struct node_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->k > y->k) - (x->k < y->k);
}

struct holder_scan {
	struct path_ctx *ctx;
	const char *const *nodes;
	size_t nnodes;
	struct node_ref *order;	/* @nodes sorted by name, then by index */
	bool *seen;		/* per node: already recorded for this pid */
	struct inuse_holders *out;
	size_t cap;
};

static int holder_add(struct holder_scan *h, const char *pid, const char *comm,
		      const char *node)
{
	struct inuse_holders *o = h->out;
	struct inuse_holder *e;

	if (array_grow((void **)&o->v, &h->cap, o->n, sizeof(*o->v)) < 0)
		return -ENOMEM;
	e = &o->v[o->n++];
	memset(e, 0, sizeof(*e));
	e->pid = atoi(pid);
	copy_str(e->comm, sizeof(e->comm), comm);
	/* a process can name itself anything: keep what is printed plain */
	str_printable(e->comm);
	copy_str(e->node, sizeof(e->node), node);
	return 0;
}

static int scan_pid(struct holder_scan *h, const char *pid)
{
	char target[PATH_MAX], comm[32] = "";
	struct path_ctx *fdctx = NULL;
	bool comm_read = false;
	char **fds;
	int rc;

	/*
	 * Its fd directory once, then each link from it: one link read a
	 * file instead of a walk from the root each time. Opening it O_PATH
	 * asks no permission; listing it asks, and fails as it always did.
	 */
	rc = path_ctx_new_sub(h->ctx, &fdctx, "%s/%s/fd", PATH_PROC, pid);
	if (rc == 0)
		rc = path_list_dir(fdctx, &fds, NULL, ".");
	if (rc < 0)
		path_ctx_free(fdctx);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		/* gone since the listing is no loss; anything else hides its files */
		if (rc != -ENOENT && rc != -ESRCH) {
			if (!h->out->unreadable++) {
				h->out->unreadable_pid = atoi(pid);
				h->out->unreadable_error = rc;
			}
		}
		return 0;
	}
	memset(h->seen, 0, h->nnodes * sizeof(*h->seen));
	for (char **fd = fds; *fd && rc == 0; fd++) {
		size_t lo = 0, hi = h->nnodes;

		if (path_readlink(fdctx, target, sizeof(target), "%s", *fd) < 0)
			continue;
		/* the first node of that name, then every node of that name in order */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(h->order[mid].name, target) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t o = lo; o < h->nnodes && rc == 0; o++) {
			size_t k = h->order[o].k;

			if (strcmp(target, h->nodes[k]) != 0)
				break;
			if (h->seen[k])
				continue;
			if (!comm_read) {
				if (path_read_string(h->ctx, comm, sizeof(comm), "%s/%s/comm",
						     PATH_PROC, pid) < 0)
					comm[0] = '\0';
				comm_read = true;
			}
			h->seen[k] = true;
			rc = holder_add(h, pid, comm, h->nodes[k]);
		}
	}
	strv_free(fds);
	path_ctx_free(fdctx);
	return rc;
}

int proc_scan_holders(struct path_ctx *ctx, const char *const *nodes, size_t nnodes,
		      struct inuse_holders *out)
{
	struct holder_scan h = { .ctx = ctx, .nodes = nodes, .nnodes = nnodes, .out = out };
	char **pids;
	int rc;

	memset(out, 0, sizeof(*out));
	if (nnodes == 0)
		return 0;
	rc = path_list_dir(ctx, &pids, NULL, "%s", PATH_PROC);
	if (rc < 0) {
		out->proc_error = rc;
		return rc == -ENOMEM ? rc : 0;
	}
	h.seen = calloc(nnodes, sizeof(*h.seen));
	h.order = calloc(nnodes, sizeof(*h.order));
	if (!h.seen || !h.order) {
		free(h.seen);
		free(h.order);
		strv_free(pids);
		return -ENOMEM;
	}
	/* a claim looks for every node of a group at once: a sorted index, not a scan per fd */
	for (size_t i = 0; i < nnodes; i++)
		h.order[i] = (struct node_ref){ nodes[i], i };
	qsort(h.order, nnodes, sizeof(*h.order), cmp_node_ref);
	rc = 0;
	for (char **p = pids; *p && rc == 0; p++) {
		if (!is_pid(*p))
			continue;
		out->nprocs++;
		rc = scan_pid(&h, *p);
	}
	strv_free(pids);
	free(h.seen);
	free(h.order);
	if (rc < 0)
		inuse_holders_clear(out);
	return rc;
}

void inuse_holders_clear(struct inuse_holders *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

int proc_find_holders(struct path_ctx *ctx, const char *const *nodes,
		      struct inuse_holder **out, size_t *count)
{
	struct inuse_holders h;
	size_t nnodes = 0;
	int rc;

	*out = NULL;
	*count = 0;
	while (nodes && nodes[nnodes])
		nnodes++;
	rc = proc_scan_holders(ctx, nodes, nnodes, &h);
	if (rc < 0)
		return rc;
	*out = h.v;
	*count = h.n;
	return 0;
}
