// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-journal.c: libFuzzer target for journal_read() on arbitrary bytes */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct path_ctx *ctx;
static char dir[] = "/tmp/vfioctl-fuzz-XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal j, back;
	char rel[] = "j.journal";

	if (!ctx) {
		if (!mkdtemp(dir) || path_ctx_new(dir, &ctx) < 0)
			abort();
	}
	if (path_write_atomic(ctx, data, size, "%s", rel) < 0)
		return 0;
	if (journal_read(ctx, rel, &j) == 0) {
		/* what reads must write and read back the same */
		if (journal_write(ctx, &j, rel) < 0 || journal_read(ctx, rel, &back) < 0 ||
		    back.ndevs != j.ndevs || back.group != j.group || back.state != j.state)
			abort();
		for (size_t i = 0; i < j.ndevs; i++)
			if (strcmp(back.devs[i].bdf, j.devs[i].bdf) ||
			    strcmp(back.devs[i].driver, j.devs[i].driver) ||
			    strcmp(back.devs[i].override, j.devs[i].override))
				abort();
		journal_clear(&back);
	}
	journal_clear(&j);
	return 0;
}
