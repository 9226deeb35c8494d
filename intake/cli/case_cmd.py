"""`intake case new|edit|attach|evaluate|consent|approve|complete|withdraw|reject|show|list`: cases in a store.

Also holds the options every store command shares (``--db``, ``--json``, ``--user``).
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from intake.cli.evaluate import add_rule_options
from intake.cli.inputs import load_evaluator, non_negative_int, positive_int, read_input
from intake.cli.output import emit_json, say
from intake.store.ops import Actor, Changes

if TYPE_CHECKING:
    from intake.models.application import Application
    from intake.models.decision import Decision
    from intake.store.db import Store


def add_store_options(parser: argparse.ArgumentParser, *, writes: bool) -> None:
    """``--db`` and ``--json`` for every store command; ``--user`` for those that write."""
    parser.add_argument("--db", type=Path, metavar="PATH", help="数据库文件（默认：环境变量 INTAKE_DB，否则用户数据目录中的 intake.db）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    if writes:
        parser.add_argument("--user", metavar="NAME", help="审计记录中的操作人（默认：当前登录名）")


def open_store(args: argparse.Namespace, *, create: bool = False) -> "Store":
    """The store named by ``--db`` (or the default); only commands that file cases create it."""
    from intake.store.db import Store

    return Store.open(args.db, create=create)


def actor(args: argparse.Namespace) -> Actor:
    """The command line acts for whoever can open the file, recorded under ``--user`` or the login name."""
    if args.user and args.user.strip():
        return Actor(args.user.strip())
    try:
        return Actor(getpass.getuser())
    except (OSError, KeyError):
        return Actor("unknown")


def _load_application(name: str) -> "Application":
    from intake.models.parse import parse_application

    return parse_application(read_input(name))


def _state_line(changes: Changes) -> None:
    from intake.store.states import STATE_LABELS

    say(f"案件 {changes.case} 现为“{STATE_LABELS.get(changes.state or '', changes.state)}”。")


def run_new(args: argparse.Namespace) -> int:
    app = _load_application(args.application)
    with open_store(args, create=True) as store:
        changes = store.cases.create(app, actor(args))
    if args.json:
        emit_json({"case": changes.case, "state": changes.state})
    else:
        say(f"已建立案件 {changes.case}（草稿）。")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    app = _load_application(args.application)
    with open_store(args) as store:
        changes = store.cases.edit(args.case, app, actor(args))
    if args.json:
        emit_json({"case": changes.case, "state": changes.state})
    else:
        say(f"已保存案件 {changes.case} 的修改，案件回到“草稿”，需重新评估。")
    return 0


def run_attach(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        changes = store.pages.attach_files(args.case, args.doc_index, args.files, actor(args))
        view = store.cases.get(args.case)
    pages = {p.sha256: p for p in view.documents[args.doc_index].pages}
    if args.json:
        emit_json({"case": changes.case, "doc_index": args.doc_index,
                   "pages": [{"sha256": sha, "seq": pages[sha].seq, "format": pages[sha].format,
                              "size": pages[sha].size, "filename": pages[sha].filename} for sha in changes.pages]})
    else:
        doc = view.documents[args.doc_index]
        say(f"已为案件 {changes.case} 第 {args.doc_index} 份证件（{doc.label}）添加 {len(changes.pages)} 页，现共 {len(doc.pages)} 页。")
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    evaluator = load_evaluator(args)
    with open_store(args) as store:
        decision, changes = store.workflow.evaluate(args.case, evaluator, actor(args))
    if args.json:
        emit_json(decision.model_dump(mode="json"))
    else:
        say(f"案件 {changes.case} 已评估：" + describe_decision(decision))
    return 0


def describe_decision(decision: "Decision") -> str:
    """One or a few lines for a person."""
    from intake.labels import PATH_LABELS
    from intake.store.workflow import OUTCOME_LABELS

    text = OUTCOME_LABELS[decision.outcome]
    if decision.outcome == "settle":
        address = decision.address
        township = address.township if address else None
        where = (address.text if address else None) or f"（乡镇名录缺少 {township} 的公共集体户地址）"
        path = PATH_LABELS.get(str(decision.path), str(decision.path))
        text += f"（{path}，依据第 {decision.clause} 条）；落户地址：{where}"
    elif decision.outcome == "incomplete":
        text += "；需补充：" + "；".join(gap.reason for gap in decision.missing)
    else:
        text += "；" + "；".join(r.reason for r in decision.reasons)
        if decision.residence_permit:
            text += "；可申领居住证"
    for warning in decision.warnings:
        text += f"\n  注意：{warning.reason}"
    return text


def _run_step(step: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with open_store(args) as store:
            flow = store.workflow
            who = actor(args)
            if step == "consent" and args.residence_permit:
                changes = flow.choose_residence_permit(args.case, who, args.reason)
            else:
                changes = getattr(flow, step)(args.case, who, args.reason)
        if args.json:
            emit_json({"case": changes.case, "state": changes.state})
        else:
            _state_line(changes)
        return 0

    return run


def run_show(args: argparse.Namespace) -> int:
    from intake.exchange.ledger import township_history

    with open_store(args) as store:
        view = store.cases.get(args.case)
        township = township_history(store.conn, view.id)  # at the county: what the township did
    if args.json:
        emit_json(view.to_json())
        return 0
    from intake.ids import mask_id_number

    app = view.application
    say(f"案件 {view.number}  状态：{view.state_label}  建立：{view.created_at}（{view.created_by}）")
    say(f"申请人：{app.applicant.name}  身份号码：{mask_id_number(app.applicant.id_number)}  "
        f"申请日期：{app.application_date.isoformat()}  辖区：{app.jurisdiction}")
    if view.reason:
        say(f"原因：{view.reason}")
    for doc in view.documents:
        say(f"  [{doc.index}] {doc.label}：{len(doc.pages)} 页")
    if view.decision:
        say("评估结果：" + describe_decision(view.decision))
    say("经过：")
    lines = [(e.at, f"乡镇·{e.actor}", e.label) for e in township] + [
        (e.at, f"县局·{e.actor}" if township else e.actor, e.label) for e in view.history]
    for at, who, label in sorted(lines, key=lambda line: line[0]):
        say(f"  {at}  {who}  {label}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        cases = store.cases.list(args.state, args.limit)
    if args.json:
        emit_json([{"case": c.number, "name": c.name, "id_number": c.id_number, "state": c.state,
                    "created_at": c.created_at} for c in cases])
        return 0
    from intake.store.states import STATE_LABELS

    for c in cases:
        say(f"{c.number}  {c.name}  {c.id_number}  {STATE_LABELS[c.state]}")
    if not cases:
        say("没有案件。")
    return 0


_STEPS = {
    "consent": ("记录申请人本人的落户意愿", "记录申请人本人的落户意愿（政策一(二)：严防“被落户”）。只有最新评估结果为“可以落户”时可以记录；"
                "申请人若选择办理居住证，加 --residence-permit，案件以“已撤回”结案。"),
    "approve": ("审核通过", "审核人审核通过已确认意愿的案件。"),
    "complete": ("办结", "办结已审核通过的案件；落户地址未配置（乡镇名录缺少公共集体户地址）时拒绝。"),
    "withdraw": ("撤回", "申请人撤回申请；办结前任何时候都可以。"),
    "reject": ("驳回", "驳回案件，必须用 --reason 说明理由。"),
}


def register(commands: argparse._SubParsersAction) -> None:
    case = commands.add_parser("case", help="案件：建立、添加扫描页、评估、流转、查看",
                               description="案件管理：建立、修改、添加扫描页、评估、记录意愿、审核、办结、撤回、驳回、查看。")
    sub = case.add_subparsers(dest="case_command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", help="建立案件", description="保存一份申请为新案件（草稿），输出案件编号。申请有误以 2 退出并指明字段，不保存任何内容。")
    new.add_argument("application", metavar="APPLICATION.json", help="申请文件，或 - 表示标准输入")
    add_store_options(new, writes=True)
    new.set_defaults(run=run_new)

    edit = sub.add_parser("edit", help="修改申请", description="以修改后的申请替换案件的当前申请（旧版本保留）；案件回到草稿，需重新评估、确认意愿和审核。")
    edit.add_argument("case", metavar="CASE", help="案件编号")
    edit.add_argument("application", metavar="APPLICATION.json", help="修改后的申请文件，或 - 表示标准输入")
    add_store_options(edit, writes=True)
    edit.set_defaults(run=run_edit)

    attach = sub.add_parser("attach", help="添加扫描页", description="为案件第 DOC_INDEX 份证件（从 0 开始，与申请中的顺序相同）添加扫描页："
                            "JPEG、PNG、TIFF 图像或 PDF。先检查全部文件，有一个不合格则全部不添加。")
    attach.add_argument("case", metavar="CASE", help="案件编号")
    attach.add_argument("doc_index", metavar="DOC_INDEX", type=non_negative_int, help="证件序号（从 0 开始）")
    attach.add_argument("files", metavar="FILE", type=Path, nargs="+", help="扫描文件")
    add_store_options(attach, writes=True)
    attach.set_defaults(run=run_attach)

    evaluate = sub.add_parser("evaluate", help="评估案件", description="按申请日期生效的规则评估案件的当前申请，保存决定（含规则包编号、版本和哈希）。"
                              "加 --json 时输出与 intake evaluate 相同的决定 JSON。")
    evaluate.add_argument("case", metavar="CASE", help="案件编号")
    add_rule_options(evaluate)
    add_store_options(evaluate, writes=True)
    evaluate.set_defaults(run=run_evaluate)

    for step, (short, long) in _STEPS.items():
        parser = sub.add_parser(step, help=short, description=long)
        parser.add_argument("case", metavar="CASE", help="案件编号")
        if step == "consent":
            parser.add_argument("--residence-permit", action="store_true", help="申请人选择办理居住证而不落户")
        parser.add_argument("--reason", metavar="TEXT", help={"reject": "驳回理由（必填）", "withdraw": "撤回原因"}.get(
            step, "备注（记入审计记录）"))
        add_store_options(parser, writes=True)
        parser.set_defaults(run=_run_step(step))

    show = sub.add_parser("show", help="查看案件", description="查看案件：申请、证件及扫描页、评估决定和全部经过。")
    show.add_argument("case", metavar="CASE", help="案件编号")
    add_store_options(show, writes=False)
    show.set_defaults(run=run_show)

    listing = sub.add_parser("list", help="列出案件", description="按建立时间倒序列出案件，身份号码部分隐藏。")
    listing.add_argument("--state", choices=["draft", "evaluated", "consented", "approved", "completed", "withdrawn", "rejected"],
                         help="只列出该状态的案件")
    listing.add_argument("--limit", type=positive_int, default=100, metavar="N", help="最多列出 N 件（默认 100）")
    add_store_options(listing, writes=False)
    listing.set_defaults(run=run_list)
