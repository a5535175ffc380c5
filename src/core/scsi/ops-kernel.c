// SPDX-License-Identifier: GPL-2.0-or-later
/* ops-kernel.c: SCSI device calls through sg3_utils (sg_pt), CD-ROM ioctls, capget */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/cdrom.h>
#include <scsi/scsi_ioctl.h>

#include <scsi/sg_lib.h>
#include <scsi/sg_pt.h>

#include "ops.h"

#define DEFAULT_TIMEOUT_S	20

static int k_open(struct path_ctx *ctx, const char *rel, bool write, int *fd)
{
	/* O_NONBLOCK: an empty CD tray must not make the open fail or wait */
	int r = path_open(ctx, (write ? O_RDWR : O_RDONLY) | O_NONBLOCK, "%s", rel);

	if (r < 0)
		return r;
	*fd = r;
	return 0;
}

static void k_close(int fd)
{
	close(fd);
}

static void collect(struct sg_pt_base *p, int res, struct scsi_io *io)
{
	int os = get_scsi_pt_os_err(p);

	io->sense_len = 0;
	io->resid = get_scsi_pt_resid(p);
	io->status = get_scsi_pt_status_response(p);
	if (os) {
		io->result = SCSI_IO_OS_ERR;
		io->os_err = os;
		return;
	}
	switch (get_scsi_pt_result_category(p)) {
	case SCSI_PT_RESULT_GOOD:
		io->result = SCSI_IO_GOOD;
		break;
	case SCSI_PT_RESULT_STATUS:
		io->result = SCSI_IO_STATUS;
		break;
	case SCSI_PT_RESULT_SENSE:
		io->result = SCSI_IO_SENSE;
		break;
	case SCSI_PT_RESULT_TRANSPORT_ERR:
		io->result = SCSI_IO_TRANSPORT;
		get_scsi_pt_transport_err_str(p, (int)sizeof(io->transport), io->transport);
		break;
	default:
		io->result = SCSI_IO_OS_ERR;
		io->os_err = res < 0 ? -res : EIO;
		break;
	}
	if (io->result == SCSI_IO_SENSE || io->result == SCSI_IO_STATUS) {
		int n = get_scsi_pt_sense_len(p);

		if (n > 0) {
			if ((size_t)n > sizeof(io->sense))
				n = (int)sizeof(io->sense);
			memcpy(io->sense, get_scsi_pt_sense_buf(p), (size_t)n);
			io->sense_len = (size_t)n;
			io->result = SCSI_IO_SENSE;
		}
	}
}

/*
 * Every command goes through the sg_pt object flow, the model of
 * sg3_utils' examples/sg_simple5.c: the ioctl's own errno (the kernel's
 * refusal), a transport error and a CHECK CONDITION with sense data come
 * back apart, and the sense buffer is ours to decode afterwards.
 */
static int k_exec(int fd, struct scsi_io *io)
{
	struct sg_pt_base *p;
	unsigned int to = io->timeout_s ? io->timeout_s : DEFAULT_TIMEOUT_S;
	int res;

	if (io->cdb_len == 0 || io->cdb_len > sizeof(io->cdb))
		return -EINVAL;
	p = construct_scsi_pt_obj_with_fd(fd, 0);
	if (!p)
		return -ENOMEM;
	set_scsi_pt_sense(p, io->sense, (int)sizeof(io->sense));
	set_scsi_pt_cdb(p, io->cdb, (int)io->cdb_len);
	if (io->din && io->din_len)
		set_scsi_pt_data_in(p, io->din, (int)io->din_len);
	else if (io->dout && io->dout_len)
		set_scsi_pt_data_out(p, io->dout, (int)io->dout_len);
	res = do_scsi_pt(p, fd, (int)to, 0);
	if (res > 0 && !get_scsi_pt_os_err(p)) {
		destruct_scsi_pt_obj(p);
		return res == SCSI_PT_DO_TIMEOUT ? -ETIMEDOUT : -EINVAL;
	}
	collect(p, res, io);
	destruct_scsi_pt_obj(p);
	return 0;
}

static int k_drv_ioctl(int fd, enum scsi_drv_ioctl what)
{
	int r;

	switch (what) {
	case SCSI_DRV_EJECT:
		r = ioctl(fd, CDROMEJECT, 0);
		break;
	case SCSI_DRV_CLOSE:
		r = ioctl(fd, CDROMCLOSETRAY, 0);
		break;
	case SCSI_DRV_LOCK:
	case SCSI_DRV_UNLOCK:
		/* sr takes CDROM_LOCKDOOR; sd only the SCSI ioctls (scsi_ioctl()) */
		r = ioctl(fd, CDROM_LOCKDOOR, what == SCSI_DRV_LOCK ? 1 : 0);
		if (r < 0 && (errno == ENOTTY || errno == EINVAL))
			r = ioctl(fd, what == SCSI_DRV_LOCK ? SCSI_IOCTL_DOORLOCK :
							      SCSI_IOCTL_DOORUNLOCK, 0);
		break;
	default:
		return -EINVAL;
	}
	return r < 0 ? -errno : 0;
}

static bool k_cap_rawio(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capget, &hdr, data) != 0)
		return geteuid() == 0;
	return data[CAP_SYS_RAWIO / 32].effective & (1u << (CAP_SYS_RAWIO % 32));
}

const struct scsi_ops scsi_ops_kernel = {
	.open_node = k_open,
	.close = k_close,
	.exec = k_exec,
	.drv_ioctl = k_drv_ioctl,
	.cap_rawio = k_cap_rawio,
};
