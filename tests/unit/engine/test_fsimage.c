/* FileSystemImage on libisofs: the properties and their rules, the tree
 * operations and their IMAPI2FS codes, and images that independent readers
 * (genisoimage's isoinfo -l / -J / -R, xorriso's osirrox -extract) read
 * back as the tree they were made from: long and Unicode names, names that
 * clash after ISO 9660 mapping, a tree deeper than 8 levels, empty files
 * and directories, symlinks, modes and hard links. */
#include <errno.h>
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

static char dir[] = "/tmp/discburn-fsimage-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/discburn-fsimage-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s; rm -rf %s", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* The result's stream into a file, read in odd sizes (a partial block
 * first) as a consumer may; returns the bytes read. */
static int64_t save(struct db_fs_image_result *res, const char *path, db_status *st_out)
{
	struct db_stream *s = db_fs_image_result_get_image_stream(res);
	assert_non_null(s);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	static char buf[1 << 17];
	int64_t total = 0;
	size_t sizes[] = {100, 1948, 4096, sizeof(buf)};
	unsigned i = 0;
	db_status st = DB_S_OK;
	for (;;) {
		size_t got = 0;
		bool eof = false;
		st = db_stream_read(s, buf, sizes[i < 3 ? i : 3], &got, &eof);
		i++;
		if (db_failed(st))
			break;
		assert_int_equal(fwrite(buf, 1, got, f), got);
		total += (int64_t)got;
		if (eof)
			break;
	}
	fclose(f);
	*st_out = st;
	return total;
}

/* ---- properties ---------------------------------------------------------- */

static void test_defaults_and_rules(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fs_image_get_file_systems_to_create(img),
			 DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET);
	assert_int_equal(db_fs_image_get_file_systems_supported(img), 3);
	assert_int_equal(db_fs_image_get_free_media_blocks(img), 332800);
	assert_int_equal(db_fs_image_get_iso9660_interchange_level(img), 2);
	assert_true(db_fs_image_get_rock_ridge(img));
	assert_string_equal(db_fs_image_get_volume_name(img), "");

	/* UDF is refused until it is written. */
	assert_int_equal(db_fs_image_put_file_systems_to_create(img, 5),
			 DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED);
	assert_non_null(strstr(db_fs_image_last_error(img), "UDF"));
	assert_int_equal(db_fs_image_get_file_systems_to_create(img), 3);

	/* VolumeName: 15 characters, Joliet's set while Joliet is made. */
	assert_int_equal(db_fs_image_put_volume_name(img, "Backup_2026.12"), DB_S_OK);
	assert_string_equal(db_fs_image_get_volume_name(img), "Backup_2026.12");
	assert_string_equal(db_fs_image_get_volume_name_iso9660(img), "BACKUP_2026_12");
	assert_string_equal(db_fs_image_get_volume_name_joliet(img), "Backup_2026.12");
	assert_int_equal(db_fs_image_put_volume_name(img, "ABCDEFGHIJKLMNOP"),
			 DB_IMAPI_E_INVALID_VOLUME_NAME);
	assert_non_null(strstr(db_fs_image_last_error(img), "16 characters"));
	assert_int_equal(db_fs_image_put_volume_name(img, "my disc"),
			 DB_IMAPI_E_INVALID_VOLUME_NAME);
	assert_non_null(strstr(db_fs_image_last_error(img), "' '"));
	assert_string_equal(db_fs_image_get_volume_name(img), "Backup_2026.12");
	/* ISO 9660 alone: A-Z 0-9 _ only. */
	assert_int_equal(db_fs_image_put_file_systems_to_create(img, DB_FSI_FILE_SYSTEM_ISO9660),
			 DB_S_OK);
	assert_int_equal(db_fs_image_put_volume_name(img, "lower"), DB_IMAPI_E_INVALID_VOLUME_NAME);
	assert_int_equal(db_fs_image_put_volume_name(img, "UPPER_1"), DB_S_OK);

	assert_int_equal(db_fs_image_put_iso9660_interchange_level(img, 4),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_put_iso9660_interchange_level(img, 3), DB_S_OK);
	uint32_t levels[3];
	assert_int_equal(db_fs_image_get_iso9660_interchange_levels_supported(img, levels), 3);
	assert_int_equal(levels[2], 3);
	assert_int_equal(db_fs_image_put_free_media_blocks(img, -1), DB_IMAPI_E_INVALID_PARAM);

	/* ChooseImageDefaultsForMediaType: the medium's nominal size. */
	assert_int_equal(db_fs_image_choose_image_defaults_for_media_type(img,
									 DB_MEDIA_TYPE_DVDPLUSR),
			 DB_S_OK);
	assert_int_equal(db_fs_image_get_free_media_blocks(img), 2295104);
	assert_int_equal(db_fs_image_get_file_systems_to_create(img), 3);
	assert_int_equal(db_fs_image_choose_image_defaults_for_media_type(img, DB_MEDIA_TYPE_BDR),
			 DB_S_OK);
	assert_int_equal(db_fs_image_get_free_media_blocks(img), 12219392);
	assert_int_equal(db_fs_image_choose_image_defaults_for_media_type(img,
									 DB_MEDIA_TYPE_UNKNOWN),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_choose_image_defaults_for_media_type(
				 img, (enum db_media_physical_type)77),
			 DB_IMAPI_E_INVALID_PARAM);

	assert_int_equal(db_fs_image_put_working_directory(img, "/nonexistent/x"),
			 DB_IMAPI_E_INVALID_WORKING_DIRECTORY);
	assert_int_equal(db_fs_image_put_working_directory(img, "/tmp"), DB_S_OK);
	assert_string_equal(db_fs_image_get_working_directory(img), "/tmp");

	assert_int_equal(db_fs_image_put_file_systems_to_create(img, 0), DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_IMAPI_E_NO_OUTPUT);
	db_fs_image_destroy(img);
}

