#!/usr/bin/python3
"""Side-by-side benchmark of ringdb against Redis and any other Redis-compatible
server: one command, fresh pinned servers, alternating runs, medians, ratios and the
gap to each target, written to report.md and results.json. See README.md here.

Run with /usr/bin/python3; standard library only.
"""

import argparse
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import instructions  # noqa: E402
import loadgen  # noqa: E402
import machine  # noqa: E402
import plots  # noqa: E402
import report  # noqa: E402
import runner  # noqa: E402
import scenarios  # noqa: E402
import servers  # noqa: E402
import summary  # noqa: E402

FULL = {"keys": 1_000_000, "duration": 10.0, "rounds": 3, "instructions_requests": 20_000}
# Tiny and short, for the smoke test: proves the plumbing, measures nothing.
QUICK = {"keys": 10_000, "duration": 1.0, "rounds": 1, "instructions_requests": 2_000}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ringdb", required=True, help="ringdb-server binary")
    p.add_argument("--redis", default="/usr/bin/redis-server",
                   help="redis-server binary, the baseline; 'none' to leave Redis out")
    p.add_argument("--server", action="append", default=[], metavar="NAME=COMMAND",
                   help="another server by its start command, with a {port} placeholder "
                        "(also {dir}: a private empty directory); repeatable")
    p.add_argument("--baseline", help="server the ratios and open-loop rates refer to "
                                      "(default: redis, else the first other server)")
    p.add_argument("--benchmark", help="ringdb-benchmark binary (default: beside --ringdb, "
                                       "in bench/loadgen/)")
    p.add_argument("--rounds", type=int)
    p.add_argument("--duration", type=float, help="seconds per run")
    p.add_argument("--keys", type=int, help="key range, preloaded before each round")
    p.add_argument("--server-cpus", default="0", help="taskset CPU list for servers")
    p.add_argument("--load-cpus", default="1", help="taskset CPU list for the generator; "
                                                    "one generator thread per CPU")
    p.add_argument("--scaling-cpus", help="CPU list for ringdb --threads 2 (default: server "
                                          "and load CPUs together)")
    p.add_argument("--scenarios", default=",".join(scenarios.DEFAULT),
                   help="comma-separated; known: " + ",".join(scenarios.BY_NAME))
    p.add_argument("--instructions", action="store_true",
                   help="also count instructions per request under callgrind: "
                        + ",".join(scenarios.INSTRUCTIONS))
    p.add_argument("--instructions-requests", type=int, metavar="N",
                   help="requests per callgrind run, N then 2N (default %d; --quick %d)"
                        % (FULL["instructions_requests"], QUICK["instructions_requests"]))
    p.add_argument("--quick", action="store_true", help="%(keys)d keys, %(rounds)d round, "
                   "%(duration)g s per run: for the smoke test" % QUICK)
    p.add_argument("--out", help="output folder (default: bench/results/<timestamp>)")
    args = p.parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.value_size = 16
    args.scaling_cpus = args.scaling_cpus or ",".join(
        sorted(set(args.server_cpus.split(",")) | set(args.load_cpus.split(",")), key=int))
    if args.rounds < 1 or args.duration <= 0 or args.keys < 1 or args.instructions_requests < 1:
        p.error("--rounds, --duration, --keys and --instructions-requests must be positive")
    if args.instructions:
        args.scenarios += "," + ",".join(scenarios.INSTRUCTIONS)
    usable = os.sched_getaffinity(0)
    for cpus in (args.server_cpus, args.load_cpus, args.scaling_cpus):
        if any(int(c) not in usable for c in cpus.split(",")):
            p.error("CPU list %s names a CPU this process may not use (usable: %s)"
                    % (cpus, sorted(usable)))
    args.benchmark = args.benchmark or os.path.join(
        os.path.dirname(os.path.abspath(args.ringdb)), "bench", "loadgen", "ringdb-benchmark")
    args.out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                        "results", time.strftime("%Y%m%d-%H%M%S"))
    return args


def server_specs(args):
    specs = [servers.ringdb_spec(args.ringdb)]
    if args.redis != "none":
        specs.append(servers.redis_spec(args.redis))
    specs += [servers.parse_server_arg(s) for s in args.server]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise ValueError("server names must differ: %s" % names)
    for spec in specs:
        servers.check_loopback(spec)
        if not os.access(spec.binary, os.X_OK):
            raise ValueError("%s: %s is not an executable" % (spec.name, spec.binary))
    return specs


def pick_baseline(args, specs):
    others = specs[1:]
    if args.baseline:
        match = [s for s in others if s.name == args.baseline]
        if not match:
            raise ValueError("--baseline %s names no other server" % args.baseline)
        return match[0]
    return next((s for s in others if s.name == "redis"), others[0] if others else None)


def raise_on_sigterm(signum, frame):
    # Turns SIGTERM into the same unwinding as Ctrl-C, so every server gets stopped.
    raise KeyboardInterrupt


def main(argv):
    args = parse_args(argv)
    try:
        specs = server_specs(args)
        baseline = pick_baseline(args, specs)
        chosen = scenarios.select(args.scenarios)
    except ValueError as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 2
    if not os.access(args.benchmark, os.X_OK):
        print("compare.py: ringdb-benchmark not found at %s (use --benchmark)" % args.benchmark,
              file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    signal.signal(signal.SIGTERM, raise_on_sigterm)

    machine_before = machine.describe()
    commands = []
    gen = loadgen.Loadgen(args.benchmark, args.load_cpus, commands.append)
    run = runner.Runner(args, specs, baseline, gen, commands.append)
    started = time.monotonic()
    try:
        run.run_all(chosen)
    except KeyboardInterrupt:
        print("compare.py: interrupted; servers stopped, no report written", file=sys.stderr)
        return 130
    finally:
        servers.stop_all()

    names = [s.name for s in specs]
    summaries = {s.name: summary.summarize(s, run.runs, names, baseline and baseline.name,
                                           args.keys)
                 for s in chosen}
    plot_files, plots_note = plots.write(args.out, summaries)
    settings = {
        "rounds": args.rounds, "duration_s": args.duration, "keys": args.keys,
        "value_size": args.value_size, "clients": 50,
        "server_cpus": args.server_cpus, "load_cpus": args.load_cpus,
        "scaling_cpus": args.scaling_cpus, "baseline": baseline and baseline.name,
        "ringdb_threads": "1 (2 in the scaling scenario)",
        "lifecycle": "fresh servers per round", "quick": args.quick,
        "instructions_requests": args.instructions_requests,
        "instructions_keys": instructions.KEYS,
        "wall_time_s": round(time.monotonic() - started, 1),
    }
    info = run.info_server
    versions = {s.name: servers.version(s) for s in specs}
    machine_before["load_average_after"] = machine.describe()["load_average"]
    results = {"machine": machine_before, "settings": settings, "versions": versions,
               "info_server": info, "commands": commands, "runs": run.runs,
               "summary": summaries}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(report.render({"machine": results["machine"], "settings": settings,
                               "specs": specs, "versions": versions, "info": info,
                               "summaries": summaries, "commands": commands,
                               "plots": plot_files, "plots_note": plots_note}))
    print("compare.py: wrote %s/report.md and results.json in %.0f s"
          % (args.out, settings["wall_time_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
