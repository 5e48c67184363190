// Every wire error string ringdb sends, once, spelled as Redis 7.0 spells it.
// Strings include the error code and exclude the leading '-' and trailing CRLF.
#pragma once

#include <string>
#include <string_view>

#include "engine/op_status.h"

namespace ringdb::engine::errors {

inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kNanOrInf = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kSameObject =
    "ERR source and destination objects are the same";
inline constexpr std::string_view kOutOfRange = "ERR index out of range";
inline constexpr std::string_view kBitOffset = "ERR bit offset is not an integer or out of range";
inline constexpr std::string_view kBitValue = "ERR bit is not an integer or out of range";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kMultiNested = "ERR MULTI calls can not be nested";
inline constexpr std::string_view kExecWithoutMulti = "ERR EXEC without MULTI";
inline constexpr std::string_view kDiscardWithoutMulti = "ERR DISCARD without MULTI";
inline constexpr std::string_view kWatchInMulti = "ERR WATCH inside MULTI is not allowed";
inline constexpr std::string_view kExecAbort =
    "EXECABORT Transaction discarded because of previous errors.";
inline constexpr std::string_view kNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kMaxClients = "ERR max number of clients reached";
inline constexpr std::string_view kTimeout = "ERR timeout is not an integer or out of range";
inline constexpr std::string_view kPositiveTimeout = "ERR timeout is negative";
inline constexpr std::string_view kTimeoutNotFloat = "ERR timeout is not a float or out of range";
inline constexpr std::string_view kUnblocked = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

// "ERR wrong number of arguments for 'get' command" (name is the full name, e.g.
// "config|get", lowercase as Redis 7.0 prints it).
std::string WrongArity(std::string_view command_fullname);
// "ERR unknown command 'x', with args beginning with: 'a' 'b' ".
std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t nargs);
// "ERR unknown subcommand 'x'. Try CONFIG HELP."
std::string UnknownSubcommand(std::string_view sub, std::string_view container);
// "ERR invalid expire time in 'set' command".
std::string InvalidExpireTime(std::string_view command);

// The reply text for a non-ok status.
std::string_view StatusMessage(OpStatus status);

// Keyspace and expiry commands.
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kInvalidFirstDb = "ERR invalid first DB index";
inline constexpr std::string_view kInvalidSecondDb = "ERR invalid second DB index";
inline constexpr std::string_view kExpireNxWithOthers =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kExpireGtAndLt =
    "ERR GT and LT options at the same time are not compatible";
inline constexpr std::string_view kUnsupportedOptionPrefix = "ERR Unsupported option ";
inline constexpr std::string_view kLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    "that when switching between policies at runtime LRU and LFU data will take some time "
    "to adjust.";
inline constexpr std::string_view kLfuSelected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";

// String and bitmap commands.
inline constexpr std::string_view kDecrementOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kBitArgument = "ERR The bit argument must be 1 or 0.";
inline constexpr std::string_view kBitopNotSingleKey =
    "ERR BITOP NOT must be called with a single source key.";
inline constexpr std::string_view kBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
    "i64 is.";
inline constexpr std::string_view kBitfieldOverflowType = "ERR Invalid OVERFLOW type specified";
inline constexpr std::string_view kBitfieldRoGetOnly =
    "ERR BITFIELD_RO only supports the GET subcommand";
inline constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kLcsNotStrings =
    "ERR The specified keys must contain string values";
inline constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
inline constexpr std::string_view kBusyKey = "BUSYKEY Target key name already exists.";
inline constexpr std::string_view kInvalidTtl = "ERR Invalid TTL value, must be >= 0";
inline constexpr std::string_view kInvalidIdleTime = "ERR Invalid IDLETIME value, must be >= 0";
inline constexpr std::string_view kInvalidFreq =
    "ERR Invalid FREQ value, must be >= 0 and <= 255";
inline constexpr std::string_view kBadPayloadFooter =
    "ERR DUMP payload version or checksum are wrong";
