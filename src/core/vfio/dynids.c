// SPDX-License-Identifier: GPL-2.0-or-later
/* dynids.c: where vfio-pci's dynamic IDs come from, and which devices they catch */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynids.h"
#include "pathnames.h"

static int add_id(struct dynids *out, const char *text, size_t len, const char *source,
		  bool cmdline)
{
	unsigned v[6] = {DYNID_ANY, DYNID_ANY, DYNID_ANY, DYNID_ANY, 0, 0};
	char buf[sizeof(((struct dynid *)0)->text)];
	struct dynid *id, *grown;
	int n;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* vfio_pci_fill_ids(): at least vendor and device, or the ID is skipped */
	n = sscanf(buf, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
	if (n < 2)
		return 0;
	grown = realloc(out->v, (out->n + 1) * sizeof(*out->v));
	if (!grown)
		return -ENOMEM;
	out->v = grown;
	id = &out->v[out->n++];
	memset(id, 0, sizeof(*id));
	id->vendor = v[0];
	id->device = v[1];
	id->subvendor = v[2];
	id->subdevice = v[3];
	id->class_code = v[4];
	id->class_mask = v[5];
	id->cmdline = cmdline;
	snprintf(id->text, sizeof(id->text), "%s", buf);
	snprintf(id->source, sizeof(id->source), "%s", source);
	return 0;
}

/* "10de:1b80,10de:10f0": each comma-separated ID */
static int add_list(struct dynids *out, const char *list, size_t len, const char *source,
		    bool cmdline)
{
	const char *p = list, *end = list + len;
	int rc = 0;

	while (rc == 0 && p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t l = comma ? (size_t)(comma - p) : (size_t)(end - p);

		rc = add_id(out, p, l, source, cmdline);
		p += l + 1;
	}
	return rc;
}

struct conf_parse {
	struct dynids *out;
	const char *source;
	int rc;
};

/* "options vfio-pci disable_vga=1 ids=1b21:1242": the ids= of vfio-pci's options */
static int conf_line(char *line, void *arg)
{
	struct conf_parse *cp = arg;
	char *save = NULL, *w = strtok_r(line, " \t", &save);

	if (!w || strcmp(w, "options") != 0)
		return 0;
	w = strtok_r(NULL, " \t", &save);
	if (!w || (strcmp(w, "vfio-pci") != 0 && strcmp(w, "vfio_pci") != 0))
		return 0;
	while ((w = strtok_r(NULL, " \t", &save)) && cp->rc == 0)
		if (strncmp(w, "ids=", 4) == 0)
			cp->rc = add_list(cp->out, w + 4, strlen(w + 4), cp->source, false);
	return 0;
}

static bool is_conf(const char *name)
{
	size_t l = strlen(name);

	return l > 5 && strcmp(name + l - 5, ".conf") == 0;
}

/* a name already read from an earlier directory hides this one (kmod's rule) */
static bool seen_before(char **seen, size_t nseen, const char *name)
{
	for (size_t i = 0; i < nseen; i++)
		if (strcmp(seen[i], name) == 0)
			return true;
	return false;
}

int dynids_read(const struct path_ctx *ctx, const char *cmdline_ids, struct dynids *out)
{
	static const char *const dirs[] = PATH_MODPROBE_DIRS;
	char *seen[256];
	size_t nseen = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (cmdline_ids)
		rc = add_list(out, cmdline_ids, strlen(cmdline_ids), "the kernel command line",
			      true);
	for (size_t d = 0; rc == 0 && d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char **names = NULL;

		if (path_list_dir(ctx, &names, NULL, "%s", dirs[d]) < 0)
			continue;
		for (char **n = names; rc == 0 && *n; n++) {
			char source[128];
			struct conf_parse cp = {out, source, 0};

			if (!is_conf(*n) || seen_before(seen, nseen, *n))
				continue;
			if (nseen < sizeof(seen) / sizeof(seen[0]))
				seen[nseen++] = strdup(*n);
			snprintf(source, sizeof(source), "%s/%s", dirs[d], *n);
			path_read_lines(ctx, conf_line, &cp, "%s/%s", dirs[d], *n);
			rc = cp.rc;
		}
		strv_free(names);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	if (rc < 0)
		dynids_clear(out);
	return rc;
}

void dynids_clear(struct dynids *ids)
{
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

static bool id_eq(uint32_t want, uint32_t have)
{
	return want == DYNID_ANY || want == have;
}

bool dynid_matches(const struct dynid *id, const struct pci_device *d)
{
	return id_eq(id->vendor, d->vendor_id) && id_eq(id->device, d->device_id) &&
	       id_eq(id->subvendor, d->subsys_vendor_id) &&
	       id_eq(id->subdevice, d->subsys_device_id) &&
	       ((id->class_code ^ d->class_code) & id->class_mask) == 0;
}

enum dynid_state dynids_state(const struct dynids *ids, const struct pci_device *d,
			      const struct dynid **id)
{
	*id = NULL;
	for (size_t i = 0; i < ids->n; i++) {
		if (!dynid_matches(&ids->v[i], d))
			continue;
		*id = &ids->v[i];
		if (pci_driver_is_vfio(d->driver))
			return DYNID_CAUGHT;
		return *d->driver ? DYNID_IGNORED : DYNID_UNBOUND;
	}
	/*
	 * vfio-pci's own ID table matches only a device whose driver_override
	 * names it: on vfio-pci itself (not a variant) with no override, a
	 * dynamic ID bound it, or the override was cleared after the bind
	 * (dpdk-devbind does that). A state that could not be read says nothing.
	 */
	if (strcmp(d->driver, "vfio-pci") == 0 && !d->driver_override && !d->state_unknown &&
	    !d->read_error)
		return DYNID_INFERRED;
	return DYNID_NONE;
}

size_t dynids_catches(const struct dynid *id, const struct pci_list *pci,
		      const struct pci_device **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < pci->count; i++)
		if (dynid_matches(id, &pci->devs[i])) {
			if (n < max)
				out[n] = &pci->devs[i];
			n++;
		}
	return n;
}

void dynid_label(const struct dynid *id, char *buf, size_t size)
{
	if (id->cmdline)
		snprintf(buf, size, "vfio-pci.ids=%s on %s", id->text, id->source);
	else
		snprintf(buf, size, "vfio-pci ids=%s in %s", id->text, id->source);
}

#define DYNIDS_LISTED 8

enum dynid_state dynids_describe(const struct dynids *ids, const struct pci_list *pci,
				 const struct pci_device *d, bool vfio_pci_loaded, char *buf,
				 size_t size)
{
	const struct pci_device *caught[DYNIDS_LISTED];
	const struct dynid *id;
	enum dynid_state st = dynids_state(ids, d, &id);
	char label[DYNID_LABEL_MAX];
	size_t n, len;

	buf[0] = '\0';
	switch (st) {
	case DYNID_NONE:
		return st;
	case DYNID_INFERRED:
		snprintf(buf, size,
			 "on vfio-pci with no driver_override, and no vfio-pci.ids= or modprobe.d "
			 "ids= names it: a dynamic ID written to vfio-pci's new_id holds it (or "
			 "driver_override was cleared after the bind); it stays until remove_id or "
			 "vfio-pci is unloaded");
		return st;
	case DYNID_CAUGHT:
		dynid_label(id, label, sizeof(label));
		snprintf(buf, size,
			 "%s matches it: vfio-pci takes every device with these IDs when it loads:",
			 label);
		break;
	case DYNID_IGNORED:
		dynid_label(id, label, sizeof(label));
		if (vfio_pci_loaded)
			snprintf(buf, size,
				 "%s matches it, yet it is on %s: the ID was ignored, as vfio-pci "
				 "loaded after %s had taken it (initramfs order: softdep %s pre: "
				 "vfio-pci); it would catch",
				 label, d->driver, d->driver, d->driver);
		else
			snprintf(buf, size,
				 "%s matches it, yet it is on %s: vfio-pci is not loaded; once it "
				 "loads before %s it catches",
				 label, d->driver, d->driver);
		break;
	case DYNID_UNBOUND:
		dynid_label(id, label, sizeof(label));
		snprintf(buf, size, "%s matches it, yet it has no driver%s; it would catch", label,
			 vfio_pci_loaded ? " (vfio-pci was loaded without these IDs, refused it, "
					   "or it was unbound since)"
					 : ": vfio-pci is not loaded");
		break;
	}
	n = dynids_catches(id, pci, caught, DYNIDS_LISTED);
	for (size_t i = 0; i < n && i < DYNIDS_LISTED; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s %s (%s)", i ? "," : "", caught[i]->name,
			 *caught[i]->driver ? caught[i]->driver : "no driver");
	}
	if (n > DYNIDS_LISTED) {
		len = strlen(buf);
		snprintf(buf + len, size - len, " and %zu more", n - DYNIDS_LISTED);
	}
	return st;
}
