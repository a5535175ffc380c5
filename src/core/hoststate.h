/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hoststate.h: is the IOMMU on, and what the kernel command line says about it */
#ifndef VFIO_HOSTSTATE_H
#define VFIO_HOSTSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "kver.h"
#include "path.h"

enum iommu_state {
	IOMMU_STATE_ON,			/* units registered and groups present */
	IOMMU_STATE_OFF_CMDLINE,	/* intel_iommu=off, amd_iommu=off or iommu=off */
	IOMMU_STATE_NOT_ENABLED,	/* no units, no groups: off in firmware or not enabled */
	IOMMU_STATE_NO_GROUPS,		/* units registered but no groups formed */
	IOMMU_STATE_GROUPS_ONLY,	/* groups without /sys/class/iommu (old kernel, virtio-iommu) */
};

/* command-line parameters that decide IOMMU and VFIO behaviour; NULL if absent */
struct iommu_cmdline {
	char *intel_iommu;
	char *amd_iommu;
	char *iommu;
	char *iommu_passthrough;	/* iommu.passthrough= */
	char *pcie_acs_override;	/* out-of-tree: isolation is not real */
	char *pci_config_acs;		/* pci=config_acs=... */
	char *vfio_pci_ids;		/* vfio-pci.ids= */
	int passthrough;		/* -1 unset; else 1 (identity) or 0 (DMA) from the last
					 * of iommu=pt|nopt and iommu.passthrough=, as the
					 * kernel reads them in order */
};

struct vfio_modules {
	bool vfio;
	bool vfio_pci;
	bool vfio_pci_core;
	bool vfio_iommu_type1;
	bool iommufd;
	bool pci_stub;
	bool noiommu;			/* vfio enable_unsafe_noiommu_mode=Y */
};

struct iommu_host {
	char kernel_release[128];	/* "" when unknown */
	struct kver kver;
	bool kver_known;
	bool cmdline_known;
	int cmdline_err;		/* why it is not known: -ENOENT, -EFBIG, ... */
	struct iommu_cmdline cmdline;
	char **units;			/* /sys/class/iommu entries (dmar0, ivhd0...) */
	size_t nunits;
	size_t ngroups;			/* IOMMU groups, not counting vfio-noiommu ones */
	size_t nnoiommu_groups;		/* groups vfio made in no-IOMMU mode */
	enum iommu_state state;
	bool passthrough;		/* the default domain is identity: from the groups'
					 * type files where they exist (5.11+), else from the
					 * command line (struct iommu_cmdline.passthrough) */
	size_t ntyped_groups;		/* groups whose type file could be read */
	size_t nidentity_groups;	/* ... of which "identity" */
	struct vfio_modules modules;
	char cpu_vendor[16];		/* "GenuineIntel", "AuthenticAMD", "" unknown */
	bool hypervisor;		/* the CPU says it runs under a hypervisor */
	bool dev_vfio_container;	/* /dev/vfio/vfio */
	bool dev_iommufd;		/* /dev/iommu (iommufd, cdev interface) */
	char **vfio_group_nodes;	/* /dev/vfio entries that are group nodes ("12", "noiommu-0") */
	size_t nvfio_group_nodes;
};

/**
 * iommu_host_reset_method_known() - whether a device without reset_method has no function reset
 * @h: the host state (its kernel release)
 *
 * sysfs-bus-pci: /sys/bus/pci/devices/.../reset_method appeared in Linux
 * 5.15, and is hidden when the device has no reset method. Before 5.15, or
 * when the release is unknown, its absence says nothing.
 */
bool iommu_host_reset_method_known(const struct iommu_host *h);

/**
 * iommu_host_read() - read the host's IOMMU and VFIO state
 * @ctx: sysroot
 * @out: filled in; release with iommu_host_clear()
 *
 * Reads proc/sys/kernel/osrelease, proc/cmdline (up to the "--" that
 * starts init's arguments), sys/class/iommu, sys/kernel/iommu_groups,
 * sys/module/{vfio,vfio_pci,...}, dev/vfio and the first CPU of
 * proc/cpuinfo (vendor, the "hypervisor" flag). Anything absent is left
 * unknown; only allocation failures are errors.
 *
 * Return: 0 or -ENOMEM.
 */
int iommu_host_read(struct path_ctx *ctx, struct iommu_host *out);

/**
 * iommu_host_read_brief() - iommu_host_read() without counting the groups
 *
 * Reads what a verdict or a plan of one group needs (kernel release,
 * command line, modules, /dev/vfio) without reading each group's "name":
 * ngroups and nnoiommu_groups stay 0, so @out->state says nothing (it is
 * decided as if there were no groups). Return: 0 or -ENOMEM.
 */
int iommu_host_read_brief(struct path_ctx *ctx, struct iommu_host *out);

/** iommu_host_clear() - free what iommu_host_read() allocated */
void iommu_host_clear(struct iommu_host *host);

/**
 * iommu_cmdline_parse() - pick the IOMMU/VFIO parameters from a command line
 * @cmdline: /proc/cmdline content; double quotes group words as the kernel does
 * @out: filled in (strings malloc'd); release with iommu_cmdline_clear()
 *
 * Parsing stops at a bare "--" (the rest belongs to init). The last
 * occurrence of a parameter wins, as in the kernel.
 * Return: 0 or -ENOMEM.
 */
int iommu_cmdline_parse(const char *cmdline, struct iommu_cmdline *out);

/** iommu_cmdline_clear() - free the strings of @c */
void iommu_cmdline_clear(struct iommu_cmdline *c);

/** iommu_state_name() - "on", "off-cmdline", ... (stable, for JSON) */
const char *iommu_state_name(enum iommu_state state);

/**
 * iommu_cmdline_value_off() - whether a switch value disables the IOMMU
 * Values follow Documentation/admin-guide/kernel-parameters.txt: "off" as
 * one of the comma-separated options (intel_iommu=off,sm_on).
 */
bool iommu_cmdline_value_off(const char *value);

#endif
