/* IsoImageManager (iso_image_manager.h): Path, Stream, SetPath, SetStream
 * and Validate on images built here sector by sector: ISO 9660 (ECMA-119
 * 8.3, 8.4), UDF's extended area (ECMA-167 2/9.2, 2/9.3, 3/9.1), and the
 * ways they break. Real tools' images: tests/cli/test_check_image.sh. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/iso_image_manager.h"

#define SECTOR 2048

struct image {
	uint8_t *b;
	int64_t sectors;
};

static struct image image_new(int64_t sectors)
{
	struct image im = {.b = calloc((size_t)sectors, SECTOR), .sectors = sectors};
	assert_non_null(im.b);
	return im;
}

static uint8_t *sec(struct image *im, int64_t n)
{
	return im->b + n * SECTOR;
}

/* A volume structure descriptor: type, identifier, version. */
static void vsd(struct image *im, int64_t n, uint8_t type, const char *id)
{
	uint8_t *s = sec(im, n);
	s[0] = type;
	memcpy(s + 1, id, 5);
	s[6] = 1;
}

static void put_both32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

/* ECMA-119 8.4: a PVD at n giving volume space vss, root at root_lba. */
static void pvd(struct image *im, int64_t n, uint32_t vss, uint32_t root_lba)
{
	vsd(im, n, 1, "CD001");
	uint8_t *s = sec(im, n);
	memset(s + 40, ' ', 32);
	memcpy(s + 40, "TESTVOL", 7);
	put_both32(s + 80, vss);
	s[156] = 34;
	put_both32(s + 156 + 2, root_lba);
	s[156 + 25] = 2;
	s[156 + 32] = 1;
	s[881] = 1;
}

/* The root directory's "." record (ECMA-119 9.1) at image sector n. */
static void root_dot(struct image *im, int64_t n, uint32_t root_lba)
{
	uint8_t *d = sec(im, n);
	d[0] = 34;
	put_both32(d + 2, root_lba);
	d[25] = 2;
	d[32] = 1;
	d[33] = 0;
}

static struct image iso_image(int64_t sectors)
{
	struct image im = image_new(sectors);
	pvd(&im, 16, (uint32_t)sectors, 18);
	vsd(&im, 17, 255, "CD001");
	root_dot(&im, 18, 18);
	return im;
}

/* ---- a memory stream, seekable ---------------------------------------- */

struct mem {
	const uint8_t *b;
	int64_t len, pos;
};

static db_status mem_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct mem *m = s->ctx;
	size_t n = m->pos >= m->len ? 0 : (size_t)(m->len - m->pos) < len ? (size_t)(m->len - m->pos) : len;
	if (n > 3000)
		n = 3000; /* short reads, across sector boundaries */
	memcpy(buf, m->b + m->pos, n);
	m->pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static db_status mem_seek(struct db_stream *s, int64_t off, enum db_stream_seek_origin o, int64_t *pos)
{
	struct mem *m = s->ctx;
	int64_t base = o == DB_STREAM_SEEK_SET ? 0 : o == DB_STREAM_SEEK_CUR ? m->pos : m->len;
	m->pos = *pos = base + off;
	return DB_S_OK;
}

static void mem_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops mem_ops = {.read = mem_read, .close = mem_close, .seek = mem_seek};

static struct db_stream *mem_stream(const struct image *im, int64_t bytes, int64_t size)
{
	struct mem *m = calloc(1, sizeof(*m));
	m->b = im->b;
	m->len = bytes;
	struct db_stream *s;
	assert_int_equal(db_stream_create(&mem_ops, m, size, &s), DB_S_OK);
	return s;
}

/* Validate on the first bytes of im, as a stream of that size. */
static db_status validate_bytes(struct image *im, int64_t bytes, struct db_iso_image_report *r)
{
	struct db_iso_image_manager *m;
	assert_int_equal(db_iso_image_manager_create(&m), DB_S_OK);
	struct db_stream *s = mem_stream(im, bytes, bytes);
	assert_int_equal(db_iso_image_manager_set_stream(m, s), DB_S_OK);
	db_status st = db_iso_image_manager_validate(m);
	if (r)
		*r = *db_iso_image_manager_get_report(m);
	db_iso_image_manager_destroy(m);
	db_stream_close(s); /* SetStream borrows it */
	return st;
}

