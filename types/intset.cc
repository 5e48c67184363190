#include "types/intset.h"

#include <bit>
#include <cassert>
#include <cstring>
#include <limits>
#include <utility>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

// The header of a set that holds no block: width 2, no elements.
constexpr uint8_t kEmptyHeader[Intset::kHeaderBytes] = {2, 0, 0, 0, 0, 0, 0, 0};

template <typename T>
T FromLittleEndian(T v) {
  if constexpr (std::endian::native == std::endian::big) {
    if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(v));
    if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(v));
    if constexpr (sizeof(T) == 8) return static_cast<T>(__builtin_bswap64(v));
  }
  return v;
}

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return FromLittleEndian(v);
}

template <typename T>
void Store(uint8_t* p, T v) {
  v = FromLittleEndian(v);  // the swap is its own inverse
  std::memcpy(p, &v, sizeof v);
}

size_t BlobBytes(size_t length, uint32_t width) { return Intset::kHeaderBytes + length * width; }

}  // namespace

uint32_t Intset::LoadU32(const uint8_t* p) { return Load<uint32_t>(p); }
void Intset::StoreU32(uint8_t* p, uint32_t v) { Store<uint32_t>(p, v); }

int64_t Intset::LoadAt(const uint8_t* elements, uint32_t width, size_t index) {
  const uint8_t* p = elements + index * width;
  switch (width) {
    case 2:
      return Load<int16_t>(p);
    case 4:
      return Load<int32_t>(p);
    default:
      return Load<int64_t>(p);
  }
}

void Intset::StoreAt(uint8_t* elements, uint32_t width, size_t index, int64_t value) {
  uint8_t* p = elements + index * width;
  switch (width) {
    case 2:
      Store<int16_t>(p, static_cast<int16_t>(value));
      break;
    case 4:
      Store<int32_t>(p, static_cast<int32_t>(value));
      break;
    default:
      Store<int64_t>(p, value);
      break;
  }
}

uint32_t Intset::WidthFor(int64_t value) {
  if (value >= std::numeric_limits<int16_t>::min() && value <= std::numeric_limits<int16_t>::max())
    return 2;
  if (value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max())
    return 4;
  return 8;
}

Intset::~Intset() { alloc::Free(data_); }

Intset::Intset(const Intset& other) : Intset() { *this = other; }

Intset& Intset::operator=(const Intset& other) {
  if (this == &other) return *this;
  alloc::Free(std::exchange(data_, nullptr));
  capacity_ = 0;
  if (other.data_ != nullptr) {
    size_t n = other.bytes().size();
    data_ = static_cast<uint8_t*>(alloc::Allocate(n));
    capacity_ = alloc::UsableSize(data_);
    std::memcpy(data_, other.data_, n);
  }
  return *this;
}

Intset::Intset(Intset&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), capacity_(std::exchange(other.capacity_, 0)) {}

