// Expected bytes below were captured from Debian's redis-server 7.0.15 with a raw
// socket (RESP3 after HELLO 3). COMMAND DOCS expectations are the captured replies
// with "summary", "complexity" and "history" removed, which ringdb omits on purpose.
#include "engine/command_docs.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::engine {
namespace {

bool All(const CommandSpec&) { return true; }

std::string Reply(std::vector<std::string_view> args, int resp = 2,
                const CommandPredicate& implemented = All) {
  std::string out;
  protocol::ReplyBuilder rb(&out, resp);
  CmdCommand(args, implemented, &rb);
  return out;
}

// The bulk strings of a flat array reply of bulk strings, in order.
std::vector<std::string> Bulks(const std::string& reply) {
  std::vector<std::string> items;
  size_t pos = reply.find("\r\n") + 2;  // Past the "*<n>" header.
  while (pos < reply.size()) {
    const size_t eol = reply.find("\r\n", pos);
    const size_t len = std::stoul(reply.substr(pos + 1, eol - pos - 1));
    items.push_back(reply.substr(eol + 2, len));
    pos = eol + 2 + len + 2;
  }
  return items;
}

constexpr std::string_view kInfoGetResp2 =
    "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n"
    "+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n"
    "+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    "*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    "$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
    ":0\r\n*0\r\n";

constexpr std::string_view kInfoGetResp3 =
    "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n"
    "+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n"
    "+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
    "%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
    "$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
    ":0\r\n~0\r\n";

TEST(CommandDocsTest, InfoGetMatchesRedisBytes) {
  EXPECT_EQ(Reply({"COMMAND", "INFO", "get"}), kInfoGetResp2);
  EXPECT_EQ(Reply({"command", "info", "GET"}), kInfoGetResp2);
  EXPECT_EQ(Reply({"COMMAND", "INFO", "get"}, 3), kInfoGetResp3);
}

TEST(CommandDocsTest, InfoNotesUnknownSpecsKeynumAndNull) {
  constexpr std::string_view kExpected =
      "*3\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n"
      ":1\r\n:1\r\n:1\r\n*6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n"
      "+@dangerous\r\n*0\r\n*3\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\n"
      "begin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\n"
      "index\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\n"
      "spec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
      ":0\r\n*8\r\n$5\r\nnotes\r\n$120\r\n"
      "For the optional BY/GET keyword. It is marked 'unknown' because the key names "
      "derive from the content of the key we sort\r\n"
      "$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\n"
      "type\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\n"
      "type\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*8\r\n$5\r\nnotes\r\n$116\r\n"
      "For the optional STORE keyword. It is marked 'unknown' because the keyword can "
      "appear anywhere in the argument array\r\n"
      "$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\n"
      "type\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\n"
      "type\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n*10\r\n$4\r\neval\r\n:-3\r\n"
      "*5\r\n+noscript\r\n+stale\r\n+skip_monitor\r\n+no_mandatory_keys\r\n"
      "+movablekeys\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@scripting\r\n*0\r\n*1\r\n"
      "*8\r\n$5\r\nnotes\r\n$78\r\n"
      "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE\r\n"
      "$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n"
      "$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\n"
      "find_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\n"
      "keynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n$-1\r\n";
  EXPECT_EQ(Reply({"COMMAND", "INFO", "sort", "eval", "nosuch"}), kExpected);
  EXPECT_EQ(Reply({"COMMAND", "INFO", "nosuch"}, 3), "*1\r\n_\r\n");
  EXPECT_EQ(Reply({"COMMAND", "INFO", "config|get|x"}), "*1\r\n$-1\r\n");
}

TEST(CommandDocsTest, InfoSubcommandsByFullName) {
  EXPECT_EQ(Reply({"COMMAND", "INFO", "CONFIG|GET"}),
            "*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n"
            "+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n"
            "+@dangerous\r\n*0\r\n*0\r\n*0\r\n");
  EXPECT_EQ(Reply({"COMMAND", "INFO", "object|encoding"}),
            "*1\r\n*10\r\n$15\r\nobject|encoding\r\n:3\r\n*1\r\n+readonly\r\n:2\r\n:2\r\n"
            ":1\r\n*3\r\n+@keyspace\r\n+@read\r\n+@slow\r\n*1\r\n$23\r\n"
            "nondeterministic_output\r\n*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\n"
            "begin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\n"
            "index\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\n"
            "spec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n"
            ":0\r\n*0\r\n");
}

TEST(CommandDocsTest, InfoContainerListsSubcommandsAsArray) {
  // Redis: no subcommands is an empty set, some is an array (RESP3 shows it).
  const std::string reply = Reply({"COMMAND", "INFO", "config"}, 3);
  EXPECT_TRUE(reply.starts_with(
      "*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n~0\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n"
      "*5\r\n*10\r\n"));
  const auto only_get = [](const CommandSpec& s) {
    return s.name == "config" || s.name == "config|get";
  };
  const std::string filtered = Reply({"COMMAND", "INFO", "config"}, 2, only_get);
  EXPECT_NE(filtered.find("*0\r\n*1\r\n*10\r\n$10\r\nconfig|get\r\n"), std::string::npos);
  EXPECT_EQ(filtered.find("config|set"), std::string::npos);
}

TEST(CommandDocsTest, DocsMatchRedisBytesWithoutProse) {
  EXPECT_EQ(Reply({"COMMAND", "DOCS", "get"}, 3),
            "%1\r\n$3\r\nget\r\n%3\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\n"
            "string\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\n"
            "type\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n");
  EXPECT_EQ(Reply({"COMMAND", "DOCS", "getset", "nosuch"}, 3),
            "%1\r\n$6\r\ngetset\r\n%6\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\n"
            "string\r\n$9\r\ndoc_flags\r\n~1\r\n+deprecated\r\n$16\r\ndeprecated_since\r\n"
            "$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$30\r\n`SET` with the `!GET` argument\r\n"
            "$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\n"
            "key\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\n"
            "type\r\n$6\r\nstring\r\n");
  // Nested oneof/block arguments with since and flags (ZADD), in RESP2.
  const std::string zadd = Reply({"COMMAND", "DOCS", "zadd"});
  EXPECT_NE(zadd.find("$4\r\nname\r\n$9\r\ncondition\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\n"
                      "since\r\n$5\r\n3.0.2\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\n"
                      "arguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$2\r\nnx\r\n"),
            std::string::npos);
  EXPECT_EQ(Reply({"COMMAND", "DOCS", "nosuch"}, 3), "%0\r\n");
  EXPECT_EQ(Reply({"COMMAND", "DOCS", "get", "get"}).substr(0, 4), "*4\r\n");
}

TEST(CommandDocsTest, CountAndPredicate) {
  EXPECT_EQ(Reply({"COMMAND", "COUNT"}), ":240\r\n");
  const auto strings = [](const CommandSpec& s) { return s.name == "get" || s.name == "set"; };
  EXPECT_EQ(Reply({"COMMAND", "COUNT"}, 2, strings), ":2\r\n");
  EXPECT_EQ(Reply({"COMMAND", "INFO", "del"}, 2, strings), "*1\r\n$-1\r\n");
  EXPECT_TRUE(Reply({"COMMAND"}, 2, strings).starts_with("*2\r\n*10\r\n$3\r\nget\r\n"));
  EXPECT_EQ(Bulks(Reply({"COMMAND", "LIST"}, 2, strings)),
            std::vector<std::string>({"get", "set"}));
}

TEST(CommandDocsTest, ListAndFilters) {
  EXPECT_EQ(Bulks(Reply({"COMMAND", "LIST"})).size(), 367u);  // 7.0's 366 + client|setinfo
  EXPECT_EQ(Bulks(Reply({"COMMAND", "LIST", "FILTERBY", "PATTERN", "xr*"})),
            std::vector<std::string>({"xrange", "xread", "xreadgroup", "xrevrange"}));
  EXPECT_EQ(Bulks(Reply({"COMMAND", "LIST", "filterby", "pattern", "OBJECT*"})).size(), 6u);
  EXPECT_EQ(Bulks(Reply({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "HyperLogLog"})),
            std::vector<std::string>({"pfadd", "pfcount", "pfdebug", "pfmerge", "pfselftest"}));
  EXPECT_EQ(Reply({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "@read"}), "*0\r\n");
  EXPECT_EQ(Reply({"COMMAND", "LIST", "FILTERBY", "MODULE", "m"}), "*0\r\n");
  for (auto args : std::vector<std::vector<std::string_view>>{
           {"COMMAND", "LIST", "foo"},
           {"COMMAND", "LIST", "FILTERBY"},
           {"COMMAND", "LIST", "FILTERBY", "FOO", "x"},
           {"COMMAND", "LIST", "FILTERBY", "ACLCAT", "geo", "extra"}}) {
    EXPECT_EQ(Reply(args), "-ERR syntax error\r\n");
  }
}

TEST(CommandDocsTest, HelpAndErrors) {
  const std::string help = Reply({"COMMAND", "HELP"});
  EXPECT_TRUE(help.starts_with(
      "*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
  EXPECT_NE(help.find("+GETKEYSANDFLAGS <full-command>\r\n"
                      "+    Return the keys and the access flags from a full Redis command.\r\n"
                      "+HELP\r\n+    Prints this help.\r\n"),
            std::string::npos);
  EXPECT_EQ(Reply({"command", "FOO"}), "-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n");
  EXPECT_EQ(Reply({"COMMAND", "COUNT", "x"}),
            "-ERR wrong number of arguments for 'command|count' command\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "get"}),
            "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
}

TEST(CommandDocsTest, GetKeys) {
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "GET", "a"}), "*1\r\n$1\r\na\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"}),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "OBJECT", "ENCODING", "k"}), "*1\r\n$1\r\nk\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "eval", "x", "0"}), "*0\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "nosuch", "a"}), "-ERR Invalid command specified\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "object", "nosuch", "k"}),
            "-ERR Invalid command specified\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "config", "get", "x"}),
            "-ERR The command has no key arguments\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "spublish", "ch", "m"}),
            "-ERR The command has no key arguments\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "get", "a", "b"}),
            "-ERR Invalid number of arguments specified for command\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "zunionstore", "d", "3", "a", "b"}),
            "-ERR Invalid arguments specified for command\r\n");
  const auto no_get = [](const CommandSpec& s) { return s.name != "get"; };
  EXPECT_EQ(Reply({"COMMAND", "GETKEYS", "get", "a"}, 2, no_get),
            "-ERR Invalid command specified\r\n");
}

TEST(CommandDocsTest, GetKeysAndFlagsMatchRedisBytes) {
  EXPECT_EQ(Reply({"COMMAND", "GETKEYSANDFLAGS", "lmove", "a", "b", "LEFT", "RIGHT"}),
            "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n"
            "*2\r\n+RW\r\n+insert\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYSANDFLAGS", "lmove", "a", "b", "LEFT", "RIGHT"}, 3),
            "*2\r\n*2\r\n$1\r\na\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n"
            "~2\r\n+RW\r\n+insert\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"}),
            "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
  EXPECT_EQ(Reply({"COMMAND", "GETKEYSANDFLAGS", "sort", "k", "STORE", "d"}),
            "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n"
            "+update\r\n");
}

}  // namespace
}  // namespace ringdb::engine
