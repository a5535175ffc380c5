// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-dynids.c: libFuzzer target for vfio-pci's dynamic-ID sources: a modprobe.d file, a cmdline list */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "vfio/dynids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* one tree for the whole run: the input is its etc/modprobe.d/fuzz.conf */
static char root[] = "/tmp/vfioctl-fuzz-dynids.XXXXXX";
static struct path_ctx *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char conf[sizeof(root) + 64], *s;
	struct dynids ids;
	FILE *f;

	if (!ctx) {
		if (!mkdtemp(root))
			abort();
		snprintf(conf, sizeof(conf), "%s/etc", root);
		mkdir(conf, 0755);
		snprintf(conf, sizeof(conf), "%s/etc/modprobe.d", root);
		mkdir(conf, 0755);
		if (path_ctx_new(root, &ctx) < 0)
			abort();
	}
	snprintf(conf, sizeof(conf), "%s/etc/modprobe.d/fuzz.conf", root);
	f = fopen(conf, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* the same bytes as the value of vfio-pci.ids= and as a modprobe.d file */
	if (dynids_read(ctx, s, &ids) == 0) {
		for (size_t i = 0; i < ids.n; i++) {
			char label[DYNID_LABEL_MAX];

			/* every ID kept is a NUL-terminated, labelled one */
			if (memchr(ids.v[i].text, '\0', sizeof(ids.v[i].text)) == NULL)
				abort();
			dynid_label(&ids.v[i], label, sizeof(label));
		}
		dynids_clear(&ids);
	}
	free(s);
	return 0;
}
