/* IMAPI2 IDiscRecorder2Ex on a db_recorder (the same object, as in IMAPI):
 * raw MMC commands and the drive's answers as bytes, for programs that
 * speak MMC themselves.
 *
 * Buffers returned through uint8_t ** / uint16_t ** are malloc'ed and
 * owned by the caller (free(); IMAPI says CoTaskMemFree). Answers have
 * the command's header removed, as IMAPI documents: a mode page starts at
 * its page code byte, a feature page at its feature code, a DVD
 * structure after its 4-byte header. Disc and track information keep
 * their length field (IMAPI returns the whole block).
 *
 * Status: the IMAPI HRESULTs of status.h; a drive's CHECK CONDITION maps
 * through the sense table (sense_map.h) except for the SendCommand*
 * methods, which hand the sense bytes back instead. */
#ifndef DISCBURN_RECORDER_EX_H
#define DISCBURN_RECORDER_EX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/recorder.h"
#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* IMAPI's fixed sense buffer (SenseBuffer[18]: fixed-format sense,
 * SPC-4 4.5.3, without additional bytes). */
#define DB_IMAPI_SENSE_SIZE 18

/* IMAPI_MODE_PAGE_REQUEST_TYPE: the PC field of MODE SENSE (SPC-4 6.14). */
enum db_imapi_mode_page_request_type {
	DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES = 0,
	DB_IMAPI_MODE_PAGE_REQUEST_TYPE_CHANGEABLE_VALUES = 1,
	DB_IMAPI_MODE_PAGE_REQUEST_TYPE_DEFAULT_VALUES = 2,
	DB_IMAPI_MODE_PAGE_REQUEST_TYPE_SAVED_VALUES = 3,
};

/* IMAPI_READ_TRACK_ADDRESS_TYPE: READ TRACK INFORMATION's Address/Number
 * Type field (MMC-6 READ TRACK INFORMATION, CDB byte 1 bits 1-0). */
enum db_imapi_read_track_address_type {
	DB_IMAPI_READ_TRACK_ADDRESS_TYPE_LBA = 0,
	DB_IMAPI_READ_TRACK_ADDRESS_TYPE_TRACK = 1,
	DB_IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION = 2,
};

/* SendCommandNoData / SendCommandSendDataToDevice /
 * SendCommandGetDataFromDevice. cdb_size must be 6..16 (IMAPI) and match
 * the opcode's group (SPC-4 4.2.5.1: group 0 6 bytes, 1 and 2 10, 4 16,
 * 5 12; 7Fh variable length 8 + byte 7; groups 6 and 7 are vendor
 * specific, any size): E_INVALIDARG otherwise. timeout_s in seconds, 0
 * the default (DB_TIMEOUT_DEFAULT_MS). The command goes to the drive
 * once, without the device layer's retries. S_OK with sense zeroed when
 * the drive completed it; S_IMAPI_COMMAND_HAS_SENSE_DATA (a success
 * code, as in IMAPI) with its sense in sense when it ended in CHECK
 * CONDITION; E_IMAPI_RECORDER_MEDIA_BUSY for BUSY / TASK SET FULL,
 * E_IMAPI_RECORDER_LOCKED for RESERVATION CONFLICT; a transport failure
 * as the transport reports it (E_IMAPI_RECORDER_COMMAND_TIMEOUT,
 * ERROR_DEV_NOT_EXIST). E_POINTER for a NULL cdb, sense or buffer,
 * E_INVALIDARG for a zero buffer size. *fetched: bytes the drive
 * returned. */
db_status db_recorder_ex_send_command_no_data(struct db_recorder *r, const uint8_t *cdb,
					      uint32_t cdb_size, uint8_t sense[DB_IMAPI_SENSE_SIZE],
					      uint32_t timeout_s);
db_status db_recorder_ex_send_command_send_data_to_device(struct db_recorder *r,
							  const uint8_t *cdb, uint32_t cdb_size,
							  uint8_t sense[DB_IMAPI_SENSE_SIZE],
							  uint32_t timeout_s,
							  const uint8_t *buffer, uint32_t size);
db_status db_recorder_ex_send_command_get_data_from_device(struct db_recorder *r,
							   const uint8_t *cdb, uint32_t cdb_size,
							   uint8_t sense[DB_IMAPI_SENSE_SIZE],
							   uint32_t timeout_s, uint8_t *buffer,
							   uint32_t size, uint32_t *fetched);

/* ReadDvdStructure / SendDvdStructure: READ / SEND DISC STRUCTURE with
 * media type 0 (DVD; MMC-6 READ DISC STRUCTURE, SEND DISC STRUCTURE). format, layer <= 255, agid <= 3,
 * else E_INVALIDARG. A structure the medium lacks:
 * E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT. SendDvdStructure takes
 * the structure without its header and adds it. */
db_status db_recorder_ex_read_dvd_structure(struct db_recorder *r, uint32_t format,
					    uint32_t address, uint32_t layer, uint32_t agid,
					    uint8_t **data, uint32_t *count);
db_status db_recorder_ex_send_dvd_structure(struct db_recorder *r, uint32_t format,
					    const uint8_t *data, uint32_t count);

/* GetDiscInformation: the READ DISC INFORMATION block (MMC-6, data type 000b).
 * GetTrackInformation: the READ TRACK INFORMATION block for an LBA, a
 * track number or a session number (address_type, E_INVALIDARG for any
 * other value). */
