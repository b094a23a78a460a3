"""Turn bench/run's JSON lines into the markdown report (stdout and --out).

Exit status 1 if any Trent run had a non-2xx response or a socket error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

from prepare import AUTHZ_SCENARIOS, ROTATION_SCENARIOS, SCENARIOS

TARGETS_AT = 32  # the targets are stated at 32 connections


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def keys(label: str) -> str:
    """'100000 keys' -> '100,000 keys'; other labels as they are."""
    first = label.split()[0]
    return f"{int(first):,} keys" if first.isdigit() else label


def machine() -> str:
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return f"`nproc` = {os.cpu_count() and sh('nproc')}, {model}, {mem / 1024:.0f} GiB RAM"


def binary(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def wrk_version() -> str:
    words = sh("wrk", "-v").split()
    return " ".join(words[:2]) if words else "wrk"


def fmt(v, digits=2):
    if v is None:
        return "—"
    if isinstance(v, float) and digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}" if isinstance(v, float) else f"{v:,}"


def pct(a, b):
    return f"{100 * a / b:.0f} %" if a is not None and b else "—"


def main() -> None:
    ap = argparse.ArgumentParser()
    for name in ("results", "out", "command", "date", "commit", "duration", "trent-bin", "elapsed", "load"):
        ap.add_argument(f"--{name}", required=True)
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(a.results)]
    runs = [r for r in rows if r["kind"] == "run"]
    done = [r for r in runs if "rps" in r]
    get = {(r["phase"], r["target"], r["scenario"], r["conns"]): r for r in done}
    skipped = {(r["target"], r["scenario"]): r["skipped"] for r in runs if "skipped" in r}
    startups = [r for r in rows if r["kind"] == "startup"]
    fills = [r for r in rows if r["kind"] == "fill"]
    conns_list = sorted({r["conns"] for r in done if r["phase"] == "main" and r["target"] == "trent"})
    moto_version = sh("python3", "-c", "import moto; print(moto.__version__)")
    elapsed = int(a.elapsed)

    others = sorted(r.get("other_cpu_cores", 0) for r in done if r["target"] == "trent")
    disturbed = sum(o > 0.2 for o in others)
    out = ["# Trent benchmark: latest run", ""]
    out += [f"- Machine: {machine()}; wrk and the server share these cores; "
            f"load average (1, 5, 15 min) at start / end: {a.load}",
            f"- Date: {a.date}; commit {a.commit}",
            f"- Command: `{a.command}` ({elapsed // 60} min {elapsed % 60} s in all); binary `{binary(a.trent_bin)}`",
            f"- Each run: {a.duration} s of `{wrk_version()}` (`-t1` at 1 connection, else `-t2`; "
            "`--timeout 10s`) replaying pre-signed requests; moto " + moto_version,
            f"- Other processes on the machine during the Trent runs: median {others[len(others) // 2] if others else 0:.2f} "
            f"cores, max {others[-1] if others else 0:.2f}; {disturbed} of {len(others)} runs had more than 0.2 cores taken by others",
            "- Latencies in ms. CPU: server utime+stime over the run ÷ wall time (cores) and ÷ requests (µs); "
            "wrk cores: the load generator's own CPU; other cores: everything else on the machine during the run "
            "(other processes such as builds; a run with other cores well above 0 was disturbed); RSS: the server's VmHWM (peak since it started) after the run.",
            ""]

    # --- targets
    def at(scenario, phase="main", target="trent", conns=TARGETS_AT):
        return get.get((phase, target, scenario, conns))

    checks = []
    floor = at("floor")
    for s in ("encrypt-1k", "decrypt-1k", "generate-data-key"):
        r = at(s)
        if r is None:
            checks.append((f"{SCENARIOS[s][0]} @32", "not run", False))
            continue
        ratio = r["rps"] / floor["rps"] if floor else None
        checks.append((f"{SCENARIOS[s][0]} @32 ≥ 20,000 req/s", fmt(r["rps"], 0), r["rps"] >= 20000))
        checks.append((f"{SCENARIOS[s][0]} @32 p99 ≤ 5 ms", fmt(r["p99_ms"]), r["p99_ms"] <= 5))
        checks.append((f"{SCENARIOS[s][0]} @32 ≥ 85 % of the floor", pct(r["rps"], floor and floor["rps"]),
                       ratio is not None and ratio >= 0.85))
    for s, goal in (("sign-ecdsa", 10000), ("sign-rsa", 2000), ("create-key", 1000)):
        r = at(s)
        if r is None:
            why = re.search(r"\w+Exception|HTTP \d+", skipped.get(("trent", s), "not run"))
            checks.append((f"{SCENARIOS[s][0]} @32 ≥ {goal:,} req/s", "skipped" + (f" ({why[0]})" if why else ""), None))
            continue
        checks.append((f"{SCENARIOS[s][0]} @32 ≥ {goal:,} req/s", fmt(r["rps"], 0), r["rps"] >= goal))
    phases = sorted({r["phase"] for r in done if r["phase"] != "main"}, key=lambda p: int(p.split()[0]))
    if len(phases) == 2:
        small, big = phases
        for s in ("scale-encrypt-1k", "scale-describe-key"):
            r0, r1 = at(s, small), at(s, big)
            if r0 and r1:
                checks.append((f"{SCENARIOS[s][0]}: req/s at {keys(big)} within 10 % of {keys(small)}",
                               pct(r1["rps"], r0["rps"]), r1["rps"] >= 0.9 * r0["rps"]))
                checks.append((f"{SCENARIOS[s][0]}: p99 at {keys(big)} within 10 % of {keys(small)}",
                               f"{fmt(r1['p99_ms'])} vs {fmt(r0['p99_ms'])} ms", r1["p99_ms"] <= 1.1 * r0["p99_ms"]))
    # Issue 11: material versions and last-use recording must keep 95 % of the plain runs.
    for s, base, target, base_target, what in (
        ("encrypt-1k-rotated", "encrypt-1k", "trent", "trent", "of Encrypt 1 KiB on a single-version key"),
        ("decrypt-1k-oldest", "decrypt-1k", "trent", "trent", "of Decrypt 1 KiB on a single-version key"),
        ("encrypt-1k", "encrypt-1k", "trent", "trent-untracked", "of Encrypt 1 KiB with last-use recording off"),
        ("decrypt-1k", "decrypt-1k", "trent", "trent-untracked", "of Decrypt 1 KiB with last-use recording off"),
        ("encrypt-1k", "encrypt-1k", "trent-postgres", "trent", "of Encrypt 1 KiB on SQLite (issue 10)"),
        ("decrypt-1k", "decrypt-1k", "trent-postgres", "trent", "of Decrypt 1 KiB on SQLite (issue 10)"),
    ):
        r, b = at(s, target=target), at(base, target=base_target)
        label = SCENARIOS[s][0] + (" (last-use recording on)" if base_target == "trent-untracked" else "") \
            + (" on PostgreSQL" if target == "trent-postgres" else "")
        if r and b:
            checks.append((f"{label} @32 ≥ 95 % {what}",
                           f"{fmt(r['rps'], 0)} vs {fmt(b['rps'], 0)} req/s ({pct(r['rps'], b['rps'])})",
                           r["rps"] >= 0.95 * b["rps"]))
        else:
            checks.append((f"{label} @32 ≥ 95 % {what}", "not run", None))
    pg_create, sqlite_create = at("create-key", target="trent-postgres"), at("create-key")
    if pg_create:
        checks.append(("CreateKey @32 on PostgreSQL (reported beside SQLite; no target)",
                       f"{fmt(pg_create['rps'], 0)} vs {fmt(sqlite_create['rps'], 0) if sqlite_create else '—'} req/s on SQLite", None))
    if startups:
        last = startups[-1]
        checks.append((f"start-up with {keys(last['label'])} ≤ 1 s", f"{last['ms']} ms", last["ms"] <= 1000))
        checks.append((f"RSS after start-up with {keys(last['label'])} ≤ 256 MB", f"{last['rss_kb'] / 1024:.0f} MB",
                       last["rss_kb"] <= 256 * 1024))
    out += ["## Targets (issues 4 and 11)", "", "| target | measured | met |", "|---|---:|:-:|"]
    out += [f"| {t} | {m} | {'—' if ok is None else 'yes' if ok else '**no**'} |" for t, m, ok in checks]

    # --- main table
    out += ["", "## Trent, its floor and moto, side by side", "",
            "| scenario | conns | Trent req/s | p50 | p90 | p99 | max | non-2xx | CPU cores | CPU µs/req "
            "| wrk cores | other cores | RSS MB | Trent/floor | moto req/s | moto p99 | Trent/moto |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for s in SCENARIOS:
        if s.startswith("scale-"):
            continue
        if ("trent", s) in skipped and not any(at(s, conns=c) for c in conns_list):
            out.append(f"| {SCENARIOS[s][0]} | | skipped: {skipped[('trent', s)]} |" + " |" * 14)
            continue
        for c in conns_list:
            r, f, m = at(s, conns=c), at("floor", conns=c), at(s, target="moto", conns=c)
            if r is None:
                continue
            errors = r["non2xx"] + r["socket_errors"]
            if s == "floor":
                moto_cells = ["", "", ""]
            elif m:
                moto_cells = [fmt(m["rps"], 0) + (f" ({m['non2xx'] + m['socket_errors']} errors)"
                                                  if m["non2xx"] + m["socket_errors"] else ""),
                              fmt(m["p99_ms"]), f"{r['rps'] / m['rps']:.1f}×" if m["rps"] else "—"]
            else:
                why = skipped.get(("moto", s))
                if why is None and s in AUTHZ_SCENARIOS:
                    why = "Trent only (moto evaluates no policies)"
                if why is None and s in ROTATION_SCENARIOS:
                    why = "Trent only (compared with its single-version runs)"
                moto_cells = ["n/a: " + why[:60] if why else "not run", "", ""]
            out.append("| " + " | ".join([
                SCENARIOS[s][0], str(c), fmt(r["rps"], 0), fmt(r["p50_ms"]), fmt(r["p90_ms"]), fmt(r["p99_ms"]),
                fmt(r["max_ms"]), f"**{errors}**" if errors else "0", fmt(r["cpu_cores"]), fmt(r["cpu_us_per_req"], 0),
                fmt(r.get("wrk_cpu_cores")), fmt(r.get("other_cpu_cores")), f"{r.get('VmHWM', 0) / 1024:.0f}", "" if s == "floor" else pct(r["rps"], f and f["rps"]),
                *moto_cells]) + " |")

    # --- scale
    if phases:
        out += ["", "## Scale (32 connections, requests spread over many key ids)", "",
                "| scenario | store | req/s | p50 | p90 | p99 | max | non-2xx | CPU cores | CPU µs/req | other cores "
                "| RSS MB | req/s vs 100 keys |",
                "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
        for s in ("scale-encrypt-1k", "scale-describe-key"):
            base = at(s, phases[0])
            for p in phases:
                r = at(s, p)
                if r:
                    errors = r["non2xx"] + r["socket_errors"]
                    out.append("| " + " | ".join([
                        SCENARIOS[s][0], keys(p), fmt(r["rps"], 0), fmt(r["p50_ms"]), fmt(r["p90_ms"]), fmt(r["p99_ms"]),
                        fmt(r["max_ms"]), f"**{errors}**" if errors else "0", fmt(r["cpu_cores"]),
                        fmt(r["cpu_us_per_req"], 0), fmt(r.get("other_cpu_cores")),
                        f"{r.get('VmHWM', 0) / 1024:.0f}", pct(r["rps"], base and base["rps"])]) + " |")
        out += ["", "| store fill | keys created | seconds | CreateKey/s | ListKeys count |", "|---|--:|--:|--:|--:|"]
        out += [f"| {f['from']:,} → {f['to']:,} keys | {f['created']:,} | {f['seconds']} | {fmt(f['per_second'], 0)} "
                f"| {f['listed']:,} |" for f in fills]
        out += ["", "| start-up (process start → /health 200) | ms | RSS after start-up MB |", "|---|--:|--:|"]
        out += [f"| {keys(s['label'])} | {s['ms']} | {s['rss_kb'] / 1024:.0f} |" for s in startups]

    notes = [f"- {t} {s}: {why}" for (t, s), why in sorted(skipped.items())]
    if notes:
        out += ["", "## Skipped", "", *notes]
    setups = [r for r in rows if r["kind"] == "setup" and r["target"] == "trent"]
    if setups:
        out += ["", "## Authorization set-up (Trent)", ""]
        for r in setups:
            out.append(f"- the grantee's Encrypt before the grant: {r.get('grantee_before_grant', '?')} "
                       "(a server that authorises answers AccessDeniedException)")
            out.append(f"- {r.get('grant_note', 'no grant')}")
        for r in (r for r in rows if r["kind"] == "decisions"):
            for s, d in sorted(r["decisions"].items()):
                out.append(f"- audit record of the last Encrypt of `{s}` ({d.get('user')}): "
                           f"{d.get('errorCode') or 'allowed'}; authorization: {json.dumps(d.get('authorization'))}")
    text = "\n".join(out) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    print(text)
    bad = [r for r in done if r["target"] == "trent" and r["non2xx"] + r["socket_errors"]]
    if bad:
        print(f"bench/run: {len(bad)} Trent runs had non-2xx responses or socket errors", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
