/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pathnames.h: every kernel path vfioctl reads or writes, relative to the sysroot */
#ifndef VFIO_PATHNAMES_H
#define VFIO_PATHNAMES_H

/*
 * Paths are relative (no leading slash): the path context resolves them
 * against the sysroot's directory fd with openat(), so a fixture tree and
 * the live root are read the same way.
 */
#define PATH_SYS_PCI_DEVICES	"sys/bus/pci/devices"
#define PATH_SYS_PCI_DRIVERS	"sys/bus/pci/drivers"
#define PATH_SYS_PCI		"sys/bus/pci"
#define PATH_SYS_IOMMU_GROUPS	"sys/kernel/iommu_groups"
#define PATH_SYS_CLASS_IOMMU	"sys/class/iommu"
#define PATH_SYS_MODULE		"sys/module"
#define PATH_PROC_CMDLINE	"proc/cmdline"
#define PATH_PROC_OSRELEASE	"proc/sys/kernel/osrelease"
#define PATH_DEV_VFIO		"dev/vfio"
#define PATH_DEV_VFIO_CONTAINER	"dev/vfio/vfio"
#define PATH_DEV_IOMMUFD	"dev/iommu"
#define PATH_PCI_IDS_SYSROOT	"usr/share/misc/pci.ids"

/* marker file that makes a fixture tree acceptable to state-changing commands */
#define PATH_FIXTURE_WRITABLE	".vfioctl-fixture-writable"

#endif
