/* DiscFormat2Data before the data: FORMATTING_MEDIA (FORMAT UNIT of a
 * blank DVD+RW / BD-RE, BLANK of a CD-RW to overwrite),
 * INITIALIZING_HARDWARE (medium locked, mode page 05h, write speed) and
 * CALIBRATING_POWER (SEND OPC INFORMATION). */
#include <stdlib.h>
#include <string.h>

#include "format2data_internal.h"
#include "mmc/be.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

/* BLANK type 001b: minimal blank, the PMA/TOC and first track's pregap
 * (MMC-6 6.1.3); enough to record from sector 0 again. */
#define BLANK_MINIMAL 1

db_status df2d__format(struct db_format2data *f, const struct df2d_plan *p)
{
	struct db_device *d = db_recorder_device(f->recorder);
	db_status st = DB_S_OK;
	if (!p->needs_format && !p->blank_first)
		return DB_S_OK;
	df2d__event(f, DB_DF2D_FORMATTING_MEDIA, 0, 65536, NULL);
	/* Immed: the drive answers at once and reports 02/04/04 (format)
	 * or 02/04/07 (blank) with its progress until done. */
	if (p->needs_format)
		st = db_mmc_format_unit(d, true, p->format.blocks, p->format_type, 0,
					p->format.param);
	else
		st = db_mmc_blank(d, true, BLANK_MINIMAL, 0);
	return db_succeeded(st) ? df2d__wait(f) : st;
}

/* Page 05h (MMC-6 7.5) per medium. CD: TAO data track, mode 1 (IMAPI2
 * writes data discs TAO); DVD-R: incremental streaming (7.5.4.3). Both:
 * multi-session 11b keeps the disc open for another session, 00b makes
 * the session close final (6.3.3.1.3, 6.3.3.2.3). DVD+R/+RW and BD ignore
 * the write type; only BUFE matters to them. */
static void fill_write_params(const struct db_format2data *f, const struct df2d_plan *p,
			      struct db_write_params *w)
{
	w->bufe = !f->bufe_disabled;
	/* Simulate: Test Write, byte 2 bit 4 (MMC-6 7.5.4); the media
	 * Write accepts it on are the ones that read this page. */
	w->test_write = f->simulate;
	if (p->family == MMC_FAMILY_CD) {
		w->write_type = MMC_WRITE_TYPE_TAO;
		w->track_mode = 4; /* data, recorded uninterrupted */
		w->data_block_type = 8; /* mode 1, 2048 bytes */
		w->session_format = 0x00; /* CD-DA or CD-ROM */
		w->multisession = f->force_close ? 0 : 3;
		w->fp = false;
	} else if (p->family == MMC_FAMILY_DVD && mmc_profile_is(p->profile, MMC_PA_P05)) {
		w->write_type = MMC_WRITE_TYPE_PACKET_INCREMENTAL;
		w->track_mode = 5; /* data, incremental */
		w->data_block_type = 8;
		w->multisession = f->force_close ? 0 : 3;
		w->fp = false;
	}
}

static bool page05_matters(const struct df2d_plan *p)
{
	return mmc_profile_is(p->profile, MMC_PA_P05);
}

static db_status set_write_params(struct db_format2data *f, const struct df2d_plan *p)
{
	struct db_device *d = db_recorder_device(f->recorder);
	struct db_write_params w;
	db_status st = db_mmc_get_write_params(d, &w);
	if (db_succeeded(st)) {
		fill_write_params(f, p, &w);
		st = db_mmc_set_write_params(d, &w);
	}
	/* A DVD+R/+RW/BD drive may have no page 05h (growisofs never sends
	 * it there); only CD and DVD-R cannot be written without it. */
	if (db_failed(st) && !page05_matters(p) &&
	    (st == DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE ||
	     st == DB_E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS))
		return DB_S_OK;
	return st;
}

/* Bytes per sector in MMC speed fields: CD speeds count the raw 2352-byte
 * sector (1x = 75 sectors/s = 176.4 kB/s, MMC-5 6.37), DVD and BD the
 * 2048 bytes of user data (mmc/profiles.h, the family list). */
static uint32_t speed_sector_bytes(enum mmc_media_family fam)
{
	return mmc_family_speed_sector_bytes(fam);
}

static int32_t kbps_to_sps(uint32_t kbps, enum mmc_media_family fam)
{
	return (int32_t)((uint64_t)kbps * 1000 / speed_sector_bytes(fam));
}

