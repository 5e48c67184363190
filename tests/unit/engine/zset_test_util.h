// A fixture for the sorted-set command tests: the encoding limits lowered and restored,
// OBJECT ENCODING, and replies read back as their leaves.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {

inline constexpr const char* kListpackReply = "$8\r\nlistpack\r\n";
inline constexpr const char* kSkiplistReply = "$8\r\nskiplist\r\n";

class ZSetTest : public CommandTest {
 protected:
  void TearDown() override { SetLimits(128, 64); }

  void SetLimits(int entries, int value) {
    ASSERT_EQ(Run({"CONFIG", "SET", "zset-max-listpack-entries", std::to_string(entries)}),
              "+OK\r\n");
    ASSERT_EQ(Run({"CONFIG", "SET", "zset-max-listpack-value", std::to_string(value)}),
              "+OK\r\n");
  }
  std::string Encoding(std::string_view key) { return Run({"OBJECT", "ENCODING", key}); }
  // ZADD key i prefix<i> for i in [from, to).
  void AddRange(std::string_view key, int from, int to, std::string_view prefix = "m") {
    for (int i = from; i < to; ++i) {
      const std::string score = std::to_string(i);
      const std::string member = std::string(prefix) + score;
      Run({"ZADD", key, score, member});
    }
  }

  // The leaves of a reply in order (bulk strings, RESP3 doubles, integers, simple
  // strings), every aggregate header skipped: "*2\r\n$1\r\na\r\n,1\r\n" gives {"a", "1"}.
  static std::vector<std::string> Leaves(const std::string& reply) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < reply.size()) {
      const size_t eol = reply.find("\r\n", pos);
      const char kind = reply[pos];
      std::string head = reply.substr(pos + 1, eol - pos - 1);
      pos = eol + 2;
      if (kind == '$' && head == "-1") {
        out.push_back("(nil)");
      } else if (kind == '$') {
        const size_t len = std::stoul(head);
        out.push_back(reply.substr(pos, len));
        pos += len + 2;
      } else if (kind == ',' || kind == ':' || kind == '+') {
        out.push_back(head);
      }
    }
    return out;
  }
};

}  // namespace ringdb::engine
