#include "engine/client_registry.h"

#include <gtest/gtest.h>

#include "engine/client_state.h"

namespace ringdb::engine {
namespace {

TEST(ClientRegistryTest, AClientIsKilledOnce) {
  ClientRegistry registry;
  ClientState a(1, "127.0.0.1:1", "127.0.0.1:6379", nullptr, 0);
  ClientState b(2, "127.0.0.1:2", "127.0.0.1:6379", nullptr, 0);
  ASSERT_TRUE(registry.Add(&a, 0));
  ASSERT_TRUE(registry.Add(&b, 0));
  auto is_a = [](const ClientState& c) { return c.id() == 1; };
  EXPECT_EQ(registry.Kill(is_a), 1);
  EXPECT_TRUE(a.killed.load());
  EXPECT_FALSE(b.killed.load());
  // Still registered until its loop closes it, but not counted (or posted) again.
  EXPECT_EQ(registry.Kill(is_a), 0);
  EXPECT_EQ(registry.Kill([](const ClientState&) { return true; }), 1);
  registry.Remove(1);
  registry.Remove(2);
}

}  // namespace
}  // namespace ringdb::engine
