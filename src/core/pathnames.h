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
/* one entry per VFIO group ("12", "noiommu-3"), with its node's MAJ:MIN in "dev" */
#define PATH_SYS_CLASS_VFIO	"sys/class/vfio"
/* in a sysfs device directory: MAJ:MIN of its node (a directory without it has none) */
#define PATH_SYSFS_DEV_ATTR	"dev"
/* below sys/bus/pci/devices/BDF: the VFIO cdev (vfioX) of a function */
#define PATH_PCI_VFIO_DEV	"vfio-dev"
#define PATH_PCI_IDS_SYSROOT	"usr/share/misc/pci.ids"
#define PATH_SYS_CLASS_BLOCK	"sys/class/block"
/* block topology: one MAJ:MIN link per disk, partition, dm, md and loop device */
#define PATH_SYS_DEV_BLOCK	"sys/dev/block"
#define PATH_DEV		"dev"
/* udev's tag links, named by blkid_encode_string() of the value */
#define PATH_DEV_DISK_BY	"dev/disk/by-%s/%s"
/* SCSI devices (H:C:T:L) and, below one, its block, sg and bsg children */
#define PATH_SYS_SCSI_DEVICES	"sys/bus/scsi/devices"
#define PATH_SCSI_DEV_BLOCK	"block"
#define PATH_SCSI_DEV_SG	"scsi_generic"
#define PATH_SCSI_DEV_BSG	"bsg"
/* below sys/dev/block/MAJ:MIN: writing 1 removes the SCSI device (eject --power-off) */
#define PATH_SCSI_DEV_DELETE	"device/delete"
/* the sysroot's user and group names (scsi audit) */
#define PATH_ETC_PASSWD		"etc/passwd"
#define PATH_ETC_GROUP		"etc/group"
/*
 * Our own O_PATH fd as a path, for getxattr(): the fd was opened through
 * the path context, so this reads the sysroot's node, never the host's.
 */
#define PATH_PROC_SELF_FD_ABS	"/proc/self/fd/%d"
#define PATH_DEV_BSG		"dev/bsg"
#define PATH_SYS_CLASS_NET	"sys/class/net"
#define PATH_SYS_CLASS_NVME_SUBSYSTEM "sys/class/nvme-subsystem"
#define PATH_SYS_FS_BTRFS	"sys/fs/btrfs"
#define PATH_PROC		"proc"
#define PATH_PROC_MOUNTINFO	"proc/self/mountinfo"
#define PATH_PROC_SWAPS		"proc/swaps"
#define PATH_PROC_NET_ROUTE	"proc/net/route"
#define PATH_PROC_NET_IPV6_ROUTE "proc/net/ipv6_route"
/* IPv6 addresses per interface (device show); IPv4 ones have no such table */
#define PATH_PROC_NET_IF_INET6	"proc/net/if_inet6"
/* the NVIDIA driver's per-GPU file: "Device Minor: N" names /dev/nvidiaN */
#define PATH_PROC_NVIDIA_GPU_INFO "proc/driver/nvidia/gpus/%s/information"

/*
 * Absolute node names as the kernel prints them in proc/swaps and in the
 * mount source of mountinfo; compared as text, never opened.
 */
#define PATH_DEVNODE_ABS	"/dev/"
#define PATH_DEVNODE_MAPPER_ABS	"/dev/mapper/"

/* cgroup io control (src/core/io): the trees, a process's cgroup, block queues */
#define PATH_CGROUP_ROOT	"sys/fs/cgroup"
#define PATH_CGROUP_UNIFIED	"sys/fs/cgroup/unified"
#define PATH_CGROUP_BLKIO	"sys/fs/cgroup/blkio"
#define PATH_CGROUP_ROOT_ABS	"/sys/fs/cgroup"	/* a mount point in mountinfo */
#define PATH_CGROUP_UNIFIED_ABS	"/sys/fs/cgroup/unified"
#define PATH_CGROUP_BLKIO_ABS	"/sys/fs/cgroup/blkio"
#define PATH_PROC_PID_CGROUP	"proc/%ld/cgroup"
#define PATH_ETC_PASSWD		"etc/passwd"
#define PATH_SYS_BLOCK		"sys/block"
#define PATH_DEV_NODE		"dev/%s"
/* io journals stay apart: recover reads every *.journal of run/vfioctl */
#define PATH_RUN_IO_DIR		"run/vfioctl/io"
#define PATH_RUN_IO_JOURNAL	"run/vfioctl/io/%u.journal"
#define PATH_RUN_IO_LOCK	"run/vfioctl/io.lock"
/*
 * This process's own descriptors on the running system, not below the
 * sysroot: how a library that only takes a file name (libpci's pci.ids)
 * is handed a file that the path context opened and checked.
 */
#define PATH_PROC_SELF_FD_ABS	"/proc/self/fd/%d"
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
/* module <-> driver maps (vfio/drvname.c) and module options (vfio/dynids.c) */
#define PATH_PCI_DRIVERS	"sys/bus/pci/drivers"
#define PATH_PCI_DRIVER_MODULE	"sys/bus/pci/drivers/%s/module"
#define PATH_MODULE_DRIVERS	"sys/module/%s/drivers"
#define PATH_LIB_MODULES	"lib/modules/%s"
#define PATH_MODPROBE_DIRS	{ "etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d" }
#define PATH_PCI_DEV_OVERRIDE	"sys/bus/pci/devices/%s/driver_override"
#define PATH_PCI_DEV_UNBIND	"sys/bus/pci/devices/%s/driver/unbind"
#define PATH_PCI_DEV_DRIVER	"sys/bus/pci/devices/%s/driver"
#define PATH_DEV_VFIO_GROUP	"dev/vfio/%d"

/* claims kept across reboots (vfioctl persist): one file per BDF, read at boot by udev */
#define PATH_ETC_PERSIST_DIR	"etc/vfioctl/persist.d"
#define PATH_ETC_PERSIST_ENTRY	"etc/vfioctl/persist.d/%s"
/* installed by make install: an initramfs built with it keeps a copy of the store */
#define PATH_INITRAMFS_HOOK	"usr/share/initramfs-tools/hooks/vfioctl"
#define PATH_PCI_DEV_DIR	"sys/bus/pci/devices/%s"
#define PATH_PCI_DEV_ATTR	"sys/bus/pci/devices/%s/%s"

/* marker file that makes a fixture tree acceptable to state-changing commands */
#define PATH_FIXTURE_WRITABLE	".vfioctl-fixture-writable"

#endif
