"""RESP wire protocol over real sockets: inline commands, pipelining, protocol
errors, big bulks, RESP3 via HELLO 3, byte-at-a-time sending."""

import socket
import time

import harness
from harness import encode_command


class ProtocolTest(harness.ServerTestCase):

    # -- inline commands --------------------------------------------------

    def test_inline_ping(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"PING\r\n"), b"+PONG\r\n")

    def test_inline_lf_only(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"PING\n"), b"+PONG\r\n")

    def test_inline_set_get_with_quotes(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b'SET k "hello world"\r\n'), b"+OK\r\n")
        self.assertEqual(c.call_raw(b"GET k\r\n"), b"$11\r\nhello world\r\n")
        self.assertEqual(c.call_raw(b"SET k2 'a b'\r\n"), b"+OK\r\n")
        self.assertEqual(c.call_raw(b"GET k2\r\n"), b"$3\r\na b\r\n")
        self.assertEqual(c.call_raw(b'SET k3 "\\x41\\n"\r\n'), b"+OK\r\n")
        self.assertEqual(c.call_raw(b"GET k3\r\n"), b"$2\r\nA\n\r\n")

    def test_inline_extra_spaces(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"  ECHO    hi   \r\n"), b"$2\r\nhi\r\n")

    def test_inline_empty_lines_ignored(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"\r\n\r\nPING\r\n"), b"+PONG\r\n")

    def test_inline_unbalanced_quotes(self):
        c = self.raw()
        c.send(b'SET k "abc\r\n')
        data = c.read_until_closed()
        self.assertEqual(data, b"-ERR Protocol error: unbalanced quotes in request\r\n")

    def test_inline_pipelined(self):
        c = self.raw()
        c.send(b"SET a 1\r\nINCR a\r\nGET a\r\n")
        self.assertEqual(c.read_raw(), b"+OK\r\n")
        self.assertEqual(c.read_raw(), b":2\r\n")
        self.assertEqual(c.read_raw(), b"$1\r\n2\r\n")

    # -- pipelining -------------------------------------------------------

    def test_pipeline_1000_deep(self):
        c = self.raw()
        n = 1000
        c.send(b"".join(encode_command("SET", "k%d" % i, "v%d" % i) for i in range(n)))
        for _ in range(n):
            self.assertEqual(c.read_raw(), b"+OK\r\n")
        c.send(b"".join(encode_command("GET", "k%d" % i) for i in range(n)))
        for i in range(n):
            v = b"v%d" % i
            self.assertEqual(c.read_raw(), b"$%d\r\n%s\r\n" % (len(v), v))
        self.assertEqual(c.call("DBSIZE"), b":1000\r\n")

    def test_pipeline_mixed_inline_and_multibulk(self):
        c = self.raw()
        c.send(b"PING\r\n" + encode_command("ECHO", "x") + b"ECHO y\r\n")
        self.assertEqual(c.read_raw(), b"+PONG\r\n")
        self.assertEqual(c.read_raw(), b"$1\r\nx\r\n")
        self.assertEqual(c.read_raw(), b"$1\r\ny\r\n")

    def test_pipeline_incr_order(self):
        c = self.raw()
        n = 1000
        c.send(encode_command("INCR", "ctr") * n)
        for i in range(1, n + 1):
            self.assertEqual(c.read_raw(), b":%d\r\n" % i)

    # -- protocol errors ----------------------------------------------------

    def _expect_protocol_error(self, data, message):
        bystander = self.raw()
        self.assertEqual(bystander.call("SET", "bystander", "1"), b"+OK\r\n")
        c = self.raw()
        c.send(data)
        got = c.read_until_closed()
        self.assertEqual(got, b"-ERR Protocol error: " + message + b"\r\n")
        # Other connections are unaffected.
        self.assertEqual(bystander.call("GET", "bystander"), b"$1\r\n1\r\n")
        self.assertEqual(self.raw().call("PING"), b"+PONG\r\n")
        self.assertAlive()

    def test_error_bad_multibulk_length(self):
        self._expect_protocol_error(b"*abc\r\n", b"invalid multibulk length")

    def test_error_multibulk_too_big(self):
        self._expect_protocol_error(b"*2147483648\r\n", b"invalid multibulk length")

    def test_error_expected_dollar(self):
        self._expect_protocol_error(b"*1\r\n+PING\r\n", b"expected '$', got '+'")

    def test_error_bad_bulk_length(self):
        self._expect_protocol_error(b"*1\r\n$x\r\n", b"invalid bulk length")

    def test_error_negative_bulk_length(self):
        self._expect_protocol_error(b"*1\r\n$-1\r\n", b"invalid bulk length")

    def test_error_bulk_too_big(self):
        self._expect_protocol_error(b"*1\r\n$536870913\r\n", b"invalid bulk length")

    def test_error_after_valid_commands(self):
        c = self.raw()
        c.send(b"PING\r\n" + encode_command("SET", "x", "1") + b"*1\r\n$x\r\n")
        got = c.read_until_closed()
        self.assertEqual(got, b"+PONG\r\n+OK\r\n-ERR Protocol error: invalid bulk length\r\n")
        self.assertEqual(self.r.get("x"), "1")

    def test_empty_multibulk_is_ignored(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"*0\r\n*1\r\n$4\r\nPING\r\n"), b"+PONG\r\n")

    def test_null_multibulk_is_ignored(self):
        c = self.raw()
        self.assertEqual(c.call_raw(b"*-1\r\n*1\r\n$4\r\nPING\r\n"), b"+PONG\r\n")

    def test_binary_safe_bulk(self):
        c = self.raw()
        value = bytes(range(256)) + b"\r\n\x00\r\n"
        self.assertEqual(c.call("SET", "bin", value), b"+OK\r\n")
        self.assertEqual(c.call("GET", "bin"), b"$%d\r\n%s\r\n" % (len(value), value))

    def test_binary_key(self):
        c = self.raw()
        key = b"k\x00\r\n\xff"
        self.assertEqual(c.call("SET", key, "v"), b"+OK\r\n")
        self.assertEqual(c.call("EXISTS", key), b":1\r\n")
        self.assertEqual(c.call("EXISTS", b"k"), b":0\r\n")

    # -- big payloads -------------------------------------------------------

    def test_huge_bulk_10mb_round_trip(self):
        c = self.raw(timeout_s=30)
        value = (b"0123456789abcdef" * (10 * 1024 * 1024 // 16))
        self.assertEqual(len(value), 10 * 1024 * 1024)
        self.assertEqual(c.call("SET", "big", value), b"+OK\r\n")
        self.assertEqual(c.call("STRLEN", "big"), b":10485760\r\n")
        reply = c.call("GET", "big")
        self.assertEqual(reply[:12], b"$10485760\r\n0")
        self.assertEqual(reply, b"$10485760\r\n" + value + b"\r\n")
        # The connection is still usable afterwards.
        self.assertEqual(c.call("PING"), b"+PONG\r\n")

    def test_many_args(self):
        c = self.raw()
        n = 10000
        args = []
        for i in range(n):
            args += ["key%d" % i, "v"]
        self.assertEqual(c.call("MSET", *args), b"+OK\r\n")
        self.assertEqual(c.call("DBSIZE"), b":%d\r\n" % n)

    # -- byte-at-a-time ------------------------------------------------------

    def test_byte_at_a_time(self):
        c = self.raw()
        data = encode_command("SET", "slow", "value") + b"PING\r\n" + encode_command("GET", "slow")
        for i in range(len(data)):
            c.send(data[i:i + 1])
            time.sleep(0.001)
        self.assertEqual(c.read_raw(), b"+OK\r\n")
        self.assertEqual(c.read_raw(), b"+PONG\r\n")
        self.assertEqual(c.read_raw(), b"$5\r\nvalue\r\n")

    def test_split_in_crlf(self):
        c = self.raw()
        c.send(b"*1\r")
        time.sleep(0.05)
        c.send(b"\n$4\r")
        time.sleep(0.05)
        c.send(b"\nPI")
        time.sleep(0.05)
        c.send(b"NG\r")
        time.sleep(0.05)
        c.send(b"\n")
        self.assertEqual(c.read_raw(), b"+PONG\r\n")

    # -- RESP3 -------------------------------------------------------------

    def test_hello3_raw(self):
        c = self.raw()
        c.send_command("HELLO", "3")
        node = c.read_node()
        self.assertEqual(node[0], ord("%"))
        hello = harness.to_python(node)
        self.assertEqual(hello[b"proto"], 3)
        self.assertEqual(hello[b"server"], b"redis")
        self.assertIn(b"version", hello)
        self.assertIn(b"id", hello)
        self.assertEqual(hello[b"mode"], b"standalone")
        self.assertEqual(hello[b"role"], b"master")
        self.assertEqual(hello[b"modules"], [])

    def test_resp3_types(self):
        c = self.raw()
        c.send_command("HELLO", "3")
        c.read_node()
        self.assertEqual(c.call("GET", "missing"), b"_\r\n")
        self.assertEqual(c.call("SET", "f", "1.5"), b"+OK\r\n")
        self.assertEqual(c.call("INCRBYFLOAT", "f", "1"), b"$3\r\n2.5\r\n")
        self.assertEqual(c.call("EXISTS", "f"), b":1\r\n")
        self.assertEqual(c.call("MGET", "f", "missing"), b"*2\r\n$3\r\n2.5\r\n_\r\n")
        self.assertEqual(c.call("CONFIG", "GET", "maxmemory"),
                         b"%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")
        # Back to RESP2.
        c.send_command("HELLO", "2")
        node = c.read_node()
        self.assertEqual(node[0], ord("*"))
        self.assertEqual(c.call("GET", "missing"), b"$-1\r\n")
        self.assertEqual(c.call("CONFIG", "GET", "maxmemory"),
                         b"*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n")

    def test_resp3_collection_types(self):
        self.require_commands("HSET", "SADD", "ZADD")
        c = self.raw()
        c.send_command("HELLO", "3")
        c.read_node()
        self.assertEqual(c.call("HSET", "h", "a", "1"), b":1\r\n")
        self.assertEqual(c.call("HGETALL", "h"), b"%1\r\n$1\r\na\r\n$1\r\n1\r\n")
        self.assertEqual(c.call("SADD", "s", "x"), b":1\r\n")
        self.assertEqual(c.call("SMEMBERS", "s"), b"~1\r\n$1\r\nx\r\n")
        self.assertEqual(c.call("ZADD", "z", "1.5", "m"), b":1\r\n")
        self.assertEqual(c.call("ZSCORE", "z", "m"), b",1.5\r\n")
        self.assertEqual(c.call("ZSCORE", "z", "nope"), b"_\r\n")
        c.send_command("HELLO", "2")
        c.read_node()
        self.assertEqual(c.call("HGETALL", "h"), b"*2\r\n$1\r\na\r\n$1\r\n1\r\n")
        self.assertEqual(c.call("ZSCORE", "z", "m"), b"$3\r\n1.5\r\n")

    def test_hello_bad_version(self):
        c = self.raw()
        self.assertEqual(c.call("HELLO", "4"), b"-NOPROTO unsupported protocol version\r\n")
        self.assertEqual(c.call("HELLO", "x"),
                         b"-ERR Protocol version is not an integer or out of range\r\n")

    def test_hello_setname(self):
        c = self.raw()
        c.send_command("HELLO", "3", "SETNAME", "myconn")
        hello = c.read()
        self.assertEqual(hello[b"proto"], 3)
        self.assertEqual(c.call("CLIENT", "GETNAME"), b"$6\r\nmyconn\r\n")

    def test_hello_no_args_keeps_protocol(self):
        c = self.raw()
        c.send_command("HELLO")
        self.assertEqual(c.read_node()[0], ord("*"))
        self.assertEqual(c.call("GET", "missing"), b"$-1\r\n")

    # -- connection lifecycle ------------------------------------------------

    def test_quit_closes(self):
        c = self.raw()
        c.send(encode_command("QUIT"))
        self.assertEqual(c.read_until_closed(), b"+OK\r\n")

    def test_many_connections(self):
        clients = []
        try:
            for _ in range(200):
                clients.append(self.server.raw())
            for i, c in enumerate(clients):
                c.send_command("SET", "c%d" % i, str(i))
            for c in clients:
                self.assertEqual(c.read_raw(), b"+OK\r\n")
        finally:
            for c in clients:
                c.close()
        self.assertEqual(self.r.dbsize(), 200)

    def test_abrupt_disconnect_mid_command(self):
        c = self.server.raw()
        c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc")
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        c.close()
        time.sleep(0.05)
        self.assertEqual(self.raw().call("PING"), b"+PONG\r\n")
        self.assertIsNone(self.r.get("k"))


if __name__ == "__main__":
    harness.main()
