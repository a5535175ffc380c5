// SPDX-License-Identifier: GPL-2.0-or-later
/* usage.c: what a PCI function is used for (device show, USED), read through inuse and devnodes */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "devnodes.h"
#include "pathnames.h"
#include "usage.h"

enum usage_node_kind device_usage_node_kind(const char *path, bool block)
{
	static const struct {
		const char *prefix;
		enum usage_node_kind kind;
	} map[] = {
		{ PATH_DEVNODE_ABS "dri/", USAGE_NODE_DRM },
		{ PATH_DEVNODE_ABS "snd/", USAGE_NODE_SOUND },
		{ PATH_DEVNODE_ABS "vfio/", USAGE_NODE_VFIO },
		{ PATH_DEVNODE_ABS "bus/usb/", USAGE_NODE_USB },
		{ PATH_DEVNODE_ABS "nvidia", USAGE_NODE_NVIDIA },
	};

	if (block)
		return USAGE_NODE_BLOCK;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(path, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].kind;
	return USAGE_NODE_OTHER;
}

static int node_add(struct device_usage *u, size_t *cap, const char *path, bool block)
{
	struct usage_node *n;

	for (size_t i = 0; i < u->nnodes; i++)
		if (strcmp(u->nodes[i].path, path) == 0)
			return 0;
	if (array_grow((void **)&u->nodes, cap, u->nnodes, sizeof(*u->nodes)) < 0)
		return -ENOMEM;
	n = &u->nodes[u->nnodes++];
	snprintf(n->path, sizeof(n->path), "%s", path);
	n->kind = device_usage_node_kind(path, block);
	return 0;
}

/* the function's own nodes, then each block device's node (a holder such as dm-0 has its own) */
static int scan_nodes(struct path_ctx *ctx, const char *bdf, struct device_usage *u)
{
	struct devnode_list l = { 0 };
	size_t cap = 0;
	int rc;

	rc = devnodes_of_pci(ctx, bdf, &l);
	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = node_add(u, &cap, l.v[i].path, l.v[i].block);
	u->nodes_truncated = l.truncated;
	for (size_t i = 0; rc == 0 && i < u->io.nblocks; i++) {
		char node[64];

		snprintf(node, sizeof(node), PATH_DEVNODE_ABS "%s", u->io.blocks[i].name);
		rc = node_add(u, &cap, node, true);
	}
	devnodes_clear(&l);
	return rc;
}

static struct usage_netdev *net_find(struct device_usage *u, const char *ifname)
{
	for (size_t i = 0; i < u->nnet; i++)
		if (strcmp(u->net[i].ifname, ifname) == 0)
			return &u->net[i];
	return NULL;
}

/* proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ... */
static int route4_line(char *line, void *arg)
{
	struct device_usage *u = arg;
	char ifname[32], dest[16], mask[16];
	struct usage_netdev *n;

	if (sscanf(line, "%31s %15s %*s %*s %*s %*s %*s %15s", ifname, dest, mask) != 3)
		return 0;
	n = net_find(u, ifname);
	if (n && strcmp(dest, "00000000") == 0 && strcmp(mask, "00000000") == 0)
		n->default_route = true;
	return 0;
}

/* proc/net/ipv6_route: dest plen src srcplen nexthop metric refcnt use flags iface */
static int route6_line(char *line, void *arg)
{
	struct device_usage *u = arg;
	char dest[40], plen[8], ifname[32];
	struct usage_netdev *n;

	if (sscanf(line, "%39s %7s %*s %*s %*s %*s %*s %*s %*s %31s", dest, plen, ifname) != 3)
		return 0;
	n = net_find(u, ifname);
	if (n && strcmp(plen, "00") == 0 && strspn(dest, "0") == strlen(dest))
		n->default_route = true;
	return 0;
}

static int strv_push(char ***v, const char *s)
{
	size_t n = *v ? strv_length(*v) : 0;
	char **nv = realloc(*v, (n + 2) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[n] = strdup(s);
	nv[n + 1] = NULL;
	return nv[n] ? 0 : -ENOMEM;
}

/* proc/net/if_inet6: ADDR(32 hex) IFINDEX PLEN SCOPE FLAGS IFNAME, hex fields */
static int inet6_line(char *line, void *arg)
{
	struct device_usage *u = arg;
	char hex[40], ifname[32], text[INET6_ADDRSTRLEN + 8];
	unsigned char addr[16];
	unsigned plen;
	struct usage_netdev *n;

	if (sscanf(line, "%39s %*x %x %*x %*x %31s", hex, &plen, ifname) != 3 ||
	    strlen(hex) != 32 || plen > 128)
		return 0;
	n = net_find(u, ifname);
	if (!n)
		return 0;
	for (int i = 0; i < 16; i++) {
		unsigned b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return 0;
		addr[i] = (unsigned char)b;
	}
	if (!inet_ntop(AF_INET6, addr, text, INET6_ADDRSTRLEN))
		return 0;
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "/%u", plen);
	return strv_push(&n->addrs, text);
}

static int scan_net_detail(struct path_ctx *ctx, struct device_usage *u)
{
	int rc;

	for (size_t i = 0; i < u->nnet; i++)
		if (path_read_string(ctx, u->net[i].operstate, sizeof(u->net[i].operstate),
				     "%s/%s/operstate", PATH_SYS_CLASS_NET, u->net[i].ifname) < 0)
			u->net[i].operstate[0] = '\0';
	rc = path_read_lines(ctx, route4_line, u, "%s", PATH_PROC_NET_ROUTE);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		u->detail_error = rc;
	rc = path_read_lines(ctx, route6_line, u, "%s", PATH_PROC_NET_IPV6_ROUTE);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0 && rc != -ENOENT && !u->detail_error)
		u->detail_error = rc;
	/* no if_inet6: a kernel without IPv6, so no IPv6 address to show */
	rc = path_read_lines(ctx, inet6_line, u, "%s", PATH_PROC_NET_IF_INET6);
	return rc == -ENOMEM ? rc : 0;
}

