#!/usr/bin/env python3
"""Draws time against N (log-log) from benchmarks/results/latest.json into scaling.png.

usage: plot.py [RESULTS] [-o PNG]
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def series(runs, scenario, key):
    points = sorted((r["n"], key(r)) for r in runs if r["scenario"] == scenario and key(r) is not None)
    return [n for n, _ in points], [t for _, t in points]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="?", default=os.path.join(HERE, "results", "latest.json"))
    ap.add_argument("-o", dest="output", default=os.path.join(HERE, "results", "scaling.png"))
    a = ap.parse_args()
    with open(a.results) as f:
        doc = json.load(f)
    runs = doc["runs"]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    lines = [
        ("enterprise", lambda r: r["end_to_end"]["seconds"], "pubplan, enterprise (end to end)", "o-"),
        ("enterprise", lambda r: r["parse_only"]["seconds"], "parse-only floor, enterprise", "s--"),
        ("enterprise",
         lambda r: r["monolithic"]["seconds"] if "monolithic" in r and not r["monolithic"].get("stopped_at_limit")
         else None, "monolithic baseline, enterprise", "x:"),
        ("enterprise",
         lambda r: r["monolithic"]["seconds"] if "monolithic" in r and r["monolithic"].get("stopped_at_limit")
         else None, "monolithic, stopped at its time limit (a lower bound)", "x"),
        ("enterprise", lambda r: r["asp"].get("seconds") if "asp" in r else None,
         "ASP peer (clingo), enterprise", "d-."),
        ("single-workflow", lambda r: r["end_to_end"]["seconds"], "pubplan, single-workflow (end to end)", "^-"),
        ("single-workflow", lambda r: r["parse_only"]["seconds"], "parse-only floor, single-workflow", "v--"),
    ]
    for scenario, key, label, style in lines:
        xs, ys = series(runs, scenario, key)
        if xs:
            ax.plot(xs, ys, style, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("packages (N)")
    ax.set_ylabel("wall time (s)")
    m = doc.get("machine", {})
    ax.set_title(f"pubplan scaling ({doc.get('command', '')}; {m.get('cores', '?')} cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    fig.savefig(a.output, dpi=110)
    print(f"plot: wrote {a.output}")


if __name__ == "__main__":
    main()
