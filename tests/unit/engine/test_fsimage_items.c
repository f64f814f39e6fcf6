/* FileSystemImage members of fsimage_items.c and fsimage_changes.c:
 * detached items (CreateDirectoryItem, CreateFileItem, Add), IsHidden,
 * a file's Data, change points, and the UDF / named-stream answers, with
 * the images they make read back by xorriso's osirrox and genisoimage's
 * isoinfo. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_run.h"
#include "discburn/fsimage.h"

static char dir[] = "/tmp/discburn-fsitems-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/discburn-fsitems-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A file stream of text (a local file under dir named name). */
static struct db_stream *text_stream(const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	return s;
}

static void read_all(struct db_stream *s, char *buf, size_t cap)
{
	size_t n = 0;
	for (;;) {
		size_t got = 0;
		bool eof = false;
		assert_int_equal(db_stream_read(s, buf + n, cap - 1 - n, &got, &eof), DB_S_OK);
		n += got;
		if (eof || n == cap - 1)
			break;
	}
	buf[n] = '\0';
}

/* The image of img into dir/name, whole. */
static void write_image(struct db_fs_image *img, const char *name)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	struct db_stream *s = db_fs_image_result_get_image_stream(res);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	static char buf[1 << 16];
	for (;;) {
		size_t got = 0;
		bool eof = false;
		assert_int_equal(db_stream_read(s, buf, sizeof(buf), &got, &eof), DB_S_OK);
		assert_int_equal(fwrite(buf, 1, got, f), got);
		if (eof)
			break;
	}
	fclose(f);
	db_fs_image_result_destroy(res);
}

/* The Rock Ridge tree of dir/iso as osirrox extracts it: "find" of it. */
static struct cli_capture *extracted(const char *iso)
{
	return cli_sh("rm -rf %s/x && osirrox -indev %s/%s -extract / %s/x >/dev/null 2>&1 && "
		      "cd %s/x && find . | LC_ALL=C sort",
		      dir, dir, iso, dir, dir);
}

