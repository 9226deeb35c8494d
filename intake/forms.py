"""What a form needs to know about a record: its fields, what kind of input each takes, and whether
one value is acceptable — all read from the pydantic models, so the desktop form and the JSON
contract can never disagree on a rule.

Used by the desktop app to build a form per document type and to validate as the clerk types.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from intake.models.documents import DOCUMENT_CLASSES, DOCUMENT_TYPES
from intake.models.fields import TownshipCode
from intake.models.parse import describe_validation_error

FieldKind = Literal["text", "date", "choice", "int", "list", "township"]

# Documents whose field must carry the applicant's own ID number (or name): prefilled by forms.
APPLICANT_ID_FIELDS: dict[str, str] = {
    "id_card": "id_number",
    "business_license": "holder_id_number",
    "property_certificate": "owner_id_numbers",
    "rental_proof": "lessee_id_number",
}
APPLICANT_NAME_FIELDS: dict[str, str] = {"id_card": "name"}


@dataclass(frozen=True)
class FieldSpec:
    """One input of a form: ``required`` False means it may be left empty."""

    name: str
    kind: FieldKind
    required: bool
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True); anything else → (annotation, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _base_type(annotation: Any) -> Any:
    if typing.get_origin(annotation) is Annotated:
        return typing.get_args(annotation)[0]
    return annotation


_TOWNSHIP = typing.get_args(TownshipCode)[1]


def _spec(name: str, info: Any) -> FieldSpec:
    inner, optional = _unwrap_optional(info.annotation)
    base = _base_type(inner)
    required = info.is_required() and not optional
    if typing.get_origin(base) is Literal:
        return FieldSpec(name, "choice", required, tuple(typing.get_args(base)))
    if typing.get_origin(base) is list:
        return FieldSpec(name, "list", required)
    if base is dt.date:
        return FieldSpec(name, "date", required)
    if any(m is _TOWNSHIP for m in info.metadata) or any(m is _TOWNSHIP for m in typing.get_args(inner)[1:]):
        return FieldSpec(name, "township", required)  # a 9-digit code the desk lets the clerk pick by name
    if base is int:
        bounds = {type(m).__name__: m for m in info.metadata}
        low = getattr(bounds.get("Ge"), "ge", None)
        high = getattr(bounds.get("Le"), "le", None)
        return FieldSpec(name, "int", required, minimum=low, maximum=high)
    return FieldSpec(name, "text", required)


def document_class(doc_type: str) -> type[BaseModel]:
    """The model of a document type id."""
    return DOCUMENT_CLASSES[DOCUMENT_TYPES.index(doc_type)]


@lru_cache(maxsize=None)
def field_specs(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The inputs of a record, in the model's order; a document's ``type`` tag is not an input."""
    return tuple(
        _spec(name, info)
        for name, info in model.model_fields.items()
        if name != "type" and _base_type(info.annotation) is not bool
    )


def document_fields(doc_type: str) -> tuple[FieldSpec, ...]:
    """The inputs of one document type."""
    return field_specs(document_class(doc_type))


@lru_cache(maxsize=None)
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def to_value(spec: FieldSpec, raw: Any) -> Any:
    """A form value as the JSON contract wants it: an empty optional field is None (an open-ended
    date, no phone, an unregistered rental); list entries are stripped, empty ones dropped."""
    if not spec.required and isinstance(raw, str) and not raw.strip():
        return None
    if spec.kind == "list" and isinstance(raw, list):
        return [item.strip() for item in raw if item.strip()]
    if isinstance(raw, str) and spec.kind in ("text", "date", "township"):
        return raw.strip()
    return raw


def field_error(model: type[BaseModel], name: str, raw: Any) -> str | None:
    """Why ``raw`` is not acceptable for the field (Chinese, from the model's own validators), or
    None. List errors name the entry (``第 2 项：…``)."""
    spec = next(s for s in field_specs(model) if s.name == name)
    value = to_value(spec, raw)
    try:
        _adapter(model, name).validate_python(value)
    except ValidationError as e:
        error = e.errors(include_url=False)[0]
        _, message = describe_validation_error({**error, "loc": ()})
        index = next((p for p in error["loc"] if isinstance(p, int)), None)
        return f"第 {index + 1} 项：{message}" if index is not None else message
    return None


def document_record(doc_type: str, values: dict[str, Any]) -> dict[str, Any]:
    """The document as the application JSON holds it, from raw form values."""
    record: dict[str, Any] = {"type": doc_type}
    for spec in document_fields(doc_type):
        if spec.name in values:
            record[spec.name] = to_value(spec, values[spec.name])
    return record

