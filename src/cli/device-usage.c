// SPDX-License-Identifier: GPL-2.0-or-later
/* device-usage.c: device show's usage lines and JSON, and the USED column of device list */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device-usage.h"
#include "pathnames.h"

#define INDENT "                   "	/* under the values of "  driver_override: " */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* "card0", "controlC1", "vfio0"; a USB node keeps its bus: "bus/usb/001/002" */
static const char *node_label(const char *path)
{
	size_t dl = strlen(PATH_DEVNODE_ABS);

	if (device_usage_node_kind(path, false) == USAGE_NODE_USB &&
	    strncmp(path, PATH_DEVNODE_ABS, dl) == 0)
		return path + dl;
	return base_name(path);
}

/* the short reasons of the USED column and "in use:", each said once */
struct reasons {
	char **v;
	size_t n;
};

static void reasons_clear(struct reasons *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int reason_add(struct reasons *r, const char *a, const char *b)
{
	char buf[320], **nv;

	snprintf(buf, sizeof(buf), "%s %s", a, b);
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i], buf) == 0)
			return 0;
	nv = realloc(r->v, (r->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	r->v = nv;
	r->v[r->n] = strdup(buf);
	return r->v[r->n++] ? 0 : -ENOMEM;
}

static int reasons_of(const struct device_usage *u, struct reasons *r)
{
	int rc = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; rc == 0 && i < u->io.nnetdevs; i++) {
		const struct inuse_netdev *n = &u->io.netdevs[i];

		if (n->has_routes)
			rc = reason_add(r, n->ifname, "routed");
		else if (n->up)
			rc = reason_add(r, n->ifname, "up");
	}
	for (size_t i = 0; rc == 0 && i < u->io.nblocks; i++) {
		const struct inuse_block *b = &u->io.blocks[i];

		if (*b->mountpoint)
			rc = reason_add(r, b->mountpoint, "mounted");
		else if (b->root)
			rc = reason_add(r, "/", "mounted");
		if (rc == 0 && b->swap)
			rc = reason_add(r, b->name, "swap");
	}
	for (size_t i = 0; rc == 0 && i < u->open.n; i++)
		rc = reason_add(r, node_label(u->open.v[i].node), "open");
	if (rc < 0)
		reasons_clear(r);
	return rc;
}

static char *reasons_join(const struct reasons *r)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < r->n; i++)
		len += strlen(r->v[i]) + 2;
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, r->v[i]);
	}
	return s;
}

/* the checks that could not be evaluated: @emit(check, -errno or 0, text) for each */
static void not_checked(const struct device_usage *u,
			void (*emit)(void *arg, const char *check, int err, const char *text),
			void *arg)
{
	char buf[256];

	if (u->io.mounts_error) {
		snprintf(buf, sizeof(buf), "cannot read /proc/self/mountinfo (%s): mounts of its %zu block device(s) are unknown", /* lint: message */
			 strerror(-u->io.mounts_error), u->io.nblocks);
		emit(arg, "mounted", u->io.mounts_error, buf);
	}
	if (u->io.swaps_error) {
		snprintf(buf, sizeof(buf), "cannot read /proc/swaps (%s): swap on its block devices is unknown", /* lint: message */
			 strerror(-u->io.swaps_error));
		emit(arg, "swap", u->io.swaps_error, buf);
	}
	if (u->io.routes_error) {
		snprintf(buf, sizeof(buf), "cannot read the route tables (%s): the routes of its interfaces are unknown",
			 strerror(-u->io.routes_error));
		emit(arg, "netdev", u->io.routes_error, buf);
	}
	for (size_t i = 0; i < u->io.nnetdevs; i++) {
		if (!u->io.netdevs[i].state_unknown)
			continue;
		snprintf(buf, sizeof(buf), "the state of %s cannot be read (no flags or operstate)",
			 u->io.netdevs[i].ifname);
		emit(arg, "netdev", -ENOENT, buf);
	}
	if (!u->nnodes)
		return;
	if (!u->open_scanned) {
		emit(arg, "open", 0, "its device nodes were not looked up in /proc");
	} else if (u->open.proc_error) {
		snprintf(buf, sizeof(buf), "cannot list /proc (%s): who holds its %zu device node(s) is unknown", /* lint: message */
			 strerror(-u->open.proc_error), u->nnodes);
		emit(arg, "open", u->open.proc_error, buf);
	} else if (u->open.nprocs == 0) {
		snprintf(buf, sizeof(buf), "/proc lists no process (a sysroot without processes, such as a capture): who holds its %zu device node(s) is unknown", /* lint: message */
			 u->nnodes);
		emit(arg, "open", -ESRCH, buf);
	} else if (u->open.unreadable) {
		snprintf(buf, sizeof(buf), "the open files of %zu process(es) cannot be read (pid %d: %s); run as root to see them",
			 u->open.unreadable, u->open.unreadable_pid,
			 strerror(-u->open.unreadable_error));
		emit(arg, "open", u->open.unreadable_error, buf);
	}
	if (u->nodes_truncated) {
		snprintf(buf, sizeof(buf), "only the first %zu device nodes were looked at", u->nnodes);
		emit(arg, "open", -E2BIG, buf);
	}
}

