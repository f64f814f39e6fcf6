/* CDB builders and response decoders against byte arrays laid out as the
 * MMC-6 / SPC-4 tables print them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdlib.h>

#include <cmocka.h>

#include "discburn/mmc.h"
#include "mmc/be.h"
#include "mmc/read_cd.h"

#define CDB(c, ...)                                                        \
	do {                                                               \
		const uint8_t want_[] = {__VA_ARGS__};                     \
		assert_int_equal((c).cdb_len, sizeof(want_));              \
		assert_memory_equal((c).cdb, want_, sizeof(want_));        \
	} while (0)

static uint8_t buf[256];

static void test_basic_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_test_unit_ready(&c);
	CDB(c, 0x00, 0, 0, 0, 0, 0);
	assert_int_equal(c.dir, DB_DIR_NONE);
	db_cdb_request_sense(&c, buf, 18);
	CDB(c, 0x03, 0, 0, 0, 18, 0);
	assert_int_equal(c.dir, DB_DIR_IN);
	db_cdb_inquiry(&c, buf, 96, false, 0);
	CDB(c, 0x12, 0, 0, 0, 96, 0);
	db_cdb_inquiry(&c, buf, 64, true, 0xB0);
	CDB(c, 0x12, 1, 0xB0, 0, 64, 0);
	db_cdb_start_stop(&c, false, false, true); /* eject */
	CDB(c, 0x1B, 0, 0, 0, 0x02, 0);
	db_cdb_start_stop(&c, true, true, true); /* load, immediate */
	CDB(c, 0x1B, 1, 0, 0, 0x03, 0);
	db_cdb_prevent_allow(&c, true);
	CDB(c, 0x1E, 0, 0, 0, 1, 0);
}

static void test_config_mode_info_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_get_configuration(&c, buf, 0x1234, 2, 0x0107);
	CDB(c, 0x46, 2, 0x01, 0x07, 0, 0, 0, 0x12, 0x34, 0);
	db_cdb_mode_sense10(&c, buf, 0x100, 0, 0x2A);
	CDB(c, 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x01, 0x00, 0);
	db_cdb_mode_sense10(&c, buf, 60, 1, 0x05); /* changeable values */
	CDB(c, 0x5A, 0x08, 0x45, 0, 0, 0, 0, 0, 60, 0);
	db_cdb_mode_select10(&c, buf, 60);
	CDB(c, 0x55, 0x10, 0, 0, 0, 0, 0, 0, 60, 0);
	assert_int_equal(c.dir, DB_DIR_OUT);
	db_cdb_read_disc_information(&c, buf, 34);
	CDB(c, 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0);
	db_cdb_read_track_information(&c, buf, 48, 1, 0xFF);
	CDB(c, 0x52, 1, 0, 0, 0, 0xFF, 0, 0, 48, 0);
	db_cdb_read_buffer_capacity(&c, buf, 12);
	CDB(c, 0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0);
	db_cdb_read_capacity(&c, buf);
	CDB(c, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(c.len, 8);
}

static void test_speed_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_get_performance_write_speed(&c, buf, 8 + 16 * 4, 4);
	CDB(c, 0xAC, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0x03, 0);
	db_cdb_set_streaming(&c, buf, 28);
	CDB(c, 0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0);
	db_cdb_set_cd_speed(&c, 0xFFFF, 7056, 0);
	CDB(c, 0xBB, 0, 0xFF, 0xFF, 0x1B, 0x90, 0, 0, 0, 0, 0, 0);
	uint8_t d[28];
	db_streaming_descriptor(d, 0, 2295103, 16620, 11080, false, false);
	uint8_t want[28] = {0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x23, 0x05, 0x3F,
			    0, 0, 0x40, 0xEC, 0, 0, 0x03, 0xE8, 0, 0, 0x2B, 0x48,
			    0, 0, 0x03, 0xE8};
	assert_memory_equal(d, want, 28);
	/* Pure CAV: Write Rotation Control 01b in byte 0 bits 4-3. */
	db_streaming_descriptor(d, 0, 2295103, 16620, 11080, false, true);
	want[0] = 0x08;
	assert_memory_equal(d, want, 28);
}

