"""The bulk hashes equal the store's own, record for record."""

from __future__ import annotations

from intake.exchange import hashing
from intake.store import audit
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
