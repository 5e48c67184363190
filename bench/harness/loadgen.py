"""Runs ringdb-benchmark once, pinned with taskset, and returns its JSON figures."""

import json
import os
import subprocess
import tempfile

# A run ends at --duration unless given a request count; the default cap only bounds a
# run whose clock goes wrong, so it sits far above any rate two cores reach.
CAP_REQUESTS_PER_S = 20_000_000
GRACE_S = 60  # on top of --duration before the harness kills a stuck generator


class LoadgenError(Exception):
    pass


class Loadgen:
    def __init__(self, binary, cpus, log):
        self.binary = os.path.abspath(binary)
        self.cpus = cpus
        self.threads = len(cpus.split(","))
        self.log = log  # called with each argv, so the report can list the exact commands

    def run(self, port, server_pid, duration_s, args, requests=None):
        """One run against 127.0.0.1:port; args are the workload flags. With requests,
        the run ends after that many replies, duration_s only bounding it."""
        requests = requests or int(CAP_REQUESTS_PER_S * duration_s)
        with tempfile.NamedTemporaryFile(prefix="ringdb-harness-", suffix=".json") as out:
            argv = ["taskset", "-c", self.cpus, self.binary, "-p", str(port),
                    "--threads", str(self.threads), "--duration", "%g" % duration_s,
                    "-n", str(requests),
                    "--server-pid", str(server_pid), "-q", "--json", out.name] + list(args)
            self.log(argv)
            proc = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                  timeout=duration_s + GRACE_S)
            if proc.returncode != 0:
                raise LoadgenError("ringdb-benchmark exited with %d: %s"
                                   % (proc.returncode, (proc.stderr or proc.stdout).strip()))
            with open(out.name) as f:
                return json.load(f)
