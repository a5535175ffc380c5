// SPDX-License-Identifier: GPL-2.0-or-later
/* ident.c: SCSI devices from sys/bus/scsi/devices and sys/dev/block/MAJ:MIN/device */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "pathnames.h"

/* a few attributes of one scsi_device directory, named relative to the sysroot */
static void read_ident(struct path_ctx *ctx, const char *dir, struct scsi_ident *id)
{
	char **v = NULL;
	uint64_t t;

	id->pdt = -1;
	if (path_read_u64(ctx, &t, "%s/type", dir) == 0)
		id->pdt = (int)t;
	path_read_string(ctx, id->vendor, sizeof(id->vendor), "%s/vendor", dir);
	path_read_string(ctx, id->model, sizeof(id->model), "%s/model", dir);
	path_read_string(ctx, id->rev, sizeof(id->rev), "%s/rev", dir);
	path_read_string(ctx, id->state, sizeof(id->state), "%s/state", dir);
	if (path_list_dir(ctx, &v, NULL, "%s/" PATH_SCSI_DEV_SG, dir) == 0 && v[0])
		snprintf(id->sg, sizeof(id->sg), "%s", v[0]);
	strv_free(v);
	v = NULL;
	if (path_list_dir(ctx, &v, NULL, "%s/" PATH_SCSI_DEV_BSG, dir) == 0 && v[0])
		snprintf(id->bsg, sizeof(id->bsg), "%s", v[0]);
	strv_free(v);
	v = NULL;
	if (path_list_dir(ctx, &v, NULL, "%s/" PATH_SCSI_DEV_BLOCK, dir) == 0 && v[0])
		snprintf(id->disk, sizeof(id->disk), "%s", v[0]);
	strv_free(v);
	/* strip the padding INQUIRY leaves in vendor/model */
	for (char *s = id->vendor + strlen(id->vendor); s > id->vendor && s[-1] == ' '; )
		*--s = '\0';
	for (char *s = id->model + strlen(id->model); s > id->model && s[-1] == ' '; )
		*--s = '\0';
}

static bool is_hctl(const char *s)
{
	unsigned int a, b, c, d;
	char end;

	return sscanf(s, "%u:%u:%u:%u%c", &a, &b, &c, &d, &end) == 4;
}

int scsi_ident_list(struct path_ctx *ctx, struct scsi_ident **out, size_t *count)
{
	struct scsi_ident *v;
	char **names = NULL, dir[512];
	size_t n = 0, k = 0;

	*out = NULL;
	*count = 0;
	if (path_list_dir(ctx, &names, &n, PATH_SYS_SCSI_DEVICES) < 0)
		return 0;	/* a capture without sys/bus: see scsi_ident_list_disks() */
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		strv_free(names);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		/* hosts and targets are listed too: only H:C:T:L is a device */
		if (!is_hctl(names[i]))
			continue;
		snprintf(v[k].hctl, sizeof(v[k].hctl), "%s", names[i]);
		snprintf(dir, sizeof(dir), PATH_SYS_SCSI_DEVICES "/%s", names[i]);
		read_ident(ctx, dir, &v[k]);
		if (v[k].disk[0]) {
			uint64_t r;

			if (path_read_u64(ctx, &r, "%s/" PATH_SCSI_DEV_BLOCK "/%s/removable", dir,
					  v[k].disk) == 0)
				v[k].removable = r != 0;
		}
		k++;
	}
	strv_free(names);
	*out = v;
	*count = k;
	return 0;
}

int scsi_ident_list_disks(struct path_ctx *ctx, const struct blockdev_topo *topo,
			  struct scsi_ident **out, size_t *count)
{
	struct scsi_ident *v;
	size_t k = 0;

	*out = NULL;
	*count = 0;
	v = calloc(topo->count ? topo->count : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < topo->count; i++)
		if (topo->devs[i].kind == BLOCKDEV_DISK &&
		    scsi_ident_of_disk(ctx, &topo->devs[i], &v[k]) == 0)
			k++;
	*out = v;
	*count = k;
	return 0;
}

