// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-vfio.c: the verification policy (step order, the failed step, the
 * report, every fd closed) against a fake VFIO kernel
 *
 * vfio_set_ops() swaps the table of kernel operations for the fake one
 * below; no device or /dev/vfio is needed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/vfio.h>

#include <check.h>

#include "testutil.h"
#include "vfio.h"

#define FD_CONTAINER 100
#define FD_GROUP 101
#define FD_DEVICE0 200
#define NFAKE_FDS 512

#define IOVA_LOW_START 0x0
#define IOVA_LOW_END 0xfff		/* room for exactly one 4 KiB page */
#define IOVA_HIGH_START 0x100000
#define IOVA_HIGH_END 0xfedfffff

static struct fake {
	/* behaviour */
	int api_version;
	int type1v2;			/* CHECK_EXTENSION answer */
	int group_open_err;		/* -errno for opening dev/vfio/N */
	bool not_viable;
	int set_iommu_err;
	int map_err;
	bool unmap_short;		/* UNMAP_DMA answers with fewer bytes */
	bool iova_cap;			/* IOMMU_GET_INFO has an IOVA range chain */
	uint64_t low_end;		/* end of the first (small) IOVA range */
	const char *bad_device;		/* GET_DEVICE_FD fails for this BDF */
	bool noiommu;			/* expect VFIO_NOIOMMU_IOMMU, dev/vfio/noiommu-12 */
	dev_t node_rdev;		/* what fstat of the group fd says */
	int device_err;

	/* what happened */
	bool open[NFAKE_FDS];
	int nopen, nclose, bad_close;
	int next_dev_fd;
	int info_calls;
	int set_container_calls;
	int nmapped;
	uint64_t map_iova, map_size;
	unsigned long last_req;
	char calls[64][80];
	int ncalls;
} fk;

static char *root;
static struct path_ctx *ctx;

static void record(const char *what)
{
	if (fk.ncalls < 64)
		snprintf(fk.calls[fk.ncalls++], sizeof(fk.calls[0]), "%s", what);
}

static int fake_fd(int fd)
{
	ck_assert(fd >= 0 && fd < NFAKE_FDS);
	ck_assert(!fk.open[fd]);
	fk.open[fd] = true;
	fk.nopen++;
	return fd;
}

static int fake_open_node(struct path_ctx *c, const char *rel, int flags)
{
	ck_assert_ptr_eq(c, ctx);
	ck_assert_int_eq(flags & O_ACCMODE, O_RDWR);
	record(rel);
	if (strcmp(rel, "dev/vfio/vfio") == 0)
		return fake_fd(FD_CONTAINER);
	if (strcmp(rel, fk.noiommu ? "dev/vfio/noiommu-12" : "dev/vfio/12") == 0) {
		if (fk.group_open_err)
			return fk.group_open_err;
		return fake_fd(FD_GROUP);
	}
	return -ENOENT;
}

static void fake_close_fd(int fd)
{
	if (fd < 0 || fd >= NFAKE_FDS || !fk.open[fd]) {
		fk.bad_close++;
		return;
	}
	fk.open[fd] = false;
	fk.nclose++;
}

/* IOMMU_GET_INFO: the info, then one unrelated cap, then the IOVA ranges */
struct fake_info {
	struct vfio_iommu_type1_info info;
	struct vfio_iommu_type1_info_cap_migration mig;
	struct vfio_iommu_type1_info_cap_iova_range iova;
	struct vfio_iova_range ranges[2];
};

