// A thin owner of one io_uring instance, driven the way liburing's examples do it.
//
// Thread: a Ring created with single_issuer=true must be created, submitted to and
// waited on by one thread only (IORING_SETUP_SINGLE_ISSUER ties it to its creator).
// Destroy() may run on another thread once that thread has stopped using it.
#pragma once

#include <liburing.h>

#include <cstdint>
#include <string>

namespace ringdb::io {

class Ring {
 public:
  Ring() = default;
  ~Ring() { Destroy(); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  // Creates the ring. With single_issuer, asks for SINGLE_ISSUER|DEFER_TASKRUN and
  // falls back to COOP_TASKRUN, then to no flags, where the kernel answers -EINVAL.
  // On failure returns false with a sentence in *error.
  bool Init(unsigned entries, bool single_issuer, std::string* error);
  void Destroy();

  // Never returns nullptr: a full SQ is flushed to the kernel and the call retried.
  io_uring_sqe* GetSqe();
  // Hands queued SQEs to the kernel without waiting.
  void Submit();
  // Submits and waits for at least one completion or until timeout_ms passes
  // (timeout_ms < 0: no timeout). Interrupted waits and timeouts simply return.
  // With min_wait_us > 0 and a kernel that has min-wait (6.12+), waits for `nr`
  // completions for up to min_wait_us, then for any one; elsewhere as nr = 1.
  void SubmitAndWait(int64_t timeout_ms, unsigned nr = 1, unsigned min_wait_us = 0);
  bool has_min_wait() const { return has_min_wait_; }

  io_uring* raw() { return &ring_; }
  int fd() const { return ring_.ring_fd; }
  bool initialized() const { return initialized_; }
  unsigned setup_flags() const { return setup_flags_; }

 private:
  void SubmitAndWaitBatch(int64_t timeout_ms, unsigned nr, unsigned min_wait_us);

  io_uring ring_{};
  bool initialized_ = false;
  unsigned setup_flags_ = 0;
  bool has_min_wait_ = false;
};

}  // namespace ringdb::io
