"""`intake verify-receipt FILE.pdf|PAYLOAD`: checks a receipt's signed QR payload offline."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from intake.cli.output import complain, emit_json, say

if TYPE_CHECKING:
    from intake.printing.payload import Verified
    from intake.printing.verify import ReceiptCheck


def _json(check: "ReceiptCheck") -> dict[str, Any]:
    if check.verified is None:
        return {"case": check.case, "ok": False, "problem": check.problem}
    p = check.verified.payload
    return {
        "case": p.case, "ok": True, "issued": p.issued.isoformat(), "applicant": p.applicant,
        "outcome": p.outcome, "path": p.path, "address_kind": p.address_kind, "township": p.township,
        "rule_pack_sha256": p.rules, "fingerprint": check.verified.fingerprint,
    }


def _line(verified: "Verified") -> str:
    from intake.printing.labels import OUTCOME_LABELS

    p = verified.payload
    return (f"回执有效：案件 {p.case}，{p.issued.isoformat()} 受理，申请人 {p.applicant}，"
            f"结论“{OUTCOME_LABELS.get(p.outcome, p.outcome)}”，签名密钥 {verified.fingerprint}。")


def run(args: argparse.Namespace) -> int:
    from intake.errors import ReceiptRejected
    from intake.printing.verify import check_receipts

    try:
        checks = check_receipts(args.source)
    except ReceiptRejected as e:
        if args.json:
            emit_json({"ok": False, "case": None, "problem": e.message})
        complain(e.message)
        return 2
    ok = all(c.ok for c in checks)
    if args.json:
        emit_json({"ok": ok, "case": checks[0].case, "receipts": [_json(c) for c in checks]})
    for check in checks:
        if check.verified is None:
            complain(f"回执无效：{check.problem}")
        elif not args.json:
            say(_line(check.verified))
    return 0 if ok else 2


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "verify-receipt",
        help="离线核验受理回执",
        description="离线核验受理回执的二维码签名：参数为本程序打印的回执 PDF（从其元数据读取二维码内容），"
        "或扫描二维码得到的文字（HKR1|…）。签名须来自本机或已信任的受理点（数据目录 keys/trusted/*.pub）。"
        "回执被改动、伪造或签名不受信任时以 2 退出。",
    )
    parser.add_argument("source", metavar="FILE.pdf|PAYLOAD", help="回执 PDF 文件，或二维码内容")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=run)
