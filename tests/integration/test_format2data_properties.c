/* IDiscFormat2 / IDiscFormat2Data read-only properties, the getters of
 * the put properties, IWriteSpeedDescriptor and BurnVerification's failed
 * LBA, against the emulated drive: blank, appendable, closed, rewritable,
 * write-protected and empty drives, and each IMAPI error the members
 * document (E_IMAPI_RECORDER_REQUIRED without a recorder,
 * E_IMAPI_RECORDER_MEDIA_NO_MEDIA without a medium,
 * E_IMAPI_DF2DATA_INVALID_MEDIA_STATE where a property has no value,
 * E_POINTER). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/multisession.h"
#include "format2data_harness.h"
#include "mmc/profiles.h"

#define N1 700

static struct db_format2data *f2d_for(struct h_disc *x)
{
	struct db_format2data *f;
	assert_int_equal(db_format2data_create(&f), DB_S_OK);
	if (x)
		assert_int_equal(db_format2data_put_recorder(f, x->r), DB_S_OK);
	return f;
}

static uint32_t status_of(struct db_format2data *f)
{
	uint32_t b = 0xFFFFFFFFu;
	assert_int_equal(db_format2data_get_current_media_status(f, &b), DB_S_OK);
	return b;
}

static int32_t i32(db_status (*get)(struct db_format2data *, int32_t *), struct db_format2data *f)
{
	int32_t v = -12345;
	db_status st = get(f, &v);
	if (st != DB_S_OK)
		fail_msg("getter: %s", db_status_name(st));
	return v;
}

static bool phys_blank(struct db_format2data *f)
{
	bool b;
	assert_int_equal(db_format2data_get_media_physically_blank(f, &b), DB_S_OK);
	return b;
}

static bool heur_blank(struct db_format2data *f)
{
	bool b;
	assert_int_equal(db_format2data_get_media_heuristically_blank(f, &b), DB_S_OK);
	return b;
}

/* Without a recorder every property that needs the medium fails with
 * E_IMAPI_RECORDER_REQUIRED; the stored ones have IMAPI's defaults. */
