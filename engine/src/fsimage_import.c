/* ImportFileSystem: the last session's tree of a sequential disc (CD-R,
 * DVD±R, BD-R) into a FileSystemImage, so the next session grows it, as
 * growisofs -M and xorriso -dev do. libisofs reads the old tree
 * (iso_image_import) through an IsoDataSource whose blocks come from the
 * drive by READ(10) through the engine (db_mmc_read), not from the
 * kernel; the new session is written with iso_write_opts_set_appendable
 * and its start (ms_block) at the next writable address, its directory
 * records pointing at the old files where they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/mmc.h"
#include "discburn/multisession.h"
#include "mmc/profiles.h"
#include "fsimage_internal.h"

struct disc_src {
	struct db_device *dev;
	struct db_fs_image *img;
};

static int src_open(IsoDataSource *src)
{
	(void)src;
	return ISO_SUCCESS;
}

static int src_close(IsoDataSource *src)
{
	(void)src;
	return ISO_SUCCESS;
}

static int src_read_block(IsoDataSource *src, uint32_t lba, uint8_t *buffer)
{
	struct disc_src *d = src->data;
	db_status st = db_mmc_read(d->dev, (int32_t)lba, 1, buffer);
	if (db_failed(st)) {
		fsimage_error(d->img, "READ of LBA %u failed: %s", lba, db_status_name(st));
		d->img->data_error = DB_IMAPI_E_IMPORT_READ_FAILURE;
		return ISO_DATA_SOURCE_FAILURE;
	}
	return ISO_SUCCESS;
}

static void src_free(IsoDataSource *src)
{
	free(src->data);
}

static db_status ms_state(struct db_fs_image *img, int32_t *start, int32_t *nwa,
			  bool *overwrite);
static db_status import_fs(struct db_fs_image *img, uint32_t only, uint32_t *imported);

/* The volume recognition sequence of the session at start (ECMA-119 8.1:
 * descriptors from start + 16, type byte and "CD001"; a Joliet SVD has a
 * UCS-2 escape sequence "%/@", "%/C" or "%/E" at bytes 89-91; ECMA-167
 * 2/9.1 and 3/9.1: "BEA01", then "NSR02" / "NSR03" for UDF, "TEA01"). */
static void identify_at(struct db_device *dev, int32_t start, uint32_t *fs)
{
	uint8_t vd[2048];
	*fs = DB_FSI_FILE_SYSTEM_NONE;
	for (int32_t i = 0; i < 64; i++) {
		if (db_failed(db_mmc_read(dev, start + 16 + i, 1, vd)))
			break;
		if (memcmp(vd + 1, "CD001", 5) == 0) {
			if (vd[0] == 1)
				*fs |= DB_FSI_FILE_SYSTEM_ISO9660;
			else if (vd[0] == 2 && vd[88] == '%' && vd[89] == '/' &&
				 (vd[90] == '@' || vd[90] == 'C' || vd[90] == 'E'))
				*fs |= DB_FSI_FILE_SYSTEM_JOLIET;
			continue; /* the terminator (255) may be followed by ECMA-167's */
		}
		if (memcmp(vd + 1, "NSR02", 5) == 0 || memcmp(vd + 1, "NSR03", 5) == 0) {
			*fs |= DB_FSI_FILE_SYSTEM_UDF;
			continue;
		}
		if (memcmp(vd + 1, "BEA01", 5) == 0 || memcmp(vd + 1, "BOOT2", 5) == 0)
			continue;
		break; /* TEA01, or no descriptor */
	}
}

/* The start of the last session of the disc in r, closed or not (READ
 * DISC INFORMATION, READ TOC format 1); 0 on an overwritable medium, whose
 * one image is at LBA 0. */
static db_status last_session_start(struct db_fs_image *img, struct db_recorder *r,
				    int32_t *start)
{
	struct db_device *d = db_recorder_device(r);
	uint16_t profile = 0;
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(r, &profile);
	if (db_failed(st))
		return st;
	*start = 0;
	if (mmc_profile_is(profile, MMC_PA_RAND | MMC_PA_RW))
		return DB_S_OK;
	struct db_disc_info di;
	st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st))
		return st;
	if (di.disc_status == 0) {
		fsimage_error(img, "the disc is blank");
		return DB_IMAPI_E_EMPTY_DISC;
	}
	struct db_session_info si;
	st = db_mmc_read_session_info(d, &si);
	if (db_succeeded(st))
		*start = si.last_session_start;
	return st;
}

