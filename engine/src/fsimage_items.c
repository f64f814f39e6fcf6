/* FileSystemImage's detached items (CreateDirectoryItem, CreateFileItem,
 * IFsiDirectoryItem::Add), IsHidden, a file's Data, and the members whose
 * answer is "UDF is not written yet" (named streams, IsRealTime,
 * UDFRevision and friends) or that answer questions about an import
 * (GetDefaultFileSystemForImport, ImportedVolumeName). */
#include <stdlib.h>
#include <string.h>

#include "discburn/format2data.h"
#include "fsimage_internal.h"

/* ---- detached items ------------------------------------------------------ */

static bool is_detached(struct db_fs_image *img, IsoNode *n, size_t *at)
{
	for (size_t i = 0; i < img->n_detached; i++)
		if (img->detached[i] == n) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}

void fsimage_items_free(struct db_fs_image *img)
{
	for (size_t i = 0; i < img->n_detached; i++)
		iso_node_unref(img->detached[i]);
	free(img->detached);
	img->detached = NULL;
	img->n_detached = img->cap_detached = 0;
}

static db_status keep_detached(struct db_fs_image *img, IsoNode *n)
{
	if (img->n_detached == img->cap_detached) {
		size_t cap = img->cap_detached ? img->cap_detached * 2 : 8;
		IsoNode **bigger = realloc(img->detached, cap * sizeof(*bigger));
		if (!bigger)
			return DB_E_OUTOFMEMORY;
		img->detached = bigger;
		img->cap_detached = cap;
	}
	img->detached[img->n_detached++] = n;
	return DB_S_OK;
}

/* The name rules of a path component, as IMAPI_E_INVALID_PARAM: the
 * CreateFileItem / CreateDirectoryItem code for "the provided name is not
 * valid". */
