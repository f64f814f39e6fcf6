/* DiscFormat2Erase (IMAPI2 IDiscFormat2Erase): empties a rewritable disc.
 *   CD-RW, DVD-RW   BLANK minimal (quick) or full (FullErase), MMC-6 6.1
 *   DVD+RW          FORMAT UNIT 26h, then zeros over the start (quick) or
 *                   the recorded extent (full)
 *   BD-RE           FORMAT UNIT 00h, then the same zeros
 * Reformatting a formatted DVD+RW/BD-RE keeps its sectors (MMC-6 6.4: a
 * quick reformat only rewrites the defect lists), so the zeros are what
 * makes a file system on it disappear, as IMAPI2's quick erase does. Write
 * once media are refused with E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED before
 * any command that changes the disc. FORMAT UNIT and BLANK use Immed and
 * are polled with REQUEST SENSE. */
#ifndef DISCBURN_ERASE_H
#define DISCBURN_ERASE_H

#include <stdbool.h>
#include <stdint.h>

#include "discburn/recorder.h"
#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_format2erase;

/* DDiscFormat2EraseEvents::Update: seconds elapsed and expected in all. */
typedef void (*db_erase_progress_fn)(int32_t elapsed_s, int32_t total_s, int progress_65536,
				     void *ctx);

db_status db_format2erase_create(struct db_format2erase **out);
void db_format2erase_destroy(struct db_format2erase *e);
db_status db_format2erase_put_recorder(struct db_format2erase *e, struct db_recorder *r);
db_status db_format2erase_put_full_erase(struct db_format2erase *e, bool full);
db_status db_format2erase_put_client_name(struct db_format2erase *e, const char *name);
void db_format2erase_set_progress(struct db_format2erase *e, db_erase_progress_fn fn, void *ctx);
/* EraseMedia. */
db_status db_format2erase_erase_media(struct db_format2erase *e);

/* Whether the current medium can be erased (IsCurrentMediaSupported). */
db_status db_format2erase_media_supported(struct db_recorder *r, bool *supported);

#ifdef __cplusplus
}
#endif

#endif
