"""The dispatcher's handling of a reader that has gone away."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, intake_cmd: list[str]) -> None:
    db = tmp_path / "hall.db"
    subprocess.run(intake_cmd + ["sample", "--count", "50", "--db", str(db)], check=True, capture_output=True)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, like `| head` that has exited
    try:
        run = subprocess.run(
            intake_cmd + ["case", "list", "--db", str(db)], stdout=write_end, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write_end)
    assert run.returncode == 0, run.stderr.decode()
    assert b"Traceback" not in run.stderr and "内部错误".encode() not in run.stderr
