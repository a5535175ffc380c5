/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.h: a state change as an ordered list of sysfs steps plus the checks behind it */
#ifndef VFIO_PLAN_H
#define VFIO_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "bdf.h"

/*
 * Every state-changing command is computed first as a plan: --dry-run
 * prints it, the TUI shows it in its confirm dialog, apply executes it.
 */
enum plan_action {
	PLAN_LOAD_MODULE,	/* make sure a PCI driver is registered (value: driver name) */
	PLAN_WRITE,		/* write value to path */
	PLAN_UNBIND,		/* write the BDF to BDF/driver/unbind, under a timeout */
	PLAN_EXPECT_DRIVER,	/* BDF/driver must name value ("" = no driver) */
	PLAN_EXPECT_OVERRIDE,	/* driver_override must read value ("" = "(null)") */
	PLAN_EXPECT_NOT_DRIVER,	/* BDF/driver must not name value (release to the kernel's pick) */
};

struct plan_step {
	enum plan_action action;
	char device[BDF_STRLEN];	/* the function it concerns; "" for none */
	char path[128];			/* sysroot-relative, for PLAN_WRITE */
	char value[64];
	const char *why;		/* static text: the reason for this step */
};

enum check_result {
	CHECK_PASS,
	CHECK_WARN,		/* worth knowing; does not stop the change */
	CHECK_REFUSE,		/* stops the change unless forced */
	CHECK_FORCED,		/* would refuse, but --force was given */
	CHECK_DENY,		/* stops the change; --force does not help */
};

#define PLAN_CHECK_DETAIL_MAX	512

struct plan_check {
	char device[BDF_STRLEN];
	char name[24];			/* stable id: "mounted", "netdev", "boot-vga"... */
	enum check_result result;
	char detail[PLAN_CHECK_DETAIL_MAX];	/* one line for humans */
};

struct plan {
	struct plan_step *steps;
	size_t nsteps, steps_cap;
	struct plan_check *checks;
	size_t nchecks, checks_cap;
};

/**
 * plan_add_step() - append a step
 * @path: a printf format for PLAN_WRITE's sysroot-relative path, or NULL
 * Return: 0 or -ENOMEM (-ENAMETOOLONG when path or value do not fit).
 */
int plan_add_step(struct plan *p, enum plan_action action, const char *device,
		  const char *value, const char *why, const char *path, ...)
	__attribute__((format(printf, 6, 7)));

/**
 * plan_add_check() - record a safety check and its outcome
 * Return: 0 or -ENOMEM.
 */
int plan_add_check(struct plan *p, const char *device, const char *name,
		   enum check_result result, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/** plan_refused() - whether a check refuses or denies the change */
bool plan_refused(const struct plan *p);

/** plan_clear() - free the steps and checks */
void plan_clear(struct plan *p);

/** plan_action_name() - "load-module", "write", ... (stable, for JSON) */
const char *plan_action_name(enum plan_action a);

/** check_result_name() - "pass", "warn", "refuse", "forced", "deny" (stable) */
const char *check_result_name(enum check_result r);

#endif
