// Every connected client, for CLIENT LIST / KILL / INFO clients and maxclients.
//
// Thread: any. Registration happens on connect and close only, so one mutex is fine.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace ringdb::engine {

class ClientState;

class ClientRegistry {
 public:
  // Adds `client` unless `max_clients` are connected already.
  bool Add(ClientState* client, int64_t max_clients);
  void Remove(uint64_t id);
  size_t size() const;
  // Calls f(ClientState&) for each client, in id order, under the registry lock; the
  // clients stay alive meanwhile (Remove waits for the lock), but f may only read
  // their thread-safe fields.
  void ForEach(const std::function<void(ClientState&)>& f) const;
  // Marks the matching clients killed and asks their loops to close them; returns
  // how many matched. Clients killed before are skipped.
  int Kill(const std::function<bool(const ClientState&)>& match);

 private:
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, ClientState*> clients_;
};

}  // namespace ringdb::engine
