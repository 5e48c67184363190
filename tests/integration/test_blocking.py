"""Blocking list commands with real clients: BLPOP/BRPOP/BLMOVE/BRPOPLPUSH/BLMPOP woken
by pushes from other connections, timeouts, CLIENT UNBLOCK, disconnects, chains of
BLMOVE, BZPOPMIN/BZMPOP woken by ZADD, INFO blocked_clients, MULTI/EXEC and many waiters served in order.

Every wait is bounded: a client that is expected to block is checked with a short
read that must time out, and one expected to wake reads with a timeout."""

import time

import harness

WAIT_S = 5.0      # the longest any reply is awaited
QUIET_S = 0.2     # how long a blocked client must stay silent


class BlockingTest(harness.ServerTestCase):

    def blocked_clients(self):
        return int(self.r.info("clients")["blocked_clients"])

    def wait_blocked(self, n):
        """Waits (bounded) until INFO reports n blocked clients."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            if self.blocked_clients() == n:
                return
            time.sleep(0.01)
        self.fail("blocked_clients never reached %d (is %d)" % (n, self.blocked_clients()))

    def assert_silent(self, c):
        self.assertEqual(c.try_read_some(QUIET_S), b"")

    def client_id(self, c):
        return int(c.callv("CLIENT", "ID"))

    def test_blpop_woken_by_rpush(self):
        c = self.raw(WAIT_S)
        c.send_command("BLPOP", "q", "0")
        self.wait_blocked(1)
        self.assert_silent(c)
        self.assertEqual(self.r.rpush("q", "a", "b"), 2)
        self.assertEqual(c.read_raw(), b"*2\r\n$1\r\nq\r\n$1\r\na\r\n")
        self.wait_blocked(0)
        self.assertEqual(self.r.lrange("q", 0, -1), ["b"])

    def test_brpop_second_key_and_served_at_once(self):
        self.r.rpush("b", "1", "2")
        c = self.raw(WAIT_S)
        self.assertEqual(c.call("BRPOP", "a", "b", "0"), b"*2\r\n$1\r\nb\r\n$1\r\n2\r\n")
        c.send_command("BRPOP", "a", "b", "0")
        self.wait_blocked(0)  # served from b without waiting
        self.assertEqual(c.read_raw(), b"*2\r\n$1\r\nb\r\n$1\r\n1\r\n")
        c.send_command("BRPOP", "a", "b", "0")
        self.wait_blocked(1)
        self.r.lpush("a", "x")
        self.assertEqual(c.read_raw(), b"*2\r\n$1\r\na\r\n$1\r\nx\r\n")

    def test_timeouts(self):
        c = self.raw(WAIT_S)
        start = time.monotonic()
        self.assertEqual(c.call("BLPOP", "q", "0.2"), b"*-1\r\n")
        self.assertGreaterEqual(time.monotonic() - start, 0.15)
        self.assertEqual(c.call("BLMOVE", "q", "d", "LEFT", "LEFT", "0.05"), b"*-1\r\n")
        self.assertEqual(c.call("BRPOPLPUSH", "q", "d", "0.05"), b"*-1\r\n")
        self.assertEqual(c.call("BLMPOP", "0.05", "1", "q", "LEFT"), b"*-1\r\n")
        c.send_command("HELLO", "3")
        c.read_node()
        self.assertEqual(c.call("BLPOP", "q", "0.05"), b"_\r\n")
        self.wait_blocked(0)

    def test_timeout_errors(self):
        c = self.raw(WAIT_S)
        self.assertEqual(c.call("BLPOP", "q", "abc"),
                         b"-ERR timeout is not a float or out of range\r\n")
        self.assertEqual(c.call("BLPOP", "q", "-1"), b"-ERR timeout is negative\r\n")

    def test_client_unblock_timeout_and_error(self):
        c = self.raw(WAIT_S)
        cid = self.client_id(c)
        c.send_command("BLPOP", "q", "0")
        self.wait_blocked(1)
        self.assertEqual(self.r.execute_command("CLIENT", "UNBLOCK", cid, "TIMEOUT"), 1)
        self.assertEqual(c.read_raw(), b"*-1\r\n")
        c.send_command("BLMOVE", "q", "d", "LEFT", "RIGHT", "0")
        self.wait_blocked(1)
        self.assertEqual(self.r.execute_command("CLIENT", "UNBLOCK", cid, "ERROR"), 1)
        self.assertEqual(c.read_raw(), b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n")
        self.wait_blocked(0)
        self.assertEqual(self.r.execute_command("CLIENT", "UNBLOCK", cid), 0)
        self.assertEqual(c.call("PING"), b"+PONG\r\n")

    def test_disconnect_while_blocked(self):
        c = self.server.raw(WAIT_S)
        c.send_command("BLPOP", "q", "0")
        self.wait_blocked(1)
        c.close()
        self.wait_blocked(0)
        # The element goes to nobody: it stays in the list.
        self.r.rpush("q", "kept")
        self.assertEqual(self.r.lrange("q", 0, -1), ["kept"])

    def test_blmove_chain(self):
        first = self.raw(WAIT_S)
        second = self.raw(WAIT_S)
        first.send_command("BLMOVE", "a", "b", "LEFT", "RIGHT", "0")
        self.wait_blocked(1)
        second.send_command("BLPOP", "b", "0")
        self.wait_blocked(2)
        self.r.rpush("a", "v")
        self.assertEqual(first.read_raw(), b"$1\r\nv\r\n")
        self.assertEqual(second.read_raw(), b"*2\r\n$1\r\nb\r\n$1\r\nv\r\n")
        self.wait_blocked(0)
        self.assertEqual(self.r.exists("a", "b"), 0)

    def test_brpoplpush_and_blmpop_woken(self):
        c = self.raw(WAIT_S)
        c.send_command("BRPOPLPUSH", "src", "dst", "0")
        self.wait_blocked(1)
        self.r.rpush("src", "1", "2")
        self.assertEqual(c.read_raw(), b"$1\r\n2\r\n")
        self.assertEqual(self.r.lrange("dst", 0, -1), ["2"])
        c.send_command("BLMPOP", "0", "2", "x", "y", "RIGHT", "COUNT", "5")
        self.wait_blocked(1)
        self.r.rpush("y", "p", "q", "r")
        self.assertEqual(c.read_raw(),
                         b"*2\r\n$1\r\ny\r\n*3\r\n$1\r\nr\r\n$1\r\nq\r\n$1\r\np\r\n")

    def test_multi_exec_does_not_block(self):
        c = self.raw(WAIT_S)
        c.call("MULTI")
        c.call("BLPOP", "q", "0")
        c.call("BLMOVE", "q", "d", "LEFT", "LEFT", "0")
        c.call("BLMPOP", "0", "1", "q", "LEFT")
        self.assertEqual(c.call("EXEC"), b"*3\r\n*-1\r\n$-1\r\n*-1\r\n")
        self.assertEqual(self.blocked_clients(), 0)

    def test_waiters_served_in_order(self):
        n = 8
        clients = []
        for i in range(n):
            c = self.raw(WAIT_S)
            c.send_command("BLPOP", "q", "0")
            clients.append(c)
            self.wait_blocked(i + 1)
        for i in range(n):
            self.r.rpush("q", "e%d" % i)
        for i, c in enumerate(clients):
            self.assertEqual(c.read(), [b"q", b"e%d" % i])
        self.wait_blocked(0)
        self.assertEqual(self.r.exists("q"), 0)

    def test_wrong_type_then_list(self):
        c = self.raw(WAIT_S)
        self.r.set("s", "x")
        self.assertTrue(c.call("BLPOP", "s", "0").startswith(b"-WRONGTYPE"))
        c.send_command("BLPOP", "q", "0")
        self.wait_blocked(1)
        # Becoming a string does not serve nor fail the waiter.
        self.r.set("q", "str")
        self.assert_silent(c)
        self.r.delete("q")
        self.r.rpush("q", "v")
        self.assertEqual(c.read_raw(), b"*2\r\n$1\r\nq\r\n$1\r\nv\r\n")


    def test_bzpop_and_bzmpop_woken_by_zadd(self):
        a = self.raw(WAIT_S)
        b = self.raw(WAIT_S)
        a.send_command("BZPOPMIN", "z", "0")
        self.wait_blocked(1)
        b.send_command("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5")
        self.wait_blocked(2)
        self.assertEqual(self.r.zadd("z", {"a": 1, "b": 2, "c": 3}), 3)
        self.assertEqual(a.read_raw(), b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n")
        self.assertEqual(b.read_raw(), b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n"
                         b"*2\r\n$1\r\nb\r\n$1\r\n2\r\n")
        self.wait_blocked(0)
        self.assertEqual(self.r.exists("z"), 0)

if __name__ == "__main__":
    harness.main()
