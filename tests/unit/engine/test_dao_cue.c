/* CDRWIN cue sheets (engine/src/dao_cue.c, issue 17): a full sheet with
 * several FILEs, every track mode, indexes, gaps, flags, ISRC, catalog
 * and CD-TEXT parsed into struct db_dao_disc; every bad line refused
 * with E_DISCBURN_DAO_PARSE and "file:line: what". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/dao_layout.h"
#include "mmc/cd_text.h"

static char dir[] = "/tmp/discburn-cue-XXXXXX";
static char path[512];

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static const char *put(const char *text)
{
	snprintf(path, sizeof(path), "%s/disc.cue", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static char *in_dir(const char *name)
{
	static char buf[600];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

#define TEXT(t, type) ((t).text[(type) - CD_TEXT_FIRST_TYPE])

static void test_full_sheet(void **state)
{
	(void)state;
	const char *cue = "\xEF\xBB\xBF"
			  "REM GENRE Rock\r\n"
			  "CATALOG 4006381333931\r\n"
			  "PERFORMER \"The Band\"\r\n"
			  "TITLE \"An Album\"\r\n"
			  "FILE \"data.bin\" BINARY\r\n"
			  "  TRACK 01 MODE1/2048\r\n"
			  "    INDEX 01 00:00:00\r\n"
			  "    POSTGAP 00:02:00\r\n"
			  "FILE \"audio.bin\" MOTOROLA\r\n"
			  "  TRACK 02 AUDIO\r\n"
			  "    TITLE \"First\"\r\n"
			  "    ISRC USRC17607839\r\n"
			  "    FLAGS DCP PRE\r\n"
			  "    PREGAP 00:01:00\r\n"
			  "    INDEX 01 00:00:00\r\n"
			  "    INDEX 02 01:00:00\r\n"
			  "  TRACK 03 AUDIO\r\n"
			  "    FLAGS 4CH SCMS\r\n"
			  "    SONGWRITER someone\r\n"
			  "    INDEX 00 02:00:00\r\n"
			  "    INDEX 01 02:02:10\r\n"
			  "FILE \"s.wav\" WAVE\r\n"
			  "  TRACK 04 AUDIO\r\n"
			  "    INDEX 01 00:00:00\r\n"
			  "FILE \"raw.bin\" BINARY\r\n"
			  "  TRACK 05 MODE2/2336\r\n"
			  "    INDEX 01 00:00:00\r\n"
			  "  TRACK 06 MODE2/2352\r\n"
			  "    INDEX 01 00:00:10\r\n"
			  "  TRACK 07 MODE1/2352\r\n"
			  "    INDEX 01 00:01:00\r\n";
	struct db_dao_disc *d;
	char err[256];
	assert_int_equal(db_dao_parse_cue(put(cue), &d, err, sizeof(err)), DB_S_OK);
	assert_string_equal(err, "");
	assert_int_equal(d->first_track_number, 1);
	assert_int_equal(d->n_tracks, 7);
	assert_string_equal(d->catalog, "4006381333931");
	assert_true(d->has_cdtext);
	assert_string_equal(TEXT(d->cdtext, CD_TEXT_TITLE), "An Album");
	assert_string_equal(TEXT(d->cdtext, CD_TEXT_PERFORMER), "The Band");
	assert_null(TEXT(d->cdtext, CD_TEXT_GENRE)); /* REM GENRE is a comment */

	struct db_dao_track *t = &d->tracks[0];
	assert_int_equal(t->mode, DB_DAO_MODE1_2048);
	assert_int_equal(t->n_sources, 1);
	assert_string_equal(t->sources[0].path, in_dir("data.bin"));
	assert_int_equal(t->sources[0].kind, DB_DAO_FILE_BINARY);
	assert_int_equal(t->sources[0].offset, 0);
	assert_int_equal(t->sources[0].length, 0);
	assert_int_equal(t->postgap, 150);
	assert_string_equal(t->origin, "disc.cue:6");

	t = &d->tracks[1];
	assert_int_equal(t->mode, DB_DAO_AUDIO);
	assert_int_equal(t->sources[0].kind, DB_DAO_FILE_MOTOROLA);
	assert_int_equal(t->sources[0].offset, 0);
	/* Track 3 starts at its INDEX 00, 02:00:00 = 9000 sectors. */
	assert_int_equal(t->sources[0].length, 9000ull * 2352);
	assert_string_equal(t->isrc, "USRC17607839");
	assert_true(t->copy_permitted);
	assert_true(t->preemphasis);
	assert_false(t->four_channel);
	assert_int_equal(t->pregap_silence, 75);
	assert_int_equal(t->pregap_from_data, 0);
	assert_int_equal(t->n_indexes, 1);
	assert_int_equal(t->indexes[0], 4500);
	assert_string_equal(TEXT(t->cdtext, CD_TEXT_TITLE), "First");

	t = &d->tracks[2];
	assert_int_equal(t->sources[0].offset, 9000ull * 2352);
	assert_int_equal(t->sources[0].length, 0);
	assert_int_equal(t->pregap_from_data, 160);
	assert_true(t->four_channel);
	assert_true(t->scms);
	assert_false(t->copy_permitted);
	assert_string_equal(TEXT(t->cdtext, CD_TEXT_SONGWRITER), "someone");

	t = &d->tracks[3];
	assert_int_equal(t->sources[0].kind, DB_DAO_FILE_WAVE);
	assert_string_equal(t->sources[0].path, in_dir("s.wav"));

	/* One file, three sector sizes: track 6 starts 10 sectors of 2336
	 * in, track 7 65 sectors of 2352 after that. */
	assert_int_equal(d->tracks[4].mode, DB_DAO_MODE2_2336);
	assert_int_equal(d->tracks[4].sources[0].length, 10ull * 2336);
	assert_int_equal(d->tracks[5].mode, DB_DAO_MODE2_2352);
	assert_int_equal(d->tracks[5].sources[0].offset, 10ull * 2336);
	assert_int_equal(d->tracks[5].sources[0].length, 65ull * 2352);
	assert_int_equal(d->tracks[6].mode, DB_DAO_MODE1_2352);
	assert_int_equal(d->tracks[6].sources[0].offset, 10ull * 2336 + 65ull * 2352);
	db_dao_disc_free(d);
}