static void test_rw_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_write10(&c, 0x12345678, 32, buf, 32 * 2048);
	CDB(c, 0x2A, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 32, 0);
	assert_int_equal(c.dir, DB_DIR_OUT);
	assert_int_equal(c.len, 65536);
	db_cdb_write12(&c, 16, 0x10000, true, buf, 16);
	CDB(c, 0xAA, 0, 0, 0, 0, 16, 0, 1, 0, 0, 0x80, 0);
	db_cdb_write12(&c, -150, 1, false, buf, 2048); /* before LBA 0: two's complement */
	CDB(c, 0xAA, 0, 0xFF, 0xFF, 0xFF, 0x6A, 0, 0, 0, 1, 0, 0);
	db_cdb_read10(&c, 100, 2, buf, 4096);
	CDB(c, 0x28, 0, 0, 0, 0, 100, 0, 0, 2, 0);
	assert_int_equal(c.dir, DB_DIR_IN);
	db_cdb_read12(&c, 100, 70000, false, buf, 16);
	CDB(c, 0xA8, 0, 0, 0, 0, 100, 0, 1, 0x11, 0x70, 0, 0);
}

/* READ CD (MMC-6 6.19): expected sector type in byte 1 bits 4-2, a 3-byte
 * transfer length, byte 9 the main-channel fields, byte 10 sub-channel. */
static void test_read_cd_cdb(void **state)
{
	(void)state;
	struct db_cmd c;
	static uint8_t sectors[3 * 2352];
	/* CD-DA, user data only: what `discburn read --audio` sends. */
	db_cdb_read_cd(&c, 0x12345, 3, MMC_READ_CD_TYPE_CDDA, MMC_READ_CD_USER_DATA,
		       MMC_READ_CD_SUB_NONE, sectors, sizeof(sectors));
	CDB(c, 0xBE, 0x04, 0, 0x01, 0x23, 0x45, 0, 0, 3, 0x10, 0, 0);
	assert_int_equal(c.dir, DB_DIR_IN);
	assert_int_equal(c.len, 3 * 2352);
	/* Every field at its place: mode 2 form 2, a pregap LBA, 2^24 - 1
	 * blocks, sync + all headers + user data + EDC/ECC + C2 and block
	 * error bits, formatted Q. */
	db_cdb_read_cd(&c, -150, 0xFFFFFF, MMC_READ_CD_TYPE_MODE2_FORM2,
		       MMC_READ_CD_SYNC | MMC_READ_CD_ALL_HEADERS | MMC_READ_CD_USER_DATA |
			       MMC_READ_CD_EDC_ECC | MMC_READ_CD_C2_AND_BLOCK_ERROR,
		       MMC_READ_CD_SUB_Q, buf, 16);
	CDB(c, 0xBE, 0x14, 0xFF, 0xFF, 0xFF, 0x6A, 0xFF, 0xFF, 0xFF, 0xFC, 0x02, 0);
	/* Out-of-range values do not spill into the neighbouring fields. */
	db_cdb_read_cd(&c, 0, 1, 0xFF, MMC_READ_CD_HEADER_ONLY | MMC_READ_CD_C2_ERROR_BITS, 0xFF,
		       buf, 16);
	CDB(c, 0xBE, 0x1C, 0, 0, 0, 0, 0, 0, 1, 0x22, 0x07, 0);
}

/* CD-DA samples come low byte first whatever the host's order. */
static void test_decode_cdda(void **state)
{
	(void)state;
	static uint8_t sector[2 * 2352];
	for (size_t i = 0; i < sizeof(sector); i++)
		sector[i] = (uint8_t)(i * 7 + 3);
	sector[0] = 0x34, sector[1] = 0x12; /* left: 0x1234 */
	sector[2] = 0xFE, sector[3] = 0xFF; /* right: -2 */
	static int16_t s[2 * 1176 + 1];
	s[2 * 1176] = 0x5555; /* not written past the samples */
	db_decode_cdda(sector, 2, s);
	assert_int_equal(s[0], 0x1234);
	assert_int_equal(s[1], -2);
	for (size_t i = 2; i < 2 * 1176; i++)
		assert_int_equal((uint16_t)s[i],
				 (uint16_t)(sector[2 * i] | (unsigned)sector[2 * i + 1] << 8));
	assert_int_equal(s[2 * 1176], 0x5555);
}

