#!/usr/bin/python3
"""A full SCAN walk, ringdb against Redis: how many calls it takes and how long the
slowest one blocks the server.

  /usr/bin/python3 bench/scan_compare.py --ringdb build/ringdb-server [--keys 1000000]
                                         [--hash-tag] [--count 10]

For each server (fresh; ringdb with the test harness's 2 threads): load `--keys`
16-byte keys, then SCAN with COUNT `--count` from cursor 0 until it returns 0, and
report the calls, the keys returned and the slowest call's round trip. --hash-tag
gives every key the same hash tag, so they all share one of ringdb's slots: the case
where a walk in whole slots would return the keyspace in one reply. Loopback only.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))

import harness  # noqa: E402


def walk(server, count, max_calls):
    client = server.client()
    cursor, calls, returned, slowest = 0, 0, 0, 0.0
    while calls < max_calls:
        start = time.perf_counter()
        cursor, keys = client.scan(cursor, count=count)
        slowest = max(slowest, time.perf_counter() - start)
        calls += 1
        returned += len(keys)
        if cursor == 0:
            break
    return calls, returned, slowest


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True)
    parser.add_argument("--redis", default="/usr/bin/redis-server")
    parser.add_argument("--keys", type=int, default=1000000)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--hash-tag", action="store_true", help="all keys in one slot")
    args = parser.parse_args()
    prefix = b"{t}:" if args.hash_tag else b"key:"  # 4 bytes either way
    print("| server | SCAN calls (COUNT %d) | keys returned (%d loaded) | slowest call |"
          % (args.count, args.keys))
    print("|---|---|---|---|")
    for name, binary in (("ringdb", os.path.abspath(args.ringdb)), ("redis", args.redis)):
        with harness.Server(binary) as server:
            harness.send_pipelined(server.port, b"".join(
                harness.encode_command(b"SET", b"%s%012d" % (prefix, i), b"v")
                for i in range(args.keys)))
            calls, returned, slowest = walk(server, args.count, 4 * args.keys + 16384)
        print("| %s | %d | %d | %.1f ms |" % (name, calls, returned, slowest * 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
