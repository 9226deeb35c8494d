"""Every Chinese word the screens show for an id of the core: field names, choices, outcomes,
states, roles. Kept in one place so a translator or reviewer finds them all."""

from __future__ import annotations

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

CHOICE_LABELS: dict[str, str] = {
    "higher_education": "高等院校",
    "vocational": "职业院校",
    "primary": "初级工",
    "intermediate": "中级工",
    "advanced": "高级工",
    "technician": "技师",
    "senior_technician": "高级技师",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "settle": "落户申请",
    "student_collective": "迁入院校学生集体户",
    "return_to_origin": "毕业后迁回原籍",
}

OUTCOME_LABELS: dict[str, str] = {
    "settle": "符合落户条件",
    "incomplete": "材料不全，请一次性补齐",
    "not_eligible": "暂不符合落户条件",
}

ADDRESS_KIND_LABELS: dict[str, str] = {
    "own_residence": "本人合法稳定住所（含租赁）",
    "employer_collective": "就业单位集体户",
    "township_public": "就业所在地乡（镇、街道）公共地址",
    "school_collective": "院校学生集体户",
    "origin": "原籍",
}

PATH_LABELS: dict[str, str] = {
    "graduate_employed": "高校毕业生",
    "skilled_worker": "取得岗位技能资质等级证书人员",
    "vocational_graduate": "职业院校毕业生",
    "returned_overseas_student": "留学归国人员",
    "general": "合法稳定住所（一般通道）",
    "settle_before_employment": "先落户、后就业",
    "student_collective": "省内院校学生迁入学生集体户",
    "return_to_origin": "毕业后迁回原籍",
}

PRIORITY_LABELS: dict[str, str] = {
    "rural_student": "农村学生升学",
    "veteran": "参军进入城镇的人口",
    "long_term_resident": "在城镇就业居住 5 年以上的农业转移人口",
    "family_migration": "举家迁徙的农业转移人口",
    "new_generation_migrant": "新生代农民工",
}

def field_label(doc_type: str | None, field: str) -> str:
    """The label of a field, specific to the document type where it differs."""
    return FIELD_LABELS_BY_TYPE.get((doc_type or "", field)) or FIELD_LABELS.get(field, field)


def choice_label(value: str) -> str:
    return CHOICE_LABELS.get(value, value)