static void test_no_recorder(void **s)
{
	(void)s;
	struct db_format2data *f = f2d_for(NULL);
	bool b;
	int32_t v;
	uint32_t bits;
	enum db_media_physical_type t;
	unsigned n;
	struct db_write_speed ws[4];
	struct db_multisession_interfaces mi;
	assert_int_equal(db_format2data_get_media_physically_blank(f, &b), DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_media_heuristically_blank(f, &b),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_current_physical_media_type(f, &t),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_current_media_status(f, &bits),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_write_protect_status(f, &bits),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_total_sectors_on_media(f, &v), DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_free_sectors_on_media(f, &v), DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_next_writable_address(f, &v), DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_start_address_of_previous_session(f, &v),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_last_written_address_of_previous_session(f, &v),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_supported_write_speeds(f, &v, 1, &n),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_supported_write_speed_descriptors(f, ws, 4, &n),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	assert_int_equal(db_format2data_get_multisession_interfaces(f, &mi),
			 DB_E_IMAPI_RECORDER_REQUIRED);
	/* E_POINTER for the out parameter and IsRecorderSupported's recorder. */
	assert_int_equal(db_format2data_get_next_writable_address(f, NULL), DB_E_POINTER);
	assert_int_equal(db_format2data_is_recorder_supported(f, NULL, &b), DB_E_POINTER);
	assert_int_equal(db_format2data_is_current_media_supported(f, NULL, &b), DB_E_POINTER);
	/* The stored properties' defaults. */
	assert_null(db_format2data_get_recorder(f));
	assert_string_equal(db_format2data_get_client_name(f), "");
	assert_false(db_format2data_get_force_overwrite(f));
	assert_false(db_format2data_get_force_media_to_be_closed(f));
	assert_false(db_format2data_get_buffer_underrun_free_disabled(f));
	assert_false(db_format2data_get_postgap_already_in_image(f));
	assert_false(db_format2data_get_disable_consumer_dvd_compatibility_mode(f));
	assert_int_equal(db_format2data_get_verification_level(f), DB_VERIFY_NONE);
	assert_int_equal(db_format2data_get_requested_write_speed(f), -1);
	assert_false(db_format2data_get_requested_rotation_type_is_pure_cav(f));
	assert_int_equal(db_format2data_get_current_write_speed(f), -1);
	assert_false(db_format2data_get_current_rotation_type_is_pure_cav(f));
	assert_int_equal(db_format2data_get_verification_failed_lba(f), -1);
	/* Without a recorder SupportedMediaTypes lists what the format
	 * writes: recordable types, not the read-only ones. */
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	assert_int_equal(db_format2data_get_supported_media_types(f, types, DB_MEDIA_TYPE_COUNT, &n),
			 DB_S_OK);
	bool seen[DB_MEDIA_TYPE_COUNT] = {0};
	for (unsigned i = 0; i < n; i++)
		seen[types[i]] = true;
	assert_true(seen[DB_MEDIA_TYPE_CDR] && seen[DB_MEDIA_TYPE_CDRW]);
	assert_true(seen[DB_MEDIA_TYPE_DVDPLUSR] && seen[DB_MEDIA_TYPE_DVDPLUSRW]);
	assert_true(seen[DB_MEDIA_TYPE_DVDDASHR] && seen[DB_MEDIA_TYPE_BDR] && seen[DB_MEDIA_TYPE_BDRE]);
	assert_false(seen[DB_MEDIA_TYPE_CDROM] || seen[DB_MEDIA_TYPE_DVDROM] ||
		     seen[DB_MEDIA_TYPE_BDROM] || seen[DB_MEDIA_TYPE_UNKNOWN]);
	for (unsigned i = 1; i < n; i++)
		assert_true(types[i - 1] < types[i]);
	/* A short array gets the first ones and the whole count. */
	unsigned n2;
	assert_int_equal(db_format2data_get_supported_media_types(f, types, 2, &n2), DB_S_OK);
	assert_int_equal(n2, n);
	db_format2data_destroy(f);
}

/* Every put has its getter, which returns what was put. */
static void test_put_get(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_format2data *f = f2d_for(x);
	assert_ptr_equal(db_format2data_get_recorder(f), x->r);
	assert_int_equal(db_format2data_put_client_name(f, "props-test"), DB_S_OK);
	assert_string_equal(db_format2data_get_client_name(f), "props-test");
	/* A refused name leaves the old one. */
	assert_int_equal(db_format2data_put_client_name(f, "bad/name"),
			 DB_E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID);
	assert_string_equal(db_format2data_get_client_name(f), "props-test");
	assert_int_equal(db_format2data_put_force_overwrite(f, true), DB_S_OK);
	assert_true(db_format2data_get_force_overwrite(f));
	assert_int_equal(db_format2data_put_force_media_to_be_closed(f, true), DB_S_OK);
	assert_true(db_format2data_get_force_media_to_be_closed(f));
	assert_int_equal(db_format2data_put_buffer_underrun_free_disabled(f, true), DB_S_OK);
	assert_true(db_format2data_get_buffer_underrun_free_disabled(f));
	assert_int_equal(db_format2data_put_postgap_already_in_image(f, true), DB_S_OK);
	assert_true(db_format2data_get_postgap_already_in_image(f));
	assert_int_equal(db_format2data_put_disable_consumer_dvd_compatibility_mode(f, true), DB_S_OK);
	assert_true(db_format2data_get_disable_consumer_dvd_compatibility_mode(f));
	assert_int_equal(db_format2data_put_verification_level(f, DB_VERIFY_FULL), DB_S_OK);
	assert_int_equal(db_format2data_get_verification_level(f), DB_VERIFY_FULL);
	assert_int_equal(db_format2data_put_verification_level(f, (enum db_verification_level)7),
			 DB_E_INVALIDARG);
	assert_int_equal(db_format2data_get_verification_level(f), DB_VERIFY_FULL);
	assert_int_equal(db_format2data_put_system_buffer(f, 4u << 20), DB_S_OK);
	assert_int_equal(db_format2data_get_system_buffer(f), 4u << 20);
	assert_int_equal(db_format2data_set_write_speed(f, 5000, true), DB_S_OK);
	assert_int_equal(db_format2data_get_requested_write_speed(f), 5000);
	assert_true(db_format2data_get_requested_rotation_type_is_pure_cav(f));
	db_format2data_destroy(f);
	h_close(x);
}

/* A blank DVD+R: blank both ways, everything free, no previous session. */
static void test_blank_dvd_plus_r(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_format2data *f = f2d_for(x);
	bool b;
	assert_int_equal(db_format2data_is_recorder_supported(f, x->r, &b), DB_S_OK);
	assert_true(b);
	assert_int_equal(db_format2data_is_current_media_supported(f, x->r, &b), DB_S_OK);
	assert_true(b);
	assert_true(phys_blank(f));
	assert_true(heur_blank(f));
	enum db_media_physical_type t;
	assert_int_equal(db_format2data_get_current_physical_media_type(f, &t), DB_S_OK);
	assert_int_equal(t, DB_MEDIA_TYPE_DVDPLUSR);
	assert_int_equal(status_of(f), DB_DF2D_MEDIA_STATE_BLANK);
	uint32_t wp = 1;
	assert_int_equal(db_format2data_get_write_protect_status(f, &wp), DB_S_OK);
	assert_int_equal(wp, 0);
	struct db_track_info ti = h_track(x, 1);
	assert_int_equal(i32(db_format2data_get_next_writable_address, f), 0);
	assert_int_equal(i32(db_format2data_get_free_sectors_on_media, f), (int32_t)ti.free_blocks);
	assert_int_equal(i32(db_format2data_get_total_sectors_on_media, f), (int32_t)ti.free_blocks);
	assert_int_equal(i32(db_format2data_get_start_address_of_previous_session, f), -1);
	assert_int_equal(i32(db_format2data_get_last_written_address_of_previous_session, f), -1);
	/* With the recorder, SupportedMediaTypes is what this drive has. */
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	unsigned n;
	assert_int_equal(db_format2data_get_supported_media_types(f, types, DB_MEDIA_TYPE_COUNT, &n),
			 DB_S_OK);
	bool has = false;
	for (unsigned i = 0; i < n; i++)
		has |= types[i] == DB_MEDIA_TYPE_DVDPLUSR;
	assert_true(has);
	/* Speeds: the drive's GET PERFORMANCE descriptors, with the medium's
	 * type and the rotation of each. */
	struct db_write_speed ws[DB_MAX_SPEEDS], raw[DB_MAX_SPEEDS];
	int32_t sps[DB_MAX_SPEEDS];
	unsigned nd, ns, nr;
	assert_int_equal(db_format2data_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &nd),
			 DB_S_OK);
	assert_int_equal(db_format2data_get_supported_write_speeds(f, sps, DB_MAX_SPEEDS, &ns), DB_S_OK);
	assert_int_equal(db_recorder_write_speeds(x->r, raw, DB_MAX_SPEEDS, &nr), DB_S_OK);
	assert_true(nd > 0);
	assert_int_equal(nd, nr);
	assert_int_equal(ns, nd);
	bool any_cav = false;
	for (unsigned i = 0; i < nd; i++) {
		assert_int_equal(db_write_speed_get_media_type(&ws[i]), DB_MEDIA_TYPE_DVDPLUSR);
		assert_int_equal(db_write_speed_get_write_speed(&ws[i]), sps[i]);
		assert_int_equal(sps[i], (int32_t)db_write_speed_sectors_per_second(&raw[i], 0x001B));
		assert_int_equal(db_write_speed_get_rotation_type_is_pure_cav(&ws[i]), raw[i].wrc == 1);
		any_cav |= db_write_speed_get_rotation_type_is_pure_cav(&ws[i]);
	}
	/* media-profiles/dvd+r.ini records CAV from 12x up. */
	assert_true(any_cav);
	/* One multisession interface: sequential, first session. */
	struct db_multisession_interfaces mi;
	assert_int_equal(db_format2data_get_multisession_interfaces(f, &mi), DB_S_OK);
	assert_int_equal(mi.count, 1);
	assert_non_null(mi.sequential);
	assert_null(mi.random);
	assert_int_equal(db_multisession_sequential_get_is_first_data_session(mi.sequential, &b),
			 DB_S_OK);
	assert_true(b);
	db_multisession_interfaces_free(&mi);
	assert_null(mi.sequential);
	db_format2data_destroy(f);
	h_close(x);
}

