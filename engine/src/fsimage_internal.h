/* FileSystemImage's insides, shared by fsimage.c (the tree and the
 * properties) and fsimage_result.c (the writer and the image stream). */
#ifndef DISCBURN_FSIMAGE_INTERNAL_H
#define DISCBURN_FSIMAGE_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

/* libisofs.h declares its copy of libburn's struct burn_source (the
 * image source iso_image_create_burn_source returns) only for programs
 * that do not include libburn.h, and says so with this macro. */
#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

/* libisofs's error codes are unsigned hex constants; its functions
 * return them as int. */
#define ISO_ERR(code) ((int)(code))

#include "discburn/fsimage.h"

struct db_fs_image {
	IsoImage *iso;
	uint32_t fs; /* DB_FSI_FILE_SYSTEM_* */
	bool rock_ridge;
	uint32_t level;
	int32_t free_blocks, start_block;
	bool volume_set; /* put by the caller, not the date default */
	char volume_name[DB_FS_IMAGE_VOLUME_NAME_MAX + 1];
	char volume_iso[DB_FS_IMAGE_VOLUME_NAME_MAX + 1];
	bool stage_files, strict, restricted;
	char *workdir;
	struct db_fs_image_result *result; /* alive: the tree is read-only */
	/* BootImageOptionsArray (BootImageOptions is its first), the
	 * image's: El Torito's default entry and up to 31 more (libisofs's
	 * iso_image_add_boot_image limit). */
	struct db_boot_options *boot[DB_BOOT_IMAGES_MAX];
	size_t n_boot;
	struct db_multisession_sequential *ms; /* MultisessionInterfaces, borrowed */
	bool imported; /* the tree grows the disc's last session */
	/* Grown on an overwritable medium: libisofs puts the new volume
	 * descriptors for LBA 0-31 here while it writes the session. */
	bool overwrite;
	uint8_t overwrite_buf[DB_FS_IMAGE_OVERWRITE_SECTORS * DB_FS_IMAGE_BLOCK_SIZE];
	/* Set by a file's stream in libisofs's writer thread when its data
	 * was not what it promised, read by the result's reader (another
	 * thread): the image stream then fails. */
	_Atomic db_status data_error;
	char error[512];
	/* fsimage_items.c: items made by CreateDirectoryItem / CreateFileItem
	 * are nodes in no directory, held here (one reference each) until Add;
	 * they are made in detached_home (itself in no tree) and taken out. */
	IsoDir *detached_home;
	IsoNode **detached;
	size_t n_detached, cap_detached;
	db_fs_image_import_progress_fn import_fn; /* UpdateImport */
	void *import_ctx;
	char imported_volume[33]; /* the PVD's volume identifier, 32 d-chars */
	/* fsimage_changes.c: the change count, the locked point, the point of
	 * the ImportFileSystem (no rollback before it) and the copies of the
	 * tree kept for the points read. */
	int32_t changes, locked, import_point;
	struct fsimage_snapshot *snaps;
	size_t n_snaps;
};

struct db_fsi_item {
	struct db_fs_image *img;
	IsoNode *node;
	/* put_Data moves the item to a new node: its xinfo leaves the old
	 * node without being freed. */
	bool moving;
};

db_status fsimage_iso_init(void);
void fsimage_error(struct db_fs_image *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Drains libisofs's queued messages (SORRY and worse): the first becomes
 * the image's error. True when there was one. */
bool fsimage_take_msgs(struct db_fs_image *img);
struct db_fsi_item *fsimage_item(struct db_fs_image *img, IsoNode *node);
/* IMAPI_E_READONLY while a result is alive; clears the last error. */
db_status fsimage_writable(struct db_fs_image *img);
/* A new node's modes, owner and times (0755 / 0644, root, now). */
void fsimage_stamp(IsoNode *n, mode_t mode);
/* One path component's rules (IMAPI_E_INVALID_PATH). */
db_status fsimage_check_name(struct db_fs_image *img, const char *path, const char *name,
			     size_t n);
/* The node is in the image's tree (not a detached item or inside one). */
bool fsimage_in_tree(struct db_fs_image *img, IsoNode *node);
/* The El Torito image or catalog nodes fsimage_boot_prepare puts in the
 * root: in no count, listing or change point copy. */
bool fsimage_is_boot_node(IsoNode *n);
/* fsimage_items.c: the detached items, freed with the image. */
void fsimage_items_free(struct db_fs_image *img);
/* fsimage_changes.c: the tree copies, freed with the image. */
void fsimage_changes_free(struct db_fs_image *img);
/* The xinfo tag of items (for the cloner registration). */
int fsimage_item_xinfo(void *data, int flag);

/* An IsoStream reading a db_stream (AddFile): the stream is the image's
 * once the node holds it; fsimage_stream_release drops the IsoStream but
 * hands the db_stream back (not closed), for a failed AddFile. */
db_status fsimage_stream_new(struct db_fs_image *img, struct db_stream *s, IsoStream **out);
void fsimage_stream_release(IsoStream *is);
/* An AddFile stream read before (by a result or Data) sought back to its
 * start; other IsoStreams need nothing. Fails when it cannot seek. */
db_status fsimage_stream_rewind(IsoStream *is);

/* fsimage_boot.c: the El Torito image and catalog into the tree for one
 * result (CreateResultImage), and out of it again (the result's end). */
db_status fsimage_boot_prepare(struct db_fs_image *img);
void fsimage_boot_cleanup(struct db_fs_image *img);

#endif
