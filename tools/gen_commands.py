#!/usr/bin/env python3
"""Generates ringdb's command table from the Redis 7.0 reference JSON.

Usage: gen_commands.py <redis-7.0-commands.json> [<extensions.json>...] <out.cc>

Extension files add what Redis clients send to a 7.0 server but only later Redis
versions define (CLIENT SETINFO, 7.2): their subcommands are appended to the
reference's containers and their commands added, never replacing a 7.0 fact.

The output is a self-contained C++ translation unit: constexpr arrays of
CommandSpec / KeySpec / CommandArg (engine/command_spec.h) and two open-addressing
lookup tables, so that start-up does no work and lookups allocate nothing.

Command metadata is data (STYLE.md rule 5): nothing here is retyped from Redis
except the few facts the JSON lost (DOC_SUPPLEMENT below). The orders of the flag
name lists below are the orders in which Redis 7.0 replies them; the generator
checks every JSON list against them, so a mismatch fails the build instead of
silently reordering a reply.
"""

import json
import os
import sys

# Reply orders of Redis 7.0; each must match the bit order in engine/command_spec.h.
COMMAND_FLAGS = [
    "write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
    "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking",
    "fast", "no_auth", "may_replicate", "sentinel", "only_sentinel",
    "no_mandatory_keys", "protected", "no_async_loading", "no_multi",
    "movablekeys", "allow_busy",
]
ACL_CATEGORIES = [
    "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
    "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
    "blocking", "dangerous", "connection", "transaction", "scripting",
]
KEY_SPEC_FLAGS = [
    "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key",
    "incomplete", "variable_flags",
]
ARG_FLAGS = ["optional", "multiple", "multiple_token"]
ARG_TYPES = {
    "string": "kString", "integer": "kInteger", "double": "kDouble", "key": "kKey",
    "pattern": "kPattern", "unix-time": "kUnixTime", "pure-token": "kPureToken",
    "oneof": "kOneof", "block": "kBlock",
}

# Facts the reference JSON does not carry, read off Redis 7.0.15 COMMAND DOCS:
# doc_flags "syscmd", and the deprecation of two CLUSTER subcommands.
DOC_SUPPLEMENT = {
    "replconf": {"syscmd": True},
    "debug": {"syscmd": True},
    "restore-asking": {"syscmd": True},
    "pfselftest": {"syscmd": True},
    "pfdebug": {"syscmd": True},
    "cluster|slots": {"deprecated_since": "7.0.0", "replaced_by": "`CLUSTER SHARDS`"},
    "cluster|slaves": {"deprecated_since": "5.0.0", "replaced_by": "`CLUSTER REPLICAS`"},
}

# Lookup tables hash lowercase names with 32-bit FNV-1a; engine/command_spec.cc
# computes the same function, so the tables can be built here.
FNV_OFFSET = 2166136261
FNV_PRIME = 16777619


def fnv1a(name):
    h = FNV_OFFSET
    for b in name.encode():
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def camel(name):
    return "".join(p[:1].upper() + p[1:] for p in name.replace("-", "_").split("_"))


def cpp_str(s):
    out = []
    for ch in s.encode():
        c = chr(ch)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= ch < 127:
            out.append(c)
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"sv'


def check_order(what, owner, names, order):
    for n in names:
        if n not in order:
            sys.exit(f"gen_commands: {owner}: unknown {what} '{n}'")
    idx = [order.index(n) for n in names]
    if idx != sorted(idx) or len(set(idx)) != len(idx):
        sys.exit(f"gen_commands: {owner}: {what} {names} not in Redis reply order")


def bits(prefix, owner, what, names, order):
    check_order(what, owner, names, order)
    if not names:
        return "0"
    return " | ".join(f"{prefix}{camel(n)}" for n in names)


