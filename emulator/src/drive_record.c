/* What a burn has put on a write-once medium, kept in the saved disc while
 * the burn runs (issue 12 item 7).
 *
 * A real CD-R, DVD±R or BD-R keeps every sector its laser wrote; what a
 * drive keeps in RAM (the sectors still in its buffer, its write position,
 * the run-out and link it writes when recording stops) is lost with the
 * power. The emulator writes each WRITE's sectors to the image at once and
 * keeps the drive's state in memory; the saved disc (DISC) is brought up to
 * the *medium*: every sector that has left the drive buffer by the drive
 * clock (drive_buffer.h, buffer_held), with the track being recorded left
 * as a drive that dies mid-track leaves it (media_interrupt_track: damaged,
 * no NWA until closed). SYNCHRONIZE CACHE and every state change save the
 * drive's own state again (drive_persist), which ends the recording here.
 *
 * When: a save costs an fdatasync of the image and an atomic rename of the
 * metadata, so while the host streams it happens once per buffer's worth of
 * sectors drained (a kill loses at most the sectors still buffered plus one
 * buffer's worth drained since the last save); at any other command once
 * the buffer has run empty (the host stopped: everything it sent is on the
 * medium); and when the medium leaves the drive or the drive closes (power
 * off: only what the buffer still held is lost). */
#include <string.h>

#include "drive.h"

/* Sectors the buffer still holds. Without a timed buffer (UNLIMITED
 * clock, no buffer) the medium takes every sector as it arrives. */
static uint64_t held_sectors(struct mmcemu_drive *d)
{
	if (!d->buffer.capacity || !clock_is_timed(&d->clk))
		return 0;
	uint64_t bytes = buffer_held(&d->buffer, clock_now_ns(&d->clk));
	uint64_t block = drive_buffer_block(d);
	uint64_t n = (bytes + block - 1) / block;
	/* Bytes older than the last clean save (a CLOSE does not wait for
	 * the buffer) go to the medium first: never more than was written. */
	return n < d->rec.recent_blocks ? n : d->rec.recent_blocks;
}

/* Sectors drained between two saves while the host streams: the buffer's
 * size, so the saved disc lags the medium by at most one buffer. */
static uint64_t save_interval(const struct mmcemu_drive *d)
{
	uint64_t n = d->buffer.capacity / drive_buffer_block(d);
	return n ? n : 1024;
}

/* Forgets the oldest writes the medium has taken whole; every write with
 * a sector on the medium marks its track as recorded. */
static void settle(struct drive_recording *r, uint64_t held)
{
	while (r->n_recent && r->recent_blocks - r->recent[0].blocks >= held) {
		r->touched[r->recent[0].track] = true;
		r->recent_blocks -= r->recent[0].blocks;
		r->n_recent--;
		memmove(&r->recent[0], &r->recent[1], r->n_recent * sizeof(r->recent[0]));
	}
	if (r->n_recent && r->recent_blocks > held)
		r->touched[r->recent[0].track] = true;
}

void drive_record_write(struct mmcemu_drive *d, int64_t lba, uint32_t blocks)
{
	struct media_state *m = &d->media;
	if (!m->profile.sequential || blocks == 0)
		return;
	/* A cue sheet session takes its pregap (LBAs below its track) too. */
	const struct media_track *t = m->cue.armed ? media_invisible_track(m)
						   : media_track_at(m, lba);
	if (!t)
		return;
	struct drive_recording *r = &d->rec;
	uint16_t track = (uint16_t)(t - m->tracks);
	if (r->n_recent) {
		struct drive_recent_write *last = &r->recent[r->n_recent - 1];
		if (last->track == track && last->lba + last->blocks == lba) {
			last->blocks += blocks;
			goto counted;
		}
	}
	if (r->n_recent == DRIVE_RECENT_WRITES) {
		/* Writes hopping between many open tracks: the oldest is taken
		 * as recorded (the saved disc may then claim up to one such
		 * write the buffer still held; the image has it either way). */
		r->touched[r->recent[0].track] = true;
		r->recent_blocks -= r->recent[0].blocks;
		r->n_recent--;
		memmove(&r->recent[0], &r->recent[1], r->n_recent * sizeof(r->recent[0]));
	}
	r->recent[r->n_recent++] = (struct drive_recent_write){.track = track, .lba = lba,
							       .blocks = blocks};
counted:
	r->recent_blocks += blocks;
	r->committed += blocks;
	r->active = true;
}

/* The disc as the medium holds it: the drive's state without the `held`
 * newest sectors, each recorded track interrupted. */
static int save_medium(struct mmcemu_drive *d, uint64_t held, bool durable)
{
	const struct drive_recording *r = &d->rec;
	struct media_state m = d->media; /* about 5 KiB */
	for (unsigned k = r->n_recent; k-- > 0 && held;) {
		uint32_t n = held < r->recent[k].blocks ? (uint32_t)held : r->recent[k].blocks;
		media_unrecord_tail(&m, r->recent[k].track, n);
		held -= n;
	}
	for (unsigned i = 0; i < m.n_tracks; i++)
		if (r->touched[i])
			media_interrupt_track(&m, i);
	return durable ? disc_store_save(&d->store, &m) : disc_store_checkpoint(&d->store, &m);
}

enum mmc_sense_code drive_record_checkpoint(struct mmcemu_drive *d, enum drive_record_point at)
{
	struct drive_recording *r = &d->rec;
	if (!d->has_medium)
		return MMC_SENSE_NO_SENSE;
	if (!r->active) /* nothing recorded since the drive's state was saved */
		return at == RECORD_AT_DAMAGE ? drive_persist(d) : MMC_SENSE_NO_SENSE;
	uint64_t held = held_sectors(d);
	settle(r, held);
	uint64_t on_medium = r->committed - held;
	uint64_t unsaved = on_medium > r->saved ? on_medium - r->saved : 0;
	bool due;
	switch (at) {
	case RECORD_AT_WRITE:
		due = unsaved >= save_interval(d);
		break;
	case RECORD_AT_IDLE:
		due = unsaved >= save_interval(d) || (unsaved && held == 0);
		break;
	case RECORD_AT_DAMAGE:
		due = true;
		break;
	default: /* RECORD_AT_POWER_OFF */
		due = unsaved > 0;
		break;
	}
	if (!due)
		return MMC_SENSE_NO_SENSE;
	/* Only the saves of a running stream skip the fsyncs: the others
	 * come once per stop, and are what a host crash should find. */
	if (save_medium(d, held, at != RECORD_AT_WRITE) != 0)
		return MMC_SENSE_HARDWARE_INTERNAL_TARGET_FAILURE;
	r->saved = on_medium;
	return MMC_SENSE_NO_SENSE;
}

void drive_record_reset(struct mmcemu_drive *d)
{
	memset(&d->rec, 0, sizeof(d->rec));
}

void drive_record_power_off(struct mmcemu_drive *d)
{
	/* Nothing to report to: a disc that cannot be saved keeps its last
	 * saved state, consistent as ever. */
	(void)drive_record_checkpoint(d, RECORD_AT_POWER_OFF);
	drive_record_reset(d);
}
