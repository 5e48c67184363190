#!/usr/bin/python3
"""Memory per element of one big collection of each type, ringdb against Redis.

  /usr/bin/python3 bench/collection_memory.py --ringdb build/ringdb-server [--elements 1000000]

For each server (fresh): INFO memory's used_memory before and after filling one key
with `--elements` elements of 16-byte members (hash fields get 16-byte values, sorted
set members integer scores), divided by the element count. Past Redis's listpack
limits, so the large encodings are what is measured: quicklist, hashtable, hashtable
(set), skiplist. Loopback only.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))

import harness  # noqa: E402


command = harness.encode_command


FILLS = {
    "list (RPUSH)": lambda i: command(b"RPUSH", b"l", b"member:%09d" % i),
    "hash (HSET)": lambda i: command(b"HSET", b"h", b"field-:%09d" % i, b"x" * 16),
    "set (SADD)": lambda i: command(b"SADD", b"s", b"member:%09d" % i),
    "sorted set (ZADD)": lambda i: command(b"ZADD", b"z", b"%d" % i, b"member:%09d" % i),
}


def used_memory(port):
    with harness.RawClient(port) as c:
        info = c.call_raw(command(b"INFO", b"memory")).decode()
    return int(info.split("used_memory:")[1].split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True)
    parser.add_argument("--redis", default="/usr/bin/redis-server")
    parser.add_argument("--elements", type=int, default=1000000)
    args = parser.parse_args()
    figures = {}
    for name, binary in (("ringdb", os.path.abspath(args.ringdb)), ("redis", args.redis)):
        with harness.Server(binary) as server:
            for kind, make in FILLS.items():
                before = used_memory(server.port)
                harness.send_pipelined(server.port, b"".join(make(i) for i in range(args.elements)))
                figures[name, kind] = (used_memory(server.port) - before) / args.elements
    print("| %d elements of one key | ringdb bytes/element | Redis bytes/element | ratio |"
          % args.elements)
    print("|---|---|---|---|")
    for kind in FILLS:
        a, b = figures["ringdb", kind], figures["redis", kind]
        print("| %s | %.1f | %.1f | %.2fx |" % (kind, a, b, a / b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
