// SPDX-License-Identifier: GPL-2.0-or-later
/* test-persist.c: the store of kept claims: round trip, atomic writes, strict parsing, match states */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "testutil.h"
#include "vfio/persist.h"

#define EDU "0000:00:02.0"
#define EDU_DIR "sys/devices/pci0000:00/0000:00:02.0"

static char *root;
static struct path_ctx *ctx;

static const char good[] =
	"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\n"
	"class 0x00ff00\ngroup 2\ndriver vfio-pci\n";

/* an edu function in group 2, unbound, as the QEMU guest shows it */
static void setup(void)
{
	root = tree_new();
	tree_write(root, EDU_DIR "/vendor", "0x1234\n");
	tree_write(root, EDU_DIR "/device", "0x11e8\n");
	tree_write(root, EDU_DIR "/subsystem_vendor", "0x1af4\n");
	tree_write(root, EDU_DIR "/subsystem_device", "0x1100\n");
	tree_write(root, EDU_DIR "/class", "0x00ff00\n");
	tree_mkdir(root, "sys/kernel/iommu_groups/2/devices");
	tree_mkdir(root, "sys/kernel/iommu_groups/3/devices");
	tree_link(root, EDU_DIR "/iommu_group", "../../kernel/iommu_groups/2");
	tree_link(root, "sys/bus/pci/devices/" EDU, "../../../devices/pci0000:00/0000:00:02.0");
	tree_mkdir(root, "sys/bus/pci/drivers/vfio-pci");
	tree_mkdir(root, "sys/bus/pci/drivers/e1000e");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
}

static void teardown(void)
{
	path_ctx_free(ctx);
	tree_cleanup(root);
}

static int parse(const char *text, struct persist_entry *e)
{
	return persist_entry_parse(text, strlen(text), EDU, e);
}

START_TEST(test_keep_and_read_back)
{
	struct persist_entry e;
	char path[4096], *text;
	size_t len;
	struct stat st;

	ck_assert_int_eq(persist_keep(ctx, EDU, "vfio-pci"), 0);
	/* byte for byte what the format promises */
	ck_assert_int_eq(path_read_alloc(ctx, &text, &len, "etc/vfioctl/persist.d/" EDU), 0);
	ck_assert_str_eq(text, good);
	free(text);
	ck_assert_int_eq(persist_read(ctx, EDU, &e), 0);
	ck_assert_str_eq(e.bdf, EDU);
	ck_assert_uint_eq(e.vendor_id, 0x1234);
	ck_assert_uint_eq(e.device_id, 0x11e8);
	ck_assert_uint_eq(e.subsys_vendor_id, 0x1af4);
	ck_assert_uint_eq(e.subsys_device_id, 0x1100);
	ck_assert_uint_eq(e.class_code, 0x00ff00);
	ck_assert_int_eq(e.group, 2);
	ck_assert_str_eq(e.driver, "vfio-pci");
	/* root's file to change, anyone's to read */
	snprintf(path, sizeof(path), "%s/etc/vfioctl/persist.d/" EDU, root);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
}
END_TEST

START_TEST(test_write_is_atomic)
{
	struct persist_entry e;
	char **list = NULL, dir[4096];

	ck_assert_int_eq(persist_keep(ctx, EDU, "vfio-pci"), 0);
	/* a temporary file left by a crash mid-write is neither listed nor read */
	tree_write(root, "etc/vfioctl/persist.d/" EDU ".tmp.99", "vfioctl-persist 1\ndev");
	tree_write(root, "etc/vfioctl/persist.d/notes", "x\n");
	ck_assert_int_eq(persist_list(ctx, &list), 0);
	ck_assert_ptr_nonnull(list[0]);
	ck_assert_str_eq(list[0], EDU);
	ck_assert_ptr_null(list[1]);
	strv_free(list);
	/* a rewrite replaces the entry whole (new group), leaving no temp file of its own */
	snprintf(dir, sizeof(dir), "%s/" EDU_DIR "/iommu_group", root);
	ck_assert_int_eq(unlink(dir), 0);
	tree_link(root, EDU_DIR "/iommu_group", "../../kernel/iommu_groups/3");
	ck_assert_int_eq(persist_keep(ctx, EDU, "vfio-pci"), 0);
	ck_assert_int_eq(persist_read(ctx, EDU, &e), 0);
	ck_assert_int_eq(e.group, 3);
	snprintf(dir, sizeof(dir), "%s/etc/vfioctl/persist.d/" EDU ".tmp.%d", root, (int)getpid());
	ck_assert_int_ne(access(dir, F_OK), 0);
	/* forget it: absent afterwards, and forgetting twice is fine */
	ck_assert_int_eq(persist_remove(ctx, EDU), 0);
	ck_assert_int_eq(persist_read(ctx, EDU, &e), -ENOENT);
	ck_assert_int_eq(persist_remove(ctx, EDU), 0);
}
END_TEST

START_TEST(test_list_without_store)
{
	char **list = NULL;

	ck_assert_int_eq(persist_list(ctx, &list), 0);
	ck_assert_ptr_null(list[0]);
	strv_free(list);
}
END_TEST