inline constexpr std::string_view kBadDataFormat = "ERR Bad data format";
inline constexpr std::string_view kLcsExceedsMaxBulkLen =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
inline constexpr std::string_view kLcsAllocFailed =
    "ERR Insufficient memory, failed allocating transient memory for LCS";

// List commands.
inline constexpr std::string_view kMustBePositive = "ERR value is out of range, must be positive";
inline constexpr std::string_view kLposRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
    "use negative to start from the end of the list";
inline constexpr std::string_view kLposCountNegative = "ERR COUNT can't be negative";
inline constexpr std::string_view kLposMaxlenNegative = "ERR MAXLEN can't be negative";
inline constexpr std::string_view kNumkeysNotPositive = "ERR numkeys should be greater than 0";
inline constexpr std::string_view kCountNotPositive = "ERR count should be greater than 0";

// Hash commands.
inline constexpr std::string_view kHashValueNotInteger = "ERR hash value is not an integer";
inline constexpr std::string_view kHashValueNotFloat = "ERR hash value is not a float";
inline constexpr std::string_view kNanOrInfArgument = "ERR value is NaN or Infinity";
inline constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
inline constexpr std::string_view kCountOutOfLongRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";

// Set commands.
inline constexpr std::string_view kNumKeysTooMany =
    "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";

// Sorted set commands.
inline constexpr std::string_view kZWeightNotFloat = "ERR weight value is not a float";
// "ERR at least 1 input key is needed for 'zunionstore' command".
std::string ZNoInputKeys(std::string_view command_fullname);
inline constexpr std::string_view kZAddXxAndNx =
    "ERR XX and NX options at the same time are not compatible";
inline constexpr std::string_view kZAddGtLtNx =
    "ERR GT, LT, and/or NX options at the same time are not compatible";
inline constexpr std::string_view kZAddIncrPair =
    "ERR INCR option supports a single increment-element pair";
inline constexpr std::string_view kZScoreNaN = "ERR resulting score is not a number (NaN)";
inline constexpr std::string_view kZMinMaxNotFloat = "ERR min or max is not a float";
inline constexpr std::string_view kZMinMaxNotLex = "ERR min or max not valid string range item";
inline constexpr std::string_view kZRangeLimitByRank =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
inline constexpr std::string_view kZRangeWithScoresByLex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";

// Connection, client, transaction and server commands.
inline constexpr std::string_view kClientNameInvalid =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view kNoProto = "NOPROTO unsupported protocol version";
inline constexpr std::string_view kProtoNotInteger =
    "ERR Protocol version is not an integer or out of range";
inline constexpr std::string_view kHelloSyntaxPrefix = "ERR Syntax error in HELLO option '";
inline constexpr std::string_view kWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view kAuthNoPassword =
    "ERR AUTH <password> called without any password configured for the default user. "
    "Are you sure your configuration is correct?";
inline constexpr std::string_view kNoSuchClient = "ERR No such client";
inline constexpr std::string_view kClientIdNotPositive = "ERR client-id should be greater than 0";
inline constexpr std::string_view kInvalidClientId = "ERR Invalid client ID";
inline constexpr std::string_view kUnknownClientTypePrefix = "ERR Unknown client type '";
inline constexpr std::string_view kNoSuchUserPrefix = "ERR No such user '";
inline constexpr std::string_view kUnblockReason =
    "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
inline constexpr std::string_view kPauseMode = "ERR CLIENT PAUSE mode must be WRITE or ALL";
inline constexpr std::string_view kSlowlogCount =
    "ERR count should be greater than or equal to -1";
inline constexpr std::string_view kNoShutdownInProgress = "ERR No shutdown in progress.";
inline constexpr std::string_view kLatencyNoSamplesPrefix = "ERR No samples available for event '";
inline constexpr std::string_view kDebugNotAllowed =
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
    "you can run it from a local connection, otherwise you need to set this option in the "
    "configuration file, and then restart the server.";

}  // namespace ringdb::engine::errors
