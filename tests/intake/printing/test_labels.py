"""The printed labels for paths, address kinds and priority groups are the province pack's own."""

from __future__ import annotations

import tomllib

from intake.models.documents import DOCUMENT_CLASSES
from intake.printing.labels import ADDRESS_LABELS, FIELD_LABELS, PATH_LABELS, PRIORITY_LABELS, field_label
from tests.conftest import REPO

PACK = tomllib.loads((REPO / "rules" / "province.toml").read_text(encoding="utf-8"))


def test_labels_match_the_province_pack() -> None:
    assert PATH_LABELS == {k: v["label"] for k, v in PACK["paths"].items()}
    assert ADDRESS_LABELS == {k: v["label"] for k, v in PACK["address"].items()}
    assert PRIORITY_LABELS == {k: v["label"] for k, v in PACK["priority_groups"].items()}


def test_every_document_field_has_a_chinese_label() -> None:
    for cls in DOCUMENT_CLASSES:
        doc_type = cls.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
        for name in cls.model_fields:
            if name != "type":
                assert name in FIELD_LABELS and field_label(doc_type, name) != name, (doc_type, name)