/* ---- the tree -------------------------------------------------------------- */

static struct db_stream *text_stream(const char *text)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/stream-%zu", dir, strlen(text));
	put_file(path, text, 0644);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	return s;
}

static void test_tree_operations(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	assert_non_null(root);
	assert_true(db_fsi_item_is_directory(root));
	char path[256];
	assert_int_equal(db_fsi_item_get_full_path(root, path, sizeof(path)), DB_S_OK);
	assert_string_equal(path, "/");

	assert_int_equal(db_fsi_directory_add_directory(root, "docs"), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(root, "/docs/sub"), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(root, "docs"), DB_IMAPI_E_DUP_NAME);
	assert_int_equal(db_fsi_directory_add_directory(root, "none/x"), DB_IMAPI_E_DIR_NOT_FOUND);
	assert_non_null(strstr(db_fs_image_last_error(img), "'none'"));
	assert_int_equal(db_fsi_directory_add_directory(root, "docs/../x"),
			 DB_IMAPI_E_INVALID_PATH);
	assert_int_equal(db_fsi_directory_add_directory(root, ""), DB_IMAPI_E_INVALID_PATH);

	struct db_fsi_item *docs;
	assert_int_equal(db_fsi_directory_get_item(root, "docs", &docs), DB_S_OK);
	struct db_stream *s = text_stream("hello, disc\n");
	assert_int_equal(db_fsi_directory_add_file(docs, "readme.txt", s), DB_S_OK);
	/* A failed AddFile leaves the stream with the caller. */
	struct db_stream *s2 = text_stream("another\n");
	assert_int_equal(db_fsi_directory_add_file(docs, "readme.txt", s2), DB_IMAPI_E_DUP_NAME);
	assert_int_equal(db_fsi_directory_add_file(root, "docs/readme.txt/x", s2),
			 DB_IMAPI_E_NOT_DIR);
	struct db_stream *pipe_like;
	assert_int_equal(db_stream_from_fd(dup(0), -1, true, &pipe_like), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(root, "pipe", pipe_like),
			 DB_IMAPI_E_DATA_STREAM_CREATE_FAILURE);
	db_stream_close(pipe_like);
	db_stream_close(s2);

	struct db_fsi_item *f;
	assert_int_equal(db_fsi_directory_get_item(root, "docs/readme.txt", &f), DB_S_OK);
	assert_false(db_fsi_item_is_directory(f));
	assert_string_equal(db_fsi_item_get_name(f), "readme.txt");
	assert_int_equal(db_fsi_item_get_full_path(f, path, sizeof(path)), DB_S_OK);
	assert_string_equal(path, "/docs/readme.txt");
	assert_int_equal(db_fsi_item_get_full_path(f, path, 5), DB_E_INVALIDARG);
	int64_t size;
	assert_int_equal(db_fsi_file_get_data_size(f, &size), DB_S_OK);
	assert_int_equal(size, 12);
	int32_t lo, hi;
	assert_int_equal(db_fsi_file_get_data_size_32bit_low(f, &lo), DB_S_OK);
	assert_int_equal(db_fsi_file_get_data_size_32bit_high(f, &hi), DB_S_OK);
	assert_int_equal(lo, 12);
	assert_int_equal(hi, 0);
	assert_int_equal(db_fsi_file_get_data_size(docs, &size), DB_IMAPI_E_NOT_FILE);
	void *ns;
	assert_int_equal(db_fsi_file_get_fsi_named_streams(f, &ns), DB_E_NOTIMPL);
	assert_int_equal(db_fsi_item_put_last_modified_time(f, 1000000000), DB_S_OK);
	assert_int_equal(db_fsi_item_get_last_modified_time(f), 1000000000);
	/* The same item for the same node. */
	struct db_fsi_item *again;
	assert_int_equal(db_fsi_directory_get_item(docs, "readme.txt", &again), DB_S_OK);
	assert_ptr_equal(again, f);
	assert_int_equal(db_fsi_directory_get_item(root, "docs/nothing", &again),
			 DB_IMAPI_E_ITEM_NOT_FOUND);

	int32_t n;
	assert_int_equal(db_fsi_directory_get_count(docs, &n), DB_S_OK);
	assert_int_equal(n, 2);
	struct db_fsi_item **items;
	size_t count;
	assert_int_equal(db_fsi_directory_get_enum_fsi_items(docs, &items, &count), DB_S_OK);
	assert_int_equal(count, 2);
	assert_string_equal(db_fsi_item_get_name(items[0]), "readme.txt");
	assert_string_equal(db_fsi_item_get_name(items[1]), "sub");
	free(items);
	assert_int_equal(db_fs_image_get_file_count(img), 1);
	assert_int_equal(db_fs_image_get_directory_count(img), 2);
	assert_int_equal(db_fs_image_exists(img, "/docs/sub"), DB_FSI_ITEM_DIRECTORY);
	assert_int_equal(db_fs_image_exists(img, "/docs/readme.txt"), DB_FSI_ITEM_FILE);
	assert_int_equal(db_fs_image_exists(img, "/docs/x"), DB_FSI_ITEM_NOT_FOUND);

	/* While a result is alive the tree is read-only. */
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(root, "late"), DB_IMAPI_E_READONLY);
	const void *head;
	int32_t head_sectors = -1;
	assert_int_equal(db_fs_image_result_get_overwrite_sectors(res, &head, &head_sectors), DB_S_OK);
	assert_int_equal(head_sectors, 0); /* nothing to rewrite: no grown medium */
	struct db_fs_image_result *second;
	assert_int_equal(db_fs_image_create_result_image(img, &second), DB_IMAPI_E_READONLY);
	assert_null(second);
	db_fs_image_result_destroy(res); /* unread: the writer is cancelled */
	assert_int_equal(db_fsi_directory_add_directory(root, "late"), DB_S_OK);

	assert_int_equal(db_fsi_directory_remove(root, "docs"), DB_IMAPI_E_DIR_NOT_EMPTY);
	assert_int_equal(db_fsi_directory_remove(root, "docs/readme.txt"), DB_S_OK);
	assert_int_equal(db_fsi_directory_remove_tree(root, "docs/sub/x"),
			 DB_IMAPI_E_ITEM_NOT_FOUND);
	assert_int_equal(db_fsi_directory_remove_tree(root, "docs"), DB_S_OK);
	assert_int_equal(db_fs_image_exists(img, "docs"), DB_FSI_ITEM_NOT_FOUND);
	assert_int_equal(db_fs_image_get_directory_count(img), 1);
	db_fs_image_destroy(img);
}

