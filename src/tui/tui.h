/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tui.h: the live dashboard, as the command line starts it */
#ifndef VFIO_TUI_H
#define VFIO_TUI_H

#include <stdbool.h>

struct path_ctx;

struct tui_options {
	struct path_ctx *path;		/* the sysroot every tick reads */
	const char *sysroot;		/* its name, for messages; NULL: live */
	unsigned delay_ms;		/* between ticks */
	long iterations;		/* ticks before quitting; 0: until 'q' */
	bool batch;			/* plain text frames on stdout, no terminal */
	bool color;			/* colors wanted (NO_COLOR, --no-color unset) */
};

/*
 * tui_dashboard_run() - run the dashboard until 'q', a signal or @o->iterations
 * Return: 0, or a negative errno when the terminal or a tick failed; the
 * terminal is restored on every path.
 */
int tui_dashboard_run(const struct tui_options *o);

#endif
