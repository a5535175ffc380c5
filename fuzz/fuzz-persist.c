// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-persist.c: libFuzzer target for persist_entry_parse() on arbitrary bytes */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vfio/persist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct persist_entry e, back;
	char text[PERSIST_ENTRY_MAX];
	int len;

	if (persist_entry_parse((const char *)data, size, "0000:00:02.0", &e) < 0)
		return 0;
	/* an accepted entry formats back to exactly the bytes that were read */
	len = persist_entry_format(&e, text, sizeof(text));
	if (len < 0 || (size_t)len != size || memcmp(text, data, size) != 0)
		abort();
	if (persist_entry_parse(text, (size_t)len, "0000:00:02.0", &back) < 0 ||
	    memcmp(&back, &e, sizeof(e)) != 0)
		abort();
	return 0;
}