static void test_hidden_track_and_numbering(void **state)
{
	(void)state;
	const char *cue = "cdtextfile \"/abs/packs.cdt\"\n"
			  "file a.bin binary\n"
			  "track 05 audio\n"
			  "index 00 00:00:00\n"
			  "index 01 00:30:00\n"
			  "track 06 audio\n"
			  "index 01 01:00:00\n"
			  "index 02 01:10:00\n"
			  "index 03 01:20:00\n";
	struct db_dao_disc *d;
	char err[256];
	assert_int_equal(db_dao_parse_cue(put(cue), &d, err, sizeof(err)), DB_S_OK);
	assert_int_equal(d->first_track_number, 5);
	assert_int_equal(d->n_tracks, 2);
	assert_string_equal(d->cdtext_file, "/abs/packs.cdt");
	assert_true(d->has_cdtext);
	assert_int_equal(d->tracks[0].pregap_from_data, 2250);
	assert_int_equal(d->tracks[0].sources[0].length, 4500ull * 2352);
	assert_int_equal(d->tracks[1].n_indexes, 2);
	assert_int_equal(d->tracks[1].indexes[0], 750);
	assert_int_equal(d->tracks[1].indexes[1], 1500);
	db_dao_disc_free(d);
}

static void test_missing_file(void **state)
{
	(void)state;
	struct db_dao_disc *d = (void *)1;
	char err[256];
	assert_int_equal(db_dao_parse_cue("/nonexistent/x.cue", &d, err, sizeof(err)),
			 DB_ERROR_FILE_NOT_FOUND);
	assert_null(d);
	assert_string_equal(err, "/nonexistent/x.cue: No such file or directory");
}

