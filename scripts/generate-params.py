#!/usr/bin/env python3
"""Generate src/PaymentRecords.Api/Wire/Spec/StripeOperations.g.cs from the Stripe OpenAPI spec.

Usage (from anywhere):
    python3 scripts/generate-params.py [path/to/spec3.subset.json] [--out FILE]

Without an argument the spec is read from spec/spec3.subset.json, the repository's vendored contract
(see spec/README.md).

Every operation's request parameters are written out as ParamSpec trees (see ParamSpec.cs):
  * GET/DELETE: the `in: query` parameters (path parameters are excluded);
  * POST: the properties of the application/x-www-form-urlencoded requestBody schema.
Folding rules for the spec's unions:
  * anyOf [X, {type: string, enum: [""]}]         -> X with AllowEmpty
  * anyOf [object{gt,gte,lt,lte}, integer]         -> Object(gt,gte,lt,lte: Integer) with AlsoInteger
  * anyOf [string, integer] (metadata values)      -> String (the coercer accepts integers as strings)
  * anyOf [integer, enum of strings] (either order) -> Integer with Enum: an integer or one of those
                                                     strings (timestamps or "now", tiers' up_to or "inf")
  * nullable: true                                 -> AllowEmpty (form encoding sends null as "")
  * object + additionalProperties                  -> Map, Values = folded additionalProperties
  * object + properties                            -> Object, Properties folded recursively
  * object with neither                            -> Object with no properties (reported)
  * enum on strings                                -> Enum (a "" member becomes AllowEmpty)
  * RECORDED_EMPTYABLE (below): AllowEmpty where Stripe was recorded taking "" the spec does not declare
Any other shape stops the generator, so a new spec cannot be folded silently.
Python 3 standard library only.
"""

import hashlib
import json
import os
import re
import sys

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(SCRIPT_DIR)
SPEC_PATH = os.path.join(REPO_ROOT, "spec", "spec3.subset.json")
OUTPUT = os.path.join(REPO_ROOT, "src", "PaymentRecords.Api", "Wire", "Spec", "StripeOperations.g.cs")
WIDTH = 120
INDENT = "    "
EMPTY_STRING = {"type": "string", "enum": [""]}
RANGE_KEYS = ["gt", "gte", "lt", "lte"]


class FoldError(Exception):
    pass


class Node:
    """A folded parameter: mirrors the C# ParamSpec record."""

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind
        self.required = False
        self.allow_empty = False
        self.enum = None
        self.properties = None
        self.items = None
        self.values = None
        self.also_integer = False


