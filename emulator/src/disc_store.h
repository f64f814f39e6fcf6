/* Persistence of one disc: a sparse image file (DISC.img, sector n at byte
 * n * 2352 on CD, n * 2048 on DVD/BD) and a metadata file (DISC, INI text
 * read back with libinih).
 * Metadata is replaced atomically (temp file + fsync + rename, then fsync of
 * the directory), so a killed emulator leaves a disc that reopens in the last
 * saved state. */
#ifndef MMCEMU_DISC_STORE_H
#define MMCEMU_DISC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "media.h"

/* User data bytes of a READ(10)/WRITE(10) sector (mode 1, DVD, BD). */
#define DISC_SECTOR_SIZE 2048
/* The largest sector a CD holds as written (CD-DA). */
#define DISC_RAW_SECTOR_SIZE 2352

struct disc_store {
	char *meta_path;
	char *img_path;
	int img_fd;
	/* Bytes per sector slot in the image: sector n at byte n * stride.
	 * 2352 for CD discs of metadata version 2 (room for CD-DA and mode 2
	 * sectors; a 2048-byte sector fills the start of its slot), 2048
	 * for DVD/BD and for CD discs saved by version 1 with data. */
	uint32_t stride;
};

/* Creates a blank disc of that profile at path (refuses to overwrite). */
int disc_store_create(const char *path, const struct mmcemu_profile *p,
		      char *err, size_t errlen);

/* Opens a disc: reads its metadata, finds its profile in profiles_dir, and
 * checks it against expected_profile when that is not NULL. */
int disc_store_open(struct disc_store *s, const char *path,
		    const char *profiles_dir, const char *expected_profile,
		    struct media_state *m, char *err, size_t errlen);
void disc_store_close(struct disc_store *s);
/* MMCEMU_E_DISC, with the message, when path is missing but its image is
 * there (an orphan image); 0 otherwise. */
int disc_store_check_orphan(const char *path, char *err, size_t errlen);
/* Deletes a disc whole: DISC, DISC.img and what the drive leaves beside
 * them (DISC.tmp, DISC.lock). Refuses a file that is not disc metadata
 * (MMCEMU_E_DISC) and a disc a drive holds (-EBUSY). An orphan image
 * (DISC gone) is removed. */
int disc_store_remove(const char *path, char *err, size_t errlen);

int disc_store_save(struct disc_store *s, const struct media_state *m);
/* The same without waiting for the host's disk: a killed process leaves
 * the old metadata or this one, each agreeing with the image (the image's
 * writes are in the page cache before it); a host crash may lose it until
 * the next disc_store_save (docs/emulator-media.md "Persistence"). */
int disc_store_checkpoint(struct disc_store *s, const struct media_state *m);

/* Sector I/O on the image, 2048-byte user data sectors; lba must be >= 0. */
int disc_store_read(struct disc_store *s, int64_t lba, uint32_t blocks, void *buf);
int disc_store_write(struct disc_store *s, int64_t lba, uint32_t blocks, const void *buf);
/* The same for sectors of `size` bytes each (2048, 2336, 2352): -EMEDIUMTYPE
 * when the image has no room for them (a version 1 CD image, 2048 a slot). */
int disc_store_read_sized(struct disc_store *s, int64_t lba, uint32_t blocks, size_t size,
			  void *buf);
int disc_store_write_sized(struct disc_store *s, int64_t lba, uint32_t blocks, size_t size,
			   const void *buf);

/* The bytes one sector holds as written: 2352 (audio), 2048 (mode 1), 2336
 * (mode 2); *len says which. Blank / pregap sectors read as zeros of their
 * size. Returns 0, or -1 with errno on an I/O error. */
int disc_store_read_sector(struct disc_store *s, const struct media_state *m,
			   int64_t lba, uint8_t out[2352], size_t *len);
int disc_store_sync(struct disc_store *s);
/* Drops the data of [lba, lba+blocks) (BLANK, FORMAT): reads give zeros. */
int disc_store_discard(struct disc_store *s, int64_t lba, uint32_t blocks);

#endif
