"""The states of a case and which step may move it where (POLICY 一(二): nothing is filed without
the applicant's recorded wish; they may withdraw at any time before completion)."""

from __future__ import annotations

STATE_LABELS = {
    "draft": "草稿",
    "evaluated": "已评估",
    "consented": "已确认落户意愿",
    "approved": "已审核通过",
    "completed": "已办结",
    "withdrawn": "已撤回",
    "rejected": "已驳回",
}
STATES = tuple(STATE_LABELS)

#: Cases still in progress: editable, withdrawable, rejectable.
OPEN_STATES = frozenset({"draft", "evaluated", "consented", "approved"})
#: Pages may be added until a supervisor has approved what they saw.
ATTACHABLE_STATES = frozenset({"draft", "evaluated", "consented"})

#: step -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "evaluate": (OPEN_STATES, "evaluated"),
    "consent": (frozenset({"evaluated"}), "consented"),
    "choose_residence_permit": (frozenset({"evaluated"}), "withdrawn"),
    "approve": (frozenset({"consented"}), "approved"),
    "complete": (frozenset({"approved"}), "completed"),
    "withdraw": (OPEN_STATES, "withdrawn"),
    "reject": (OPEN_STATES, "rejected"),
}

STEP_LABELS = {
    "evaluate": "评估",
    "consent": "记录落户意愿",
    "choose_residence_permit": "记录选择办理居住证",
    "approve": "审核通过",
    "complete": "办结",
    "withdraw": "撤回",
    "reject": "驳回",
}

#: What to do instead, when a step comes too early.
_HINTS = {
    ("consent", "draft"): "请先评估",
    ("choose_residence_permit", "draft"): "请先评估",
    ("approve", "draft"): "请先评估并记录申请人落户意愿",
    ("approve", "evaluated"): "请先记录申请人落户意愿",
    ("complete", "draft"): "须先评估、记录意愿并经审核",
    ("complete", "evaluated"): "须先记录意愿并经审核",
    ("complete", "consented"): "须先经审核人审核通过",
}


def refusal(step: str, number: str, state: str) -> str:
    """The clerk's message for a step the case's state does not allow."""
    message = f"案件 {number} 当前状态为“{STATE_LABELS[state]}”，不能{STEP_LABELS[step]}"
    hint = _HINTS.get((step, state))
    return f"{message}：{hint}" if hint else message
