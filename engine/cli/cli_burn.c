/* What every burning subcommand (write, write-section) does the same way:
 * open the drive and the image with the documented exit statuses, and
 * turn Ctrl-C / SIGTERM into a cancel of the running burn. */
#include <pthread.h>
#include <signal.h>

#include "cli.h"
#include "discburn/format2data.h"
#include "discburn/mmc.h"
#include "mmc/profiles.h"

int cli_open_drive_and_image(const char *drive, const char *image, struct db_recorder **r,
			     struct db_stream **s)
{
	*r = NULL;
	*s = NULL;
	db_status st = cli_open_recorder(drive, r);
	if (db_failed(st))
		return cli_fail_drive(st, drive);
	st = db_stream_open_file(image, s);
	if (db_failed(st)) {
		db_recorder_close(*r);
		*r = NULL;
		return cli_fail_image(st, image);
	}
	return CLI_OK;
}

static void cancel_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

/* Blocked in every thread (so call it before any thread starts): only
 * the watcher receives them, with sigwait, outside any signal handler,
 * where calling the library's cancel is safe. */
void cli_block_cancel_signals(void)
{
	sigset_t set;
	cancel_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void *watch(void *arg)
{
	struct cli_cancel_watch *w = arg;
	sigset_t set;
	int sig;
	cancel_signals(&set);
	if (sigwait(&set, &sig) == 0) {
		w->signal = sig;
		w->cancel(w->ctx);
	}
	return NULL;
}

void cli_cancel_watch_start(struct cli_cancel_watch *w, void (*cancel)(void *ctx), void *ctx)
{
	w->cancel = cancel;
	w->ctx = ctx;
	w->signal = 0;
	w->running = pthread_create(&w->thread, NULL, watch, w) == 0;
}

void cli_cancel_watch_stop(struct cli_cancel_watch *w)
{
	if (!w->running)
		return;
	pthread_cancel(w->thread);
	pthread_join(w->thread, NULL);
	w->running = false;
}

/* The shell's convention for a process ended by a signal (bash: 128+n),
 * so a script sees the cancel as it would see the signal itself. */
int cli_cancel_exit(int signal)
{
	return 128 + signal;
}

/* What the disc holds after a cancelled burn, from the drive rather than
 * from what was sent: READ TRACK INFORMATION (Address/Number Type 00b,
 * the track holding the burn's first LBA, MMC-6 6.27.2.2) gives the Last
 * Recorded Address of what the drive accepted, and READ BUFFER CAPACITY
 * (MMC-6 6.23) how much of that is still in its buffer: the engine
 * sends no SYNCHRONIZE CACHE after a cancel, so those sectors never
 * reach the medium, and a sequential track is left open and damaged
 * (docs/errors.md). */
void cli_explain_cancel(struct db_recorder *r, int32_t start, int32_t n)
{
	struct db_device *d = db_recorder_device(r);
	cli_hold_sense(d);
	char a[32], b[32], c[32];
	uint16_t profile = 0;
	struct db_track_info ti;
	if (n <= 0 || db_failed(db_recorder_current_profile(r, &profile)) ||
	    db_failed(db_mmc_read_track_information(d, 0, (uint32_t)start, &ti))) {
		cli_fact("cancelled: what the disc holds is unknown (the drive did not say)");
		return;
	}
	if (!mmc_profile_is(profile, MMC_PA_SEQ)) {
		cli_fact("cancelled: some of the %s sectors from LBA %d were overwritten; the rest "
			 "of the disc is as it was", cli_grouped(n, b), start);
		return;
	}
	long long sent = ti.lra_valid && ti.last_recorded >= start
				 ? (long long)ti.last_recorded - start + 1
				 : 0;
	struct db_buffer_capacity cap;
	long long buffered = 0;
	if (db_succeeded(db_mmc_read_buffer_capacity(d, &cap)) && cap.size >= cap.available)
		buffered = (cap.size - cap.available + 2047) / 2048; /* a part-sector is not on the disc */
	if (buffered > sent)
		buffered = sent;
	if (sent == 0) {
		cli_fact("cancelled: nothing of the %s sectors reached the disc; it is as it was",
			 cli_grouped(n, b));
		return;
	}
	cli_fact("cancelled: %s of %s sectors reached the disc from LBA %d (%s more were in "
		 "the drive's buffer and may be lost); the track is left damaged: close it with CLOSE "
		 "TRACK (cdrecord -fix) and the next write appends after it",
		 cli_grouped(sent - buffered, a), cli_grouped(n, b), start, cli_grouped(buffered, c));
}

/* A WRITE the drive refused with 5/21/02 (invalid address for write,
 * MMC-6 4.5.2.4: only the NWA takes a write on sequential media): say
 * where the drive would have written, from DiscFormat2Data's
 * NextWritableAddress (READ TRACK INFORMATION of the invisible track). */
void cli_explain_address(struct db_recorder *r, long long lba)
{
	struct mmc_sense s = db_device_last_sense(db_recorder_device(r));
	if (s.key != 5 || s.asc != 0x21 || s.ascq != 0x02)
		return;
	cli_hold_sense(db_recorder_device(r));
	struct db_format2data *f;
	int32_t nwa = -1;
	if (db_failed(db_format2data_create(&f)))
		return;
	if (db_succeeded(db_format2data_put_recorder(f, r)) &&
	    db_succeeded(db_format2data_get_next_writable_address(f, &nwa)) && nwa >= 0)
		cli_fact("the next writable address is %d, not %lld", nwa, lba);
	else
		cli_fact("the disc takes no write at LBA %lld (no next writable address: closed?)", lba);
	db_format2data_destroy(f);
}
