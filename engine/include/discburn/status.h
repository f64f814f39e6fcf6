/* Status codes of libdiscburn: the HRESULT values of IMAPI2 (imapi2error.h,
 * winerror.h), so a status means the same thing here as on Windows and a
 * log line can be looked up in either world.
 *
 * One list (X-macro) generates the enum, db_status_name() and
 * db_strerror(): names, values and messages cannot drift apart.
 * Columns: symbol (IMAPI name, or the Win32 error inside
 * HRESULT_FROM_WIN32), HRESULT value, message.
 *
 * HRESULT convention: negative (bit 31 set) = failure, >= 0 = success;
 * S_IMAPI_* are successes that carry a remark (speed adjusted, ...). */
#ifndef DISCBURN_STATUS_H
#define DISCBURN_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DB_STATUS_LIST(X)                                                                      \
	X(S_OK, 0x00000000, "The operation succeeded.")                                       \
	/* IMAPI2 success codes with a remark */                                              \
	X(S_IMAPI_SPEEDADJUSTED, 0x00AA0004,                                                   \
	  "The requested write speed was not supported by the drive and the speed was adjusted.") \
	X(S_IMAPI_ROTATIONADJUSTED, 0x00AA0005,                                                \
	  "The requested rotation type was not supported by the drive and the rotation type was adjusted.") \
	X(S_IMAPI_BOTHADJUSTED, 0x00AA0006,                                                    \
	  "The requested rotation type and write speed were not supported by the drive and both were adjusted.") \
	X(S_IMAPI_COMMAND_HAS_SENSE_DATA, 0x00AA0200,                                          \
	  "The device accepted the command, but returned sense data, indicating an error.")   \
	X(S_IMAPI_WRITE_NOT_IN_PROGRESS, 0x00AA0302, "There is no write operation in progress.") \
	/* IMAPI2 general */                                                                  \
	X(E_IMAPI_REQUEST_CANCELLED, 0xC0AA0002, "The request was canceled.")                 \
	X(E_IMAPI_RECORDER_REQUIRED, 0xC0AA0003,                                               \
	  "The request requires a current disc recorder to be selected.")                      \
	X(E_IMAPI_BURN_VERIFICATION_FAILED, 0xC0AA0007,                                        \
	  "The data written to the media does not match the data that was sent.")             \
	/* IMAPI2 recorder */                                                                 \
	X(E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, 0xC0AA0201,                                      \
	  "The device reported that the requested mode page (and type) is not present.")       \
	X(E_IMAPI_RECORDER_MEDIA_NO_MEDIA, 0xC0AA0202, "There is no media in the device.")     \
	X(E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, 0xC0AA0203,                                     \
	  "The media is not compatible or of unknown physical format.")                        \
	X(E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, 0xC0AA0204, "The media is inserted upside down.") \
	X(E_IMAPI_RECORDER_MEDIA_BECOMING_READY, 0xC0AA0205,                                   \
	  "The drive reported that it is in the process of becoming ready. Please try the request again later.") \
	X(E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, 0xC0AA0206,                               \
	  "The media is currently being formatted. Please wait for the format to complete before attempting to use the media.") \
	X(E_IMAPI_RECORDER_MEDIA_BUSY, 0xC0AA0207,                                             \
	  "The drive reported that it is performing a long-running operation, such as finishing a write. The drive may be unusable for a long period of time.") \
	X(E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, 0xC0AA0208,                                \
	  "The drive reported that the combination of parameters provided in the mode page for a MODE SELECT command were not supported.") \
	X(E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, 0xC0AA0209,                                  \
	  "The drive reported that the media is write protected.")                             \
	X(E_IMAPI_RECORDER_NO_SUCH_FEATURE, 0xC0AA020A,                                        \
	  "The feature page requested is not supported by the device.")                        \
	X(E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT, 0xC0AA020B,                                 \
	  "The feature page requested is supported, but is not marked as current.")            \
	X(E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, 0xC0AA020C,                        \
	  "The drive does not support the GET CONFIGURATION command.")                         \
	X(E_IMAPI_RECORDER_COMMAND_TIMEOUT, 0xC0AA020D,                                        \
	  "The device failed to accept the command within the timeout period.")                \
	X(E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, 0xC0AA020E,                              \
	  "The DVD structure is not present. This may be caused by incompatible drive/medium used.") \
	X(E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, 0xC0AA020F,                                   \
	  "The media's speed is incompatible with the device.")                                \
	X(E_IMAPI_RECORDER_LOCKED, 0xC0AA0210,                                                 \
	  "The device associated with this recorder during the last operation has been exclusively locked, causing this operation to fail.") \
	X(E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID, 0xC0AA0211,                               \
	  "The client name is not valid.")                                                     \
	X(E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED, 0xC0AA0212,                                    \
	  "The media is not formatted or the format is not compatible.")                       \
	X(E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, 0xC0AA02FF,                           \
	  "The device reported unexpected or invalid data for a command.")                     \
	/* IMAPI2 write engine */                                                             \
	X(E_IMAPI_LOSS_OF_STREAMING, 0xC0AA0300,                                               \
	  "The write failed because the drive did not receive data quickly enough to continue writing.") \
	X(E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, 0xC0AA0301,                                 \
	  "The write failed because the drive returned error information that could not be recovered from.") \
	/* IMAPI2 DiscFormat2Data */                                                          \
	X(E_IMAPI_DF2DATA_WRITE_IN_PROGRESS, 0xC0AA0400,                                       \
	  "There is currently a write operation in progress.")                                 \
	X(E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS, 0xC0AA0401,                                   \
	  "There is no write operation currently in progress.")                                \
	X(E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, 0xC0AA0402,                                     \
	  "The requested operation is only valid with supported media.")                       \
	X(E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED, 0xC0AA0403,                                    \
	  "The provided stream to write is not supported.")                                    \
	X(E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, 0xC0AA0404,                      \
	  "The provided stream to write is too large for the currently inserted media.")       \
	X(E_IMAPI_DF2DATA_MEDIA_NOT_BLANK, 0xC0AA0405,                                         \
	  "Overwriting non-blank media is not allowed without the ForceOverwrite property set to VARIANT_TRUE.") \
	X(E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED, 0xC0AA0406,                                  \
	  "The current media type is unsupported.")                                            \
	X(E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED, 0xC0AA0407,                                  \
	  "This device does not support the operations required by this disc format.")         \
	X(E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID, 0xC0AA0408,                                \
	  "The client name is not valid.")                                                     \
	/* IMAPI2 DiscFormat2TrackAtOnce: imapi2error.h 0xC0AA0500-050F */ \
	X(E_IMAPI_DF2TAO_WRITE_IN_PROGRESS, 0xC0AA0500, \
	  "There is currently a write operation in progress.") \
	X(E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS, 0xC0AA0501, \
	  "There is no write operation currently in progress.") \
	X(E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, 0xC0AA0502, \
	  "The requested operation is only valid when media has been \"prepared\".") \
	X(E_IMAPI_DF2TAO_MEDIA_IS_PREPARED, 0xC0AA0503, \
	  "The requested operation is not valid when media has been \"prepared\" but not released.") \
	X(E_IMAPI_DF2TAO_PROPERTY_FOR_BLANK_MEDIA_ONLY, 0xC0AA0504, \
	  "The property cannot be changed once the media has been written to.") \
	X(E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC, 0xC0AA0505, \
	  "The table of contents cannot be retrieved from an empty disc.") \
	X(E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK, 0xC0AA0506, \
	  "Only blank CD-R/RW media is supported.") \
	X(E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED, 0xC0AA0507, \
	  "Only blank CD-R/RW media is supported.") \
	X(E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED, 0xC0AA0508, \
	  "CD-R and CD-RW media support a maximum of 99 audio tracks.") \
	X(E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE, 0xC0AA0509, \
	  "There is not enough space left on the media to add the provided audio track.") \
	X(E_IMAPI_DF2TAO_NO_RECORDER_SPECIFIED, 0xC0AA050A, \
	  "You cannot prepare the media until you choose a recorder to use.") \
	X(E_IMAPI_DF2TAO_INVALID_ISRC, 0xC0AA050B, \
	  "The ISRC provided is not valid.") \
	X(E_IMAPI_DF2TAO_INVALID_MCN, 0xC0AA050C, \
	  "The Media Catalog Number provided is not valid.") \
	X(E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, 0xC0AA050D, \
	  "The provided audio stream is not valid.") \
	X(E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED, 0xC0AA050E, \
	  "This device does not support the operations required by this disc format.") \
	X(E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID, 0xC0AA050F, \
	  "The client name is not valid.") \
	/* IMAPI2 DiscFormat2Erase: imapi2error.h's range 0x80AA0900-09FF, \
	 * 0900-0908 with severity warning (80), 0909-090B error (C0) */                                                         \
	X(E_IMAPI_ERASE_RECORDER_IN_USE, 0x80AA0900,                                           \
	  "The format is currently using the disc recorder for an erase operation.")                                       \
	X(E_IMAPI_ERASE_ONLY_ONE_RECORDER_SUPPORTED, 0x80AA0901,                               \
	  "The erase format only supports one recorder: clear the current recorder before setting a new one.")                                \
	X(E_IMAPI_ERASE_DISC_INFORMATION_TOO_SMALL, 0x80AA0902,                                \
	  "The drive did not report sufficient data for a READ DISC INFORMATION command.")     \
	X(E_IMAPI_ERASE_MODE_PAGE_2A_TOO_SMALL, 0x80AA0903,                                    \
	  "The drive did not report sufficient data for a MODE SENSE (page 0x2A) command.")    \
	X(E_IMAPI_ERASE_MEDIA_IS_NOT_ERASABLE, 0x80AA0904, "The drive reported that the media is not erasable.")       \
	X(E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND, 0x80AA0905,                                \
	  "The drive failed the erase command.")                                               \
	X(E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR, 0x80AA0906,                                 \
	  "The drive did not complete the erase in one hour.")                                 \
	X(E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, 0x80AA0907,                    \
	  "The drive returned an unexpected error during the erase.")                       \
	X(E_IMAPI_ERASE_DRIVE_FAILED_SPINUP_COMMAND, 0x80AA0908,                               \
	  "The drive returned an error for a START UNIT (spinup) command.")                    \
	X(E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED, 0xC0AA0909,                                    \
	  "The current media type is unsupported.")                                            \
	X(E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED, 0xC0AA090A,                                    \
	  "This device does not support the operations required by this disc format.")                 \
	X(E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID, 0xC0AA090B, "The client name is not valid.") \
	/* IMAPI2FS FileSystemImage and its items (imapi2fserror.h,        \
	 * 0xC0AAB100-B1FF): the ones libdiscburn returns */                    \
	X(IMAPI_E_FSI_INTERNAL_ERROR, 0xC0AAB100, "Internal file system error occurred.")   \
	X(IMAPI_E_INVALID_PARAM, 0xC0AAB101, "The value specified for a parameter is not valid.") \
	X(IMAPI_E_READONLY, 0xC0AAB102, "FileSystemImage object is in read only mode.")        \
	X(IMAPI_E_NO_OUTPUT, 0xC0AAB103, "No output file system specified.")                   \
	X(IMAPI_E_INVALID_VOLUME_NAME, 0xC0AAB104,                                             \
	  "The specified Volume Identifier is either too long or contains one or more invalid characters.") \
	X(IMAPI_E_FILE_SYSTEM_NOT_EMPTY, 0xC0AAB106, "The file system must be empty for this function.") \
	X(IMAPI_E_NOT_FILE, 0xC0AAB108, "Specified path does not identify a file.")            \
	X(IMAPI_E_NOT_DIR, 0xC0AAB109, "Specified path does not identify a directory.")        \
	X(IMAPI_E_DIR_NOT_EMPTY, 0xC0AAB10A, "The directory is not empty.")                    \
	X(IMAPI_E_NOT_IN_FILE_SYSTEM, 0xC0AAB10B,                                             \
	  "The item is not part of the file system: it must be added to complete this operation.") \
	X(IMAPI_E_INVALID_PATH, 0xC0AAB110,                                                    \
	  "The path is badly formed or contains invalid characters.")                          \
	X(IMAPI_E_DUP_NAME, 0xC0AAB112, "The name already exists.")                            \
	X(IMAPI_E_ITEM_NOT_FOUND, 0xC0AAB118, "Cannot find the item in FileSystemImage hierarchy.") \
	X(IMAPI_E_DIR_NOT_FOUND, 0xC0AAB11A, "The directory was not found in FileSystemImage hierarchy.") \
	X(IMAPI_E_IMAGE_TOO_BIG, 0xC0AAB121,                                                   \
	  "Value specified for FreeMediaBlocks property is too small for estimated image size based on current data.") \
	X(IMAPI_E_DATA_STREAM_INCONSISTENCY, 0xC0AAB128,                                       \
	  "Data stream supplied for a file is inconsistent: it holds another number of bytes than expected.") \
	X(IMAPI_E_DATA_STREAM_READ_FAILURE, 0xC0AAB129, "Cannot read data from stream supplied for a file.") \
	X(IMAPI_E_DATA_STREAM_CREATE_FAILURE, 0xC0AAB12A,                                      \
	  "An error was encountered when trying to create data stream for a file.")            \
	X(IMAPI_E_DIRECTORY_READ_FAILURE, 0xC0AAB12B,                                          \
	  "An error was encountered when trying to enumerate files in a directory.")           \
	X(IMAPI_E_ISO9660_LEVELS, 0xC0AAB131, "ISO9660 is limited to 8 levels of directories.") \
	X(IMAPI_E_DATA_TOO_BIG, 0xC0AAB132, "Data file is too large for the file system.")     \
	X(IMAPI_E_INVALID_WORKING_DIRECTORY, 0xC0AAB140, "The working directory is not valid.") \
	X(IMAPI_E_BOOT_IMAGE_DATA, 0xC0AAB148, "The boot object could not be added to the image.") \
	X(IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH, 0xC0AAB14A,                              \
	  "The emulation type requested does not match the boot image size.")                  \
	X(IMAPI_E_EMPTY_DISC, 0xC0AAB150, "Optical media is empty.")                           \
	X(IMAPI_E_NO_SUPPORTED_FILE_SYSTEM, 0xC0AAB151,                                        \
	  "The specified disc does not contain one of the supported file systems.")            \
	X(IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, 0xC0AAB154,                               \
	  "The file system contains a feature not supported.")                                 \
	X(IMAPI_E_IMPORT_READ_FAILURE, 0xC0AAB157,                                             \
	  "Import from previous session failed due to an error reading a block on the media.") \
	X(IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, 0xC0AAB15C,                                 \
	  "IMAPI supports none of the multisession type(s) provided on the current media.")    \
	X(IMAPI_E_MULTISESSION_NOT_SET, 0xC0AAB15D,                                            \
	  "MultisessionInterfaces property must be set prior calling this method.")            \
	/* IMAPI2FS (imapi2fserror.h): IIsoImageManager (its SetPath's path \
	 * error is IMAPI_E_INVALID_PATH above) */                                             \
	X(IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED, 0xC0AAB200,                                  \
	  "The image is not 2kb aligned. Only 2048 bytes aligned images are supported.")       \
	X(IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND, 0xC0AAB201,                                  \
	  "No valid file system Volume Descriptor was found in the iso image. This image format is not supported and the resulting disc might not be readable.") \
	X(IMAPI_E_IMAGEMANAGER_NO_IMAGE, 0xC0AAB202,                                           \
	  "No image was set (neither path nor stream was given).")                             \
	X(IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG, 0xC0AAB203,                                      \
	  "Image size exceeds MAXLONG sectors - too big.")                                     \
	/* COM and HRESULT_FROM_WIN32 */                                                      \
	X(E_NOTIMPL, 0x80004001, "Not implemented.")                                           \
	X(E_POINTER, 0x80004003, "Pointer is not valid.")                                      \
	X(E_FAIL, 0x80004005, "Unspecified failure.")                                          \
	X(E_OUTOFMEMORY, 0x8007000E, "Failed to allocate the required memory.")                \
	X(E_INVALIDARG, 0x80070057, "One or more arguments are not valid.")                    \
	X(ERROR_FILE_NOT_FOUND, 0x80070002, "The system cannot find the file specified.")      \
	X(ERROR_ACCESS_DENIED, 0x80070005, "Access is denied.")                                \
	X(ERROR_INVALID_HANDLE, 0x80070006, "The specified handle is invalid.")                \
	X(ERROR_READ_FAULT, 0x8007001E, "The system cannot read from the specified device.")   \
	X(ERROR_HANDLE_EOF, 0x80070026, "Reached the end of the file.")                        \
	X(ERROR_NOT_SUPPORTED, 0x80070032, "The request is not supported.")                    \
	X(ERROR_DEV_NOT_EXIST, 0x80070037,                                                     \
	  "The device is gone: unplugged, or its SCSI device was removed.")                   \
	/* discburn's own (customer bit set, facility 0xDB): the emulated   \
	 * drive's files, which IMAPI has no drive for */                       \
	X(E_DISCBURN_EMU_PROFILE, 0xE0DB0001, "A media profile of the emulated drive is missing or not valid.") \
	X(E_DISCBURN_EMU_FAULT_PLAN, 0xE0DB0002, "The fault plan is neither a preset nor a valid plan file.") \
	X(E_DISCBURN_EMU_DISC, 0xE0DB0003, "The emulated disc file is damaged or holds another kind of medium.") \
	/* discburn's own: a disc-at-once description (.cue, .toc) with a bad \
	 * line; the message names file:line and the problem (docs/dao.md) */  \
	X(E_DISCBURN_DAO_PARSE, 0xE0DB0004, "The cue sheet or toc file has a line that is not valid.")

