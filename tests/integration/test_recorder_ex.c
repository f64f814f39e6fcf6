/* IDiscRecorder2Ex (issue 14) on the in-process emulated drive: raw
 * commands with their sense handed back, DVD structures, disc and track
 * information by each address type, feature and mode pages with the
 * IMAPI errors they document, the lists, and the limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/recorder_ex.h"
#include "format2data_harness.h"
#include "mmc/opcodes.h"

static int setup_dvd(void **state)
{
	*state = h_open("dvd+r");
	return 0;
}

static int setup_cd(void **state)
{
	*state = h_open("cd-r");
	return 0;
}

static int teardown(void **state)
{
	h_close(*state);
	return 0;
}

static void test_send_no_data(void **state)
{
	struct h_disc *x = *state;
	uint8_t sense[DB_IMAPI_SENSE_SIZE];
	uint8_t tur[6] = {MMC_OP_TEST_UNIT_READY};
	/* Clear the emulator's power-on unit attention first: raw commands
	 * are not retried. */
	(void)db_recorder_ex_send_command_no_data(x->r, tur, 6, sense, 10);
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, tur, 6, sense, 10), DB_S_OK);
	assert_int_equal(sense[2], 0);
	/* CDB length per opcode group (SPC-4 4.2.5.1): TUR is group 0, 6 bytes. */
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, tur, 10, sense, 10), DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, tur, 5, sense, 10), DB_E_INVALIDARG);
	uint8_t big[17] = {0};
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, big, 17, sense, 10), DB_E_INVALIDARG);
	uint8_t reserved[10] = {0x60}; /* group 3, not 7Fh: reserved */
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, reserved, 10, sense, 10),
			 DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, NULL, 6, sense, 10), DB_E_POINTER);
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, tur, 6, NULL, 10), DB_E_POINTER);
	/* No medium: the drive's CHECK CONDITION comes back as sense data
	 * with the success code S_IMAPI_COMMAND_HAS_SENSE_DATA. */
	assert_int_equal(db_recorder_eject_media(x->r), DB_S_OK);
	assert_int_equal(db_recorder_ex_send_command_no_data(x->r, tur, 6, sense, 10),
			 DB_S_IMAPI_COMMAND_HAS_SENSE_DATA);
	assert_int_equal(sense[0] & 0x7F, 0x70);
	assert_int_equal(sense[2] & 0x0F, 0x2); /* NOT READY */
	assert_int_equal(sense[12], 0x3A); /* MEDIUM NOT PRESENT */
}

static void test_get_data(void **state)
{
	struct h_disc *x = *state;
	uint8_t sense[DB_IMAPI_SENSE_SIZE], buf[96];
	uint32_t got = 99;
	uint8_t inq[6] = {MMC_OP_INQUIRY, 0, 0, 0, 96, 0};
	assert_int_equal(db_recorder_ex_send_command_get_data_from_device(x->r, inq, 6, sense, 10, buf,
									  sizeof(buf), &got),
			 DB_S_OK);
	assert_true(got >= 36);
	assert_int_equal(buf[0] & 0x1F, 0x05);
	char vendor[9];
	assert_int_equal(db_recorder_get_vendor_id(x->r, vendor, sizeof(vendor)), DB_S_OK);
	assert_memory_equal(&buf[8], vendor, strlen(vendor));
	/* An opcode the drive does not know: its sense, 05/20/00. */
	uint8_t bad[12] = {0xA9}; /* group 5: 12 bytes; PLAY AUDIO TRACK/RELATIVE(12) on no drive here */
	assert_int_equal(db_recorder_ex_send_command_get_data_from_device(x->r, bad, 12, sense, 10, buf,
									  sizeof(buf), &got),
			 DB_S_IMAPI_COMMAND_HAS_SENSE_DATA);
	assert_int_equal(sense[2] & 0x0F, 0x5);
	assert_int_equal(sense[12], 0x20);
	assert_int_equal(db_recorder_ex_send_command_get_data_from_device(x->r, inq, 6, sense, 10, buf, 0,
									  &got),
			 DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_send_command_get_data_from_device(x->r, inq, 6, sense, 10, NULL,
									  8, &got),
			 DB_E_POINTER);
}

static void test_send_data(void **state)
{
	struct h_disc *x = *state;
	uint8_t *page;
	uint32_t n;
	assert_int_equal(db_recorder_ex_get_mode_page(x->r, 0x05,
						      DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES,
						      &page, &n),
			 DB_S_OK);
	/* MODE SELECT(10) by hand: header of 8 zero bytes, then the page. */
	uint8_t list[8 + 256] = {0};
	memcpy(list + 8, page, n);
	list[8] &= 0x7F;
	uint8_t cdb[10] = {MMC_OP_MODE_SELECT_10, 0x10};
	cdb[7] = (uint8_t)((8 + n) >> 8);
	cdb[8] = (uint8_t)(8 + n);
	uint8_t sense[DB_IMAPI_SENSE_SIZE];
	assert_int_equal(db_recorder_ex_send_command_send_data_to_device(x->r, cdb, 10, sense, 10, list,
									 8 + n),
			 DB_S_OK);
	assert_int_equal(db_recorder_ex_send_command_send_data_to_device(x->r, cdb, 10, sense, 10, list, 0),
			 DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_send_command_send_data_to_device(x->r, cdb, 10, sense, 10, NULL, 8),
			 DB_E_POINTER);
	free(page);
}

