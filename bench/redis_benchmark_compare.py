#!/usr/bin/python3
"""Issue #2's performance measurement: redis-benchmark against ringdb and Debian's
redis-server in the same run, the server pinned to one core and the load to another.

For each round (servers alternate A B A B ...) and scenario (SET/GET at pipeline 1
and 16, 50 clients, 16-byte values, 1M-key range) it records requests/s, p50/p99
latency and the server's CPU time per request (utime+stime from /proc/PID/stat
before and after). It prints medians and ringdb/Redis ratios as a markdown table.

  /usr/bin/python3 bench/redis_benchmark_compare.py --ringdb build/ringdb-server \
      [--redis /usr/bin/redis-server] [--rounds 3] [--requests 1000000] \
      [--server-cpu 0] [--load-cpu 1] [--threads 1]
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
import harness  # noqa: E402  (free_port, loopback only)

CLK_TCK = os.sysconf("SC_CLK_TCK")
SCENARIOS = [("set", 1), ("get", 1), ("set", 16), ("get", 16)]


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def wait_port(port, timeout_s=10):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection((harness.HOST, port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server on port %d did not start" % port)


def start(kind, binary, port, cpu, threads, workdir):
    if kind == "redis":
        args = [binary, "--port", str(port), "--bind", harness.HOST, "--save", "",
                "--appendonly", "no", "--dir", workdir]
    else:
        args = [binary, "--port", str(port), "--bind", harness.HOST,
                "--threads", str(threads)]
    proc = subprocess.Popen(["taskset", "-c", cpu] + args, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc


def run_benchmark(port, test, pipeline, requests, load_cpu, clients):
    cmd = ["taskset", "-c", load_cpu, "redis-benchmark", "-h", harness.HOST, "-p", str(port),
           "-c", str(clients), "-n", str(requests), "-t", test, "-d", "16", "-r", "1000000",
           "-P", str(pipeline), "--threads", "1", "--csv"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600).stdout
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95..","p99..","max.."
    row = [c.strip('"') for c in out.strip().splitlines()[-1].split(",")]
    return {"rps": float(row[1]), "p50_ms": float(row[4]), "p99_ms": float(row[6])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ringdb", required=True)
    ap.add_argument("--redis", default="/usr/bin/redis-server")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=1000000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--server-cpu", default="0")
    ap.add_argument("--load-cpu", default="1")
    ap.add_argument("--threads", type=int, default=1, help="ringdb threads")
    opts = ap.parse_args()

    servers = [("redis", opts.redis), ("ringdb", opts.ringdb)]
    results = {}  # (server, test, pipeline) -> list of dicts
    with tempfile.TemporaryDirectory() as workdir:
        for rnd in range(opts.rounds):
            for kind, binary in servers:
                port = harness.free_port()
                proc = start(kind, binary, port, opts.server_cpu, opts.threads, workdir)
                try:
                    for test, pipeline in SCENARIOS:
                        before = cpu_seconds(proc.pid)
                        r = run_benchmark(port, test, pipeline, opts.requests, opts.load_cpu,
                                          opts.clients)
                        r["cpu_us_per_req"] = (cpu_seconds(proc.pid) - before) * 1e6 / opts.requests
                        results.setdefault((kind, test, pipeline), []).append(r)
                        print("round %d %-6s %-3s P=%-2d %10.0f req/s  p99 %.3f ms  cpu %.2f us/req"
                              % (rnd + 1, kind, test, pipeline, r["rps"], r["p99_ms"],
                                 r["cpu_us_per_req"]), file=sys.stderr)
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)

    def med(kind, test, pipeline, field):
        return statistics.median(r[field] for r in results[(kind, test, pipeline)])

    print("| scenario | Redis req/s | ringdb req/s | ratio | Redis p99 ms | ringdb p99 ms "
          "| Redis CPU µs/req | ringdb CPU µs/req | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for test, pipeline in SCENARIOS:
        rr, gr = med("redis", test, pipeline, "rps"), med("ringdb", test, pipeline, "rps")
        rc = med("redis", test, pipeline, "cpu_us_per_req")
        gc = med("ringdb", test, pipeline, "cpu_us_per_req")
        print("| %s P=%d | %.0f | %.0f | %.2fx | %.3f | %.3f | %.2f | %.2f | %.2fx |" % (
            test.upper(), pipeline, rr, gr, gr / rr, med("redis", test, pipeline, "p99_ms"),
            med("ringdb", test, pipeline, "p99_ms"), rc, gc, gc / rc if rc else 0))


if __name__ == "__main__":
    main()
