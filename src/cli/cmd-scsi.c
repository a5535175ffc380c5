// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-scsi.c: vfioctl scsi inquiry / tur / capacity / sense / raw / check: guarded SG_IO */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd-scsi.h"
#include "scsi/cdb.h"
#include "scsi/cmds.h"
#include "scsi/guard.h"
#include "scsi/ident.h"
#include "scsi/ops.h"
#include "pathnames.h"

/* --in and --out are bounded: SG_IO through sd takes at most max_hw_sectors anyway */
#define SCSI_CLI_DATA_MAX	(64 * 1024)

const char *const scsi_allow_words[] = {
	"write", "format", "sanitize", "unmap", "write-buffer", "ata-pt", "vendor", "unknown",
	"all", NULL,
};

int scsi_cli_topo(struct cli_ctx *ctx, struct path_ctx **path, struct blockdev_topo **topo)
{
	int rc = cli_path(ctx, path);

	if (rc)
		return rc;
	rc = blockdev_topo_scan(*path, topo);
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot read the block devices");
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int scsi_cli_resolve_error(const char *spec, int rc)
{
	switch (rc) {
	case -EINVAL:
		return cli_usage_error("invalid device '%s': give /dev/NAME, NAME, MAJ:MIN, a mount point, LABEL= or UUID=",
				       spec);
	case -ENOENT:
		cli_err("cannot find '%s': no such block device", spec);
		break;
	case -ENOTBLK:
		cli_err("'%s' is neither a block device nor a mount point", spec);
		break;
	case -ENXIO:
		cli_err("'%s' is mounted from no block device", spec);
		break;
	default:
		cli_err("cannot resolve '%s': %s", spec, strerror(-rc));
		break;
	}
	return VFIO_EXIT_FAILURE;
}

void scsi_cli_sense_text(const struct scsi_sense *s, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s, ASC/ASCQ 0x%02x/0x%02x (%s)", s->deferred ? "deferred " : "",
		 scsi_sense_key_short(s->key), s->asc, s->ascq, s->asc_name);
}

struct json_object *scsi_cli_sense_json(const struct scsi_sense *s)
{
	struct json_object *o = json_object_new_object();
	char hex[8];

	json_object_object_add(o, "format", json_object_new_string(s->descriptor ? "descriptor" : "fixed"));
	json_object_object_add(o, "deferred", json_object_new_boolean(s->deferred));
	json_object_object_add(o, "key", json_object_new_int(s->key));
	json_object_object_add(o, "key_name", json_object_new_string(scsi_sense_key_short(s->key)));
	snprintf(hex, sizeof(hex), "0x%02x", s->asc);
	json_object_object_add(o, "asc", json_object_new_string(hex));
	snprintf(hex, sizeof(hex), "0x%02x", s->ascq);
	json_object_object_add(o, "ascq", json_object_new_string(hex));
	json_object_object_add(o, "asc_name", json_object_new_string(s->asc_name));
	if (s->info_valid)
		json_object_object_add(o, "information", json_object_new_int64((int64_t)s->info));
	return o;
}

/* everything one guarded command needs, from the user's DEV to an open fd */
struct scsi_job {
	struct path_ctx *path;
	struct blockdev_topo *topo;
	struct blockdev_resolved res;
	const struct blockdev *dev;	/* the node actually used */
	struct scsi_target target;
	struct scsi_caller caller;
	struct scsi_guard_opts gopts;
	struct scsi_verdict verdict;
	char node[64];			/* the node as shown, /dev/sda */
	char rel[80];			/* the same, sysroot-relative */
	int fd;
};

static void job_clear(struct scsi_job *j)
{
	if (j->fd >= 0)
		scsi_ops_kernel.close(j->fd);
	blockdev_resolved_clear(&j->res);
	blockdev_topo_free(j->topo);
}

static int parse_allow(struct cli_ctx *ctx, unsigned int *mask)
{
	for (size_t i = 0; ctx->opts.allow[i]; i++)
		if (scsi_opclass_parse(ctx->opts.allow[i], mask) < 0)
			return cli_usage_error("invalid --allow '%s': use write, format, sanitize, unmap, write-buffer, ata-pt, vendor, unknown or all",
					       ctx->opts.allow[i]);
	return 0;
}

static void kernel_text(const struct scsi_kverdict *k, char *buf, size_t size)
{
	if (k->allowed)
		snprintf(buf, size, "allowed it (%s)", k->why);
	else
		snprintf(buf, size, "refused it with %s (%s)", errno_name(k->err), k->why);
}

