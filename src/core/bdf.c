// SPDX-License-Identifier: GPL-2.0-or-later
/* bdf.c: parse and format PCI addresses */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bdf.h"

/* parse exactly [min,max] hex digits; returns the count or -1 */
static int hex_field(const char **sp, unsigned min, unsigned max, uint32_t *val)
{
	const char *s = *sp;
	unsigned n = 0;
	uint32_t v = 0;

	while (n < max + 1 && isxdigit((unsigned char)s[n])) {
		int c = tolower((unsigned char)s[n]);

		v = v * 16 + (uint32_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
		n++;
	}
	if (n < min || n > max)
		return -1;
	*sp = s + n;
	*val = v;
	return (int)n;
}

int bdf_parse(const char *s, struct pci_bdf *out)
{
	uint32_t a, b, dev, fn, domain = 0, bus;
	const char *p = s;
	int a_digits;

	if (!s)
		return -EINVAL;
	/* either "bus:dev.fn" or "domain:bus:dev.fn": look at the colons */
	a_digits = hex_field(&p, 1, 8, &a);
	if (a_digits < 0 || *p++ != ':')
		return -EINVAL;
	if (hex_field(&p, 1, 2, &b) < 0)
		return -EINVAL;
	if (*p == ':') {
		p++;
		if (a_digits < 4)
			return -EINVAL;	/* the kernel prints at least 4 */
		domain = a;
		bus = b;
		if (hex_field(&p, 1, 2, &dev) < 0)
			return -EINVAL;
	} else {
		if (a_digits > 2)
			return -EINVAL;
		bus = a;
		dev = b;
	}
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return -EINVAL;
	fn = (uint32_t)(*p++ - '0');
	if (*p || dev > 0x1f || fn > 7)
		return -EINVAL;
	out->domain = domain;
	out->bus = (uint8_t)bus;
	out->dev = (uint8_t)dev;
	out->fn = (uint8_t)fn;
	return 0;
}

char *bdf_format(const struct pci_bdf *bdf, char *buf, size_t size)
{
	snprintf(buf, size, "%04x:%02x:%02x.%u", bdf->domain, bdf->bus,
		 bdf->dev, bdf->fn);
	return buf;
}

bool bdf_same_slot(const struct pci_bdf *a, const struct pci_bdf *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev;
}

int bdf_compare(const struct pci_bdf *a, const struct pci_bdf *b)
{
	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return 0;
}
