/* CD-TEXT (Red Book annex / MMC-6 annex J, "CD-TEXT format in the
 * lead-in"): the one list of pack types, shared by the engine (which
 * builds packs from a description and parses them back from READ TOC
 * format 5) and the emulator (which stores the packs a host writes in
 * the lead-in and returns them).
 *
 * A pack is 18 bytes: type, track number (0 = the disc), sequence number,
 * block/character position, 12 text bytes, CRC-16 (x^16 + x^12 + x^5 + 1,
 * stored inverted, most significant byte first: the Q sub-channel's CRC,
 * cd_subq_crc()). Packs lie in the lead-in's R-W sub-channel, four packs
 * (72 bytes of 6-bit symbols) per sector. */
#ifndef MMC_CD_TEXT_H
#define MMC_CD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CD_TEXT_PACK_LEN 18
#define CD_TEXT_PACK_TEXT 12
#define CD_TEXT_MAX_BLOCKS 8
/* Per block at most 255 packs (the sequence number is one byte). */
#define CD_TEXT_MAX_PACKS (CD_TEXT_MAX_BLOCKS * 256)

/* X(name, pack type, cue keyword or NULL). The text fields (80h-86h, 8Eh)
 * are NUL-terminated per track; 87h genre, 88h TOC, 89h TOC2 and 8Fh size
 * information are binary. */
#define CD_TEXT_PACK_TYPES(X)                          \
	X(TITLE, 0x80, "TITLE")                        \
	X(PERFORMER, 0x81, "PERFORMER")                \
	X(SONGWRITER, 0x82, "SONGWRITER")              \
	X(COMPOSER, 0x83, "COMPOSER")                  \
	X(ARRANGER, 0x84, "ARRANGER")                  \
	X(MESSAGE, 0x85, "MESSAGE")                    \
	X(DISC_ID, 0x86, "DISC_ID")                    \
	X(GENRE, 0x87, "GENRE")                        \
	X(TOC, 0x88, NULL)                             \
	X(TOC2, 0x89, NULL)                            \
	X(RESERVED_8A, 0x8A, NULL)                     \
	X(RESERVED_8B, 0x8B, NULL)                     \
	X(RESERVED_8C, 0x8C, NULL)                     \
	X(CLOSED, 0x8D, NULL)                          \
	X(UPC_ISRC, 0x8E, "UPC_EAN")                   \
	X(SIZE_INFO, 0x8F, NULL)

enum cd_text_pack_type {
#define CD_TEXT_ENUM(name, code, kw) CD_TEXT_##name = code,
	CD_TEXT_PACK_TYPES(CD_TEXT_ENUM)
#undef CD_TEXT_ENUM
};
#define CD_TEXT_FIRST_TYPE 0x80
#define CD_TEXT_N_TYPES 16

#endif
