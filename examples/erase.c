/* Erase a rewritable disc with DiscFormat2Erase: BLANK on CD-RW (and
 * DVD-RW), FORMAT UNIT on DVD+RW and BD-RE, as IMAPI2's
 * IDiscFormat2Erase::EraseMedia does.
 *
 *   erase DRIVE [full]
 *
 * Build: cc erase.c $(pkg-config --cflags --libs discburn-emu) */
#include <stdio.h>
#include <string.h>

#include <discburn/emu.h>
#include <discburn/erase.h>
#include <discburn/recorder.h>

static void on_progress(int32_t elapsed_s, int32_t total_s, int progress_65536, void *ctx)
{
	int *last_pct = ctx;
	int pct = (int)((int64_t)progress_65536 * 100 / 65536);
	if (pct / 10 != *last_pct / 10)
		printf("erasing: %3d %% (%d of %d s)\n", pct, (int)elapsed_s, (int)total_s);
	*last_pct = pct;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "full") != 0)) {
		fprintf(stderr, "usage: erase DRIVE [full]\n");
		return 2;
	}
	db_emu_register();
	struct db_recorder *rec = NULL;
	struct db_format2erase *er = NULL;
	int last_pct = -10;
	db_status st = db_recorder_open(argv[1], DB_OPEN_EXCLUSIVE, &rec);
	if (db_succeeded(st))
		st = db_format2erase_create(&er);
	if (db_succeeded(st))
		st = db_format2erase_put_recorder(er, rec);
	if (db_succeeded(st))
		st = db_format2erase_put_client_name(er, "erase example");
	if (db_succeeded(st))
		st = db_format2erase_put_full_erase(er, argc == 3);
	if (db_succeeded(st)) {
		db_format2erase_set_progress(er, on_progress, &last_pct);
		st = db_format2erase_erase_media(er);
	}
	if (db_failed(st))
		fprintf(stderr, "erase: %s: %s\n", db_status_name(st), db_strerror(st));
	else
		printf("erased %s\n", argv[1]);
	db_format2erase_destroy(er);
	db_recorder_close(rec);
	return db_failed(st) ? 1 : 0;
}
