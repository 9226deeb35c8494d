"""`intake import BUNDLE…`: the county verifies and merges township bundles, idempotently."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake.cli.case_cmd import actor, add_store_options, open_store
from intake.cli.export_cmd import tty_progress
from intake.cli.output import emit_json, say
from intake.errors import InvalidInput

_WILDCARDS = frozenset("*?[")


def bundle_paths(given: list[Path]) -> list[Path]:
    """The bundles named on the command line: files as given, a folder (a USB stick's root) for the
    bundles in it, and a pattern (``E:\\*.hukou``) expanded here — Windows' shells leave it to the
    program. What a folder or pattern finds is filtered as ``bundle.is_bundle`` says (a stick's
    hidden and half-written files are not bundles); one with no bundle is refused, naming it."""
    from intake.exchange.bundle import bundles_in, is_bundle

    paths: list[Path] = []
    for path in given:
        if path.is_dir():
            found = bundles_in(path)
        elif not path.exists() and _WILDCARDS & set(str(path)):
            if _WILDCARDS & set(str(path.parent)):
                raise InvalidInput(f"{path}：通配符只能用在文件名中，不能用在文件夹名中", "bundles")
            found = sorted(p for p in path.parent.glob(path.name) if is_bundle(p))
        else:
            paths.append(path)
            continue
        if not found:
            raise InvalidInput(f"{path} 中没有数据包（.hukou 文件）", "bundles")
        paths.extend(found)
    return paths


def run(args: argparse.Namespace) -> int:
    from intake.config import default_db_path
    from intake.exchange.importer import import_bundles
    from intake.ids import mask_id_number
    from intake.store.db import remove_with_sidecars

    bundles = bundle_paths(list(args.bundles))
    path = args.db if args.db is not None else default_db_path()
    made_now = not path.exists()
    try:
        with open_store(args, create=True) as store:
            result = import_bundles(store, bundles, actor(args), tty_progress(args))
    except BaseException:
        if made_now:  # a store made for an import that failed leaves no empty file behind
            remove_with_sidecars(path)
        raise
    if not args.json and sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        emit_json(result.to_json())
        return 0
    for b in result.bundles:
        if b.status == "imported":
            say(f"已导入 {b.file.name}（乡镇 {b.township}，序号 {b.seq}）：{b.cases} 件案件，其中新案件 {b.new_cases} 件。")
        else:
            say(f"{b.file.name}（乡镇 {b.township}，序号 {b.seq}）此前已导入，未作更改。")
        if b.renamed:
            say(f"  注意：{b.file.name} 导出时的文件名是 {b.exported_as}，文件被改过名（已按数据包签名的内容处理）。")
    for r in result.reviews:
        say(f"需人工核查：身份号码 {mask_id_number(r.applicant_id)} 在两个乡镇都有申请（{r.case_a}、{r.case_b}）。")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="县局导入乡镇数据包",
        description="县局电脑上校验并合并乡镇数据包：签名须来自已信任的乡镇，须是加密给本县局的，序号须接续；"
        "先解密并校验全部内容，再在一个事务中合并。已导入过的数据包不作更改；被改动、截断、重放、"
        "顺序不对或来源不明的数据包一律拒绝，数据库保持不变。同一身份号码在两个乡镇的申请会标记待核查。",
    )
    parser.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE", help="数据包文件（.hukou），可一次给出多个；也可以给出 U 盘或文件夹（导入其中全部数据包），或 E:\\*.hukou 这样的通配符")
    add_store_options(parser, writes=True)
    parser.set_defaults(run=run)
