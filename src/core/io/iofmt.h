/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iofmt.h: the grammar of the cgroup io files: parsers, validators and writers */
#ifndef VFIO_IO_IOFMT_H
#define VFIO_IO_IOFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The io controller files are "flat keyed" or "nested keyed" files
 * (Documentation/admin-guide/cgroup-v2.rst, "Format"): one record per
 * device, "MAJ:MIN" first, then KEY=VALUE pairs or one bare value, plus
 * an optional "default" record. Real files are messier than the document:
 * a device without statistics prints "MAJ:MIN " with no newline, so the
 * next record is glued onto its line (lxd #10746), and loop devices print
 * bare "7:0 " lines. The tokenizer therefore reads the file as a stream of
 * blank-separated words, and a MAJ:MIN word always starts a new record.
 */

#define IO_UNLIMITED UINT64_MAX		/* "max" in io.max */
#define IO_REC_MAXKV 16

struct io_kv {
	char key[16];
	char val[24];
};

struct io_rec {
	bool is_default;		/* the "default" record */
	unsigned maj, min;
	char bare[24];			/* a value without a key ("8:0 200") */
	struct io_kv kv[IO_REC_MAXKV];
	size_t nkv;
};

/**
 * io_records_parse() - split an io file's text into records
 * @text: NUL-terminated file content (any spacing, glued lines)
 * @out: receives a malloc'd array; the caller frees it
 * @n: receives the number of records
 *
 * Words that are neither "default", MAJ:MIN, KEY=VALUE nor a bare value
 * after a record start are an error; extra keys (cost.*, depth=...) are
 * kept.
 * Return: 0, -ENOMEM, or -EBADMSG for text that is not such a file.
 */
int io_records_parse(const char *text, struct io_rec **out, size_t *n);

/** io_rec_get() - the value of @key in @r, or NULL */
const char *io_rec_get(const struct io_rec *r, const char *key);

/** io_devnum_parse() - "8:16" to major and minor. Return: 0 or -EINVAL. */
int io_devnum_parse(const char *s, unsigned *maj, unsigned *min);

/* io.max: the four limits of one device (blk-throttle) */
enum io_max_key { IO_RBPS, IO_WBPS, IO_RIOPS, IO_WIOPS, IO_NMAX_KEYS };

struct io_max {
	unsigned maj, min;
	uint64_t v[IO_NMAX_KEYS];	/* IO_UNLIMITED for "max" */
	unsigned set;			/* bit per key given (for writes) */
};

/** io_max_key_name() - "rbps", "wbps", "riops", "wiops" */
const char *io_max_key_name(enum io_max_key k);

/**
 * io_max_parse() - read io.max
 * @out, @n: malloc'd array of devices (the caller frees it)
 * A key missing from a record reads as unlimited.
 * Return: 0, -ENOMEM or -EBADMSG.
 */
int io_max_parse(const char *text, struct io_max **out, size_t *n);

/**
 * io_max_arg() - validate one "KEY=N" word of a limit request
 * @m: the key is stored into it; a key given twice is an error (the
 *     kernel document calls a repeated key undefined)
 *
 * blk-throttle's tg_set_limit() takes "max" or a decimal above 1 (0 and 1
 * give EINVAL), and clamps IOPS at UINT_MAX; we refuse instead of clamping.
 * Return: 0, -EINVAL (unknown key, bad number), -EEXIST (repeated key),
 * -ERANGE (0, 1, or IOPS above 4294967295).
 */
int io_max_arg(struct io_max *m, const char *word);

/**
 * io_max_format() - the line to write to io.max: "MAJ:MIN KEY=V ..."
 * @all: write all four keys (a restore), else only the keys in @m->set
 * Return: 0 or -ENAMETOOLONG.
 */
int io_max_format(const struct io_max *m, bool all, char *buf, size_t size);

/* io.weight, io.bfq.weight, v1 blkio.weight_device: a default and per-device weights */
struct io_weight_dev {
	unsigned maj, min;
	unsigned weight;
};

struct io_weights {
	bool has_default;
	unsigned dflt;
	struct io_weight_dev *devs;
	size_t n;
};

/**
 * io_weights_parse() - read a weight file ("default 100\n8:16 200")
 * A lone number (v1 blkio.weight, or io.bfq.weight before 5.4) is the default.
 * Return: 0, -ENOMEM or -EBADMSG. Free with io_weights_free().
 */
int io_weights_parse(const char *text, struct io_weights *w);

/** io_weights_free() - free what io_weights_parse() or io_v1_device_parse() allocated */
void io_weights_free(struct io_weights *w);

/** io_weight_for() - the weight that applies to a device (its own, else the default) */
unsigned io_weight_for(const struct io_weights *w, unsigned maj, unsigned min, bool *own);

/* the weight files and their ranges */
enum io_weight_kind {
	IO_WEIGHT_COST,		/* io.weight, iocost: 1..10000 */
	IO_WEIGHT_BFQ,		/* io.bfq.weight and v1 blkio.bfq.weight: 1..1000 */
	IO_WEIGHT_V1,		/* v1 blkio.weight(_device), CFQ: 10..1000 */
};

/**
 * io_weight_check() - validate a weight for a file
 * Return: 0 or -ERANGE (with the range from io_weight_range()).
 */
int io_weight_check(enum io_weight_kind k, unsigned long long w);

/** io_weight_range() - the kernel's bounds for a weight file: 1..10000, 1..1000, 10..1000 */
void io_weight_range(enum io_weight_kind k, unsigned *lo, unsigned *hi);

/** io_u64_parse() - a plain decimal, nothing else. Return: 0, -EINVAL, -ERANGE. */
int io_u64_parse(const char *s, uint64_t *v);

/* io.stat counters of one device */
struct io_stat {
	unsigned maj, min;
	uint64_t rbytes, wbytes, rios, wios, dbytes, dios;
	bool empty;			/* a bare "MAJ:MIN " record */
};

/**
 * io_stat_parse() - read io.stat (v2), keeping unknown keys out
 * Return: 0, -ENOMEM or -EBADMSG.
 */
int io_stat_parse(const char *text, struct io_stat **out, size_t *n);

/**
 * io_v1_serviced_parse() - read v1 blkio.throttle.io_serviced or
 * io_service_bytes ("8:0 Read N" ... "Total N") into io_stat records
 * @bytes: the file counts bytes (fills rbytes/wbytes/dbytes), else operations
 * Return: 0, -ENOMEM or -EBADMSG.
 */
int io_v1_serviced_parse(const char *text, bool bytes, struct io_stat **out, size_t *n);

/* io.pressure (PSI) */
struct io_pressure {
	double some_avg10, some_avg60, some_avg300;
	double full_avg10, full_avg60, full_avg300;
	uint64_t some_total, full_total;	/* microseconds */
	bool has_full;
};

/** io_pressure_parse() - "some avg10=.. total=..\nfull ..". Return: 0 or -EBADMSG. */
int io_pressure_parse(const char *text, struct io_pressure *p);

/* root io.cost.qos and io.cost.model, one record per device */
struct io_cost {
	unsigned maj, min;
	bool enable;			/* qos: enable=1 */
	bool user;			/* ctrl=user */
	/* model: linear coefficients */
	uint64_t rbps, rseqiops, rrandiops, wbps, wseqiops, wrandiops;
};

/** io_cost_parse() - read io.cost.qos or io.cost.model. Return: 0, -ENOMEM, -EBADMSG. */
int io_cost_parse(const char *text, struct io_cost **out, size_t *n);

/**
 * io_cost_model_format() - an IOPS-only linear model line:
 * "MAJ:MIN ctrl=user model=linear rbps=0 rseqiops=R rrandiops=R wbps=0
 * wseqiops=W wrandiops=W". blk-iocost's calc_lcoefs() leaves the page
 * (byte) coefficient at zero when bps is 0, so every I/O costs the same
 * whatever its size: io.weight then shares operations.
 * Return: 0, -ERANGE (an IOPS of 0) or -ENAMETOOLONG.
 */
int io_cost_model_format(unsigned maj, unsigned min, uint64_t riops, uint64_t wiops,
			 char *buf, size_t size);

/* queue/scheduler: "[mq-deadline] kyber bfq none" */
#define IO_SCHED_MAX 8
struct io_sched {
	char active[24];		/* "none" when brackets are missing */
	char avail[IO_SCHED_MAX][24];
	size_t navail;
};

/** io_sched_parse() - Return: 0 or -EBADMSG. */
int io_sched_parse(const char *text, struct io_sched *s);

/** io_sched_name_valid() - a scheduler name as the kernel spells them */
bool io_sched_name_valid(const char *name);

/**
 * io_v1_device_parse() - v1 "MAJ:MIN N" files (blkio.throttle.*_device,
 * blkio.weight_device) into weights records (weight holds N, clamped)
 * @vals: receives the raw 64-bit values (parallel to @w->devs), may be NULL
 */
int io_v1_device_parse(const char *text, struct io_weights *w, uint64_t **vals);

#endif
