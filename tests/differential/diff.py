#!/usr/bin/python3
"""Differential tests: the same commands against Debian's redis-server 7.0 and
ringdb; the raw reply bytes must be identical.

Usage:
  /usr/bin/python3 tests/differential/diff.py --ringdb build/ringdb-server \
      [--redis /usr/bin/redis-server] [cases/strings.txt ...]
  # self-check (Redis against itself; must always pass):
  /usr/bin/python3 tests/differential/diff.py --ringdb /usr/bin/redis-server

Case files (tests/differential/cases/*.txt): one command per line, split like a
shell (shlex). Blank lines and lines starting with '#' are ignored, except
directives starting with '#!':

  #! sort         compare the next reply with its top-level elements sorted
                  (arrays and sets element-wise, maps pair-wise)
  #! ignore       send the next command to both, do not compare its replies
  #! shape        compare only types and aggregate sizes of the next reply
  #! approx [N]   numbers in the next reply may differ by at most N (default 1)
  #! sleep S      sleep S seconds (float) now, e.g. to let keys expire
  #! resp3        switch both connections to RESP3 (HELLO 3) for the rest of the file
  #! resp2        switch back to RESP2 (HELLO 2)
  #! inline       send the next command as an inline command (the line as is)

Arguments may contain \\xHH escapes (two hex digits) for arbitrary bytes, e.g.
SET k "\\xff\\x00"; nothing else is unescaped beyond shlex's own rules.

Each case file starts on fresh connections with FLUSHALL on both servers.
Exit status: 0 all equal, 1 mismatches, 2 usage/start-up error, 77 redis-server
missing (ctest SKIP).
"""

import argparse
import difflib
import glob
import os
import re
import shlex
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import harness  # noqa: E402

SKIP_RETURN_CODE = 77
REPLY_TIMEOUT_S = 5.0
MAX_SLEEP_S = 5.0
MAX_LINES_PER_FILE = 20000


class Side:
    """One server and the current connection to it."""

    def __init__(self, name, binary):
        self.name = name
        self.server = harness.Server(binary)
        self.conn = None
        self.protocol = 2

    def start(self):
        self.server.start()

    def connect(self, protocol=2):
        self.close()
        self.conn = self.server.raw(timeout_s=REPLY_TIMEOUT_S)
        self.protocol = 2
        if protocol == 3:
            self.call(harness.encode_command("HELLO", "3"))
            self.protocol = 3

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def call(self, data):
        """Sends data, returns one raw reply or a '<...>' marker on failure."""
        try:
            if self.conn is None:
                self.connect(self.protocol)
            self.conn.send(data)
            return self.conn.read_raw()
        except socket.timeout:
            self.close()
            return b"<timeout: no reply within %.0f s>" % REPLY_TIMEOUT_S
        except (ConnectionError, OSError) as e:
            self.close()
            return ("<connection closed: %s>" % e.__class__.__name__).encode()

    def ensure_alive(self):
        if self.server.alive():
            return None
        log = self.server.log()
        self.close()
        self.server.stop()
        self.server.start()
        return log


# -- reply comparison -----------------------------------------------------------

def parse_one(raw):
    try:
        node, end = harness.parse(raw)
        return node if end == len(raw) else None
    except (harness.Incomplete, ValueError):
        return None


def sort_reply(raw):
    node = parse_one(raw)
    if node is None or node[3] is None:
        return raw
    t, header, payload, children = node
    if t == ord("%"):
        pairs = [(harness.serialize(children[i]), harness.serialize(children[i + 1]))
                 for i in range(0, len(children), 2)]
        return bytes([t]) + header + b"\r\n" + b"".join(k + v for k, v in sorted(pairs))
    return bytes([t]) + header + b"\r\n" + b"".join(
        sorted(harness.serialize(c) for c in children))


def _number(node):
    t, header, payload, _ = node
    text = payload if t in b"$=" else header
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def same_approx(a, b, tol):
    if a[0] != b[0]:
        return False
    if a[3] is not None or b[3] is not None:
        return (a[3] is not None and b[3] is not None and len(a[3]) == len(b[3])
                and all(same_approx(x, y, tol) for x, y in zip(a[3], b[3])))
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return abs(na - nb) <= tol
    return harness.serialize(a) == harness.serialize(b)


def same_shape(a, b):
    if a[0] != b[0]:
        return False
    if a[3] is None or b[3] is None:
        return a[3] is None and b[3] is None
    return len(a[3]) == len(b[3]) and all(same_shape(x, y) for x, y in zip(a[3], b[3]))


def replies_match(mode, arg, want, got):
    if mode == "ignore":
        return True
    if mode == "sort":
        return sort_reply(want) == sort_reply(got)
    if mode in ("approx", "shape"):
        a, b = parse_one(want), parse_one(got)
        if a is None or b is None:
            return want == got
        return same_shape(a, b) if mode == "shape" else same_approx(a, b, arg)
    return want == got


def render(raw):
    """Reply bytes as readable lines, one per RESP line, escapes visible."""
    out = []
    for line in raw.split(b"\r\n"):
        text = "".join(chr(c) if 32 <= c < 127 and c != 92 else "\\x%02x" % c for c in line)
        out.append(text)
    if out and out[-1] == "":
        out.pop()
    if len(out) > 60:
        out = out[:60] + ["... (%d more lines)" % (len(out) - 60)]
    return out


# -- case files -------------------------------------------------------------------