db_status db_fs_image_identify_file_systems_on_disc(struct db_fs_image *img,
						    struct db_recorder *r, uint32_t *fs)
{
	if (!img || !fs)
		return DB_E_POINTER;
	*fs = DB_FSI_FILE_SYSTEM_NONE;
	img->error[0] = '\0';
	if (!r && img->ms)
		r = db_multisession_sequential_get_import_recorder(img->ms);
	if (!r) {
		fsimage_error(img, "no recorder given and no MultisessionInterfaces");
		return DB_IMAPI_E_MULTISESSION_NOT_SET;
	}
	int32_t start;
	db_status st = last_session_start(img, r, &start);
	if (db_failed(st))
		return st;
	identify_at(db_recorder_device(r), start, fs);
	if (*fs == DB_FSI_FILE_SYSTEM_NONE)
		*fs = DB_FSI_FILE_SYSTEM_UNKNOWN;
	return DB_S_OK;
}

db_status db_fs_image_probe_specific_file_system(struct db_fs_image *img, uint32_t fs,
						 bool *appendable)
{
	if (!img || !appendable)
		return DB_E_POINTER;
	*appendable = false;
	if (fs != DB_FSI_FILE_SYSTEM_ISO9660 && fs != DB_FSI_FILE_SYSTEM_JOLIET &&
	    fs != DB_FSI_FILE_SYSTEM_UDF) {
		fsimage_error(img, "file system 0x%X: probe one of ISO 9660 (1), Joliet (2), UDF (4)",
			      fs);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	uint32_t found;
	db_status st = db_fs_image_identify_file_systems_on_disc(img, NULL, &found);
	if (db_failed(st))
		return st;
	if (!(found & fs) || fs == DB_FSI_FILE_SYSTEM_UDF)
		return DB_S_OK; /* absent, or UDF: not appendable by this build */
	int32_t start, nwa;
	bool overwrite;
	*appendable = db_succeeded(ms_state(img, &start, &nwa, &overwrite));
	img->error[0] = '\0';
	return DB_S_OK;
}

db_status db_fs_image_import_specific_file_system(struct db_fs_image *img, uint32_t fs)
{
	if (!img)
		return DB_E_POINTER;
	if (fs == DB_FSI_FILE_SYSTEM_UDF) {
		fsimage_error(img, "UDF is not imported yet (only ISO 9660 and Joliet)");
		return DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
	}
	if (fs != DB_FSI_FILE_SYSTEM_ISO9660 && fs != DB_FSI_FILE_SYSTEM_JOLIET) {
		fsimage_error(img, "file system 0x%X: import one of ISO 9660 (1), Joliet (2)", fs);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	uint32_t imported;
	return import_fs(img, fs, &imported);
}

db_status db_fs_image_import_file_system(struct db_fs_image *img, uint32_t *imported)
{
	return import_fs(img, 0, imported);
}

db_status db_fs_image_put_multisession_interfaces(struct db_fs_image *img,
						  struct db_multisession_sequential *m)
{
	if (img->result) {
		fsimage_error(img, "a result image of this tree is still being read");
		return DB_IMAPI_E_READONLY;
	}
	img->ms = m;
	return DB_S_OK;
}

struct db_multisession_sequential *
db_fs_image_get_multisession_interfaces(const struct db_fs_image *img)
{
	return img->ms;
}

/* An overwritable medium (DVD+RW, BD-RE, DVD-RAM, DVD-RW restricted
 * overwrite) holds one growing image from LBA 0, as growisofs makes it:
 * the volume descriptors at 16 describe the newest tree, and the next
 * session goes after the image's end (the PVD's Volume Space Size,
 * ECMA-119 8.4.8), rounded up to the medium's ECC block. */
static db_status overwritable_state(struct db_fs_image *img, struct db_recorder *r,
				    uint16_t profile, int32_t *start, int32_t *nwa, bool *overwrite)
{
	uint8_t pvd[2048];
	db_status st = db_mmc_read(db_recorder_device(r), 16, 1, pvd);
	if (db_failed(st)) {
		fsimage_error(img, "READ of LBA 16 failed (%s): a blank disc?", db_status_name(st));
		return DB_IMAPI_E_EMPTY_DISC;
	}
	if (pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5) != 0) {
		fsimage_error(img, "no ISO 9660 primary volume descriptor at LBA 16");
		return DB_IMAPI_E_NO_SUPPORTED_FILE_SYSTEM;
	}
	uint32_t blocks = (uint32_t)pvd[80] | (uint32_t)pvd[81] << 8 | (uint32_t)pvd[82] << 16 |
			  (uint32_t)pvd[83] << 24;
	uint32_t unit = mmc_family_blocking(mmc_profile_family(profile));
	if (unit == 0)
		unit = 1;
	*start = 0;
	*nwa = (int32_t)((blocks + unit - 1) / unit * unit);
	*overwrite = true;
	return DB_S_OK;
}

static db_status ms_state(struct db_fs_image *img, int32_t *start, int32_t *nwa,
			  bool *overwrite)
{
	*overwrite = false;
	struct db_multisession_sequential *m = img->ms;
	bool first = false, ok = false;
	struct db_recorder *r = db_multisession_sequential_get_import_recorder(m);
	uint16_t profile = 0;
	if (db_succeeded(db_recorder_current_profile(r, &profile)) &&
	    mmc_profile_is(profile, MMC_PA_RAND | MMC_PA_RW))
		return overwritable_state(img, r, profile, start, nwa, overwrite);
	/* The state first: on a closed disc the other getters fail. */
	db_status st = db_multisession_sequential_get_is_supported_on_current_media_state(m, &ok);
	if (db_succeeded(st) && !ok) {
		fsimage_error(img, "the disc takes no further session (closed)");
		return DB_IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE;
	}
	if (db_succeeded(st))
		st = db_multisession_sequential_get_is_first_data_session(m, &first);
	if (db_succeeded(st) && first) {
		fsimage_error(img, "the disc is blank: there is no session to import");
		return DB_IMAPI_E_EMPTY_DISC;
	}
	if (db_succeeded(st))
		st = db_multisession_sequential_get_start_address_of_previous_session(m, start);
	if (db_succeeded(st))
		st = db_multisession_sequential_get_next_writable_address(m, nwa);
	return st;
}

void db_fs_image_set_import_progress(struct db_fs_image *img, db_fs_image_import_progress_fn fn,
				     void *ctx)
{
	img->import_fn = fn;
	img->import_ctx = ctx;
}

static void count_dirs(IsoDir *dir, int32_t *dirs)
{
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return;
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1)
		if (ISO_NODE_IS_DIR(n)) {
			(*dirs)++;
			count_dirs((IsoDir *)n, dirs);
		}
	iso_dir_iter_free(it);
}