/* HRESULTs are 32-bit signed: the failure bit is the sign. Values above
 * INT32_MAX are converted modulo 2^32 (C11 6.3.1.3; GCC and Clang define
 * it so), which is exactly the HRESULT bit pattern. */
typedef int32_t db_status;

enum db_status_code {
#define DB_X_ENUM(sym, value, msg) DB_##sym = (int32_t)(uint32_t)(value),
	DB_STATUS_LIST(DB_X_ENUM)
#undef DB_X_ENUM
};

static inline bool db_failed(db_status s)
{
	return s < 0;
}

static inline bool db_succeeded(db_status s)
{
	return s >= 0;
}

/* "E_IMAPI_RECORDER_MEDIA_NO_MEDIA", or NULL for a value not in the list. */
const char *db_status_name(db_status s);
/* The message, or "Unknown status." */
const char *db_strerror(db_status s);
/* The status with this name (with or without a "DB_" prefix); false when
 * none. */
bool db_status_from_name(const char *name, db_status *out);
/* Unsigned view for printing: printf("0x%08X", db_status_hex(s)). */
static inline uint32_t db_status_hex(db_status s)
{
	return (uint32_t)s;
}

/* errno -> status for the system calls libdiscburn makes itself (open,
 * ioctl, read of a stream): ENODEV/ENXIO -> ERROR_DEV_NOT_EXIST, EBUSY ->
 * E_IMAPI_RECORDER_LOCKED, ... (docs/status-codes.md). */
db_status db_status_from_errno(int err);

#ifdef __cplusplus
}
#endif

#endif
