"""Cold start of the desktop app to an interactive main window on a store of 100,000 cases, as a
ratio to an empty PySide6 window started the same way in the same run (goal: ≤ 2.5).

    .venv/bin/python bench/bench_desk.py [--cases 100000] [--runs 5] [--data DIR]

Both are timed from spawning the process until it exits after its first event-loop turn with the
window shown (``--quit-when-ready``); the desk also signs in (argon2) and loads its work queue.
The store is generated once with the store's sample-data function and reused from ``--data``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password"
EMPTY_WINDOW = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QWidget()\n"
    "w.resize(1366, 768)\n"
    "w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def make_store(data: Path, cases: int) -> None:
    """A hall store with ``cases`` sample cases and an admin account (kept for later runs)."""
    os.environ["INTAKE_DATA_DIR"] = str(data)
    from intake.evaluation import Evaluator
    from intake.store.db import Store
    from intake.store.ops import Actor
    from intake.store.sample import fill

    admin = Actor("admin", "admin")
    with Store.open(data / "intake.db") as store:
        if store.users.list():
            return
        store.settings.set_hall_township("350502001", admin)
        started = time.perf_counter()
        fill(store, cases, Evaluator.load(), admin, seed=1)
        store.users.add("admin", PASSWORD, "admin", admin)
        print(f"generated {cases} cases in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=REPO / "out" / "bench-desk")
    args = parser.parse_args()
    data: Path = args.data / f"{args.cases}"
    data.mkdir(parents=True, exist_ok=True)
    make_store(data, args.cases)
    env = {**os.environ, "INTAKE_DATA_DIR": str(data)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    desk = [str(Path(sys.executable).with_name("intake-desk")), "--login", "admin", PASSWORD,
            "--quit-when-ready", "--headless"]
    empty = [sys.executable, "-c", EMPTY_WINDOW]
    timed(desk, env)  # warm the file cache for both
    timed(empty, env)
    desk_times, empty_times = [], []
    for _ in range(args.runs):
        empty_times.append(timed(empty, env))
        desk_times.append(timed(desk, env))
    e, d = statistics.median(empty_times), statistics.median(desk_times)
    print(f"| measure | median of {args.runs} (s) |")
    print("|---|---|")
    print(f"| empty PySide6 window | {e:.3f} |")
    print(f"| intake-desk, {args.cases} cases, to interactive main window | {d:.3f} |")
    print(f"| ratio (goal ≤ 2.5) | {d / e:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