/* After one open session, then after a closed one. */
static void test_dvd_plus_r_after_burns(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_format2data *f = f2d_for(x);
	int32_t total = i32(db_format2data_get_total_sectors_on_media, f);
	h_burn_pattern(x, N1, 1, &(struct h_burn){0});
	assert_false(phys_blank(f));
	assert_false(heur_blank(f)); /* a written sequential disc never is */
	assert_int_equal(status_of(f), DB_DF2D_MEDIA_STATE_APPENDABLE);
	int32_t nwa = i32(db_format2data_get_next_writable_address, f);
	struct db_multisession_info m;
	assert_int_equal(db_multisession_import(x->r, &m), DB_S_OK);
	assert_int_equal(nwa, m.next_writable_address);
	assert_true(nwa >= N1);
	assert_int_equal(i32(db_format2data_get_free_sectors_on_media, f), m.free_sectors_on_media);
	assert_int_equal(i32(db_format2data_get_total_sectors_on_media, f), total);
	assert_int_equal(i32(db_format2data_get_start_address_of_previous_session, f), 0);
	assert_int_equal(i32(db_format2data_get_last_written_address_of_previous_session, f), N1 - 1);

	h_burn_pattern(x, N1, 2, &(struct h_burn){.close = true});
	uint32_t st = status_of(f);
	assert_int_equal(st, DB_DF2D_MEDIA_STATE_FINALIZED);
	/* FINALIZED is one of the states Write refuses (UNSUPPORTED_MASK). */
	assert_true(st & DB_DF2D_MEDIA_STATE_UNSUPPORTED_MASK);
	int32_t v = 7;
	assert_int_equal(db_format2data_get_next_writable_address(f, &v),
			 DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE);
	assert_int_equal(v, -1);
	assert_int_equal(i32(db_format2data_get_free_sectors_on_media, f), 0);
	assert_true(i32(db_format2data_get_total_sectors_on_media, f) >= nwa + N1);
	/* IMAPI: -1 when the medium takes no further session. */
	assert_int_equal(i32(db_format2data_get_start_address_of_previous_session, f), -1);
	struct db_multisession_interfaces mi;
	assert_int_equal(db_format2data_get_multisession_interfaces(f, &mi), DB_S_OK);
	assert_int_equal(mi.count, 0);
	assert_null(mi.sequential);
	db_format2data_destroy(f);
	h_close(x);
}

