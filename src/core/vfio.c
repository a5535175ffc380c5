// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfio.c: prove a group works with the real VFIO ioctls
 *
 * The order is the one of Documentation/driver-api/vfio.rst (legacy
 * container/group interface). Every open and ioctl goes through a small
 * table of operations so that the policy around them (order, which step
 * failed, what is reported, that every fd is closed) can be tested with a
 * fake kernel; tests/unit/test-vfio.c includes this file for that.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "pathnames.h"
#include "vfio.h"
#include "vfio/node.h"
#include "vfio/vftoken.h"

static int real_open_node(struct path_ctx *ctx, const char *rel, int flags)
{
	return path_open(ctx, flags, "%s", rel);
}

static int real_ioctl(int fd, unsigned long request, uintptr_t arg)
{
	int r;

	do
		r = ioctl(fd, request, arg);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static void real_close_fd(int fd)
{
	close(fd);
}

static int real_fstat_fd(int fd, struct stat *st)
{
	return fstat(fd, st) < 0 ? -errno : 0;
}

const struct vfio_ops vfio_ops_kernel = {
	.open_node = real_open_node,
	.ioctl = real_ioctl,
	.close_fd = real_close_fd,
	.fstat_fd = real_fstat_fd,
};

static const struct vfio_ops *ops = &vfio_ops_kernel;

void vfio_set_ops(const struct vfio_ops *o)
{
	ops = o ? o : &vfio_ops_kernel;
}

#define VFIO_DMA_MIN_SIZE 4096u

static const char *const step_names[] = {
	[VFIO_STEP_NONE] = "none",
	[VFIO_STEP_OPEN_CONTAINER] = "open-container",
	[VFIO_STEP_API_VERSION] = "api-version",
	[VFIO_STEP_TYPE1V2] = "type1v2",
	[VFIO_STEP_OPEN_GROUP] = "open-group",
	[VFIO_STEP_GROUP_STATUS] = "group-status",
	[VFIO_STEP_SET_CONTAINER] = "set-container",
	[VFIO_STEP_SET_IOMMU] = "set-iommu",
	[VFIO_STEP_IOMMU_INFO] = "iommu-info",
	[VFIO_STEP_MAP_DMA] = "map-dma",
	[VFIO_STEP_UNMAP_DMA] = "unmap-dma",
	[VFIO_STEP_DEVICES] = "devices",
};

const char *vfio_verify_step_name(enum vfio_verify_step step)
{
	if ((unsigned)step >= sizeof(step_names) / sizeof(step_names[0]))
		return "unknown";
	return step_names[step];
}

static const char *const pci_region_names[VFIO_PCI_NUM_REGIONS] = {
	"BAR0", "BAR1", "BAR2", "BAR3", "BAR4", "BAR5", "ROM", "CONFIG", "VGA",
};

static const char *const pci_irq_names[VFIO_PCI_NUM_IRQS] = {
	"INTx", "MSI", "MSI-X", "ERR", "REQ",
};

static int fail(struct vfio_verify_report *out, enum vfio_verify_step step, int err)
{
	out->failed_step = step;
	out->error = err;
	return err;
}

/*
 * "vfio0" from sys/bus/pci/devices/BDF/vfio-dev/; "" without cdev support.
 * Kernels 6.1-6.5 have the vfio-dev/vfioX directory but no character
 * device behind it: only an entry with a "dev" attribute (major:minor of
 * the node under dev/vfio/devices) is a cdev (CONFIG_VFIO_DEVICE_CDEV).
 */
static void find_cdev(struct path_ctx *ctx, const char *bdf, char *buf, size_t size)
{
	char **names;

	buf[0] = '\0';
	if (path_list_dir(ctx, &names, NULL, "%s/%s/%s", PATH_SYS_PCI_DEVICES, bdf,
			  PATH_PCI_VFIO_DEV) < 0)
		return;
	for (size_t i = 0; names[i]; i++) {
		if (strncmp(names[i], "vfio", 4) == 0 && strlen(names[i]) < size &&
		    path_exists(ctx, "%s/%s/%s/%s/dev", PATH_SYS_PCI_DEVICES, bdf,
				PATH_PCI_VFIO_DEV, names[i])) {
			strcpy(buf, names[i]);
			break;
		}
	}
	strv_free(names);
}

/*
 * The DMA window: the smallest IOMMU page size (at least a CPU page), at
 * the lowest address of a usable IOVA range that fits it, or 0 when the
 * kernel does not describe the ranges.
 */
static int pick_iova(const struct vfio_iommu_type1_info *info, size_t infosz,
		     uint64_t size, uint64_t *iova)
{
	uint32_t off;

	*iova = 0;
	if (!(info->flags & VFIO_IOMMU_INFO_CAPS))
		return 0;
	off = info->cap_offset;
	/* a bounded walk: offsets must move forward inside the buffer */
	while (off && off >= sizeof(*info) &&
	       off + sizeof(struct vfio_info_cap_header) <= infosz) {
		const struct vfio_info_cap_header *h =
			(const void *)((const char *)info + off);

		if (h->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE &&
		    off + sizeof(struct vfio_iommu_type1_info_cap_iova_range) <= infosz) {
			const struct vfio_iommu_type1_info_cap_iova_range *r = (const void *)h;
			uint32_t n = r->nr_iovas;

			if (n > (infosz - off - sizeof(*r)) / sizeof(r->iova_ranges[0]))
				return -EPROTO;
			for (uint32_t i = 0; i < n; i++) {
				uint64_t start = (r->iova_ranges[i].start + size - 1) & ~(size - 1);

				if (start < r->iova_ranges[i].start)
					continue;	/* wrapped */
				if (start <= r->iova_ranges[i].end &&
				    r->iova_ranges[i].end - start >= size - 1) {
					*iova = start;
					return 0;
				}
			}
			return -ENOSPC;
		}
		if (h->next <= off)
			break;
		off = h->next;
	}
	return 0;
}

static int iommu_info(int cfd, struct vfio_verify_report *out, uint64_t *dma_size,
		      uint64_t *iova)
{
	struct vfio_iommu_type1_info *info;
	size_t sz = sizeof(*info);
	uint64_t pg;
	long cpu_page;
	int r;

	info = calloc(1, sz);
	if (!info)
		return -ENOMEM;
	info->argsz = sz;
	r = ops->ioctl(cfd, VFIO_IOMMU_GET_INFO, (uintptr_t)info);
	if (r >= 0 && info->argsz > sz) {
		/* the capability chain did not fit: ask again with room for it */
		size_t need = info->argsz;
		struct vfio_iommu_type1_info *big = calloc(1, need);

		if (!big) {
			free(info);
			return -ENOMEM;
		}
		free(info);
		info = big;
		sz = need;
		info->argsz = sz;
		r = ops->ioctl(cfd, VFIO_IOMMU_GET_INFO, (uintptr_t)info);
	}
	if (r < 0) {
		free(info);
		return r;
	}
	if (info->flags & VFIO_IOMMU_INFO_PGSIZES)
		out->iova_pgsizes = info->iova_pgsizes;

	cpu_page = sysconf(_SC_PAGESIZE);
	pg = out->iova_pgsizes & -out->iova_pgsizes;	/* the smallest */
	if (cpu_page > 0 && pg < (uint64_t)cpu_page)
		pg = (uint64_t)cpu_page;
	if (pg < VFIO_DMA_MIN_SIZE)
		pg = VFIO_DMA_MIN_SIZE;
	*dma_size = pg;
	r = pick_iova(info, sz < info->argsz ? sz : info->argsz, pg, iova);
	free(info);
	return r;
}

/* map a small buffer for device DMA and remove the mapping again */
static int dma_map_unmap(int cfd, struct vfio_verify_report *out)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap) };
	void *buf;
	int r;

	buf = mmap(NULL, out->dma_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail(out, VFIO_STEP_MAP_DMA, -errno);
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	map.vaddr = (uintptr_t)buf;
	map.iova = out->dma_iova;
	map.size = out->dma_size;
	r = ops->ioctl(cfd, VFIO_IOMMU_MAP_DMA, (uintptr_t)&map);
	if (r < 0) {
		munmap(buf, out->dma_size);
		return fail(out, VFIO_STEP_MAP_DMA, r);
	}
	unmap.iova = out->dma_iova;
	unmap.size = out->dma_size;
	r = ops->ioctl(cfd, VFIO_IOMMU_UNMAP_DMA, (uintptr_t)&unmap);
	/* the kernel answers with the bytes it unmapped */
	if (r >= 0 && unmap.size != out->dma_size)
		r = -EIO;
	munmap(buf, out->dma_size);
	if (r < 0)
		return fail(out, VFIO_STEP_UNMAP_DMA, r);
	out->dma_ok = true;
	return 0;
}

