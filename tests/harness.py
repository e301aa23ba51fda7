"""What the script-style tests share (tests/cli, tests/scan): the day every
answer is computed for, a way to run the CLI, and a record of checks that ends
in an exit code. Imported by path: sys.path gets tests/."""
import subprocess

# The day the answers are computed for, whatever day the tests run.
DAY = "2026-12-04"


def runner(pubplan, text=True):
    """A function that runs `pubplan ARGS...` and returns the CompletedProcess."""
    def run(*args, stdin=None, env=None, cwd=None):
        return subprocess.run([pubplan, *args], capture_output=True, text=text, input=stdin, env=env, cwd=cwd)
    return run


class Checks:
    """check(name, cond, detail): records a passed or failed check; returns cond."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    def __call__(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failures.append(f"{name}: {detail}")
        return cond

    def report(self):
        """Prints the tally and the failures; the exit code (a run that checked nothing fails)."""
        print(f"{self.passed} passed, {len(self.failures)} failed")
        for f in self.failures:
            print("FAIL", f)
        return 1 if self.failures or self.passed == 0 else 0
