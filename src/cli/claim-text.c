// SPDX-License-Identifier: GPL-2.0-or-later
/* claim-text.c: vfioctl's own claims and interrupted changes in status, the lists and show */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claim-text.h"
#include "pathnames.h"

void cli_claims_read(struct cli_ctx *ctx, struct claim_state *st)
{
	struct path_ctx *path;
	int rc;

	memset(st, 0, sizeof(*st));
	if (cli_path(ctx, &path))
		return;
	rc = claim_state_read(path, st);
	if (rc < 0) {
		char abs[PATH_MAX];

		cli_warn("cannot list the claim journals in '%s': %s; vfioctl's claims are not shown",
			 cli_abs(ctx, PATH_RUN_DIR, abs, sizeof(abs)), strerror(-rc));
	}
}

static const char *state_name(const struct claim_entry *e)
{
	if (e->error == -ENOTUNIQ)
		return "name-mismatch";
	if (e->error)
		return "damaged";
	return e->j.state == JOURNAL_APPLIED ? "applied" : "applying";
}

const char *cli_claim_word(const struct claim_entry *e)
{
	if (!e)
		return "";
	if (e->error)
		return "damaged";
	if (claim_entry_interrupted(e))
		return "interrupted";
	return e->j.op;
}

struct json_object *cli_claim_json(const struct claim_entry *e)
{
	struct json_object *o = json_object_new_object(), *devs;
	char when[32];
	struct tm tm;

	json_object_object_add(o, "journal", json_object_new_string(e->rel));
	json_object_object_add(o, "state", json_object_new_string(state_name(e)));
	json_object_object_add(o, "interrupted", json_object_new_boolean(claim_entry_interrupted(e)));
	json_object_object_add(o, "group",
			       e->name_group >= 0 && !*e->name_bdf ? json_object_new_int(e->name_group)
								   : NULL);
	json_object_object_add(o, "device", json_string_or_null(e->name_bdf));
	if (e->mtime && gmtime_r(&e->mtime, &tm) &&
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		json_object_object_add(o, "time", json_object_new_string(when));
	else
		json_object_object_add(o, "time", NULL);
	if (e->error) {
		json_object_object_add(o, "op", NULL);
		json_object_object_add(o, "pending_pid", NULL);
		json_object_object_add(o, "pending_path", NULL);
		json_object_object_add(o, "devices", NULL);
		return o;
	}
	json_object_object_add(o, "op", json_object_new_string(e->j.op));
	json_object_object_add(o, "pending_pid",
			       e->j.pending_pid > 0 ? json_object_new_int64(e->j.pending_pid) : NULL);
	json_object_object_add(o, "pending_path",
			       e->j.pending_pid > 0 ? json_object_new_string(e->j.pending_path) : NULL);
	/* the state before: what a release or recover puts back */
	devs = json_object_new_array();
	for (size_t i = 0; i < e->j.ndevs; i++) {
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "bdf", json_object_new_string(e->j.devs[i].bdf));
		json_object_object_add(d, "driver", json_string_or_null(e->j.devs[i].driver));
		json_object_object_add(d, "driver_override",
				       json_string_or_null(e->j.devs[i].override));
		json_object_array_add(devs, d);
	}
	json_object_object_add(o, "devices", devs);
	return o;
}

struct json_object *cli_claims_json(const struct claim_state *st)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < st->n; i++)
		json_object_array_add(a, cli_claim_json(&st->v[i]));
	return a;
}

static void label(const struct claim_label *lab, const char *text)
{
	printf("%*s%-*s", lab->indent, "", lab->width, text);
}

/* "2026-01-02 03:04:05 UTC on group 5": an interrupted change, for a warning */
static void print_interrupted(const struct cli_ctx *ctx, const struct claim_entry *e,
			      const struct claim_label *lab, const char *title)
{
	char when[64], what[64], self[PATH_MAX + 32];

	label(lab, title);
	printf("%san interrupted change of %s on %s is pending: run %s recover%s\n",
	       cli_color(ctx, COLOR_YELLOW), claim_entry_when(e, when, sizeof(when)),
	       claim_entry_subject(e, what, sizeof(what)), cli_self(ctx, self, sizeof(self)),
	       cli_color(ctx, COLOR_RESET));
	if (e->j.pending_pid > 0) {
		char abs[PATH_MAX];

		label(lab, "");
		printf("the write of '%s' by pid %ld may still be in the kernel\n",
		       cli_abs(ctx, e->j.pending_path, abs, sizeof(abs)), e->j.pending_pid);
	}
}

