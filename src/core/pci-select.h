/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pci-select.h: lspci's -s and -d selectors, matched against read devices */
#ifndef VFIO_PCI_SELECT_H
#define VFIO_PCI_SELECT_H

#include <stdbool.h>

#include "pci.h"

/*
 * What "lspci -s SLOT -d ID" selects. Every field is -1 for "any"; the
 * parsing is libpci's own (pci_filter_parse_slot(), pci_filter_parse_id()),
 * so the grammar is exactly lspci's: hex numbers, an empty field or "*"
 * means any, and in the class field an 'x' digit means any nibble.
 */
struct pci_select {
	int domain, bus, slot, func;	/* -s [[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]] */
	int vendor, device;		/* -d [VENDOR]:[DEVICE][:CLASS[:PROGIF]] */
	int class_sub;			/* class and subclass, 0xCCSS */
	unsigned class_mask;		/* which bits of class_sub are compared */
	int prog_if;
};

enum pci_select_match {
	PCI_SELECT_NO,
	PCI_SELECT_YES,
	PCI_SELECT_UNKNOWN,	/* the slot matches; the IDs or class could not be read */
};

/** pci_select_init() - a selector that selects every device */
void pci_select_init(struct pci_select *sel);

/**
 * pci_select_parse_slot() - add lspci's "-s" to @sel
 * @text: [[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]], hex (at most 63 bytes)
 * @why: receives a static lower-case reason on error ("invalid bus number")
 * Return: 0, or -EINVAL with *@why set.
 */
int pci_select_parse_slot(struct pci_select *sel, const char *text, const char **why);

/**
 * pci_select_parse_id() - add lspci's "-d" to @sel
 * @text: [VENDOR]:[DEVICE][:CLASS[:PROGIF]], hex; CLASS is 4 digits
 *        (class and subclass, "0300"), 'x' digits match any nibble
 * @why: as for pci_select_parse_slot()
 * Return: 0, or -EINVAL with *@why set.
 */
int pci_select_parse_id(struct pci_select *sel, const char *text, const char **why);

/** pci_select_is_any() - whether @sel selects every device (nothing was given) */
bool pci_select_is_any(const struct pci_select *sel);

/**
 * pci_select_match() - whether @dev is selected
 *
 * The address always decides; the IDs and class of a device that could not
 * be read (read_error) are unknown: PCI_SELECT_UNKNOWN when the address
 * matches and an ID or class part was given.
 */
enum pci_select_match pci_select_match(const struct pci_select *sel,
				       const struct pci_device *dev);

#endif
