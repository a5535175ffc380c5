// SPDX-License-Identifier: GPL-2.0-or-later
/* select.c: which devices a list shows: lspci's -s and -d, and --class */
#include "config.h"

#include <string.h>

#include "cli.h"

int cli_select_init(struct cli_ctx *ctx, struct cli_select *s)
{
	const char *why = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	pci_select_init(&s->sel);
	rc = cli_class_mask(ctx, &s->class_mask);
	if (rc)
		return rc;
	if (ctx->opts.slot_sel && pci_select_parse_slot(&s->sel, ctx->opts.slot_sel, &why) < 0)
		return cli_usage_error("invalid slot selector '%s' (-s): %s; expected [[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]] in hex",
				       ctx->opts.slot_sel, why);
	if (ctx->opts.id_sel && pci_select_parse_id(&s->sel, ctx->opts.id_sel, &why) < 0)
		return cli_usage_error("invalid ID selector '%s' (-d): %s; expected [VENDOR]:[DEVICE][:CLASS[:PROGIF]] in hex",
				       ctx->opts.id_sel, why);
	return 0;
}

bool cli_select_device(struct cli_select *s, const struct pci_device *d)
{
	/* an unreadable device has no known kind: left out, and said so */
	if (s->class_mask && !pci_device_readable(d)) {
		s->unknown_kind++;
		return false;
	}
	if (s->class_mask && !(s->class_mask & (1u << pci_device_kind(d))))
		return false;
	switch (pci_select_match(&s->sel, d)) {
	case PCI_SELECT_YES:
		return true;
	case PCI_SELECT_UNKNOWN:
		/* its IDs are unknown, which is neither "matches" nor "does not" */
		s->unknown++;
		return false;
	default:
		return false;
	}
}

void cli_select_done(const struct cli_ctx *ctx, const struct cli_select *s)
{
	if (s->unknown_kind)
		cli_warn("%zu device(s) could not be read: whether they are of a kind '--class %s' names is unknown, so they are left out",
			 s->unknown_kind, ctx->opts.class_filter);
	if (s->unknown)
		cli_warn("%zu device(s) could not be read: whether they match '-d %s' is unknown, so they are left out",
			 s->unknown, ctx->opts.id_sel);
}