static int fake_iommu_info(struct vfio_iommu_type1_info *info)
{
	struct fake_info f = { 0 };

	fk.info_calls++;
	f.info.flags = VFIO_IOMMU_INFO_PGSIZES;
	f.info.iova_pgsizes = 0x40201000;	/* 4K 2M 1G */
	if (fk.iova_cap) {
		f.info.flags |= VFIO_IOMMU_INFO_CAPS;
		f.info.cap_offset = offsetof(struct fake_info, mig);
		f.mig.header.id = VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION;
		f.mig.header.version = 1;
		f.mig.header.next = offsetof(struct fake_info, iova);
		f.iova.header.id = VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE;
		f.iova.header.version = 1;
		f.iova.nr_iovas = 2;
		f.ranges[0].start = IOVA_LOW_START;
		f.ranges[0].end = fk.low_end;
		f.ranges[1].start = IOVA_HIGH_START;
		f.ranges[1].end = IOVA_HIGH_END;
	}
	f.info.argsz = fk.iova_cap ? sizeof(f) : sizeof(f.info);
	/* as the kernel: the caps only when they fit, the needed size always */
	if (info->argsz < f.info.argsz) {
		uint32_t need = f.info.argsz;

		f.info.cap_offset = 0;
		memcpy(info, &f.info, sizeof(*info));
		info->argsz = need;
		return 0;
	}
	memcpy(info, &f, f.info.argsz);
	return 0;
}

static int fake_ioctl(int fd, unsigned long req, uintptr_t arg)
{
	ck_assert_msg(fd >= 0 && fd < NFAKE_FDS && fk.open[fd], "ioctl on fd %d that is not open", fd);
	fk.last_req = req;

	switch (req) {
	case VFIO_GET_API_VERSION:
		ck_assert_int_eq(fd, FD_CONTAINER);
		record("api");
		return fk.api_version;
	case VFIO_CHECK_EXTENSION:
		ck_assert_int_eq(fd, FD_CONTAINER);
		ck_assert_uint_eq(arg, fk.noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1v2_IOMMU);
		record("ext");
		return fk.type1v2;
	case VFIO_GROUP_GET_STATUS: {
		struct vfio_group_status *st = (void *)arg;

		ck_assert_int_eq(fd, FD_GROUP);
		ck_assert_uint_eq(st->argsz, sizeof(*st));
		record("status");
		st->flags = fk.not_viable ? 0 : VFIO_GROUP_FLAGS_VIABLE;
		return 0;
	}
	case VFIO_GROUP_SET_CONTAINER:
		ck_assert_int_eq(fd, FD_GROUP);
		ck_assert_int_eq(*(int *)arg, FD_CONTAINER);
		record("set-container");
		fk.set_container_calls++;
		return 0;
	case VFIO_SET_IOMMU:
		ck_assert_int_eq(fd, FD_CONTAINER);
		ck_assert_uint_eq(arg, fk.noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1v2_IOMMU);
		ck_assert_int_eq(fk.set_container_calls, 1);
		record("set-iommu");
		return fk.set_iommu_err;
	case VFIO_IOMMU_GET_INFO:
		ck_assert_int_eq(fd, FD_CONTAINER);
		record("info");
		return fake_iommu_info((void *)arg);
	case VFIO_IOMMU_MAP_DMA: {
		struct vfio_iommu_type1_dma_map *m = (void *)arg;

		ck_assert_int_eq(fd, FD_CONTAINER);
		ck_assert_uint_eq(m->flags, VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE);
		ck_assert_uint_ne(m->vaddr, 0);
		ck_assert_uint_eq(m->vaddr % 4096, 0);
		ck_assert_uint_eq(m->iova % m->size, 0);
		/* the buffer is real, writable memory */
		memset((void *)(uintptr_t)m->vaddr, 0xa5, m->size);
		record("map");
		if (fk.map_err)
			return fk.map_err;
		fk.nmapped++;
		fk.map_iova = m->iova;
		fk.map_size = m->size;
		return 0;
	}
	case VFIO_IOMMU_UNMAP_DMA: {
		struct vfio_iommu_type1_dma_unmap *u = (void *)arg;

		ck_assert_int_eq(fd, FD_CONTAINER);
		ck_assert_int_eq(fk.nmapped, 1);
		ck_assert_uint_eq(u->iova, fk.map_iova);
		ck_assert_uint_eq(u->size, fk.map_size);
		record("unmap");
		fk.nmapped--;
		if (fk.unmap_short)
			u->size = 0;
		return 0;
	}
	case VFIO_GROUP_GET_DEVICE_FD: {
		const char *bdf = (const char *)arg;

		ck_assert_int_eq(fd, FD_GROUP);
		ck_assert_int_eq(fk.nmapped, 0);
		record(bdf);
		if (fk.bad_device && strcmp(bdf, fk.bad_device) == 0)
			return fk.device_err;
		return fake_fd(fk.next_dev_fd++);
	}
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info *di = (void *)arg;

		ck_assert_int_ge(fd, FD_DEVICE0);
		di->flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
		di->num_regions = VFIO_PCI_NUM_REGIONS;
		di->num_irqs = VFIO_PCI_NUM_IRQS;
		return 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO: {
		struct vfio_region_info *ri = (void *)arg;

		ck_assert_int_ge(fd, FD_DEVICE0);
		if (ri->index == VFIO_PCI_VGA_REGION_INDEX)
			return -EINVAL;		/* no VGA range, as vfio-pci */
		ri->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
		ri->size = 0;
		if (ri->index == VFIO_PCI_BAR0_REGION_INDEX) {
			ri->flags |= VFIO_REGION_INFO_FLAG_MMAP;
			ri->size = 1 << 20;
		} else if (ri->index == VFIO_PCI_CONFIG_REGION_INDEX) {
			ri->size = 4096;
		}
		ri->offset = (uint64_t)ri->index << 40;
		return 0;
	}
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info *ii = (void *)arg;
		static const uint32_t counts[] = { 1, 1, 0, 0, 1 };

		ck_assert_int_ge(fd, FD_DEVICE0);
		ck_assert_uint_lt(ii->index, VFIO_PCI_NUM_IRQS);
		ii->flags = VFIO_IRQ_INFO_EVENTFD;
		ii->count = counts[ii->index];
		return 0;
	}
	}
	ck_abort_msg("unexpected ioctl 0x%lx", req);
	return -ENOTTY;
}

