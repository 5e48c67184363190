"""Test harness for ringdb integration and differential tests.

Starts a server binary (ringdb-server or Debian's redis-server 7.0) on a free
loopback port with a private temp dir, waits until it answers PING, stops it
(SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL) and keeps its log for failure
messages. Offers a raw RESP client that sends exact bytes and returns exact
reply bytes (RESP2 and RESP3), and redis-py clients.

Every wait here is bounded in time; every loop is bounded in count. Only
127.0.0.1 is used.

Run with /usr/bin/python3 (Debian's python3-redis lives there).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

HOST = "127.0.0.1"
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
REPLY_TIMEOUT_S = 10.0
MAX_START_ATTEMPTS = 3  # a free port may be taken between probe and bind


def free_port():
    """Returns a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def is_redis_binary(path):
    """True for Debian's redis-server (used to prove the tests themselves)."""
    return os.path.basename(os.path.realpath(path)).startswith("redis-")


def server_binary_from_env():
    path = os.environ.get("RINGDB_SERVER", "")
    if not path:
        raise unittest.SkipTest("RINGDB_SERVER is not set (path of the server binary)")
    return path


class ServerError(Exception):
    pass


class Server:
    """One server process on a free loopback port.

    binary: path of ringdb-server or redis-server.
    extra_args: appended after the standard arguments (redis-server style).
    config_file: if given, passed as the first argument (like redis-server).
    standard_args: False to pass only config_file and extra_args.
    """

    def __init__(self, binary, extra_args=(), config_file=None, standard_args=True):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.config_file = config_file
        self.standard_args = standard_args
        self.is_redis = is_redis_binary(binary)
        self.dir = tempfile.mkdtemp(prefix="ringdb-test-")
        self.log_path = os.path.join(self.dir, "server.log")
        self.port = None
        self.proc = None
        self._log_file = None

    # -- life cycle -------------------------------------------------------

    def args(self, port):
        args = [self.binary]
        if self.config_file:
            args.append(self.config_file)
        if self.standard_args:
            args += ["--port", str(port), "--bind", HOST, "--save", "",
                     "--appendonly", "no", "--dir", self.dir]
            if not self.is_redis:
                args += ["--threads", "2"]
            else:
                args += ["--logfile", "", "--daemonize", "no"]
        return args + self.extra_args

    def start(self, port=None):
        """Starts the server; raises ServerError (with the log) if it never answers."""
        if not os.path.exists(self.binary):
            raise ServerError("server binary not found: %s" % self.binary)
        last_error = None
        for _ in range(MAX_START_ATTEMPTS):
            self.port = port or free_port()
            try:
                self._spawn()
                self.wait_ready()
                return self
            except ServerError as e:
                last_error = e
                self._kill()
                if port is not None:
                    break
        raise last_error

    def _spawn(self):
        self._log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.args(self.port), cwd=self.dir, stdin=subprocess.DEVNULL,
            stdout=self._log_file, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout_s=START_TIMEOUT_S):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError("server exited with %s before answering PING\n%s"
                                  % (self.proc.returncode, self.log()))
            try:
                with RawClient(self.port, timeout_s=1.0) as c:
                    if c.call_raw(b"*1\r\n$4\r\nPING\r\n") == b"+PONG\r\n":
                        return
            except (OSError, ConnectionError):
                pass
            time.sleep(0.05)
        raise ServerError("server did not answer PING within %.0f s\n%s"
                          % (timeout_s, self.log()))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL; each step bounded."""
        if self.proc is None:
            return None
        if self.alive():
            try:
                with RawClient(self.port, timeout_s=2.0) as c:
                    c.send(b"*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n")
                    c.try_read_some(2.0)
            except (OSError, ConnectionError):
                pass
            self._wait(STOP_TIMEOUT_S)
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            self._wait(STOP_TIMEOUT_S)
        self._kill()
        return self.proc.returncode

    def _wait(self, timeout_s):
        try:
            self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            pass

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self._wait(STOP_TIMEOUT_S)
        if self._log_file:
            self._log_file.close()
            self._log_file = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self, max_bytes=8000):
        """The tail of the server's log, for failure messages."""
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
        except OSError:
            return "<no log>"
        tail = data[-max_bytes:].decode("utf-8", "replace")
        return "---- server log (%s) ----\n%s\n---- end of log ----" % (self.binary, tail)

    # -- clients ----------------------------------------------------------

    def raw(self, timeout_s=REPLY_TIMEOUT_S):
        return RawClient(self.port, timeout_s=timeout_s)

    def client(self, **kwargs):
        import redis  # Debian's python3-redis (4.x): RESP2 only
        kwargs.setdefault("decode_responses", True)
        kwargs.setdefault("socket_timeout", REPLY_TIMEOUT_S)
        kwargs.setdefault("socket_connect_timeout", REPLY_TIMEOUT_S)
        return redis.Redis(host=HOST, port=self.port, **kwargs)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