db_status db_recorder_ex_get_disc_information(struct db_recorder *r, uint8_t **data,
					      uint32_t *size);
db_status db_recorder_ex_get_track_information(struct db_recorder *r, uint32_t address,
					       enum db_imapi_read_track_address_type address_type,
					       uint8_t **data, uint32_t *size);

/* GetFeaturePage: one feature descriptor (MMC-6 5.3, its 4-byte header
 * included) from GET CONFIGURATION RT=10b. E_IMAPI_RECORDER_NO_SUCH_FEATURE
 * when the drive does not list it, E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT
 * when current_only and its Current bit is 0. */
db_status db_recorder_ex_get_feature_page(struct db_recorder *r, uint16_t feature,
					  bool current_only, uint8_t **data, uint32_t *size);

/* GetModePage: one page (SPC-4 7.5.7, from its page code byte) as
 * MODE SENSE(10) answers it for request_type (PC).
 * E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE when the drive has none.
 * SetModePage: MODE SELECT(10) of one page (PF=1; PS masked, SPC-4
 * 7.5.7); request_type CURRENT_VALUES, or SAVED_VALUES (SP=1); the other
 * two cannot be written: E_INVALIDARG, as is a page whose length byte
 * disagrees with size. A refused combination:
 * E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS. */
db_status db_recorder_ex_get_mode_page(struct db_recorder *r, uint8_t page,
				       enum db_imapi_mode_page_request_type request_type,
				       uint8_t **data, uint32_t *size);
db_status db_recorder_ex_set_mode_page(struct db_recorder *r,
				       enum db_imapi_mode_page_request_type request_type,
				       const uint8_t *data, uint32_t size);

/* GetSupportedFeaturePages / GetSupportedProfiles / GetSupportedModePages:
 * the codes, malloc'ed (NULL when *n is 0). */
db_status db_recorder_ex_get_supported_feature_pages(struct db_recorder *r, bool current_only,
						     uint16_t **pages, uint32_t *n);
db_status db_recorder_ex_get_supported_profiles(struct db_recorder *r, bool current_only,
						uint16_t **profiles, uint32_t *n);
db_status db_recorder_ex_get_supported_mode_pages(struct db_recorder *r,
						  enum db_imapi_mode_page_request_type request_type,
						  uint8_t **pages, uint32_t *n);

/* GetByteAlignmentMask: buffers whose address & mask == 0 reach the drive
 * without a copy. A kernel drive: the block queue's dma_alignment
 * (/sys/block/srN/queue/dma_alignment; 511, the block layer's default,
 * where the kernel has no such file or no sr disk is bound). The kernel
 * copies a misaligned SG_IO buffer through a bounce buffer rather than
 * refuse it, so this is a speed hint, not a rule. 0 on an emulated
 * drive. */
db_status db_recorder_ex_get_byte_alignment_mask(struct db_recorder *r, uint32_t *value);
/* GetMaximumNonPageAlignedTransferSize / GetMaximumPageAlignedTransferSize:
 * the most bytes one command carries (db_device_max_transfer: the
 * transport's limit and the drive's Block Limits VPD). Linux bounces an
 * unaligned buffer instead of refusing it, so both are the same.
 * ERROR_NOT_SUPPORTED when neither limit is known. */
db_status db_recorder_ex_get_maximum_non_page_aligned_transfer_size(struct db_recorder *r,
								     uint32_t *value);
db_status db_recorder_ex_get_maximum_page_aligned_transfer_size(struct db_recorder *r,
								 uint32_t *value);

/* GetAdapterDescriptor / GetDeviceDescriptor. Windows returns its
 * STORAGE_ADAPTER_DESCRIPTOR / STORAGE_DEVICE_DESCRIPTOR; Linux has no
 * such structures, so these carry what Linux knows instead: for a kernel
 * drive, sysfs's SCSI host and device attributes (block/srN/queue/,
 * the device's H:C:T:L, class/scsi_host/hostN/proc_name); INQUIRY and
 * VPD 80h for the device on every drive. Fields Linux cannot tell are 0
 * or "". */
struct db_adapter_descriptor {
	uint32_t max_transfer_length; /* bytes: queue/max_sectors_kb x 1024, or the device's limit */
	uint32_t max_physical_pages; /* queue/max_segments, 0 unknown */
	uint32_t alignment_mask; /* as GetByteAlignmentMask */
	int32_t host_number; /* the N of scsi_host/hostN, -1 none (emulated) */
	char driver[32]; /* the host's proc_name: ahci, ata_piix, usb-storage, tcm_loop... */
	char bus_type[16]; /* "ata", "usb", "scsi", "emulated" */
};
struct db_device_descriptor {
	uint8_t device_type; /* INQUIRY peripheral device type: 05h */
	bool removable_media;
	char vendor_id[9];
	char product_id[17];
	char product_revision[5];
	char serial_number[64]; /* VPD 80h, "" when the drive has none */
	char bus_type[16]; /* as the adapter's */
	char hctl[32]; /* SCSI address H:C:T:L, "" for an emulated drive */
};
db_status db_recorder_ex_get_adapter_descriptor(struct db_recorder *r,
						struct db_adapter_descriptor *out);
db_status db_recorder_ex_get_device_descriptor(struct db_recorder *r,
					       struct db_device_descriptor *out);

#ifdef __cplusplus
}
#endif

#endif