class Emitter:
    """Emits arrays children-first, so every span refers to an array already defined."""

    def __init__(self):
        self.lines = []
        self.counter = 0

    def new_name(self, kind):
        self.counter += 1
        return f"k{kind}{self.counter}"

    def array(self, ctype, kind, items):
        if not items:
            return "{}"
        name = self.new_name(kind)
        self.lines.append(f"constexpr {ctype} {name}[] = {{")
        self.lines.extend(f"    {it}," for it in items)
        self.lines.append("};")
        return name

    def args(self, owner, args):
        items = []
        for a in args:
            if a["type"] not in ARG_TYPES:
                sys.exit(f"gen_commands: {owner}: unknown argument type {a['type']}")
            nested = self.args(owner, a.get("arguments", []))
            flags = bits("kArg", owner, "argument flag", a.get("flags", []), ARG_FLAGS)
            items.append(
                "{" + ", ".join([
                    cpp_str(a["name"]), f"ArgType::{ARG_TYPES[a['type']]}",
                    str(a.get("key_spec_index", -1)), cpp_str(a.get("token", "")),
                    "true" if "token" in a else "false",
                    cpp_str(a.get("since", "")), cpp_str(a.get("deprecated_since", "")),
                    cpp_str(a.get("display_text", "")), cpp_str(a.get("value", "")),
                    flags, nested]) + "}")
        return self.array("CommandArg", "Args", items)

    def key_specs(self, owner, specs):
        items = []
        for ks in specs:
            bs, fk = ks["begin_search"], ks["find_keys"]
            bsp, fkp = bs.get("spec", {}), fk.get("spec", {})
            if bs["type"] == "index":
                begin = f"{{BeginSearchType::kIndex, {bsp['index']}, \"\"sv, 0}}"
            elif bs["type"] == "keyword":
                begin = (f"{{BeginSearchType::kKeyword, 0, {cpp_str(bsp['keyword'])}, "
                         f"{bsp['startfrom']}}}")
            else:
                begin = "{BeginSearchType::kUnknown, 0, \"\"sv, 0}"
            if fk["type"] == "range":
                find = (f"{{FindKeysType::kRange, {fkp['lastkey']}, {fkp['keystep']}, "
                        f"{fkp['limit']}, 0, 0}}")
            elif fk["type"] == "keynum":
                find = (f"{{FindKeysType::kKeynum, 0, {fkp['keystep']}, 0, "
                        f"{fkp['keynumidx']}, {fkp['firstkey']}}}")
            else:
                find = "{FindKeysType::kUnknown, 0, 0, 0, 0, 0}"
            flags = bits("kKey", owner, "key-spec flag", ks["flags"], KEY_SPEC_FLAGS)
            items.append(f"{{{begin}, {find}, {flags}, {cpp_str(ks.get('notes', ''))}}}")
        return self.array("KeySpec", "KeySpecs", items)

    def command(self, name, c, subs_array):
        owner = name
        cats = [x.lstrip("@") for x in c["acl_categories"]]
        sup = DOC_SUPPLEMENT.get(name, {})
        deprecated_since = c.get("deprecated_since", sup.get("deprecated_since", ""))
        replaced_by = c.get("replaced_by", sup.get("replaced_by", ""))
        doc_flags = []
        if deprecated_since:
            doc_flags.append("kDocDeprecated")
        if sup.get("syscmd"):
            doc_flags.append("kDocSyscmd")
        tips = self.array("std::string_view", "Tips", [cpp_str(t) for t in c["tips"]])
        specs = self.key_specs(owner, c["key_specs"])
        args = self.args(owner, c.get("arguments", []))
        any_ks = set()
        for ks in c["key_specs"]:
            any_ks.update(ks["flags"])
            if ks["begin_search"]["type"] == "unknown" or ks["find_keys"]["type"] == "unknown":
                any_ks.add("incomplete")
        ks_any = bits("kKey", owner, "key-spec flag",
                      [f for f in KEY_SPEC_FLAGS if f in any_ks], KEY_SPEC_FLAGS)
        return "{" + ", ".join([
            cpp_str(name), str(c["arity"]),
            bits("kCmd", owner, "command flag", c["flags"], COMMAND_FLAGS),
            str(c["first_key"]), str(c["last_key"]), str(c["step"]),
            bits("kAcl", owner, "ACL category", cats, ACL_CATEGORIES),
            tips, specs, subs_array, cpp_str(c["group"]), cpp_str(c["since"]),
            " | ".join(doc_flags) or "0", cpp_str(deprecated_since), cpp_str(replaced_by),
            args, ks_any]) + "}"


