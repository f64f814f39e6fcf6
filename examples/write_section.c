/* Write raw sectors at an address with WriteEngine2, as IMAPI2's
 * IWriteEngine2::WriteSection does: no validation, no session handling,
 * just WRITEs from a ring buffer that a reader thread fills. Used for
 * overwriting a region of a rewritable or writing at a known NWA.
 *
 *   write_section DRIVE LBA IMAGE
 *
 * Build: cc write_section.c $(pkg-config --cflags --libs discburn-emu) */
#include <stdio.h>
#include <stdlib.h>

#include <discburn/emu.h>
#include <discburn/recorder.h>
#include <discburn/stream.h>
#include <discburn/write_engine.h>

static void on_progress(const struct db_write_progress *p, void *ctx)
{
	(void)ctx;
	/* LastReadLba runs ahead of LastWrittenLba by what the ring holds. */
	if ((p->last_written_lba - p->start_lba + 1) % 4096 == 0)
		printf("written up to LBA %d (read up to %d, ring %u of %u bytes used)\n",
		       (int)p->last_written_lba, (int)p->last_read_lba,
		       (unsigned)p->used_system_buffer, (unsigned)p->total_system_buffer);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: write_section DRIVE LBA IMAGE\n");
		return 2;
	}
	db_emu_register();
	int32_t lba = (int32_t)strtol(argv[2], NULL, 0);

	struct db_recorder *rec = NULL;
	struct db_stream *image = NULL;
	struct db_write_engine *we = NULL;
	db_status st = db_recorder_open(argv[1], DB_OPEN_EXCLUSIVE, &rec);
	if (db_succeeded(st))
		st = db_stream_open_file(argv[3], &image);
	if (db_succeeded(st))
		st = db_write_engine_create(&we);
	if (db_succeeded(st))
		st = db_write_engine_put_recorder(we, rec);
	if (db_succeeded(st)) {
		int32_t sectors = (int32_t)(db_stream_size(image) / 2048);
		db_write_engine_set_progress(we, on_progress, NULL);
		st = db_write_engine_write_section(we, image, lba, sectors);
		if (db_succeeded(st))
			printf("wrote %d sectors at LBA %d\n", (int)sectors, (int)lba);
	}
	if (db_failed(st))
		fprintf(stderr, "write_section: %s: %s\n", db_status_name(st), db_strerror(st));
	db_write_engine_destroy(we);
	db_stream_close(image);
	db_recorder_close(rec);
	return db_failed(st) ? 1 : 0;
}
