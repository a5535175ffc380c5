// SPDX-License-Identifier: GPL-2.0-or-later
/* claims.c: read every claim journal once, for status, the lists, show and the next plan */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "claims.h"
#include "pathnames.h"

static void entry_read(struct path_ctx *ctx, const char *rel, struct claim_entry *e)
{
	struct stat st;
	int fd;

	memset(e, 0, sizeof(*e));
	snprintf(e->rel, sizeof(e->rel), "%s", rel);
	if (journal_name_parse(rel, &e->name_group, e->name_bdf) < 0)
		e->name_group = -1;
	e->error = journal_read(ctx, rel, &e->j);
	fd = path_open(ctx, O_PATH | O_NOFOLLOW | O_CLOEXEC, "%s", rel);
	if (fd >= 0) {
		if (fstat(fd, &st) == 0)
			e->mtime = st.st_mtim.tv_sec;
		close(fd);
	}
}

int claim_state_read(struct path_ctx *ctx, struct claim_state *out)
{
	char **rels = NULL;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = journal_list(ctx, &rels);
	if (rc < 0)
		return rc;
	for (char **r = rels; *r; r++) {
		rc = array_grow((void **)&out->v, &cap, out->n, sizeof(*out->v));
		if (rc < 0)
			break;
		entry_read(ctx, *r, &out->v[out->n++]);
	}
	strv_free(rels);
	if (rc < 0)
		claim_state_clear(out);
	return rc;
}

void claim_state_clear(struct claim_state *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		journal_clear(&cs->v[i].j);
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}

bool claim_entry_interrupted(const struct claim_entry *e)
{
	return !e->error && (e->j.state == JOURNAL_APPLYING || e->j.pending_pid > 0);
}

const struct claim_entry *claim_state_device(const struct claim_state *cs, const char *bdf)
{
	for (size_t i = 0; i < cs->n; i++)
		if (!cs->v[i].error && journal_find(&cs->v[i].j, bdf))
			return &cs->v[i];
	/* one named for it that cannot be read is still there */
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].error && strcmp(cs->v[i].name_bdf, bdf) == 0)
			return &cs->v[i];
	return NULL;
}

const struct claim_entry *claim_state_group(const struct claim_state *cs, int group)
{
	for (size_t i = 0; i < cs->n; i++)
		if (*cs->v[i].name_bdf == '\0' && cs->v[i].name_group == group && group >= 0)
			return &cs->v[i];
	return NULL;
}

bool claim_entry_concerns(const struct claim_entry *e, int group, const char *const *members,
			  size_t n)
{
	if (!*e->name_bdf && e->name_group == group && group >= 0)
		return true;
	for (size_t k = 0; k < n; k++)
		if (strcmp(e->name_bdf, members[k]) == 0)
			return true;
	return false;
}

const struct claim_entry *claim_state_touches_group(const struct claim_state *cs, int group,
						    const char *const *members, size_t n)
{
	const struct claim_entry *first = NULL;

	for (size_t i = 0; i < cs->n; i++) {
		if (!claim_entry_concerns(&cs->v[i], group, members, n))
			continue;
		if (claim_entry_interrupted(&cs->v[i]))
			return &cs->v[i];
		if (!first)
			first = &cs->v[i];
	}
	return first;
}

const char *claim_entry_when(const struct claim_entry *e, char *buf, size_t size)
{
	struct tm tm;

	if (!e->mtime || !localtime_r(&e->mtime, &tm) ||
	    strftime(buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0)
		snprintf(buf, size, "an unknown time");
	return buf;
}

const char *claim_entry_subject(const struct claim_entry *e, char *buf, size_t size)
{
	if (*e->name_bdf)
		snprintf(buf, size, "device %s", e->name_bdf);
	else if (e->name_group >= 0)
		snprintf(buf, size, "group %d", e->name_group);
	else
		snprintf(buf, size, "'%s'", e->rel);
	return buf;
}

int claim_state_plan_checks(const struct claim_state *cs, const char *sysroot, struct plan *p)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < cs->n; i++) {
		char when[64], what[64];

		if (!claim_entry_interrupted(&cs->v[i]))
			continue;
		rc = plan_add_check(p, *cs->v[i].name_bdf ? cs->v[i].name_bdf : NULL, "recover",
				    CHECK_WARN,
				    "an interrupted change of %s on %s is pending: run vfioctl %s%s%srecover",
				    claim_entry_when(&cs->v[i], when, sizeof(when)),
				    claim_entry_subject(&cs->v[i], what, sizeof(what)),
				    sysroot ? "--sysroot " : "", sysroot ? sysroot : "",
				    sysroot ? " " : "");
	}
	return rc;
}