# -- RESP ---------------------------------------------------------------------

class Incomplete(Exception):
    pass


_LINE_TYPES = b"+-:_,#("
_BLOB_TYPES = b"$!="
_AGG_TYPES = b"*~>"
MAX_NESTING = 64


def _line_end(buf, pos):
    end = buf.find(b"\r\n", pos)
    if end < 0:
        raise Incomplete()
    return end


def parse(buf, pos=0, depth=0):
    """Parses one RESP2/RESP3 reply at buf[pos:].

    Returns (node, end) where node is (type_byte, header, payload, children):
    header is the line after the type byte, payload the blob for $ ! =,
    children the list of nodes for aggregates (for | the attribute pairs plus
    the attributed reply as the last child). Raises Incomplete if buf ends early.
    """
    if depth > MAX_NESTING:
        raise ValueError("RESP nesting too deep")
    if pos >= len(buf):
        raise Incomplete()
    t = buf[pos]
    end = _line_end(buf, pos + 1)
    header = bytes(buf[pos + 1:end])
    pos = end + 2
    if t in _LINE_TYPES:
        return (t, header, None, None), pos
    if t in _BLOB_TYPES:
        n = int(header)
        if n < 0:
            return (t, header, None, None), pos
        if len(buf) < pos + n + 2:
            raise Incomplete()
        return (t, header, bytes(buf[pos:pos + n]), None), pos + n + 2
    if t in _AGG_TYPES or t in b"%|":
        n = int(header)
        if n < 0:
            return (t, header, None, None), pos
        count = n * 2 if t in b"%|" else n
        children = []
        for _ in range(count):
            child, pos = parse(buf, pos, depth + 1)
            children.append(child)
        if t == ord("|"):
            child, pos = parse(buf, pos, depth + 1)
            children.append(child)
        return (t, header, None, children), pos
    raise ValueError("bad RESP type byte %r at %d" % (chr(t), pos))


def serialize(node):
    t, header, payload, children = node
    out = bytes([t]) + header + b"\r\n"
    if payload is not None:
        out += payload + b"\r\n"
    if children is not None:
        out += b"".join(serialize(c) for c in children)
    return out


def to_python(node):
    """Converts a parsed node to Python values (bytes, int, float, list, dict...)."""
    t, header, payload, children = node
    c = chr(t)
    if c == "+":
        return header
    if c == "-":
        return RespError(header)
    if c == ":":
        return int(header)
    if c == "(":
        return int(header)
    if c == "_":
        return None
    if c == ",":
        return float(header)
    if c == "#":
        return header == b"t"
    if c in "$!=":
        return payload
    if c in "*~>":
        return None if children is None else [to_python(x) for x in children]
    if c == "%":
        return {_hashable(to_python(children[i])): to_python(children[i + 1])
                for i in range(0, len(children), 2)}
    if c == "|":
        return to_python(children[-1])
    raise ValueError(c)


def _hashable(v):
    return tuple(v) if isinstance(v, list) else v


class RespError(bytes):
    """An error reply's text (bytes without the leading '-')."""


