/* CreateResultImage and FileSystemImageResult: libisofs's writer thread
 * produces the image into its ring buffer (iso_image_create_burn_source);
 * the result's db_stream reads it from there, so the image is never on
 * disk and its size (TotalBlocks) is known before the first byte. Also
 * the IsoStream class that feeds AddFile's db_streams to libisofs. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsimage_internal.h"

/* ---- AddFile's data: an IsoStream on a db_stream ----------------------- */

/* The db_stream and what is known of its position, shared by an
 * IsoStream and its clones (a change point's copy of the tree). */
struct dbs_shared {
	struct db_stream *s;
	int refs;
	bool keep; /* released by a failed AddFile: not closed */
	bool used; /* read by a result: a db_stream cannot be read again */
};

struct dbs {
	struct db_fs_image *img;
	struct dbs_shared *sh;
	struct db_stream *s; /* sh->s */
	off_t size;
	off_t pos; /* bytes delivered */
	ino_t ino;
};

static int dbs_open(IsoStream *is)
{
	(void)is;
	return ISO_SUCCESS;
}

static int dbs_close(IsoStream *is)
{
	(void)is;
	return ISO_SUCCESS;
}

static off_t dbs_get_size(IsoStream *is)
{
	return ((struct dbs *)is->data)->size;
}

/* libisofs wants count bytes or the end: a db_stream may return short
 * reads (and none, for a while, from a slow pipe), so loop. A stream that
 * ends before its size, or fails, marks the image: libisofs itself would
 * pad the file with zeros and go on, and IMAPI fails such an image with
 * IMAPI_E_DATA_STREAM_INCONSISTENCY / READ_FAILURE. */
static int dbs_read(IsoStream *is, void *buf, size_t count)
{
	struct dbs *d = is->data;
	size_t done = 0;
	d->sh->used = true;
	while (done < count) {
		size_t got = 0;
		bool eof = false;
		db_status st = db_stream_read(d->s, (char *)buf + done, count - done, &got, &eof);
		if (db_failed(st)) {
			d->img->data_error = DB_IMAPI_E_DATA_STREAM_READ_FAILURE;
			return ISO_FILE_READ_ERROR;
		}
		done += got;
		if (eof)
			break;
	}
	d->pos += (off_t)done;
	/* A short read is the end; the data must then be the size given,
	 * and never more than it. */
	if ((done < count && d->pos != d->size) || d->pos > d->size) {
		d->img->data_error = DB_IMAPI_E_DATA_STREAM_INCONSISTENCY;
		return ISO_FILE_READ_ERROR;
	}
	return (int)done;
}

static int dbs_is_repeatable(IsoStream *is)
{
	(void)is;
	return 0; /* read once, as the image is written */
}

static void dbs_get_id(IsoStream *is, unsigned int *fs_id, dev_t *dev_id, ino_t *ino_id)
{
	/* libisofs.h: "If you use [serial_id], both fs_id and dev_id should
	 * be set to 0." */
	*fs_id = 0;
	*dev_id = 0;
	*ino_id = ((struct dbs *)is->data)->ino;
}

static void dbs_free(IsoStream *is)
{
	struct dbs *d = is->data;
	if (--d->sh->refs == 0) {
		if (!d->sh->keep)
			db_stream_close(d->s);
		free(d->sh);
	}
	free(d);
}

static int dbs_update_size(IsoStream *is)
{
	(void)is;
	return ISO_SUCCESS;
}

static IsoStream *dbs_get_input_stream(IsoStream *is, int flag)
{
	(void)is;
	(void)flag;
	return NULL; /* no filter: the data itself */
}

static int dbs_cmp_ino(IsoStream *a, IsoStream *b)
{
	/* libisofs.h: bit0 of iso_stream_cmp_ino keeps it from calling this
	 * class's cmp_ino again. */
	return iso_stream_cmp_ino(a, b, 1);
}

static int dbs_clone_stream(IsoStream *old_stream, IsoStream **new_stream, int flag);

static IsoStreamIface dbs_class = {
	.version = 4, /* clone_stream: a change point copies the tree */
	.type = "user",
	.open = dbs_open,
	.close = dbs_close,
	.get_size = dbs_get_size,
	.read = dbs_read,
	.is_repeatable = dbs_is_repeatable,
	.get_id = dbs_get_id,
	.free = dbs_free,
	.update_size = dbs_update_size,
	.get_input_stream = dbs_get_input_stream,
	.cmp_ino = dbs_cmp_ino,
	.clone_stream = dbs_clone_stream,
};

