"""Start-up of the frozen app as a ratio to the same app run from the source tree (.venv), median
of several fresh processes each, printed as a table:

- ``intake evaluate examples/graduate-employed.json``;
- ``intake-desk`` to an interactive main window (``--login … --quit-when-ready``, offscreen, on a
  data folder set up once beforehand).

    .venv/bin/python packaging/measure_startup.py [dist/hukou-intake] [--runs 7] [--cold]

``--cold`` drops the page cache before every run (root on Linux only): the first start after the
PC boots. Without it the runs measure a fresh process with the files cached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall-clock only
    resource = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "graduate-employed.json"
ADMIN = ("admin", "measure-2017")


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


CPU: list[tuple[str, float]] = []
CPU_MEDIANS: list[tuple[float, float]] = []


def once(cmd: list[str], env: dict[str, str], cold: bool) -> float:
    """Wall-clock seconds of one run; its CPU seconds (user + system, less sensitive to other load
    on the machine) are kept in CPU."""
    if cold:
        drop_caches()
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    took = time.perf_counter() - start
    if resource and before:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.append((cmd[0], after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    return took


def paired(frozen: list[str], source: list[str], env: dict[str, str], runs: int, cold: bool) -> tuple[float, float]:
    """Medians of frozen and source runs, alternated so that load from other processes on the
    machine falls on both alike; one warm-up run each first (unless cold)."""
    if not cold:
        once(frozen, env, cold)
        once(source, env, cold)
    f, s = [], []
    CPU.clear()
    for _ in range(runs):
        f.append(once(frozen, env, cold))
        s.append(once(source, env, cold))
    cpu_f = [c for exe, c in CPU if exe == frozen[0]]
    cpu_s = [c for exe, c in CPU if exe == source[0]]
    if cpu_f and cpu_s:
        CPU_MEDIANS.append((statistics.median(cpu_f), statistics.median(cpu_s)))
    return statistics.median(f), statistics.median(s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path, nargs="?", default=REPO / "dist" / "hukou-intake")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each run (root, Linux)")
    args = parser.parse_args()
    exe = ".exe" if sys.platform == "win32" else ""
    venv_bin = REPO / ".venv" / ("Scripts" if sys.platform == "win32" else "bin")
    frozen = {"intake": str(args.app / f"intake{exe}"), "desk": str(args.app / f"intake-desk{exe}")}
    source = {"intake": str(venv_bin / f"intake{exe}"), "desk": str(venv_bin / f"intake-desk{exe}")}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INTAKE_DATA_DIR": str(Path(tmp) / "data"), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([frozen["desk"], "--setup", "350502001", *ADMIN, "--quit-when-ready", "--headless"],
                       env=env, check=True, capture_output=True, timeout=120)
        for label, key, rest in [
            ("intake evaluate", "intake", ["evaluate", str(EXAMPLE)]),
            ("intake-desk to main window", "desk", ["--login", *ADMIN, "--quit-when-ready", "--headless"]),
        ]:
            f, s = paired([frozen[key], *rest], [source[key], *rest], env, args.runs, args.cold)
            rows.append((label, f, s))
    kind = "cold (page cache dropped)" if args.cold else "warm (fresh process, files cached)"
    print(f"start-up, median of {args.runs} runs, {kind}")
    print(f"{'what':30} {'frozen s':>9} {'source s':>9} {'ratio':>6}   {'CPU frozen':>10} {'CPU source':>10} {'ratio':>6}")
    for (label, f, s), cpu in zip(rows, CPU_MEDIANS or [(0.0, 0.0)] * len(rows)):
        cpu_ratio = f"{cpu[0] / cpu[1]:6.2f}" if cpu[1] else "     -"
        print(f"{label:30} {f:9.3f} {s:9.3f} {f / s:6.2f}   {cpu[0]:10.3f} {cpu[1]:10.3f} {cpu_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