static const struct vfio_ops fake_ops = {
	.open_node = fake_open_node,
	.ioctl = fake_ioctl,
	.close_fd = fake_close_fd,
};

static int fake_fstat(int fd, struct stat *st)
{
	ck_assert_int_eq(fd, FD_GROUP);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	st->st_rdev = fk.node_rdev;
	record("fstat");
	return 0;
}

/* with the node check: fstat of the opened group fd */
static const struct vfio_ops fake_ops_fstat = {
	.open_node = fake_open_node,
	.ioctl = fake_ioctl,
	.close_fd = fake_close_fd,
	.fstat_fd = fake_fstat,
};

static const char *const members[] = { "0000:00:03.0", "0000:00:03.1", NULL };

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	fk.api_version = VFIO_API_VERSION;
	fk.type1v2 = 1;
	fk.iova_cap = true;
	fk.low_end = IOVA_LOW_END;
	fk.next_dev_fd = FD_DEVICE0;
	vfio_set_ops(&fake_ops);

	root = tree_new();
	tree_write(root, "sys/bus/pci/devices/0000:00:03.0/vfio-dev/vfio0/dev", "511:0\n");
	/* 6.1-6.5: the vfio-dev entry exists, but there is no cdev behind it */
	tree_mkdir(root, "sys/bus/pci/devices/0000:00:03.1/vfio-dev/vfio1");
	tree_write(root, "dev/iommu", "");
	tree_write(root, "sys/class/vfio/12/dev", "246:12\n");
	tree_write(root, "sys/class/vfio/13/dev", "246:13\n");
	/* 00:03.1 is a VF of a PF on vfio-pci (41:00.0) */
	tree_mkdir(root, "sys/bus/pci/drivers/vfio-pci");
	tree_mkdir(root, "sys/bus/pci/devices/0000:41:00.0");
	tree_link(root, "sys/bus/pci/devices/0000:41:00.0/driver", "../../drivers/vfio-pci");
	tree_link(root, "sys/bus/pci/devices/0000:00:03.1/physfn", "../0000:41:00.0");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	vfio_set_ops(NULL);
	path_ctx_free(ctx);
	tree_cleanup(root);
}

