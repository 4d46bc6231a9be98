#!/usr/bin/env python3
"""Generate spec/spec3.subset.json from the typings of the official `stripe` npm package.

Usage (from anywhere):
    python3 scripts/spec/generate.py [--stripe DIR] [--out FILE]

DIR defaults to tests/sdk-node/node_modules/stripe (installed by `npm ci` in tests/sdk-node, pinned to
stripe 19.3.1, whose OPENAPI_VERSION is v2111 and whose API version is 2025-10-29.clover); FILE defaults
to spec/spec3.subset.json. The package is read, never executed:
  * cjs/resources/**/*.js  -> each SDK method's HTTP method, fullPath and methodType (list/search);
  * types/**/*Resource.d.ts -> each method's JSDoc (the operation description), params type and
                               return type;
  * types/**/*.d.ts         -> the object interfaces (`interface Invoice` + `namespace Invoice`) and the
                               params interfaces (`InvoiceCreateParams` + `namespace InvoiceCreateParams`).
The conventions are documented in spec/README.md. Python 3 standard library only; the output is
deterministic (same package -> byte-identical file).
"""

import argparse
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsparse  # noqa: E402

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(SCRIPT_DIR))
DEFAULT_STRIPE = os.path.join(REPO_ROOT, "tests", "sdk-node", "node_modules", "stripe")
DEFAULT_OUT = os.path.join(REPO_ROOT, "spec", "spec3.subset.json")

EXPECTED_PACKAGE_VERSION = "19.3.1"
EXPECTED_OPENAPI_VERSION = "v2111"
API_VERSION = "2025-10-29.clover"

# The operations in the subset, grouped by SDK resource file (cjs/resources/<file>.js) in the order
# they are listed in x-not-included-operations. Each entry: "METHOD /path"; "*" = every method of the
# resource file except search methods (but those in SEARCH_INCLUDED).
SELECTION = [
    ("Invoices", [
        "POST /v1/invoices", "GET /v1/invoices", "GET /v1/invoices/{invoice}", "POST /v1/invoices/{invoice}",
        "DELETE /v1/invoices/{invoice}", "POST /v1/invoices/{invoice}/add_lines",
        "POST /v1/invoices/{invoice}/attach_payment", "POST /v1/invoices/create_preview",
        "POST /v1/invoices/{invoice}/finalize", "GET /v1/invoices/{invoice}/lines",
        "POST /v1/invoices/{invoice}/mark_uncollectible", "POST /v1/invoices/{invoice}/pay",
        "POST /v1/invoices/{invoice}/send", "POST /v1/invoices/{invoice}/void", "GET /v1/invoices/search",
        "POST /v1/invoices/{invoice}/update_lines", "POST /v1/invoices/{invoice}/remove_lines",
        "POST /v1/invoices/{invoice}/lines/{line_item_id}",
    ]),
    ("Customers", [
        "POST /v1/customers", "GET /v1/customers/{customer}", "POST /v1/customers/{customer}",
        "GET /v1/customers", "DELETE /v1/customers/{customer}",
        "GET /v1/customers/{customer}/payment_methods",
        "GET /v1/customers/{customer}/payment_methods/{payment_method}", "GET /v1/customers/search",
        "POST /v1/customers/{customer}/balance_transactions", "POST /v1/customers/{customer}/balance_transactions/{transaction}",
    ]),
    ("CreditNotes", "*"),
    ("Events", "*"),
    ("InvoiceItems", "*"),
    ("InvoicePayments", "*"),
    ("PaymentRecords", "*"),
    ("Products", "*"),
    ("Prices", "*"),
    ("PaymentMethods", "*"),
    ("Subscriptions", "*"),
    ("SubscriptionItems", "*"),
    ("WebhookEndpoints", "*"),
    ("TestHelpers/TestClocks", "*"),
    ("Billing/CreditGrants", "*"),
    ("Billing/CreditBalanceSummary", "*"),
    ("Billing/CreditBalanceTransactions", "*"),
    ("Billing/Meters", "*"),
    ("Billing/MeterEvents", "*"),
    ("Billing/MeterEventAdjustments", "*"),
    ("Billing/Alerts", "*"),
    ("Coupons", "*"),
]