/* Rounded up: IMAPI speeds are whole sectors/s, so DVD 16x arrives as
 * 10820 (of 10820.3); back in kB/s that is 22159.4, and a drive snapping
 * to the fastest speed not above the request would pick 12x. Rounding up
 * gives 22160 = 16 x 1385; the next speed step is far above one kB/s. */
static uint32_t sps_to_kbps(int32_t sps, enum mmc_media_family fam)
{
	return (uint32_t)(((uint64_t)sps * speed_sector_bytes(fam) + 999) / 1000);
}

/* What the drive chose, from mode page 2Ah (MMC-3 6.3.11): Current Write
 * Speed Selected, bytes 28-29 in kB/s (0 when the drive does not say;
 * FFFFh means "more than fits", BD 16x, so unknown too), and Rotation
 * Control Selected, byte 27 bits 1-0 (00b CLV, 01b CAV). */
struct speed_choice {
	uint32_t kbps;
	bool rotation_known;
	bool cav;
};

static struct speed_choice read_back(struct db_device *d)
{
	struct speed_choice ch = {0};
	uint8_t *buf;
	size_t len, plen;
	if (db_failed(db_mmc_mode_sense10(d, 0x2A, &buf, &len)))
		return ch;
	const uint8_t *pg = db_mode_page_find(buf, len, 0x2A, &plen);
	if (pg && plen >= 30) {
		uint32_t kbps = mmc_get_be16(&pg[28]);
		ch.kbps = kbps == 0xFFFF ? 0 : kbps;
		ch.rotation_known = true;
		ch.cav = (pg[27] & 0x03) == 0x01;
	}
	free(buf);
	return ch;
}

/* SET CD SPEED for CD (MMC-5 6.37; FFFFh = fastest; Rotation Control
 * 01b CAV), SET STREAMING for DVD and BD (MMC-5 6.39, the speed over the extent
 * to be written, a rate above every speed gets the fastest; Write
 * Rotation Control 01b CAV), each with the rotation SetWriteSpeed asked
 * for: pure CAV, or the drive's own choice. Read speed: the same figure,
 * as growisofs sends it; a drive refuses a zero read rate. kbps
 * UINT32_MAX asks for the fastest. */
static db_status send_speed(struct db_device *d, const struct df2d_speed_request *q,
			    uint32_t kbps)
{
	enum mmc_media_family fam = mmc_profile_family(q->profile);
	if (fam == MMC_FAMILY_CD) {
		struct db_cmd c;
		uint16_t w = kbps > 0xFFFF ? 0xFFFF : (uint16_t)kbps;
		db_cdb_set_cd_speed(&c, 0xFFFF, w, q->pure_cav ? 1 : 0);
		return db_device_exec(d, &c);
	}
	int32_t end = (int32_t)(q->start_lba + q->free_sectors - 1);
	if (kbps > 0x00FFFFFF)
		kbps = 0x00FFFFFF;
	return db_mmc_set_streaming(d, q->start_lba, end, kbps, kbps, q->pure_cav);
}

/* kB/s to send for a request in sectors/s. IMAPI speeds are whole
 * sectors/s (DVD 16x is 10820 of 10820.3, BD 12x 26341 of 26341.6), so
 * converting back loses up to one sector's worth of kB/s and a drive that
 * snaps to the fastest speed not above the request would drop a step. As
 * IMAPI's SetWriteSpeed does, take the fastest of the drive's own write
 * speed descriptors whose sectors/s is not above the request, and send
 * its exact kB/s; a request below every descriptor is sent as converted. */
static uint32_t request_kbps(struct db_recorder *r, const struct df2d_speed_request *q)
{
	enum mmc_media_family fam = mmc_profile_family(q->profile);
	uint32_t want = sps_to_kbps(q->sps, fam);
	struct db_write_speed ws[DB_MAX_SPEEDS];
	unsigned n = 0;
	if (db_failed(db_recorder_write_speeds(r, ws, DB_MAX_SPEEDS, &n)))
		return want;
	uint32_t best = 0;
	for (unsigned i = 0; i < n; i++) {
		uint32_t sps = db_write_speed_sectors_per_second(&ws[i], q->profile);
		/* One sector/s of slack: a caller may floor or round the
		 * fractional rate of an "Nx" speed, the descriptor rounds. */
		if (sps <= (uint32_t)q->sps + 1 && ws[i].write_kbps > best)
			best = ws[i].write_kbps;
	}
	return best > want ? best : want;
}

