"""Before/after table from bench/run's JSON lines (bench/results/<tag>.jsonl).

    compare.py --before a.jsonl [b.jsonl ...] --after c.jsonl [d.jsonl ...] [--out FILE]

Each file is one bench/run of one binary (BENCH_PARTS=trent); with several files per side
(rounds run alternately, before/after/before/after...) every cell is the median of the
rounds and the per-round req/s are listed too. Only Trent's main-phase runs are read.
"""

from __future__ import annotations

import argparse
import json
import statistics

from prepare import SCENARIOS


def load(path: str) -> dict:
    runs = {}
    for line in open(path):
        r = json.loads(line)
        if r["kind"] == "run" and r["target"] == "trent" and r["phase"] == "main" and "rps" in r:
            runs[(r["scenario"], r["conns"])] = r
    return runs


def med(rows: list[dict], field: str):
    vals = [r[field] for r in rows if r.get(field) is not None]
    return statistics.median(vals) if vals else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", nargs="+", required=True)
    ap.add_argument("--after", nargs="+", required=True)
    ap.add_argument("--out")
    a = ap.parse_args()
    before, after = [load(p) for p in a.before], [load(p) for p in a.after]
    keys = [k for k in sorted({k for side in before + after for k in side},
                              key=lambda k: (list(SCENARIOS).index(k[0]), k[1]))]
    rounds = len(a.before) > 1 or len(a.after) > 1
    head = ["scenario", "conns", "before req/s", "after req/s", "after/before",
            "before p99 ms", "after p99 ms", "before µs/req", "after µs/req", "errors (before/after)",
            "other cores, max"]
    if rounds:
        head += ["before req/s per round", "after req/s per round"]
    out = ["| " + " | ".join(head) + " |", "|---|--:|" + "--:|" * (len(head) - 2)]
    for s, c in keys:
        b = [side[(s, c)] for side in before if (s, c) in side]
        f = [side[(s, c)] for side in after if (s, c) in side]
        rb, ra = med(b, "rps"), med(f, "rps")
        errors = lambda rows: sum(r["non2xx"] + r["socket_errors"] for r in rows)  # noqa: E731
        cells = [SCENARIOS[s][0], str(c),
                 f"{rb:,.0f}" if rb else "—", f"{ra:,.0f}" if ra else "—",
                 f"{100 * ra / rb:.0f} %" if ra and rb else "—",
                 *(f"{v:.2f}" if v is not None else "—" for v in (med(b, "p99_ms"), med(f, "p99_ms"))),
                 *(f"{v:.0f}" if v is not None else "—" for v in (med(b, "cpu_us_per_req"), med(f, "cpu_us_per_req"))),
                 f"{errors(b)} / {errors(f)}",
                 f"{max(r.get('other_cpu_cores', 0) for r in b + f):.2f}"]
        if rounds:
            cells += [", ".join(f"{r['rps']:,.0f}" for r in b), ", ".join(f"{r['rps']:,.0f}" for r in f)]
        out.append("| " + " | ".join(cells) + " |")
    text = "\n".join(out) + "\n"
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)
    print(text)


if __name__ == "__main__":
    main()
