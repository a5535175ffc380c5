// SPDX-License-Identifier: GPL-2.0-or-later
/* bind-reason.c: the kernel's reason for a failed driver step, as text and JSON */
#include "config.h"

#include <string.h>

#include "bind-reason.h"
#include "cli.h"

const char *cli_errno_name(int err, char *buf, size_t size)
{
	const char *name = err > 0 ? strerrorname_np(err) : NULL;

	if (name)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

void cli_bind_reason_text(FILE *f, const struct bind_plan *bp, const struct bind_result *res)
{
	const struct plan_step *s =
		res->failed_step >= 0 ? &bp->plan.steps[res->failed_step] : NULL;
	char n1[16];

	if (res->write_errno)
		fprintf(f, "%s:   %s %s (%s)\n", PROGRAM_NAME,
			s && s->action == PLAN_LOAD_MODULE ? "loading the module failed with"
							   : "the kernel answered the write with",
			cli_errno_name(res->write_errno, n1, sizeof(n1)),
			strerror(res->write_errno));
	if (res->probe_errno)
		fprintf(f, "%s:   the driver's probe failed with %s (%s)\n", PROGRAM_NAME,
			cli_errno_name(res->probe_errno, n1, sizeof(n1)),
			strerror(res->probe_errno));
	if (res->nkernel_log)
		fprintf(f, "%s:   kernel log since the step began:\n", PROGRAM_NAME);
	for (size_t i = 0; i < res->nkernel_log; i++)
		fprintf(f, "%s:     %s\n", PROGRAM_NAME, res->kernel_log[i]);
}

void cli_bind_reason_json(struct json_object *r, const struct bind_result *res)
{
	struct json_object *lines = json_object_new_array();
	char n1[16], n2[16];

	json_object_object_add(r, "errno",
			       res->write_errno ? json_object_new_string(cli_errno_name(
							  res->write_errno, n1, sizeof(n1)))
						: NULL);
	json_object_object_add(r, "probe_errno",
			       res->probe_errno ? json_object_new_string(cli_errno_name(
							  res->probe_errno, n2, sizeof(n2)))
						: NULL);
	for (size_t i = 0; i < res->nkernel_log; i++)
		json_object_array_add(lines, json_object_new_string(res->kernel_log[i]));
	json_object_object_add(r, "kernel_log", lines);
}
