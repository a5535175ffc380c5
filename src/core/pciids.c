// SPDX-License-Identifier: GPL-2.0-or-later
/* pciids.c: names from pci.ids for the IDs asked for, in one pass, as libpci's parser reads the file */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pciids.h"

/* libpci's entry categories (lib/names.h): only their distinctness matters */
enum { ID_NONE, ID_VENDOR, ID_DEVICE, ID_SUBSYSTEM, ID_GEN_SUBSYSTEM, ID_CLASS, ID_SUBCLASS,
       ID_PROGIF, ID_UNKNOWN };

/* libpci reads the list with fgets() into a buffer of this size (MAX_LINE) */
#define IDS_LINE	1024
/* pci_lookup_name() formats into vfioctl's buffer of this size (pci.c lookup_name()) */
#define IDS_NAME	256

/* every entry seen, for libpci's "Duplicate entry" and "Vendor does not exist" */
struct seen {
	uint64_t *keys;		/* id1 << 48 | id2 << 32 | id3 << 16 | id4 */
	uint8_t *cats;		/* ID_*, ID_NONE for a free slot */
	size_t size, used;	/* size: a power of two */
};

static size_t seen_slot(const struct seen *s, int cat, uint64_t key)
{
	size_t i = (size_t)(((key ^ (uint64_t)cat << 61) * 0x9e3779b97f4a7c15ull) >> 40) & (s->size - 1);

	while (s->cats[i] != ID_NONE && (s->cats[i] != cat || s->keys[i] != key))
		i = (i + 1) & (s->size - 1);
	return i;
}

static int seen_grow(struct seen *s)
{
	struct seen n = { .size = s->size ? s->size * 2 : 65536 };

	n.keys = malloc(n.size * sizeof(*n.keys));
	n.cats = calloc(n.size, 1);
	if (!n.keys || !n.cats) {
		free(n.keys);
		free(n.cats);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->size; i++) {
		if (s->cats[i] == ID_NONE)
			continue;
		size_t j = seen_slot(&n, s->cats[i], s->keys[i]);

		n.cats[j] = s->cats[i];
		n.keys[j] = s->keys[i];
	}
	n.used = s->used;
	free(s->keys);
	free(s->cats);
	*s = n;
	return 0;
}

/* Return: 1 when the entry was there already, 0 when added, -ENOMEM */
static int seen_add(struct seen *s, int cat, uint64_t key)
{
	size_t i;

	if (2 * (s->used + 1) > s->size && seen_grow(s) < 0)
		return -ENOMEM;
	i = seen_slot(s, cat, key);
	if (s->cats[i] != ID_NONE)
		return 1;
	s->cats[i] = (uint8_t)cat;
	s->keys[i] = key;
	s->used++;
	return 0;
}

static bool seen_has(const struct seen *s, int cat, uint64_t key)
{
	return s->size && s->cats[seen_slot(s, cat, key)] != ID_NONE;
}

static uint64_t id_key(int id1, int id2, int id3, int id4)
{
	return (uint64_t)id1 << 48 | (uint64_t)id2 << 32 | (uint64_t)id3 << 16 | (uint64_t)id4;
}

