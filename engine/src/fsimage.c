/* FileSystemImage and its items (IMAPI2FS) on libisofs: the properties,
 * the tree operations (paths, AddDirectory / AddFile / AddTree, Remove,
 * Item, Count, EnumFsiItems) and the item views of libisofs's nodes. The
 * result image (the writer and its stream) is in fsimage_result.c. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "discburn/format2data.h"
#include "discburn/recorder.h"
#include "fsimage_internal.h"

/* ---- libisofs, once per process ---------------------------------------- */

static int item_xinfo_clone(void *old_data, void **new_data, int flag);

static pthread_once_t iso_once = PTHREAD_ONCE_INIT;
static int iso_init_result;

static void iso_init_once(void)
{
	iso_init_result = iso_init();
	/* Messages of SORRY and worse (a file that cannot be read, a name
	 * that cannot be added) are queued, not printed: fsimage_take_msgs
	 * turns them into the image's last error and a failed status, so the
	 * caller sees them once, through the engine. */
	if (iso_init_result < 0)
		return;
	iso_set_msgs_severities("SORRY", "NEVER", "libisofs");
	/* Names are UTF-8 (Linux file names by convention, and IMAPI's are
	 * Unicode), whatever the process's locale: libisofs would take the
	 * locale's charset and turn every non-ASCII character into '_' in
	 * Joliet's UCS-2 under LANG=C. */
	iso_set_local_charset("UTF-8", 0);
	iso_node_xinfo_make_clonable(fsimage_item_xinfo, item_xinfo_clone, 0);
}

db_status fsimage_iso_init(void)
{
	pthread_once(&iso_once, iso_init_once);
	return iso_init_result < 0 ? DB_IMAPI_E_FSI_INTERNAL_ERROR : DB_S_OK;
}

void fsimage_error(struct db_fs_image *img, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(img->error, sizeof(img->error), fmt, ap);
	va_end(ap);
}

bool fsimage_take_msgs(struct db_fs_image *img)
{
	char text[ISO_MSGS_MESSAGE_LEN], sev[80];
	int code, imgid;
	bool any = false;
	while (iso_obtain_msgs("SORRY", &code, &imgid, text, sev) == 1) {
		if (!any)
			fsimage_error(img, "libisofs: %s", text);
		any = true;
	}
	return any;
}

/* ---- items: views of libisofs's nodes ----------------------------------- */

/* The xinfo tag of our item structs; libisofs frees them with the node
 * (flag 1), so an item lives exactly as long as its node. */
int fsimage_item_xinfo(void *data, int flag)
{
	struct db_fsi_item *it = data;
	if ((flag & 1) && it->moving)
		it->moving = false;
	else if (flag & 1)
		free(it);
	return 1;
}
#define item_xinfo fsimage_item_xinfo

/* A node cloned for a change point (iso_image_tree_clone) gets its own
 * item struct: libisofs needs a cloner for every xinfo class of a node it
 * clones. The copy points at the old node until fsimage_item rebinds it
 * to the clone. */
static int item_xinfo_clone(void *old_data, void **new_data, int flag)
{
	if (flag)
		return ISO_ERR(ISO_XINFO_NO_CLONE);
	struct db_fsi_item *copy = malloc(sizeof(*copy));
	if (!copy)
		return ISO_ERR(ISO_OUT_OF_MEM);
	*copy = *(struct db_fsi_item *)old_data;
	*new_data = copy;
	return (int)sizeof(*copy);
}

struct db_fsi_item *fsimage_item(struct db_fs_image *img, IsoNode *node)
{
	void *data = NULL;
	if (iso_node_get_xinfo(node, item_xinfo, &data) == 1) {
		struct db_fsi_item *it = data;
		it->node = node; /* a clone's copy (item_xinfo_clone) */
		return it;
	}
	struct db_fsi_item *it = calloc(1, sizeof(*it));
	if (!it)
		return NULL;
	it->img = img;
	it->node = node;
	if (iso_node_add_xinfo(node, item_xinfo, it) != 1) {
		free(it);
		return NULL;
	}
	return it;
}

/* ---- the image ---------------------------------------------------------- */

db_status db_fs_image_create(struct db_fs_image **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	db_status st = fsimage_iso_init();
	if (db_failed(st))
		return st;
	struct db_fs_image *img = calloc(1, sizeof(*img));
	if (!img)
		return DB_E_OUTOFMEMORY;
	if (iso_image_new("", &img->iso) < 0) {
		free(img);
		return DB_E_OUTOFMEMORY;
	}
	/* AddTree: symlinks stay links; devices, FIFOs and sockets are left
	 * out (bits 0-3 of iso_tree_set_ignore_special), as a disc for
	 * exchange holds files; hidden (dot) files are kept. */
	iso_tree_set_follow_symlinks(img->iso, 0);
	iso_tree_set_ignore_special(img->iso, 15);
	iso_tree_set_ignore_hidden(img->iso, 0);
	img->fs = DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET;
	img->rock_ridge = true;
	img->level = 2;
	img->free_blocks = DB_FS_IMAGE_DEFAULT_FREE_MEDIA_BLOCKS;
	/* Where CreateDirectoryItem / CreateFileItem make their nodes: a
	 * directory in no tree (made in the root, then taken out of it). */
	if (iso_image_add_new_dir(img->iso, iso_image_get_root(img->iso), "detached",
				  &img->detached_home) < 0 ||
	    iso_node_take((IsoNode *)img->detached_home) < 0) {
		iso_image_unref(img->iso);
		free(img);
		return DB_E_OUTOFMEMORY;
	}
	*out = img;
	return DB_S_OK;
}

