"""Turning raw JSON into an ``Application``, or one ``InvalidInput`` naming the field.

Pydantic checks each field; the consistency checks here need several fields at once (an ID card
must be the applicant's, an end may not precede its start, nobody is born after applying).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError

from intake import ids
from intake.errors import InvalidInput
from intake.models.application import Application
from intake.models.documents import DOCUMENT_TYPES

if TYPE_CHECKING:
    from intake.models.documents import LaborContract, RentalProof

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATED_TYPES = frozenset(("labor_contract", "rental_proof"))  # LaborContract, RentalProof

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段（此处没有这一项）",
    "union_tag_not_found": "缺少证件类型 type",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": "应为对象（{…}）",
    "model_attributes_type": "应为对象（{…}）",
    "dict_type": "应为对象（{…}）",
    "too_short": "至少需要一项",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
}


def format_location(loc: tuple[Any, ...]) -> str:
    """``('documents', 2, 'labor_contract', 'end')`` → ``documents[2].end``."""
    out = ""
    previous: Any = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(previous, int) and part in DOCUMENT_TYPES:
            pass  # the discriminator tag pydantic inserts
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out


def describe_validation_error(error: Any) -> tuple[str, str]:
    """(field path, Chinese message) for one pydantic error."""
    field = format_location(tuple(error["loc"]))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "union_tag_invalid":
        known = "、".join(DOCUMENT_TYPES)
        return f"{field}.type", f"未知的证件类型 {ctx.get('tag')!r}，应为 {known} 之一"
    if kind == "literal_error":
        choices = "、".join(repr(v) for v in _literal_choices(error))
        return field, f"取值应为 {choices} 之一"
    template = _MESSAGES.get(kind)
    if template is None:
        # Our own validators raise Chinese messages; pydantic's built-in ones are English.
        message = error["msg"]
        return field, message if _CJK.search(message) else f"取值不符合要求（{message}）"
    try:
        return field, template.format(**ctx)
    except (KeyError, IndexError):
        return field, template


# The json module's messages are English; the clerk gets the common ones in Chinese.
_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "缺少取值"),
    ("Expecting property name", "字段名应为双引号括起的文字"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Unterminated string", "文字缺少结尾的双引号"),
    ("Invalid control character", "文字中有控制字符（如换行）"),
    ("Invalid \\escape", "无效的转义符"),
    ("Invalid \\u", "无效的 \\u 转义"),
    ("Extra data", "JSON 结束后还有多余内容"),
    ("Illegal trailing comma", "多余的逗号"),
)


def _json_problem(msg: str) -> str:
    """``：缺少逗号`` for a known json message, nothing for an unknown one (never English)."""
    return next((f"：{text}" for prefix, text in _JSON_PROBLEMS if msg.startswith(prefix)), "")


class _Repeated(dict):  # type: ignore[type-arg]
    """A JSON object that gave a field twice; ``repeated`` is the first such field."""

    repeated = ""


def _loads(text: str | bytes) -> Any:
    """The JSON value of ``text``; InvalidInput naming the first field given twice in one object
    (two ``jurisdiction``: the json module silently keeps the last, and the file says two things)."""
    marked: list[_Repeated] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        seen: set[str] = set()
        repeated = _Repeated(obj)
        repeated.repeated = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        marked.append(repeated)
        return repeated

    data = json.loads(text, object_pairs_hook=hook)
    if marked:  # most files have none, and are not walked
        where = _first_repeat(data) or marked[0].repeated
        raise InvalidInput(f"字段 {where.rpartition('.')[2]} 出现了两次，只能给出一次", where)
    return data


def _first_repeat(value: Any, path: str = "") -> str | None:
    """Where the first field given twice is (``documents[2].end``), in the file's order."""
    if isinstance(value, _Repeated):
        return f"{path}.{value.repeated}" if path else value.repeated
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
        if (found := _first_repeat(item, where)) is not None:
            return found
    return None


def _literal_choices(error: Any) -> list[str]:
    """The allowed values of a Literal, from the error's context (pydantic joins them in English)."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return [part.strip().strip("'\"") for part in re.split(r",| or ", expected) if part.strip()]


def _consistency(app: Application) -> None:
    """Refuses documents that contradict the application itself."""
    me = app.applicant
    today = app.application_date
    people = [("applicant.id_number", me.id_number)]
    people += [(f"family[{i}].id_number", m.id_number) for i, m in enumerate(app.family)]
    for field, number in people:
        if ids.id_birth_date(number) > today:
            raise InvalidInput("出生日期晚于申请日期，请核对身份号码", field)
    listed: dict[str, int] = {}
    for i, member in enumerate(app.family):
        if member.id_number == me.id_number:
            raise InvalidInput("家庭成员不能是申请人本人", f"family[{i}].id_number")
        if (first := listed.setdefault(member.id_number, i)) != i:
            raise InvalidInput(f"与 family[{first}] 是同一人（身份号码相同），同一家庭成员只能列一次", f"family[{i}].id_number")
    for i, doc in enumerate(app.documents):
        where = f"documents[{i}]"
        if doc.type == "id_card" and doc.id_number != me.id_number:  # POLICY, outcomes: invalid input
            raise InvalidInput("身份证号码与申请人身份号码不一致：不是申请人本人的身份证", f"{where}.id_number")
        # Only these types have a start and an end (getattr on a pydantic model that lacks the
        # attribute takes pydantic's slow path, which cost more than the whole check).
        if doc.type in _DATED_TYPES:
            dated = cast("LaborContract | RentalProof", doc)
            if dated.end is not None and dated.end < dated.start:
                raise InvalidInput("结束日期早于开始日期", f"{where}.end")


def parse_application(data: str | bytes | dict[str, Any]) -> Application:
    """Validates raw input into an Application; raises InvalidInput naming the first bad field."""
    if not isinstance(data, dict):
        if not data.strip():
            raise InvalidInput("文件是空的，应为一份 JSON 格式的申请")
        try:
            data = _loads(data)
        except json.JSONDecodeError as e:
            raise InvalidInput(f"JSON 格式错误：第 {e.lineno} 行第 {e.colno} 列{_json_problem(e.msg)}") from None
        except UnicodeDecodeError:
            raise InvalidInput("文件不是 UTF-8 编码的文本") from None
        except RecursionError:
            # The decoder recurses per level; an application is a few levels deep, so this is junk.
            raise InvalidInput("JSON 嵌套层数过多，不是一份申请") from None
    if not isinstance(data, dict):
        raise InvalidInput("申请应为一个 JSON 对象（{…}）")
    try:
        app = Application.model_validate(data)
    except ValidationError as e:
        field, message = describe_validation_error(e.errors(include_url=False)[0])
        raise InvalidInput(message, field) from None
    _consistency(app)
    return app
