"""MULTI/EXEC/DISCARD/WATCH/UNWATCH, EXECABORT and WATCH invalidation."""

import time

import redis

import harness


class TransactionsTest(harness.ServerTestCase):

    def test_multi_exec(self):
        c = self.raw()
        self.assertEqual(c.call("MULTI"), b"+OK\r\n")
        self.assertEqual(c.call("SET", "a", "1"), b"+QUEUED\r\n")
        self.assertEqual(c.call("INCR", "a"), b"+QUEUED\r\n")
        self.assertEqual(c.call("GET", "a"), b"+QUEUED\r\n")
        self.assertEqual(c.call("EXEC"), b"*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n")

    def test_empty_exec(self):
        c = self.raw()
        c.call("MULTI")
        self.assertEqual(c.call("EXEC"), b"*0\r\n")

    def test_runtime_error_does_not_abort(self):
        c = self.raw()
        c.call("SET", "s", "abc")
        c.call("MULTI")
        c.call("INCR", "s")
        c.call("SET", "t", "1")
        self.assertEqual(c.call("EXEC"),
                         b"*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n")
        self.assertEqual(self.r.get("t"), "1")

    def test_discard(self):
        c = self.raw()
        c.call("MULTI")
        c.call("SET", "a", "1")
        self.assertEqual(c.call("DISCARD"), b"+OK\r\n")
        self.assertIsNone(self.r.get("a"))
        self.assertEqual(c.call("DISCARD"), b"-ERR DISCARD without MULTI\r\n")

    def test_exec_without_multi(self):
        self.assertEqual(self.raw().call("EXEC"), b"-ERR EXEC without MULTI\r\n")

    def test_nested_multi(self):
        c = self.raw()
        c.call("MULTI")
        self.assertEqual(c.call("MULTI"), b"-ERR MULTI calls can not be nested\r\n")
        self.assertEqual(c.call("EXEC"), b"*0\r\n")

    def test_execabort_on_queue_error(self):
        c = self.raw()
        c.call("MULTI")
        c.call("SET", "a", "1")
        self.assertEqual(c.call("SET", "a"),
                         b"-ERR wrong number of arguments for 'set' command\r\n")
        self.assertEqual(c.call("NOSUCHCMD"),
                         b"-ERR unknown command 'NOSUCHCMD', with args beginning with: \r\n")
        self.assertEqual(c.call("EXEC"),
                         b"-EXECABORT Transaction discarded because of previous errors.\r\n")
        self.assertIsNone(self.r.get("a"))
        # Connection is out of MULTI now.
        self.assertEqual(c.call("PING"), b"+PONG\r\n")

    def test_watch_inside_multi(self):
        c = self.raw()
        c.call("MULTI")
        self.assertEqual(c.call("WATCH", "x"), b"-ERR WATCH inside MULTI is not allowed\r\n")
        self.assertEqual(c.call("EXEC"), b"*0\r\n")

    def test_watch_unmodified_executes(self):
        c = self.raw()
        c.call("SET", "w", "1")
        self.assertEqual(c.call("WATCH", "w"), b"+OK\r\n")
        c.call("MULTI")
        c.call("SET", "w", "2")
        self.assertEqual(c.call("EXEC"), b"*1\r\n+OK\r\n")

    def test_watch_invalidated_by_other_client(self):
        c = self.raw()
        c.call("SET", "w", "1")
        c.call("WATCH", "w")
        self.r.set("w", "other")
        c.call("MULTI")
        c.call("SET", "w", "2")
        self.assertEqual(c.call("EXEC"), b"*-1\r\n")
        self.assertEqual(self.r.get("w"), "other")

    def test_watch_invalidated_by_delete_and_expire(self):
        c = self.raw()
        c.call("SET", "w", "1")
        c.call("WATCH", "w")
        self.r.delete("w")
        c.call("MULTI")
        c.call("PING")
        self.assertEqual(c.call("EXEC"), b"*-1\r\n")
        self.r.set("e", "1", px=20)
        c.call("WATCH", "e")
        time.sleep(0.1)
        c.call("MULTI")
        c.call("PING")
        # Redis 7.0 aborts when a watched key expired after WATCH.
        self.assertEqual(c.call("EXEC"), b"*-1\r\n")

    def test_watch_missing_key_then_created(self):
        c = self.raw()
        c.call("WATCH", "new")
        self.r.set("new", "1")
        c.call("MULTI")
        c.call("GET", "new")
        self.assertEqual(c.call("EXEC"), b"*-1\r\n")

    def test_watch_invalidated_by_flushall(self):
        c = self.raw()
        c.call("SET", "w", "1")
        c.call("WATCH", "w")
        self.r.flushall()
        c.call("MULTI")
        c.call("PING")
        self.assertEqual(c.call("EXEC"), b"*-1\r\n")

    def test_unwatch(self):
        c = self.raw()
        c.call("SET", "w", "1")
        c.call("WATCH", "w")
        self.assertEqual(c.call("UNWATCH"), b"+OK\r\n")
        self.r.set("w", "other")
        c.call("MULTI")
        c.call("SET", "w", "2")
        self.assertEqual(c.call("EXEC"), b"*1\r\n+OK\r\n")

    def test_exec_clears_watch(self):
        c = self.raw()
        c.call("WATCH", "w")
        c.call("MULTI")
        c.call("EXEC")
        self.r.set("w", "x")
        c.call("MULTI")
        c.call("PING")
        self.assertEqual(c.call("EXEC"), b"*1\r\n+PONG\r\n")

    def test_transaction_is_isolated(self):
        c = self.raw()
        c.call("MULTI")
        c.call("SET", "a", "1")
        self.assertIsNone(self.r.get("a"))
        c.call("EXEC")
        self.assertEqual(self.r.get("a"), "1")

    def test_redis_py_pipeline_transaction(self):
        pipe = self.r.pipeline(transaction=True)
        pipe.set("{t}a", 1).incr("{t}a").mget("{t}a", "b")
        self.assertEqual(pipe.execute(), [True, 2, ["2", None]])

    def test_redis_py_watch_error(self):
        self.r.set("k", "1")
        with self.r.pipeline() as pipe:
            pipe.watch("k")
            self.r.set("k", "2")
            pipe.multi()
            pipe.set("k", "3")
            with self.assertRaises(redis.WatchError):
                pipe.execute()
        self.assertEqual(self.r.get("k"), "2")

    def test_multi_in_resp3(self):
        c = self.raw()
        c.send_command("HELLO", "3")
        c.read_node()
        c.call("MULTI")
        c.call("GET", "missing")
        self.assertEqual(c.call("EXEC"), b"*1\r\n_\r\n")
        c.call("SET", "w", "1")
        c.call("WATCH", "w")
        self.r.set("w", "2")
        c.call("MULTI")
        self.assertEqual(c.call("EXEC"), b"_\r\n")


if __name__ == "__main__":
    harness.main()
