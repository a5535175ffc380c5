/* SPDX-License-Identifier: GPL-2.0-or-later */
/* topo.h: the PCI tree (root buses, ports, switches, endpoints) as /sys/devices nests it */
#ifndef VFIO_TOPO_H
#define VFIO_TOPO_H

#include <stdbool.h>
#include <stddef.h>

#include "acs.h"
#include "path.h"
#include "pci.h"

/*
 * One node: a PCI function, or a root bus ("pci0000:00", and the VMD
 * domains' "pci10000:e0" below the function that hosts them).
 */
struct pci_topo_node {
	const struct pci_device *dev;	/* NULL for a root bus */
	char name[32];			/* the BDF, or the root bus's directory name */
	int parent;			/* index of the parent node, -1 at the top */
	bool cfg_read;			/* @cfg was read (lazily, pci_topo_config()) */
	struct acs_config cfg;
};

struct pci_topo {
	struct pci_topo_node *nodes;	/* the first ndevs parallel to pci->devs, then root buses */
	size_t count, ndevs;
	struct path_ctx *ctx;		/* where config space is read; not owned */
	bool override_set;		/* pcie_acs_override= is on the command line */
	struct acs_override override;
};

/**
 * pci_topo_build() - the parent of every PCI function
 * @ctx: sysroot; kept for the config reads of pci_topo_config()
 * @pci: from pci_scan(); must outlive the topology
 * @acs_override: the value of pcie_acs_override= (NULL when absent)
 * @out: receives the topology; free with pci_topo_free()
 *
 * The parent of a function is the directory above it in /sys/devices, the
 * target of the sys/bus/pci/devices/BDF link (drivers/pci/probe.c puts a
 * function below its bus's bridge, or below the root bus "pciDDDD:BB" of a
 * host bridge). A link that cannot be read leaves the function at the top.
 * Return: 0 or -ENOMEM.
 */
int pci_topo_build(struct path_ctx *ctx, const struct pci_list *pci, const char *acs_override,
		   struct pci_topo **out);

/** pci_topo_free() - free a topology; NULL is allowed */
void pci_topo_free(struct pci_topo *topo);

/** pci_topo_find() - the node index of a function's BDF, or -1 */
int pci_topo_find(const struct pci_topo *topo, const char *bdf);

/**
 * pci_topo_config() - a function's config-space facts, read on first use
 * @idx: a node index below topo->ndevs
 * Return: the facts (ACS_CFG_UNREADABLE when not read), or NULL for a bus node.
 */
const struct acs_config *pci_topo_config(struct pci_topo *topo, int idx);

/**
 * pci_topo_acs() - acs_evaluate() of a function for ACS_REQ_FLAGS, with
 *                  the host's pcie_acs_override
 * Return: 0 or -EINVAL (a bus node).
 */
int pci_topo_acs(struct pci_topo *topo, int idx, struct acs_eval *out);

/**
 * pci_topo_path_acs() - the kernel's pci_acs_path_enabled(@idx, NULL, REQ)
 * @culprit: receives the first function from @idx up to its root bus that
 *           is not an ACS boundary (or whose config cannot be read), -1
 *           when the whole path isolates
 * @eval: receives the culprit's evaluation
 * @by_override: optional; set when a function of the path isolates only
 *               through pcie_acs_override (its index, else -1)
 * Return: ACS_ISOLATED, ACS_NOT_ISOLATED or ACS_UNKNOWN.
 */
enum acs_verdict pci_topo_path_acs(struct pci_topo *topo, int idx, int *culprit,
				   struct acs_eval *eval, int *by_override);

#endif
