#!/usr/bin/env python3
"""Runs the benchmark suite and writes benchmarks/results/latest.json.

usage: run.py [--full] [--build DIR] [--out FILE]

Each (scenario, N) is generated (benchmarks/generate.py, fixed seed), then measured by
build/bin/pubplan-bench: `pubplan solve FILE --format json` end to end and `pubplan validate
FILE` (parse-only floor), each in its own process with wall time and peak memory; the phases in
process; up to a cut-off N, the monolithic baseline (one Z3 solver for every package); and for
the enterprise scenario the ASP peer (benchmarks/asp_peer.py, clingo), facts generation included,
with its statuses compared with pubplan's.
--full adds the larger sizes (`make bench-full`).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (scenario, N) of `make bench`: a few minutes on 2 cores.
SUITE = [("enterprise", 1000), ("enterprise", 3000), ("enterprise", 10000),
         ("mixed", 1000), ("mixed", 10000),
         ("single-workflow", 1000), ("single-workflow", 10000), ("single-workflow", 30000),
         ("sdk", 300), ("adversarial", 100)]
FULL = [("enterprise", 30000), ("enterprise", 100000), ("mixed", 30000), ("mixed", 100000),
        ("single-workflow", 100000), ("adversarial", 300)]
# The two enterprise generators are compared with the ASP peer, and from
# 10,000 packages also timed with `--diagnose all` and with `--jobs 1`.
PEERED = ("enterprise", "mixed")
DEPTHS_FROM = 10000
# The monolithic baseline answers about one check per 0.1 s at 1,000 packages
# and grows faster than N: it runs to completion only up to these sizes; at
# 10,000 (bench-full) it is stopped after 300 s and the record says how many of
# its checks it made.
MONOLITHIC_MAX = {False: 300, True: 1000}
MONOLITHIC_LIMIT_SECONDS = 300
MONOLITHIC_EXTRA = {False: [("enterprise", 100), ("enterprise", 300)],
                    True: [("enterprise", 100), ("enterprise", 300), ("enterprise", 1000),
                           ("enterprise", 10000)]}


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem, "system": platform.platform()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "latest.json"))
    a = ap.parse_args()
    bench = os.path.join(a.build, "bin", "pubplan-bench")
    pubplan = os.path.join(a.build, "bin", "pubplan")
    work = os.path.join(a.build, "bench")
    os.makedirs(work, exist_ok=True)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)

    runs = SUITE + (FULL if a.full else [])
    monolithic = MONOLITHIC_EXTRA[a.full]
    plan = [(s, n, False) for s, n in runs] + [(s, n, True) for s, n in monolithic]
    records = []
    started = time.time()
    for scenario, n, with_monolithic in plan:
        path = os.path.join(work, f"{scenario}-{n}.json")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), scenario, str(n), "--seed", "1",
                        "-o", path], check=True)
        saved = os.path.join(work, f"{scenario}-{n}.out.json")
        args = [bench, path, "--pubplan", pubplan, "--scenario", scenario, "--n", str(n), "--save-json", saved]
        if scenario in PEERED and n >= DEPTHS_FROM and not with_monolithic:
            args += ["--depths", "--one-job"]
        if with_monolithic:
            args.append("--monolithic")
            if n > MONOLITHIC_MAX[a.full]:
                args += ["--monolithic-limit", str(MONOLITHIC_LIMIT_SECONDS)]
        print(f"bench: {scenario} N={n}{' with the monolithic baseline' if with_monolithic else ''}",
              file=sys.stderr, flush=True)
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            sys.exit(f"bench: pubplan-bench failed on {path}")
        record = json.loads(run.stdout)
        if scenario in PEERED and not with_monolithic:
            peer = subprocess.run([sys.executable, os.path.join(HERE, "asp_peer.py"), path, "--check", saved],
                                  capture_output=True, text=True)
            record["asp"] = json.loads(peer.stdout) if peer.returncode == 0 else {"error": peer.stderr[-500:]}
        os.remove(saved)
        print(f"  end to end {record['end_to_end']['seconds']:.2f} s, parse-only "
              f"{record['parse_only']['seconds']:.2f} s"
              + (f", --diagnose all {record['diagnose_all']['seconds']:.2f} s" if "diagnose_all" in record else "")
              + (f", --jobs 1 {record['end_to_end_one_job']['seconds']:.2f} s" if "end_to_end_one_job" in record
                 else "")
              + (f" (solving phases {record['solving_speedup']:.2f}x faster with both cores)"
                 if "solving_speedup" in record else "")
              + (f", monolithic {record['monolithic']['seconds']:.2f} s" if with_monolithic else "")
              + (f", ASP peer {record['asp'].get('seconds', float('nan')):.2f} s" if "asp" in record else ""),
              file=sys.stderr, flush=True)
        records.append(record)
    doc = {"machine": machine(), "command": "make bench-full" if a.full else "make bench",
           "monolithic_max_n": MONOLITHIC_MAX[a.full], "monolithic_limit_seconds": MONOLITHIC_LIMIT_SECONDS,
           "seconds": round(time.time() - started, 1),
           "runs": records}
    with open(a.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"bench: wrote {os.path.relpath(a.out, ROOT)} ({len(records)} runs, {doc['seconds']} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
