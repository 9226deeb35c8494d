"""The one entry point every face uses to decide an application: load rules and registry once,
then resolve and evaluate per application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from intake.config import default_rules_dir, default_townships
from intake.engine.evaluator import evaluate
from intake.models.application import Application
from intake.models.decision import Decision
from intake.models.parse import parse_application
from intake.rules.resolve import RuleLibrary
from intake.rules.schema import RuleSet
from intake.rules.townships import Townships


class Evaluator:
    """Rules and township registry, loaded and checked once."""

    def __init__(self, library: RuleLibrary, townships: Townships) -> None:
        self.library = library
        self.townships = townships

    @classmethod
    def load(cls, rules_dir: Path | None = None, townships: Path | None = None) -> "Evaluator":
        """From folders on disk; defaults to the shipped rules and their registry."""
        rules_dir = rules_dir or default_rules_dir()
        towns = Townships.from_csv(townships or default_townships(rules_dir))
        return cls(RuleLibrary.from_folder(rules_dir), towns)

    def rules_for(self, app: Application) -> RuleSet:
        """The rule set in force for the application's county on its date."""
        return self.library.resolve(app.jurisdiction, app.application_date)

    def decide(self, app: Application) -> Decision:
        """Evaluates a validated application."""
        return evaluate(app, self.rules_for(app), self.townships)

    def decide_raw(self, data: str | bytes | dict[str, Any]) -> tuple[Application, Decision]:
        """Validates raw JSON and evaluates it; InvalidInput names the bad field."""
        app = parse_application(data)
        return app, self.decide(app)
