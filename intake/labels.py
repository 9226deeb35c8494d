"""The Chinese words for the core's ids — outcomes, application kinds, paths, address kinds,
priority groups, relations and document-field choices — shared by the screens, the printed
documents and the statistics, so a clerk reads the same word everywhere. Path, address and
priority labels match the ``label`` of the province rule pack (a test checks it)."""

from __future__ import annotations

OUTCOME_LABELS: dict[str, str] = {
    "settle": "符合落户条件",
    "incomplete": "材料不全，请一次性补齐",
    "not_eligible": "暂不符合落户条件",
}

KIND_LABELS: dict[str, str] = {
    "settle": "落户申请",
    "student_collective": "迁入院校学生集体户",
    "return_to_origin": "毕业后迁回原籍",
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

ADDRESS_LABELS: dict[str, str] = {
    "own_residence": "本人合法稳定住所（含租赁）",
    "employer_collective": "就业单位集体户",
    "township_public": "就业所在地乡（镇、街道）公共地址",
    "school_collective": "院校学生集体户",
    "origin": "原籍",
}

PRIORITY_LABELS: dict[str, str] = {
    "rural_student": "农村学生升学",
    "veteran": "参军进入城镇的人口",
    "long_term_resident": "在城镇就业居住 5 年以上的农业转移人口",
    "family_migration": "举家迁徙的农业转移人口",
    "new_generation_migrant": "新生代农民工",
}

RELATION_LABELS: dict[str, str] = {"spouse": "配偶", "child": "子女", "parent": "父母"}

DOCUMENT_CHOICE_LABELS: dict[str, str] = {
    "higher_education": "高等院校",
    "vocational": "职业院校",
    "primary": "初级工",
    "intermediate": "中级工",
    "advanced": "高级工",
    "technician": "技师",
    "senior_technician": "高级技师",
}