/* ---- images read back ------------------------------------------------------ */

/* The tree of the proof. */
static void make_tree(const char *src)
{
	char p[1024];
	assert_int_equal(mkdir(src, 0755), 0);
	snprintf(p, sizeof(p), "%s/readme.txt", src);
	put_file(p, "top level file\n", 0644);
	/* Names ISO 9660 must map: long, Unicode, several dots, and two
	 * that are the same after mapping (level 2: 31 characters). */
	snprintf(p, sizeof(p), "%s/a_really_long_file_name_that_goes_past_thirty_one_chars_1.txt",
		 src);
	put_file(p, "long 1\n", 0644);
	snprintf(p, sizeof(p), "%s/a_really_long_file_name_that_goes_past_thirty_one_chars_2.txt",
		 src);
	put_file(p, "long 2\n", 0644);
	snprintf(p, sizeof(p), "%s/Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac.txt", src);
	put_file(p, "unicode\n", 0644);
	snprintf(p, sizeof(p), "%s/Clash.TXT", src);
	put_file(p, "upper\n", 0644);
	snprintf(p, sizeof(p), "%s/clash.txt", src);
	put_file(p, "lower\n", 0644);
	snprintf(p, sizeof(p), "%s/archive.tar.gz", src);
	put_file(p, "dots\n", 0644);
	snprintf(p, sizeof(p), "%s/empty", src);
	put_file(p, "", 0644);
	snprintf(p, sizeof(p), "%s/script.sh", src);
	put_file(p, "#!/bin/sh\necho hi\n", 0755);
	snprintf(p, sizeof(p), "%s/secret", src);
	put_file(p, "mode 0600\n", 0600);
	snprintf(p, sizeof(p), "%s/empty-dir", src);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/.hidden", src);
	put_file(p, "dot file\n", 0644);
	/* Symlinks: relative, absolute, dangling; a hard link. */
	snprintf(p, sizeof(p), "%s/link-to-readme", src);
	assert_int_equal(symlink("readme.txt", p), 0);
	snprintf(p, sizeof(p), "%s/link-abs", src);
	assert_int_equal(symlink("/etc/hostname", p), 0);
	snprintf(p, sizeof(p), "%s/dangling", src);
	assert_int_equal(symlink("no/such/file", p), 0);
	char target[1024];
	snprintf(target, sizeof(target), "%s/readme.txt", src);
	snprintf(p, sizeof(p), "%s/hardlink.txt", src);
	assert_int_equal(link(target, p), 0);
	/* 11 directory levels below the top: deeper than ISO 9660's 8. */
	snprintf(p, sizeof(p), "%s/deep", src);
	assert_int_equal(mkdir(p, 0755), 0);
	for (int i = 1; i <= 10; i++) {
		size_t len = strlen(p);
		snprintf(p + len, sizeof(p) - len, "/level%d", i);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	strncat(p, "/bottom.txt", sizeof(p) - strlen(p) - 1);
	put_file(p, "at the bottom\n", 0644);
}

/* name, type, mode, link target of every entry: what must survive. */
#define LISTING "find . -mindepth 1 -printf '%%P %%y %%m %%l\\n' | LC_ALL=C sort"

static void test_add_tree_read_back(void **state)
{
	(void)state;
	char src[600], iso[600], out[600];
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(iso, sizeof(iso), "%s/out.iso", dir);
	snprintf(out, sizeof(out), "%s/x", dir);
	make_tree(src);

	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fs_image_put_volume_name(img, "Test.Tree"), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	assert_int_equal(db_fsi_directory_add_tree(root, src, false), DB_S_OK);
	/* 13 regular files (the hard link is one), 3 symlinks. */
	assert_int_equal(db_fs_image_get_file_count(img), 16);
	assert_int_equal(db_fs_image_get_directory_count(img), 12);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	int32_t blocks = db_fs_image_result_get_total_blocks(res);
	assert_true(blocks > 16);
	assert_int_equal(db_fs_image_result_get_block_size(res), 2048);
	assert_int_equal(db_stream_size(db_fs_image_result_get_image_stream(res)),
			 (int64_t)blocks * 2048);
	db_status st;
	assert_int_equal(save(res, iso, &st), (int64_t)blocks * 2048);
	assert_int_equal(st, DB_S_OK);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);

	/* genisoimage's reader: the PVD, the ISO 9660 names (unique, mapped),
	 * Joliet's and Rock Ridge's. */
	struct cli_capture *r = cli_sh("isoinfo -d -i %s", iso);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "Volume id: TEST_TREE");
	cli_expect_in(r, "Rock Ridge signatures version 1 found");
	cli_expect_in(r, "Joliet with UCS level 3 found");
	r = cli_sh("isoinfo -f -i %s | LC_ALL=C sort | uniq -d | wc -l", iso);
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, "0\n");
	r = cli_sh("isoinfo -f -i %s", iso);
	cli_expect_in(r, "/README.TXT;1");
	r = cli_sh("isoinfo -J -l -i %s", iso);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "a_really_long_file_name_that_goes_past_thirty_one_chars_2.txt");
	/* isoinfo -j knows no UTF-8: xorriso reads the Joliet tree alone for
	 * the Unicode name (UCS-2 in the SVD). */
	r = cli_sh("LC_ALL=C.UTF-8 xorriso -rockridge off -joliet on -indev %s -find / "
		   "2>/dev/null", iso);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "'/Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac.txt'");
	r = cli_sh("LC_ALL=C.UTF-8 isoinfo -R -l -i %s", iso);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "a_really_long_file_name_that_goes_past_thirty_one_chars_2.txt");
	cli_expect_in(r, "-rw-------"); /* secret, 0600 */
	cli_expect_in(r, "drwx------"); /* empty-dir, 0700 */
	cli_expect_in(r, "link-to-readme -> readme.txt");

	/* xorriso's reader extracts the tree: identical to the source in
	 * names, types, modes and link targets, and in every file's bytes. */
	r = cli_sh("osirrox -indev %s -extract / %s", iso, out);
	assert_int_equal(r->rc, 0);
	r = cli_sh("cd %s && " LISTING " > ../src.list && cd %s && " LISTING
		   " > ../x.list && diff ../src.list ../x.list",
		   src, out);
	if (r->rc != 0)
		fail_msg("listings differ:\n%s", r->out);
	r = cli_sh("diff -r --no-dereference %s %s", src, out);
	if (r->rc != 0)
		fail_msg("contents differ:\n%s", r->out);
	/* The hard link's data is written once: both names start at the
	 * same LBA (xorriso's report_lba). */
	r = cli_sh("xorriso -indev %s -find / -name readme.txt -exec report_lba -- "
		   "-find / -name hardlink.txt -exec report_lba -- 2>/dev/null | "
		   "grep '^File data lba' | cut -d, -f2 | uniq | wc -l", iso);
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, "1\n");
}

