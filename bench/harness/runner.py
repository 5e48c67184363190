"""Runs the rounds: per round, a fresh server per (server, thread count), loaded
with the key range once at start (which also measures memory per key), then every
scenario on every server in turn (A B A B...), the server order flipping each round
so that neither always goes first. Instruction counts get one more server per server
and round, under callgrind.
"""

import time

import callgrind
import instructions
import resp
import servers
from loadgen import LoadgenError

PEAK_PROBE_MAX_S = 3.0  # a quick closed-loop GET P1 when get_p1 was not selected
PEAK_PROBE_ARGS = ("-c", "50", "-d", "16", "-r", "{keys}", "-t", "get", "-P", "1")


class Runner:
    def __init__(self, cfg, specs, baseline, loadgen, log):
        self.cfg = cfg            # the parsed command line
        self.specs = specs        # ringdb first
        self.baseline = baseline  # spec the ratios and open-loop rates refer to, or None
        self.loadgen = loadgen
        self.log = log
        self.runs = []            # every figure, raw: results.json's "runs"
        self.info_server = {}     # server name -> INFO server fields

    def run_all(self, scenario_list):
        for round_no in range(self.cfg.rounds):
            try:
                self._round(round_no, scenario_list)
            finally:
                servers.stop_all()

    def _round(self, round_no, scenario_list):
        order = self.specs if round_no % 2 == 0 else self.specs[::-1]
        self.round_no = round_no
        self.instances = {}
        self.peak = None
        for scenario in scenario_list:
            variants = self._variants(scenario, order)
            if not variants:
                continue
            skip = (callgrind.missing() if scenario.kind == "instructions" else None) or \
                self._unsupported(scenario, variants)
            for spec, threads in variants:
                record = {"round": round_no, "scenario": scenario.name, "server": spec.name,
                          "threads": threads}
                if skip:
                    record["skipped"] = skip
                elif scenario.kind == "instructions":
                    self._count_instructions(scenario, spec, record)
                else:
                    self._run_one(scenario, self._instance(spec, threads), record)
                self.runs.append(record)

    def _variants(self, scenario, order):
        if scenario.kind == "scaling":
            ringdb = self.specs[0]
            return [(ringdb, 1), (ringdb, 2)]
        return [(spec, 1) for spec in order]

    def _instance(self, spec, threads):
        key = (spec.name, threads)
        if key not in self.instances:
            cpus = self.cfg.server_cpus if threads == 1 else self.cfg.scaling_cpus
            inst = servers.start(spec, threads, cpus)
            self.log(inst.argv)
            self._load(inst, self.cfg.keys)
            self.instances[key] = inst
        return self.instances[key]

    def _under_callgrind(self, spec):
        """This round's server of spec under callgrind, loaded, its idle instruction rate
        counted. A failure to start is kept and raised again, so that a server valgrind
        cannot run costs one start per round, not one per scenario."""
        key = (spec.name, "callgrind")
        if key not in self.instances:
            try:
                inst = servers.start(spec, 1, self.cfg.server_cpus, callgrind.PREFIX,
                                     callgrind.START_TIMEOUT_S)
                self.log(inst.argv)
                self._load(inst, instructions.KEYS)
                inst.counter = callgrind.Counter(inst.pid, inst.dir, self.log)
                # A --quick run's short windows serve the idle one too.
                inst.idle = instructions.idle_rate(
                    inst.counter, min(instructions.IDLE_S, self.cfg.duration))
                self.instances[key] = inst
            except (RuntimeError, OSError, resp.RespError, callgrind.CallgrindError) as e:
                self.instances[key] = e
        if isinstance(self.instances[key], Exception):
            raise self.instances[key]
        return self.instances[key]

    def _load(self, inst, keys):
        """Loads the key range into an empty server, measuring used_memory around it."""
        with inst.client() as c:
            info = c.info("server")
            self.info_server.setdefault(inst.spec.name, info)
            before = c.info("memory").get("used_memory")
            started = time.monotonic()
            c.load_strings(keys, self.cfg.value_size)
            load_s = time.monotonic() - started
            after = c.info("memory").get("used_memory")
        inst.memory = {"keys": keys, "value_size": self.cfg.value_size,
                       "load_s": round(load_s, 3),
                       "used_memory_empty": int(before) if before else None,
                       "used_memory_loaded": int(after) if after else None}
        if before and after:
            inst.memory["bytes_per_key"] = (int(after) - int(before)) / keys

    def _unsupported(self, scenario, variants):
        """A reason to skip if any server answers a probe with "unknown command"."""
        for template in scenario.probe_templates():
            words = [w.replace("__key__", "0" * 12).replace("__data__", "x" * self.cfg.value_size)
                     for w in template.split()]
            for spec, threads in variants:
                with self._instance(spec, threads).client() as c:
                    try:
                        c.call(*words)
                    except resp.RespError as e:
                        if "unknown command" in str(e).lower():
                            return "%s answers %s: %s" % (spec.name, words[0], e)
        return None

    def _run_one(self, scenario, inst, record):
        record["server_argv"] = inst.argv
        if scenario.kind == "memory":
            record["memory"] = inst.memory
            return
        args = scenario.workload(self.cfg.keys)
        if scenario.kind == "open":
            peak = self._peak()
            if peak is None:
                record["error"] = "no peak rate: closed-loop GET P1 failed on the baseline"
                return
            record["rate"] = round(peak * scenario.peak_fraction, 1)
            args += ["--rate", "%.1f" % record["rate"]]
        try:
            record["loadgen"] = self.loadgen.run(inst.port, inst.pid, self.cfg.duration, args)
        except (LoadgenError, OSError) as e:
            record["error"] = str(e)
            return
        if scenario.name == "get_p1" and self._is_peak_source(inst):
            self.peak = record["loadgen"]["result"]["requests_per_s"]

    def _count_instructions(self, scenario, spec, record):
        try:
            inst = self._under_callgrind(spec)
            record["server_argv"] = inst.argv
            args = scenario.workload(instructions.KEYS)
            record["instructions"] = instructions.measure(
                inst.counter, lambda n: self.loadgen.run(
                    inst.port, inst.pid, instructions.RUN_LIMIT_S, args, requests=n),
                self.cfg.instructions_requests, inst.idle)
        except (RuntimeError, LoadgenError, OSError, resp.RespError, callgrind.CallgrindError,
                instructions.IncompleteRun) as e:
            record["error"] = str(e)

    def _is_peak_source(self, inst):
        source = self.baseline or self.specs[0]
        return inst.spec.name == source.name and inst.threads == 1

    def _peak(self):
        """This round's closed-loop GET P1 rate on the baseline, probed if not yet run."""
        if self.peak is None:
            source = self.baseline or self.specs[0]
            inst = self._instance(source, 1)
            args = [a.format(keys=self.cfg.keys) for a in PEAK_PROBE_ARGS]
            try:
                probe = self.loadgen.run(inst.port, inst.pid,
                                         min(self.cfg.duration, PEAK_PROBE_MAX_S), args)
            except (LoadgenError, OSError):
                return None
            self.peak = probe["result"]["requests_per_s"]
            self.runs.append({"round": self.round_no,
                              "scenario": "peak_probe", "server": source.name, "threads": 1,
                              "loadgen": probe})
        return self.peak
