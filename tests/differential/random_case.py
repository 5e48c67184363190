#!/usr/bin/python3
"""Random differential cases: seeded sequences of commands over a handful of keys of
every type (bitmaps included, and SORT over them), written as case files for diff.py and run against
Debian's redis-server 7.0 and ringdb. Hand-written cases test what their author
thought of; these reach the interleavings nobody wrote down (a list that turns into
a quicklist and back to a smaller range, a set whose intset meets a string member, a
key renamed over another type, WRONGTYPE from every family).

Encoding limits are lowered first so that a few elements cross every threshold.
Commands whose outcome is random or whose order is unspecified are left out or
compared sorted (`#! sort`), so equal servers always agree. Each file ends by
reading back every key (TYPE, OBJECT ENCODING and its contents). Now and then a
few commands run as a transaction; every third seed speaks RESP3.

Usage:
  /usr/bin/python3 tests/differential/random_case.py --ringdb build/ringdb-server \\
      [--seeds 1-20] [--commands 400] [--keep DIR]
Exit status as diff.py's. A failing seed reproduces alone with --seeds N.
"""

import argparse
import os
import random
import shlex
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import diff  # noqa: E402

# Two keys per family, so that most commands meet a key of their own type and grow
# it past the limits; the rest pick any key (WRONGTYPE, or a fresh key).
FAMILIES = ["s", "l", "h", "t", "z"]
KEYS = ["%s%d" % (f, i) for f in FAMILIES for i in range(2)]
# Sorted sets whose members all score 0, for the lex-range commands: over mixed
# scores their result is unspecified (Redis's own depends on its skiplist's random
# levels). No other command picks these keys.
LEX_KEYS = ["y0", "y1"]
MEMBERS = ["a", "b", "c", "d", "e", "f", "g", "1", "2", "3", "-5", "100"]
LIMITS = [
    "CONFIG SET list-max-listpack-size 4",
    "CONFIG SET hash-max-listpack-entries 4",
    "CONFIG SET hash-max-listpack-value 16",
    "CONFIG SET set-max-intset-entries 4",
    "CONFIG SET zset-max-listpack-entries 4",
    "CONFIG SET zset-max-listpack-value 16",
]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def key(self, family=None):
        if family and self.r.random() < 0.85:
            return "%s%d" % (family, self.r.randint(0, 1))
        return self.r.choice(KEYS)

    def keys(self, family=None, lo=1, hi=3):
        return [self.key(family) for _ in range(self.r.randint(lo, hi))]

    def member(self):
        if self.r.random() < 0.05:  # past every *-max-*-value limit
            return "long-" + "x" * self.r.randint(16, 40)
        return self.r.choice(MEMBERS)

    def members(self, lo=1, hi=4):
        return [self.member() for _ in range(self.r.randint(lo, hi))]

    def index(self):
        return str(self.r.randint(-8, 8))

    def count(self):
        return str(self.r.choice([0, 1, 2, 3, 5, 100, -1]))

    def score(self):
        return self.r.choice(["0", "1", "2.5", "-3", "10", "1e3", "inf", "-inf", "0.1",
                              "abc", "7"])

    def bound(self):
        s = self.r.choice(["1", "2.5", "-3", "10", "-inf", "+inf", "0"])
        return "(" + s if self.r.random() < 0.3 and "inf" not in s else s

    def lex(self):
        return self.r.choice(["-", "+", "[a", "(c", "[e", "(1", "[100", "x"])

    def integer(self):
        return self.r.choice(["0", "1", "-1", "7", "100", "9223372036854775807", "x", "1.5"])

    # The next lines of a case file: [(directive or None, command words)]. Now and
    # then a transaction of commands whose replies need no sorting (EXEC's reply
    # nests them, beyond `#! sort`'s reach).
    def step(self):
        if self.r.random() >= 0.04:
            return [self.command()]
        queued, size = [], self.r.randint(1, 4)
        while len(queued) < size:
            directive, words = self.command()
            if directive is None:
                queued.append((None, words))
        end = ["DISCARD"] if self.r.random() < 0.1 else ["EXEC"]
        return [(None, ["MULTI"])] + queued + [(None, end)]

    # One command: (directive or None, command words).
    def command(self):
        families = [self.string, self.bits, self.list, self.hash, self.set, self.zset,
                    self.lex_zset, self.sort]
        roll = self.r.random()
        if roll < 0.08:
            return self.keyspace()
        if roll < 0.14:  # each conversion point, compared as it happens
            return (None, ["OBJECT", "ENCODING", self.r.choice(KEYS + LEX_KEYS)])
        return self.r.choice(families)()

    def string(self):
        k = self.key("s")
        return self.r.choice([
            (None, ["SET", k, self.member()]),
            (None, ["GET", k]),
            (None, ["APPEND", k, self.member()]),
            (None, ["INCRBY", k, self.integer()]),
            (None, ["STRLEN", k]),
            (None, ["GETRANGE", k, self.index(), self.index()]),
            (None, ["SETRANGE", k, str(self.r.randint(0, 20)), self.member()]),
            (None, ["MSET", k, self.member(), self.key("s"), self.member()]),
            (None, ["MGET"] + self.keys("s")),
            (None, ["DECRBY", k, self.integer()]),
            (None, ["INCRBYFLOAT", k, self.score()]),
            (None, ["GETSET", k, self.member()]),
            (None, ["GETDEL", k]),
            (None, ["SETNX", k, self.member()]),
            (None, ["SUBSTR", k, self.index(), self.index()]),
            (None, ["LCS", k, self.key("s")] + self.r.choice([[], ["LEN"], ["IDX"],
                                                              ["IDX", "WITHMATCHLEN"]])),
        ])

    def bits(self):
        k = self.key("s")
        offset = str(self.r.choice([0, 1, 7, 8, 15, 31, 63, 100]))
        span = self.r.choice([[], [self.index(), self.index()],
                              [self.index(), self.index(), self.r.choice(["BYTE", "BIT"])]])
        kind = self.r.choice(["u1", "u4", "i5", "u8", "i16", "u63", "i64", "u64", "x"])
        at = self.r.choice(["0", "3", "#1", "#2", "100", "-1"])
        return self.r.choice([
            (None, ["SETBIT", k, offset, self.r.choice(["0", "1", "2"])]),
            (None, ["GETBIT", k, offset]),
            (None, ["BITCOUNT", k] + span),
            (None, ["BITPOS", k, self.r.choice(["0", "1"])] + span),
            (None, ["BITOP", self.r.choice(["AND", "OR", "XOR"]), self.key("s")]
             + self.keys("s")),
            (None, ["BITOP", "NOT", self.key("s"), k]),
            (None, ["BITFIELD", k, "GET", kind, at]),
            (None, ["BITFIELD", k]
             + (["OVERFLOW", self.r.choice(["WRAP", "SAT", "FAIL"])]
                if self.r.random() < 0.5 else [])
             + [self.r.choice(["SET", "INCRBY"]), kind, at, self.integer()]),
            (None, ["BITFIELD_RO", k, "GET", kind, at]),
        ])

    def list(self):
        k = self.key("l")
        return self.r.choice([
            (None, ["LPUSH", k] + self.members()),
            (None, ["RPUSH", k] + self.members()),
            (None, ["LPUSHX", k] + self.members()),
            (None, ["LPOP", k] + ([self.count()] if self.r.random() < 0.5 else [])),
            (None, ["RPOP", k] + ([self.count()] if self.r.random() < 0.5 else [])),
            (None, ["LRANGE", k, self.index(), self.index()]),
            (None, ["LINDEX", k, self.index()]),
            (None, ["LSET", k, self.index(), self.member()]),
            (None, ["LREM", k, str(self.r.randint(-2, 2)), self.member()]),
            (None, ["LINSERT", k, self.r.choice(["BEFORE", "AFTER"]), self.member(),
                    self.member()]),
            (None, ["LTRIM", k, self.index(), self.index()]),
            (None, ["LLEN", k]),
            (None, ["LPOS", k, self.member(), "RANK", self.r.choice(["1", "-1", "2"]),
                    "COUNT", self.r.choice(["0", "1", "2"])]),
            (None, ["LMOVE", k, self.key("l"), self.r.choice(["LEFT", "RIGHT"]),
                    self.r.choice(["LEFT", "RIGHT"])]),
        ])

    def hash(self):
        k = self.key("h")
        fields = self.members()
        pairs = [w for f in fields for w in (f, self.member())]
        return self.r.choice([
            (None, ["HSET", k] + pairs),
            (None, ["HSETNX", k, self.member(), self.member()]),
            (None, ["HGET", k, self.member()]),
            (None, ["HMGET", k] + fields),
            (None, ["HDEL", k] + fields),
            (None, ["HLEN", k]),
            (None, ["HEXISTS", k, self.member()]),
            (None, ["HSTRLEN", k, self.member()]),
            (None, ["HINCRBY", k, self.member(), self.integer()]),
            (None, ["HINCRBYFLOAT", k, self.member(), self.score()]),
            ("sort", ["HGETALL", k]),
            ("sort", ["HKEYS", k]),
            ("sort", ["HVALS", k]),
        ])

    def set(self):
        k = self.key("t")
        return self.r.choice([
            (None, ["SADD", k] + self.members()),
            (None, ["SREM", k] + self.members()),
            (None, ["SCARD", k]),
            (None, ["SISMEMBER", k, self.member()]),
            (None, ["SMISMEMBER", k] + self.members()),
            ("sort", ["SMEMBERS", k]),
            ("sort", [self.r.choice(["SINTER", "SUNION", "SDIFF"])] + self.keys("t")),
            (None, [self.r.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]),
                    self.key("t")] + self.keys("t")),
            (None, ["SINTERCARD", "2", self.key("t"), self.key("t")]),
            (None, ["SMOVE", k, self.key("t"), self.member()]),
        ])

    def zset(self):
        k = self.key("z")
        pairs = [w for m in self.members() for w in (self.score(), m)]
        flags = self.r.choice([[], [], ["NX"], ["XX"], ["GT"], ["LT"], ["CH"], ["XX", "CH"]])
        if self.r.random() < 0.3:  # as many removing commands as adding ones otherwise
            return (None, ["ZADD", k] + flags + pairs)
        return self.r.choice([
            (None, ["ZINCRBY", k, self.score(), self.member()]),
            (None, ["ZREM", k] + self.members()),
            (None, ["ZSCORE", k, self.member()]),
            (None, ["ZMSCORE", k] + self.members()),
            (None, ["ZCARD", k]),
            (None, ["ZRANK", k, self.member()]),
            (None, ["ZREVRANK", k, self.member()]),
            (None, ["ZCOUNT", k, self.bound(), self.bound()]),
            (None, ["ZRANGE", k, self.index(), self.index()]
             + (["WITHSCORES"] if self.r.random() < 0.5 else [])),
            (None, ["ZRANGE", k, self.bound(), self.bound(), "BYSCORE"]
             + (["REV"] if self.r.random() < 0.3 else [])
             + (["LIMIT", "0", self.count()] if self.r.random() < 0.3 else [])),
            (None, ["ZREMRANGEBYRANK", k, self.index(), self.index()]),
            (None, ["ZREMRANGEBYSCORE", k, self.bound(), self.bound()]),
            (None, [self.r.choice(["ZPOPMIN", "ZPOPMAX"]), k]
             + ([self.count()] if self.r.random() < 0.5 else [])),
            (None, ["ZRANGESTORE", self.key("z"), k, "0", self.index()]),
            (None, self.zset_algebra()),
            (None, ["ZINTERCARD", "2", k, self.key("z"), "LIMIT", self.r.choice(["0", "1"])]),
        ])

    def zset_algebra(self):
        # Inputs mix sorted sets with plain sets (score 1 each) and the odd other type.
        inputs = [self.key(self.r.choice(["z", "z", "t"])) for _ in range(self.r.randint(1, 3))]
        op = self.r.choice(["ZUNION", "ZINTER", "ZDIFF"])
        store = self.r.random() < 0.5
        words = [op + "STORE", self.key("z")] if store else [op]
        words += [str(len(inputs))] + inputs
        if op != "ZDIFF":
            if self.r.random() < 0.4:
                words += ["WEIGHTS"] + [self.r.choice(["1", "2", "-1", "0.5", "0", "inf"])
                                        for _ in inputs]
            if self.r.random() < 0.4:
                words += ["AGGREGATE", self.r.choice(["SUM", "MIN", "MAX"])]
        if not store and self.r.random() < 0.5:
            words.append("WITHSCORES")
        return words

    def lex_zset(self):
        k = self.r.choice(LEX_KEYS)
        lo, hi = self.lex(), self.lex()
        return self.r.choice([
            (None, ["ZADD", k] + [w for m in self.members() for w in ("0", m)]),
            (None, ["ZREM", k] + self.members()),
            (None, ["ZLEXCOUNT", k, lo, hi]),
            (None, ["ZRANGEBYLEX", k, lo, hi]
             + (["LIMIT", "1", self.count()] if self.r.random() < 0.3 else [])),
            (None, ["ZREVRANGEBYLEX", k, hi, lo]),
            (None, ["ZRANGE", k, lo, hi, "BYLEX"] + (["REV"] if self.r.random() < 0.3 else [])),
            (None, ["ZREMRANGEBYLEX", k, lo, hi]),
        ])

    def sort(self):
        # BY and GET patterns name the string and hash keys: "s*" with the element "1"
        # is s1, "h*->a" its field a of h1.
        words = [self.r.choice(["SORT", "SORT", "SORT_RO"]), self.key(self.r.choice("ltz"))]
        by = self.r.choice([None, None, None, "nosort", "s*", "h*->a", "h*->c", "x*"])
        alpha = self.r.random() < 0.5
        # Orders Redis leaves to a set's layout (or a sorted set's member map), which
        # the key's type, known only at run time, may bring in: a set kept unsorted,
        # and ALPHA ties among elements whose BY values are equal or missing. Those
        # replies are compared sorted, without LIMIT (it would pick different
        # elements) or STORE (the stored order is read back).
        by_pattern = by is not None and by != "nosort"
        store = words[0] == "SORT" and self.r.random() < 0.3 and not (alpha and by_pattern)
        unspecified = (by == "nosort" and not store) or (alpha and by_pattern)
        if by:
            words += ["BY", by]
        if self.r.random() < 0.4 and not unspecified:
            words += ["LIMIT", str(self.r.randint(-1, 4)), self.count()]
        for _ in range(self.r.choice([0, 0, 1, 2])):
            words += ["GET", self.r.choice(["#", "s*", "h*->a", "h*->b", "x*"])]
        if alpha:
            words.append("ALPHA")
        if self.r.random() < 0.3:
            words.append(self.r.choice(["ASC", "DESC"]))
        if store:
            words += ["STORE", self.key()]
        return ("sort" if unspecified else None, words)

    def keyspace(self):
        k = self.key()
        return self.r.choice([
            (None, ["DEL"] + self.keys()),
            (None, ["EXISTS"] + self.keys()),
            (None, ["TYPE", k]),
            (None, ["OBJECT", "ENCODING", k]),
            (None, ["RENAME", k, self.key()]),
            (None, ["RENAMENX", k, self.key()]),
            (None, ["COPY", k, self.key()] + (["REPLACE"] if self.r.random() < 0.5 else [])),
            # TTLs in hours, so nothing expires during a run and TTL reads agree.
            (None, ["EXPIRE", k, self.r.choice(["3600", "7200", "-1", "x"])]
             + ([self.r.choice(["NX", "XX", "GT", "LT"])] if self.r.random() < 0.5 else [])),
            ("approx 2", ["TTL", k]),
            (None, ["PERSIST", k]),
            (None, ["SET", k, self.member(), self.r.choice(["EX", "PX"]), "9000000"]
             + (["GET"] if self.r.random() < 0.3 else [])),
            (None, ["SET", k, self.member(), self.r.choice(["KEEPTTL", "NX", "XX"])]),
        ])


