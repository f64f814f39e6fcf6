/* IsoImageManager (IIsoImageManager, imapi2fs.h): is an image file or
 * stream fit to burn? Validate checks what IMAPI documents: the size is
 * a whole number of 2048-byte sectors, user data only, and a volume
 * recognition sequence from sector 16 on with at least one volume
 * descriptor set: ISO 9660's (ECMA-119 8: a Primary Volume Descriptor,
 * 8.4, then the Volume Descriptor Set Terminator, 8.3) or ECMA-167's
 * extended area (2/9.2 BEA01, an NSR descriptor 3/9.1 NSR02 or NSR03,
 * 2/9.3 TEA01), as a UDF image has. Beyond IMAPI's list, an ISO 9660
 * image shorter than its PVD's Volume Space Size (a truncated file) is
 * refused too: a disc burned from it cannot be read to its end. The image
 * of a later session (mkisofs -C start,nwa) is told apart by its root
 * directory, which lies inside the image when it is placed at volume
 * space - image size.
 *
 * The codes are imapi2fserror.h's: IMAPI_E_IMAGEMANAGER_NO_IMAGE (nothing
 * set), _IMAGE_TOO_BIG (more than MAXLONG = 2^31-1 sectors), _IMAGE_NOT_
 * ALIGNED, _NO_VALID_VD_FOUND; a stream that fails to read gives its own
 * status. db_iso_image_manager_get_report() says what was found, and for
 * a refusal why, in words (the CLI's `check-image` prints it). */
#ifndef DISCBURN_ISO_IMAGE_MANAGER_H
#define DISCBURN_ISO_IMAGE_MANAGER_H

#include <stdbool.h>
#include <stdint.h>

#include "discburn/status.h"
#include "discburn/stream.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_iso_image_manager;

db_status db_iso_image_manager_create(struct db_iso_image_manager **out);
void db_iso_image_manager_destroy(struct db_iso_image_manager *m);

/* SetPath: opens the file as the image's stream (IMAPI: "an IStream
 * object will be created from the supplied image file"); "-" is stdin.
 * E_POINTER for NULL, IMAPI_E_INVALID_PATH for "", the open's status
 * (ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED for a directory, ...)
 * otherwise; on failure the manager keeps what it had. */
db_status db_iso_image_manager_set_path(struct db_iso_image_manager *m, const char *path);
/* SetStream: the stream is borrowed (the caller closes it after the
 * manager is done with it); NULL clears the image. The Path is cleared,
 * as IMAPI says: "the Path property will not be populated". */
db_status db_iso_image_manager_set_stream(struct db_iso_image_manager *m, struct db_stream *s);
/* NULL when no path was set (or a stream was set after it); owned by m. */
const char *db_iso_image_manager_get_path(const struct db_iso_image_manager *m);
/* The stream SetPath opened or SetStream gave; NULL before. Owned by m
 * after SetPath (valid until the next Set or destroy). */
struct db_stream *db_iso_image_manager_get_stream(const struct db_iso_image_manager *m);

/* Reads the image from its start: a seekable stream is sought to 0 and
 * put back where it was after; a pipe is read from where it is, and to its
 * end when its size is not known (it is consumed). S_OK for a valid
 * image. */
db_status db_iso_image_manager_validate(struct db_iso_image_manager *m);

/* What the last Validate found (zeros before one). */
struct db_iso_image_report {
	int64_t bytes;	/* the image's size */
	int64_t sectors; /* bytes / 2048 */
	bool iso9660;	/* a PVD and the terminator */
	int32_t pvd_sector;
	uint32_t volume_space_size; /* the PVD's, sectors (ECMA-119 8.4, BP 81-88) */
	char volume_id[33];	    /* the PVD's Volume Identifier, trailing spaces cut */
	uint32_t root_extent;	    /* the root directory's first sector */
	/* An image of a later session (mkisofs -C start,nwa): its volume
	 * space counts the disc from sector 0, so it is larger than the
	 * image; the image belongs at session_start. 0 for a whole image. */
	int64_t session_start;
	bool joliet;		    /* a Supplementary VD with a UCS-2 escape sequence */
	bool el_torito;		    /* a Boot Record of the El Torito specification */
	bool udf;		    /* BEA01, NSR02/03, TEA01 */
	int nsr;		    /* 2 or 3: the NSR descriptor's version (ECMA-167 edition) */
	char problem[200];	    /* why Validate refused, "" when it did not */
};
const struct db_iso_image_report *db_iso_image_manager_get_report(const struct db_iso_image_manager *m);

#ifdef __cplusplus
}
#endif

#endif