static void test_create_items_and_add(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	struct db_fsi_item *d, *f, *f2, *spare;
	/* The name is one component (IMAPI_E_INVALID_PARAM, CreateFileItem). */
	assert_int_equal(db_fs_image_create_file_item(img, "a/b", &f), DB_IMAPI_E_INVALID_PARAM);
	assert_null(f);
	assert_int_equal(db_fs_image_create_file_item(img, "", &f), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_create_directory_item(img, "..", &d),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_create_directory_item(img, "docs", &d), DB_S_OK);
	assert_true(db_fsi_item_is_directory(d));
	assert_string_equal(db_fsi_item_get_name(d), "docs");
	assert_int_equal(db_fs_image_create_file_item(img, "note.txt", &f), DB_S_OK);
	assert_false(db_fsi_item_is_directory(f));
	/* Two detached items may share a name. */
	assert_int_equal(db_fs_image_create_file_item(img, "note.txt", &f2), DB_S_OK);
	/* One never added goes with the image. */
	assert_int_equal(db_fs_image_create_directory_item(img, "unused", &spare), DB_S_OK);
	/* Created, not added: in no directory, and nothing enters the image. */
	assert_int_equal(db_fs_image_get_directory_count(img), 0);
	assert_int_equal(db_fs_image_exists(img, "/docs"), DB_FSI_ITEM_NOT_FOUND);
	int64_t size = -1;
	assert_int_equal(db_fsi_file_get_data_size(f, &size), DB_S_OK);
	assert_int_equal(size, 0);
	/* put_Data before Add: the item keeps its pointer, name and times. */
	assert_int_equal(db_fsi_item_put_last_modified_time(f, 1000000000), DB_S_OK);
	assert_int_equal(db_fsi_file_put_data(f, text_stream("n", "hello, detached\n")),
			 DB_S_OK);
	assert_int_equal(db_fsi_file_get_data_size(f, &size), DB_S_OK);
	assert_int_equal(size, 16);
	assert_int_equal(db_fsi_item_get_last_modified_time(f), 1000000000);
	assert_string_equal(db_fsi_item_get_name(f), "note.txt");
	/* A detached directory takes no children (IMAPI_E_NOT_IN_FILE_SYSTEM). */
	assert_int_equal(db_fsi_directory_add(d, f), DB_IMAPI_E_NOT_IN_FILE_SYSTEM);
	assert_int_equal(db_fsi_directory_add_directory(d, "sub"), DB_IMAPI_E_NOT_IN_FILE_SYSTEM);
	struct db_stream *refused = text_stream("x", "x");
	assert_int_equal(db_fsi_directory_add_file(d, "x", refused), DB_IMAPI_E_NOT_IN_FILE_SYSTEM);
	db_stream_close(refused); /* still the caller's */
	/* A file is no directory to add to. */
	assert_int_equal(db_fsi_directory_add(f, d), DB_IMAPI_E_NOT_DIR);
	assert_int_equal(db_fsi_directory_add(root, d), DB_S_OK);
	assert_int_equal(db_fs_image_exists(img, "/docs"), DB_FSI_ITEM_DIRECTORY);
	assert_int_equal(db_fsi_directory_add(d, f), DB_S_OK);
	char path[64];
	assert_int_equal(db_fsi_item_get_full_path(f, path, sizeof(path)), DB_S_OK);
	assert_string_equal(path, "/docs/note.txt");
	/* Added once only; the same name twice is IMAPI_E_DUP_NAME. */
	assert_int_equal(db_fsi_directory_add(root, d), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fsi_directory_add(d, f2), DB_IMAPI_E_DUP_NAME);
	/* In the image the data is read-only (IFsiFileItem remarks). */
	struct db_stream *other = text_stream("o", "other");
	assert_int_equal(db_fsi_file_put_data(f, other), DB_IMAPI_E_READONLY);
	db_stream_close(other);
	/* Items of another image are refused. */
	struct db_fs_image *img2;
	struct db_fsi_item *foreign;
	assert_int_equal(db_fs_image_create(&img2), DB_S_OK);
	assert_int_equal(db_fs_image_create_file_item(img2, "foreign", &foreign), DB_S_OK);
	assert_int_equal(db_fsi_directory_add(root, foreign), DB_IMAPI_E_INVALID_PARAM);
	db_fs_image_destroy(img2);
	assert_int_equal(db_fs_image_get_file_count(img), 1);
	assert_int_equal(db_fs_image_get_directory_count(img), 1);

	write_image(img, "created.iso");
	db_fs_image_destroy(img);
	struct cli_capture *r = extracted("created.iso");
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, ".\n./docs\n./docs/note.txt\n");
	r = cli_sh("cat %s/x/docs/note.txt", dir);
	assert_string_equal(r->out, "hello, detached\n");
}

static void test_is_hidden(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img), *secret, *shown;
	assert_int_equal(db_fsi_directory_add_file(root, "secret.txt", text_stream("s", "s")),
			 DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(root, "shown.txt", text_stream("v", "v")),
			 DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "secret.txt", &secret), DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "shown.txt", &shown), DB_S_OK);
	bool hidden = true;
	assert_int_equal(db_fsi_item_get_is_hidden(secret, &hidden), DB_S_OK);
	assert_false(hidden); /* IMAPI's default */
	assert_int_equal(db_fsi_item_put_is_hidden(secret, true), DB_S_OK);
	assert_int_equal(db_fsi_item_get_is_hidden(secret, &hidden), DB_S_OK);
	assert_true(hidden);
	assert_int_equal(db_fsi_item_put_is_hidden(root, true), DB_IMAPI_E_INVALID_PARAM);
	/* Still an item of the image. */
	assert_int_equal(db_fs_image_get_file_count(img), 2);
	write_image(img, "hidden.iso");
	/* While a result is alive the tree is read-only. */
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	assert_int_equal(db_fsi_item_put_is_hidden(shown, true), DB_IMAPI_E_READONLY);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
	/* In none of the three trees. */
	struct cli_capture *r = extracted("hidden.iso");
	assert_string_equal(r->out, ".\n./shown.txt\n");
	r = cli_sh("isoinfo -f -i %s/hidden.iso; isoinfo -J -f -i %s/hidden.iso", dir, dir);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "SHOWN.TXT");
	cli_expect_in(r, "/shown.txt");
	if (strstr(r->out, "SECRET") || strstr(r->out, "secret"))
		fail_msg("the hidden file is listed:\n%s", r->out);
}

