"""Repeat each test stage's outcome at the end of `make test`, so the last lines of a CI log say what failed.

Reads the JUnit XML files pytest wrote (``--junitxml``); a stage whose file is missing did not run or
crashed before writing it. Prints one line per stage and the ids of failed tests with the first line
of their message. Always exits 0: `make test` keeps its own exit status.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree  # nosec B405 - our own pytest's output, not untrusted input
from pathlib import Path

SHOWN = 25


def stage(path: Path) -> list[str]:
    label = path.stem.removeprefix("junit-")
    if not path.exists():
        return [f"{label}: no result (the stage did not run or stopped before writing {path})"]
    root = ElementTree.parse(path).getroot()  # nosec B314
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        return [f"{label}: unreadable result in {path}"]
    counts = {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")}
    passed = counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"]
    lines = [
        f"{label}: {passed} passed, {counts['failures']} failed, {counts['errors']} errors, "
        f"{counts['skipped']} skipped in {float(suite.get('time', '0')):.0f} s"
    ]
    bad = []
    for case in suite.iter("testcase"):
        for kind in ("failure", "error"):
            found = case.find(kind)
            if found is not None:
                message = (found.get("message") or "").strip().splitlines()
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                bad.append(f"  {kind.upper()} {name}: {message[0][:200] if message else ''}")
    lines += bad[:SHOWN]
    if len(bad) > SHOWN:
        lines.append(f"  … and {len(bad) - SHOWN} more")
    return lines


def main(paths: list[str]) -> int:
    for path in paths:
        print("\n".join(stage(Path(path))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