static void test_include_base_and_clash(void **state)
{
	(void)state;
	char src[600];
	snprintf(src, sizeof(src), "%s/tree", dir);
	assert_int_equal(mkdir(src, 0755), 0);
	char p[700];
	snprintf(p, sizeof(p), "%s/one.txt", src);
	put_file(p, "1\n", 0644);
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	assert_int_equal(db_fsi_directory_add_tree(root, src, true), DB_S_OK);
	assert_int_equal(db_fs_image_exists(img, "/tree/one.txt"), DB_FSI_ITEM_FILE);
	assert_int_equal(db_fsi_directory_add_tree(root, src, true), DB_IMAPI_E_DUP_NAME);
	struct db_fsi_item *t;
	assert_int_equal(db_fsi_directory_get_item(root, "tree", &t), DB_S_OK);
	/* The contents into a directory that has one of the names: refused
	 * before anything is added. */
	assert_int_equal(db_fsi_directory_add_tree(t, src, false), DB_IMAPI_E_DUP_NAME);
	assert_non_null(strstr(db_fs_image_last_error(img), "one.txt"));
	assert_int_equal(db_fsi_directory_add_tree(root, p, false), DB_IMAPI_E_NOT_DIR);
	assert_int_equal(db_fsi_directory_add_tree(root, "/nonexistent-dir", false),
			 DB_IMAPI_E_DIRECTORY_READ_FAILURE);
	/* An unreadable file fails AddTree, naming it, and leaves nothing. */
	char src2[600];
	snprintf(src2, sizeof(src2), "%s/tree2", dir);
	assert_int_equal(mkdir(src2, 0755), 0);
	snprintf(p, sizeof(p), "%s/ok.txt", src2);
	put_file(p, "ok\n", 0644);
	snprintf(p, sizeof(p), "%s/locked.txt", src2);
	put_file(p, "locked\n", 0000);
	if (geteuid() != 0 || access(p, R_OK) != 0) {
		assert_int_equal(db_fsi_directory_add_tree(root, src2, false),
				 DB_IMAPI_E_DIRECTORY_READ_FAILURE);
		assert_non_null(strstr(db_fs_image_last_error(img), "locked.txt"));
		assert_int_equal(db_fs_image_exists(img, "/ok.txt"), DB_FSI_ITEM_NOT_FOUND);
	}
	db_fs_image_destroy(img);
}

