// SPDX-License-Identifier: GPL-2.0-or-later
/* persist.c: the store of kept claims (/etc/vfioctl/persist.d/BDF) and its checks */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "pathnames.h"
#include "persist.h"

#define PERSIST_MAGIC	"vfioctl-persist 1"
#define PERSIST_NLINES	7

int persist_entry_path(const char *bdf, char *buf, size_t size)
{
	int n = snprintf(buf, size, PATH_ETC_PERSIST_ENTRY, bdf);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* @s is a BDF exactly as the kernel names it (what a file name must be) */
static bool bdf_canonical(const char *s)
{
	struct pci_bdf b;
	char canon[BDF_STRLEN];

	if (bdf_parse(s, &b) < 0)
		return false;
	bdf_format(&b, canon, sizeof(canon));
	return strcmp(canon, s) == 0;
}

/* a driver a kept claim may bind: a valid name of vfio-pci or a variant */
static bool driver_ok(const char *d)
{
	return *d && journal_name_valid(d) && pci_driver_is_vfio(d);
}

int persist_entry_format(const struct persist_entry *e, char *buf, size_t size)
{
	char group[16];
	int n;

	if (!bdf_canonical(e->bdf) || !driver_ok(e->driver) || e->class_code > 0xffffff ||
	    e->group < -1)
		return -EINVAL;
	if (e->group >= 0)
		snprintf(group, sizeof(group), "%d", e->group);
	else
		snprintf(group, sizeof(group), "none");
	n = snprintf(buf, size,
		     "%s\ndevice %s\nids %04x:%04x\nsubsystem %04x:%04x\nclass 0x%06x\ngroup %s\ndriver %s\n",
		     PERSIST_MAGIC, e->bdf, e->vendor_id, e->device_id, e->subsys_vendor_id,
		     e->subsys_device_id, (unsigned)e->class_code, group, e->driver);
	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	return n;
}

/* exactly @digits lower-case hex digits, nothing else */
static bool parse_hex(const char *s, size_t digits, uint32_t *out)
{
	uint32_t v = 0;

	if (strlen(s) != digits)
		return false;
	for (size_t i = 0; i < digits; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (uint32_t)(c - 'a' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* "VVVV:DDDD" */
static bool parse_pair(const char *s, uint16_t *a, uint16_t *b)
{
	char left[5];
	uint32_t x, y;

	if (strlen(s) != 9 || s[4] != ':')
		return false;
	memcpy(left, s, 4);
	left[4] = '\0';
	if (!parse_hex(left, 4, &x) || !parse_hex(s + 5, 4, &y))
		return false;
	*a = (uint16_t)x;
	*b = (uint16_t)y;
	return true;
}

/* "none", or a decimal group number without sign or leading zero */
static bool parse_group(const char *s, int *out)
{
	long v = 0;

	if (strcmp(s, "none") == 0) {
		*out = -1;
		return true;
	}
	if (!*s || strlen(s) > 10 || (s[0] == '0' && s[1]))
		return false;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* the value of line @line when it reads "KEY VALUE", else NULL */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

static int parse_lines(char **lines, const char *name, struct persist_entry *e)
{
	static const char *const keys[PERSIST_NLINES] = {
		NULL, "device", "ids", "subsystem", "class", "group", "driver",
	};
	const char *v[PERSIST_NLINES];
	uint32_t cls;

	if (strcmp(lines[0], PERSIST_MAGIC) != 0)
		return -EBADMSG;
	for (int i = 1; i < PERSIST_NLINES; i++) {
		v[i] = value_of(lines[i], keys[i]);
		if (!v[i])
			return -EBADMSG;
	}
	if (!bdf_canonical(v[1]) || strcmp(v[1], name) != 0)
		return -EBADMSG;
	strcpy(e->bdf, v[1]);
	if (!parse_pair(v[2], &e->vendor_id, &e->device_id) ||
	    !parse_pair(v[3], &e->subsys_vendor_id, &e->subsys_device_id))
		return -EBADMSG;
	if (strncmp(v[4], "0x", 2) != 0 || !parse_hex(v[4] + 2, 6, &cls))
		return -EBADMSG;
	e->class_code = cls;
	if (!parse_group(v[5], &e->group))
		return -EBADMSG;
	if (strlen(v[6]) >= sizeof(e->driver) || !driver_ok(v[6]))
		return -EBADMSG;
	strcpy(e->driver, v[6]);
	return 0;
}

int persist_entry_parse(const char *text, size_t len, const char *name,
			struct persist_entry *e)
{
	char buf[PERSIST_ENTRY_MAX + 1], *lines[PERSIST_NLINES], *p;
	int n = 0;

	memset(e, 0, sizeof(*e));
	e->group = -1;
	if (!name || len == 0 || len > PERSIST_ENTRY_MAX || memchr(text, '\0', len) ||
	    text[len - 1] != '\n')
		return -EBADMSG;
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* exactly PERSIST_NLINES lines, each ended by '\n', none empty */
	for (p = buf; *p; n++) {
		char *nl = strchr(p, '\n');

		if (n >= PERSIST_NLINES || nl == p)
			return -EBADMSG;
		*nl = '\0';
		lines[n] = p;
		p = nl + 1;
	}
	if (n != PERSIST_NLINES)
		return -EBADMSG;
	return parse_lines(lines, name, e);
}

int persist_read(struct path_ctx *ctx, const char *bdf, struct persist_entry *e)
{
	char rel[128], *text;
	size_t len;
	int rc;

	if (!bdf_canonical(bdf))
		return -EINVAL;
	rc = persist_entry_path(bdf, rel, sizeof(rel));
	if (rc < 0)
		return rc;
	rc = path_read_alloc(ctx, &text, &len, "%s", rel);
	if (rc == -EFBIG)
		return -EBADMSG;
	if (rc < 0)
		return rc;
	rc = persist_entry_parse(text, len, bdf, e);
	free(text);
	return rc;
}

int persist_write(struct path_ctx *ctx, const struct persist_entry *e)
{
	char text[PERSIST_ENTRY_MAX], rel[128];
	int len = persist_entry_format(e, text, sizeof(text)), rc;

	if (len < 0)
		return len == -ENOSPC ? -EINVAL : len;
	rc = persist_entry_path(e->bdf, rel, sizeof(rel));
	if (rc == 0)
		rc = path_mkdirs(ctx, PATH_ETC_PERSIST_DIR);
	if (rc == 0)
		rc = path_write_atomic(ctx, text, (size_t)len, "%s", rel);
	/*
	 * path_write_atomic() makes 0600 files (journals); an entry holds only
	 * IDs, and "persist list" should not need root to say what is kept
	 */
	if (rc == 0) {
		int fd = path_open(ctx, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, "%s", rel);

		if (fd < 0)
			return fd;
		if (fchmod(fd, 0644) < 0)
			rc = -errno;
		close(fd);
	}
	return rc;
}

int persist_remove(struct path_ctx *ctx, const char *bdf)
{
	char rel[128];
	int rc;

	if (!bdf_canonical(bdf))
		return -EINVAL;
	rc = persist_entry_path(bdf, rel, sizeof(rel));
	return rc < 0 ? rc : path_unlink(ctx, "%s", rel);
}

int persist_list(struct path_ctx *ctx, char ***out)
{
	char **names = NULL;
	size_t n = 0, kept = 0;
	int rc = path_list_dir(ctx, &names, &n, PATH_ETC_PERSIST_DIR);

	if (rc == -ENOENT) {
		*out = calloc(1, sizeof(char *));
		return *out ? 0 : -ENOMEM;
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (bdf_canonical(names[i]))
			names[kept++] = names[i];
		else
			free(names[i]);
	}
	names[kept] = NULL;
	*out = names;
	return 0;
}

/* one hex attribute of the device, which must fit @max */
static int read_id(struct path_ctx *ctx, const char *bdf, const char *attr, uint64_t max,
		   uint64_t *v)
{
	int rc = path_read_hex(ctx, v, PATH_PCI_DEV_ATTR, bdf, attr);

	if (rc == 0 && *v > max)
		rc = -ERANGE;
	return rc;
}

int persist_entry_from_device(struct path_ctx *ctx, const char *bdf, const char *driver,
			      struct persist_entry *e)
{
	uint64_t v[5];
	static const char *const attrs[5] = {
		"vendor", "device", "subsystem_vendor", "subsystem_device", "class",
	};
	char grp[32];
	int rc;

	memset(e, 0, sizeof(*e));
	if (!bdf_canonical(bdf) || !driver || strlen(driver) >= sizeof(e->driver) ||
	    !driver_ok(driver))
		return -EINVAL;
	if (!path_exists(ctx, PATH_PCI_DEV_DIR, bdf))
		return -ENOENT;
	for (int i = 0; i < 5; i++) {
		rc = read_id(ctx, bdf, attrs[i], i == 4 ? 0xffffff : 0xffff, &v[i]);
		if (rc < 0)
			return rc;
	}
	strcpy(e->bdf, bdf);
	strcpy(e->driver, driver);
	e->vendor_id = (uint16_t)v[0];
	e->device_id = (uint16_t)v[1];
	e->subsys_vendor_id = (uint16_t)v[2];
	e->subsys_device_id = (uint16_t)v[3];
	e->class_code = (uint32_t)v[4];
	e->group = -1;
	rc = path_read_link_name(ctx, grp, sizeof(grp), PATH_PCI_DEV_ATTR, bdf, "iommu_group");
	if (rc > 0 && !parse_group(grp, &e->group))
		return -EINVAL;
	if (rc < 0 && rc != -ENOENT)
		return rc;
	return 0;
}

int persist_keep(struct path_ctx *ctx, const char *bdf, const char *driver)
{
	struct persist_entry e;
	int rc = persist_entry_from_device(ctx, bdf, driver, &e);

	return rc < 0 ? rc : persist_write(ctx, &e);
}

int persist_check(struct path_ctx *ctx, const struct persist_entry *e,
		  struct persist_status *st)
{
	const struct persist_entry *n = &st->now;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = persist_entry_from_device(ctx, e->bdf, e->driver, &st->now);
	if (rc == -ENOENT) {
		st->state = PERSIST_MISSING;
		snprintf(st->detail, sizeof(st->detail), "no PCI device at %s", e->bdf);
		return 0;
	}
	if (rc < 0)
		return rc;
	rc = path_read_link_name(ctx, st->driver, sizeof(st->driver), PATH_PCI_DEV_DRIVER, e->bdf);
	if (rc == -ENOENT)
		st->driver[0] = '\0';
	else if (rc < 0)
		return rc;
	if (n->vendor_id != e->vendor_id || n->device_id != e->device_id ||
	    n->subsys_vendor_id != e->subsys_vendor_id ||
	    n->subsys_device_id != e->subsys_device_id || n->class_code != e->class_code) {
		st->state = PERSIST_ID_CHANGED;
		snprintf(st->detail, sizeof(st->detail),
			 "kept %04x:%04x (%04x:%04x, class %06x), found %04x:%04x (%04x:%04x, class %06x)",
			 e->vendor_id, e->device_id, e->subsys_vendor_id, e->subsys_device_id,
			 (unsigned)e->class_code, n->vendor_id, n->device_id, n->subsys_vendor_id,
			 n->subsys_device_id, (unsigned)n->class_code);
	} else if (n->group != e->group) {
		char was[16], is[16];

		snprintf(was, sizeof(was), e->group >= 0 ? "%d" : "none", e->group);
		snprintf(is, sizeof(is), n->group >= 0 ? "%d" : "none", n->group);
		st->state = PERSIST_MOVED;
		snprintf(st->detail, sizeof(st->detail), "kept in IOMMU group %s, now in group %s",
			 was, is);
	} else if (*st->driver && strcmp(st->driver, e->driver) != 0) {
		st->state = PERSIST_BOUND_ELSEWHERE;
		snprintf(st->detail, sizeof(st->detail), "bound to %s, kept for %s", st->driver,
			 e->driver);
	} else {
		st->state = PERSIST_MATCHES;
		snprintf(st->detail, sizeof(st->detail), "%s", *st->driver ? "on the kept driver"
					 : "same device, unbound");
	}
	return 0;
}

const char *persist_state_name(enum persist_state s)
{
	static const char *const names[] = {
		"matches", "bound elsewhere", "device missing", "ID changed",
		"moved to another group",
	};

	return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

bool persist_state_applicable(enum persist_state s)
{
	return s == PERSIST_MATCHES || s == PERSIST_BOUND_ELSEWHERE;
}
