// SPDX-License-Identifier: GPL-2.0-or-later
/* dynids-text.c: vfio-pci's dynamic IDs in status and device show (vfioctl never sets them) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dynids-text.h"
#include "vfio/dynids.h"

static const char *state_name(enum dynid_state st)
{
	static const char *const names[] = {"none", "caught", "ignored", "unbound", "new-id"};

	return names[st];
}

/* the ids configured for the host; an unreadable modprobe.d just lists fewer */
static int read_ids(struct cli_ctx *ctx, const struct host_snapshot *snap, struct dynids *ids)
{
	struct path_ctx *path;

	memset(ids, 0, sizeof(*ids));
	if (cli_path(ctx, &path) != 0)
		return -1;
	return dynids_read(path, snap->host.cmdline.vfio_pci_ids, ids);
}

static const char *device_state_text(const struct pci_device *d, bool vfio_loaded)
{
	if (pci_driver_is_vfio(d->driver))
		return "";
	if (!*d->driver)
		return vfio_loaded ? "" : ": vfio-pci is not loaded";
	return vfio_loaded ? ": ignored, vfio-pci loaded after its driver (initramfs order)"
			   : ": vfio-pci is not loaded";
}

void cli_dynids_status(struct cli_ctx *ctx, const struct host_snapshot *snap,
		       struct json_object *st)
{
	struct json_object *jo = NULL, *jids = NULL, *jinf = NULL;
	bool loaded = snap->host.modules.vfio_pci;
	const char *label = "dynamic ids:";
	struct dynids ids;

	if (read_ids(ctx, snap, &ids) < 0)
		return;
	if (st) {
		jo = json_object_new_object();
		jids = json_object_new_array();
		jinf = json_object_new_array();
	}
	for (size_t i = 0; i < ids.n; i++) {
		const struct dynid *id = &ids.v[i];
		struct json_object *jid = NULL, *jdevs = NULL;
		bool any = false;
		char t[DYNID_LABEL_MAX];

		if (jo) {
			jid = json_object_new_object();
			jdevs = json_object_new_array();
			json_object_object_add(jid, "id", json_object_new_string(id->text));
			json_object_object_add(
				jid, "source",
				json_object_new_string(id->cmdline ? "cmdline" : id->source));
		} else {
			dynid_label(id, t, sizeof(t));
			printf("%-14s%s:", label, t);
			label = "";
		}
		for (size_t k = 0; k < snap->pci->count; k++) {
			const struct pci_device *d = &snap->pci->devs[k];
			const struct dynid *m;
			enum dynid_state s = dynids_state(&ids, d, &m);

			if (!dynid_matches(id, d))
				continue;
			if (jdevs) {
				struct json_object *jd = json_object_new_object();

				json_object_object_add(jd, "bdf", json_object_new_string(d->name));
				json_object_object_add(jd, "driver",
						       json_string_or_null(d->driver));
				/* the first matching ID decides; a later one adds nothing */
				json_object_object_add(jd, "state",
						       json_object_new_string(state_name(
							       m == id ? s : DYNID_NONE)));
				json_object_array_add(jdevs, jd);
			} else {
				printf("%s %s %s%s%s", any ? "," : "", d->name,
				       *d->driver ? "on " : "with no driver", d->driver,
				       device_state_text(d, loaded));
			}
			any = true;
		}
		if (jid) {
			json_object_object_add(jid, "devices", jdevs);
			json_object_array_add(jids, jid);
		} else {
			printf("%s\n", any ? "" : " matches no device");
		}
	}
	for (size_t k = 0; k < snap->pci->count; k++) {
		const struct pci_device *d = &snap->pci->devs[k];
		const struct dynid *m;

		if (dynids_state(&ids, d, &m) != DYNID_INFERRED)
			continue;
		if (jinf) {
			json_object_array_add(jinf, json_object_new_string(d->name));
		} else {
			printf("%-14s%s is on vfio-pci with no driver_override and no ids= names "
			       "it: a dynamic ID written to new_id\n",
			       label, d->name);
			label = "";
		}
	}
	/* present only when there is something to say (like the text) */
	if (jo && (ids.n || json_object_array_length(jinf))) {
		json_object_object_add(jo, "ids", jids);
		json_object_object_add(jo, "new_id_inferred", jinf);
		json_object_object_add(st, "dynamic_ids", jo);
	} else if (jo) {
		json_object_put(jids);
		json_object_put(jinf);
		json_object_put(jo);
	}
	dynids_clear(&ids);
}

void cli_dynids_device(struct cli_ctx *ctx, const struct host_snapshot *snap,
		       const struct pci_device *d, struct json_object *o)
{
	char why[512];
	const struct dynid *id;
	enum dynid_state st;
	struct dynids ids;

	if (read_ids(ctx, snap, &ids) < 0)
		return;
	st = dynids_describe(&ids, snap->pci, d, snap->host.modules.vfio_pci, why, sizeof(why));
	dynids_state(&ids, d, &id);
	if (o && st != DYNID_NONE) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "state", json_object_new_string(state_name(st)));
		json_object_object_add(j, "id", id ? json_object_new_string(id->text) : NULL);
		json_object_object_add(
			j, "source",
			!id ? NULL : json_object_new_string(id->cmdline ? "cmdline" : id->source));
		json_object_object_add(j, "detail", json_object_new_string(why));
		json_object_object_add(o, "dynamic_id", j);
	} else if (st != DYNID_NONE) {
		printf("  dynamic id:      %s\n", why);
	}
	dynids_clear(&ids);
}