static void test_deep_tree_without_rock_ridge(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct db_fsi_item *root = db_fs_image_get_root(img);
	/* 8 levels counting the root: allowed. */
	char path[256] = "";
	for (int i = 1; i <= 7; i++) {
		size_t len = strlen(path);
		snprintf(path + len, sizeof(path) - len, "%sd%d", i > 1 ? "/" : "", i);
		assert_int_equal(db_fsi_directory_add_directory(root, path), DB_S_OK);
	}
	db_fs_image_put_rock_ridge(img, false);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	db_fs_image_result_destroy(res);
	strncat(path, "/d8", sizeof(path) - strlen(path) - 1);
	assert_int_equal(db_fsi_directory_add_directory(root, path), DB_S_OK);
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_IMAPI_E_ISO9660_LEVELS);
	assert_non_null(strstr(db_fs_image_last_error(img), "9 directory levels"));
	/* With Rock Ridge the deep directory is relocated. */
	db_fs_image_put_rock_ridge(img, true);
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
}

/* A stream that says 10000 bytes and has 3000. */
struct short_ctx {
	size_t left;
};

static db_status short_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct short_ctx *c = s->ctx;
	size_t n = len < c->left ? len : c->left;
	memset(buf, 'x', n);
	c->left -= n;
	*got = n;
	*eof = c->left == 0;
	return DB_S_OK;
}

