"""docs/python.md: its script is examples/python/nothing_fits.py, and running it
prints what the page shows."""

import os
import re
import subprocess
import sys

from conftest import ROOT

SECTION = (ROOT / "docs" / "python.md").read_text()


def test_readme_script_is_the_example_file():
    script = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
    example = (ROOT / "examples" / "python" / "nothing_fits.py").read_text()
    assert example.endswith(script)


def test_readme_shows_the_script_output():
    shown = re.search(r"\$ PYTHONPATH=build/python /usr/bin/python3 examples/python/nothing_fits.py\n(.*?)```",
                      SECTION, re.S).group(1)
    run = subprocess.run([sys.executable, "examples/python/nothing_fits.py"], capture_output=True, text=True,
                         env=dict(os.environ), check=True)
    assert run.stdout == shown
    assert "cheapest repair (cost 2)" in run.stdout


def test_readme_acceptance_one_liner():
    line = re.search(r'PYTHONPATH=build/python /usr/bin/python3 -c "(.*?)"\n', SECTION).group(1)
    run = subprocess.run([sys.executable, "-c", line], capture_output=True, text=True, check=True)
    assert "('@acme/legacy-sdk', None)" in run.stdout