static db_status validate(struct image *im, struct db_iso_image_report *r)
{
	return validate_bytes(im, im->sectors * SECTOR, r);
}

/* ---- tests ------------------------------------------------------------ */

static void test_iso9660_pvd_and_terminator(void **state)
{
	(void)state;
	struct image im = iso_image(40);
	/* a boot record and a Joliet SVD between PVD and terminator */
	vsd(&im, 17, 0, "CD001");
	memcpy(sec(&im, 17) + 7, "EL TORITO SPECIFICATION", 23);
	vsd(&im, 18, 2, "CD001");
	memcpy(sec(&im, 18) + 88, "%/E", 3);
	vsd(&im, 19, 255, "CD001");
	root_dot(&im, 20, 18);
	struct db_iso_image_report r;
	assert_int_equal(validate(&im, &r), DB_S_OK);
	assert_true(r.iso9660);
	assert_true(r.joliet);
	assert_true(r.el_torito);
	assert_false(r.udf);
	assert_int_equal(r.sectors, 40);
	assert_int_equal(r.bytes, 40 * SECTOR);
	assert_int_equal(r.pvd_sector, 16);
	assert_int_equal(r.volume_space_size, 40);
	assert_string_equal(r.volume_id, "TESTVOL");
	assert_string_equal(r.problem, "");
	free(im.b);
}

static void test_broken_iso9660_sets(void **state)
{
	(void)state;
	struct db_iso_image_report r;
	/* No PVD: a Supplementary VD and the terminator only. */
	struct image im = image_new(40);
	vsd(&im, 16, 2, "CD001");
	vsd(&im, 17, 255, "CD001");
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "no Primary Volume Descriptor"));
	free(im.b);
	/* A PVD and no terminator: sector 17 is zeros. */
	im = iso_image(40);
	memset(sec(&im, 17), 0, SECTOR);
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "no terminator: sector 17"));
	/* A PVD of another version (BP 7) is no PVD of this standard. */
	vsd(&im, 17, 255, "CD001");
	sec(&im, 16)[6] = 2;
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	free(im.b);
	/* Nothing at 16: all zeros (a raw or a wiped image). */
	im = image_new(40);
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "sector 16 holds no volume descriptor"));
	free(im.b);
	/* 16 sectors: the sequence would begin past the end. */
	im = iso_image(40);
	assert_int_equal(validate_bytes(&im, 16 * SECTOR, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "the image has 16 sectors"));
	/* Ends inside the set: PVD at 16, nothing after. */
	assert_int_equal(validate_bytes(&im, 17 * SECTOR, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	free(im.b);
}

static void test_truncated_and_later_session(void **state)
{
	(void)state;
	struct db_iso_image_report r;
	/* Cut at a sector boundary after the sequence: IMAPI's own checks
	 * pass it; the PVD's volume space says it is short. */
	struct image im = iso_image(40);
	assert_int_equal(validate_bytes(&im, 30 * SECTOR, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "truncated: the Primary Volume Descriptor gives 40 sectors, "
					  "the image has 30"));
	free(im.b);
	/* The image of a session meant for sector 1000 (mkisofs -C): the
	 * volume space counts from the disc's start, the root directory is
	 * at 1000 + 18 and its "." record is in the image's sector 18. */
	im = image_new(40);
	pvd(&im, 16, 1040, 1018);
	vsd(&im, 17, 255, "CD001");
	root_dot(&im, 18, 1018);
	assert_int_equal(validate(&im, &r), DB_S_OK);
	assert_int_equal(r.session_start, 1000);
	/* One sector short of that: the "." record is not where it must be. */
	assert_int_equal(validate_bytes(&im, 39 * SECTOR, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "truncated"));
	free(im.b);
}

static void test_udf_extended_area(void **state)
{
	(void)state;
	struct db_iso_image_report r;
	/* UDF only: BEA01, NSR03, TEA01 from sector 16 (structure type 0). */
	struct image im = image_new(300);
	vsd(&im, 16, 0, "BEA01");
	vsd(&im, 17, 0, "NSR03");
	vsd(&im, 18, 0, "TEA01");
	assert_int_equal(validate(&im, &r), DB_S_OK);
	assert_true(r.udf);
	assert_false(r.iso9660);
	assert_int_equal(r.nsr, 3);
	/* The bridge: ISO 9660's set, then the extended area (ECMA-167
	 * 2/8.3), NSR02; a second terminator is allowed (ECMA-119 8.3). */
	pvd(&im, 16, 300, 22);
	vsd(&im, 17, 255, "CD001");
	vsd(&im, 18, 255, "CD001");
	vsd(&im, 19, 0, "BEA01");
	vsd(&im, 20, 0, "NSR02");
	vsd(&im, 21, 0, "TEA01");
	root_dot(&im, 22, 22);
	assert_int_equal(validate(&im, &r), DB_S_OK);
	assert_true(r.udf);
	assert_true(r.iso9660);
	assert_int_equal(r.nsr, 2);
	free(im.b);
	/* BEA01 and TEA01 with no NSR between them. */
	im = image_new(300);
	vsd(&im, 16, 0, "BEA01");
	vsd(&im, 17, 0, "TEA01");
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "no NSR02/NSR03"));
	/* BEA01, NSR02 and no TEA01: zeros after. */
	vsd(&im, 17, 0, "NSR02");
	assert_int_equal(validate(&im, &r), DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND);
	assert_non_null(strstr(r.problem, "not ended by TEA01"));
	free(im.b);
}