static void name_index(char *buf, size_t size, bool pci, const char *const *names,
		       unsigned nnames, const char *prefix, unsigned index)
{
	char tmp[32];

	if (pci && index < nnames)
		snprintf(tmp, sizeof(tmp), "%s", names[index]);
	else
		snprintf(tmp, sizeof(tmp), "%s%u", prefix, index);
	snprintf(buf, size, "%.*s", (int)size - 1, tmp);
}

/*
 * The regions and IRQ indexes of one device fd. EINVAL for one index
 * means the device does not implement it (vfio-pci: VGA without a VGA
 * range); it is left out, not counted as a failure.
 */
static int device_info(int dfd, struct vfio_device_report *d)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	bool pci;
	int r;

	r = ops->ioctl(dfd, VFIO_DEVICE_GET_INFO, (uintptr_t)&info);
	if (r < 0)
		return r;
	d->flags = info.flags;
	pci = info.flags & VFIO_DEVICE_FLAGS_PCI;
	for (unsigned i = 0; i < info.num_regions; i++) {
		struct vfio_region_info ri = { .argsz = sizeof(ri), .index = i };
		struct vfio_region_report *rr;

		if (d->nregions >= sizeof(d->regions) / sizeof(d->regions[0]))
			break;
		r = ops->ioctl(dfd, VFIO_DEVICE_GET_REGION_INFO, (uintptr_t)&ri);
		if (r == -EINVAL)
			continue;
		if (r < 0)
			return r;
		rr = &d->regions[d->nregions++];
		rr->index = i;
		name_index(rr->name, sizeof(rr->name), pci, pci_region_names,
			   VFIO_PCI_NUM_REGIONS, "REG", i);
		rr->size = ri.size;
		rr->offset = ri.offset;
		rr->flags = ri.flags;
	}
	for (unsigned i = 0; i < info.num_irqs; i++) {
		struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = i };
		struct vfio_irq_report *ir;

		if (d->nirqs >= sizeof(d->irqs) / sizeof(d->irqs[0]))
			break;
		r = ops->ioctl(dfd, VFIO_DEVICE_GET_IRQ_INFO, (uintptr_t)&ii);
		if (r == -EINVAL)
			continue;
		if (r < 0)
			return r;
		ir = &d->irqs[d->nirqs++];
		ir->index = i;
		name_index(ir->name, sizeof(ir->name), pci, pci_irq_names,
			   VFIO_PCI_NUM_IRQS, "IRQ", i);
		ir->count = ii.count;
		ir->flags = ii.flags;
	}
	return 0;
}