void db_fs_image_destroy(struct db_fs_image *img)
{
	if (!img)
		return;
	/* A result still alive holds the writer on the tree. */
	if (img->result)
		db_fs_image_result_destroy(img->result);
	fsimage_items_free(img);
	fsimage_changes_free(img);
	iso_node_unref((IsoNode *)img->detached_home);
	iso_image_unref(img->iso);
	for (size_t i = 0; i < img->n_boot; i++)
		db_boot_options_destroy(img->boot[i]);
	free(img->workdir);
	free(img);
}

const char *db_fs_image_last_error(const struct db_fs_image *img)
{
	return img ? img->error : "";
}

/* While a result is alive libisofs's writer reads the tree: no change. */
static db_status writable(struct db_fs_image *img)
{
	if (img->result) {
		fsimage_error(img, "a result image is being produced from this tree");
		return DB_IMAPI_E_READONLY;
	}
	img->error[0] = '\0';
	return DB_S_OK;
}

db_status fsimage_writable(struct db_fs_image *img)
{
	return writable(img);
}

bool fsimage_in_tree(struct db_fs_image *img, IsoNode *node)
{
	IsoNode *root = (IsoNode *)iso_image_get_root(img->iso);
	for (IsoNode *n = node; n;) {
		if (n == root)
			return true;
		IsoNode *p = (IsoNode *)iso_node_get_parent(n);
		if (p == n)
			break;
		n = p;
	}
	return false;
}

bool fsimage_is_boot_node(IsoNode *n)
{
	return iso_node_get_type(n) == LIBISO_BOOT ||
	       (iso_node_get_hidden(n) & LIBISO_HIDE_BUT_WRITE);
}

db_status db_fs_image_put_file_systems_to_create(struct db_fs_image *img, uint32_t fs)
{
	db_status st = writable(img);
	if (db_failed(st))
		return st;
	if (fs & ~(uint32_t)(DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET)) {
		fsimage_error(img, "file systems 0x%X: only ISO 9660 (1) and Joliet (2) can be "
			      "written; UDF (4) is not supported yet", fs);
		return DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
	}
	img->fs = fs;
	return DB_S_OK;
}

uint32_t db_fs_image_get_file_systems_to_create(const struct db_fs_image *img)
{
	return img->fs;
}

uint32_t db_fs_image_get_file_systems_supported(const struct db_fs_image *img)
{
	(void)img;
	return DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET;
}

/* put_VolumeName's character sets (imapi2fs, IFileSystemImage::
 * put_VolumeName remarks). */
static bool volume_char_ok(char c, bool joliet)
{
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
		return true;
	return joliet && ((c >= 'a' && c <= 'z') || c == '.');
}

db_status db_fs_image_put_volume_name(struct db_fs_image *img, const char *name)
{
	db_status st = writable(img);
	if (db_failed(st))
		return st;
	if (!name || !*name) {
		img->volume_name[0] = '\0';
		img->volume_set = false;
		return DB_S_OK;
	}
	bool joliet = img->fs & (DB_FSI_FILE_SYSTEM_JOLIET | DB_FSI_FILE_SYSTEM_UDF);
	size_t n = strlen(name);
	if (n > DB_FS_IMAGE_VOLUME_NAME_MAX) {
		fsimage_error(img, "volume name '%s' has %zu characters, at most %d are allowed",
			      name, n, DB_FS_IMAGE_VOLUME_NAME_MAX);
		return DB_IMAPI_E_INVALID_VOLUME_NAME;
	}
	for (size_t i = 0; i < n; i++)
		if (!volume_char_ok(name[i], joliet)) {
			fsimage_error(img, "volume name '%s': character '%c' is not allowed (%s)",
				      name, name[i],
				      joliet ? "A-Z a-z 0-9 . _"
					     : "ISO 9660 alone: A-Z 0-9 _");
			return DB_IMAPI_E_INVALID_VOLUME_NAME;
		}
	memcpy(img->volume_name, name, n + 1);
	img->volume_set = true;
	return DB_S_OK;
}

const char *db_fs_image_get_volume_name(const struct db_fs_image *img)
{
	return img->volume_name;
}

/* The PVD's volume identifier is d-characters (ECMA-119 7.4.1, 8.4.6):
 * upper case, digits and "_". */
