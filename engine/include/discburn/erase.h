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

#include "discburn/media_type.h"
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

/* Recorder (borrowed). put: NULL clears it. Another recorder while one
 * is set: E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED (clear it first, as
 * imapi2error.h says); any change while EraseMedia runs (from the
 * progress callback or another thread): E_IMAPI_ERASE_RECORDER_IN_USE.
 * get: the recorder, NULL when none. */
db_status db_format2erase_put_recorder(struct db_format2erase *e, struct db_recorder *r);
struct db_recorder *db_format2erase_get_recorder(const struct db_format2erase *e);

/* FullErase (default false: quick). put while erasing:
 * E_IMAPI_ERASE_RECORDER_IN_USE. */
db_status db_format2erase_put_full_erase(struct db_format2erase *e, bool full);
bool db_format2erase_get_full_erase(const struct db_format2erase *e);

/* ClientName: 1-63 characters, else E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID;
 * the holder's name of the exclusive access and the inhibitor lock. get:
 * owned by e, "" until put. */
db_status db_format2erase_put_client_name(struct db_format2erase *e, const char *name);
const char *db_format2erase_get_client_name(const struct db_format2erase *e);

/* CurrentPhysicalMediaType of the recorder's medium (TEST UNIT READY,
 * then the current profile of GET CONFIGURATION). No recorder:
 * E_IMAPI_RECORDER_REQUIRED; no medium: E_IMAPI_RECORDER_MEDIA_NO_MEDIA
 * and the rest of TEST UNIT READY's refusals (docs/status-codes.md). */
db_status db_format2erase_get_current_physical_media_type(struct db_format2erase *e,
							  enum db_media_physical_type *out);

/* IDiscFormat2::MediaPhysicallyBlank / MediaHeuristicallyBlank: a blank
 * (or unformatted) medium; and one that holds no file system (a reused
 * DVD+RW or BD-RE: no ISO 9660 volume descriptor at 16, no UDF anchor at
 * 256). No recorder: E_IMAPI_RECORDER_REQUIRED; no medium: the TEST UNIT
 * READY refusal; NULL out: E_POINTER. As DiscFormat2Data answers. */
db_status db_format2erase_get_media_physically_blank(struct db_format2erase *e, bool *blank);
db_status db_format2erase_get_media_heuristically_blank(struct db_format2erase *e, bool *blank);

/* IDiscFormat2::IsRecorderSupported(recorder, *value): the drive supports
 * a medium this format erases (a rewritable profile in its GET
 * CONFIGURATION list: CD-RW, DVD-RW, DVD+RW, BD-RE). r NULL: E_POINTER. */
db_status db_format2erase_is_recorder_supported(struct db_format2erase *e,
						struct db_recorder *r, bool *value);
/* IDiscFormat2::IsCurrentMediaSupported(recorder, *value): the medium in
 * r is one EraseMedia erases. No medium: false, with TEST UNIT READY's
 * status. r NULL: E_POINTER. */
db_status db_format2erase_is_current_media_supported(struct db_format2erase *e,
						     struct db_recorder *r, bool *value);
/* IDiscFormat2::SupportedMediaTypes: the physical types of the media
 * this format erases that the current recorder supports, ascending, into
 * out[cap] (DB_MEDIA_TYPE_COUNT always suffices; fewer than needed:
 * E_INVALIDARG, *n the count needed). No recorder:
 * E_IMAPI_RECORDER_REQUIRED. */
db_status db_format2erase_get_supported_media_types(struct db_format2erase *e,
						    enum db_media_physical_type *out,
						    unsigned cap, unsigned *n);

void db_format2erase_set_progress(struct db_format2erase *e, db_erase_progress_fn fn, void *ctx);
/* EraseMedia. Holds the recorder's exclusive access and a logind
 * inhibitor lock while it runs (discburn/inhibit.h). No recorder:
 * E_IMAPI_RECORDER_REQUIRED; a medium it does not erase (write-once,
 * ROM): E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED before any command that
 * changes the disc; still busy after an hour:
 * E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR. */
db_status db_format2erase_erase_media(struct db_format2erase *e);

/* Older name of IsCurrentMediaSupported, kept as a thin alias. */
db_status db_format2erase_media_supported(struct db_recorder *r, bool *supported);

#ifdef __cplusplus
}
#endif

#endif