/*
 * /dev/sgN and /dev/bsg/H:C:T:L are character devices, not block ones: find
 * them among the SCSI devices. Returns 1 when @spec named one, 0 when it is
 * not such a name, -ENOENT for an sg or bsg name no device has.
 */
static int sg_target(struct scsi_job *j, const char *spec)
{
	const char *name = spec, *dev = PATH_DEVNODE_ABS, *bsg = PATH_DEV_BSG "/";
	struct scsi_ident *ids = NULL;
	size_t n = 0;
	bool is_bsg;
	int rc = -ENOENT;

	if (strncmp(name, dev, strlen(dev)) == 0)
		name += strlen(dev);
	is_bsg = strncmp(name, bsg + strlen(PATH_DEV "/"), strlen(bsg) - strlen(PATH_DEV "/")) == 0;
	if (is_bsg)
		name += strlen(bsg) - strlen(PATH_DEV "/");
	else if (strncmp(name, "sg", 2) != 0 || !name[2] || strspn(name + 2, "0123456789") != strlen(name + 2))
		return 0;
	if (scsi_ident_list(j->path, &ids, &n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(is_bsg ? ids[i].bsg : ids[i].sg, name) != 0)
			continue;
		j->target.ident = ids[i];
		j->target.has_ident = true;
		j->target.knode = is_bsg ? SCSI_KNODE_BSG : SCSI_KNODE_SG;
		j->target.what = is_bsg ? "bsg node" : "sg node";
		j->target.disk = ids[i].disk[0] ? blockdev_find(j->topo, ids[i].disk) : NULL;
		j->target.dev = j->target.disk;
		j->dev = j->target.disk;
		snprintf(j->node, sizeof(j->node), "%s%s%s", PATH_DEVNODE_ABS,
			 is_bsg ? bsg + strlen(PATH_DEV "/") : "", name);
		snprintf(j->rel, sizeof(j->rel), "%s%s", is_bsg ? bsg : PATH_DEV "/", name);
		rc = 1;
		break;
	}
	free(ids);
	return rc;
}

/*
 * Resolve DEV, apply --whole-disk, judge the CDB. Returns 0 with the job
 * ready to open, or an exit status after printing the one-line reason.
 */
