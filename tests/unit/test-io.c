// SPDX-License-Identifier: GPL-2.0-or-later
/* test-io.c: cgroup io grammar on real samples, cgroup lookup, device mapping, verdict, rates, plans */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cgroup.h"
#include "io/iodev.h"
#include "io/iofmt.h"
#include "io/ioplan.h"
#include "io/rates.h"
#include "io/verdict.h"
#include "path.h"
#include "testutil.h"

/* a real sample from tests/data/cgroup (copied there with its .source.txt) */
static char *sample(const char *name)
{
	const char *top = getenv("abs_top_srcdir");
	char path[PATH_MAX];
	FILE *f;
	char *buf = calloc(1, 1 << 16);
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/cgroup/%s", top ? top : "../..", name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* the lines of @text that do not start with '#' (annotations in the samples) */
static char *section(const char *text, const char *after)
{
	const char *p = after ? strstr(text, after) : text;
	char *out = calloc(1, strlen(text) + 1);
	size_t len = 0;

	ck_assert_ptr_nonnull(p);
	if (after)
		p = strchr(p, '\n') + 1;
	while (*p && *p != '#') {
		size_t n = strcspn(p, "\n");

		memcpy(out + len, p, n);
		len += n;
		out[len++] = '\n';
		p += n + (p[n] ? 1 : 0);
	}
	out[len] = '\0';
	return out;
}

START_TEST(test_stat_glued_lines)
{
	char *t = sample("issue-lxd-10746-io.stat-glued-lines.txt");
	struct io_stat *st;
	size_t n;

	/* "8:0 8:16 rbytes=..." : 8:0 had no stats, 8:16's line was glued on */
	ck_assert_int_eq(io_stat_parse(t, &st, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(st[0].maj, 8);
	ck_assert_uint_eq(st[0].min, 0);
	ck_assert(st[0].empty);
	ck_assert_uint_eq(st[1].min, 16);
	ck_assert_uint_eq(st[1].rbytes, 352256);
	ck_assert_uint_eq(st[1].rios, 10);
	ck_assert_uint_eq(st[3].maj, 7);
	ck_assert_uint_eq(st[3].min, 2);
	ck_assert_uint_eq(st[3].rios, 1);
	free(st);
	free(t);
}
END_TEST

START_TEST(test_stat_bare_and_extra_keys)
{
	char *t = sample("below-io.stat-test.txt");
	char *root = sample("nixos-tree/io.stat");
	char *lat = sample("lkml-io.stat-iolatency-xiaomi.txt");
	struct io_stat *st;
	size_t n;

	ck_assert_int_eq(io_stat_parse(t, &st, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(st[0].empty);
	ck_assert_uint_eq(st[2].maj, 13);
	ck_assert_uint_eq(st[2].wbytes, 162379);	/* cost.* keys are skipped */
	free(st);
	/* eight bare loop lines "7:7 " .. "7:0 ", then dm-crypt and NVMe */
	ck_assert_int_eq(io_stat_parse(root, &st, &n), 0);
	ck_assert_uint_eq(n, 10);
	for (int i = 0; i < 8; i++)
		ck_assert(st[i].empty);
	ck_assert_uint_eq(st[9].maj, 259);
	ck_assert_uint_eq(st[9].rios, 43822);
	ck_assert_uint_eq(st[9].wios, 60840);
	free(st);
	ck_assert_int_eq(io_stat_parse(lat, &st, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(st[0].wios, 331782);
	free(st);
	ck_assert_int_eq(io_stat_parse("8:0 rbytes=x", &st, &n), -EBADMSG);
	ck_assert_int_eq(io_stat_parse("rbytes=1", &st, &n), -EBADMSG);
	ck_assert_int_eq(io_stat_parse("", &st, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(st);
	free(t);
	free(root);
	free(lat);
}
END_TEST

START_TEST(test_max_and_weight_doc)
{
	char *t = sample("kernel-doc-cgroup-v2-io-examples.txt");
	char *w = section(t, "# io.weight");
	char *m = section(t, "# io.max: after  echo \"8:16 rbps=2097152 wiops=120\"");
	struct io_weights ws;
	struct io_max *mx;
	size_t n;
	bool own;

	ck_assert_int_eq(io_weights_parse(w, &ws), 0);
	ck_assert(ws.has_default);
	ck_assert_uint_eq(ws.dflt, 100);
	ck_assert_uint_eq(ws.n, 2);
	ck_assert_uint_eq(io_weight_for(&ws, 8, 16, &own), 200);
	ck_assert(own);
	ck_assert_uint_eq(io_weight_for(&ws, 8, 32, &own), 100);
	ck_assert(!own);
	io_weights_free(&ws);
	ck_assert_int_eq(io_max_parse(m, &mx, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(mx[0].v[IO_RBPS], 2097152);
	ck_assert(mx[0].v[IO_WBPS] == IO_UNLIMITED);
	ck_assert(mx[0].v[IO_RIOPS] == IO_UNLIMITED);
	ck_assert_uint_eq(mx[0].v[IO_WIOPS], 120);
	free(mx);
	/* a lone number: v1 blkio.weight, io.bfq.weight before 5.4 */
	ck_assert_int_eq(io_weights_parse("500\n", &ws), 0);
	ck_assert(ws.has_default);
	ck_assert_uint_eq(ws.dflt, 500);
	io_weights_free(&ws);
	ck_assert_int_eq(io_weights_parse("default\n", &ws), -EBADMSG);
	ck_assert_int_eq(io_weights_parse("8:0 1 2\n", &ws), -EBADMSG);
	ck_assert_int_eq(io_weights_parse("8:0 x=1\n", &ws), -EBADMSG);
	free(w);
	free(m);
	free(t);
}
END_TEST

START_TEST(test_max_args)
{
	struct io_max m = { .maj = 8, .min = 0 };
	char buf[128];

	ck_assert_int_eq(io_max_arg(&m, "riops=100"), 0);
	ck_assert_int_eq(io_max_arg(&m, "wbps=max"), 0);
	ck_assert_int_eq(io_max_arg(&m, "riops=200"), -EEXIST);
	ck_assert_int_eq(io_max_arg(&m, "wiops=1"), -ERANGE);	/* tg_set_limit: val > 1 */
	ck_assert_int_eq(io_max_arg(&m, "wiops=0"), -ERANGE);
	ck_assert_int_eq(io_max_arg(&m, "wiops=4294967296"), -ERANGE);
	ck_assert_int_eq(io_max_arg(&m, "wiops=-5"), -EINVAL);
	ck_assert_int_eq(io_max_arg(&m, "wiops= 5"), -EINVAL);
	ck_assert_int_eq(io_max_arg(&m, "iops=5"), -EINVAL);
	ck_assert_int_eq(io_max_arg(&m, "wiops"), -EINVAL);
	ck_assert_int_eq(io_max_arg(&m, "rbps=99999999999999999999999"), -ERANGE);
	ck_assert_int_eq(io_max_arg(&m, "wiops=4294967295"), 0);
	ck_assert_int_eq(io_max_format(&m, false, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "8:0 wbps=max riops=100 wiops=4294967295");
	ck_assert_int_eq(io_max_format(&m, true, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "8:0 rbps=0 wbps=max riops=100 wiops=4294967295");
	ck_assert_int_eq(io_max_format(&m, true, buf, 10), -ENAMETOOLONG);
}
END_TEST

START_TEST(test_weight_ranges)
{
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_COST, 1), 0);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_COST, 10000), 0);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_COST, 0), -ERANGE);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_COST, 10001), -ERANGE);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_BFQ, 1000), 0);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_BFQ, 1001), -ERANGE);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_V1, 9), -ERANGE);
	ck_assert_int_eq(io_weight_check(IO_WEIGHT_V1, 10), 0);
}
END_TEST

