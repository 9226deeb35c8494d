"""The county's store holds the townships' cases as imported: it files none of its own and changes
none of theirs, however it was set up (the desk's first run, or ``keys init --county`` on the
command line, which leaves the store unmarked until its first import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from intake.errors import BundleRefused, PrintError, WorkflowError
from intake.evaluation import Evaluator
from intake.exchange.importer import import_bundles
from intake.models.parse import parse_application
from intake.rules.townships import Townships
from intake.store import Store
from tests.conftest import REPO
from tests.intake.exchange.conftest import A_CODE, CLERK, SUPERVISOR, World
from tests.intake.store.conftest import app_data, image_bytes, person

STEPS: dict[str, Callable[[Store, str, Evaluator], Any]] = {
    "edit": lambda s, n, _: s.cases.edit(
        n, parse_application(app_data("general-path-rental", name="改名", id_number=person(40))), CLERK),
    "evaluate": lambda s, n, ev: s.workflow.evaluate(n, ev, CLERK),
    "consent": lambda s, n, _: s.workflow.consent(n, CLERK),
    "approve": lambda s, n, _: s.workflow.approve(n, SUPERVISOR),
    "complete": lambda s, n, _: s.workflow.complete(n, SUPERVISOR),
    "withdraw": lambda s, n, _: s.workflow.withdraw(n, CLERK),
    "reject": lambda s, n, _: s.workflow.reject(n, SUPERVISOR, "材料不符"),
    "attach": lambda s, n, _: s.pages.attach_bytes(n, 0, [("scan.png", image_bytes("PNG"))], CLERK),
}


@pytest.fixture
def imported(world: World) -> World:
    world.export(world.a)
    world.import_(*sorted(world.usb.glob("*.hukou")))
    return world


def test_the_first_import_marks_the_store_as_the_countys(imported: World) -> None:
    with imported.county.store() as store:
        assert store.settings.county() == A_CODE[:6]
        assert store.settings.hall_township() is None


@pytest.mark.parametrize("step", sorted(STEPS))
def test_an_imported_case_is_read_only_at_the_county(imported: World, step: str, exchange_evaluator: Evaluator) -> None:
    with imported.county.store() as store:
        numbers = [c.number for c in store.cases.list()]
    before, state = imported.county_bytes(), imported.county_state()
    with imported.county.store() as store:
        for number in numbers:
            with pytest.raises(WorkflowError, match="县局只能查看，不能更改"):
                STEPS[step](store, number, exchange_evaluator)
    assert (imported.county_bytes(), imported.county_state()) == (before, state)


def test_the_county_files_no_case_of_its_own(imported: World) -> None:
    before = imported.county_state()
    with imported.county.store() as store, pytest.raises(WorkflowError, match="县局不受理申请"):
        store.cases.create(parse_application(app_data("general-path-rental", name="县局", id_number=person(41))), CLERK)
    assert imported.county_state() == before


def test_a_halls_store_imports_nothing(world: World) -> None:
    """A hall's store file opened with the county's keys (a wrong --db) is refused whole."""
    world.export(world.a)
    hall_db = world.b.db
    before = hall_db.read_bytes()
    with world.county.active(), Store.open(hall_db) as store, pytest.raises(BundleRefused, match="乡镇（街道）"):
        import_bundles(store, sorted(world.usb.glob("*.hukou")), CLERK)
    assert hall_db.read_bytes() == before


def test_the_county_prints_no_receipt_and_records_no_print(imported: World) -> None:
    """A receipt is signed by the installation that prints it: one from the county's key would
    verify, for a case the county never accepted."""
    from intake.printing.source import printable_case, record_prints

    townships = Townships.from_csv(REPO / "rules" / "townships.csv")
    before, state = imported.county_bytes(), imported.county_state()
    with imported.county.store() as store:
        number = store.cases.list()[0].number
        with pytest.raises(PrintError, match="县局只能查看"):
            printable_case(store, number, townships)
        with pytest.raises(WorkflowError, match="县局只能查看"):
            record_prints(store, [number], "receipt", CLERK)
    assert (imported.county_bytes(), imported.county_state()) == (before, state)
