#include "engine/key_extraction.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <vector>

#include "engine/command_spec.h"

namespace ringdb::engine {
namespace {

// The spec a dispatcher would pick: the subcommand's for a container command.
const CommandSpec& SpecFor(const std::vector<std::string_view>& args) {
  const CommandSpec* spec = FindCommandSpec(args[0]);
  EXPECT_NE(spec, nullptr) << args[0];
  if (!spec->subcommands.empty() && args.size() > 1) {
    spec = FindSubcommandSpec(*spec, args[1]);
    EXPECT_NE(spec, nullptr) << args[1];
  }
  return *spec;
}

// Key positions, or nullopt when extraction reports invalid arguments.
std::optional<std::vector<int>> Positions(std::vector<std::string_view> args) {
  std::vector<int> positions;
  if (!ExtractKeyPositions(SpecFor(args), args, &positions)) return std::nullopt;
  return positions;
}

std::vector<uint32_t> Flags(std::vector<std::string_view> args) {
  std::vector<KeyRef> keys;
  EXPECT_TRUE(ExtractKeys(SpecFor(args), args, &keys));
  std::vector<uint32_t> flags;
  for (const KeyRef& k : keys) flags.push_back(k.flags);
  return flags;
}

using Pos = std::vector<int>;

TEST(KeyExtractionTest, SingleKeyByIndex) {
  EXPECT_EQ(Positions({"GET", "k"}), Pos({1}));
  EXPECT_EQ(Flags({"get", "k"}), std::vector<uint32_t>({kKeyRO | kKeyAccess}));
}

TEST(KeyExtractionTest, RangeWithStep) {
  EXPECT_EQ(Positions({"mset", "a", "1", "b", "2"}), Pos({1, 3}));
  // Redis counts to the last argument even when the pairs are cut short.
  EXPECT_EQ(Positions({"mset", "a", "1", "b"}), Pos({1, 3}));
}

TEST(KeyExtractionTest, RangeToTheEnd) {
  EXPECT_EQ(Positions({"del", "a", "b", "c"}), Pos({1, 2, 3}));
  bool all_write = false;
  std::vector<int> positions;
  ASSERT_TRUE(ExtractKeyPositions(*FindCommandSpec("del"),
                                  std::vector<std::string_view>{"del", "a"}, &positions,
                                  &all_write));
  EXPECT_TRUE(all_write);
}

TEST(KeyExtractionTest, KeynumAfterDestination) {
  EXPECT_EQ(Positions({"zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"}),
            Pos({1, 3, 4}));
  std::vector<int> positions;
  bool all_write = true;
  std::vector<std::string_view> args = {"zunionstore", "d", "2", "a", "b"};
  ASSERT_TRUE(ExtractKeyPositions(*FindCommandSpec("zunionstore"), args, &positions,
                                  &all_write));
  EXPECT_FALSE(all_write);  // The sources are only read.
  std::vector<KeyRef> keys;
  ASSERT_TRUE(ExtractKeys(*FindCommandSpec("zunionstore"), args, &keys));
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_TRUE(IsWriteKey(keys[0]));
  EXPECT_FALSE(IsWriteKey(keys[1]));
}

TEST(KeyExtractionTest, InvalidKeyCounts) {
  EXPECT_EQ(Positions({"zunionstore", "d", "3", "a", "b"}), std::nullopt);
  EXPECT_EQ(Positions({"zunionstore", "d", "abc", "a", "b"}), std::nullopt);
  EXPECT_EQ(Positions({"zunionstore", "d", "-1", "a", "b"}), std::nullopt);
  EXPECT_EQ(Positions({"zunionstore", "d", "0", "a", "b"}), std::nullopt);
  // Redis's fallback then re-reads the count leniently, listing the destination last.
  EXPECT_EQ(Positions({"zunionstore", "d", "+2", "a", "b"}), Pos({3, 4, 1}));
  EXPECT_EQ(Positions({"zunionstore", "d", "2abc", "a", "b"}), Pos({3, 4, 1}));
  EXPECT_EQ(Positions({"zunionstore", "d", "01", "a", "b"}), Pos({3, 1}));
  EXPECT_EQ(Positions({"zunionstore", "d", "99999999999999999999", "a"}), std::nullopt);
}

TEST(KeyExtractionTest, EvalKeynumAndNoMandatoryKeys) {
  EXPECT_EQ(Positions({"eval", "s", "2", "a", "b", "c"}), Pos({3, 4}));
  EXPECT_EQ(Positions({"fcall", "f", "1", "a"}), Pos({3}));
  // no_mandatory_keys: a bad or zero count is not an error, just no keys.
  EXPECT_EQ(Positions({"eval", "s", "0"}), Pos());
  EXPECT_EQ(Positions({"eval", "s", "abc"}), Pos());
  EXPECT_EQ(Positions({"eval", "s", "3", "a", "b"}), Pos());
}

TEST(KeyExtractionTest, KeynumAtFirstArgument) {
  EXPECT_EQ(Positions({"lmpop", "2", "a", "b", "LEFT"}), Pos({2, 3}));
  EXPECT_EQ(Positions({"blmpop", "0", "2", "a", "b", "LEFT"}), Pos({3, 4}));
  EXPECT_EQ(Positions({"sintercard", "2", "a", "b", "LIMIT", "1"}), Pos({2, 3}));
}

TEST(KeyExtractionTest, KeywordThenHalfOfTheRest) {
  EXPECT_EQ(Positions({"xread", "COUNT", "2", "STREAMS", "a", "b", "0", "0"}), Pos({4, 5}));
  EXPECT_EQ(Positions({"xread", "COUNT", "2", "streams", "a", "0"}), Pos({4}));
  // An odd tail: Redis rounds the key count down.
  EXPECT_EQ(Positions({"xread", "COUNT", "2", "STREAMS", "a", "b", "0"}), Pos({4}));
  EXPECT_EQ(Positions({"xreadgroup", "GROUP", "g", "c", "STREAMS", "a", "b", "0", "0"}),
            Pos({5, 6}));
  EXPECT_EQ(Positions({"xread", "COUNT", "2", "foo", "bar"}), std::nullopt);
  EXPECT_EQ(Positions({"xread", "STREAMS", "a"}), std::nullopt);
}

TEST(KeyExtractionTest, MigrateKeysKeyword) {
  EXPECT_EQ(Positions({"migrate", "h", "p", "", "0", "5", "KEYS", "a", "b", "c"}),
            Pos({7, 8, 9}));
  EXPECT_EQ(Positions({"migrate", "h", "p", "", "0", "5", "AUTH", "keys", "KEYS", "a"}),
            Pos({9}));
  EXPECT_EQ(Positions({"migrate", "h", "p", "k", "0", "5"}), Pos({3}));
  EXPECT_EQ(Positions({"migrate", "h", "p", "k", "0", "5", "COPY"}), Pos({3}));
  // A key together with KEYS is a syntax error the command reports.
  EXPECT_EQ(Positions({"migrate", "h", "p", "k", "0", "5", "KEYS", "a"}), std::nullopt);
}

TEST(KeyExtractionTest, SortWithUnknownSpecs) {
  EXPECT_EQ(Positions({"sort", "k"}), Pos({1}));
  EXPECT_EQ(Positions({"sort", "k", "BY", "x", "GET", "y"}), Pos({1}));
  EXPECT_EQ(Positions({"sort", "k", "STORE", "d"}), Pos({1, 3}));
  EXPECT_EQ(Positions({"sort", "k", "store", "d", "LIMIT", "0", "1", "STORE", "e"}),
            Pos({1, 8}));
  EXPECT_EQ(Positions({"sort", "k", "BY", "store", "GET", "x"}), Pos({1}));
  EXPECT_EQ(Flags({"sort", "k", "STORE", "d"}),
            std::vector<uint32_t>({kKeyRO | kKeyAccess, kKeyOW | kKeyUpdate}));
  EXPECT_EQ(Positions({"sort_ro", "k", "BY", "x"}), Pos({1}));
}

TEST(KeyExtractionTest, Subcommand) {
  EXPECT_EQ(Positions({"OBJECT", "ENCODING", "k"}), Pos({2}));
  EXPECT_EQ(Positions({"object", "help"}), Pos());
  EXPECT_FALSE(CommandHasKeys(SpecFor({"object", "help"})));
  EXPECT_TRUE(CommandHasKeys(SpecFor({"object", "freq", "k"})));
}

TEST(KeyExtractionTest, KeywordSearchedFromTheStart) {
  EXPECT_EQ(Positions({"georadius", "k", "1", "2", "3", "m", "STORE", "d"}), Pos({1, 7}));
  EXPECT_EQ(Positions({"georadius", "k", "1", "2", "3", "m", "STORE", "d", "STOREDIST", "e"}),
            Pos({1, 7, 9}));
  // A trailing keyword has no key after it and is not one.
  EXPECT_EQ(Positions({"georadius", "k", "1", "2", "3", "m", "STORE"}), Pos({1}));
}

TEST(KeyExtractionTest, VariableFlags) {
  EXPECT_EQ(Flags({"set", "k", "v"}), std::vector<uint32_t>({kKeyOW | kKeyUpdate}));
  EXPECT_EQ(Flags({"set", "k", "v", "get"}),
            std::vector<uint32_t>({kKeyRW | kKeyAccess | kKeyUpdate}));
  EXPECT_EQ(Flags({"bitfield", "k", "GET", "u8", "0"}),
            std::vector<uint32_t>({kKeyRO | kKeyAccess}));
  EXPECT_EQ(Flags({"bitfield", "k", "GET", "u8", "0", "SET", "u8", "0", "1"}),
            std::vector<uint32_t>({kKeyRW | kKeyAccess | kKeyUpdate}));
}

TEST(KeyExtractionTest, ChannelsAreNotKeys) {
  EXPECT_FALSE(CommandHasKeys(*FindCommandSpec("spublish")));
  EXPECT_EQ(Positions({"spublish", "ch", "msg"}), Pos());
  EXPECT_EQ(Positions({"ping"}), Pos());
}

// The dispatcher's fast path must find the same keys as the key specs for every
// command it applies to, at every plausible argument count.
TEST(KeyExtractionTest, LegacyRangeMatchesTheKeySpecs) {
  auto check = [](const CommandSpec& spec) {
    if (!KeysFollowLegacyRange(spec)) return;
    const int min_argc = spec.arity < 0 ? -spec.arity : spec.arity;
    const int max_argc = spec.arity < 0 ? min_argc + 6 : spec.arity;
    for (int argc = min_argc; argc <= max_argc; ++argc) {
      std::vector<std::string_view> args(argc, "x");
      args[0] = spec.name;
      std::vector<int> from_specs, from_range;
      // Where the specs call the arguments invalid, as Redis's COMMAND GETKEYS does for
      // "PFMERGE dest" (its source range is empty), there is nothing to compare: the
      // range still names the key the command writes.
      if (!ExtractKeyPositions(spec, args, &from_specs)) continue;
      ForEachLegacyRangeKey(spec, argc, [&](int p) { from_range.push_back(p); });
      EXPECT_EQ(from_range, from_specs) << spec.name << " argc " << argc;
    }
  };
  int checked = 0;
  for (const CommandSpec& spec : AllCommandSpecs()) {
    check(spec);
    for (const CommandSpec& sub : spec.subcommands) check(sub);
    checked += KeysFollowLegacyRange(spec);
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace ringdb::engine