class Folder:
    def __init__(self):
        self.notes = []  # (where, message) for shapes outside the standard folding rules

    def fold(self, schema, name, where):
        keys = set(schema) - {"description"}
        if "anyOf" in schema:
            node = self.fold_any_of(schema["anyOf"], name, where)
            keys -= {"anyOf"}
        else:
            node = self.fold_typed(schema, name, where)
            keys -= {"type", "enum", "properties", "required", "items", "additionalProperties"}
        if schema.get("nullable"):
            node.allow_empty = True
            keys.discard("nullable")
        if keys:
            raise FoldError(f"{where}: unsupported schema keywords {sorted(keys)}")
        return node

    def fold_any_of(self, alternatives, name, where):
        rest = [a for a in alternatives if a != EMPTY_STRING]
        allow_empty = len(rest) != len(alternatives)
        if len(rest) == 1:
            node = self.fold(rest[0], name, where)
            node.allow_empty = node.allow_empty or allow_empty
            return node
        types = [a.get("type") for a in rest]
        if types == ["object", "integer"] and set(rest[0].get("properties", {})) == set(RANGE_KEYS) \
                and all(p.get("type") == "integer" for p in rest[0]["properties"].values()) \
                and set(rest[1]) <= {"type", "description"}:
            node = self.fold(rest[0], name, where)
            node.also_integer = True
            node.allow_empty = node.allow_empty or allow_empty
            return node
        if sorted(types) == ["integer", "string"] and all(set(a) == {"type"} for a in rest):
            node = Node(name, "String")
            node.allow_empty = allow_empty
            return node
        if sorted(types) == ["integer", "string"] and all(set(a) <= {"type", "enum"} for a in rest):
            strings = next(a for a in rest if a["type"] == "string")
            integer = next(a for a in rest if a["type"] == "integer")
            if "enum" in strings and "enum" not in integer and "" not in strings["enum"]:
                node = Node(name, "Integer")
                node.enum = list(strings["enum"])
                node.allow_empty = allow_empty
                return node
        raise FoldError(f"{where}: unsupported anyOf shape {json.dumps(alternatives)[:300]}")

    def fold_typed(self, schema, name, where):
        t = schema.get("type")
        if "enum" in schema and t != "string":
            raise FoldError(f"{where}: enum on non-string type {t}")
        if t == "string":
            node = Node(name, "String")
            if "enum" in schema:
                values = [v for v in schema["enum"] if v != ""]
                node.allow_empty = len(values) != len(schema["enum"])
                if values:
                    node.enum = values
                else:
                    self.notes.append((where, 'a bare enum [""] folded to String with AllowEmpty'))
            return node
        if t in ("integer", "number", "boolean"):
            return Node(name, {"integer": "Integer", "number": "Number", "boolean": "Boolean"}[t])
        if t == "array":
            node = Node(name, "Array")
            node.items = self.fold(schema["items"], "", where + "[]")
            return node
        if t == "object":
            props = schema.get("properties")
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                if props:
                    raise FoldError(f"{where}: object with both properties and additionalProperties")
                node = Node(name, "Map")
                node.values = self.fold(extra, "", where + "{}")
                return node
            node = Node(name, "Object")
            node.properties = self.fold_properties(schema, where)
            if not props:
                self.notes.append((where, "{type: object} without properties or additionalProperties "
                                          "folded to Object with Properties=[] (no sub-keys accepted)"))
            return node
        raise FoldError(f"{where}: unsupported type {t!r}")

    def fold_properties(self, schema, where, top=False):
        props = schema.get("properties") or {}
        required = schema.get("required", [])
        missing = [r for r in required if r not in props]
        if missing:
            raise FoldError(f"{where}: required names without a property: {missing}")
        nodes = []
        for pname, pschema in props.items():
            node = self.fold(pschema, pname, f"{where} {pname}" if top else f"{where}.{pname}")
            node.required = pname in required
            nodes.append(node)
        return nodes


def pascal(operation_id):
    parts = re.split(r"[^0-9A-Za-z]+", operation_id)
    name = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not name or not name[0].isalpha():
        raise FoldError(f"operationId {operation_id!r} does not give a C# identifier")
    return name


def operations(spec, folder):
    ops = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "delete"):
                raise FoldError(f"{path}: unsupported method {method}")
            where = f"{method.upper()} {path}"
            query = [p for p in op.get("parameters", []) if p["in"] == "query"]
            others = [p for p in op.get("parameters", []) if p["in"] not in ("query", "path")]
            if others:
                raise FoldError(f"{where}: parameters neither in query nor in path: {others}")
            body = op.get("requestBody")
            if method == "post":
                if query:
                    raise FoldError(f"{where}: POST with query parameters")
                schema = body["content"]["application/x-www-form-urlencoded"]["schema"] if body else {}
                if schema and schema.get("type") != "object":
                    raise FoldError(f"{where}: request body is not an object")
                params = folder.fold_properties(schema, where, top=True)
            else:
                if body:
                    raise FoldError(f"{where}: {method.upper()} with a request body")
                params = []
                for p in query:
                    node = folder.fold(p["schema"], p["name"], f"{where} {p['name']}")
                    node.required = bool(p.get("required"))
                    params.append(node)
            ops.append({
                "name": pascal(op["operationId"]),
                "method": method.upper(),
                "path": path,
                "node_method": op.get("x-stripe-node-method"),
                "node_params": op.get("x-stripe-node-params"),
                "description": op.get("description", ""),
                "params": params,
            })
    names = [o["name"] for o in ops]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise FoldError(f"duplicate operation names: {dupes}")
    return ops


# Top-level parameters Stripe was recorded taking "" for (clearing them), though the spec gives them no "" form:
# (METHOD path, parameter) -> AllowEmpty. Each is a recorded answer, named in the docs page of its resource.
RECORDED_EMPTYABLE = {
    ("POST /v1/subscriptions/{subscription_exposed_id}", "default_payment_method"),
}