int scsi_ident_of_disk(struct path_ctx *ctx, const struct blockdev *disk, struct scsi_ident *out)
{
	char dir[128];

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "%s/device", disk->syspath);
	/* a SCSI device says its peripheral type; nvme, virtio and loop do not */
	if (!path_exists(ctx, "%s/type", dir) || !path_exists(ctx, "%s/scsi_level", dir))
		return -ENODEV;
	if (path_read_link_name(ctx, out->hctl, sizeof(out->hctl), "%s", dir) < 0 ||
	    !is_hctl(out->hctl))
		return -ENODEV;
	read_ident(ctx, dir, out);
	snprintf(out->disk, sizeof(out->disk), "%s", disk->name);
	out->removable = disk->removable;
	return 0;
}

const char *scsi_pdt_name(int pdt)
{
	switch (pdt) {
	case 0x00:	return "disk";
	case 0x01:	return "tape";
	case 0x02:	return "printer";
	case 0x03:	return "process";
	case 0x04:	return "worm";
	case 0x05:	return "cd/dvd";
	case 0x07:	return "optical";
	case 0x08:	return "mediumx";
	case 0x0c:	return "storage";
	case 0x0d:	return "enclosu";
	case 0x0e:	return "rbc";
	case 0x11:	return "osd";
	case 0x14:	return "zbc";
	case 0x1e:	return "wlun";
	case 0x1f:	return "no dev";
	}
	return "other";
}

static const char *mapped_what(const struct blockdev *d)
{
	switch (d->kind) {
	case BLOCKDEV_PART:
		return "partition";
	case BLOCKDEV_MD:
		return "md array";
	case BLOCKDEV_LOOP:
		return "loop device";
	case BLOCKDEV_DISK:
		return "disk";
	case BLOCKDEV_DM:
		break;
	}
	switch (d->dm_kind) {
	case BLOCKDEV_DM_LVM:	return "LVM logical volume";
	case BLOCKDEV_DM_CRYPT:	return "dm-crypt mapping";
	case BLOCKDEV_DM_PART:	return "kpartx partition map";
	case BLOCKDEV_DM_MPATH:	return "multipath map";
	default:		return "device-mapper map";
	}
}

int scsi_target_of(struct path_ctx *ctx, const struct blockdev_topo *topo,
		   const struct blockdev *dev, struct scsi_target *out)
{
	const struct blockdev *cur = dev, *disk = NULL;
	bool subset = false, noioctl = false;
	int hops = 0;

	memset(out, 0, sizeof(*out));
	out->dev = dev;
	out->what = mapped_what(dev);
	out->mapped = dev->kind == BLOCKDEV_PART || dev->kind == BLOCKDEV_MD ||
		      (dev->kind == BLOCKDEV_DM && dev->dm_kind != BLOCKDEV_DM_MPATH);

	/* down through single-slave dm maps, as dm_prepare_ioctl() re-issues the ioctl */
	while (cur->kind == BLOCKDEV_DM) {
		const struct blockdev *s;

		if (++hops > 16)
			return -ELOOP;
		/* several slaves mean several targets, except multipath: one target, many paths */
		if (cur->dm_kind == BLOCKDEV_DM_CRYPT || !cur->slaves[0] ||
		    (cur->slaves[1] && cur->dm_kind != BLOCKDEV_DM_MPATH)) {
			noioctl = true;
			break;
		}
		s = blockdev_find(topo, cur->slaves[0]);
		if (!s) {
			noioctl = true;
			break;
		}
		if (cur->size != s->size)
			subset = true;
		cur = s;
	}
	if (!noioctl) {
		if (cur->kind == BLOCKDEV_PART)
			disk = blockdev_find(topo, cur->parent);
		else if (cur->kind == BLOCKDEV_DISK)
			disk = cur;
	}
	if (disk && scsi_ident_of_disk(ctx, disk, &out->ident) == 0) {
		out->has_ident = true;
		out->disk = disk;
	} else {
		disk = NULL;
	}

	if (noioctl)
		out->knode = SCSI_KNODE_DM_NOIOCTL;
	else if (!disk)
		out->knode = SCSI_KNODE_NOT_SCSI;
	else if (dev->kind == BLOCKDEV_DM)
		out->knode = subset ? SCSI_KNODE_DM_SUBSET : SCSI_KNODE_DM_WHOLE;
	else if (dev->kind == BLOCKDEV_PART)
		out->knode = SCSI_KNODE_PART;
	else
		out->knode = SCSI_KNODE_DISK;
	out->under_part = dev->kind == BLOCKDEV_DM && cur->kind == BLOCKDEV_PART;
	return 0;
}
