"""Makes ``tests/data/store-schema-0001.sql``: a store file of the first released schema (migration
``0001_initial`` only) holding a few cases made through the store API of that release, dumped as
SQL text so a reviewer can read every row. tests/packaging/test_upgrade.py loads it into a fresh
SQLite file and opens it with the current Store, which must apply every later migration and keep
every row.

The fixture is frozen: it stands for what the first release wrote to disk. The script runs only
on code that knows exactly one migration (it refuses otherwise), so it is run from an export of the
last commit before ``0002_exchange`` (aedcc39^), with this script copied in and the worked
examples beside it, then the output copied back::

    git archive aedcc39^ | tar -x -C /tmp/rel0001/main && ln -s /work/shared /tmp/rel0001/shared
    cp tests/data/make_store_schema_0001.py /tmp/rel0001/main/tests/data/
    (cd /tmp/rel0001/main && INTAKE_DATA_DIR=/tmp/rel0001/data \
        /work/main/.venv/bin/python tests/data/make_store_schema_0001.py)
    cp /tmp/rel0001/main/tests/data/store-schema-0001.sql tests/data/

Password hashes use random salts, so a new run differs in those hashes, the audit hashes that
cover them and the migration's ``applied_at``, and in nothing else (the store's clock is fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # run as a script from anywhere; tests import the repo the same way

from intake.config import default_rules_dir, default_townships  # noqa: E402
from intake.evaluation import Evaluator  # noqa: E402
from intake.models.parse import parse_application  # noqa: E402
from intake.store.db import APPLICATION_ID, Store  # noqa: E402
from intake.store.migrations import known_names  # noqa: E402
from intake.store.ops import Actor  # noqa: E402

OUT = Path(__file__).resolve().parent / "store-schema-0001.sql"
EXAMPLES = REPO / "examples"
SHARED_CASES = REPO.parent / "shared" / "cases"
PASSWORD = "counter-2017"
ADMIN = Actor("admin", "admin")
CLERK = Actor("clerk", "clerk")
SUPERVISOR = Actor("supervisor", "supervisor")


def fixed_clock() -> "Iterator[dt.datetime]":
    moment = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    while True:
        yield moment
        moment += dt.timedelta(minutes=7)


def application(name: str) -> dict:
    for folder in (EXAMPLES, SHARED_CASES):
        path = folder / f"{name}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise SystemExit(f"worked example {name} not found in {EXAMPLES} or {SHARED_CASES}")


def scan_png() -> bytes:
    """A small but real scanned page (grey, with a dark band)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (120, 170), 235)
    ImageDraw.Draw(image).rectangle([10, 20, 110, 40], fill=40)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def fill(store: Store) -> None:
    evaluator = Evaluator.load(default_rules_dir(), default_townships(default_rules_dir()))
    store.users.add("admin", PASSWORD, "admin", ADMIN)
    store.users.add("clerk", PASSWORD, "clerk", ADMIN)
    store.users.add("supervisor", PASSWORD, "supervisor", ADMIN)
    store.settings.set_hall_township("350502001", ADMIN)

    # 1. settled, completed: the whole workflow
    done = store.cases.create(parse_application(application("graduate-employed")), CLERK).case
    store.workflow.evaluate(done, evaluator, CLERK)
    store.workflow.consent(done, CLERK)
    store.workflow.approve(done, SUPERVISOR)
    store.workflow.complete(done, CLERK)

    # 2. incomplete: waiting for documents, with a scanned page of the ID card
    waiting = store.cases.create(parse_application(application("graduate-no-employment")), CLERK).case
    store.pages.attach_bytes(waiting, 0, [("身份证正面.png", scan_png())], CLERK)
    store.workflow.evaluate(waiting, evaluator, CLERK)

    # 3. a name beyond the BMP, edited once (two application versions), consented
    data = application("family-follows-to-own-residence")
    data["applicant"]["name"] = "𠮷𪚥明"
    for doc in data["documents"]:
        if doc.get("type") == "id_card":
            doc["name"] = "𠮷𪚥明"
    rare = store.cases.create(parse_application(data), CLERK).case
    data["applicant"]["phone"] = "13905951234"
    store.cases.edit(rare, parse_application(data), CLERK)
    store.workflow.evaluate(rare, evaluator, CLERK)
    store.workflow.consent(rare, CLERK)

    # 4. rejected by the supervisor; 5. withdrawn for a residence permit; 6. a draft
    rejected = store.cases.create(parse_application(application("vocational-own-property")), CLERK).case
    store.workflow.evaluate(rejected, evaluator, CLERK)
    store.workflow.consent(rejected, CLERK)
    store.workflow.reject(rejected, SUPERVISOR, "房屋所有权证书与申请人姓名不一致，需补充材料后重新申请")
    permit = store.cases.create(parse_application(application("general-path-rental")), CLERK).case
    store.workflow.evaluate(permit, evaluator, CLERK)
    store.workflow.choose_residence_permit(permit, CLERK)
    store.cases.create(parse_application(application("skilled-worker-same-city")), CLERK)


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        migrations = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        body = "\n".join(conn.iterdump())
    finally:
        conn.close()
    header = [
        "-- A store of the first released schema (落户受理 0.1.0), made by",
        "-- tests/data/make_store_schema_0001.py through the store API of that release.",
        f"-- Migrations applied: {', '.join(migrations)}. Loaded by tests/packaging/test_upgrade.py.",
        "-- Frozen: never edit or regenerate after 0.1.0 has shipped (see the script's docstring).",
        f"PRAGMA application_id={APPLICATION_ID};",
    ]
    return "\n".join(header) + "\n" + body + "\n"


def main() -> int:
    if known_names() != ["0001_initial"]:
        sys.exit(f"this code has migrations {known_names()}: run the script from a checkout of the 0.1.0 release")
    clock = fixed_clock()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "intake.db"
        with Store.open(path, clock=lambda: next(clock)) as store:
            fill(store)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        OUT.write_text(dump(path), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
