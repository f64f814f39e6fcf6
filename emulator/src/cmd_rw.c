/* Sector commands: READ CAPACITY, READ(10/12), WRITE(10/12),
 * WRITE AND VERIFY(10), VERIFY(10), SYNCHRONIZE CACHE.
 *
 * The dispatcher has checked the CDB length, the medium and that the
 * caller's buffers hold the transfer. READ CD is cmd_readcd.c. Here: the media model's address rules, then
 * the image. SYNCHRONIZE CACHE and the state-changing commands save the
 * drive's state; while a write-once disc is being recorded, the saved
 * disc follows what has reached the medium (drive_record.c,
 * docs/emulator-media.md "Interrupted recording"). */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"
#include "mmc/cdb.h"
#include "mmc/features.h"
#include "mmc/opcodes.h"

/* ---- READ CAPACITY ------------------------------------------------------ */

/* READ CAPACITY, MMC-6 6.18: last readable LBA and the block length. A blank disc
 * reports 0 as real drives do (the kernel's sr sizes /dev/srN from it). */
enum mmc_sense_code cmd_read_capacity(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	int64_t last = media_last_readable_lba(&d->media);
	mmc_put_be32(&c->in[0], last < 0 ? 0 : (uint32_t)last);
	mmc_put_be32(&c->in[4], DISC_SECTOR_SIZE);
	c->in_len = 8;
	return MMC_SENSE_NO_SENSE;
}

/* ---- READ ----------------------------------------------------------------- */

/* Whether [lba, lba+blocks) touches a mode 2 track (media_check_read has
 * checked the range lies in recorded tracks). */
static bool range_has_mode2(const struct media_state *m, int64_t lba, uint32_t blocks)
{
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		if (t->start < lba + blocks && (int64_t)t->start + media_track_recorded(t) > lba &&
		    media_track_kind(t) == SECTOR_MODE2)
			return true;
	}
	return false;
}

/* READ(10) of mode 2 sectors returns the 2048 user bytes of XA form 1
 * (what a CD-ROM XA data track's file system is read with, MMC-6 6.15:
 * the logical block is 2048 bytes); form 2 and formless sectors hold no
 * 2048-byte block: 05/64/00 ILLEGAL MODE FOR THIS TRACK. */
static enum mmc_sense_code read_mode2(struct mmcemu_drive *d, struct mmcemu_cmd *c, int64_t lba,
				      uint32_t blocks)
{
	for (uint32_t i = 0; i < blocks; i++) {
		uint8_t sec[DISC_RAW_SECTOR_SIZE];
		size_t len;
		const struct media_track *t = media_track_at(&d->media, lba + i);
		if (disc_store_read_sector(&d->store, &d->media, lba + i, sec, &len) != 0)
			return MMC_SENSE_MEDIUM_UNRECOVERED_READ_ERROR;
		uint8_t *out = c->in + (size_t)i * DISC_SECTOR_SIZE;
		if (media_sector_kind(&d->media, lba + i) != SECTOR_MODE2) {
			memcpy(out, sec, DISC_SECTOR_SIZE);
			continue;
		}
		if (!t->xa || (sec[2] & MEDIA_XA_SUBMODE_FORM2))
			return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
		memcpy(out, sec + 8, DISC_SECTOR_SIZE);
	}
	return MMC_SENSE_NO_SENSE;
}

static enum mmc_sense_code read_sectors(struct mmcemu_drive *d, struct mmcemu_cmd *c,
					int64_t lba, uint32_t blocks)
{
	enum mmc_sense_code rc = media_check_read(&d->media, lba, blocks);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	if (blocks && range_has_mode2(&d->media, lba, blocks)) {
		rc = read_mode2(d, c, lba, blocks);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	} else if (blocks && disc_store_read(&d->store, lba, blocks, c->in) != 0) {
		return MMC_SENSE_MEDIUM_UNRECOVERED_READ_ERROR;
	}
	c->in_len = (size_t)blocks * DISC_SECTOR_SIZE;
	d->stats.blocks_read += blocks;
	return MMC_SENSE_NO_SENSE;
}

/* READ(10) and READ(12), MMC-6 6.14/6.15: FUA and the streaming bit ask
 * about caching, which a file-backed disc does not have. */