static db_status created_name(struct db_fs_image *img, const char *name)
{
	if (!name)
		return DB_E_POINTER;
	size_t n = strlen(name);
	if (db_failed(fsimage_check_name(img, name, name, n)) || memchr(name, '/', n)) {
		fsimage_error(img, "'%s' is no item name (one component: not empty, '.', '..', "
				   "no '/', at most 255 bytes)", name);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	return DB_S_OK;
}

/* A node made in detached_home under a name no other node there has, then
 * taken out of it (iso_node_take: the reference is ours) and renamed. */
static db_status detach(struct db_fs_image *img, IsoNode *n, const char *name, mode_t mode,
			struct db_fsi_item **out)
{
	iso_node_take(n);
	if (iso_node_set_name(n, name) < 0) {
		iso_node_unref(n);
		fsimage_error(img, "'%s': a name libisofs cannot hold", name);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	fsimage_stamp(n, mode);
	db_status st = keep_detached(img, n);
	if (db_failed(st)) {
		iso_node_unref(n);
		return st;
	}
	*out = fsimage_item(img, n);
	return *out ? DB_S_OK : DB_E_OUTOFMEMORY;
}

db_status db_fs_image_create_directory_item(struct db_fs_image *img, const char *name,
					    struct db_fsi_item **out)
{
	if (!img || !out)
		return DB_E_POINTER;
	*out = NULL;
	db_status st = created_name(img, name);
	if (db_failed(st))
		return st;
	IsoDir *d;
	if (iso_image_add_new_dir(img->iso, img->detached_home, "new", &d) < 0)
		return DB_E_OUTOFMEMORY;
	return detach(img, (IsoNode *)d, name, 0755, out);
}

db_status db_fs_image_create_file_item(struct db_fs_image *img, const char *name,
				       struct db_fsi_item **out)
{
	if (!img || !out)
		return DB_E_POINTER;
	*out = NULL;
	db_status st = created_name(img, name);
	if (db_failed(st))
		return st;
	/* Empty until put_Data: a memory stream of no bytes. */
	unsigned char *none = malloc(1);
	IsoStream *is;
	if (!none || iso_memory_stream_new(none, 0, &is) < 0) {
		free(none);
		return DB_E_OUTOFMEMORY;
	}
	IsoFile *f;
	if (iso_image_add_new_file(img->iso, img->detached_home, "new", is, &f) < 0) {
		iso_stream_unref(is);
		return DB_E_OUTOFMEMORY;
	}
	return detach(img, (IsoNode *)f, name, 0644, out);
}

db_status db_fsi_directory_add(struct db_fsi_item *dir, struct db_fsi_item *item)
{
	if (!dir || !item)
		return DB_E_POINTER;
	struct db_fs_image *img = dir->img;
	if (!ISO_NODE_IS_DIR(dir->node)) {
		fsimage_error(img, "'%s' is not a directory", iso_node_get_name(dir->node));
		return DB_IMAPI_E_NOT_DIR;
	}
	db_status st = fsimage_writable(img);
	if (db_failed(st))
		return st;
	if (!fsimage_in_tree(img, dir->node)) {
		fsimage_error(img, "directory '%s' is not in the image yet (Add it first)",
			      iso_node_get_name(dir->node));
		return DB_IMAPI_E_NOT_IN_FILE_SYSTEM;
	}
	size_t at;
	if (item->img != img || !is_detached(img, item->node, &at)) {
		fsimage_error(img, "'%s' is no item made by CreateDirectoryItem / CreateFileItem "
				   "of this image and not yet added",
			      iso_node_get_name(item->node));
		return DB_IMAPI_E_INVALID_PARAM;
	}
	const char *name = iso_node_get_name(item->node);
	IsoNode *old;
	if (iso_dir_get_node((IsoDir *)dir->node, name, &old) == 1) {
		/* Over an imported session an added file replaces the old one,
		 * as AddFile does there. */
		if (img->imported && !ISO_NODE_IS_DIR(old) && !ISO_NODE_IS_DIR(item->node)) {
			iso_node_remove(old);
		} else {
			fsimage_error(img, "'%s': the name already exists", name);
			return DB_IMAPI_E_DUP_NAME;
		}
	}
	/* The directory takes our reference (iso_dir_add_node). */
	if (iso_dir_add_node((IsoDir *)dir->node, item->node, ISO_REPLACE_NEVER) < 0) {
		fsimage_error(img, "'%s': libisofs would not add it", name);
		return DB_IMAPI_E_FSI_INTERNAL_ERROR;
	}
	img->detached[at] = img->detached[--img->n_detached];
	img->changes++;
	return DB_S_OK;
}

/* ---- IsHidden ------------------------------------------------------------ */

#define HIDE_ALL (LIBISO_HIDE_ON_RR | LIBISO_HIDE_ON_JOLIET | LIBISO_HIDE_ON_1999)

db_status db_fsi_item_get_is_hidden(const struct db_fsi_item *item, bool *out)
{
	if (!item || !out)
		return DB_E_POINTER;
	*out = (iso_node_get_hidden(item->node) & HIDE_ALL) == HIDE_ALL;
	return DB_S_OK;
}

db_status db_fsi_item_put_is_hidden(struct db_fsi_item *item, bool hidden)
{
	if (!item)
		return DB_E_POINTER;
	db_status st = fsimage_writable(item->img);
	if (db_failed(st))
		return st;
	if (item->node == (IsoNode *)iso_image_get_root(item->img->iso)) {
		fsimage_error(item->img, "the root directory cannot be hidden");
		return DB_IMAPI_E_INVALID_PARAM;
	}
	iso_node_set_hidden(item->node, hidden ? HIDE_ALL : 0);
	item->img->changes++;
	return DB_S_OK;
}

/* ---- Data ---------------------------------------------------------------- */

/* A db_stream reading an IsoStream (its own reference to it). */
struct data_ctx {
	IsoStream *is;
	int64_t size, pos;
	bool open, eof;
};

static db_status data_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct data_ctx *c = s->ctx;
	*got = 0;
	*eof = c->eof;
	if (c->eof || len == 0)
		return DB_S_OK;
	if (len > (1u << 30))
		len = 1u << 30; /* iso_stream_read returns an int */
	int n = iso_stream_read(c->is, buf, len);
	if (n < 0)
		return DB_IMAPI_E_DATA_STREAM_READ_FAILURE;
	*got = (size_t)n;
	c->pos += n;
	/* A short read need not be the end: the end is the size, or nothing. */
	if (n == 0 || c->pos >= c->size)
		c->eof = *eof = true;
	return DB_S_OK;
}

static void data_close(struct db_stream *s)
{
	struct data_ctx *c = s->ctx;
	if (c->open)
		iso_stream_close(c->is);
	iso_stream_unref(c->is);
	free(c);
	db_stream_free(s);
}

static const struct db_stream_ops data_ops = {
	.read = data_read,
	.close = data_close,
};

static db_status as_file(const struct db_fsi_item *file)
{
	if (!file)
		return DB_E_POINTER;
	if (!ISO_NODE_IS_FILE(file->node)) {
		fsimage_error(file->img, "'%s' is not a file", iso_node_get_name(file->node));
		return DB_IMAPI_E_NOT_FILE;
	}
	return DB_S_OK;
}

db_status db_fsi_file_get_data(const struct db_fsi_item *file, struct db_stream **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = NULL;
	db_status st = as_file(file);
	if (db_failed(st))
		return st;
	struct db_fs_image *img = file->img;
	/* libisofs's writer reads the same IsoStream while a result lives. */
	st = fsimage_writable(img);
	if (db_failed(st))
		return st;
	IsoStream *is = iso_file_get_stream((IsoFile *)file->node);
	st = fsimage_stream_rewind(is);
	if (db_failed(st)) {
		fsimage_error(img, "'%s': its stream was read before and cannot seek back",
			      iso_node_get_name(file->node));
		return DB_IMAPI_E_DATA_STREAM_READ_FAILURE;
	}
	struct data_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return DB_E_OUTOFMEMORY;
	if (iso_stream_open(is) < 0) {
		free(c);
		fsimage_error(img, "'%s': its data cannot be opened", iso_node_get_name(file->node));
		return DB_IMAPI_E_DATA_STREAM_CREATE_FAILURE;
	}
	iso_stream_ref(is);
	c->is = is;
	c->open = true;
	c->size = (int64_t)iso_stream_get_size(is);
	st = db_stream_create(&data_ops, c, (int64_t)iso_stream_get_size(is), out);
	if (db_failed(st)) {
		iso_stream_close(is);
		iso_stream_unref(is);
		free(c);
	}
	return st;
}

/* libisofs has no setter of a file's stream: the detached file is made
 * anew with the stream and takes the old one's name, attributes and item
 * (the caller's pointer stays valid). */
db_status db_fsi_file_put_data(struct db_fsi_item *file, struct db_stream *data)
{
	db_status st = as_file(file);
	if (db_failed(st))
		return st;
	if (!data)
		return DB_E_POINTER;
	struct db_fs_image *img = file->img;
	size_t at;
	if (!is_detached(img, file->node, &at)) {
		fsimage_error(img, "'%s' is in the image: its data is read-only (put the data "
				   "before Add, or replace the file)",
			      iso_node_get_name(file->node));
		return DB_IMAPI_E_READONLY;
	}
	if (db_stream_size(data) < 0) {
		fsimage_error(img, "'%s': the stream's size is unknown (a pipe)",
			      iso_node_get_name(file->node));
		return DB_IMAPI_E_DATA_STREAM_CREATE_FAILURE;
	}
	IsoStream *is;
	st = fsimage_stream_new(img, data, &is);
	if (db_failed(st))
		return st;
	IsoFile *nf;
	if (iso_image_add_new_file(img->iso, img->detached_home, "new", is, &nf) < 0) {
		fsimage_stream_release(is);
		return DB_E_OUTOFMEMORY;
	}
	IsoNode *old = file->node, *n = (IsoNode *)nf;
	iso_node_take(n);
	if (iso_node_set_name(n, iso_node_get_name(old)) < 0) {
		iso_node_unref(n);
		return DB_E_OUTOFMEMORY;
	}
	iso_node_set_permissions(n, iso_node_get_permissions(old));
	iso_node_set_uid(n, iso_node_get_uid(old));
	iso_node_set_gid(n, iso_node_get_gid(old));
	iso_node_set_mtime(n, iso_node_get_mtime(old));
	iso_node_set_atime(n, iso_node_get_atime(old));
	iso_node_set_ctime(n, iso_node_get_ctime(old));
	iso_node_set_hidden(n, iso_node_get_hidden(old));
	/* The item moves to the new node; the old node (and its stream) go. */
	if (iso_node_add_xinfo(n, fsimage_item_xinfo, file) != 1) {
		iso_node_unref(n);
		return DB_E_OUTOFMEMORY;
	}
	file->moving = true;
	iso_node_remove_xinfo(old, fsimage_item_xinfo);
	file->node = n;
	img->detached[at] = n;
	iso_node_unref(old);
	return DB_S_OK;
}

/* ---- UDF-only members ------------------------------------------------------ */

static db_status no_udf(struct db_fs_image *img, const char *what)
{
	if (img)
		fsimage_error(img, "%s: UDF is not written yet (only ISO 9660 and Joliet)", what);
	return DB_IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED;
}

db_status db_fsi_file_get_is_real_time(const struct db_fsi_item *file, bool *out)
{
	if (!out)
		return DB_E_POINTER;
	*out = false;
	return as_file(file);
}

db_status db_fsi_file_put_is_real_time(struct db_fsi_item *file, bool on)
{
	db_status st = as_file(file);
	if (db_failed(st) || !on)
		return st;
	return no_udf(file->img, "IsRealTime (a UDF file attribute)");
}

db_status db_fsi_file_get_is_named_stream(const struct db_fsi_item *file, bool *out)
{
	if (!out)
		return DB_E_POINTER;
	*out = false;
	return as_file(file);
}

db_status db_fsi_file_add_stream(struct db_fsi_item *file, const char *name,
				 struct db_stream *data)
{
	(void)name;
	(void)data;
	return db_fsi_file_get_fsi_named_streams(file, NULL);
}

db_status db_fsi_file_remove_stream(struct db_fsi_item *file, const char *name)
{
	(void)name;
	return db_fsi_file_get_fsi_named_streams(file, NULL);
}

db_status db_fsi_directory_add_tree_with_named_streams(struct db_fsi_item *dir,
						       const char *source_directory,
						       bool include_base_directory)
{
	return db_fsi_directory_add_tree(dir, source_directory, include_base_directory);
}

db_status db_fs_image_get_udf_revision(const struct db_fs_image *img, int32_t *out)
{
	(void)img;
	if (!out)
		return DB_E_POINTER;
	*out = 0;
	return DB_S_OK;
}

db_status db_fs_image_put_udf_revision(struct db_fs_image *img, int32_t revision)
{
	(void)revision;
	return no_udf(img, "UDFRevision");
}

db_status db_fs_image_get_udf_revisions_supported(const struct db_fs_image *img, int32_t *out,
						  size_t cap, size_t *n)
{
	(void)img;
	(void)out;
	(void)cap;
	if (!n)
		return DB_E_POINTER;
	*n = 0;
	return DB_S_OK;
}

const char *db_fs_image_get_volume_name_udf(const struct db_fs_image *img)
{
	(void)img;
	return "";
}

db_status db_fs_image_get_create_redundant_udf_metadata_files(const struct db_fs_image *img,
							      bool *out)
{
	(void)img;
	if (!out)
		return DB_E_POINTER;
	*out = false;
	return DB_S_OK;
}

db_status db_fs_image_put_create_redundant_udf_metadata_files(struct db_fs_image *img, bool on)
{
	return on ? no_udf(img, "CreateRedundantUdfMetadataFiles") : DB_S_OK;
}

/* ---- import questions ------------------------------------------------------ */

db_status db_fs_image_get_default_file_system_for_import(const struct db_fs_image *img,
							 uint32_t file_systems, uint32_t *out)
{
	(void)img;
	if (!out)
		return DB_E_POINTER;
	*out = DB_FSI_FILE_SYSTEM_NONE;
	static const uint32_t order[] = {DB_FSI_FILE_SYSTEM_UDF, DB_FSI_FILE_SYSTEM_JOLIET,
					 DB_FSI_FILE_SYSTEM_ISO9660};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (file_systems & order[i]) {
			*out = order[i];
			return DB_S_OK;
		}
	return DB_IMAPI_E_INVALID_PARAM;
}

const char *db_fs_image_get_imported_volume_name(const struct db_fs_image *img)
{
	return img ? img->imported_volume : "";
}

db_status db_fs_image_set_max_media_blocks_from_device(struct db_fs_image *img,
						       struct db_recorder *r)
{
	if (!img || !r)
		return DB_E_POINTER;
	struct db_format2data *f;
	db_status st = db_format2data_create(&f);
	if (db_failed(st))
		return st;
	int32_t free_sectors = 0;
	st = db_format2data_put_recorder(f, r);
	if (db_succeeded(st))
		st = db_format2data_get_free_sectors_on_media(f, &free_sectors);
	db_format2data_destroy(f);
	if (db_failed(st)) {
		fsimage_error(img, "the free sectors of the medium: %s", db_status_name(st));
		return st;
	}
	img->free_blocks = free_sectors;
	return DB_S_OK;
}
