/* SPDX-License-Identifier: GPL-2.0-or-later */
/* acs.h: PCIe Access Control Services from config space, and the kernel's rule for them */
#ifndef VFIO_ACS_H
#define VFIO_ACS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "path.h"

/* include/uapi/linux/pci_regs.h */
#define ACS_EXT_CAP_ID		0x0d	/* PCI_EXT_CAP_ID_ACS */
#define ACS_SV			0x0001	/* Source Validation */
#define ACS_TB			0x0002	/* Translation Blocking */
#define ACS_RR			0x0004	/* P2P Request Redirect */
#define ACS_CR			0x0008	/* P2P Completion Redirect */
#define ACS_UF			0x0010	/* Upstream Forwarding */
#define ACS_EC			0x0020	/* P2P Egress Control */
#define ACS_DT			0x0040	/* Direct Translated P2P */
#define ACS_ALL_BITS		0x007f
/* drivers/iommu/iommu.c: what a device needs to be a group boundary */
#define ACS_REQ_FLAGS		(ACS_SV | ACS_RR | ACS_CR | ACS_UF)

/* the Device/Port Type of the PCI Express capability (PCI_EXP_TYPE_*) */
enum pcie_type {
	PCIE_TYPE_ENDPOINT = 0x0,
	PCIE_TYPE_LEG_END = 0x1,
	PCIE_TYPE_ROOT_PORT = 0x4,
	PCIE_TYPE_UPSTREAM = 0x5,
	PCIE_TYPE_DOWNSTREAM = 0x6,
	PCIE_TYPE_PCI_BRIDGE = 0x7,	/* PCIe to PCI/PCI-X bridge */
	PCIE_TYPE_PCIE_BRIDGE = 0x8,	/* PCI/PCI-X to PCIe bridge */
	PCIE_TYPE_RC_END = 0x9,		/* Root Complex integrated endpoint */
	PCIE_TYPE_RC_EC = 0xa,		/* Root Complex event collector */
	PCIE_TYPE_NONE = -1,		/* conventional PCI: no PCIe capability */
	PCIE_TYPE_UNKNOWN = -2,		/* the capability list could not be read */
};

/* what could be read of one function's config space */
enum acs_cfg_state {
	ACS_CFG_UNREADABLE,	/* no config file, or only the 64-byte header (not root) */
	ACS_CFG_STD,		/* 256 bytes: capabilities, but no extended space */
	ACS_CFG_EXT,		/* 4096 bytes: the extended capabilities too */
};

/* the ACS-related facts of one function's config space */
struct acs_config {
	enum acs_cfg_state state;
	int pcie_type;			/* enum pcie_type */
	bool multifunction;		/* header type bit 7 */
	uint16_t vendor_id, device_id;	/* from config space (0 when unreadable) */
	uint16_t acs_pos;		/* offset of the ACS capability, 0 when absent */
	uint16_t acs_cap;		/* ACS Capability register (low 7 bits are the ACS_* bits) */
	uint16_t acs_ctrl;		/* ACS Control register */
	uint32_t acs_cap_dw, acs_ctrl_dw;	/* the dwords at +4 and +8 (Intel SPT layout) */
};

/**
 * acs_parse_config() - the ACS facts of a config space image
 * @cfg: the bytes of the device's sysfs "config" file, from offset 0
 * @len: how many were read: up to 64 is what an unprivileged read returns
 *       (unreadable), 256 conventional space, 4096 extended space
 * @out: filled in
 *
 * Follows the standard capability list from 0x34 (at most 48 entries, as
 * the kernel's PCI_FIND_CAP_TTL) for the PCI Express capability (0x10)
 * and its Device/Port Type, then the extended list from 0x100 (at most
 * (4096 - 256) / 8 entries, as pci_find_next_ext_capability()) for ACS
 * (PCI_EXT_CAP_ID_ACS, 0x0d): Capability at +4, Control at +6.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int acs_parse_config(const uint8_t *cfg, size_t len, struct acs_config *out);

/**
 * acs_read_config() - read and parse a PCI function's config space
 * @ctx: sysroot
 * @bdf: the function's sysfs name ("0000:00:1c.0")
 * @out: filled in; a missing or unreadable file gives ACS_CFG_UNREADABLE
 *
 * Reads sys/bus/pci/devices/BDF/config (up to 4096 bytes) through the
 * path context with pread(2). Return: 0, or -errno of the read other than
 * -ENOENT/-EACCES/-EPERM (which leave @out unreadable and return 0).
 */
