/* The sense vocabulary (mmc/include/mmc/sense.h) against the standard:
 * every row's description is the name SPC-4 annex D gives its ASC/ASCQ
 * (the T10 list, www.t10.org/lists/asc-num.txt, as of 2023-03-25), and the
 * names that once misstated it (03/30/06 as "upside down", 30/11 as
 * "unsupported medium version", 71/00 as "session fixation") are gone. A
 * new row must bring its T10 name here, so a made-up description cannot
 * slip in. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mmc/sense.h"

/* The T10 names of the ASC/ASCQ pairs the list uses. */
static const struct {
	uint8_t asc, ascq;
	const char *t10;
} t10_names[] = {
	{0x00, 0x00, "No additional sense information"},
	{0x04, 0x00, "Logical unit not ready, cause not reportable"},
	{0x04, 0x01, "Logical unit is in process of becoming ready"},
	{0x04, 0x02, "Logical unit not ready, initializing command required"},
	{0x04, 0x03, "Logical unit not ready, manual intervention required"},
	{0x04, 0x04, "Logical unit not ready, format in progress"},
	{0x04, 0x07, "Logical unit not ready, operation in progress"},
	{0x04, 0x08, "Logical unit not ready, long write in progress"},
	{0x0C, 0x00, "Write error"},
	{0x0C, 0x09, "Write error - loss of streaming"},
	{0x0C, 0x0A, "Write error - padding blocks added"},
	{0x11, 0x00, "Unrecovered read error"},
	{0x11, 0x05, "L-EC uncorrectable error"},
	{0x1A, 0x00, "Parameter list length error"},
	{0x20, 0x00, "Invalid command operation code"},
	{0x21, 0x00, "Logical block address out of range"},
	{0x21, 0x02, "Invalid address for write"},
	{0x24, 0x00, "Invalid field in CDB"},
	{0x25, 0x00, "Logical unit not supported"},
	{0x26, 0x00, "Invalid field in parameter list"},
	{0x27, 0x00, "Write protected"},
	{0x28, 0x00, "Not ready to ready change, medium may have changed"},
	{0x29, 0x00, "Power on, reset, or bus device reset occurred"},
	{0x2A, 0x01, "Mode parameters changed"},
	{0x2C, 0x00, "Command sequence error"},
	{0x30, 0x00, "Incompatible medium installed"},
	{0x30, 0x01, "Cannot read medium - unknown format"},
	{0x30, 0x02, "Cannot read medium - incompatible format"},
	{0x30, 0x05, "Cannot write medium - incompatible format"},
	{0x30, 0x06, "Cannot format medium - incompatible medium"},
	{0x30, 0x0B, "Cannot write medium - unsupported medium version"},
	{0x31, 0x00, "Medium format corrupted"},
	{0x31, 0x01, "Format command failed"},
	{0x39, 0x00, "Saving parameters not supported"},
	{0x3A, 0x00, "Medium not present"},
	{0x3A, 0x01, "Medium not present - tray closed"},
	{0x3A, 0x02, "Medium not present - tray open"},
	{0x3E, 0x02, "Timeout on logical unit"},
	{0x44, 0x00, "Internal target failure"},
	{0x53, 0x02, "Medium removal prevented"},
	{0x5A, 0x01, "Operator medium removal request"},
	{0x63, 0x00, "End of user area encountered on this track"},
	{0x64, 0x00, "Illegal mode for this track"},
	{0x64, 0x01, "Invalid packet size"},
	{0x6F, 0x03, "Read of scrambled sector without authentication"},
	{0x72, 0x00, "Session fixation error"},
	{0x72, 0x04, "Empty or partially written reserved track"},
	{0x72, 0x05, "No more track reservations allowed"},
	{0x73, 0x01, "Power calibration area almost full"},
	{0x73, 0x03, "Power calibration area error"},
};

static const char *t10_name(uint8_t asc, uint8_t ascq)
{
	for (size_t i = 0; i < sizeof(t10_names) / sizeof(t10_names[0]); i++)
		if (t10_names[i].asc == asc && t10_names[i].ascq == ascq)
			return t10_names[i].t10;
	return NULL;
}

/* The list writes T10's " - " as ", " and uses lower case. */
static void normalise(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap; in++) {
		if (strncmp(in, " - ", 3) == 0) {
			out[n++] = ',';
			in += 1; /* the space after '-' is copied next round */
			continue;
		}
		out[n++] = (char)tolower((unsigned char)*in);
	}
	out[n] = 0;
}

static void test_every_row_has_its_t10_name(void **state)
{
	(void)state;
	unsigned bad = 0;
	for (int i = 0; i < MMC_SENSE__COUNT; i++) {
		enum mmc_sense_code code = (enum mmc_sense_code)i;
		struct mmc_sense s = mmc_sense_of(code);
		const char *text = mmc_sense_text(s);
		char want[128], got[128];
		if (s.asc == 0 && s.ascq == 0 && s.key != 0) {
			/* 00/00 says nothing: such rows describe their key. */
			normalise(mmc_sense_key_name(s.key), want, sizeof(want));
		} else {
			const char *t10 = t10_name(s.asc, s.ascq);
			if (!t10) {
				print_error("%s %X/%02X/%02X: not in this test's table: add its asc-num.txt name\n",
					    mmc_sense_code_name(code), s.key, s.asc, s.ascq);
				bad++;
				continue;
			}
			normalise(t10, want, sizeof(want));
		}
		normalise(text, got, sizeof(got));
		if (strcmp(want, got) != 0) {
			print_error("%s %X/%02X/%02X: \"%s\", T10 says \"%s\"\n",
				    mmc_sense_code_name(code), s.key, s.asc, s.ascq, text, want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The triples whose symbols misstated the standard, by their new names;
 * and no symbol says "upside down": SPC has no such code. */
static void test_renamed_rows(void **state)
{
	(void)state;
	static const struct {
		struct mmc_sense s;
		const char *name;
	} rows[] = {
		{{0x3, 0x30, 0x06}, "MEDIUM_CANNOT_FORMAT_INCOMPATIBLE_MEDIUM"},
		{{0x3, 0x30, 0x0B}, "MEDIUM_UNSUPPORTED_MEDIUM_VERSION"},
		{{0x3, 0x72, 0x00}, "MEDIUM_SESSION_FIXATION_ERROR"},
		{{0x1, 0x73, 0x01}, "RECOVERED_POWER_CALIBRATION_AREA_ALMOST_FULL"},
		{{0x3, 0x73, 0x03}, "MEDIUM_POWER_CALIBRATION_AREA_ERROR"},
		{{0x5, 0x30, 0x05}, "ILLEGAL_CANNOT_WRITE_INCOMPATIBLE_FORMAT"},
		{{0x2, 0x04, 0x02}, "NOT_READY_INITIALIZING_COMMAND_REQUIRED"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *name = mmc_sense_name(rows[i].s);
		if (!name || strcmp(name, rows[i].name) != 0)
			fail_msg("%X/%02X/%02X is %s, want %s", rows[i].s.key, rows[i].s.asc,
				 rows[i].s.ascq, name ? name : "(none)", rows[i].name);
	}
	assert_null(mmc_sense_name((struct mmc_sense){0x3, 0x30, 0x11}));
	assert_null(mmc_sense_name((struct mmc_sense){0x3, 0x71, 0x00}));
	for (int i = 0; i < MMC_SENSE__COUNT; i++)
		assert_null(strstr(mmc_sense_code_name((enum mmc_sense_code)i), "UPSIDE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row_has_its_t10_name),
		cmocka_unit_test(test_renamed_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