enum mmc_sense_code cmd_read(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct mmc_rw_cdb rw;
	if (!mmc_decode_rw(c->cdb, c->cdb_len, &rw))
		return cdb_field_error(c, 0, -1);
	return read_sectors(d, c, rw.lba, rw.blocks);
}

/* ---- WRITE ---------------------------------------------------------------- */

/* Test write (mode page 05h, so CD-R/RW and DVD-R/-RW only: the list's
 * P05 media): the drive goes through the motions with the laser off;
 * nothing is recorded (MMC-6 7.5.4.4). */
static bool simulated(const struct mmcemu_drive *d)
{
	return d->wp.test_write && mmc_profile_is(d->media.profile.number, MMC_PA_P05);
}

/* The disc state a write checks and advances: under test write the
 * drive's copy (drive.h sim), taken from the disc at the first write,
 * so the laser-off burn moves from NWA to NWA like a real one. */
static struct media_state *write_media(struct mmcemu_drive *d)
{
	if (!simulated(d))
		return &d->media;
	if (!d->sim_active) {
		d->sim = d->media;
		d->sim_active = true;
	}
	return &d->sim;
}

/* DVD-R/-RW sequential recording, where page 05h write type 2 is disc at
 * once into the reserved track. */
static bool dvd_dash_dao(const struct mmcemu_drive *d)
{
	return d->media.profile.family == MMC_FAMILY_DVD &&
	       mmc_profile_is(d->media.profile.number, MMC_PA_P05) &&
	       d->wp.write_type == MMC_WRITE_TYPE_SAO;
}

/* CD writes follow the write type of mode page 05h: session at once needs
 * the cue sheet first (MMC-5 6.33: 05/2C/00), raw is not emulated. DVD-R
 * disc-at-once writes only into the track RESERVE TRACK announced. */
static enum mmc_sense_code check_write_type(const struct mmcemu_drive *d, int64_t lba)
{
	if (dvd_dash_dao(d)) {
		const struct media_track *t = media_track_at(&d->media, lba);
		return t && t->state == TRACK_RESERVED ? MMC_SENSE_NO_SENSE
						       : MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	}
	if (d->media.profile.family != MMC_FAMILY_CD)
		return MMC_SENSE_NO_SENSE;
	if (d->wp.write_type == MMC_WRITE_TYPE_SAO && !d->media.cue.armed)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	if (d->wp.write_type == MMC_WRITE_TYPE_RAW)
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	return MMC_SENSE_NO_SENSE;
}

/* Mode page 05h Data Block Type (MMC-6 7.5.4.12, Table 662 "Data Block
 * Type Codes"): the bytes the host sends per block, 0 for the types the
 * drive does not take (the page refuses those). */
static size_t block_type_size(uint8_t type)
{
	switch (type) {
	case 0: return 2352; /* raw data: CD-DA audio */
	case 8: return 2048; /* mode 1 */
	case 9: return 2336; /* mode 2 formless */
	case 10: return 2048; /* mode 2, CD-ROM XA form 1 */
	case 11: return 2056; /* XA form 1 with its 8-byte subheader */
	case 12: return 2324; /* XA form 2 */
	case 13: return 2332; /* XA form 1 or 2 with its subheader */
	default: return 0;
	}
}

/* TAO and packet writing take the block type of mode page 05h; session at
 * once takes its formats from the cue sheet (mode 1 data here); DVD and
 * BD write 2048-byte user data. */
static bool cd_page05_write(const struct mmcemu_drive *d)
{
	return d->has_medium && d->media.profile.family == MMC_FAMILY_CD &&
	       (d->wp.write_type == MMC_WRITE_TYPE_TAO ||
		d->wp.write_type == MMC_WRITE_TYPE_PACKET_INCREMENTAL);
}

size_t drive_write_block_size(const struct mmcemu_drive *d)
{
	size_t n = cd_page05_write(d) ? block_type_size(d->wp.data_block_type) : 0;
	return n ? n : DISC_SECTOR_SIZE;
}

/* The track format a write gives an empty track: the Track Mode (the Q
 * control nibble, MMC-6 7.5.4.11) and the data mode the block type
 * implies. NULL where mode page 05h does not decide (SAO, DVD, BD). */
