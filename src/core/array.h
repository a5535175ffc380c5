/* SPDX-License-Identifier: GPL-2.0-or-later */
/* array.h: the one way the core and the front ends grow an array by doubling */
#ifndef VFIO_ARRAY_H
#define VFIO_ARRAY_H

#include <stddef.h>

/**
 * array_grow() - make room for one more element
 * @arr: the array (a pointer to it, cast to void **); NULL for an empty one
 * @cap: its capacity in elements, updated
 * @n: the elements in use
 * @size: one element's size in bytes
 *
 * Nothing happens while @n is below *@cap; otherwise the capacity doubles
 * (8 the first time). On failure *@arr and *@cap are left as they were.
 * Return: 0 or -ENOMEM.
 */
int array_grow(void **arr, size_t *cap, size_t n, size_t size);

#endif