def readback():
    """Every key's type, encoding and contents, in an order both servers share."""
    lines = []
    for k in KEYS + LEX_KEYS:
        lines += ["TYPE " + k, "OBJECT ENCODING " + k, "#! approx 2", "TTL " + k, "GET " + k, "LRANGE %s 0 -1" % k,
                  "#! sort", "HGETALL " + k, "#! sort", "SMEMBERS " + k,
                  "ZRANGE %s 0 -1 WITHSCORES" % k]
    return lines


def case_text(seed, commands):
    g = Gen(seed)
    lines = ["# random_case.py seed %d" % seed] + LIMITS
    if seed % 3 == 0:  # every third seed speaks RESP3: maps, sets, doubles, nulls
        lines.append("#! resp3")
    for _ in range(commands):
        for directive, words in g.step():
            if directive:
                lines.append("#! " + directive)
            lines.append(" ".join(shlex.quote(w) for w in words))
    return "\n".join(lines + readback()) + "\n"


def seed_range(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True)
    parser.add_argument("--redis", default="/usr/bin/redis-server")
    parser.add_argument("--seeds", default="1-20", help="N or N-M")
    parser.add_argument("--commands", type=int, default=400, help="per seed")
    parser.add_argument("--keep", help="write the case files here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or tmp
        os.makedirs(out, exist_ok=True)
        paths = []
        for seed in seed_range(args.seeds):
            path = os.path.join(out, "random_%d.txt" % seed)
            with open(path, "w", encoding="utf-8") as f:
                f.write(case_text(seed, args.commands))
            paths.append(path)
        return diff.main(["--ringdb", os.path.abspath(args.ringdb), "--redis", args.redis]
                         + paths)


if __name__ == "__main__":
    sys.exit(main())