/* The clone reads the same db_stream (one of the two is in the tree at a
 * time: the live tree or a change point's copy); same inode, so both are
 * one file to libisofs. */
static int dbs_clone_stream(IsoStream *old_stream, IsoStream **new_stream, int flag)
{
	if (flag)
		return ISO_ERR(ISO_STREAM_NO_CLONE);
	struct dbs *old = old_stream->data;
	IsoStream *is = calloc(1, sizeof(*is));
	struct dbs *d = calloc(1, sizeof(*d));
	if (!is || !d) {
		free(is);
		free(d);
		return ISO_ERR(ISO_OUT_OF_MEM);
	}
	*d = *old;
	d->sh->refs++;
	is->class = &dbs_class;
	is->refcount = 1;
	is->data = d;
	*new_stream = is;
	return ISO_SUCCESS;
}

db_status fsimage_stream_new(struct db_fs_image *img, struct db_stream *s, IsoStream **out)
{
	IsoStream *is = calloc(1, sizeof(*is));
	struct dbs *d = calloc(1, sizeof(*d));
	struct dbs_shared *sh = calloc(1, sizeof(*sh));
	if (!is || !d || !sh) {
		free(is);
		free(d);
		free(sh);
		return DB_E_OUTOFMEMORY;
	}
	sh->s = s;
	sh->refs = 1;
	d->sh = sh;
	d->img = img;
	d->s = s;
	d->size = (off_t)db_stream_size(s);
	d->ino = serial_id++;
	is->class = &dbs_class;
	is->refcount = 1;
	is->data = d;
	*out = is;
	return DB_S_OK;
}

db_status fsimage_stream_rewind(IsoStream *is)
{
	if (is->class != &dbs_class)
		return DB_S_OK;
	struct dbs *d = is->data;
	if (d->sh->used) {
		db_status st = db_stream_seek(d->s, 0, DB_STREAM_SEEK_SET, NULL);
		if (db_failed(st))
			return st;
		d->sh->used = false;
	}
	d->pos = 0;
	return DB_S_OK;
}

void fsimage_stream_release(IsoStream *is)
{
	((struct dbs *)is->data)->sh->keep = true;
	iso_stream_unref(is);
}

/* ---- the result ---------------------------------------------------------- */

struct db_fs_image_result {
	struct db_fs_image *img;
	struct burn_source *bs;
	struct db_stream *stream;
	int64_t total, done; /* bytes */
	/* A read smaller than a block: the block is read whole (libisofs's
	 * ring buffer hands out what is asked or the end) and served from
	 * here. */
	unsigned char part[DB_FS_IMAGE_BLOCK_SIZE];
	size_t part_len, part_off;
};

static db_status stream_failure(struct db_fs_image_result *r, db_status st)
{
	if (!fsimage_take_msgs(r->img) && !r->img->error[0])
		fsimage_error(r->img, "the image could not be produced");
	return st;
}

static db_status result_read(struct db_stream *s, void *buf, size_t len, size_t *got,
			     bool *eof)
{
	struct db_fs_image_result *r = s->ctx;
	*got = 0;
	*eof = false;
	if (r->img->data_error)
		return stream_failure(r, r->img->data_error);
	unsigned char *out = buf;
	if (r->part_off < r->part_len) {
		size_t n = r->part_len - r->part_off;
		if (n > len)
			n = len;
		memcpy(out, r->part + r->part_off, n);
		r->part_off += n;
		*got = n;
		return DB_S_OK;
	}
	int64_t left = r->total - r->done;
	if (left <= 0) {
		*eof = true;
		return DB_S_OK;
	}
	size_t want = len < (uint64_t)left ? len : (size_t)left;
	/* Whole blocks straight into buf (at most 1 GiB a call: read_xt
	 * takes an int). */
	size_t whole = want / DB_FS_IMAGE_BLOCK_SIZE * DB_FS_IMAGE_BLOCK_SIZE;
	if (whole > (1u << 30))
		whole = 1u << 30;
	if (whole) {
		int n = r->bs->read_xt(r->bs, out, (int)whole);
		if (n != (int)whole)
			return stream_failure(r, DB_IMAPI_E_DATA_STREAM_READ_FAILURE);
		r->done += n;
		*got = whole;
	} else {
		int n = r->bs->read_xt(r->bs, r->part, DB_FS_IMAGE_BLOCK_SIZE);
		if (n != DB_FS_IMAGE_BLOCK_SIZE)
			return stream_failure(r, DB_IMAPI_E_DATA_STREAM_READ_FAILURE);
		r->done += n;
		r->part_len = DB_FS_IMAGE_BLOCK_SIZE;
		r->part_off = want;
		memcpy(out, r->part, want);
		*got = want;
	}
	/* A file whose stream went wrong while this data was produced. */
	if (r->img->data_error)
		return stream_failure(r, r->img->data_error);
	*eof = r->done >= r->total && r->part_off >= r->part_len;
	return DB_S_OK;
}

