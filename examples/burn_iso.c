/* Burn an ISO image with DiscFormat2Data, as IMAPI2's
 * IDiscFormat2Data::Write does: validate the medium, format it if it
 * needs it, write, close, verify. Progress comes through a callback.
 *
 *   burn_iso DRIVE IMAGE       DRIVE: /dev/sr0, /dev/sg1 or emu:dvd+r:/tmp/disc
 *
 * Build: cc burn_iso.c $(pkg-config --cflags --libs discburn-emu) */
#include <stdio.h>

#include <discburn/emu.h>
#include <discburn/format2data.h>
#include <discburn/recorder.h>
#include <discburn/stream.h>

static void on_progress(const struct db_format2data_progress *p, void *ctx)
{
	int *last = ctx;
	int pct = p->action_total ? (int)(p->action_done * 100 / p->action_total) : 0;
	/* One line per action change and per 25 %, so a pipe stays readable. */
	if ((int)p->current_action * 1000 + pct / 25 == *last)
		return;
	*last = (int)p->current_action * 1000 + pct / 25;
	printf("%-20s %3d %%\n", db_format2data_action_name(p->current_action), pct);
}

static int fail(const char *what, db_status st)
{
	fprintf(stderr, "burn_iso: %s: %s (0x%08X): %s\n", what, db_status_name(st),
		(unsigned)st, db_strerror(st));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: burn_iso DRIVE IMAGE\n");
		return 2;
	}
	db_emu_register(); /* lets DRIVE be emu:PROFILE:DISCFILE */

	struct db_recorder *rec;
	db_status st = db_recorder_open(argv[1], DB_OPEN_EXCLUSIVE, &rec);
	if (db_failed(st))
		return fail(argv[1], st);
	struct db_stream *image;
	st = db_stream_open_file(argv[2], &image);
	if (db_failed(st)) {
		db_recorder_close(rec);
		return fail(argv[2], st);
	}

	struct db_format2data *f;
	int last = -1;
	st = db_format2data_create(&f);
	if (db_succeeded(st))
		st = db_format2data_put_recorder(f, rec);
	if (db_succeeded(st))
		st = db_format2data_put_client_name(f, "burn_iso example");
	if (db_succeeded(st))
		st = db_format2data_put_verification_level(f, DB_VERIFY_QUICK);
	if (db_succeeded(st)) {
		db_format2data_set_progress(f, on_progress, &last);
		st = db_format2data_write(f, image);
	}
	int rc = db_failed(st) ? fail("write", st) : 0;
	if (!rc)
		printf("burned %s onto %s\n", argv[2], argv[1]);
	db_format2data_destroy(f);
	db_stream_close(image);
	db_recorder_close(rec);
	return rc;
}
