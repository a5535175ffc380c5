/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kver.h: kernel release numbers ("6.1.0-57-amd64") */
#ifndef VFIO_KVER_H
#define VFIO_KVER_H

struct kver {
	unsigned major;
	unsigned minor;
	unsigned patch;
};

/**
 * kver_parse() - read "MAJOR.MINOR[.PATCH][anything]" as in osrelease
 * Return: 0, or -EINVAL when the string does not start with MAJOR.MINOR.
 */
int kver_parse(const char *release, struct kver *out);

/** kver_at_least() - whether @v is MAJOR.MINOR or later */
int kver_at_least(const struct kver *v, unsigned major, unsigned minor);

#endif
