// SPDX-License-Identifier: GPL-2.0-or-later
/* strutil.c: small string helpers shared by the core modules */
#include "config.h"

#include <string.h>

#include "strutil.h"

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : "EUNKNOWN";
}

void str_printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}
