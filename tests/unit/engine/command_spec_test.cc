#include "engine/command_spec.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace ringdb::engine {
namespace {

TEST(CommandSpecTest, TableIsSortedLowercaseAndComplete) {
  const auto all = AllCommandSpecs();
  EXPECT_EQ(all.size(), 240u);  // Redis 7.0.15's COMMAND COUNT.
  size_t subs = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(all[i - 1].name, all[i].name);
    }
    for (char c : all[i].name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << all[i].name;
    EXPECT_FALSE(all[i].IsSubcommand());
    for (const CommandSpec& sub : all[i].subcommands) {
      EXPECT_TRUE(sub.IsSubcommand());
      EXPECT_EQ(sub.name.substr(0, all[i].name.size() + 1), std::string(all[i].name) + "|");
      EXPECT_TRUE(sub.subcommands.empty());
      ++subs;
    }
  }
  // 366 entries in Redis 7.0's COMMAND LIST, plus client|setinfo (ringdb-extensions.json).
  EXPECT_EQ(subs, 127u);
}

TEST(CommandSpecTest, EveryNameRoundTripsThroughLookup) {
  for (const CommandSpec& spec : AllCommandSpecs()) {
    EXPECT_EQ(FindCommandSpec(spec.name), &spec);
    std::string upper(spec.name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(FindCommandSpec(upper), &spec);
    EXPECT_EQ(FindCommandSpecByFullName(upper), &spec);
    for (const CommandSpec& sub : spec.subcommands) {
      EXPECT_EQ(FindSubcommandSpec(spec, sub.ShortName()), &sub);
      EXPECT_EQ(FindCommandSpecByFullName(sub.name), &sub);
      EXPECT_EQ(FindCommandSpec(sub.name), nullptr);
    }
  }
}

TEST(CommandSpecTest, LookupMisses) {
  EXPECT_EQ(FindCommandSpec(""), nullptr);
  EXPECT_EQ(FindCommandSpec("nosuch"), nullptr);
  EXPECT_EQ(FindCommandSpec("ge"), nullptr);
  EXPECT_EQ(FindCommandSpec("gett"), nullptr);
  EXPECT_EQ(FindCommandSpec("config|get"), nullptr);
  const CommandSpec* config = FindCommandSpec("CoNfIg");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(FindSubcommandSpec(*config, "nosuch"), nullptr);
  EXPECT_EQ(FindSubcommandSpec(*config, ""), nullptr);
  EXPECT_EQ(FindSubcommandSpec(*config, "get|x"), nullptr);
  // A subcommand name of another container is not CONFIG's.
  EXPECT_EQ(FindSubcommandSpec(*config, "encoding"), nullptr);
  EXPECT_EQ(FindSubcommandSpec(*FindCommandSpec("get"), "get"), nullptr);
  EXPECT_EQ(FindCommandSpecByFullName("config|get|x"), nullptr);
  EXPECT_EQ(FindCommandSpecByFullName("nosuch|get"), nullptr);
  EXPECT_EQ(FindSubcommandSpec(*config, "GET")->name, "config|get");
}

TEST(CommandSpecTest, GetSpecFields) {
  const CommandSpec* get = FindCommandSpec("get");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->arity, 2);
  EXPECT_EQ(get->flags, kCmdReadonly | kCmdFast);
  EXPECT_EQ(get->first_key, 1);
  EXPECT_EQ(get->last_key, 1);
  EXPECT_EQ(get->step, 1);
  EXPECT_EQ(get->acl_categories, kAclRead | kAclString | kAclFast);
  EXPECT_TRUE(get->tips.empty());
  ASSERT_EQ(get->key_specs.size(), 1u);
  const KeySpec& ks = get->key_specs[0];
  EXPECT_EQ(ks.begin_search.type, BeginSearchType::kIndex);
  EXPECT_EQ(ks.begin_search.index, 1);
  EXPECT_EQ(ks.find_keys.type, FindKeysType::kRange);
  EXPECT_EQ(ks.find_keys.lastkey, 0);
  EXPECT_EQ(ks.find_keys.keystep, 1);
  EXPECT_EQ(ks.flags, kKeyRO | kKeyAccess);
  EXPECT_EQ(get->group, "string");
  EXPECT_EQ(get->since, "1.0.0");
  ASSERT_EQ(get->args.size(), 1u);
  EXPECT_EQ(get->args[0].name, "key");
  EXPECT_EQ(get->args[0].type, ArgType::kKey);
  EXPECT_EQ(get->args[0].key_spec_index, 0);
}

TEST(CommandSpecTest, KeySpecVariants) {
  const KeySpec& xread = FindCommandSpec("xread")->key_specs[0];
  EXPECT_EQ(xread.begin_search.type, BeginSearchType::kKeyword);
  EXPECT_EQ(xread.begin_search.keyword, "STREAMS");
  EXPECT_EQ(xread.begin_search.startfrom, 1);
  EXPECT_EQ(xread.find_keys.lastkey, -1);
  EXPECT_EQ(xread.find_keys.limit, 2);
  const KeySpec& eval = FindCommandSpec("eval")->key_specs[0];
  EXPECT_EQ(eval.find_keys.type, FindKeysType::kKeynum);
  EXPECT_EQ(eval.find_keys.keynumidx, 0);
  EXPECT_EQ(eval.find_keys.firstkey, 1);
  EXPECT_FALSE(eval.notes.empty());
  const CommandSpec* sort = FindCommandSpec("sort");
  EXPECT_EQ(sort->key_specs[1].begin_search.type, BeginSearchType::kUnknown);
  EXPECT_NE(sort->key_spec_flags_any & kKeyIncomplete, 0u);
  EXPECT_EQ(FindCommandSpec("get")->key_spec_flags_any, kKeyRO | kKeyAccess);
}

TEST(CommandSpecTest, DocFields) {
  const CommandSpec* getset = FindCommandSpec("getset");
  EXPECT_EQ(getset->doc_flags, kDocDeprecated);
  EXPECT_EQ(getset->deprecated_since, "6.2.0");
  EXPECT_FALSE(getset->replaced_by.empty());
  EXPECT_EQ(FindCommandSpec("replconf")->doc_flags, kDocSyscmd);
  EXPECT_EQ(FindCommandSpecByFullName("cluster|slots")->deprecated_since, "7.0.0");
  EXPECT_EQ(FindCommandSpec("get")->doc_flags, 0u);
  // A nested argument tree: ZADD's score/member block.
  const CommandSpec* zadd = FindCommandSpec("zadd");
  const CommandArg& block = zadd->args.back();
  EXPECT_EQ(block.type, ArgType::kBlock);
  EXPECT_EQ(block.flags, kArgMultiple);
  ASSERT_EQ(block.args.size(), 2u);
  EXPECT_EQ(block.args[0].type, ArgType::kDouble);
}

TEST(CommandSpecTest, FlagTablesAreInBitOrder) {
  for (auto table : {CommandFlagNames(), AclCategoryNames(), KeySpecFlagNames(),
                     ArgFlagNames(), DocFlagNames()}) {
    for (size_t i = 0; i < table.size(); ++i) EXPECT_EQ(table[i].bit, 1u << i) << table[i].name;
  }
  EXPECT_EQ(AclCategoryByName("SortedSet"), kAclSortedset);
  EXPECT_EQ(AclCategoryByName("@read"), 0u);
  EXPECT_EQ(ArgTypeName(ArgType::kPureToken), "pure-token");
}

}  // namespace
}  // namespace ringdb::engine
