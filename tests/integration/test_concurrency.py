"""Many client threads at once: cross-slot MSET/MGET atomicity and transfers
between two keys under MULTI/EXEC and WATCH retry. Invariants: an MGET never
sees a torn MSET, and the total of the two accounts never changes.

Bounded: each hammer runs for RUN_S seconds (and at most MAX_OPS operations per
thread), every socket call has a timeout, every thread is joined with a timeout.
"""

import threading
import time

import redis

import harness

THREADS = 8
RUN_S = 2.0
MAX_OPS = 20000
JOIN_TIMEOUT_S = 30.0
# Keys chosen to land in different cluster slots (no shared hash tag).
MSET_KEYS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]


class Hammer:
    """Runs fn(client, thread_index, op_index) in THREADS threads for RUN_S."""

    def __init__(self, server, fn, threads=THREADS):
        self.server = server
        self.fn = fn
        self.threads = threads
        self.errors = []
        self.ops = [0] * threads

    def _run(self, index):
        client = self.server.client()
        try:
            deadline = time.monotonic() + RUN_S
            for op in range(MAX_OPS):
                if time.monotonic() >= deadline:
                    break
                self.fn(client, index, op)
                self.ops[index] += 1
        except Exception as e:  # reported by the main thread
            self.errors.append("thread %d: %r" % (index, e))
        finally:
            client.close()

    def run(self):
        workers = [threading.Thread(target=self._run, args=(i,), daemon=True)
                   for i in range(self.threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(JOIN_TIMEOUT_S)
        stuck = [w for w in workers if w.is_alive()]
        return stuck


def transfer(client, a, b, index, n):
    """Moves 1 between keys a and b (the direction alternates) in MULTI/EXEC."""
    src, dst = (a, b) if (index + n) % 2 else (b, a)
    client.pipeline(transaction=True).decrby(src, 1).incrby(dst, 1).execute()


class ConcurrencyTest(harness.ServerTestCase):

    def _check(self, hammer):
        stuck = hammer.run()
        self.assertEqual(stuck, [], "threads did not finish\n" + self.server.log())
        self.assertEqual(hammer.errors, [], self.server.log())
        self.assertGreater(sum(hammer.ops), 0)
        self.assertAlive()

    def test_mset_mget_never_torn(self):
        self.r.mset({k: "0" for k in MSET_KEYS})

        def op(client, index, n):
            if index % 2 == 0:
                value = "%d-%d" % (index, n)
                client.mset({k: value for k in MSET_KEYS})
            else:
                values = client.mget(MSET_KEYS)
                if len(set(values)) != 1:
                    raise AssertionError("torn MSET seen by MGET: %r" % values)

        self._check(Hammer(self.server, op))
        self.assertEqual(len(set(self.r.mget(MSET_KEYS))), 1)

    def test_msetnx_all_or_nothing(self):
        winners = []
        lock = threading.Lock()

        def op(client, index, n):
            keys = {"nx:%d:%s" % (n, k): str(index) for k in MSET_KEYS}
            if client.msetnx(keys):
                with lock:
                    winners.append(n)

        self._check(Hammer(self.server, op))
        for n in set(winners):
            owners = self.r.mget(["nx:%d:%s" % (n, k) for k in MSET_KEYS])
            self.assertEqual(len(set(owners)), 1, owners)
        self.assertEqual(len(winners), len(set(winners)), "two MSETNX won the same keys")

    def test_transfer_with_multi_exec(self):
        total = 10000
        self.r.mset({"acct:a": total, "acct:b": 0})

        def op(client, index, n):
            if index == 0:
                a, b = client.mget("acct:a", "acct:b")
                if int(a) + int(b) != total:
                    raise AssertionError("torn total: %s + %s" % (a, b))
                return
            transfer(client, "acct:a", "acct:b", index, n)

        self._check(Hammer(self.server, op))
        a, b = self.r.mget("acct:a", "acct:b")
        self.assertEqual(int(a) + int(b), total)

    def test_sort_by_pattern_reads_a_consistent_snapshot(self):
        # SORT's BY and GET patterns name keys only its data knows: it takes the
        # exclusive barrier, so its reads of them see no transfer half done.
        total = 1000
        self.r.mset({"sw:a": total, "sw:b": 0})
        self.r.rpush("sort:list", "a", "b")

        def op(client, index, n):
            if index % 2 == 0:
                got = client.sort("sort:list", by="sw:*", get=["#", "sw:*"])
                weights = [int(v) for v in got[1::2]]
                if sorted(got[0::2]) != ["a", "b"] or sum(weights) != total:
                    raise AssertionError("torn SORT: %r" % got)
                if weights != sorted(weights):
                    raise AssertionError("SORT BY out of order: %r" % got)
                return
            transfer(client, "sw:a", "sw:b", index, n)

        self._check(Hammer(self.server, op))
        self.assertEqual(sum(int(v) for v in self.r.mget("sw:a", "sw:b")), total)

    def test_transfer_with_watch_retry(self):
        total = 1000
        self.r.mset({"w:a": total, "w:b": 0})
        committed = [0] * THREADS

        def op(client, index, n):
            if index == 0:
                pipe = client.pipeline(transaction=True)
                a, b = pipe.get("w:a").get("w:b").execute()
                if int(a) + int(b) != total:
                    raise AssertionError("torn total: %s + %s" % (a, b))
                return
            with client.pipeline() as pipe:
                for _ in range(100):  # bounded retries
                    try:
                        pipe.watch("w:a", "w:b")
                        a, b = int(pipe.get("w:a")), int(pipe.get("w:b"))
                        src_a = (index + n) % 2 == 0
                        amount = 3
                        if (a if src_a else b) < amount:
                            pipe.unwatch()
                            return
                        pipe.multi()
                        pipe.set("w:a", a - amount if src_a else a + amount)
                        pipe.set("w:b", b + amount if src_a else b - amount)
                        pipe.execute()
                        committed[index] += 1
                        return
                    except redis.WatchError:
                        continue
                raise AssertionError("WATCH retry never succeeded in 100 tries")

        self._check(Hammer(self.server, op))
        a, b = self.r.mget("w:a", "w:b")
        self.assertEqual(int(a) + int(b), total)
        self.assertGreater(sum(committed), 0)

    def test_concurrent_incr_counts_exactly(self):
        counts = [0] * THREADS

        def op(client, index, n):
            client.incr("counter")
            counts[index] += 1

        self._check(Hammer(self.server, op))
        self.assertEqual(int(self.r.get("counter")), sum(counts))

    def test_pipelined_clients_in_parallel(self):
        def op(client, index, n):
            pipe = client.pipeline(transaction=False)
            for i in range(50):
                pipe.set("p:%d:%d" % (index, i), n)
            for i in range(50):
                pipe.get("p:%d:%d" % (index, i))
            replies = pipe.execute()
            if replies[50:] != [str(n)] * 50:
                raise AssertionError("pipeline replies out of order: %r" % replies[50:55])

        self._check(Hammer(self.server, op))


if __name__ == "__main__":
    harness.main()