/* Sectors written by WriteEngine2 alone, no track closed: the session is
 * incomplete (State of Last Session 01b), NON_EMPTY_SESSION. */
static void test_open_session_dvd_plus_r(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, x->r), DB_S_OK);
	struct db_stream *st = h_pattern(32 * 2048, 9);
	assert_int_equal(db_write_engine_write_section(e, st, 0, 32), DB_S_OK);
	db_stream_close(st);
	db_write_engine_destroy(e);
	struct db_format2data *f = f2d_for(x);
	assert_int_equal(status_of(f),
			 DB_DF2D_MEDIA_STATE_APPENDABLE | DB_DF2D_MEDIA_STATE_NON_EMPTY_SESSION);
	assert_int_equal(i32(db_format2data_get_next_writable_address, f), 32);
	assert_false(phys_blank(f));
	db_format2data_destroy(f);
	h_close(x);
}

/* A track left open when the drive lost power (the recorder closed in
 * the middle of it, as a crash or an unplugged drive does): the disc
 * comes back with its last session damaged, and CurrentMediaStatus says
 * DAMAGED beside APPENDABLE (READ DISC INFORMATION, State of Last
 * Session 10b). */
static void test_damaged_dvd_plus_r(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_write_engine *e;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, x->r), DB_S_OK);
	struct db_stream *st = h_pattern(4096 * 2048, 9);
	assert_int_equal(db_write_engine_write_section(e, st, 0, 4096), DB_S_OK);
	db_stream_close(st);
	db_write_engine_destroy(e);
	h_reopen(x); /* power lost with the track open */
	struct db_format2data *f = f2d_for(x);
	uint32_t bits = status_of(f);
	assert_true(bits & DB_DF2D_MEDIA_STATE_DAMAGED);
	assert_true(bits & DB_DF2D_MEDIA_STATE_APPENDABLE);
	assert_false(bits & DB_DF2D_MEDIA_STATE_BLANK);
	assert_false(phys_blank(f));
	db_format2data_destroy(f);
	h_close(x);
}

