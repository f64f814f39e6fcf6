/* Drive the emulator directly, without the engine: power on an emulated
 * burner with a blank disc, send INQUIRY and GET CONFIGURATION, and print
 * what a burning program would see. This is what a test of *other*
 * burning software builds on.
 *
 *   emulator_inquiry PROFILE DISCFILE      e.g. emulator_inquiry bd-r /tmp/bd
 *
 * Build: cc emulator_inquiry.c $(pkg-config --cflags --libs mmcemu) */
#include <stdint.h>
#include <stdio.h>

#include <mmcemu/mmcemu.h>

static int run(struct mmcemu_drive *d, const uint8_t *cdb, size_t len, uint8_t *in, size_t cap)
{
	struct mmcemu_io io = {.cdb = cdb, .cdb_len = len, .data_in = in, .data_in_cap = cap};
	if (mmcemu_execute(d, &io) != 0) {
		/* Fixed-format sense: key in byte 2, ASC/ASCQ in 12/13. */
		fprintf(stderr, "CHECK CONDITION %X/%02X/%02X\n", io.sense[2] & 0x0F, io.sense[12],
			io.sense[13]);
		return -1;
	}
	return (int)io.data_in_len;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: emulator_inquiry PROFILE DISCFILE\n");
		return 2;
	}
	struct mmcemu_drive_config cfg = {.profile = argv[1], .disc_path = argv[2],
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	struct mmcemu_drive *d;
	char err[256];
	if (mmcemu_drive_open(&cfg, &d, err, sizeof(err)) != 0) {
		fprintf(stderr, "emulator_inquiry: %s\n", err);
		return 1;
	}
	uint8_t buf[256];
	/* A fresh drive reports a unit attention (power on) first: clear it. */
	static const uint8_t tur[6] = {0x00};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = sizeof(tur)};
	mmcemu_execute(d, &io); /* CHECK CONDITION 6/29/00 once, then GOOD */

	static const uint8_t inquiry[6] = {0x12, 0, 0, 0, 96, 0};
	int n = run(d, inquiry, sizeof(inquiry), buf, sizeof(buf));
	if (n >= 36)
		printf("INQUIRY: type %02Xh, %.8s %.16s %.4s\n", buf[0] & 0x1F, &buf[8], &buf[16],
		       &buf[32]);
	/* GET CONFIGURATION, RT=1 from feature 0: the header's bytes 6-7 are
	 * the current profile, the number every burner decides by. */
	static const uint8_t getconf[10] = {0x46, 0x01, 0, 0, 0, 0, 0, 0, 16, 0};
	n = run(d, getconf, sizeof(getconf), buf, sizeof(buf));
	if (n >= 8)
		printf("current profile: %04Xh\n", (unsigned)(buf[6] << 8 | buf[7]));
	mmcemu_drive_close(d);
	return n >= 8 ? 0 : 1;
}