/* The drive snaps a requested speed to one it has (every real drive
 * does) and records it at the rotation it can: read the choice back. The
 * speed is adjusted when it differs by more than the rounding of "x"
 * speeds to kB/s; the rotation when pure CAV was asked for and the drive
 * records otherwise (IMAPI2 SetWriteSpeed: without pure CAV, any
 * rotation the recorder supports is what was asked). */
db_status df2d__apply_speed(struct db_recorder *r, const struct df2d_speed_request *q,
			   struct df2d_speed_result *out)
{
	struct db_device *d = db_recorder_device(r);
	enum mmc_media_family fam = mmc_profile_family(q->profile);
	*out = (struct df2d_speed_result){.current_sps = -1};
	if (q->sps >= 0 || q->pure_cav) {
		uint32_t want = q->sps < 0 ? 0xFFFFFFFFu : request_kbps(r, q);
		db_status st = send_speed(d, q, want);
		if (db_failed(st))
			return st;
		struct speed_choice got = read_back(d);
		if (got.kbps && q->sps >= 0 &&
		    (got.kbps * 100 < want * 98 || got.kbps * 100 > want * 102))
			out->adjusted.speed = true;
		if (q->pure_cav && got.rotation_known && !got.cav)
			out->adjusted.rotation = true;
	}
	struct speed_choice cur = read_back(d);
	out->current_sps = cur.kbps ? kbps_to_sps(cur.kbps, fam) : -1;
	out->current_cav = cur.rotation_known && cur.cav;
	return DB_S_OK;
}

db_status df2d__adjusted_status(const struct df2d_adjusted *a, db_status st)
{
	if (db_failed(st))
		return st;
	if (a->speed && a->rotation)
		return DB_S_IMAPI_BOTHADJUSTED;
	if (a->rotation)
		return DB_S_IMAPI_ROTATIONADJUSTED;
	return a->speed ? DB_S_IMAPI_SPEEDADJUSTED : st;
}

static db_status set_speed(struct db_format2data *f, const struct df2d_plan *p,
			   struct df2d_adjusted *adj)
{
	struct df2d_speed_request q = {.sps = f->requested_sps, .pure_cav = f->pure_cav,
				       .profile = p->profile, .start_lba = p->start_lba,
				       .free_sectors = p->free_sectors};
	struct df2d_speed_result res;
	db_status st = df2d__apply_speed(f->recorder, &q, &res);
	*adj = res.adjusted;
	f->current_sps = res.current_sps;
	f->current_cav = res.current_cav;
	return st;
}

db_status df2d__init_hardware(struct db_format2data *f, const struct df2d_plan *p,
			      struct df2d_adjusted *adjusted)
{
	struct db_device *d = db_recorder_device(f->recorder);
	df2d__event(f, DB_DF2D_INITIALIZING_HARDWARE, 0, 0, NULL);
	/* Lock the tray for the burn (PREVENT ALLOW MEDIUM REMOVAL): an
	 * eject mid-session ruins the disc. A drive without a lock is no
	 * reason to stop. */
	(void)db_mmc_prevent_allow(d, true);
	db_status st = set_write_params(f, p);
	if (db_succeeded(st))
		st = set_speed(f, p, adjusted);
	return st;
}

/* SEND OPC INFORMATION with DoOPC (MMC-5 6.36): the drive calibrates the
 * laser power on this disc's test area now rather than at the first
 * WRITE. A drive that has no OPC for this medium answers ILLEGAL REQUEST
 * (05/20 or 05/24), which is not a failure; a failed calibration (03/73)
 * is, with its own status. */
db_status df2d__calibrate(struct db_format2data *f, const struct df2d_plan *p)
{
	struct db_device *d = db_recorder_device(f->recorder);
	(void)p;
	df2d__event(f, DB_DF2D_CALIBRATING_POWER, 0, 0, NULL);
	struct db_cmd c;
	db_cdb_send_opc(&c, true);
	c.timeout_ms = DB_TIMEOUT_DEFAULT_MS;
	db_status st = db_device_exec(d, &c);
	if (db_failed(st) && db_device_last_sense(d).key == 0x5)
		return DB_S_OK;
	return st;
}
