#include "types/bitops.h"

#include <algorithm>
#include <cstring>

#include "types/number_format.h"

namespace ringdb::types {
namespace {

uint64_t LoadWord(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// An inclusive bit range [lo, hi] inside a string, after Redis's index conversion.
struct BitRange {
  uint64_t lo = 0;
  uint64_t hi = 0;
  bool empty = true;
};

// Applies the index rules BITCOUNT and BITPOS share: negative indexes count from the
// end, then both are clamped into the string (measured in `unit`s).
BitRange ToBitRange(size_t len, int64_t start, int64_t end, BitUnit unit) {
  const int64_t total = static_cast<int64_t>(unit == BitUnit::kBit ? len * 8 : len);
  if (start < 0) start += total;
  if (end < 0) end += total;
  start = std::max<int64_t>(start, 0);
  end = std::max<int64_t>(end, 0);
  end = std::min<int64_t>(end, total - 1);
  BitRange range;
  if (start > end) return range;
  range.empty = false;
  if (unit == BitUnit::kBit) {
    range.lo = static_cast<uint64_t>(start);
    range.hi = static_cast<uint64_t>(end);
  } else {
    range.lo = static_cast<uint64_t>(start) * 8;
    range.hi = static_cast<uint64_t>(end) * 8 + 7;
  }
  return range;
}

// The bits of byte number `byte` that lie inside [lo, hi], as a mask.
unsigned EdgeMask(uint64_t byte, uint64_t lo, uint64_t hi) {
  unsigned mask = 0xFF;
  if (byte == lo / 8) mask &= 0xFFu >> (lo % 8);
  if (byte == hi / 8) mask &= (0xFFu << (7 - hi % 8)) & 0xFF;
  return mask;
}

// First bit equal to `bit` inside [lo, hi] of p, or -1.
int64_t FindBitInRange(const unsigned char* p, uint64_t lo, uint64_t hi, int bit) {
  const unsigned flip = bit ? 0 : 0xFF;
  const uint64_t first = lo / 8;
  const uint64_t last = hi / 8;
  uint64_t b = first;
  while (b <= last) {
    // Whole interior words at a time: only the edge bytes need masking.
    if (b != first && b + 8 <= last) {
      uint64_t w = LoadWord(p + b) ^ (bit ? 0 : ~uint64_t{0});
      if (w == 0) {
        b += 8;
        continue;
      }
      w = __builtin_bswap64(w);  // Big-endian: the first byte becomes the top byte.
      return static_cast<int64_t>(b * 8 + __builtin_clzll(w));
    }
    const unsigned v = (p[b] ^ flip) & EdgeMask(b, lo, hi);
    if (v != 0) return static_cast<int64_t>(b * 8 + __builtin_clz(v) - 24);
    ++b;
  }
  return -1;
}

}  // namespace

uint64_t PopCount(std::string_view bytes) {
  const unsigned char* p = Bytes(bytes);
  size_t n = bytes.size();
  uint64_t count = 0;
  for (; n >= 32; p += 32, n -= 32) {
    count += __builtin_popcountll(LoadWord(p)) + __builtin_popcountll(LoadWord(p + 8)) +
             __builtin_popcountll(LoadWord(p + 16)) + __builtin_popcountll(LoadWord(p + 24));
  }
  for (; n >= 8; p += 8, n -= 8) count += __builtin_popcountll(LoadWord(p));
  for (; n > 0; ++p, --n) count += __builtin_popcount(*p);
  return count;
}

uint64_t BitCountRange(std::string_view s, int64_t start, int64_t end, BitUnit unit) {
  // Redis answers 0 here before converting, even where clamping would overlap.
  if (start < 0 && end < 0 && start > end) return 0;
  const BitRange r = ToBitRange(s.size(), start, end, unit);
  if (r.empty) return 0;
  const unsigned char* p = Bytes(s);
  const uint64_t first = r.lo / 8;
  const uint64_t last = r.hi / 8;
  uint64_t count = PopCount(s.substr(first, last - first + 1));
  // Take back the bits of the edge bytes that fall outside the range.
  count -= __builtin_popcount(p[first] & ~EdgeMask(first, r.lo, r.hi) & 0xFF);
  if (last != first) count -= __builtin_popcount(p[last] & ~EdgeMask(last, r.lo, r.hi) & 0xFF);
  return count;
}

int64_t FindFirstBit(std::string_view bytes, int bit) {
  if (bytes.empty()) return bit ? -1 : 0;
  int64_t pos = FindBitInRange(Bytes(bytes), 0, bytes.size() * 8 - 1, bit);
  if (pos < 0 && bit == 0) return static_cast<int64_t>(bytes.size() * 8);
  return pos;
}

int64_t BitPos(std::string_view s, int bit, std::optional<int64_t> start,
               std::optional<int64_t> end, BitUnit unit) {
  BitRange r;
  if (start.has_value()) {
    const int64_t whole_end = unit == BitUnit::kBit ? static_cast<int64_t>(s.size() * 8) - 1
                                                    : static_cast<int64_t>(s.size()) - 1;
    r = ToBitRange(s.size(), *start, end.value_or(whole_end), unit);
  } else if (!s.empty()) {
    r = BitRange{0, s.size() * 8 - 1, false};
  }
  if (r.empty) return -1;
  const int64_t pos = FindBitInRange(Bytes(s), r.lo, r.hi, bit);
  if (pos >= 0 || bit == 1) return pos;
  // No clear bit: without an explicit end the string counts as zero-padded.
  return end.has_value() ? -1 : static_cast<int64_t>(r.hi + 1);
}

// ---- BITFIELD ----

bool ParseBitfieldType(std::string_view arg, BitfieldType* out) {
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) return false;
  const bool is_signed = arg[0] == 'i';
  // Redis reads the width as a C string: it ends at the first NUL byte.
  std::string_view width = arg.substr(1);
  width = width.substr(0, width.find('\0'));
  int64_t bits = 0;
  if (!ParseInt64(width, &bits) || bits < 1 || bits > (is_signed ? 64 : 63)) return false;
  out->is_signed = is_signed;
  out->bits = static_cast<int>(bits);
  return true;
}

bool ParseBitOffset(std::string_view arg, bool allow_hash, int bits, uint64_t max_bulk_len,
                    uint64_t* out) {
  const bool use_hash = allow_hash && bits > 0 && !arg.empty() && arg[0] == '#';
  int64_t offset = 0;
  if (!ParseInt64(arg.substr(use_hash ? 1 : 0), &offset)) return false;
  // Redis multiplies in signed 64-bit and lets it wrap; mirror that without UB.
  if (use_hash) {
    offset = static_cast<int64_t>(static_cast<uint64_t>(offset) * static_cast<uint64_t>(bits));
  }
  if (offset < 0 || static_cast<uint64_t>(offset >> 3) >= max_bulk_len) return false;
  *out = static_cast<uint64_t>(offset);
  return true;
}

uint64_t BitfieldBytesNeeded(uint64_t offset, int bits) {
  return ((offset + static_cast<uint64_t>(bits) - 1) >> 3) + 1;
}

uint64_t GetUnsignedBitfield(std::string_view s, uint64_t offset, int bits) {
  // A field spans at most 9 bytes; gather them (zero past the end) into 128 bits.
  const uint64_t first = offset >> 3;
  const unsigned skip = offset & 7;
  const unsigned nbytes = (skip + static_cast<unsigned>(bits) + 7) / 8;
  unsigned __int128 acc = 0;
  for (unsigned i = 0; i < nbytes; ++i) {
    const uint64_t at = first + i;
    const unsigned char byte = at < s.size() ? static_cast<unsigned char>(s[at]) : 0;
    acc = (acc << 8) | byte;
  }
  acc >>= nbytes * 8 - skip - static_cast<unsigned>(bits);
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  return static_cast<uint64_t>(acc) & mask;
}

int64_t GetSignedBitfield(std::string_view s, uint64_t offset, int bits) {
  uint64_t v = GetUnsignedBitfield(s, offset, bits);
  if (bits < 64 && (v >> (bits - 1)) & 1) v |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(v);
}

void SetBitfield(std::span<char> data, uint64_t offset, int bits, uint64_t value) {
  const uint64_t first = offset >> 3;
  const unsigned skip = offset & 7;
  const unsigned nbytes = (skip + static_cast<unsigned>(bits) + 7) / 8;
  const unsigned shift = nbytes * 8 - skip - static_cast<unsigned>(bits);
  const unsigned __int128 ones = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const unsigned __int128 mask = ones << shift;
  unsigned __int128 acc = 0;
  for (unsigned i = 0; i < nbytes; ++i)
    acc = (acc << 8) | static_cast<unsigned char>(data[first + i]);
  acc = (acc & ~mask) | ((static_cast<unsigned __int128>(value) << shift) & mask);
  for (unsigned i = nbytes; i-- > 0; acc >>= 8) data[first + i] = static_cast<char>(acc & 0xFF);
}

bool CheckUnsignedBitfieldOverflow(uint64_t value, int64_t incr, int bits, BitfieldOverflow mode,
                                   uint64_t* limit) {
  const uint64_t max = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  // As in Redis, the headroom is compared as signed 64-bit numbers.
  const int64_t max_incr = static_cast<int64_t>(max - value);
  const int64_t min_incr = static_cast<int64_t>(0 - value);
  const bool high = value > max || (incr > 0 && incr > max_incr);
  const bool low = !high && incr < 0 && incr < min_incr;
  if (!high && !low) return false;
  if (mode == BitfieldOverflow::kWrap) {
    *limit = (value + static_cast<uint64_t>(incr)) & max;
  } else if (mode == BitfieldOverflow::kSat) {
    *limit = high ? max : 0;
  }
  return true;
}

bool CheckSignedBitfieldOverflow(int64_t value, int64_t incr, int bits, BitfieldOverflow mode,
                                 int64_t* limit) {
  const int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
  const int64_t min = -max - 1;
  // Redis computes these headrooms with wrapping arithmetic; so do we, without UB.
  const uint64_t uvalue = static_cast<uint64_t>(value);
  const int64_t max_incr = static_cast<int64_t>(static_cast<uint64_t>(max) - uvalue);
  const int64_t min_incr = static_cast<int64_t>(static_cast<uint64_t>(min) - uvalue);
  const bool high =
      value > max || (bits != 64 && incr > max_incr) || (value >= 0 && incr > 0 && incr > max_incr);
  const bool low = !high && (value < min || (bits != 64 && incr < min_incr) ||
                             (value < 0 && incr < 0 && incr < min_incr));
  if (!high && !low) return false;
  if (mode == BitfieldOverflow::kWrap) {
    uint64_t sum = uvalue + static_cast<uint64_t>(incr);
    if (bits < 64) {
      // Sign-extend from the field's top bit.
      const uint64_t upper = ~uint64_t{0} << bits;
      sum = (sum >> (bits - 1)) & 1 ? sum | upper : sum & ~upper;
    }
    *limit = static_cast<int64_t>(sum);
  } else if (mode == BitfieldOverflow::kSat) {
    *limit = high ? max : min;
  }
  return true;
}

namespace {

// The shared body of SET and INCRBY: `candidate` is what to store unless it overflows,
// checked as `base` + `incr`. Returns the stored value, or nullopt under kFail.
std::optional<uint64_t> StoreChecked(std::span<char> data, uint64_t offset, BitfieldType type,
                                     uint64_t base, int64_t incr, BitfieldOverflow mode) {
  uint64_t stored = base + static_cast<uint64_t>(incr);
  bool overflow;
  if (type.is_signed) {
    int64_t limit = 0;
    overflow =
        CheckSignedBitfieldOverflow(static_cast<int64_t>(base), incr, type.bits, mode, &limit);
    if (overflow) stored = static_cast<uint64_t>(limit);
  } else {
    uint64_t limit = 0;
    overflow = CheckUnsignedBitfieldOverflow(base, incr, type.bits, mode, &limit);
    if (overflow) stored = limit;
  }
  if (overflow && mode == BitfieldOverflow::kFail) return std::nullopt;
  SetBitfield(data, offset, type.bits, stored);
  return stored;
}

int64_t ReadField(std::span<const char> data, uint64_t offset, BitfieldType type) {
  std::string_view s(data.data(), data.size());
  return type.is_signed ? GetSignedBitfield(s, offset, type.bits)
                        : static_cast<int64_t>(GetUnsignedBitfield(s, offset, type.bits));
}

}  // namespace

std::optional<int64_t> BitfieldSet(std::span<char> data, uint64_t offset, BitfieldType type,
                                   int64_t value, BitfieldOverflow mode) {
  const int64_t old = ReadField(data, offset, type);
  if (!StoreChecked(data, offset, type, static_cast<uint64_t>(value), 0, mode)) {
    return std::nullopt;
  }
  return old;
}

std::optional<int64_t> BitfieldIncrBy(std::span<char> data, uint64_t offset, BitfieldType type,
                                      int64_t incr, BitfieldOverflow mode) {
  const uint64_t old = static_cast<uint64_t>(ReadField(data, offset, type));
  std::optional<uint64_t> stored = StoreChecked(data, offset, type, old, incr, mode);
  if (!stored) return std::nullopt;
  return static_cast<int64_t>(*stored);
}

// ---- BITOP ----

namespace {

// out[i] = op(out[i], src[i]) over src's length, eight bytes at a time where possible.
template <typename Op>
void Combine(std::string* out, std::string_view src, Op op) {
  unsigned char* o = reinterpret_cast<unsigned char*>(out->data());
  const unsigned char* p = Bytes(src);
  size_t i = 0;
  for (; i + 8 <= src.size(); i += 8) {
    uint64_t a;
    std::memcpy(&a, o + i, 8);
    a = op(a, LoadWord(p + i));
    std::memcpy(o + i, &a, 8);
  }
  for (; i < src.size(); ++i) o[i] = static_cast<unsigned char>(op(o[i], p[i]));
}

}  // namespace

std::string BitOp(BitOpKind op, std::span<const std::string_view> srcs) {
  size_t max_len = 0;
  for (std::string_view s : srcs) max_len = std::max(max_len, s.size());
  std::string out(max_len, '\0');
  if (max_len == 0) return out;
  out.replace(0, srcs[0].size(), srcs[0]);
  switch (op) {
    case BitOpKind::kNot:
      for (char& c : out) c = static_cast<char>(~c);
      break;
    case BitOpKind::kAnd:
      for (std::string_view s : srcs.subspan(1)) {
        Combine(&out, s, [](uint64_t a, uint64_t b) { return a & b; });
        // Past a source's end it reads as zero, which clears the rest under AND.
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(s.size()), out.end(), '\0');
      }
      break;
    case BitOpKind::kOr:
      for (std::string_view s : srcs.subspan(1)) {
        Combine(&out, s, [](uint64_t a, uint64_t b) { return a | b; });
      }
      break;
    case BitOpKind::kXor:
      for (std::string_view s : srcs.subspan(1)) {
        Combine(&out, s, [](uint64_t a, uint64_t b) { return a ^ b; });
      }
      break;
  }
  return out;
}

}  // namespace ringdb::types