/* UpdateImport's calls over the imported tree (see fsimage.h). */
static void report_import(struct db_fs_image *img, IsoDir *dir,
			  struct db_fs_image_import_progress *p)
{
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return;
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1) {
		char *path = iso_tree_get_node_path(n);
		if (!path)
			continue;
		if (ISO_NODE_IS_DIR(n)) {
			size_t len = strlen(path);
			char *slashed = malloc(len + 2);
			if (slashed) {
				memcpy(slashed, path, len);
				memcpy(slashed + len, "/", 2);
				p->current_item = slashed;
				img->import_fn(img->import_ctx, p);
				free(slashed);
			}
			p->imported_directory_items++;
			free(path);
			report_import(img, (IsoDir *)n, p);
			continue;
		}
		p->imported_file_items++;
		p->current_item = path;
		img->import_fn(img->import_ctx, p);
		free(path);
	}
	iso_dir_iter_free(it);
}

/* only: 0 for ImportFileSystem (ISO 9660 with Rock Ridge and Joliet),
 * DB_FSI_FILE_SYSTEM_ISO9660 or _JOLIET for ImportSpecificFileSystem. */
static db_status import_fs(struct db_fs_image *img, uint32_t only, uint32_t *imported)
{
	if (!img || !imported)
		return DB_E_POINTER;
	*imported = DB_FSI_FILE_SYSTEM_NONE;
	if (img->result) {
		fsimage_error(img, "a result image of this tree is still being read");
		return DB_IMAPI_E_READONLY;
	}
	img->error[0] = '\0';
	if (!img->ms) {
		fsimage_error(img, "no MultisessionInterfaces: the disc to import from is unknown");
		return DB_IMAPI_E_MULTISESSION_NOT_SET;
	}
	/* libisofs replaces the whole tree with the old one. */
	if (iso_dir_get_children_count(iso_image_get_root(img->iso)) > 0 || img->imported) {
		fsimage_error(img, "the image already holds items: import first");
		return DB_IMAPI_E_FILE_SYSTEM_NOT_EMPTY;
	}
	int32_t start, nwa;
	bool overwrite;
	db_status st = ms_state(img, &start, &nwa, &overwrite);
	if (db_failed(st))
		return st;
	struct db_recorder *r = db_multisession_sequential_get_import_recorder(img->ms);
	IsoDataSource *src = calloc(1, sizeof(*src));
	struct disc_src *d = calloc(1, sizeof(*d));
	IsoReadOpts *ropts = NULL;
	if (!src || !d || iso_read_opts_new(&ropts, 0) < 0) {
		free(src);
		free(d);
		return DB_E_OUTOFMEMORY;
	}
	d->dev = db_recorder_device(r);
	d->img = img;
	src->refcount = 1;
	src->open = src_open;
	src->close = src_close;
	src->read_block = src_read_block;
	src->free_data = src_free;
	src->data = d;
	/* The last session's volume descriptors are at its start + 16
	 * (ECMA-119 6.2.1, the first 16 sectors being the system area). */
	iso_read_opts_set_start_block(ropts, (uint32_t)start);
	/* ImportSpecificFileSystem: the names of that tree only (libisofs
	 * takes Rock Ridge's, then Joliet's, then ISO 9660's). */
	if (only == DB_FSI_FILE_SYSTEM_ISO9660)
		iso_read_opts_set_no_joliet(ropts, 1);
	if (only == DB_FSI_FILE_SYSTEM_JOLIET) {
		iso_read_opts_set_no_rockridge(ropts, 1);
		iso_read_opts_set_preferjoliet(ropts, 1);
	}
	IsoReadImageFeatures *features = NULL;
	img->data_error = DB_S_OK;
	fsimage_take_msgs(img);
	/* A Joliet import of a disc without Joliet would silently take the
	 * ISO 9660 names: the descriptors are looked at first. */
	if (only == DB_FSI_FILE_SYSTEM_JOLIET) {
		uint32_t found = 0;
		identify_at(d->dev, start, &found);
		if (!(found & DB_FSI_FILE_SYSTEM_JOLIET)) {
			iso_read_opts_free(ropts);
			iso_data_source_unref(src);
			fsimage_error(img, "the session at LBA %d has no Joliet tree", start);
			return DB_IMAPI_E_NO_SUPPORTED_FILE_SYSTEM;
		}
	}
	int ret = iso_image_import(img->iso, src, ropts, &features);
	iso_read_opts_free(ropts);
	iso_data_source_unref(src);
	if (ret < 0) {
		if (img->data_error)
			return img->data_error;
		if (!fsimage_take_msgs(img))
			fsimage_error(img, "no ISO 9660 file system at LBA %d (libisofs: 0x%X)",
				      start, (unsigned)ret);
		return DB_IMAPI_E_NO_SUPPORTED_FILE_SYSTEM;
	}
	fsimage_take_msgs(img);
	img->error[0] = '\0';
	*imported = only ? only : DB_FSI_FILE_SYSTEM_ISO9660;
	if (!only && features && iso_read_image_features_has_joliet(features))
		*imported |= DB_FSI_FILE_SYSTEM_JOLIET;
	img->overwrite = overwrite;
	if (img->import_fn) {
		struct db_fs_image_import_progress p = {
			.file_system = only ? only
				       : (*imported & DB_FSI_FILE_SYSTEM_JOLIET) ? DB_FSI_FILE_SYSTEM_JOLIET
										 : DB_FSI_FILE_SYSTEM_ISO9660,
			.total_file_items = -1,
		};
		count_dirs(iso_image_get_root(img->iso), &p.total_directory_items);
		report_import(img, iso_image_get_root(img->iso), &p);
	}
	if (features)
		iso_read_image_features_destroy(features);
	img->imported = true;
	img->start_block = nwa;
	const char *vol = iso_image_get_volume_id(img->iso);
	snprintf(img->imported_volume, sizeof(img->imported_volume), "%s", vol ? vol : "");
	img->changes++;
	img->import_point = img->changes;
	return DB_S_OK;
}
