"""`intake keys init|export-public|trust`: this installation's keys and the keys it trusts."""

from __future__ import annotations

import argparse
from pathlib import Path

from intake.cli.output import complain, emit_json, say

ROLE_LABELS = {"county": "县局", "hall": "乡镇（街道）便民服务中心"}
#: A hall's key file written before its township was set: the county cannot hold it to one township.
UNBOUND_HALL_KEY = "这个乡镇公钥文件没有写明乡镇（导出时本机尚未设置乡镇代码），县局会接受它为任何乡镇导出的数据包"


def run_init(args: argparse.Namespace) -> int:
    from intake.exchange.keys import init_keys, is_county

    fingerprint, made = init_keys(county=args.county)
    county = is_county()
    if args.json:
        emit_json({"fingerprint": fingerprint, "county": county, "created": made})
    else:
        say(f"{'已生成' if made else '本机已有'}密钥。本机签名公钥指纹：{fingerprint}")
        if county:
            say("本机是县局：持有县局加密私钥（切勿复制到其他电脑）。")
    return 0


def _hall_township(db: Path | None) -> str | None:
    """The hall's township from the store, when there is a store (the county has none to name)."""
    from intake.config import default_db_path
    from intake.store.db import Store

    path = db or default_db_path()
    if not path.is_file():
        return None
    with Store.open(path, create=False) as store:
        return store.settings.hall_township()


def run_export_public(args: argparse.Namespace) -> int:
    from intake.exchange.keys import export_public, is_county

    township = None if is_county() else _hall_township(args.db)
    public = export_public(args.out, args.name, township)
    if args.json:
        emit_json({"out": str(args.out), "fingerprint": public.fingerprint, "role": public.role, "township": public.township})
    else:
        say(f"已写出{ROLE_LABELS[public.role]}公钥文件 {args.out}，指纹：{public.fingerprint}")
        say("请把此文件交给对方导入（intake keys trust），并当面或电话核对指纹。")
    if public.role == "hall" and public.township is None:
        complain(f"注意：{UNBOUND_HALL_KEY}；请先运行 intake setup 乡镇代码，再重新导出公钥文件。")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from intake.exchange.keys import trust

    trusted = trust(args.file, replace=args.replace)
    public = trusted.keys
    if args.json:
        emit_json({"fingerprint": public.fingerprint, "role": public.role, "name": public.name,
                   "township": public.township, "replaced": trusted.replaced, "already": trusted.already})
        return 0
    who = public.name or public.township or ""
    say(f"{'早已' if trusted.already else '已'}信任{ROLE_LABELS[public.role]}公钥 {who}".rstrip())
    say(f"指纹：{public.fingerprint}")
    say("请与对方核对这个指纹；不一致时请勿使用，并删除该公钥文件后重新获取。")
    if trusted.replaced:
        say(f"原县局公钥 {trusted.replaced} 已不再信任。")
    if public.role == "hall" and public.township is None:
        complain(f"注意：{UNBOUND_HALL_KEY}；请该乡镇设置乡镇代码后重新导出公钥文件，再导入。")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "keys",
        help="本机密钥与信任的公钥",
        description="管理与县局交换数据所用的密钥：每台电脑有自己的签名密钥；县局另有加密密钥，私钥不离开县局电脑。",
    )
    sub = parser.add_subparsers(dest="keys_command", required=True, metavar="COMMAND")

    init = sub.add_parser("init", help="生成本机密钥（只生成一次）",
                          description="生成本机的签名密钥；加 --county 时同时生成县局加密密钥，本机即成为县局。已有的密钥不会被替换。")
    init.add_argument("--county", action="store_true", help="本机是县局：同时生成县局加密密钥")
    init.add_argument("--json", action="store_true", help="以 JSON 输出")
    init.set_defaults(run=run_init)

    export = sub.add_parser("export-public", help="导出本机公钥文件",
                            description="把本机的公钥（县局还包括加密公钥）写入文件，交给对方用 intake keys trust 导入。"
                            "乡镇的公钥文件会注明本厅所属乡镇，县局据此只接受该乡镇的数据包。")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="写出的公钥文件")
    export.add_argument("--name", metavar="TEXT", help="公钥文件中的名称，如“海滨街道便民服务中心”")
    export.add_argument("--db", type=Path, metavar="PATH", help="本厅的数据库文件，用于读取所属乡镇（默认：INTAKE_DB 或用户数据目录中的 intake.db）")
    export.add_argument("--json", action="store_true", help="以 JSON 输出")
    export.set_defaults(run=run_export_public)

    trust_parser = sub.add_parser("trust", help="信任对方的公钥文件",
                                  description="导入对方的公钥文件：乡镇导入县局的，县局导入各乡镇的。会显示指纹，请与对方核对。")
    trust_parser.add_argument("file", type=Path, metavar="FILE", help="对方导出的公钥文件")
    trust_parser.add_argument("--replace", action="store_true", help="更换已信任的县局公钥（原公钥不再信任）")
    trust_parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    trust_parser.set_defaults(run=run_trust)