static int scan_net(struct path_ctx *ctx, unsigned flags, struct device_usage *u)
{
	if (u->io.nnetdevs == 0)
		return 0;
	u->net = calloc(u->io.nnetdevs, sizeof(*u->net));
	if (!u->net)
		return -ENOMEM;
	u->nnet = u->io.nnetdevs;
	for (size_t i = 0; i < u->nnet; i++) {
		const struct inuse_netdev *nd = &u->io.netdevs[i];

		snprintf(u->net[i].ifname, sizeof(u->net[i].ifname), "%s", nd->ifname);
		u->net[i].up = nd->up;
		u->net[i].routed = nd->has_routes;
	}
	return flags & USAGE_DETAIL ? scan_net_detail(ctx, u) : 0;
}

int device_usage_scan(struct path_ctx *ctx, const char *bdf, unsigned flags,
		      struct device_usage *out)
{
	struct device_usage *self = out;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pci_usage_scan(ctx, bdf, &out->io);
	if (rc == 0)
		rc = scan_net(ctx, flags, out);
	if (rc == 0)
		rc = scan_nodes(ctx, bdf, out);
	if (rc == 0 && !(flags & USAGE_NO_PROC))
		rc = device_usage_scan_open(ctx, &self, 1);
	if (rc < 0)
		device_usage_clear(out);
	return rc;
}

/* one node path and the result it belongs to, sorted by path for the holders' lookup */
struct node_ref {
	const char *path;
	size_t owner;
};

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct node_ref *)a)->path, ((const struct node_ref *)b)->path);
}

static int give_holder(struct device_usage *u, size_t *cap, const struct inuse_holder *h)
{
	if (array_grow((void **)&u->open.v, cap, u->open.n, sizeof(*u->open.v)) < 0)
		return -ENOMEM;
	u->open.v[u->open.n++] = *h;
	return 0;
}

int device_usage_scan_open(struct path_ctx *ctx, struct device_usage *const *v, size_t n)
{
	struct inuse_holders all;
	struct node_ref *refs = NULL;
	const char **paths = NULL;
	size_t *caps = NULL, total = 0, k = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		total += v[i]->nnodes;
	if (total == 0)
		return 0;
	refs = calloc(total, sizeof(*refs));
	paths = calloc(total, sizeof(*paths));
	caps = calloc(n, sizeof(*caps));
	if (!refs || !paths || !caps) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < v[i]->nnodes; j++) {
			refs[k].path = v[i]->nodes[j].path;
			refs[k].owner = i;
			paths[k++] = v[i]->nodes[j].path;
		}
	qsort(refs, total, sizeof(*refs), cmp_ref);
	rc = proc_scan_holders(ctx, paths, total, &all);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (!v[i]->nnodes)
			continue;
		inuse_holders_clear(&v[i]->open);
		v[i]->open.unreadable = all.unreadable;
		v[i]->open.unreadable_pid = all.unreadable_pid;
		v[i]->open.unreadable_error = all.unreadable_error;
		v[i]->open.proc_error = all.proc_error;
		v[i]->open.nprocs = all.nprocs;
		v[i]->open_scanned = true;
	}
	/* a node (a dm device over two NVMe drives) can belong to several functions */
	for (size_t h = 0; rc == 0 && h < all.n; h++) {
		struct node_ref key = { .path = all.v[h].node };
		struct node_ref *r = bsearch(&key, refs, total, sizeof(*refs), cmp_ref);

		while (r && r > refs && strcmp(r[-1].path, key.path) == 0)
			r--;
		for (; rc == 0 && r && r < refs + total && strcmp(r->path, key.path) == 0; r++)
			rc = give_holder(v[r->owner], &caps[r->owner], &all.v[h]);
	}
	inuse_holders_clear(&all);
out:
	free(refs);
	free(paths);
	free(caps);
	return rc;
}

bool device_usage_busy(const struct device_usage *u)
{
	for (size_t i = 0; i < u->io.nnetdevs; i++)
		if (u->io.netdevs[i].up || u->io.netdevs[i].has_routes)
			return true;
	for (size_t i = 0; i < u->io.nblocks; i++)
		if (*u->io.blocks[i].mountpoint || u->io.blocks[i].swap || u->io.blocks[i].root)
			return true;
	return u->open.n > 0;
}

bool device_usage_unknown(const struct device_usage *u)
{
	if (u->io.mounts_error || u->io.swaps_error || u->io.routes_error)
		return true;
	for (size_t i = 0; i < u->io.nnetdevs; i++)
		if (u->io.netdevs[i].state_unknown)
			return true;
	if (u->nnodes && (!u->open_scanned || u->open.proc_error || u->open.unreadable ||
			  u->open.nprocs == 0 || u->nodes_truncated))
		return true;
	return false;
}

void device_usage_clear(struct device_usage *u)
{
	for (size_t i = 0; i < u->nnet; i++)
		strv_free(u->net[i].addrs);
	free(u->net);
	free(u->nodes);
	inuse_holders_clear(&u->open);
	pci_usage_clear(&u->io);
	memset(u, 0, sizeof(*u));
}