static int job_prepare(struct cli_ctx *ctx, struct scsi_job *j, const char *spec,
		       const uint8_t *cdb, size_t len, bool quiet)
{
	char ktext[200];
	int rc;

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	rc = parse_allow(ctx, &j->gopts.allow);
	if (rc)
		return rc;
	j->gopts.force = ctx->opts.force;
	rc = scsi_cli_topo(ctx, &j->path, &j->topo);
	if (rc)
		return rc;
	rc = sg_target(j, spec);
	if (rc == -ENOENT) {
		cli_err("cannot find '%s': no such sg or bsg node", spec);
		return VFIO_EXIT_FAILURE;
	}
	if (rc < 0)
		return scsi_cli_resolve_error(spec, rc);
	if (rc > 0)
		goto judge;
	rc = blockdev_resolve(j->path, j->topo, spec, &j->res);
	if (rc < 0)
		return scsi_cli_resolve_error(spec, rc);
	j->dev = j->res.dev;
	if (ctx->opts.whole_disk && j->res.mapped) {
		if (j->res.ndisks != 1) {
			cli_err("refused by rule 'whole-disk': '%s' lies on %zu disks: name the disk itself",
				spec, j->res.ndisks);
			return VFIO_EXIT_REFUSED;
		}
		j->dev = j->res.disks[0];
	}
	rc = scsi_target_of(j->path, j->topo, j->dev, &j->target);
	if (rc < 0) {
		cli_err("cannot follow the device-mapper stack of '%s': %s", spec, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	snprintf(j->node, sizeof(j->node), "%s%s", PATH_DEVNODE_ABS, j->dev->name);
	snprintf(j->rel, sizeof(j->rel), PATH_DEV "/%s", j->dev->name);
judge:
	j->caller.cap_rawio = scsi_ops_kernel.cap_rawio();
	j->caller.open_write = scsi_open_for_write(cdb, len);
	scsi_guard_check(&j->target, &j->caller, &j->gopts, cdb, len, &j->verdict);
	if (!j->verdict.allowed && quiet)
		return VFIO_EXIT_REFUSED;
	if (!j->verdict.allowed) {
		kernel_text(&j->verdict.kernel, ktext, sizeof(ktext));
		cli_err("refused by rule '%s': %s; the kernel would have %s",
			scsi_rule_name(j->verdict.rule), j->verdict.message, ktext);
		return VFIO_EXIT_REFUSED;
	}
	return 0;
}

/* open the node (read-write only for write-safe opcodes; read-only if that is all we may) */
static int job_open(struct cli_ctx *ctx, struct scsi_job *j, const uint8_t *cdb, size_t len)
{
	char rel[80];
	int rc;

	if (!path_ctx_is_live(j->path)) {
		cli_err("not sending to '%s': SCSI commands go to the live system only ('scsi check' judges a --sysroot tree)",
			j->node);
		return VFIO_EXIT_FAILURE;
	}
	snprintf(rel, sizeof(rel), "%s", j->rel);
	rc = scsi_ops_kernel.open_node(j->path, rel, j->caller.open_write, &j->fd);
	if ((rc == -EACCES || rc == -EROFS) && j->caller.open_write) {
		/* what a reader may do: the kernel's opcode filter decides, and we say why */
		j->caller.open_write = false;
		scsi_guard_check(&j->target, &j->caller, &j->gopts, cdb, len, &j->verdict);
		if (ctx->opts.verbose)
			cli_warn("'%s' is not writable by you: opened read-only", j->node);
		rc = scsi_ops_kernel.open_node(j->path, rel, false, &j->fd);
	}
	if (rc < 0) {
		j->fd = -1;
		cli_err("cannot open '%s': %s", j->node, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

/* send and tell the kernel's refusal, a transport error and a device's CHECK CONDITION apart */
static int job_send(struct scsi_job *j, struct scsi_io *io, const char *what,
		    struct scsi_sense *sense_out, bool *has_sense)
{
	struct scsi_sense s;
	char text[256];
	int rc;

	*has_sense = false;
	rc = scsi_ops_kernel.exec(j->fd, io);
	if (rc < 0) {
		cli_err("cannot send %s to '%s': %s", what, j->node, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	switch (io->result) {
	case SCSI_IO_GOOD:
		return 0;
	case SCSI_IO_OS_ERR:
		if (!j->verdict.kernel.allowed && j->verdict.kernel.err == io->os_err)
			cli_err("the kernel refused %s on '%s': %s (%s): %s", what, j->node,
				errno_name(io->os_err), strerror(io->os_err),
				j->verdict.kernel.why);
		else
			cli_err("the kernel refused %s on '%s': %s (%s)", what, j->node,
				errno_name(io->os_err), strerror(io->os_err));
		return VFIO_EXIT_FAILURE;
	case SCSI_IO_TRANSPORT:
		cli_err("%s on '%s' failed in transport: %s", what, j->node, io->transport);
		return VFIO_EXIT_FAILURE;
	case SCSI_IO_STATUS:
		cli_err("%s on '%s' ended with SCSI status 0x%02x", what, j->node, io->status);
		return VFIO_EXIT_FAILURE;
	case SCSI_IO_SENSE:
		if (scsi_sense_decode(io->sense, io->sense_len, &s) < 0) {
			cli_err("%s on '%s' ended in CHECK CONDITION with undecodable sense data", what,
				j->node);
			return VFIO_EXIT_FAILURE;
		}
		if (sense_out)
			*sense_out = s;
		*has_sense = true;
		scsi_cli_sense_text(&s, text, sizeof(text));
		cli_err("%s on '%s' ended in CHECK CONDITION: %s", what, j->node, text);
		return VFIO_EXIT_FAILURE;
	}
	return VFIO_EXIT_FAILURE;
}

/* the whole path for one standard command; @io carries the CDB and buffers */
static int run_one(struct cli_ctx *ctx, struct scsi_job *j, const char *spec, struct scsi_io *io,
		   const char *what, struct scsi_sense *sense, bool *has_sense)
{
	int rc = job_prepare(ctx, j, spec, io->cdb, io->cdb_len, false);

	if (rc)
		return rc;
	rc = job_open(ctx, j, io->cdb, io->cdb_len);
	if (rc)
		return rc;
	return job_send(j, io, what, sense, has_sense);
}

static void json_common(struct json_object *o, const struct scsi_job *j)
{
	json_object_object_add(o, "device", json_object_new_string(j->node));
	json_object_object_add(o, "disk", j->target.disk ? json_object_new_string(j->target.disk->name)
							 : NULL);
}

static int print_failure_json(struct cli_ctx *ctx, const char *root, const struct scsi_job *j,
			      const struct scsi_io *io, const struct scsi_sense *s, bool has_sense,
			      int rc)
{
	struct json_object *top, *o;

	if (!ctx->opts.json || rc == VFIO_EXIT_REFUSED || rc == VFIO_EXIT_USAGE || !j->node[0])
		return rc;
	top = json_object_new_object();
	o = json_object_new_object();
	json_common(o, j);
	json_object_object_add(o, "ok", json_object_new_boolean(false));
	if (io->result == SCSI_IO_OS_ERR && io->os_err)
		json_object_object_add(o, "errno", json_object_new_string(errno_name(io->os_err)));
	if (has_sense)
		json_object_object_add(o, "sense", scsi_cli_sense_json(s));
	json_object_object_add(top, root, o);
	cli_json_print(top);
	json_object_put(top);
	return rc;
}

int cmd_scsi_tur(struct cli_ctx *ctx, int argc, char **argv)
{
	struct scsi_job j;
	struct scsi_io io = { 0 };
	struct scsi_sense s;
	bool has_sense;
	int rc;

	scsi_cmd_tur(&io);
	rc = run_one(ctx, &j, argv[0], &io, "TEST UNIT READY", &s, &has_sense);
	if (rc == 0) {
		if (ctx->opts.json) {
			struct json_object *top = json_object_new_object(), *o = json_object_new_object();

			json_common(o, &j);
			json_object_object_add(o, "ok", json_object_new_boolean(true));
			json_object_object_add(top, "tur", o);
			rc = cli_json_print(top);
			json_object_put(top);
		} else {
			printf("%s: ready\n", j.node);
		}
	} else {
		rc = print_failure_json(ctx, "tur", &j, &io, &s, has_sense, rc);
	}
	job_clear(&j);
	return rc;
}

int cmd_scsi_capacity(struct cli_ctx *ctx, int argc, char **argv)
{
	struct scsi_job j;
	struct scsi_io io = { 0 };
	struct scsi_sense s;
	uint8_t buf[32] = { 0 };
	uint64_t blocks = 0;
	uint32_t bs = 0;
	bool has_sense, is16 = false;
	int rc;

	scsi_cmd_readcap10(&io);
	io.din = buf;
	io.din_len = 8;
	rc = run_one(ctx, &j, argv[0], &io, "READ CAPACITY(10)", &s, &has_sense);
	if (rc == 0 && scsi_readcap_decode(buf, 8, false, &blocks, &bs) == -ERANGE) {
		/* more than 2^32 blocks: the 16-byte form, through the same guard */
		struct scsi_io io16 = { 0 };

		scsi_cmd_readcap16(&io16, sizeof(buf));
		io16.din = buf;
		io16.din_len = sizeof(buf);
		is16 = true;
		rc = job_send(&j, &io16, "READ CAPACITY(16)", &s, &has_sense);
		if (rc == 0)
			scsi_readcap_decode(buf, sizeof(buf), true, &blocks, &bs);
		io = io16;
	}
	if (rc == 0) {
		if (ctx->opts.json) {
			struct json_object *top = json_object_new_object(), *o = json_object_new_object();

			json_common(o, &j);
			json_object_object_add(o, "blocks", json_object_new_int64((int64_t)blocks));
			json_object_object_add(o, "block_size", json_object_new_int64(bs));
			json_object_object_add(o, "bytes", json_object_new_int64((int64_t)(blocks * bs)));
			json_object_object_add(o, "command", json_object_new_string(is16 ? "16" : "10"));
			json_object_object_add(top, "capacity", o);
			rc = cli_json_print(top);
			json_object_put(top);
		} else {
			printf("%s: %llu blocks of %u bytes (%llu bytes)\n", j.node,
			       (unsigned long long)blocks, bs, (unsigned long long)(blocks * bs));
		}
	} else {
		rc = print_failure_json(ctx, "capacity", &j, &io, &s, has_sense, rc);
	}
	job_clear(&j);
	return rc;
}

int cmd_scsi_sense(struct cli_ctx *ctx, int argc, char **argv)
{
	struct scsi_job j;
	struct scsi_io io = { 0 };
	struct scsi_sense s, got;
	uint8_t buf[252] = { 0 };
	bool has_sense;
	char text[256];
	int rc;

	scsi_cmd_request_sense(&io, false, sizeof(buf));
	io.din = buf;
	io.din_len = sizeof(buf);
	rc = run_one(ctx, &j, argv[0], &io, "REQUEST SENSE", &s, &has_sense);
	if (rc == 0) {
		size_t n = sizeof(buf) - (size_t)(io.resid > 0 ? io.resid : 0);
		bool ok = scsi_sense_decode(buf, n, &got) == 0;

		if (ctx->opts.json) {
			struct json_object *top = json_object_new_object(), *o = json_object_new_object();

			json_common(o, &j);
			json_object_object_add(o, "sense", ok ? scsi_cli_sense_json(&got) : NULL);
			json_object_object_add(top, "sense", o);
			rc = cli_json_print(top);
			json_object_put(top);
		} else if (ok) {
			scsi_cli_sense_text(&got, text, sizeof(text));
			printf("%s: %s\n", j.node, text);
		} else {
			printf("%s: no sense data\n", j.node);
		}
	} else {
		rc = print_failure_json(ctx, "sense", &j, &io, &s, has_sense, rc);
	}
	job_clear(&j);
	return rc;
}

static const char *assoc_name(int a)
{
	static const char *const n[] = { "lu", "port", "target", "reserved" };

	return n[a & 3];
}

static const char *desig_type(int t)
{
	switch (t) {
	case 0:	return "vendor";
	case 1:	return "t10";
	case 2:	return "eui64";
	case 3:	return "naa";
	case 4:	return "relative-port";
	case 5:	return "target-port-group";
	case 6:	return "lu-group";
	case 7:	return "md5";
	case 8:	return "scsi-name";
	case 9:	return "protocol-port";
	case 10: return "uuid";
	}
	return "reserved";
}

/* a designator's value: text for ASCII/UTF-8 code sets, hex otherwise */
static void desig_value(const uint8_t *d, size_t len, int codeset, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < len && off + 3 < size; i++) {
		if (codeset == 2 || codeset == 3)
			buf[off++] = d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '.';
		else
			off += (size_t)snprintf(buf + off, size - off, "%02x", d[i]);
	}
	buf[off] = '\0';
	while (off && buf[off - 1] == ' ')
		buf[--off] = '\0';
}

static int inquiry_page(struct scsi_job *j, bool evpd, uint8_t page, uint8_t *buf, size_t len,
			size_t *got)
{
	struct scsi_io io = { 0 };
	bool has_sense;
	char what[40];
	int rc;

	scsi_cmd_inquiry(&io, evpd, page, (uint16_t)len);
	io.din = buf;
	io.din_len = len;
	snprintf(what, sizeof(what), evpd ? "INQUIRY VPD page 0x%02x" : "INQUIRY", page);
	rc = job_send(j, &io, what, NULL, &has_sense);
	*got = len - (size_t)(io.resid > 0 && (size_t)io.resid <= len ? io.resid : 0);
	return rc;
}

int cmd_scsi_inquiry(struct cli_ctx *ctx, int argc, char **argv)
{
	struct scsi_job j;
	struct scsi_io probe = { 0 };
	struct scsi_inquiry inq;
	uint8_t std[96] = { 0 }, pages[256] = { 0 }, sn[256] = { 0 }, di[512] = { 0 };
	size_t nstd, npages = 0, nsn = 0, ndi = 0;
	bool has80 = false, has83 = false;
	struct json_object *top = NULL, *o = NULL, *arr = NULL;
	char serial[256] = "";
	int rc;

	scsi_cmd_inquiry(&probe, false, 0, sizeof(std));
	rc = job_prepare(ctx, &j, argv[0], probe.cdb, probe.cdb_len, false);
	if (!rc)
		rc = job_open(ctx, &j, probe.cdb, probe.cdb_len);
	if (!rc)
		rc = inquiry_page(&j, false, 0, std, sizeof(std), &nstd);
	if (rc) {
		job_clear(&j);
		return rc;
	}
	scsi_inquiry_decode(std, nstd, &inq);
	/* VPD pages: a device without them answers ILLEGAL REQUEST, which is not our failure */
	if (inquiry_page(&j, true, 0x00, pages, sizeof(pages), &npages) == 0 && npages >= 4) {
		size_t n = 4 + pages[3];

		for (size_t i = 4; i < n && i < npages; i++) {
			has80 |= pages[i] == 0x80;
			has83 |= pages[i] == 0x83;
		}
	} else {
		npages = 0;
	}
	if (has80 && inquiry_page(&j, true, 0x80, sn, sizeof(sn), &nsn) == 0 && nsn >= 4)
		desig_value(sn + 4, nsn - 4 < sn[3] ? nsn - 4 : sn[3], 2, serial, sizeof(serial));
	if (has83 && inquiry_page(&j, true, 0x83, di, sizeof(di), &ndi) != 0)
		ndi = 0;

	if (ctx->opts.json) {
		top = json_object_new_object();
		o = json_object_new_object();
		json_common(o, &j);
		json_object_object_add(o, "pdt", json_object_new_int(inq.pdt));
		json_object_object_add(o, "type", json_object_new_string(scsi_pdt_name(inq.pdt)));
		json_object_object_add(o, "removable", json_object_new_boolean(inq.rmb));
		json_object_object_add(o, "version", json_object_new_int(inq.version));
		json_object_object_add(o, "vendor", json_object_new_string(inq.vendor));
		json_object_object_add(o, "product", json_object_new_string(inq.product));
		json_object_object_add(o, "revision", json_object_new_string(inq.revision));
		arr = json_object_new_array();
		for (size_t i = 4; i < npages && i < 4u + pages[3]; i++)
			json_object_array_add(arr, json_object_new_int(pages[i]));
		json_object_object_add(o, "vpd_pages", arr);
		json_object_object_add(o, "serial", json_string_or_null(serial));
		arr = json_object_new_array();
		json_object_object_add(o, "designators", arr);
	} else {
		printf("%s: %s %s %s\n", j.node, inq.vendor, inq.product, inq.revision);
		printf("  type:       %d (%s)%s\n", inq.pdt, scsi_pdt_name(inq.pdt),
		       inq.rmb ? ", removable" : "");
		printf("  version:    0x%02x\n", inq.version);
		printf("  vpd pages: ");
		for (size_t i = 4; i < npages && i < 4u + pages[3]; i++)
			printf(" 0x%02x", pages[i]);
		printf("%s\n", npages ? "" : " none");
		if (has80)
			printf("  serial:     %s\n", serial);
	}
	/* page 0x83: designation descriptors (SPC-6 7.7.6) */
	for (size_t off = 4; ndi >= 4 && off + 4 <= ndi && off < 4u + ((size_t)di[2] << 8 | di[3]);) {
		size_t len = di[off + 3];
		char val[200];

		if (off + 4 + len > ndi)
			break;
		desig_value(di + off + 4, len, di[off] & 0x0f, val, sizeof(val));
		if (arr) {
			struct json_object *d = json_object_new_object();

			json_object_object_add(d, "type", json_object_new_string(desig_type(di[off + 1] & 0x0f)));
			json_object_object_add(d, "association",
					       json_object_new_string(assoc_name((di[off + 1] >> 4) & 3)));
			json_object_object_add(d, "value", json_object_new_string(val));
			json_object_array_add(arr, d);
		} else {
			printf("  designator: %s (%s): %s\n", desig_type(di[off + 1] & 0x0f),
			       assoc_name((di[off + 1] >> 4) & 3), val);
		}
		off += 4 + len;
	}
	if (top) {
		json_object_object_add(top, "inquiry", o);
		rc = cli_json_print(top);
		json_object_put(top);
	}
	job_clear(&j);
	return rc;
}

/* --out FILE: the user's own file, not a kernel path */
static int read_out_file(const char *file, uint8_t *buf, size_t *len)
{
	/* O_NONBLOCK: a FIFO must not hang the command; only a regular file is data */
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* lint: host path (the user's data file) */
	struct stat st;
	ssize_t n;
	size_t got = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	while ((n = read(fd, buf + got, SCSI_CLI_DATA_MAX + 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (n < 0)
		return -errno;
	if (got > SCSI_CLI_DATA_MAX)
		return -EFBIG;
	*len = got;
	return 0;
}

static int parse_cdb_arg(const char *text, uint8_t *cdb, size_t *len)
{
	size_t bad = 0;
	int rc = scsi_cdb_parse_hex(text, cdb, len, &bad);

	switch (rc) {
	case 0:
		return 0;
	case -ENODATA:
		return cli_usage_error("invalid CDB '%s': no bytes", text);
	case -E2BIG:
		return cli_usage_error("invalid CDB: more than %d bytes", SCSI_CDB_MAX);
	default:
		return cli_usage_error("invalid CDB '%s': bad hex at offset %zu (bytes are two hex digits)",
				       text, bad);
	}
}

int cmd_scsi_raw(struct cli_ctx *ctx, int argc, char **argv)
{
	static uint8_t data[SCSI_CLI_DATA_MAX + 1];
	uint8_t cdb[SCSI_CDB_MAX];
	struct scsi_io io = { 0 };
	struct scsi_job j = { .fd = -1 };
	struct scsi_sense s;
	size_t len, din = 0, dout = 0;
	bool has_sense;
	char *end;
	int rc;

	rc = parse_cdb_arg(argv[1], cdb, &len);
	if (rc)
		return rc;
	if (ctx->opts.in_len && ctx->opts.out_file)
		return cli_usage_error("--in and --out cannot be used together");
	if (ctx->opts.in_len) {
		unsigned long v;

		errno = 0;
		v = strtoul(ctx->opts.in_len, &end, 10);
		if (errno || *end || !*ctx->opts.in_len || ctx->opts.in_len[0] == '-' ||
		    v > SCSI_CLI_DATA_MAX)
			return cli_usage_error("invalid --in '%s': a byte count from 0 to %d",
					       ctx->opts.in_len, SCSI_CLI_DATA_MAX);
		din = v;
	}
	if (ctx->opts.out_file) {
		rc = read_out_file(ctx->opts.out_file, data, &dout);
		if (rc < 0) {
			cli_err("cannot read '%s': %s", ctx->opts.out_file,
				rc == -EFBIG ? "larger than 64 KiB"
				: rc == -EINVAL ? "not a regular file" : strerror(-rc));
			return VFIO_EXIT_USAGE;
		}
	}
	rc = job_prepare(ctx, &j, argv[0], cdb, len, false);
	if (rc) {
		job_clear(&j);
		return rc;
	}
	/* the guard refused what SG_IO cannot carry, so the CDB fits io.cdb here */
	memcpy(io.cdb, cdb, len);
	io.cdb_len = len;
	if (din) {
		io.din = data;
		io.din_len = din;
	} else if (dout) {
		io.dout = data;
		io.dout_len = dout;
	}
	rc = job_open(ctx, &j, cdb, len);
	if (!rc)
		rc = job_send(&j, &io, j.verdict.opname, &s, &has_sense);
	if (rc == 0) {
		size_t got = din - (size_t)(io.resid > 0 && (size_t)io.resid <= din ? io.resid : 0);

		if (ctx->opts.json) {
			struct json_object *top = json_object_new_object(), *o = json_object_new_object();
			char *hex = malloc(got * 3 + 1);

			json_common(o, &j);
			json_object_object_add(o, "ok", json_object_new_boolean(true));
			if (hex)
				scsi_cdb_format_hex(data, got, hex, got * 3 + 1);
			json_object_object_add(o, "data_in", json_object_new_string(hex ? hex : ""));
			free(hex);
			json_object_object_add(top, "raw", o);
			rc = cli_json_print(top);
			json_object_put(top);
		} else {
			printf("%s: %s: GOOD", j.node, j.verdict.opname);
			if (din)
				printf(", %zu bytes in", got);
			printf("\n");
			for (size_t i = 0; i < got; i += 16) {
				printf("  %04zx ", i);
				for (size_t k = i; k < i + 16 && k < got; k++)
					printf(" %02x", data[k]);
				printf("\n");
			}
		}
	} else {
		rc = print_failure_json(ctx, "raw", &j, &io, &s, has_sense, rc);
	}
	job_clear(&j);
	return rc;
}

/* "device:  /dev/sda1: partition of disk sda", "/dev/sg1: sg node of sr0 (cd/dvd)" */
static void print_device_line(const struct scsi_job *j)
{
	const struct scsi_target *t = &j->target;

	if (t->knode == SCSI_KNODE_SG || t->knode == SCSI_KNODE_BSG)
		printf("device:  %s: %s of %s (%s)\n", j->node, t->what,
		       t->ident.disk[0] ? t->ident.disk : t->ident.hctl, scsi_pdt_name(t->ident.pdt));
	else if (t->mapped)
		printf("device:  %s: %s%s%s%s\n", j->node, t->what, t->disk ? " of disk " : "",
		       t->disk ? t->disk->name : "", t->has_ident ? "" : " (no SCSI device)");
	else
		printf("device:  %s: %s%s\n", j->node,
		       t->has_ident ? scsi_pdt_name(t->ident.pdt) : t->what,
		       t->has_ident ? "" : " (no SCSI device)");
}

int cmd_scsi_check(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct { bool rawio, write; } callers[] = {
		{ false, false }, { false, true }, { true, false }, { true, true },
	};
	uint8_t cdb[SCSI_CDB_MAX];
	struct scsi_job j = { .fd = -1 };
	struct json_object *top = NULL, *o = NULL, *arr = NULL;
	char hex[SCSI_CDB_MAX * 3 + 1];
	size_t len;
	int rc, exit_rc;

	rc = parse_cdb_arg(argv[1], cdb, &len);
	if (rc)
		return rc;
	rc = job_prepare(ctx, &j, argv[0], cdb, len, true);
	/* a refusal is this command's answer, not its failure: print the whole verdict */
	if (rc && rc != VFIO_EXIT_REFUSED) {
		job_clear(&j);
		return rc;
	}
	exit_rc = j.verdict.allowed ? VFIO_EXIT_OK : VFIO_EXIT_REFUSED;
	scsi_cdb_format_hex(cdb, len, hex, sizeof(hex));
	if (ctx->opts.json) {
		top = json_object_new_object();
		o = json_object_new_object();
		json_common(o, &j);
		json_object_object_add(o, "node_kind", json_object_new_string(scsi_knode_name(j.target.knode)));
		json_object_object_add(o, "cdb", json_object_new_string(hex));
		json_object_object_add(o, "command", json_object_new_string(j.verdict.opname));
		json_object_object_add(o, "class", json_object_new_string(scsi_opclass_name(j.verdict.cls)));
		json_object_object_add(o, "allowed", json_object_new_boolean(j.verdict.allowed));
		json_object_object_add(o, "rule", j.verdict.allowed ? NULL :
				       json_object_new_string(scsi_rule_name(j.verdict.rule)));
		json_object_object_add(o, "message", json_string_or_null(j.verdict.message));
		arr = json_object_new_array();
		json_object_object_add(o, "kernel", arr);
	} else {
		print_device_line(&j);
		if (j.target.has_ident)
			printf("scsi:    %s %s %s, type %s%s\n", j.target.ident.hctl, j.target.ident.vendor,
			       j.target.ident.model, scsi_pdt_name(j.target.ident.pdt),
			       j.target.ident.removable ? ", removable" : "");
		printf("command: %s: %s (class %s)\n", hex, j.verdict.opname,
		       scsi_opclass_name(j.verdict.cls));
		if (j.verdict.allowed)
			printf("vfioctl: allowed\n");
		else
			printf("vfioctl: refused by rule '%s': %s\n", scsi_rule_name(j.verdict.rule),
			       j.verdict.message);
	}
	for (size_t i = 0; i < sizeof(callers) / sizeof(callers[0]); i++) {
		struct scsi_kverdict k;

		scsi_kfilter_verdict(j.target.knode, j.target.under_part, cdb[0], callers[i].write,
				     callers[i].rawio, &k);
		if (arr) {
			struct json_object *c = json_object_new_object();

			json_object_object_add(c, "cap_sys_rawio", json_object_new_boolean(callers[i].rawio));
			json_object_object_add(c, "open", json_object_new_string(callers[i].write ? "read-write" : "read-only"));
			json_object_object_add(c, "allowed", json_object_new_boolean(k.allowed));
			json_object_object_add(c, "errno", k.allowed ? NULL :
					       json_object_new_string(errno_name(k.err)));
			json_object_object_add(c, "gate", json_object_new_string(scsi_kgate_name(k.gate)));
			json_object_object_add(c, "why", json_object_new_string(k.why));
			json_object_array_add(arr, c);
		} else {
			printf("%s %-8s %-10s %s%s%s: %s\n", i ? "        " : "kernel: ",
			       callers[i].rawio ? "root" : "non-root",
			       callers[i].write ? "read-write" : "read-only",
			       k.allowed ? "allowed" : "refused ", k.allowed ? "" : " ",
			       k.allowed ? "" : errno_name(k.err), k.why);
		}
	}
	if (top) {
		json_object_object_add(top, "check", o);
		rc = cli_json_print(top);
		json_object_put(top);
		if (rc)
			exit_rc = rc;
	}
	job_clear(&j);
	return exit_rc;
}