/* The stream belongs to the result: closing it does nothing. */
static void result_stream_close(struct db_stream *s)
{
	(void)s;
}

static const struct db_stream_ops result_ops = {
	.read = result_read,
	.close = result_stream_close,
};

/* A source not read to its end has its writer stopped (libisofs.h,
 * iso_image_create_burn_source: "the .cancel() method of the burn_source
 * must be called"); then the last reference goes the way libburn's
 * burn_source_free() does it: free_data (which joins the writer), then
 * the struct. */
static void free_source(struct burn_source *bs, bool cancel)
{
	if (cancel && bs->cancel)
		bs->cancel(bs);
	if (--bs->refcount <= 0) {
		if (bs->free_data)
			bs->free_data(bs);
		free(bs);
	}
}

/* Directory levels (ECMA-119 6.8.2.1: "The number of levels in the
 * Directory Hierarchy shall not exceed eight", the root being level 1). */
static int deepest(IsoDir *dir, int level)
{
	int max = level;
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return max;
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1)
		if (ISO_NODE_IS_DIR(n)) {
			int d = deepest((IsoDir *)n, level + 1);
			if (d > max)
				max = d;
		}
	iso_dir_iter_free(it);
	return max;
}

/* The first file of 4 GiB or more: below level 3 a file is one extent,
 * whose size field is 32 bits (ECMA-119 9.1.4; level 3 allows a file of
 * several extents, 7.3.3 / 10.3). libisofs refuses it too, with a message;
 * IMAPI's code for it is IMAPI_E_DATA_TOO_BIG. */
static IsoNode *too_big(IsoDir *dir)
{
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return NULL;
	IsoNode *n, *found = NULL;
	while (!found && iso_dir_iter_next(it, &n) == 1) {
		if (ISO_NODE_IS_DIR(n))
			found = too_big((IsoDir *)n);
		else if (ISO_NODE_IS_FILE(n) && iso_file_get_size((IsoFile *)n) >= (off_t)1 << 32)
			found = n;
	}
	iso_dir_iter_free(it);
	return found;
}

/* The AddFile streams an earlier result read are sought back to their
 * start (IStream::Seek, db_stream_seek) before the writer starts; the
 * first that cannot seek (a pipe) is returned: its data is gone, which
 * is said now rather than found out in the middle of the image. */
static IsoNode *stream_used(IsoDir *dir)
{
	IsoDirIter *it;
	if (iso_dir_get_children(dir, &it) < 0)
		return NULL;
	IsoNode *n, *found = NULL;
	while (!found && iso_dir_iter_next(it, &n) == 1) {
		if (ISO_NODE_IS_DIR(n)) {
			found = stream_used((IsoDir *)n);
		} else if (ISO_NODE_IS_FILE(n)) {
			IsoStream *is = iso_file_get_stream((IsoFile *)n);
			struct dbs *d = is && is->class == &dbs_class ? is->data : NULL;
			if (d && d->sh->used) {
				if (db_failed(fsimage_stream_rewind(is)))
					found = n;
			}
		}
	}
	iso_dir_iter_free(it);
	return found;
}

static void default_volume_name(struct db_fs_image *img)
{
	/* "If you do not specify a volume name, a default volume name is
	 * generated using the system date and time when the result object is
	 * created" (put_VolumeName). YYYYMMDD_HHMM: 13 characters, valid for
	 * ISO 9660 alone too. */
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(img->volume_name, sizeof(img->volume_name), "%Y%m%d_%H%M", &tm);
}

