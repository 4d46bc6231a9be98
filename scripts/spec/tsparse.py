"""A small parser for the TypeScript declaration files shipped in the `stripe` npm package.

Stripe generates `types/**/*.d.ts` from its OpenAPI spec, so they use a narrow, regular subset of
TypeScript: `declare module 'stripe' { namespace Stripe { ... } }` holding nested namespaces,
interfaces (members with JSDoc), type aliases (unions of string literals or of types) and resource
classes (overloaded methods with JSDoc). This module reads that subset into a symbol table.
Python 3 standard library only.
"""

import os
import re

TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<doc>/\*\*.*?\*/)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<arrow>=>)
  | (?P<punct>[{}()<>\[\];:?|,.=&])
    """,
    re.S | re.X,
)


class Tok:
    __slots__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind = kind
        self.text = text

    def __repr__(self):
        return f"{self.kind}:{self.text}"


def tokenize(text):
    toks = []
    pos = 0
    n = len(text)
    while pos < n:
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise SyntaxError(f"cannot tokenize at {text[pos:pos + 40]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        toks.append(Tok(kind, m.group(kind)))
    return toks


def doc_text(raw):
    """The text of a JSDoc comment: leading `* ` removed from each line, lines joined with \\n."""
    body = raw[3:-2]
    lines = body.split("\n")
    out = []
    for line in lines:
        s = line.strip()
        if s.startswith("*"):
            s = line.lstrip()[1:]
            if s.startswith(" "):
                s = s[1:]
        else:
            s = line.strip()
        out.append(s.rstrip())
    # JSDoc block tags (@deprecated, @docs ...) are not part of the description.
    out = [line for line in out if not line.startswith("@")]
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


# ---- type expressions -------------------------------------------------------------------------
# ("lit", value)                      string/number/boolean literal
# ("prim", "string"|"number"|"boolean"|"null"|"any"|"void"|"unknown"|"object")
# ("ref", "A.B.C", [args])            a named type with optional generic arguments
# ("union", [types])
# ("obj", [members])                  an inline object type literal
# ("array", type)                     T[]
# Member: dict(name, optional, type, doc, index=bool)


class Parser:
    def __init__(self, toks, path):
        self.toks = toks
        self.i = 0
        self.path = path

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else Tok("eof", "")

    def next(self):
        t = self.peek()
        self.i += 1
        return t

    def expect(self, text):
        t = self.next()
        if t.text != text:
            raise SyntaxError(f"{self.path}: expected {text!r}, got {t.text!r} near token {self.i}")
        return t

    def accept(self, text):
        if self.peek().text == text and self.peek().kind != "str":
            self.i += 1
            return True
        return False

    # -- declarations
    def parse_file(self, table, classes):
        # declare module 'stripe' { namespace Stripe { ... } }
        while self.peek().kind != "eof":
            t = self.peek()
            if t.text == "declare" and self.peek(1).text == "module":
                self.i += 2
                self.next()  # module name
                self.expect("{")
                self.parse_block([], table, classes, top=True)
            elif t.text == "import" or t.text == "export":
                # skip to ;
                while self.next().text != ";":
                    pass
            else:
                self.i += 1

    def parse_block(self, ns, table, classes, top=False):
        doc = None
        while True:
            t = self.peek()
            if t.kind == "eof":
                raise SyntaxError(f"{self.path}: unexpected end of file")
            if t.text == "}":
                self.i += 1
                return
            if t.kind == "doc":
                doc = doc_text(t.text)
                self.i += 1
                continue
            if t.text in ("export", "declare"):
                self.i += 1
                continue
            if t.text == "namespace":
                self.i += 1
                name = self.parse_dotted()
                self.expect("{")
                inner = ns + name.split(".")
                if top and ns == [] and inner[0] == "Stripe":
                    inner = inner[1:]
                self.parse_block(inner, table, classes)
                doc = None
                continue
            if t.text == "interface":
                self.i += 1
                name = self.next().text
                tparams = self.parse_type_params()
                extends = []
                if self.accept("extends"):
                    while True:
                        extends.append(self.parse_type())
                        if not self.accept(","):
                            break
                self.expect("{")
                members = self.parse_members()
                qn = ".".join(ns + [name])
                table[qn] = {"kind": "interface", "name": qn, "ns": ns, "members": members,
                             "extends": extends, "doc": doc, "tparams": tparams, "file": self.path}
                doc = None
                continue
            if t.text == "type":
                self.i += 1
                name = self.next().text
                tparams = self.parse_type_params()
                self.expect("=")
                ty = self.parse_type()
                self.accept(";")
                qn = ".".join(ns + [name])
                table[qn] = {"kind": "alias", "name": qn, "ns": ns, "type": ty, "doc": doc,
                             "tparams": tparams, "file": self.path}
                doc = None
                continue
            if t.text == "class":
                self.i += 1
                name = self.next().text
                self.parse_type_params()
                if self.accept("extends"):
                    self.parse_type()
                self.expect("{")
                methods = self.parse_class_body()
                qn = ".".join(ns + [name])
                classes[qn] = {"name": qn, "ns": ns, "methods": methods, "file": self.path}
                doc = None
                continue
            if t.text in ("const", "let", "var", "function", "enum"):
                self.skip_statement()
                doc = None
                continue
            # anything else: skip a statement
            self.skip_statement()
            doc = None

    def skip_statement(self):
        depth = 0
        while True:
            t = self.next()
            if t.kind == "eof":
                return
            if t.text in ("{", "(", "[", "<"):
                depth += 1
            elif t.text in ("}", ")", "]", ">"):
                depth -= 1
                if depth == 0 and t.text == "}":
                    if self.peek().text == ";":
                        self.i += 1
                    return
                if depth < 0:
                    self.i -= 1
                    return
            elif t.text == ";" and depth == 0:
                return

    def parse_dotted(self):
        parts = [self.next().text]
        while self.peek().text == ".":
            self.i += 1
            parts.append(self.next().text)
        return ".".join(parts)

    def parse_type_params(self):
        tparams = []
        if self.peek().text == "<":
            self.i += 1
            while True:
                tparams.append(self.next().text)
                if self.accept("extends"):
                    self.parse_type()
                if self.accept("="):
                    self.parse_type()
                if self.accept(","):
                    continue
                self.expect(">")
                break
        return tparams

    def parse_members(self):
        members = []
        doc = None
        while True:
            t = self.peek()
            if t.text == "}":
                self.i += 1
                return members
            if t.kind == "doc":
                doc = doc_text(t.text)
                self.i += 1
                continue
            if t.text in (";", ","):
                self.i += 1
                continue
            if t.text == "readonly":
                self.i += 1
                continue
            if t.text == "[":
                # index signature [name: string]: T
                self.i += 1
                self.next()
                self.expect(":")
                key_t = self.parse_type()
                self.expect("]")
                self.expect(":")
                ty = self.parse_type()
                members.append({"name": None, "index": True, "key": key_t, "optional": False,
                                "type": ty, "doc": doc})
                doc = None
                continue
            name_tok = self.next()
            name = name_tok.text
            if name_tok.kind == "str":
                name = name[1:-1]
            optional = self.accept("?")
            if self.peek().text in ("(", "<"):
                # method signature inside an interface: skip
                self.skip_signature()
                doc = None
                continue
            self.expect(":")
            ty = self.parse_type()
            members.append({"name": name, "index": False, "optional": optional, "type": ty, "doc": doc})
            doc = None

    def skip_signature(self):
        depth = 0
        while True:
            t = self.next()
            if t.text in ("(", "<", "{", "["):
                depth += 1
            elif t.text in (")", ">", "}", "]"):
                depth -= 1
            elif t.text == ";" and depth == 0:
                return

    def parse_class_body(self):
        methods = []
        doc = None
        while True:
            t = self.peek()
            if t.text == "}":
                self.i += 1
                return methods
            if t.kind == "doc":
                doc = doc_text(t.text)
                self.i += 1
                continue
            if t.text in ("private", "public", "static", "readonly"):
                self.i += 1
                continue
            name = self.next().text
            if self.peek().text == ":":
                # property, e.g. `testHelpers: ...;`
                self.i += 1
                self.parse_type()
                self.accept(";")
                doc = None
                continue
            self.parse_type_params()
            self.expect("(")
            args = []
            while not self.accept(")"):
                aname = self.next().text
                aopt = self.accept("?")
                self.expect(":")
                aty = self.parse_type()
                args.append({"name": aname, "optional": aopt, "type": aty})
                self.accept(",")
            ret = None
            if self.accept(":"):
                ret = self.parse_type()
            self.accept(";")
            methods.append({"name": name, "args": args, "ret": ret, "doc": doc})
            doc = None

    # -- types
    def parse_type(self):
        self.accept("|")
        alts = [self.parse_intersection()]
        while self.accept("|"):
            alts.append(self.parse_intersection())
        return alts[0] if len(alts) == 1 else ("union", alts)

    def parse_intersection(self):
        parts = [self.parse_postfix()]
        while self.accept("&"):
            parts.append(self.parse_postfix())
        return parts[0] if len(parts) == 1 else ("intersection", parts)

    def parse_postfix(self):
        ty = self.parse_primary()
        while self.peek().text == "[" and self.peek(1).text == "]":
            self.i += 2
            ty = ("array", ty)
        return ty

    def parse_primary(self):
        t = self.next()
        if t.kind == "str":
            return ("lit", t.text[1:-1])
        if t.kind == "num":
            return ("lit", float(t.text) if "." in t.text else int(t.text))
        if t.text == "(":
            # parenthesized type or function type
            save = self.i
            depth = 1
            while depth:
                x = self.next()
                if x.text == "(":
                    depth += 1
                elif x.text == ")":
                    depth -= 1
            if self.peek().kind == "arrow":
                self.i += 1
                self.parse_type()
                return ("prim", "function")
            self.i = save
            ty = self.parse_type()
            self.expect(")")
            return ty
        if t.text == "{":
            return ("obj", self.parse_members())
        if t.text in ("true", "false"):
            return ("lit", t.text == "true")
        if t.text in ("string", "number", "boolean", "null", "any", "void", "unknown", "object",
                      "undefined", "never"):
            return ("prim", t.text)
        if t.text == "typeof":
            self.parse_dotted()
            return ("prim", "any")
        if t.kind != "ident":
            raise SyntaxError(f"{self.path}: unexpected {t.text!r} in a type")
        name = t.text
        while self.peek().text == "." and self.peek(1).kind == "ident":
            self.i += 1
            name += "." + self.next().text
        args = []
        if self.peek().text == "<":
            self.i += 1
            while True:
                args.append(self.parse_type())
                if self.accept(","):
                    continue
                self.expect(">")
                break
        return ("ref", name, args)


def load_types(types_dir):
    """Parse every .d.ts under types_dir. Returns (table, classes)."""
    table = {}
    classes = {}
    for root, dirs, files in os.walk(types_dir):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".d.ts"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, types_dir)
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            if "declare module 'stripe'" not in text:
                continue
            if not text.startswith("// File generated from our OpenAPI spec") and f != "shared.d.ts":
                continue
            p = Parser(tokenize(text), rel)
            p.parse_file(table, classes)
    return table, classes


JS_METHOD_RE = re.compile(
    r"(\w+)\s*:\s*stripeMethod\(\{\s*method:\s*'(\w+)',\s*fullPath:\s*'([^']+)'(?:,\s*methodType:\s*'(\w+)')?",
    re.S,
)


def load_js_resources(res_dir):
    """cjs/resources/**/*.js -> {relative path without .js: [(method, http, fullPath, methodType)]}."""
    out = {}
    for root, dirs, files in os.walk(res_dir):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".js"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, res_dir)[:-3]
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            out[rel] = [(m.group(1), m.group(2), m.group(3), m.group(4)) for m in JS_METHOD_RE.finditer(text)]
    return out