static bool write_format(const struct mmcemu_drive *d, struct media_track_format *f)
{
	if (!cd_page05_write(d))
		return false;
	uint8_t type = d->wp.data_block_type;
	*f = (struct media_track_format){
		.track_mode = d->wp.track_mode & 0x0F,
		.data_mode = type == 0 ? MEDIA_DATA_MODE_AUDIO : type == 8 ? 1 : 2,
		.xa = type >= 10,
		.tao = d->wp.write_type == MMC_WRITE_TYPE_TAO,
	};
	memcpy(f->isrc, d->wp.isrc, sizeof(f->isrc));
	memcpy(f->mcn, d->wp.mcn, sizeof(f->mcn));
	return true;
}

/* ---- mode 2 sectors as the disc keeps them ------------------------------ */

/* One host block of a mode 2 block type into the 2336 bytes the disc keeps
 * (8-byte subheader, then the user data: 2048 + EDC/ECC room in form 1,
 * 2324 + EDC room in form 2; READ CD computes EDC/ECC from the data).
 * Types 10 and 12 carry no subheader: the drive records mode page 05h's
 * sub-header bytes, twice, as XA does. The form follows the block type
 * (10/11 form 1, 12 form 2; 13 as its own submode says). */
static void mode2_sector(const struct mmcemu_drive *d, const uint8_t *in,
			 uint8_t out[MEDIA_MODE2_SECTOR])
{
	uint8_t type = d->wp.data_block_type;
	memset(out, 0, MEDIA_MODE2_SECTOR);
	switch (type) {
	case 9:
		memcpy(out, in, MEDIA_MODE2_SECTOR);
		return;
	case 10:
	case 12:
		memcpy(out, d->wp.subheader, 4);
		memcpy(out + 8, in, type == 10 ? 2048 : 2324);
		break;
	case 11:
		memcpy(out, in, 2056);
		break;
	default: /* 13 */
		memcpy(out, in, 2332);
		break;
	}
	if (type == 10 || type == 11)
		out[2] &= (uint8_t)~MEDIA_XA_SUBMODE_FORM2;
	else if (type == 12)
		out[2] |= MEDIA_XA_SUBMODE_FORM2;
	memcpy(out + 4, out, 4); /* the subheader is recorded twice */
}

/* The block type must be one the Track Mode allows: raw 2352-byte
 * blocks for an audio track, a data block type for a data track
 * (MMC-6 7.5.4.11/12). Anything else is the wrong mode for the track:
 * 05/64/00 ILLEGAL MODE FOR THIS TRACK. */
static enum mmc_sense_code check_write_format(const struct mmcemu_drive *d,
					      const struct media_state *m, int64_t lba,
					      const struct media_track_format *f)
{
	bool audio_type = d->wp.data_block_type == 0;
	bool audio_mode = !(f->track_mode & MEDIA_CONTROL_DATA);
	if (audio_type != audio_mode)
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	return media_check_write_format(m, lba, f);
}

/* The drive buffer and the clock (drive_buffer.h), when the drive models
 * them: a write waits for room, and a buffer that ran dry while the track
 * was recording is a link (BURN-Free) or a ruined track (03/0C/09). */
static enum mmc_sense_code pace_write(struct mmcemu_drive *d, int64_t lba, uint32_t blocks)
{
	if (!d->buffer.capacity || !clock_is_timed(&d->clk))
		return MMC_SENSE_NO_SENSE;
	uint64_t now = clock_now_ns(&d->clk);
	if (buffer_underrun(&d->buffer, now)) {
		buffer_resume(&d->buffer);
		/* A simulated underrun ruins or links only the drive's copy:
		 * the host learns of it, the disc keeps nothing. */
		struct media_state *m = write_media(d);
		if (!d->wp.bufe) {
			struct media_track *t = (struct media_track *)media_track_at(m, lba - 1);
			if (t)
				t->damaged = true;
			/* The ruined track is what the disc keeps. */
			enum mmc_sense_code rc = simulated(d)
							 ? MMC_SENSE_NO_SENSE
							 : drive_record_checkpoint(d, RECORD_AT_DAMAGE);
			return rc != MMC_SENSE_NO_SENSE ? rc : MMC_SENSE_MEDIUM_LOSS_OF_STREAMING;
		}
		m->link_count++;
	}
	/* The buffer holds the host's blocks (2352 bytes of CD-DA, 2048 of
	 * mode 1, ...) and the medium takes 75 sectors a second at CD 1x,
	 * whatever they hold (issue 15): a new block size changes the rate
	 * in bytes. */
	size_t block = drive_write_block_size(d);
	bool cav = profile_speed_is_cav(&d->media.profile, d->write_speed_kbps);
	if (block != drive_buffer_block(d) || cav) {
		buffer_drain(&d->buffer, now);
		d->buffer_block = (uint32_t)block;
		/* CAV: the medium records at the speed of the radius under
		 * the head, where the oldest buffered sector goes: the data
		 * still buffered lies just before this write. */
		int64_t head = lba - (int64_t)(d->buffer.fill / block);
		buffer_set_rate(&d->buffer, now, drive_buffer_rate_at(d, cav ? head : lba));
	}
	uint64_t done = buffer_accept(&d->buffer, now, (uint64_t)blocks * block);
	return drive_hold_medium_until(d, done);
}

