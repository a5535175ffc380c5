/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bdf.h: PCI addresses (domain:bus:device.function) */
#ifndef VFIO_BDF_H
#define VFIO_BDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The kernel names PCI devices "%04x:%02x:%02x.%d"; the domain is 16 bits
 * on most hosts but Intel VMD adds domains from 0x10000, printed with five
 * digits ("10000:e1:00.0"), so it is kept as 32 bits.
 */
struct pci_bdf {
	uint32_t domain;
	uint8_t bus;
	uint8_t dev;	/* 0..31 */
	uint8_t fn;	/* 0..7 */
};

/* "ffffffff:ff:1f.7" plus NUL */
#define BDF_STRLEN 17

/**
 * bdf_parse() - parse a PCI address as users and sysfs write it
 * @s: "DDDD:BB:DD.F", "DDDDD:BB:DD.F" (VMD) or "BB:DD.F" (domain 0);
 *     hex digits in either case
 * @out: receives the address
 *
 * Return: 0, or -EINVAL for anything else (missing parts, device > 0x1f,
 * function > 7, a domain wider than 8 digits, trailing text).
 */
int bdf_parse(const char *s, struct pci_bdf *out);

/**
 * bdf_format() - the kernel's canonical name for @bdf ("0000:01:00.0")
 * @buf: at least BDF_STRLEN bytes
 * Return: @buf.
 */
char *bdf_format(const struct pci_bdf *bdf, char *buf, size_t size);

/** bdf_same_slot() - same domain, bus and device (functions of one card) */
bool bdf_same_slot(const struct pci_bdf *a, const struct pci_bdf *b);

/** bdf_compare() - order by domain, bus, device, function (for qsort) */
int bdf_compare(const struct pci_bdf *a, const struct pci_bdf *b);

#endif
