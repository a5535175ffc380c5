/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iommu.h: IOMMU groups, their members and reserved regions */
#ifndef VFIO_IOMMU_H
#define VFIO_IOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "path.h"
#include "pci.h"

/* one line of reserved_regions: "0x00000000fee00000 0x00000000feefffff msi" */
struct iommu_region {
	uint64_t start, end;	/* inclusive, bytes */
	char type[32];		/* direct, direct-relaxable, msi, reserved... */
};

struct iommu_member {
	char *name;			/* the link name: a BDF or a platform device */
	char driver[PCI_DRIVER_MAX];	/* bound driver, "" when unbound */
	struct pci_device *pci;		/* into the pci_list; NULL for non-PCI members */
	int read_error;			/* 0, or -errno: its driver could not be read (unknown, not unbound) */
};

struct iommu_group {
	int id;
	char *type;			/* "DMA", "DMA-FQ", "identity"...; NULL if absent */
	struct iommu_member *members;	/* sorted by name */
	size_t nmembers;
	struct iommu_region *regions;
	size_t nregions;
	int read_error;			/* 0, or -errno: the member list could not be read */
};

struct iommu_group_list {
	struct iommu_group *groups;	/* sorted by numeric id; ids may be sparse */
	size_t count;
};

/**
 * iommu_group_scan() - read /sys/kernel/iommu_groups
 * @ctx: sysroot
 * @pci: devices from pci_scan(), linked to the members they describe;
 *       must outlive the group list
 * @out: receives the list; free with iommu_group_list_free()
 *
 * ABI: Documentation/ABI/testing/sysfs-kernel-iommu_groups. Group numbers
 * are whatever the kernel assigned: never assumed to be 0..N-1. Members
 * that are not PCI functions (platform devices) are kept with pci == NULL.
 * A missing iommu_groups directory gives an empty list (no IOMMU). A group
 * whose devices/ cannot be listed, or a member whose driver cannot be read
 * (-EACCES...), is kept with its read_error set: its verdict is unknown.
 *
 * Return: 0, -ENOMEM, or -errno of listing the directory.
 */
int iommu_group_scan(struct path_ctx *ctx, struct pci_list *pci,
		     struct iommu_group_list **out);

/**
 * iommu_group_read() - read one IOMMU group as iommu_group_scan() reads each
 * @ctx: sysroot
 * @pci: the devices its members are linked to (pci_scan_names() of the
 *       members is enough); must outlive the list
 * @id: the group number; -1 reads no group (only the directory check)
 * @out: receives a list holding that group, or an empty list when
 *       /sys/kernel/iommu_groups has no entry @id; free with
 *       iommu_group_list_free()
 *
 * The cost grows with the group's members, not with the host.
 * Return: 0, -ENOMEM, or the -errno of opening /sys/kernel/iommu_groups
 * (other than -ENOENT): the error iommu_group_scan() returns.
 */
int iommu_group_read(struct path_ctx *ctx, struct pci_list *pci, int id,
		     struct iommu_group_list **out);

/**
 * iommu_groups_any() - whether /sys/kernel/iommu_groups holds any group
 * (an entry iommu_group_scan() would take); false when it cannot be listed
 */
bool iommu_groups_any(struct path_ctx *ctx);

/* what iommu_group_scan_mask() reads of each group besides its members */
enum {
	IOMMU_READ_TYPE = 1u << 0,	/* the default domain type ("type") */
	IOMMU_READ_REGIONS = 1u << 1,	/* reserved_regions */
};

/**
 * iommu_group_scan_mask() - iommu_group_scan(), reading of each group only
 * its members and @what (IOMMU_READ_*): a listing that shows no type,
 * region or DIRECT column leaves type NULL and nregions 0
 * Return: as iommu_group_scan().
 */
int iommu_group_scan_mask(struct path_ctx *ctx, struct pci_list *pci, unsigned what,
			  struct iommu_group_list **out);

/** iommu_group_list_free() - free a list; NULL is allowed */
void iommu_group_list_free(struct iommu_group_list *list);

/** iommu_group_find() - the group with number @id, or NULL (binary search by id) */
struct iommu_group *iommu_group_find(const struct iommu_group_list *list,
				     int id);

/** iommu_group_has_direct() - whether a region is of type "direct" (RMRR) */
bool iommu_group_has_direct(const struct iommu_group *group);

/**
 * iommu_parse_reserved_regions() - parse the reserved_regions file format
 * @text: the file's content
 * @out, @count: a malloc'd array the caller frees
 *
 * Malformed lines are skipped. Return: 0 or -ENOMEM.
 */
int iommu_parse_reserved_regions(const char *text, struct iommu_region **out,
				 size_t *count);

#endif
