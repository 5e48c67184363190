#include "io/mailbox.h"

#include <cerrno>

namespace ringdb::io {
namespace {
constexpr unsigned kWakeSenderEntries = 8;
}  // namespace

bool Mailbox::Push(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(fn));
  }
  // seq_cst pairs with AckWake: either this exchange sees false and wakes, or the
  // loop's AckWake comes later and its TakeAll sees the item pushed above.
  return !wake_pending_.exchange(true, std::memory_order_seq_cst);
}

void Mailbox::TakeAll(std::vector<std::function<void()>>* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  out->swap(queue_);
}

bool Mailbox::empty() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.empty();
}

bool WakeSender::Init(std::string* error) {
  return ring_.Init(kWakeSenderEntries, /*single_issuer=*/false, error);
}

int WakeSender::Send(int target_ring_fd, uint64_t user_data) {
  std::lock_guard<std::mutex> lock(mutex_);
  io_uring_sqe* sqe = ring_.GetSqe();
  io_uring_prep_msg_ring(sqe, target_ring_fd, 0, user_data, 0);
  io_uring_sqe_set_data64(sqe, 0);
  int ret;
  do {
    ret = io_uring_submit_and_wait(ring_.raw(), 1);
  } while (ret == -EINTR);
  if (ret < 0) return ret;
  io_uring_cqe* cqe = nullptr;
  ret = io_uring_wait_cqe(ring_.raw(), &cqe);
  if (ret < 0) return ret;
  int result = cqe->res;
  io_uring_cqe_seen(ring_.raw(), cqe);
  return result;
}

}  // namespace ringdb::io
