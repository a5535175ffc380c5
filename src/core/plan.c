// SPDX-License-Identifier: GPL-2.0-or-later
/* plan.c: build plans of steps and checks */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "plan.h"

int plan_add_step(struct plan *p, enum plan_action action, const char *device,
		  const char *value, const char *why, const char *path, ...)
{
	struct plan_step *s;
	va_list ap;
	int n;

	if (array_grow((void **)&p->steps, &p->steps_cap, p->nsteps, sizeof(*s)) < 0)
		return -ENOMEM;
	s = &p->steps[p->nsteps];
	memset(s, 0, sizeof(*s));
	s->action = action;
	s->why = why;
	if (device)
		snprintf(s->device, sizeof(s->device), "%s", device);
	if (value && strlen(value) >= sizeof(s->value))
		return -ENAMETOOLONG;
	if (value)
		strcpy(s->value, value);
	if (path) {
		va_start(ap, path);
		n = vsnprintf(s->path, sizeof(s->path), path, ap);
		va_end(ap);
		if (n < 0 || (size_t)n >= sizeof(s->path))
			return -ENAMETOOLONG;
	}
	p->nsteps++;
	return 0;
}

int plan_add_check(struct plan *p, const char *device, const char *name,
		   enum check_result result, const char *fmt, ...)
{
	struct plan_check *c;
	va_list ap;

	if (array_grow((void **)&p->checks, &p->checks_cap, p->nchecks, sizeof(*c)) < 0)
		return -ENOMEM;
	c = &p->checks[p->nchecks++];
	memset(c, 0, sizeof(*c));
	snprintf(c->device, sizeof(c->device), "%s", device ? device : "");
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->result = result;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return 0;
}

bool plan_refused(const struct plan *p)
{
	for (size_t i = 0; i < p->nchecks; i++)
		if (p->checks[i].result == CHECK_REFUSE || p->checks[i].result == CHECK_DENY)
			return true;
	return false;
}

void plan_clear(struct plan *p)
{
	free(p->steps);
	free(p->checks);
	memset(p, 0, sizeof(*p));
}

const char *plan_action_name(enum plan_action a)
{
	switch (a) {
	case PLAN_LOAD_MODULE:
		return "load-module";
	case PLAN_WRITE:
		return "write";
	case PLAN_UNBIND:
		return "unbind";
	case PLAN_EXPECT_DRIVER:
		return "expect-driver";
	case PLAN_EXPECT_OVERRIDE:
		return "expect-override";
	case PLAN_EXPECT_NOT_DRIVER:
		return "expect-not-driver";
	}
	return "unknown";
}

const char *check_result_name(enum check_result r)
{
	static const char *const names[] = { "pass", "warn", "refuse", "forced", "deny" };

	return names[r];
}
