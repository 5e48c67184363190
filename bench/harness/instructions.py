"""Instructions per request, counted with callgrind on a server that runs under it.

Every figure is the difference of two windows, each between a zeroing and a reading
of the server's counter, so that what a window costs by itself cancels: the control's
own latency, 50 connections accepted and closed. Requests: N, then 2N, the difference
divided by N. What remains includes the server's timed work (cron, active expiry) over
the longer run's extra seconds, and callgrind slows the server tens of times while its
timers keep wall-clock time, so that work weighs tens of times more per request than
natively. Its rate comes from two idle windows, one empty and one some seconds long;
the request path is the raw figure less that rate times the extra seconds. Both
figures and the rate are kept.
"""

import time

# The key range under callgrind: loading 1M keys there would take minutes, and a GET
# or SET executes about the same instructions in a table of 10k keys as of 1M (the
# cache misses differ, and callgrind does not count those).
KEYS = 10_000
# The longest idle window. Timers tick at 10 Hz on both built-in servers, so a window
# holds a tick more or less by its phase alone: 30 ticks keep the rate within some 5%.
IDLE_S = 3.0
# Bounds a run; runs end at their request count, minutes before this.
RUN_LIMIT_S = 300.0


class IncompleteRun(Exception):
    pass


def _two_windows(counter, action, small, large):
    """A window around action(small), then one around action(large): a dict of each
    one's size, instructions and seconds, and action's two answers."""
    windows, answers = [], []
    for size in (small, large):
        count, seconds, answer = counter.window(lambda: action(size))
        windows.append({"size": size, "instructions": count, "seconds": round(seconds, 3)})
        answers.append(answer)
    return windows, answers


def _growth(windows):
    """Instructions and seconds the larger window took beyond the smaller one."""
    small, large = windows
    return (large["instructions"] - small["instructions"],
            large["seconds"] - small["seconds"])


def idle_rate(counter, seconds):
    """Instructions per second of a server with no client: its timed work."""
    windows, _ = _two_windows(counter, time.sleep, 0, seconds)
    count, seconds = _growth(windows)
    return {"per_s": count / seconds, "windows": windows}


def measure(counter, drive, requests, idle):
    """drive(n) sends exactly n requests and returns the generator's JSON; idle is
    idle_rate()'s answer for the same server."""
    windows, answers = _two_windows(counter, drive, requests, 2 * requests)
    for w, answer in zip(windows, answers):
        result = answer["result"]
        if result["replies"] != w["size"] or result["errors"]:
            raise IncompleteRun("%d of %d requests answered, %d with an error"
                                % (result["replies"], w["size"], result["errors"]))
        w["loadgen"] = answer
    count, seconds = _growth(windows)
    return {"per_request_raw": count / requests,
            "per_request": (count - idle["per_s"] * seconds) / requests,
            "idle": idle, "windows": windows}