static void test_dvd_structure(void **state)
{
	struct h_disc *x = *state;
	uint8_t *d;
	uint32_t n;
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x00, 0, 0, 0, &d, &n), DB_S_OK);
	/* Physical format information, header removed: 2048 bytes, byte 0
	 * book type (high nibble) 0Ah = DVD+R (ECMA-349). */
	assert_int_equal(n, 2048);
	assert_int_equal(d[0] >> 4, 0x0A);
	free(d);
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x00, 0, 0, 4, &d, &n), DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x100, 0, 0, 0, &d, &n), DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x00, 0, 0, 0, NULL, &n), DB_E_POINTER);
	/* A structure the medium does not carry (layer 1 of a single-layer disc). */
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x00, 0, 1, 0, &d, &n),
			 DB_E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT);
	assert_null(d);
	uint8_t s[4] = {0};
	assert_int_equal(db_recorder_ex_send_dvd_structure(x->r, 0x100, s, 4), DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_send_dvd_structure(x->r, 0x00, NULL, 4), DB_E_POINTER);
	assert_int_equal(db_recorder_ex_send_dvd_structure(x->r, 0x00, s, 0), DB_E_INVALIDARG);
	/* The emulator has no SEND DISC STRUCTURE: the drive's refusal. */
	assert_true(db_failed(db_recorder_ex_send_dvd_structure(x->r, 0x00, s, 4)));
}

static void test_dvd_structure_on_cd(void **state)
{
	struct h_disc *x = *state;
	uint8_t *d;
	uint32_t n;
	/* MMC-6: a DVD structure asked of a CD is 05/30/02. */
	assert_int_equal(db_recorder_ex_read_dvd_structure(x->r, 0x00, 0, 0, 0, &d, &n),
			 DB_E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT);
}

static void test_disc_and_track_information(void **state)
{
	struct h_disc *x = *state;
	uint8_t *d;
	uint32_t n;
	assert_int_equal(db_recorder_ex_get_disc_information(x->r, &d, &n), DB_S_OK);
	assert_true(n >= 34);
	assert_int_equal(n, 2u + (uint32_t)((d[0] << 8) | d[1]));
	assert_int_equal(d[2] & 0x03, 0); /* blank */
	free(d);
	static const enum db_imapi_read_track_address_type types[] = {
		DB_IMAPI_READ_TRACK_ADDRESS_TYPE_LBA, DB_IMAPI_READ_TRACK_ADDRESS_TYPE_TRACK,
		DB_IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION};
	static const uint32_t addr[] = {0, 1, 1};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_recorder_ex_get_track_information(x->r, addr[i], types[i], &d, &n),
				 DB_S_OK);
		assert_true(n >= 28);
		assert_int_equal(d[2], 1); /* track 1 (LSB) */
		assert_int_equal(d[3], 1); /* session 1 (LSB) */
		free(d);
	}
	assert_int_equal(db_recorder_ex_get_track_information(x->r, 0, 3, &d, &n), DB_E_INVALIDARG);
	/* No medium. */
	assert_int_equal(db_recorder_eject_media(x->r), DB_S_OK);
	assert_int_equal(db_recorder_ex_get_disc_information(x->r, &d, &n),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_null(d);
}

static void test_feature_page(void **state)
{
	struct h_disc *x = *state;
	uint8_t *d;
	uint32_t n;
	assert_int_equal(db_recorder_ex_get_feature_page(x->r, 0x0000, true, &d, &n), DB_S_OK);
	assert_true(n >= 4);
	assert_int_equal((d[0] << 8) | d[1], 0x0000);
	assert_int_equal(n, 4u + d[3]);
	free(d);
	assert_int_equal(db_recorder_ex_get_feature_page(x->r, 0xFFF0, false, &d, &n),
			 DB_E_IMAPI_RECORDER_NO_SUCH_FEATURE);
	/* A feature the drive has but not for this medium. */
	uint16_t *all, *cur;
	uint32_t na, nc;
	assert_int_equal(db_recorder_ex_get_supported_feature_pages(x->r, false, &all, &na), DB_S_OK);
	assert_int_equal(db_recorder_ex_get_supported_feature_pages(x->r, true, &cur, &nc), DB_S_OK);
	int not_current = -1;
	for (uint32_t i = 0; i < na && not_current < 0; i++) {
		bool c = false;
		for (uint32_t j = 0; j < nc; j++)
			c = c || cur[j] == all[i];
		if (!c)
			not_current = all[i];
	}
	assert_true(not_current >= 0);
	assert_int_equal(db_recorder_ex_get_feature_page(x->r, (uint16_t)not_current, true, &d, &n),
			 DB_E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT);
	assert_int_equal(db_recorder_ex_get_feature_page(x->r, (uint16_t)not_current, false, &d, &n),
			 DB_S_OK);
	assert_int_equal((d[0] << 8) | d[1], not_current);
	assert_int_equal(d[2] & 1, 0);
	free(d);
	free(all);
	free(cur);
}

