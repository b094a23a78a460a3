#!/usr/bin/env python3
"""Generate Sources/TrentAPI/Wire/KMSModel.generated.swift from botocore's KMS model.

Usage: python3 scripts/gen_kms_model.py [output-path]

Emits every operation's input shape and every shape reachable from an input,
with the constraints AWS checks before an operation runs. Patterns (Java regex
syntax) are compiled here, once, into a small Pike-VM program or, for the common
"one character class repeated" form, into a class run; an unsupported regex
feature stops the script rather than producing a matcher that differs from AWS.
Output is deterministic: shapes sorted by name, no documentation, no timestamps.
"""

import gzip
import json
import os
import sys

import botocore

MODEL = os.path.join(os.path.dirname(botocore.__file__), "data", "kms", "2014-11-01", "service-2.json.gz")
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "Sources", "TrentAPI", "Wire", "KMSModel.generated.swift")

# Validation messages list an enum's values in the API model's order. (An earlier version
# replayed orders recorded from 2023 AWS responses; those predate values added since.)

KINDS = {"structure", "string", "blob", "integer", "long", "boolean", "list", "map", "timestamp"}

# Java's predefined classes (without UNICODE_CHARACTER_CLASS), as scalar ranges.
JAVA_CLASSES = {
    "d": [(0x30, 0x39)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "s": [(0x09, 0x0D), (0x20, 0x20)],  # [ \t\n\x0B\f\r]
}


def fail(message):
    sys.exit("gen_kms_model: " + message)


# ---------------------------------------------------------------- regex parsing

class RegexParser:
    """Parses the subset of java.util.regex that a model pattern may use."""

    def __init__(self, source):
        self.source = source
        self.pos = 0

    def error(self, what):
        fail("pattern %r: %s at offset %d" % (self.source, what, self.pos))

    def peek(self):
        return self.source[self.pos] if self.pos < len(self.source) else None

    def take(self):
        char = self.peek()
        if char is None:
            self.error("unexpected end")
        self.pos += 1
        return char

    def parse(self):
        node = self.alternation()
        if self.pos != len(self.source):
            self.error("unexpected %r" % self.peek())
        return node

    def alternation(self):
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self):
        items = []
        while self.peek() not in (None, "|", ")"):
            items.append(self.quantified(self.atom()))
        return ("seq", items)

    def atom(self):
        char = self.take()
        if char == "^":
            return ("start",)
        if char == "$":
            return ("end",)
        if char == "(":
            if self.peek() == "?":
                self.error("group modifiers are not supported")
            inner = self.alternation()
            if self.take() != ")":
                self.error("unclosed group")
            return inner
        if char == "[":
            return ("class", self.char_class())
        if char == "\\":
            return ("class", self.escape(in_class=False))
        if char == ".":
            self.error("'.' is not supported (its line-terminator rules differ across engines)")
        if char in "*+?{":
            self.error("dangling quantifier")
        return ("class", [(ord(char), ord(char))])

    def escape(self, in_class):
        char = self.take()
        if char in JAVA_CLASSES:
            return list(JAVA_CLASSES[char])
        if char == "u":
            digits = self.source[self.pos:self.pos + 4]
            if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                self.error("bad \\u escape")
            self.pos += 4
            code = int(digits, 16)
            return [(code, code)]
        if char in "tnrf":
            code = {"t": 9, "n": 10, "r": 13, "f": 12}[char]
            return [(code, code)]
        if not char.isalnum():
            return [(ord(char), ord(char))]
        self.error("escape \\%s is not supported" % char)

    def char_class(self):
        if self.peek() == "^":
            self.error("negated classes are not supported")
        ranges = []
        first = True
        while True:
            char = self.take()
            if char == "]" and not first:
                break
            first = False
            if char == "[" or char == "&":
                self.error("nested classes and intersections are not supported")
            if char == "\\":
                single = self.escape(in_class=True)
            else:
                single = [(ord(char), ord(char))]
            # A range needs single characters on both ends and a '-' not closing the class.
            if self.peek() == "-" and self.pos + 1 < len(self.source) and self.source[self.pos + 1] != "]":
                if len(single) != 1 or single[0][0] != single[0][1]:
                    self.error("range from a predefined class")
                self.pos += 1
                end_char = self.take()
                end = self.escape(in_class=True) if end_char == "\\" else [(ord(end_char), ord(end_char))]
                if len(end) != 1 or end[0][0] != end[0][1]:
                    self.error("range to a predefined class")
                low, high = single[0][0], end[0][0]
                if high < low:
                    self.error("illegal character range")
                ranges.append((low, high))
            else:
                ranges.extend(single)
        return ranges

    def quantified(self, node):
        char = self.peek()
        if char in ("*", "+", "?"):
            self.pos += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
        elif char == "{":
            self.pos += 1
            close = self.source.find("}", self.pos)
            if close < 0:
                self.error("unclosed {")
            body = self.source[self.pos:close]
            self.pos = close + 1
            parts = body.split(",")
            if len(parts) == 1 and parts[0].isdigit():
                low = high = int(parts[0])
            elif len(parts) == 2 and parts[0].isdigit() and (parts[1].isdigit() or parts[1] == ""):
                low, high = int(parts[0]), (int(parts[1]) if parts[1] else None)
            else:
                self.error("bad {} quantifier")
        else:
            return node
        if self.peek() in ("?", "+"):
            self.error("lazy and possessive quantifiers are not supported")
        if node[0] in ("start", "end"):
            self.error("quantified anchor")
        return ("repeat", node, low, high)


