"""Run every benchmark module: `python -m benchmarks [module ...]`.
Arguments after `--` go to each module's main (e.g. `-- --customers 20000`)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path


def modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def run(argv: list[str]) -> int:
    names, _sep, rest = (
        (argv[: argv.index("--")], "--", argv[argv.index("--") + 1 :])
        if "--" in argv
        else (argv, "", [])
    )
    if len(names) == 1:
        print(f"== benchmarks.{names[0]}", flush=True)
        importlib.import_module(f"benchmarks.{names[0]}").main(rest)
        return 0
    # Each benchmark in a process of its own: each sets up Django on its own
    # database, which a second one in the same process would not get.
    failed = 0
    for name in names or modules():
        command = [sys.executable, "-m", "benchmarks", name, *(["--", *rest] if rest else [])]
        failed |= subprocess.run(command).returncode != 0
    return int(failed)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
