#include "engine/errors.h"

#include <algorithm>
#include <cctype>

#include "engine/command.h"

namespace ringdb::engine::errors {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Redis prints names with %.128s.
std::string_view Clip(std::string_view s, size_t n = 128) { return s.substr(0, std::min(n, s.size())); }

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

}  // namespace

std::string WrongArity(std::string_view command_fullname) {
  return "ERR wrong number of arguments for '" + Lower(command_fullname) + "' command";
}

std::string ZNoInputKeys(std::string_view command_fullname) {
  return "ERR at least 1 input key is needed for '" + Lower(command_fullname) + "' command";
}

std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t nargs) {
  // Redis appends "'arg' " while the preview is shorter than 128 bytes, each argument
  // cut to what is left of those 128.
  std::string preview;
  for (size_t i = 0; i < nargs && preview.size() < 128; ++i) {
    const size_t room = 128 - preview.size();
    preview += '\'';
    preview.append(Clip(args[i], room));
    preview += "' ";
  }
  return "ERR unknown command '" + std::string(Clip(name)) +
         "', with args beginning with: " + preview;
}

std::string UnknownSubcommand(std::string_view sub, std::string_view container) {
  return "ERR unknown subcommand '" + std::string(Clip(sub)) + "'. Try " + Upper(container) +
         " HELP.";
}

std::string InvalidExpireTime(std::string_view command) {
  return "ERR invalid expire time in '" + Lower(command) + "' command";
}

std::string_view StatusMessage(OpStatus status) {
  switch (status) {
    case OpStatus::kOk: return "";
    case OpStatus::kKeyNotFound: return kNoSuchKey;
    case OpStatus::kWrongType: return kWrongType;
    case OpStatus::kNotAnInteger: return kNotInteger;
    case OpStatus::kNotAFloat: return kNotFloat;
    case OpStatus::kOutOfRange: return kOutOfRange;
    case OpStatus::kOverflow: return kOverflow;
    case OpStatus::kSyntaxError: return kSyntax;
    case OpStatus::kStringTooLong: return kStringTooLong;
    case OpStatus::kNanOrInfinity: return kNanOrInf;
    case OpStatus::kInvalidExpire: return "ERR invalid expire time";
    case OpStatus::kSkipped: return "";
    case OpStatus::kSameObject: return kSameObject;
    case OpStatus::kNoSuchKey: return kNoSuchKey;
    case OpStatus::kDbIndexOutOfRange: return kDbIndexOutOfRange;
  }
  return "ERR";
}

}  // namespace ringdb::engine::errors

namespace ringdb::engine {

void ReplyStatus(CommandContext& ctx, OpStatus status) {
  ctx.rb->SendError(errors::StatusMessage(status));
}

}  // namespace ringdb::engine