static void test_data_get(void **state)
{
	(void)state;
	char src[600];
	snprintf(src, sizeof(src), "%s/tree", dir);
	assert_int_equal(mkdir(src, 0755), 0);
	struct cli_capture *r = cli_sh("printf 'from the tree\\n' > %s/t.txt", src);
	assert_int_equal(r->rc, 0);
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img), *a, *t, *sub;
	assert_int_equal(db_fsi_directory_add_file(root, "a.txt", text_stream("a", "stream A\n")),
			 DB_S_OK);
	assert_int_equal(db_fsi_directory_add_tree(root, src, false), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(root, "sub"), DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "a.txt", &a), DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "t.txt", &t), DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "sub", &sub), DB_S_OK);
	char buf[128];
	struct db_stream *s;
	/* Read twice: each Data starts at the beginning. */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(db_fsi_file_get_data(a, &s), DB_S_OK);
		assert_int_equal(db_stream_size(s), 9);
		read_all(s, buf, sizeof(buf));
		assert_string_equal(buf, "stream A\n");
		db_stream_close(s);
	}
	assert_int_equal(db_fsi_file_get_data(t, &s), DB_S_OK);
	read_all(s, buf, sizeof(buf));
	assert_string_equal(buf, "from the tree\n");
	db_stream_close(s);
	assert_int_equal(db_fsi_file_get_data(sub, &s), DB_IMAPI_E_NOT_FILE);
	assert_null(s);
	/* The image after Data read the stream: the file is whole. */
	write_image(img, "data.iso");
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	assert_int_equal(db_fsi_file_get_data(a, &s), DB_IMAPI_E_READONLY);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
	r = cli_sh("osirrox -indev %s/data.iso -extract /a.txt %s/a.out >/dev/null 2>&1 && "
		   "cat %s/a.out", dir, dir, dir);
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, "stream A\n");
}

static void test_change_points(void **state)
{
	(void)state;
	char src[600];
	snprintf(src, sizeof(src), "%s/tree", dir);
	assert_int_equal(mkdir(src, 0755), 0);
	struct cli_capture *r = cli_sh("printf 'tree file\\n' > %s/t.txt", src);
	assert_int_equal(r->rc, 0);
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	int32_t cp0 = -1, cp1 = -1, cp2 = -1, now = -1;
	assert_int_equal(db_fs_image_get_change_point(img, &cp0), DB_S_OK);
	assert_int_equal(cp0, 0);
	assert_int_equal(db_fsi_directory_add_directory(root, "keep"), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(root, "keep/k.txt", text_stream("k", "kept\n")),
			 DB_S_OK);
	/* A failed change is none. */
	assert_int_equal(db_fsi_directory_add_directory(root, "keep"), DB_IMAPI_E_DUP_NAME);
	assert_int_equal(db_fs_image_get_change_point(img, &cp1), DB_S_OK);
	assert_int_equal(cp1, 2);
	assert_int_equal(db_fsi_directory_add_tree(root, src, true), DB_S_OK);
	assert_int_equal(db_fsi_directory_remove_tree(root, "keep"), DB_S_OK);
	assert_int_equal(db_fs_image_get_change_point(img, &cp2), DB_S_OK);
	assert_int_equal(cp2, 4);
	assert_int_equal(db_fsi_directory_add_directory(root, "later"), DB_S_OK);
	/* Back to cp1: keep/k.txt returns (its stream read again), tree/ and
	 * later/ go. */
	assert_int_equal(db_fs_image_rollback_to_change_point(img, cp1), DB_S_OK);
	assert_int_equal(db_fs_image_get_change_point(img, &now), DB_S_OK);
	assert_int_equal(now, cp1);
	assert_int_equal(db_fs_image_exists(img, "/keep/k.txt"), DB_FSI_ITEM_FILE);
	assert_int_equal(db_fs_image_exists(img, "/tree"), DB_FSI_ITEM_NOT_FOUND);
	assert_int_equal(db_fs_image_exists(img, "/later"), DB_FSI_ITEM_NOT_FOUND);
	/* The points after it are gone with the changes. */
	assert_int_equal(db_fs_image_rollback_to_change_point(img, cp2), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, 99), DB_IMAPI_E_INVALID_PARAM);
	/* A point never read (3) has no copy. */
	assert_int_equal(db_fsi_directory_add_tree(root, src, true), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(root, "x"), DB_S_OK);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, 3), DB_IMAPI_E_INVALID_PARAM);
	write_image(img, "cp.iso");
	r = extracted("cp.iso");
	assert_string_equal(r->out, ".\n./keep\n./keep/k.txt\n./tree\n./tree/t.txt\n./x\n");
	r = cli_sh("cat %s/x/keep/k.txt %s/x/tree/t.txt", dir, dir);
	assert_string_equal(r->out, "kept\ntree file\n");
	/* Locked: no way back before the lock; to the lock's point yes. */
	assert_int_equal(db_fs_image_lock_in_change_point(img), DB_S_OK);
	assert_int_equal(db_fs_image_get_change_point(img, &now), DB_S_OK);
	assert_int_equal(now, 4);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, cp0), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, cp1), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fsi_directory_remove_tree(root, "tree"), DB_S_OK);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, 4), DB_S_OK);
	assert_int_equal(db_fs_image_exists(img, "/tree/t.txt"), DB_FSI_ITEM_FILE);
	/* While a result lives: IMAPI_E_READONLY. */
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, 4), DB_IMAPI_E_READONLY);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
}