static db_status make_opts(struct db_fs_image *img, IsoWriteOpts **out)
{
	IsoWriteOpts *o;
	/* Profile 0: basic ISO 9660, every extension set below. */
	if (iso_write_opts_new(&o, 0) < 0)
		return DB_E_OUTOFMEMORY;
	iso_write_opts_set_iso_level(o, (int)img->level);
	iso_write_opts_set_rockridge(o, img->rock_ridge);
	iso_write_opts_set_joliet(o, (img->fs & DB_FSI_FILE_SYSTEM_JOLIET) != 0);
	if (img->rock_ridge)
		/* Hard links (same device and inode) get one inode number in
		 * the RRIP 1.12 PX entry; their data is written once. */
		iso_write_opts_set_hardlinks(o, 1);
	/* Files are read in tree order, not sorted by weight or LBA. */
	iso_write_opts_set_sort_files(o, 0);
	if (img->imported)
		/* A session after the imported one: its own volume descriptors
		 * at ms_block + 16, addresses counted from the disc's LBA 0,
		 * the old files' data not written again. */
		iso_write_opts_set_appendable(o, 1);
	if (img->start_block > 0)
		iso_write_opts_set_ms_block(o, (uint32_t)img->start_block);
	if (img->overwrite)
		/* libisofs.h: "the first 64 KiB of the media have to be
		 * overwritten by the buffer content after the session was
		 * written" (iso_write_opts_set_overwrite_buf). */
		iso_write_opts_set_overwrite_buf(o, img->overwrite_buf);
	*out = o;
	return DB_S_OK;
}

db_status db_fs_image_create_result_image(struct db_fs_image *img,
					  struct db_fs_image_result **out)
{
	if (!img || !out)
		return DB_E_POINTER;
	*out = NULL;
	if (img->result) {
		fsimage_error(img, "a result image of this tree is still being read");
		return DB_IMAPI_E_READONLY;
	}
	img->error[0] = '\0';
	if (!(img->fs & (DB_FSI_FILE_SYSTEM_ISO9660 | DB_FSI_FILE_SYSTEM_JOLIET))) {
		fsimage_error(img, "FileSystemsToCreate is none");
		return DB_IMAPI_E_NO_OUTPUT;
	}
	if (!img->rock_ridge) {
		int levels = deepest(iso_image_get_root(img->iso), 1);
		if (levels > 8) {
			fsimage_error(img, "the tree has %d directory levels; ISO 9660 allows 8 "
					   "without Rock Ridge's relocation", levels);
			return DB_IMAPI_E_ISO9660_LEVELS;
		}
	}
	IsoNode *big = img->level < 3 ? too_big(iso_image_get_root(img->iso)) : NULL;
	if (big) {
		char *where = iso_tree_get_node_path(big);
		fsimage_error(img, "'%s' is 4 GiB or larger: ISO 9660 level 3 is needed for it "
				   "(level %u now)", where ? where : iso_node_get_name(big), img->level);
		free(where);
		return DB_IMAPI_E_DATA_TOO_BIG;
	}
	IsoNode *used = stream_used(iso_image_get_root(img->iso));
	if (used) {
		char *where = iso_tree_get_node_path(used);
		fsimage_error(img, "'%s': its stream was read by an earlier result image and "
				   "cannot seek back (a pipe)", where ? where : iso_node_get_name(used));
		free(where);
		return DB_IMAPI_E_DATA_STREAM_READ_FAILURE;
	}
	if (!img->volume_set)
		default_volume_name(img);
	iso_image_set_volume_id(img->iso, img->volume_name);
	iso_image_set_application_id(img->iso, "DISCBURN");
	iso_image_set_data_preparer_id(img->iso, "DISCBURN WITH LIBISOFS");
	IsoWriteOpts *opts;
	db_status st = make_opts(img, &opts);
	if (db_failed(st))
		return st;
	st = fsimage_boot_prepare(img);
	if (db_failed(st)) {
		iso_write_opts_free(opts);
		return st;
	}
	struct db_fs_image_result *r = calloc(1, sizeof(*r));
	if (!r) {
		iso_write_opts_free(opts);
		fsimage_boot_cleanup(img);
		return DB_E_OUTOFMEMORY;
	}
	r->img = img;
	img->data_error = DB_S_OK;
	fsimage_take_msgs(img);
	img->error[0] = '\0';
	/* The size first, from a source whose writer never starts
	 * (iso_write_opts_set_will_cancel): a refused image must not have
	 * read any file, since an AddFile stream reads only once. */
	struct burn_source *probe;
	iso_write_opts_set_will_cancel(opts, 1);
	int ret = iso_image_create_burn_source(img->iso, opts, &probe);
	if (ret >= 0) {
		r->total = (int64_t)probe->get_size(probe);
		free_source(probe, true);
		int64_t blocks = r->total / DB_FS_IMAGE_BLOCK_SIZE;
		if ((img->free_blocks > 0 && blocks > img->free_blocks) || blocks > INT32_MAX) {
			fsimage_error(img, "the image needs %lld blocks, FreeMediaBlocks is %d",
				      (long long)blocks, img->free_blocks);
			iso_write_opts_free(opts);
			free(r);
			fsimage_boot_cleanup(img);
			return DB_IMAPI_E_IMAGE_TOO_BIG;
		}
		iso_write_opts_set_will_cancel(opts, 0);
		ret = iso_image_create_burn_source(img->iso, opts, &r->bs);
	}
	iso_write_opts_free(opts);
	if (ret < 0) {
		free(r);
		fsimage_boot_cleanup(img);
		if (!fsimage_take_msgs(img))
			fsimage_error(img, "libisofs could not start the image: error 0x%X",
				      (unsigned)ret);
		return DB_IMAPI_E_FSI_INTERNAL_ERROR;
	}
	img->result = r;
	/* The writer's layout is the probe's: the same tree, the same options. */
	if ((int64_t)r->bs->get_size(r->bs) != r->total) {
		fsimage_error(img, "libisofs gave two sizes for one image");
		db_fs_image_result_destroy(r);
		return DB_IMAPI_E_FSI_INTERNAL_ERROR;
	}
	st = db_stream_create(&result_ops, r, r->total, &r->stream);
	if (db_failed(st)) {
		db_fs_image_result_destroy(r);
		return st;
	}
	*out = r;
	return DB_S_OK;
}

