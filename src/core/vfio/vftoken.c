// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vftoken.c: the SR-IOV VF token of vfio-pci
 *
 * When a PF is bound to vfio-pci and SR-IOV is enabled there, its VFs
 * belong to whoever uses the PF: vfio-pci lets a VF be opened only with
 * the UUID the PF's user set (QEMU: vfio-pci,vf-token=UUID; DPDK:
 * --vfio-vf-token). Without it VFIO_GROUP_GET_DEVICE_FD fails with EACCES
 * and the kernel logs "VF token required to access device". The token
 * travels inside the device name string: "BDF vf_token=UUID".
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pathnames.h"
#include "vftoken.h"

int vf_pf_state_read(struct path_ctx *ctx, const char *bdf, struct vf_pf_state *out)
{
	int64_t v;
	int r;

	memset(out, 0, sizeof(*out));
	out->pf_numvfs = out->numvfs = -1;
	if (!path_exists(ctx, "%s/%s", PATH_SYS_PCI_DEVICES, bdf))
		return -ENOENT;
	if (path_read_link_name(ctx, out->driver, sizeof(out->driver), "%s/%s/driver",
				PATH_SYS_PCI_DEVICES, bdf) < 0)
		out->driver[0] = '\0';
	out->is_pf = path_exists(ctx, "%s/%s/sriov_totalvfs", PATH_SYS_PCI_DEVICES, bdf);
	if (out->is_pf &&
	    path_read_s64(ctx, &v, "%s/%s/sriov_numvfs", PATH_SYS_PCI_DEVICES, bdf) == 0)
		out->numvfs = (int)v;
	r = path_read_link_name(ctx, out->pf, sizeof(out->pf), "%s/%s/physfn",
				PATH_SYS_PCI_DEVICES, bdf);
	if (r <= 0) {
		out->pf[0] = '\0';
		return 0;
	}
	out->is_vf = true;
	if (path_read_link_name(ctx, out->pf_driver, sizeof(out->pf_driver), "%s/%s/driver",
				PATH_SYS_PCI_DEVICES, out->pf) < 0)
		out->pf_driver[0] = '\0';
	out->pf_on_vfio = *out->pf_driver && pci_driver_is_vfio(out->pf_driver);
	if (path_read_s64(ctx, &v, "%s/%s/sriov_numvfs", PATH_SYS_PCI_DEVICES, out->pf) == 0)
		out->pf_numvfs = (int)v;
	return 0;
}

bool vf_token_wanted(const struct vf_pf_state *st)
{
	/* a VF exists only while numvfs > 0: the PF's SR-IOV is on */
	return st->is_vf && st->pf_on_vfio;
}

enum vf_token_verdict vf_token_diagnose(int err, bool token_given, const struct vf_pf_state *st)
{
	bool denied = err == -EACCES || err == -EPERM;

	if (!err)
		return VF_TOKEN_NOT_INVOLVED;
	if (token_given && err == -EINVAL && !vf_token_wanted(st))
		return VF_TOKEN_NOT_WANTED;
	if (!denied)
		return VF_TOKEN_NOT_INVOLVED;
	if (vf_token_wanted(st))
		return token_given ? VF_TOKEN_WRONG : VF_TOKEN_NEEDED;
	/* a PF on vfio-pci with VFs: once a VF is open, the PF needs the token too */
	if (st->is_pf && st->numvfs > 0 && pci_driver_is_vfio(st->driver))
		return VF_TOKEN_PF_IN_USE;
	return VF_TOKEN_NOT_INVOLVED;
}

bool vf_token_valid(const char *uuid)
{
	static const char dashes[] = { 8, 13, 18, 23 };
	size_t d = 0;

	if (!uuid || strlen(uuid) != VF_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < VF_TOKEN_LEN; i++) {
		if (d < sizeof(dashes) && (size_t)dashes[d] == i) {
			if (uuid[i] != '-')
				return false;
			d++;
		} else if (!isxdigit((unsigned char)uuid[i])) {
			return false;
		}
	}
	return true;
}

int vfio_device_name_string(char *buf, size_t size, const char *bdf, const char *token)
{
	int n;

	if (token && !vf_token_valid(token))
		return -EINVAL;
	if (token)
		n = snprintf(buf, size, "%s vf_token=%s", bdf, token);
	else
		n = snprintf(buf, size, "%s", bdf);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
