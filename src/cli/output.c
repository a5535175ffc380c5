// SPDX-License-Identifier: GPL-2.0-or-later
/* output.c: messages, tables (libsmartcols) and JSON (json-c) for the CLI */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "pathnames.h"

/* one line, always: a newline or escape typed into an argument is shown as '?' */
static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (char *c = buf; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	fprintf(stderr, "%s: %s%s\n", PROGRAM_NAME, prefix, buf);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", PROGRAM_NAME);
	return VFIO_EXIT_USAGE;
}

int cli_path(struct cli_ctx *ctx, struct path_ctx **out)
{
	const char *root = ctx->opts.sysroot ? ctx->opts.sysroot : "/";
	char **probe = NULL;
	int rc;

	if (!ctx->path) {
		rc = path_ctx_new(root, &ctx->path);
		if (rc < 0) {
			cli_err("cannot open sysroot '%s': %s", root, strerror(-rc));
			return VFIO_EXIT_USAGE;
		}
		if (!path_ctx_is_live(ctx->path) && path_list_dir(ctx->path, &probe, NULL, ".") == -EACCES) {
			cli_err("cannot read sysroot '%s': %s", root, strerror(EACCES));
			path_ctx_free(ctx->path);
			ctx->path = NULL;
			return VFIO_EXIT_USAGE;
		}
		strv_free(probe);
		if (!path_ctx_is_live(ctx->path) && !path_exists(ctx->path, PATH_SYS))
			cli_warn("'%s' has no sys/ directory: is it a sysroot? (see tools/capture-sysroot)",
				 root);
	}
	*out = ctx->path;
	return 0;
}

int cli_snapshot(struct cli_ctx *ctx, struct host_snapshot **out)
{
	return cli_snapshot_mask(ctx, HOST_READ_ALL, out);
}

