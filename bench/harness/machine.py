"""What the figures were measured on, for the report's header."""

import os
import platform
import time


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe():
    return {
        "cpu_model": cpu_model(),
        "cores_online": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "kernel": platform.release(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        # Other work on the machine skews every figure; this makes it visible.
        "load_average": "%.2f %.2f %.2f" % os.getloadavg(),
        "python": platform.python_version(),
    }
