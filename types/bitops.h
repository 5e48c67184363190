// Bit-level algorithms behind BITCOUNT, BITPOS, BITFIELD and BITOP, with Redis 7.0's
// exact range, padding and overflow rules (bitops.c). Bits are numbered big-endian
// within each byte: bit 0 is the most significant bit of byte 0. Functions work on
// caller-owned bytes and know nothing of keys or replies. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ringdb::types {

// Whether BITCOUNT / BITPOS range indexes count bytes (the default) or bits.
enum class BitUnit { kByte, kBit };

// Number of set bits in `bytes` (redisPopcount).
uint64_t PopCount(std::string_view bytes);

// BITCOUNT s start end [BYTE|BIT]: set bits between the indexes, which may be negative
// (counting from the end) and are clamped to the string. Returns 0 for empty ranges,
// including Redis's early-out when both indexes are negative and start > end.
uint64_t BitCountRange(std::string_view s, int64_t start, int64_t end, BitUnit unit);

// redisBitpos: position of the first bit equal to `bit` (0 or 1) in `bytes`. When
// there is none: -1 looking for 1, and bytes.size() * 8 looking for 0 (the string is
// treated as followed by zero bits).
int64_t FindFirstBit(std::string_view bytes, int bit);

// BITPOS s bit [start [end [BYTE|BIT]]] on an existing string (a missing key answers
// bit ? -1 : 0 without calling this). Indexes are converted and clamped as BITCOUNT's.
// Looking for 0 with no explicit end, a range of all ones answers the position just
// past the range; with an explicit end it answers -1. An empty range answers -1.
// REQUIRES: bit is 0 or 1; `end` only with `start`.
int64_t BitPos(std::string_view s, int bit, std::optional<int64_t> start,
               std::optional<int64_t> end, BitUnit unit = BitUnit::kByte);

// ---- BITFIELD ----

enum class BitfieldOverflow { kWrap, kSat, kFail };

// A BITFIELD type such as "i16" or "u8": signed widths 1..64, unsigned 1..63.
struct BitfieldType {
  bool is_signed = false;
  int bits = 0;
};

// Parses "i<n>" / "u<n>" (lowercase only, n as ParseInt64 accepts it).
bool ParseBitfieldType(std::string_view arg, BitfieldType* out);

// Parses a BITFIELD/SETBIT/GETBIT bit offset: a non-negative integer whose byte index
// (offset >> 3) is below `max_bulk_len` (proto-max-bulk-len). With `allow_hash`,
// "#N" means N * bits; like Redis, that product wraps on overflow before the checks.
bool ParseBitOffset(std::string_view arg, bool allow_hash, int bits, uint64_t max_bulk_len,
                    uint64_t* out);

// Bytes a string must have for a field at [offset, offset + bits) to fit in it.
uint64_t BitfieldBytesNeeded(uint64_t offset, int bits);

// Reads a field of 1..64 bits at bit `offset`; bytes past the end read as zero.
uint64_t GetUnsignedBitfield(std::string_view s, uint64_t offset, int bits);
// As above, sign-extended from the field's top bit.
int64_t GetSignedBitfield(std::string_view s, uint64_t offset, int bits);

// Writes the low `bits` bits of `value` at bit `offset`.
// REQUIRES: data.size() >= BitfieldBytesNeeded(offset, bits).
void SetBitfield(std::span<char> data, uint64_t offset, int bits, uint64_t value);

// checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow: whether value + incr
// leaves the type's range (including `value` itself being out of range, as for SET).
// On overflow, *limit gets the wrapped (kWrap) or saturated (kSat) result; kFail
// leaves it alone. Redis's quirks are kept, e.g. a signed SET of INT64_MIN to a
// narrower field saturates to the maximum.
bool CheckUnsignedBitfieldOverflow(uint64_t value, int64_t incr, int bits, BitfieldOverflow mode,
                                   uint64_t* limit);
bool CheckSignedBitfieldOverflow(int64_t value, int64_t incr, int bits, BitfieldOverflow mode,
                                 int64_t* limit);

// BITFIELD SET: stores `value` under the overflow mode and returns the old value, or
// nullopt when kFail rejects it (nothing written).
// REQUIRES: data.size() >= BitfieldBytesNeeded(offset, type.bits).
std::optional<int64_t> BitfieldSet(std::span<char> data, uint64_t offset, BitfieldType type,
                                   int64_t value, BitfieldOverflow mode);

// BITFIELD INCRBY: adds `incr` under the overflow mode and returns the new value, or
// nullopt when kFail rejects it (nothing written). Same REQUIRES as BitfieldSet.
std::optional<int64_t> BitfieldIncrBy(std::span<char> data, uint64_t offset, BitfieldType type,
                                      int64_t incr, BitfieldOverflow mode);

// ---- BITOP ----

enum class BitOpKind { kAnd, kOr, kXor, kNot };

// BITOP over `srcs` (missing keys passed as empty strings): the result is as long as
// the longest source, shorter ones read as zero-padded. An empty result means Redis
// deletes the destination. REQUIRES: kNot takes exactly one source; others at least one.
std::string BitOp(BitOpKind op, std::span<const std::string_view> srcs);

}  // namespace ringdb::types