START_TEST(test_pressure_and_cost)
{
	char *p = sample("below-io.pressure-test.txt");
	char *k = sample("katalyst-io.cost-hdd-auto-defaults.txt");
	char *s = sample("lkml-iocost-samsung-970pro.txt");
	char *model = section(k, "# io.cost.model");
	char *qos = section(k, "# io.cost.qos");
	char *smodel = section(s, "# cat /sys/fs/cgroup/io.cost.model");
	char *sqos = section(s, "# cat /sys/fs/cgroup/io.cost.qos");
	struct io_pressure ps;
	struct io_cost *c;
	size_t n;
	char buf[256];

	ck_assert_int_eq(io_pressure_parse(p, &ps), 0);
	ck_assert(ps.has_full);
	ck_assert_uint_eq(ps.some_total, 619176290);
	ck_assert_uint_eq(ps.full_total, 61917);
	ck_assert_int_eq(io_pressure_parse("full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n", &ps),
			 -EBADMSG);
	ck_assert_int_eq(io_pressure_parse("some avg10=x avg60=0 avg300=0 total=1\n", &ps), -EBADMSG);
	ck_assert_int_eq(io_cost_parse(model, &c, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(c[0].maj, 8);
	ck_assert_uint_eq(c[0].min, 160);
	ck_assert(!c[0].user);
	ck_assert_uint_eq(c[0].rrandiops, 370);
	free(c);
	ck_assert_int_eq(io_cost_parse(qos, &c, &n), 0);
	ck_assert(!c[0].enable);
	free(c);
	ck_assert_int_eq(io_cost_parse(smodel, &c, &n), 0);
	ck_assert(c[0].user);
	ck_assert_uint_eq(c[0].wbps, 618985353);
	free(c);
	ck_assert_int_eq(io_cost_parse(sqos, &c, &n), 0);
	ck_assert(c[0].enable);
	ck_assert_uint_eq(c[0].maj, 259);
	free(c);
	/* the real root files of a machine that never configured iocost are empty */
	ck_assert_int_eq(io_cost_parse("", &c, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(c);
	ck_assert_int_eq(io_cost_model_format(8, 0, 5000, 3000, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "8:0 ctrl=user model=linear rbps=0 rseqiops=5000 rrandiops=5000 wbps=0 wseqiops=3000 wrandiops=3000");
	ck_assert_int_eq(io_cost_model_format(8, 0, 0, 3000, buf, sizeof(buf)), -ERANGE);
	/* what we write reads back as an IOPS-only user model */
	ck_assert_int_eq(io_cost_parse("8:0 ctrl=user model=linear rbps=0 rseqiops=5000 rrandiops=5000 wbps=0 wseqiops=3000 wrandiops=3000", &c, &n), 0);
	ck_assert(c[0].user && !c[0].rbps && !c[0].wbps && c[0].wrandiops == 3000);
	free(c);
	free(p);
	free(k);
	free(s);
	free(model);
	free(qos);
	free(smodel);
	free(sqos);
}
END_TEST

START_TEST(test_sched_and_v1)
{
	char *sb = sample("issue-cadvisor-1669-blkio.throttle.io_service_bytes.txt");
	char *glob = sample("issue-lxd-7627-blkio.throttle-glob-after-dd.txt");
	char *rbps = sample("issue-lxd-7627-blkio.throttle.read_bps_device.txt");
	struct io_sched s;
	struct io_stat *st;
	struct io_weights w;
	uint64_t *vals;
	size_t n;

	ck_assert_int_eq(io_sched_parse("[mq-deadline] kyber bfq none\n", &s), 0);
	ck_assert_str_eq(s.active, "mq-deadline");
	ck_assert_uint_eq(s.navail, 4);
	ck_assert_int_eq(io_sched_parse("none\n", &s), 0);
	ck_assert_str_eq(s.active, "none");
	ck_assert_int_eq(io_sched_parse("mq-deadline [bfq]", &s), 0);
	ck_assert_str_eq(s.active, "bfq");
	ck_assert_int_eq(io_sched_parse("[Bad]\n", &s), -EBADMSG);
	ck_assert(!io_sched_name_valid("../x"));
	ck_assert(io_sched_name_valid("mq-deadline"));

	ck_assert_int_eq(io_v1_serviced_parse(sb, true, &st, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(st[0].maj, 253);
	ck_assert_uint_eq(st[0].wbytes, 348160);
	ck_assert_uint_eq(st[1].rbytes, 5709284352ULL);
	free(st);
	/* four files concatenated by a glob: repeated devices, "Total N" lines */
	ck_assert_int_eq(io_v1_serviced_parse(glob, false, &st, &n), 0);
	ck_assert_uint_eq(st[n - 1].rios, 263);
	ck_assert_uint_eq(st[n - 1].wios, 62);
	free(st);
	ck_assert_int_eq(io_v1_serviced_parse("8:0 Read\n", false, &st, &n), -EBADMSG);
	ck_assert_int_eq(io_v1_device_parse(rbps, &w, &vals), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.devs[0].maj, 253);
	ck_assert_uint_eq(vals[0], 100000000);
	free(vals);
	io_weights_free(&w);
	free(sb);
	free(glob);
	free(rbps);
}
END_TEST

START_TEST(test_devnum)
{
	unsigned a, b;

	ck_assert_int_eq(io_devnum_parse("259:0", &a, &b), 0);
	ck_assert_uint_eq(a, 259);
	ck_assert_int_eq(io_devnum_parse("8:", &a, &b), -EINVAL);
	ck_assert_int_eq(io_devnum_parse(":1", &a, &b), -EINVAL);
	ck_assert_int_eq(io_devnum_parse("4096:0", &a, &b), -EINVAL);
	ck_assert_int_eq(io_devnum_parse("8:1x", &a, &b), -EINVAL);
}
END_TEST

/* ------------------------------------------------------------ verdict */

START_TEST(test_verdict)
{
	struct io_disk d = { .name = "sda", .maj = 8 };
	struct io_verdict v;

	strcpy(d.sched.active, "mq-deadline");
	io_verdict_for(IO_SET_WEIGHT, &d, IO_CG_V2, "", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: mq-deadline, iocost off");
	io_verdict_for(IO_SET_BFQ_WEIGHT, &d, IO_CG_V2, "", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: mq-deadline, not bfq");
	io_verdict_for(IO_SET_MAX, &d, IO_CG_V2, "", false, &v);
	ck_assert(v.active);
	strcpy(d.sched.active, "bfq");
	io_verdict_for(IO_SET_BFQ_WEIGHT, &d, IO_CG_V2, "", false, &v);
	ck_assert(v.active);
	io_verdict_for(IO_SET_WEIGHT, &d, IO_CG_V2, "", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: iocost off (bfq reads io.bfq.weight)");
	d.iocost = true;
	d.has_model = d.model_user = true;
	io_verdict_for(IO_SET_WEIGHT, &d, IO_CG_V2, "", false, &v);
	ck_assert(v.active);
	ck_assert_str_eq(v.reason, "active: iocost on (IOPS model)");
	/* anything is inert when an ancestor does not pass io down */
	io_verdict_for(IO_SET_MAX, &d, IO_CG_V2, "/user.slice", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: io not in /user.slice cgroup.subtree_control");
	io_verdict_for(IO_SET_WEIGHT, &d, IO_CG_HYBRID, "", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: hybrid mode, the v2 tree has no controllers");
	io_verdict_for(IO_SET_MAX, &d, IO_CG_V2, "", true, &v);
	ck_assert(!v.active);
	strcpy(d.sched.active, "none");
	io_verdict_for(IO_SET_V1_WEIGHT, &d, IO_CG_V1, "", false, &v);
	ck_assert(!v.active);
	ck_assert_str_eq(v.reason, "inert: none, neither cfq nor bfq");
	io_verdict_for(IO_SET_V1_THROTTLE, &d, IO_CG_HYBRID, "", false, &v);
	ck_assert(v.active);
}
END_TEST

/* -------------------------------------------------------------- rates */

static struct io_stat st(unsigned min, uint64_t rios, uint64_t wios, uint64_t rbytes)
{
	struct io_stat s = { .maj = 8, .min = min, .rios = rios, .wios = wios, .rbytes = rbytes };

	return s;
}

static const struct io_rate *find_rate(const struct io_rate *r, size_t n, const char *cg,
				       unsigned min)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].cgroup, cg) == 0 && r[i].min == min)
			return &r[i];
	return NULL;
}

START_TEST(test_rates)
{
	struct io_sample a = { .t = 10.0 }, b = { .t = 12.0 };
	struct io_stat s;
	struct io_rate *r;
	const struct io_rate *x;
	size_t n;

	s = st(0, 1000, 100, 4096000);
	io_sample_add(&a, "/m", &s);
	s = st(0, 600, 0, 0);
	io_sample_add(&a, "/m/vm1", &s);
	s = st(0, 400, 100, 0);
	io_sample_add(&a, "/m/vm2", &s);
	s = st(0, 50, 0, 0);
	io_sample_add(&a, "/m/old", &s);
	s = st(0, 2000, 300, 8192000);
	io_sample_add(&b, "/m", &s);
	s = st(0, 1400, 0, 0);
	io_sample_add(&b, "/m/vm1", &s);
	s = st(0, 10, 0, 0);		/* recreated: counters restarted */
	io_sample_add(&b, "/m/vm2", &s);
	s = st(16, 5, 0, 0);		/* a device first seen now */
	io_sample_add(&b, "/m/vm1", &s);

	ck_assert_int_eq(io_rates_compute(&a, &b, false, &r, &n), 0);
	ck_assert_uint_eq(n, 5);
	x = find_rate(r, n, "/m", 0);
	ck_assert(x->state == IO_RATE_OK);
	ck_assert(x->riops == 500.0 && x->wiops == 100.0 && x->rbps == 2048000.0);
	x = find_rate(r, n, "/m/vm1", 0);
	ck_assert(x->riops == 400.0);
	x = find_rate(r, n, "/m/vm2", 0);
	ck_assert(x->state == IO_RATE_RESET);
	ck_assert(x->riops == 0.0);
	x = find_rate(r, n, "/m/vm1", 16);
	ck_assert(x->state == IO_RATE_NEW);
	x = find_rate(r, n, "/m/old", 0);
	ck_assert(x->state == IO_RATE_GONE);
	free(r);
	/* own: /m did 1000 reads, vm1 800 of them, vm2 was reset (counts 0) */
	ck_assert_int_eq(io_rates_compute(&a, &b, true, &r, &n), 0);
	x = find_rate(r, n, "/m", 0);
	ck_assert(x->riops == 100.0);
	ck_assert(x->wiops == 100.0);
	free(r);
	b.t = a.t;
	ck_assert_int_eq(io_rates_compute(&a, &b, false, &r, &n), -EINVAL);
	io_sample_clear(&a);
	io_sample_clear(&b);
}
END_TEST

/* ------------------------------------------------- trees: cgroups, disks */

static char *root;
static struct path_ctx *ctx;

static void disk(const char *name, const char *majmin, const char *sched)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/dev", name);
	tree_write(root, rel, majmin);
	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/size", name);
	tree_write(root, rel, "2048\n");
	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/queue/scheduler", name);
	tree_write(root, rel, sched);
	snprintf(rel, sizeof(rel), "sys/block/%s", name);
	snprintf(target, sizeof(target), "../devices/virtual/test/%s", name);
	tree_link(root, rel, target);
	snprintf(rel, sizeof(rel), "sys/dev/block/%.*s", (int)strcspn(majmin, "\n"), majmin);
	snprintf(target, sizeof(target), "../../devices/virtual/test/%s", name);
	tree_link(root, rel, target);
	snprintf(rel, sizeof(rel), "dev/%s", name);
	tree_write(root, rel, "");
}

static void part(const char *disk_name, const char *name, const char *majmin, const char *no)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/%s/dev", disk_name, name);
	tree_write(root, rel, majmin);
	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/%s/partition", disk_name, name);
	tree_write(root, rel, no);
	snprintf(rel, sizeof(rel), "sys/devices/virtual/test/%s/%s/size", disk_name, name);
	tree_write(root, rel, "1024\n");
	snprintf(rel, sizeof(rel), "sys/dev/block/%.*s", (int)strcspn(majmin, "\n"), majmin);
	snprintf(target, sizeof(target), "../../devices/virtual/test/%s/%s", disk_name, name);
	tree_link(root, rel, target);
	snprintf(rel, sizeof(rel), "dev/%s", name);
	tree_write(root, rel, "");
}

static void build_tree(void)
{
	root = tree_new();
	tree_write(root, "proc/self/mountinfo",
		   "25 1 0:22 / /sys rw - sysfs sysfs rw\n"
		   "28 25 0:25 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
	tree_write(root, "sys/fs/cgroup/cgroup.subtree_control", "cpu io memory\n");
	tree_write(root, "sys/fs/cgroup/io.cost.qos", "8:16 enable=1 ctrl=auto rpct=0.00 rlat=250000 wpct=0.00 wlat=250000 min=1.00 max=10000.00\n");
	tree_write(root, "sys/fs/cgroup/io.cost.model", "8:16 ctrl=user model=linear rbps=0 rseqiops=900 rrandiops=900 wbps=0 wseqiops=800 wrandiops=800\n");
	tree_write(root, "sys/fs/cgroup/machine.slice/cgroup.subtree_control", "memory\n");
	tree_write(root, "sys/fs/cgroup/machine.slice/io.weight", "default 100\n");
	tree_write(root, "sys/fs/cgroup/machine.slice/io.max", "");
	tree_write(root, "sys/fs/cgroup/machine.slice/vm1.scope/io.pressure",
		   "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	tree_write(root, "sys/fs/cgroup/system.slice/cgroup.subtree_control", "io\n");
	tree_write(root, "sys/fs/cgroup/system.slice/io.weight", "default 100\n8:0 50\n");
	tree_write(root, "sys/fs/cgroup/system.slice/io.max", "8:0 rbps=max wbps=max riops=300 wiops=max\n");
	tree_write(root, "sys/fs/cgroup/system.slice/db.service/io.weight", "default 100\n");
	tree_write(root, "sys/fs/cgroup/system.slice/db.service/io.stat", "8:0 rios=5\n");
	tree_write(root, "sys/fs/cgroup/user.slice/user-1000.slice/io.weight", "default 100\n");
	tree_write(root, "proc/77/cgroup", "0::/system.slice/db.service\n");
	tree_write(root, "etc/passwd", "root:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
	disk("sda", "8:0\n", "[mq-deadline] kyber bfq none\n");
	part("sda", "sda2", "8:2\n", "2\n");
	disk("sdb", "8:16\n", "mq-deadline [bfq] none\n");
	tree_write(root, ".vfioctl-fixture-writable", "");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void drop_tree(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

START_TEST(test_cgroup_lookup)
{
	struct io_cgroups cg;
	char out[256], miss[4][256];

	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(cg.mode, IO_CG_V2);
	ck_assert(cg.from_mountinfo);
	ck_assert_int_eq(io_cgroup_resolve(ctx, &cg, "db.service", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/system.slice/db.service");
	ck_assert_int_eq(io_cgroup_resolve(ctx, &cg, "//system.slice//", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/system.slice");
	ck_assert_int_eq(io_cgroup_resolve(ctx, &cg, "/system.slice/../..", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(io_cgroup_resolve(ctx, &cg, "nope.scope", out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(io_cgroup_resolve(ctx, &cg, "/nope", out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(io_cgroup_of_pid(ctx, &cg, 77, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/system.slice/db.service");
	ck_assert_int_eq(io_cgroup_of_pid(ctx, &cg, 78, out, sizeof(out)), -ESRCH);
	ck_assert_int_eq(io_cgroup_of_user(ctx, &cg, "alice", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/user.slice/user-1000.slice");
	ck_assert_int_eq(io_cgroup_of_user(ctx, &cg, "mallory", out, sizeof(out)), -ESRCH);
	/* io is not in machine.slice's subtree_control: vm1.scope has no io */
	ck_assert_int_eq(io_cgroup_undelegated(ctx, &cg, "/machine.slice/vm1.scope", out, sizeof(out),
					       miss, 4), 1);
	ck_assert_str_eq(out, "/machine.slice");
	ck_assert_int_eq(io_cgroup_undelegated(ctx, &cg, "/system.slice/db.service", out, sizeof(out),
					       NULL, 0), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_cgroup_modes)
{
	struct io_cgroups cg;

	tree_write(root, "proc/self/mountinfo",
		   "27 25 0:24 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
		   "31 27 0:28 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n");
	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(cg.mode, IO_CG_V1);
	ck_assert_str_eq(cg.tree, "sys/fs/cgroup/blkio");
	tree_write(root, "proc/self/mountinfo",
		   "27 25 0:24 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755\n"
		   "30 27 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n"
		   "31 27 0:28 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n");
	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(cg.mode, IO_CG_HYBRID);
	tree_write(root, "proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(cg.mode, IO_CG_NONE);
}
END_TEST

START_TEST(test_disks_and_resolution)
{
	struct io_cgroups cg;
	struct io_disk *d;
	struct io_target t;
	size_t n;

	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(io_disks_scan(ctx, &cg, &d, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(d[0].name, "sda");
	ck_assert_str_eq(d[0].sched.active, "mq-deadline");
	ck_assert(!d[0].iocost);
	ck_assert_str_eq(d[1].sched.active, "bfq");
	ck_assert(d[1].iocost && d[1].model_user && d[1].model.rrandiops == 900);
	free(d);
	ck_assert_int_eq(io_target_resolve(ctx, "sda2", &t), 0);
	ck_assert(t.mapped);
	ck_assert_str_eq(t.spec_dev, "sda2");
	ck_assert_uint_eq(t.ndisks, 1);
	ck_assert_str_eq(t.disks[0].name, "sda");
	ck_assert_uint_eq(t.disks[0].min, 0);
	ck_assert_int_eq(io_target_resolve(ctx, "8:2", &t), 0);
	ck_assert_str_eq(t.disks[0].name, "sda");
	ck_assert_int_eq(io_target_resolve(ctx, "/dev/sdb", &t), 0);
	ck_assert(!t.mapped);
	ck_assert_uint_eq(t.disks[0].min, 16);
	ck_assert_int_lt(io_target_resolve(ctx, "sdz", &t), 0);
}
END_TEST

START_TEST(test_dm_over_two_disks)
{
	struct io_target t;

	/* an LV striped over sda2 and sdb: io files need both disks */
	tree_write(root, "sys/devices/virtual/block/dm-0/dev", "254:0\n");
	tree_write(root, "sys/devices/virtual/block/dm-0/size", "4096\n");
	tree_write(root, "sys/devices/virtual/block/dm-0/dm/name", "vg-lv\n");
	tree_write(root, "sys/devices/virtual/block/dm-0/dm/uuid", "LVM-xyz\n");
	tree_link(root, "sys/dev/block/254:0", "../../devices/virtual/block/dm-0");
	tree_link(root, "sys/block/dm-0", "../devices/virtual/block/dm-0");
	tree_link(root, "sys/devices/virtual/block/dm-0/slaves/sda2",
		  "../../../../../../sys/devices/virtual/test/sda/sda2");
	tree_link(root, "sys/devices/virtual/block/dm-0/slaves/sdb",
		  "../../../../../../sys/devices/virtual/test/sdb");
	tree_write(root, "dev/dm-0", "");
	ck_assert_int_eq(io_target_resolve(ctx, "dm-0", &t), 0);
	ck_assert(t.mapped);
	ck_assert_uint_eq(t.ndisks, 2);
	ck_assert_str_eq(t.disks[0].name, "sda");
	ck_assert_str_eq(t.disks[1].name, "sdb");
}
END_TEST

static char *read_rel(const char *rel)
{
	char *text = NULL;

	ck_assert_int_eq(path_read_alloc(ctx, &text, NULL, "%s", rel), 0);
	return text;
}

START_TEST(test_plan_apply_undo)
{
	struct io_cgroups cg;
	struct io_disk *d;
	struct io_target t;
	struct io_plan p = { 0 }, u = { 0 };
	struct io_apply_result res;
	struct io_max req = { 0 };
	size_t n;
	char *text;

	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(io_disks_scan(ctx, &cg, &d, &n), 0);
	ck_assert_int_eq(io_target_resolve(ctx, "sda2", &t), 0);
	ck_assert_int_eq(io_max_arg(&req, "riops=120"), 0);
	ck_assert_int_eq(io_plan_limit(ctx, &cg, "/system.slice", &t, &req, &p), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.steps[0].new_, "8:0 riops=120");
	ck_assert_str_eq(p.steps[0].old, "8:0 rbps=max wbps=max riops=300 wiops=max");
	ck_assert_str_eq(p.steps[0].shown_old, "riops=300");
	/* a failed step rolls back and leaves no journal */
	ck_assert_int_eq(io_plan_apply(ctx, &p, 1, &res), -EIO);
	ck_assert(res.rolled_back);
	ck_assert(!path_exists(ctx, "run/vfioctl/io/1.journal"));
	ck_assert_int_eq(io_plan_apply(ctx, &p, 0, &res), 0);
	ck_assert_str_eq(res.journal, "run/vfioctl/io/1.journal");
	text = read_rel("sys/fs/cgroup/system.slice/io.max");
	ck_assert_str_eq(text, "8:0 riops=120");
	free(text);
	io_plan_clear(&p);
	/* the weight of one disk that had none: restore is "MAJ:MIN default" */
	ck_assert_int_eq(io_target_resolve(ctx, "sdb", &t), 0);
	ck_assert_int_eq(io_plan_weight(ctx, &cg, d, n, "/system.slice/db.service", &t, 400, &p), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.steps[0].old, "8:16 default");
	ck_assert_str_eq(p.steps[0].new_, "8:16 400");
	ck_assert_int_eq(io_plan_apply(ctx, &p, 0, &res), 0);
	ck_assert_str_eq(res.journal, "run/vfioctl/io/2.journal");
	io_plan_clear(&p);
	/* sda: neither iocost set up nor bfq: refused before any write */
	ck_assert_int_eq(io_target_resolve(ctx, "sda2", &t), 0);
	ck_assert_int_eq(io_plan_weight(ctx, &cg, d, n, "/system.slice/db.service", &t, 400, &p),
			 -EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(p.error, "iocost is not set up"));
	io_plan_clear(&p);
	ck_assert_int_eq(io_plan_weight(ctx, &cg, d, n, "/", NULL, 400, &p), -EPERM);
	io_plan_clear(&p);
	ck_assert_int_eq(io_plan_weight(ctx, &cg, d, n, "/system.slice", NULL, 0, &p), -ERANGE);
	ck_assert_ptr_nonnull(strstr(p.error, "1..10000"));
	io_plan_clear(&p);
	/* undo: the newest journal first */
	ck_assert_int_eq(io_plan_undo(ctx, &u), 0);
	ck_assert_str_eq(u.undo_journal, "run/vfioctl/io/2.journal");
	ck_assert_str_eq(u.steps[0].new_, "8:16 default");
	ck_assert_int_eq(io_plan_apply(ctx, &u, 0, &res), 0);
	io_plan_clear(&u);
	ck_assert(!path_exists(ctx, "run/vfioctl/io/2.journal"));
	ck_assert_int_eq(io_plan_undo(ctx, &u), 0);
	ck_assert_int_eq(io_plan_apply(ctx, &u, 0, &res), 0);
	io_plan_clear(&u);
	text = read_rel("sys/fs/cgroup/system.slice/io.max");
	ck_assert_str_eq(text, "8:0 rbps=max wbps=max riops=300 wiops=max");
	free(text);
	ck_assert_int_eq(io_plan_undo(ctx, &u), -ENOENT);
	io_plan_clear(&u);
	/* a journal that names a file outside the cgroup and block trees is refused */
	tree_write(root, "run/vfioctl/io/9.journal",
		   "vfioctl-io-journal 1\nop limit\nstate applied\npid 1\nstep etc/passwd\tx\ty\n");
	ck_assert_int_eq(io_plan_undo(ctx, &u), -EBADMSG);
	io_plan_clear(&u);
	free(d);
}
END_TEST

START_TEST(test_plan_model_and_enable)
{
	struct io_cgroups cg;
	struct io_disk *d;
	struct io_target t;
	struct io_plan p = { 0 };
	size_t n;

	ck_assert_int_eq(io_cgroup_detect(ctx, &cg), 0);
	ck_assert_int_eq(io_disks_scan(ctx, &cg, &d, &n), 0);
	ck_assert_int_eq(io_target_resolve(ctx, "sda", &t), 0);
	ck_assert_int_eq(io_plan_model(ctx, &cg, d, n, &t, 4000, 2000, &p), 0);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_str_eq(p.steps[0].old, "8:0 ctrl=auto");
	ck_assert_str_eq(p.steps[1].new_, "8:0 enable=1");
	ck_assert_str_eq(p.steps[1].old, "8:0 enable=0");
	io_plan_clear(&p);
	/* sdb already runs iocost with a user model: no qos step, the model restores */
	ck_assert_int_eq(io_target_resolve(ctx, "sdb", &t), 0);
	ck_assert_int_eq(io_plan_model(ctx, &cg, d, n, &t, 4000, 2000, &p), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.steps[0].old, "8:16 ctrl=user model=linear rbps=0 rseqiops=900 rrandiops=900 wbps=0 wseqiops=800 wrandiops=800");
	io_plan_clear(&p);
	ck_assert_int_eq(io_plan_enable_io(ctx, &cg, "/machine.slice/vm1.scope", &p), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.steps[0].path, "sys/fs/cgroup/machine.slice/cgroup.subtree_control");
	ck_assert_str_eq(p.steps[0].new_, "+io");
	ck_assert_str_eq(p.steps[0].old, "-io");
	io_plan_clear(&p);
	ck_assert_int_eq(io_plan_sched(ctx, d, n, &t, "../x", &p), -EINVAL);
	io_plan_clear(&p);
	ck_assert_int_eq(io_plan_sched(ctx, d, n, &t, "bfq", &p), 0);
	ck_assert_uint_eq(p.n, 0);	/* already bfq */
	io_plan_clear(&p);
	free(d);
}
END_TEST

START_TEST(test_errors_plain)
{
	ck_assert_ptr_nonnull(strstr(io_write_error(-ENODEV, "sys/fs/cgroup/a/io.max"), "whole disks"));
	ck_assert_ptr_nonnull(strstr(io_write_error(-EOPNOTSUPP, "sys/fs/cgroup/a/io.bfq.weight"), "not bfq"));
	ck_assert_ptr_nonnull(strstr(io_write_error(-EOPNOTSUPP, "sys/fs/cgroup/a/io.weight"), "iocost"));
	ck_assert_ptr_nonnull(strstr(io_write_error(-EPERM, "x/io.max"), "root"));
	ck_assert_ptr_nonnull(strstr(io_write_error(-EINVAL, "x/io.max"), "refused the value"));
}
END_TEST

static Suite *io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *g = tcase_create("grammar"), *v = tcase_create("verdict-rates");
	TCase *tr = tcase_create("tree");

	tcase_add_test(g, test_stat_glued_lines);
	tcase_add_test(g, test_stat_bare_and_extra_keys);
	tcase_add_test(g, test_max_and_weight_doc);
	tcase_add_test(g, test_max_args);
	tcase_add_test(g, test_weight_ranges);
	tcase_add_test(g, test_pressure_and_cost);
	tcase_add_test(g, test_sched_and_v1);
	tcase_add_test(g, test_devnum);
	tcase_add_test(v, test_verdict);
	tcase_add_test(v, test_rates);
	tcase_add_test(v, test_errors_plain);
	tcase_add_checked_fixture(tr, build_tree, drop_tree);
	tcase_add_test(tr, test_cgroup_lookup);
	tcase_add_test(tr, test_cgroup_modes);
	tcase_add_test(tr, test_disks_and_resolution);
	tcase_add_test(tr, test_dm_over_two_disks);
	tcase_add_test(tr, test_plan_apply_undo);
	tcase_add_test(tr, test_plan_model_and_enable);
	suite_add_tcase(s, g);
	suite_add_tcase(s, v);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	return run_suite(io_suite());
}
