"""The scenario registry: what each comparison runs and which target it is held to.

To add a scenario, append a Scenario to ALL; every kind but "instructions" is part of
a default run. Workload flags are ringdb-benchmark's; {keys} becomes the run's key
range. A scenario with a --command template is first tried once on every server, and
skipped while any of them answers "unknown command". Scenarios of kind "instructions"
run the same workloads on servers under callgrind (instructions.py), opt-in because
callgrind slows every server tens of times.
"""

from dataclasses import dataclass

# 50 connections, 16-byte values: the shape every string scenario shares.
COMMON = ("-c", "50", "-d", "16", "-r", "{keys}")

PEAK_SCENARIO = "get_p1"  # its baseline figure sets the open-loop rates


@dataclass(frozen=True)
class Target:
    metric: str    # "rps", "server_cpu_us", "p99_us", "bytes_per_key", "instructions"
    relation: str  # ">=" or "<=", applied to the ratio
    bound: float   # on ringdb/baseline; for kind "scaling" on threads 2/threads 1
    text: str


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    kind: str                 # "closed", "open", "memory", "scaling" or "instructions"
    args: tuple = ()
    peak_fraction: float = 0  # open loop: share of the baseline's closed-loop GET P1 peak
    targets: tuple = ()

    def workload(self, keys):
        return [a.format(keys=keys) for a in self.args]

    def probe_templates(self):
        return [self.args[i + 1] for i, a in enumerate(self.args) if a == "--command"]


def _throughput_targets(factor, what):
    return (Target("rps", ">=", factor, "%s throughput >= %gx Redis" % (what, factor)),
            Target("server_cpu_us", "<=", 1 / factor,
                   "%s server CPU per request <= 1/%g of Redis's" % (what, factor)))


def _instructions(base):
    """A throughput scenario counted in instructions, held to its CPU target: the same
    bound in a figure that does not move with the machine's load."""
    cpu = next(t for t in base.targets if t.metric == "server_cpu_us")
    return Scenario("instr_" + base.name, base.title + ", under callgrind", "instructions",
                    base.args, targets=(Target("instructions", cpu.relation, cpu.bound,
                                               cpu.text.replace("server CPU", "instructions")),))


ALL = (
    Scenario("memory", "memory per key, {keys} 16-byte strings", "memory",
             targets=(Target("bytes_per_key", "<=", 0.5, "memory per key <= 0.5x Redis"),)),
    Scenario("get_p1", "GET, pipeline 1", "closed", COMMON + ("-t", "get", "-P", "1"),
             targets=_throughput_targets(1.3, "GET P1")),
    Scenario("get_p16", "GET, pipeline 16", "closed", COMMON + ("-t", "get", "-P", "16"),
             targets=_throughput_targets(2, "GET P16")),
    Scenario("set_p1", "SET, pipeline 1", "closed", COMMON + ("-t", "set", "-P", "1"),
             targets=_throughput_targets(1.3, "SET P1")),
    Scenario("set_p16", "SET, pipeline 16", "closed", COMMON + ("-t", "set", "-P", "16"),
             targets=_throughput_targets(2, "SET P16")),
    Scenario("mix_zipf", "SET:GET 1:10, zipf 0.99, pipeline 1", "closed",
             COMMON + ("--ratio", "1:10", "--zipf", "0.99", "-P", "1")),
    Scenario("lat50", "GET P1 open loop at 50% of Redis's peak", "open",
             COMMON + ("-t", "get", "-P", "1"), peak_fraction=0.5),
    Scenario("lat80", "GET P1 open loop at 80% of Redis's peak", "open",
             COMMON + ("-t", "get", "-P", "1"), peak_fraction=0.8,
             targets=(Target("p99_us", "<=", 1.0, "p99 at 80% of Redis's peak <= Redis's"),)),
    Scenario("scaling", "ringdb --threads 2 vs --threads 1, GET pipeline 16", "scaling",
             COMMON + ("-t", "get", "-P", "16"),
             targets=(Target("rps", ">=", 1.8, "2 threads >= 1.8x own 1 thread"),)),
    # Each collection scenario grows one key, so a run measures the type's insert path.
    Scenario("lpush", "LPUSH onto one list, pipeline 1", "closed",
             COMMON + ("--command", "LPUSH list __data__", "-P", "1")),
    Scenario("hset", "HSET into one hash, pipeline 1", "closed",
             COMMON + ("--command", "HSET hash field:__key__ __data__", "-P", "1")),
    Scenario("sadd", "SADD into one set, pipeline 1", "closed",
             COMMON + ("--command", "SADD set member:__key__", "-P", "1")),
    Scenario("zadd", "ZADD into one sorted set, pipeline 1", "closed",
             COMMON + ("--command", "ZADD zset __key__ member:__key__", "-P", "1")),
)

ALL += tuple(_instructions(s) for s in ALL
             if s.name in ("get_p1", "get_p16", "set_p1", "set_p16"))

BY_NAME = {s.name: s for s in ALL}
DEFAULT = tuple(s.name for s in ALL if s.kind != "instructions")
INSTRUCTIONS = tuple(s.name for s in ALL if s.kind == "instructions")


def select(names):
    """Scenarios by comma-separated name in registry order; ValueError for unknown names."""
    wanted = [n for n in names.split(",") if n]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        raise ValueError("unknown scenario(s) %s; known: %s" % (", ".join(unknown),
                                                                ",".join(BY_NAME)))
    return [s for s in ALL if s.name in wanted]
