// SPDX-License-Identifier: GPL-2.0-or-later
/* test-scsi-guard.c: the kernel's opcode lists and gates, vfioctl's rules, CDB hex and sense decoding */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "scsi/cdb.h"
#include "scsi/guard.h"
#include "scsi/kfilter.h"
#include "scsi/opclass.h"
#include "scsi/sense.h"
#include "testutil.h"

/*
 * drivers/scsi/scsi_ioctl.c scsi_cmd_allowed() (Linux 6.1), case labels
 * transcribed by macro name; values from include/scsi/scsi_proto.h and
 * include/uapi/linux/cdrom.h. The kernel's list, not ours.
 */
struct kop {
	const char *macro;
	unsigned int value;
};

static const struct kop kernel_read_safe[] = {
	{ "TEST_UNIT_READY", 0x00 }, { "REQUEST_SENSE", 0x03 }, { "READ_6", 0x08 },
	{ "READ_10", 0x28 }, { "READ_12", 0xa8 }, { "READ_16", 0x88 },
	{ "READ_BUFFER", 0x3c }, { "READ_DEFECT_DATA", 0x37 }, { "READ_CAPACITY", 0x25 },
	{ "READ_LONG", 0x3e }, { "INQUIRY", 0x12 }, { "MODE_SENSE", 0x1a },
	{ "MODE_SENSE_10", 0x5a }, { "LOG_SENSE", 0x4d }, { "START_STOP", 0x1b },
	{ "GPCMD_VERIFY_10", 0x2f }, { "VERIFY_16", 0x8f }, { "REPORT_LUNS", 0xa0 },
	{ "SERVICE_ACTION_IN_16", 0x9e }, { "RECEIVE_DIAGNOSTIC", 0x1c },
	{ "MAINTENANCE_IN", 0xa3 }, { "GPCMD_READ_BUFFER_CAPACITY", 0x5c },
	{ "GPCMD_PLAY_CD", 0xbc }, { "GPCMD_PLAY_AUDIO_10", 0x45 },
	{ "GPCMD_PLAY_AUDIO_MSF", 0x47 }, { "GPCMD_PLAY_AUDIO_TI", 0x48 },
	{ "GPCMD_PAUSE_RESUME", 0x4b }, { "GPCMD_READ_CD", 0xbe },
	{ "GPCMD_READ_CD_MSF", 0xb9 }, { "GPCMD_READ_DISC_INFO", 0x51 },
	{ "GPCMD_READ_DVD_STRUCTURE", 0xad }, { "GPCMD_READ_HEADER", 0x44 },
	{ "GPCMD_READ_TRACK_RZONE_INFO", 0x52 }, { "GPCMD_READ_SUBCHANNEL", 0x42 },
	{ "GPCMD_READ_TOC_PMA_ATIP", 0x43 }, { "GPCMD_REPORT_KEY", 0xa4 },
	{ "GPCMD_SCAN", 0xba }, { "GPCMD_GET_CONFIGURATION", 0x46 },
	{ "GPCMD_READ_FORMAT_CAPACITIES", 0x23 },
	{ "GPCMD_GET_EVENT_STATUS_NOTIFICATION", 0x4a }, { "GPCMD_GET_PERFORMANCE", 0xac },
	{ "GPCMD_SEEK", 0x2b }, { "GPCMD_STOP_PLAY_SCAN", 0x4e }, { "ZBC_IN", 0x95 },
};

