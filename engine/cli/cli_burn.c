/* What every burning subcommand (write, write-section) does the same way:
 * open the drive and the image with the documented exit statuses, and
 * turn Ctrl-C / SIGTERM into a cancel of the running burn. */
#include <pthread.h>
#include <signal.h>

#include "cli.h"

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
