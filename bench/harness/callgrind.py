"""Counting a server's instructions with valgrind's callgrind: the command prefix that
starts a server under it, and zeroing and reading its counter from outside with
callgrind_control (Debian package valgrind), so that startup and key loading stay out
of every count.

Callgrind counts instructions executed in user space (its "Ir" event), in every
thread of the process; the kernel's share of each system call is not counted.
"""

import glob
import os
import re
import shutil
import subprocess
import time

# Words put before a server's own command; {dir} is the instance's private directory,
# %p callgrind's own placeholder for the process id. Each dump lands beside the
# final one as <file>.<part>.
PREFIX = ("valgrind", "--tool=callgrind", "--callgrind-out-file={dir}/callgrind.%p.out")
OUT_GLOB = "callgrind.%d.out.*"
# Valgrind translates the binary and reads its debug information before main() runs.
START_TIMEOUT_S = 120.0
# callgrind_control reaches the server through vgdb, which wakes a process blocked in
# a system call with ptrace; where ptrace is refused it can wait forever.
CONTROL_TIMEOUT_S = 30.0
TOOLS = ("valgrind", "callgrind_control")


class CallgrindError(Exception):
    pass


def missing():
    """Why instructions cannot be counted on this machine, or None if they can."""
    for tool in TOOLS:
        if shutil.which(tool) is None:
            return "%s is not installed (Debian package valgrind)" % tool
    return None


class Counter:
    """The instruction counter of one server process that runs under PREFIX."""

    def __init__(self, pid, out_dir, log):
        self.pid = pid
        self.out_dir = out_dir
        self.log = log  # called with each argv, so the report can list the exact commands

    def window(self, action):
        """Zeroes the counter, runs action(), then reads it. Returns (instructions,
        seconds the server counted them for, what action returned)."""
        self._control("--zero")
        # From the zeroing's answer to the dump's: callgrind_control answers once the
        # server has acted, which can be 0.1-0.3 s after the call (perl, then vgdb,
        # then waking a server blocked in a system call).
        started = time.monotonic()
        result = action()
        count = self._dump()
        return count, time.monotonic() - started, result

    def _dump(self):
        before = self._parts()
        self._control("--dump")
        new = self._parts() - before
        if len(new) != 1:
            raise CallgrindError("callgrind_control --dump %d wrote %d files, not 1"
                                 % (self.pid, len(new)))
        return self._summary(new.pop())

    def _parts(self):
        return set(glob.glob(os.path.join(self.out_dir, OUT_GLOB % self.pid)))

    def _control(self, request):
        argv = ["callgrind_control", request, str(self.pid)]
        self.log(argv)
        try:
            proc = subprocess.run(argv, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=CONTROL_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise CallgrindError("%s did not answer within %.0f s (vgdb needs ptrace to reach "
                                 "a blocked server)" % (" ".join(argv), CONTROL_TIMEOUT_S))
        # callgrind_control exits 0 even when it found no such process; only vgdb's
        # "OK." says the server ran the request.
        if proc.returncode != 0 or "OK." not in proc.stdout:
            raise CallgrindError("%s failed: %s" % (" ".join(argv),
                                                    (proc.stdout + proc.stderr).strip()))

    @staticmethod
    def _summary(path):
        """The dump's "summary:" line: its Ir total since the last zeroing, every
        thread included (callgrind_annotate reads the same line)."""
        with open(path) as f:
            for line in f:
                match = re.match(r"summary:\s+(\d+)", line)
                if match:
                    return int(match.group(1))
        raise CallgrindError("%s holds no summary line" % path)
