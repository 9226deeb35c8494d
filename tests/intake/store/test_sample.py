"""Generated sample cases: valid, varied, audited, verifiable."""

from __future__ import annotations

from collections import Counter

import pytest

from intake import ids
from intake.errors import Cancelled
from intake.evaluation import Evaluator
from intake.models.parse import parse_application
from intake.store import CancelToken, Store
from intake.store.sample import fill
from intake.store.samplegen import RARE_CHAR, Generator
from intake.store.verify import verify_store
from tests.intake.store.conftest import CLERK


def test_generated_people_are_valid() -> None:
    gen = Generator(3)
    lengths = Counter()
    rare = 0
    for _ in range(3000):
        app = gen.application()
        parse_application(app)
        me = app["applicant"]
        assert ids.validate_id_number(me["id_number"]) == me["id_number"]
        for doc in app["documents"]:
            for key in ("employer_uscc", "uscc"):
                if key in doc:
                    assert ids.validate_uscc(doc[key]) == doc[key]
        lengths[len(me["name"])] += 1
        rare += RARE_CHAR in me["name"]
    assert lengths[2] > 300 and lengths[3] > 1500 and lengths[4] > 10
    assert rare >= 1


def test_fill_spreads_outcomes_and_states_and_verifies(store: Store, evaluator: Evaluator) -> None:
    seen: list[int] = []
    changes = fill(store, 1500, evaluator, CLERK, seed=7, batch=400, progress=lambda d, t, m: seen.append(d))
    assert changes.cases_added == 1500 and seen == [400, 800, 1200, 1500]
    outcomes = dict(store.conn.execute("SELECT outcome, count(*) FROM decisions GROUP BY outcome").fetchall())
    assert set(outcomes) == {"settle", "incomplete", "not_eligible"}
    states = dict(store.conn.execute("SELECT state, count(*) FROM cases GROUP BY state").fetchall())
    assert set(states) == {"draft", "evaluated", "consented", "approved", "completed", "withdrawn", "rejected"}
    numbers = [r[0] for r in store.conn.execute("SELECT number FROM cases")]
    assert len(set(numbers)) == 1500
    report = verify_store(store)
    assert report.ok, report.problems
    assert report.entries == 1500
    completed = store.conn.execute("SELECT number FROM cases WHERE state = 'completed' LIMIT 1").fetchone()[0]
    view = store.cases.get(completed)
    assert view.decision and view.decision.address and view.decision.address.text


def test_sample_and_interactive_cases_share_one_numbering(store: Store, evaluator: Evaluator) -> None:
    from tests.intake.store.conftest import make_app

    store.settings.set_hall_township("350502001", CLERK)
    fill(store, 50, evaluator, CLERK, seed=1)
    number = store.cases.create(make_app(), CLERK).case
    assert number not in {r[0] for r in store.conn.execute("SELECT number FROM cases WHERE number != ?", (number,))}
    assert verify_store(store).ok


def test_cancel_keeps_whole_batches(store: Store, evaluator: Evaluator) -> None:
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if done >= 200:
            token.cancel()

    with pytest.raises(Cancelled):
        fill(store, 1000, evaluator, CLERK, seed=2, batch=100, progress=progress, cancel=token)
    assert store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 200
    assert verify_store(store).ok
