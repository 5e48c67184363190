#!/usr/bin/python3
"""Active expiry, ringdb against Redis: what keys with TTLs cost an idle server, and how
a mass expiry is cleared.

  /usr/bin/python3 bench/expiry_compare.py --ringdb build/ringdb-server [--keys 1000000]
                                            [--hash-tag]

For each server (fresh; ringdb with the test harness's 2 threads): load `--keys`
16-byte keys with TTLs an hour away and read the server's CPU time over 10 idle
seconds; fresh again, the same with the keys persistent but for one more key with
such a TTL; then, fresh again, load the keys with a 3 s TTL and report how long after
loading DBSIZE reaches 0 and the slowest PING meanwhile (a cycle's time slice shows
up there). --hash-tag gives every key the same hash tag, so they all share one slot.
Loopback only.
"""

import argparse
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))

import harness  # noqa: E402

IDLE_S = 10
MASS_TTL_MS = 3000


def load(port, prefix, keys, px, first=0):
    """SETs keys first..first+keys-1, with a TTL of `px` ms (None: none)."""
    ttl = [] if px is None else [b"PX", b"%d" % px]
    harness.send_pipelined(port, b"".join(
        harness.encode_command(b"SET", b"%s%012d" % (prefix, i), b"x" * 16, *ttl)
        for i in range(first, first + keys)))


def cpu_s(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(server):
    time.sleep(1)
    before = cpu_s(server.proc.pid)
    time.sleep(IDLE_S)
    return (cpu_s(server.proc.pid) - before) / IDLE_S


def idle_cpu_distant_ttls(server, prefix, keys):
    load(server.port, prefix, keys, 3600 * 1000)
    return idle_cpu(server)


def idle_cpu_one_ttl(server, prefix, keys):
    load(server.port, prefix, keys, None)
    load(server.port, prefix, 1, 3600 * 1000, first=keys)
    return idle_cpu(server)


def mass_expiry(server, prefix, keys):
    load(server.port, prefix, keys, MASS_TTL_MS)
    start = time.monotonic()
    worst, gone = 0.0, None
    with socket.create_connection(("127.0.0.1", server.port)) as c:
        c.settimeout(5)
        next_dbsize = start
        while time.monotonic() - start < MASS_TTL_MS / 1000 + 30:
            t = time.perf_counter()
            c.sendall(b"PING\r\n")
            c.recv(64)
            worst = max(worst, time.perf_counter() - t)
            if time.monotonic() >= next_dbsize:
                next_dbsize += 0.1
                c.sendall(b"DBSIZE\r\n")
                if c.recv(64) == b":0\r\n":
                    gone = time.monotonic() - start
                    break
            time.sleep(0.001)
    return gone, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True)
    parser.add_argument("--redis", default="/usr/bin/redis-server")
    parser.add_argument("--keys", type=int, default=1000000)
    parser.add_argument("--hash-tag", action="store_true", help="all keys in one slot")
    args = parser.parse_args()
    prefix = b"{t}:" if args.hash_tag else b"key:"  # 4 bytes either way
    print("| server | idle CPU, %d keys with distant TTLs | idle CPU, %d keys and one with "
          "a TTL | %d keys expiring together: gone after (TTL %.0f s) | slowest PING "
          "meanwhile |" % (args.keys, args.keys, args.keys, MASS_TTL_MS / 1000))
    print("|---|---|---|---|---|")
    for name, binary in (("ringdb", os.path.abspath(args.ringdb)), ("redis", args.redis)):
        figures = []
        for measure in (idle_cpu_distant_ttls, idle_cpu_one_ttl, mass_expiry):
            with harness.Server(binary) as server:
                figures.append(measure(server, prefix, args.keys))
        gone, worst = figures[2]
        print("| %s | %.1f%% of a core | %.1f%% of a core | %s | %.1f ms |" % (
            name, 100 * figures[0], 100 * figures[1],
            "%.1f s" % gone if gone else "not within 30 s", worst * 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
