// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-common.c: phrases and argument parsing shared by the command handlers */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pathnames.h"

int parse_group_arg(const char *arg, int *id)
{
	char *end;
	long v;

	/* digits only: strtol would also take " 1", "+1" and "-1" */
	if (!isdigit((unsigned char)*arg))
		return -EINVAL;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < 0 || v > INT_MAX)
		return -EINVAL;
	*id = (int)v;
	return 0;
}

void format_blocker(char *buf, size_t size, const struct iommu_member *m,
		    int group)
{
	snprintf(buf, size, "%s (%s) blocks group %d", m->name, m->driver, group);
}

struct json_object *json_blocker(const struct iommu_member *m, int group)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "group", json_object_new_int(group));
	json_object_object_add(o, "name", json_object_new_string(m->name));
	json_object_object_add(o, "driver", json_string_or_null(m->driver));
	return o;
}

const char *host_state_hint(const struct iommu_host *h)
{
	bool intel = strcmp(h->cpu_vendor, "GenuineIntel") == 0;
	bool amd = strcmp(h->cpu_vendor, "AuthenticAMD") == 0;

	switch (h->state) {
	case IOMMU_STATE_ON:
	case IOMMU_STATE_GROUPS_ONLY:
		return NULL;
	case IOMMU_STATE_OFF_CMDLINE:
		return "remove intel_iommu=off, amd_iommu=off or iommu=off from the kernel command line and reboot";
	case IOMMU_STATE_NO_GROUPS:
		return "IOMMU units are registered but formed no groups: see dmesg | grep -i -e DMAR -e AMD-Vi";
	case IOMMU_STATE_NOT_ENABLED:
	default:
		if (h->hypervisor)
			return "this is a virtual machine: give it a virtual IOMMU (QEMU: -M q35 -device intel-iommu,intremap=on, or virtio-iommu) and boot it with intel_iommu=on";
		if (intel)
			return "enable VT-d in the firmware setup and boot with intel_iommu=on";
		if (amd)
			return "enable AMD-Vi (IOMMU) in the firmware setup; add amd_iommu=on if it stays off";
		return "enable VT-d (Intel) or AMD-Vi (AMD) in the firmware setup and boot with intel_iommu=on or amd_iommu=on";
	}
}

void print_wrapped(const char *indent, const char *prefix, const char *text, size_t width)
{
	size_t start = strlen(indent) + strlen(prefix), col = start;
	const char *p = text;

	printf("%s%s", indent, prefix);
	while (*p) {
		size_t len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (!len)
			break;
		if (col > start && col + 1 + len > width) {
			printf("\n%s%*s", indent, (int)strlen(prefix), "");
			col = start;
		} else if (col > start) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)len, p);
		col += len;
		p += len;
	}
	putchar('\n');
}

int cli_change_target_error(const struct cli_ctx *ctx, const struct path_ctx *path, int rc,
			    const char *what)
{
	if (rc == -EROFS) {
		cli_err("refusing to change '%s': not the live root and not a test fixture marked writable (%s)",
			path_ctx_root(path), PATH_FIXTURE_WRITABLE);
		return VFIO_EXIT_REFUSED;
	}
	if (rc == -EPERM) {
		cli_err("%s needs root (try --dry-run to see the plan)", what);
		return VFIO_EXIT_FAILURE;
	}
	cli_err("cannot change '%s': %s", path_ctx_root(path), strerror(-rc));
	return VFIO_EXIT_FAILURE;
}

int cli_change_lock_error(const struct cli_ctx *ctx, const char *lock_rel, int rc,
			  const char *busy)
{
	char abs[PATH_MAX];

	if (rc == -EWOULDBLOCK)
		cli_err("%s (lock '%s' is held); try again", busy,
			cli_abs(ctx, lock_rel, abs, sizeof(abs)));
	else
		cli_err("cannot take the lock '%s': %s", cli_abs(ctx, lock_rel, abs, sizeof(abs)),
			strerror(-rc));
	return VFIO_EXIT_FAILURE;
}

bool cli_confirm(const char *question)
{
	char line[16];

	fprintf(stderr, "%s? [y/N] ", question);
	fflush(stderr);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

const char *cli_steps_question(size_t nsteps, char *buf, size_t size)
{
	snprintf(buf, size, "Apply these %zu steps", nsteps);
	return buf;
}

int cli_consent(const struct cli_ctx *ctx, const char *question, const char *what)
{
	if (ctx->opts.yes)
		return 0;
	if (!isatty(STDIN_FILENO)) {
		cli_err("refusing to %s without --yes: standard input is not a terminal (review with --dry-run)",
			what);
		return VFIO_EXIT_USAGE;
	}
	if (!cli_confirm(question)) {
		cli_err("cancelled: nothing was changed");
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}