static void short_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops short_ops = {.read = short_read, .close = short_close};

static void test_free_media_blocks_limit(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "a.txt",
						   text_stream("0123456789")),
			 DB_S_OK);
	int32_t used = 0;
	assert_int_equal(db_fs_image_get_used_blocks(img, &used), DB_S_OK);
	assert_true(used > 20);
	assert_int_equal(db_fs_image_put_free_media_blocks(img, 20), DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_IMAPI_E_IMAGE_TOO_BIG);
	assert_non_null(strstr(db_fs_image_last_error(img), "FreeMediaBlocks is 20"));
	assert_int_equal(db_fs_image_put_free_media_blocks(img, 0), DB_S_OK); /* unlimited */
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	assert_int_equal(db_fs_image_result_get_total_blocks(res), used); /* the same layout */
	int32_t used_live = 0;
	assert_int_equal(db_fs_image_get_used_blocks(img, &used_live), DB_S_OK);
	assert_int_equal(used_live, used);
	char iso[600];
	snprintf(iso, sizeof(iso), "%s/once.iso", dir);
	db_status st;
	save(res, iso, &st);
	assert_int_equal(st, DB_S_OK);
	db_fs_image_result_destroy(res);
	struct cli_capture *r = cli_sh("osirrox -indev %s -extract /a.txt %s/a.out >/dev/null 2>&1 "
				       "&& cat %s/a.out", iso, dir, dir);
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->out, "0123456789");
	/* A second image seeks AddFile's (file) stream back to its start. */
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	save(res, iso, &st);
	assert_int_equal(st, DB_S_OK);
	db_fs_image_result_destroy(res);
	r = cli_sh("osirrox -indev %s -extract /a.txt %s/a2.out >/dev/null 2>&1 && cat %s/a2.out",
		   iso, dir, dir);
	assert_string_equal(r->out, "0123456789");
	/* One that cannot seek is refused up front, naming the file. */
	struct short_ctx *c = calloc(1, sizeof(*c));
	c->left = 100;
	struct db_stream *noseek;
	assert_int_equal(db_stream_create(&short_ops, c, 100, &noseek), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "pipe.bin", noseek),
			 DB_S_OK);
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	save(res, iso, &st);
	assert_int_equal(st, DB_S_OK);
	db_fs_image_result_destroy(res);
	assert_int_equal(db_fs_image_create_result_image(img, &res),
			 DB_IMAPI_E_DATA_STREAM_READ_FAILURE);
	assert_non_null(strstr(db_fs_image_last_error(img), "'/pipe.bin': its stream was read"));
	db_fs_image_destroy(img);
}

