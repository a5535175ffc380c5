// SPDX-License-Identifier: GPL-2.0-or-later
/* keys.c: the dashboard's one key table */
#include "config.h"

#include <curses.h>

#include "keys.h"

#define CTRL(c) ((c) & 0x1f)

const struct tui_key tui_keys[] = {
	{ { '\t', 0 }, "Tab", "next pane", ACT_NEXT_PANE, true },
	{ { KEY_BTAB, 0 }, "S-Tab", "previous pane", ACT_PREV_PANE, false },
	{ { KEY_UP, 'k', 0 }, "k/Up", "move up", ACT_UP, false },
	{ { KEY_DOWN, 'j', 0 }, "j/Down", "move down", ACT_DOWN, true },
	{ { KEY_PPAGE, 0 }, "PgUp", "page up", ACT_PAGE_UP, false },
	{ { KEY_NPAGE, 0 }, "PgDn", "page down", ACT_PAGE_DOWN, false },
	{ { KEY_HOME, 'g', 0 }, "g/Home", "first row", ACT_HOME, false },
	{ { KEY_END, 'G', 0 }, "G/End", "last row", ACT_END, false },
	{ { '\n', KEY_ENTER, '\r' }, "Enter", "details", ACT_DETAIL, true },
	{ { '/', 0 }, "/", "filter rows", ACT_FILTER, true },
	{ { ' ', 0 }, "Space", "pause", ACT_PAUSE, true },
	{ { CTRL('l'), 0 }, "C-l", "refresh now", ACT_REFRESH, false },
	{ { '?', KEY_F(1), 0 }, "?", "help", ACT_HELP, true },
	{ { 'q', 0 }, "q", "quit", ACT_QUIT, true },
};

const size_t tui_nkeys = sizeof(tui_keys) / sizeof(tui_keys[0]);

enum tui_action tui_key_action(int code)
{
	for (size_t i = 0; i < tui_nkeys; i++)
		for (size_t k = 0; k < 3 && tui_keys[i].codes[k]; k++)
			if (tui_keys[i].codes[k] == code)
				return tui_keys[i].action;
	return ACT_NONE;
}
