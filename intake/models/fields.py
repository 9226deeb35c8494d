"""Field types shared by the application and decision models: each validates one standard and
fails with a Chinese message the clerk can act on."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator
from pydantic_core import PydanticCustomError

from intake import ids
from intake.errors import IdentifierError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Control characters, halves of surrogate pairs, and the invisible format characters a paste can
#: carry (zero-width spaces and joiners, direction overrides, a byte-order mark, a soft hyphen).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]")
_PHONE = re.compile(r"\+?[0-9][0-9-]{4,19}")


class Model(BaseModel):
    """Base of every record crossing a boundary: unknown fields refused, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _custom(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _custom("date_format", "日期格式应为 YYYY-MM-DD，例如 2017-06-01")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _custom("date_invalid", f"日期 {value} 不存在") from None


def _identifier(check: Any) -> Any:
    def validate(value: Any) -> str:
        if not isinstance(value, str):
            raise _custom("identifier_type", "应为文字")
        try:
            return check(value)
        except IdentifierError as e:
            raise _custom("identifier", e.message) from None

    return validate


def _printable(value: str) -> str:
    """``value`` trimmed (a cell pasted from a spreadsheet ends in a line break), unless it holds a
    control, format or lone surrogate character: what no paper document says, and what the store
    could not even write as UTF-8."""
    value = value.strip()
    if _UNPRINTABLE.search(value):
        raise _custom("text_unprintable", "含有控制字符或无法识别的字符，请重新输入")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _custom("text_type", "应为文字")
    text = unicodedata.normalize("NFC", _printable(value)).strip()
    if not text:
        raise _custom("text_empty", "不能为空")
    if len(text) > 200:
        raise _custom("text_long", "过长（最多 200 字）")
    return text


def _optional_text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _custom("text_type", "应为文字")
    return unicodedata.normalize("NFC", _printable(value)).strip()


def _phone(value: Any) -> str:
    if not isinstance(value, str):
        raise _custom("text_type", "应为文字")
    phone = ids.normalise(value)
    if not _PHONE.fullmatch(phone):
        raise _custom("phone", "电话号码只能包含数字、“-”和开头的“+”，5 到 20 位")
    return phone


IsoDate = Annotated[dt.date, PlainValidator(_parse_date), PlainSerializer(dt.date.isoformat)]
IdNumber = Annotated[str, PlainValidator(_identifier(ids.validate_id_number))]
Uscc = Annotated[str, PlainValidator(_identifier(ids.validate_uscc))]
CountyCode = Annotated[
    str, PlainValidator(_identifier(lambda v: ids.validate_division(v, 6, "县级行政区划代码")))
]
TownshipCode = Annotated[
    str, PlainValidator(_identifier(lambda v: ids.validate_division(v, 9, "乡镇（街道）代码")))
]
Text = Annotated[str, PlainValidator(_text)]
OptionalText = Annotated[str, PlainValidator(_optional_text)]
Phone = Annotated[str, PlainValidator(_phone)]