struct db_stream *db_fs_image_result_get_image_stream(struct db_fs_image_result *res)
{
	return res ? res->stream : NULL;
}

int32_t db_fs_image_result_get_total_blocks(const struct db_fs_image_result *res)
{
	return (int32_t)(res->total / DB_FS_IMAGE_BLOCK_SIZE);
}

int32_t db_fs_image_result_get_block_size(const struct db_fs_image_result *res)
{
	(void)res;
	return DB_FS_IMAGE_BLOCK_SIZE;
}

void db_fs_image_result_destroy(struct db_fs_image_result *res)
{
	if (!res)
		return;
	free_source(res->bs, res->done < res->total);
	if (res->stream)
		db_stream_free(res->stream);
	res->img->result = NULL;
	fsimage_boot_cleanup(res->img);
	free(res);
}

db_status db_fs_image_result_get_overwrite_sectors(const struct db_fs_image_result *res,
						   const void **buf, int32_t *sectors)
{
	*buf = NULL;
	*sectors = 0;
	if (!res->img->overwrite)
		return DB_S_OK;
	if (res->done < res->total)
		return DB_E_IMAPI_DF2DATA_WRITE_IN_PROGRESS; /* not written yet */
	*buf = res->img->overwrite_buf;
	*sectors = DB_FS_IMAGE_OVERWRITE_SECTORS;
	return DB_S_OK;
}

db_status db_fs_image_get_used_blocks(struct db_fs_image *img, int32_t *out)
{
	if (!img || !out)
		return DB_E_POINTER;
	*out = 0;
	if (img->result) {
		*out = db_fs_image_result_get_total_blocks(img->result);
		return DB_S_OK;
	}
	IsoNode *big = img->level < 3 ? too_big(iso_image_get_root(img->iso)) : NULL;
	if (big) {
		fsimage_error(img, "'%s' is 4 GiB or larger: ISO 9660 level 3 is needed for it",
			      iso_node_get_name(big));
		return DB_IMAPI_E_DATA_TOO_BIG;
	}
	/* The layout of the tree as it is now, from a source whose writer
	 * never starts (nothing is read). */
	IsoWriteOpts *opts;
	db_status st = make_opts(img, &opts);
	if (db_failed(st))
		return st;
	st = fsimage_boot_prepare(img);
	if (db_failed(st)) {
		iso_write_opts_free(opts);
		return st;
	}
	iso_write_opts_set_will_cancel(opts, 1);
	struct burn_source *probe;
	fsimage_take_msgs(img);
	int ret = iso_image_create_burn_source(img->iso, opts, &probe);
	iso_write_opts_free(opts);
	if (ret >= 0) {
		off_t size = probe->get_size(probe);
		free_source(probe, true);
		*out = size / DB_FS_IMAGE_BLOCK_SIZE > INT32_MAX
			       ? INT32_MAX
			       : (int32_t)(size / DB_FS_IMAGE_BLOCK_SIZE);
	} else {
		if (!fsimage_take_msgs(img))
			fsimage_error(img, "libisofs could not lay the image out: error 0x%X",
				      (unsigned)ret);
		st = DB_IMAPI_E_FSI_INTERNAL_ERROR;
	}
	fsimage_boot_cleanup(img);
	return st;
}
