/* Multisession import (IMAPI2 IMultisessionSequential): where the previous
 * sessions of a sequential disc are and where the next one goes, so an ISO
 * 9660 image for the append can be built against the old one
 * (`xorriso -as mkisofs -C start,nwa -M ...`, the numbers `cdrecord -msinfo`
 * prints).
 *
 * Everything comes from the drive: READ DISC INFORMATION (status, last
 * track), READ TRACK INFORMATION of the invisible track (NWA, free blocks)
 * and READ TOC format 1 (first track of the last complete session). Gaps
 * between sessions are the medium's business; nothing here computes them. */
#ifndef DISCBURN_MULTISESSION_H
#define DISCBURN_MULTISESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "discburn/recorder.h"
#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_multisession_info {
	/* IsSupportedOnCurrentMediaState: a sequential medium that takes
	 * another session (blank or appendable). */
	bool supported_on_current_media_state;
	/* IsFirstDataSession: nothing recorded yet. */
	bool first_data_session;
	uint16_t profile;
	int32_t next_writable_address; /* NextWritableAddress */
	int32_t free_sectors_on_media; /* FreeSectorsOnMedia */
	/* StartAddressOfPreviousSession / LastWrittenAddressOfPreviousSession:
	 * -1 on a blank disc. */
	int32_t start_address_of_previous_session;
	int32_t last_written_address_of_previous_session;
	uint16_t sessions; /* closed sessions on the disc */
};

/* Fills out from the medium in the drive. Random-access media (DVD+RW,
 * BD-RE) and complete discs answer with supported = false and S_OK (the
 * caller decides); no medium is E_IMAPI_RECORDER_MEDIA_NO_MEDIA. */
db_status db_multisession_import(struct db_recorder *r, struct db_multisession_info *out);

#ifdef __cplusplus
}
#endif

#endif
