"""Benchmark of the county exchange: export and import throughput, against a plain file copy of the
same bytes, and peak memory at two sizes; prints one table.

    .venv/bin/python bench/bench_exchange.py [--cases 100000] [--small 10000] [--pages 1000] [--work DIR]
                                             [--target DIR]

Three hall stores, made once and kept in ``--work``: ``--small`` and ``--cases`` cases from the
store's sample generator (records only: case rows, applications, decisions, audit), and one with
``--pages`` scanned pages of about 250 KB (what a real week's bundle mostly carries). Each is
copied, exported to a folder standing in for the USB stick, and imported into a fresh county
store, each step in a child process that reports its wall time (module imports included), CPU time
and peak resident memory (``ru_maxrss``; "worker MB" is the largest worker process an import
started, 0 when it checked everything itself).

The plain copy is what the issue compares with: the bundle file copied to where the step puts it,
and flushed to disk (``fsync``, as the export's own copy step does) — for the export from the
local disk (``--work``) to the "USB stick", for the import from the stick to the local disk where
the county's store lives; the median of three copies each way. Both the steps and the copies read
a file that was just written, so all of them find it in the page cache: on this kind of machine a
copy then runs at one to two gigabytes a second, and "÷ copy" (the copy's time over the step's:
1.0 is as fast as a copy) measures the step against memory speed more than against a USB stick.
A record bundle is dense (some 430 bytes per case), so no import that checks every record against
its models can come near a third of that; ``--target`` on a real stick (tens of megabytes a
second) shows the ratio a clerk sees. Goals: ≥ 10,000 cases/s each way; each way at least a third
of the plain copy's speed; peak memory flat between the sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from intake.evaluation import Evaluator
from intake.store import Actor, Store
from intake.store.sample import fill

BENCH = Actor("bench")
HALL = "350502001"

CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from intake.store import Actor, Store
step, db, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with Store.open(db) as store:
    wall, cpu = time.perf_counter(), time.process_time()
    if step == "export":
        from intake.exchange.export import export_bundles
        result = export_bundles(store, target, Actor("bench"))
        out = {"cases": result.cases, "bundle": str(result.bundles[0])}
    else:
        from intake.exchange.importer import import_bundles
        result = import_bundles(store, sorted(target.glob("*.hukou")), Actor("bench"))
        out = {"cases": result.cases}
    out["wall"], out["cpu"] = time.perf_counter() - wall, time.process_time() - cpu
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(out))
"""


def _progress(done: int, total: int, message: str) -> None:
    sys.stderr.write(f"\r{message}（{done * 100 // max(total, 1)}%）")
    sys.stderr.flush()


def hall_store(work: Path, cases: int) -> Path:
    """A hall store with ``cases`` sample cases, made once and kept."""
    path = work / f"hall-{cases}.db"
    with Store.open(path) as store:
        if store.settings.hall_township() is None:
            store.settings.set_hall_township(HALL, BENCH)
        (have,) = store.conn.execute("SELECT count(*) FROM cases").fetchone()
        if have < cases:
            fill(store, cases - have, Evaluator.load(), BENCH, seed=have, progress=_progress)
            sys.stderr.write("\n")
    return path


def pages_store(work: Path, pages: int) -> Path:
    """A hall store whose open cases carry ``pages`` scanned pages of noise (incompressible, like
    JPEG scans), one each."""
    import io

    from PIL import Image

    path = work / f"hall-pages-{pages}.db"
    with Store.open(path) as store:
        if store.settings.hall_township() is None:
            store.settings.set_hall_township(HALL, BENCH)
            fill(store, 2 * pages, Evaluator.load(), BENCH, seed=7)  # about half end up open to pages
        (have,) = store.conn.execute("SELECT count(*) FROM pages").fetchone()
        open_cases = [r[0] for r in store.conn.execute(
            "SELECT number FROM cases WHERE state IN ('draft', 'evaluated', 'consented') ORDER BY id")]
        for i, number in enumerate(open_cases[have:pages], start=have + 1):
            out = io.BytesIO()
            Image.frombytes("RGB", (300, 400), os.urandom(300 * 400 * 3)).save(out, format="JPEG", quality=85)
            store.pages.attach_bytes(number, 0, [("scan.jpg", out.getvalue())], BENCH)
            if i % 100 == 0:
                _progress(i, pages, "正在生成扫描页")
        sys.stderr.write("\n")
    return path