static const struct kop kernel_write_safe[] = {
	{ "WRITE_6", 0x0a }, { "WRITE_10", 0x2a }, { "WRITE_VERIFY", 0x2e },
	{ "WRITE_12", 0xaa }, { "WRITE_VERIFY_12", 0xae }, { "WRITE_16", 0x8a },
	{ "WRITE_LONG", 0x3f }, { "WRITE_LONG_2", 0xea }, { "WRITE_SAME", 0x41 },
	{ "WRITE_SAME_16", 0x93 }, { "WRITE_SAME_32", 0x0d }, { "ERASE", 0x19 },
	{ "GPCMD_MODE_SELECT_10", 0x55 }, { "MODE_SELECT", 0x15 }, { "LOG_SELECT", 0x4c },
	{ "GPCMD_BLANK", 0xa1 }, { "GPCMD_CLOSE_TRACK", 0x5b }, { "GPCMD_FLUSH_CACHE", 0x35 },
	{ "GPCMD_FORMAT_UNIT", 0x04 }, { "GPCMD_REPAIR_RZONE_TRACK", 0x58 },
	{ "GPCMD_RESERVE_RZONE_TRACK", 0x53 }, { "GPCMD_SEND_DVD_STRUCTURE", 0xbf },
	{ "GPCMD_SEND_EVENT", 0xa2 }, { "GPCMD_SEND_KEY", 0xa3 }, { "GPCMD_SEND_OPC", 0x54 },
	{ "GPCMD_SEND_CUE_SHEET", 0x5d }, { "GPCMD_SET_SPEED", 0xbb },
	{ "GPCMD_PREVENT_ALLOW_MEDIUM_REMOVAL", 0x1e }, { "GPCMD_LOAD_UNLOAD", 0xa6 },
	{ "GPCMD_SET_STREAMING", 0xb6 }, { "GPCMD_SET_READ_AHEAD", 0xa7 }, { "ZBC_OUT", 0x94 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_kernel_lists)
{
	unsigned int nr, nw, hits = 0;
	const uint8_t *r = scsi_kfilter_read_safe(&nr);
	const uint8_t *w = scsi_kfilter_write_safe(&nw);

	/* GPCMD_SEND_KEY (0xa3) is MAINTENANCE_IN, already read-safe: a duplicate label */
	ck_assert_uint_eq(nr, N(kernel_read_safe));
	ck_assert_uint_eq(nw, N(kernel_write_safe) - 1);
	for (size_t i = 0; i < N(kernel_read_safe); i++)
		ck_assert_msg(scsi_kfilter_class((uint8_t)kernel_read_safe[i].value) ==
				      SCSI_KF_READ_SAFE, "%s", kernel_read_safe[i].macro);
	for (size_t i = 0; i < N(kernel_write_safe); i++) {
		enum scsi_kfilter_class c = scsi_kfilter_class((uint8_t)kernel_write_safe[i].value);

		ck_assert_msg(c != SCSI_KF_RAWIO, "%s", kernel_write_safe[i].macro);
		hits += c == SCSI_KF_WRITE_SAFE;
	}
	ck_assert_uint_eq(hits, nw);
	/* everything else needs CAP_SYS_RAWIO: count the whole byte space */
	hits = 0;
	for (unsigned int op = 0; op < 256; op++)
		hits += scsi_kfilter_class((uint8_t)op) == SCSI_KF_RAWIO;
	ck_assert_uint_eq(hits, 256 - nr - nw);
	(void)r;
	(void)w;
	ck_assert_int_eq(scsi_kfilter_class(0x85), SCSI_KF_RAWIO);	/* ATA PT(16) */
	ck_assert_int_eq(scsi_kfilter_class(0x3b), SCSI_KF_RAWIO);	/* WRITE BUFFER */
	ck_assert_int_eq(scsi_kfilter_class(0xc0), SCSI_KF_RAWIO);	/* vendor */
}
END_TEST

/* caller x node kind x opcode x open mode -> the kernel's verdict */
struct kcase {
	enum scsi_knode node;
	bool under_part;
	uint8_t op;
	bool write, rawio;
	bool allowed;
	int err;
	enum scsi_kgate gate;
};

static const struct kcase kcases[] = {
	{ SCSI_KNODE_DISK, false, 0x12, false, false, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_DISK, false, 0x42, false, false, true, 0, SCSI_KGATE_NONE },	/* UNMAP: read-safe! */
	{ SCSI_KNODE_DISK, false, 0x35, false, false, false, EPERM, SCSI_KGATE_OPCODE },
	{ SCSI_KNODE_DISK, false, 0x35, true, false, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_DISK, false, 0x85, true, false, false, EPERM, SCSI_KGATE_OPCODE },
	{ SCSI_KNODE_DISK, false, 0x85, false, true, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_DISK, false, 0xc1, true, true, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_PART, false, 0x12, false, false, false, ENOTTY, SCSI_KGATE_PARTITION },
	{ SCSI_KNODE_PART, false, 0x12, true, false, false, ENOTTY, SCSI_KGATE_PARTITION },
	{ SCSI_KNODE_PART, false, 0x2a, true, true, true, 0, SCSI_KGATE_NONE },	/* root reaches the disk */
	{ SCSI_KNODE_DM_SUBSET, false, 0x00, false, false, false, ENOTTY, SCSI_KGATE_DM },
	{ SCSI_KNODE_DM_SUBSET, true, 0x00, false, true, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_DM_WHOLE, false, 0x00, false, false, true, 0, SCSI_KGATE_NONE },	/* mpath */
	{ SCSI_KNODE_DM_WHOLE, false, 0x2a, false, false, false, EPERM, SCSI_KGATE_OPCODE },
	{ SCSI_KNODE_DM_WHOLE, true, 0x00, false, false, false, ENOTTY, SCSI_KGATE_PARTITION },
	{ SCSI_KNODE_DM_NOIOCTL, false, 0x00, true, true, false, ENOTTY, SCSI_KGATE_DM },	/* crypt, even root */
	{ SCSI_KNODE_NOT_SCSI, false, 0x00, false, true, false, ENOTTY, SCSI_KGATE_NOT_SCSI },
	{ SCSI_KNODE_SG, false, 0xc1, true, false, true, 0, SCSI_KGATE_NONE },	/* sg RW: unfiltered */
	{ SCSI_KNODE_SG, false, 0xc1, false, false, false, EPERM, SCSI_KGATE_OPCODE },
	{ SCSI_KNODE_SG, false, 0x28, false, false, true, 0, SCSI_KGATE_NONE },
	{ SCSI_KNODE_BSG, false, 0x2a, false, false, false, EPERM, SCSI_KGATE_OPCODE },
	{ SCSI_KNODE_BSG, false, 0x2a, true, false, true, 0, SCSI_KGATE_NONE },
};

START_TEST(test_kernel_verdicts)
{
	for (size_t i = 0; i < N(kcases); i++) {
		const struct kcase *c = &kcases[i];
		struct scsi_kverdict v;

		scsi_kfilter_verdict(c->node, c->under_part, c->op, c->write, c->rawio, &v);
		ck_assert_msg(v.allowed == c->allowed && v.err == c->err && v.gate == c->gate,
			      "case %zu (%s op %02x w%d raw%d): got %d/%d/%s", i,
			      scsi_knode_name(c->node), c->op, c->write, c->rawio, v.allowed, v.err,
			      scsi_kgate_name(v.gate));
		ck_assert_ptr_nonnull(v.why);
	}
}
END_TEST

static struct blockdev disk_dev = { .name = "sda", .kind = BLOCKDEV_DISK };
static struct blockdev part_dev = { .name = "sda1", .kind = BLOCKDEV_PART, .parent = "sda" };
static struct blockdev cd_dev = { .name = "sr0", .kind = BLOCKDEV_DISK, .removable = true };

static struct scsi_target target(const struct blockdev *dev, const struct blockdev *disk,
				 enum scsi_knode k, int pdt, bool removable)
{
	struct scsi_target t = { 0 };

	t.dev = dev;
	t.disk = disk;
	t.knode = k;
	t.mapped = dev != disk;
	t.what = dev != disk ? "partition" : "disk";
	t.has_ident = true;
	t.ident.pdt = pdt;
	t.ident.removable = removable;
	return t;
}

static void verdict(const struct scsi_target *t, bool rawio, bool write, bool force,
		    unsigned int allow, const char *hex, struct scsi_verdict *v)
{
	struct scsi_caller c = { rawio, write };
	struct scsi_guard_opts o = { force, allow };
	uint8_t cdb[SCSI_CDB_MAX];
	size_t len;

	ck_assert_int_eq(scsi_cdb_parse_hex(hex, cdb, &len, NULL), 0);
	scsi_guard_check(t, &c, &o, cdb, len, v);
}

START_TEST(test_guard_rules)
{
	struct scsi_target disk = target(&disk_dev, &disk_dev, SCSI_KNODE_DISK, 0, false);
	struct scsi_target part = target(&part_dev, &disk_dev, SCSI_KNODE_PART, 0, false);
	struct scsi_target cd = target(&cd_dev, &cd_dev, SCSI_KNODE_DISK, 5, true);
	struct scsi_verdict v;

	verdict(&disk, true, false, false, 0, "12 00 00 00 24 00", &v);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.cls, SCSI_OP_READ);

	/* root on a partition: the kernel would let it through to sda; vfioctl does not */
	verdict(&part, true, false, false, 0, "12 00 00 00 24 00", &v);
	ck_assert(!v.allowed);
	ck_assert_int_eq(v.rule, SCSI_RULE_WHOLE_DISK);
	ck_assert(v.kernel.allowed);
	ck_assert_ptr_nonnull(strstr(v.message, "'sda'"));
	/* --force does not lift it for root... */
	verdict(&part, true, false, true, 0, "12 00 00 00 24 00", &v);
	ck_assert_int_eq(v.rule, SCSI_RULE_WHOLE_DISK);
	/* ...but lets an unprivileged caller see the kernel's own ENOTTY */
	verdict(&part, false, false, true, 0, "12 00 00 00 24 00", &v);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.kernel.err, ENOTTY);

	/* UNMAP: read-safe for the kernel, a data loss on a disk */
	verdict(&disk, false, false, false, 0, "42 00 00 00 00 00 00 00 18 00", &v);
	ck_assert(!v.allowed);
	ck_assert_int_eq(v.rule, SCSI_RULE_CLASS);
	ck_assert_int_eq(v.cls, SCSI_OP_UNMAP);
	ck_assert(v.kernel.allowed);
	verdict(&disk, false, false, false, SCSI_OP_BIT(SCSI_OP_UNMAP), "42 00 00 00 00 00 00 00 18 00", &v);
	ck_assert(v.allowed);
	/* the same byte is READ SUB-CHANNEL on a CD */
	verdict(&cd, false, false, false, 0, "42 00 40 01 00 00 00 00 10 00", &v);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.cls, SCSI_OP_READ);
	/* SANITIZE, ATA PT(12) and (16), vendor, WRITE BUFFER, FORMAT */
	verdict(&disk, true, true, false, 0, "48 01 00 00 00 00 00 00 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_SANITIZE);
	verdict(&disk, true, true, false, 0, "a1 08 0e 00 01 00 00 00 00 ec 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_ATA_PT);
	ck_assert(!v.allowed);
	verdict(&cd, true, true, false, 0, "a1 00 00 00 00 00 00 00 00 00 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_FORMAT);	/* BLANK */
	verdict(&disk, true, true, false, 0, "c1 00 00 00 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_VENDOR);
	ck_assert(!v.allowed);
	ck_assert_ptr_nonnull(strstr(v.message, "--allow vendor"));
	verdict(&disk, true, true, false, 0, "3b 05 00 00 00 00 00 00 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_WRITE_BUFFER);
	verdict(&disk, true, true, false, 0, "04 00 00 00 00 00", &v);
	ck_assert_int_eq(v.cls, SCSI_OP_FORMAT);
	verdict(&disk, true, true, false, SCSI_OP_BIT(SCSI_OP_WRITE), "2a 00 00 00 00 00 00 00 01 00", &v);
	ck_assert(v.allowed);

	/* START STOP: LOEJ only on removable media, unless forced */
	verdict(&disk, false, false, false, 0, "1b 00 00 00 02 00", &v);
	ck_assert_int_eq(v.rule, SCSI_RULE_START_STOP);
	verdict(&disk, false, false, false, 0, "1b 00 00 00 20 00", &v);	/* power condition */
	ck_assert_int_eq(v.rule, SCSI_RULE_START_STOP);
	verdict(&disk, false, false, true, 0, "1b 00 00 00 02 00", &v);
	ck_assert(v.allowed);
	verdict(&disk, false, false, false, 0, "1b 00 00 00 01 00", &v);	/* plain start */
	ck_assert(v.allowed);
	verdict(&cd, false, false, false, 0, "1b 00 00 00 02 00", &v);
	ck_assert(v.allowed);

	/* CDB length */
	verdict(&disk, true, false, false, 0, "12 00 00 00", &v);
	ck_assert_int_eq(v.rule, SCSI_RULE_CDB);
	verdict(&disk, true, false, false, 0, "12 00 00 00 24 00 00 00 00 00", &v);
	ck_assert_int_eq(v.rule, SCSI_RULE_CDB);
}
END_TEST

START_TEST(test_cdb_hex)
{
	uint8_t cdb[SCSI_CDB_MAX];
	char big[SCSI_CDB_MAX * 2 + 8];
	size_t len, bad;

	ck_assert_int_eq(scsi_cdb_parse_hex("12 00 00 00 24 00", cdb, &len, NULL), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_uint_eq(cdb[4], 0x24);
	ck_assert_int_eq(scsi_cdb_parse_hex("120000002400", cdb, &len, NULL), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(scsi_cdb_parse_hex("0x12:0x00:00-00,24 00", cdb, &len, NULL), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(scsi_cdb_parse_hex("", cdb, &len, NULL), -ENODATA);
	ck_assert_int_eq(scsi_cdb_parse_hex("  : ", cdb, &len, NULL), -ENODATA);
	ck_assert_int_eq(scsi_cdb_parse_hex("123", cdb, &len, &bad), -EINVAL);
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(scsi_cdb_parse_hex("12 0 00", cdb, &len, &bad), -EINVAL);
	ck_assert_uint_eq(bad, 3);
	ck_assert_int_eq(scsi_cdb_parse_hex("12 zz", cdb, &len, &bad), -EINVAL);
	ck_assert_uint_eq(bad, 3);
	ck_assert_int_eq(scsi_cdb_parse_hex("0x", cdb, &len, NULL), -EINVAL);
	memset(big, 'a', SCSI_CDB_MAX * 2);
	big[SCSI_CDB_MAX * 2] = '\0';
	ck_assert_int_eq(scsi_cdb_parse_hex(big, cdb, &len, NULL), 0);
	ck_assert_uint_eq(len, SCSI_CDB_MAX);
	strcat(big, "bb");
	ck_assert_int_eq(scsi_cdb_parse_hex(big, cdb, &len, &bad), -E2BIG);
	ck_assert_uint_eq(bad, SCSI_CDB_MAX * 2);
	ck_assert_uint_eq(scsi_cdb_expected_len(0x12), 6);
	ck_assert_uint_eq(scsi_cdb_expected_len(0x28), 10);
	ck_assert_uint_eq(scsi_cdb_expected_len(0xa1), 12);
	ck_assert_uint_eq(scsi_cdb_expected_len(0x85), 16);
	ck_assert_uint_eq(scsi_cdb_expected_len(0x7f), 0);
}
END_TEST

START_TEST(test_sense_fixed)
{
	/* ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE, fixed format */
	static const uint8_t sb[18] = { 0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x20, 0x00 };
	/* NOT READY, MEDIUM NOT PRESENT - TRAY OPEN, with a valid INFORMATION field */
	static const uint8_t nr[18] = { 0xf0, 0, 0x02, 0, 0, 0x12, 0x34, 0x0a, 0, 0, 0, 0, 0x3a, 0x02 };
	struct scsi_sense s;

	ck_assert_int_eq(scsi_sense_decode(sb, sizeof(sb), &s), 0);
	ck_assert(s.valid && !s.descriptor);
	ck_assert_uint_eq(s.key, 5);
	ck_assert_uint_eq(s.asc, 0x20);
	ck_assert_str_eq(s.key_name, "Illegal Request");
	ck_assert_str_eq(s.asc_name, "Invalid command operation code");
	ck_assert_str_eq(scsi_sense_key_short(s.key), "ILLEGAL REQUEST");
	ck_assert_int_eq(scsi_sense_decode(nr, sizeof(nr), &s), 0);
	ck_assert_uint_eq(s.key, 2);
	ck_assert_uint_eq(s.ascq, 2);
	ck_assert(s.info_valid);
	ck_assert_uint_eq(s.info, 0x1234);
	ck_assert_str_eq(s.asc_name, "Medium not present - tray open");
}
END_TEST

START_TEST(test_sense_descriptor)
{
	/* descriptor format: ILLEGAL REQUEST, INVALID FIELD IN CDB, an information descriptor */
	static const uint8_t sb[20] = { 0x72, 0x05, 0x24, 0x00, 0, 0, 0, 12,
					0x00, 0x0a, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x00 };
	static const uint8_t deferred[8] = { 0x73, 0x06, 0x29, 0x00, 0, 0, 0, 0 };
	static const uint8_t junk[8] = { 0x12, 0x05, 0x24, 0, 0, 0, 0, 0 };
	struct scsi_sense s;

	ck_assert_int_eq(scsi_sense_decode(sb, sizeof(sb), &s), 0);
	ck_assert(s.descriptor);
	ck_assert_uint_eq(s.key, 5);
	ck_assert_uint_eq(s.asc, 0x24);
	ck_assert_str_eq(s.asc_name, "Invalid field in cdb");
	ck_assert(s.info_valid);
	ck_assert_uint_eq(s.info, 0x1000);
	ck_assert_int_eq(scsi_sense_decode(deferred, sizeof(deferred), &s), 0);
	ck_assert(s.deferred);
	ck_assert_str_eq(s.key_name, "Unit Attention");
	ck_assert_int_eq(scsi_sense_decode(junk, sizeof(junk), &s), -EINVAL);
	ck_assert_int_eq(scsi_sense_decode(sb, 1, &s), -EINVAL);
	ck_assert_int_eq(scsi_sense_decode(NULL, 0, &s), -EINVAL);
}
END_TEST

START_TEST(test_allow_words)
{
	unsigned int m = 0;

	ck_assert_int_eq(scsi_opclass_parse("write,unmap", &m), 0);
	ck_assert_uint_eq(m, SCSI_OP_BIT(SCSI_OP_WRITE) | SCSI_OP_BIT(SCSI_OP_UNMAP));
	ck_assert_int_eq(scsi_opclass_parse("read", &m), -EINVAL);	/* not a dangerous class */
	ck_assert_int_eq(scsi_opclass_parse("write,", &m), -EINVAL);
	ck_assert_int_eq(scsi_opclass_parse("", &m), -EINVAL);
	ck_assert_int_eq(scsi_opclass_parse("bogus", &m), -EINVAL);
	m = 0;
	ck_assert_int_eq(scsi_opclass_parse("all", &m), 0);
	ck_assert_uint_eq(m, SCSI_OP_DANGEROUS);
}
END_TEST

static Suite *guard_suite(void)
{
	Suite *s = suite_create("scsi-guard");
	TCase *tc = tcase_create("guard");

	tcase_add_test(tc, test_kernel_lists);
	tcase_add_test(tc, test_kernel_verdicts);
	tcase_add_test(tc, test_guard_rules);
	tcase_add_test(tc, test_cdb_hex);
	tcase_add_test(tc, test_sense_fixed);
	tcase_add_test(tc, test_sense_descriptor);
	tcase_add_test(tc, test_allow_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(guard_suite());
}
