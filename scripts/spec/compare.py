#!/usr/bin/env python3
"""Compare a generated spec with a reference spec, operation by operation and schema by schema.

Usage:
    python3 scripts/spec/compare.py GENERATED REFERENCE [--max N] [--info]

Every operation (path + method) and every component schema of REFERENCE is looked up in GENERATED and
compared as JSON values: object key order is ignored, array order is not. Differences are printed per
operation / per schema as JSON-pointer-like locations (at most N per item, default 20). Operations and
schemas that GENERATED has beyond REFERENCE are counted, not diffed. --info also compares the `info`
block. The last line is a summary; the exit code is 0 when nothing of REFERENCE differs.
Python 3 standard library only.
"""

import argparse
import json
import sys

METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def short(v, width=100):
    s = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return s if len(s) <= width else s[:width - 3] + "..."


def diff(a, b, loc, out):
    """Appends (location, generated, reference) for every difference between a (generated) and b."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            sub = f"{loc}/{k}"
            if k not in a:
                out.append((sub, "<absent>", short(b[k])))
            elif k not in b:
                out.append((sub, short(a[k]), "<absent>"))
            else:
                diff(a[k], b[k], sub, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b) and all(not isinstance(x, (dict, list)) for x in a + b):
            extra = [x for x in a if x not in b]
            missing = [x for x in b if x not in a]
            out.append((loc, f"{len(a)} items, +{short(extra)}", f"{len(b)} items, +{short(missing)}"))
            return
        for i in range(max(len(a), len(b))):
            sub = f"{loc}/{i}"
            if i >= len(a):
                out.append((sub, "<absent>", short(b[i])))
            elif i >= len(b):
                out.append((sub, short(a[i]), "<absent>"))
            else:
                diff(a[i], b[i], sub, out)
    elif a != b or type(a) is not type(b):
        out.append((loc, short(a), short(b)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("generated")
    ap.add_argument("reference")
    ap.add_argument("--max", type=int, default=20, help="differences shown per operation or schema")
    ap.add_argument("--info", action="store_true", help="also compare the info block")
    args = ap.parse_args()
    with open(args.generated, encoding="utf-8") as fh:
        gen = json.load(fh)
    with open(args.reference, encoding="utf-8") as fh:
        ref = json.load(fh)

    items_total = items_differing = diff_total = 0

    def report(label, a, b):
        nonlocal items_total, items_differing, diff_total
        items_total += 1
        out = []
        if a is None:
            out.append(("", "<absent>", "present"))
        else:
            diff(a, b, "", out)
        if out:
            items_differing += 1
            diff_total += len(out)
            print(f"DIFF {label}: {len(out)} difference(s)")
            for loc, g, r in out[:args.max]:
                print(f"    {loc or '/'}\n        generated: {g}\n        reference: {r}")
            if len(out) > args.max:
                print(f"    ... {len(out) - args.max} more")

    ref_ops = [(p, m) for p in ref.get("paths", {}) for m in ref["paths"][p] if m in METHODS]
    gen_ops = {(p, m) for p in gen.get("paths", {}) for m in gen["paths"][p] if m in METHODS}
    for p, m in ref_ops:
        report(f"operation {m.upper()} {p}", gen.get("paths", {}).get(p, {}).get(m), ref["paths"][p][m])
    ref_schemas = ref.get("components", {}).get("schemas", {})
    gen_schemas = gen.get("components", {}).get("schemas", {})
    for name in ref_schemas:
        report(f"schema {name}", gen_schemas.get(name), ref_schemas[name])
    for key in ("openapi", "servers") + (("info",) if args.info else ()):
        report(key, gen.get(key), ref.get(key))

    extra_ops = len(gen_ops - set(ref_ops))
    extra_schemas = len(set(gen_schemas) - set(ref_schemas))
    ref_paths = len(ref.get("paths", {}))
    print(f"SUMMARY: {len(ref_ops)} reference operations ({ref_paths} paths), {len(ref_schemas)} reference schemas; "
          f"{items_differing} of {items_total} compared items differ ({diff_total} differences); "
          f"generated has {extra_ops} more operations and {extra_schemas} more schemas")
    return 1 if items_differing else 0


if __name__ == "__main__":
    sys.exit(main())