def lookup_table(kind, names, pointers):
    """A power-of-two, linear-probing table of `pointers` keyed by FNV-1a of `names`,
    at most 1/4 full so a probe sequence ends within a slot or two."""
    size = 1
    while size < 4 * len(names):
        size *= 2
    slots = ["nullptr"] * size
    for n, p in zip(names, pointers):
        h = fnv1a(n) & (size - 1)
        while slots[h] != "nullptr":
            h = (h + 1) & (size - 1)
        slots[h] = p
    lines = [f"constexpr const CommandSpec* k{kind}Lookup[{size}] = {{"]
    for i in range(0, size, 4):
        lines.append("    " + ", ".join(slots[i:i + 4]) + ",")
    lines.append("};")
    return lines


def generate(commands):
    em = Emitter()
    top = []
    sub_arrays = []  # (array name, [full sub names])
    for name in sorted(commands):
        c = commands[name]
        if name != name.lower() or "|" in name:
            sys.exit(f"gen_commands: bad command name '{name}'")
        sub_items, sub_names = [], []
        for s in c.get("subcommands", []):
            if not s["name"].startswith(name + "|"):
                sys.exit(f"gen_commands: subcommand {s['name']} outside {name}")
            sub_items.append(em.command(s["name"], s, "{}"))
            sub_names.append(s["name"])
        subs = em.array("CommandSpec", "Subcommands", sub_items)
        if sub_names:
            sub_arrays.append((subs, sub_names))
        top.append(em.command(name, c, subs))
    out = [
        "// Generated by tools/gen_commands.py from redis-7.0-commands.json. Do not edit.",
        "#include <cstddef>",
        "#include <span>",
        "#include <string_view>",
        "",
        '#include "engine/command_spec.h"',
        "",
        "namespace ringdb::engine {",
        "namespace {",
        "",
        "using namespace std::string_view_literals;",
        "",
    ]
    out.extend(em.lines)
    out.append("constexpr CommandSpec kCommands[] = {")
    out.extend(f"    {t}," for t in top)
    out.append("};")
    top_names = sorted(commands)
    out.extend(lookup_table("Top", top_names,
                            [f"&kCommands[{i}]" for i in range(len(top_names))]))
    # Subcommands are hashed by full name "parent|sub"; entries point into each
    # parent's own array, so one table serves every container command.
    sub_names, sub_ptrs = [], []
    for arr, names in sub_arrays:
        sub_names += names
        sub_ptrs += [f"&{arr}[{i}]" for i in range(len(names))]
    out.extend(lookup_table("Sub", sub_names, sub_ptrs))
    out += [
        "",
        "}  // namespace",
        "",
        "namespace command_spec_internal {",
        "std::span<const CommandSpec> TopLevelSpecs() { return kCommands; }",
        "std::span<const CommandSpec* const> TopLevelLookup() { return kTopLookup; }",
        "std::span<const CommandSpec* const> SubcommandLookup() { return kSubLookup; }",
        "}  // namespace command_spec_internal",
        "",
        "}  // namespace ringdb::engine",
        "",
    ]
    return "\n".join(out)


def merge_extension(commands, extension):
    for name, ext in extension.items():
        if name not in commands:
            commands[name] = ext
            continue
        have = {sub["name"] for sub in commands[name].get("subcommands", [])}
        for sub in ext.get("subcommands", []):
            if sub["name"] in have:
                sys.exit("extension redefines %s, which the reference has" % sub["name"])
            commands[name].setdefault("subcommands", []).append(sub)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_commands.py <commands.json> [<extensions.json>...] <out.cc>")
    *inputs, output = sys.argv[1:]
    with open(inputs[0], encoding="utf-8") as f:
        commands = json.load(f)
    for path in inputs[1:]:
        with open(path, encoding="utf-8") as f:
            merge_extension(commands, json.load(f))
    text = generate(commands)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, output)


if __name__ == "__main__":
    main()