static void test_inconsistent_stream_fails_the_image(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	struct short_ctx *c = calloc(1, sizeof(*c));
	c->left = 3000;
	struct db_stream *s;
	assert_int_equal(db_stream_create(&short_ops, c, 10000, &s), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "short.bin", s),
			 DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	char iso[600];
	snprintf(iso, sizeof(iso), "%s/short.iso", dir);
	db_status st;
	save(res, iso, &st);
	assert_int_equal(st, DB_IMAPI_E_DATA_STREAM_INCONSISTENCY);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
}

/* El Torito: an EFI no-emulation image and an x86 1.44 MB floppy, read
 * back by xorriso's El Torito report and by their bytes at the LBA it
 * names; a floppy of the wrong size is refused. */
static struct db_boot_options *boot_of(size_t size, unsigned char fill, uint32_t platform,
				       uint32_t emulation)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/boot-%zu.img", dir, size);
	unsigned char *buf = malloc(size);
	assert_non_null(buf);
	for (size_t i = 0; i < size; i++)
		buf[i] = (unsigned char)(fill + i * 7);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, size, f), size);
	fclose(f);
	free(buf);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	struct db_boot_options *b;
	assert_int_equal(db_boot_options_create(&b), DB_S_OK);
	assert_int_equal(db_boot_options_get_image_size(b), 0);
	assert_int_equal(db_boot_options_assign_boot_image(b, s), DB_S_OK);
	assert_ptr_equal(db_boot_options_get_boot_image(b), s);
	assert_int_equal(db_boot_options_get_image_size(b), (int64_t)size);
	assert_int_equal(db_boot_options_put_platform_id(b, 7), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_boot_options_put_platform_id(b, platform), DB_S_OK);
	assert_int_equal(db_boot_options_put_emulation(b, 5), DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_boot_options_put_emulation(b, emulation), DB_S_OK);
	assert_int_equal(db_boot_options_put_manufacturer(b, "0123456789012345678901234"),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_boot_options_put_manufacturer(b, "discburn test"), DB_S_OK);
	return b;
}

