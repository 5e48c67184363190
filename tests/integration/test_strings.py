"""String commands over a real socket with redis-py (RESP2)."""

import time

import redis

import harness


class StringsTest(harness.ServerTestCase):

    def test_set_get(self):
        self.assertTrue(self.r.set("k", "v"))
        self.assertEqual(self.r.get("k"), "v")
        self.assertIsNone(self.r.get("missing"))

    def test_set_overwrites_other_types(self):
        self.require_commands("RPUSH")
        self.r.rpush("l", "a")
        self.assertTrue(self.r.set("l", "v"))
        self.assertEqual(self.r.type("l"), "string")

    def test_set_nx_xx(self):
        self.assertTrue(self.r.set("k", "1", nx=True))
        self.assertIsNone(self.r.set("k", "2", nx=True))
        self.assertEqual(self.r.get("k"), "1")
        self.assertTrue(self.r.set("k", "3", xx=True))
        self.assertIsNone(self.r.set("other", "1", xx=True))
        self.assertEqual(self.r.get("k"), "3")
        self.assertEqual(self.r.exists("other"), 0)

    def test_set_get_option(self):
        self.assertIsNone(self.r.set("k", "1", get=True))
        self.assertEqual(self.r.set("k", "2", get=True), "1")

    def test_set_get_wrong_type(self):
        self.require_commands("RPUSH")
        self.r.rpush("l", "x")
        with self.assertRaisesRegex(redis.ResponseError, "WRONGTYPE"):
            self.r.set("l", "v", get=True)

    def test_set_expire_options(self):
        self.r.set("k", "v", ex=100)
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.r.set("k", "v", px=100000)
        self.assertTrue(95000 <= self.r.pttl("k") <= 100000)
        self.r.set("k", "v", exat=int(time.time()) + 100)
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.r.set("k", "v", pxat=int(time.time() * 1000) + 100000)
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.r.set("k", "v2", keepttl=True)
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.r.set("k", "v3")
        self.assertEqual(self.r.ttl("k"), -1)

    def test_set_syntax_errors(self):
        for args in (["k", "v", "NX", "XX"], ["k", "v", "EX", "10", "PX", "100"],
                     ["k", "v", "EX"], ["k", "v", "FOO"], ["k", "v", "KEEPTTL", "EX", "1"]):
            with self.assertRaisesRegex(redis.ResponseError, "^syntax error$"):
                self.r.execute_command("SET", *args)
        for args in (["k", "v", "EX", "0"], ["k", "v", "EX", "-1"], ["k", "v", "PX", "0"]):
            with self.assertRaisesRegex(redis.ResponseError, "invalid expire time in 'set'"):
                self.r.execute_command("SET", *args)
        with self.assertRaisesRegex(redis.ResponseError, "value is not an integer"):
            self.r.execute_command("SET", "k", "v", "EX", "abc")

    def test_short_px_expires(self):
        self.r.set("k", "v", px=50)
        deadline = time.monotonic() + 3
        while self.r.get("k") is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertIsNone(self.r.get("k"))

    def test_getdel_getex_getset(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.getdel("k"), "v")
        self.assertIsNone(self.r.getdel("k"))
        self.r.set("k", "v")
        self.assertEqual(self.r.getex("k", ex=100), "v")
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.assertEqual(self.r.getex("k", persist=True), "v")
        self.assertEqual(self.r.ttl("k"), -1)
        self.assertEqual(self.r.getset("k", "w"), "v")
        self.assertEqual(self.r.get("k"), "w")
        self.assertIsNone(self.r.getset("new", "x"))

    def test_setnx_setex_psetex(self):
        self.assertTrue(self.r.setnx("k", "1"))
        self.assertFalse(self.r.setnx("k", "2"))
        self.assertTrue(self.r.setex("e", 100, "v"))
        self.assertTrue(95 <= self.r.ttl("e") <= 100)
        self.assertTrue(self.r.psetex("p", 100000, "v"))
        self.assertTrue(95000 <= self.r.pttl("p") <= 100000)
        with self.assertRaisesRegex(redis.ResponseError, "invalid expire time in 'setex'"):
            self.r.execute_command("SETEX", "e", "0", "v")

    def test_mset_mget_msetnx(self):
        self.assertTrue(self.r.mset({"a": "1", "b": "2", "{t}c": "3"}))
        self.assertEqual(self.r.mget("a", "b", "{t}c", "zz"), ["1", "2", "3", None])
        self.assertFalse(self.r.msetnx({"a": "9", "new": "9"}))
        self.assertIsNone(self.r.get("new"))
        self.assertTrue(self.r.msetnx({"n1": "1", "n2": "2"}))
        with self.assertRaisesRegex(redis.ResponseError, "wrong number of arguments"):
            self.r.execute_command("MSET", "a", "1", "b")

    def test_mget_other_type_is_nil(self):
        self.require_commands("RPUSH")
        self.r.set("a", "1")
        self.r.rpush("l", "x")
        self.assertEqual(self.r.mget("l", "a"), [None, "1"])

    def test_append_strlen(self):
        self.assertEqual(self.r.append("k", "abc"), 3)
        self.assertEqual(self.r.append("k", "de"), 5)
        self.assertEqual(self.r.get("k"), "abcde")
        self.assertEqual(self.r.strlen("k"), 5)
        self.assertEqual(self.r.strlen("missing"), 0)

    def test_incr_decr(self):
        self.assertEqual(self.r.incr("n"), 1)
        self.assertEqual(self.r.incrby("n", 10), 11)
        self.assertEqual(self.r.decr("n"), 10)
        self.assertEqual(self.r.decrby("n", 20), -10)
        self.r.set("big", str(2**63 - 1))
        with self.assertRaisesRegex(redis.ResponseError, "increment or decrement would overflow"):
            self.r.incr("big")
        self.r.set("s", "abc")
        with self.assertRaisesRegex(redis.ResponseError,
                                    "value is not an integer or out of range"):
            self.r.incr("s")
        self.r.set("sp", " 1")
        with self.assertRaises(redis.ResponseError):
            self.r.incr("sp")

    def test_incrbyfloat(self):
        self.assertEqual(self.r.incrbyfloat("f", 10.5), 10.5)
        self.assertEqual(self.r.get("f"), "10.5")
        self.r.incrbyfloat("f", 0.1)
        self.assertEqual(self.r.get("f"), "10.6")
        self.r.set("g", "5.0e3")
        self.r.incrbyfloat("g", "2.0e2")
        self.assertEqual(self.r.get("g"), "5200")
        self.r.set("s", "abc")
        with self.assertRaisesRegex(redis.ResponseError, "value is not a valid float"):
            self.r.incrbyfloat("s", 1)
        with self.assertRaisesRegex(redis.ResponseError, "increment would produce NaN or Infinity"):
            self.r.execute_command("INCRBYFLOAT", "f", "inf")

    def test_getrange_setrange(self):
        self.r.set("k", "Hello World")
        self.assertEqual(self.r.getrange("k", 0, 4), "Hello")
        self.assertEqual(self.r.getrange("k", -5, -1), "World")
        self.assertEqual(self.r.getrange("k", 5, 2), "")
        self.assertEqual(self.r.execute_command("SUBSTR", "k", 0, -1), "Hello World")
        self.assertEqual(self.r.setrange("k", 6, "Redis"), 11)
        self.assertEqual(self.r.get("k"), "Hello Redis")
        self.assertEqual(self.r.setrange("pad", 3, "x"), 4)
        self.assertEqual(self.r.get("pad"), "\x00\x00\x00x")
        with self.assertRaisesRegex(redis.ResponseError, "string exceeds maximum allowed size"):
            self.r.setrange("k", 512 * 1024 * 1024, "x")

    def test_lcs(self):
        self.r.mset({"{l}a": "ohmytext", "{l}b": "mynewtext"})
        self.assertEqual(self.r.execute_command("LCS", "{l}a", "{l}b"), "mytext")
        self.assertEqual(self.r.execute_command("LCS", "{l}a", "{l}b", "LEN"), 6)

    def test_object_encoding(self):
        self.r.set("i", "12345")
        self.assertEqual(self.r.object("encoding", "i"), "int")
        self.r.set("e", "short")
        self.assertEqual(self.r.object("encoding", "e"), "embstr")
        self.r.set("raw", "x" * 100)
        self.assertEqual(self.r.object("encoding", "raw"), "raw")
        self.r.append("e", "more")
        self.assertEqual(self.r.object("encoding", "e"), "raw")

    def test_wrongtype(self):
        self.require_commands("RPUSH")
        self.r.rpush("l", "a")
        for cmd in (("GET", "l"), ("APPEND", "l", "x"), ("INCR", "l"), ("STRLEN", "l"),
                    ("GETRANGE", "l", 0, 1), ("SETRANGE", "l", 0, "x")):
            with self.assertRaisesRegex(redis.ResponseError, "^WRONGTYPE Operation against"):
                self.r.execute_command(*cmd)

    def test_binary_values_via_client(self):
        rb = self.server.client(decode_responses=False)
        self.addCleanup(rb.close)
        value = bytes(range(256))
        rb.set(b"\xffkey", value)
        self.assertEqual(rb.get(b"\xffkey"), value)


if __name__ == "__main__":
    harness.main()