static void test_udf_and_named_streams_refused(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img), *f;
	assert_int_equal(db_fsi_directory_add_file(root, "f", text_stream("f", "f")), DB_S_OK);
	assert_int_equal(db_fsi_directory_get_item(root, "f", &f), DB_S_OK);
	bool b = true;
	assert_int_equal(db_fsi_file_get_is_named_stream(f, &b), DB_S_OK);
	assert_false(b);
	struct db_stream *s = text_stream("ns", "ns");
	assert_int_equal(db_fsi_file_add_stream(f, "ns", s), DB_E_NOTIMPL);
	db_stream_close(s);
	assert_int_equal(db_fsi_file_remove_stream(f, "ns"), DB_E_NOTIMPL);
	b = true;
	assert_int_equal(db_fsi_file_get_is_real_time(f, &b), DB_S_OK);
	assert_false(b);
	assert_int_equal(db_fsi_file_put_is_real_time(f, false), DB_S_OK);
	assert_int_equal(db_fsi_file_put_is_real_time(f, true),
			 DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED);
	assert_int_equal(db_fsi_file_get_is_real_time(root, &b), DB_IMAPI_E_NOT_FILE);
	int32_t rev = -1;
	assert_int_equal(db_fs_image_get_udf_revision(img, &rev), DB_S_OK);
	assert_int_equal(rev, 0);
	assert_int_equal(db_fs_image_put_udf_revision(img, 0x102),
			 DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED);
	assert_non_null(strstr(db_fs_image_last_error(img), "UDF is not written yet"));
	int32_t revs[8];
	size_t n = 9;
	assert_int_equal(db_fs_image_get_udf_revisions_supported(img, revs, 8, &n), DB_S_OK);
	assert_int_equal(n, 0);
	assert_string_equal(db_fs_image_get_volume_name_udf(img), "");
	b = true;
	assert_int_equal(db_fs_image_get_create_redundant_udf_metadata_files(img, &b), DB_S_OK);
	assert_false(b);
	assert_int_equal(db_fs_image_put_create_redundant_udf_metadata_files(img, true),
			 DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED);
	assert_int_equal(db_fs_image_put_create_redundant_udf_metadata_files(img, false), DB_S_OK);
	/* AddTreeWithNamedStreams is AddTree. */
	char src[600];
	snprintf(src, sizeof(src), "%s/nt", dir);
	assert_int_equal(mkdir(src, 0755), 0);
	assert_int_equal(db_fsi_directory_add_tree_with_named_streams(root, src, true), DB_S_OK);
	assert_int_equal(db_fs_image_exists(img, "/nt"), DB_FSI_ITEM_DIRECTORY);
	db_fs_image_destroy(img);
}

static void test_import_questions(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	uint32_t fs = 99;
	assert_int_equal(db_fs_image_get_default_file_system_for_import(
				 img, DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET, &fs),
			 DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_JOLIET);
	assert_int_equal(db_fs_image_get_default_file_system_for_import(
				 img, DB_FSI_FILE_SYSTEM_UDF | DB_FSI_FILE_SYSTEM_ISO9660, &fs),
			 DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_UDF);
	assert_int_equal(db_fs_image_get_default_file_system_for_import(
				 img, DB_FSI_FILE_SYSTEM_ISO9660, &fs),
			 DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_ISO9660);
	assert_int_equal(db_fs_image_get_default_file_system_for_import(
				 img, DB_FSI_FILE_SYSTEM_NONE, &fs),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_string_equal(db_fs_image_get_imported_volume_name(img), "");
	db_fs_image_destroy(img);
}

static struct db_boot_options *boot_opts(const char *name, uint32_t platform)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	static char block[4096];
	memset(block, platform == DB_PLATFORM_EFI ? 0xEF : 0x90, sizeof(block));
	assert_int_equal(fwrite(block, 1, sizeof(block), f), sizeof(block));
	fclose(f);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	struct db_boot_options *b;
	assert_int_equal(db_boot_options_create(&b), DB_S_OK);
	assert_int_equal(db_boot_options_assign_boot_image(b, s), DB_S_OK);
	assert_int_equal(db_boot_options_put_platform_id(b, platform), DB_S_OK);
	return b;
}

