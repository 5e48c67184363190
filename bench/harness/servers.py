"""Server definitions, and starting, pinning and stopping server processes.

A server is a name and a start-command template with a {port} placeholder (and
optionally {dir}, a private empty directory, and {threads}). Every process the
harness starts is tracked in one registry so that stop_all() can end them on any
exit path, Ctrl-C and exceptions included.
"""

import ipaddress
import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass

import resp

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 5.0
MAX_START_ATTEMPTS = 3  # a free port may be taken between probe and bind

# Equivalent settings for both built-in servers: loopback only, no RDB, no AOF.
RINGDB_TEMPLATE = ("{binary} --port {port} --bind 127.0.0.1 --save '' --appendonly no"
                   " --dir {dir} --threads {threads}")
REDIS_TEMPLATE = ("{binary} --port {port} --bind 127.0.0.1 --save '' --appendonly no"
                  " --dir {dir} --daemonize no --logfile ''")

# Options whose value is an address the server listens on; redis.conf style and common
# alternatives. A template naming anything but loopback there is refused.
BIND_OPTIONS = ("--bind", "--host", "--listen", "--addr", "--address")


@dataclass(frozen=True)
class ServerSpec:
    name: str
    template: str  # shell-style words with {port}, {dir}, {threads}, {binary}
    binary: str
    is_ringdb: bool = False

    def argv(self, port, directory, threads):
        return [w.format(port=port, dir=directory, threads=threads, binary=self.binary)
                for w in shlex.split(self.template)]


def ringdb_spec(binary):
    return ServerSpec("ringdb", RINGDB_TEMPLATE, os.path.abspath(binary), is_ringdb=True)


def redis_spec(binary):
    return ServerSpec("redis", REDIS_TEMPLATE, os.path.abspath(binary))


def parse_server_arg(text):
    """'name=command template' from --server into a ServerSpec."""
    name, sep, template = text.partition("=")
    if not sep or not name or not template:
        raise ValueError("--server wants NAME=COMMAND, got %r" % text)
    if "{port}" not in template:
        raise ValueError("--server %s: the command needs a {port} placeholder" % name)
    words = shlex.split(template)
    return ServerSpec(name, template, words[0])


def check_loopback(spec):
    """Raises ValueError if the template binds a non-loopback address."""
    words = shlex.split(spec.template)
    for i, word in enumerate(words):
        key, eq, inline = word.partition("=")
        if key not in BIND_OPTIONS:
            continue
        values = [inline] if eq else words[i + 1:i + 2]
        for value in values:
            for addr in value.split():
                if addr.lstrip("-") in ("localhost", "::1") or _is_loopback(addr):
                    continue
                raise ValueError("%s: refusing to bind %r; the harness runs on loopback only"
                                 % (spec.name, addr))


def _is_loopback(addr):
    try:
        return ipaddress.ip_address(addr.lstrip("-")).is_loopback
    except ValueError:
        return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((resp.HOST, 0))
        return s.getsockname()[1]


def version(spec):
    """The first line of `binary --version`, or a note why there is none."""
    try:
        out = subprocess.run([spec.binary, "--version"], capture_output=True, text=True,
                             timeout=10, stdin=subprocess.DEVNULL)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError) as e:
        return "unknown (%s)" % e


class Instance:
    """One running server process, pinned with taskset to `cpus`; `prefix` words (with
    {dir}) go before the server's command, to run it under a tool such as valgrind."""

    def __init__(self, spec, threads, cpus, prefix=(), start_timeout_s=START_TIMEOUT_S):
        self.spec = spec
        self.threads = threads
        self.cpus = cpus
        self.prefix = prefix
        self.start_timeout_s = start_timeout_s
        self.dir = tempfile.mkdtemp(prefix="ringdb-harness-%s-" % spec.name)
        self.log_path = os.path.join(self.dir, "server.log")
        self.proc = None
        self.port = None
        self.argv = None

    @property
    def label(self):
        return "%s --threads %d" % (self.spec.name, self.threads) if self.spec.is_ringdb \
            else self.spec.name

    @property
    def pid(self):
        return self.proc.pid

    def start(self):
        last_error = None
        for _ in range(MAX_START_ATTEMPTS):
            self.port = free_port()
            # taskset execs the server (valgrind too runs it in its own process), so
            # the pid we hold is the server's own.
            self.argv = ["taskset", "-c", self.cpus] + [
                w.format(dir=self.dir) for w in self.prefix] + self.spec.argv(
                self.port, self.dir, self.threads)
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(self.argv, cwd=self.dir, stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT)
            try:
                self._wait_ready()
                return self
            except RuntimeError as e:
                last_error = e
                self._kill()
        raise last_error

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s before answering PING\n%s"
                                   % (self.label, self.proc.returncode, self.log_tail()))
            try:
                with resp.Client(self.port, timeout_s=1.0) as c:
                    if c.call("PING") == "PONG":
                        return
            except (OSError, ConnectionError, resp.RespError):
                pass
            time.sleep(0.05)
        raise RuntimeError("%s did not answer PING within %.0f s\n%s"
                           % (self.label, self.start_timeout_s, self.log_tail()))

    def client(self):
        return resp.Client(self.port)

    def log_tail(self, max_bytes=4000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-max_bytes:].decode(errors="replace")
        except OSError:
            return "<no log>"

    def stop(self):
        """SIGTERM, then SIGKILL; both bounded. No SHUTDOWN command: not every server has it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pass
        self._kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT_S)


_running = []


def start(spec, threads, cpus, prefix=(), start_timeout_s=START_TIMEOUT_S):
    inst = Instance(spec, threads, cpus, prefix, start_timeout_s)
    _running.append(inst)
    return inst.start()


def stop(inst):
    inst.stop()
    _running.remove(inst)


def stop_all():
    while _running:
        stop(_running[-1])
