/* FileSystemImage's questions to a disc (issue 16): IdentifyFileSystemsOnDisc,
 * ProbeSpecificFileSystem, ImportSpecificFileSystem, ImportedVolumeName and
 * SetMaxMediaBlocksFromDevice on emulated CD-R discs (emu:), one blank and
 * ones with a session written by DiscFormat2Data from a FileSystemImage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/format2data.h"
#include "discburn/fsimage.h"
#include "discburn/multisession.h"
#include "discburn/recorder.h"

static char dir[] = "/tmp/discburn-fsidentify-XXXXXX";

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/discburn-fsidentify-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return db_failed(db_emu_register()) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct db_recorder *open_disc(const char *name)
{
	char spec[600];
	snprintf(spec, sizeof(spec), "emu:cd-r:%s/%s", dir, name);
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(spec, 0, &r), DB_S_OK);
	return r;
}

/* One session with /hello.txt and /sub/x.txt, volume VOL, the file systems given. */
static void burn(struct db_recorder *r, uint32_t fs, const char *vol)
{
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fs_image_put_file_systems_to_create(img, fs), DB_S_OK);
	assert_int_equal(db_fs_image_put_volume_name(img, vol), DB_S_OK);
	char path[600];
	snprintf(path, sizeof(path), "%s/hello.txt", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("hello\n", f);
	fclose(f);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "hello.txt", s),
			 DB_S_OK);
	assert_int_equal(db_fsi_directory_add_directory(db_fs_image_get_root(img), "sub"), DB_S_OK);
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	assert_int_equal(db_fsi_directory_add_file(db_fs_image_get_root(img), "sub/x.txt", s),
			 DB_S_OK);
	struct db_fs_image_result *res;
	assert_int_equal(db_fs_image_create_result_image(img, &res), DB_S_OK);
	struct db_format2data *w;
	assert_int_equal(db_format2data_create(&w), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(w, r), DB_S_OK);
	assert_int_equal(db_format2data_put_client_name(w, "test"), DB_S_OK);
	assert_int_equal(db_format2data_write(w, db_fs_image_result_get_image_stream(res)),
			 DB_S_OK);
	db_format2data_destroy(w);
	db_fs_image_result_destroy(res);
	db_fs_image_destroy(img);
}

/* UpdateImport's calls, one line each. */
static char import_log[1024];

static void on_import(void *ctx, const struct db_fs_image_import_progress *p)
{
	(void)ctx;
	size_t n = strlen(import_log);
	snprintf(import_log + n, sizeof(import_log) - n, "%u %s d%d/%d f%d/%d\n", p->file_system,
		 p->current_item, p->imported_directory_items, p->total_directory_items,
		 p->imported_file_items, p->total_file_items);
}

static void test_blank_disc(void **state)
{
	(void)state;
	struct db_recorder *r = open_disc("blank");
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	uint32_t fs = 0;
	/* No recorder and no MultisessionInterfaces. */
	assert_int_equal(db_fs_image_identify_file_systems_on_disc(img, NULL, &fs),
			 DB_IMAPI_E_MULTISESSION_NOT_SET);
	assert_int_equal(db_fs_image_identify_file_systems_on_disc(img, r, &fs),
			 DB_IMAPI_E_EMPTY_DISC);
	/* FreeMediaBlocks from the blank CD-R: what DiscFormat2Data says. */
	struct db_format2data *f;
	int32_t free_sectors = 0;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	assert_int_equal(db_format2data_put_recorder(f, r), DB_S_OK);
	assert_int_equal(db_format2data_get_free_sectors_on_media(f, &free_sectors), DB_S_OK);
	db_format2data_destroy(f);
	assert_true(free_sectors > 300000);
	assert_int_equal(db_fs_image_get_free_media_blocks(img), DB_FS_IMAGE_DEFAULT_FREE_MEDIA_BLOCKS);
	assert_int_equal(db_fs_image_set_max_media_blocks_from_device(img, r), DB_S_OK);
	assert_int_equal(db_fs_image_get_free_media_blocks(img), free_sectors);
	/* The file systems, and UDF, are still those to create. */
	assert_int_equal(db_fs_image_get_file_systems_to_create(img),
			 DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET);
	db_fs_image_destroy(img);
	db_recorder_close(r);
}

