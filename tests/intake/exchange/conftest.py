"""A small province on disk: a county and two township halls, each an installation with its own data
folder (keys) and store file, a folder standing in for the USB stick, and cases filed through the
real store API. Built once per session and copied for each test."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from intake.evaluation import Evaluator
from intake.exchange import keys as exchange_keys
from intake.exchange.export import ExportResult, export_bundles
from intake.exchange.importer import ImportResult, import_bundles
from intake.models.parse import parse_application
from intake.store import Actor, Store
from tests.conftest import REPO
from tests.intake.store.conftest import TOWNSHIPS, app_data, image_bytes, person

CLERK = Actor("clerk1")
SUPERVISOR = Actor("supervisor1")
COUNTY_CLERK = Actor("county1")
TZ = dt.timezone(dt.timedelta(hours=8))
A_CODE, B_CODE = "350502001", "350502002"
#: The applicant filed in both townships (flagged for review at the county).
TWICE = person(901, "19900101", "350583")


def clock() -> dt.datetime:
    return dt.datetime(2017, 6, 10, 9, 30, tzinfo=TZ)



@contextlib.contextmanager
def installation(data: Path) -> Iterator[None]:
    """Acts as the installation whose data folder (so whose keys) is ``data``, for the duration."""
    old = os.environ.get("INTAKE_DATA_DIR")
    os.environ["INTAKE_DATA_DIR"] = str(data)
    try:
        yield
    finally:
        if old is None:
            del os.environ["INTAKE_DATA_DIR"]
        else:
            os.environ["INTAKE_DATA_DIR"] = old

@dataclass
class Side:
    """One installation: its data folder (keys) and its store file."""

    name: str
    root: Path
    township: str | None = None

    @property
    def data(self) -> Path:
        return self.root / f"{self.name}-data"

    @property
    def db(self) -> Path:
        return self.root / f"{self.name}.db"

    def active(self) -> contextlib.AbstractContextManager[None]:
        """Acts as this installation (its keys) for the duration."""
        return installation(self.data)

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        with self.active(), Store.open(self.db, clock=clock) as store:
            yield store


@dataclass
class World:
    root: Path
    county: Side
    a: Side
    b: Side

    @property
    def usb(self) -> Path:
        path = self.root / "usb"
        path.mkdir(exist_ok=True)
        return path

    def export(self, side: Side, target: Path | None = None) -> ExportResult:
        with side.store() as store:
            return export_bundles(store, target or self.usb, CLERK)

    def import_(self, *paths: Path) -> ImportResult:
        with self.county.store() as store:
            return import_bundles(store, list(paths), COUNTY_CLERK)

    def county_bytes(self) -> str:
        """The county store file's hash (the store is closed, so no WAL is left beside it)."""
        if not self.county.db.exists():
            return ""
        if Path(f"{self.county.db}-wal").exists():
            raise AssertionError("the county store is still open somewhere")
        return hashlib.sha256(self.county.db.read_bytes()).hexdigest()

    def county_state(self) -> tuple[object, ...]:
        """Audit head and row counts of the county store, read without opening it for writing."""
        conn = sqlite3.connect(f"file:{self.county.db}?mode=ro", uri=True)
        try:
            head = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            counts = tuple(
                conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("cases", "applications", "decisions", "pages", "blobs", "audit", "exchange_imports",
                          "exchange_audit", "exchange_reviews", "name_grams")
            )
        finally:
            conn.close()
        return head, counts


def file_case(store: Store, evaluator: Evaluator, case: str, applicant: str, name: str, *, steps: tuple[str, ...] = (),
              pages: int = 0) -> str:
    """Files a worked example under another applicant and takes it through ``steps``."""
    number = str(store.cases.create(parse_application(app_data(case, name=name, id_number=applicant)), CLERK).case)
    if pages:
        files = [(f"scan{i}.png", image_bytes("PNG", size=(120 + i, 160))) for i in range(pages)]
        store.pages.attach_bytes(number, 0, files, CLERK)
    if "evaluate" in steps:
        store.workflow.evaluate(number, evaluator, CLERK)
    if "consent" in steps:
        store.workflow.consent(number, CLERK)
    if "approve" in steps:
        store.workflow.approve(number, SUPERVISOR)
    if "complete" in steps:
        store.workflow.complete(number, SUPERVISOR)
    return number


DONE = ("evaluate", "consent", "approve", "complete")


def _fill_a(store: Store, evaluator: Evaluator) -> None:
    file_case(store, evaluator, "family-follows-to-own-residence", person(1), "林晓", steps=DONE, pages=2)
    file_case(store, evaluator, "graduate-registered-rental", TWICE, "王二", steps=("evaluate",), pages=1)
    file_case(store, evaluator, "nothing-to-go-on", person(3), "欧阳𠮷", steps=("evaluate",))
    file_case(store, evaluator, "vocational-own-property", person(4), "张三")


def _fill_b(store: Store, evaluator: Evaluator) -> None:
    file_case(store, evaluator, "graduate-township-public", person(11), "陈静", steps=DONE, pages=1)
    file_case(store, evaluator, "general-path-rental", TWICE, "王二", steps=("evaluate", "consent"))
    file_case(store, evaluator, "vocational-own-property", person(13), "李四", steps=DONE)


def _build(root: Path, evaluator: Evaluator) -> World:
    world = World(root, Side("county", root), Side("a", root, A_CODE), Side("b", root, B_CODE))
    with world.county.active():
        exchange_keys.init_keys(county=True)
        exchange_keys.export_public(root / "county.pub", "鲤城区公安分局")
    with world.county.store():
        pass
    for side, fill in ((world.a, _fill_a), (world.b, _fill_b)):
        with side.active():
            exchange_keys.init_keys()
            exchange_keys.trust(root / "county.pub")
            exchange_keys.export_public(root / f"{side.name}.pub", f"{side.name} 便民服务中心", side.township)
        with side.store() as store:
            store.settings.set_hall_township(str(side.township), CLERK)
            fill(store, evaluator)
        with world.county.active():
            exchange_keys.trust(root / f"{side.name}.pub")
    return world


@pytest.fixture(scope="session")
def exchange_evaluator() -> Evaluator:
    return Evaluator.load(REPO / "rules", TOWNSHIPS)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory, exchange_evaluator: Evaluator) -> Path:
    root = tmp_path_factory.mktemp("province")
    _build(root, exchange_evaluator)
    return root


@pytest.fixture
def world(world_template: Path, tmp_path: Path) -> World:
    """A fresh copy of the province for one test."""
    root = tmp_path / "province"
    shutil.copytree(world_template, root)
    return World(root, Side("county", root), Side("a", root, A_CODE), Side("b", root, B_CODE))
