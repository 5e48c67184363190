#include "engine/command_registry.h"

#include <gtest/gtest.h>

#include <memory>

namespace ringdb::engine {
namespace {

void Noop(CmdArgs, CommandContext&) {}

TEST(CommandRegistryTest, FindIsCaseInsensitiveThroughItsCache) {
  CommandRegistry registry;
  registry.Register("get", Noop);
  const CommandEntry* get = registry.Find("get");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(registry.Find("GET"), get);
  EXPECT_EQ(registry.Find("GET"), get);  // the cached spelling
  EXPECT_EQ(registry.Find("gEt"), get);
  EXPECT_EQ(registry.Find("set"), nullptr);
  EXPECT_EQ(registry.Find("GET"), get);
}

TEST(CommandRegistryTest, ACachedLookupNeverOutlivesAChangeOrTheRegistry) {
  auto first = std::make_unique<CommandRegistry>();
  first->Register("get", Noop);
  ASSERT_NE(first->Find("GET"), nullptr);
  first->Register("set", Noop);  // may rehash: the cached entry must not be served
  EXPECT_EQ(first->Find("GET")->fullname, "get");
  first.reset();
  // A new registry (possibly at the same address) without GET.
  auto second = std::make_unique<CommandRegistry>();
  second->Register("set", Noop);
  EXPECT_EQ(second->Find("GET"), nullptr);
}

}  // namespace
}  // namespace ringdb::engine