# Search methods a "*" resource still takes (the rest of a "*" resource's search methods are left out).
SEARCH_INCLUDED = {"GET /v1/subscriptions/search", "GET /v1/prices/search", "GET /v1/products/search"}

# TypeScript `number` is an integer on Stripe's wire (amounts, counts, timestamps) except for these
# decimal fields.
NUMBER_FIELD_RE = re.compile(r"percent|(^|_)rate$|latitude|longitude|^aggregated_value$")
# ... and every number member of these interfaces (package dimensions take 2 decimal places).
DECIMAL_INTERFACE_RE = re.compile(r"(^|\.)PackageDimensions$")
EMPTY_STRING = {"type": "string", "enum": [""]}
PATH_PARAM_MAX_LENGTH = 5000


class GenError(Exception):
    pass


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def is_object_like(schema):
    """True when a parameter needs deepObject encoding (object or array, possibly inside anyOf)."""
    if schema.get("type") in ("object", "array"):
        return True
    return any(is_object_like(alt) for alt in schema.get("anyOf", []))


class Generator:
    def __init__(self, stripe_dir):
        self.stripe_dir = stripe_dir
        self.table, self.classes = tsparse.load_types(os.path.join(stripe_dir, "types"))
        self.js = tsparse.load_js_resources(os.path.join(stripe_dir, "cjs", "resources"))
        self.components = {}  # component name -> schema (None while being built)
        self.resource_names = {}  # interface qualified name -> component name
        self.pending = []
        self._index_resources()

    # ---- symbol resolution ---------------------------------------------------------------------
    def _index_resources(self):
        for qn, decl in self.table.items():
            if decl["kind"] != "interface":
                continue
            # Only interfaces whose enclosing names are pure namespaces (Billing, Issuing, ...) are
            # resources; nested interfaces of a resource (Invoice.AutomaticTax) are written inline.
            prefix = ".".join(decl["ns"])
            if prefix and self.table.get(prefix, {}).get("kind") == "interface":
                continue
            members = {m["name"]: m for m in decl["members"] if not m["index"]}
            obj = members.get("object")
            if not obj or obj["type"][0] != "lit" or not isinstance(obj["type"][1], str):
                continue
            name = obj["type"][1]
            deleted = members.get("deleted")
            if deleted and deleted["type"] == ("lit", True):
                name = "deleted_" + name
            self.resource_names[qn] = name

    def resolve(self, name, ns):
        if name.startswith("Stripe."):
            name = name[len("Stripe."):]
            ns = []
        for k in range(len(ns), -1, -1):
            qn = ".".join(ns[:k] + [name])
            if qn in self.table:
                return self.table[qn]
        return None

    # ---- types -> schemas ------------------------------------------------------------------------
    def convert(self, ty, ns, mode, field):
        """Returns a schema for a type expression. mode is "response" or "param"."""
        kind = ty[0]
        if kind == "union":
            return self.convert_union(ty[1], ns, mode, field)
        if kind == "lit":
            v = ty[1]
            if isinstance(v, bool):
                return {"type": "boolean", "enum": [v]}
            if isinstance(v, str):
                return {"type": "string", "enum": [v]}
            return {"type": "integer", "enum": [v]}
        if kind == "prim":
            p = ty[1]
            if p == "string":
                return {"type": "string"}
            if p == "number":
                return {"type": "number" if field and NUMBER_FIELD_RE.search(field) else "integer"}
            if p == "boolean":
                return {"type": "boolean"}
            if p in ("any", "unknown", "object"):
                return {"type": "object"}
            raise GenError(f"unsupported primitive {p} at {field}")
        if kind == "array":
            return {"type": "array", "items": self.convert(ty[1], ns, mode, field)}
        if kind == "obj":
            return self.convert_members(ty[1], ns, mode)
        if kind == "ref":
            return self.convert_ref(ty, ns, mode, field)
        raise GenError(f"unsupported type {ty!r} at {field}")

    def convert_ref(self, ty, ns, mode, field):
        _, name, args = ty
        short = name[len("Stripe."):] if name.startswith("Stripe.") else name
        if short == "Array":
            return {"type": "array", "items": self.convert(args[0], ns, mode, field)}
        if short == "Emptyable":
            return self.convert_union([("prim", "null"), ("lit", ""), args[0]], ns, mode, field)
        if short == "ApiList":
            return {
                "type": "object",
                "required": ["data", "has_more", "object", "url"],
                "properties": {
                    "data": {"type": "array", "items": self.convert(args[0], ns, mode, field)},
                    "has_more": {"type": "boolean"},
                    "object": {"type": "string", "enum": ["list"]},
                    "url": {"type": "string"},
                },
            }
        if short == "Record":
            return {"type": "object", "additionalProperties": self.convert(args[1], ns, mode, field)}
        decl = self.resolve(name, ns)
        if decl is None:
            raise GenError(f"cannot resolve type {name} in {'.'.join(ns)} (field {field})")
        if decl["name"] == "Event":
            # Stripe.Event is the union of one interface per event type; the schema is their base.
            return ref(self.component("EventBase"))
        if decl["kind"] == "alias":
            return self.convert(decl["type"], decl["ns"], mode, field)
        if decl["name"] in self.resource_names:
            return ref(self.component(decl["name"]))
        return self.convert_interface(decl, mode)

    def members_of(self, decl):
        members = []
        for base in decl["extends"]:
            bdecl = self.resolve(base[1], decl["ns"])
            if bdecl is None:
                raise GenError(f"cannot resolve base {base[1]} of {decl['name']}")
            members.extend(self.members_of(bdecl))
        # Own members first, then the inherited ones not redeclared (the order Stripe's spec lists
        # query parameters in: e.g. the list filters, then PaginationParams).
        own = [m for m in decl["members"]]
        names = {m["name"] for m in own}
        return own + [m for m in members if m["name"] not in names]

    def convert_interface(self, decl, mode):
        # Members of `interface X` refer to `X.Y`; members of `namespace X { interface Y }` to `Y.Z`.
        return self.convert_members(self.members_of(decl), decl["ns"] + [decl["name"].split(".")[-1]], mode,
                                    scope=decl["ns"], decimal=bool(DECIMAL_INTERFACE_RE.search(decl["name"])))

    def convert_members(self, members, ns, mode, scope=None, decimal=False):
        scope = ns if scope is None else scope
        index = [m for m in members if m["index"]]
        # `deleted?: void` marks the non-deleted variant of a resource: not a field on the wire.
        named = [m for m in members if not m["index"] and m["type"] != ("prim", "void")]
        if index and not named:
            return {"type": "object", "additionalProperties": self.convert(index[0]["type"], scope, mode, None)}
        schema = {"type": "object"}
        if not named:
            return schema
        props = {}
        required = []
        for m in named:
            ps = self.convert(m["type"], scope, mode, m["name"])
            if decimal and ps.get("type") == "integer":
                ps["type"] = "number"
            if "$ref" in ps:
                # A property that is one component: allOf [ref] (OpenAPI 3.0 ignores a $ref's siblings),
                # anyOf [ref] when nullable.
                ps = {"allOf": [ps]}
            elif "$ref" in ps.get("anyOf", [{}])[0] and len(ps["anyOf"]) == 1 and not ps.get("nullable"):
                ps = {"allOf": ps["anyOf"]}
            if m["doc"]:
                ps["description"] = m["doc"]
            props[m["name"]] = ps
            if not m["optional"] and not ps.get("nullable"):
                required.append(m["name"])
        schema["properties"] = props
        if required:
            schema["required"] = required
        return schema

    def convert_union(self, alts, ns, mode, field):
        nullable = any(a == ("prim", "null") for a in alts)
        rest = [a for a in alts if a != ("prim", "null") and a != ("prim", "undefined")]
        empty = ("lit", "") in rest
        if mode == "param" and empty:
            rest = [a for a in rest if a != ("lit", "")]
        if rest and all(a[0] == "lit" and isinstance(a[1], str) for a in rest):
            schema = {"type": "string", "enum": [a[1] for a in rest]}
        elif len(rest) == 1:
            schema = self.convert(rest[0], ns, mode, field)
        else:
            converted = []
            for a in rest:
                c = self.convert(a, ns, mode, field)
                # a union of a union (e.g. string | Stripe.CustomerSource) is flattened
                converted.extend(c["anyOf"] if list(c) == ["anyOf"] else [c])
            schema = {"anyOf": converted}
            refs = [c for c in converted if "$ref" in c]
            if mode == "response" and {"type": "string"} in converted and refs \
                    and len(refs) == len(converted) - 1:
                schema["x-expansionResources"] = {"oneOf": refs}
        if mode == "param" and empty:
            schema = {"anyOf": [schema, dict(EMPTY_STRING)]}
        if nullable and not (mode == "param" and empty):
            schema = {"anyOf": [schema]} if "$ref" in schema else dict(schema)
            schema["nullable"] = True
        return schema

    # ---- components -----------------------------------------------------------------------------
    def component(self, qn):
        name = self.resource_names[qn]
        if name not in self.components:
            self.components[name] = None
            self.components[name] = self.build_component(qn, name)
        return name

    def build_component(self, qn, name):
        if qn == "EventBase":
            return self.build_event()
        decl = self.table[qn]
        schema = self.convert_interface(decl, "response")
        if decl["doc"]:
            schema["description"] = decl["doc"]
        schema["x-ts-name"] = "Stripe." + qn
        paths = sorted(expandable_paths(schema))
        schema["x-expandableFields"] = sorted({p.split(".")[0] for p in paths})
        schema["x-expandablePaths"] = paths
        schema["x-resourceId"] = name
        return schema

    def build_event(self):
        decl = self.table["EventBase"]
        schema = self.convert_interface(decl, "response")
        schema["title"] = "event"
        schema["description"] = ("Derived from stripe-node Stripe.EventBase; data.object holds the related "
                                 "resource (see Event.type).")
        return schema

    def build_errors(self):
        decl = self.resolve("Invoice.LastFinalizationError", [])
        schema = self.convert_interface(decl, "response")
        schema["x-ts-name"] = "Stripe.Invoice.LastFinalizationError"
        schema["description"] = ("Shape of an API error (derived from the typing of "
                                 "Invoice.last_finalization_error).")
        self.components["api_errors"] = schema
        self.components["error"] = {
            "type": "object",
            "required": ["error"],
            "properties": {"error": ref("api_errors")},
            "description": "An error response from the Stripe API.",
        }

    # ---- operations -----------------------------------------------------------------------------
    def sdk_methods(self, resource):
        """[(sdk method, HTTP method, fullPath, methodType, class decl)] of one resource file."""
        if resource not in self.js:
            raise GenError(f"no cjs/resources/{resource}.js")
        parts = resource.split("/")
        cls_name = ".".join(parts[:-1] + [parts[-1] + "Resource"])
        cls = self.classes.get(cls_name)
        if cls is None:
            raise GenError(f"no class {cls_name} in the typings")
        return [(m, http, path, mtype, cls) for (m, http, path, mtype) in self.js[resource]]

    def build_operation(self, method, http, path, mtype, cls):
        overloads = [m for m in cls["methods"] if m["name"] == method]
        if not overloads:
            raise GenError(f"{cls['name']}.{method} has no typing")
        doc = next((m["doc"] for m in overloads if m["doc"]), None)
        sig = max(overloads, key=lambda m: len(m["args"]))
        params_decl = None
        for a in sig["args"]:
            if a["name"] == "params":
                params_decl = self.resolve(a["type"][1], cls["ns"])
        path_params = re.findall(r"\{(\w+)\}", path)
        op = {}
        if doc:
            op["description"] = doc
        op["operationId"] = operation_id(http, path)
        op["x-stripe-node-method"] = method
        if params_decl is not None:
            op["x-stripe-node-params"] = "Stripe." + params_decl["name"]
        parameters = [{"name": p, "in": "path", "required": True, "style": "simple",
                       "schema": {"type": "string", "maxLength": PATH_PARAM_MAX_LENGTH}} for p in path_params]
        body = None
        if params_decl is not None:
            members = [m for m in self.members_of(params_decl) if not m["index"]]
            pns = params_decl["ns"] + [params_decl["name"].split(".")[-1]]
            if http == "POST":
                body = self.convert_members(members, pns, "param", scope=params_decl["ns"])
                body.setdefault("properties", {})
                body["additionalProperties"] = False
            else:
                for m in members:
                    schema = self.convert(m["type"], params_decl["ns"], "param", m["name"])
                    p = {"name": m["name"], "in": "query", "required": not m["optional"],
                         "style": "deepObject" if is_object_like(schema) else "form", "explode": True,
                         "schema": schema}
                    if m["doc"]:
                        p["description"] = m["doc"]
                    parameters.append(p)
        if http == "POST" and body is None:
            body = {"type": "object", "properties": {}, "additionalProperties": False}
        if parameters:
            op["parameters"] = parameters
        if body is not None:
            encoding = {k: {"style": "deepObject", "explode": True}
                        for k, v in sorted(body["properties"].items()) if is_object_like(v)}
            op["requestBody"] = {
                "content": {"application/x-www-form-urlencoded": {"schema": body, "encoding": encoding}},
                "required": bool(body.get("required")),
            }
        op["responses"] = {
            "200": {"description": "Successful response.",
                    "content": {"application/json": {"schema": self.response_schema(sig["ret"], cls, path, mtype)}}},
            "default": {"description": "Error response.",
                        "content": {"application/json": {"schema": ref("error")}}},
        }
        return op

    def response_schema(self, ret, cls, path, mtype):
        name = ret[1]
        if name == "ApiListPromise":
            item = self.convert(ret[2][0], cls["ns"], "response", None)
            return {
                "type": "object",
                "required": ["data", "has_more", "object", "url"],
                "properties": {
                    "data": {"type": "array", "items": item},
                    "has_more": {"type": "boolean"},
                    "object": {"type": "string", "enum": ["list"]},
                    "url": {"type": "string", "pattern": "^" + re.sub(r"\{\w+\}", "[^/]+", path)},
                },
            }
        if name == "ApiSearchResultPromise":
            # stripe-node's ApiSearchResult<T> (types/lib.d.ts); next_page is "set to a concrete string value" when
            # has_more, total_count "only present when expand contains total_count".
            item = self.convert(ret[2][0], cls["ns"], "response", None)
            return {
                "type": "object",
                "required": ["data", "has_more", "next_page", "object", "url"],
                "properties": {
                    "data": {"type": "array", "items": item},
                    "has_more": {"type": "boolean"},
                    "next_page": {"type": "string", "nullable": True},
                    "object": {"type": "string", "enum": ["search_result"]},
                    "total_count": {"type": "integer"},
                    "url": {"type": "string", "pattern": "^" + re.sub(r"\{\w+\}", "[^/]+", path)},
                },
            }
        if name == "Promise" and ret[2][0][1] == "Stripe.Response":
            return self.convert(ret[2][0][2][0], cls["ns"], "response", None)
        raise GenError(f"unsupported return type {ret!r} for {path}")

    def generate(self):
        paths = {}
        not_included = []
        for resource, wanted in SELECTION:
            for method, http, path, mtype, cls in self.sdk_methods(resource):
                key = f"{http} {path}"
                take = (mtype != "search" or key in SEARCH_INCLUDED) if wanted == "*" else key in wanted
                if not take:
                    not_included.append(key)
                    continue
                op = self.build_operation(method, http, path, mtype, cls)
                paths.setdefault(path, {})[http.lower()] = op
            if wanted != "*":
                known = {f"{h} {p}" for (_, h, p, _, _) in self.sdk_methods(resource)}
                missing = [w for w in wanted if w not in known]
                if missing:
                    raise GenError(f"{resource}: no SDK method for {missing}")
        self.build_errors()
        return {
            "openapi": "3.0.0",
            "info": {
                "title": "Stripe API - PaymentRecords subset (derived)",
                "version": API_VERSION,
                "description": (
                    "Subset of the Stripe API at version " + API_VERSION + " used by PaymentRecords: invoicing "
                    "(invoices, invoice items, credit notes, customers, invoice payments, payment records, "
                    "events) and billing (products, prices, payment methods, subscriptions, subscription items, "
                    "webhook endpoints, test clocks, credit grants, credit balances, meters, meter events, meter event adjustments, billing alerts, coupons). NOT "
                    "a byte copy of stripe/openapi spec3.json: generated by scripts/spec/generate.py from the "
                    "typings of the stripe npm package " + EXPECTED_PACKAGE_VERSION + " (types/**/*.d.ts, "
                    "cjs/resources/**/*.js), which Stripe generates from stripe/openapi tag "
                    + EXPECTED_OPENAPI_VERSION + ". See spec/README.md."),
                "x-derived-from": {
                    "repository": "stripe/stripe-node",
                    "tag": "v" + EXPECTED_PACKAGE_VERSION,
                    "openapi_tag": EXPECTED_OPENAPI_VERSION,
                    "api_version": API_VERSION,
                },
                "x-not-included-operations": not_included,
            },
            "servers": [{"url": "https://api.stripe.com/"}],
            "paths": {p: paths[p] for p in sorted(paths)},
            "components": {"schemas": {k: self.components[k] for k in sorted(self.components)}},
        }