/* Sectors before LBA 0 (the pregap of a cue sheet session) are accepted
 * and dropped: the image starts at LBA 0. */
static int store_sectors(struct mmcemu_drive *d, const uint8_t *data, int64_t lba,
			 uint32_t blocks, size_t size, const struct media_track_format *f)
{
	if (lba < 0) {
		uint32_t skip = (uint32_t)(-lba < blocks ? -lba : blocks);
		data += (size_t)skip * size;
		lba += skip;
		blocks -= skip;
	}
	if (!f || f->data_mode != 2)
		return blocks ? disc_store_write_sized(&d->store, lba, blocks, size, data) : 0;
	uint8_t run[16][MEDIA_MODE2_SECTOR];
	for (uint32_t i = 0; i < blocks;) {
		uint32_t n = blocks - i < 16 ? blocks - i : 16;
		for (uint32_t k = 0; k < n; k++)
			mode2_sector(d, data + (size_t)(i + k) * size, run[k]);
		int rc = disc_store_write_sized(&d->store, lba + i, n, MEDIA_MODE2_SECTOR, run);
		if (rc)
			return rc;
		i += n;
	}
	return 0;
}

/* WRITE(10), WRITE(12), WRITE AND VERIFY(10): MMC-5 6.44-6.46. */
enum mmc_sense_code cmd_write(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct mmc_rw_cdb rw;
	if (!mmc_decode_rw(c->cdb, c->cdb_len, &rw))
		return cdb_field_error(c, 0, -1);
	if (c->cdb[0] == MMC_OP_WRITE_12 && rw.streaming)
		d->stats.write12_streaming++;
	enum mmc_sense_code rc = check_write_type(d, rw.lba);
	struct media_track_format fmt;
	bool has_fmt = write_format(d, &fmt);
	size_t size = drive_write_block_size(d);
	if (rc == MMC_SENSE_NO_SENSE)
		rc = media_check_write(write_media(d), rw.lba, rw.blocks);
	if (rc == MMC_SENSE_NO_SENSE && has_fmt)
		rc = check_write_format(d, write_media(d), rw.lba, &fmt);
	/* A disc saved before metadata version 2 keeps 2048 bytes a sector
	 * in its image: it takes no audio or mode 2 (docs/emulator-media.md). */
	if (rc == MMC_SENSE_NO_SENSE && has_fmt &&
	    (fmt.data_mode != 1 ? DISC_RAW_SECTOR_SIZE : DISC_SECTOR_SIZE) > d->store.stride)
		rc = MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	if (rc == MMC_SENSE_NO_SENSE)
		rc = pace_write(d, rw.lba, rw.blocks);
	if (rc != MMC_SENSE_NO_SENSE || rw.blocks == 0)
		return rc;
	if (!simulated(d)) {
		if (store_sectors(d, c->out, rw.lba, rw.blocks, size, has_fmt ? &fmt : NULL) != 0)
			return MMC_SENSE_MEDIUM_WRITE_ERROR;
		bool closes = d->media.cue.armed &&
			      rw.lba + rw.blocks == d->media.cue.end;
		media_commit_write_format(&d->media, rw.lba, rw.blocks, has_fmt ? &fmt : NULL);
		drive_record_write(d, rw.lba, rw.blocks);
		/* The last sector of a cue sheet session closes it: a state
		 * change to keep. */
		rc = closes ? drive_persist(d) : drive_record_checkpoint(d, RECORD_AT_WRITE);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	} else {
		/* Laser off: the sectors pass through the buffer at the
		 * medium's speed (pace_write) and only the copy advances. */
		media_commit_write_format(&d->sim, rw.lba, rw.blocks, has_fmt ? &fmt : NULL);
	}
	d->stats.blocks_written += rw.blocks;
	return MMC_SENSE_NO_SENSE;
}

