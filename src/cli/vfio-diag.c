// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfio-diag.c: the words for what is really wrong with a group's node,
 * a no-IOMMU group, and a VF that needs the PF's VF token
 *
 * group show, group verify and status say the same thing through these.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pathnames.h"
#include "vfio-diag.h"

bool cli_group_noiommu(struct cli_ctx *ctx, const struct host_snapshot *snap, int id)
{
	struct path_ctx *path;

	/* a full read counted the noiommu groups: nothing to read when none was */
	if ((!snap->scoped && !snap->host.nnoiommu_groups) || cli_path(ctx, &path))
		return false;
	return vfio_group_is_noiommu(path, id);
}

const char *cli_group_vfio_member(const struct iommu_group *g)
{
	for (size_t i = 0; i < g->nmembers; i++)
		if (g->members[i].pci && pci_driver_is_vfio(g->members[i].driver))
			return g->members[i].name;
	return NULL;
}

int cli_group_node(struct cli_ctx *ctx, const struct host_snapshot *snap,
		   const struct iommu_group *g, struct vfio_node_info *out)
{
	struct path_ctx *path;
	int rc;

	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	if (vfio_node_check(path, g->id, cli_group_noiommu(ctx, snap, g->id),
			    cli_group_vfio_member(g) != NULL, out) < 0) {
		cli_err("%s", strerror(ENOMEM));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

static void mode_string(char *buf, unsigned mode)
{
	static const char rwx[] = "rwxrwxrwx";

	buf[0] = S_ISCHR(mode) ? 'c' : S_ISDIR(mode) ? 'd' : S_ISREG(mode) ? '-' : '?';
	for (int i = 0; i < 9; i++)
		buf[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	buf[10] = '\0';
}

#define UDEV_HINT "udevadm trigger --subsystem-match=vfio --action=add"

void cli_node_explain(char *buf, size_t size, const struct vfio_node_info *n,
		      const char *member)
{
	char mode[12];

	buf[0] = '\0';
	switch (n->state) {
	case VFIO_NODE_MISSING:
		if (n->kdev_known)
			snprintf(buf, size,
				 "%s is missing although %s is bound to vfio-pci: the kernel made the group device (/sys/class/vfio/%s, %u:%u) but udev did not create its node; check 'ls -l /%s' and run '" UDEV_HINT "' (without udev: mknod %s c %u %u)",
				 n->path, member ? member : "a member", n->name, n->kmajor,
				 n->kminor, PATH_DEV_VFIO, n->path, n->kmajor, n->kminor);
		else
			snprintf(buf, size,
				 "%s is missing although %s is bound to vfio-pci: udev did not create it (check 'ls -l /%s', '" UDEV_HINT "', and that the vfio module is loaded: 'lsmod | grep vfio')",
				 n->path, member ? member : "a member", PATH_DEV_VFIO);
		break;
	case VFIO_NODE_NOT_CHARDEV:
		mode_string(mode, n->mode);
		snprintf(buf, size,
			 "%s is not a device node (%s): something other than udev made it; remove it and run '" UDEV_HINT "'",
			 n->path, mode);
		break;
	case VFIO_NODE_WRONG_DEVICE:
		if (*n->owner && !n->kdev_known)
			snprintf(buf, size,
				 "%s is the device %u:%u, which is VFIO group %s's (/sys/class/vfio/%s/dev), and group %d has no group device (no member on vfio-pci): opening it would use the wrong group; remove it",
				 n->path, n->nmajor, n->nminor, n->owner, n->owner, n->group);
		else if (*n->owner)
			snprintf(buf, size,
				 "%s is the device %u:%u, which is VFIO group %s's (/sys/class/vfio/%s/dev), not group %d's (%u:%u): opening it would use the wrong group; remove it and run '" UDEV_HINT "'",
				 n->path, n->nmajor, n->nminor, n->owner, n->owner, n->group,
				 n->kmajor, n->kminor);
		else
			snprintf(buf, size,
				 "%s is the device %u:%u, which is no VFIO group's, not group %d's (%u:%u from /sys/class/vfio/%s/dev): remove it and run '" UDEV_HINT "'",
				 n->path, n->nmajor, n->nminor, n->group, n->kmajor, n->kminor,
				 n->name);
		break;
	case VFIO_NODE_NO_ACCESS:
		mode_string(mode, n->mode);
		if (n->node_present)
			snprintf(buf, size,
				 "%s is %s uid %u gid %u: this user (uid %u) cannot open it read-write; run as root, or give the user the node (a udev rule: SUBSYSTEM==\"vfio\", GROUP=\"...\", MODE=\"0660\")",
				 n->path, mode, n->uid, n->gid, (unsigned)geteuid());
		else
			snprintf(buf, size, "%s cannot be looked up: %s", n->path,
				 strerror(-n->error));
		break;
	default:
		break;
	}
}

struct json_object *cli_node_json(const struct vfio_node_info *n, const char *member)
{
	struct json_object *o = json_object_new_object();
	char buf[640], dev[32];

	json_object_object_add(o, "path", json_object_new_string(n->path));
	json_object_object_add(o, "state", json_object_new_string(vfio_node_state_name(n->state)));
	json_object_object_add(o, "ok", json_object_new_boolean(!vfio_node_problem(n->state)));
	snprintf(dev, sizeof(dev), "%u:%u", n->kmajor, n->kminor);
	json_object_object_add(o, "group_dev", n->kdev_known ? json_object_new_string(dev) : NULL);
	snprintf(dev, sizeof(dev), "%u:%u", n->nmajor, n->nminor);
	json_object_object_add(o, "node_dev", n->node_chardev ? json_object_new_string(dev) : NULL);
	json_object_object_add(o, "belongs_to", json_string_or_null(n->owner));
	cli_node_explain(buf, sizeof(buf), n, member);
	json_object_object_add(o, "hint", json_string_or_null(buf));
	return o;
}

const char *cli_noiommu_warning(void)
{
	return "no-IOMMU (vfio-noiommu, enable_unsafe_noiommu_mode): UNSAFE, no DMA isolation: whoever opens it can make the device read and write any memory of the host; the kernel is tainted";
}

const char *cli_vf_token_explain(char *buf, size_t size, enum vf_token_verdict v,
				 const struct vf_pf_state *st, const char *bdf)
{
	switch (v) {
	case VF_TOKEN_NEEDED:
		snprintf(buf, size,
			 "the PF %s is bound to %s with SR-IOV enabled: %s needs the VF token the PF's user set; pass --vf-token UUID",
			 st->pf, st->pf_driver, bdf);
		return buf;
	case VF_TOKEN_WRONG:
		snprintf(buf, size,
			 "the PF %s is bound to %s with SR-IOV enabled and refused the VF token: it is not the one the PF's user set (QEMU vf-token=, DPDK --vfio-vf-token)",
			 st->pf, st->pf_driver);
		return buf;
	case VF_TOKEN_NOT_WANTED:
		if (st->is_vf)
			snprintf(buf, size,
				 "%s takes no VF token: its PF %s is not bound to vfio-pci (%s)",
				 bdf, st->pf, *st->pf_driver ? st->pf_driver : "no driver");
		else
			snprintf(buf, size, "%s takes no VF token: it is not a VF", bdf);
		return buf;
	case VF_TOKEN_PF_IN_USE:
		snprintf(buf, size,
			 "%s is a PF on %s with %d VFs in use by a VFIO user: opening the PF needs their VF token",
			 bdf, st->driver, st->numvfs);
		return buf;
	default:
		return NULL;
	}
}

void cli_group_vfio_text(struct cli_ctx *ctx, const struct host_snapshot *snap,
			 const struct iommu_group *g)
{
	struct vfio_node_info n;
	char buf[640];

	if (cli_group_node(ctx, snap, g, &n))
		return;
	if (n.noiommu)
		printf("  %swarning%s:  %s\n", cli_color(ctx, COLOR_RED), cli_color(ctx, COLOR_RESET),
		       cli_noiommu_warning());
	if (vfio_node_problem(n.state)) {
		cli_node_explain(buf, sizeof(buf), &n, cli_group_vfio_member(g));
		printf("  node:     %s%s%s: %s\n", cli_color(ctx, COLOR_RED),
		       vfio_node_state_name(n.state), cli_color(ctx, COLOR_RESET), buf);
	} else if (n.noiommu && n.state != VFIO_NODE_UNUSED) {
		printf("  node:     %s\n", n.path);
	}
}

void cli_group_vfio_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			 const struct iommu_group *g, struct json_object *o)
{
	struct vfio_node_info n;

	if (cli_group_node(ctx, snap, g, &n))
		return;
	json_object_object_add(o, "noiommu", json_object_new_boolean(n.noiommu));
	json_object_object_add(o, "node", n.state == VFIO_NODE_UNUSED ? NULL
					  : cli_node_json(&n, cli_group_vfio_member(g)));
}

/* status: each group whose node is wrong, and the vfio-noiommu groups by number */
void cli_status_vfio_text(struct cli_ctx *ctx, const struct host_snapshot *snap)
{
	bool first = true;
	char buf[640];

	for (size_t i = 0; i < snap->groups->count; i++) {
		const struct iommu_group *g = &snap->groups->groups[i];
		struct vfio_node_info n;

		if (!cli_group_vfio_member(g) || cli_group_node(ctx, snap, g, &n))
			continue;
		if (!vfio_node_problem(n.state))
			continue;
		cli_node_explain(buf, sizeof(buf), &n, cli_group_vfio_member(g));
		printf("%-14s%sgroup %d%s: %s\n", "", cli_color(ctx, COLOR_RED), g->id,
		       cli_color(ctx, COLOR_RESET), buf);
	}
	for (size_t i = 0; i < snap->groups->count; i++) {
		int id = snap->groups->groups[i].id;

		if (!cli_group_noiommu(ctx, snap, id))
			continue;
		printf("%s%d", first ? "              no-IOMMU groups (UNSAFE): " : ", ", id);
		first = false;
	}
	if (!first)
		printf("\n");
}

void cli_status_vfio_json(struct cli_ctx *ctx, const struct host_snapshot *snap,
			  struct json_object *vfio)
{
	struct json_object *problems = json_object_new_array();
	struct json_object *noiommu = json_object_new_array();

	for (size_t i = 0; i < snap->groups->count; i++) {
		const struct iommu_group *g = &snap->groups->groups[i];
		struct vfio_node_info n;
		struct json_object *o;

		if (cli_group_noiommu(ctx, snap, g->id))
			json_object_array_add(noiommu, json_object_new_int(g->id));
		if (!cli_group_vfio_member(g) || cli_group_node(ctx, snap, g, &n) ||
		    !vfio_node_problem(n.state))
			continue;
		o = cli_node_json(&n, cli_group_vfio_member(g));
		json_object_object_add(o, "group", json_object_new_int(g->id));
		json_object_array_add(problems, o);
	}
	json_object_object_add(vfio, "noiommu_group_ids", noiommu);
	json_object_object_add(vfio, "node_problems", problems);
}

bool cli_noiommu_mode(const struct cli_ctx *ctx)
{
	char buf[8];

	return ctx->path &&
	       path_read_string(ctx->path, buf, sizeof(buf), PATH_SYS_MODULE
				"/vfio/parameters/enable_unsafe_noiommu_mode") > 0 &&
	       buf[0] == 'Y';
}

const char *cli_verify_device_hint(struct path_ctx *path, const struct vfio_device_report *d,
				   char *buf, size_t size)
{
	struct vf_pf_state st;

	if (!d->error || vf_pf_state_read(path, d->name, &st) < 0)
		return NULL;
	return cli_vf_token_explain(buf, size, vf_token_diagnose(d->error, d->vf_token_used, &st),
				    &st, d->name);
}

struct json_object *cli_verify_node_json(const struct vfio_node_info *n, const char *member,
					 const struct vfio_verify_report *r)
{
	struct json_object *o = cli_node_json(n, member);
	char dev[32];

	json_object_object_add(o, "checked_open", json_object_new_boolean(r->node_checked));
	if (r->node_mismatch) {
		json_object_object_add(o, "state", json_object_new_string(
			vfio_node_state_name(VFIO_NODE_WRONG_DEVICE)));
		json_object_object_add(o, "ok", json_object_new_boolean(false));
		snprintf(dev, sizeof(dev), "%u:%u", r->node_major, r->node_minor);
		json_object_object_add(o, "node_dev", json_object_new_string(dev));
	}
	return o;
}

void cli_verify_report_mismatch(struct path_ctx *path, const struct vfio_node_info *n,
				const struct vfio_verify_report *r)
{
	char owner[32] = "";

	vfio_node_owner(path, makedev(r->node_major, r->node_minor), owner, sizeof(owner));
	if (!r->want_major && !r->want_minor)
		cli_err("group %d: refused: %s opened the device %u:%u%s%s%s, but group %d has no group device (/sys/class/vfio/%s): remove the node",
			n->group, n->path, r->node_major, r->node_minor,
			*owner ? ", which is VFIO group " : "", owner, *owner ? "'s" : "",
			n->group, n->name);
	else if (*owner)
		cli_err("group %d: refused: %s opened the device %u:%u, which is VFIO group %s's (/sys/class/vfio/%s/dev), not group %d's (%u:%u): remove the node and run '" UDEV_HINT "'",
			n->group, n->path, r->node_major, r->node_minor, owner, owner, n->group,
			r->want_major, r->want_minor);
	else
		cli_err("group %d: refused: %s opened the device %u:%u, not group %d's (%u:%u from /sys/class/vfio/%s/dev): remove the node and run '" UDEV_HINT "'",
			n->group, n->path, r->node_major, r->node_minor, n->group, r->want_major,
			r->want_minor, n->name);
}

void cli_verify_warn_unused_token(const char *token, int group,
				  const struct vfio_verify_report *r)
{
	if (!token)
		return;
	for (size_t i = 0; i < r->ndevices; i++)
		if (r->devices[i].vf_token_used)
			return;
	cli_warn("--vf-token not passed: no member of group %d is a VF of a PF bound to vfio-pci",
		 group);
}

bool cli_verify_node_gate(const struct vfio_node_info *n, const struct iommu_group *g)
{
	char buf[640];

	if (n->state != VFIO_NODE_UNUSED &&
	    !(n->state == VFIO_NODE_WRONG_DEVICE && !cli_group_vfio_member(g)))
		return false;
	if (n->state == VFIO_NODE_WRONG_DEVICE) {
		cli_node_explain(buf, sizeof(buf), n, NULL);
		cli_warn("%s", buf);
	}
	if (n->node_present)
		cli_err("group %d is not bound to vfio-pci (run 'vfioctl group claim %d')", n->group,
			n->group);
	else
		cli_err("group %d is not bound to vfio-pci: no %s (run 'vfioctl group claim %d')",
			n->group, n->path, n->group);
	return true;
}
