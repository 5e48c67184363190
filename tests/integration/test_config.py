"""Start-up configuration: a redis.conf file, command-line overrides, and (ringdb
only) a TOML file. An unknown directive or a bad value makes the server exit
non-zero with a message naming the line (and, for ringdb, the file).

Tests marked "ringdb-specific" are skipped when RINGDB_SERVER is redis-server.
"""

import os
import subprocess
import tempfile
import unittest

import harness

EXIT_TIMEOUT_S = 10


class ConfigTest(unittest.TestCase):

    def setUp(self):
        self.binary = harness.server_binary_from_env()
        self.is_redis = harness.is_redis_binary(self.binary)
        self.tmp = tempfile.TemporaryDirectory(prefix="ringdb-config-")
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def start(self, config_path, extra_args=()):
        server = harness.Server(self.binary, extra_args=extra_args, config_file=config_path,
                                standard_args=False)
        self.addCleanup(server.cleanup)
        server.port = None
        return server

    def start_with_port(self, make_config, extra_args=()):
        """make_config(port) -> path. Retries on a port race, bounded."""
        last = None
        for _ in range(harness.MAX_START_ATTEMPTS):
            port = harness.free_port()
            server = self.start(make_config(port), extra_args)
            try:
                server.start(port=port)
                return server
            except harness.ServerError as e:
                last = e
        raise last

    def run_expecting_exit(self, args):
        """Runs the binary; it must exit on its own. Returns (rc, output)."""
        try:
            proc = subprocess.run([self.binary] + args, cwd=self.tmp.name,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            self.fail("server did not exit within %d s on a bad config; output:\n%s"
                      % (EXIT_TIMEOUT_S, (e.output or b"").decode("utf-8", "replace")))
        return proc.returncode, proc.stdout.decode("utf-8", "replace")

    def skip_if_redis(self, why):
        if self.is_redis:
            self.skipTest("ringdb-specific (%s); not run against redis-server" % why)

    # -- redis.conf -----------------------------------------------------------

    def redis_conf(self, port, extra=""):
        return self.write("redis.conf", (
            "# test configuration\n"
            "port %d\n"
            "bind 127.0.0.1\n"
            "\n"
            "save \"\"\n"
            "appendonly no\n"
            "dir %s\n"
            "maxmemory 100mb\n"
            "maxmemory-policy allkeys-lru\n"
            "databases 4\n"
            "%s") % (port, self.tmp.name, extra))

    def test_redis_conf_startup(self):
        server = self.start_with_port(self.redis_conf)
        r = server.client()
        self.addCleanup(r.close)
        self.assertEqual(r.config_get("port"), {"port": str(server.port)})
        self.assertEqual(r.config_get("maxmemory"), {"maxmemory": str(100 * 1024 * 1024)})
        self.assertEqual(r.config_get("maxmemory-policy"), {"maxmemory-policy": "allkeys-lru"})
        self.assertEqual(r.config_get("databases"), {"databases": "4"})
        self.assertEqual(r.config_get("appendonly"), {"appendonly": "no"})
        self.assertTrue(r.set("k", "v"))
        with server.raw() as c:
            self.assertEqual(c.call("SELECT", "4"), b"-ERR DB index is out of range\r\n")

    def test_command_line_overrides_file(self):
        server = self.start_with_port(self.redis_conf, extra_args=["--maxmemory", "1mb"])
        r = server.client()
        self.addCleanup(r.close)
        self.assertEqual(r.config_get("maxmemory"), {"maxmemory": "1048576"})

    def test_redis_conf_unknown_directive_exits(self):
        path = self.redis_conf(harness.free_port(), extra="no-such-directive yes\n")
        rc, out = self.run_expecting_exit([path])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("no-such-directive", out)
        self.assertRegex(out, r"(line |:)11\b", "message should name line 11:\n" + out)
        if not self.is_redis:  # Redis names only the line; ringdb names the file too.
            self.assertIn("redis.conf", out)

    def test_redis_conf_bad_value_exits(self):
        path = self.redis_conf(harness.free_port(), extra="maxmemory lots\n")
        rc, out = self.run_expecting_exit([path])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("maxmemory", out)
        self.assertRegex(out, r"(line |:)11\b", out)

    def test_missing_config_file_exits(self):
        rc, out = self.run_expecting_exit([os.path.join(self.tmp.name, "nope.conf")])
        self.assertNotEqual(rc, 0, out)

    def test_unknown_command_line_option_exits(self):
        rc, out = self.run_expecting_exit(["--port", str(harness.free_port()),
                                           "--no-such-option", "1"])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("no-such-option", out)

    # -- TOML (ringdb-specific) ------------------------------------------------

    def toml_conf(self, port, extra=""):
        return self.write("ringdb.toml", (
            "# test configuration\n"
            "port = %d\n"
            "bind = \"127.0.0.1\"\n"
            "save = \"\"\n"
            "appendonly = false\n"
            "dir = \"%s\"\n"
            "maxmemory = \"100mb\"\n"
            "maxmemory-policy = \"allkeys-lru\"\n"
            "threads = 2\n"
            "%s") % (port, self.tmp.name, extra))

    def test_toml_startup(self):
        self.skip_if_redis("TOML config file")
        server = self.start_with_port(self.toml_conf)
        r = server.client()
        self.addCleanup(r.close)
        self.assertEqual(r.config_get("port"), {"port": str(server.port)})
        self.assertEqual(r.config_get("maxmemory"), {"maxmemory": str(100 * 1024 * 1024)})
        self.assertEqual(r.config_get("maxmemory-policy"), {"maxmemory-policy": "allkeys-lru"})
        self.assertEqual(r.config_get("appendonly"), {"appendonly": "no"})
        self.assertTrue(r.set("k", "v"))

    def test_toml_unknown_key_exits(self):
        self.skip_if_redis("TOML config file")
        path = self.toml_conf(harness.free_port(), extra="no-such-directive = true\n")
        rc, out = self.run_expecting_exit([path])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("no-such-directive", out)
        self.assertIn("ringdb.toml", out)
        self.assertRegex(out, r"(line |:)10\b", out)

    def test_toml_syntax_error_exits(self):
        self.skip_if_redis("TOML config file")
        path = self.write("broken.toml", "port = 1\nbind = \"127.0.0.1\n")
        rc, out = self.run_expecting_exit([path])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("broken.toml", out)

    def test_toml_bad_type_exits(self):
        self.skip_if_redis("TOML config file")
        path = self.toml_conf(harness.free_port(), extra="databases = \"many\"\n")
        rc, out = self.run_expecting_exit([path])
        self.assertNotEqual(rc, 0, out)
        self.assertIn("databases", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