def encode_command(*args):
    """Encodes a command as a RESP array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, (int, float)):
            a = str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)


def send_pipelined(port, request):
    """Sends `request` (any number of commands) over one connection and reads every
    reply, discarding them: how the benchmarks load a server quickly."""
    with socket.create_connection((HOST, port)) as s:
        s.sendall(request)
        s.shutdown(socket.SHUT_WR)
        while s.recv(1 << 20):
            pass


class RawClient:
    """A socket client that sends exact bytes and returns exact reply bytes."""

    def __init__(self, port, host=HOST, timeout_s=REPLY_TIMEOUT_S):
        self.sock = socket.create_connection((host, port), timeout=timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout_s = timeout_s
        self.buf = bytearray()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def send_command(self, *args):
        self.send(encode_command(*args))

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout("no complete reply within %.1f s" % self.timeout_s)
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("connection closed by server; partial reply %r"
                                  % bytes(self.buf[:200]))
        self.buf += chunk

    def read_node(self, timeout_s=None):
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        while True:
            try:
                node, end = parse(self.buf)
                del self.buf[:end]
                return node
            except Incomplete:
                self._fill(deadline)

    def read_raw(self, timeout_s=None):
        """Reads exactly one reply and returns its bytes."""
        return serialize(self.read_node(timeout_s))

    def read(self, timeout_s=None):
        """Reads one reply and returns it as Python values."""
        return to_python(self.read_node(timeout_s))

    def call_raw(self, data):
        self.send(data)
        return self.read_raw()

    def call(self, *args):
        """Sends a command, returns the raw bytes of its reply."""
        self.send_command(*args)
        return self.read_raw()

    def callv(self, *args):
        """Sends a command, returns its reply as Python values."""
        self.send_command(*args)
        return self.read()

    def try_read_some(self, timeout_s):
        """Reads whatever arrives within timeout_s; b'' at EOF or timeout."""
        try:
            self.sock.settimeout(timeout_s)
            return self.sock.recv(1 << 16)
        except (socket.timeout, OSError):
            return b""

    def read_until_closed(self, timeout_s=5.0):
        """Reads until the server closes the connection; returns all bytes read.

        Raises socket.timeout if the connection is still open after timeout_s.
        """
        deadline = time.monotonic() + timeout_s
        data = bytes(self.buf)
        self.buf.clear()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("connection still open after %.1f s; got %r"
                                     % (timeout_s, data[:200]))
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 16)
            except ConnectionResetError:
                return data
            if not chunk:
                return data
            data += chunk


# -- unittest base ------------------------------------------------------------

class ServerTestCase(unittest.TestCase):
    """Starts one server (RINGDB_SERVER) per test class; FLUSHALL before each test."""

    server = None
    extra_args = ()

    @classmethod
    def setUpClass(cls):
        binary = server_binary_from_env()
        cls.server = Server(binary, extra_args=cls.extra_args)
        try:
            cls.server.start()
        except ServerError:
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.cleanup()

    def setUp(self):
        if not self.server.alive():
            self.fail("server is not running\n" + self.server.log())
        self.r = self.server.client()
        self.r.flushall()
        self.addCleanup(self.r.close)

    def raw(self, timeout_s=REPLY_TIMEOUT_S):
        c = self.server.raw(timeout_s)
        self.addCleanup(c.close)
        return c

    def skip_if_redis(self, why):
        if self.server.is_redis:
            self.skipTest("ringdb-specific (%s); not run against redis-server" % why)

    def require_commands(self, *names):
        """Skips the test (visibly) when the server does not serve one of `names`.

        For tests that build a non-string value (a list, a hash...) to exercise
        WRONGTYPE paths: they run fully once ringdb serves those types.
        """
        with self.server.raw() as c:
            info = c.callv("COMMAND", "INFO", *names)
        missing = [n for n, i in zip(names, info) if i is None]
        if missing:
            self.skipTest("server lacks %s (not implemented yet)" % ", ".join(missing))

    def assertAlive(self):
        self.assertTrue(self.server.alive(), "server died\n" + self.server.log())


def main():
    unittest.main(verbosity=2)
