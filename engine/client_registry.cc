#include "engine/client_registry.h"

#include <algorithm>
#include <vector>

#include "engine/client_state.h"
#include "io/event_loop.h"

namespace ringdb::engine {

bool ClientRegistry::Add(ClientState* client, int64_t max_clients) {
  std::lock_guard lock(mu_);
  if (max_clients > 0 && static_cast<int64_t>(clients_.size()) >= max_clients) return false;
  clients_[client->id()] = client;
  return true;
}

void ClientRegistry::Remove(uint64_t id) {
  std::lock_guard lock(mu_);
  clients_.erase(id);
}

size_t ClientRegistry::size() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

void ClientRegistry::ForEach(const std::function<void(ClientState&)>& f) const {
  std::lock_guard lock(mu_);
  std::vector<ClientState*> sorted;
  sorted.reserve(clients_.size());
  for (auto& [id, c] : clients_) sorted.push_back(c);
  std::sort(sorted.begin(), sorted.end(),
            [](ClientState* a, ClientState* b) { return a->id() < b->id(); });
  for (ClientState* c : sorted) f(*c);
}

int ClientRegistry::Kill(const std::function<bool(const ClientState&)>& match) {
  std::lock_guard lock(mu_);
  int n = 0;
  for (auto& [id, c] : clients_) {
    // A client already killed is on its way out, as in Redis, where it is gone: it
    // is not counted again, and its loop gets one close, not one per KILL (which
    // also bounds the mailbox by the number of clients).
    if (c->killed.load(std::memory_order_relaxed) || !match(*c)) continue;
    ++n;
    c->killed.store(true, std::memory_order_relaxed);
    io::EventLoop* loop = c->loop();
    uint64_t conn = id;
    // By id, not pointer: the client may be gone by the time the loop runs this.
    if (loop) loop->Post([loop, conn] { loop->CloseConnection(conn); });
  }
  return n;
}

}  // namespace ringdb::engine
