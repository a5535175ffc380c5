/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli.h: what the command handlers share: options, the command table, output */
#ifndef VFIO_CLI_H
#define VFIO_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>
#include <libsmartcols/libsmartcols.h>

#include "exitcodes.h"
#include "host.h"
#include "path.h"
#include "strutil.h"
#include "pci-select.h"

#define PROGRAM_NAME "vfioctl"

struct cli_opts {
	const char *sysroot;
	const char *output;		/* -o COLUMNS */
	const char *class_filter;	/* --class LIST */
	const char *slot_sel;		/* -s/--slot, lspci's slot selector */
	const char *id_sel;		/* -d/--id (list commands), lspci's ID selector */
	const char *short_d;		/* -d: --id on a list, --delay on a live view */
	bool short_d_twice;		/* -d was given more than once */
	bool json;
	bool noheadings;
	bool raw;
	bool list_columns;
	bool no_color;
	bool help;
	bool dry_run;
	bool yes;
	bool force;
	bool keep_going;		/* shell scripts: go on after a failure */
	const char *delay;		/* -d SECS: between refreshes (dashboard, io top) */
	const char *iterations;		/* --iterations N */
	bool batch;			/* --batch: plain text frames */
	bool persist;			/* --persist: keep (claim) or forget (release) over reboots */
	const char *vf_token;		/* --vf-token UUID: the SR-IOV VF token for VFs of a vfio-pci PF */
	char *with[17];			/* --with BDF, NULL-terminated */
	const char *pid;		/* io: --pid PID */
	const char *user;		/* io: --user NAME */
	const char *count;		/* io top: --count N */
	const char *read_iops;		/* io model: --read-iops N */
	const char *write_iops;		/* io model: --write-iops N */
	bool enable_io;			/* io: --enable-io */
	bool own;			/* io top: --own */
	/* scsi and eject (CMD_SCSI, CMD_RAW, CMD_EJECT) */
	bool whole_disk, unmount, power_off, eject_close, lock, unlock;
	const char *allow[9];		/* --allow CLASS[,CLASS], NULL-terminated */
	const char *in_len;		/* --in N */
	const char *out_file;		/* --out FILE */
	bool tree;			/* --tree: the PCI topology (device list, group show) */
	int verbose;
};

struct cli_ctx {
	struct cli_opts opts;
	struct path_ctx *path;		/* opened lazily by cli_path() */
	bool color;			/* stdout is a terminal and color is wanted */
};

/* argument kinds: what completion offers and what the man page names */
enum arg_kind {
	ARG_NONE,
	ARG_GROUP,
	ARG_BDF,
	ARG_DRIVER,
	ARG_WORD,
	ARG_CGROUP,		/* a cgroup path or systemd unit */
	ARG_BLOCKDEV,		/* a block device, partition, mount point or volume */
	ARG_CDB,			/* CDB bytes in hex */
	ARG_LOGSRC,			/* kmsg, main, events, ... or a file */
};

/* command flags: which options a command takes, and how it may run */
enum {
	CMD_HIDDEN = 1 << 0,		/* not in --help, completion or the man page */
	CMD_TABLE = 1 << 1,		/* takes -o, -n, -r, --list-columns */
	CMD_CLASS = 1 << 2,		/* takes --class */
	CMD_JSON = 1 << 3,		/* takes -J/--json */
	CMD_CHANGE = 1 << 4,		/* changes state: takes --dry-run, --yes, --force */
	CMD_WITH = 1 << 5,		/* takes --with BDF */
	CMD_CGROUP = 1 << 9,		/* takes --pid, --user (the cgroup) */
	CMD_TOP = 1 << 10,		/* takes -d/--delay, --count, --own */
	CMD_IOPS = 1 << 11,		/* takes --read-iops, --write-iops */
	CMD_SCRIPT = 1 << 12,		/* takes --keep-going */
	CMD_LIVE = 1 << 13,		/* refreshes: takes -d, --iterations, --batch */
	CMD_SCSI = 1 << 6,		/* takes --whole-disk, --allow CLASS, --force */
	CMD_RAW = 1 << 7,		/* takes --in N, --out FILE */
	CMD_EJECT = 1 << 8,		/* takes --unmount, --power-off, --close, --lock, --unlock */
	CMD_PERSIST = 1 << 14,		/* takes --persist */
	CMD_OWNOPTS = 1 << 15,		/* parses the options after its verb itself (log) */
	CMD_ENABLE_IO = 1 << 16,	/* takes --enable-io */
	CMD_TREE = 1 << 24,		/* takes --tree (the PCI topology) */
	CMD_SELECT = 1 << 17,		/* takes -s/--slot, -d/--id (lspci's selectors) */
	CMD_VF_TOKEN = 1 << 19,		/* takes --vf-token UUID (group verify) */
};