/* every fd that was opened was closed exactly once, and no mapping is left */
static void assert_all_closed(void)
{
	ck_assert_int_eq(fk.bad_close, 0);
	ck_assert_int_eq(fk.nopen, fk.nclose);
	for (int i = 0; i < NFAKE_FDS; i++)
		ck_assert_msg(!fk.open[i], "fd %d left open", i);
	ck_assert_int_eq(fk.nmapped, 0);
}

static bool called(const char *what)
{
	for (int i = 0; i < fk.ncalls; i++)
		if (strcmp(fk.calls[i], what) == 0)
			return true;
	return false;
}

START_TEST(test_all_good)
{
	struct vfio_verify_report r;
	static const char *const order[] = {
		"dev/vfio/vfio", "api", "ext", "dev/vfio/12", "status", "set-container",
		"set-iommu", "info", "info", "map", "unmap", "0000:00:03.0", "0000:00:03.1",
	};

	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), 0);
	ck_assert_int_eq(r.error, 0);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_NONE);
	ck_assert_int_eq(r.group, 12);
	ck_assert_int_eq(r.api_version, VFIO_API_VERSION);
	ck_assert(r.type1v2);
	ck_assert(r.viable);
	ck_assert(r.iommufd);
	ck_assert_uint_eq(r.iova_pgsizes, 0x40201000);
	/* two calls: the chain did not fit in the first buffer */
	ck_assert_int_eq(fk.info_calls, 2);
	/* [0, 0xfff] holds exactly one 4 KiB page at 0 */
	ck_assert_uint_eq(r.dma_iova, 0);
	ck_assert_uint_eq(r.dma_size, 4096);
	ck_assert(r.dma_ok);

	ck_assert_uint_eq(sizeof(order) / sizeof(order[0]), fk.ncalls);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		ck_assert_str_eq(fk.calls[i], order[i]);

	ck_assert_uint_eq(r.ndevices, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct vfio_device_report *d = &r.devices[i];

		ck_assert_str_eq(d->name, members[i]);
		ck_assert_int_eq(d->error, 0);
		ck_assert_uint_eq(d->flags, VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET);
		/* VGA answered EINVAL and is left out */
		ck_assert_uint_eq(d->nregions, 8);
		ck_assert_str_eq(d->regions[0].name, "BAR0");
		ck_assert_uint_eq(d->regions[0].size, 1 << 20);
		ck_assert_uint_eq(d->regions[0].flags & VFIO_REGION_INFO_FLAG_MMAP,
				  VFIO_REGION_INFO_FLAG_MMAP);
		ck_assert_str_eq(d->regions[5].name, "BAR5");
		ck_assert_str_eq(d->regions[6].name, "ROM");
		ck_assert_str_eq(d->regions[7].name, "CONFIG");
		ck_assert_uint_eq(d->regions[7].index, VFIO_PCI_CONFIG_REGION_INDEX);
		ck_assert_uint_eq(d->regions[7].offset, (uint64_t)7 << 40);
		ck_assert_uint_eq(d->regions[7].size, 4096);
		ck_assert_uint_eq(d->nirqs, 5);
		ck_assert_str_eq(d->irqs[0].name, "INTx");
		ck_assert_str_eq(d->irqs[1].name, "MSI");
		ck_assert_str_eq(d->irqs[2].name, "MSI-X");
		ck_assert_str_eq(d->irqs[3].name, "ERR");
		ck_assert_str_eq(d->irqs[4].name, "REQ");
		ck_assert_uint_eq(d->irqs[0].count, 1);
		ck_assert_uint_eq(d->irqs[2].count, 0);
	}
	ck_assert_str_eq(r.devices[0].cdev, "vfio0");
	ck_assert_str_eq(r.devices[1].cdev, "");
	assert_all_closed();
	vfio_verify_report_clear(&r);
	ck_assert_ptr_null(r.devices);
	ck_assert_uint_eq(r.ndevices, 0);
}
END_TEST