/* open each member through the group; the first error is the step's */
static int devices(int gfd, const char *vf_token, struct vfio_verify_report *out)
{
	int first = 0;

	for (size_t i = 0; i < out->ndevices; i++) {
		struct vfio_device_report *d = &out->devices[i];
		char arg[sizeof(d->name) + VF_TOKEN_LEN + 16];
		int dfd, r;

		r = vfio_device_name_string(arg, sizeof(arg), d->name,
					    d->vf_token_used ? vf_token : NULL);
		dfd = r < 0 ? r : ops->ioctl(gfd, VFIO_GROUP_GET_DEVICE_FD, (uintptr_t)arg);
		if (dfd < 0) {
			d->error = dfd;
		} else {
			r = device_info(dfd, d);
			if (r < 0)
				d->error = r;
			ops->close_fd(dfd);
		}
		if (d->error && !first)
			first = d->error;
	}
	return first ? fail(out, VFIO_STEP_DEVICES, first) : 0;
}

/*
 * The group fd must be the group's device: a node with another number
 * (stale, hand-made, from another host's /dev) opens another group, and
 * verify would prove the wrong one. Checked on the open fd, not on the
 * path, so no rename between a stat and the open can slip through.
 */
static int check_node(struct path_ctx *ctx, int gfd, const char *name,
		      struct vfio_verify_report *out)
{
	struct stat st;
	dev_t want;
	int r;

	if (!ops->fstat_fd || ops->fstat_fd(gfd, &st) < 0)
		return 0;
	r = vfio_node_kdev(ctx, name, &want);
	/* no group device for a node that opened: it is not this group's */
	if (r == -ENOENT && path_exists(ctx, "%s", PATH_SYS_CLASS_VFIO))
		want = 0;
	else if (r < 0)
		return 0;
	out->node_checked = true;
	out->want_major = major(want);
	out->want_minor = minor(want);
	out->node_major = major(st.st_rdev);
	out->node_minor = minor(st.st_rdev);
	if (S_ISCHR(st.st_mode) && st.st_rdev == want)
		return 0;
	out->node_mismatch = true;
	return fail(out, VFIO_STEP_OPEN_GROUP, -ENXIO);
}

