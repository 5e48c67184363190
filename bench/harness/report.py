"""report.md: the machine, the servers, every figure with its median and ratios,
each target's gap, and the exact commands run."""

import shlex

NOTES = """\
## How to read this

- Each figure is the median over rounds; the per-round values follow in brackets.
  Ratios divide medians, ringdb first.
- Servers are fresh for every round (one process per server and thread count),
  loaded with the whole key range before the first scenario; within a round every
  scenario runs on each server in turn, and the order of servers flips every round.
- Keys are loaded by the harness itself with pipelined SETs (`key:<12 digits>`,
  16 'x' bytes: the names and values ringdb-benchmark uses, so every GET hits);
  memory per key is INFO memory's used_memory after loading minus before, divided
  by the key count.
- Server CPU per request (utime+stime of the server process over the run, divided by
  its replies) is the honest figure when the load generator saturates before the
  server does: on a small machine the throughput ratio then mostly measures the
  generator, while the CPU ratio still measures the servers.
- Open-loop runs send on a fixed timetable at a share of the baseline's closed-loop
  GET P1 rate from the same round; latency counts from each request's intended send
  time, so a stalled server cannot hide its queueing (no coordinated omission).
- The scaling scenario pins ringdb --threads 2 to {scaling_cpus} while the generator
  runs on {load_cpus}. With {cores} usable cores the generator shares a core with one
  server thread, so on such a machine this measures little: read it as a smoke check,
  and take scaling figures from a machine with cores to spare.
- Instructions per request are counted by callgrind (valgrind) on one more server
  per server and round, loaded with {instructions_keys:,} keys: {instructions_requests:,}
  requests, then twice as many, each between `callgrind_control --zero` and `--dump`,
  so startup and loading stay out; the difference divided by {instructions_requests:,}
  cancels what each run costs once. User space only: the kernel's work in system
  calls (socket reads and writes, io_uring's submissions and completions) is not
  counted, so a server that hands more work to the kernel looks cheaper here than on
  the CPU clock; read it beside server CPU per request. Callgrind slows a server tens
  of times while its timers keep wall-clock time, so timed work (cron, active expiry)
  weighs tens of times more per request than natively: the main figure takes out the
  idle rate times the longer run's extra seconds, "as counted" keeps it in. Counts
  repeat where times do not (a few percent between runs, mostly a 10 Hz timer tick
  more or less in a window), so they hold on a loaded machine; they say nothing of
  cache misses or stalls.
"""


def _fmt(value, metric):
    if value is None:
        return "n/a"
    if metric == "rps":
        return "{:,.0f}".format(value)
    if metric == "bytes_per_key":
        return "%.1f" % value
    if "instructions" in metric:
        return "{:,.0f}".format(value)
    return "%.2f" % value


def _cell(summary, variant, metric):
    values = summary["values"].get(variant, {}).get(metric)
    if not values:
        return "n/a"
    median = _fmt(summary["medians"][variant][metric], metric)
    if len(values) == 1:
        return median
    return "%s (%s)" % (median, " / ".join(_fmt(v, metric) for v in values))


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _metric_table(summaries, kinds, metric, server_names):
    """One row per scenario: each variant's figure, then each ratio."""
    chosen = {n: s for n, s in summaries.items() if s["kind"] in kinds and s["status"] != "skipped"}
    ratio_names = sorted({r for s in chosen.values() for r in s["ratios"]})
    header = ["scenario"] + list(server_names) + ratio_names
    rows = []
    for name, s in chosen.items():
        rows.append([s["title"]] + [_cell(s, v, metric) for v in server_names] +
                    ["%.2fx" % s["ratios"][r][metric] if metric in s["ratios"].get(r, {})
                     else "" for r in ratio_names])
    return _table(header, rows) if rows else "(none run)"


def _latency_table(summaries):
    rows = []
    for s in summaries.values():
        if s["kind"] != "open" or s["status"] == "skipped":
            continue
        for variant in s["values"]:
            rows.append([s["title"], variant, _fmt(s.get("rate"), "rps"),
                         _cell(s, variant, "rps")] +
                        [_cell(s, variant, p + "_us") for p in ("p50", "p90", "p99", "p99.9",
                                                                "p99.99")])
    header = ["scenario", "server", "target rate/s", "achieved/s", "p50", "p90", "p99",
              "p99.9", "p99.99"]
    return _table(header, rows) if rows else "(none run)"


