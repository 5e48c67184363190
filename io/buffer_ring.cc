#include "io/buffer_ring.h"

#include <sys/mman.h>

#include <cstring>

namespace ringdb::io {

bool BufferRing::Init(io_uring* ring, uint16_t group_id, unsigned count, size_t buffer_bytes,
                      std::string* error) {
  const size_t ring_bytes = count * sizeof(io_uring_buf);
  memory_bytes_ = ring_bytes + count * buffer_bytes;
  // mmap gives the page alignment the kernel requires for the ring.
  void* memory = mmap(nullptr, memory_bytes_, PROT_READ | PROT_WRITE,
                      MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (memory == MAP_FAILED) {
    *error = std::string("mmap of the receive buffers failed (") + strerror(errno) + ")";
    return false;
  }
  memory_ = memory;
  ring_ = static_cast<io_uring_buf_ring*>(memory);
  buffers_ = static_cast<char*>(memory) + ring_bytes;
  buffer_bytes_ = buffer_bytes;
  count_ = count;
  group_id_ = group_id;

  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<uintptr_t>(ring_);
  reg.ring_entries = count;
  reg.bgid = group_id;
  int ret = io_uring_register_buf_ring(ring, &reg, 0);
  if (ret != 0) {
    *error = std::string("io_uring_register_buf_ring failed (") + strerror(-ret) +
             "); ringdb needs Linux 5.19 or later";
    Release();
    return false;
  }
  io_uring_buf_ring_init(ring_);
  const int mask = io_uring_buf_ring_mask(count);
  for (unsigned i = 0; i < count; ++i) {
    io_uring_buf_ring_add(ring_, buffer(i), buffer_bytes, i, mask, i);
  }
  io_uring_buf_ring_advance(ring_, count);
  return true;
}

void BufferRing::Release() {
  if (memory_ == nullptr) return;
  munmap(memory_, memory_bytes_);
  memory_ = nullptr;
  ring_ = nullptr;
  buffers_ = nullptr;
}

void BufferRing::Return(uint16_t id) {
  io_uring_buf_ring_add(ring_, buffer(id), buffer_bytes_, id, io_uring_buf_ring_mask(count_), 0);
  io_uring_buf_ring_advance(ring_, 1);
}

}  // namespace ringdb::io
