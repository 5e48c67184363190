#!/usr/bin/python3
"""Smoke test of bench/harness/compare.py: a --quick run against ringdb and Redis,
instruction counts under callgrind included (skipped where valgrind is missing), must
write report.md and results.json with a ratio (or a reason to skip) for every
scenario. It asserts nothing about performance: CI machines are small and loaded.

Usage: smoke.py RINGDB_SERVER RINGDB_BENCHMARK [REDIS_SERVER]
Exits 77 (skipped) when a binary is missing.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COMPARE = os.path.join(HERE, "..", "..", "bench", "harness", "compare.py")
SKIP = 77
RUN_TIMEOUT_S = 150  # under ctest's 180, so a hang reports here, with output


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__)
        return 2
    ringdb, benchmark = argv[1], argv[2]
    redis = argv[3] if len(argv) == 4 else "/usr/bin/redis-server"
    for path in (ringdb, benchmark, redis):
        if not os.access(path, os.X_OK):
            print("skipped: %s is missing" % path)
            return SKIP
    with tempfile.TemporaryDirectory(prefix="ringdb-bench-smoke-") as out:
        proc = subprocess.run(
            ["/usr/bin/python3", COMPARE, "--quick", "--instructions", "--ringdb", ringdb,
             "--benchmark", benchmark, "--redis", redis, "--out", out],
            capture_output=True, text=True, timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)
        print(proc.stdout, proc.stderr)
        if proc.returncode != 0:
            print("FAIL: compare.py exited with %d" % proc.returncode)
            return 1
        return check(out)


def check(out):
    with open(os.path.join(out, "report.md")) as f:
        report = f.read()
    with open(os.path.join(out, "results.json")) as f:
        results = json.load(f)
    failures = []
    if "## Targets" not in report or "## Commands run" not in report:
        failures.append("report.md lacks its sections")
    for name, s in results["summary"].items():
        if s["status"] == "skipped":
            if not s.get("reason"):
                failures.append("%s: skipped without a reason" % name)
        elif not s["ratios"]:
            failures.append("%s: no ratio (%s)" % (name, s.get("errors", "no figures")))
        elif s["title"] not in report:
            failures.append("%s: missing from report.md" % name)
    if not results["runs"]:
        failures.append("results.json holds no runs")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print("ok: %d scenarios" % len(results["summary"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
