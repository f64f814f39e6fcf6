/* cd_sector.c against an encoder it shares nothing with: vcdimager
 * (GNU VCDImager's libvcd, Debian package vcdimager) writes a Video CD as
 * a raw MODE2/2352 image, with its own EDC and P/Q parity for every
 * CD-ROM XA form 1 sector (the ISO 9660 track) and the EDC of every form
 * 2 sector (the MPEG track). Each of those sectors, rebuilt here by
 * cd_sector_build() from its header address and its 2336 bytes after
 * the header, must come out byte for byte the same.
 *
 * vcdimager needs an MPEG-1 stream: the test writes a tiny one (a
 * sequence header, one GOP and one picture, in 2324-byte packs, the size
 * of a form 2 sector). Without vcdimager the test fails: it is installed
 * by scripts/install-deps.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mmc/cd_sector.h"

#define PACK 2324

static size_t pack_header(uint8_t *b, uint64_t scr)
{
	/* MPEG-1 pack header (ISO 11172-1 2.4.3.2): SCR with marker bits,
	 * mux rate 3528 (x 50 bytes/s = a 1x CD). */
	const uint32_t mux = 3528;
	uint8_t h[12] = {0, 0, 1, 0xBA,
			 (uint8_t)(0x21 | ((scr >> 29) & 0x0E)), (uint8_t)(scr >> 22),
			 (uint8_t)(((scr >> 14) & 0xFE) | 1), (uint8_t)(scr >> 7),
			 (uint8_t)(((scr << 1) & 0xFE) | 1),
			 (uint8_t)(0x80 | ((mux >> 15) & 0x7F)), (uint8_t)(mux >> 7),
			 (uint8_t)(((mux << 1) & 0xFE) | 1)};
	memcpy(b, h, sizeof(h));
	return sizeof(h);
}

static size_t system_header(uint8_t *b)
{
	static const uint8_t h[] = {0, 0, 1, 0xBB, 0, 9,
				    0x80, 0x1B, 0x91, /* rate bound 3528 */
				    0x04, 0xE1, 0xFF, /* audio 0, video 1 */
				    0xE0, 0xE0, 46}; /* stream E0h, 46 KiB buffer */
	memcpy(b, h, sizeof(h));
	return sizeof(h);
}

/* Video elementary stream: sequence header 352x240 at 29.97, GOP,
 * one picture, zeros, sequence end. */
static size_t video_es(uint8_t *b, size_t zeros)
{
	uint32_t rate = 1150000 / 400;
	uint32_t x = rate << 14 | 1u << 13 | 20u << 3;
	uint8_t h[] = {0, 0, 1, 0xB3, 0x16, 0x00, 0xF0, 0x14,
		       (uint8_t)(x >> 24), (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x,
		       0, 0, 1, 0xB8, 0x00, 0x08, 0x00, 0x00,
		       0, 0, 1, 0x00, 0x00, 0x0F, 0xFF, 0xF8};
	memcpy(b, h, sizeof(h));
	memset(b + sizeof(h), 0, zeros);
	static const uint8_t end[4] = {0, 0, 1, 0xB7};
	memcpy(b + sizeof(h) + zeros, end, 4);
	return sizeof(h) + zeros + 4;
}

static void write_mpeg(const char *path)
{
	static uint8_t es[70000], out[40 * PACK];
	size_t n_es = video_es(es, 60000), pos = 0, len = 0;
	uint64_t scr = 0;
	while (pos < n_es) {
		uint8_t *p = out + len;
		size_t k = pack_header(p, scr);
		scr += 3000;
		if (pos == 0)
			k += system_header(p + k);
		size_t room = PACK - k - 7;
		size_t chunk = n_es - pos < room ? n_es - pos : room;
		uint8_t pes[7] = {0, 0, 1, 0xE0, (uint8_t)((chunk + 1) >> 8), (uint8_t)(chunk + 1),
				  0x0F};
		memcpy(p + k, pes, 7);
		memcpy(p + k + 7, es + pos, chunk);
		k += 7 + chunk;
		pos += chunk;
		if (k + 6 <= PACK) { /* padding stream to fill the pack */
			size_t pad = PACK - k - 6;
			uint8_t ph[6] = {0, 0, 1, 0xBE, (uint8_t)(pad >> 8), (uint8_t)pad};
			memcpy(p + k, ph, 6);
			memset(p + k + 6, 0xFF, pad);
			k = PACK;
		}
		len += k;
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out, 1, len, f), len);
	fclose(f);
}

static unsigned from_bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 15);
}

static void matches_vcdimager(void **state)
{
	(void)state;
	char dir[] = "/tmp/cd-sector-vcd-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], cmd[1024];
	snprintf(path, sizeof(path), "%s/v.mpg", dir);
	write_mpeg(path);
	snprintf(path, sizeof(path), "%s/f.bin", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 300000; i++)
		fputc((i * 7 + (i >> 9)) & 0xFF, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/v.xml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\"?>\n"
	      "<!DOCTYPE videocd PUBLIC \"-//GNU//DTD VideoCD//EN\" "
	      "\"http://www.gnu.org/software/vcdimager/videocd.dtd\">\n"
	      "<videocd xmlns=\"http://www.gnu.org/software/vcdimager/1.0/\" class=\"vcd\" "
	      "version=\"2.0\">\n"
	      "<info><album-id>X</album-id><volume-count>1</volume-count>"
	      "<volume-number>1</volume-number><restriction>0</restriction></info>\n"
	      "<pvd><volume-id>X</volume-id><system-id>CD-RTOS CD-BRIDGE</system-id></pvd>\n"
	      "<filesystem><folder><name>DATA</name><file src=\"f.bin\"><name>F.BIN</name>"
	      "</file></folder></filesystem>\n"
	      "<sequence-items><sequence-item src=\"v.mpg\" id=\"seq-1\"/></sequence-items>\n"
	      "</videocd>\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && vcdxbuild -c out.cue -b out.bin v.xml >log 2>&1 || "
		 "{ cat log; exit 1; }",
		 dir);
	if (system(cmd) != 0)
		fail_msg("vcdxbuild failed (is vcdimager installed? scripts/install-deps.sh)");

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t s[CD_RAW_SECTOR], o[CD_RAW_SECTOR];
	unsigned form1 = 0, form2 = 0;
	while (fread(s, 1, sizeof(s), f) == sizeof(s)) {
		assert_int_equal(s[15], 2);
		int64_t lba = ((int64_t)from_bcd(s[12]) * 60 + from_bcd(s[13])) * 75 +
			      from_bcd(s[14]) - 150;
		enum cd_sector_format fmt = cd_xa_form(s + 16);
		/* Form 2 EDC is optional (0 = none); libvcd writes it. */
		assert_false(fmt == CD_FMT_MODE2_FORM2 && !s[2348] && !s[2349] && !s[2350] &&
			     !s[2351]);
		cd_sector_build(o, fmt, lba, s + 16);
		for (size_t i = 0; i < sizeof(s); i++)
			if (o[i] != s[i])
				fail_msg("LBA %lld (form %d): byte %zu is %02X, vcdimager has %02X",
					 (long long)lba, fmt == CD_FMT_MODE2_FORM1 ? 1 : 2, i, o[i],
					 s[i]);
		if (fmt == CD_FMT_MODE2_FORM1)
			form1++;
		else
			form2++;
	}
	fclose(f);
	/* The image has both kinds in numbers: the ISO track, the MPEG track. */
	assert_true(form1 > 100);
	assert_true(form2 > 100);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(matches_vcdimager)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
