#include "io/ring.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "io/log.h"

namespace ringdb::io {
namespace {

// The completion queue is larger than the submission queue: multishot receives and
// accepts post many completions per submission.
constexpr unsigned kCqPerSqEntry = 4;
// Tries to get an SQE before treating the ring as broken.
constexpr int kMaxSqeRetries = 1000;

}  // namespace

bool Ring::Init(unsigned entries, bool single_issuer, std::string* error) {
  const unsigned base = IORING_SETUP_CQSIZE;
  const unsigned attempts[] = {
      base | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
      base | IORING_SETUP_COOP_TASKRUN,
      base,
  };
  int ret = -EINVAL;
  for (unsigned flags : attempts) {
    if (!single_issuer && (flags & IORING_SETUP_SINGLE_ISSUER)) continue;
    io_uring_params params{};
    params.flags = flags;
    params.cq_entries = entries * kCqPerSqEntry;
    ret = io_uring_queue_init_params(entries, &ring_, &params);
    if (ret == 0) {
      initialized_ = true;
      setup_flags_ = flags;
      return true;
    }
    if (ret != -EINVAL) break;  // only -EINVAL means "flag not known here"
  }
  *error = std::string("io_uring_setup failed (") + strerror(-ret) + ")";
  return false;
}

void Ring::Destroy() {
  if (!initialized_) return;
  io_uring_queue_exit(&ring_);
  initialized_ = false;
}

io_uring_sqe* Ring::GetSqe() {
  for (int attempt = 0; attempt < kMaxSqeRetries; ++attempt) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe != nullptr) return sqe;
    // Full SQ: flush it and retry. -EBUSY/-EAGAIN mean the kernel wants the CQ
    // drained first; the retries give it the chance through the submit itself.
    io_uring_submit(&ring_);
  }
  LogWarning("io_uring submission queue stays full; aborting");
  abort();
}

void Ring::Submit() {
  int ret;
  do {
    ret = io_uring_submit(&ring_);
  } while (ret == -EINTR);
}

void Ring::SubmitAndWait(int64_t timeout_ms) {
  if (timeout_ms < 0) {
    io_uring_submit_and_wait(&ring_, 1);
    return;
  }
  __kernel_timespec ts{};
  ts.tv_sec = timeout_ms / 1000;
  ts.tv_nsec = (timeout_ms % 1000) * 1000000;
  io_uring_cqe* cqe = nullptr;
  // -ETIME, -EINTR and -EBUSY all lead back to reaping whatever is there.
  io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);
}

}  // namespace ringdb::io
