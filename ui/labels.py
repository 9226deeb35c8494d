"""Every Chinese word the screens show for an id of the core: field names, choices, outcomes,
states, roles. Kept in one place so a translator or reviewer finds them all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from intake.labels import ADDRESS_LABELS as ADDRESS_KIND_LABELS  # noqa: F401 - for the screens
from intake.labels import (  # noqa: F401 - for the screens
    DOCUMENT_CHOICE_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    PATH_LABELS,
    PRIORITY_LABELS,
    RELATION_LABELS,
)

if TYPE_CHECKING:
    from intake.rules.townships import Townships

CHOICE_LABELS: dict[str, str] = {**DOCUMENT_CHOICE_LABELS, **RELATION_LABELS, **KIND_LABELS}

FIELD_LABELS: dict[str, str] = {
    "id_number": "公民身份号码",
    "name": "姓名",
    "phone": "联系电话",
    "relation": "关系",
    "division": "行政区划代码（6 位）",
    "address": "地址",
    "employer_name": "用人单位名称",
    "employer_uscc": "用人单位统一社会信用代码",
    "start": "起始日期",
    "end": "终止日期",
    "workplace_township": "工作地点乡镇（街道）代码",
    "uscc": "统一社会信用代码",
    "holder_id_number": "经营者身份号码",
    "township": "所在乡镇（街道）代码",
    "school_kind": "院校类别",
    "number": "证书编号",
    "graduated_on": "毕业日期",
    "level": "等级",
    "certified_by": "认证地行政区划代码（6 位）",
    "issuer": "出具机构",
    "owner_id_numbers": "权利人身份号码",
    "lessee_id_number": "承租人身份号码",
    "registration_number": "租赁登记备案号",
    "months": "本县（区）缴费月数",
    "valid_from": "有效期起始日期",
    "school": "录取院校",
    "discharged_on": "退役日期",
}

# Field labels that differ by document type.
FIELD_LABELS_BY_TYPE: dict[tuple[str, str], str] = {
    ("household_register", "address"): "户籍地址",
    ("household_register", "division"): "户籍所在地行政区划代码（6 位）",
    ("property_certificate", "address"): "不动产坐落",
    ("rental_proof", "address"): "租赁房屋地址",
    ("rental_proof", "start"): "租赁起始日期",
    ("rental_proof", "end"): "租赁终止日期",
    ("labor_contract", "start"): "合同起始日期",
    ("labor_contract", "end"): "合同终止日期",
    ("business_license", "township"): "登记地乡镇（街道）代码",
    ("collective_household_acceptance", "township"): "集体户所在乡镇（街道）代码",
    ("collective_household_acceptance", "employer_uscc"): "接收单位统一社会信用代码",
    ("admission_notice", "division"): "院校所在地行政区划代码（6 位）",
    ("residence_permit", "number"): "居住证编号",
    ("overseas_credential_certification", "number"): "认证书编号",
}

FIELD_HINTS: dict[str, str] = {
    "date": "例如 2017-06-01",
    "optional_date": "留空表示无固定期限",
    "list": "多位权利人用逗号或顿号分隔",
    "registration_number": "未办理备案的留空",
    "phone": "可不填",
}

def field_label(doc_type: str | None, field: str) -> str:
    """The label of a field, specific to the document type where it differs."""
    return FIELD_LABELS_BY_TYPE.get((doc_type or "", field)) or FIELD_LABELS.get(field, field)


def choice_label(value: str) -> str:
    return CHOICE_LABELS.get(value, value)


def township_label(code: str, townships: "Townships") -> str:
    """``海滨街道（350502001）`` where the registry knows the code, else the code."""
    town = townships.get(code)
    return f"{town.name}（{code}）" if town else code
