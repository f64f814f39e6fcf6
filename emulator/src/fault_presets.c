/* Named fault plans, one per IMAPI failure condition of
 * IDiscFormat2Data::Write (seed 002) plus power calibration failure, a
 * stopped drive (02/04/02) and a media change in the middle of a burn. The fault-matrix test burns with
 * each one and checks the engine reports imapi_status. */
#include <stddef.h>
#include <strings.h>

#include "fault_plan.h"
#include "mmcemu/mmcemu.h"

const struct fault_preset fault_presets[] = {
	{"NO_MEDIA", "E_IMAPI_RECORDER_MEDIA_NO_MEDIA",
	 "the tray is empty when the burn starts",
	 "on any nth 1 do eject\n"},
	{"BECOMING_READY", "S_OK",
	 "the drive spins up for 2 s first; the engine waits and burns",
	 "on any nth 1 do not-ready 2s\n"},
	{"BECOMING_READY_FOREVER", "E_IMAPI_RECORDER_MEDIA_BECOMING_READY",
	 "the drive never becomes ready",
	 "on any always do sense 2/04/01\n"},
	{"INITIALIZING_COMMAND_REQUIRED", "S_OK",
	 "the drive is stopped and waits for START STOP UNIT; the engine starts it and burns",
	 "on TEST_UNIT_READY|WRITE always until START_STOP_UNIT do sense 2/04/02\n"},
	{"FORMAT_IN_PROGRESS", "E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS",
	 "a format is running when the burn wants the medium",
	 "on WRITE always do sense 2/04/04\n"},
	{"MEDIA_BUSY", "S_OK",
	 "long write in progress for 1.5 s mid-burn; the engine polls and goes on",
	 "on WRITE nth 8 do long-write 1500ms\n"},
	{"MEDIA_BUSY_FOREVER", "E_IMAPI_RECORDER_MEDIA_BUSY",
	 "the drive stays busy with an operation in progress",
	 "on WRITE always do sense 2/04/07\n"},
	{"LOSS_OF_STREAMING", "E_IMAPI_LOSS_OF_STREAMING",
	 "the drive reports a buffer underrun in the middle of the data",
	 "on WRITE nth 6 do sense 3/0C/09\n"},
	{"MEDIA_INCOMPATIBLE", "E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE",
	 "the drive cannot write this medium",
	 "on WRITE|RESERVE_TRACK|SEND_OPC_INFORMATION|FORMAT_UNIT always do sense 5/30/05\n"},
	{"DVD_STRUCTURE_NOT_PRESENT", "E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT",
	 "READ DISC STRUCTURE finds no such structure",
	 "on READ_DISC_STRUCTURE always do sense 5/24/00\n"},
	{"NO_SUCH_MODE_PAGE", "E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE",
	 "the drive has no write parameters page",
	 "on MODE_SENSE always do sense 5/24/00\n"},
	{"INVALID_MODE_PARAMETERS", "E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS",
	 "the drive rejects the write parameters the engine sets",
	 "on MODE_SELECT always do sense 5/26/00\n"},
	{"WRITE_PROTECTED", "E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED",
	 "the medium is write protected",
	 "on any nth 1 do write-protect\n"},
	{"SPEED_MISMATCH", "E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH",
	 "the medium cannot be written at any speed the drive offers",
	 "on WRITE always do sense 3/30/0B\n"},
	{"UPSIDE_DOWN", "E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN",
	 "the disc is in upside down: no format can be read",
	 "on any nth 2 always do sense 2/30/01\n"},
	{"COMMAND_TIMEOUT", "E_IMAPI_RECORDER_COMMAND_TIMEOUT",
	 "the drive stops answering in the middle of the data",
	 "on WRITE nth 5 do drop\n"},
	{"INVALID_RESPONSE_FROM_DEVICE", "E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE",
	 "the drive answers READ DISC INFORMATION with a truncated structure",
	 "on READ_DISC_INFORMATION always do garbage\n"},
	{"UNEXPECTED_RESPONSE_FROM_DEVICE", "E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE",
	 "a write fails with sense no burner expects",
	 "on WRITE nth 4 do sense 4/44/00\n"},
	{"DEV_NOT_EXIST", "ERROR_DEV_NOT_EXIST",
	 "the device disappears in the middle of the burn",
	 "on WRITE nth 5 do vanish\n"},
	{"POWER_CALIBRATION_FAILED", "E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE",
	 "optimum power calibration fails (03/73/03)",
	 "on SEND_OPC_INFORMATION always do sense 3/73/03\n"},
	{"MEDIA_CHANGED_MID_BURN", "E_IMAPI_RECORDER_MEDIA_NO_MEDIA",
	 "the medium is swapped in the middle of the data",
	 "on WRITE nth 6 do change-medium\n"},
	{NULL, NULL, NULL, NULL},
};

const struct fault_preset *fault_preset_find(const char *name)
{
	if (!name)
		return NULL;
	for (const struct fault_preset *p = fault_presets; p->name; p++)
		if (strcasecmp(p->name, name) == 0)
			return p;
	return NULL;
}

const char *mmcemu_fault_preset(unsigned i, const char **expected_status)
{
	for (unsigned k = 0; fault_presets[k].name; k++) {
		if (k == i) {
			if (expected_status)
				*expected_status = fault_presets[k].imapi_status;
			return fault_presets[k].name;
		}
	}
	return NULL;
}
