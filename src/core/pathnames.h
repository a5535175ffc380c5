/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pathnames.h: every kernel path vfioctl reads or writes, relative to the sysroot */
#ifndef VFIO_PATHNAMES_H
#define VFIO_PATHNAMES_H

/*
 * Paths are relative (no leading slash): the path context resolves them
 * against the sysroot's directory fd with openat(), so a fixture tree and
 * the live root are read the same way.
 */
#define PATH_SYS		"sys"
#define PATH_SYS_PCI_DEVICES	"sys/bus/pci/devices"
#define PATH_SYS_PCI_DRIVERS	"sys/bus/pci/drivers"
#define PATH_SYS_PCI		"sys/bus/pci"
#define PATH_SYS_IOMMU_GROUPS	"sys/kernel/iommu_groups"
#define PATH_SYS_CLASS_IOMMU	"sys/class/iommu"
#define PATH_SYS_MODULE		"sys/module"
#define PATH_PROC_CMDLINE	"proc/cmdline"
#define PATH_PROC_OSRELEASE	"proc/sys/kernel/osrelease"
#define PATH_PROC_CPUINFO	"proc/cpuinfo"
#define PATH_DEV_VFIO		"dev/vfio"
#define PATH_DEV_VFIO_CONTAINER	"dev/vfio/vfio"
#define PATH_DEV_IOMMUFD	"dev/iommu"
#define PATH_DEV_VFIO_DEVICES	"dev/vfio/devices"
/* below sys/bus/pci/devices/BDF: the VFIO cdev (vfioX) of a function */
#define PATH_PCI_VFIO_DEV	"vfio-dev"
#define PATH_PCI_IDS_SYSROOT	"usr/share/misc/pci.ids"
#define PATH_SYS_CLASS_BLOCK	"sys/class/block"
#define PATH_SYS_CLASS_NET	"sys/class/net"
#define PATH_PROC		"proc"
#define PATH_PROC_MOUNTINFO	"proc/self/mountinfo"
#define PATH_PROC_SWAPS		"proc/swaps"
#define PATH_PROC_NET_ROUTE	"proc/net/route"
#define PATH_PROC_NET_IPV6_ROUTE "proc/net/ipv6_route"

/*
 * Absolute node names as the kernel prints them in proc/swaps and in the
 * mount source of mountinfo; compared as text, never opened.
 */
#define PATH_DEVNODE_ABS	"/dev/"
#define PATH_DEVNODE_MAPPER_ABS	"/dev/mapper/"

/* log streams (src/core/logs): the kernel log, legacy Android logger devices, logd's sockets */
#define PATH_DEV_KMSG		"dev/kmsg"
#define PATH_DEV_LOG		"dev/log/%s"
#define PATH_DEV_SOCKET_LOGDR	"dev/socket/logdr"
#define PATH_DEV_SOCKET_LOGDW	"dev/socket/logdw"
#define PATH_ANDROID_EVENT_LOG_TAGS "system/etc/event-log-tags"

/* vfioctl's own state: claim journals and the lock that serialises changes */
#define PATH_RUN_DIR		"run/vfioctl"
#define PATH_RUN_LOCK		"run/vfioctl/lock"
#define PATH_RUN_GROUP_JOURNAL	"run/vfioctl/group-%d.journal"
#define PATH_RUN_DEVICE_JOURNAL	"run/vfioctl/device-%s.journal"

/* what claim and release write */
#define PATH_PCI_DRIVERS_PROBE	"sys/bus/pci/drivers_probe"
#define PATH_PCI_DRIVER_DIR	"sys/bus/pci/drivers/%s"
#define PATH_PCI_DEV_OVERRIDE	"sys/bus/pci/devices/%s/driver_override"
#define PATH_PCI_DEV_UNBIND	"sys/bus/pci/devices/%s/driver/unbind"
#define PATH_PCI_DEV_DRIVER	"sys/bus/pci/devices/%s/driver"
#define PATH_DEV_VFIO_GROUP	"dev/vfio/%d"

/* marker file that makes a fixture tree acceptable to state-changing commands */
#define PATH_FIXTURE_WRITABLE	".vfioctl-fixture-writable"

#endif
