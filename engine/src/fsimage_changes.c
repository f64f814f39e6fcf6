/* FileSystemImage's change points (ChangePoint, LockInChangePoint,
 * RollbackToChangePoint). IMAPI documents the point as "a count of the
 * changes to the file system image since its inception" and a rollback as
 * reverting the changes made since; libisofs keeps no history, so reading
 * a point keeps a copy of the tree as it is then (iso_image_tree_clone:
 * nodes, names, attributes; the file data is not copied, the copies'
 * streams read the same sources), and a rollback puts a copy back. */
#include <stdlib.h>

#include "fsimage_internal.h"

struct fsimage_snapshot {
	int32_t point;
	IsoDir *copy; /* in no tree: the root's children as they were */
};

static void snapshot_free(struct fsimage_snapshot *s)
{
	iso_node_unref((IsoNode *)s->copy);
}

void fsimage_changes_free(struct db_fs_image *img)
{
	for (size_t i = 0; i < img->n_snaps; i++)
		snapshot_free(&img->snaps[i]);
	free(img->snaps);
	img->snaps = NULL;
	img->n_snaps = 0;
}

static struct fsimage_snapshot *find_snapshot(struct db_fs_image *img, int32_t point)
{
	for (size_t i = 0; i < img->n_snaps; i++)
		if (img->snaps[i].point == point)
			return &img->snaps[i];
	return NULL;
}

/* Drops the copies whose point keep() refuses. */
static void drop_snapshots(struct db_fs_image *img, int32_t lo, int32_t hi)
{
	size_t j = 0;
	for (size_t i = 0; i < img->n_snaps; i++) {
		if (img->snaps[i].point < lo || img->snaps[i].point > hi)
			snapshot_free(&img->snaps[i]);
		else
			img->snaps[j++] = img->snaps[i];
	}
	img->n_snaps = j;
}

/* The children of from, cloned into to (the El Torito nodes left out). */
static db_status clone_children(struct db_fs_image *img, IsoDir *from, IsoDir *to)
{
	IsoDirIter *it;
	if (iso_dir_get_children(from, &it) < 0)
		return DB_E_OUTOFMEMORY;
	IsoNode *n;
	db_status st = DB_S_OK;
	while (db_succeeded(st) && iso_dir_iter_next(it, &n) == 1) {
		if (fsimage_is_boot_node(n))
			continue;
		IsoNode *copy;
		int ret = iso_image_tree_clone(img->iso, n, to, (char *)iso_node_get_name(n), &copy,
					       0);
		if (ret < 0) {
			fsimage_error(img, "'%s' could not be copied for the change point "
					   "(libisofs 0x%X)",
				      iso_node_get_name(n), (unsigned)ret);
			st = DB_IMAPI_E_FSI_INTERNAL_ERROR;
		}
	}
	iso_dir_iter_free(it);
	return st;
}

static db_status take_snapshot(struct db_fs_image *img)
{
	if (find_snapshot(img, img->changes) || img->result)
		return DB_S_OK; /* kept already; while a result lives the tree cannot change */
	IsoDir *copy;
	if (iso_image_add_new_dir(img->iso, img->detached_home, "snapshot", &copy) < 0)
		return DB_E_OUTOFMEMORY;
	iso_node_take((IsoNode *)copy);
	db_status st = clone_children(img, iso_image_get_root(img->iso), copy);
	struct fsimage_snapshot *bigger = NULL;
	if (db_succeeded(st)) {
		bigger = realloc(img->snaps, (img->n_snaps + 1) * sizeof(*bigger));
		if (!bigger)
			st = DB_E_OUTOFMEMORY;
	}
	if (db_failed(st)) {
		iso_node_unref((IsoNode *)copy);
		return st;
	}
	img->snaps = bigger;
	img->snaps[img->n_snaps].point = img->changes;
	img->snaps[img->n_snaps].copy = copy;
	img->n_snaps++;
	return DB_S_OK;
}

db_status db_fs_image_get_change_point(struct db_fs_image *img, int32_t *out)
{
	if (!img || !out)
		return DB_E_POINTER;
	db_status st = take_snapshot(img);
	if (db_failed(st))
		return st;
	*out = img->changes;
	return DB_S_OK;
}

db_status db_fs_image_lock_in_change_point(struct db_fs_image *img)
{
	if (!img)
		return DB_E_POINTER;
	img->locked = img->changes;
	drop_snapshots(img, img->changes, INT32_MAX);
	return take_snapshot(img);
}

db_status db_fs_image_rollback_to_change_point(struct db_fs_image *img, int32_t point)
{
	if (!img)
		return DB_E_POINTER;
	db_status st = fsimage_writable(img);
	if (db_failed(st))
		return st;
	if (point < img->locked) {
		fsimage_error(img, "change point %d is before the locked one (%d)", point,
			      img->locked);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	if (point < img->import_point) {
		fsimage_error(img, "change point %d is before ImportFileSystem (%d)", point,
			      img->import_point);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	if (point > img->changes) {
		fsimage_error(img, "change point %d is after the present one (%d)", point,
			      img->changes);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	if (point == img->changes)
		return DB_S_OK; /* nothing changed since */
	struct fsimage_snapshot *s = find_snapshot(img, point);
	if (!s) {
		fsimage_error(img, "change point %d was never read (ChangePoint keeps the tree "
				   "of the points it gives)", point);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	IsoDir *root = iso_image_get_root(img->iso);
	/* The copy back first, into a new holder, so a failure leaves the
	 * tree as it is. */
	IsoDir *fresh;
	if (iso_image_add_new_dir(img->iso, img->detached_home, "rollback", &fresh) < 0)
		return DB_E_OUTOFMEMORY;
	iso_node_take((IsoNode *)fresh);
	st = clone_children(img, s->copy, fresh);
	if (db_failed(st)) {
		iso_node_unref((IsoNode *)fresh);
		return st;
	}
	IsoDirIter *it;
	if (iso_dir_get_children(root, &it) < 0) {
		iso_node_unref((IsoNode *)fresh);
		return DB_E_OUTOFMEMORY;
	}
	IsoNode *n;
	while (iso_dir_iter_next(it, &n) == 1)
		iso_node_remove_tree(n, it);
	iso_dir_iter_free(it);
	/* The nodes move from the holder to the root (take, then add: the
	 * reference goes with them). */
	while (iso_dir_get_children(fresh, &it) >= 0) {
		bool moved = iso_dir_iter_next(it, &n) == 1;
		if (moved)
			iso_dir_iter_take(it);
		iso_dir_iter_free(it);
		if (!moved)
			break;
		iso_dir_add_node(root, n, ISO_REPLACE_NEVER);
	}
	iso_node_unref((IsoNode *)fresh);
	img->changes = point;
	drop_snapshots(img, INT32_MIN, point);
	return DB_S_OK;
}
