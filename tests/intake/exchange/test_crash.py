"""An `intake import` killed half-way through its merge (rows written, not committed) leaves the
county store exactly as it was; the same bundle then imports normally."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time

import pytest
from PIL import Image

from intake.exchange.importer import IMPORT_CACHE_KIB
from intake.exchange.stage import PAUSE_ENV
from intake.store.verify import verify_store
from tests.conftest import REPO
from tests.intake.exchange.conftest import CLERK, World

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


SIDE = 1400
#: Enough pages that do not compress for the merge to outgrow the import's page cache and spill to
#: the WAL.
PAGES = IMPORT_CACHE_KIB * 1024 // (SIDE * SIDE) + 2


def _noise_png(side: int) -> bytes:
    """A page that does not compress (one byte a pixel)."""
    out = io.BytesIO()
    Image.frombytes("L", (side, side), os.urandom(side * side)).save(out, format="PNG")
    return out.getvalue()


def test_sigkill_during_the_merge_changes_nothing(world: World, intake_cmd: list[str]) -> None:
    world.import_(*world.export(world.a).bundles)
    with world.b.store() as hall:
        number = hall.cases.list(state="consented")[0].number
        hall.pages.attach_bytes(number, 0, [(f"big{i}.png", _noise_png(SIDE)) for i in range(PAGES)], CLERK)
    (bundle,) = world.export(world.b).bundles
    before = world.county_state()
    marker = world.root / "merging"
    env = {**os.environ, "INTAKE_DATA_DIR": str(world.county.data), PAUSE_ENV: str(marker)}
    proc = subprocess.Popen([*intake_cmd, "import", str(bundle), "--db", str(world.county.db), "--json"],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the import never reached its merge"
            time.sleep(0.05)
        assert os.path.getsize(f"{world.county.db}-wal") > 4_000_000  # pages written, not committed
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert world.county_state() == before
    result = world.import_(bundle)
    assert result.imported == 1 and result.cases == 3
    with world.county.store() as county:
        assert verify_store(county).ok
