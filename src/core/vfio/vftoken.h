/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vftoken.h: the SR-IOV VF token of vfio-pci: when a device needs one, and how it is passed */
#ifndef VFIO_VFIO_VFTOKEN_H
#define VFIO_VFIO_VFTOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "bdf.h"
#include "path.h"
#include "pci.h"

/* a UUID in its text form: 8-4-4-4-12 hex digits */
#define VF_TOKEN_LEN 36

/* what sysfs says about a function's place in SR-IOV */
struct vf_pf_state {
	bool is_vf;			/* it has a physfn link */
	char pf[BDF_STRLEN];		/* the PF's BDF, "" for a PF or a plain function */
	char pf_driver[PCI_DRIVER_MAX];	/* "" when the PF is unbound or unknown */
	bool pf_on_vfio;		/* the PF is bound to vfio-pci or a variant */
	int pf_numvfs;			/* the PF's sriov_numvfs; -1 unknown */
	bool is_pf;			/* it has sriov_totalvfs (SR-IOV capable) */
	int numvfs;			/* its own sriov_numvfs; -1 unknown */
	char driver[PCI_DRIVER_MAX];	/* its own driver, "" unbound */
};

/**
 * vf_pf_state_read() - read a function's SR-IOV state from sysfs
 * @ctx: sysroot
 * @bdf: the function
 * @out: filled in; unknown values stay "" or -1
 * Return: 0, or -errno when @bdf does not exist (-ENOENT).
 */
int vf_pf_state_read(struct path_ctx *ctx, const char *bdf, struct vf_pf_state *out);

/**
 * vf_token_wanted() - whether vfio-pci checks a VF token for this device
 *
 * drivers/vfio/pci/vfio_pci_core.c, vfio_pci_validate_vf_token(): a VF
 * whose PF is bound to vfio-pci (with SR-IOV enabled there) must present
 * the token the PF's user set; for any other VF or a plain function, a
 * token is refused with -EINVAL. A PF on vfio-pci takes one to set it;
 * vfioctl never passes one to a PF, which would change the token its VFs'
 * users need.
 */
bool vf_token_wanted(const struct vf_pf_state *st);

enum vf_token_verdict {
	VF_TOKEN_NOT_INVOLVED,	/* the error has nothing to do with a VF token */
	VF_TOKEN_NEEDED,	/* VF of a vfio-pci PF with SR-IOV, no token given: -EACCES */
	VF_TOKEN_WRONG,		/* a token was given and refused: not the PF user's */
	VF_TOKEN_NOT_WANTED,	/* a token was given to a device that takes none: -EINVAL */
	VF_TOKEN_PF_IN_USE,	/* a PF on vfio-pci whose VFs are in use: its token is needed */
};

/**
 * vf_token_diagnose() - why VFIO_GROUP_GET_DEVICE_FD failed, as far as the
 *                        VF token explains it
 * @err: -errno of VFIO_GROUP_GET_DEVICE_FD
 * @token_given: a token was passed for this device
 * @st: from vf_pf_state_read()
 */
enum vf_token_verdict vf_token_diagnose(int err, bool token_given, const struct vf_pf_state *st);

/** vf_token_valid() - whether @uuid is a UUID as uuid_parse() of the kernel takes it */
bool vf_token_valid(const char *uuid);

/**
 * vfio_device_name_string() - the name VFIO_GROUP_GET_DEVICE_FD takes
 * @buf, @size: output
 * @bdf: the device
 * @token: a UUID, or NULL for none
 *
 * "0000:41:02.0" or "0000:41:02.0 vf_token=2ab74924-c335-45f4-9b16-8569e5b08258"
 * (vfio_pci_core_match(): the name, one blank, then vf_token=UUID).
 * Return: 0, -EINVAL for a token that is not a UUID, -ENAMETOOLONG.
 */
int vfio_device_name_string(char *buf, size_t size, const char *bdf, const char *token);

#endif
