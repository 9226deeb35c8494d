"""Every bundle that must not be imported is refused with a Chinese message naming it, and the county
store is left byte for byte as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from intake.errors import BundleRefused, KeyStoreError
from intake.exchange import aggregate, bundle, payload
from intake.exchange import keys as exchange_keys
from intake.exchange.crypto import Problem
from intake.store import Store
from tests.intake.exchange import forge
from tests.intake.exchange.conftest import B_CODE, CLERK, Side, World, clock, file_case
from tests.intake.store.conftest import app_data, person


@pytest.fixture
def exported(world: World) -> Path:
    (path,) = world.export(world.a).bundles
    return path


def refused(world: World, *paths: Path, match: str) -> BundleRefused:
    """Imports ``paths``, expecting a refusal that leaves the county store unchanged."""
    before, state = world.county_bytes(), world.county_state()
    with pytest.raises(BundleRefused, match=match) as info:
        world.import_(*paths)
    assert world.county_bytes() == before
    assert world.county_state() == state
    assert paths[-1].name in info.value.message or any(p.name in info.value.message for p in paths)
    assert "未作任何更改" in info.value.message
    return info.value


def test_a_flipped_byte_in_the_cases_is_refused(world: World, exported: Path) -> None:
    size = dict(forge.members(exported))["cases.bin"]
    forge.flip(exported, forge.data_offset(exported, "cases.bin") + len(size) // 2)
    refused(world, exported, match="已被改动")


def test_an_altered_copy_of_an_imported_bundle_is_refused_not_reported_as_imported(world: World,
                                                                                   exported: Path) -> None:
    world.import_(exported)
    altered = exported.with_name("copy-" + exported.name)
    shutil.copyfile(exported, altered)
    forge.flip(altered, forge.data_offset(altered, "cases.bin") + 10)
    refused(world, altered, match="与签名清单不符")
    assert [b.status for b in world.import_(exported).bundles] == ["unchanged"], "the intact one still is"


@pytest.mark.parametrize("member", ["blobs.bin", "audit.bin"])
def test_a_flipped_byte_in_any_file_is_refused(world: World, exported: Path, member: str) -> None:
    forge.flip(exported, forge.data_offset(exported, member) + 100)
    refused(world, exported, match="已被改动|已损坏")


@pytest.mark.parametrize("keep", [0.5, 0.99, 0.0])
def test_a_truncated_file_is_refused(world: World, exported: Path, keep: float) -> None:
    data = exported.read_bytes()
    exported.write_bytes(data[: int(len(data) * keep)])
    refused(world, exported, match="不是数据包，或文件不完整")


def test_a_stream_cut_short_is_refused_even_when_signed(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    cut = [(n, d[:24] if n == "cases.bin" else d) for n, d in parts]  # the stream header, no chunk

    def edit(m: dict[str, Any]) -> None:
        import hashlib

        entry = next(f for f in m["files"] if f["name"] == "cases.bin")
        data = dict(cut)["cases.bin"]
        entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()

    forge.write(exported, forge.resigned(cut, edit, world.a))
    refused(world, exported, match="文件不完整（被截断）")


def test_an_edited_manifest_is_refused(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    m = forge.manifest(parts)
    m["cases"] = 3
    import json

    forge.write(exported, [(n, json.dumps(m).encode() if n == bundle.MANIFEST else d) for n, d in parts])
    refused(world, exported, match="签名无效")


def test_a_signature_by_an_untrusted_key_is_refused(world: World, exported: Path) -> None:
    stranger = Side("stranger", world.root)
    with stranger.active():
        exchange_keys.init_keys()
        public = exchange_keys.own_public_keys()

    def edit(m: dict[str, Any]) -> None:
        m["installation"] = {"fingerprint": public.fingerprint, "ed25519": bundle.b64(public.ed25519)}

    forge.write(exported, forge.resigned(forge.members(exported), edit, stranger))
    refused(world, exported, match="不受本机信任")


def test_a_bundle_signed_by_another_trusted_township_in_its_name_is_refused(world: World, exported: Path) -> None:
    forge.write(exported, forge.resigned(forge.members(exported), lambda m: None, world.b))
    refused(world, exported, match="签名无效")


def test_a_township_cannot_speak_for_another(world: World, exported: Path) -> None:
    forge.write(exported, forge.resigned(forge.members(exported), lambda m: m.update(township=B_CODE), world.a))
    refused(world, exported, match="登记为乡镇")


def test_a_bundle_for_another_county_is_refused(world: World) -> None:
    other = Side("other-county", world.root)
    with other.active():
        exchange_keys.init_keys(county=True)
        exchange_keys.export_public(world.root / "other.pub")
    with world.a.active():
        exchange_keys.trust(world.root / "other.pub", replace=True)
    (path,) = world.export(world.a).bundles
    refused(world, path, match="加密给另一个县局")


def test_replaying_an_old_bundle_changes_nothing(world: World) -> None:
    (first,) = world.export(world.a).bundles
    with world.a.store() as hall:
        number = hall.cases.list(state="draft")[0].number
        hall.workflow.withdraw(number, CLERK)
    (second,) = world.export(world.a).bundles
    world.import_(first, second)
    before = world.county_bytes()
    replay = world.import_(first)
    assert (replay.imported, replay.unchanged) == (0, 1)
    assert world.county_bytes() == before
    with world.county.store() as county:
        assert county.cases.get(number).state == "withdrawn"  # not rolled back


def test_an_old_sequence_number_with_other_content_is_refused(world: World) -> None:
    shutil.copy(world.a.db, world.root / "a-backup.db")
    (first,) = world.export(world.a).bundles
    world.import_(first)
    shutil.copy(world.root / "a-backup.db", world.a.db)  # the hall restores an old backup ...
    shutil.rmtree(world.a.db.with_name("a-outbox"))
    with world.a.store() as hall:
        file_case(hall, None, "vocational-own-property", person(55), "后来者")  # type: ignore[arg-type]
    target = world.root / "stick2"
    target.mkdir()
    (again,) = world.export(world.a, target).bundles  # ... and exports sequence 1 again
    assert again.name == first.name
    refused(world, again, match="序号 1 已导入过另一个内容不同的数据包")


def test_a_gap_in_the_sequence_is_refused(world: World) -> None:
    (first,) = world.export(world.a).bundles
    with world.a.store() as hall:
        hall.workflow.withdraw(hall.cases.list(state="draft")[0].number, CLERK)
    (second,) = world.export(world.a).bundles
    refused(world, second, match="缺少该乡镇序号 1 的数据包")
    assert world.import_(second, first).imported == 2  # given together, they are put in order


def test_a_wrong_previous_hash_is_refused(world: World) -> None:
    (first,) = world.export(world.a).bundles
    with world.a.store() as hall:
        hall.workflow.withdraw(hall.cases.list(state="draft")[0].number, CLERK)
    (second,) = world.export(world.a).bundles
    world.import_(first)
    forge.write(second, forge.resigned(forge.members(second), lambda m: m.update(prev="ab" * 32), world.a))
    refused(world, second, match="不衔接")


def _files_named(root: Path, name: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.name == name]


def test_file_names_inside_a_bundle_never_become_paths(world: World, exported: Path) -> None:
    evil = "../../../../evil.bin"
    parts = [(evil if n == "cases.bin" else n, d) for n, d in forge.members(exported)]

    def edit(m: dict[str, Any]) -> None:
        next(f for f in m["files"] if f["name"] == "cases.bin")["name"] = evil

    forge.write(exported, forge.resigned(parts, edit, world.a))
    refused(world, exported, match="本格式没有的文件")
    assert not _files_named(world.root.parent.parent, "evil.bin")


def test_an_extra_member_is_refused(world: World, exported: Path) -> None:
    forge.write(exported, [*forge.members(exported), ("../../x/../evil.bin", b"boo")])
    refused(world, exported, match="本格式没有的文件")
    assert not _files_named(world.root.parent.parent, "evil.bin")


@pytest.mark.parametrize(("member", "flags", "method"), [
    (bundle.MANIFEST, 0x20, None),  # "compressed patched data": Python's zipfile cannot read it
    (bundle.SIGNATURE, 0x01, None),  # encrypted
    (bundle.MANIFEST, None, 99),  # AES
    ("cases.bin", 0x40, None),  # strong encryption
    ("audit.bin", None, 9),  # deflate64
])
def test_zip_features_the_format_does_not_use_are_refused(world: World, exported: Path, member: str,
                                                          flags: int | None, method: int | None) -> None:
    forge.set_central_header(exported, member, flags=flags, method=method)
    refused(world, exported, match=f"（{member}）的存储方式不对")


def test_files_swapped_between_roles_are_refused(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    data = dict(parts)
    swap = {"cases.bin": "audit.bin", "audit.bin": "cases.bin"}
    entries = {f["name"]: f for f in forge.manifest(parts)["files"]}

    def edit(m: dict[str, Any]) -> None:
        for f in m["files"]:
            if f["name"] in swap:
                f["size"], f["sha256"] = entries[swap[f["name"]]]["size"], entries[swap[f["name"]]]["sha256"]

    swapped = [(n, data[swap[n]] if n in swap else d) for n, d in parts]
    forge.write(exported, forge.resigned(swapped, edit, world.a))
    refused(world, exported, match="已被改动")


def test_case_rows_changed_behind_the_audit_trail_are_refused(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "cases.bin", world.county)
    assert b'"entered_by":"clerk1"' in plain
    forged = plain.replace(b'"entered_by":"clerk1"', b'"entered_by":"clerk2"', 1)
    forge.write(exported, forge.reencrypted(parts, "cases.bin", forged, key, world.a))
    refused(world, exported, match="内容与乡镇审计记录的哈希不符")


def test_case_rows_that_contradict_themselves_are_refused(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "cases.bin", world.county)
    forged = plain.replace("林晓".encode(), "林晚".encode(), 1)  # the case row only (same length)
    forge.write(exported, forge.reencrypted(parts, "cases.bin", forged, key, world.a))
    refused(world, exported, match="申请人或辖区与其最新申请不一致")


def test_a_case_number_outside_the_township_is_refused_whoever_signed_it() -> None:
    """Numbers of a store without a hall (``numbers.UNCONFIGURED_SUFFIX``) never travel: such a
    store is never set up, and only a set-up hall exports."""
    number = "350502001-2026-000001"
    assert aggregate.check((1, _case_record(number)), "350502001").number == number
    with pytest.raises(Problem, match="不是乡镇 350502001 的编号"):
        aggregate.check((1, _case_record(number.replace("350502001", "350502000"))), "350502001")
    with pytest.raises(Problem, match="不是乡镇 350502001 的编号"):
        aggregate.check((1, _case_record(number.replace("350502001", "110101000"))), "350502001")


def _case_record(number: str) -> bytes:
    """A record that passes its models, numbered ``number``."""
    case = {"id": 1, "number": number, "state": "draft", "wish": None, "reason": None, "applicant_id": person(1),
            "applicant_name": "林晓", "phone": None, "jurisdiction": "350502", "created_at": "2026-11-01T09:00:00+08:00",
            "created_by": "clerk1", "updated_at": "2026-11-01T09:00:00+08:00"}
    app = {"id": 1, "case_id": 1, "json": json.dumps(app_data("vocational-own-property", "林晓", person(1))),
           "entered_at": "2026-11-01T09:00:00+08:00", "entered_by": "clerk1"}
    block = payload.case_bytes(case, [app], [], [], 1)
    return block[block.index(b"\n") + 1 :]


def test_an_invalid_application_inside_is_refused(world: World, exported: Path) -> None:
    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "cases.bin", world.county)
    good = person(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    forge.write(exported, forge.reencrypted(parts, "cases.bin", plain.replace(good.encode(), bad.encode()), key, world.a))
    refused(world, exported, match="无法通过校验")


def test_one_bad_bundle_stops_the_whole_import(world: World, exported: Path) -> None:
    (good,) = world.export(world.b).bundles
    forge.flip(exported, forge.data_offset(exported, "cases.bin") + 10)
    refused(world, good, exported, match=exported.name)


def test_only_the_county_imports(world: World, exported: Path) -> None:
    with world.b.active(), Store.open(world.root / "b-as-county.db", clock=clock) as store:
        from intake.exchange.importer import import_bundles

        with pytest.raises(KeyStoreError, match="本机不是县局"):
            import_bundles(store, [exported], CLERK)


def test_records_checked_in_worker_processes_are_refused_the_same(world: World, exported: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from intake.exchange import parallel

    monkeypatch.setattr(parallel, "workers_for", lambda records: 2)
    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "cases.bin", world.county)
    good = person(4)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    forge.write(exported, forge.reencrypted(parts, "cases.bin", plain.replace(good.encode(), bad.encode()), key, world.a))
    refused(world, exported, match="案件 350502001-2017-000004 的第 1 版申请无法通过校验")


@pytest.mark.parametrize(("good", "bad"), [
    (b'"applications":[{"id":1,"case_id":1,', b'"applications":[{"id":1,"case_id":2,'),  # not its own
    (b'"decisions":[{"id":1,"case_id":1,"application_id":1,', b'"decisions":[{"id":1,"case_id":1,"application_id":9,'),
])
def test_child_records_of_another_case_are_refused(world: World, exported: Path, good: bytes, bad: bytes) -> None:
    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "cases.bin", world.county)
    assert good in plain
    forge.write(exported, forge.reencrypted(parts, "cases.bin", plain.replace(good, bad, 1), key, world.a))
    refused(world, exported, match="子记录不属于该案件或顺序不对|评估记录与其内容不一致")


def test_two_cases_under_one_case_number_in_the_audit_trail_are_refused(world: World, exported: Path) -> None:
    """Entries re-chained and re-signed by the hall itself: still, one number belongs to one case."""
    import json

    from intake.exchange import hashing, payload

    parts = forge.members(exported)
    key, plain = forge.decrypt(parts, "audit.bin", world.county)
    entries = [json.loads(line) for line in plain.splitlines()]
    about = [e for e in entries if e["case_id"] is not None]
    first, other = about[0], next(e for e in about if e["case_id"] != about[0]["case_id"])
    other["subject"] = first["subject"]
    prev = entries[0]["prev_hash"]
    for entry in entries:
        entry["prev_hash"] = prev
        entry["hash"] = prev = hashing.entry_hash([entry[c] for c in payload.AUDIT_COLUMNS[:-1]])
    forged = b"".join(payload.audit_bytes(e) for e in entries)
    parts = forge.reencrypted(parts, "audit.bin", forged, key, world.a)
    forge.write(exported, forge.resigned(parts, lambda m: m["audit"].update(head=prev), world.a))
    refused(world, exported, match="两个不同的案件使用了同一个案件编号")
