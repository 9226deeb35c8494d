"""`intake print receipt|notice|form CASE --out FILE.pdf`: a stored case's documents as PDF.

reportlab is imported only when the command runs: `intake evaluate` must stay light.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.case_cmd import actor, add_store_options, open_store
from intake.cli.inputs import TOWNSHIPS_HELP, check_rule_paths
from intake.cli.output import emit_json, say

DOCUMENTS = {"receipt": "受理回执", "notice": "一次性告知书", "form": "落户申请登记表"}


def run(args: argparse.Namespace) -> int:
    from intake.config import default_rules_dir, default_townships
    from intake.printing.render import write_pdf
    from intake.printing.source import printable_case, record_prints
    from intake.rules.townships import Townships

    check_rule_paths(None, args.townships)
    townships = Townships.from_csv(args.townships or default_townships(default_rules_dir()))
    with open_store(args) as store:
        case = printable_case(store, args.case, townships)
        out = write_pdf(args.document, case, args.out)
        record_prints(store, [case.number], args.document, actor(args))
    if args.json:
        emit_json({"out": str(out), "case": case.number, "document": args.document})
    else:
        say(f"已生成案件 {case.number} 的{DOCUMENTS[args.document]}：{out}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "print",
        help="打印受理回执、一次性告知书或落户申请登记表（PDF）",
        description="把案件的受理回执（receipt）、一次性告知书（notice，仅限“材料不全”的案件）或落户申请登记表"
        "（form）生成为 A4 PDF，内嵌中文字体；回执带有本机签名的二维码。每次打印记入案件的审计记录。",
    )
    parser.add_argument("document", choices=list(DOCUMENTS), help="receipt 受理回执、notice 一次性告知书、form 落户申请登记表")
    parser.add_argument("case", metavar="CASE", help="案件编号")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    parser.add_argument("--townships", type=Path, metavar="FILE.csv", help=TOWNSHIPS_HELP)
    add_store_options(parser, writes=True)
    parser.set_defaults(run=run)