static void block_text(const struct inuse_block *b)
{
	printf("%s", b->name);
	switch (b->link) {
	case BLOCKSTACK_BELOW:
		break;
	case BLOCKSTACK_NVME_HEAD:
		printf(" (NVMe multipath head of %s)", b->via);
		break;
	case BLOCKSTACK_PARTITION:
		printf(" (partition of %s)", b->via);
		break;
	case BLOCKSTACK_HOLDER:
		printf(" (stacked on %s)", b->via);
		break;
	case BLOCKSTACK_LOOP_FILE:
		printf(" (loop file on %s)", b->via);
		break;
	}
	if (*b->mountpoint)
		printf(": mounted on %s", b->mountpoint);
	else if (b->root)
		printf(": mounted on /");
	if (b->swap)
		printf("%s swap", *b->mountpoint || b->root ? "," : ":");
	printf("\n");
}

/* "card1 (controlC1 pcmC1D3p)": ALSA names its nodes after the card number */
static void sound_text(const struct device_usage *u)
{
	char done[64] = "";
	bool first = true;

	for (size_t i = 0; i < u->nnodes; i++) {
		const char *b = base_name(u->nodes[i].path), *c;
		char card[24];
		unsigned num;

		if (u->nodes[i].kind != USAGE_NODE_SOUND)
			continue;
		c = strchr(b, 'C');
		if (!c || sscanf(c + 1, "%u", &num) != 1)
			num = 9999;
		snprintf(card, sizeof(card), " %u ", num);
		if (strstr(done, card))
			continue;
		if (strlen(done) + strlen(card) < sizeof(done))
			strcat(done, card);
		printf("%s%s", first ? "" : "\n" INDENT, num == 9999 ? "" : "card");
		if (num != 9999)
			printf("%u", num);
		printf(" (");
		for (size_t j = 0, k = 0; j < u->nnodes; j++) {
			const char *bj = base_name(u->nodes[j].path), *cj;
			unsigned nj;

			if (u->nodes[j].kind != USAGE_NODE_SOUND)
				continue;
			cj = strchr(bj, 'C');
			if (!cj || sscanf(cj + 1, "%u", &nj) != 1)
				nj = 9999;
			if (nj == num)
				printf("%s%s", k++ ? " " : "", bj);
		}
		printf(")");
		first = false;
	}
	printf("\n");
}

static bool has_kind(const struct device_usage *u, enum usage_node_kind kind)
{
	for (size_t i = 0; i < u->nnodes; i++)
		if (u->nodes[i].kind == kind)
			return true;
	return false;
}

static void emit_text(void *arg, const char *check, int err, const char *text)
{
	bool *first = arg;

	(void)err;
	printf("%s%s: %s\n", *first ? "  not checked:     " : INDENT, check, text);
	*first = false;
}

static bool usage_applies(const struct pci_device *d)
{
	return pci_device_readable(d) && !pci_device_is_bridge(d);
}