static void test_boot_image_options_array(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "f",
						   text_stream("f", "f")),
			 DB_S_OK);
	struct db_boot_options *x86 = boot_opts("bios.img", DB_PLATFORM_X86);
	struct db_boot_options *efi = boot_opts("efi.img", DB_PLATFORM_EFI);
	struct db_boot_options *empty;
	assert_int_equal(db_boot_options_create(&empty), DB_S_OK);
	struct db_boot_options *bad[] = {x86, empty};
	assert_int_equal(db_fs_image_put_boot_image_options_array(img, bad, 2),
			 DB_IMAPI_E_BOOT_IMAGE_DATA);
	struct db_boot_options *twice[] = {x86, x86};
	assert_int_equal(db_fs_image_put_boot_image_options_array(img, twice, 2),
			 DB_IMAPI_E_INVALID_PARAM);
	struct db_boot_options *many[DB_BOOT_IMAGES_MAX + 1];
	for (size_t i = 0; i <= DB_BOOT_IMAGES_MAX; i++)
		many[i] = x86;
	assert_int_equal(db_fs_image_put_boot_image_options_array(img, many,
								  DB_BOOT_IMAGES_MAX + 1),
			 DB_IMAPI_E_INVALID_PARAM);
	db_boot_options_destroy(empty);
	struct db_boot_options *both[] = {x86, efi};
	assert_int_equal(db_fs_image_put_boot_image_options_array(img, both, 2), DB_S_OK);
	struct db_boot_options *const *got;
	size_t n = 0;
	assert_int_equal(db_fs_image_get_boot_image_options_array(img, &got, &n), DB_S_OK);
	assert_int_equal(n, 2);
	assert_ptr_equal(got[0], x86);
	assert_ptr_equal(got[1], efi);
	assert_ptr_equal(db_fs_image_get_boot_image_options(img), x86);
	/* The boot images are no items. */
	assert_int_equal(db_fs_image_get_file_count(img), 1);
	write_image(img, "boot2.iso");
	/* Twice: the boot nodes went with the first result. */
	write_image(img, "boot2b.iso");
	assert_int_equal(db_fs_image_get_file_count(img), 1);
	db_fs_image_destroy(img);
	/* xorriso reads both entries: BIOS and UEFI. */
	struct cli_capture *r = cli_sh("xorriso -indev %s/boot2.iso -report_el_torito plain "
				       "2>/dev/null | grep '^El Torito boot img'", dir);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "BIOS");
	cli_expect_in(r, "UEFI");
	r = cli_sh("xorriso -indev %s/boot2.iso -report_el_torito plain 2>/dev/null | "
		   "grep -c '^El Torito boot img :'", dir);
	assert_string_equal(r->out, "2\n");
	r = extracted("boot2b.iso");
	assert_string_equal(r->out, ".\n./f\n");
}

/* A file of the tree with the boot node's name: CreateResultImage refuses
 * (IMAPI_E_BOOT_IMAGE_DATA, naming it) and the user's file stays (the
 * cleanup of the failed boot setup used to remove it by name). */
static void test_boot_node_name_taken(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "discburn-boot.img",
						   text_stream("mine", "mine")),
			 DB_S_OK);
	assert_int_equal(db_fs_image_put_boot_image_options(img, boot_opts("b.img", DB_PLATFORM_X86)),
			 DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_IMAPI_E_BOOT_IMAGE_DATA);
	assert_non_null(strstr(db_fs_image_last_error(img), "discburn-boot.img"));
	assert_int_equal(db_fs_image_exists(img, "/discburn-boot.img"), DB_FSI_ITEM_FILE);
	db_fs_image_destroy(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_items_and_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_is_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udf_and_named_streams_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_image_options_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_node_name_taken, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
