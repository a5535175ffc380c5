// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-parsers.c: libFuzzer target for the parsers of text that vfioctl does not control */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bdf.h"
#include "hoststate.h"
#include "iommu.h"
#include "kver.h"

/*
 * One input feeds every small parser: a BDF typed by a user, a kernel
 * release, /proc/cmdline, and reserved_regions from a captured tree.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iommu_cmdline c;
	struct iommu_region *r = NULL;
	struct pci_bdf b;
	struct kver k;
	size_t n = 0;
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (bdf_parse(s, &b) == 0) {
		char buf[BDF_STRLEN];
		struct pci_bdf again;

		/* what parses must format and parse back to itself */
		bdf_format(&b, buf, sizeof(buf));
		if (bdf_parse(buf, &again) != 0 || bdf_compare(&b, &again) != 0)
			abort();
	}
	kver_parse(s, &k);
	if (iommu_cmdline_parse(s, &c) == 0)
		iommu_cmdline_clear(&c);
	if (iommu_parse_reserved_regions(s, &r, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			if (r[i].start > r[i].end)
				abort();
		free(r);
	}
	free(s);
	return 0;
}
