// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-verify.c: stub, being written */
#include "config.h"

#include "cli.h"

int cmd_group_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	cli_err("group verify: not implemented yet");
	return VFIO_EXIT_FAILURE;
}