def operation_id(http, path):
    segs = [s.strip("{}") for s in path.split("/")[2:] if s]
    return http.capitalize() + "".join("".join(w.capitalize() for w in re.split(r"[_.]", s)) for s in segs)


def expandable_paths(schema, prefix=""):
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.extend(expandable_in(prop, prefix + name))
    return out


def expandable_in(schema, path):
    if "x-expansionResources" in schema:
        return [path]
    if schema.get("type") == "array":
        return expandable_in(schema["items"], path)
    if "properties" in schema:
        return expandable_paths(schema, path + ".")
    return []


def check_package(stripe_dir):
    with open(os.path.join(stripe_dir, "package.json"), encoding="utf-8") as fh:
        version = json.load(fh)["version"]
    with open(os.path.join(stripe_dir, "OPENAPI_VERSION"), encoding="utf-8") as fh:
        openapi = fh.read().strip()
    if version != EXPECTED_PACKAGE_VERSION or openapi != EXPECTED_OPENAPI_VERSION:
        raise GenError(f"{stripe_dir}: stripe {version} / OPENAPI_VERSION {openapi}; expected "
                       f"{EXPECTED_PACKAGE_VERSION} / {EXPECTED_OPENAPI_VERSION} (run `npm ci` in tests/sdk-node)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stripe", default=DEFAULT_STRIPE, help="the installed stripe package directory")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output file")
    args = ap.parse_args()
    try:
        check_package(args.stripe)
        spec = Generator(args.stripe).generate()
    except (GenError, OSError, SyntaxError) as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 1
    text = json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    n_ops = sum(len(v) for v in spec["paths"].values())
    print(f"generate.py: wrote {os.path.relpath(args.out)}: {len(spec['paths'])} paths, {n_ops} operations, "
          f"{len(spec['components']['schemas'])} schemas", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