static db_status fake_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	(void)s;
	(void)buf;
	(void)len;
	fail_msg("Validate read an image it could refuse by its size");
	*got = 0;
	*eof = true;
	return DB_S_OK;
}

static void fake_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops fake_ops = {.read = fake_read, .close = fake_close};

static void test_size_checks_and_no_image(void **state)
{
	(void)state;
	struct db_iso_image_manager *m;
	assert_int_equal(db_iso_image_manager_create(&m), DB_S_OK);
	assert_int_equal(db_iso_image_manager_validate(m), DB_IMAPI_E_IMAGEMANAGER_NO_IMAGE);
	assert_null(db_iso_image_manager_get_stream(m));
	assert_null(db_iso_image_manager_get_path(m));
	/* 2^31 sectors: over MAXLONG; unread. */
	struct db_stream *s;
	assert_int_equal(db_stream_create(&fake_ops, NULL, 0x80000000ll * SECTOR, &s), DB_S_OK);
	assert_int_equal(db_iso_image_manager_set_stream(m, s), DB_S_OK);
	assert_ptr_equal(db_iso_image_manager_get_stream(m), s);
	assert_int_equal(db_iso_image_manager_validate(m), DB_IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG);
	/* 2^31-1 sectors is not too big (it then fails on what it reads:
	 * not checked here); one byte over a sector boundary is unaligned. */
	s->size = 40 * SECTOR + 1;
	assert_int_equal(db_iso_image_manager_validate(m), DB_IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED);
	assert_non_null(strstr(db_iso_image_manager_get_report(m)->problem, "1 left over"));
	/* SetStream(NULL) clears the image. */
	assert_int_equal(db_iso_image_manager_set_stream(m, NULL), DB_S_OK);
	assert_int_equal(db_iso_image_manager_validate(m), DB_IMAPI_E_IMAGEMANAGER_NO_IMAGE);
	db_stream_close(s);
	assert_int_equal(db_iso_image_manager_validate(NULL), DB_E_POINTER);
	db_iso_image_manager_destroy(m);
}

