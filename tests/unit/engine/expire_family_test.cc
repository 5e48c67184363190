#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "engine/active_expire.h"
#include "engine/clock.h"
#include "engine/db_access.h"
#include "engine/keyspace.h"
#include "tests/unit/engine/command_test_util.h"
#include "types/entry.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

class ExpireFamilyTest : public CommandTest {};

TEST_F(ExpireFamilyTest, TtlFamilyOnMissingAndPersistentKeys) {
  EXPECT_EQ(Run({"TTL", "nosuch"}), ":-2\r\n");
  EXPECT_EQ(Run({"PTTL", "nosuch"}), ":-2\r\n");
  EXPECT_EQ(Run({"EXPIRETIME", "nosuch"}), ":-2\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "nosuch"}), ":-2\r\n");
  Run({"SET", "k", "v"});
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"PTTL", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"EXPIRETIME", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "k"}), ":-1\r\n");
}

TEST_F(ExpireFamilyTest, SetAndReadExpiry) {
  Run({"SET", "k", "v"});
  EXPECT_EQ(Run({"EXPIRE", "k", "100"}), ":1\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":100\r\n");
  EXPECT_EQ(Run({"PEXPIRE", "k", "1499"}), ":1\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":1\r\n");  // rounded to the nearest second
  EXPECT_EQ(Run({"EXPIREAT", "k", "4102444800"}), ":1\r\n");
  EXPECT_EQ(Run({"EXPIRETIME", "k"}), ":4102444800\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "k"}), ":4102444800000\r\n");
  EXPECT_EQ(Run({"PEXPIREAT", "k", "4102444800555"}), ":1\r\n");
  EXPECT_EQ(Run({"EXPIRETIME", "k"}), ":4102444801\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "k"}), ":4102444800555\r\n");
  EXPECT_EQ(Run({"EXPIRE", "nosuch", "10"}), ":0\r\n");
  EXPECT_EQ(Run({"PEXPIREAT", "nosuch", "4102444800000"}), ":0\r\n");
}

TEST_F(ExpireFamilyTest, Conditions) {
  Run({"SET", "o", "v"});
  EXPECT_EQ(Run({"EXPIRE", "o", "100", "XX"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "100", "GT"}), ":0\r\n");  // no TTL counts as infinite
  EXPECT_EQ(Run({"EXPIRE", "o", "100", "LT"}), ":1\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "200", "NX"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "50", "GT"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "200", "gt"}), ":1\r\n");
  EXPECT_EQ(Run({"TTL", "o"}), ":200\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "300", "LT"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "Lt"}), ":1\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "20", "XX"}), ":1\r\n");
  EXPECT_EQ(Run({"TTL", "o"}), ":20\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "20", "NX", "NX"}), ":0\r\n");
  EXPECT_EQ(Run({"PERSIST", "o"}), ":1\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "100", "NX"}), ":1\r\n");
}

TEST_F(ExpireFamilyTest, OptionErrors) {
  Run({"SET", "o", "v"});
  const std::string nx = "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "NX", "XX"}), nx);
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "NX", "GT"}), nx);
  EXPECT_EQ(Run({"PEXPIREAT", "o", "10", "NX", "LT"}), nx);
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "GT", "LT"}),
            "-ERR GT and LT options at the same time are not compatible\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "FOO"}), "-ERR Unsupported option FOO\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "10", "NX", "FOO"}), "-ERR Unsupported option FOO\r\n");
  // Options are checked before the time.
  EXPECT_EQ(Run({"EXPIRE", "o", "abc", "FOO"}), "-ERR Unsupported option FOO\r\n");
  EXPECT_EQ(Run({"EXPIRE", "nosuch", "10", "NX", "XX"}), nx);
  EXPECT_EQ(Run({"EXPIRE", "o"}), "-ERR wrong number of arguments for 'expire' command\r\n");
}

