// SPDX-License-Identifier: GPL-2.0-or-later
/* acs.c: PCIe Access Control Services from config space, and the kernel's rule for them */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acs.h"
#include "pathnames.h"

#define CFG_HEADER_LEN		64	/* what an unprivileged read of "config" returns */
#define CFG_STD_LEN		256
#define CFG_EXT_LEN		4096
#define CFG_STATUS		0x06
#define CFG_STATUS_CAP_LIST	0x10
#define CFG_HEADER_TYPE		0x0e
#define CFG_CAP_PTR		0x34
#define CFG_CAP_PTR_CARDBUS	0x14
#define CAP_ID_EXP		0x10
#define CAP_TTL			48	/* PCI_FIND_CAP_TTL */
#define EXT_CAP_START		0x100

static uint16_t rd16(const uint8_t *b, size_t off)
{
	return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t rd32(const uint8_t *b, size_t off)
{
	return (uint32_t)rd16(b, off) | (uint32_t)rd16(b, off + 2) << 16;
}

/* the PCI Express capability's Device/Port Type, or PCIE_TYPE_NONE */
static int find_pcie_type(const uint8_t *cfg, size_t len)
{
	uint8_t pos;

	if (!(rd16(cfg, CFG_STATUS) & CFG_STATUS_CAP_LIST))
		return PCIE_TYPE_NONE;
	pos = cfg[(cfg[CFG_HEADER_TYPE] & 0x7f) == 2 ? CFG_CAP_PTR_CARDBUS : CFG_CAP_PTR];
	for (int ttl = CAP_TTL; ttl > 0 && pos >= 0x40; ttl--) {
		pos &= ~3;
		if ((size_t)pos + 4 > len)
			return PCIE_TYPE_UNKNOWN;
		if (cfg[pos] == 0xff)
			break;
		if (cfg[pos] == CAP_ID_EXP)
			return (rd16(cfg, pos + 2) >> 4) & 0xf;
		pos = cfg[pos + 1];
	}
	return PCIE_TYPE_NONE;
}

int acs_parse_config(const uint8_t *cfg, size_t len, struct acs_config *out)
{
	if (!cfg || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->pcie_type = PCIE_TYPE_UNKNOWN;
	if (len < CFG_HEADER_LEN)
		return 0;
	out->vendor_id = rd16(cfg, 0);
	out->device_id = rd16(cfg, 2);
	out->multifunction = cfg[CFG_HEADER_TYPE] & 0x80;
	/* the 64-byte header says nothing of the capabilities at 0x40 and above */
	if (len < CFG_STD_LEN)
		return 0;
	out->state = ACS_CFG_STD;
	out->pcie_type = find_pcie_type(cfg, len);
	if (len < CFG_EXT_LEN || out->pcie_type < 0)
		return 0;
	out->state = ACS_CFG_EXT;
	for (size_t pos = EXT_CAP_START, ttl = (CFG_EXT_LEN - CFG_STD_LEN) / 8;
	     pos >= EXT_CAP_START && pos + 12 <= len && ttl > 0; ttl--) {
		uint32_t hdr = rd32(cfg, pos);

		/* no extended capabilities: 0, or all ones from a missing device */
		if (hdr == 0 || hdr == 0xffffffff)
			break;
		if ((hdr & 0xffff) == ACS_EXT_CAP_ID) {
			out->acs_pos = (uint16_t)pos;
			out->acs_cap = rd16(cfg, pos + 4);
			out->acs_ctrl = rd16(cfg, pos + 6);
			out->acs_cap_dw = rd32(cfg, pos + 4);
			out->acs_ctrl_dw = rd32(cfg, pos + 8);
			break;
		}
		pos = (hdr >> 20) & 0xffc;
	}
	return 0;
}

int acs_read_config(struct path_ctx *ctx, const char *bdf, struct acs_config *out)
{
	uint8_t *buf = malloc(CFG_EXT_LEN);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = path_pread(ctx, buf, CFG_EXT_LEN, 0, PATH_PCI_DEV_ATTR, bdf, "config");
	if (n < 0) {
		free(buf);
		acs_parse_config((const uint8_t *)"", 0, out);
		return n == -ENOENT || n == -EACCES || n == -EPERM || n == -EINVAL ? 0 : (int)n;
	}
	acs_parse_config(buf, (size_t)n, out);
	free(buf);
	return 0;
}

int acs_override_parse(const char *value, struct acs_override *out)
{
	const char *p = value;

	memset(out, 0, sizeof(*out));
	while (p && *p) {
		size_t len = strcspn(p, ",");
		unsigned v, d;

		if (len >= 10 && strncmp(p, "downstream", 10) == 0)
			out->downstream = true;
		else if (len >= 13 && strncmp(p, "multifunction", 13) == 0)
			out->multifunction = true;
		else if (strncmp(p, "id:", 3) == 0 && sscanf(p + 3, "%4x:%4x", &v, &d) == 2 &&
			 out->nids < sizeof(out->ids) / sizeof(out->ids[0])) {
			out->ids[out->nids].vendor = (uint16_t)v;
			out->ids[out->nids].device = (uint16_t)d;
			out->nids++;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * Multifunction endpoints whose vendors confirmed that their functions do
 * no peer-to-peer (pci_quirk_mf_endpoint_acs): every ACS bit is masked as
 * not implemented. A subset of drivers/pci/quirks.c pci_dev_acs_enabled[].
 */
static const struct { uint16_t vendor, device; } mf_endpoint_ids[] = {
	{ 0x1924, 0x0903 }, { 0x1924, 0x0923 }, { 0x1924, 0x0a03 },	/* Solarflare */
	{ 0x8086, 0x10c6 }, { 0x8086, 0x10db }, { 0x8086, 0x10dd }, { 0x8086, 0x10e1 },
	{ 0x8086, 0x10f1 }, { 0x8086, 0x10f7 }, { 0x8086, 0x10f8 }, { 0x8086, 0x10f9 },
	{ 0x8086, 0x10fa }, { 0x8086, 0x10fb }, { 0x8086, 0x10fc }, { 0x8086, 0x1507 },
	{ 0x8086, 0x1514 }, { 0x8086, 0x151c }, { 0x8086, 0x1529 }, { 0x8086, 0x152a },
	{ 0x8086, 0x154d }, { 0x8086, 0x154f }, { 0x8086, 0x1551 }, { 0x8086, 0x1558 },
	/* 82580 */
	{ 0x8086, 0x1509 }, { 0x8086, 0x150e }, { 0x8086, 0x150f }, { 0x8086, 0x1510 },
	{ 0x8086, 0x1511 }, { 0x8086, 0x1516 }, { 0x8086, 0x1527 },
	/* 82576 */
	{ 0x8086, 0x10c9 }, { 0x8086, 0x10e6 }, { 0x8086, 0x10e7 }, { 0x8086, 0x10e8 },
	{ 0x8086, 0x150a }, { 0x8086, 0x150d }, { 0x8086, 0x1518 }, { 0x8086, 0x1526 },
	/* 82575 */
	{ 0x8086, 0x10a7 }, { 0x8086, 0x10a9 }, { 0x8086, 0x10d6 },
	/* I350 */
	{ 0x8086, 0x1521 }, { 0x8086, 0x1522 }, { 0x8086, 0x1523 }, { 0x8086, 0x1524 },
	/* 82571 */
	{ 0x8086, 0x105e }, { 0x8086, 0x105f }, { 0x8086, 0x1060 }, { 0x8086, 0x10d9 },
	/* I219 */
	{ 0x8086, 0x15b7 }, { 0x8086, 0x15b8 },
	{ 0x19a2, 0x0710 },	/* Emulex BE3-R */
	{ 0x10df, 0x0720 },	/* Emulex Skyhawk-R */
};

/* AMD SB700/SB800 bridges (pci_quirk_amd_sb_acs): RR and CR are implied */
static const struct { uint16_t vendor, device; } amd_sb_ids[] = {
	{ 0x1002, 0x4385 }, { 0x1002, 0x439c }, { 0x1002, 0x4383 }, { 0x1002, 0x439d },
	{ 0x1002, 0x4384 }, { 0x1002, 0x4399 }, { 0x1022, 0x780f }, { 0x1022, 0x7809 },
};

/*
 * Intel PCH root ports without an ACS capability whose isolation the
 * kernel switches on itself when the IOMMU is in use
 * (pci_quirk_intel_pch_acs_match(), pci_quirk_enable_intel_pch_acs()).
 */
static bool intel_pch_root_port(uint16_t device)
{
	static const struct { uint16_t first, last, step; } ranges[] = {
		{ 0x3b42, 0x3b51, 1 },	/* Ibexpeak */
		{ 0x1c10, 0x1c1f, 1 },	/* Cougarpoint */
		{ 0x1e10, 0x1e1f, 1 },	/* Pantherpoint */
		{ 0x8c10, 0x8c1f, 1 },	/* Lynxpoint-H */
		{ 0x9c10, 0x9c1b, 1 },	/* Lynxpoint-LP */
		{ 0x9c90, 0x9c9b, 1 },	/* Wildcat */
		{ 0x1d10, 0x1d1e, 2 },	/* Patsburg (X79) */
		{ 0x8d10, 0x8d1e, 1 },	/* Wellsburg (X99) */
		{ 0x8c90, 0x8c9e, 2 },	/* 9 series */
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (device >= ranges[i].first && device <= ranges[i].last &&
		    (device - ranges[i].first) % ranges[i].step == 0)
			return true;
	return false;
}

/* Sunrise Point PCH root ports: an ACS capability with dword registers */
static bool intel_spt_root_port(uint16_t device)
{
	return (device & ~0xf) == 0xa110 || (device >= 0xa167 && device <= 0xa16a);
}

/* pci_acs_ctrl_enabled(): the asked flags that @ctrl leaves off */
static void ctrl_check(uint16_t req, uint16_t cap, uint16_t ctrl, struct acs_eval *out)
{
	uint16_t need = req & (cap | ACS_EC);

	out->missing = need & ~ctrl;
	out->on = req & ~out->missing;
	out->verdict = out->missing ? ACS_NOT_ISOLATED : ACS_ISOLATED;
	out->why = out->missing ? ACS_WHY_CTRL_OFF : ACS_WHY_ENABLED;
}

static void set(struct acs_eval *out, enum acs_verdict v, enum acs_why why)
{
	out->verdict = v;
	out->why = why;
}

/* pci_dev_specific_acs_enabled(): true when a quirk decided */
static bool quirk_decides(const struct acs_config *cfg, uint16_t vendor, uint16_t device,
			  const struct acs_override *ovr, uint16_t req, struct acs_eval *out)
{
	for (size_t i = 0; i < sizeof(mf_endpoint_ids) / sizeof(mf_endpoint_ids[0]); i++)
		if (mf_endpoint_ids[i].vendor == vendor && mf_endpoint_ids[i].device == device) {
			out->on = req;
			set(out, ACS_ISOLATED, ACS_WHY_QUIRK);
			return true;
		}
	for (size_t i = 0; i < sizeof(amd_sb_ids) / sizeof(amd_sb_ids[0]); i++)
		if (amd_sb_ids[i].vendor == vendor && amd_sb_ids[i].device == device) {
			/* only RR and CR count there, and the quirk says they are on */
			out->on = req;
			set(out, ACS_ISOLATED, ACS_WHY_QUIRK);
			return true;
		}
	if (vendor == 0x8086 && cfg->pcie_type == PCIE_TYPE_ROOT_PORT) {
		if (intel_pch_root_port(device)) {
			out->on = req;
			set(out, ACS_ISOLATED, ACS_WHY_QUIRK);
			return true;
		}
		if (intel_spt_root_port(device) && cfg->acs_pos) {
			ctrl_check(req, (uint16_t)cfg->acs_cap_dw, (uint16_t)cfg->acs_ctrl_dw, out);
			if (out->verdict == ACS_ISOLATED)
				out->why = ACS_WHY_QUIRK;
			return true;
		}
	}
	/* the override patch's entry: PCIe functions without an ACS capability */
	if (ovr && cfg->state == ACS_CFG_EXT && cfg->pcie_type >= 0 && !cfg->acs_pos) {
		bool on = false;

		for (size_t i = 0; i < ovr->nids; i++)
			on |= ovr->ids[i].vendor == vendor && ovr->ids[i].device == device;
		switch (cfg->pcie_type) {
		case PCIE_TYPE_DOWNSTREAM:
		case PCIE_TYPE_ROOT_PORT:
			on |= ovr->downstream;
			break;
		case PCIE_TYPE_ENDPOINT:
		case PCIE_TYPE_UPSTREAM:
		case PCIE_TYPE_LEG_END:
		case PCIE_TYPE_RC_END:
			on |= ovr->multifunction && cfg->multifunction;
			break;
		}
		if (on) {
			out->on = req;
			set(out, ACS_ISOLATED, ACS_WHY_OVERRIDE);
			return true;
		}
	}
	return false;
}

/* pci_acs_flags_enabled() */
static void flags_enabled(const struct acs_config *cfg, uint16_t req, struct acs_eval *out)
{
	if (cfg->state != ACS_CFG_EXT) {
		set(out, ACS_UNKNOWN, ACS_WHY_UNREADABLE);
		return;
	}
	if (!cfg->acs_pos) {
		set(out, ACS_NOT_ISOLATED, ACS_WHY_NO_CAP);
		return;
	}
	ctrl_check(req, cfg->acs_cap, cfg->acs_ctrl, out);
}

int acs_evaluate(const struct acs_config *cfg, uint16_t vendor, uint16_t device,
		 const struct acs_override *ovr, uint16_t req, struct acs_eval *out)
{
	if (!cfg || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (quirk_decides(cfg, vendor, device, ovr, req, out))
		return 0;
	switch (cfg->pcie_type) {
	case PCIE_TYPE_UNKNOWN:
		set(out, ACS_UNKNOWN, ACS_WHY_UNREADABLE);
		break;
	case PCIE_TYPE_NONE:
		set(out, ACS_NOT_ISOLATED, ACS_WHY_NOT_PCIE);
		break;
	case PCIE_TYPE_PCIE_BRIDGE:
	case PCIE_TYPE_PCI_BRIDGE:
	case PCIE_TYPE_RC_EC:
		set(out, ACS_NOT_ISOLATED, ACS_WHY_BRIDGE_TYPE);
		break;
	case PCIE_TYPE_DOWNSTREAM:
	case PCIE_TYPE_ROOT_PORT:
		flags_enabled(cfg, req, out);
		break;
	case PCIE_TYPE_ENDPOINT:
	case PCIE_TYPE_UPSTREAM:
	case PCIE_TYPE_LEG_END:
	case PCIE_TYPE_RC_END:
		if (cfg->multifunction) {
			flags_enabled(cfg, req, out);
			break;
		}
		/* fall through */
	default:
		out->on = req;
		set(out, ACS_ISOLATED, ACS_WHY_NOT_NEEDED);
		break;
	}
	return 0;
}

const char *acs_why_name(enum acs_why why)
{
	static const char *const names[] = {
		[ACS_WHY_ENABLED] = "enabled",
		[ACS_WHY_NOT_NEEDED] = "not-needed",
		[ACS_WHY_QUIRK] = "quirk",
		[ACS_WHY_OVERRIDE] = "override",
		[ACS_WHY_CTRL_OFF] = "ctrl-off",
		[ACS_WHY_NO_CAP] = "no-cap",
		[ACS_WHY_NOT_PCIE] = "not-pcie",
		[ACS_WHY_BRIDGE_TYPE] = "bridge-type",
		[ACS_WHY_UNREADABLE] = "unreadable",
	};

	return (unsigned)why < sizeof(names) / sizeof(names[0]) ? names[why] : "unknown";
}

const char *acs_verdict_name(enum acs_verdict v)
{
	return v == ACS_ISOLATED ? "isolated" : v == ACS_NOT_ISOLATED ? "not-isolated" : "unknown";
}

const char *pcie_type_name(int type)
{
	switch (type) {
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEG_END:
		return "legacy endpoint";
	case PCIE_TYPE_ROOT_PORT:
		return "root port";
	case PCIE_TYPE_UPSTREAM:
		return "upstream port";
	case PCIE_TYPE_DOWNSTREAM:
		return "downstream port";
	case PCIE_TYPE_PCI_BRIDGE:
		return "PCIe-to-PCI bridge";
	case PCIE_TYPE_PCIE_BRIDGE:
		return "PCI-to-PCIe bridge";
	case PCIE_TYPE_RC_END:
		return "integrated endpoint";
	case PCIE_TYPE_RC_EC:
		return "event collector";
	case PCIE_TYPE_NONE:
		return "conventional PCI";
	}
	return "unknown";
}

const char *acs_bits_format(uint16_t bits, const char *sep, char *buf, size_t size)
{
	static const char *const names[] = { "SV", "TB", "RR", "CR", "UF", "EC", "DT" };
	size_t used = 0;

	if (size)
		buf[0] = '\0';
	for (unsigned i = 0; i < 7; i++) {
		int n;

		if (!(bits & (1u << i)))
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? sep : "", names[i]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}
