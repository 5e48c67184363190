"""Medians over rounds, ratios between servers, and each target's gap."""

import statistics

# Which figures a scenario kind yields; names are results.json's metric keys.
METRICS = {
    "closed": ("rps", "server_cpu_us", "p50_us", "p99_us"),
    "open": ("rps", "server_cpu_us", "p50_us", "p90_us", "p99_us", "p99.9_us", "p99.99_us"),
    "scaling": ("rps", "server_cpu_us", "p50_us", "p99_us"),
    "memory": ("bytes_per_key",),
    # Per request with the idle rate's share taken out, per request as counted, and
    # the idle rate itself (per second): see instructions.py.
    "instructions": ("instructions", "instructions_raw", "idle_instructions_per_s"),
}
PERCENTILES = ("p50", "p90", "p99", "p99.9", "p99.99")


def metrics_of(run):
    """The figures of one run, by metric name; empty for a skipped or failed run."""
    if "memory" in run:
        value = run["memory"].get("bytes_per_key")
        return {} if value is None else {"bytes_per_key": value}
    if "instructions" in run:
        counted = run["instructions"]
        return {"instructions": counted["per_request"],
                "instructions_raw": counted["per_request_raw"],
                "idle_instructions_per_s": counted["idle"]["per_s"]}
    if "loadgen" not in run:
        return {}
    result = run["loadgen"]["result"]
    figures = {"rps": result["requests_per_s"]}
    if result["server_cpu_us_per_request"] is not None:
        figures["server_cpu_us"] = result["server_cpu_us_per_request"]
    for p in PERCENTILES:
        figures[p + "_us"] = result["latency_us"][p]
    return figures


def variant(run, kind):
    """Scaling compares ringdb with itself, so its variants are thread counts."""
    return "%s --threads %d" % (run["server"], run["threads"]) if kind == "scaling" \
        else run["server"]


def summarize(scenario, runs, server_names, baseline_name, keys):
    runs = [r for r in runs if r["scenario"] == scenario.name]
    out = {"title": scenario.title.format(keys="{:,}".format(keys)), "kind": scenario.kind,
           "values": {}, "medians": {}, "ratios": {}, "targets": []}
    skipped = [r["skipped"] for r in runs if "skipped" in r]
    errors = [r["error"] for r in runs if "error" in r]
    if skipped:
        # Listed with their targets all the same, so no target drops out of the report.
        out.update(status="skipped", reason=skipped[0],
                   targets=[_gap(t, None) for t in scenario.targets])
        return out
    for run in runs:
        values = out["values"].setdefault(variant(run, scenario.kind), {})
        for metric, value in metrics_of(run).items():
            values.setdefault(metric, []).append(value)
    out["medians"] = {v: {m: statistics.median(xs) for m, xs in ms.items()}
                      for v, ms in out["values"].items()}
    for num, den in _pairs(scenario, server_names):
        ratio = _ratio(out["medians"].get(num, {}), out["medians"].get(den, {}))
        if ratio:
            out["ratios"]["%s / %s" % (num, den)] = ratio
    ratio_key = _target_pair(scenario, server_names, baseline_name)
    for target in scenario.targets:
        out["targets"].append(_gap(target, out["ratios"].get(ratio_key, {}).get(target.metric)))
    rates = [r["rate"] for r in runs if "rate" in r]
    if rates:
        out["rate"] = statistics.median(rates)
    out["status"] = "ok" if out["ratios"] else "failed"
    if errors:
        out["errors"] = errors
    return out


def _pairs(scenario, server_names):
    if scenario.kind == "scaling":
        return [("ringdb --threads 2", "ringdb --threads 1")]
    return [(server_names[0], other) for other in server_names[1:]]


def _target_pair(scenario, server_names, baseline_name):
    if scenario.kind == "scaling":
        return "ringdb --threads 2 / ringdb --threads 1"
    return "%s / %s" % (server_names[0], baseline_name) if baseline_name else None


def _ratio(num, den):
    return {m: num[m] / den[m] for m in num if m in den and den[m]}


def _gap(target, ratio):
    entry = {"text": target.text, "metric": target.metric, "relation": target.relation,
             "bound": target.bound, "ratio": ratio}
    if ratio is None:
        entry.update(met=None, gap="not measured")
    elif target.relation == ">=":
        entry.update(met=ratio >= target.bound,
                     gap="met" if ratio >= target.bound else
                     "needs %.2fx more" % (target.bound / ratio if ratio else float("inf")))
    else:
        entry.update(met=ratio <= target.bound,
                     gap="met" if ratio <= target.bound else
                     "must fall by %.0f%%" % (100 * (1 - target.bound / ratio)))
    return entry