/* An image whose sector 16 is an ISO 9660 volume descriptor. */
static db_status iso_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	memset(buf, 0, n);
	int64_t pvd = 16 * 2048;
	if (*pos <= pvd + 1 && *pos + (int64_t)n >= pvd + 6)
		memcpy((uint8_t *)buf + (pvd - *pos), "\001CD001\001", 7);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void iso_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops iso_ops = {.read = iso_read, .close = iso_close};

static void burn_stream(struct h_disc *x, struct db_stream *s)
{
	db_status st = h_write(x, s, &(struct h_burn){0}, NULL);
	db_stream_close(s);
	assert_int_equal(st, DB_S_OK);
}

/* DVD+RW: overwrite-only; a reused disc without a file system is
 * heuristically blank, one with an ISO 9660 volume is not. And
 * MultisessionRandomWrite. */
static void test_dvd_plus_rw(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	struct db_format2data *f = f2d_for(x);
	assert_true(phys_blank(f));
	assert_true(heur_blank(f));
	assert_int_equal(status_of(f), DB_DF2D_MEDIA_STATE_OVERWRITE_ONLY | DB_DF2D_MEDIA_STATE_BLANK);
	assert_int_equal(i32(db_format2data_get_next_writable_address, f), 0);
	int32_t total = i32(db_format2data_get_total_sectors_on_media, f);
	assert_true(total > 2000000); /* 4.7 GB */
	assert_int_equal(i32(db_format2data_get_free_sectors_on_media, f), total);
	assert_int_equal(i32(db_format2data_get_start_address_of_previous_session, f), -1);
	/* Unformatted: no MultisessionRandomWrite yet. */
	struct db_multisession_interfaces mi;
	assert_int_equal(db_format2data_get_multisession_interfaces(f, &mi), DB_S_OK);
	assert_int_equal(mi.count, 0);

	/* A reused disc holding a pattern, no file system. */
	h_burn_pattern(x, N1, 3, &(struct h_burn){0});
	assert_false(phys_blank(f));
	assert_true(heur_blank(f));
	assert_int_equal(status_of(f), DB_DF2D_MEDIA_STATE_OVERWRITE_ONLY);
	assert_int_equal(i32(db_format2data_get_total_sectors_on_media, f), total);

	struct db_multisession_interfaces m2;
	assert_int_equal(db_format2data_get_multisession_interfaces(f, &m2), DB_S_OK);
	assert_int_equal(m2.count, 1);
	assert_null(m2.sequential);
	assert_non_null(m2.random);
	int32_t v;
	assert_int_equal(db_multisession_random_get_write_unit_size(m2.random, &v), DB_S_OK);
	assert_int_equal(v, 16); /* one DVD ECC block */
	assert_int_equal(db_multisession_random_get_total_sectors_on_media(m2.random, &v), DB_S_OK);
	struct db_capacity cap;
	assert_int_equal(db_mmc_read_capacity(x->d, &cap), DB_S_OK);
	assert_int_equal(v, cap.last_lba + 1);
	assert_int_equal(db_multisession_random_get_last_written_address(m2.random, &v), DB_S_OK);
	assert_true(v >= N1 - 1);
	db_multisession_interfaces_free(&m2);

	/* An ISO 9660 volume at LBA 16: not blank by any heuristic. */
	int64_t *pos = calloc(1, sizeof(*pos));
	struct db_stream *iso;
	assert_int_equal(db_stream_create(&iso_ops, pos, 64 * 2048, &iso), DB_S_OK);
	burn_stream(x, iso);
	assert_false(heur_blank(f));
	db_format2data_destroy(f);
	h_close(x);
}