int acs_read_config(struct path_ctx *ctx, const char *bdf, struct acs_config *out);

/* pcie_acs_override= of the out-of-tree ACS override patch */
struct acs_override {
	bool downstream;		/* root and downstream ports without an ACS capability */
	bool multifunction;		/* multifunction endpoints without an ACS capability */
	size_t nids;
	struct { uint16_t vendor, device; } ids[16];	/* id:vvvv:dddd */
};

/**
 * acs_override_parse() - parse the value of pcie_acs_override=
 * @value: "downstream,multifunction,id:10de:1aef"; NULL or "" sets nothing
 * @out: filled in (zeroed first)
 *
 * As the patch's pcie_acs_override_setup(): unknown words are ignored, at
 * most 16 IDs. Return: 0.
 */
int acs_override_parse(const char *value, struct acs_override *out);

/* why a function is or is not an ACS boundary */
enum acs_why {
	ACS_WHY_ENABLED,	/* the ACS capability has every needed bit on (or hard-wired) */
	ACS_WHY_NOT_NEEDED,	/* a single-function endpoint or upstream port: ACS does not apply */
	ACS_WHY_QUIRK,		/* a kernel quirk (drivers/pci/quirks.c) vouches for it */
	ACS_WHY_OVERRIDE,	/* only pcie_acs_override makes it a boundary */
	ACS_WHY_CTRL_OFF,	/* the capability has needed bits, but their control bits are off */
	ACS_WHY_NO_CAP,		/* a port or multifunction device without an ACS capability */
	ACS_WHY_NOT_PCIE,	/* conventional PCI: a shared bus, never isolated */
	ACS_WHY_BRIDGE_TYPE,	/* a PCIe/PCI bridge or event collector: the kernel never trusts ACS there */
	ACS_WHY_UNREADABLE,	/* config space could not be read far enough */
};

enum acs_verdict {
	ACS_ISOLATED,
	ACS_NOT_ISOLATED,
	ACS_UNKNOWN,
};

struct acs_eval {
	enum acs_verdict verdict;
	enum acs_why why;
	uint16_t missing;	/* ACS_CTRL_OFF: the needed bits that are implemented but off */
	uint16_t on;		/* the needed bits that are on, or not implemented (hard-wired) */
};

/**
 * acs_evaluate() - the kernel's pci_acs_enabled(dev, @req) for one function
 * @cfg: from acs_read_config()/acs_parse_config()
 * @vendor, @device: the function's IDs (sysfs; @cfg may be unreadable)
 * @ovr: pcie_acs_override= in effect, or NULL
 * @req: the flags asked for; the IOMMU core asks ACS_REQ_FLAGS
 * @out: filled in
 *
 * drivers/pci/pci.c pci_acs_enabled(): first the device-specific quirks
 * (pci_dev_acs_enabled[] of drivers/pci/quirks.c; those modelled here are
 * the multifunction endpoints vouched for by their vendors, the AMD SB700
 * bridges, the Intel PCH root ports and the Intel Sunrise Point ports with
 * their dword register layout, then the override patch's entry), then:
 * conventional PCI, PCIe/PCI bridges and event collectors are never a
 * boundary; root and downstream ports need the flags; endpoints and
 * upstream ports need them only when multifunction, else ACS does not
 * apply. pci_acs_flags_enabled(): a bit the capability does not implement
 * counts as hard-wired on (except EC); an implemented bit needs its control
 * bit. A config space that was not read far enough is ACS_UNKNOWN, never
 * "off".
 * Return: 0, or -EINVAL for a NULL argument.
 */
int acs_evaluate(const struct acs_config *cfg, uint16_t vendor, uint16_t device,
		 const struct acs_override *ovr, uint16_t req, struct acs_eval *out);

/** acs_why_name() - "enabled", "ctrl-off", "no-cap"... (stable, for JSON) */
const char *acs_why_name(enum acs_why why);

/** acs_verdict_name() - "isolated", "not-isolated", "unknown" (stable, for JSON) */
const char *acs_verdict_name(enum acs_verdict v);

/** pcie_type_name() - "root port", "downstream port", "endpoint"... */
const char *pcie_type_name(int type);

/**
 * acs_bits_format() - "RR CR" for the ACS_* bits in @bits
 * @sep: between names (" ", "/", ",")
 * Return: @buf; "" when no bit is set.
 */
const char *acs_bits_format(uint16_t bits, const char *sep, char *buf, size_t size);

#endif
