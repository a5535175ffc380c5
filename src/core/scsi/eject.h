/* SPDX-License-Identifier: GPL-2.0-or-later */
/* eject.h: eject, close, lock and unlock as a plan: resolve to the whole disk, check users, methods in order */
#ifndef VFIO_SCSI_EJECT_H
#define VFIO_SCSI_EJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "blockdev.h"
#include "ident.h"
#include "ops.h"
#include "sense.h"

enum eject_action {
	EJECT_OPEN,		/* eject the medium (open the tray) */
	EJECT_CLOSE,		/* close the tray / load */
	EJECT_LOCK,		/* prevent medium removal */
	EJECT_UNLOCK,		/* allow medium removal */
};

enum eject_method_kind {
	EJECT_M_DRIVER,		/* the driver's ioctl: CDROMEJECT, CDROMCLOSETRAY, CDROM_LOCKDOOR */
	EJECT_M_SGIO,		/* SG_IO: ALLOW MEDIUM REMOVAL (ILLEGAL REQUEST tolerated), START STOP */
	EJECT_M_POWER_OFF,	/* sysfs: write 1 to the SCSI device's delete (--power-off only) */
};

struct eject_method {
	enum eject_method_kind kind;
	char what[160];		/* "ioctl CDROMEJECT on /dev/sr0", "SG_IO 1e 00 00 00 00 00, then 1b ..." */
};

struct eject_opts {
	enum eject_action action;
	bool unmount;		/* unmount the disk's mounts first; nothing else is forced */
	bool power_off;		/* add the sysfs removal as a last method */
	bool force;		/* eject a disk that is not removable media */
};

struct eject_plan {
	struct blockdev_resolved res;	/* the spec's device and the disks below it */
	const struct blockdev *disk;	/* the whole disk acted on */
	char node[64];			/* its sysroot-relative node, dev/sr0 */
	struct scsi_ident ident;
	bool has_ident;
	struct blockdev_use *users;	/* mounts, swap, holders of the disk's family */
	size_t nusers;
	char **unmounts;		/* mount points to unmount first (NULL-terminated, never NULL) */
	bool refused;
	char refusal[320];		/* why, one line */
	struct eject_method methods[4];
	size_t nmethods;
};

/**
 * eject_plan_build() - resolve @spec and plan an eject, close, lock or unlock
 * @ctx, @topo: sysroot and its block topology
 * @spec: any blockdev_resolve() spec: "/dev/sda2", "sr0", "/media/cd", "LABEL=x"
 * @opts: the action and --unmount/--power-off
 * @plan: filled in (also when refused); release with eject_plan_clear()
 *
 * A partition, LV or map resolves to the one whole disk below it; a spec
 * with several disks below (an LV over two disks, multipath) is refused.
 * Opening the tray refuses while anything on the disk is mounted, used as
 * swap or held by dm/md (LUKS, LVM); with @opts->unmount the mounts become
 * unmount steps, while swap and holders still refuse. A disk that holds
 * the root filesystem is refused even with --unmount, and a disk that is
 * not removable media only with @opts->force.
 * Return: 0 (see @plan->refused), or the -errno of blockdev_resolve() /
 * blockdev_users() (-EINVAL, -ENOENT, -ENOTBLK, -ENXIO, -ENOMEM).
 */
int eject_plan_build(struct path_ctx *ctx, const struct blockdev_topo *topo, const char *spec,
		     const struct eject_opts *opts, struct eject_plan *plan);

void eject_plan_clear(struct eject_plan *plan);

/* what one method gave */
struct eject_attempt {
	enum eject_method_kind kind;
	bool ok;
	int err;			/* positive errno of the ioctl or write */
	bool has_sense;
	struct scsi_sense sense;	/* a CHECK CONDITION's decoded sense */
	char detail[192];
};

struct eject_result {
	char unmounted[8][256];
	size_t nunmounted;
	struct eject_attempt attempts[4];
	size_t nattempts;
	int worked;			/* index into attempts of the method that worked; -1 none */
};

/* how apply unmounts (libmount on the live system; a fake in tests) */
typedef int (*eject_umount_fn)(const char *target);

/**
 * eject_plan_apply() - unmount, then try the plan's methods in order until one works
 * @ops: device calls (scsi_ops_kernel)
 * @umount_fn: unmounts one target; 0 or -errno
 * Return: 0 when a method worked; -EBUSY when an unmount failed (nothing
 * was sent); -EIO when every method failed (see @res); -errno of open.
 */
int eject_plan_apply(struct path_ctx *ctx, const struct eject_plan *plan,
		     const struct eject_opts *opts, const struct scsi_ops *ops,
		     eject_umount_fn umount_fn, struct eject_result *res);

/** eject_umount_libmount() - unmount through libmount's context (updates utab), live system */
int eject_umount_libmount(const char *target);

/** eject_action_name() - "eject", "close", "lock", "unlock" */
const char *eject_action_name(enum eject_action a);

/** eject_method_name() - "driver-ioctl", "sg-io", "power-off" */
const char *eject_method_name(enum eject_method_kind k);

#endif