/* the IDs asked for, sorted, with the names found for them */
struct wanted {
	uint32_t *ids;
	char **names;
	size_t n;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int wanted_init(struct wanted *w, const struct pci_device *devs, size_t n,
		       uint32_t (*id)(const struct pci_device *))
{
	size_t k = 0;

	w->n = 0;
	w->ids = malloc((n ? n : 1) * sizeof(*w->ids));
	w->names = calloc(n ? n : 1, sizeof(*w->names));
	if (!w->ids || !w->names)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (pci_device_readable(&devs[i]))
			w->ids[k++] = id(&devs[i]);
	qsort(w->ids, k, sizeof(*w->ids), cmp_u32);
	for (size_t i = 0; i < k; i++)
		if (!w->n || w->ids[w->n - 1] != w->ids[i])
			w->ids[w->n++] = w->ids[i];
	return 0;
}

static char **wanted_slot(const struct wanted *w, uint32_t id)
{
	uint32_t *p = w->n ? bsearch(&id, w->ids, w->n, sizeof(*w->ids), cmp_u32) : NULL;

	return p ? &w->names[p - w->ids] : NULL;
}

static void wanted_free(struct wanted *w)
{
	for (size_t i = 0; w->names && i < w->n; i++)
		free(w->names[i]);
	free(w->ids);
	free(w->names);
}

static uint32_t vendor_of(const struct pci_device *d)
{
	return d->vendor_id;
}

static uint32_t device_of(const struct pci_device *d)
{
	return (uint32_t)d->vendor_id << 16 | d->device_id;
}

static uint32_t subclass_of(const struct pci_device *d)
{
	return (d->class_code >> 8) & 0xffff;
}

static uint32_t base_of(const struct pci_device *d)
{
	return (d->class_code >> 16) & 0xff;
}

/* libpci's id_hex(): @cnt hex digits, or -1 */
static int id_hex(const char *p, int cnt)
{
	int x = 0;

	while (cnt--) {
		x <<= 4;
		if (*p >= '0' && *p <= '9')
			x += *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			x += *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			x += *p - 'A' + 10;
		else
			return -1;
		p++;
	}
	return x;
}

static bool id_white(int c)
{
	return c == ' ' || c == '\t';
}

/* what libpci's format_name() makes of a name in a 256-byte buffer; "Name [ccss]" with @num */
static char *name_dup(const char *name, bool with_num, unsigned num)
{
	char buf[IDS_NAME];
	int res = with_num ? snprintf(buf, sizeof(buf), "%s [%04x]", name, num)
			   : snprintf(buf, sizeof(buf), "%s", name);

	if (res >= (int)sizeof(buf))
		buf[sizeof(buf) - 2] = buf[sizeof(buf) - 3] = buf[sizeof(buf) - 4] = '.';
	return strdup(buf);
}

struct ids_state {
	struct seen seen;		/* every entry, when the file is not in order */
	bool hashed;
	uint64_t last[ID_UNKNOWN + 1];	/* in order: the last entry of each category */
	bool any[ID_UNKNOWN + 1];
	uint16_t *vendors_seen;		/* in order: the vendors so far, ascending */
	size_t nvendors_seen, vendors_cap;
	struct wanted vendors, devices, subclasses, bases;
};

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/*
 * The system's pci.ids lists every category in ascending order, and then
 * an entry greater than the last one of its category cannot be a
 * duplicate: no table is needed. An entry out of order sends the parse
 * back to the start with the table of every entry (-EAGAIN).
 * Return: 0, 1 (a duplicate), -EAGAIN or -ENOMEM.
 */
static int entry_add(struct ids_state *st, int cat, uint64_t key)
{
	if (st->hashed)
		return seen_add(&st->seen, cat, key);
	if (st->any[cat] && key <= st->last[cat])
		return -EAGAIN;
	st->any[cat] = true;
	st->last[cat] = key;
	if (cat == ID_VENDOR) {
		if (st->nvendors_seen == st->vendors_cap) {
			size_t nc = st->vendors_cap ? st->vendors_cap * 2 : 4096;
			uint16_t *nv = realloc(st->vendors_seen, nc * sizeof(*nv));

			if (!nv)
				return -ENOMEM;
			st->vendors_seen = nv;
			st->vendors_cap = nc;
		}
		st->vendors_seen[st->nvendors_seen++] = (uint16_t)(key >> 48);
	}
	return 0;
}

static bool vendor_seen(const struct ids_state *st, int id)
{
	uint16_t v = (uint16_t)id;

	if (st->hashed)
		return seen_has(&st->seen, ID_VENDOR, id_key(id, 0, 0, 0));
	return st->nvendors_seen &&
	       bsearch(&v, st->vendors_seen, st->nvendors_seen, sizeof(v), cmp_u16);
}

/* record @name for an entry when it is one asked for */
static int keep_name(struct ids_state *st, int cat, int id1, int id2, const char *name)
{
	char **slot = NULL;

	if (cat == ID_VENDOR)
		slot = wanted_slot(&st->vendors, (uint32_t)id1);
	else if (cat == ID_DEVICE)
		slot = wanted_slot(&st->devices, (uint32_t)id1 << 16 | (uint32_t)id2);
	else if (cat == ID_CLASS)
		slot = wanted_slot(&st->bases, (uint32_t)id1);
	else if (cat == ID_SUBCLASS)
		slot = wanted_slot(&st->subclasses, (uint32_t)id1 << 8 | (uint32_t)id2);
	if (!slot || *slot)
		return 0;
	*slot = strdup(name);
	return *slot ? 0 : -ENOMEM;
}

/*
 * One pass of libpci's id_parse_list() over the file, line by line as its
 * fgets() cuts them. Return: 0, -EINVAL (*@why, *@lino) or -ENOMEM.
 */
static int parse(struct ids_state *st, const char *text, size_t len, const char **why, int *lino)
{
	static const char parse_error[] = "Parse error";
	int id1 = 0, id2 = 0, id3 = 0, id4 = 0, cat = -1, nest, rc;
	char line[IDS_LINE];
	size_t pos = 0;
	char *p;

	*lino = 0;
	while (pos < len) {
		size_t room = IDS_LINE - 1, left = len - pos, n;
		const char *nl = memchr(text + pos, '\n', left < room ? left : room);
		bool eof;

		/* fgets(): up to a newline, 1,023 bytes, or the end of the file (then feof()) */
		if (nl) {
			n = (size_t)(nl - (text + pos)) + 1;
			eof = false;
		} else if (left >= room) {
			n = room;
			eof = false;
		} else {
			n = left;
			eof = true;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n;
		(*lino)++;
		for (p = line; *p && *p != '\n' && *p != '\r'; p++)
			;
		if (!*p && !eof) {
			*why = "Line too long";
			return -EINVAL;
		}
		*p = '\0';
		if (p > line && id_white(p[-1]))
			*--p = '\0';
		for (p = line; id_white(*p); p++)
			;
		if (!*p || *p == '#')
			continue;
		for (p = line; *p == '\t'; p++)
			;
		nest = (int)(p - line);
		if (!nest) {
			if (p[0] == 'C' && p[1] == ' ') {
				if ((id1 = id_hex(p + 2, 2)) < 0 || !id_white(p[4]))
					goto bad;
				cat = ID_CLASS;
				p += 5;
			} else if (p[0] == 'S' && p[1] == ' ') {
				if ((id1 = id_hex(p + 2, 4)) < 0 || p[6])
					goto bad;
				if (!vendor_seen(st, id1)) {
					*why = "Vendor does not exist";
					return -EINVAL;
				}
				cat = ID_GEN_SUBSYSTEM;
				continue;
			} else if (p[0] >= 'A' && p[0] <= 'Z' && p[1] == ' ') {
				cat = ID_UNKNOWN;
				continue;
			} else {
				if ((id1 = id_hex(p, 4)) < 0 || !id_white(p[4]))
					goto bad;
				cat = ID_VENDOR;
				p += 5;
			}
			id2 = id3 = id4 = 0;
		} else if (cat == ID_UNKNOWN) {
			continue;
		} else if (nest == 1) {
			switch (cat) {
			case ID_VENDOR:
			case ID_DEVICE:
			case ID_SUBSYSTEM:
				if ((id2 = id_hex(p, 4)) < 0 || !id_white(p[4]))
					goto bad;
				p += 5;
				cat = ID_DEVICE;
				id3 = id4 = 0;
				break;
			case ID_GEN_SUBSYSTEM:
				if ((id2 = id_hex(p, 4)) < 0 || !id_white(p[4]))
					goto bad;
				p += 5;
				id3 = id4 = 0;
				break;
			case ID_CLASS:
			case ID_SUBCLASS:
			case ID_PROGIF:
				if ((id2 = id_hex(p, 2)) < 0 || !id_white(p[2]))
					goto bad;
				p += 3;
				cat = ID_SUBCLASS;
				id3 = id4 = 0;
				break;
			default:
				goto bad;
			}
		} else if (nest == 2) {
			switch (cat) {
			case ID_DEVICE:
			case ID_SUBSYSTEM:
				if ((id3 = id_hex(p, 4)) < 0 || !id_white(p[4]) ||
				    (id4 = id_hex(p + 5, 4)) < 0 || !id_white(p[9]))
					goto bad;
				p += 10;
				cat = ID_SUBSYSTEM;
				break;
			case ID_CLASS:
			case ID_SUBCLASS:
			case ID_PROGIF:
				if ((id3 = id_hex(p, 2)) < 0 || !id_white(p[2]))
					goto bad;
				p += 3;
				cat = ID_PROGIF;
				id4 = 0;
				break;
			default:
				goto bad;
			}
		} else {
			goto bad;
		}
		while (id_white(*p))
			p++;
		if (!*p)
			goto bad;
		rc = entry_add(st, cat, id_key(id1, id2, id3, id4));
		if (rc < 0)
			return rc;
		if (rc > 0) {
			*why = "Duplicate entry";
			return -EINVAL;
		}
		rc = keep_name(st, cat, id1, id2, p);
		if (rc < 0)
			return rc;
	}
	return 0;
bad:
	*why = parse_error;
	return -EINVAL;
}

int pciids_name_devices(const char *text, size_t len, struct pci_device *devs, size_t n,
			const char **why, int *line)
{
	struct ids_state st = { 0 };
	int rc, lino = 0;

	*why = NULL;
	if (wanted_init(&st.vendors, devs, n, vendor_of) < 0 ||
	    wanted_init(&st.devices, devs, n, device_of) < 0 ||
	    wanted_init(&st.subclasses, devs, n, subclass_of) < 0 ||
	    wanted_init(&st.bases, devs, n, base_of) < 0) {
		rc = -ENOMEM;
		goto out;
	}
	rc = parse(&st, text, len, why, &lino);
	if (rc == -EAGAIN) {
		/* not in order: again, with a table of every entry */
		st.hashed = true;
		rc = parse(&st, text, len, why, &lino);
	}
	if (line)
		*line = lino;
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct pci_device *d = &devs[i];
		char **v, **dv, **sc, **bc;

		if (!pci_device_readable(d))
			continue;
		v = wanted_slot(&st.vendors, vendor_of(d));
		dv = wanted_slot(&st.devices, device_of(d));
		sc = wanted_slot(&st.subclasses, subclass_of(d));
		bc = wanted_slot(&st.bases, base_of(d));
		if (v && *v && !(d->vendor_name = name_dup(*v, false, 0)))
			rc = -ENOMEM;
		if (dv && *dv && !(d->device_name = name_dup(*dv, false, 0)))
			rc = -ENOMEM;
		/* a base class without its subclass: "Name [ccss]", as pci_lookup_name() says it */
		if (sc && *sc)
			d->class_name = name_dup(*sc, false, 0);
		else if (bc && *bc)
			d->class_name = name_dup(*bc, true, subclass_of(d));
		if (((sc && *sc) || (bc && *bc)) && !d->class_name)
			rc = -ENOMEM;
	}
out:
	wanted_free(&st.vendors);
	wanted_free(&st.devices);
	wanted_free(&st.subclasses);
	wanted_free(&st.bases);
	free(st.seen.keys);
	free(st.seen.cats);
	free(st.vendors_seen);
	return rc;
}