/* The disc file says write protected: the drive does not mark Random
 * Writable current, and both WriteProtectStatus and CurrentMediaStatus
 * say so. */
static void test_write_protected_dvd_plus_rw(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+rw");
	db_recorder_close(x->r);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "sed -i 's/^write_protected = no/write_protected = yes/' '%s'",
		 x->path);
	assert_int_equal(system(cmd), 0);
	h_open_named(x, "");
	struct db_format2data *f = f2d_for(x);
	uint32_t wp = 0;
	assert_int_equal(db_format2data_get_write_protect_status(f, &wp), DB_S_OK);
	assert_int_equal(wp, DB_WRITEPROTECTED_BY_MEDIA_SPECIFIC_REASON);
	assert_true(status_of(f) & DB_DF2D_MEDIA_STATE_WRITE_PROTECTED);
	db_format2data_destroy(f);
	h_close(x);
}

/* No medium: the drive's E_IMAPI_RECORDER_MEDIA_NO_MEDIA; the type is
 * UNKNOWN and the current medium is not supported (both S_OK). */
static void test_no_medium(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	assert_int_equal(db_recorder_eject(x->r), DB_S_OK);
	struct db_format2data *f = f2d_for(x);
	bool b = true;
	int32_t v;
	uint32_t bits;
	assert_int_equal(db_format2data_get_media_physically_blank(f, &b),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_format2data_get_media_heuristically_blank(f, &b),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_format2data_get_current_media_status(f, &bits),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_format2data_get_next_writable_address(f, &v),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_format2data_get_total_sectors_on_media(f, &v),
			 DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	enum db_media_physical_type t = DB_MEDIA_TYPE_BDRE;
	assert_int_equal(db_format2data_get_current_physical_media_type(f, &t), DB_S_OK);
	assert_int_equal(t, DB_MEDIA_TYPE_UNKNOWN);
	assert_int_equal(db_format2data_is_current_media_supported(f, x->r, &b), DB_S_OK);
	assert_false(b);
	assert_int_equal(db_format2data_is_recorder_supported(f, x->r, &b), DB_S_OK);
	assert_true(b);
	db_format2data_destroy(f);
	h_close(x);
}

/* BurnVerification: a sector that reads back wrong is named. */
static int32_t failed_lba_with(const char *plan, enum db_verification_level level)
{
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2d-props-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/plan.txt", x->dir);
	FILE *pf = fopen(path, "w");
	assert_non_null(pf);
	fprintf(pf, "%s\n", plan);
	fclose(pf);
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	setenv("DISCBURN_EMU_FAULTS", path, 1);
	h_open_named(x, "dvd+r");
	unsetenv("DISCBURN_EMU_FAULTS");
	struct db_format2data *f = f2d_for(x);
	assert_int_equal(db_format2data_put_client_name(f, "props-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_verification_level(f, level), DB_S_OK);
	struct db_stream *st = h_pattern(2048 * 2048, 5);
	assert_int_equal(db_format2data_write(f, st), DB_E_IMAPI_BURN_VERIFICATION_FAILED);
	db_stream_close(st);
	int32_t lba = db_format2data_get_verification_failed_lba(f);
	db_format2data_destroy(f);
	h_close(x);
	return lba;
}

static void test_verification_failed_lba(void **s)
{
	(void)s;
	/* Full reads 32 sectors a READ: the one READ that overlaps LBA 100
	 * (LBA 96-127) comes back with bits flipped in every sector, and the
	 * first of them is the first that differs. */
	assert_int_equal(failed_lba_with("on READ lba 100 do corrupt", DB_VERIFY_FULL), 96);
	/* Quick reads 64 samples of 2048 sectors, i * 2047 / 63: the fourth
	 * is LBA 97. */
	assert_int_equal(failed_lba_with("on READ lba 97 do corrupt", DB_VERIFY_QUICK), 97);
	/* A verification that passes leaves -1. */
	struct h_disc *x = h_open("dvd+r");
	struct db_format2data *f = f2d_for(x);
	assert_int_equal(db_format2data_put_client_name(f, "props-test"), DB_S_OK);
	assert_int_equal(db_format2data_put_verification_level(f, DB_VERIFY_FULL), DB_S_OK);
	struct db_stream *st = h_pattern(300 * 2048, 6);
	assert_int_equal(db_format2data_write(f, st), DB_S_OK);
	db_stream_close(st);
	assert_int_equal(db_format2data_get_verification_failed_lba(f), -1);
	db_format2data_destroy(f);
	h_close(x);
}

/* IWriteSpeedDescriptor over hand-made descriptors: CD counts 2352-byte
 * sectors, WRC 01b is pure CAV, the profile gives the type. */
static void test_write_speed_descriptor(void **s)
{
	(void)s;
	struct db_write_speed cd = {.write_kbps = 8467, .wrc = 1, .profile = 0x0009};
	assert_int_equal(db_write_speed_get_media_type(&cd), DB_MEDIA_TYPE_CDR);
	assert_true(db_write_speed_get_rotation_type_is_pure_cav(&cd));
	assert_int_equal(db_write_speed_get_write_speed(&cd), 3600);
	struct db_write_speed bd = {.write_kbps = 53946, .wrc = 0, .profile = 0x0043};
	assert_int_equal(db_write_speed_get_media_type(&bd), DB_MEDIA_TYPE_BDRE);
	assert_false(db_write_speed_get_rotation_type_is_pure_cav(&bd));
	assert_int_equal(db_write_speed_get_write_speed(&bd), 26341);
	struct db_write_speed none = {.write_kbps = 1385};
	assert_int_equal(db_write_speed_get_media_type(&none), DB_MEDIA_TYPE_UNKNOWN);
	assert_string_equal(db_media_physical_type_name(DB_MEDIA_TYPE_DVDPLUSR),
			    "MEDIA_TYPE_DVDPLUSR");
}

/* Every profile of mmc/profiles.h: those DiscFormat2Data writes (it
 * lists their types in SupportedMediaTypes) all have an IMAPI type, ROM
 * profiles map to the ROM types, and no profile maps outside the enum. */
static void test_profile_types(void **s)
{
	(void)s;
	static const uint16_t profiles[] = {
#define P(sym, code, ...) code,
		MMC_PROFILE_LIST(P)
#undef P
	};
	struct db_format2data *f = f2d_for(NULL);
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT];
	unsigned n;
	assert_int_equal(db_format2data_get_supported_media_types(f, types, DB_MEDIA_TYPE_COUNT, &n),
			 DB_S_OK);
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		enum db_media_physical_type t = db_media_physical_type_from_profile(profiles[i]);
		assert_true((unsigned)t <= DB_MEDIA_TYPE_MAX);
	}
	for (unsigned i = 0; i < n; i++)
		assert_int_not_equal(types[i], DB_MEDIA_TYPE_UNKNOWN);
	assert_int_equal(db_media_physical_type_from_profile(0x0008), DB_MEDIA_TYPE_CDROM);
	assert_int_equal(db_media_physical_type_from_profile(0x0010), DB_MEDIA_TYPE_DVDROM);
	assert_int_equal(db_media_physical_type_from_profile(0x0040), DB_MEDIA_TYPE_BDROM);
	assert_int_equal(db_media_physical_type_from_profile(0x0011), DB_MEDIA_TYPE_DVDDASHR);
	assert_int_equal(db_media_physical_type_from_profile(0x0014), DB_MEDIA_TYPE_DVDDASHRW);
	assert_int_equal(db_media_physical_type_from_profile(0x0015), DB_MEDIA_TYPE_DVDDASHR_DUALLAYER);
	assert_int_equal(db_media_physical_type_from_profile(0x001A), DB_MEDIA_TYPE_DVDPLUSRW);
	assert_int_equal(db_media_physical_type_from_profile(0x002A), DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER);
	assert_int_equal(db_media_physical_type_from_profile(0x002B), DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER);
	assert_int_equal(db_media_physical_type_from_profile(0x0041), DB_MEDIA_TYPE_BDR);
	assert_int_equal(db_media_physical_type_from_profile(0x0042), DB_MEDIA_TYPE_BDR);
	assert_int_equal(db_media_physical_type_from_profile(0x0000), DB_MEDIA_TYPE_UNKNOWN);
	db_format2data_destroy(f);
}

/* CurrentWriteSpeed / CurrentRotationTypeIsPureCAV after a Write that
 * asked for the fastest speed at pure CAV. */
static void test_current_speed_after_write(void **s)
{
	(void)s;
	struct h_disc *x = h_open("dvd+r");
	struct db_format2data *f = f2d_for(x);
	assert_int_equal(db_format2data_put_client_name(f, "props-test"), DB_S_OK);
	assert_int_equal(db_format2data_set_write_speed(f, -1, true), DB_S_OK);
	struct db_stream *st = h_pattern(64 * 2048, 7);
	assert_true(db_succeeded(db_format2data_write(f, st)));
	db_stream_close(st);
	int32_t sps[DB_MAX_SPEEDS];
	unsigned n;
	assert_int_equal(db_format2data_get_supported_write_speeds(f, sps, DB_MAX_SPEEDS, &n), DB_S_OK);
	assert_true(db_format2data_get_current_write_speed(f) > 0);
	assert_true(db_format2data_get_current_rotation_type_is_pure_cav(f));
	assert_int_equal(db_format2data_get_current_rotation_type_is_pure_cav(f),
			 db_format2data_get_current_rotation_is_pure_cav(f));
	db_format2data_destroy(f);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_recorder),
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_blank_dvd_plus_r),
		cmocka_unit_test(test_dvd_plus_r_after_burns),
		cmocka_unit_test(test_open_session_dvd_plus_r),
		cmocka_unit_test(test_damaged_dvd_plus_r),
		cmocka_unit_test(test_dvd_plus_rw),
		cmocka_unit_test(test_write_protected_dvd_plus_rw),
		cmocka_unit_test(test_no_medium),
		cmocka_unit_test(test_verification_failed_lba),
		cmocka_unit_test(test_write_speed_descriptor),
		cmocka_unit_test(test_profile_types),
		cmocka_unit_test(test_current_speed_after_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
