/* Status codes: the X-macro list, names, messages, errno mapping, and the
 * sense table — against the brief's rows and against docs/status-codes.md
 * (both tables there are checked row by row). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "discburn/sense_map.h"
#include "discburn/status.h"
#include "mmc/opcodes.h"

static void test_values_are_imapi_hresults(void **state)
{
	(void)state;
	assert_int_equal(db_status_hex(DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA), 0xC0AA0202u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_LOSS_OF_STREAMING), 0xC0AA0300u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_REQUEST_CANCELLED), 0xC0AA0002u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_RECORDER_REQUIRED), 0xC0AA0003u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED), 0xC0AA0403u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED), 0xC0AA0406u);
	assert_int_equal(db_status_hex(DB_S_IMAPI_SPEEDADJUSTED), 0x00AA0004u);
	assert_int_equal(db_status_hex(DB_S_IMAPI_WRITE_NOT_IN_PROGRESS), 0x00AA0302u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT), 0xC0AA020Du);
	assert_int_equal(db_status_hex(DB_E_IMAPI_RECORDER_LOCKED), 0xC0AA0210u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE), 0xC0AA02FFu);
	assert_int_equal(db_status_hex(DB_ERROR_DEV_NOT_EXIST), 0x80070037u);
	assert_int_equal(db_status_hex(DB_E_INVALIDARG), 0x80070057u);
	assert_int_equal(db_status_hex(DB_E_POINTER), 0x80004003u);
	assert_int_equal(db_status_hex(DB_E_FAIL), 0x80004005u);
	assert_int_equal(db_status_hex(DB_E_OUTOFMEMORY), 0x8007000Eu);
	assert_int_equal(db_status_hex(DB_E_NOTIMPL), 0x80004001u);
	assert_int_equal(db_status_hex(DB_E_IMAPI_ERASE_MEDIA_IS_NOT_ERASABLE), 0x80AA0904u);
	/* imapi2fserror.h: IIsoImageManager and IMAPI_E_INVALID_PATH */
	assert_int_equal(db_status_hex(DB_IMAPI_E_INVALID_PATH), 0xC0AAB110u);
	assert_int_equal(db_status_hex(DB_IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED), 0xC0AAB200u);
	assert_int_equal(db_status_hex(DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND), 0xC0AAB201u);
	assert_int_equal(db_status_hex(DB_IMAPI_E_IMAGEMANAGER_NO_IMAGE), 0xC0AAB202u);
	assert_int_equal(db_status_hex(DB_IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG), 0xC0AAB203u);
}

/* The DiscFormat2Erase range as imapi2error.h defines it (the header wins
 * over Microsoft's pages, issue 14): 0900-0908 with severity bits 10,
 * 0909-090B with 11. */
static void test_erase_range_is_imapi2error_h(void **state)
{
	(void)state;
	static const struct {
		db_status s;
		uint32_t hex;
	} rows[] = {
		{DB_E_IMAPI_ERASE_RECORDER_IN_USE, 0x80AA0900u},
		{DB_E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED, 0x80AA0901u},
		{DB_E_IMAPI_ERASE_DISC_INFORMATION_TOO_SMALL, 0x80AA0902u},
		{DB_E_IMAPI_ERASE_MODE_PAGE_2A_TOO_SMALL, 0x80AA0903u},
		{DB_E_IMAPI_ERASE_MEDIA_IS_NOT_ERASABLE, 0x80AA0904u},
		{DB_E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND, 0x80AA0905u},
		{DB_E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR, 0x80AA0906u},
		{DB_E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, 0x80AA0907u},
		{DB_E_IMAPI_ERASE_DRIVE_FAILED_SPINUP_COMMAND, 0x80AA0908u},
		{DB_E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED, 0xC0AA0909u},
		{DB_E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED, 0xC0AA090Au},
		{DB_E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID, 0xC0AA090Bu},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(db_status_hex(rows[i].s), rows[i].hex);
		assert_true(db_failed(rows[i].s));
	}
	/* the header's messages, not the "media in use" of an older page */
	assert_non_null(strstr(db_strerror(DB_E_IMAPI_ERASE_RECORDER_IN_USE),
			       "using the disc recorder for an erase"));
	assert_non_null(strstr(db_strerror(DB_E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED),
			       "clear the current recorder"));
}

/* The DiscFormat2TrackAtOnce range as imapi2error.h defines it: 0500-050F,
 * all severity 11, in the header's order. */
