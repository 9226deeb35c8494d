"""Every Chinese word the printed documents use for an id of the core, and how field values are
written on paper. Kept in one place so a translator or reviewer finds them all.

Path, address-kind and priority-group labels repeat the province rule pack's own labels (a test
keeps them equal), so a document prints even when the rules folder cannot be read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intake.labels import (  # noqa: F401 - re-exported for the printing modules
    ADDRESS_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    PATH_LABELS,
    PRIORITY_LABELS,
    RELATION_LABELS,
)
from intake.labels import DOCUMENT_CHOICE_LABELS as CHOICE_LABELS
from intake.models.documents import DOCUMENT_LABELS

FIELD_LABELS: dict[str, str] = {
    "id_number": "公民身份号码",
    "name": "姓名",
    "division": "行政区划代码",
    "address": "地址",
    "employer_name": "用人单位名称",
    "employer_uscc": "用人单位统一社会信用代码",
    "start": "起始日期",
    "end": "终止日期",
    "workplace_township": "工作地点乡镇（街道）",
    "uscc": "统一社会信用代码",
    "holder_id_number": "经营者身份号码",
    "township": "所在乡镇（街道）",
    "school_kind": "院校类别",
    "number": "证书编号",
    "graduated_on": "毕业日期",
    "level": "等级",
    "certified_by": "认证地行政区划代码",
    "issuer": "出具机构",
    "owner_id_numbers": "权利人身份号码",
    "lessee_id_number": "承租人身份号码",
    "registration_number": "租赁登记备案号",
    "months": "本县（区）缴费月数",
    "valid_from": "有效期起始日期",
    "school": "录取院校",
    "discharged_on": "退役日期",
}

#: Field labels that differ by document type.
FIELD_LABELS_BY_TYPE: dict[tuple[str, str], str] = {
    ("household_register", "address"): "户籍地址",
    ("household_register", "division"): "户籍所在地行政区划代码",
    ("property_certificate", "address"): "不动产坐落",
    ("rental_proof", "address"): "租赁房屋地址",
    ("rental_proof", "start"): "租赁起始日期",
    ("rental_proof", "end"): "租赁终止日期",
    ("labor_contract", "start"): "合同起始日期",
    ("labor_contract", "end"): "合同终止日期",
    ("business_license", "township"): "登记地乡镇（街道）",
    ("collective_household_acceptance", "township"): "集体户所在乡镇（街道）",
    ("collective_household_acceptance", "employer_uscc"): "接收单位统一社会信用代码",
    ("admission_notice", "division"): "院校所在地行政区划代码",
    ("residence_permit", "number"): "居住证编号",
    ("overseas_credential_certification", "number"): "认证书编号",
}

#: How an empty value reads, where emptiness means something.
EMPTY_VALUES: dict[tuple[str, str], str] = {
    ("labor_contract", "end"): "无固定期限",
    ("rental_proof", "end"): "未约定",
    ("rental_proof", "registration_number"): "未办理登记备案",
}

TOWNSHIP_FIELDS = frozenset({"workplace_township", "township"})
CHOICE_FIELDS = frozenset({"school_kind", "level"})


def document_label(doc_type: str) -> str:
    """The document's Chinese name."""
    return DOCUMENT_LABELS.get(doc_type, doc_type)


def field_label(doc_type: str, name: str) -> str:
    """A field's label, specific to the document type where it differs."""
    return FIELD_LABELS_BY_TYPE.get((doc_type, name)) or FIELD_LABELS.get(name, name)


def date_text(value: dt.date) -> str:
    """``2017年6月1日``."""
    return f"{value.year}年{value.month}月{value.day}日"


def datetime_text(value: dt.datetime) -> str:
    """``2017年6月1日 09:30``."""
    return f"{date_text(value)} {value:%H:%M}"


def township_text(code: str, names: dict[str, str]) -> str:
    """``350502002（临江街道）``, or the bare code when the registry does not name it."""
    name = names.get(code)
    return f"{code}（{name}）" if name else code


def value_text(doc_type: str, name: str, value: Any, townships: dict[str, str]) -> str:
    """A document field's value as the filing form prints it."""
    if value is None or value == "":
        return EMPTY_VALUES.get((doc_type, name), "—")
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if name in TOWNSHIP_FIELDS:
        return township_text(value, townships)
    if name in CHOICE_FIELDS:
        return CHOICE_LABELS.get(value, value)
    if name == "months":
        return f"{value} 个月"
    return str(value)
