"""The desk's compound step "save and evaluate": file or correct the application, attach the scans
not yet stored, and store a decision — over the store's public API, from the worker thread.

Each store call is its own transaction with its own audit entry; a failure half-way leaves a
consistent case (a draft, or an older version) that the next save picks up from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake.models.decision import Decision
from intake.models.parse import parse_application

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_and_evaluate(
    store: "Store",
    evaluator: "Evaluator",
    number: str | None,
    data: dict[str, Any],
    pages: list[list[Path]],
    actor: "Actor",
) -> Saved:
    """Creates the case (``number`` None) or stores a corrected version, attaches new pages per
    document, and evaluates unless the stored decision already covers exactly this application."""
    app = parse_application(data)
    written = False
    if number is None:
        number = str(store.cases.create(app, actor).case)
        written = True
    elif store.cases.get(number).application != app:
        store.cases.edit(number, app, actor)
        written = True
    view = store.cases.get(number)
    for index, files in enumerate(pages):
        stored = {p.sha256 for p in view.documents[index].pages} if index < len(view.documents) else set()
        new = [f for f in files if file_sha256(f) not in stored]
        if new:
            store.pages.attach_files(number, index, new, actor)
            written = True
    if view.decision is not None and not written:
        return Saved(number, view.decision, False)
    decision, _ = store.workflow.evaluate(number, evaluator, actor)
    return Saved(number, decision, True)
