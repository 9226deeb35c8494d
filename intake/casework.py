"""The desk's compound step "save and evaluate": file or correct the application, attach the scans
not yet stored, and store a decision — over the store's public API, from the worker thread.

Every scan is read and checked before anything is written, so a damaged or vanished file refuses
the save whole. Each store call is its own transaction with its own audit entry; a failure after
that (the disk, say) leaves a consistent case — a draft, or an older version — that the next save
picks up from: ``created`` hands a new case's number over at once, so that save edits it rather
than filing the applicant a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake.models.decision import Decision
from intake.models.parse import parse_application
from intake.store.scans import read_scan, refuse_repeats

if TYPE_CHECKING:
    from intake.evaluation import Evaluator
    from intake.store.db import Store
    from intake.store.ops import Actor


@dataclass(frozen=True)
class Saved:
    """The case number, its stored decision, and whether anything was written."""

    case: str
    decision: Decision
    written: bool


def save_and_evaluate(
    store: "Store",
    evaluator: "Evaluator",
    number: str | None,
    data: dict[str, Any],
    pages: list[list[Path]],
    actor: "Actor",
    created: Callable[[str], None] = lambda number: None,
) -> Saved:
    """Creates the case (``number`` None; ``created`` is told its number) or stores a corrected
    version, attaches new pages per document, and evaluates unless the stored decision already
    covers exactly this application."""
    app = parse_application(data)
    scans = [[read_scan(path) for path in files] for files in pages]
    for batch in scans:
        refuse_repeats(batch)
    written = False
    if number is None:
        number = str(store.cases.create(app, actor).case)
        created(number)
        written = True
    elif store.cases.get(number).application != app:
        store.cases.edit(number, app, actor)
        written = True
    view = store.cases.get(number)
    for index, batch in enumerate(scans):
        stored = {p.sha256 for p in view.documents[index].pages} if index < len(view.documents) else set()
        new = [scan for scan in batch if scan.sha256 not in stored]
        if new:
            store.pages.attach_scans(number, index, new, actor)
            written = True
    if view.decision is not None and not written:
        return Saved(number, view.decision, False)
    decision, _ = store.workflow.evaluate(number, evaluator, actor)
    return Saved(number, decision, True)
