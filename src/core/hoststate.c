// SPDX-License-Identifier: GPL-2.0-or-later
/* hoststate.c: kernel release, IOMMU switches and VFIO presence */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoststate.h"
#include "pathnames.h"

static const char *const state_names[] = {
	[IOMMU_STATE_ON] = "on",
	[IOMMU_STATE_OFF_CMDLINE] = "off-cmdline",
	[IOMMU_STATE_NOT_ENABLED] = "not-enabled",
	[IOMMU_STATE_NO_GROUPS] = "no-groups",
	[IOMMU_STATE_GROUPS_ONLY] = "groups-only",
};

const char *iommu_state_name(enum iommu_state state)
{
	return state_names[state];
}

static int set_param(char **slot, const char *value, size_t len)
{
	char *v = strndup(value, len);

	if (!v)
		return -ENOMEM;
	free(*slot);
	*slot = v;
	return 0;
}

/* kstrtobool(), as iommu.passthrough= is parsed: -1 when it is not a boolean */
static int kernel_bool(const char *v, size_t len)
{
	if (len == 0)
		return -1;
	switch (v[0]) {
	case 'y': case 'Y': case '1':
		return 1;
	case 'n': case 'N': case '0':
		return 0;
	case 'o': case 'O':
		if (len > 1 && (v[1] == 'n' || v[1] == 'N'))
			return 1;
		if (len > 1 && (v[1] == 'f' || v[1] == 'F'))
			return 0;
	}
	return -1;
}

/* one "key=value" word; @len excludes quotes the caller already dropped */
static int take_word(struct iommu_cmdline *out, const char *w, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "intel_iommu=", offsetof(struct iommu_cmdline, intel_iommu) },
		{ "amd_iommu=", offsetof(struct iommu_cmdline, amd_iommu) },
		{ "iommu=", offsetof(struct iommu_cmdline, iommu) },
		{ "iommu.passthrough=", offsetof(struct iommu_cmdline, iommu_passthrough) },
		{ "pcie_acs_override=", offsetof(struct iommu_cmdline, pcie_acs_override) },
		{ "vfio-pci.ids=", offsetof(struct iommu_cmdline, vfio_pci_ids) },
		{ "vfio_pci.ids=", offsetof(struct iommu_cmdline, vfio_pci_ids) },
	};

	/* the default domain: whichever of these comes last decides */
	if (len == 8 && strncmp(w, "iommu=pt", 8) == 0)
		out->passthrough = 1;
	else if (len == 10 && strncmp(w, "iommu=nopt", 10) == 0)
		out->passthrough = 0;
	else if (len > 18 && strncmp(w, "iommu.passthrough=", 18) == 0 &&
		 kernel_bool(w + 18, len - 18) >= 0)
		out->passthrough = kernel_bool(w + 18, len - 18);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t kl = strlen(keys[i].key);

		if (len >= kl && strncmp(w, keys[i].key, kl) == 0)
			return set_param((char **)((char *)out + keys[i].off),
					 w + kl, len - kl);
	}
	/* pci= takes a comma list; config_acs= is one of its options */
	if (len > 4 && strncmp(w, "pci=", 4) == 0) {
		const char *p = w + 4, *end = w + len;

		while (p < end) {
			const char *comma = memchr(p, ',', (size_t)(end - p));
			size_t ol = comma ? (size_t)(comma - p) : (size_t)(end - p);

			if (ol > 11 && strncmp(p, "config_acs=", 11) == 0)
				return set_param(&out->pci_config_acs, p + 11,
						 ol - 11);
			p += ol + 1;
		}
	}
	return 0;
}

int iommu_cmdline_parse(const char *cmdline, struct iommu_cmdline *out)
{
	const char *p = cmdline;

	memset(out, 0, sizeof(*out));
	out->passthrough = -1;
	while (p && *p) {
		char word[4096];
		size_t n = 0;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '"')
				quoted = !quoted;
			else if (n < sizeof(word) - 1)
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		if (strcmp(word, "--") == 0)
			break;
		if (take_word(out, word, n) < 0) {
			iommu_cmdline_clear(out);
			return -ENOMEM;
		}
	}
	return 0;
}

