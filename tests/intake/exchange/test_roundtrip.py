"""Two townships export, the county imports both: everything arrives, verifies and counts right."""

from __future__ import annotations

import errno
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from intake.errors import BundleRefused, ExportError, KeyStoreError
from intake.exchange import bundle, export
from intake.exchange.export import export_bundles
from intake.exchange.ledger import township_history
from intake.exchange.stats import statistics
from intake.models.parse import parse_application
from intake.store import Store
from intake.store.search import name_grams
from intake.store.verify import verify_store
from tests.intake.exchange.conftest import A_CODE, B_CODE, CLERK, TWICE, Side, World, clock, file_case
from tests.intake.store.conftest import app_data, person


def test_two_townships_reach_the_county_whole(world: World) -> None:
    a = world.export(world.a)
    b = world.export(world.b)
    assert a.cases == 4 and b.cases == 3
    assert [p.parent for p in a.bundles + b.bundles] == [world.usb, world.usb]
    result = world.import_(*a.bundles, *b.bundles)
    assert (result.imported, result.unchanged, result.cases) == (2, 0, 7)
    with world.county.store() as county:
        assert verify_store(county).ok, verify_store(county).problems
        for side in (world.a, world.b):
            with side.store() as hall:
                for summary in hall.cases.list():
                    here, there = hall.cases.get(summary.number), county.cases.get(summary.number)
                    assert there.to_json()["application"] == here.to_json()["application"]
                    assert there.state == here.state and there.decision == here.decision
                    assert [[p.sha256 for p in d.pages] for d in there.documents] == [
                        [p.sha256 for p in d.pages] for d in here.documents]
                    for doc in there.documents:
                        for page in doc.pages:
                            assert county.pages.data(page.sha256) == hall.pages.data(page.sha256)
                    # what the township did with the case, as the county shows it
                    assert [(e.at, e.actor, e.action, e.detail) for e in township_history(county.conn, there.id)] == [
                        (e.at, e.actor, e.action, e.detail) for e in here.history]
        # the townships' own audit trails arrive too, chained
        rows = county.conn.execute("SELECT installation, count(*), min(id) FROM exchange_audit GROUP BY installation").fetchall()
        assert sorted(r[1:] for r in rows) == sorted([(n, 1) for n in (_entries(world, world.a), _entries(world, world.b))])


def _entries(world: World, side: Side) -> int:
    with side.store() as store:
        return int(store.conn.execute("SELECT count(*) FROM audit WHERE action != 'export'").fetchone()[0])


def test_statistics_at_the_county_are_the_sum_of_the_halls(world: World) -> None:
    world.import_(*world.export(world.a).bundles, *world.export(world.b).bundles)
    with world.county.store() as county:
        total = statistics(county)
    halls = []
    for side in (world.a, world.b):
        with side.store() as hall:
            halls.append(statistics(hall))
    for dimension in ("by_outcome", "by_path", "by_address_kind", "by_month", "by_priority_group", "by_state", "by_township"):
        expected: dict[str, int] = {}
        for hall in halls:
            for key, n in getattr(hall, dimension).items():
                expected[key] = expected.get(key, 0) + n
        assert getattr(total, dimension) == expected, dimension
    # and what was entered: 7 cases, 3 completed; the family case settles its applicant and 2 family members
    assert total.total == 7 and total.not_evaluated == 1
    assert total.by_township == {A_CODE: 4, B_CODE: 3}
    assert total.by_outcome == {"settle": 5, "not_eligible": 1}
    assert total.by_state == {"completed": 3, "evaluated": 2, "consented": 1, "draft": 1}
    assert total.by_month == {"2017-06": 7}
    assert total.by_priority_group.get("family_migration") == 1
    assert [(s.county, s.year, s.cases, s.family, s.persons) for s in total.settled] == [("350502", "2017", 3, 2, 5)]
    assert total.net_settled == {"350502": {"2017": 5}}


def test_importing_again_changes_nothing_and_says_so(world: World) -> None:
    bundles = world.export(world.a).bundles
    world.import_(*bundles)
    before = world.county_bytes()
    again = world.import_(*bundles, *bundles)
    assert (again.imported, again.unchanged) == (0, 2)
    assert world.county_bytes() == before