def _targets_table(summaries):
    rows = []
    for s in summaries.values():
        for t in s["targets"]:
            measured = "n/a" if t["ratio"] is None else "%.2fx" % t["ratio"]
            status = {True: "met", False: "not met", None: "not measured"}[t["met"]]
            if s["status"] == "skipped":
                status = "skipped"
            rows.append([t["text"], measured, "%s %.2fx" % (t["relation"], t["bound"]), status,
                         t["gap"]])
    return _table(["target", "measured ratio", "bound", "status", "gap"], rows)


def _instructions_section(summaries, names):
    if not any(s["kind"] == "instructions" and s["status"] != "skipped"
               for s in summaries.values()):
        return ["(none run)", ""]
    kinds = ("instructions",)
    return [_metric_table(summaries, kinds, "instructions", names), "",
            "As counted, timed work included:", "",
            _metric_table(summaries, kinds, "instructions_raw", names), "",
            "Idle instructions per second (timed work alone):", "",
            _metric_table(summaries, kinds, "idle_instructions_per_s", names), ""]


def _servers_table(specs, versions, info):
    rows = []
    for spec in specs:
        fields = info.get(spec.name, {})
        reported = ", ".join("%s %s" % (k, fields[k]) for k in ("redis_version", "ringdb_version",
                                                               "valkey_version") if k in fields)
        rows.append([spec.name, versions.get(spec.name, ""), reported or "n/a", spec.binary])
    return _table(["server", "--version", "INFO server", "binary"], rows)


def render(ctx):
    """ctx: dict with machine, settings, specs, versions, info, summaries, commands, plots."""
    summaries, settings = ctx["summaries"], ctx["settings"]
    names = [s.name for s in ctx["specs"]]
    m = ctx["machine"]
    out = ["# ringdb side-by-side comparison", "",
           _table(["machine", ""], [["CPU", m["cpu_model"]],
                                    ["cores", "%d online, %d usable" % (m["cores_online"],
                                                                        m["cores_usable"])],
                                    ["kernel", m["kernel"]], ["date", m["date"]],
                                    ["load average (1, 5, 15 min) before / after",
                                     "%s / %s" % (m["load_average"],
                                                  m["load_average_after"])]]), "",
           _servers_table(ctx["specs"], ctx["versions"], ctx["info"]), "",
           _table(["setting", ""], [[k, v] for k, v in settings.items()]), "",
           "## Targets (ratios are ringdb / %s)" % (settings["baseline"] or "n/a"), "",
           _targets_table(summaries), "",
           "## Throughput (requests/s)", "",
           _metric_table(summaries, ("closed", "open"), "rps", names), "",
           "## Server CPU per request (us)", "",
           _metric_table(summaries, ("closed", "open"), "server_cpu_us", names), "",
           "## Latency (us)", "",
           "Closed loop (p99 at full load; mostly queueing):", "",
           _metric_table(summaries, ("closed",), "p99_us", names), "",
           "Open loop:", "", _latency_table(summaries), "",
           "## Instructions per request (callgrind, user space)", ""]
    out += _instructions_section(summaries, names)
    out += ["## Memory per key (bytes)", "",
            _metric_table(summaries, ("memory",), "bytes_per_key", names), "",
            "## Scaling (ringdb with itself)", ""]
    scaling = {n: s for n, s in summaries.items() if s["kind"] == "scaling"}
    variants = ["ringdb --threads 1", "ringdb --threads 2"]
    out += [_metric_table(scaling, ("scaling",), "rps", variants), "",
            _metric_table(scaling, ("scaling",), "server_cpu_us", variants), ""]
    skipped = [[n, s["reason"]] for n, s in summaries.items() if s["status"] == "skipped"]
    # An error may carry a server's log tail; a table row holds one line.
    failed = [[n, "; ".join(s.get("errors", ["no figures"])).replace("\n", " // ")]
              for n, s in summaries.items() if s["status"] == "failed" or s.get("errors")]
    if skipped:
        out += ["## Skipped", "", _table(["scenario", "why"], skipped), ""]
    if failed:
        out += ["## Failures", "", _table(["scenario", "error"], failed), ""]
    out += [NOTES.format(**settings, cores=m["cores_usable"]), "## Plots", "", ctx["plots_note"],
            ""]
    out += ["![%s](%s)" % (p, p) for p in ctx["plots"]]
    out += ["", "## Commands run", "", "```"]
    out += [" ".join(shlex.quote(w) for w in argv) for argv in ctx["commands"]]
    out += ["```", ""]
    return "\n".join(out)