class Mismatch:
    def __init__(self, path, lineno, command, mode, want, got, note=""):
        self.path, self.lineno, self.command = path, lineno, command
        self.mode, self.want, self.got, self.note = mode, want, got, note

    def report(self, redis_name, ringdb_name):
        where = "%s:%d" % (os.path.relpath(self.path), self.lineno)
        head = "MISMATCH %s  %s%s%s" % (where, self.command,
                                       "  [#! %s]" % self.mode if self.mode else "",
                                       "  (%s)" % self.note if self.note else "")
        diff = difflib.unified_diff(render(self.want), render(self.got),
                                    fromfile="%s  %s" % (redis_name, where),
                                    tofile="%s  %s" % (ringdb_name, where), lineterm="")
        return head + "\n" + "\n".join(diff)


_HEX_ESCAPE = re.compile(rb"\\x([0-9a-fA-F]{2})")


def unescape(token):
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token.encode())


def parse_directive(text, path, lineno):
    parts = text.split()
    if not parts:
        raise SyntaxError("%s:%d: empty directive" % (path, lineno))
    name, args = parts[0].lower(), parts[1:]
    known = {"sort": 0, "ignore": 0, "shape": 0, "approx": 1, "sleep": 1,
             "resp3": 0, "resp2": 0, "inline": 0}
    if name not in known or len(args) > known[name] or (name == "sleep" and not args):
        raise SyntaxError("%s:%d: bad directive '#! %s'" % (path, lineno, text))
    return name, args


def run_file(path, redis_side, ringdb_side, verbose):
    """Runs one case file; returns (commands run, list of Mismatch)."""
    mismatches = []
    count = 0
    for side in (redis_side, ringdb_side):
        side.connect(2)
    flush = harness.encode_command("FLUSHALL")
    for side in (redis_side, ringdb_side):
        reply = side.call(flush)
        if reply != b"+OK\r\n":
            mismatches.append(Mismatch(path, 0, "FLUSHALL", "", b"+OK\r\n", reply,
                                       "start-of-file FLUSHALL failed on " + side.name))
            return count, mismatches
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) > MAX_LINES_PER_FILE:
        raise SyntaxError("%s: more than %d lines" % (path, MAX_LINES_PER_FILE))
    mode, mode_arg, inline = "", None, False
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#!"):
            name, args = parse_directive(stripped[2:].strip(), path, lineno)
            if name == "sleep":
                time.sleep(min(float(args[0]), MAX_SLEEP_S))
            elif name in ("resp3", "resp2"):
                proto = name[-1]
                for side in (redis_side, ringdb_side):
                    side.call(harness.encode_command("HELLO", proto))
                    side.protocol = int(proto)
            elif name == "inline":
                inline = True
            else:
                mode = name
                mode_arg = float(args[0]) if args else 1.0
            continue
        if not stripped or stripped.startswith("#"):
            continue
        try:
            argv = shlex.split(stripped)
        except ValueError as e:
            raise SyntaxError("%s:%d: %s" % (path, lineno, e))
        if inline:
            data = stripped.encode() + b"\r\n"
        else:
            data = harness.encode_command(*[unescape(a) for a in argv])
        want = redis_side.call(data)
        got = ringdb_side.call(data)
        count += 1
        ok = replies_match(mode, mode_arg, want, got)
        if verbose:
            print("%s:%d %s %s  ->  %s" % (os.path.basename(path), lineno,
                                          "ok  " if ok else "FAIL", stripped,
                                          " ".join(render(want))[:200]))
        if want.startswith(b"<timeout"):
            # Both sides waiting the same way would compare equal and prove nothing.
            mismatches.append(Mismatch(path, lineno, stripped, mode, want, got,
                                       "the reference did not reply: the case blocks"))
        elif not ok:
            mismatches.append(Mismatch(path, lineno, stripped, mode, want, got))
        for side in (redis_side, ringdb_side):
            log = side.ensure_alive()
            if log is not None:
                mismatches.append(Mismatch(path, lineno, stripped, mode, want, got,
                                           "%s died; restarted\n%s" % (side.name, log)))
                return count, mismatches
        mode, mode_arg, inline = "", None, False
    return count, mismatches


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ringdb", required=True, help="server under test")
    parser.add_argument("--redis", default="/usr/bin/redis-server",
                        help="reference redis-server 7.0")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every command and the reference reply")
    parser.add_argument("cases", nargs="*", help="case files (default: cases/*.txt)")
    args = parser.parse_args(argv)

    if not os.path.exists(args.redis):
        print("SKIP: reference server %s not found" % args.redis)
        return SKIP_RETURN_CODE
    cases = args.cases or sorted(glob.glob(os.path.join(HERE, "cases", "*.txt")))
    if not cases:
        print("no case files")
        return 2

    redis_side = Side("redis", args.redis)
    ringdb_side = Side("ringdb", args.ringdb)
    try:
        try:
            redis_side.start()
            ringdb_side.start()
        except harness.ServerError as e:
            print("could not start a server: %s" % e)
            return 2
        total, all_mismatches = 0, []
        for path in cases:
            try:
                count, mismatches = run_file(path, redis_side, ringdb_side, args.verbose)
            except SyntaxError as e:
                print("case file error: %s" % e)
                return 2
            total += count
            all_mismatches += mismatches
            print("%-40s %4d commands, %d mismatches"
                  % (os.path.relpath(path), count, len(mismatches)))
        for m in all_mismatches:
            print()
            print(m.report(args.redis, args.ringdb))
        print()
        print("%d commands in %d files: %d mismatches"
              % (total, len(cases), len(all_mismatches)))
        return 1 if all_mismatches else 0
    finally:
        redis_side.close()
        ringdb_side.close()
        redis_side.server.cleanup()
        ringdb_side.server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
