/* ECMA-130 CD sectors, shared by the emulator (what a drive returns beyond
 * the bytes the host wrote) and the engine (the raw images it builds for
 * disc-at-once): the 2352-byte raw sector of ECMA-130 (sync, header, EDC, P and Q
 * parity) built from the stored user data, and the sub-channel (the Q
 * position from the track layout, with its CRC). Pure functions, no I/O:
 * cmd_readcd.c picks the fields READ CD asks for out of these.
 *
 * Layout of a raw data sector (ECMA-130 14, and CD-ROM XA for mode 2):
 *   0..11    sync: 00h, ten FFh, 00h
 *   12..15   header: minute, second, frame of LBA + 150 in BCD, mode byte
 *   mode 1:  16..2063 user data, 2064..2067 EDC over 0..2063,
 *            2068..2075 zeros, 2076..2247 P parity, 2248..2351 Q parity
 *   mode 2 form 1: 16..23 subheader (twice the 4 bytes), 24..2071 user
 *            data, 2072..2075 EDC over 16..2071, 2076..2351 P and Q with
 *            the header counted as zeros
 *   mode 2 form 2: 16..23 subheader, 24..2347 user data, 2348..2351 EDC
 *            over 16..2347
 *   mode 2 formless: 16..2351 user data, no EDC, no parity
 * An audio (CD-DA) sector is 2352 bytes of samples with none of these. */
#ifndef MMC_CD_SECTOR_H
#define MMC_CD_SECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CD_RAW_SECTOR 2352
#define CD_SYNC_LEN 12
#define CD_HEADER_LEN 4
#define CD_SUBHEADER_LEN 8
#define CD_SUBCHANNEL_RAW 96 /* P-W, one bit of each per byte */
#define CD_SUBQ_LEN 12 /* Q: control/ADR, 9 data bytes, CRC */
#define CD_C2_LEN 294 /* one bit per byte of the 2352 */

/* What a raw sector holds. */
enum cd_sector_format {
	CD_FMT_AUDIO,
	CD_FMT_MODE1,
	CD_FMT_MODE2_FORMLESS,
	CD_FMT_MODE2_FORM1,
	CD_FMT_MODE2_FORM2,
};

/* One field of a raw sector: where it starts and how long it is (0 when
 * the format has no such field). */
struct cd_span {
	uint16_t off;
	uint16_t len;
};

/* The fields READ CD selects (MMC-6 6.19), in the order they lie in the
 * sector. "User data" of mode 2 form 2 includes the 4 spare (EDC) bytes
 * (2328 bytes, as MMC counts it); its EDC/ECC field is empty.
 * Mode 1's EDC/ECC field includes the 8 zero bytes (288 bytes). */
struct cd_layout {
	struct cd_span sync, header, subheader, user, edc_ecc;
};
void cd_sector_layout(enum cd_sector_format f, struct cd_layout *out);

/* The form a CD-ROM XA mode 2 sector says it has: submode byte (byte 2
 * of the subheader) bit 5 set is form 2 (CD-ROM XA, System Description). */
enum cd_sector_format cd_xa_form(const uint8_t subheader[CD_SUBHEADER_LEN]);

/* The EDC of ECMA-130 clause 14: CRC-32 with the polynomial
 * (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1), bits taken LSB first,
 * register starting at zero; the sector stores it least significant byte
 * first. */
uint32_t cd_edc(const uint8_t *p, size_t n);

/* P then Q parity (RSPC, ECMA-130 Annex A) over bytes 12..2075 of s,
 * written to 2076..2351. The caller zeroes the header first for mode 2
 * form 1. */
void cd_ecc_pq(uint8_t s[CD_RAW_SECTOR]);

/* Binary minute/second/frame of an LBA (LBA + 150; negative addresses
 * wrap as the lead-in's do) and the BCD form the header and Q carry. */
void cd_lba_to_msf(int64_t lba, uint8_t msf[3]);
uint8_t cd_bcd(unsigned v);

/* The raw sector of what the host wrote at lba. data is 2048 bytes for
 * mode 1, 2336 for mode 2 (subheader first for XA forms: the form comes
 * from the submode; formless: all user data), 2352 for audio (copied).
 * Sync, header, EDC and parity are computed, so a raw read of a cooked
 * written sector is what a pressed or burned disc gives back. */
void cd_sector_build(uint8_t out[CD_RAW_SECTOR], enum cd_sector_format f, int64_t lba,
		     const uint8_t *data);

/* The Q sub-channel of a sector in a track (ADR 1, "current position",
 * ECMA-130 22.3): control nibble, track (BCD; AAh the lead-out), index,
 * the time relative to the track's index 1 (counting down to it in the
 * pause before it), zero, the absolute time; then its CRC
 * (x^16 + x^12 + x^5 + 1 over the 80 bits, stored inverted, most
 * significant byte first). */
struct cd_q_position {
	uint8_t control; /* 4 bits: 0 audio, 1 pre-emphasis, 2 copy, 4 data, 8 four-channel */
	uint8_t track; /* 1..99, or 0xAA for the lead-out */
	uint8_t index; /* 0 in the pause before the track, else 1 */
	int64_t lba;
	int64_t rel; /* sectors from the track's index 1 start; < 0 in its pause */
};
void cd_subq_position(uint8_t q[CD_SUBQ_LEN], const struct cd_q_position *p);
uint16_t cd_subq_crc(const uint8_t *q, size_t n);

/* Raw P-W sub-channel (READ CD sub-channel 001b): byte i carries bit i of
 * each channel, P in bit 7, Q in bit 6, R..W in bits 5..0 (ECMA-130 clause 22).
 * P is all ones in a pause; R..W are zero (no CD-TEXT or CD+G). */
void cd_subchannel_raw(uint8_t out[CD_SUBCHANNEL_RAW], const uint8_t q[CD_SUBQ_LEN], bool pause);

#endif