static void test_identify_probe_import(void **state)
{
	(void)state;
	struct db_recorder *r = open_disc("both");
	burn(r, DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET, "FIRST_VOL");
	struct db_multisession_sequential *ms;
	assert_int_equal(db_multisession_sequential_create(r, &ms), DB_S_OK);
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	uint32_t fs = 0;
	assert_int_equal(db_fs_image_identify_file_systems_on_disc(img, r, &fs), DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET);
	uint32_t def = 0;
	assert_int_equal(db_fs_image_get_default_file_system_for_import(img, fs, &def), DB_S_OK);
	assert_int_equal(def, DB_FSI_FILE_SYSTEM_JOLIET);
	bool appendable = true;
	/* Probe asks MultisessionInterfaces's disc. */
	assert_int_equal(db_fs_image_probe_specific_file_system(img, DB_FSI_FILE_SYSTEM_ISO9660,
								 &appendable),
			 DB_IMAPI_E_MULTISESSION_NOT_SET);
	assert_int_equal(db_fs_image_put_multisession_interfaces(img, ms), DB_S_OK);
	fs = 0;
	assert_int_equal(db_fs_image_identify_file_systems_on_disc(img, NULL, &fs), DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET);
	assert_int_equal(db_fs_image_probe_specific_file_system(img, DB_FSI_FILE_SYSTEM_JOLIET,
								 &appendable),
			 DB_S_OK);
	assert_true(appendable);
	assert_int_equal(db_fs_image_probe_specific_file_system(img, DB_FSI_FILE_SYSTEM_UDF,
								 &appendable),
			 DB_S_OK);
	assert_false(appendable);
	assert_int_equal(db_fs_image_probe_specific_file_system(img, 3, &appendable),
			 DB_IMAPI_E_INVALID_PARAM);
	assert_int_equal(db_fs_image_import_specific_file_system(img, DB_FSI_FILE_SYSTEM_UDF),
			 DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED);
	assert_int_equal(db_fs_image_import_specific_file_system(img, 3), DB_IMAPI_E_INVALID_PARAM);
	assert_string_equal(db_fs_image_get_imported_volume_name(img), "");
	import_log[0] = '\0';
	db_fs_image_set_import_progress(img, on_import, NULL);
	assert_int_equal(db_fs_image_import_specific_file_system(img, DB_FSI_FILE_SYSTEM_JOLIET),
			 DB_S_OK);
	assert_string_equal(db_fs_image_get_imported_volume_name(img), "FIRST_VOL");
	assert_string_equal(import_log, "2 /hello.txt d0/1 f1/-1\n"
					"2 /sub/ d0/1 f1/-1\n"
					"2 /sub/x.txt d1/1 f2/-1\n");
	assert_int_equal(db_fs_image_exists(img, "/hello.txt"), DB_FSI_ITEM_FILE);
	assert_true(db_fs_image_get_session_start_block(img) > 0);
	/* A change point before the import cannot be gone back to. */
	int32_t cp = -1;
	assert_int_equal(db_fs_image_get_change_point(img, &cp), DB_S_OK);
	assert_int_equal(db_fs_image_rollback_to_change_point(img, cp - 1),
			 DB_IMAPI_E_INVALID_PARAM);
	db_fs_image_destroy(img);
	db_multisession_sequential_destroy(ms);
	db_recorder_close(r);
}

static void test_joliet_import_of_iso9660_only(void **state)
{
	(void)state;
	struct db_recorder *r = open_disc("iso");
	burn(r, DB_FSI_FILE_SYSTEM_ISO9660, "PLAIN");
	struct db_multisession_sequential *ms;
	assert_int_equal(db_multisession_sequential_create(r, &ms), DB_S_OK);
	struct db_fs_image *img;
	assert_int_equal(db_fs_image_create(&img), DB_S_OK);
	assert_int_equal(db_fs_image_put_multisession_interfaces(img, ms), DB_S_OK);
	uint32_t fs = 0;
	assert_int_equal(db_fs_image_identify_file_systems_on_disc(img, NULL, &fs), DB_S_OK);
	assert_int_equal(fs, DB_FSI_FILE_SYSTEM_ISO9660);
	bool appendable = true;
	assert_int_equal(db_fs_image_probe_specific_file_system(img, DB_FSI_FILE_SYSTEM_JOLIET,
								 &appendable),
			 DB_S_OK);
	assert_false(appendable);
	assert_int_equal(db_fs_image_import_specific_file_system(img, DB_FSI_FILE_SYSTEM_JOLIET),
			 DB_IMAPI_E_NO_SUPPORTED_FILE_SYSTEM);
	assert_int_equal(db_fs_image_import_specific_file_system(img, DB_FSI_FILE_SYSTEM_ISO9660),
			 DB_S_OK);
	assert_string_equal(db_fs_image_get_imported_volume_name(img), "PLAIN");
	assert_int_equal(db_fs_image_exists(img, "/hello.txt"), DB_FSI_ITEM_FILE);
	db_fs_image_destroy(img);
	db_multisession_sequential_destroy(ms);
	db_recorder_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blank_disc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identify_probe_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_joliet_import_of_iso9660_only, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
