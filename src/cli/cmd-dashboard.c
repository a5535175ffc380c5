// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-dashboard.c: 'vfioctl dashboard': check the options, start the live view */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tui.h"

/* -d SECS: 0 to 3600 seconds, to the millisecond ("0.5", "2") */
static int parse_delay(const char *s, unsigned *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || v > 3600)
		return -EINVAL;
	*ms = (unsigned)(v * 1000 + 0.5);
	return 0;
}

static int parse_count(const char *s, long *n)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 1000000)
		return -EINVAL;
	*n = v;
	return 0;
}

int cmd_dashboard(struct cli_ctx *ctx, int argc, char **argv)
{
	struct tui_options o = { .delay_ms = 1000 };
	int rc;
	(void)argc;
	(void)argv;

	if (ctx->opts.delay && parse_delay(ctx->opts.delay, &o.delay_ms) < 0)
		return cli_usage_error("invalid delay '%s': expected seconds from 0 to 3600",
				       ctx->opts.delay);
	if (ctx->opts.iterations && parse_count(ctx->opts.iterations, &o.iterations) < 0)
		return cli_usage_error("invalid count '%s': expected 1 to 1000000",
				       ctx->opts.iterations);
	o.batch = ctx->opts.batch;
	if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		cli_err("the dashboard needs a terminal; use --batch for plain text frames");
		return VFIO_EXIT_USAGE;
	}
	o.color = !ctx->opts.no_color && !getenv("NO_COLOR");
	o.sysroot = ctx->opts.sysroot;
	rc = cli_path(ctx, &o.path);
	if (rc)
		return rc;
	if (o.batch) {
		rc = tui_dashboard_run(&o);
	} else {
		/* ncurses owns the terminal: its own escapes must reach it */
		FILE *filtered = stdout;

		fflush(stdout);
		stdout = safeout_terminal();
		rc = tui_dashboard_run(&o);
		stdout = filtered;
	}
	if (rc == -ENOTTY) {
		cli_err("cannot start the terminal (is TERM set?)");
		return VFIO_EXIT_FAILURE;
	}
	if (rc < 0) {
		cli_err("dashboard: %s", strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return VFIO_EXIT_OK;
}
