/* SPDX-License-Identifier: GPL-2.0-or-later */
/* canvas.h: a frame of styled text rows that curses or batch mode puts on screen */
#ifndef VFIO_TUI_CANVAS_H
#define VFIO_TUI_CANVAS_H

#include <stddef.h>

/*
 * Panes draw into a canvas, never into curses: the same frame is blitted to
 * the terminal or printed as plain text by --batch, so what the tests read
 * is what the user sees.
 */
enum tui_style {
	ST_NORMAL,
	ST_TITLE,	/* the header line */
	ST_HEADER,	/* column headings */
	ST_TAB,		/* a pane's name in the tab line */
	ST_TAB_ON,	/* the active pane's name */
	ST_SELECTED,	/* the cursor row */
	ST_GOOD,	/* viable, pass */
	ST_BAD,		/* not viable, blocks */
	ST_WARN,	/* unknown, warnings */
	ST_DIM,		/* secondary text */
	ST_BAR,		/* the key bar and the status line */
	ST__COUNT,
};

#define CANVAS_MAX_SPANS 6

struct canvas_span {
	int col, len;
	enum tui_style style;
};

struct canvas_row {
	char *text;			/* printable ASCII, at most width bytes */
	enum tui_style style;		/* of the whole row */
	struct canvas_span spans[CANVAS_MAX_SPANS];	/* restyled parts */
	int nspans;
};

struct canvas {
	int width;
	int nrows, cap;
	struct canvas_row *rows;
};

/* an empty canvas @width columns wide; 0 or -ENOMEM */
int canvas_init(struct canvas *c, int width);
/* drop every row, keep the width */
void canvas_reset(struct canvas *c);
void canvas_free(struct canvas *c);

/*
 * canvas_add() - append a row, cut to the canvas width
 * Return: the row's index, or -ENOMEM.
 */
int canvas_add(struct canvas *c, enum tui_style style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* restyle columns [@col, @col + @len) of row @row (ignored beyond the limit) */
void canvas_span(struct canvas *c, int row, int col, int len, enum tui_style style);

#endif
