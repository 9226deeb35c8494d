"""The bulk hashes equal the store's own, record for record."""

from __future__ import annotations

import pytest

from intake.exchange import hashing
from intake.store import audit, records
from intake.store.records import load_case
from tests.intake.exchange.conftest import World


def test_case_and_audit_hashes_equal_the_stores(world: World) -> None:
    with world.a.store() as hall:
        conn = hall.conn
        checked = 0
        for (case_id,) in conn.execute("SELECT id FROM cases").fetchall():
            case, apps, decisions, pages = load_case(conn, case_id)
            ours = hashing.case_digest(
                tuple(case.values()),
                [(list(a.values()), hashing.sha256_text(a["json"])) for a in apps],
                [(list(d.values()), hashing.sha256_text(d["decision"])) for d in decisions],
                [list(p.values()) for p in pages],
            )
            (recorded,) = conn.execute(
                "SELECT record_sha256 FROM audit WHERE case_id = ? ORDER BY id DESC LIMIT 1", (case_id,)
            ).fetchone()
            assert ours == recorded
            checked += bool(pages) and len(decisions)
        assert checked  # a case with pages and a decision was among them
        columns = (*audit.ENTRY_FIELDS, "hash")
        for row in conn.execute(f"SELECT {', '.join(columns)} FROM audit").fetchall():
            assert hashing.entry_hash(row[:-1]) == row[-1] == audit.entry_hash(dict(zip(columns, row)))
    detail = {"township": "350502001", "seq": 1, "state": "欧阳𠮷"}
    theirs = audit.make_entry((7, "ab" * 32), at="2017-06-10T09:30:00+08:00", actor="县局", action="import",
                              subject="case:x", case_id=3, record_sha256="cd" * 32, detail=detail)
    ours_entry = hashing.make_entry((7, "ab" * 32), at="2017-06-10T09:30:00+08:00", actor="县局", action="import",
                                    subject="case:x", case_id=3, record_sha256="cd" * 32, detail=detail)
    assert ours_entry == tuple(theirs[c] for c in columns)


def test_skeleton_digests_equal_the_stores_under_any_ids(world: World) -> None:
    """The hall's hash and the county's (the same rows under other ids) from one encoding."""
    with world.a.store() as hall:
        conn = hall.conn
        for (case_id,) in conn.execute("SELECT id FROM cases").fetchall():
            case, apps, decisions, pages = load_case(conn, case_id)

            def hashed(row: dict[str, object], text: str) -> list[object]:
                return [hashing.sha256_text(str(v)) if c == text else v for c, v in row.items()]

            bones = hashing.skeleton(tuple(case.values()), [hashed(a, "json") for a in apps],
                                     [hashed(d, "decision") for d in decisions])
            assert hashing.skeleton_digest(bones, case["id"], [a["id"] for a in apps],
                                           [(d["id"], d["application_id"]) for d in decisions],
                                           [list(p.values()) for p in pages]) == records.case_digest(case, apps, decisions, pages)
            moved = 1000 + case_id
            ids = {a["id"]: 5000 + a["id"] for a in apps}
            theirs = records.case_digest(
                {**case, "id": moved},
                [{**a, "id": ids[a["id"]], "case_id": moved} for a in apps],
                [{**d, "id": 9000 + d["id"], "case_id": moved, "application_id": ids[d["application_id"]]} for d in decisions],
                [{**p, "id": 7000 + p["id"], "case_id": moved} for p in pages],
            )
            assert hashing.skeleton_digest(bones, moved, [ids[a["id"]] for a in apps],
                                           [(9000 + d["id"], ids[d["application_id"]]) for d in decisions],
                                           [[7000 + p["id"], moved, *list(p.values())[2:]] for p in pages]) == theirs


@pytest.mark.parametrize("value", [
    [1, "欧阳𠮷", None, True, False, 0, -3, "a\"b\\c\n\t\u2028", {"b": 1, "a": [None, "é"]}],
    {"township": "350502001", "seq": 1, "state": "draft"}, [], {}, "plain", 12,
])
def test_the_canonical_encoder_is_the_stores(value: object) -> None:
    assert hashing.canonical(value) == records.canonical(value)


def test_import_entries_equal_make_entry() -> None:
    entries = hashing.ImportEntries((7, "ab" * 32), at="2017-06-10T09:30:00+08:00", actor="县局 \"一\"", township="350502001",
                                    seq=3)
    prev = entries.prev
    for number, case_id, state in (("350502001-2017-000001", 3, "draft"), ("350502001-2017-000002", 4, "completed"),
                                   ("350502001-2017-000003", 5, "draft")):
        ours = entries.next(number, case_id, "cd" * 32, state)
        theirs = audit.make_entry(prev, at="2017-06-10T09:30:00+08:00", actor="县局 \"一\"", action="import",
                                  subject=f"case:{number}", case_id=case_id, record_sha256="cd" * 32,
                                  detail={"township": "350502001", "seq": 3, "state": state})
        assert ours == tuple(theirs[c] for c in (*audit.ENTRY_FIELDS, "hash"))
        prev = entries.prev
        assert prev == (ours[0], ours[-1])
