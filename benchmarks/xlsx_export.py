"""Benchmark of XLSX export memory (issue 9): the dashboards' exporter
(dealership.dashboard.exports.xlsx_response, openpyxl write-only mode into a
temporary file) against a plain in-memory openpyxl workbook, for growing row
counts. Each export runs in a fresh process; the figure is the peak resident memory
the export added (the rows come from a generator, so it is the exporter's own).

A bounded exporter shows the same peak for 10,000 and 200,000 rows; the
in-memory workbook grows with the rows.

    python -m benchmarks.xlsx_export
    python -m benchmarks xlsx_export -- --rows 10000 50000 200000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

COLUMNS = 12


def rows(count: int) -> Iterator[list]:
    start = datetime(2026, 1, 1, 9, 0)
    for i in range(count):
        yield [
            i,
            f"客户{i:06d}",
            f"139{i:08d}",
            "雅阁",
            "白",
            "walk_in",
            start + timedelta(minutes=i),
            Decimal("159800.00") + i,
            "A",
            "刘晓明",
            "已成交" if i % 7 == 0 else "跟进中",
            "备注" * (i % 5),
        ]


def bounded_export(count: int) -> int:
    from dealership.dashboard.exports import Table, xlsx_response

    header = [f"列{n}" for n in range(COLUMNS)]
    response = xlsx_response("bench", [Table(title="明细", header=header, rows=rows(count))])
    handle = response.file_to_stream
    size = os.fstat(handle.fileno()).st_size
    response.close()
    return size


def in_memory_export(count: int) -> int:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([f"列{n}" for n in range(COLUMNS)])
    for row in rows(count):
        sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        return handle.tell()


def measure(mode: str, count: int) -> tuple[float, float, int]:
    """(peak MiB added, seconds, file bytes) of one export, in a fresh process
    so that each figure is that export's own high-water mark of memory."""
    command = [sys.executable, "-m", "benchmarks.xlsx_export", "--one", mode, str(count)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    peak, seconds, size = output.split()
    return float(peak), float(seconds), int(size)


def one(mode: str, count: int) -> None:
    """Child process: export once; print the peak resident memory added by
    the export (ru_maxrss after minus the resident size before), seconds, bytes."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealership.test_settings")
    import django

    django.setup()
    import openpyxl  # noqa: F401  (imported before the baseline is read)

    before = _resident_kib()
    started = time.perf_counter()
    size = {"exporter": bounded_export, "in-memory": in_memory_export}[mode](count)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"{(peak - before) / 1024:.1f} {seconds:.2f} {size}")


def _resident_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.xlsx_export")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--one", nargs=2, metavar=("MODE", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--skip-in-memory", action="store_true", help="only the exporter (the baseline is slow)"
    )
    args, _unknown = parser.parse_known_args(argv or [])
    if args.one:
        one(args.one[0], int(args.one[1]))
        return
    print(f"{'rows':>8}  {'exporter':>20}  {'in-memory workbook':>20}")
    for count in args.rows:
        peak, seconds, size = measure("exporter", count)
        line = f"{count:>8}  {peak:7.1f} MiB {seconds:6.1f} s  "
        if not args.skip_in_memory:
            base_peak, base_seconds, _size = measure("in-memory", count)
            line += f"{base_peak:7.1f} MiB {base_seconds:6.1f} s"
        print(line + f"   ({size / 2**20:.1f} MiB file)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
