// SPDX-License-Identifier: GPL-2.0-or-later
/* canvas.c: a frame of styled text rows that curses or batch mode puts on screen */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "strutil.h"

int canvas_init(struct canvas *c, int width)
{
	memset(c, 0, sizeof(*c));
	c->width = width > 0 ? width : 80;
	return 0;
}

void canvas_reset(struct canvas *c)
{
	for (int i = 0; i < c->nrows; i++)
		free(c->rows[i].text);
	c->nrows = 0;
}

void canvas_free(struct canvas *c)
{
	canvas_reset(c);
	free(c->rows);
	c->rows = NULL;
	c->cap = 0;
}

int canvas_add(struct canvas *c, enum tui_style style, const char *fmt, ...)
{
	struct canvas_row *r;
	va_list ap;
	char *text;
	int n;

	if (c->nrows == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct canvas_row *rows = realloc(c->rows, (size_t)cap * sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		c->rows = rows;
		c->cap = cap;
	}
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	/* sysfs names and pci.ids text reach the terminal only as plain ASCII */
	str_printable(text);
	if (n > c->width)
		text[c->width] = '\0';
	r = &c->rows[c->nrows];
	r->text = text;
	r->style = style;
	r->nspans = 0;
	return c->nrows++;
}

void canvas_span(struct canvas *c, int row, int col, int len, enum tui_style style)
{
	struct canvas_row *r;

	if (row < 0 || row >= c->nrows || col < 0 || len <= 0)
		return;
	r = &c->rows[row];
	if (r->nspans >= CANVAS_MAX_SPANS)
		return;
	r->spans[r->nspans++] = (struct canvas_span){ col, len, style };
}
