// SPDX-License-Identifier: GPL-2.0-or-later
/* array.c: the one way the core and the front ends grow an array by doubling */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "array.h"

int array_grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *na;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	na = realloc(*arr, nc * size);
	if (!na)
		return -ENOMEM;
	*arr = na;
	*cap = nc;
	return 0;
}