START_TEST(test_iova_range_skips_small_range)
{
	struct vfio_verify_report r;

	/* [0, 0x7ff] cannot hold a page: the next range is used */
	fk.low_end = 0x7ff;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), 0);
	ck_assert_uint_eq(r.dma_iova, IOVA_HIGH_START);
	ck_assert_uint_eq(fk.map_iova, IOVA_HIGH_START);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_no_iova_cap)
{
	struct vfio_verify_report r;

	fk.iova_cap = false;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), 0);
	ck_assert_int_eq(fk.info_calls, 1);
	ck_assert_uint_eq(r.dma_iova, 0);
	ck_assert(r.dma_ok);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_group_busy)
{
	struct vfio_verify_report r;

	fk.group_open_err = -EBUSY;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EBUSY);
	ck_assert_int_eq(r.error, -EBUSY);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_OPEN_GROUP);
	ck_assert_str_eq(vfio_verify_step_name(r.failed_step), "open-group");
	/* what ran before is reported */
	ck_assert_int_eq(r.api_version, VFIO_API_VERSION);
	ck_assert(r.type1v2);
	ck_assert(!r.viable);
	ck_assert(!r.dma_ok);
	/* the members and their cdevs are known even though none was opened */
	ck_assert_uint_eq(r.ndevices, 2);
	ck_assert_str_eq(r.devices[0].cdev, "vfio0");
	ck_assert_uint_eq(r.devices[0].nregions, 0);
	ck_assert(!called("status"));
	ck_assert(!called("0000:00:03.0"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_group_missing)
{
	struct vfio_verify_report r;

	ck_assert_int_eq(vfio_group_verify(ctx, 13, members, &r), -ENOENT);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_OPEN_GROUP);
	ck_assert_int_eq(r.group, 13);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_not_viable)
{
	struct vfio_verify_report r;

	fk.not_viable = true;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EBUSY);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_GROUP_STATUS);
	ck_assert(!r.viable);
	ck_assert(!called("set-container"));
	ck_assert(!called("map"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_set_iommu_eperm)
{
	struct vfio_verify_report r;

	/* type1 without interrupt remapping */
	fk.set_iommu_err = -EPERM;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EPERM);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_SET_IOMMU);
	ck_assert_str_eq(vfio_verify_step_name(r.failed_step), "set-iommu");
	ck_assert(r.viable);
	ck_assert(!r.dma_ok);
	ck_assert_int_eq(fk.info_calls, 0);
	ck_assert(!called("map"));
	ck_assert(!called("0000:00:03.0"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_map_eperm)
{
	struct vfio_verify_report r;

	/* RLIMIT_MEMLOCK */
	fk.map_err = -EPERM;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EPERM);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_MAP_DMA);
	ck_assert_uint_eq(r.dma_size, 4096);
	ck_assert(!r.dma_ok);
	ck_assert(!called("unmap"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_unmap_short)
{
	struct vfio_verify_report r;

	fk.unmap_short = true;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EIO);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_UNMAP_DMA);
	ck_assert(!r.dma_ok);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_device_fd_fails)
{
	struct vfio_verify_report r;

	fk.bad_device = "0000:00:03.0";
	fk.device_err = -ENODEV;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -ENODEV);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_DEVICES);
	ck_assert_str_eq(vfio_verify_step_name(r.failed_step), "devices");
	/* the steps before it passed */
	ck_assert(r.dma_ok);
	ck_assert(r.viable);
	/* the failing device is named; the next one is still examined */
	ck_assert_int_eq(r.devices[0].error, -ENODEV);
	ck_assert_uint_eq(r.devices[0].nregions, 0);
	ck_assert_int_eq(r.devices[1].error, 0);
	ck_assert_uint_eq(r.devices[1].nregions, 8);
	ck_assert_uint_eq(r.devices[1].nirqs, 5);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_container_missing)
{
	struct vfio_verify_report r;
	struct path_ctx *c2;
	char *empty = tree_new();

	/* the real operations against a tree without dev/vfio/vfio */
	vfio_set_ops(NULL);
	ck_assert_int_eq(path_ctx_new(empty, &c2), 0);
	ck_assert_int_eq(vfio_group_verify(c2, 12, members, &r), -ENOENT);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_OPEN_CONTAINER);
	ck_assert(!r.iommufd);
	ck_assert_str_eq(r.devices[0].cdev, "");
	vfio_verify_report_clear(&r);
	path_ctx_free(c2);
	tree_cleanup(empty);
}
END_TEST