def child(step: str, db: Path, target: Path, data: Path) -> dict[str, Any]:
    env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
    run = subprocess.run([sys.executable, "-c", CHILD, step, str(db), str(target)], env=env,
                         capture_output=True, text=True, encoding="utf-8")
    if run.returncode != 0:
        raise SystemExit(f"{step} failed: {run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def keys(root: Path) -> tuple[Path, Path]:
    """A county and a hall installation that trust each other."""
    county, hall = root / "county-data", root / "hall-data"
    for data, args in ((county, ["init", "--county"]), (hall, ["init"])):
        env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
        subprocess.run([sys.executable, "-m", "intake.cli.main", "keys", *args], env=env, check=True, capture_output=True)
    for data, other, out in ((county, hall, "county.pub"), (hall, county, "hall.pub")):
        env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
        subprocess.run([sys.executable, "-m", "intake.cli.main", "keys", "export-public", "--out", str(root / out)],
                       env=env, check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "intake.cli.main", "keys", "trust", str(root / out)],
                       env={**os.environ, "INTAKE_DATA_DIR": str(other)}, check=True, capture_output=True)
    return county, hall


def plain_copy(source: Path, folder: Path) -> float:
    """Seconds to copy ``source`` into ``folder`` and flush it to disk (the median of three)."""
    times = []
    for i in range(3):
        dest = folder / f"copy-{i}{source.suffix}"
        start = time.perf_counter()
        with source.open("rb") as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        times.append(time.perf_counter() - start)
        dest.unlink()
    return sorted(times)[1]


def measure(source: Path, cases: int, target: Path | None) -> dict[str, Any]:
    work = source.parent
    with tempfile.TemporaryDirectory(dir=work) as tmp, tempfile.TemporaryDirectory(dir=target or work) as stick:
        root = Path(tmp)
        county_data, hall_data = keys(root)
        db = root / "hall.db"
        shutil.copy(source, db)
        usb, to_stick, from_stick = Path(stick) / "usb", Path(stick) / "copies", root / "copies"
        for folder in (usb, to_stick, from_stick):
            folder.mkdir()
        sys.stderr.write(f"导出 {cases} 件…\n")
        exported = child("export", db, usb, hall_data)
        bundle = Path(exported["bundle"])
        size = bundle.stat().st_size
        local = root / bundle.name  # the bundle on the local disk, as the export made it before copying it out
        shutil.copy(bundle, local)
        copies = {"export": plain_copy(local, to_stick), "import": plain_copy(bundle, from_stick)}
        local.unlink()
        sys.stderr.write(f"导入 {cases} 件…\n")
        imported = child("import", root / "county.db", usb, county_data)
        if imported["cases"] != cases or exported["cases"] != cases:
            raise SystemExit(f"expected {cases} cases, exported {exported['cases']}, imported {imported['cases']}")
    return {"cases": cases, "size": size, "copy": copies, "export": exported, "import": imported, "store": source.name}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-exchange")
    parser.add_argument("--target", type=Path, help="folder standing in for the USB stick (default: in --work)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [measure(hall_store(args.work, n), n, args.target) for n in (args.small, args.cases)]
    if args.pages:
        source = pages_store(args.work, args.pages)
        with Store.open(source) as store:
            (cases,) = store.conn.execute("SELECT count(*) FROM cases").fetchone()
        rows.append(measure(source, cases, args.target))
    print(f"{'store':>22} {'bundle MB':>9} {'step':>6} {'copy s':>7} {'wall s':>7} {'cpu s':>6} {'cases/s':>8} "
          f"{'MB/s':>6} {'÷ copy':>7} {'peak MB':>8} {'worker MB':>9}")
    for row in rows:
        for step in ("export", "import"):
            r, copy = row[step], row["copy"][step]
            print(f"{row['store']:>22} {row['size'] / 1e6:>9.1f} {step:>6} {copy:>7.3f} {r['wall']:>7.2f} "
                  f"{r['cpu']:>6.2f} {row['cases'] / r['wall']:>8.0f} {row['size'] / 1e6 / r['wall']:>6.1f} "
                  f"{copy / r['wall']:>7.3f} {r['peak_mb']:>8.1f} {r['worker_mb']:>9.1f}")
    small, large = rows[:2]
    print(f"peak memory {args.small} → {args.cases} cases: export {small['export']['peak_mb']:.0f} → "
          f"{large['export']['peak_mb']:.0f} MB, import {small['import']['peak_mb']:.0f} → {large['import']['peak_mb']:.0f} MB")
    print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
