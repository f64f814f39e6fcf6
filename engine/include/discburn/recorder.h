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

/* ---- IMAPI2 IDiscRecorder2 members, by IMAPI's names (issue 14) -------- */

/* AcquireExclusiveAccess(force, clientName): db_recorder_acquire_exclusive
 * under IMAPI's name. force is accepted for IMAPI's signature and has no
 * effect: Linux has no volume to dismount before an sg open with O_EXCL
 * (a mounted file system on the drive does not stop the kernel's sr from
 * passing commands). E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID for a name
 * of 64 bytes or more, E_IMAPI_RECORDER_LOCKED when another opener holds
 * it. db_recorder_acquire_exclusive stays as it was (same function). */
db_status db_recorder_acquire_exclusive_access(struct db_recorder *r, bool force,
					       const char *client);
/* ReleaseExclusiveAccess: db_recorder_release_exclusive under IMAPI's name. */
db_status db_recorder_release_exclusive_access(struct db_recorder *r);
/* ExclusiveAccessOwner: the client name this recorder holds exclusive
 * access under, copied into buf; "" when it holds none. Unlike Windows,
 * where a recorder stays open while another program locks the drive,
 * exclusivity here is the sg node's O_EXCL: while another holds the
 * drive, this recorder's open or acquire is refused, and that refusal
 * names the holder (db_recorder_lock_owner). E_INVALIDARG when buf
 * cannot take the name. */
db_status db_recorder_get_exclusive_access_owner(struct db_recorder *r, char *buf, size_t len);

/* DisableMcn / EnableMcn (media change notification). On a kernel drive
 * (a /dev node) DisableMcn stops the kernel's media-event polling of the
 * disc (block/disk-events.c: /sys/block/srN/events_poll_msecs set to 0)
 * so nothing (udisks, the desktop's automounter) reacts to the medium
 * while a burn changes it, and EnableMcn writes the value it had back (-1
 * is the kernel default, block.events_dfl_poll_msecs). As in IMAPI the
 * calls are counted: only the first DisableMcn and the matching last
 * EnableMcn touch the knob; EnableMcn with none outstanding does nothing.
 * db_recorder_close restores what is still disabled (IMAPI: MCN comes
 * back when the application goes away). An sg node with no sr disk bound
 * has no polling to stop. Writing the knob needs root:
 * ERROR_ACCESS_DENIED otherwise. On an emulated drive only the count
 * changes. */
db_status db_recorder_disable_mcn(struct db_recorder *r);
db_status db_recorder_enable_mcn(struct db_recorder *r);
/* Whether MCN is disabled through this recorder (the count above > 0). */
bool db_recorder_mcn_disabled(const struct db_recorder *r);

/* EjectMedia / CloseTray: START STOP UNIT with LoEj (SBC-3, as MMC-6
 * uses it), eject lifting the removal lock we set during burns first.
 * IMAPI says only that drives which cannot load (slot, pop-up, caddy) do
 * not support CloseTray and points at DeviceCanLoadMedia; here CloseTray
 * asks that first and answers E_NOTIMPL, without sending anything, for
 * such a drive. The old db_recorder_eject / db_recorder_load stay. */
db_status db_recorder_eject_media(struct db_recorder *r);
db_status db_recorder_close_tray(struct db_recorder *r);
/* DeviceCanLoadMedia: mode page 2Ah's loading mechanism is a tray or a
 * changer (a caddy or pop-up drive cannot pull a disc in). */
db_status db_recorder_get_device_can_load_media(struct db_recorder *r, bool *out);

/* VendorId / ProductId / ProductRevision (INQUIRY, trailing blanks
 * trimmed), copied into buf; E_INVALIDARG when buf is too small. */
db_status db_recorder_get_vendor_id(struct db_recorder *r, char *buf, size_t len);
db_status db_recorder_get_product_id(struct db_recorder *r, char *buf, size_t len);
db_status db_recorder_get_product_revision(struct db_recorder *r, char *buf, size_t len);

/* ActiveDiscRecorder: the drive's unique id, stable across a reboot or a
 * re-enumeration that renames /dev/srN: from its VPD pages 83h/80h
 * (db_decode_unique_id), the same string DiscMaster2's Item gives. A
 * drive with neither page gets "path.<the name it was opened by>", which
 * is not stable. E_INVALIDARG when buf is too small (128 bytes always
 * fit an 83h designator in hex up to 60 bytes). */
db_status db_recorder_get_active_disc_recorder(struct db_recorder *r, char *buf, size_t len);

/* VolumeName: the block device node of the drive (/dev/srN, the node's
 * real name when opened by a link such as /dev/cdrom, or the sr disk
 * bound to an sg node), "" for a drive that has none (an emulated drive,
 * or an sg node with no sr bound). */
db_status db_recorder_get_volume_name(struct db_recorder *r, char *buf, size_t len);
/* VolumePathNames: the mount points of that block device, from
 * /proc/self/mountinfo (proc(5): field 3 major:minor, field 5 the mount
 * point with \ooo escapes, the source after " - "), matched by device
 * number (or by source name where the node cannot be stat'ed). *paths is
 * a malloc'ed array of malloc'ed strings (free with db_strings_free), *n
 * of them; none for a drive without a block device. */
db_status db_recorder_get_volume_path_names(struct db_recorder *r, char ***paths, unsigned *n);
void db_strings_free(char **strings, unsigned n);

/* SupportedProfiles / CurrentProfiles (IMAPI_PROFILE_TYPE values: the
 * MMC profile numbers) and SupportedFeaturePages / CurrentFeaturePages
 * (IMAPI_FEATURE_PAGE_TYPE: MMC feature codes), from GET CONFIGURATION;
 * up to cap stored into out, *n counts all. "Current" = the current bit
 * (MMC-6 5.3.1: the profile of the loaded medium; none without one). */
db_status db_recorder_get_supported_profiles(struct db_recorder *r, uint16_t *out, unsigned cap,
					     unsigned *n);
db_status db_recorder_get_current_profiles(struct db_recorder *r, uint16_t *out, unsigned cap,
					   unsigned *n);
db_status db_recorder_get_supported_feature_pages(struct db_recorder *r, uint16_t *out,
						  unsigned cap, unsigned *n);
db_status db_recorder_get_current_feature_pages(struct db_recorder *r, uint16_t *out,
						unsigned cap, unsigned *n);
/* SupportedModePages (IMAPI_MODE_PAGE_TYPE: page codes) from MODE SENSE(10)
 * page 3Fh (all pages, current values). */
db_status db_recorder_get_supported_mode_pages(struct db_recorder *r, uint8_t *out, unsigned cap,
					       unsigned *n);

/* LegacyDeviceNumber: Windows' N of \\.\CdRomN; here the N of the sr
 * disk (VolumeName), else of the sg node. ERROR_NOT_SUPPORTED for an
 * emulated drive, which has neither. */
db_status db_recorder_get_legacy_device_number(struct db_recorder *r, int32_t *out);

/* Test hooks: where DisableMcn, VolumeName and ActiveDiscRecorder look
 * for sysfs ("/sys") and VolumePathNames for the mount table
 * ("/proc/self/mountinfo"). NULL restores the default. E_INVALIDARG for
 * a path that does not fit PATH_MAX. */
db_status db_recorder_set_sysfs_root(struct db_recorder *r, const char *root);
db_status db_recorder_set_mountinfo_path(struct db_recorder *r, const char *path);

#ifdef __cplusplus
}
#endif

#endif