START_TEST(test_api_mismatch)
{
	struct vfio_verify_report r;

	fk.api_version = VFIO_API_VERSION + 1;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EPROTO);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_API_VERSION);
	ck_assert_int_eq(r.api_version, VFIO_API_VERSION + 1);
	ck_assert(!called("dev/vfio/12"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_no_type1v2)
{
	struct vfio_verify_report r;

	fk.type1v2 = 0;
	ck_assert_int_eq(vfio_group_verify(ctx, 12, members, &r), -EOPNOTSUPP);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_TYPE1V2);
	ck_assert(!r.type1v2);
	ck_assert(!called("dev/vfio/12"));
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_no_members)
{
	struct vfio_verify_report r;

	ck_assert_int_eq(vfio_group_verify(ctx, 12, NULL, &r), 0);
	ck_assert_uint_eq(r.ndevices, 0);
	ck_assert(r.dma_ok);
	assert_all_closed();
	vfio_verify_report_clear(&r);
}
END_TEST

START_TEST(test_step_names)
{
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_NONE), "none");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_OPEN_CONTAINER), "open-container");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_API_VERSION), "api-version");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_TYPE1V2), "type1v2");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_GROUP_STATUS), "group-status");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_SET_CONTAINER), "set-container");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_IOMMU_INFO), "iommu-info");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_MAP_DMA), "map-dma");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_UNMAP_DMA), "unmap-dma");
	ck_assert_str_eq(vfio_verify_step_name(VFIO_STEP_DEVICES + 1), "unknown");
}
END_TEST

START_TEST(test_node_of_another_group)
{
	const struct vfio_verify_opts o = { .group = 12, .members = members };
	struct vfio_verify_report r;

	vfio_set_ops(&fake_ops_fstat);
	fk.node_rdev = makedev(246, 13);
	ck_assert_int_eq(vfio_group_verify_opts(ctx, &o, &r), -ENXIO);
	ck_assert_int_eq(r.failed_step, VFIO_STEP_OPEN_GROUP);
	ck_assert(r.node_checked);
	ck_assert(r.node_mismatch);
	ck_assert_uint_eq(r.node_minor, 13);
	ck_assert_uint_eq(r.want_minor, 12);
	/* nothing was done through the wrong group: no ioctl on it */
	ck_assert(called("fstat"));
	ck_assert(!called("status"));
	ck_assert(!called("set-container"));
	vfio_verify_report_clear(&r);
	assert_all_closed();
}
END_TEST

START_TEST(test_node_without_group_device)
{
	const struct vfio_verify_opts o = { .group = 12, .members = members };
	struct vfio_verify_report r;
	char path[512];

	/* group 12 has no group device, yet dev/vfio/12 opened: someone else's */
	snprintf(path, sizeof(path), "%s/sys/class/vfio/12/dev", root);
	ck_assert_int_eq(unlink(path), 0);
	vfio_set_ops(&fake_ops_fstat);
	fk.node_rdev = makedev(246, 13);
	ck_assert_int_eq(vfio_group_verify_opts(ctx, &o, &r), -ENXIO);
	ck_assert(r.node_mismatch);
	ck_assert_uint_eq(r.want_major, 0);
	ck_assert(!called("status"));
	vfio_verify_report_clear(&r);
	assert_all_closed();
}
END_TEST