static void test_track_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_synchronize_cache(&c, true);
	CDB(c, 0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0);
	db_cdb_close_track_session(&c, true, 2, 1);
	CDB(c, 0x5B, 1, 2, 0, 0, 1, 0, 0, 0, 0);
	db_cdb_close_track_session(&c, false, 6, 3);
	CDB(c, 0x5B, 0, 6, 0, 0, 3, 0, 0, 0, 0);
	db_cdb_reserve_track(&c, 0x00123456);
	CDB(c, 0x53, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0);
	db_cdb_send_opc(&c, true);
	CDB(c, 0x54, 1, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void test_format_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	uint8_t param[12];
	/* DVD+RW background format: type 26h, the full size. */
	db_cdb_format_unit(&c, param, true, 2295104, 0x26, 0, 0);
	CDB(c, 0x04, 0x11, 0, 0, 0, 0);
	assert_int_equal(c.dir, DB_DIR_OUT);
	assert_int_equal(c.len, 12);
	const uint8_t want[12] = {0, 0x02, 0, 8, 0x00, 0x23, 0x05, 0x40, 0x98, 0, 0, 0};
	assert_memory_equal(param, want, 12);
	/* BD-RE: type 00h subtype 2 (quick certification), spare 0x3000. */
	db_cdb_format_unit(&c, param, false, 0x00B8F000, 0x00, 2, 0x3000);
	const uint8_t want2[12] = {0, 0, 0, 8, 0x00, 0xB8, 0xF0, 0x00, 0x02, 0, 0x30, 0};
	assert_memory_equal(param, want2, 12);
	db_cdb_read_format_capacities(&c, buf, 252);
	CDB(c, 0x23, 0, 0, 0, 0, 0, 0, 0, 252, 0);
}

static void test_decode_format_capacities(void **state)
{
	(void)state;
	/* Blank DVD+RW: current = unformatted maximum, one formattable 26h. */
	const uint8_t r[] = {0, 0, 0, 16, 0x00, 0x23, 0x05, 0x40, 0x01, 0x00, 0x08, 0x00,
			     0x00, 0x23, 0x05, 0x40, 0x98, 0x00, 0x00, 0x00};
	struct db_format_capacities fc;
	assert_int_equal(db_decode_format_capacities(r, sizeof(r), &fc), DB_S_OK);
	assert_int_equal(fc.current.type, 1);
	assert_int_equal(fc.current.blocks, 2295104);
	assert_int_equal(fc.current.param, 2048);
	assert_int_equal(fc.n_formats, 1);
	const struct db_format_descriptor *d = db_format_find(&fc, 0x26);
	assert_non_null(d);
	assert_int_equal(d->blocks, 2295104);
	assert_null(db_format_find(&fc, 0x30));
	assert_int_not_equal(db_decode_format_capacities(r, 8, &fc), DB_S_OK);
}

