// SPDX-License-Identifier: GPL-2.0-or-later
/* keys.c: the dashboard's one key table */
#include "config.h"

#include <curses.h>

#include "keys.h"

#define CTRL(c) ((c) & 0x1f)

const struct tui_key tui_keys[] = {
	{ { '\t', 0 }, "Tab", "next pane", ACT_NEXT_PANE, "pane" },
	{ { KEY_BTAB, 0 }, "S-Tab", "previous pane", ACT_PREV_PANE, NULL },
	{ { KEY_UP, 'k', 0 }, "k/Up", "move up", ACT_UP, NULL },
	{ { KEY_DOWN, 'j', 0 }, "j/Down", "move down", ACT_DOWN, "move" },
	{ { KEY_PPAGE, 0 }, "PgUp", "page up", ACT_PAGE_UP, NULL },
	{ { KEY_NPAGE, 0 }, "PgDn", "page down", ACT_PAGE_DOWN, NULL },
	{ { KEY_HOME, 'g', 0 }, "g/Home", "first row", ACT_HOME, NULL },
	{ { KEY_END, 'G', 0 }, "G/End", "last row", ACT_END, NULL },
	{ { '\n', KEY_ENTER, '\r' }, "Enter", "details", ACT_DETAIL, "details" },
	{ { '/', 0 }, "/", "filter rows", ACT_FILTER, "filter" },
	{ { 'c', 0 }, "c", "claim the group or device for vfio-pci", ACT_CLAIM, "claim" },
	{ { 'r', 0 }, "r", "release it to its drivers", ACT_RELEASE, "release" },
	{ { 'p', 0 }, "p", "log pane: cycle the lowest priority shown", ACT_PRIORITY, NULL },
	{ { 'w', 0 }, "w", "set the io.weight of the selected cgroup", ACT_WEIGHT, NULL },
	{ { 'y', 'Y', 0 }, "y", "apply (in a dialog)", ACT_YES, NULL },
	{ { 'n', 'N', 0 }, "n", "cancel (in a dialog)", ACT_NO, NULL },
	{ { ' ', 0 }, "Space", "pause or resume the refresh", ACT_PAUSE, "pause" },
	{ { CTRL('l'), 0 }, "C-l", "refresh now", ACT_REFRESH, NULL },
	{ { '?', KEY_F(1), 0 }, "?", "this list of keys", ACT_HELP, "keys" },
	{ { 'q', 0 }, "q", "quit", ACT_QUIT, "quit" },
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