void iommu_cmdline_clear(struct iommu_cmdline *c)
{
	free(c->intel_iommu);
	free(c->amd_iommu);
	free(c->iommu);
	free(c->iommu_passthrough);
	free(c->pcie_acs_override);
	free(c->pci_config_acs);
	free(c->vfio_pci_ids);
	memset(c, 0, sizeof(*c));
	c->passthrough = -1;
}


bool iommu_cmdline_value_off(const char *value)
{
	const char *p = value;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		if (n == 3 && strncmp(p, "off", 3) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static void read_modules(struct path_ctx *ctx, struct vfio_modules *m)
{
	char buf[8];

	m->vfio = path_exists(ctx, PATH_SYS_MODULE "/vfio");
	m->vfio_pci = path_exists(ctx, PATH_SYS_MODULE "/vfio_pci");
	m->vfio_pci_core = path_exists(ctx, PATH_SYS_MODULE "/vfio_pci_core");
	m->vfio_iommu_type1 = path_exists(ctx, PATH_SYS_MODULE "/vfio_iommu_type1");
	m->iommufd = path_exists(ctx, PATH_SYS_MODULE "/iommufd");
	m->pci_stub = path_exists(ctx, PATH_SYS_MODULE "/pci_stub");
	m->noiommu = path_read_string(ctx, buf, sizeof(buf), PATH_SYS_MODULE
				      "/vfio/parameters/enable_unsafe_noiommu_mode") > 0 &&
		     buf[0] == 'Y';
}

/* "12" or "noiommu-3": digits only, no leading zero, as the kernel prints a group */
static bool group_node_name(const char *name)
{
	const char *d = strncmp(name, "noiommu-", 8) == 0 ? name + 8 : name;

	if (!*d || (d[0] == '0' && d[1]) || strlen(d) > 10)
		return false;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return false;
	return true;
}

static int read_vfio_nodes(struct path_ctx *ctx, struct iommu_host *h)
{
	char **names = NULL;
	size_t n = 0, kept = 0;
	int rc;

	h->dev_vfio_container = path_exists(ctx, PATH_DEV_VFIO_CONTAINER);
	h->dev_iommufd = path_exists(ctx, PATH_DEV_IOMMUFD);
	rc = path_list_dir(ctx, &names, &n, PATH_DEV_VFIO);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return 0;
	/*
	 * keep group nodes only, named as vfio names them: "N" or
	 * "noiommu-N" ("vfio" is the container, "devices" the cdevs, and
	 * anything else is not vfio's)
	 */
	for (size_t i = 0; i < n; i++) {
		if (!group_node_name(names[i])) {
			free(names[i]);
			continue;
		}
		names[kept++] = names[i];
	}
	names[kept] = NULL;
	h->vfio_group_nodes = names;
	h->nvfio_group_nodes = kept;
	return 0;
}

/* the first processor's entry is enough: vendor_id and flags are per system */
static int cpu_line(char *line, void *arg)
{
	struct iommu_host *h = arg;

	if (sscanf(line, "vendor_id : %15s", h->cpu_vendor) == 1)
		return 0;
	if (strncmp(line, "flags", 5) == 0) {
		h->hypervisor = strstr(line, " hypervisor") != NULL;
		return 1;
	}
	/* the end of the first entry */
	return *line ? 0 : 1;
}

static void read_cpu(struct path_ctx *ctx, struct iommu_host *h)
{
	/* line by line: cpuinfo of a big host is far larger than one entry */
	path_read_lines(ctx, cpu_line, h, PATH_PROC_CPUINFO);
}

static enum iommu_state decide_state(const struct iommu_host *h)
{
	const struct iommu_cmdline *c = &h->cmdline;

	if (h->nunits && h->ngroups)
		return IOMMU_STATE_ON;
	if (!h->nunits && h->ngroups)
		return IOMMU_STATE_GROUPS_ONLY;
	if (iommu_cmdline_value_off(c->intel_iommu) ||
	    iommu_cmdline_value_off(c->amd_iommu) ||
	    iommu_cmdline_value_off(c->iommu))
		return IOMMU_STATE_OFF_CMDLINE;
	if (h->nunits)
		return IOMMU_STATE_NO_GROUPS;
	return IOMMU_STATE_NOT_ENABLED;
}

static int host_read(struct path_ctx *ctx, struct iommu_host *h, bool count_groups);

int iommu_host_read(struct path_ctx *ctx, struct iommu_host *h)
{
	return host_read(ctx, h, true);
}

int iommu_host_read_brief(struct path_ctx *ctx, struct iommu_host *h)
{
	return host_read(ctx, h, false);
}

static int host_read(struct path_ctx *ctx, struct iommu_host *h, bool count_groups)
{
	char **groups = NULL;
	char *cmdline = NULL;
	int rc;

	memset(h, 0, sizeof(*h));
	if (path_read_string(ctx, h->kernel_release, sizeof(h->kernel_release),
			     PATH_PROC_OSRELEASE) > 0)
		h->kver_known = kver_parse(h->kernel_release, &h->kver) == 0;
	/* too large (-EFBIG, logged by the reader) is said as such, not as absent */
	h->cmdline_err = path_read_alloc(ctx, &cmdline, NULL, PATH_PROC_CMDLINE);
	if (h->cmdline_err == -ENOMEM)
		return -ENOMEM;
	if (h->cmdline_err == 0) {
		rc = iommu_cmdline_parse(cmdline, &h->cmdline);
		free(cmdline);
		if (rc < 0)
			return rc;
		h->cmdline_known = true;
	}
	rc = path_list_dir(ctx, &h->units, &h->nunits, PATH_SYS_CLASS_IOMMU);
	if (rc == -ENOMEM)
		goto fail;
	rc = count_groups ? path_list_dir(ctx, &groups, NULL, PATH_SYS_IOMMU_GROUPS) : 0;
	if (rc == -ENOMEM)
		goto fail;
	/*
	 * vfio's no-IOMMU mode makes groups of its own ("name" reads
	 * vfio-noiommu): they prove nothing about an IOMMU, so they do not
	 * count towards "on".
	 */
	for (char **g = groups; g && *g; g++) {
		char name[32];

		if (path_read_string(ctx, name, sizeof(name), PATH_SYS_IOMMU_GROUPS "/%s/name",
				     *g) > 0 && strcmp(name, "vfio-noiommu") == 0) {
			h->nnoiommu_groups++;
			continue;
		}
		h->ngroups++;
		/* "identity" is a passthrough domain, whatever set it (cmdline, sysfs, quirk) */
		if (path_read_string(ctx, name, sizeof(name), PATH_SYS_IOMMU_GROUPS "/%s/type",
				     *g) > 0) {
			h->ntyped_groups++;
			if (strcmp(name, "identity") == 0)
				h->nidentity_groups++;
		}
	}
	strv_free(groups);
	h->state = decide_state(h);
	/*
	 * The type files say what the kernel did; the command line only what
	 * was asked (a later iommu.passthrough=0, a driver quirk or a write to
	 * a group's type can each change it). Before 5.11 there is no type.
	 */
	if (h->ntyped_groups)
		h->passthrough = h->nidentity_groups == h->ntyped_groups;
	else
		h->passthrough = h->cmdline.passthrough == 1;
	read_modules(ctx, &h->modules);
	read_cpu(ctx, h);
	rc = read_vfio_nodes(ctx, h);
	if (rc < 0)
		goto fail;
	return 0;
fail:
	iommu_host_clear(h);
	return -ENOMEM;
}

bool iommu_host_reset_method_known(const struct iommu_host *h)
{
	return h->kver_known && kver_at_least(&h->kver, 5, 15);
}

void iommu_host_clear(struct iommu_host *h)
{
	iommu_cmdline_clear(&h->cmdline);
	strv_free(h->units);
	strv_free(h->vfio_group_nodes);
	h->units = NULL;
	h->vfio_group_nodes = NULL;
	h->nunits = h->nvfio_group_nodes = 0;
}
