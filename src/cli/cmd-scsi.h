/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd-scsi.h: what cmd-scsi.c shares with cmd-eject.c */
#ifndef VFIO_CMD_SCSI_H
#define VFIO_CMD_SCSI_H

#include "blockdev.h"
#include "cli.h"
#include "scsi/sense.h"

/* the sysroot and its block topology; an exit status on failure (message printed) */
int scsi_cli_topo(struct cli_ctx *ctx, struct path_ctx **path, struct blockdev_topo **topo);
/* the one-line message and exit status for a blockdev_resolve() error */
int scsi_cli_resolve_error(const char *spec, int rc);
/* "ILLEGAL REQUEST, ASC/ASCQ 0x20/0x00 (Invalid command operation code)" */
void scsi_cli_sense_text(const struct scsi_sense *s, char *buf, size_t size);
/* the sense's JSON object */
struct json_object *scsi_cli_sense_json(const struct scsi_sense *s);

#endif