/* "0000:02:00.0 nvme" or "0000:02:00.0 (no driver), driver_override vfio-pci" */
static void print_before(const struct journal_device *d, bool with_bdf)
{
	if (with_bdf)
		printf("%s ", d->bdf);
	printf("%s", *d->driver ? d->driver : "(no driver)");
	if (*d->override)
		printf(", driver_override %s", d->override);
	printf("\n");
}

void cli_claims_status_text(const struct cli_ctx *ctx, const struct claim_state *st,
			    const struct claim_label *lab)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct claim_entry *e = &st->v[i];
		char when[64], what[64], abs[PATH_MAX];

		label(lab, i ? "" : "claims:");
		claim_entry_subject(e, what, sizeof(what));
		cli_abs(ctx, e->rel, abs, sizeof(abs));
		if (e->error) {
			printf("%s: journal '%s' is %s: never acted on\n", what, abs,
			       e->error == -ENOTUNIQ ? "for another group or device than its name says"
						     : "damaged");
			continue;
		}
		printf("%s: %s of %s (journal %s):", what, e->j.op,
		       claim_entry_when(e, when, sizeof(when)), abs);
		for (size_t k = 0; k < e->j.ndevs; k++)
			printf(" %s", e->j.devs[k].bdf);
		printf("\n");
		/* under its own entry, as a continuation of the "claims:" block */
		if (claim_entry_interrupted(e))
			print_interrupted(ctx, e, lab, "");
	}
}

void cli_claim_show_text(const struct cli_ctx *ctx, const struct claim_entry *e, const char *bdf,
			 const struct claim_label *lab)
{
	char when[64], abs[PATH_MAX];

	if (!e)
		return;
	cli_abs(ctx, e->rel, abs, sizeof(abs));
	label(lab, "journal:");
	if (e->error) {
		printf("%s: %s: never acted on\n", abs,
		       e->error == -ENOTUNIQ ? "it records another group or device than its name says"
					     : "damaged");
		return;
	}
	printf("%s (%s, %s%s)\n", abs, e->j.op, claim_entry_when(e, when, sizeof(when)),
	       e->j.state == JOURNAL_APPLIED ? "" : ", not completed");
	for (size_t k = 0, n = 0; k < e->j.ndevs; k++) {
		if (bdf && strcmp(e->j.devs[k].bdf, bdf) != 0)
			continue;
		label(lab, n++ ? "" : "before:");
		print_before(&e->j.devs[k], !bdf);
	}
	if (claim_entry_interrupted(e))
		print_interrupted(ctx, e, lab, "recover:");
}

/* the members' names, for claim_entry_concerns(); NULL when there are none or no memory */
static const char **member_names(const struct iommu_group *g)
{
	const char **v = g->nmembers ? calloc(g->nmembers, sizeof(*v)) : NULL;

	for (size_t i = 0; v && i < g->nmembers; i++)
		v[i] = g->members[i].name;
	return v;
}

const char *cli_claims_group_word(const struct claim_state *st, const struct iommu_group *g)
{
	const char **names = member_names(g);
	const struct claim_entry *e =
		claim_state_touches_group(st, g->id, names, names ? g->nmembers : 0);

	free(names);
	return cli_claim_word(e);
}

struct json_object *cli_claims_group_json(const struct claim_state *st,
					  const struct iommu_group *g)
{
	const char **names = member_names(g);
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < st->n; i++)
		if (claim_entry_concerns(&st->v[i], g->id, names, names ? g->nmembers : 0))
			json_object_array_add(a, cli_claim_json(&st->v[i]));
	free(names);
	return a;
}

void cli_claims_group_text(const struct cli_ctx *ctx, const struct claim_state *st,
			   const struct iommu_group *g, const struct claim_label *lab)
{
	const char **names = member_names(g);

	for (size_t i = 0; i < st->n; i++)
		if (claim_entry_concerns(&st->v[i], g->id, names, names ? g->nmembers : 0))
			cli_claim_show_text(ctx, &st->v[i], NULL, lab);
	free(names);
}