Intset& Intset::operator=(Intset&& other) noexcept {
  if (this != &other) {
    alloc::Free(data_);
    data_ = std::exchange(other.data_, nullptr);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

std::optional<Intset> Intset::FromBytes(std::string_view blob) {
  if (blob.size() < kHeaderBytes) return std::nullopt;
  const auto* p = reinterpret_cast<const uint8_t*>(blob.data());
  uint32_t width = LoadU32(p);
  uint64_t length = LoadU32(p + 4);
  if (width != 2 && width != 4 && width != 8) return std::nullopt;
  // 64-bit arithmetic: a forged length cannot wrap the product.
  if (length == 0 || kHeaderBytes + length * width != blob.size()) return std::nullopt;
  const uint8_t* elements = p + kHeaderBytes;
  for (size_t i = 1; i < length; ++i) {
    if (LoadAt(elements, width, i - 1) >= LoadAt(elements, width, i)) return std::nullopt;
  }
  Intset set;
  set.data_ = static_cast<uint8_t*>(alloc::Allocate(blob.size()));
  set.capacity_ = alloc::UsableSize(set.data_);
  std::memcpy(set.data_, blob.data(), blob.size());
  return set;
}

std::string_view Intset::bytes() const {
  const uint8_t* p = data_ == nullptr ? kEmptyHeader : data_;
  return {reinterpret_cast<const char*>(p), BlobBytes(size(), width())};
}

int64_t Intset::Get(size_t index) const {
  assert(index < size());
  return LoadAt(data_ + kHeaderBytes, width(), index);
}

Intset::Position Intset::Search(int64_t value) const {
  size_t n = size();
  if (n == 0) return {0, false};
  const uint8_t* elements = data_ + kHeaderBytes;
  uint32_t w = width();
  // Appends and prepends are common (ids in order): settle them without a search.
  if (value > LoadAt(elements, w, n - 1)) return {n, false};
  if (value < LoadAt(elements, w, 0)) return {0, false};
  size_t lo = 0, hi = n;  // the answer is in [lo, hi]
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t v = LoadAt(elements, w, mid);
    if (v == value) return {mid, true};
    if (v < value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return {lo, false};
}

bool Intset::Contains(int64_t value) const {
  return WidthFor(value) <= width() && Search(value).found;
}

void Intset::Resize(size_t length, uint32_t width) {
  size_t need = BlobBytes(length, width);
  // Keep the block while a fresh one for `need` bytes would be no smaller.
  if (data_ == nullptr || need > capacity_ || alloc::GoodSize(need) < capacity_) {
    auto* block = static_cast<uint8_t*>(alloc::Allocate(need));
    if (data_ != nullptr) std::memcpy(block, data_, std::min<size_t>(need, bytes().size()));
    alloc::Free(data_);
    data_ = block;
    capacity_ = alloc::UsableSize(block);
  }
  StoreU32(data_, width);
  StoreU32(data_ + 4, static_cast<uint32_t>(length));
}

void Intset::Upgrade(int64_t value) {
  size_t n = size();
  uint32_t old_width = width();
  uint32_t new_width = WidthFor(value);
  size_t need = BlobBytes(n + 1, new_width);
  auto* block = static_cast<uint8_t*>(alloc::Allocate(need));
  StoreU32(block, new_width);
  StoreU32(block + 4, static_cast<uint32_t>(n + 1));
  // A value too wide for the set lies beyond every element: first if negative.
  size_t shift = value < 0 ? 1 : 0;
  for (size_t i = 0; i < n; ++i) {
    StoreAt(block + kHeaderBytes, new_width, i + shift, LoadAt(data_ + kHeaderBytes, old_width, i));
  }
  StoreAt(block + kHeaderBytes, new_width, value < 0 ? 0 : n, value);
  alloc::Free(data_);
  data_ = block;
  capacity_ = alloc::UsableSize(block);
}

bool Intset::Add(int64_t value) {
  if (WidthFor(value) > width()) {
    assert(size() < kMaxSize);
    Upgrade(value);
    return true;
  }
  Position p = Search(value);
  if (p.found) return false;
  size_t n = size();
  assert(n < kMaxSize);
  uint32_t w = width();
  Resize(n + 1, w);
  uint8_t* elements = data_ + kHeaderBytes;
  std::memmove(elements + (p.index + 1) * w, elements + p.index * w, (n - p.index) * w);
  StoreAt(elements, w, p.index, value);
  return true;
}

bool Intset::Remove(int64_t value) {
  if (WidthFor(value) > width()) return false;
  Position p = Search(value);
  if (!p.found) return false;
  size_t n = size();
  uint32_t w = width();
  uint8_t* elements = data_ + kHeaderBytes;
  std::memmove(elements + p.index * w, elements + (p.index + 1) * w, (n - p.index - 1) * w);
  Resize(n - 1, w);
  return true;
}

void Intset::Clear() {
  if (data_ == nullptr) return;
  if (width() == 2) {
    alloc::Free(std::exchange(data_, nullptr));
    capacity_ = 0;
    return;
  }
  Resize(0, width());
}

}  // namespace ringdb::types
