"""Debian's redis-cli against the server: one-shot commands, --no-raw / --raw
formatting, RESP3 (-3), commands from stdin and --pipe mass insertion."""

import shutil
import subprocess
import unittest

import harness

REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
CLI_TIMEOUT_S = 20


@unittest.skipUnless(shutil.which(REDIS_CLI), "redis-cli is not installed (redis-tools)")
class RedisCliTest(harness.ServerTestCase):

    def cli(self, *args, stdin=None):
        """Runs redis-cli against the server; returns (returncode, stdout)."""
        proc = subprocess.run(
            [REDIS_CLI, "-h", harness.HOST, "-p", str(self.server.port)] + list(args),
            input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=CLI_TIMEOUT_S)
        return proc.returncode, proc.stdout.decode("utf-8", "replace")

    def assertCli(self, args, expected, stdin=None):
        rc, out = self.cli(*args, stdin=stdin)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out, expected)

    def test_ping(self):
        self.assertCli(["ping"], "PONG\n")

    def test_set_get(self):
        self.assertCli(["set", "k", "hello world"], "OK\n")
        self.assertCli(["get", "k"], "hello world\n")
        self.assertEqual(self.r.get("k"), "hello world")

    def test_no_raw_formatting(self):
        self.r.set("s", "v")
        self.assertCli(["--no-raw", "get", "s"], '"v"\n')
        self.assertCli(["--no-raw", "get", "missing"], "(nil)\n")
        self.assertCli(["--no-raw", "incr", "n"], "(integer) 1\n")
        self.assertCli(["--no-raw", "mget", "s", "missing"], '1) "v"\n2) (nil)\n')
        self.assertCli(["--no-raw", "keys", "nomatch*"], "(empty array)\n")
        self.assertCli(["--no-raw", "incr", "s"],
                       "(error) ERR value is not an integer or out of range\n")
        self.assertCli(["--no-raw", "set", "x", "y"], "OK\n")

    def test_no_raw_binary_escaping(self):
        self.r.set("b", b"a\x00\n\xff")
        self.assertCli(["--no-raw", "get", "b"], '"a\\x00\\n\\xff"\n')

    def test_no_raw_list_formatting(self):
        self.require_commands("RPUSH", "LRANGE")
        self.r.rpush("l", "a", "b")
        self.assertCli(["--no-raw", "lrange", "l", "0", "-1"], '1) "a"\n2) "b"\n')
        self.assertCli(["--no-raw", "lrange", "missing", "0", "-1"], "(empty array)\n")

    def test_raw_formatting(self):
        self.require_commands("RPUSH", "LRANGE", "LLEN")
        self.r.rpush("l", "a", "b")
        self.assertCli(["--raw", "lrange", "l", "0", "-1"], "a\nb\n")
        self.assertCli(["--raw", "llen", "l"], "2\n")

    def test_resp3(self):
        self.assertCli(["-3", "--no-raw", "get", "missing"], "(nil)\n")
        self.assertCli(["-3", "--no-raw", "config", "get", "maxmemory"], '1# "maxmemory" => "0"\n')

    def test_resp3_hash(self):
        self.require_commands("HSET", "HGETALL")
        self.r.hset("h", "a", "1")
        self.assertCli(["-3", "--no-raw", "hgetall", "h"], '1# "a" => "1"\n')

    def test_commands_from_stdin(self):
        self.assertCli([], "OK\n1\n2\n", stdin=b"set x 1\nget x\nincr x\n")
        self.assertEqual(self.r.get("x"), "2")

    def test_pipe_mass_insert(self):
        n = 5000
        data = b"".join(harness.encode_command("SET", "mass:%d" % i, i) for i in range(n))
        rc, out = self.cli("--pipe", stdin=data)
        self.assertEqual(rc, 0, out)
        self.assertIn("errors: 0, replies: %d" % n, out)
        self.assertEqual(self.r.dbsize(), n)

    def test_select_db(self):
        self.assertCli(["-n", "3", "set", "k", "db3"], "OK\n")
        r3 = self.server.client(db=3)
        self.addCleanup(r3.close)
        self.assertEqual(r3.get("k"), "db3")
        self.assertEqual(self.r.exists("k"), 0)

    def test_info_and_dbsize(self):
        self.r.set("a", 1)
        self.assertCli(["dbsize"], "1\n")
        rc, out = self.cli("info", "server")
        self.assertEqual(rc, 0)
        self.assertIn("# Server", out)
        self.assertIn("tcp_port:%d" % self.server.port, out)

    def test_error_exit_status(self):
        rc, out = self.cli("nosuchcommand")
        self.assertIn("ERR unknown command 'nosuchcommand'", out)


if __name__ == "__main__":
    harness.main()
