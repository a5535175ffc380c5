/* SPDX-License-Identifier: GPL-2.0-or-later */
/* keys.h: the dashboard's one key table: what each key does, for the loop, the bar and '?' */
#ifndef VFIO_TUI_KEYS_H
#define VFIO_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum tui_action {
	ACT_NONE,
	ACT_QUIT,
	ACT_NEXT_PANE,
	ACT_PREV_PANE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_DETAIL,
	ACT_FILTER,
	ACT_PAUSE,
	ACT_REFRESH,
	ACT_HELP,
	ACT_CLAIM,
	ACT_RELEASE,
	ACT_WEIGHT,
	ACT_PRIORITY,
	ACT_YES,
	ACT_NO,
};

struct tui_key {
	int codes[3];			/* curses key codes; 0 ends the list */
	const char *label;		/* as shown: "Tab", "j/Down" */
	const char *help;
	enum tui_action action;
	const char *bar;		/* its short form in the bottom bar; NULL: not there */
};

extern const struct tui_key tui_keys[];
extern const size_t tui_nkeys;

/* the action bound to curses key @code, ACT_NONE when unbound */
enum tui_action tui_key_action(int code);

#endif