/* ---- VERIFY, SYNCHRONIZE CACHE ------------------------------------------- */

/* VERIFY(10), MMC-5 6.43: with BYTCHK 0 the drive checks the sectors are
 * readable. Byte-by-byte compare (BYTCHK 1) is optional and not offered. */
enum mmc_sense_code cmd_verify(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	if (c->cdb[1] & 0x02)
		return cdb_field_error(c, 1, 1);
	int64_t lba = mmc_lba_from_u32(mmc_get_be32(&c->cdb[2]));
	uint32_t blocks = mmc_get_be16(&c->cdb[7]);
	return media_check_read(&d->media, lba, blocks);
}

/* DVD-R disc-at-once (write type 2): the host reserves the one track,
 * fills it and synchronizes; the drive then writes the lead-out by itself,
 * no CLOSE follows (libburn's DVD-R DAO recipe, after mmc5r03c). */
static void finish_dvd_dao(struct mmcemu_drive *d)
{
	struct media_state *m = &d->media;
	const struct media_track *t = &m->tracks[0];
	if (!dvd_dash_dao(d) || m->status == DISC_COMPLETE || t->state != TRACK_RESERVED ||
	    t->written < t->size)
		return;
	const struct media_close_opts final = {.multisession = false};
	media_close_with(m, MMC_CLOSE_SESSION, 0, &final);
}

/* CD Track At Once: SYNCHRONIZE CACHE ends the track being written (the
 * drive records its run-out, and the next invisible track starts after
 * the 2 s pregap), as CLOSE TRACK would. Burners count on it: cdrkit's
 * close_track_mmc() (wodim/drv_mmc.c) sends only SYNCHRONIZE CACHE after
 * a TAO track, and cdrskin (libburn 1.5.4) sends SYNCHRONIZE CACHE, then
 * READ TRACK INFORMATION for the next track's NWA, no CLOSE TRACK (seen
 * through the kernel in vm/scenarios/08-audio.sh). Without it every
 * track of `wodim -tao a b c` went into one. A SYNCHRONIZE CACHE with
 * nothing written since (the closing CLOSE TRACK libburn and the engine
 * send anyway find the track complete: GOOD) changes nothing. */
static enum mmc_sense_code close_tao_track(struct mmcemu_drive *d)
{
	struct media_state *m = &d->media;
	if (m->profile.family != MMC_FAMILY_CD || d->wp.write_type != MMC_WRITE_TYPE_TAO ||
	    m->cue.armed || m->n_tracks == 0)
		return MMC_SENSE_NO_SENSE;
	const struct media_track *t = &m->tracks[m->n_tracks - 1];
	if (t->state != TRACK_INVISIBLE || t->written == 0)
		return MMC_SENSE_NO_SENSE;
	const struct media_close_opts opts = {.multisession = d->wp.multisession == 3};
	return media_close_with(m, MMC_CLOSE_TRACK, 0xFF, &opts);
}

/* SYNCHRONIZE CACHE, MMC-5 6.41: everything written is on the medium when this returns: the
 * image is flushed and the disc state (NWA, written counts) saved. */
enum mmc_sense_code cmd_synchronize_cache(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	(void)c;
	if (d->buffer.capacity && clock_is_timed(&d->clk)) {
		enum mmc_sense_code rc = drive_hold_medium_until(
			d, buffer_flush(&d->buffer, clock_now_ns(&d->clk)));
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	}
	/* A simulation has nothing to save: the disc files stay as they are. */
	if (simulated(d))
		return MMC_SENSE_NO_SENSE;
	finish_dvd_dao(d);
	enum mmc_sense_code rc = close_tao_track(d);
	return rc != MMC_SENSE_NO_SENSE ? rc : drive_persist(d);
}