const char *db_fs_image_get_volume_name_iso9660(const struct db_fs_image *img)
{
	struct db_fs_image *m = (struct db_fs_image *)img;
	size_t i = 0;
	for (; img->volume_name[i]; i++) {
		char c = img->volume_name[i];
		m->volume_iso[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A')
				   : volume_char_ok(c, false) ? c
							      : '_';
	}
	m->volume_iso[i] = '\0';
	return img->volume_iso;
}

const char *db_fs_image_get_volume_name_joliet(const struct db_fs_image *img)
{
	return img->volume_name;
}

void db_fs_image_put_rock_ridge(struct db_fs_image *img, bool on)
{
	img->rock_ridge = on;
}

bool db_fs_image_get_rock_ridge(const struct db_fs_image *img)
{
	return img->rock_ridge;
}

db_status db_fs_image_put_free_media_blocks(struct db_fs_image *img, int32_t blocks)
{
	if (blocks < 0) {
		fsimage_error(img, "FreeMediaBlocks %d: not a number of blocks (0 is unlimited)",
			      blocks);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	img->free_blocks = blocks;
	return DB_S_OK;
}

int32_t db_fs_image_get_free_media_blocks(const struct db_fs_image *img)
{
	return img->free_blocks;
}

db_status db_fs_image_put_session_start_block(struct db_fs_image *img, int32_t lba)
{
	if (lba < 0) {
		fsimage_error(img, "SessionStartBlock %d is negative", lba);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	img->start_block = lba;
	return DB_S_OK;
}

int32_t db_fs_image_get_session_start_block(const struct db_fs_image *img)
{
	return img->start_block;
}

db_status db_fs_image_put_iso9660_interchange_level(struct db_fs_image *img, uint32_t level)
{
	if (level < 1 || level > 3) {
		fsimage_error(img, "ISO 9660 interchange level %u: 1, 2 or 3", level);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	img->level = level;
	return DB_S_OK;
}

uint32_t db_fs_image_get_iso9660_interchange_level(const struct db_fs_image *img)
{
	return img->level;
}

unsigned db_fs_image_get_iso9660_interchange_levels_supported(const struct db_fs_image *img,
							      uint32_t out[3])
{
	(void)img;
	for (unsigned i = 0; i < 3; i++)
		out[i] = i + 1;
	return 3;
}

/* Nominal user-data capacity of each medium, 2048-byte sectors: what a
 * blank disc of the common size offers. CD: an 80-minute CD-R, ATIP
 * lead-out start 79:59:74 (359,849); DVD+R/+RW 4.7 GB 2,295,104 (ECMA-349,
 * ECMA-337), DVD-R/-RW 2,298,496 (ECMA-359, ECMA-338), DVD-RAM 2,236,704
 * (ECMA-330), double layer DVD+R 4,173,824 (ECMA-364), DVD-R DL 4,171,712;
 * BD 25 GB single layer 12,219,392 (unformatted). HD DVD and a disk: 0,
 * unlimited (no nominal size here). */
static int32_t nominal_blocks(enum db_media_physical_type t)
{
	switch (t) {
	case DB_MEDIA_TYPE_CDROM:
	case DB_MEDIA_TYPE_CDR:
	case DB_MEDIA_TYPE_CDRW: return 359849;
	case DB_MEDIA_TYPE_DVDPLUSR:
	case DB_MEDIA_TYPE_DVDPLUSRW: return 2295104;
	case DB_MEDIA_TYPE_DVDROM:
	case DB_MEDIA_TYPE_DVDDASHR:
	case DB_MEDIA_TYPE_DVDDASHRW: return 2298496;
	case DB_MEDIA_TYPE_DVDRAM: return 2236704;
	case DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER:
	case DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER: return 4173824;
	case DB_MEDIA_TYPE_DVDDASHR_DUALLAYER: return 4171712;
	case DB_MEDIA_TYPE_BDROM:
	case DB_MEDIA_TYPE_BDR:
	case DB_MEDIA_TYPE_BDRE: return 12219392;
	case DB_MEDIA_TYPE_HDDVDROM:
	case DB_MEDIA_TYPE_HDDVDR:
	case DB_MEDIA_TYPE_HDDVDRAM:
	case DB_MEDIA_TYPE_DISK: return 0;
	case DB_MEDIA_TYPE_UNKNOWN: break;
	}
	return -1;
}

db_status db_fs_image_choose_image_defaults_for_media_type(struct db_fs_image *img,
							   enum db_media_physical_type type)
{
	db_status st = writable(img);
	if (db_failed(st))
		return st;
	int32_t blocks = nominal_blocks(type);
	if (blocks < 0) {
		fsimage_error(img, "media type %d is no medium to choose defaults for", (int)type);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	img->free_blocks = blocks;
	img->fs = DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET;
	return DB_S_OK;
}

db_status db_fs_image_choose_image_defaults(struct db_fs_image *img, struct db_recorder *r)
{
	if (!r)
		return DB_E_POINTER;
	db_status st = writable(img);
	if (db_failed(st))
		return st;
	struct db_format2data *f;
	st = db_format2data_create(&f);
	if (db_failed(st))
		return st;
	enum db_media_physical_type type = DB_MEDIA_TYPE_UNKNOWN;
	int32_t free_sectors = 0;
	st = db_format2data_put_recorder(f, r);
	if (db_succeeded(st))
		st = db_format2data_get_current_physical_media_type(f, &type);
	if (db_succeeded(st))
		st = db_format2data_get_free_sectors_on_media(f, &free_sectors);
	db_format2data_destroy(f);
	if (db_failed(st))
		return st;
	if (type == DB_MEDIA_TYPE_UNKNOWN)
		return DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE;
	st = db_fs_image_choose_image_defaults_for_media_type(img, type);
	if (db_succeeded(st))
		img->free_blocks = free_sectors;
	return st;
}

void db_fs_image_put_stage_files(struct db_fs_image *img, bool on)
{
	img->stage_files = on;
}

bool db_fs_image_get_stage_files(const struct db_fs_image *img)
{
	return img->stage_files;
}

db_status db_fs_image_put_working_directory(struct db_fs_image *img, const char *dir)
{
	struct stat sb;
	if (!dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fsimage_error(img, "working directory '%s' is not a directory", dir ? dir : "");
		return DB_IMAPI_E_INVALID_WORKING_DIRECTORY;
	}
	char *copy = strdup(dir);
	if (!copy)
		return DB_E_OUTOFMEMORY;
	free(img->workdir);
	img->workdir = copy;
	return DB_S_OK;
}

const char *db_fs_image_get_working_directory(const struct db_fs_image *img)
{
	return img->workdir ? img->workdir : "";
}

void db_fs_image_put_strict_file_system_compliance(struct db_fs_image *img, bool on)
{
	img->strict = on;
}

bool db_fs_image_get_strict_file_system_compliance(const struct db_fs_image *img)
{
	return img->strict;
}

void db_fs_image_put_use_restricted_character_set(struct db_fs_image *img, bool on)
{
	img->restricted = on;
}

bool db_fs_image_get_use_restricted_character_set(const struct db_fs_image *img)
{
	return img->restricted;
}

struct db_fsi_item *db_fs_image_get_root(struct db_fs_image *img)
{
	return fsimage_item(img, (IsoNode *)iso_image_get_root(img->iso));
}

static void count_tree(IsoDir *dir, int32_t *files, int32_t *dirs)
{
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return;
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1) {
		/* The El Torito image and catalog are no items; hidden items
		 * (IsHidden) are. */
		if (fsimage_is_boot_node(n))
			continue;
		if (ISO_NODE_IS_DIR(n)) {
			(*dirs)++;
			count_tree((IsoDir *)n, files, dirs);
		} else {
			(*files)++;
		}
	}
	iso_dir_iter_free(it);
}

int32_t db_fs_image_get_file_count(const struct db_fs_image *img)
{
	int32_t files = 0, dirs = 0;
	count_tree(iso_image_get_root(img->iso), &files, &dirs);
	return files;
}

int32_t db_fs_image_get_directory_count(const struct db_fs_image *img)
{
	int32_t files = 0, dirs = 0;
	count_tree(iso_image_get_root(img->iso), &files, &dirs);
	return dirs;
}

/* ---- paths --------------------------------------------------------------- */

/* One path component: not empty, not "." or "..", at most 255 bytes (a
 * Rock Ridge NM name, and what libisofs keeps: ISO_RR_NAME_TOO_LONG). */
db_status fsimage_check_name(struct db_fs_image *img, const char *path, const char *name,
			     size_t n)
{
	if (n == 0 || (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.')) {
		fsimage_error(img, "path '%s': empty, '.' and '..' are no names", path);
		return DB_IMAPI_E_INVALID_PATH;
	}
	if (n > 255) {
		fsimage_error(img, "path '%s': a name of %zu bytes, at most 255", path, n);
		return DB_IMAPI_E_INVALID_PATH;
	}
	return DB_S_OK;
}

/* Walks path from dir: *node is what it names (NULL when the last
 * component is missing, with *parent the directory it would be in and
 * *leaf its name). A missing or non-directory component before the last:
 * IMAPI_E_DIR_NOT_FOUND / IMAPI_E_NOT_DIR. */
static db_status walk(struct db_fs_image *img, IsoDir *dir, const char *path, IsoDir **parent,
		      char leaf[256], IsoNode **node)
{
	if (!path) {
		fsimage_error(img, "no path");
		return DB_E_POINTER;
	}
	const char *p = path;
	while (*p == '/')
		p++;
	if (!*p) {
		fsimage_error(img, "path '%s' names no item", path);
		return DB_IMAPI_E_INVALID_PATH;
	}
	IsoDir *cur = dir;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		const char *rest = slash;
		while (rest && *rest == '/')
			rest++;
		bool last = !rest || !*rest;
		db_status st = fsimage_check_name(img, path, p, n);
		if (db_failed(st))
			return st;
		memcpy(leaf, p, n);
		leaf[n] = '\0';
		IsoNode *child = NULL;
		if (iso_dir_get_node(cur, leaf, &child) != 1)
			child = NULL;
		if (last) {
			*parent = cur;
			*node = child;
			return DB_S_OK;
		}
		if (!child) {
			fsimage_error(img, "path '%s': directory '%s' does not exist", path, leaf);
			return DB_IMAPI_E_DIR_NOT_FOUND;
		}
		if (!ISO_NODE_IS_DIR(child)) {
			fsimage_error(img, "path '%s': '%s' is not a directory", path, leaf);
			return DB_IMAPI_E_NOT_DIR;
		}
		cur = (IsoDir *)child;
		p = rest;
	}
}

static db_status as_dir(struct db_fsi_item *item, IsoDir **out)
{
	if (!item)
		return DB_E_POINTER;
	if (!ISO_NODE_IS_DIR(item->node)) {
		fsimage_error(item->img, "'%s' is not a directory", iso_node_get_name(item->node));
		return DB_IMAPI_E_NOT_DIR;
	}
	*out = (IsoDir *)item->node;
	return DB_S_OK;
}

static db_status new_leaf(struct db_fsi_item *dir, const char *path, IsoDir **parent,
			  char leaf[256])
{
	IsoDir *d;
	db_status st = as_dir(dir, &d);
	if (db_succeeded(st))
		st = writable(dir->img);
	if (db_succeeded(st) && !fsimage_in_tree(dir->img, dir->node)) {
		fsimage_error(dir->img, "directory '%s' is not in the image yet (Add it first)",
			      iso_node_get_name(dir->node));
		st = DB_IMAPI_E_NOT_IN_FILE_SYSTEM;
	}
	IsoNode *existing;
	if (db_succeeded(st))
		st = walk(dir->img, d, path, parent, leaf, &existing);
	/* Over an imported session an added file replaces the old one. */
	if (db_succeeded(st) && existing && dir->img->imported && !ISO_NODE_IS_DIR(existing)) {
		iso_node_remove(existing);
		existing = NULL;
	}
	if (db_succeeded(st) && existing) {
		fsimage_error(dir->img, "'%s': the name already exists", path);
		st = DB_IMAPI_E_DUP_NAME;
	}
	return st;
}

static db_status iso_status(struct db_fs_image *img, int ret, const char *path)
{
	if (ret == ISO_ERR(ISO_NODE_NAME_NOT_UNIQUE)) {
		fsimage_error(img, "'%s': the name already exists", path);
		return DB_IMAPI_E_DUP_NAME;
	}
	if (ret == ISO_ERR(ISO_OUT_OF_MEM))
		return DB_E_OUTOFMEMORY;
	if (ret == ISO_ERR(ISO_RR_NAME_TOO_LONG) || ret == ISO_ERR(ISO_WRONG_ARG_VALUE)) {
		fsimage_error(img, "'%s': a name libisofs cannot hold", path);
		return DB_IMAPI_E_INVALID_PATH;
	}
	if (!fsimage_take_msgs(img))
		fsimage_error(img, "'%s': libisofs error 0x%X", path, (unsigned)ret);
	return DB_IMAPI_E_FSI_INTERNAL_ERROR;
}

/* New items get the time they were added and the modes a disc for
 * exchange has (0755 / 0644, root's): IMAPI has no owner or mode, Rock
 * Ridge needs one. */
void fsimage_stamp(IsoNode *n, mode_t mode)
{
	time_t now = time(NULL);
	iso_node_set_permissions(n, mode);
	iso_node_set_uid(n, 0);
	iso_node_set_gid(n, 0);
	iso_node_set_mtime(n, now);
	iso_node_set_atime(n, now);
	iso_node_set_ctime(n, now);
}

db_status db_fsi_directory_add_directory(struct db_fsi_item *dir, const char *path)
{
	IsoDir *parent;
	char leaf[256];
	db_status st = new_leaf(dir, path, &parent, leaf);
	if (db_failed(st))
		return st;
	IsoDir *nd;
	int ret = iso_image_add_new_dir(dir->img->iso, parent, leaf, &nd);
	if (ret < 0)
		return iso_status(dir->img, ret, path);
	fsimage_stamp((IsoNode *)nd, 0755);
	dir->img->changes++;
	return DB_S_OK;
}

db_status db_fsi_directory_add_file(struct db_fsi_item *dir, const char *path,
				    struct db_stream *data)
{
	if (!data)
		return DB_E_POINTER;
	IsoDir *parent;
	char leaf[256];
	db_status st = new_leaf(dir, path, &parent, leaf);
	if (db_failed(st))
		return st;
	if (db_stream_size(data) < 0) {
		fsimage_error(dir->img, "'%s': the stream's size is unknown (a pipe)", path);
		return DB_IMAPI_E_DATA_STREAM_CREATE_FAILURE;
	}
	IsoStream *is;
	st = fsimage_stream_new(dir->img, data, &is);
	if (db_failed(st))
		return st;
	IsoFile *file;
	int ret = iso_image_add_new_file(dir->img->iso, parent, leaf, is, &file);
	if (ret < 0) {
		/* The stream stays the caller's on failure: detach it first. */
		fsimage_stream_release(is);
		return iso_status(dir->img, ret, path);
	}
	/* The file took our reference to the stream (libisofs.h). */
	fsimage_stamp((IsoNode *)file, 0644);
	dir->img->changes++;
	return DB_S_OK;
}

/* The names in a local directory, for the clash check before AddTree
 * changes anything. */
static db_status clash_check(struct db_fs_image *img, IsoDir *target, const char *src)
{
	DIR *d = opendir(src);
	if (!d) {
		fsimage_error(img, "'%s': %s", src, strerror(errno));
		return DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	struct dirent *e;
	db_status st = DB_S_OK;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		IsoNode *n;
		if (iso_dir_get_node(target, e->d_name, &n) == 1) {
			char *where = iso_tree_get_node_path((IsoNode *)target);
			fsimage_error(img, "'%s/%s' from '%s': the name already exists",
				      where && strcmp(where, "/") ? where : "", e->d_name, src);
			free(where);
			st = DB_IMAPI_E_DUP_NAME;
			break;
		}
	}
	closedir(d);
	return st;
}

/* Takes back what a failed AddTree added: the children of target that
 * are not in keep (the names it had before). */
static void undo_children(IsoDir *target, char **keep, size_t n_keep)
{
	IsoDirIter *it;
	if (iso_dir_get_children(target, &it) < 0)
		return;
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1) {
		bool kept = false;
		for (size_t i = 0; i < n_keep && !kept; i++)
			kept = strcmp(keep[i], iso_node_get_name(n)) == 0;
		if (!kept)
			iso_node_remove_tree(n, it);
	}
	iso_dir_iter_free(it);
}

static db_status names_of(IsoDir *dir, char ***out, size_t *n)
{
	int count = iso_dir_get_children_count(dir);
	*n = 0;
	*out = calloc(count > 0 ? (size_t)count : 1, sizeof(char *));
	if (!*out)
		return DB_E_OUTOFMEMORY;
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return DB_E_OUTOFMEMORY;
	IsoNode *node;
	while (iso_dir_iter_next(it, &node) == 1 && *n < (size_t)count)
		(*out)[(*n)++] = strdup(iso_node_get_name(node));
	iso_dir_iter_free(it);
	return DB_S_OK;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The local tree's contents into target (iso_tree_add_dir_rec), with the
 * clash check first and nothing left behind on failure. */
static db_status add_local_at(struct db_fs_image *img, IsoDir *parent, const char *leaf,
			      const char *local_in, const char *shown);

/* Over an imported session: the local tree merged into target, a new
 * item replacing an old one of the same name, a directory merged into an
 * old directory (growisofs -M's behaviour; libisofs's own replace modes
 * do not merge directories). */
static db_status merge_contents(struct db_fs_image *img, IsoDir *target, const char *src)
{
	DIR *d = opendir(src);
	if (!d) {
		fsimage_error(img, "'%s': %s", src, strerror(errno));
		return DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	db_status st = DB_S_OK;
	struct dirent *e;
	char path[PATH_MAX];
	while (db_succeeded(st) && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", src, e->d_name) >= sizeof(path)) {
			fsimage_error(img, "'%s/%s' is too long a path", src, e->d_name);
			st = DB_IMAPI_E_INVALID_PATH;
			break;
		}
		struct stat sb;
		if (lstat(path, &sb) != 0) {
			fsimage_error(img, "'%s': %s", path, strerror(errno));
			st = DB_IMAPI_E_DIRECTORY_READ_FAILURE;
			break;
		}
		if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode))
			continue; /* as AddTree: no devices, FIFOs, sockets */
		IsoNode *old;
		bool have = iso_dir_get_node(target, e->d_name, &old) == 1;
		if (have && S_ISDIR(sb.st_mode) && ISO_NODE_IS_DIR(old)) {
			st = merge_contents(img, (IsoDir *)old, path);
			continue;
		}
		if (have)
			iso_node_remove(old);
		st = add_local_at(img, target, e->d_name, path, path);
	}
	closedir(d);
	return st;
}

static db_status add_contents(struct db_fs_image *img, IsoDir *target, const char *src)
{
	if (img->imported)
		return merge_contents(img, target, src);
	db_status st = clash_check(img, target, src);
	if (db_failed(st))
		return st;
	char **keep;
	size_t n_keep;
	st = names_of(target, &keep, &n_keep);
	if (db_failed(st))
		return st;
	fsimage_take_msgs(img); /* older messages are not this tree's */
	img->error[0] = '\0';
	int ret = iso_tree_add_dir_rec(img->iso, target, src);
	/* A file that cannot be read is skipped by libisofs with a SORRY
	 * message (ISO_FILE_ACCESS_DENIED): here it fails AddTree, as IMAPI's
	 * does, naming the file. */
	bool complaints = fsimage_take_msgs(img);
	if (ret < 0 || complaints) {
		undo_children(target, keep, n_keep);
		if (!complaints)
			st = iso_status(img, ret, src);
		else
			st = ret == ISO_ERR(ISO_NODE_NAME_NOT_UNIQUE) ? DB_IMAPI_E_DUP_NAME
							    : DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	free_names(keep, n_keep);
	return st;
}

static const char *base_name(const char *path, char out[256])
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && path[b - 1] != '/')
		b--;
	size_t len = n - b < 255 ? n - b : 255;
	memcpy(out, path + b, len);
	out[len] = '\0';
	return out;
}

/* libisofs takes local paths absolute ("The absolute path of the file in
 * the local filesystem", iso_tree_add_new_node): a relative one is made so
 * from the working directory, without resolving symlinks (a symlink PATH
 * is added as the link). */
static db_status absolute(struct db_fs_image *img, const char *path, char out[PATH_MAX])
{
	if (path[0] == '/') {
		if (strlen(path) >= PATH_MAX)
			return DB_IMAPI_E_INVALID_PATH;
		strcpy(out, path);
		return DB_S_OK;
	}
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd))) {
		fsimage_error(img, "the working directory: %s", strerror(errno));
		return DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	if ((size_t)snprintf(out, PATH_MAX, "%s/%s", cwd, path) >= PATH_MAX) {
		fsimage_error(img, "'%s/%s' is too long a path", cwd, path);
		return DB_IMAPI_E_INVALID_PATH;
	}
	return DB_S_OK;
}