static void test_mode_page(void **state)
{
	struct h_disc *x = *state;
	uint8_t *d, *mask;
	uint32_t n, nm;
	assert_int_equal(db_recorder_ex_get_mode_page(x->r, 0x2A,
						      DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES, &d, &n),
			 DB_S_OK);
	assert_int_equal(d[0] & 0x3F, 0x2A);
	assert_int_equal(n, 2u + d[1]);
	assert_int_equal(db_recorder_ex_get_mode_page(x->r, 0x2A,
						      DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CHANGEABLE_VALUES,
						      &mask, &nm),
			 DB_S_OK);
	assert_int_equal(nm, n);
	assert_int_equal(mask[2], 0); /* nothing in 2Ah changes */
	free(mask);
	assert_int_equal(db_recorder_ex_get_mode_page(x->r, 0x30,
						      DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES,
						      &mask, &nm),
			 DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE);
	assert_int_equal(db_recorder_ex_get_mode_page(x->r, 0x2A, 4, &mask, &nm), DB_E_INVALIDARG);

	/* Written back as read: accepted. */
	assert_int_equal(db_recorder_ex_set_mode_page(x->r, DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES,
						      d, n),
			 DB_S_OK);
	/* A non-changeable field changed: the drive's 05/26/xx. */
	d[2] ^= 0x01;
	assert_int_equal(db_recorder_ex_set_mode_page(x->r, DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES,
						      d, n),
			 DB_E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS);
	d[2] ^= 0x01;
	assert_int_equal(db_recorder_ex_set_mode_page(x->r,
						      DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CHANGEABLE_VALUES, d, n),
			 DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_set_mode_page(x->r, DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES,
						      d, n - 1),
			 DB_E_INVALIDARG);
	free(d);
}

static void test_lists(void **state)
{
	struct h_disc *x = *state;
	uint16_t *p;
	uint32_t n;
	uint16_t ref[64];
	unsigned nref;
	assert_int_equal(db_recorder_ex_get_supported_profiles(x->r, false, &p, &n), DB_S_OK);
	assert_int_equal(db_recorder_get_supported_profiles(x->r, ref, 64, &nref), DB_S_OK);
	assert_int_equal(n, nref);
	assert_memory_equal(p, ref, n * sizeof(*p));
	free(p);
	assert_int_equal(db_recorder_ex_get_supported_profiles(x->r, true, &p, &n), DB_S_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0], 0x001B);
	free(p);
	uint8_t *m;
	assert_int_equal(db_recorder_ex_get_supported_mode_pages(
				 x->r, DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES, &m, &n),
			 DB_S_OK);
	assert_int_equal(n, 3);
	assert_memory_equal(m, ((uint8_t[]){0x01, 0x05, 0x2A}), 3);
	free(m);
	assert_int_equal(db_recorder_ex_get_supported_mode_pages(x->r, 7, &m, &n), DB_E_INVALIDARG);
	assert_int_equal(db_recorder_ex_get_supported_profiles(x->r, false, NULL, &n), DB_E_POINTER);
}

static void test_limits_and_descriptors(void **state)
{
	struct h_disc *x = *state;
	uint32_t mask = 7, a, b;
	assert_int_equal(db_recorder_ex_get_byte_alignment_mask(x->r, &mask), DB_S_OK);
	assert_int_equal(mask, 0);
	assert_int_equal(db_recorder_ex_get_maximum_non_page_aligned_transfer_size(x->r, &a), DB_S_OK);
	assert_int_equal(db_recorder_ex_get_maximum_page_aligned_transfer_size(x->r, &b), DB_S_OK);
	assert_true(a > 0);
	assert_int_equal(a, b);
	assert_int_equal(a, db_device_max_transfer(x->d));
	struct db_adapter_descriptor ad;
	assert_int_equal(db_recorder_ex_get_adapter_descriptor(x->r, &ad), DB_S_OK);
	assert_string_equal(ad.bus_type, "emulated");
	assert_int_equal(ad.host_number, -1);
	assert_int_equal(ad.max_transfer_length, a);
	struct db_device_descriptor dd;
	assert_int_equal(db_recorder_ex_get_device_descriptor(x->r, &dd), DB_S_OK);
	assert_int_equal(dd.device_type, 5);
	assert_true(dd.removable_media);
	assert_memory_equal(dd.serial_number, "DB", 2); /* the emulator's VPD 80h */
	assert_string_equal(dd.hctl, "");
	assert_int_equal(db_recorder_ex_get_device_descriptor(x->r, NULL), DB_E_POINTER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_no_data, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_get_data, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_send_data, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_dvd_structure, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_dvd_structure_on_cd, setup_cd, teardown),
		cmocka_unit_test_setup_teardown(test_disc_and_track_information, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_feature_page, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_mode_page, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup_dvd, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_descriptors, setup_dvd, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