def apply_recorded_emptyable(ops):
    seen = set()
    for op in ops:
        for node in op["params"]:
            key = (f"{op['method']} {op['path']}", node.name)
            if key in RECORDED_EMPTYABLE:
                node.allow_empty = True
                seen.add(key)
    missing = RECORDED_EMPTYABLE - seen
    if missing:
        raise FoldError(f"recorded emptyable parameters not in the spec: {sorted(missing)}")


# ---------------------------------------------------------------- C# rendering

def cs_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def xml(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def first_sentence(text):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown links -> their text
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return (m.group(1) if m else text).replace("`", "")


def fits(indent, text, tail=2):
    """Whether `text` fits on one line after `indent`, leaving room for a trailing `),` or `,`."""
    return "\n" not in text and len(indent) + len(text) + tail <= WIDTH


def render_enum(values, indent):
    quoted = [cs_string(v) for v in values]
    inner = indent + INDENT
    lines, line = [], ""
    for q in quoted:
        piece = q + ","
        if line and len(inner) + len(line) + 1 + len(piece) > WIDTH:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    lines.append(line)
    return "[\n" + "".join(f"{inner}{l}\n" for l in lines) + indent + "]"


def node_args(node, nested):
    """The arguments of `new(...)`; `nested(kind, value)` renders Enum/Properties/Items/Values."""
    args = [cs_string(node.name), f"ParamKind.{node.kind}"]
    if node.required:
        args.append("Required: true")
    if node.allow_empty:
        args.append("AllowEmpty: true")
    if node.enum is not None:
        args.append("Enum: " + nested("enum", node.enum))
    if node.properties is not None:
        args.append("Properties: " + nested("properties", node.properties))
    if node.items is not None:
        args.append("Items: " + nested("node", node.items))
    if node.values is not None:
        args.append("Values: " + nested("node", node.values))
    if node.also_integer:
        args.append("AlsoInteger: true")
    return "new(" + ", ".join(args) + ")"


def render_inline(node):
    def nested(kind, value):
        if kind == "enum":
            return "[" + ", ".join(cs_string(v) for v in value) + "]"
        if kind == "properties":
            return "[" + ", ".join(render_inline(p) for p in value) + "]"
        return render_inline(value)
    return node_args(node, nested)


def render_node(node, indent, follows=False):
    """`new(...)` for one ParamSpec on a line starting at `indent`: on one line when it fits.

    `follows`: the node continues a line (Items/Values of a node that did not fit), so it is broken
    into lines whenever it has a list, since the text before it is not measured."""
    inline = render_inline(node)
    if fits(indent, inline) and not (follows and (node.enum or node.properties)):
        return inline

    def nested(kind, value):
        if kind == "enum":
            return render_enum(value, indent)
        if kind == "properties":
            return render_list([render_node(p, indent + INDENT) for p in value], indent)
        return render_node(value, indent, follows=True)
    return node_args(node, nested)


def render_list(items, indent):
    """A collection expression of already rendered elements, one element per line below `indent`."""
    if not items:
        return "[]"
    inner = indent + INDENT
    return "[\n" + "".join(f"{inner}{i},\n" for i in items) + indent + "]"


def wrap_comment(prefix, text, hang="  ", width=WIDTH):
    """`text` as comment lines starting with `prefix`, wrapped at `width`; continuation lines get `hang`."""
    lines, line = [], prefix
    for word in text.split(" "):
        if line.strip() not in (prefix.strip(), "") and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = prefix + hang + word
        else:
            line = line + (" " if line != prefix else "") + word
    lines.append(line)
    return lines


def render(spec, ops, notes, spec_bytes):
    out = []
    w = out.append
    w("// <auto-generated>")
    w("//   Generated by scripts/generate-params.py from spec/spec3.subset.json")
    w(f"//   (API version {spec['info']['version']}, sha256 {hashlib.sha256(spec_bytes).hexdigest()}).")
    w("//   Regenerate from the repo root:")
    w("//     python3 scripts/generate-params.py [spec/spec3.subset.json]")
    w("//   Do not edit by hand.")
    w("// </auto-generated>")
    w("//")
    w("// Folding of the spec's unions into ParamSpec:")
    w("//   anyOf [X, \"\"]                         -> X with AllowEmpty")
    w("//   anyOf [range{gt,gte,lt,lte}, integer] -> Object(gt, gte, lt, lte: Integer) with AlsoInteger")
    w("//   anyOf [string, integer]               -> String (metadata values; integers are accepted as strings)")
    w("//   anyOf [integer, enum of strings]      -> Integer with Enum (an integer or one of those strings)")
    w("//   nullable                              -> AllowEmpty (a form-encoded null is \"\")")
    w("//   object + additionalProperties         -> Map, Values = the folded additionalProperties")
    w("//   Items and Values have an empty Name.")
    if notes:
        w("//")
        w("// Shapes outside those rules:")
        for where, msg in notes:
            out.extend(wrap_comment("//   ", f"{where}: {msg}"))
    w("")
    w("#nullable enable")
    w("")
    w("namespace PaymentRecords.Api.Wire.Spec;")
    w("")
    w("/// <summary>The request parameters of every operation in spec/spec3.subset.json, generated from the spec.</summary>")
    w("public static partial class StripeOperations")
    w("{")
    for op in ops:
        summary = f"<c>{op['method']} {op['path']}</c>"
        if op["node_method"]:
            summary += f" (stripe-node <c>{op['node_method']}</c>"
            if op["node_params"]:
                summary += f", <c>{op['node_params']}</c>"
            summary += ")"
        if op["description"]:
            summary += ": " + first_sentence(op["description"])
        summary = xml(summary).replace("&lt;c&gt;", "<c>").replace("&lt;/c&gt;", "</c>")
        w(f"{INDENT}/// <summary>")
        out.extend(wrap_comment(f"{INDENT}/// ", summary, hang=""))
        w(f"{INDENT}/// </summary>")
        field = f"{INDENT}public static readonly OperationSpec {op['name']} ="
        call = f"new({cs_string(op['method'])}, {cs_string(op['path'])}, "
        inline = call + "[" + ", ".join(render_inline(p) for p in op["params"]) + "]);"
        if len(field) + 1 + len(inline) <= WIDTH:
            w(f"{field} {inline}")
        elif len(field) + 1 + len(call) + 1 <= WIDTH:
            w(f"{field} {call}" + render_list([render_node(p, INDENT * 2) for p in op["params"]], INDENT) + ");")
        else:  # long names: the call goes on its own line
            w(field)
            if len(INDENT * 2) + len(inline) <= WIDTH:
                w(f"{INDENT * 2}{inline}")
            else:
                w(f"{INDENT * 2}{call}"
                  + render_list([render_node(p, INDENT * 3) for p in op["params"]], INDENT * 2) + ");")
        w("")
    w(f"{INDENT}/// <summary>All {len(ops)} operations, in spec order.</summary>")
    w(f"{INDENT}public static IReadOnlyList<OperationSpec> All {{ get; }} =")
    w(f"{INDENT}[")
    for op in ops:
        w(f"{INDENT * 2}{op['name']},")
    w(f"{INDENT}];")
    w("")
    w(f"{INDENT}private static readonly Dictionary<(string Method, string Path), OperationSpec> ByRoute =")
    w(f"{INDENT * 2}All.ToDictionary(o => (o.Method, o.Path));")
    w("")
    w(f"{INDENT}/// <summary>")
    w(f"{INDENT}/// The operation for an HTTP method (any case) and a path template exactly as the spec writes it,")
    w(f"{INDENT}/// e.g. <c>/v1/customers/{{customer}}</c>; null when the spec has no such operation.")
    w(f"{INDENT}/// </summary>")
    w(f"{INDENT}public static OperationSpec? Find(string method, string pathTemplate) =>")
    w(f"{INDENT * 2}ByRoute.GetValueOrDefault((method.ToUpperInvariant(), pathTemplate));")
    w("}")
    return "\n".join(out) + "\n"


def main(argv):
    args = list(argv[1:])
    output = OUTPUT
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            print(__doc__, file=sys.stderr)
            return 2
        output = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if len(args) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec_path = os.path.abspath(args[0]) if args else SPEC_PATH
    with open(spec_path, "rb") as f:
        spec_bytes = f.read()
    spec = json.loads(spec_bytes)
    folder = Folder()
    try:
        ops = operations(spec, folder)
        apply_recorded_emptyable(ops)
    except FoldError as e:
        print(f"generate-params: {e}", file=sys.stderr)
        return 1
    text = render(spec, ops, folder.notes, spec_bytes)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(output, REPO_ROOT)}: {len(ops)} operations from {spec_path}")
    for where, msg in folder.notes:
        print(f"note: {where}: {msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
