"""A minimal RESP2 client for the harness's own needs: PING, INFO, probing a
command, and loading a keyspace with pipelined SETs. Only 127.0.0.1 is used.

The load generator does the measuring; this client only sets servers up, so it
favours being obviously correct over being fast.
"""

import socket

HOST = "127.0.0.1"
TIMEOUT_S = 30.0
LOAD_BATCH = 10000  # SETs per pipelined batch: big enough to load 1M keys in seconds


class RespError(Exception):
    """The server answered with an error reply."""


def encode(words):
    out = [b"*%d\r\n" % len(words)]
    for w in words:
        b = w if isinstance(w, bytes) else str(w).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Client:
    def __init__(self, port, timeout_s=TIMEOUT_S):
        self.sock = socket.create_connection((HOST, port), timeout=timeout_s)
        self.buf = b""

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _fill(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buf += data

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def read_reply(self):
        """One reply: str for simple strings, bytes for bulk, int, None; raises RespError."""
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RespError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self._fill()
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read_reply() for _ in range(n)]
        raise ConnectionError("unexpected reply line %r" % line[:80])

    def call(self, *words):
        self.sock.sendall(encode(words))
        return self.read_reply()

    def info(self, section):
        """INFO <section> as a dict of its key:value lines."""
        text = self.call("INFO", section).decode()
        fields = {}
        for line in text.splitlines():
            if ":" in line and not line.startswith("#"):
                key, value = line.split(":", 1)
                fields[key] = value
        return fields

    def load_strings(self, key_count, value_size):
        """SET key:<12 digits> to value_size 'x' bytes for keys 0..key_count-1: the
        names and values ringdb-benchmark's GET and SET templates use, so every GET hits."""
        value = b"x" * value_size
        for start in range(0, key_count, LOAD_BATCH):
            end = min(start + LOAD_BATCH, key_count)
            self.sock.sendall(b"".join(
                encode([b"SET", b"key:%012d" % k, value]) for k in range(start, end)))
            expected = b"+OK\r\n" * (end - start)
            while len(self.buf) < len(expected):
                self._fill()
            got, self.buf = self.buf[:len(expected)], self.buf[len(expected):]
            if got != expected:
                raise RespError("loading keys %d..%d: unexpected reply %r"
                                % (start, end, got[:120]))
