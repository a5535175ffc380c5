/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio.h: prove a group works with the real VFIO ioctls (linux/vfio.h) */
#ifndef VFIO_VFIO_H
#define VFIO_VFIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "path.h"

struct vfio_region_report {
	unsigned index;
	char name[8];			/* BAR0..BAR5, ROM, CONFIG, VGA */
	uint64_t size;			/* bytes */
	uint64_t offset;		/* into the device fd */
	uint32_t flags;			/* VFIO_REGION_INFO_FLAG_* */
};

struct vfio_irq_report {
	unsigned index;
	char name[8];			/* INTx, MSI, MSI-X, ERR, REQ */
	uint32_t count;
	uint32_t flags;			/* VFIO_IRQ_INFO_* */
};

struct vfio_device_report {
	char name[32];			/* BDF */
	int error;			/* -errno of VFIO_GROUP_GET_DEVICE_FD or GET_INFO; 0 ok */
	uint32_t flags;			/* VFIO_DEVICE_FLAGS_* */
	struct vfio_region_report regions[16];
	size_t nregions;
	struct vfio_irq_report irqs[8];
	size_t nirqs;
	char cdev[32];			/* "vfio0" under vfio-dev/, "" without cdev support */
	bool vf_token_used;		/* opened as "BDF vf_token=UUID" (a VF of a vfio-pci PF) */
};

/* the steps of a verification, in order; failed_step names the first that failed */
enum vfio_verify_step {
	VFIO_STEP_NONE,
	VFIO_STEP_OPEN_CONTAINER,	/* open /dev/vfio/vfio */
	VFIO_STEP_API_VERSION,		/* VFIO_GET_API_VERSION == VFIO_API_VERSION */
	VFIO_STEP_TYPE1V2,		/* VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU) */
	VFIO_STEP_OPEN_GROUP,		/* open /dev/vfio/N (EBUSY: held elsewhere) */
	VFIO_STEP_GROUP_STATUS,		/* VFIO_GROUP_GET_STATUS, VIABLE flag */
	VFIO_STEP_SET_CONTAINER,	/* VFIO_GROUP_SET_CONTAINER */
	VFIO_STEP_SET_IOMMU,		/* VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU) */
	VFIO_STEP_IOMMU_INFO,		/* VFIO_IOMMU_GET_INFO */
	VFIO_STEP_MAP_DMA,		/* VFIO_IOMMU_MAP_DMA of a small buffer */
	VFIO_STEP_UNMAP_DMA,		/* VFIO_IOMMU_UNMAP_DMA */
	VFIO_STEP_DEVICES,		/* VFIO_GROUP_GET_DEVICE_FD + GET_INFO per member */
};

struct vfio_verify_report {
	int group;
	int api_version;
	bool type1v2;
	bool viable;
	uint64_t iova_pgsizes;		/* bitmap from VFIO_IOMMU_GET_INFO */
	uint64_t dma_iova, dma_size;	/* the mapping that was made and removed */
	bool dma_ok;
	struct vfio_device_report *devices;
	size_t ndevices;
	enum vfio_verify_step failed_step;
	int error;			/* -errno of the failed step */
	bool iommufd;			/* /dev/iommu exists (iommufd, cdev interface) */
	bool noiommu;			/* a vfio-noiommu group: no IOMMU, no DMA mapping steps */
	bool node_checked;		/* the group fd's st_rdev was compared with sys/class/vfio */
	bool node_mismatch;		/* it was another device: refused before any ioctl (-ENXIO) */
	unsigned node_major, node_minor;	/* of the opened node */
	unsigned want_major, want_minor;	/* sys/class/vfio/NAME/dev */
};

/* what to verify; see vfio_group_verify_opts() */
struct vfio_verify_opts {
	int group;
	const char *const *members;	/* NULL-terminated BDFs of the PCI members to open */
	bool noiommu;			/* dev/vfio/noiommu-N, VFIO_NOIOMMU_IOMMU, no DMA mapping */
	const char *vf_token;		/* a UUID for the members that are VFs of a vfio-pci PF */
};

/*
 * The kernel boundary, so that the step logic can be tested with a fake:
 * each returns >= 0 or -errno, as the system call would.
 */
struct vfio_ops {
	int (*open_node)(struct path_ctx *ctx, const char *rel, int flags);
	int (*ioctl)(int fd, unsigned long request, uintptr_t arg);
	void (*close_fd)(int fd);
	/* fstat(2) of an opened node; NULL skips the node check (test fakes) */
	int (*fstat_fd)(int fd, struct stat *st);
};

/* the real thing: path_open() on the sysroot, ioctl(2), close(2) */
extern const struct vfio_ops vfio_ops_kernel;

/** vfio_set_ops() - use @ops for later calls (tests); NULL restores the kernel's */
void vfio_set_ops(const struct vfio_ops *ops);

/**
 * vfio_group_verify() - exercise a VFIO group end to end
 * @ctx: sysroot; must be the live root (the ioctls need the real kernel)
 * @group: IOMMU group number; /dev/vfio/@group must exist
 * @members: NULL-terminated BDFs of the group's PCI members
 * @out: filled in; release with vfio_verify_report_clear()
 *
 * Follows Documentation/driver-api/vfio.rst: container, API version,
 * type1v2, group status, set container, set IOMMU, map and unmap a DMA
 * buffer, then each device's regions and IRQ indexes. Opening a device fd
 * enables it and may reset it.
 *
 * Return: 0 when every step passed; otherwise the -errno of the first
 * failed step (also in @out->error, with @out->failed_step): -EBUSY when
 * another process holds the group, -EPERM for missing interrupt
 * remapping or RLIMIT_MEMLOCK, -ENOENT when the group node is absent.
 */
int vfio_group_verify(struct path_ctx *ctx, int group, const char *const *members,
		      struct vfio_verify_report *out);

/**
 * vfio_group_verify_opts() - vfio_group_verify() with the choices of @opts
 * @ctx: sysroot; the live root
 * @opts: the group, its members, no-IOMMU mode, a VF token
 * @out: as for vfio_group_verify()
 *
 * Before any ioctl, fstat() of the opened group fd must give the number
 * in sys/class/vfio/NAME/dev: a node that opens another group is closed
 * again and the verify fails at open-group with -ENXIO (@out->node_mismatch).
 * A vfio-noiommu group (vfio.rst, "VFIO No-IOMMU mode") is set up with
 * VFIO_NOIOMMU_IOMMU, which has no IOMMU info and no DMA mapping: those
 * steps are not run. With @opts->vf_token, a member that is a VF of a PF
 * on vfio-pci is opened as "BDF vf_token=UUID" (vf_token_wanted()).
 *
 * Return: as vfio_group_verify(); -EINVAL for a token that is not a UUID.
 */
int vfio_group_verify_opts(struct path_ctx *ctx, const struct vfio_verify_opts *opts,
			   struct vfio_verify_report *out);

/** vfio_verify_report_clear() - free the device reports */
void vfio_verify_report_clear(struct vfio_verify_report *r);

/** vfio_verify_step_name() - "open-container", "map-dma", ... (stable) */
const char *vfio_verify_step_name(enum vfio_verify_step step);

#endif