START_TEST(test_node_of_this_group)
{
	const struct vfio_verify_opts o = { .group = 12, .members = members };
	struct vfio_verify_report r;

	vfio_set_ops(&fake_ops_fstat);
	fk.node_rdev = makedev(246, 12);
	ck_assert_int_eq(vfio_group_verify_opts(ctx, &o, &r), 0);
	ck_assert(r.node_checked);
	ck_assert(!r.node_mismatch);
	ck_assert_uint_eq(r.node_major, 246);
	vfio_verify_report_clear(&r);
	assert_all_closed();
}
END_TEST

START_TEST(test_noiommu)
{
	const struct vfio_verify_opts o = { .group = 12, .members = members, .noiommu = true };
	struct vfio_verify_report r;
	static const char *const order[] = {
		"dev/vfio/vfio", "api", "ext", "dev/vfio/noiommu-12", "status", "set-container",
		"set-iommu", "0000:00:03.0", "0000:00:03.1",
	};

	fk.noiommu = true;
	ck_assert_int_eq(vfio_group_verify_opts(ctx, &o, &r), 0);
	ck_assert(r.noiommu);
	ck_assert(!r.dma_ok);
	ck_assert_int_eq(fk.info_calls, 0);
	ck_assert_uint_eq(sizeof(order) / sizeof(order[0]), fk.ncalls);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		ck_assert_str_eq(fk.calls[i], order[i]);
	vfio_verify_report_clear(&r);
	assert_all_closed();
}
END_TEST

START_TEST(test_vf_token)
{
	const struct vfio_verify_opts o = {
		.group = 12, .members = members,
		.vf_token = "2ab74924-c335-45f4-9b16-8569e5b08258",
	};
	const struct vfio_verify_opts bad = { .group = 12, .members = members, .vf_token = "x" };
	struct vfio_verify_report r;

	ck_assert_int_eq(vfio_group_verify_opts(ctx, &o, &r), 0);
	/* only the VF of a PF on vfio-pci gets the token */
	ck_assert(called("0000:00:03.0"));
	ck_assert(called("0000:00:03.1 vf_token=2ab74924-c335-45f4-9b16-8569e5b08258"));
	ck_assert(!r.devices[0].vf_token_used);
	ck_assert(r.devices[1].vf_token_used);
	vfio_verify_report_clear(&r);
	assert_all_closed();

	ck_assert_int_eq(vfio_group_verify_opts(ctx, &bad, &r), -EINVAL);
	vfio_verify_report_clear(&r);
}
END_TEST

static Suite *vfio_suite(void)
{
	Suite *s = suite_create("vfio");
	TCase *tc = tcase_create("verify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_all_good);
	tcase_add_test(tc, test_iova_range_skips_small_range);
	tcase_add_test(tc, test_no_iova_cap);
	tcase_add_test(tc, test_group_busy);
	tcase_add_test(tc, test_group_missing);
	tcase_add_test(tc, test_not_viable);
	tcase_add_test(tc, test_set_iommu_eperm);
	tcase_add_test(tc, test_map_eperm);
	tcase_add_test(tc, test_unmap_short);
	tcase_add_test(tc, test_device_fd_fails);
	tcase_add_test(tc, test_container_missing);
	tcase_add_test(tc, test_api_mismatch);
	tcase_add_test(tc, test_no_type1v2);
	tcase_add_test(tc, test_no_members);
	tcase_add_test(tc, test_step_names);
	tcase_add_test(tc, test_node_of_another_group);
	tcase_add_test(tc, test_node_of_this_group);
	tcase_add_test(tc, test_node_without_group_device);
	tcase_add_test(tc, test_noiommu);
	tcase_add_test(tc, test_vf_token);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vfio_suite());
}
