// SPDX-License-Identifier: GPL-2.0-or-later
/* pane.c: rows, filter and cursor that every dashboard pane shares */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "pane.h"

int pane_add(struct pane *p, int parent, enum tui_style style, const char *key,
	     const char *fmt, ...)
{
	struct pane_item *it;
	va_list ap;
	int n;

	if (array_grow((void **)&p->items, &p->cap, p->nitems, sizeof(*p->items)) < 0)
		return -ENOMEM;
	it = &p->items[p->nitems];
	memset(it, 0, sizeof(*it));
	va_start(ap, fmt);
	n = vasprintf(&it->text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	it->style = style;
	it->parent = parent;
	it->group = -1;
	it->visible = true;
	snprintf(it->key, sizeof(it->key), "%s", key);
	p->nitems++;
	return 0;
}

void pane_badge(struct pane *p, int col, int len, enum tui_style style)
{
	struct pane_item *it;

	if (!p->nitems)
		return;
	it = &p->items[p->nitems - 1];
	it->badge_col = col;
	it->badge_len = len;
	it->badge_style = style;
}

void pane_clear(struct pane *p)
{
	for (size_t i = 0; i < p->nitems; i++)
		free(p->items[i].text);
	p->nitems = 0;
	p->heading[0] = '\0';
}

void pane_filter(struct pane *p, const char *filter)
{
	if (!filter || !*filter) {
		for (size_t i = 0; i < p->nitems; i++)
			p->items[i].visible = true;
		return;
	}
	for (size_t i = 0; i < p->nitems; i++)
		p->items[i].visible = strcasestr(p->items[i].text, filter) != NULL;
	/* a matching row shows its parents, and a matching parent its children */
	for (size_t i = 0; i < p->nitems; i++) {
		struct pane_item *it = &p->items[i];

		if (it->visible)
			for (int up = it->parent; up >= 0; up = p->items[up].parent)
				p->items[up].visible = true;
		else if (it->parent >= 0 && strcasestr(p->items[it->parent].text, filter))
			it->visible = true;
	}
}

size_t pane_nvisible(const struct pane *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].visible;
	return n;
}

void pane_restore_cursor(struct pane *p)
{
	size_t i;

	for (i = 0; i < p->nitems; i++)
		if (p->items[i].visible && strcmp(p->items[i].key, p->sel_key) == 0)
			break;
	if (i == p->nitems) {
		/* the row went away: the nearest visible row before its old place */
		i = p->sel < p->nitems ? p->sel : p->nitems;
		while (i > 0 && (i >= p->nitems || !p->items[i].visible))
			i--;
		while (i < p->nitems && !p->items[i].visible)
			i++;
	}
	p->sel = i < p->nitems ? i : 0;
	if (p->sel < p->nitems)
		snprintf(p->sel_key, sizeof(p->sel_key), "%s", p->items[p->sel].key);
}

void pane_move(struct pane *p, long delta)
{
	size_t i = p->sel;

	while (delta > 0 && i + 1 < p->nitems) {
		size_t j = i + 1;

		while (j < p->nitems && !p->items[j].visible)
			j++;
		if (j == p->nitems)
			break;
		i = j;
		delta--;
	}
	while (delta < 0 && i > 0) {
		size_t j = i;

		while (j > 0 && !p->items[j - 1].visible)
			j--;
		if (j == 0)
			break;
		i = j - 1;
		delta++;
	}
	p->sel = i;
	if (p->sel < p->nitems)
		snprintf(p->sel_key, sizeof(p->sel_key), "%s", p->items[p->sel].key);
}

const struct pane_item *pane_selected(const struct pane *p)
{
	if (p->sel >= p->nitems || !p->items[p->sel].visible)
		return NULL;
	return &p->items[p->sel];
}
