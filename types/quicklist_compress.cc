// Quicklist node compression (list-compress-depth), Redis 7.0's rules: only interior
// nodes, only listpacks of 48 bytes or more, and only when LZF saves at least 8 bytes.
#include <lzf.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "alloc/memory.h"
#include "types/quicklist.h"

namespace ringdb::types {
namespace {

// Redis's MIN_COMPRESS_BYTES and MIN_COMPRESS_IMPROVE.
constexpr size_t kMinCompressBytes = 48;
constexpr size_t kMinCompressImprove = 8;

}  // namespace

void Quicklist::DropLzf(Node* node) {
  if (node->lzf == nullptr) return;
  alloc::Free(node->lzf);
  node->lzf = nullptr;
  node->lzf_bytes = 0;
}

size_t Quicklist::NodeDataBytes(const Node* node) {
  return node->lzf != nullptr ? alloc::UsableSize(node->lzf) : node->lp.AllocatedBytes();
}

namespace {
// The listpack a compressed node holds.
Listpack Inflate(const char* lzf, uint32_t lzf_bytes, uint32_t bytes) {
  auto buf = std::make_unique_for_overwrite<char[]>(bytes);
  const unsigned n = lzf_decompress(lzf, lzf_bytes, buf.get(), bytes);
  std::optional<Listpack> lp =
      n == bytes ? Listpack::FromBytes(std::string_view(buf.get(), n)) : std::nullopt;
  if (!lp) std::abort();  // our own compressed bytes: memory corruption
  return std::move(*lp);
}
}  // namespace

void Quicklist::DecompressNode(Node* node) {
  if (node->lzf == nullptr) return;
  node->lp = Inflate(node->lzf, node->lzf_bytes, node->bytes);
  DropLzf(node);
}

const Listpack& Quicklist::Raw(const Node* node) const {
  if (node->lzf == nullptr) return node->lp;
  thread_local Listpack scratch;
  scratch = Inflate(node->lzf, node->lzf_bytes, node->bytes);
  return scratch;
}

Listpack& Quicklist::RawForEdit(Node* node) {
  if (node->lzf != nullptr) {
    DecompressNode(node);
    node->recompress = true;
  }
  return node->lp;
}

void Quicklist::CompressNode(Node* node) {
  node->recompress = false;
  if (node->lzf != nullptr || node->prev == nullptr || node->next == nullptr) return;
  if (node->bytes < kMinCompressBytes) return;
  char* out = static_cast<char*>(alloc::Allocate(node->bytes));
  const std::string_view raw = node->lp.bytes();
  const unsigned n = lzf_compress(raw.data(), static_cast<unsigned>(raw.size()), out,
                                  static_cast<unsigned>(raw.size()));
  if (n == 0 || n + kMinCompressImprove >= raw.size()) {
    alloc::Free(out);
    return;
  }
  char* blob = static_cast<char*>(alloc::Allocate(n));
  std::memcpy(blob, out, n);
  alloc::Free(out);
  node->lzf = blob;
  node->lzf_bytes = n;
  Listpack gone = std::move(node->lp);  // node->lp is left empty until decompressed
}

void Quicklist::Recompress(Node* node) {
  if (node->recompress) CompressNode(node);
}

void Quicklist::Compress(Node* touched) {
  if (touched != nullptr && touched->recompress) return CompressNode(touched);
  if (len_ == 0 || compress_ == 0 || len_ < static_cast<size_t>(compress_) * 2) return;
  Node* forward = head_;
  Node* reverse = tail_;
  bool in_depth = false;
  for (int depth = 0; depth < compress_; ++depth) {
    DecompressNode(forward);
    DecompressNode(reverse);
    if (forward == touched || reverse == touched) in_depth = true;
    // The two ends met: everything is within the depth.
    if (forward == reverse || forward->next == reverse) return;
    forward = forward->next;
    reverse = reverse->prev;
  }
  if (!in_depth && touched != nullptr) CompressNode(touched);
  CompressNode(forward);
  CompressNode(reverse);
}

}  // namespace ringdb::types
