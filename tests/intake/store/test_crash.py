"""Crash safety: writers killed with SIGKILL at random moments leave a store that verifies, with
every committed case whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from intake.store import Store
from intake.store.sample import BATCH
from tests.intake.store.conftest import run_cli

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

WRITER = """
import sys
from intake.evaluation import Evaluator
from intake.models.parse import parse_application
from intake.store import Actor, Store
from intake.store.samplegen import Generator
from tests.intake.store.conftest import image_bytes

evaluator = Evaluator.load()
gen = Generator(int(sys.argv[2]))
me = Actor("crash-test")
with Store.open(sys.argv[1]) as store:
    print("ready", "-", flush=True)
    i = 0
    while True:
        number = store.cases.create(parse_application(gen.application()), me).case
        print("created", number, flush=True)
        store.workflow.evaluate(number, evaluator, me)
        print("evaluated", number, flush=True)
        store.pages.attach_bytes(number, 0, [("scan.png", image_bytes("PNG", size=(200 + i % 50, 300)))], me)
        print("attached", number, flush=True)
        i += 1
"""


def _kill_after(cmd: list[str], delay: float, ready: Callable[[subprocess.Popen[str]], None]) -> list[str]:
    """Runs ``cmd``, waits until ``ready`` returns, SIGKILLs it ``delay`` seconds later and returns
    what it printed (a loaded machine may take seconds just to start Python)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    try:
        ready(proc)
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the writer ended before it was killed: {err}"
    return out.splitlines()


def _printed_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("ready"), "the writer did not start"


def _cases(db: Path) -> int:
    with Store.open(db, create=False) as store:
        return int(store.conn.execute("SELECT count(*) FROM cases").fetchone()[0])


def _file_exists(db: Path, at_least: int = 0) -> Callable[[subprocess.Popen[str]], None]:
    """Waits for the store file (and, with ``at_least``, for that many committed cases)."""
    def wait(proc: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + 120
        while not (db.exists() and (at_least == 0 or _cases(db) >= at_least)):
            assert proc.poll() is None and time.monotonic() < deadline, "sample did not start"
            time.sleep(0.05)

    return wait


def _verify(intake_cmd: list[str], db: Path) -> None:
    done = run_cli(intake_cmd, "verify", "--db", db)
    assert done.returncode == 0, done.stdout + done.stderr


def test_killed_writer_loses_nothing_committed(intake_cmd: list[str], tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(20170601)
    committed: dict[str, set[str]] = {"created": set(), "evaluated": set(), "attached": set()}
    for round_ in range(14):
        lines = _kill_after([sys.executable, "-c", WRITER, str(db), str(round_)], rng.uniform(0.2, 1.0), _printed_ready)
        if lines and len(lines[-1].split()) != 2:
            lines.pop()  # the kill cut the last report short: that step may or may not have committed
        for line in lines:
            what, number = line.split()
            committed[what].add(number)
        _verify(intake_cmd, db)
        with Store.open(db, create=False) as store:
            for number in committed["created"]:
                view = store.cases.get(number)  # raises if the case is gone
                if number in committed["evaluated"]:
                    assert view.decisions
                if number in committed["attached"]:
                    assert view.documents[0].pages
    assert len(committed["attached"]) > 10, "the writer never got going: the test proved nothing"


def test_killed_sample_keeps_whole_batches(intake_cmd: list[str], tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    rng = random.Random(4)
    before = 0
    for round_ in range(6):
        # the last round waits for one more batch, so the test always sees committed batches
        ready = _file_exists(db, before + 1 if round_ == 5 else 0)
        _kill_after([*intake_cmd, "sample", "--count", "1000000", "--seed", str(round_), "--db", str(db)],
                    rng.uniform(0.0, 2.5), ready)
        _verify(intake_cmd, db)
        count = _cases(db)
        assert count % BATCH == 0, "a half-written batch"
        assert count >= before
        before = count
    assert before > 0, "no batch was ever committed: the test proved nothing"
