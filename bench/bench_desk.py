"""Cold start of the desktop app to an interactive main window on a store of 100,000 cases, as a
ratio to an empty PySide6 window started the same way in the same run (goal: ≤ 2.5).

    .venv/bin/python bench/bench_desk.py [--cases 100000] [--runs 5] [--data DIR]

Both run under the same small launcher, which creates the QApplication and schedules one timer
before handing over to the program: the timer fires on the first event-loop turn, when the window
is shown and takes keys, and reports the time since the parent spawned the process ("to
interactive", the goal's measure). The process then quits (``--quit-when-ready``); the time to
its exit is reported too, for information: it adds tearing down Qt and the interpreter, and for
the desk closing the store. The desk signs in (argon2id) and starts loading its work queue,
which fills in the background after the window is interactive. The store is generated once with
the store's sample-data function and reused from ``--data``.
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
#: Run as ``python -c LAUNCHER SPAWNED_AT PROGRAM [ARGS…]``; prints seconds from spawn to the
#: first event-loop turn. ``empty`` is an empty 1366×768 window; ``desk`` is ``intake-desk``.
LAUNCHER = (
    "import sys, time\n"
    "spawned, program, args = float(sys.argv[1]), sys.argv[2], sys.argv[3:]\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication(sys.argv[:1])\n"
    "QTimer.singleShot(0, lambda: print(time.time() - spawned, flush=True))\n"
    "if program == 'empty':\n"
    "    w = QWidget()\n"
    "    w.resize(1366, 768)\n"
    "    w.show()\n"
    "    QTimer.singleShot(0, app.quit)\n"
    "    app.exec()\n"
    "else:\n"
    "    from ui.app import main\n"
    "    sys.exit(main(args))\n"
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


def timed(program: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to the first event-loop turn, and to the process's exit."""
    spawned = time.time()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, repr(spawned), *program], env=env, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.split()[0]), time.time() - spawned


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
    desk = ["desk", "--login", "admin", PASSWORD, "--quit-when-ready", "--headless"]
    empty = ["empty"]
    timed(desk, env)  # warm the file cache for both
    timed(empty, env)
    desk_times, empty_times = [], []
    for _ in range(args.runs):
        empty_times.append(timed(empty, env))
        desk_times.append(timed(desk, env))
    e_ready, e_exit = (statistics.median(t[i] for t in empty_times) for i in (0, 1))
    d_ready, d_exit = (statistics.median(t[i] for t in desk_times) for i in (0, 1))
    print(f"| measure (median of {args.runs}, s) | to interactive | to exit |")
    print("|---|---|---|")
    print(f"| empty PySide6 window | {e_ready:.3f} | {e_exit:.3f} |")
    print(f"| intake-desk, {args.cases} cases, signed in, main window | {d_ready:.3f} | {d_exit:.3f} |")
    print(f"| ratio (goal ≤ 2.5 to interactive) | {d_ready / e_ready:.2f} | {d_exit / e_exit:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
