"""The dispatcher's handling of a reader that stops early."""

from __future__ import annotations

import subprocess
from pathlib import Path


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, intake_cmd: list[str]) -> None:
    db = tmp_path / "hall.db"
    subprocess.run(intake_cmd + ["sample", "--count", "1000", "--db", str(db)], check=True, capture_output=True)
    listing = subprocess.Popen(intake_cmd + ["case", "list", "--limit", "5000", "--json", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert listing.stdout is not None
    assert len(listing.stdout.read(70_000)) == 70_000  # more than a pipe buffer holds
    listing.stdout.close()  # the reader goes away after one byte, like `| head -c1`
    _, err = listing.communicate(timeout=60)
    assert listing.returncode == 0
    assert b"Traceback" not in err and "内部错误".encode() not in err