def test_only_changes_travel_and_the_county_follows_them(world: World) -> None:
    first = world.export(world.a)
    world.import_(*first.bundles)
    with world.a.store() as hall:
        evaluator_case = hall.cases.list(state="draft")[0].number
        hall.workflow.withdraw(evaluator_case, CLERK, "申请人放弃")
    second = world.export(world.a)
    assert second.cases == 1 and second.made == 2
    assert world.export(world.a).bundles == []  # nothing new since (the export entries ride along later)
    result = world.import_(*second.bundles)
    assert result.imported == 1 and result.cases == 1 and result.bundles[0].new_cases == 0
    with world.county.store() as county:
        assert county.cases.get(evaluator_case).state == "withdrawn"
        assert verify_store(county).ok, verify_store(county).problems


def test_the_same_person_in_two_townships_is_flagged_not_merged(world: World) -> None:
    result = world.import_(*world.export(world.a).bundles, *world.export(world.b).bundles)
    assert [(r.applicant_id, r.case_a[:9], r.case_b[:9]) for r in result.reviews] == [(TWICE, A_CODE, B_CODE)]
    assert result.to_json()["review"][0]["applicant"] != TWICE  # masked in output
    with world.county.store() as county:
        hits = county.search(TWICE)
        assert len(hits.hits) == 2  # type: ignore[attr-defined]


def test_no_id_number_or_name_lies_on_the_stick_in_clear(world: World) -> None:
    bundles = world.export(world.a).bundles + world.export(world.b).bundles
    secrets: set[str] = set()
    for side in (world.a, world.b):
        with side.store() as hall:
            for (text,) in hall.conn.execute("SELECT json FROM applications"):
                app = json.loads(text)
                people = [app["applicant"], *app.get("family", [])]
                secrets |= {p["id_number"] for p in people} | {p["name"] for p in people}
            secrets |= {n for (n,) in hall.conn.execute("SELECT number FROM cases")}
    assert TWICE in secrets and "欧阳𠮷" in secrets
    for path in bundles:
        raw = path.read_bytes()
        for secret in secrets:
            for encoded in (secret.encode("utf-8"), json.dumps(secret).strip('"').encode("ascii")):
                assert encoded not in raw, f"{secret} in clear in {path.name}"
        with zipfile.ZipFile(path) as archive:
            assert sorted(archive.namelist()) == sorted([*bundle.FILES, bundle.MANIFEST, bundle.SIGNATURE])


def test_export_needs_a_hall_township_and_the_county_key(world: World) -> None:
    with world.a.active(), Store.open(world.root / "unset.db", clock=clock) as store:
        with pytest.raises(ExportError, match="尚未设置本厅所属的乡镇"):
            export_bundles(store, world.usb, CLERK)
    with world.a.active():
        for path in (world.a.data / "keys" / "trusted").glob("*.pub"):
            if json.loads(path.read_text(encoding="utf-8")).get("role") == "county":
                path.unlink()
    with pytest.raises(KeyStoreError, match="尚未信任县局公钥"):
        world.export(world.a)
    with pytest.raises(ExportError, match="找不到目标文件夹"):
        world.export(world.b, world.root / "no-stick")


