/* Recorder: one drive (IMAPI2 IDiscRecorder2). Identity from INQUIRY,
 * profiles from GET CONFIGURATION, media presence, exclusive access, tray,
 * and write speeds (GET PERFORMANCE type 03h, IWriteSpeedDescriptor). */
#ifndef DISCBURN_RECORDER_H
#define DISCBURN_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/device.h"
#include "discburn/media_type.h"
#include "discburn/mmc.h"
#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_recorder;

/* IWriteSpeedDescriptor over one GET PERFORMANCE type 03h Write Speed
 * descriptor (MMC-6 6.8.5.3). MediaType: the IMAPI type of w->profile;
 * RotationTypeIsPureCAV: WRC 01b (CAV); WriteSpeed: sectors per second
 * (db_write_speed_sectors_per_second of w->profile). */
enum db_media_physical_type db_write_speed_get_media_type(const struct db_write_speed *w);
bool db_write_speed_get_rotation_type_is_pure_cav(const struct db_write_speed *w);
int32_t db_write_speed_get_write_speed(const struct db_write_speed *w);

/* drive: /dev/srN, /dev/sgN, or a registered scheme (emu:PROFILE:FILE).
 * flags: DB_OPEN_EXCLUSIVE. Fails with ERROR_DEV_NOT_EXIST/... when the
 * node is not a drive, E_IMAPI_RECORDER_LOCKED when it is held. */
db_status db_recorder_open(const char *drive, unsigned flags, struct db_recorder **out);
/* Takes ownership of d. */
db_status db_recorder_from_device(struct db_device *d, struct db_recorder **out);
void db_recorder_close(struct db_recorder *r);

struct db_device *db_recorder_device(struct db_recorder *r);
const char *db_recorder_path(const struct db_recorder *r);

/* Vendor/product/revision (cached after the first INQUIRY). */
db_status db_recorder_identity(struct db_recorder *r, struct db_inquiry *out);

/* Every profile the drive supports and which one is current (0 with no
 * medium). */
db_status db_recorder_profiles(struct db_recorder *r, struct db_configuration *out);
db_status db_recorder_current_profile(struct db_recorder *r, uint16_t *profile);
/* Real Time Streaming (0107h) current with SW=1: WRITE(12) with the
 * streaming bit is allowed (what libburn checks before using it). */
db_status db_recorder_streaming_write_supported(struct db_recorder *r, bool *supported);

/* TEST UNIT READY: true when a medium is loaded and ready. A drive that
 * is still spinning up counts as present. */
db_status db_recorder_media_present(struct db_recorder *r, bool *present);

/* IMAPI2 AcquireExclusiveAccess / ReleaseExclusiveAccess, with the
 * semantics of an sg node opened O_EXCL: taking it fails while another
 * opener has the drive (this process or another), and so does any other
 * open while it is held; either refusal is E_IMAPI_RECORDER_LOCKED.
 * client names the holder (IMAPI's ExclusiveAccessOwner): others see it
 * in db_recorder_lock_owner() where the transport can tell them (the
 * emulated drive; not an sg node). Acquiring again while holding it only
 * changes the name. */
db_status db_recorder_acquire_exclusive(struct db_recorder *r, const char *client);
db_status db_recorder_release_exclusive(struct db_recorder *r);
/* This recorder's own hold: the client name it holds exclusive access
 * under ("" when opened with DB_OPEN_EXCLUSIVE), NULL when it holds none. */
const char *db_recorder_exclusive_owner(const struct db_recorder *r);
/* After E_IMAPI_RECORDER_LOCKED from db_recorder_open or
 * db_recorder_acquire_exclusive on this thread: the holder's client name,
 * "" when unknown (see db_transport_lock_owner). */
const char *db_recorder_lock_owner(void);

/* What a caller held, so an operation that takes exclusive access for
 * itself (DiscFormat2Data::Write, DiscFormat2Erase::EraseMedia) can give
 * back exactly that: released if it was not held, else held again under
 * the caller's name. */
struct db_exclusive_hold {
	bool held;
	char client[64];
};
void db_recorder_save_exclusive(const struct db_recorder *r, struct db_exclusive_hold *h);
db_status db_recorder_restore_exclusive(struct db_recorder *r, const struct db_exclusive_hold *h);

db_status db_recorder_eject(struct db_recorder *r);
db_status db_recorder_load(struct db_recorder *r);

/* Write speeds for the current medium, fastest first as drives list
 * them. */
db_status db_recorder_write_speeds(struct db_recorder *r, struct db_write_speed *out,
				   unsigned cap, unsigned *n);

#ifdef __cplusplus
}
#endif

#endif
