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
#include <unistd.h>

#include "inuse.h"
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

/* mountinfo and swaps escape space, tab, newline and backslash as \ooo */
static void unescape_octal(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

/*
 * Line by line (path_read_lines()) rather than path_read_alloc(): mountinfo
 * on a container host and the route tables of a router outgrow its 1 MiB
 * cap, and a table cut short would hide the mount or route that makes a
 * device busy. The reader's per-line and per-file limits fail the scan
 * (-EFBIG, said with the file's name); an absent table reads as empty.
 * @fn returns 0 to go on, > 0 to stop early, < 0 to fail.
 */
static int for_each_line(struct path_ctx *ctx, const char *rel,
			 int (*fn)(char *line, void *arg), void *arg)
{
	int rc = path_read_lines(ctx, fn, arg, "%s", rel);

	return rc == -EFBIG || rc == -ENOMEM ? rc : 0;
}

struct block_scan {
	struct path_ctx *ctx;
	struct pci_usage *u;
	size_t cap;
	char (*dmname)[128];	/* per block: its device-mapper name, "" if none */
};

static ssize_t block_find(const struct pci_usage *u, const char *name)
{
	for (size_t i = 0; i < u->nblocks; i++) {
		if (strcmp(u->blocks[i].name, name) == 0)
			return (ssize_t)i;
	}
	return -1;
}

static int block_add(struct block_scan *s, const char *name, const char *via)
{
	struct pci_usage *u = s->u;
	struct inuse_block *b;

	if (block_find(u, name) >= 0)
		return 0;
	if (u->nblocks == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct inuse_block *nb = realloc(u->blocks, cap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		u->blocks = nb;
		s->cap = cap;
	}
	b = &u->blocks[u->nblocks++];
	memset(b, 0, sizeof(*b));
	copy_str(b->name, sizeof(b->name), name);
	copy_str(b->via, sizeof(b->via), via);
	if (path_read_string(s->ctx, b->majmin, sizeof(b->majmin), "%s/%s/dev",
			     PATH_SYS_CLASS_BLOCK, name) < 0)
		b->majmin[0] = '\0';
	return 0;
}

static int blocks_collect(struct block_scan *s, const char *bdf)
{
	char target[PATH_MAX];
	char **names;
	int rc;

	rc = path_list_dir(s->ctx, &names, NULL, "%s", PATH_SYS_CLASS_BLOCK);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (char **n = names; *n && rc == 0; n++) {
		if (path_readlink(s->ctx, target, sizeof(target), "%s/%s",
				  PATH_SYS_CLASS_BLOCK, *n) < 0)
			continue;
		if (has_component(target, bdf))
			rc = block_add(s, *n, "");
	}
	strv_free(names);

	/* the array grows as holders are found, so holders of holders are walked too */
	for (size_t i = 0; i < s->u->nblocks && rc == 0; i++) {
		char via[sizeof(s->u->blocks[i].name)];
		char **holders;

		copy_str(via, sizeof(via), s->u->blocks[i].name);
		rc = path_list_dir(s->ctx, &holders, NULL, "%s/%s/holders",
				   PATH_SYS_CLASS_BLOCK, via);
		if (rc < 0) {
			rc = rc == -ENOMEM ? rc : 0;
			continue;
		}
		for (char **h = holders; *h && rc == 0; h++)
			rc = block_add(s, *h, via);
		strv_free(holders);
	}
	return rc;
}

/* a node name from swaps or a mount source, such as /dev/sda2 or /dev/mapper/vg-swap */
static bool devnode_is(const char *node, const char *name, const char *dmname)
{
	size_t ml = strlen(PATH_DEVNODE_MAPPER_ABS);

	if (strncmp(node, PATH_DEVNODE_MAPPER_ABS, ml) == 0)
		return *dmname && strcmp(node + ml, dmname) == 0;
	if (strncmp(node, PATH_DEVNODE_ABS, strlen(PATH_DEVNODE_ABS)) != 0)
		return false;
	return strcmp(strrchr(node, '/') + 1, name) == 0;
}

static int mountinfo_line(char *line, void *arg)
{
	struct block_scan *s = arg;
	char *majmin = NULL, *mnt = NULL, *source = NULL, *save, *tok;
	int field = 0, sep = 0;

	/* optional fields end at "-", then come the fs type and the source */
	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		field++;
		if (field == 3)
			majmin = tok;
		else if (field == 5)
			mnt = tok;
		else if (field >= 7 && !sep && strcmp(tok, "-") == 0)
			sep = field;
		else if (sep && field == sep + 2)
			source = tok;
	}
	if (!majmin || !mnt)
		return 0;
	unescape_octal(mnt);
	if (source)
		unescape_octal(source);
	for (size_t i = 0; i < s->u->nblocks; i++) {
		struct inuse_block *b = &s->u->blocks[i];

		/*
		 * btrfs reports an anonymous 0:N instead of the disk's
		 * MAJ:MIN, so the mount source is matched as well.
		 */
		if (!(*b->majmin && strcmp(b->majmin, majmin) == 0) &&
		    !(source && devnode_is(source, b->name, s->dmname[i])))
			continue;
		if (!*b->mountpoint)
			copy_str(b->mountpoint, sizeof(b->mountpoint), mnt);
		if (strcmp(mnt, "/") == 0)
			b->root = true;
	}
	return 0;
}

static int swaps_line(char *line, void *arg)
{
	struct block_scan *s = arg;
	char *save, *node;

	node = strtok_r(line, " \t", &save);
	if (!node || *node != '/')
		return 0;
	unescape_octal(node);
	for (size_t i = 0; i < s->u->nblocks; i++) {
		if (devnode_is(node, s->u->blocks[i].name, s->dmname[i]))
			s->u->blocks[i].swap = true;
	}
	return 0;
}

static int scan_blocks(struct path_ctx *ctx, const char *bdf, struct pci_usage *u)
{
	struct block_scan s = { .ctx = ctx, .u = u };
	int rc;

	rc = blocks_collect(&s, bdf);
	if (rc < 0 || u->nblocks == 0)
		return rc;
	s.dmname = calloc(u->nblocks, sizeof(*s.dmname));
	if (!s.dmname)
		return -ENOMEM;
	for (size_t i = 0; i < u->nblocks; i++) {
		if (path_read_string(ctx, s.dmname[i], sizeof(s.dmname[i]), "%s/%s/dm/name",
				     PATH_SYS_CLASS_BLOCK, u->blocks[i].name) < 0)
			s.dmname[i][0] = '\0';
	}
	rc = for_each_line(ctx, PATH_PROC_MOUNTINFO, mountinfo_line, &s);
	if (rc == 0)
		rc = for_each_line(ctx, PATH_PROC_SWAPS, swaps_line, &s);
	free(s.dmname);
	return rc;
}

static int netdev_add(struct path_ctx *ctx, struct pci_usage *u, size_t *cap,
		      const char *dir, const char *ifname)
{
	struct inuse_netdev *nd;
	char state[32];
	uint64_t flags;

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
	if (path_read_hex(ctx, &flags, "%s/%s/flags", dir, ifname) == 0 && (flags & IFF_UP))
		nd->up = true;
	else if (path_read_string(ctx, state, sizeof(state), "%s/%s/operstate", dir, ifname) >= 0 &&
		 strcmp(state, "up") == 0)
		nd->up = true;
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
	if (rc < 0)
		return rc;
	r.last_column = true;
	return for_each_line(ctx, PATH_PROC_NET_IPV6_ROUTE, route_line, &r);
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

struct holder_scan {
	struct path_ctx *ctx;
	const char *const *nodes;
	bool *seen;		/* per node: already recorded for this pid */
	struct inuse_holder *v;
	size_t n, cap;
};

static int holder_add(struct holder_scan *h, const char *pid, const char *comm,
		      const char *node)
{
	struct inuse_holder *e;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct inuse_holder *nv = realloc(h->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		h->v = nv;
		h->cap = cap;
	}
	e = &h->v[h->n++];
	memset(e, 0, sizeof(*e));
	e->pid = atoi(pid);
	copy_str(e->comm, sizeof(e->comm), comm);
	/* a process can name itself anything: keep what is printed plain */
	str_printable(e->comm);
	copy_str(e->node, sizeof(e->node), node);
	return 0;
}

static int scan_pid(struct holder_scan *h, const char *pid, size_t nnodes)
{
	char target[PATH_MAX], comm[32] = "";
	bool comm_read = false;
	char **fds;
	int rc;

	rc = path_list_dir(h->ctx, &fds, NULL, "%s/%s/fd", PATH_PROC, pid);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	memset(h->seen, 0, nnodes * sizeof(*h->seen));
	for (char **fd = fds; *fd && rc == 0; fd++) {
		if (path_readlink(h->ctx, target, sizeof(target), "%s/%s/fd/%s",
				  PATH_PROC, pid, *fd) < 0)
			continue;
		for (size_t k = 0; k < nnodes && rc == 0; k++) {
			if (h->seen[k] || strcmp(target, h->nodes[k]) != 0)
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
	return rc;
}

int proc_find_holders(struct path_ctx *ctx, const char *const *nodes,
		      struct inuse_holder **out, size_t *count)
{
	struct holder_scan h = { .ctx = ctx, .nodes = nodes };
	size_t nnodes = 0;
	char **pids;
	int rc;

	*out = NULL;
	*count = 0;
	while (nodes && nodes[nnodes])
		nnodes++;
	if (nnodes == 0)
		return 0;
	rc = path_list_dir(ctx, &pids, NULL, "%s", PATH_PROC);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	h.seen = calloc(nnodes, sizeof(*h.seen));
	if (!h.seen) {
		strv_free(pids);
		return -ENOMEM;
	}
	rc = 0;
	for (char **p = pids; *p && rc == 0; p++) {
		if (is_pid(*p))
			rc = scan_pid(&h, *p, nnodes);
	}
	strv_free(pids);
	free(h.seen);
	if (rc < 0) {
		free(h.v);
		return rc;
	}
	*out = h.v;
	*count = h.n;
	return 0;
}