static void burn_boot(struct db_fs_image *img, const char *iso)
{
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	db_status st;
	save(res, iso, &st);
	assert_int_equal(st, DB_S_OK);
	db_fs_image_result_destroy(res);
}

static void test_el_torito(void **state)
{
	(void)state;
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	char local[600];
	snprintf(local, sizeof(local), "%s/local.txt", dir);
	put_file(local, "data\n", 0644);
	assert_int_equal(db_fsi_directory_add_local(db_fs_image_get_root(img), "a.txt", local),
			 DB_S_OK);
	struct db_boot_options *empty;
	assert_int_equal(db_boot_options_create(&empty), DB_S_OK);
	assert_int_equal(db_fs_image_put_boot_image_options(img, empty), DB_IMAPI_E_BOOT_IMAGE_DATA);
	db_boot_options_destroy(empty);

	struct db_boot_options *b = boot_of(6144, 1, DB_PLATFORM_EFI, DB_EMULATION_NONE);
	assert_int_equal(db_fs_image_put_boot_image_options(img, b), DB_S_OK);
	assert_ptr_equal(db_fs_image_get_boot_image_options(img), b);
	char iso[600], src[600];
	snprintf(iso, sizeof(iso), "%s/efi.iso", dir);
	snprintf(src, sizeof(src), "%s/boot-6144.img", dir);
	burn_boot(img, iso);
	/* The boot image and catalog are in no listing, and not counted. */
	assert_int_equal(db_fs_image_get_file_count(img), 1);
	struct cli_capture *r = cli_sh("isoinfo -d -i %s", iso);
	cli_expect_in(r, "El Torito VD version 1 found");
	r = cli_sh("xorriso -indev %s -report_el_torito plain 2>/dev/null", iso);
	assert_int_equal(r->rc, 0);
	cli_expect_in(r, "UEFI");
	cli_expect_in(r, "none");
	r = cli_sh("isoinfo -R -l -i %s", iso);
	if (strstr(r->out, "discburn-boot"))
		fail_msg("the boot image is listed:\n%s", r->out);
	/* Its bytes at the LBA the catalog gives. */
	r = cli_sh("lba=$(xorriso -indev %s -report_el_torito plain 2>/dev/null | "
		   "awk '/El Torito boot img :/ {print $NF}'); "
		   "dd if=%s bs=2048 skip=$lba count=3 status=none | cmp - %s",
		   iso, iso, src);
	if (r->rc != 0)
		fail_msg("boot image bytes: %s", r->out);
	/* The tree can be written again (the boot node left with the result). */
	burn_boot(img, iso);

	/* Floppy emulation: exactly the floppy's size. */
	b = boot_of(4096, 2, DB_PLATFORM_X86, DB_EMULATION_144M_FLOPPY);
	assert_int_equal(db_fs_image_put_boot_image_options(img, b), DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res),
			 DB_IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH);
	assert_non_null(strstr(db_fs_image_last_error(img), "1474560"));
	b = boot_of(1474560, 3, DB_PLATFORM_X86, DB_EMULATION_144M_FLOPPY);
	assert_int_equal(db_fs_image_put_boot_image_options(img, b), DB_S_OK);
	snprintf(iso, sizeof(iso), "%s/floppy.iso", dir);
	burn_boot(img, iso);
	r = cli_sh("xorriso -indev %s -report_el_torito plain 2>/dev/null", iso);
	cli_expect_in(r, "BIOS");
	cli_expect_in(r, "fd1.4");
	assert_int_equal(db_fs_image_put_boot_image_options(img, NULL), DB_S_OK);
	db_fs_image_destroy(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_tree_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_base_and_clash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_tree_without_rock_ridge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_media_blocks_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inconsistent_stream_fails_the_image, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_el_torito, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