struct cli_command {
	const char *name;		/* words separated by one space: "group list" */
	int (*handler)(struct cli_ctx *ctx, int argc, char **argv);
	int min_args, max_args;
	unsigned flags;
	const char *args;		/* usage of the arguments: "N", "BDF" */
	enum arg_kind arg_kinds[2];
	const char *help;		/* one line, no final period */
};

extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* main.c: parse one command line and run it; the shell calls it per line */
int cli_run(int argc, char **argv);

/* cmd-complete.c: hand each completion candidate for @argv to @emit */
void cli_complete(int argc, char **argv, void (*emit)(void *data, const char *cand),
		  void *data);

/* commands.c */
const struct cli_command *cli_command_match(int argc, char **argv, int *nwords);
void cli_print_usage_all(void);
void cli_print_command_help(const struct cli_command *cmd);
int cli_print_family_help(const char *family);
int cli_unknown_command(int argc, char **argv);

/* output.c */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_path(struct cli_ctx *ctx, struct path_ctx **out);
/*
 * "MESSAGE: PATH: REASON" for a core error @rc (-errno): the file that
 * failed is named when the path context saw that error last
 */
void cli_error_at(const struct cli_ctx *ctx, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int cli_snapshot(struct cli_ctx *ctx, struct host_snapshot **out);
/* cli_snapshot() of one device (@device) or one group (@group): "show" reads no more */
int cli_snapshot_scoped(struct cli_ctx *ctx, const char *device, int group,
			struct host_snapshot **out);
/* a snapshot of only what a listing prints (host_snapshot_take_mask()) */
int cli_snapshot_mask(struct cli_ctx *ctx, unsigned what, struct host_snapshot **out);
const char *cli_color(const struct cli_ctx *ctx, const char *seq);
/* where a sysroot-relative path really is: "/run/x" live, "SYSROOT/run/x" otherwise */
const char *cli_abs(const struct cli_ctx *ctx, const char *rel, char *buf, size_t size);
/* how to call this vfioctl again: "vfioctl" or "vfioctl --sysroot DIR" */
const char *cli_self(const struct cli_ctx *ctx, char *buf, size_t size);
#define COLOR_RED "\033[31m"
#define COLOR_GREEN "\033[32m"
#define COLOR_YELLOW "\033[33m"
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"
int cli_json_print(struct json_object *root);

/* "EBUSY" for -EBUSY (or EBUSY); NULL (JSON null) for 0: errors in JSON are errno names */
struct json_object *json_errno(int err);

/*
 * safeout.c: stdout passes through textsafe_encode(). safeout_install()
 * once at start (0 or -errno); safeout_set_mode() for each command run;
 * safeout_terminal() is the unfiltered stream, for libedit and ncurses.
 */
int safeout_install(bool stdout_closed);
void safeout_set_mode(bool json, bool color);
FILE *safeout_terminal(void);
/* a JSON string, or JSON null for a NULL or empty string */
struct json_object *json_string_or_null(const char *s);

/* column-described tables (libsmartcols): -o, -n, -r, -J, --list-columns */
struct col_desc {
	const char *name;
	double whint;
	int flags;			/* SCOLS_FL_* */
	int json_type;			/* SCOLS_JSON_* */
	const char *help;
};

/*
 * Text tables go through libsmartcols; JSON tables are built with json-c
 * from the same column descriptors, because libsmartcols 2.38 cannot write
 * an empty array or a false boolean from a cell's text.
 */
struct out_table {
	struct libscols_table *tb;	/* text output */
	struct libscols_line *line;
	struct json_object *root;	/* JSON output: { json_root: [ rows ] } */
	struct json_object *rows;
	struct json_object *row;
	const char *json_root;
	const struct col_desc *cols;
	int ids[64];			/* selected column ids in display order */
	size_t nids;
};

int out_table_init(struct cli_ctx *ctx, struct out_table *t, const char *json_root,
		   const struct col_desc *cols, size_t ncols, const char *defaults);
int out_table_new_row(struct out_table *t);
/* set cell @i (index into t->ids) of the current row; takes ownership of @val */
void out_table_set(struct out_table *t, size_t i, char *val, const char *color);
/* JSON output only: set cell @i to a ready value (takes the reference) */
void out_table_set_json(struct out_table *t, size_t i, struct json_object *val);
void out_list_columns(struct cli_ctx *ctx, const struct col_desc *cols, size_t ncols);
int out_table_print(struct out_table *t);
void out_table_free(struct out_table *t);

/* the column tables, for completion */
const struct col_desc *group_columns(size_t *n);
const struct col_desc *device_columns(size_t *n);
const struct col_desc *persist_columns(size_t *n);

/* the kinds named by --class, as a bit mask of (1 << enum pci_kind); 0 = all */
int cli_class_mask(struct cli_ctx *ctx, unsigned *mask);

/*
 * select.c: the devices a list shows: -s, -d and --class together. Parse
 * once (0, or the usage exit status after a one-line error), then ask per
 * device; cli_select_done() warns about devices that could not be judged.
 */
struct cli_select {
	struct pci_select sel;
	unsigned class_mask;		/* from --class; 0 = all */
	size_t unknown;			/* unreadable devices an ID selector could not judge */
	size_t unknown_kind;		/* unreadable devices --class could not judge */
};
int cli_select_init(struct cli_ctx *ctx, struct cli_select *s);
bool cli_select_device(struct cli_select *s, const struct pci_device *d);
void cli_select_done(const struct cli_ctx *ctx, const struct cli_select *s);

/* handlers */
int cmd_status(struct cli_ctx *ctx, int argc, char **argv);
int cmd_group_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_group_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_group_verify(struct cli_ctx *ctx, int argc, char **argv);
int cmd_group_claim(struct cli_ctx *ctx, int argc, char **argv);
int cmd_group_release(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_claim(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_release(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_bind(struct cli_ctx *ctx, int argc, char **argv);
int cmd_device_unbind(struct cli_ctx *ctx, int argc, char **argv);
int cmd_recover(struct cli_ctx *ctx, int argc, char **argv);
int cmd_persist_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_persist_apply(struct cli_ctx *ctx, int argc, char **argv);
struct bind_plan;
/* --persist after a claim or release that succeeded: keep or forget its devices' entries */
int cli_persist_after_change(struct cli_ctx *ctx, struct path_ctx *path,
			     const struct bind_plan *bp);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
int cmd_log(struct cli_ctx *ctx, int argc, char **argv);
int cmd_log_write(struct cli_ctx *ctx, int argc, char **argv);
/* the options of a CMD_OWNOPTS command, for its --help */
void cmd_log_print_options(const struct cli_command *cmd);
/* the long options of a CMD_OWNOPTS command, NULL-terminated, for completion */
const char *const *cmd_log_option_words(const struct cli_command *cmd);
int cmd_complete(struct cli_ctx *ctx, int argc, char **argv);
int cmd_commands(struct cli_ctx *ctx, int argc, char **argv);
int cmd_shell(struct cli_ctx *ctx, int argc, char **argv);
int cmd_dashboard(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_weight(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_limit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_sched(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_model(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_top(struct cli_ctx *ctx, int argc, char **argv);
int cmd_io_undo(struct cli_ctx *ctx, int argc, char **argv);
const struct col_desc *io_show_columns(size_t *n);
const struct col_desc *io_top_columns(size_t *n);

/* changes (cmd-common.c): the words for what core's change path returns */
/* a change_target_check() failure; returns the exit status */
int cli_change_target_error(const struct cli_ctx *ctx, const struct path_ctx *path, int rc,
			    const char *what);
/* a change_lock() failure; @busy says who holds it; returns the exit status */
int cli_change_lock_error(const struct cli_ctx *ctx, const char *lock_rel, int rc,
			  const char *busy);
/* "@question? [y/N]" on the terminal: true for yes */
bool cli_confirm(const char *question);
/* "Apply these N steps", the question of a plan of @nsteps */
const char *cli_steps_question(size_t nsteps, char *buf, size_t size);
/*
 * --yes, or a terminal that says yes to @question: 0; else the exit status
 * (2 without a terminal: "refusing to @what without --yes", 1 cancelled)
 */
int cli_consent(const struct cli_ctx *ctx, const char *question, const char *what);
/* cmd-scsi.c, cmd-eject.c */
int cmd_scsi_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_inquiry(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_tur(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_capacity(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_sense(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_raw(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_scsi_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_eject(struct cli_ctx *ctx, int argc, char **argv);
const struct col_desc *scsi_list_columns(size_t *n);
const struct col_desc *scsi_audit_columns(size_t *n);
extern const char *const scsi_allow_words[];	/* --allow values, NULL-terminated */

/* shared text helpers */
const char *host_state_hint(const struct iommu_host *h);
/* print @text after @indent and @prefix, wrapped at @width columns */
void print_wrapped(const char *indent, const char *prefix, const char *text, size_t width);
/* the width text wraps at: COLUMNS, else the terminal's, else 80 */
size_t cli_term_width(void);
void format_blocker(char *buf, size_t size, const struct iommu_member *m, int group);
/* a blocker in JSON, the one shape of group list, group show and status: {group, name, driver} */
struct json_object *json_blocker(const struct iommu_member *m, int group);
int parse_group_arg(const char *arg, int *id);

#endif
