#!/usr/bin/env python3
"""The progress line: on a terminal (a pseudo-terminal here) standard error shows
the stage and packages answered, redrawn in place and erased before the report;
off a terminal, with --quiet or with TERM=dumb, nothing. The report is the same
either way. usage: test_progress.py PUBPLAN"""
import os
import pathlib
import pty
import re
import select
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import DAY, Checks, runner  # noqa: E402

PUBPLAN = sys.argv[1]
ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()
run = runner(PUBPLAN)


def with_terminal_stderr(args, env=None):
    """Runs pubplan with standard error on a pseudo-terminal; (exit, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([PUBPLAN, *args], stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
                            env={**os.environ, "TERM": "xterm", **(env or {})})
    os.close(slave)
    seen, out = b"", b""
    # Both streams at once: a report larger than a pipe's buffer would block it.
    streams = {master, proc.stdout.fileno()}
    while streams:
        ready, _, _ = select.select(list(streams), [], [], 0.05)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal closed: the process is gone
                chunk = b""
            if not chunk:
                streams.discard(fd)
            elif fd == master:
                seen += chunk
            else:
                out += chunk
    proc.wait()
    os.close(master)
    return proc.returncode, out, seen.decode("utf-8", "replace")


with tempfile.TemporaryDirectory() as tmp:
    topology = pathlib.Path(tmp) / "enterprise.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "enterprise", "600",
                    "--format", "json", "-o", str(topology)], check=True)
    args = ["solve", str(topology), "--as-of", DAY, "--format", "json", "--jobs", "1"]
    plain = run(*args)
    check("off a terminal: no progress", plain.stderr == "" and plain.returncode in (0, 1, 3), plain.stderr[:300])

    code, out, terminal = with_terminal_stderr(args)
    check("on a terminal: the same exit code and report", code == plain.returncode and out.decode() == plain.stdout,
          f"exit {code} vs {plain.returncode}")
    check("on a terminal: the file being read", f"pubplan: reading {topology}" in terminal, terminal[:300])
    stages = re.findall(r"pubplan: (solve|ahead \d{4}-\d\d-\d\d|token budget) ([\d,]+)/([\d,]+) packages", terminal)
    check("on a terminal: the solve stage, counted up to every package",
          ("solve", "600", "600") in stages and ("solve", "0", "600") in stages, stages[:10])
    check("on a terminal: a stage per day ahead", any(s[0].startswith("ahead ") for s in stages), stages[:10])
    counts = [int(done.replace(",", "")) for stage, done, _ in stages if stage == "solve"]
    check("on a terminal: the count only grows", counts == sorted(counts), counts)
    check("on a terminal: redrawn in place and erased at the end",
          "\r" in terminal and terminal.endswith("\r\x1b[K"), repr(terminal[-80:]))

    for name, extra, env in (("--quiet", ["--quiet"], None), ("-q", ["-q"], None), ("TERM=dumb", [], {"TERM": "dumb"})):
        code, out, terminal = with_terminal_stderr(args + extra, env)
        check(f"{name}: no progress on a terminal", terminal == "" and code == plain.returncode, repr(terminal[:200]))

    # The other commands that solve show it too, and take --quiet.
    for command in (["plan", str(topology)], ["graph", str(topology)],
                    ["explain", str(topology), "@org0/pkg0"]):
        code, out, terminal = with_terminal_stderr(command + ["--as-of", DAY])
        check(f"{command[0]}: progress on a terminal", "pubplan: solve " in terminal and terminal.endswith("\r\x1b[K"),
              repr(terminal[:200]))
        code, out, terminal = with_terminal_stderr(command + ["--as-of", DAY, "--quiet"])
        check(f"{command[0]} --quiet: none", terminal == "", repr(terminal[:200]))

    # An error after the line was drawn: the line is erased and the error stands alone.
    broken = pathlib.Path(tmp) / "broken.yaml"
    broken.write_text("version: 1\nbogus: 1\n")
    code, out, terminal = with_terminal_stderr(["solve", str(broken)])
    check("an input error on a terminal", code == 2 and re.search(r"\r\x1b\[K" + re.escape(str(broken)) + r":2:1: error:",
                                                                  terminal) is not None, repr(terminal[:300]))

sys.exit(check.report())
