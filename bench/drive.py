"""Run scenarios against one server with wrk and record one JSON line per run.

    drive.py --target trent --endpoint URL --pid PID --state FILE --scenarios a,b
             --conns 1,8,32,128 --duration 10 --results FILE --raw-dir DIR --tag full

For each scenario: sign a fresh pool of distinct requests, send the first one with
Python as a sanity check (its error is recorded if it fails), then for each
connection count run wrk (bench/pool.lua) and read the server's CPU time and RSS
from /proc before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import time

import kms
import prepare

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")
RESIGN_AFTER = 10 * 60  # SigV4 allows ±15 min of skew; re-sign well before that


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (all threads)


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine spent, from the first line of /proc/stat."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / TICK


def memory_kb(pid: int) -> dict:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmHWM:", "VmRSS:")):
                out[line.split(":")[0]] = int(line.split()[1])
    return out


def run_wrk(a, pool_file: str, conns: int, raw_path: str) -> dict:
    threads = 1 if conns == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{a.duration}s", "--timeout", "10s", "--latency",
           "-s", os.path.join(HERE, "pool.lua"), a.endpoint + "/", "--", pool_file]
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, busy0, t0 = cpu_seconds(a.pid), machine_busy_seconds(), time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=a.duration + 60)
    except subprocess.TimeoutExpired:
        proc.kill()  # by its PID (Popen), bounded run
        out, _ = proc.communicate()
    wall, cpu1, busy1 = time.monotonic() - t0, cpu_seconds(a.pid), machine_busy_seconds()
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = sum(getattr(children1, f) - getattr(children0, f) for f in ("ru_utime", "ru_stime"))
    text = out.decode(errors="replace")
    with open(raw_path, "w") as f:
        f.write(" ".join(cmd) + "\n" + text)
    line = next((l for l in text.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed (rc {proc.returncode}), see {raw_path}:\n{text[-800:]}")
    r = json.loads(line[len("BENCH_JSON "):])
    secs = r["duration_us"] / 1e6
    cpu = cpu1 - cpu0
    return {
        "threads": threads, "requests": r["requests"], "seconds": round(secs, 2),
        "rps": round(r["requests"] / secs, 1), "non2xx": r["non2xx"],
        "socket_errors": r["connect"] + r["read"] + r["write"] + r["timeout"],
        **{k.replace("_us", "_ms"): r[k] / 1000 for k in ("p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us")},
        "cpu_cores": round(cpu / wall, 2),
        "cpu_us_per_req": round(cpu / r["requests"] * 1e6, 1) if r["requests"] else None,
        "wrk_cpu_cores": round(wrk_cpu / wall, 2),
        "other_cpu_cores": round(max(0.0, busy1 - busy0 - cpu - wrk_cpu) / wall, 2),
        **{k: v for k, v in memory_kb(a.pid).items()},
        "raw": os.path.basename(raw_path),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    for name in ("target", "endpoint", "state", "scenarios", "results", "raw-dir", "tag"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--conns", default="1,8,32,128")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--pool", type=int, default=int(os.environ.get("BENCH_POOL", "400")))
    ap.add_argument("--spread", type=int, default=0, help="scale scenarios: key ids to spread over")
    ap.add_argument("--phase", default="main")
    a = ap.parse_args()
    with open(a.state) as f:
        state = json.load(f)
    if a.spread:
        keys = state["all_keys"]
        state["spread"] = random.Random(7).sample(keys, min(a.spread, len(keys)))
    pool_size = max(a.pool, a.spread)
    work = os.path.dirname(os.path.abspath(a.state))
    results = open(a.results, "a")

    def record(scenario, conns, **fields):
        row = {"kind": "run", "phase": a.phase, "target": a.target, "scenario": scenario,
               "label": prepare.SCENARIOS[scenario][0], "conns": conns, **fields}
        results.write(json.dumps(row) + "\n")
        results.flush()
        return row

    for scenario in a.scenarios.split(","):
        need = prepare.SCENARIOS[scenario][1]
        if need not in state:
            why = state["skipped"].get(need, f"no {need}")
            print(f"  {a.target} {scenario}: skipped ({why})")
            record(scenario, None, skipped=why)
            continue
        pool_file, signed_at = os.path.join(work, f"pool-{a.target}-{scenario}.bin"), 0.0
        for conns in map(int, a.conns.split(",")):
            if time.time() - signed_at + a.duration > RESIGN_AFTER:
                reqs = prepare.pool(scenario, state, a.endpoint, pool_size)
                signed_at = time.time()
                status, body = kms.send_raw(a.endpoint, reqs[0])
                if status != 200:
                    why = prepare.one_line(f"HTTP {status}: {body[:400].decode(errors='replace')}")
                    print(f"  {a.target} {scenario}: failed sanity request ({why})")
                    record(scenario, None, skipped=why)
                    break
                kms.write_pool(pool_file, reqs)
            raw = os.path.join(a.raw_dir, f"{a.tag}-{a.phase.replace(' ', '')}-{a.target}-{scenario}-c{conns}.raw")
            row = record(scenario, conns, **run_wrk(a, pool_file, conns, raw))
            flag = "" if row["non2xx"] == 0 and row["socket_errors"] == 0 else \
                f"  !! non-2xx {row['non2xx']}, socket errors {row['socket_errors']}"
            print(f"  {a.target:5} {scenario:18} c={conns:<3} {row['rps']:>9.0f} req/s  "
                  f"p50 {row['p50_ms']:.2f} p99 {row['p99_ms']:.2f} ms  cpu {row['cpu_cores']:.2f}{flag}", flush=True)


if __name__ == "__main__":
    main()