static int scan_one(struct cli_ctx *ctx, const struct pci_device *d, struct device_usage *u)
{
	struct path_ctx *path;
	int rc = cli_path(ctx, &path);

	if (rc)
		return rc;
	rc = device_usage_scan(path, d->name, USAGE_DETAIL, u);
	if (rc < 0) {
		cli_err("cannot read the usage of '%s': %s", d->name, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int device_usage_show_text(struct cli_ctx *ctx, const struct pci_device *d)
{
	struct device_usage u;
	struct reasons r;
	bool first = true;
	int rc;

	if (!usage_applies(d))
		return 0;
	rc = scan_one(ctx, d, &u);
	if (rc)
		return rc;
	for (size_t i = 0; i < u.nnet; i++) {
		const struct usage_netdev *n = &u.net[i];

		printf("%s%s %s", i ? INDENT : "  network:         ", n->ifname,
		       n->up ? "up" : *n->operstate ? n->operstate
		       : u.io.netdevs[i].state_unknown ? "state unknown" : "down");
		if (*n->operstate && n->up && strcmp(n->operstate, "up") != 0)
			printf(" (operstate %s)", n->operstate);
		printf(", %s", n->routed ? "routed" : u.io.routes_error ? "routes unknown" : "no routes");
		if (n->default_route)
			printf(" (default route)");
		for (char **a = n->addrs; a && *a; a++)
			printf("%s%s", a == n->addrs ? ", " : " ", *a);
		printf("\n");
	}
	for (size_t i = 0; i < u.io.nblocks; i++) {
		printf("%s", i ? INDENT : "  block:           ");
		block_text(&u.io.blocks[i]);
	}
	if (has_kind(&u, USAGE_NODE_DRM)) {
		printf("  drm:            ");
		for (size_t i = 0; i < u.nnodes; i++)
			if (u.nodes[i].kind == USAGE_NODE_DRM)
				printf(" %s", base_name(u.nodes[i].path));
		printf("\n");
	}
	if (has_kind(&u, USAGE_NODE_SOUND)) {
		printf("  sound:           ");
		sound_text(&u);
	}
	first = true;
	for (size_t i = 0; i < u.nnodes; i++) {
		enum usage_node_kind k = u.nodes[i].kind;

		if (k == USAGE_NODE_DRM || k == USAGE_NODE_SOUND || k == USAGE_NODE_BLOCK)
			continue;
		printf("%s%s", first ? "  nodes:           " : " ", u.nodes[i].path);
		first = false;
	}
	if (!first)
		printf("\n");
	for (size_t i = 0; i < u.open.n; i++)
		printf("%s%s by pid %d (%s)\n", i ? INDENT : "  open:            ",
		       u.open.v[i].node, u.open.v[i].pid, u.open.v[i].comm);
	rc = reasons_of(&u, &r);
	if (rc == 0) {
		char *s = reasons_join(&r);

		if (r.n)
			printf("  in use:          yes: %s\n", s ? s : "");
		else if (device_usage_unknown(&u))
			printf("  in use:          unknown: not everything could be checked\n");
		else
			printf("  in use:          no\n");
		free(s);
		reasons_clear(&r);
	}
	first = true;
	not_checked(&u, emit_text, &first);
	device_usage_clear(&u);
	if (rc < 0) {
		cli_err("cannot describe the usage of '%s': %s", d->name, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

static struct json_object *jstr(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static void emit_json(void *arg, const char *check, int err, const char *text)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "check", json_object_new_string(check));
	json_object_object_add(o, "error", json_errno(err));
	json_object_object_add(o, "detail", json_object_new_string(text));
	json_object_array_add(arg, o);
}

static const char *const node_kinds[] = {
	[USAGE_NODE_DRM] = "drm",	[USAGE_NODE_SOUND] = "sound",
	[USAGE_NODE_VFIO] = "vfio",	[USAGE_NODE_USB] = "usb",
	[USAGE_NODE_NVIDIA] = "nvidia", [USAGE_NODE_BLOCK] = "block",
	[USAGE_NODE_OTHER] = "other",
};

static struct json_object *usage_json(const struct device_usage *u, const struct reasons *r)
{
	struct json_object *o = json_object_new_object(), *a;
	bool busy = device_usage_busy(u);

	json_object_object_add(o, "in_use", busy || !device_usage_unknown(u)
						    ? json_object_new_boolean(busy) : NULL);
	a = json_object_new_array();
	for (size_t i = 0; i < r->n; i++)
		json_object_array_add(a, json_object_new_string(r->v[i]));
	json_object_object_add(o, "reasons", a);
	a = json_object_new_array();
	for (size_t i = 0; i < u->nnet; i++) {
		const struct usage_netdev *n = &u->net[i];
		struct json_object *e = json_object_new_object(), *addrs = json_object_new_array();

		json_object_object_add(e, "ifname", json_object_new_string(n->ifname));
		json_object_object_add(e, "operstate", jstr(n->operstate));
		json_object_object_add(e, "up", u->io.netdevs[i].state_unknown
							? NULL : json_object_new_boolean(n->up));
		json_object_object_add(e, "routed", u->io.routes_error && !n->routed
							    ? NULL : json_object_new_boolean(n->routed));
		json_object_object_add(e, "default_route", json_object_new_boolean(n->default_route));
		for (char **s = n->addrs; s && *s; s++)
			json_object_array_add(addrs, json_object_new_string(*s));
		json_object_object_add(e, "addresses", addrs);
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "netdevs", a);
	a = json_object_new_array();
	for (size_t i = 0; i < u->io.nblocks; i++) {
		const struct inuse_block *b = &u->io.blocks[i];
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "name", json_object_new_string(b->name));
		json_object_object_add(e, "majmin", jstr(b->majmin));
		json_object_object_add(e, "link", json_object_new_string(blockstack_link_name(b->link)));
		json_object_object_add(e, "via", jstr(b->via));
		json_object_object_add(e, "mountpoint", jstr(*b->mountpoint ? b->mountpoint
							     : b->root ? "/" : NULL));
		json_object_object_add(e, "root", json_object_new_boolean(b->root));
		json_object_object_add(e, "swap", json_object_new_boolean(b->swap));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "blocks", a);
	a = json_object_new_array();
	for (size_t i = 0; i < u->nnodes; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "path", json_object_new_string(u->nodes[i].path));
		json_object_object_add(e, "kind", json_object_new_string(node_kinds[u->nodes[i].kind]));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "nodes", a);
	a = json_object_new_array();
	for (size_t i = 0; i < u->open.n; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "node", json_object_new_string(u->open.v[i].node));
		json_object_object_add(e, "pid", json_object_new_int(u->open.v[i].pid));
		json_object_object_add(e, "comm", json_object_new_string(u->open.v[i].comm));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "holders", a);
	a = json_object_new_array();
	not_checked(u, emit_json, a);
	json_object_object_add(o, "not_checked", a);
	return o;
}

int device_usage_show_json(struct cli_ctx *ctx, const struct pci_device *d,
			   struct json_object **out)
{
	struct device_usage u;
	struct reasons r;
	int rc;

	*out = NULL;
	if (!usage_applies(d))
		return 0;
	rc = scan_one(ctx, d, &u);
	if (rc)
		return rc;
	rc = reasons_of(&u, &r);
	if (rc == 0) {
		*out = usage_json(&u, &r);
		reasons_clear(&r);
	}
	device_usage_clear(&u);
	if (rc < 0) {
		cli_err("cannot describe the usage of '%s': %s", d->name, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int usage_column_scan(struct cli_ctx *ctx, const struct host_snapshot *snap, const bool *want,
		      struct usage_column *out)
{
	struct device_usage **ptrs = NULL;
	struct path_ctx *path;
	size_t k = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	out->n = snap->pci->count;
	out->v = calloc(out->n ? out->n : 1, sizeof(*out->v));
	out->scanned = calloc(out->n ? out->n : 1, sizeof(*out->scanned));
	ptrs = calloc(out->n ? out->n : 1, sizeof(*ptrs));
	if (!out->v || !out->scanned || !ptrs) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < out->n && rc == 0; i++) {
		const struct pci_device *d = &snap->pci->devs[i];

		if (!want[i] || !usage_applies(d))
			continue;
		rc = device_usage_scan(path, d->name, USAGE_NO_PROC, &out->v[i]);
		if (rc == 0) {
			out->scanned[i] = true;
			ptrs[k++] = &out->v[i];
		}
	}
	/* one pass over /proc for the nodes of every listed device */
	if (rc == 0)
		rc = device_usage_scan_open(path, ptrs, k);
out:
	free(ptrs);
	if (rc < 0) {
		usage_column_clear(out);
		cli_err("cannot read what the devices are used for: %s", strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

char *usage_column_cell(const struct usage_column *c, size_t i)
{
	struct reasons r;
	char *s;

	if (i >= c->n || !c->scanned[i])
		return strdup("");
	if (reasons_of(&c->v[i], &r) < 0)
		return NULL;
	if (r.n)
		s = reasons_join(&r);
	else
		s = strdup(device_usage_unknown(&c->v[i]) ? "?" : "");
	reasons_clear(&r);
	return s;
}

struct json_object *usage_column_json(const struct usage_column *c, size_t i)
{
	struct json_object *o;
	char *s;

	if (i >= c->n || !c->scanned[i])
		return NULL;
	s = usage_column_cell(c, i);
	o = s && strcmp(s, "?") != 0 ? json_object_new_string(s) : NULL;
	free(s);
	return o;
}

void usage_column_clear(struct usage_column *c)
{
	for (size_t i = 0; c->v && i < c->n; i++)
		if (c->scanned[i])
			device_usage_clear(&c->v[i]);
	free(c->v);
	free(c->scanned);
	memset(c, 0, sizeof(*c));
}

int device_list_used(struct cli_ctx *ctx, const struct host_snapshot *snap,
		     const struct out_table *t, unsigned mask, int col, struct usage_column *out)
{
	bool shown = false, *want;
	int rc;

	memset(out, 0, sizeof(*out));
	for (size_t c = 0; c < t->nids; c++)
		shown |= t->ids[c] == col;
	/* the column costs a walk per device and a pass over /proc: only when asked for */
	if (!shown)
		return 0;
	want = calloc(snap->pci->count ? snap->pci->count : 1, sizeof(*want));
	if (!want) {
		cli_err("cannot read what the devices are used for: %s", strerror(ENOMEM));
		return VFIO_EXIT_FAILURE;
	}
	for (size_t i = 0; i < snap->pci->count; i++)
		want[i] = !mask || (mask & (1u << pci_device_kind(&snap->pci->devs[i])));
	rc = usage_column_scan(ctx, snap, want, out);
	free(want);
	return rc;
}