static void test_path_and_stream_properties(void **state)
{
	(void)state;
	char path[] = "/tmp/discburn-isoimg-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	struct image im = iso_image(40);
	assert_int_equal(write(fd, im.b, 40 * SECTOR), 40 * SECTOR);
	close(fd);
	struct db_iso_image_manager *m;
	assert_int_equal(db_iso_image_manager_create(&m), DB_S_OK);
	assert_int_equal(db_iso_image_manager_set_path(m, NULL), DB_E_POINTER);
	assert_int_equal(db_iso_image_manager_set_path(m, ""), DB_IMAPI_E_INVALID_PATH);
	assert_int_equal(db_iso_image_manager_set_path(m, "/nonexistent/x.iso"), DB_ERROR_FILE_NOT_FOUND);
	assert_int_equal(db_iso_image_manager_set_path(m, "/tmp"), DB_ERROR_ACCESS_DENIED);
	assert_null(db_iso_image_manager_get_stream(m));
	/* SetPath makes the stream (IMAPI: "an IStream object will be
	 * created from the supplied image file"). */
	assert_int_equal(db_iso_image_manager_set_path(m, path), DB_S_OK);
	assert_string_equal(db_iso_image_manager_get_path(m), path);
	struct db_stream *s = db_iso_image_manager_get_stream(m);
	assert_non_null(s);
	assert_int_equal(db_stream_size(s), 40 * SECTOR);
	/* Validate leaves the stream where it found it. */
	assert_int_equal(db_stream_seek(s, 777, DB_STREAM_SEEK_SET, NULL), DB_S_OK);
	assert_int_equal(db_iso_image_manager_validate(m), DB_S_OK);
	int64_t pos;
	assert_int_equal(db_stream_seek(s, 0, DB_STREAM_SEEK_CUR, &pos), DB_S_OK);
	assert_int_equal(pos, 777);
	/* A failed SetPath keeps what was set. */
	assert_int_equal(db_iso_image_manager_set_path(m, "/nonexistent/y.iso"), DB_ERROR_FILE_NOT_FOUND);
	assert_string_equal(db_iso_image_manager_get_path(m), path);
	/* SetStream: "the Path property will not be populated". */
	struct db_stream *mine = mem_stream(&im, 40 * SECTOR, 40 * SECTOR);
	assert_int_equal(db_iso_image_manager_set_stream(m, mine), DB_S_OK);
	assert_null(db_iso_image_manager_get_path(m));
	assert_ptr_equal(db_iso_image_manager_get_stream(m), mine);
	assert_int_equal(db_iso_image_manager_validate(m), DB_S_OK);
	db_iso_image_manager_destroy(m);
	db_stream_close(mine);
	unlink(path);
	free(im.b);
}

static void test_pipe_of_unknown_size(void **state)
{
	(void)state;
	/* 20 sectors fit a pipe's buffer: write, close, then validate. */
	struct image im = iso_image(20);
	int p[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) >= 20 * SECTOR, 1);
	assert_int_equal(write(p[1], im.b, 20 * SECTOR), 20 * SECTOR);
	close(p[1]);
	struct db_stream *s;
	assert_int_equal(db_stream_from_fd(p[0], -1, true, &s), DB_S_OK);
	struct db_iso_image_manager *m;
	assert_int_equal(db_iso_image_manager_create(&m), DB_S_OK);
	assert_int_equal(db_iso_image_manager_set_stream(m, s), DB_S_OK);
	assert_int_equal(db_iso_image_manager_validate(m), DB_S_OK);
	assert_int_equal(db_iso_image_manager_get_report(m)->bytes, 20 * SECTOR);
	db_iso_image_manager_destroy(m);
	db_stream_close(s);
	/* The same, one byte short: counted, then refused as unaligned. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) >= 20 * SECTOR, 1);
	assert_int_equal(write(p[1], im.b, 20 * SECTOR - 1), 20 * SECTOR - 1);
	close(p[1]);
	assert_int_equal(db_stream_from_fd(p[0], -1, true, &s), DB_S_OK);
	assert_int_equal(db_iso_image_manager_create(&m), DB_S_OK);
	assert_int_equal(db_iso_image_manager_set_stream(m, s), DB_S_OK);
	assert_int_equal(db_iso_image_manager_validate(m), DB_IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED);
	db_iso_image_manager_destroy(m);
	db_stream_close(s);
	free(im.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso9660_pvd_and_terminator),
		cmocka_unit_test(test_broken_iso9660_sets),
		cmocka_unit_test(test_truncated_and_later_session),
		cmocka_unit_test(test_udf_extended_area),
		cmocka_unit_test(test_size_checks_and_no_image),
		cmocka_unit_test(test_path_and_stream_properties),
		cmocka_unit_test(test_pipe_of_unknown_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