def merge_ranges(ranges):
    merged = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


# ---------------------------------------------------------------- tables

class Tables:
    def __init__(self):
        self.ranges = []        # (low, high)
        self.classes = []       # (first range, range count)
        self.class_index = {}
        self.program = []       # (op, x, y) with absolute targets
        self.patterns = []      # dicts
        self.pattern_index = {}

    def add_class(self, ranges):
        key = tuple(merge_ranges(ranges))
        if key not in self.class_index:
            self.class_index[key] = len(self.classes)
            self.classes.append((len(self.ranges), len(key)))
            self.ranges.extend(key)
        return self.class_index[key]

    def add_pattern(self, source):
        if source in self.pattern_index:
            return self.pattern_index[source]
        tree = RegexParser(source).parse()
        entry = {"source": source, "fast_class": -1, "fast_min": 0, "fast_max": -1, "program": -1}
        fast = self.class_run(tree)
        if fast is not None:
            ranges, low, high = fast
            entry["fast_class"] = self.add_class(ranges)
            entry["fast_min"] = low
            entry["fast_max"] = -1 if high is None else high
        else:
            entry["program"] = len(self.program)
            self.compile(tree)
            self.program.append(("match", 0, 0))
        self.pattern_index[source] = len(self.patterns)
        self.patterns.append(entry)
        return self.pattern_index[source]

    @staticmethod
    def class_run(tree):
        """Recognises `^?[class]{m,n}$?`: under whole-string matching those anchors are no-ops."""
        if tree[0] != "seq":
            return None
        items = list(tree[1])
        if items and items[0][0] == "start":
            items = items[1:]
        if items and items[-1][0] == "end":
            items = items[:-1]
        if len(items) != 1:
            return None
        item = items[0]
        if item[0] == "class":
            return item[1], 1, 1
        if item[0] == "repeat" and item[1][0] == "class":
            return item[1][1], item[2], item[3]
        return None

    def emit(self, op, x=0, y=0):
        self.program.append((op, x, y))
        return len(self.program) - 1

    def compile(self, node):
        kind = node[0]
        if kind == "class":
            self.emit("char", self.add_class(node[1]))
        elif kind == "start":
            self.emit("assertStart")
        elif kind == "end":
            self.emit("assertEnd")
        elif kind == "seq":
            for item in node[1]:
                self.compile(item)
        elif kind == "alt":
            jumps = []
            branches = node[1]
            for index, branch in enumerate(branches):
                if index < len(branches) - 1:
                    split = self.emit("split")
                    self.compile(branch)
                    jumps.append(self.emit("jump"))
                    self.program[split] = ("split", split + 1, len(self.program))
                else:
                    self.compile(branch)
            for jump in jumps:
                self.program[jump] = ("jump", len(self.program), 0)
        elif kind == "repeat":
            _, inner, low, high = node
            for _ in range(low):
                self.compile(inner)
            if high is None:
                loop = self.emit("split")
                self.compile(inner)
                self.emit("jump", loop)
                self.program[loop] = ("split", loop + 1, len(self.program))
            else:
                splits = []
                for _ in range(high - low):
                    splits.append(self.emit("split"))
                    self.compile(inner)
                for split in splits:
                    self.program[split] = ("split", split + 1, len(self.program))
        else:
            fail("internal: unknown node %r" % (kind,))