/* the steps that need the group fd, after the container is ready */
static int with_group(int cfd, int gfd, const char *vf_token, struct vfio_verify_report *out)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	uint64_t size, iova;
	int r;

	r = ops->ioctl(gfd, VFIO_GROUP_GET_STATUS, (uintptr_t)&st);
	if (r < 0)
		return fail(out, VFIO_STEP_GROUP_STATUS, r);
	out->viable = st.flags & VFIO_GROUP_FLAGS_VIABLE;
	/* a member's DMA is owned by a host driver: attaching would be EBUSY */
	if (!out->viable)
		return fail(out, VFIO_STEP_GROUP_STATUS, -EBUSY);

	r = ops->ioctl(gfd, VFIO_GROUP_SET_CONTAINER, (uintptr_t)&cfd);
	if (r < 0)
		return fail(out, VFIO_STEP_SET_CONTAINER, r);
	r = ops->ioctl(cfd, VFIO_SET_IOMMU,
		       out->noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1v2_IOMMU);
	if (r < 0)
		return fail(out, VFIO_STEP_SET_IOMMU, r);
	/* no IOMMU: nothing to ask about, and DMA cannot be mapped */
	if (out->noiommu)
		return devices(gfd, vf_token, out);

	r = iommu_info(cfd, out, &size, &iova);
	if (r < 0)
		return fail(out, VFIO_STEP_IOMMU_INFO, r);
	out->dma_iova = iova;
	out->dma_size = size;
	r = dma_map_unmap(cfd, out);
	if (r < 0)
		return r;
	return devices(gfd, vf_token, out);
}

int vfio_group_verify(struct path_ctx *ctx, int group, const char *const *members,
		      struct vfio_verify_report *out)
{
	const struct vfio_verify_opts opts = { .group = group, .members = members };

	return vfio_group_verify_opts(ctx, &opts, out);
}

int vfio_group_verify_opts(struct path_ctx *ctx, const struct vfio_verify_opts *opts,
			   struct vfio_verify_report *out)
{
	const char *const *members = opts->members;
	const int group = opts->group;
	char rel[64], name[32];
	size_t n = 0;
	int cfd, gfd, r;

	memset(out, 0, sizeof(*out));
	out->group = group;
	out->noiommu = opts->noiommu;
	out->iommufd = path_exists(ctx, "%s", PATH_DEV_IOMMUFD);
	if (opts->vf_token && !vf_token_valid(opts->vf_token))
		return fail(out, VFIO_STEP_NONE, -EINVAL);

	while (members && members[n])
		n++;
	if (n) {
		out->devices = calloc(n, sizeof(*out->devices));
		if (!out->devices)
			return fail(out, VFIO_STEP_NONE, -ENOMEM);
	}
	for (size_t i = 0; i < n; i++) {
		struct vfio_device_report *d = &out->devices[i];

		if (strlen(members[i]) >= sizeof(d->name)) {
			vfio_verify_report_clear(out);
			return fail(out, VFIO_STEP_NONE, -ENAMETOOLONG);
		}
		strcpy(d->name, members[i]);
		find_cdev(ctx, d->name, d->cdev, sizeof(d->cdev));
		if (opts->vf_token) {
			struct vf_pf_state st;

			d->vf_token_used = vf_pf_state_read(ctx, d->name, &st) == 0 &&
					   vf_token_wanted(&st);
		}
	}
	out->ndevices = n;

	cfd = ops->open_node(ctx, PATH_DEV_VFIO_CONTAINER, O_RDWR);
	if (cfd < 0)
		return fail(out, VFIO_STEP_OPEN_CONTAINER, cfd);

	r = ops->ioctl(cfd, VFIO_GET_API_VERSION, 0);
	if (r < 0) {
		fail(out, VFIO_STEP_API_VERSION, r);
		goto out_container;
	}
	out->api_version = r;
	if (r != VFIO_API_VERSION) {
		fail(out, VFIO_STEP_API_VERSION, -EPROTO);
		goto out_container;
	}
	r = ops->ioctl(cfd, VFIO_CHECK_EXTENSION,
		       out->noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1v2_IOMMU);
	if (r < 0) {
		fail(out, VFIO_STEP_TYPE1V2, r);
		goto out_container;
	}
	out->type1v2 = r > 0;
	if (!out->type1v2) {
		fail(out, VFIO_STEP_TYPE1V2, -EOPNOTSUPP);
		goto out_container;
	}

	vfio_node_name(name, sizeof(name), group, opts->noiommu);
	snprintf(rel, sizeof(rel), "%s/%s", PATH_DEV_VFIO, name);
	gfd = ops->open_node(ctx, rel, O_RDWR);
	if (gfd < 0) {
		fail(out, VFIO_STEP_OPEN_GROUP, gfd);
		goto out_container;
	}
	if (check_node(ctx, gfd, name, out) == 0)
		with_group(cfd, gfd, opts->vf_token, out);
	/* closing the group detaches it from the container, and unmaps all */
	ops->close_fd(gfd);
out_container:
	ops->close_fd(cfd);
	return out->error;
}

void vfio_verify_report_clear(struct vfio_verify_report *r)
{
	free(r->devices);
	r->devices = NULL;
	r->ndevices = 0;
}
