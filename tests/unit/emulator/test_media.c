/* Media model rules (media.c): NWA, track and session lifecycle per medium,
 * write/read checks with the sense a real drive reports, format, blank,
 * cue sheets and the invariants a loaded disc must hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "media.h"
#include "mmc/features.h"

static struct media_state M;

static void blank(const char *name)
{
	struct mmcemu_profile p;
	char err[256] = "";
	if (profile_load(DISCBURN_PROFILES_DIR, name, &p, err, sizeof(err)))
		fail_msg("%s", err);
	media_init_blank(&M, &p);
	const char *bad = media_validate(&M);
	if (bad)
		fail_msg("fresh %s invalid: %s", name, bad);
}

#define assert_code(expr, code) assert_int_equal((expr), MMC_SENSE_##code)
#define assert_ok(expr) assert_code(expr, NO_SENSE)

static void write_ok(int64_t lba, uint32_t blocks)
{
	enum mmc_sense_code rc = media_check_write(&M, lba, blocks);
	if (rc != MMC_SENSE_NO_SENSE)
		fail_msg("write %lld+%u refused: %s", (long long)lba, blocks,
			 mmc_sense_code_name(rc));
	media_commit_write(&M, lba, blocks);
	const char *bad = media_validate(&M);
	if (bad)
		fail_msg("after write: %s", bad);
}

static int32_t nwa(void)
{
	int32_t a = -1;
	uint32_t f;
	assert_true(media_next_writable(&M, &a, &f));
	return a;
}

static void valid(void)
{
	const char *bad = media_validate(&M);
	if (bad)
		fail_msg("invalid: %s", bad);
}

static const struct media_close_opts MULTI = {.multisession = true};
static const struct media_close_opts FINAL = {.multisession = false};

/* ---- sequential CD ---- */