# ---------------------------------------------------------------- model walk

def lower_first(name):
    return name[:1].lower() + name[1:]


def swift_string(text):
    out = []
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) > 0x7E:
            out.append("\\u{%X}" % ord(char))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    with gzip.open(MODEL) as handle:
        model = json.load(handle)
    shapes = model["shapes"]

    reachable = set()

    def walk(name):
        if name in reachable:
            return
        reachable.add(name)
        shape = shapes[name]
        if shape["type"] not in KINDS:
            fail("shape %s has unsupported type %s" % (name, shape["type"]))
        for member in shape.get("members", {}).values():
            walk(member["shape"])
        for part in ("member", "key", "value"):
            if part in shape:
                walk(shape[part]["shape"])

    operations = []
    for op_name, operation in sorted(model["operations"].items()):
        input_shape = operation.get("input", {}).get("shape")
        if input_shape:
            walk(input_shape)
        operations.append((op_name, input_shape))

    names = sorted(reachable)
    index = {name: position for position, name in enumerate(names)}
    tables = Tables()
    members = []
    enum_values = []
    shape_rows = []

    for name in names:
        shape = shapes[name]
        kind = shape["type"]
        row = {"name": name, "kind": kind, "min": shape.get("min"), "max": shape.get("max"),
               "pattern": -1, "enumStart": 0, "enumCount": 0, "sensitive": bool(shape.get("sensitive")),
               "memberStart": 0, "memberCount": 0, "element": -1, "key": -1, "value": -1}
        for bound in ("min", "max"):
            if shape.get(bound, 0) < 0:
                # -1 marks "no bound" in the Swift table; a real negative bound needs another encoding.
                fail("%s has a negative %s" % (name, bound))
        if "pattern" in shape:
            if kind != "string":
                fail("pattern on non-string shape %s" % name)
            row["pattern"] = tables.add_pattern(shape["pattern"])
        if "enum" in shape:
            ordered = shape["enum"]
            row["enumStart"], row["enumCount"] = len(enum_values), len(ordered)
            enum_values.extend(ordered)
        if kind in ("integer", "long") and "pattern" in shape:
            fail("pattern on number shape %s" % name)
        if kind == "structure":
            required = set(shape.get("required", []))
            missing = required - set(shape["members"])
            if missing:
                fail("%s requires unknown members %s" % (name, missing))
            row["memberStart"], row["memberCount"] = len(members), len(shape["members"])
            # Model order: the order AWS reports errors in is not documented; see RequestValidator.
            for member_name, member in shape["members"].items():
                if set(member) - {"shape", "documentation", "deprecated", "deprecatedMessage"}:
                    fail("%s.%s has member traits this generator ignores: %s" % (name, member_name, sorted(member)))
                members.append((member_name, lower_first(member_name), index[member["shape"]], member_name in required))
        if kind == "list":
            row["element"] = index[shape["member"]["shape"]]
        if kind == "map":
            row["key"] = index[shape["key"]["shape"]]
            row["value"] = index[shape["value"]["shape"]]
            key_shape = shapes[shape["key"]["shape"]]
            if any(trait in key_shape for trait in ("min", "max", "pattern", "enum")):
                # AWS words map-key failures differently; add that before a model needs it.
                fail("map %s has constrained keys, which the validator does not support" % name)
            value_shape = shapes[shape["value"]["shape"]]
            if value_shape["type"] not in ("structure", "list", "map") and any(
                    trait in value_shape for trait in ("min", "max", "pattern", "enum")):
                fail("map %s has constrained values, which the validator does not support" % name)
        shape_rows.append(row)

    version = botocore.__version__
    lines = []
    add = lines.append

    def table(name, type_name, rows):
        # One append per statement: the type checker handles each alone, where a
        # single array literal of this size costs it a good fraction of a second.
        add("    static let %s: [%s] = {" % (name, type_name))
        add("        var rows: [%s] = []" % type_name)
        add("        rows.reserveCapacity(%d)" % len(rows))
        for row in rows:
            add("        rows.append(%s)" % row)
        add("        return rows")
        add("    }()")
        add("")

    add("// GENERATED FILE, do not edit: run `python3 scripts/gen_kms_model.py`.")
    add("// Source: botocore %s, data/kms/%s/service-2.json.gz." % (version, model["metadata"]["apiVersion"]))
    add("// Shapes are sorted by name; fields are explained in KMSModel.swift.")
    add("")
    add("extension KMSModel {")
    add("    static let botocoreVersion: String = %s" % swift_string(version))
    add("")
    table("operations", "OperationSpec", [
        "OperationSpec(name: %s, input: %d)" % (swift_string(op_name), index[input_shape] if input_shape else -1)
        for op_name, input_shape in operations])
    table("shapes", "ShapeSpec", [
        "ShapeSpec(name: %s, kind: .%s, min: %d, max: %d, pattern: %d, enumStart: %d, enumCount: %d, "
        "sensitive: %s, memberStart: %d, memberCount: %d, element: %d, key: %d, value: %d)"
        % (swift_string(row["name"]), row["kind"],
           -1 if row["min"] is None else row["min"], -1 if row["max"] is None else row["max"],
           row["pattern"], row["enumStart"], row["enumCount"], "true" if row["sensitive"] else "false",
           row["memberStart"], row["memberCount"], row["element"], row["key"], row["value"])
        for row in shape_rows])
    table("members", "MemberSpec", [
        "MemberSpec(name: %s, pathName: %s, shape: %d, required: %s)"
        % (swift_string(member_name), swift_string(path_name), shape_index, "true" if required else "false")
        for member_name, path_name, shape_index, required in members])
    table("enumValues", "String", [swift_string(value) for value in enum_values])
    table("patterns", "PatternSpec", [
        "PatternSpec(source: %s, fastClass: %d, fastMin: %d, fastMax: %d, program: %d)"
        % (swift_string(entry["source"]), entry["fast_class"], entry["fast_min"], entry["fast_max"], entry["program"])
        for entry in tables.patterns])
    table("characterClasses", "CharacterClassSpec", [
        "CharacterClassSpec(rangeStart: %d, rangeCount: %d)" % (first, count) for first, count in tables.classes])
    table("scalarRanges", "ScalarRange", [
        "ScalarRange(low: 0x%04X, high: 0x%04X)" % (low, high) for low, high in tables.ranges])
    table("regexProgram", "RegexInstruction", [
        "RegexInstruction(op: .%s, x: %d, y: %d)" % (op, x, y) for op, x, y in tables.program])
    lines.pop()
    add("}")
    add("")

    with open(out_path, "w") as handle:
        handle.write("\n".join(lines))
    print("wrote %s: %d operations, %d shapes, %d members, %d patterns"
          % (out_path, len(operations), len(names), len(members), len(tables.patterns)))


if __name__ == "__main__":
    main()
