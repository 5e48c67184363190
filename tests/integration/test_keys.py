"""Keyspace commands over a real socket: DEL/EXISTS/TYPE/KEYS/SCAN/RENAME/COPY,
the EXPIRE family, TTL/PERSIST and lazy expiry."""

import time

import redis

import harness


class KeysTest(harness.ServerTestCase):

    def test_del_exists_unlink(self):
        self.r.mset({"a": 1, "b": 2, "c": 3})
        self.assertEqual(self.r.exists("a", "b", "zz", "a"), 3)
        self.assertEqual(self.r.delete("a", "zz"), 1)
        self.assertEqual(self.r.unlink("b", "c"), 2)
        self.assertEqual(self.r.dbsize(), 0)

    def test_type(self):
        self.require_commands("RPUSH", "SADD", "HSET", "ZADD")
        self.r.set("s", "v")
        self.r.rpush("l", "v")
        self.r.sadd("set", "v")
        self.r.hset("h", "f", "v")
        self.r.zadd("z", {"m": 1})
        self.assertEqual([self.r.type(k) for k in ("s", "l", "set", "h", "z", "none")],
                         ["string", "list", "set", "hash", "zset", "none"])

    def test_keys_patterns(self):
        self.r.mset({"hello": 1, "hallo": 1, "hxllo": 1, "hllo": 1, "heeeello": 1, "x[y": 1})
        self.assertEqual(sorted(self.r.keys("h?llo")), ["hallo", "hello", "hxllo"])
        self.assertEqual(sorted(self.r.keys("h*llo")),
                         ["hallo", "heeeello", "hello", "hllo", "hxllo"])
        self.assertEqual(sorted(self.r.keys("h[ae]llo")), ["hallo", "hello"])
        self.assertEqual(sorted(self.r.keys("h[^e]llo")), ["hallo", "hxllo"])
        self.assertEqual(sorted(self.r.keys("h[a-b]llo")), ["hallo"])
        self.assertEqual(self.r.keys("x\\[y"), ["x[y"])
        self.assertEqual(len(self.r.keys("*")), 6)

    def test_scan_returns_every_key(self):
        n = 1000
        self.r.mset({"key:%d" % i: i for i in range(n)})
        seen = set()
        cursor = 0
        for _ in range(10 * n):
            cursor, keys = self.r.scan(cursor, count=50)
            seen.update(keys)
            if cursor == 0:
                break
        self.assertEqual(cursor, 0)
        self.assertEqual(len(seen), n)

    def test_scan_match_type(self):
        for i in range(100):
            self.r.set("s%d" % i, 1)
        got = set(self.r.scan_iter(match="s1*", count=30))
        self.assertEqual(got, {"s1"} | {"s1%d" % i for i in range(10)})
        self.assertEqual(len(set(self.r.scan_iter(_type="string", count=30))), 100)
        self.assertEqual(set(self.r.scan_iter(_type="list", count=30)), set())

    def test_scan_type_list(self):
        self.require_commands("RPUSH")
        for i in range(100):
            self.r.set("s%d" % i, 1)
            self.r.rpush("l%d" % i, 1)
        got = set(self.r.scan_iter(_type="list", count=30))
        self.assertEqual(len(got), 100)
        self.assertTrue(all(k.startswith("l") for k in got))

    def test_scan_bad_cursor(self):
        with self.assertRaisesRegex(redis.ResponseError, "invalid cursor"):
            self.r.execute_command("SCAN", "abc")

    def test_rename(self):
        self.r.set("a", "1", ex=100)
        self.assertTrue(self.r.rename("a", "b"))
        self.assertEqual(self.r.get("b"), "1")
        self.assertTrue(self.r.ttl("b") > 0)
        self.assertEqual(self.r.exists("a"), 0)
        with self.assertRaisesRegex(redis.ResponseError, "^no such key$"):
            self.r.rename("nope", "x")
        self.r.set("c", "2")
        self.assertFalse(self.r.renamenx("b", "c"))
        self.assertTrue(self.r.renamenx("b", "d"))
        self.assertTrue(self.r.rename("d", "d"))
        self.assertEqual(self.r.get("d"), "1")

    def test_copy(self):
        self.r.set("src", "v")
        self.assertTrue(self.r.copy("src", "dst"))
        self.assertFalse(self.r.copy("src", "dst"))
        self.r.set("src", "w")
        self.assertTrue(self.r.copy("src", "dst", replace=True))
        self.assertEqual(self.r.get("dst"), "w")
        self.assertTrue(self.r.copy("src", "dst", destination_db=3))
        r3 = self.server.client(db=3)
        self.addCleanup(r3.close)
        self.assertEqual(r3.get("dst"), "w")
        with self.assertRaisesRegex(redis.ResponseError, "source and destination objects are the same"):
            self.r.copy("src", "src")

    def test_copy_list_is_deep(self):
        self.require_commands("RPUSH", "LRANGE")
        self.r.rpush("list", "a", "b")
        self.assertTrue(self.r.copy("list", "list2"))
        self.r.rpush("list2", "c")
        self.assertEqual(self.r.lrange("list", 0, -1), ["a", "b"])

    def test_expire_ttl_persist(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.ttl("k"), -1)
        self.assertEqual(self.r.ttl("missing"), -2)
        self.assertEqual(self.r.pttl("missing"), -2)
        self.assertTrue(self.r.expire("k", 100))
        self.assertTrue(95 <= self.r.ttl("k") <= 100)
        self.assertTrue(self.r.pexpire("k", 200000))
        self.assertTrue(195000 <= self.r.pttl("k") <= 200000)
        self.assertTrue(self.r.persist("k"))
        self.assertFalse(self.r.persist("k"))
        self.assertEqual(self.r.ttl("k"), -1)
        self.assertFalse(self.r.expire("missing", 10))

    def test_expireat_and_expiretime(self):
        self.r.set("k", "v")
        at = int(time.time()) + 1000
        self.assertTrue(self.r.expireat("k", at))
        self.assertEqual(self.r.execute_command("EXPIRETIME", "k"), at)
        self.assertTrue(self.r.pexpireat("k", at * 1000 + 5))
        self.assertEqual(self.r.execute_command("PEXPIRETIME", "k"), at * 1000 + 5)
        self.assertEqual(self.r.execute_command("EXPIRETIME", "missing"), -2)
        self.r.set("p", "v")
        self.assertEqual(self.r.execute_command("EXPIRETIME", "p"), -1)

    def test_expire_options(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 100, "XX"), 0)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 100, "NX"), 1)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 200, "NX"), 0)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 50, "GT"), 0)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 200, "GT"), 1)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 300, "LT"), 0)
        self.assertEqual(self.r.execute_command("EXPIRE", "k", 10, "LT"), 1)
        with self.assertRaisesRegex(redis.ResponseError,
                                    "NX and XX, GT or LT options at the same time are not compatible"):
            self.r.execute_command("EXPIRE", "k", 10, "NX", "XX")

    def test_negative_expire_deletes(self):
        self.r.set("k", "v")
        self.assertTrue(self.r.expire("k", -1))
        self.assertEqual(self.r.exists("k"), 0)
        self.r.set("k", "v")
        self.assertTrue(self.r.pexpireat("k", 1))
        self.assertEqual(self.r.exists("k"), 0)

    def test_lazy_expiry_short_px(self):
        self.r.set("k", "v", px=30)
        self.r.set("keep", "v")
        time.sleep(0.1)
        self.assertIsNone(self.r.get("k"))
        self.assertEqual(self.r.exists("k"), 0)
        self.assertEqual(self.r.ttl("k"), -2)
        self.assertEqual(self.r.keys("*"), ["keep"])

    def test_active_expiry_reclaims_keys(self):
        for i in range(100):
            self.r.set("t%d" % i, "v", px=20)
        deadline = time.monotonic() + 5
        while self.r.dbsize() > 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.r.dbsize(), 0)

    def test_overwrite_clears_ttl(self):
        self.r.set("k", "v", ex=100)
        self.r.set("k", "w")
        self.assertEqual(self.r.ttl("k"), -1)
        self.r.expire("k", 100)
        self.r.incr("n")
        self.r.expire("n", 100)
        self.r.incr("n")
        self.assertTrue(self.r.ttl("n") > 0)

    def test_move_and_swapdb(self):
        self.r.set("k", "v")
        self.assertTrue(self.r.move("k", 1))
        self.assertEqual(self.r.exists("k"), 0)
        r1 = self.server.client(db=1)
        self.addCleanup(r1.close)
        self.assertEqual(r1.get("k"), "v")
        self.assertTrue(self.r.swapdb(0, 1))
        self.assertEqual(self.r.get("k"), "v")
        self.assertEqual(r1.exists("k"), 0)

    def test_randomkey(self):
        self.assertIsNone(self.r.randomkey())
        self.r.set("only", "1")
        self.assertEqual(self.r.randomkey(), "only")

    def test_touch(self):
        self.r.mset({"a": 1, "b": 2})
        self.assertEqual(self.r.touch("a", "b", "c"), 2)


if __name__ == "__main__":
    harness.main()
