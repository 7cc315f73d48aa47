# SPDX-License-Identifier: MIT
"""What the Python tests share: a check counter that reports each failure, and the summary line
with the exit code."""
import sys


class Checks:
    """check = Checks("name"); check(cond, "what"); ...; check.done() exits 0, or 1 after a
    failure"""

    def __init__(self, name):
        self.name = name
        self.checks = 0
        self.failures = 0

    def __call__(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures += 1
            print(f"{self.name}: FAIL: {what}", file=sys.stderr, flush=True)
        return bool(cond)

    def done(self):
        print(f"{self.name}: {self.checks - self.failures} passed, {self.failures} failed")
        sys.exit(1 if self.failures else 0)