int cli_snapshot_mask(struct cli_ctx *ctx, unsigned what, struct host_snapshot **out)
{
	struct path_ctx *path;
	int rc = cli_path(ctx, &path);

	if (rc)
		return rc;
	rc = host_snapshot_take_mask(path, what, out);
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot read PCI and IOMMU state");
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

void cli_error_at(const struct cli_ctx *ctx, int rc, const char *fmt, ...)
{
	char msg[512], failed[PATH_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->path && path_ctx_last_failure(ctx->path, failed, sizeof(failed)) == rc)
		cli_err("%s: %s: %s", msg, failed, strerror(-rc));
	else
		cli_err("%s: %s", msg, strerror(-rc));
}

int cli_snapshot_scoped(struct cli_ctx *ctx, const char *device, int group,
			struct host_snapshot **out)
{
	struct path_ctx *path;
	int rc = cli_path(ctx, &path);

	if (rc)
		return rc;
	rc = device ? host_snapshot_take_device(path, device, out)
		    : host_snapshot_take_group(path, group, out);
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot read PCI and IOMMU state");
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

const char *cli_abs(const struct cli_ctx *ctx, const char *rel, char *buf, size_t size)
{
	if (!ctx->path || path_abs(ctx->path, buf, size, "%s", rel) < 0)
		snprintf(buf, size, "/%s", rel);
	/* "//run/..." for the live root reads badly */
	if (buf[0] == '/' && buf[1] == '/')
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

const char *cli_self(const struct cli_ctx *ctx, char *buf, size_t size)
{
	if (ctx->path && !path_ctx_is_live(ctx->path))
		snprintf(buf, size, "%s --sysroot %s", PROGRAM_NAME, path_ctx_root(ctx->path));
	else
		snprintf(buf, size, "%s", PROGRAM_NAME);
	return buf;
}

const char *cli_color(const struct cli_ctx *ctx, const char *seq)
{
	return ctx->color ? seq : "";
}

struct json_object *json_string_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

size_t cli_term_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	/* as util-linux: COLUMNS first (a user's or a test's choice), then the terminal */
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);

		if (!*end && v >= 20 && v <= 4096)
			return (size_t)v;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

struct json_object *json_errno(int err)
{
	return err ? json_object_new_string(errno_name(err)) : NULL;
}

int cli_json_print(struct json_object *root)
{
	const char *s = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			      JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return VFIO_EXIT_FAILURE;
	puts(s);
	return 0;
}

static int find_col(const struct col_desc *cols, size_t ncols, const char *name,
		    size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len &&
		    strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int add_col_list(struct out_table *t, size_t ncols, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		int id = find_col(t->cols, ncols, p, len);

		if (id < 0) {
			cli_usage_error("unknown column '%.*s' (see --list-columns)",
					(int)len, p);
			return -EINVAL;
		}
		bool dup = false;

		for (size_t k = 0; k < t->nids; k++)
			dup |= t->ids[k] == id;
		if (!dup && t->nids >= sizeof(t->ids) / sizeof(t->ids[0])) {
			cli_usage_error("too many columns");
			return -E2BIG;
		}
		if (!dup)
			t->ids[t->nids++] = id;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int out_table_init(struct cli_ctx *ctx, struct out_table *t, const char *json_root,
		   const struct col_desc *cols, size_t ncols, const char *defaults)
{
	const char *sel = ctx->opts.output;

	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->json_root = json_root;
	/* "-o +COL" keeps the defaults and appends, as in util-linux */
	if (!sel || *sel == '+') {
		if (add_col_list(t, ncols, defaults) < 0)
			return VFIO_EXIT_USAGE;
		if (sel)
			sel++;
	}
	if (sel && add_col_list(t, ncols, sel) < 0)
		return VFIO_EXIT_USAGE;
	if (t->nids == 0)
		return cli_usage_error("no columns selected");

	if (ctx->opts.json) {
		t->root = json_object_new_object();
		t->rows = json_object_new_array();
		json_object_object_add(t->root, json_root, t->rows);
		return 0;
	}
	t->tb = scols_new_table();
	if (!t->tb) {
		cli_err("cannot create a table: %s", strerror(ENOMEM));
		return VFIO_EXIT_FAILURE;
	}
	scols_table_enable_raw(t->tb, ctx->opts.raw);
	scols_table_enable_noheadings(t->tb, ctx->opts.noheadings);
	scols_table_enable_colors(t->tb, ctx->color);
	for (size_t i = 0; i < t->nids; i++) {
		const struct col_desc *d = &cols[t->ids[i]];
		struct libscols_column *cl;

		cl = scols_table_new_column(t->tb, d->name, d->whint, d->flags);
		if (!cl) {
			cli_err("cannot create a table column: %s", strerror(ENOMEM));
			return VFIO_EXIT_FAILURE;
		}
		if (d->flags & SCOLS_FL_WRAP) {
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
	}
	return 0;
}

int out_table_new_row(struct out_table *t)
{
	if (t->rows) {
		t->row = json_object_new_object();
		if (!t->row)
			return -ENOMEM;
		json_object_array_add(t->rows, t->row);
		return 0;
	}
	t->line = scols_table_new_line(t->tb, NULL);
	return t->line ? 0 : -ENOMEM;
}

/* a cell's text as the JSON value its column type promises; "" is null */
static struct json_object *json_cell(int type, const char *val)
{
	switch (type) {
	case SCOLS_JSON_NUMBER: {
		char *end;
		long long n;

		if (!*val)
			return NULL;
		n = strtoll(val, &end, 10);
		return *end ? json_object_new_string(val) : json_object_new_int64(n);
	}
	case SCOLS_JSON_BOOLEAN:
		return *val ? json_object_new_boolean(strcmp(val, "true") == 0) : NULL;
	case SCOLS_JSON_ARRAY_STRING: {
		struct json_object *arr = json_object_new_array();
		const char *p = val;

		while (*p) {
			size_t len = strcspn(p, "\n");

			json_object_array_add(arr, json_object_new_string_len(p, (int)len));
			p += len;
			if (*p == '\n')
				p++;
		}
		return arr;
	}
	default:
		return json_string_or_null(val);
	}
}

static void lower_key(char *dst, size_t size, const char *name)
{
	size_t k;

	for (k = 0; k < size - 1 && name[k]; k++)
		dst[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
	dst[k] = '\0';
}

void out_table_set_json(struct out_table *t, size_t i, struct json_object *val)
{
	char key[64];

	lower_key(key, sizeof(key), t->cols[t->ids[i]].name);
	json_object_object_add(t->row, key, val);
}

void out_table_set(struct out_table *t, size_t i, char *val, const char *color)
{
	const struct col_desc *d = &t->cols[t->ids[i]];

	if (!val)
		return;
	if (t->row) {
		char key[64];

		lower_key(key, sizeof(key), d->name);
		json_object_object_add(t->row, key, json_cell(d->json_type, val));
		free(val);
		return;
	}
	if (color)
		scols_cell_set_color(scols_line_get_cell(t->line, i), color);
	scols_line_refer_data(t->line, i, val);
}

void out_list_columns(struct cli_ctx *ctx, const struct col_desc *cols,
		      size_t ncols)
{
	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		for (size_t i = 0; i < ncols; i++) {
			struct json_object *o = json_object_new_object();
			static const char *const types[] = {
				"string", "number", "boolean", "array-string",
				"array-number", "boolean",
			};

			json_object_object_add(o, "holder",
					       json_object_new_string(cols[i].name));
			json_object_object_add(o, "type",
					       json_object_new_string(types[cols[i].json_type]));
			json_object_object_add(o, "description",
					       json_object_new_string(cols[i].help));
			json_object_array_add(arr, o);
		}
		json_object_object_add(root, "columns", arr);
		cli_json_print(root);
		json_object_put(root);
		return;
	}
	for (size_t i = 0; i < ncols; i++)
		printf("%12s  %s\n", cols[i].name, cols[i].help);
}

int out_table_print(struct out_table *t)
{
	if (t->root)
		return cli_json_print(t->root);
	if (scols_print_table(t->tb) < 0) {
		cli_err("cannot print the table");
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

void out_table_free(struct out_table *t)
{
	scols_unref_table(t->tb);
	json_object_put(t->root);
	t->tb = NULL;
	t->root = t->rows = t->row = NULL;
}

int cli_class_mask(struct cli_ctx *ctx, unsigned *mask)
{
	const char *p = ctx->opts.class_filter;

	*mask = 0;
	if (p && !*p)
		return cli_usage_error("--class needs at least one kind (gpu, nic, nvme, ...)");
	while (p && *p) {
		size_t len = strcspn(p, ",");
		char name[32];
		enum pci_kind k;

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (len >= sizeof(name) || pci_kind_parse(name, &k) < 0)
			return cli_usage_error("unknown class '%.*s' (use gpu, audio, nic, nvme, storage, usb, bridge, accel, serial-bus, other)",
					       (int)len, p);
		*mask |= 1u << k;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}