/* A local file, directory (with its tree) or symlink at parent/leaf. */
static db_status add_local_at(struct db_fs_image *img, IsoDir *parent, const char *leaf,
			      const char *local_in, const char *shown)
{
	char local[PATH_MAX];
	db_status ast = absolute(img, local_in, local);
	if (db_failed(ast))
		return ast;
	struct stat sb;
	if (lstat(local, &sb) != 0) {
		fsimage_error(img, "'%s': %s", local, strerror(errno));
		return errno == ENOENT ? DB_ERROR_FILE_NOT_FOUND : DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
		fsimage_error(img, "'%s' is not a file, directory or symlink", local);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	if (S_ISREG(sb.st_mode) && access(local, R_OK) != 0) {
		fsimage_error(img, "'%s': %s", local, strerror(errno));
		return DB_IMAPI_E_DATA_STREAM_CREATE_FAILURE;
	}
	IsoNode *node;
	int ret = iso_tree_add_new_node(img->iso, parent, leaf, local, &node);
	if (ret < 0)
		return iso_status(img, ret, shown);
	if (!S_ISDIR(sb.st_mode))
		return DB_S_OK;
	db_status st = add_contents(img, (IsoDir *)node, local);
	if (db_failed(st))
		iso_node_remove_tree(node, NULL);
	return st;
}

static db_status add_tree(struct db_fsi_item *dir, const char *source_directory,
			  bool include_base_directory)
{
	IsoDir *target;
	db_status st = as_dir(dir, &target);
	if (db_succeeded(st))
		st = writable(dir->img);
	if (db_succeeded(st) && !fsimage_in_tree(dir->img, dir->node)) {
		fsimage_error(dir->img, "directory '%s' is not in the image yet (Add it first)",
			      iso_node_get_name(dir->node));
		st = DB_IMAPI_E_NOT_IN_FILE_SYSTEM;
	}
	if (db_failed(st))
		return st;
	if (!source_directory)
		return DB_E_POINTER;
	struct db_fs_image *img = dir->img;
	struct stat sb;
	if (stat(source_directory, &sb) != 0) {
		fsimage_error(img, "'%s': %s", source_directory, strerror(errno));
		return DB_IMAPI_E_DIRECTORY_READ_FAILURE;
	}
	if (!S_ISDIR(sb.st_mode)) {
		fsimage_error(img, "'%s' is not a directory", source_directory);
		return DB_IMAPI_E_NOT_DIR;
	}
	if (!include_base_directory) {
		char abs[PATH_MAX];
		st = absolute(img, source_directory, abs);
		return db_succeeded(st) ? add_contents(img, target, abs) : st;
	}
	char leaf[256];
	base_name(source_directory, leaf);
	IsoNode *n;
	if (iso_dir_get_node(target, leaf, &n) == 1) {
		if (img->imported && ISO_NODE_IS_DIR(n)) {
			char abs[PATH_MAX];
			st = absolute(img, source_directory, abs);
			return db_succeeded(st) ? add_contents(img, (IsoDir *)n, abs) : st;
		}
		fsimage_error(img, "'%s': the name already exists", leaf);
		return DB_IMAPI_E_DUP_NAME;
	}
	return add_local_at(img, target, leaf, source_directory, leaf);
}

db_status db_fsi_directory_add_tree(struct db_fsi_item *dir, const char *source_directory,
				    bool include_base_directory)
{
	db_status st = add_tree(dir, source_directory, include_base_directory);
	if (db_succeeded(st))
		dir->img->changes++;
	return st;
}

db_status db_fsi_directory_add_local(struct db_fsi_item *dir, const char *path,
				     const char *local_path)
{
	if (!local_path)
		return DB_E_POINTER;
	IsoDir *parent;
	char leaf[256];
	db_status st = new_leaf(dir, path, &parent, leaf);
	if (db_failed(st))
		return st;
	st = add_local_at(dir->img, parent, leaf, local_path, path);
	if (db_succeeded(st))
		dir->img->changes++;
	return st;
}

static db_status find(struct db_fsi_item *dir, const char *path, IsoNode **out)
{
	IsoDir *d, *parent;
	char leaf[256];
	db_status st = as_dir(dir, &d);
	if (db_succeeded(st))
		st = walk(dir->img, d, path, &parent, leaf, out);
	if (db_succeeded(st) && !*out) {
		fsimage_error(dir->img, "'%s' is not in the image", path);
		st = DB_IMAPI_E_ITEM_NOT_FOUND;
	}
	return st;
}

db_status db_fsi_directory_remove(struct db_fsi_item *dir, const char *path)
{
	IsoNode *n;
	db_status st = writable(dir->img);
	if (db_succeeded(st))
		st = find(dir, path, &n);
	if (db_failed(st))
		return st;
	if (ISO_NODE_IS_DIR(n) && iso_dir_get_children_count((IsoDir *)n) > 0) {
		fsimage_error(dir->img, "'%s' is not empty (RemoveTree removes it)", path);
		return DB_IMAPI_E_DIR_NOT_EMPTY;
	}
	iso_node_remove(n);
	dir->img->changes++;
	return DB_S_OK;
}

db_status db_fsi_directory_remove_tree(struct db_fsi_item *dir, const char *path)
{
	IsoNode *n;
	db_status st = writable(dir->img);
	if (db_succeeded(st))
		st = find(dir, path, &n);
	if (db_failed(st))
		return st;
	if (!ISO_NODE_IS_DIR(n)) {
		fsimage_error(dir->img, "'%s' is not a directory", path);
		return DB_IMAPI_E_NOT_DIR;
	}
	iso_node_remove_tree(n, NULL);
	dir->img->changes++;
	return DB_S_OK;
}

db_status db_fsi_directory_get_item(struct db_fsi_item *dir, const char *path,
				    struct db_fsi_item **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	IsoNode *n;
	db_status st = find(dir, path, &n);
	if (db_failed(st))
		return st;
	*out = fsimage_item(dir->img, n);
	return *out ? DB_S_OK : DB_E_OUTOFMEMORY;
}

enum db_fsi_item_type db_fs_image_exists(struct db_fs_image *img, const char *full_path)
{
	IsoNode *n;
	if (db_failed(find(db_fs_image_get_root(img), full_path, &n)))
		return DB_FSI_ITEM_NOT_FOUND;
	return ISO_NODE_IS_DIR(n) ? DB_FSI_ITEM_DIRECTORY : DB_FSI_ITEM_FILE;
}

db_status db_fsi_directory_get_count(struct db_fsi_item *dir, int32_t *out)
{
	IsoDir *d;
	db_status st = as_dir(dir, &d);
	if (db_succeeded(st))
		*out = iso_dir_get_children_count(d);
	return st;
}

db_status db_fsi_directory_get_enum_fsi_items(struct db_fsi_item *dir,
					      struct db_fsi_item ***items, size_t *n)
{
	IsoDir *d;
	db_status st = as_dir(dir, &d);
	if (db_failed(st))
		return st;
	int count = iso_dir_get_children_count(d);
	*n = 0;
	*items = calloc(count > 0 ? (size_t)count : 1, sizeof(**items));
	if (!*items)
		return DB_E_OUTOFMEMORY;
	IsoDirIter *it;
	if (iso_dir_get_children(d, &it) < 0)
		return DB_E_OUTOFMEMORY;
	IsoNode *node;
	while (iso_dir_iter_next(it, &node) == 1 && *n < (size_t)count) {
		struct db_fsi_item *item = fsimage_item(dir->img, node);
		if (!item) {
			st = DB_E_OUTOFMEMORY;
			break;
		}
		(*items)[(*n)++] = item;
	}
	iso_dir_iter_free(it);
	return st;
}

/* ---- FsiItem / FsiFileItem ------------------------------------------------ */

bool db_fsi_item_is_directory(const struct db_fsi_item *item)
{
	return ISO_NODE_IS_DIR(item->node);
}

const char *db_fsi_item_get_name(const struct db_fsi_item *item)
{
	const char *n = iso_node_get_name(item->node);
	return n ? n : "";
}

db_status db_fsi_item_get_full_path(const struct db_fsi_item *item, char *buf, size_t cap)
{
	char *p = iso_tree_get_node_path(item->node);
	if (!p)
		return DB_E_OUTOFMEMORY;
	const char *shown = *p ? p : "/";
	db_status st = strlen(shown) < cap ? DB_S_OK : DB_E_INVALIDARG;
	if (db_succeeded(st))
		strcpy(buf, shown);
	free(p);
	return st;
}

time_t db_fsi_item_get_creation_time(const struct db_fsi_item *item)
{
	return iso_node_get_ctime(item->node);
}

time_t db_fsi_item_get_last_accessed_time(const struct db_fsi_item *item)
{
	return iso_node_get_atime(item->node);
}

time_t db_fsi_item_get_last_modified_time(const struct db_fsi_item *item)
{
	return iso_node_get_mtime(item->node);
}

db_status db_fsi_item_put_creation_time(struct db_fsi_item *item, time_t t)
{
	db_status st = writable(item->img);
	if (db_succeeded(st)) {
		iso_node_set_ctime(item->node, t);
		item->img->changes++;
	}
	return st;
}

db_status db_fsi_item_put_last_accessed_time(struct db_fsi_item *item, time_t t)
{
	db_status st = writable(item->img);
	if (db_succeeded(st)) {
		iso_node_set_atime(item->node, t);
		item->img->changes++;
	}
	return st;
}

db_status db_fsi_item_put_last_modified_time(struct db_fsi_item *item, time_t t)
{
	db_status st = writable(item->img);
	if (db_succeeded(st)) {
		iso_node_set_mtime(item->node, t);
		item->img->changes++;
	}
	return st;
}

db_status db_fsi_file_get_data_size(const struct db_fsi_item *file, int64_t *out)
{
	if (!file || !out)
		return DB_E_POINTER;
	if (!ISO_NODE_IS_FILE(file->node)) {
		fsimage_error(file->img, "'%s' is not a file", db_fsi_item_get_name(file));
		return DB_IMAPI_E_NOT_FILE;
	}
	*out = (int64_t)iso_file_get_size((IsoFile *)file->node);
	return DB_S_OK;
}

db_status db_fsi_file_get_data_size_32bit_low(const struct db_fsi_item *file, int32_t *out)
{
	int64_t size;
	db_status st = db_fsi_file_get_data_size(file, &size);
	if (db_succeeded(st))
		*out = (int32_t)(uint32_t)((uint64_t)size & 0xFFFFFFFFu);
	return st;
}

db_status db_fsi_file_get_data_size_32bit_high(const struct db_fsi_item *file, int32_t *out)
{
	int64_t size;
	db_status st = db_fsi_file_get_data_size(file, &size);
	if (db_succeeded(st))
		*out = (int32_t)(uint32_t)((uint64_t)size >> 32);
	return st;
}

db_status db_fsi_file_get_fsi_named_streams(const struct db_fsi_item *file, void **out)
{
	if (out)
		*out = NULL;
	if (file)
		fsimage_error(file->img, "named streams exist in UDF 2.00 and later only, and "
					 "UDF is not written yet");
	return DB_E_NOTIMPL;
}
