/* WriteEngine2 (IMAPI2 IWriteEngine2): writes sectors from a stream to the
 * recorder, nothing more — no mode pages, no OPC, no track closing (that is
 * DiscFormat2Data's job, as in IMAPI2).
 *
 * write_section is synchronous. Inside, a reader thread fills a bounded
 * ring buffer from the stream (LastReadLba runs ahead of LastWrittenLba)
 * and the calling thread sends WRITE(10), or WRITE(12) with the streaming
 * bit, each sized to what the device takes. CancelWrite from any thread
 * stops it within one command with E_IMAPI_REQUEST_CANCELLED. */
#ifndef DISCBURN_WRITE_ENGINE_H
#define DISCBURN_WRITE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/recorder.h"
#include "discburn/status.h"
#include "discburn/stream.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_write_engine;

/* IWriteEngine2EventArgs. */
struct db_write_progress {
	int32_t start_lba;
	int32_t sector_count;
	int32_t last_read_lba; /* last sector taken from the stream */
	int32_t last_written_lba; /* last sector the drive accepted */
	uint32_t total_system_buffer; /* bytes of the ring buffer */
	uint32_t used_system_buffer;
	uint32_t free_system_buffer;
	/* Beyond IMAPI, for rate and ETA displays. */
	uint64_t elapsed_ms;
	uint32_t transfer_bytes; /* size of one WRITE */
};

typedef void (*db_write_progress_fn)(const struct db_write_progress *p, void *ctx);

db_status db_write_engine_create(struct db_write_engine **out);
/* Not while a write_section runs on another thread (cancel it and let it
 * return first). */
void db_write_engine_destroy(struct db_write_engine *e);

/* Properties. The recorder is borrowed: it must outlive the engine's use. */
db_status db_write_engine_put_recorder(struct db_write_engine *e, struct db_recorder *r);
struct db_recorder *db_write_engine_get_recorder(const struct db_write_engine *e);
/* 2048 by default; CD raw modes use up to 2352. Must be a multiple of 4. */
db_status db_write_engine_put_bytes_per_sector(struct db_write_engine *e, int32_t bytes);
int32_t db_write_engine_get_bytes_per_sector(const struct db_write_engine *e);
db_status db_write_engine_put_use_streaming_write12(struct db_write_engine *e, bool on);
bool db_write_engine_get_use_streaming_write12(const struct db_write_engine *e);
/* Pacing: sectors per second at the start and at the end of the section,
 * linear in between; -1 = as fast as the drive takes (the default). */
db_status db_write_engine_put_starting_sectors_per_second(struct db_write_engine *e, int32_t v);
int32_t db_write_engine_get_starting_sectors_per_second(const struct db_write_engine *e);
db_status db_write_engine_put_ending_sectors_per_second(struct db_write_engine *e, int32_t v);
int32_t db_write_engine_get_ending_sectors_per_second(const struct db_write_engine *e);
bool db_write_engine_get_write_in_progress(const struct db_write_engine *e);

/* Not in IMAPI: the ring buffer size (default 8 MiB) and the largest WRITE
 * (default 256 KiB; the device's own limit always applies). */
db_status db_write_engine_put_system_buffer(struct db_write_engine *e, size_t bytes);
db_status db_write_engine_put_max_transfer(struct db_write_engine *e, size_t bytes);

/* Set it before write_section: the writer calls it without a lock. */
void db_write_engine_set_progress(struct db_write_engine *e, db_write_progress_fn fn, void *ctx);

/* Writes n_blocks sectors of bytes_per_sector from s, starting at
 * start_lba (negative where the medium has such addresses). */
db_status db_write_engine_write_section(struct db_write_engine *e, struct db_stream *s,
					int32_t start_lba, int32_t n_blocks);

/* From any thread, at any moment (even as a section ends): cancels the
 * section in progress when it is called, never a later one.
 * S_IMAPI_WRITE_NOT_IN_PROGRESS when idle. */
db_status db_write_engine_cancel(struct db_write_engine *e);

#ifdef __cplusplus
}
#endif

#endif