static void test_tao_range_is_imapi2error_h(void **state)
{
	(void)state;
	static const struct {
		db_status s;
		uint32_t hex;
		const char *msg; /* a piece of the header's message */
	} rows[] = {
		{DB_E_IMAPI_DF2TAO_WRITE_IN_PROGRESS, 0xC0AA0500u, "currently a write"},
		{DB_E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS, 0xC0AA0501u, "no write operation"},
		{DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, 0xC0AA0502u, "only valid when media"},
		{DB_E_IMAPI_DF2TAO_MEDIA_IS_PREPARED, 0xC0AA0503u, "but not released"},
		{DB_E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY, 0xC0AA0504u, "has been written to"},
		{DB_E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC, 0xC0AA0505u, "empty disc"},
		{DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK, 0xC0AA0506u, "blank CD-R/RW"},
		{DB_E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED, 0xC0AA0507u, "blank CD-R/RW"},
		{DB_E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED, 0xC0AA0508u, "99 audio tracks"},
		{DB_E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE, 0xC0AA0509u, "not enough space"},
		{DB_E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED, 0xC0AA050Au, "choose a recorder"},
		{DB_E_IMAPI_DF2TAO_INVALID_ISRC, 0xC0AA050Bu, "ISRC"},
		{DB_E_IMAPI_DF2TAO_INVALID_MCN, 0xC0AA050Cu, "Media Catalog Number"},
		{DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, 0xC0AA050Du, "audio stream"},
		{DB_E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED, 0xC0AA050Eu, "does not support"},
		{DB_E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID, 0xC0AA050Fu, "client name"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(db_status_hex(rows[i].s), rows[i].hex);
		assert_true(db_failed(rows[i].s));
		assert_non_null(strstr(db_strerror(rows[i].s), rows[i].msg));
		assert_true(strncmp(db_status_name(rows[i].s), "E_IMAPI_DF2TAO_", 15) == 0);
	}
}

static void test_sign_is_failure_bit(void **state)
{
	(void)state;
	assert_true(db_failed(DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA));
	assert_true(db_failed(DB_E_IMAPI_ERASE_RECORDER_IN_USE));
	assert_true(db_succeeded(DB_S_OK));
	assert_true(db_succeeded(DB_S_IMAPI_SPEEDADJUSTED));
	assert_true(db_succeeded(DB_S_IMAPI_COMMAND_HAS_SENSE_DATA));
}

static const db_status all[] = {
#define ROW(sym, value, msg) DB_##sym,
	DB_STATUS_LIST(ROW)
#undef ROW
};

static void test_every_code_has_unique_name_and_message(void **state)
{
	(void)state;
	size_t n = sizeof(all) / sizeof(all[0]);
	for (size_t i = 0; i < n; i++) {
		const char *name = db_status_name(all[i]);
		assert_non_null(name);
		assert_true(strlen(db_strerror(all[i])) > 5);
		db_status back;
		assert_true(db_status_from_name(name, &back));
		assert_int_equal(back, all[i]);
		for (size_t j = i + 1; j < n; j++)
			assert_int_not_equal(all[i], all[j]);
	}
	assert_null(db_status_name((db_status)0x12345678));
	assert_string_equal(db_strerror((db_status)0x12345678), "Unknown status.");
	db_status s;
	assert_true(db_status_from_name("DB_E_IMAPI_LOSS_OF_STREAMING", &s));
	assert_int_equal(s, DB_E_IMAPI_LOSS_OF_STREAMING);
	assert_false(db_status_from_name("E_NOPE", &s));
}

static void test_errno_mapping(void **state)
{
	(void)state;
	assert_int_equal(db_status_from_errno(ENODEV), DB_ERROR_DEV_NOT_EXIST);
	assert_int_equal(db_status_from_errno(ENXIO), DB_ERROR_DEV_NOT_EXIST);
	assert_int_equal(db_status_from_errno(EBUSY), DB_E_IMAPI_RECORDER_LOCKED);
	assert_int_equal(db_status_from_errno(ENOTTY), DB_ERROR_NOT_SUPPORTED);
	assert_int_equal(db_status_from_errno(ENOENT), DB_ERROR_FILE_NOT_FOUND);
	assert_int_equal(db_status_from_errno(EACCES), DB_ERROR_ACCESS_DENIED);
	assert_int_equal(db_status_from_errno(ETIMEDOUT), DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT);
}

struct sense_case {
	uint8_t opcode;
	uint8_t key, asc, ascq;
	db_status status;
	enum db_retry retry;
};

/* The rows the issue names, plus the command-dependent ones. */
static const struct sense_case cases[] = {
	{MMC_OP_TEST_UNIT_READY, 0x2, 0x3A, 0x00, DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0x2, 0x3A, 0x02, DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, DB_RETRY_NEVER},
	{MMC_OP_TEST_UNIT_READY, 0x2, 0x04, 0x01, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_WAIT},
	{MMC_OP_WRITE_10, 0x2, 0x04, 0x04, DB_E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, DB_RETRY_NEVER},
	{MMC_OP_SYNCHRONIZE_CACHE, 0x2, 0x04, 0x07, DB_E_IMAPI_RECORDER_MEDIA_BUSY, DB_RETRY_WAIT},
	{MMC_OP_READ_10, 0x2, 0x04, 0x08, DB_E_IMAPI_RECORDER_MEDIA_BUSY, DB_RETRY_WAIT},
	{MMC_OP_WRITE_10, 0x2, 0x04, 0x08, DB_E_IMAPI_RECORDER_MEDIA_BUSY, DB_RETRY_WAIT_BUFFER},
	{MMC_OP_WRITE_12, 0x2, 0x04, 0x08, DB_E_IMAPI_RECORDER_MEDIA_BUSY, DB_RETRY_WAIT_BUFFER},
	{MMC_OP_WRITE_10, 0x3, 0x0C, 0x09, DB_E_IMAPI_LOSS_OF_STREAMING, DB_RETRY_NEVER},
	{MMC_OP_WRITE_10, 0x7, 0x27, 0x00, DB_E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0x2, 0x30, 0x00, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	{MMC_OP_MODE_SENSE_10, 0x5, 0x24, 0x00, DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, DB_RETRY_NEVER},
	{MMC_OP_MODE_SELECT_10, 0x5, 0x26, 0x00, DB_E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, DB_RETRY_NEVER},
	{MMC_OP_READ_DISC_STRUCTURE, 0x5, 0x24, 0x00, DB_E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, DB_RETRY_NEVER},
	{MMC_OP_INQUIRY, 0x5, 0x24, 0x00, DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, DB_RETRY_NEVER},
	{MMC_OP_GET_CONFIGURATION, 0x5, 0x20, 0x00, DB_E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, DB_RETRY_NEVER},
	/* 03/30/06 is "cannot format medium - incompatible medium" (SPC-4
	 * annex D), on every command: never upside down. */
	{MMC_OP_READ_10, 0x3, 0x30, 0x06, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	{MMC_OP_WRITE_10, 0x3, 0x30, 0x06, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	{MMC_OP_FORMAT_UNIT, 0x3, 0x30, 0x06, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	/* 30/0B "unsupported medium version" is the speed mismatch; 30/11
	 * ("incompatible volume type", a tape code) is just incompatible. */
	{MMC_OP_WRITE_10, 0x3, 0x30, 0x0B, DB_E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, DB_RETRY_NEVER},
	{MMC_OP_WRITE_10, 0x3, 0x30, 0x11, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	/* 02/04/02 initializing command required: START STOP UNIT, then the
	 * command again; 02/04/03 manual intervention: nothing helps. */
	{MMC_OP_WRITE_10, 0x2, 0x04, 0x02, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_START_UNIT},
	{MMC_OP_TEST_UNIT_READY, 0x2, 0x04, 0x02, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_START_UNIT},
	{MMC_OP_TEST_UNIT_READY, 0x2, 0x04, 0x03, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_NEVER},
	{MMC_OP_WRITE_10, 0x5, 0x21, 0x02, DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, DB_RETRY_NEVER},
	{MMC_OP_WRITE_12, 0x5, 0x21, 0x00, DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0x6, 0x28, 0x00, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_UNIT_ATTENTION},
	{MMC_OP_INQUIRY, 0x6, 0x29, 0x00, DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, DB_RETRY_UNIT_ATTENTION},
	{MMC_OP_WRITE_10, 0x6, 0x28, 0x00, DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, DB_RETRY_NEVER},
	{MMC_OP_WRITE_12, 0x6, 0x29, 0x00, DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, DB_RETRY_NEVER},
	{MMC_OP_TEST_UNIT_READY, 0x2, 0x30, 0x01, DB_E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, DB_RETRY_NEVER},
	{MMC_OP_WRITE_10, 0x5, 0x30, 0x05, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	{MMC_OP_SEND_OPC_INFORMATION, 0x3, 0x73, 0x03, DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0x1, 0x17, 0x01, DB_S_IMAPI_COMMAND_HAS_SENSE_DATA, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0x4, 0x44, 0x00, DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, DB_RETRY_NEVER},
	{MMC_OP_READ_10, 0xE, 0x1D, 0x00, DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, DB_RETRY_NEVER},
};

static void test_sense_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sense_case *c = &cases[i];
		struct mmc_sense s = {c->key, c->asc, c->ascq};
		const struct db_sense_rule *r = db_sense_rule_for(c->opcode, s);
		if (r->status != c->status || r->retry != c->retry)
			fail_msg("%02X after %s: got %s retry %d, want %s retry %d", c->key,
				 mmc_opcode_name(c->opcode), db_status_name(r->status), r->retry,
				 db_status_name(c->status), c->retry);
	}
}

/* ---- docs/status-codes.md agrees with the code ------------------------- */

static char *source_path(const char *rel)
{
	/* DISCBURN_PROFILES_DIR is <source>/media-profiles. */
	static char path[4096];
	snprintf(path, sizeof(path), "%s/../%s", DISCBURN_PROFILES_DIR, rel);
	return path;
}

static int hex_field(const char *f)
{
	if (strncmp(f, "xx", 2) == 0)
		return DB_ANY;
	return (int)strtol(f, NULL, 16);
}

static void check_status_row(char **cols, unsigned *rows)
{
	db_status st;
	if (!db_status_from_name(cols[0], &st))
		fail_msg("docs: unknown status %s", cols[0]);
	assert_int_equal(db_status_hex(st), (uint32_t)strtoul(cols[1], NULL, 16));
	assert_string_equal(db_strerror(st), cols[2]);
	(*rows)++;
}

/* "| 2h | 3A | xx | any | E_... | never |": the row must be the first
 * rule the code finds for that key/ASC/ASCQ/command (wildcards probed
 * with a value no specific row uses). */
static void check_sense_row(char **cols, unsigned *rows)
{
	int key = (int)strtol(cols[0], NULL, 16);
	int asc = hex_field(cols[1]), ascq = hex_field(cols[2]);
	int op = strcmp(cols[3], "any") == 0 ? 0xEE : (int)strtol(cols[3], NULL, 16);
	struct mmc_sense s = {(uint8_t)key, (uint8_t)(asc == DB_ANY ? 0xEE : asc),
			      (uint8_t)(ascq == DB_ANY ? 0xEE : ascq)};
	db_status want;
	if (!db_status_from_name(cols[4], &want))
		fail_msg("docs: unknown status %s", cols[4]);
	const struct db_sense_rule *r = db_sense_rule_for((uint8_t)op, s);
	if (r->status != want)
		fail_msg("docs row %s/%s/%s %s: code says %s", cols[0], cols[1], cols[2], cols[3],
			 db_status_name(r->status));
	static const char *const retry_names[] = {
		[DB_RETRY_NEVER] = "never", [DB_RETRY_UNIT_ATTENTION] = "unit attention",
		[DB_RETRY_WAIT] = "wait", [DB_RETRY_WAIT_BUFFER] = "wait buffer",
		[DB_RETRY_START_UNIT] = "start unit",
	};
	if (strcmp(retry_names[r->retry], cols[5]) != 0)
		fail_msg("docs row %s/%s/%s %s: retry '%s', code says '%s'", cols[0], cols[1],
			 cols[2], cols[3], cols[5], retry_names[r->retry]);
	(*rows)++;
}

static unsigned split_row(char *line, char **cols, unsigned max)
{
	unsigned n = 0;
	char *save;
	for (char *t = strtok_r(line, "|", &save); t && n < max; t = strtok_r(NULL, "|", &save)) {
		while (*t == ' ')
			t++;
		char *end = t + strlen(t);
		while (end > t && (end[-1] == ' ' || end[-1] == '\n'))
			*--end = '\0';
		if (*t) /* the newline after the last '|' */
			cols[n++] = t;
	}
	return n;
}

static void test_docs_match_code(void **state)
{
	(void)state;
	FILE *f = fopen(source_path("docs/status-codes.md"), "r");
	assert_non_null(f);
	char line[1024];
	unsigned status_rows = 0, sense_rows = 0;
	while (fgets(line, sizeof(line), f)) {
		char *cols[8];
		unsigned n = split_row(line, cols, 8);
		if (n == 3 && (strncmp(cols[0], "E_", 2) == 0 || strncmp(cols[0], "S_", 2) == 0 ||
			       strncmp(cols[0], "ERROR_", 6) == 0 ||
			       strncmp(cols[0], "IMAPI_", 6) == 0)) /* imapi2fserror.h's */
			check_status_row(cols, &status_rows);
		else if (n == 6 && strlen(cols[0]) == 2 && cols[0][1] == 'h')
			check_sense_row(cols, &sense_rows);
	}
	fclose(f);
	assert_int_equal(status_rows, sizeof(all) / sizeof(all[0]));
	unsigned rule_count;
	db_sense_rules(&rule_count);
	assert_int_equal(sense_rows + 1, rule_count); /* + the catch-all */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_are_imapi_hresults),
		cmocka_unit_test(test_erase_range_is_imapi2error_h),
		cmocka_unit_test(test_tao_range_is_imapi2error_h),
		cmocka_unit_test(test_sign_is_failure_bit),
		cmocka_unit_test(test_every_code_has_unique_name_and_message),
		cmocka_unit_test(test_errno_mapping),
		cmocka_unit_test(test_sense_table),
		cmocka_unit_test(test_docs_match_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
