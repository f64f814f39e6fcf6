/* What every burning subcommand (write, write-section) does the same way:
 * open the drive and the image with the documented exit statuses, and
 * turn Ctrl-C / SIGTERM into a cancel of the running burn. */
#include <pthread.h>
#include <signal.h>

#include "cli.h"
#include "discburn/format2data.h"
#include "discburn/mmc.h"

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

/* What the disc holds after a cancelled burn, from the drive (READ
 * TRACK INFORMATION of the track the engine began, MMC-6 6.27: Last
 * Recorded Address, the Damage bit) rather than from what was sent: a
 * sector still in the drive's buffer never reached the medium. */
void cli_explain_cancel(struct db_recorder *r, int32_t start, int32_t n)
{
	cli_hold_sense(db_recorder_device(r));
	char a[32], b[32];
	struct db_track_info ti;
	if (n <= 0 || db_failed(db_mmc_read_track_information(db_recorder_device(r), 1,
							      (uint32_t)start, &ti))) {
		cli_fact("cancelled: what the disc holds is unknown (the drive did not say)");
		return;
	}
	long long reached = ti.lra_valid && ti.last_recorded >= start
				    ? (long long)ti.last_recorded - start + 1
				    : 0;
	if (!ti.lra_valid && !ti.damage && !ti.blank)
		reached = n; /* random-access media: no LRA, the sectors were overwritten */
	if (ti.damage)
		cli_fact("cancelled: %s of %s sectors reached the disc from LBA %d; the track is "
			 "left damaged: close it (CLOSE TRACK, cdrecord -fix) and the next write "
			 "appends after it", cli_grouped(reached, a), cli_grouped(n, b), start);
	else if (reached == 0)
		cli_fact("cancelled: nothing reached the disc (%s sectors planned at LBA %d); "
			 "the disc is as it was", cli_grouped(n, b), start);
	else
		cli_fact("cancelled: %s of %s sectors from LBA %d may have reached the disc; "
			 "the rest of it is as it was", cli_grouped(reached, a), cli_grouped(n, b), start);
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