/* every way a file can differ from what vfioctl writes is refused */
START_TEST(test_parse_strict)
{
	static const char *const bad[] = {
		"",
		"vfioctl-persist 2\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		/* no final newline */
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci",
		/* the BDF is not the file's */
		"vfioctl-persist 1\ndevice 0000:00:03.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		/* not canonical */
		"vfioctl-persist 1\ndevice 00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11E8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234-11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 02\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup -1\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 99999999999\ndriver vfio-pci\n",
		/* a host driver, or a name that is not a driver, is never bound from a file */
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver e1000e\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver ../vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver \n",
		/* order, duplicates, extra or missing lines, blanks */
		"vfioctl-persist 1\nids 1234:11e8\ndevice 0000:00:02.0\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\n\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice  0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
		"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci \n",
		"vfioctl-persist 1\r\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\nclass 0x00ff00\ngroup 2\ndriver vfio-pci\n",
	};
	struct persist_entry e;

	ck_assert_int_eq(parse(good, &e), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(bad[i], &e) == -EBADMSG, "accepted bad entry %zu", i);
	/* a NUL byte inside, and a file longer than any entry */
	{
		char nul[sizeof(good)];
		char big[PERSIST_ENTRY_MAX + 2];

		memcpy(nul, good, sizeof(good));
		nul[20] = '\0';
		ck_assert_int_eq(persist_entry_parse(nul, sizeof(good) - 1, EDU, &e), -EBADMSG);
		memset(big, 'a', sizeof(big));
		big[sizeof(big) - 1] = '\n';
		ck_assert_int_eq(persist_entry_parse(big, sizeof(big), EDU, &e), -EBADMSG);
	}
	/* "group none" for a device that had no group at claim time */
	{
		static const char nogroup[] =
			"vfioctl-persist 1\ndevice 0000:00:02.0\nids 1234:11e8\nsubsystem 1af4:1100\n"
			"class 0x00ff00\ngroup none\ndriver vfio-pci\n";

		ck_assert_int_eq(parse(nogroup, &e), 0);
		ck_assert_int_eq(e.group, -1);
	}
	/* what is read from a file named otherwise is refused too */
	tree_write(root, "etc/vfioctl/persist.d/0000:00:03.0", good);
	ck_assert_int_eq(persist_read(ctx, "0000:00:03.0", &e), -EBADMSG);
	ck_assert_int_eq(persist_read(ctx, "../../x", &e), -EINVAL);
}
END_TEST

START_TEST(test_keep_refuses_bad_input)
{
	ck_assert_int_eq(persist_keep(ctx, EDU, "e1000e"), -EINVAL);
	ck_assert_int_eq(persist_keep(ctx, "0000:00:09.0", "vfio-pci"), -ENOENT);
	ck_assert_int_eq(persist_keep(ctx, "00:02.0", "vfio-pci"), -EINVAL);
	tree_write(root, EDU_DIR "/vendor", "0x12345\n");
	ck_assert_int_eq(persist_keep(ctx, EDU, "vfio-pci"), -ERANGE);
}
END_TEST

static enum persist_state state_of(const struct persist_entry *e)
{
	struct persist_status st;

	ck_assert_int_eq(persist_check(ctx, e, &st), 0);
	return st.state;
}

START_TEST(test_match_states)
{
	struct persist_entry e, x;
	struct persist_status st;
	char p[4096];

	ck_assert_int_eq(persist_entry_from_device(ctx, EDU, "vfio-pci", &e), 0);
	ck_assert_int_eq(state_of(&e), PERSIST_MATCHES);
	ck_assert_int_eq(persist_check(ctx, &e, &st), 0);
	ck_assert_str_eq(st.driver, "");
	/* on vfio-pci: still matches */
	tree_link(root, EDU_DIR "/driver", "../../bus/pci/drivers/vfio-pci");
	ck_assert_int_eq(state_of(&e), PERSIST_MATCHES);
	/* a host driver got it first */
	snprintf(p, sizeof(p), "%s/" EDU_DIR "/driver", root);
	ck_assert_int_eq(unlink(p), 0);
	tree_link(root, EDU_DIR "/driver", "../../bus/pci/drivers/e1000e");
	ck_assert_int_eq(persist_check(ctx, &e, &st), 0);
	ck_assert_int_eq(st.state, PERSIST_BOUND_ELSEWHERE);
	ck_assert_str_eq(st.driver, "e1000e");
	ck_assert(persist_state_applicable(st.state));
	/* each identity field on its own */
	x = e;
	x.device_id = 0x11e9;
	ck_assert_int_eq(state_of(&x), PERSIST_ID_CHANGED);
	x = e;
	x.subsys_device_id = 0x1101;
	ck_assert_int_eq(state_of(&x), PERSIST_ID_CHANGED);
	x = e;
	x.class_code = 0x020000;
	ck_assert_int_eq(state_of(&x), PERSIST_ID_CHANGED);
	ck_assert(!persist_state_applicable(PERSIST_ID_CHANGED));
	/* another group beats "bound elsewhere": the topology changed */
	x = e;
	x.group = 3;
	ck_assert_int_eq(persist_check(ctx, &x, &st), 0);
	ck_assert_int_eq(st.state, PERSIST_MOVED);
	ck_assert_str_eq(st.detail, "kept in IOMMU group 3, now in group 2");
	ck_assert(!persist_state_applicable(PERSIST_MOVED));
	/* a changed ID beats a moved group */
	x.vendor_id = 0x8086;
	ck_assert_int_eq(state_of(&x), PERSIST_ID_CHANGED);
	/* nothing at that address */
	x = e;
	strcpy(x.bdf, "0000:00:09.0");
	ck_assert_int_eq(state_of(&x), PERSIST_MISSING);
	ck_assert(!persist_state_applicable(PERSIST_MISSING));
	ck_assert_str_eq(persist_state_name(PERSIST_MOVED), "moved to another group");
}
END_TEST

static Suite *persist_suite(void)
{
	Suite *s = suite_create("persist");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_keep_and_read_back);
	tcase_add_test(tc, test_write_is_atomic);
	tcase_add_test(tc, test_list_without_store);
	tcase_add_test(tc, test_parse_strict);
	tcase_add_test(tc, test_keep_refuses_bad_input);
	tcase_add_test(tc, test_match_states);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(persist_suite());
}