static void test_blank_and_toc_cdbs(void **state)
{
	(void)state;
	struct db_cmd c;
	db_cdb_blank(&c, true, 1, 0);
	CDB(c, 0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	db_cdb_blank(&c, false, 0, 0);
	CDB(c, 0xA1, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	db_cdb_read_toc(&c, buf, 12, 1, false, 0);
	CDB(c, 0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0);
	db_cdb_read_toc(&c, buf, 0x400, 0, true, 0xAA);
	CDB(c, 0x43, 2, 0, 0, 0, 0, 0xAA, 0x04, 0x00, 0);
}

static void test_decode_sense_info(void **state)
{
	(void)state;
	/* 02/04/04 with progress 0x8000 (half done), SKSV set. */
	uint8_t r[18] = {0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x04, 0, 0x80, 0x80, 0x00};
	struct db_sense_info si;
	assert_int_equal(db_decode_sense_info(r, sizeof(r), &si), DB_S_OK);
	assert_int_equal(si.sense.key, 2);
	assert_int_equal(si.sense.asc, 4);
	assert_int_equal(si.sense.ascq, 4);
	assert_true(si.progress_valid);
	assert_int_equal(si.progress, 0x8000);
	r[15] = 0;
	assert_int_equal(db_decode_sense_info(r, sizeof(r), &si), DB_S_OK);
	assert_false(si.progress_valid);
	r[0] = 0x00;
	assert_int_not_equal(db_decode_sense_info(r, sizeof(r), &si), DB_S_OK);
}

static void test_decode_session_info(void **state)
{
	(void)state;
	/* Two sessions; the last starts at track 2, LBA 11400 + 6900 + ... */
	uint8_t r[12] = {0, 10, 1, 2, 0, 0x14, 2, 0, 0, 0, 0x60, 0x2A};
	struct db_session_info si;
	assert_int_equal(db_decode_session_info(r, sizeof(r), &si), DB_S_OK);
	assert_int_equal(si.first_session, 1);
	assert_int_equal(si.last_session, 2);
	assert_int_equal(si.first_track_last_session, 2);
	assert_int_equal(si.last_session_start, 0x602A);
	assert_int_not_equal(db_decode_session_info(r, 8, &si), DB_S_OK);
}

/* ATIP of an 80-minute CD-RW: lead-in 97:34:24 (before LBA 0), last
 * possible lead-out 79:59:74 = LBA 359,849. */
static void test_decode_atip(void **state)
{
	(void)state;
	uint8_t r[32] = {0, 30, 0, 0, 0x52, 0x40, 0xD0, 0, 97, 34, 24, 0, 79, 59, 74, 0};
	struct db_atip a;
	assert_int_equal(db_decode_atip(r, sizeof(r), &a), DB_S_OK);
	assert_true(a.rewritable);
	assert_int_equal(a.lead_in_start, (97 * 60 + 34) * 75 + 24 - 450150);
	assert_int_equal(a.lead_out_start, 359849);
	assert_int_not_equal(db_decode_atip(r, 12, &a), DB_S_OK); /* cut short */
	memset(&r[12], 0, 3); /* lead-out before the lead-in: not an ATIP */
	assert_int_not_equal(db_decode_atip(r, sizeof(r), &a), DB_S_OK);
}

static void test_decode_toc(void **state)
{
	(void)state;
	/* Formatted TOC (MMC-5 6.26.3.2): tracks 1 (data, LBA 0) and 2 (audio,
	 * LBA 300), the lead-out at 1000. */
	uint8_t r[28] = {0, 26, 1, 2,
			 0, 0x14, 1, 0, 0, 0, 0, 0,
			 0, 0x10, 2, 0, 0, 0, 0x01, 0x2C,
			 0, 0x14, 0xAA, 0, 0, 0, 0x03, 0xE8};
	struct db_toc toc;
	assert_int_equal(db_decode_toc(r, sizeof(r), &toc), DB_S_OK);
	assert_int_equal(toc.first_track, 1);
	assert_int_equal(toc.last_track, 2);
	assert_int_equal(toc.n, 3);
	assert_int_equal(toc.e[1].track, 2);
	assert_int_equal(toc.e[1].adr_control, 0x10);
	assert_int_equal(toc.e[1].lba, 300);
	assert_int_equal(toc.e[2].track, DB_TOC_LEADOUT);
	assert_int_equal(toc.e[2].lba, 1000);
	/* The TOC data length cuts what was received. */
	r[1] = 18;
	assert_int_not_equal(db_decode_toc(r, sizeof(r), &toc), DB_S_OK); /* no lead-out */
	r[1] = 26;
	/* Descending addresses, or a track after the lead-out, are no TOC. */
	r[19] = 0x00, r[18] = 0x00, r[11] = 0x05;
	assert_int_not_equal(db_decode_toc(r, sizeof(r), &toc), DB_S_OK);
	assert_int_not_equal(db_decode_toc(r, 8, &toc), DB_S_OK);
}

static void test_decode_full_toc(void **state)
{
	(void)state;
	/* Full TOC (MMC-5 6.26.3.4), session 1: A2h lead-out at 00:06:36
	 * (LBA 336), track 1 at 00:02:00 (LBA 0); session 2: track 2 at
	 * 02:38:36 (LBA 11736). */
	uint8_t r[4 + 3 * 11] = {0, 2 + 3 * 11, 1, 2,
				 1, 0x14, 0, 0xA2, 0, 0, 0, 0, 0, 6, 36,
				 1, 0x14, 0, 0x01, 0, 0, 0, 0, 0, 2, 0,
				 2, 0x14, 0, 0x02, 0, 0, 0, 0, 2, 38, 36};
	struct db_full_toc *ft = malloc(sizeof(*ft));
	assert_non_null(ft);
	assert_int_equal(db_decode_full_toc(r, sizeof(r), ft), DB_S_OK);
	assert_int_equal(ft->first_session, 1);
	assert_int_equal(ft->last_session, 2);
	assert_int_equal(ft->n, 3);
	assert_int_equal(ft->e[0].point, 0xA2);
	assert_int_equal(ft->e[0].plba, 336);
	assert_int_equal(ft->e[1].plba, 0);
	assert_int_equal(ft->e[2].session, 2);
	assert_int_equal(ft->e[2].plba, 11736);
	assert_int_not_equal(db_decode_full_toc(r, 14, ft), DB_S_OK); /* a part descriptor */
	r[13] = 60; /* 60 seconds is no time */
	assert_int_not_equal(db_decode_full_toc(r, sizeof(r), ft), DB_S_OK);
	free(ft);
}

static void test_write_params_page(void **state)
{
	(void)state;
	/* Page 05h as a drive reports it: TAO, BUFE, mode 1, multisession 3,
	 * track mode 4, session format 00h, pause 150, MCN byte left alone. */
	uint8_t p[52] = {0x85, 0x32, 0x41, 0xC4, 0x08, 0, 0, 0, 0x00, 0, 0, 0, 0, 0, 0, 150};
	p[16] = 0x80; /* MCVAL: must survive */
	struct db_write_params w;
	assert_int_equal(db_decode_write_params(p, sizeof(p), &w), DB_S_OK);
	assert_true(w.bufe);
	assert_false(w.test_write);
	assert_int_equal(w.write_type, 1);
	assert_int_equal(w.multisession, 3);
	assert_int_equal(w.track_mode, 4);
	assert_int_equal(w.data_block_type, 8);
	assert_int_equal(w.audio_pause_length, 150);
	w.bufe = false;
	w.test_write = true;
	w.write_type = 2; /* SAO */
	w.multisession = 0;
	w.packet_size = 16;
	db_encode_write_params(p, sizeof(p), &w);
	const uint8_t want[17] = {0x05, 0x32, 0x12, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 150, 0x80};
	assert_memory_equal(p, want, sizeof(want));
	p[0] = 0x2A;
	assert_int_not_equal(db_decode_write_params(p, sizeof(p), &w), DB_S_OK);
}

static void test_decode_inquiry(void **state)
{
	(void)state;
	uint8_t r[36] = {0x05, 0x80, 0x05, 0x32, 31, 0, 0, 0};
	memcpy(&r[8], "DISCBURN", 8);
	memcpy(&r[16], "EMU BURNER      ", 16);
	memcpy(&r[32], "0.1 ", 4);
	struct db_inquiry id;
	assert_int_equal(db_decode_inquiry(r, sizeof(r), &id), DB_S_OK);
	assert_int_equal(id.peripheral_type, 5);
	assert_true(id.removable);
	assert_string_equal(id.vendor, "DISCBURN");
	assert_string_equal(id.product, "EMU BURNER");
	assert_string_equal(id.revision, "0.1");
	assert_int_equal(db_decode_inquiry(r, 35, &id), DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE);
}

static void test_decode_block_limits(void **state)
{
	(void)state;
	uint8_t r[64] = {0x05, 0xB0, 0x00, 0x3C, 0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 32};
	struct db_block_limits bl;
	assert_int_equal(db_decode_block_limits(r, sizeof(r), &bl), DB_S_OK);
	assert_int_equal(bl.max_transfer_blocks, 128);
	assert_int_equal(bl.optimal_transfer_blocks, 32);
	r[1] = 0x80;
	assert_int_not_equal(db_decode_block_limits(r, sizeof(r), &bl), DB_S_OK);
}

/* Header (current profile DVD+RW), Profile List with three profiles
 * (DVD+RW current), Core, Real Time Streaming with SW=1. */
static const uint8_t config[] = {
	0, 0, 0, 40, 0, 0, 0x00, 0x1A,
	0x00, 0x00, 0x03, 12, 0x00, 0x1A, 0x01, 0, 0x00, 0x1B, 0x00, 0, 0x00, 0x09, 0x00, 0,
	0x00, 0x01, 0x0B, 8, 0, 0, 0, 0x02, 0x01, 0, 0, 0,
	0x01, 0x07, 0x09, 4, 0x1F, 0, 0, 0,
};

static void test_decode_configuration(void **state)
{
	(void)state;
	struct db_configuration cfg;
	assert_int_equal(db_decode_configuration(config, sizeof(config), &cfg), DB_S_OK);
	assert_int_equal(cfg.current_profile, 0x001A);
	assert_int_equal(cfg.n_profiles, 3);
	assert_int_equal(cfg.profiles[0].number, 0x001A);
	assert_true(cfg.profiles[0].current);
	assert_int_equal(cfg.profiles[2].number, 0x0009);
	assert_false(cfg.profiles[2].current);
	assert_true(cfg.rt_streaming);
	assert_true(cfg.rt_streaming_current);
	assert_true(cfg.rt_streaming_sw);
	size_t n;
	const uint8_t *core = db_config_find_feature(config, sizeof(config), 0x0001, &n);
	assert_non_null(core);
	assert_int_equal(n, 12);
	assert_null(db_config_find_feature(config, sizeof(config), 0x002A, &n));
	/* A truncated answer: the cut feature is not reported. */
	assert_null(db_config_find_feature(config, sizeof(config) - 2, 0x0107, &n));
}

static void test_decode_disc_info(void **state)
{
	(void)state;
	/* Appendable DVD+R: erasable 0, incomplete last session, 2 sessions,
	 * first track 1, tracks 2..3 in the last session. */
	uint8_t r[34] = {0, 32, 0x05, 1, 2, 2, 3, 0x00, 0x00, 0, 0, 0};
	mmc_put_be32(&r[20], 2295104);
	struct db_disc_info di;
	assert_int_equal(db_decode_disc_info(r, sizeof(r), &di), DB_S_OK);
	assert_int_equal(di.disc_status, 1);
	assert_int_equal(di.last_session_state, 1);
	assert_false(di.erasable);
	assert_int_equal(di.n_sessions, 2);
	assert_int_equal(di.first_track_last_session, 2);
	assert_int_equal(di.last_track_last_session, 3);
	assert_int_equal(di.last_possible_lead_out, 2295104);
	r[2] = 0x1E; /* erasable, complete session, complete disc */
	r[9] = 1; /* MSB: 258 sessions */
	assert_int_equal(db_decode_disc_info(r, sizeof(r), &di), DB_S_OK);
	assert_true(di.erasable);
	assert_int_equal(di.disc_status, 2);
	assert_int_equal(di.last_session_state, 3);
	assert_int_equal(di.n_sessions, 258);
	r[1] = 10; /* the drive claims fewer bytes than the layout needs */
	assert_int_not_equal(db_decode_disc_info(r, sizeof(r), &di), DB_S_OK);
}

static void test_decode_track_info(void **state)
{
	(void)state;
	uint8_t r[48] = {0, 46, 1, 1, 0, 0x04, 0x21, 0x01};
	mmc_put_be32(&r[8], 0);
	mmc_put_be32(&r[12], 4096);
	mmc_put_be32(&r[16], 2291008);
	mmc_put_be32(&r[24], 2295104);
	mmc_put_be32(&r[28], 4095);
	struct db_track_info ti;
	assert_int_equal(db_decode_track_info(r, sizeof(r), &ti), DB_S_OK);
	assert_int_equal(ti.track, 1);
	assert_int_equal(ti.session, 1);
	assert_int_equal(ti.track_mode, 4);
	assert_true(ti.packet);
	assert_false(ti.blank);
	assert_int_equal(ti.data_mode, 1);
	assert_true(ti.nwa_valid);
	assert_false(ti.lra_valid);
	assert_int_equal(ti.nwa, 4096);
	assert_int_equal(ti.free_blocks, 2291008);
	assert_int_equal(ti.size, 2295104);
	assert_int_equal(ti.last_recorded, 4095);
	assert_int_not_equal(db_decode_track_info(r, 28, &ti), DB_S_OK);
}

static void test_decode_buffer_and_capacity(void **state)
{
	(void)state;
	uint8_t r[12] = {0, 10, 0, 0, 0, 0x20, 0, 0, 0, 0x08, 0, 0};
	struct db_buffer_capacity bc;
	assert_int_equal(db_decode_buffer_capacity(r, sizeof(r), &bc), DB_S_OK);
	assert_int_equal(bc.size, 2 << 20);
	assert_int_equal(bc.available, 512 << 10);
	r[8] = 0xFF; /* more free than the buffer holds */
	assert_int_not_equal(db_decode_buffer_capacity(r, sizeof(r), &bc), DB_S_OK);
	uint8_t cap[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x08, 0};
	struct db_capacity c;
	assert_int_equal(db_decode_capacity(cap, 8, &c), DB_S_OK);
	assert_int_equal(c.last_lba, -1); /* blank disc */
	assert_int_equal(c.block_len, 2048);
}

static void test_decode_write_speeds(void **state)
{
	(void)state;
	uint8_t r[8 + 32] = {0, 0, 0, 36, 0x02, 0, 0, 0};
	uint8_t *d = &r[8];
	d[0] = 0x08 | 0x02; /* WRC = CAV, Exact */
	mmc_put_be32(&d[4], 2295103);
	mmc_put_be32(&d[8], 16620);
	mmc_put_be32(&d[12], 11080);
	d += 16;
	mmc_put_be32(&d[4], 2295103);
	mmc_put_be32(&d[12], 5540);
	struct db_write_speed w[4];
	unsigned n;
	assert_int_equal(db_decode_write_speeds(r, sizeof(r), w, 4, &n), DB_S_OK);
	assert_int_equal(n, 2);
	assert_int_equal(w[0].wrc, 1);
	assert_true(w[0].exact);
	assert_int_equal(w[0].write_kbps, 11080);
	assert_int_equal(w[0].read_kbps, 16620);
	assert_int_equal(w[1].write_kbps, 5540);
	assert_int_equal(db_decode_write_speeds(r, sizeof(r), w, 1, &n), DB_S_OK);
	assert_int_equal(n, 1);
	/* IMAPI WriteSpeed: 8x DVD = 11080 kB/s = 5410 sectors/s; 48x CD =
	 * 8467 kB/s = 3600 raw sectors/s (48 x 75). */
	assert_int_equal(db_write_speed_sectors_per_second(&w[0], 0x001A), 5410);
	struct db_write_speed cd = {.write_kbps = 8467};
	assert_int_equal(db_write_speed_sectors_per_second(&cd, 0x0009), 3600);
}

static void test_mode_page_find(void **state)
{
	(void)state;
	/* MODE SENSE(10): header (length 8+2+4-2), page 05h len 2, page 2Ah len 2. */
	uint8_t r[8 + 4 + 4] = {0, 14, 0, 0, 0, 0, 0, 0, 0x05, 2, 0x41, 0x01, 0x2A, 2, 0x3F, 0x37};
	size_t n;
	const uint8_t *p = db_mode_page_find(r, sizeof(r), 0x2A, &n);
	assert_non_null(p);
	assert_int_equal(n, 4);
	assert_int_equal(p[2], 0x3F);
	p = db_mode_page_find(r, sizeof(r), 0x05, &n);
	assert_non_null(p);
	assert_int_equal(p[2], 0x41);
	assert_null(db_mode_page_find(r, sizeof(r), 0x01, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_cdbs),
		cmocka_unit_test(test_config_mode_info_cdbs),
		cmocka_unit_test(test_speed_cdbs),
		cmocka_unit_test(test_rw_cdbs),
		cmocka_unit_test(test_track_cdbs),
		cmocka_unit_test(test_read_cd_cdb),
		cmocka_unit_test(test_decode_cdda),
		cmocka_unit_test(test_format_cdbs),
		cmocka_unit_test(test_decode_format_capacities),
		cmocka_unit_test(test_blank_and_toc_cdbs),
		cmocka_unit_test(test_decode_sense_info),
		cmocka_unit_test(test_decode_session_info),
		cmocka_unit_test(test_decode_atip),
		cmocka_unit_test(test_decode_toc),
		cmocka_unit_test(test_decode_full_toc),
		cmocka_unit_test(test_write_params_page),
		cmocka_unit_test(test_decode_inquiry),
		cmocka_unit_test(test_decode_block_limits),
		cmocka_unit_test(test_decode_configuration),
		cmocka_unit_test(test_decode_disc_info),
		cmocka_unit_test(test_decode_track_info),
		cmocka_unit_test(test_decode_buffer_and_capacity),
		cmocka_unit_test(test_decode_write_speeds),
		cmocka_unit_test(test_mode_page_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
