/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strutil.h: small string helpers shared by the core modules */
#ifndef VFIO_STRUTIL_H
#define VFIO_STRUTIL_H

/**
 * str_printable() - replace every byte outside printable ASCII with '?'
 * @s: NUL-terminated, changed in place
 *
 * Driver names, driver_override, reset_method and process names are plain
 * ASCII words on a real kernel; a captured tree or a process may hold
 * anything, and it must not reach a terminal or a JSON string as is.
 */
void str_printable(char *s);

/**
 * errno_name() - the symbolic name of an errno value: "EBUSY" for EBUSY
 * @err: a positive errno or a negative -errno, as the core returns them
 *
 * For JSON and scripts, which should not match strerror() text: it is
 * localised and changes between C libraries. Unknown values give
 * "EUNKNOWN". Return: a static string, never NULL.
 */
const char *errno_name(int err);

#endif
