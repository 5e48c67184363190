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
// IORING_FEAT_MIN_TIMEOUT (kernel 6.12): io_uring_getevents_arg's `pad` carries
// min_wait_usec. liburing 2.3's headers predate both names.
constexpr unsigned kFeatMinTimeout = 1u << 15;

__kernel_timespec Timespec(int64_t ms) {
  __kernel_timespec ts{};
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000;
  return ts;
}

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
      has_min_wait_ = (params.features & kFeatMinTimeout) != 0;
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

void Ring::SubmitAndWait(int64_t timeout_ms, unsigned nr, unsigned min_wait_us) {
  if (min_wait_us > 0 && has_min_wait_) return SubmitAndWaitBatch(timeout_ms, nr, min_wait_us);
  if (timeout_ms < 0) {
    io_uring_submit_and_wait(&ring_, 1);
    return;
  }
  __kernel_timespec ts = Timespec(timeout_ms);
  io_uring_cqe* cqe = nullptr;
  // -ETIME, -EINTR and -EBUSY all lead back to reaping whatever is there.
  io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &ts, nullptr);
}

// liburing 2.3 cannot pass min_wait_usec, so this flushes the SQ as its submit does
// (a single issuer, no SQPOLL) and enters the kernel itself.
void Ring::SubmitAndWaitBatch(int64_t timeout_ms, unsigned nr, unsigned min_wait_us) {
  io_uring_sq& sq = ring_.sq;
  if (sq.sqe_head != sq.sqe_tail) {
    sq.sqe_head = sq.sqe_tail;
    io_uring_smp_store_release(sq.ktail, sq.sqe_tail);
  }
  const unsigned to_submit = *sq.ktail - io_uring_smp_load_acquire(sq.khead);
  __kernel_timespec ts = Timespec(timeout_ms);
  io_uring_getevents_arg arg{};
  arg.pad = min_wait_us;
  if (timeout_ms >= 0) arg.ts = reinterpret_cast<uint64_t>(&ts);
  // -ETIME, -EINTR and -EBUSY all lead back to reaping whatever is there.
  io_uring_enter2(ring_.ring_fd, to_submit, nr, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG,
                  reinterpret_cast<sigset_t*>(&arg), sizeof(arg));
}

}  // namespace ringdb::io
