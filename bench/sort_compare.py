#!/usr/bin/python3
"""SORT, ringdb against Redis: the round trip of one SORT over a big list.

  /usr/bin/python3 bench/sort_compare.py --ringdb build/ringdb-server
                                         [--elements 10000] [--rounds 7]

For each server (fresh; ringdb with the test harness's 2 threads): a list of
`--elements` numbers and as many weight keys, then each variant below `--rounds`
times; the median round trip is reported (the reply is read whole, so a variant
that returns every element also measures sending it). Loopback only.
"""

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))

import harness  # noqa: E402

VARIANTS = [
    ("numbers", []),
    ("ALPHA", ["ALPHA"]),
    ("BY w_*", ["BY", "w_*"]),
    ("BY w_* GET w_* LIMIT 0 10", ["BY", "w_*", "GET", "w_*", "LIMIT", "0", "10"]),
    ("BY nosort LIMIT 0 10", ["BY", "nosort", "LIMIT", "0", "10"]),
]


def load(client, elements):
    pipe = client.pipeline(transaction=False)
    for i in range(elements):
        pipe.rpush("l", str((i * 7919) % 10007))
        pipe.set("w_%d" % i, str(i % 97))
    pipe.execute()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True)
    parser.add_argument("--redis", default="/usr/bin/redis-server")
    parser.add_argument("--elements", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    results = {}
    servers = (("ringdb", os.path.abspath(args.ringdb)), ("redis", args.redis))
    for name, binary in servers:
        with harness.Server(binary) as server:
            client = server.client()
            load(client, args.elements)
            for label, options in VARIANTS:
                client.execute_command("SORT", "l", *options)  # warm-up, not timed
                times = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    client.execute_command("SORT", "l", *options)
                    times.append(time.perf_counter() - start)
                results[(name, label)] = statistics.median(times)
    print("| SORT of a %d-element list | ringdb ms | Redis ms | ratio |" % args.elements)
    print("|---|---|---|---|")
    for label, _ in VARIANTS:
        mine, theirs = results[("ringdb", label)], results[("redis", label)]
        print("| %s | %.2f | %.2f | %.2fx |" % (label, mine * 1000, theirs * 1000,
                                                mine / theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
