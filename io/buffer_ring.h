// A ring of provided receive buffers (IORING_REGISTER_PBUF_RING), built by hand since
// Debian's liburing 2.3 lacks io_uring_setup_buf_ring (as examples/io_uring-udp.c).
// Multishot receives pick a buffer from it; the loop gives each back as soon as the
// bytes in it have been handed to the handler or copied into the connection.
//
// Thread: owned by one event loop; all calls on that loop's thread, except that
// Release() may run after the ring is destroyed, on any thread.
#pragma once

#include <liburing.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ringdb::io {

class BufferRing {
 public:
  BufferRing() = default;
  ~BufferRing() { Release(); }
  BufferRing(const BufferRing&) = delete;
  BufferRing& operator=(const BufferRing&) = delete;

  // REQUIRES: count is a power of two no larger than 32768.
  bool Init(io_uring* ring, uint16_t group_id, unsigned count, size_t buffer_bytes,
            std::string* error);
  // Unmaps the memory. REQUIRES: no receive can still write into it (the ring is
  // destroyed or nothing using the group is in flight).
  void Release();

  char* buffer(uint16_t id) const { return buffers_ + static_cast<size_t>(id) * buffer_bytes_; }
  // Makes buffer `id` available to the kernel again.
  void Return(uint16_t id);

  uint16_t group_id() const { return group_id_; }

 private:
  io_uring_buf_ring* ring_ = nullptr;
  char* buffers_ = nullptr;
  void* memory_ = nullptr;
  size_t memory_bytes_ = 0;
  size_t buffer_bytes_ = 0;
  unsigned count_ = 0;
  uint16_t group_id_ = 0;
};

}  // namespace ringdb::io
