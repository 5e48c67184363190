"""PNG plots drawn by gnuplot (Debian package gnuplot-nox), the one plotting tool
this harness may assume a machine has; without it the data and the script are still
written, so the plots can be drawn later with `gnuplot plots.gp` in the plots folder.
"""

import os
import shutil
import subprocess

PERCENTILES = ("p50", "p90", "p99", "p99.9", "p99.99")


def write(out_dir, summaries):
    """Writes plots/*.dat and plots/plots.gp and runs gnuplot if present.
    Returns (list of PNG paths relative to out_dir, a note for the report)."""
    plot_dir = os.path.join(out_dir, "plots")
    os.makedirs(plot_dir, exist_ok=True)
    script = ["set terminal pngcairo size 900,500", "set grid ytics", "set key outside right"]
    pngs = []
    bars = _throughput_bars(plot_dir, summaries, script)
    if bars:
        pngs.append(bars)
    for name, summary in summaries.items():
        if summary["kind"] == "open" and summary["medians"]:
            pngs.append(_latency_curve(plot_dir, name, summary, script))
    with open(os.path.join(plot_dir, "plots.gp"), "w") as f:
        f.write("\n".join(script) + "\n")
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return [], ("plots skipped: gnuplot is not installed (Debian package gnuplot-nox); "
                    "data and script are in plots/, draw them with `cd plots && gnuplot plots.gp`")
    proc = subprocess.run([gnuplot, "plots.gp"], cwd=plot_dir, capture_output=True, text=True,
                          timeout=60)
    if proc.returncode != 0:
        return [], "plots failed: gnuplot said: %s" % proc.stderr.strip()[-500:]
    return ["plots/" + p for p in pngs], "plots drawn with gnuplot"


def _throughput_bars(plot_dir, summaries, script):
    rows = [(name, s["medians"]) for name, s in summaries.items()
            if s["kind"] in ("closed", "open", "scaling") and s["medians"]]
    if not rows:
        return None
    variants = sorted({v for _, medians in rows for v in medians})
    with open(os.path.join(plot_dir, "throughput.dat"), "w") as f:
        f.write("scenario " + " ".join('"%s"' % v for v in variants) + "\n")
        for name, medians in rows:
            f.write(name + " " + " ".join(
                "%.1f" % medians[v]["rps"] if "rps" in medians.get(v, {}) else "-"
                for v in variants) + "\n")
    script += [
        "set output 'throughput.png'",
        "set title 'Throughput per scenario (median requests/s)'",
        "set style data histograms", "set style histogram clustered gap 1",
        "set style fill solid 0.8 border -1", "set datafile missing '-'",
        "set xtics rotate by -30", "set ylabel 'requests/s'", "set yrange [0:*]",
        "plot for [i=2:%d] 'throughput.dat' using i:xtic(1) title columnheader(i)"
        % (len(variants) + 1),
        "set xtics norotate",
    ]
    return "throughput.png"


def _latency_curve(plot_dir, name, summary, script):
    data = "latency_%s.dat" % name
    variants = sorted(summary["medians"])
    with open(os.path.join(plot_dir, data), "w") as f:
        f.write("index percentile " + " ".join('"%s"' % v for v in variants) + "\n")
        for i, p in enumerate(PERCENTILES):
            f.write("%d %s " % (i, p) + " ".join(
                "%.3f" % summary["medians"][v].get(p + "_us", 0) for v in variants) + "\n")
    png = "latency_%s.png" % name
    script += [
        "set output '%s'" % png,
        'set title "%s: latency percentiles (median over rounds)"'
        % summary["title"].replace('"', "'"),
        "set logscale y", "set ylabel 'latency (us)'", "set xlabel 'percentile'",
        "plot for [i=3:%d] '%s' using 1:i:xtic(2) with linespoints title columnheader(i)"
        % (len(variants) + 2, data),
        "unset logscale y", "unset xlabel",
    ]
    return png