/* Each bad sheet, the line the error names, and what it says. */
static const struct {
	const char *cue;
	unsigned line;
	const char *what;
} bad[] = {
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nWHATEVER\n", 4, "unknown keyword WHATEVER"},
	{"FILE a.bin\n", 1, "FILE takes a name and a type"},
	{"FILE a.mp3 MP3\n", 1, "FILE type MP3 not supported"},
	{"FILE \"\" BINARY\n", 1, "FILE with an empty name"},
	{"FILE \"a.bin BINARY\n", 1, "unterminated quoted string"},
	{"TRACK 01 AUDIO\n", 1, "TRACK before any FILE"},
	{"FILE a.bin BINARY\nTRACK 00 AUDIO\n", 2, "track number 00: not 01-99"},
	{"FILE a.bin BINARY\nTRACK 01 CDG\n", 2, "track mode CDG not supported"},
	{"FILE a.wav WAVE\nTRACK 01 MODE1/2048\n", 2, "a MODE1/2048 track in a WAVE/AIFF file"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\n", 4,
	 "TRACK 03 after track 01"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nTRACK 02 AUDIO\n", 2, "track 1 has no INDEX 01"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\n", 2, "track 1 has no INDEX 01"},
	{"FILE a.bin BINARY\nINDEX 01 00:00:00\n", 2, "INDEX before any TRACK"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:60:00\n", 3, "time 00:60:00: not mm:ss:ff"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:75\n", 3, "time 00:00:75: not mm:ss:ff"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 1x 00:00:00\n", 3, "index number 1x"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01\n", 3, "INDEX takes a number and a time"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 02 00:00:00\n", 3, "INDEX 02 before INDEX 01 of track 1"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 00 00:01:00\n", 4,
	 "INDEX 00 after INDEX 01 of track 1"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nINDEX 03 00:01:00\n", 4,
	 "INDEX 03 after INDEX 01"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:02:00\nINDEX 02 00:01:00\n", 4,
	 "INDEX 02 at 00:01:00 is not after the previous index"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:02:00\nTRACK 02 AUDIO\nINDEX 01 00:01:00\n", 5,
	 "track 2 starts at 00:01:00, before the previous track"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:00\nFILE b.bin BINARY\nINDEX 01 00:00:00\n", 4,
	 "track 1 has its INDEX 00 in the previous FILE"},
	{"FILE a.bin BINARY\nFILE b.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n", 1, "FILE holds no TRACK"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPREGAP 00:02:00\n", 4,
	 "PREGAP after an INDEX of track 1"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nPREGAP 00:02:00\nPREGAP 00:02:00\n", 4, "a second PREGAP"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nPOSTGAP 00:02:00\n", 3, "POSTGAP before INDEX 01"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPOSTGAP 00:02:00\nINDEX 02 00:05:00\n", 5,
	 "INDEX after POSTGAP"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPOSTGAP 00:02:00\nPOSTGAP 00:02:00\n", 5,
	 "a second POSTGAP"},
	{"PREGAP 00:02:00\n", 1, "PREGAP before any TRACK"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nPREGAP 2s\n", 3, "time 2s: not mm:ss:ff"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nFLAGS DCP XYZ\n", 3, "flag XYZ not known"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nFLAGS\n", 3, "FLAGS without a flag"},
	{"FLAGS DCP\n", 1, "FLAGS before any TRACK"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nISRC US-RC1-76-07839\n", 3, "ISRC US-RC1-76-07839: not 12"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nISRC usrc17607839\n", 3, "ISRC usrc17607839: not 12"},
	{"ISRC USRC17607839\n", 1, "ISRC before any TRACK"},
	{"CATALOG 123\n", 1, "CATALOG 123: not 13 digits"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nCATALOG 4006381333931\n", 3, "CATALOG inside a track"},
	{"FILE a.bin BINARY\nTRACK 01 AUDIO\nCDTEXTFILE x.cdt\n", 3, "CDTEXTFILE inside a track"},
	{"CDTEXTFILE\n", 1, "CDTEXTFILE takes one file name"},
	{"TITLE An Album\n", 1, "TITLE takes one value (quote it"},
	{"REM only a comment\n", 1, "no TRACK in the cue sheet"},
	{"FILE a b c d e f g h i\n", 1, "too many words"},
};

static void test_bad_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct db_dao_disc *d = (void *)1;
		char err[1024], want[1024];
		db_status st = db_dao_parse_cue(put(bad[i].cue), &d, err, sizeof(err));
		snprintf(want, sizeof(want), "%s:%u: %s", path, bad[i].line, bad[i].what);
		if (st != DB_E_DISCBURN_DAO_PARSE || strncmp(err, want, strlen(want)) != 0)
			fail_msg("sheet %zu: got 0x%08X \"%s\", want \"%s\"", i, (unsigned)st, err, want);
		assert_null(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_sheet),
		cmocka_unit_test(test_hidden_track_and_numbering),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_lines),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