static void test_cd_blank(void **s)
{
	(void)s;
	blank("cd-r");
	int32_t a;
	uint32_t f;
	assert_true(media_next_writable(&M, &a, &f));
	assert_int_equal(a, 0);
	assert_int_equal(f, 359849);
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(media_last_session_state(&M), SESSION_EMPTY);
	assert_int_equal(media_last_readable_lba(&M), -1);
	assert_code(media_check_read(&M, 0, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_ok(media_check_read(&M, 0, 0));
}

static void test_cd_write_rules(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 32);
	assert_int_equal(M.status, DISC_APPENDABLE);
	assert_int_equal(media_last_session_state(&M), SESSION_INCOMPLETE);
	assert_int_equal(nwa(), 32);
	/* Off the NWA, behind it, before it: 05/21/02 (MMC-5 6.44.3). */
	assert_code(media_check_write(&M, 10, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	assert_code(media_check_write(&M, 33, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	assert_code(media_check_write(&M, 0, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	assert_code(media_check_write(&M, -150, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	/* At the NWA but running past the lead-out: 05/21/00. */
	assert_code(media_check_write(&M, 32, 359849), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_check_write(&M, 400000, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	write_ok(32, 359849 - 32); /* exactly to the end */
	assert_ok(media_check_read(&M, 0, 359849));
	assert_int_equal(media_last_readable_lba(&M), 359848);
	M.write_protected = true;
	assert_code(media_check_write(&M, 359849, 1), DATA_PROTECT_WRITE_PROTECTED);
}

static void test_cd_reads(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 100);
	assert_ok(media_check_read(&M, 0, 100));
	assert_ok(media_check_read(&M, 99, 1));
	assert_code(media_check_read(&M, 99, 2), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_check_read(&M, 100, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_check_read(&M, -1, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	/* A closed track is padded to 300 blocks + 2 run-out: readable. */
	assert_ok(media_close_with(&M, MMC_CLOSE_TRACK, 1, &MULTI));
	assert_ok(media_check_read(&M, 0, 302));
	/* The pregap of the next track is not recorded. */
	assert_code(media_check_read(&M, 302, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	M.busy = MEDIA_BLANKING;
	assert_code(media_check_read(&M, 0, 1), NOT_READY_OPERATION_IN_PROGRESS);
	M.busy = MEDIA_IDLE;
}

static void test_cd_tao_tracks_and_sessions(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 1000);
	assert_ok(media_close_with(&M, MMC_CLOSE_TRACK, 1, &MULTI));
	valid();
	assert_int_equal(M.tracks[0].state, TRACK_COMPLETE);
	assert_int_equal(M.tracks[0].size, 1002); /* + 2 run-out blocks */
	assert_int_equal(M.n_tracks, 2);
	assert_int_equal(nwa(), 1002 + 150); /* pregap of track 2 */
	write_ok(1152, 500);
	/* CLOSE SESSION closes the open track too. */
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI));
	valid();
	assert_int_equal(M.tracks[1].size, 502);
	assert_int_equal(M.n_sessions, 2);
	assert_true(M.sessions[0].closed);
	assert_int_equal(M.sessions[0].last_track, 2);
	/* Lead-out at 1152 + 502 = 1654; first session costs 11,400. */
	assert_int_equal(nwa(), 1654 + 11400);
	assert_int_equal(M.status, DISC_APPENDABLE);
	assert_int_equal(media_last_session_state(&M), SESSION_EMPTY);
	write_ok(13054, 300);
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI));
	/* Later sessions cost 6,900. */
	assert_int_equal(nwa(), 13054 + 302 + 6900);
	assert_int_equal(M.n_sessions, 3);
	assert_int_equal(M.sessions[2].first_track, 4);
	valid();
}

static void test_cd_finalize_by_mode_page(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 400);
	/* Multi-session 00b in mode page 05h: CLOSE SESSION finalizes. */
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &FINAL));
	valid();
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.n_sessions, 1);
	assert_int_equal(M.n_tracks, 1);
	assert_int_equal(media_last_session_state(&M), SESSION_COMPLETE);
	assert_null(media_invisible_track(&M));
	int32_t a;
	uint32_t f;
	assert_false(media_next_writable(&M, &a, &f));
	assert_code(media_check_write(&M, 402, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	assert_code(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	assert_code(media_reserve_track(&M, 100), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	assert_ok(media_check_read(&M, 0, 402));
}

static void test_cd_close_errors(void **s)
{
	(void)s;
	blank("cd-r");
	/* Nothing written: no session to close. */
	assert_code(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	/* Closing the blank invisible track is harmless. */
	assert_ok(media_close_with(&M, MMC_CLOSE_TRACK, 1, &MULTI));
	assert_int_equal(M.status, DISC_BLANK);
	assert_code(media_close_with(&M, MMC_CLOSE_TRACK, 7, &MULTI), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_code(media_close_with(&M, MMC_CLOSE_TRACK, 0, &MULTI), ILLEGAL_INVALID_FIELD_IN_CDB);
	/* Finalize functions belong to DVD+R and BD-R. */
	assert_false(media_close_function_supported(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R));
	assert_code(media_close_with(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R, 0, &MULTI), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_code(media_close_with(&M, 3, 0, &MULTI), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_code(media_close_with(&M, 7, 0, &MULTI), ILLEGAL_INVALID_FIELD_IN_CDB);
	/* FFh names the track being written on CD. */
	write_ok(0, 10);
	assert_ok(media_close_with(&M, MMC_CLOSE_TRACK, 0xFF, &MULTI));
	assert_int_equal(M.tracks[0].state, TRACK_COMPLETE);
	assert_int_equal(M.tracks[0].size, 302);
	/* Closing it again changes nothing. */
	assert_ok(media_close_with(&M, MMC_CLOSE_TRACK, 1, &MULTI));
	assert_int_equal(M.n_tracks, 2);
	M.write_protected = true;
	assert_code(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI), DATA_PROTECT_WRITE_PROTECTED);
	valid();
}

static void test_cd_session_limit(void **s)
{
	(void)s;
	blank("cd-r");
	M.profile.max_sessions = 2;
	write_ok(0, 300);
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	write_ok(nwa(), 300);
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	/* The second session was the last the medium allows. */
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.n_sessions, 2);
	valid();
}

static void test_cd_no_room_for_next_session(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 359849 - 5000);
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	/* 11,400 sectors of lead-out + lead-in do not fit: closed for good. */
	assert_int_equal(M.status, DISC_COMPLETE);
	valid();
}

static void test_cd_full_track_close(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 359849);
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	/* No room for another track: the drive closes the disc. */
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.tracks[0].size, 359849);
	valid();
}

/* ---- CD-RW blank ---- */

static void test_cdrw_blank(void **s)
{
	(void)s;
	blank("cd-rw");
	write_ok(0, 500);
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &FINAL));
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_ok(media_blank(&M, false));
	valid();
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(M.blank_count, 1);
	assert_int_equal(nwa(), 0);
	assert_code(media_check_read(&M, 0, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_ok(media_blank(&M, true));
	assert_int_equal(M.blank_count, 2);
	M.write_protected = true;
	assert_code(media_blank(&M, true), DATA_PROTECT_WRITE_PROTECTED);
}

static void test_blank_wrong_media(void **s)
{
	(void)s;
	const char *media[] = {"cd-r", "dvd+r", "dvd-r", "bd-r", "dvd+rw", "bd-re"};
	for (size_t i = 0; i < 6; i++) {
		blank(media[i]);
		assert_code(media_blank(&M, true), ILLEGAL_INCOMPATIBLE_MEDIUM);
	}
}

/* ---- SAO cue sheet ---- */

static void test_cd_cue_sao(void **s)
{
	(void)s;
	blank("cd-r");
	assert_ok(media_arm_cue(&M, -150, 1000, false));
	valid();
	assert_int_equal(nwa(), -150);
	assert_code(media_check_write(&M, 0, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
	write_ok(-150, 150);
	assert_int_equal(nwa(), 0);
	write_ok(0, 600);
	assert_code(media_check_write(&M, 600, 401), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_close(&M, MMC_CLOSE_SESSION, 0), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	write_ok(600, 400);
	/* The last sector of the cue sheet closes the session: finalized
	 * because multi-session was 00b. */
	assert_false(M.cue.armed);
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.tracks[0].size, 1000);
	assert_ok(media_check_read(&M, 0, 1000));
}

static void test_cd_cue_multisession(void **s)
{
	(void)s;
	blank("cd-r");
	assert_ok(media_arm_cue(&M, -150, 500, true));
	write_ok(-150, 650);
	assert_int_equal(M.status, DISC_APPENDABLE);
	assert_int_equal(nwa(), 500 + 11400);
	/* Only from a fresh session. */
	write_ok(nwa(), 10);
	assert_code(media_arm_cue(&M, 11750, 12400, false), ILLEGAL_COMMAND_SEQUENCE_ERROR);
}

static void test_cue_errors(void **s)
{
	(void)s;
	blank("cd-r");
	assert_code(media_arm_cue(&M, 10, 500, false), ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST);
	assert_code(media_arm_cue(&M, -150, 0, false), ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST);
	assert_code(media_arm_cue(&M, -150, 400000, false), ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST);
	blank("dvd+r");
	assert_code(media_arm_cue(&M, -150, 500, false), ILLEGAL_INCOMPATIBLE_MEDIUM);
	blank("cd-r");
	M.write_protected = true;
	assert_code(media_arm_cue(&M, -150, 500, false), DATA_PROTECT_WRITE_PROTECTED);
}

/* ---- DVD+R / DVD-R / BD-R ---- */

static void test_dvd_plus_r_sessions(void **s)
{
	(void)s;
	blank("dvd+r");
	write_ok(0, 100);
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	/* Padded to whole ECC blocks of 16 sectors. */
	assert_int_equal(M.tracks[0].size, 112);
	assert_int_equal(nwa(), 112);
	/* DVD+R ignores mode page 05h: CLOSE SESSION keeps it appendable. */
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &FINAL));
	valid();
	assert_int_equal(M.status, DISC_APPENDABLE);
	int32_t a = nwa();
	assert_int_equal(a % 16, 0);
	assert_int_equal(a, 112 + (int32_t)M.profile.session_gap);
	/* Finalize after a closed session: the empty session vanishes. */
	assert_ok(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R, 0));
	valid();
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.n_sessions, 1);
}

static void test_dvd_plus_r_finalize_open_session(void **s)
{
	(void)s;
	blank("dvd+r");
	write_ok(0, 32);
	assert_ok(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM, 0));
	valid();
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.tracks[0].size, 32);
	blank("dvd+r");
	/* Finalizing a blank disc: nothing to close. */
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R, 0), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT, 0), ILLEGAL_INVALID_FIELD_IN_CDB);
}

static void test_dvd_plus_r_reserve(void **s)
{
	(void)s;
	blank("dvd+r");
	assert_code(media_reserve_track(&M, 0), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_ok(media_reserve_track(&M, 1000));
	valid();
	assert_int_equal(M.tracks[0].state, TRACK_RESERVED);
	assert_int_equal(M.tracks[0].size, 1008);
	assert_int_equal(M.tracks[1].start, 1008);
	assert_int_equal(M.status, DISC_APPENDABLE);
	/* Two open tracks, two NWAs. */
	write_ok(0, 500);
	write_ok(1008, 16);
	assert_code(media_check_write(&M, 500, 600), ILLEGAL_END_OF_USER_AREA);
	/* Reads see the written part only. */
	assert_ok(media_check_read(&M, 0, 500));
	assert_code(media_check_read(&M, 500, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	/* The invisible track was written: no more reservations. */
	assert_code(media_reserve_track(&M, 100), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	/* Closing the session pads the reserved track. */
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	valid();
	assert_int_equal(M.tracks[0].state, TRACK_COMPLETE);
	assert_ok(media_check_read(&M, 0, 1008));
	assert_int_equal(M.tracks[1].size, 16);
}

static void test_reserve_errors(void **s)
{
	(void)s;
	blank("dvd+r");
	assert_code(media_reserve_track(&M, 2295104), ILLEGAL_LBA_OUT_OF_RANGE);
	M.write_protected = true;
	assert_code(media_reserve_track(&M, 16), DATA_PROTECT_WRITE_PROTECTED);
	blank("dvd+rw");
	assert_code(media_reserve_track(&M, 16), ILLEGAL_INCOMPATIBLE_MEDIUM);
	blank("cd-r");
	assert_ok(media_reserve_track(&M, 10));
	assert_int_equal(M.tracks[0].size, 300); /* 4 s minimum */
	assert_int_equal(M.tracks[1].start, 450); /* + pregap */
	valid();
	blank("bd-r");
	assert_ok(media_reserve_track(&M, 33));
	assert_int_equal(M.tracks[0].size, 64); /* clusters of 32 */
}

static void test_reserve_many(void **s)
{
	(void)s;
	blank("dvd+r");
	unsigned n = 0;
	while (media_reserve_track(&M, 16) == MMC_SENSE_NO_SENSE)
		n++;
	assert_int_equal(n, MEDIA_MAX_TRACKS - 1);
	assert_code(media_reserve_track(&M, 16), ILLEGAL_NO_MORE_TRACK_RESERVATIONS);
	valid();
}

static void test_dvd_r_mode_page(void **s)
{
	(void)s;
	blank("dvd-r");
	write_ok(0, 64);
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &MULTI));
	assert_int_equal(M.status, DISC_APPENDABLE);
	assert_int_equal(nwa(), 64 + (int32_t)M.profile.session_gap);
	write_ok(nwa(), 16);
	assert_ok(media_close_with(&M, MMC_CLOSE_SESSION, 0, &FINAL));
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_false(media_close_function_supported(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R));
	valid();
}

static void test_bd_r(void **s)
{
	(void)s;
	blank("bd-r");
	write_ok(0, 40);
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	assert_int_equal(M.tracks[0].size, 64);
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	assert_int_equal(M.status, DISC_APPENDABLE);
	assert_int_equal(nwa() % 32, 0);
	write_ok(nwa(), 32);
	/* BD-R finalizes with 110b; 101b is DVD+R only (MMC-6 6.2.3). */
	assert_false(media_close_function_supported(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM));
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM, 0), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_ok(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R, 0));
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.n_sessions, 2);
	valid();
}

static void test_damaged_track(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 100);
	M.tracks[0].damaged = true;
	int32_t a;
	uint32_t f;
	assert_false(media_next_writable(&M, &a, &f));
	assert_int_equal(media_last_session_state(&M), SESSION_DAMAGED);
	assert_code(media_check_write(&M, 100, 1), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
}

/* A drive that loses its memory mid-track (issue 12 item 7): the sectors
 * still in its buffer go, the rest stays readable, the track is damaged
 * with no NWA (MMC-5 6.27.3.7, Damage bit) and CLOSE repairs it; every sequential
 * family. */
static void test_interrupted_track(void **s)
{
	(void)s;
	static const char *const names[] = {"cd-r", "cd-rw", "dvd+r", "dvd-r", "bd-r"};
	for (unsigned k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		blank(names[k]);
		write_ok(0, 1000);
		media_unrecord_tail(&M, 0, 200); /* still in the buffer */
		media_interrupt_track(&M, 0);
		valid();
		assert_int_equal(M.tracks[0].written, 800);
		assert_true(M.tracks[0].damaged);
		assert_int_equal(M.status, DISC_APPENDABLE);
		assert_int_equal(media_last_session_state(&M), SESSION_DAMAGED);
		int32_t a;
		uint32_t f;
		assert_false(media_next_writable(&M, &a, &f));
		assert_code(media_check_write(&M, 800, 16), ILLEGAL_INVALID_ADDRESS_FOR_WRITE);
		assert_ok(media_check_read(&M, 0, 800));
		assert_code(media_check_read(&M, 800, 1), ILLEGAL_LBA_OUT_OF_RANGE);
		unsigned fn = M.profile.family == MMC_FAMILY_CD ? 0xFF : 1;
		assert_ok(media_close(&M, MMC_CLOSE_TRACK, fn));
		valid();
		assert_false(M.tracks[0].damaged);
		assert_int_equal(M.tracks[0].state, TRACK_COMPLETE);
		assert_int_equal(media_last_session_state(&M), SESSION_INCOMPLETE);
		/* The next track follows it (CD: after the run-out and pregap). */
		int32_t next = M.profile.family == MMC_FAMILY_CD ? 800 + 2 + 150 : 800;
		assert_int_equal(nwa(), next);
		write_ok(next, 32);
	}
}

/* Nothing reached the medium: the track is as it was, not damaged. */
static void test_interrupted_before_the_medium(void **s)
{
	(void)s;
	blank("dvd+r");
	write_ok(0, 64);
	media_unrecord_tail(&M, 0, 64);
	media_interrupt_track(&M, 0);
	valid();
	assert_false(M.tracks[0].damaged);
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(nwa(), 0);
}

/* Session at once: the cue sheet was in the drive's RAM; the session is
 * left damaged and CLOSE SESSION closes it. */
static void test_interrupted_cue_session(void **s)
{
	(void)s;
	blank("cd-r");
	assert_ok(media_arm_cue(&M, -150, 2000, true));
	write_ok(-150, 150);
	write_ok(0, 1000);
	media_unrecord_tail(&M, 0, 300);
	assert_int_equal(M.cue.next, 700);
	media_interrupt_track(&M, 0);
	valid();
	assert_false(M.cue.armed);
	assert_int_equal(M.tracks[0].written, 700);
	assert_int_equal(media_last_session_state(&M), SESSION_DAMAGED);
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	valid();
	assert_int_equal(M.n_sessions, 2);
	assert_int_equal(M.tracks[0].size, 702);
}

/* ---- random access: DVD+RW, BD-RE ---- */

static void test_dvd_plus_rw(void **s)
{
	(void)s;
	blank("dvd+rw");
	assert_int_equal(M.status, DISC_BLANK);
	assert_int_equal(M.bg_format, BG_FORMAT_NONE);
	assert_code(media_check_write(&M, 0, 16), ILLEGAL_CANNOT_WRITE_INCOMPATIBLE_FORMAT);
	assert_code(media_check_read(&M, 0, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	int32_t a;
	uint32_t f;
	assert_false(media_next_writable(&M, &a, &f));
	assert_code(media_format_with(&M, 0, true), ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST);
	assert_code(media_format_with(&M, 2295105, true), ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST);
	assert_ok(media_format_with(&M, 2295104, true));
	valid();
	assert_int_equal(M.status, DISC_COMPLETE);
	assert_int_equal(M.bg_format, BG_FORMAT_IN_PROGRESS);
	assert_int_equal(M.format_count, 1);
	/* Random access anywhere in the formatted area. */
	write_ok(1000, 16);
	write_ok(0, 16);
	write_ok(1000, 16);
	assert_int_equal(M.high_water, 1016);
	assert_code(media_check_write(&M, 2295100, 16), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_check_write(&M, -1, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_ok(media_check_read(&M, 2295103, 1));
	assert_code(media_check_read(&M, 2295104, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_int_equal(media_last_readable_lba(&M), 2295103);
	/* CLOSE 010b stops the background format (compatible stop). */
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	assert_int_equal(M.bg_format, BG_FORMAT_SUSPENDED);
	assert_ok(media_close(&M, MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT, 0));
	assert_int_equal(M.bg_format, BG_FORMAT_COMPLETE);
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_DVD_PLUS_R, 0), ILLEGAL_INVALID_FIELD_IN_CDB);
	assert_int_equal(M.status, DISC_COMPLETE);
	valid();
}

static void test_dvd_plus_rw_close_before_format(void **s)
{
	(void)s;
	blank("dvd+rw");
	/* Stopping a format that never ran is harmless (libburn does it). */
	assert_ok(media_close(&M, MMC_CLOSE_SESSION, 0));
	assert_int_equal(M.bg_format, BG_FORMAT_NONE);
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT, 0), ILLEGAL_COMMAND_SEQUENCE_ERROR);
	M.write_protected = true;
	assert_code(media_format_with(&M, 2295104, true), DATA_PROTECT_WRITE_PROTECTED);
	assert_code(media_check_write(&M, 0, 1), DATA_PROTECT_WRITE_PROTECTED);
}

static void test_bd_re(void **s)
{
	(void)s;
	blank("bd-re");
	assert_ok(media_format(&M, 11826176));
	valid();
	assert_int_equal(M.bg_format, BG_FORMAT_NONE);
	write_ok(11826176 - 32, 32);
	assert_code(media_check_write(&M, 11826176, 1), ILLEGAL_LBA_OUT_OF_RANGE);
	assert_code(media_close(&M, MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT, 0), ILLEGAL_INVALID_FIELD_IN_CDB);
	/* Re-format: what was recorded stays (quick format); a smaller
	 * format cuts the tail. */
	assert_ok(media_format(&M, 12219392));
	assert_int_equal(M.high_water, 11826176);
	assert_int_equal(M.format_count, 2);
	assert_ok(media_format(&M, 1000000));
	assert_int_equal(M.high_water, 1000000);
	valid();
	M.busy = MEDIA_FORMATTING;
	assert_code(media_check_write(&M, 0, 1), NOT_READY_FORMAT_IN_PROGRESS);
	assert_code(media_check_read(&M, 0, 1), NOT_READY_FORMAT_IN_PROGRESS);
}

static void test_format_sequential(void **s)
{
	(void)s;
	const char *media[] = {"cd-r", "cd-rw", "dvd+r", "dvd-r", "bd-r"};
	for (size_t i = 0; i < 5; i++) {
		blank(media[i]);
		assert_code(media_format(&M, 1000), ILLEGAL_INCOMPATIBLE_MEDIUM);
	}
}

/* ---- invariants ---- */

static void test_validate_catches(void **s)
{
	(void)s;
	blank("cd-r");
	write_ok(0, 1000);
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	struct media_state good = M;

	M.tracks[1].start = 500; /* overlaps track 1 */
	assert_non_null(media_validate(&M));
	M = good;
	M.tracks[1].number = 5;
	assert_non_null(media_validate(&M));
	M = good;
	M.tracks[0].written = 5000;
	assert_non_null(media_validate(&M));
	M = good;
	M.status = DISC_COMPLETE;
	assert_non_null(media_validate(&M));
	M = good;
	M.n_tracks = 0;
	assert_non_null(media_validate(&M));
	M = good;
	M.tracks[1].session = 9;
	assert_non_null(media_validate(&M));
	M = good;
	M.sessions[0].last_track = 7;
	assert_non_null(media_validate(&M));
	M = good;
	M.tracks[1].start = 400000;
	assert_non_null(media_validate(&M));
	M = good;
	M.status = 9;
	assert_non_null(media_validate(&M));
	M = good;
	M.n_tracks = MEDIA_MAX_TRACKS + 1;
	assert_non_null(media_validate(&M));
	M = good;
	assert_null(media_validate(&M));

	blank("dvd+rw");
	M.high_water = 10;
	assert_non_null(media_validate(&M));
	blank("dvd+rw");
	M.formatted_size = 99999999;
	assert_non_null(media_validate(&M));
}

static void test_track_at(void **s)
{
	(void)s;
	blank("cd-r");
	assert_null(media_track_at(&M, 0));
	write_ok(0, 100);
	assert_int_equal(media_track_at(&M, 99)->number, 1);
	assert_null(media_track_at(&M, 100));
	assert_ok(media_close(&M, MMC_CLOSE_TRACK, 1));
	assert_int_equal(media_track_at(&M, 301)->number, 1);
	assert_null(media_track_at(&M, 302));
	assert_int_equal(media_track_free(&M, &M.tracks[1]), 359849 - 452);
	assert_int_equal(media_track_free(&M, &M.tracks[0]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cd_blank),
		cmocka_unit_test(test_cd_write_rules),
		cmocka_unit_test(test_cd_reads),
		cmocka_unit_test(test_cd_tao_tracks_and_sessions),
		cmocka_unit_test(test_cd_finalize_by_mode_page),
		cmocka_unit_test(test_cd_close_errors),
		cmocka_unit_test(test_cd_session_limit),
		cmocka_unit_test(test_cd_no_room_for_next_session),
		cmocka_unit_test(test_cd_full_track_close),
		cmocka_unit_test(test_cdrw_blank),
		cmocka_unit_test(test_blank_wrong_media),
		cmocka_unit_test(test_cd_cue_sao),
		cmocka_unit_test(test_cd_cue_multisession),
		cmocka_unit_test(test_cue_errors),
		cmocka_unit_test(test_dvd_plus_r_sessions),
		cmocka_unit_test(test_dvd_plus_r_finalize_open_session),
		cmocka_unit_test(test_dvd_plus_r_reserve),
		cmocka_unit_test(test_reserve_errors),
		cmocka_unit_test(test_reserve_many),
		cmocka_unit_test(test_dvd_r_mode_page),
		cmocka_unit_test(test_bd_r),
		cmocka_unit_test(test_damaged_track),
		cmocka_unit_test(test_interrupted_track),
		cmocka_unit_test(test_interrupted_before_the_medium),
		cmocka_unit_test(test_interrupted_cue_session),
		cmocka_unit_test(test_dvd_plus_rw),
		cmocka_unit_test(test_dvd_plus_rw_close_before_format),
		cmocka_unit_test(test_bd_re),
		cmocka_unit_test(test_format_sequential),
		cmocka_unit_test(test_validate_catches),
		cmocka_unit_test(test_track_at),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