TEST_F(ExpireFamilyTest, TimeErrorsAndOverflow) {
  Run({"SET", "o", "v"});
  const std::string nan = "-ERR value is not an integer or out of range\r\n";
  EXPECT_EQ(Run({"EXPIRE", "o", "abc"}), nan);
  EXPECT_EQ(Run({"EXPIRE", "o", "1.5"}), nan);
  EXPECT_EQ(Run({"PEXPIREAT", "o", ""}), nan);
  EXPECT_EQ(Run({"EXPIRE", "o", "9223372036854775807"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "9223372036854776"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  EXPECT_EQ(Run({"PEXPIRE", "o", "9223372036854775807"}),
            "-ERR invalid expire time in 'pexpire' command\r\n");
  EXPECT_EQ(Run({"EXPIREAT", "o", "9223372036854775807"}),
            "-ERR invalid expire time in 'expireat' command\r\n");
  EXPECT_EQ(Run({"EXPIRE", "o", "-9223372036854775808"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  EXPECT_EQ(Run({"TTL", "o"}), ":-1\r\n");
  // Fits after the unit conversion, and lands in the far future.
  EXPECT_EQ(Run({"EXPIREAT", "o", "9223372036854775"}), ":1\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "o"}), ":9223372036854775000\r\n");
}

TEST_F(ExpireFamilyTest, PastTimesDelete) {
  for (const char* cmd : {"EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"}) {
    Run({"SET", "d", "v"});
    EXPECT_EQ(Run({cmd, "d", "0"}), ":1\r\n") << cmd;
    EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n") << cmd;
  }
  Run({"SET", "d", "v"});
  EXPECT_EQ(Run({"EXPIRE", "d", "-100", "NX"}), ":1\r\n");
  EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n");
  Run({"SET", "d", "v"});
  Run({"EXPIRE", "d", "100"});
  EXPECT_EQ(Run({"EXPIRE", "d", "-1", "GT"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "d", "-1", "LT"}), ":1\r\n");
  EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n");
}

TEST_F(ExpireFamilyTest, Persist) {
  Run({"SET", "p", "v"});
  EXPECT_EQ(Run({"PERSIST", "p"}), ":0\r\n");
  Run({"EXPIRE", "p", "100"});
  EXPECT_EQ(Run({"PERSIST", "p"}), ":1\r\n");
  EXPECT_EQ(Run({"PERSIST", "p"}), ":0\r\n");
  EXPECT_EQ(Run({"TTL", "p"}), ":-1\r\n");
  EXPECT_EQ(Run({"PERSIST", "nosuch"}), ":0\r\n");
}

TEST_F(ExpireFamilyTest, LazyExpiry) {
  Run({"SET", "short", "v"});
  EXPECT_EQ(Run({"PEXPIRE", "short", "50"}), ":1\r\n");
  EXPECT_EQ(Run({"EXISTS", "short"}), ":1\r\n");
  TEST_AdvanceClockMs(60);
  EXPECT_EQ(Run({"TTL", "short"}), ":-2\r\n");
  EXPECT_EQ(Run({"EXISTS", "short"}), ":0\r\n");
  EXPECT_EQ(Run({"EXPIRE", "short", "100"}), ":0\r\n");
  EXPECT_EQ(Run({"PERSIST", "short"}), ":0\r\n");
}

TEST_F(ExpireFamilyTest, ExpiryChangesTouchWatchers) {
  Run({"SET", "w", "v"});
  auto flag = std::make_shared<WatchFlag>();
  server_.keyspace().slot(types::KeySlot("w")).MutableWatches().push_back(Watch{0, "w", flag});
  EXPECT_EQ(Run({"EXPIRE", "w", "100", "GT"}), ":0\r\n");  // not applied: no touch
  EXPECT_FALSE(flag->dirty.load());
  EXPECT_EQ(Run({"EXPIRE", "w", "100"}), ":1\r\n");
  EXPECT_TRUE(flag->dirty.load());
  flag->dirty.store(false);
  EXPECT_EQ(Run({"PERSIST", "w"}), ":1\r\n");
  EXPECT_TRUE(flag->dirty.load());
}

// Stores the string keys prefix0, prefix1, ... prefix<count-1>, key i expiring at
// expire(i) (types::kNoExpire: never), without slot locks: these tests run alone.
template <typename Expire>
void StoreKeys(Keyspace* keyspace, std::string_view prefix, int count, Expire&& expire) {
  DbAccess db(keyspace, 0, NowMs());
  db.set_locked_slots(nullptr, true);
  for (int i = 0; i < count; ++i) {
    db.Store(types::Entry::NewString(std::string(prefix) + std::to_string(i), "v",
                                     types::Encoding::kEmbstr, expire(i)));
  }
}

// The active cycle removes 10k expired keys in bounded time without any single cycle
// overrunning its budget by more than the granularity of its clock checks.
TEST(ActiveExpireTest, TenThousandKeysExpireWithinBudget) {
  Keyspace keyspace(16);
  int64_t now = NowMs();
  StoreKeys(&keyspace, "vol:", 10000, [&](int) { return now + 100; });
  StoreKeys(&keyspace, "persistent", 1, [](int) { return types::kNoExpire; });
  ASSERT_EQ(keyspace.DbSize(0), 10001u);
  TEST_AdvanceClockMs(200);

  constexpr int64_t kBudgetUs = 1000;
  // The cycle checks the clock every 16 slots; allow that much overrun plus scheduling
  // noise on a loaded 2-core machine.
  constexpr int64_t kSlackUs = 20000;
  ActiveExpirer expirer(&keyspace, 0);
  int64_t deleted = 0;
  int cycles = 0;
  int64_t worst_us = 0;
  while (keyspace.DbSize(0) > 1 && cycles < 10000) {
    int64_t start = NowUs();
    deleted += expirer.RunCycle(kBudgetUs, 1);
    int64_t took = NowUs() - start;
    worst_us = std::max(worst_us, took);
    ++cycles;
  }
  EXPECT_EQ(deleted, 10000);
  EXPECT_EQ(keyspace.DbSize(0), 1u);
  EXPECT_LE(worst_us, kBudgetUs + kSlackUs);
  EXPECT_LT(cycles, 10000);
  uint32_t volatile_left = 0;
  for (int i = 0; i < kNumSlots; ++i) volatile_left += keyspace.slot(i).volatile_keys();
  EXPECT_EQ(volatile_left, 0u);
}

// With few of its keys stale a cycle stops after one round instead of sweeping every
// key with a TTL (Redis's acceptable-stale rule), yet the cursor moves on, so later
// cycles still reach every expired key.
TEST(ActiveExpireTest, FewStaleKeysEndACycleEarlyButAllAreReached) {
  Keyspace keyspace(16);
  int64_t now = NowMs();
  StoreKeys(&keyspace, "far:", 10000, [&](int) { return now + 3600 * 1000; });
  StoreKeys(&keyspace, "soon:", 100, [&](int) { return now + 100; });
  TEST_AdvanceClockMs(200);
  ActiveExpirer expirer(&keyspace, 0);
  constexpr int64_t kBudgetUs = 1000 * 1000;  // not the limit here
  int64_t deleted = expirer.RunCycle(kBudgetUs, 1);
  EXPECT_LT(deleted, 10) << "one round of ~20 keys with a TTL, ~1% of them stale";
  int cycles = 1;
  while (deleted < 100 && cycles < 10000) {
    deleted += expirer.RunCycle(kBudgetUs, 1);
    ++cycles;
  }
  EXPECT_EQ(deleted, 100);
  EXPECT_EQ(keyspace.DbSize(0), 10000u);
}

// Keys sharing a hash tag share a slot: the cycle walks it in steps of about
// kStepKeys, so 100k of them expiring together are spread over cycles like keys in
// many slots, and the persistent keys beside them are left alone.
TEST(ActiveExpireTest, OneHugeSlotIsWalkedInSteps) {
  constexpr int kKeys = 100000;
  Keyspace keyspace(16);
  int64_t now = NowMs();
  StoreKeys(&keyspace, "{tag}:", kKeys,
            [&](int i) { return i % 2 == 0 ? now + 100 : types::kNoExpire; });
  TEST_AdvanceClockMs(200);
  ActiveExpirer expirer(&keyspace, 0);
  // A spent budget ends a cycle at its first clock check: after one step.
  int64_t deleted = 0, most = 0;
  int cycles = 0;
  while (deleted < kKeys / 2 && cycles < 10000) {
    const int64_t n = expirer.RunCycle(-1, 1);
    deleted += n;
    most = std::max(most, n);
    ++cycles;
  }
  EXPECT_EQ(deleted, kKeys / 2);
  EXPECT_EQ(keyspace.DbSize(0), size_t{kKeys / 2});
  EXPECT_GT(most, 0);
  EXPECT_LE(most, 2 * ActiveExpirer::kStepKeys);
}

// A huge slot of persistent keys holding a few expired ones: a round ends after a
// step's worth of keys even when few of them have a TTL, so a cycle does not sweep
// the whole slot looking for them, and later cycles still reach every one.
TEST(ActiveExpireTest, AHugeSlotOfPersistentKeysIsNotSweptWholeEachCycle) {
  constexpr int kPersistent = 100000;
  constexpr int kVolatile = 10;
  Keyspace keyspace(16);
  int64_t now = NowMs();
  StoreKeys(&keyspace, "{tag}:", kPersistent + kVolatile,
            [&](int i) { return i < kPersistent ? types::kNoExpire : now + 100; });
  TEST_AdvanceClockMs(200);
  ActiveExpirer expirer(&keyspace, 0);
  constexpr int64_t kBudgetUs = 1000 * 1000 * 1000;  // not the limit here
  int64_t deleted = 0, first = 0;
  int cycles = 0;
  while (deleted < kVolatile && cycles < 100000) {
    const int64_t n = expirer.RunCycle(kBudgetUs, 1);
    if (deleted == 0) first = n;
    deleted += n;
    ++cycles;
  }
  EXPECT_EQ(deleted, kVolatile);
  EXPECT_LT(first, kVolatile) << "the first cycle to find one swept on for the rest";
  EXPECT_EQ(keyspace.DbSize(0), size_t{kPersistent});
}

TEST(ActiveExpireTest, EffortFollowsRedis) {
  EXPECT_EQ(ActiveExpirer::EffortFor(1).keys_per_loop, 20);
  EXPECT_EQ(ActiveExpirer::EffortFor(1).acceptable_stale_percent, 10);
  EXPECT_EQ(ActiveExpirer::EffortFor(10).keys_per_loop, 65);
  EXPECT_EQ(ActiveExpirer::EffortFor(10).acceptable_stale_percent, 1);
}

}  // namespace
}  // namespace ringdb::engine