def test_a_failed_copy_is_delivered_by_the_next_export(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = export._deliver
    calls = {"n": 0}

    def flaky(*args: object, **kw: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ExportError("U 盘被拔出")
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "_deliver", flaky)
    with pytest.raises(ExportError):
        world.export(world.a)
    assert list(world.usb.iterdir()) == []
    with world.a.store() as hall:
        file_case(hall, None, "vocational-own-property", person(77), "新案")  # type: ignore[arg-type]
    again = world.export(world.a)
    assert [p.name[:16] for p in again.bundles] == [f"{A_CODE}-000001", f"{A_CODE}-000002"]
    assert world.import_(*again.bundles).imported == 2


def test_a_write_protected_stick_is_named_as_such_and_the_bundle_waits(world: World,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real_open, real_unlink = Path.open, Path.unlink

    def protected(path: Path) -> OSError:
        return OSError(errno.EROFS, "Read-only file system", str(path))

    def open_(self: Path, mode: str = "r", *args: object, **kw: object) -> object:
        if self.parent == world.usb and "w" in mode:
            raise protected(self)
        return real_open(self, mode, *args, **kw)  # type: ignore[call-overload]

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.parent == world.usb:  # even removing the half-written copy fails on such a stick
            raise protected(self)
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(ExportError, match="没有写入权限或 U 盘处于写保护状态.*数据包仍保存在本机"):
        world.export(world.a)
    monkeypatch.undo()
    assert list(world.usb.iterdir()) == []
    again = world.export(world.a)
    assert [p.name[:16] for p in again.bundles] == [f"{A_CODE}-000001"]


def test_an_export_after_restoring_an_older_backup_keeps_the_earlier_bundle_and_says_why(world: World, tmp_path: Path) -> None:
    """A hall restored from a backup taken before its last export makes that sequence number again:
    the bundle the county may hold is kept aside, not overwritten, and the clerk is told to call the
    county (which refuses the new one: its history no longer continues the county's)."""
    world.import_(*world.export(world.a).bundles)
    backup = tmp_path / "backup.db"
    shutil.copy(world.a.db, backup)
    with world.a.store() as hall:
        file_case(hall, None, "vocational-own-property", person(78), "备份后")  # type: ignore[arg-type]
    (tmp_path / "stick1").mkdir()
    sent = world.export(world.a, tmp_path / "stick1")
    world.import_(*sent.bundles)
    first_copy = (outbox := world.a.db.with_name("a-outbox")) / sent.bundles[0].name
    held = first_copy.read_bytes()
    shutil.copy(backup, world.a.db)  # the restore
    with world.a.store() as hall:
        file_case(hall, None, "vocational-own-property", person(79), "恢复后")  # type: ignore[arg-type]
    (tmp_path / "stick2").mkdir()
    again = world.export(world.a, tmp_path / "stick2")
    assert again.made == 2 and len(again.warnings) == 1 and "请先联系县局" in again.warnings[0]
    kept = [p for p in outbox.iterdir() if p.name.endswith(".earlier")]
    assert len(kept) == 1 and kept[0].read_bytes() == held and kept[0].name in again.warnings[0]
    with pytest.raises(BundleRefused, match="序号 2 已导入过另一个内容不同的数据包"):
        world.import_(*again.bundles)


def test_exported_cases_are_marked_not_deleted(world: World) -> None:
    from intake.exchange.ledger import cases_pending

    with world.a.store() as hall:
        assert cases_pending(hall.conn) == 4
    world.export(world.a)
    with world.a.store() as hall:
        assert cases_pending(hall.conn) == 0
        assert len(hall.cases.list()) == 4
        (entry,) = hall.conn.execute("SELECT detail FROM audit WHERE action = 'export'").fetchall()
        assert json.loads(entry[0])["cases"] == 4
        assert verify_store(hall).ok


def test_worker_processes_import_the_same(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from intake.exchange import parallel

    monkeypatch.setattr(parallel, "workers_for", lambda records: 2)
    monkeypatch.setattr(parallel, "BATCH", 1)
    result = world.import_(*world.export(world.a).bundles, *world.export(world.b).bundles)
    assert (result.imported, result.cases) == (2, 7)
    with world.county.store() as county:
        assert verify_store(county).ok
        assert statistics(county).by_township == {A_CODE: 4, B_CODE: 3}


def test_a_renamed_applicant_is_found_at_the_county_by_the_new_name_only(world: World) -> None:
    """A case the county holds takes the hall's new application version: its rows extend, its
    record hash and the search index follow the new name."""
    world.import_(*world.export(world.a).bundles)
    with world.a.store() as hall:
        (number,) = [c.number for c in hall.cases.list() if c.name == "张三"]
        hall.cases.edit(number, parse_application(app_data("vocational-own-property", name="王五六", id_number=person(4))),
                        CLERK)
    result = world.import_(*world.export(world.a).bundles)
    assert (result.imported, result.cases, result.bundles[0].new_cases) == (1, 1, 0)
    with world.county.store() as county:
        assert [h.case for h in county.search("王五六").hits] == [number]
        assert number not in [h.case for h in county.search("张三").hits]
        grams = {g for (g,) in county.conn.execute(
            "SELECT gram FROM name_grams WHERE case_id = (SELECT id FROM cases WHERE number = ?)", (number,))}
        assert grams == name_grams("王五六")
        (versions,) = county.conn.execute(
            "SELECT count(*) FROM applications WHERE case_id = (SELECT id FROM cases WHERE number = ?)", (number,)).fetchone()
        assert versions == 2
        assert verify_store(county).ok, verify_store(county).problems


def test_a_renamed_bundle_is_imported_by_its_content_and_the_name_is_mentioned(world: World, tmp_path: Path) -> None:
    """The signed manifest decides; a file copied under another name is still said to be renamed."""
    original = world.export(world.a).bundles[0]
    renamed = tmp_path / "renamed.hukou"
    shutil.copy(original, renamed)
    outcome = world.import_(renamed).bundles[0]
    assert outcome.status == "imported" and outcome.renamed and outcome.exported_as == original.name
    again = world.import_(original).bundles[0]
    assert again.status == "unchanged" and not again.renamed
