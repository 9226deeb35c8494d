"""Who is signed in at which hall, and the rules loaded for this run — handed to every screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.evaluation import Evaluator
    from intake.rules.townships import Townships
    from intake.store.ops import Actor


@dataclass
class Session:
    """The signed-in user and the hall; the evaluator is loaded on first use (cold start)."""

    user: str
    role: str
    township: str  # the hall's 9-digit township; "" on the county's installation
    townships: "Townships"
    county_code: str = ""  # the county's 6-digit code on the county's installation
    _evaluator: "Evaluator | None" = field(default=None, repr=False)
    _pack_names: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def county(self) -> str:
        return self.township[:6] or self.county_code

    @property
    def is_county(self) -> bool:
        """True on the county's installation: it imports the halls' bundles and does no intake."""
        return not self.township

    @property
    def actor(self) -> "Actor":
        from intake.store.ops import Actor

        return Actor(self.user, self.role)

    @property
    def evaluator(self) -> "Evaluator":
        """The rules and township registry, loaded once per run (about a quarter of a second)."""
        if self._evaluator is None:
            from intake.config import default_rules_dir
            from intake.evaluation import Evaluator
            from intake.rules.loader import load_packs
            from intake.rules.resolve import RuleLibrary

            packs = load_packs(default_rules_dir())
            self._pack_names = {p.data.pack.id: p.data.pack.name for p in packs}
            self._evaluator = Evaluator(RuleLibrary(packs), self.townships)
        return self._evaluator

    def pack_name(self, pack_id: str) -> str:
        """A rule pack's Chinese name (福建省推动非户籍人口在城市落户实施方案（省级基准）) for
        the clerk; the id (``fujian-2017``) only where no name is known."""
        self.evaluator  # noqa: B018 - loads the packs and their names
        return self._pack_names.get(pack_id, pack_id)

    def hall_name(self) -> str:
        """The township's name from the registry, e.g. 海滨街道."""
        town = self.townships.get(self.township)
        return town.name if town else self.township

    def may_manage_accounts(self) -> bool:
        return self.role == "admin"
