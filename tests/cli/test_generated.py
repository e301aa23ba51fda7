#!/usr/bin/env python3
"""The man page and the completions that `pubplan --generate KIND` writes: each
lists every command and option the parser takes (read from `pubplan help CMD`),
renders or loads without a warning, and completes what a user types.
usage: test_generated.py PUBPLAN"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness import Checks, runner  # noqa: E402

PUBPLAN = sys.argv[1]
ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()
run = runner(PUBPLAN)

COMMANDS = ["solve", "plan", "explain", "validate", "catalog", "graph", "scan", "help"]
version = run("--version").stdout.split()[1]


def options_of(command):
    """The option names of a command, as its help lists them."""
    names = set()
    for line in run("help", command).stdout.splitlines():
        m = re.match(r"  (-[-\w]+(?:,--[-\w]+)?)", line)
        if m:
            names.update(m.group(1).split(","))
    return names


OPTIONS = {c: options_of(c) for c in COMMANDS if c != "help"}
check("help lists options", len(OPTIONS["solve"]) > 10 and "--format" in OPTIONS["solve"], OPTIONS["solve"])

generated = {}
for kind in ("man", "complete-bash", "complete-zsh", "complete-fish"):
    r = run("--generate", kind)
    check(f"{kind} exits 0", r.returncode == 0 and r.stdout and not r.stderr, r.stderr)
    generated[kind] = r.stdout
r = run("--generate", "mna")
check("an unknown kind is a usage error with a suggestion",
      r.returncode == 2 and "did you mean 'man'?" in r.stderr and not r.stdout, r.stderr)

# The man page: groff finds nothing to warn about, and it says every command,
# option and exit code, and the version.
with tempfile.TemporaryDirectory() as tmp:
    page = pathlib.Path(tmp) / "pubplan.1"
    page.write_text(generated["man"])
    g = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
    check("groff renders the man page without warnings", g.returncode == 0 and not g.stderr, g.stderr)
    text = subprocess.run(["groff", "-man", "-Tascii", "-P-cbou", str(page)], capture_output=True,
                          text=True).stdout
text = re.sub(r"-\n\s+", "-", text)  # words hyphenated across lines
check("man: the version", f"pubplan {version}" in text, text[:400])
for command, names in OPTIONS.items():
    check(f"man: {command}", re.search(rf"^\s+{command} \[OPTIONS\]", text, re.M) is not None, command)
    section = text[text.find(f"   {command} [OPTIONS]"):]
    end = re.search(r"\n   \S", section[5:])
    section = section[:end.start() + 5] if end else section
    for name in names:
        check(f"man: {command} {name}", re.search(rf"(^|[ ,]){re.escape(name)}\b", section, re.M) is not None,
              section[:300])
for code in range(6):
    check(f"man: exit {code}", re.search(rf"^\s+{code}\s+\S", text[text.find("EXIT STATUS"):], re.M) is not None)
check("man: the defaults of pubplan::Options", "Default: 180" in text and "Default: 5." in text)

# bash: the completion function answers as a user would see it.
with tempfile.TemporaryDirectory() as tmp:
    script = pathlib.Path(tmp) / "pubplan.bash"
    script.write_text(generated["complete-bash"])
    driver = f"""source {script}
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); _pubplan; echo "${{COMPREPLY[*]}}"; }}
t pubplan so
t pubplan solve --fo
t pubplan solve --format ''
t pubplan solve --format = j
t pubplan graph --format ''
t pubplan scan --wh
t pubplan help pl
t pubplan solve --status nothing
t pubplan solve examples/acme.y
t pubplan --generate complete-
complete -p pubplan
"""
    b = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, cwd=ROOT)
    lines = b.stdout.splitlines()
    expected = ["solve", "--format", "text json markdown sarif codequality", "json", "dot svg", "--whole-org",
                "plan", "nothing-fits", "examples/acme.yaml", "complete-bash complete-zsh complete-fish"]
    check("bash runs", b.returncode == 0 and not b.stderr and len(lines) == len(expected) + 1, b.stderr + b.stdout)
    for want, got in zip(expected, lines):
        check(f"bash completes '{want}'", got == want, got)
    check("bash registers _pubplan", lines[-1:] == ["complete -o filenames -F _pubplan pubplan"], lines[-1:])
    # Every option of every command is offered after '-'.
    for command, names in OPTIONS.items():
        b = subprocess.run(["bash", "-c", driver.split("\nt pubplan so")[0] + f"\nt pubplan {command} -"],
                           capture_output=True, text=True)
        offered = set(b.stdout.split())
        check(f"bash offers every option of {command}", offered == names, sorted(offered ^ names))

# fish: `complete -C` answers as fish's own prompt would.
with tempfile.TemporaryDirectory() as tmp:
    script = pathlib.Path(tmp) / "pubplan.fish"
    script.write_text(generated["complete-fish"])
    n = subprocess.run(["fish", "--no-execute", str(script)], capture_output=True, text=True)
    check("fish parses the completions", n.returncode == 0 and not n.stderr, n.stderr)

    def fish(line):
        r = subprocess.run(["fish", "-c", f"source {script}; complete -C {line!r}"], capture_output=True, text=True,
                           cwd=ROOT)
        return [entry.split("\t")[0] for entry in r.stdout.splitlines()]

    check("fish: commands", "solve" in fish("pubplan so") and "scan" not in fish("pubplan so"), fish("pubplan so"))
    check("fish: formats", fish("pubplan solve --format ") == sorted("text json markdown sarif codequality".split()),
          fish("pubplan solve --format "))
    check("fish: files", fish("pubplan solve examples/acme.y") == ["examples/acme.yaml"], fish("pubplan solve examples/acme.y"))
    for command, names in OPTIONS.items():
        longs = {n for n in names if n.startswith("--")}
        offered = set(fish(f"pubplan {command} --"))
        check(f"fish offers every long option of {command}", offered == longs, sorted(offered ^ longs))

# zsh: parses, loads under compinit, and each command's branch names its options.
with tempfile.TemporaryDirectory() as tmp:
    script = pathlib.Path(tmp) / "_pubplan"
    script.write_text(generated["complete-zsh"])
    n = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True)
    check("zsh parses the completion", n.returncode == 0 and not n.stderr, n.stderr)
    z = subprocess.run(["zsh", "-f", "-c", f"fpath=({tmp} $fpath); autoload -U compinit; compinit -u -D; "
                                           "autoload -U _pubplan; echo ${_comps[pubplan]}"],
                       capture_output=True, text=True, env={**os.environ, "HOME": tmp})
    check("zsh registers _pubplan for pubplan", z.stdout.strip() == "_pubplan", z.stdout + z.stderr)
    body = generated["complete-zsh"]
    for command, names in OPTIONS.items():
        branch = body[body.find(f"        {command})"):]
        branch = branch[:branch.find(";;")]
        for name in names:
            check(f"zsh: {command} {name}", re.search(rf"'[*(]?[^']*?{re.escape(name)}[=+\[]", branch) is not None,
                  branch[:200])

sys.exit(check.report())
