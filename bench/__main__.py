"""Run every benchmark module in this folder and write bench/RESULTS.md.

A benchmark module has a ``run() -> str`` function returning a Markdown section.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    sections = []
    for module_info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if module_info.name.startswith("_") or (wanted and module_info.name not in wanted):
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        if hasattr(module, "run"):
            print(f"running bench.{module_info.name} …", flush=True)
            sections.append(module.run())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# Benchmark results\n\nWritten by `make bench` (`python -m bench`) on {stamp}.\n\n"
        + "\n\n".join(sections)
        + "\n"
    )
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
