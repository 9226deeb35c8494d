"""Loading rule packs: the shipped rules load; every refusal POLICY.md and the issue name is made
with the file and the key; layering province → city → county; effective dates; the content hash.

Bad packs are built by copying ``rules/`` to a temporary folder and editing TOML text."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from intake.cli.main import main
from intake.errors import NoRulesInForce, RuleError
from intake.rules import vocabulary as vocab
from intake.rules.loader import load_packs, read_folder
from intake.rules.resolve import RuleLibrary
from tests.conftest import REPO
from tests.intake.engine import builders as b

DAY = dt.date(2017, 6, 1)
CITE = '{ source = "fujian-2017", clause = "二(五)", quote = "合理确定落户条件" }'
CITE_LATER = '{ source = "fujian-2017", clause = "二(四)", quote = "先落户、后就业" }'


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A private copy of the shipped rules folder."""
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Replaces exactly one occurrence of ``old`` in a pack's text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def pack(
    body: str,
    jurisdiction: str = "350502",
    pack_id: str = "licheng-2017",
    effective_from: str = "2017-01-04",
    extra: str = "",
) -> str:
    """The text of a county (or city) pack with ``body`` after its ``[pack]`` table."""
    return (
        f'[pack]\nid = "{pack_id}"\nname = "测试规则包"\nversion = "2017.1"\n'
        f'jurisdiction = "{jurisdiction}"\neffective_from = {effective_from}\n{extra}\n{body}\n'
    )


def problems(folder: Path) -> list[str]:
    return read_folder(folder)[1].items


def check_cli(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["rules", "check", str(folder)])
    out, err = capsys.readouterr()
    return code, out + err


# -- the shipped rules ----------------------------------------------------------------------


def test_shipped_rules_load_without_problems() -> None:
    packs, found = read_folder(REPO / "rules")
    assert found.items == []
    assert {p.data.pack.id for p in packs} == {
        "fujian-2017", "fuzhou-2017-draft", "xiamen-2017-draft", "pingtan-2017-draft",
    }
    drafts = {p.data.pack.jurisdiction: p.data.pack.draft for p in packs}
    assert drafts == {"35": False, "3501": True, "3502": True, "350128": True}


def test_baseline_defines_the_whole_vocabulary() -> None:
    ruleset = RuleLibrary.from_folder(REPO / "rules").resolve("350502", DAY)
    assert set(ruleset.parameters) == set(vocab.PARAMETERS)
    assert tuple(p.id for p in ruleset.paths) == vocab.PATH_ORDER
    assert set(ruleset.address) == set(vocab.ADDRESS_KINDS)
    assert set(ruleset.priority_groups) == set(vocab.PRIORITY_GROUPS)


def test_baseline_defaults_are_the_interpretations_of_policy() -> None:
    rs = RuleLibrary.from_folder(REPO / "rules").resolve("350502", DAY)
    assert rs.param("key_groups.require_employment") is True
    assert rs.param("key_groups.skills_certification_scope") == "city"
    assert rs.param("address.residence_scope") == "county"
    assert rs.param("address.rental_requires_registration") is True
    assert rs.param("general.min_social_insurance_months") == 0
    assert rs.param("general.min_residence_years") == 0
    assert rs.param("family.relations") == ["spouse", "minor_child", "parent"]
    assert rs.param("family.follow_address_kinds") == ["own_residence"]
    assert rs.param("family.minor_age") == 18
    paths = {p.id: p for p in rs.paths}
    assert paths["settle_before_employment"].enabled is False
    for key_group in ("graduate_employed", "skilled_worker", "vocational_graduate", "returned_overseas_student"):
        assert paths[key_group].address == ("own_residence", "employer_collective", "township_public")


def test_rules_check_passes_on_the_shipped_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check_cli(REPO / "rules", capsys)
    assert code == 0, out
    assert main(["rules", "check", str(REPO / "rules"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["problems"] == []


def test_rules_check_as_a_subprocess(intake_cmd: list[str], rules: Path) -> None:
    ok = subprocess.run(intake_cmd + ["rules", "check", str(REPO / "rules")], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (rules / "county.toml").write_text(pack('[paths.general]\nrequires = ["hukou_origin"]\ncite = ' + CITE), encoding="utf-8")
    bad = subprocess.run(
        intake_cmd + ["rules", "check", str(rules), "--json"], capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    report = json.loads(bad.stdout)
    assert report["ok"] is False
    assert any(p.startswith("county.toml: paths.general.requires[0].fact: ") for p in report["problems"])


# -- one bad pack per refusal ----------------------------------------------------------------

# (id, file to write or edit, how, file named, key named, words the message must contain)
BadPack = tuple[str, str, tuple[str, ...], str, str, tuple[str, ...]]

BAD_PACKS: list[BadPack] = [
    # 三(十): giving up land-contract, collective-income or homestead rights
    ("land rights as a requirement", "county.toml",
     ("new", '[paths.general]\nrequires = ["identity", "residence_in_county", "surrender_land_contract_rights"]\n'
      f"cite = {CITE}"),
     "county.toml", "paths.general.requires[2].fact", ("三(十)", "surrender_land_contract_rights")),
    ("homestead as a gated condition", "county.toml",
     ("new", '[paths.graduate_employed]\nrequires = ["identity", { fact = "homestead_use_rights_withdrawn", '
      f'when = "key_groups.require_employment" }}]\ncite = {CITE}'),
     "county.toml", "paths.graduate_employed.requires[1].fact", ("三(十)",)),
    ("collective income opening a path", "county.toml",
     ("new", f'[paths.settle_before_employment]\nopened_by = ["collective_income_rights_given_up"]\ncite = {CITE}'),
     "county.toml", "paths.settle_before_employment.opened_by[0]", ("三(十)",)),
    ("land rights as a parameter", "county.toml",
     ("new", f"[parameters.general.require_land_contract_exit]\nvalue = true\ncite = {CITE}"),
     "county.toml", "parameters.general.require_land_contract_exit", ("三(十)",)),
    # 二(五): points systems
    ("points threshold parameter", "county.toml",
     ("new", f"[parameters.general.min_points]\nvalue = 100\ncite = {CITE}"),
     "county.toml", "parameters.general.min_points", ("二(五)", "积分")),
    ("points as a requirement", "county.toml",
     ("new", f'[paths.general]\nrequires = ["identity", {{ fact = "points", at_least = "general.min_residence_years" }}]\n'
      f"cite = {CITE}"),
     "county.toml", "paths.general.requires[1].fact", ("二(五)",)),
    ("score as a when parameter", "county.toml",
     ("new", f'[paths.general]\nrequires = [{{ fact = "identity", when = "general.score_enabled" }}]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[0].when", ("二(五)",)),
    # 一(二): the applicant's origin
    ("hukou origin as a requirement", "county.toml",
     ("new", f'[paths.general]\nrequires = ["identity", "hukou_origin"]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[1].fact", ("一(二)", "hukou_origin")),
    ("rural origin as a requirement", "county.toml",
     ("new", f'[paths.skilled_worker]\nrequires = ["identity", "skills_certified", "rural_origin"]\ncite = {CITE}'),
     "county.toml", "paths.skilled_worker.requires[2].fact", ("一(二)", "rural_origin")),
    ("local hukou opening a path", "county.toml",
     ("new", f'[paths.settle_before_employment]\nenabled = true\nopened_by = ["local_hukou"]\ncite = {CITE}'),
     "county.toml", "paths.settle_before_employment.opened_by[0]", ("一(二)",)),
    ("native place in the baseline", "province.toml",
     ("edit", 'requires = ["identity", "admission_in_province"]',
      'requires = ["identity", "admission_in_province", "native_place_in_county"]'),
     "province.toml", "paths.student_collective.requires[2].fact", ("一(二)",)),
    # vocabulary and schema
    ("unknown fact", "county.toml",
     ("new", f'[paths.general]\nrequires = ["identity", "employment_years"]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[1].fact", ("未知", "employment_years")),
    ("unknown parameter", "county.toml",
     ("new", f"[parameters.general.min_age]\nvalue = 18\ncite = {CITE}"),
     "county.toml", "parameters.general.min_age", ("未知", "general.min_age")),
    ("unknown path", "county.toml", ("new", f"[paths.talent_introduction]\nenabled = true\ncite = {CITE}"),
     "county.toml", "paths.talent_introduction", ("未知", "talent_introduction")),
    ("unknown address step", "county.toml",
     ("new", f'[paths.general]\naddress = ["own_residence", "relatives_home"]\ncite = {CITE}'),
     "county.toml", "paths.general.address[1]", ("未知", "relatives_home")),
    ("typo in a path key", "province.toml",
     ("edit", 'label = "合法稳定住所（一般通道）"\nkind = "settle"\nenabled = true',
      'label = "合法稳定住所（一般通道）"\nkind = "settle"\nenabeld = true'),
     "province.toml", "paths.general.enabeld", ("不认识",)),
    ("typo in the pack table", "county.toml", ("new", "", "effective_form = 2017-01-04"),
     "county.toml", "pack.effective_form", ("不认识",)),
    ("typo in a cite", "county.toml",
     ("new", '[parameters.general.min_residence_years]\nvalue = 1\n'
      'cite = { source = "fujian-2017", clause = "二(五)", qoute = "合理确定落户条件" }'),
     "county.toml", "parameters.general.min_residence_years.cite.qoute", ("不认识",)),
    ("wrong parameter type", "county.toml",
     ("new", f'[parameters.general.min_social_insurance_months]\nvalue = "12"\ncite = {CITE}'),
     "county.toml", "parameters.general.min_social_insurance_months", ("整数",)),
    ("parameter choice outside its list", "county.toml",
     ("new", f'[parameters.address.residence_scope]\nvalue = "province"\ncite = {CITE}'),
     "county.toml", "parameters.address.residence_scope", ("province",)),
    ("bool parameter as threshold", "county.toml",
     ("new", '[paths.general]\nrequires = [{ fact = "social_insurance_months", '
      f'at_least = "key_groups.require_employment" }}]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[0].at_least", ("类型",)),
    ("numeric fact without at_least", "county.toml",
     ("new", f'[paths.general]\nrequires = ["identity", "residence_in_county", "social_insurance_months"]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[2]", ("at_least", "social_insurance_months")),
    ("threshold on a yes/no fact", "county.toml",
     ("new", '[paths.general]\nrequires = [{ fact = "residence_in_county", '
      f'at_least = "general.min_residence_years" }}]\ncite = {CITE}'),
     "county.toml", "paths.general.requires[0].at_least", ("不是数值",)),
    ("numeric fact opening a path", "county.toml",
     ("new", f'[paths.general]\nopened_by = ["social_insurance_months"]\ncite = {CITE}'),
     "county.toml", "paths.general.opened_by[0]", ("social_insurance_months",)),
    ("duplicate address step", "county.toml",
     ("new", f'[paths.general]\naddress = ["own_residence", "own_residence"]\ncite = {CITE}'),
     "county.toml", "paths.general.address", ("重复",)),
    # cites
    ("misquoted cite", "province.toml",
     ("edit", 'quote = "与用人单位依法签订劳动（聘用）合同或者依法持有工商营业执照的高校毕业生"',
      'quote = "与用人单位签订劳动合同或者持有营业执照的高校毕业生"'),
     "province.toml", "paths.graduate_employed.cite.quote", ("原文",)),
    ("quote from nowhere in a county pack", "county.toml",
     ("new", '[parameters.general.min_residence_years]\nvalue = 1\n'
      'cite = { source = "fujian-2017", clause = "二(五)", quote = "连续居住满一年" }'),
     "county.toml", "parameters.general.min_residence_years.cite.quote", ("原文",)),
    ("empty quote", "county.toml",
     ("new", '[parameters.general.min_residence_years]\nvalue = 1\n'
      'cite = { source = "fujian-2017", clause = "二(五)", quote = "" }'),
     "county.toml", "parameters.general.min_residence_years.cite.quote", ("原文",)),
    ("unknown source", "county.toml",
     ("new", '[parameters.general.min_residence_years]\nvalue = 1\n'
      'cite = { source = "fuzhou-2017", clause = "二(五)", quote = "合理确定落户条件" }'),
     "county.toml", "parameters.general.min_residence_years.cite.source", ("fuzhou-2017",)),
    ("malformed clause number", "county.toml",
     ("new", '[parameters.general.min_residence_years]\nvalue = 1\n'
      'cite = { source = "fujian-2017", clause = "2(5)", quote = "合理确定落户条件" }'),
     "county.toml", "parameters.general.min_residence_years.cite.clause", ("二(四)",)),
    ("source file missing", "province.toml", ("edit", 'file = "fujian-2017.txt"', 'file = "fujian-2016.txt"'),
     "province.toml", "sources.fujian-2017.file", ("fujian-2016.txt",)),
    # dates and conflicts
    ("overlapping windows for one jurisdiction", "fuzhou-2018.toml",
     ("new", "", "", "3501", "fuzhou-2018", "2017-12-01"),
     "fuzhou.toml", "pack.effective_from", ("fuzhou-2018.toml", "3501", "重叠")),
    ("conflicting dated values", "county.toml",
     ("new", "[parameters.general.min_social_insurance_months]\nvalues = [\n"
      '  { value = 6, from = 2017-01-04, to = 2017-12-31 },\n'
      '  { value = 12, from = 2017-07-01 },\n'
      f"]\ncite = {CITE}"),
     "county.toml", "parameters.general.min_social_insurance_months.values[1]", ("values[0]", "冲突")),
    ("value and values both given", "county.toml",
     ("new", "[parameters.general.min_social_insurance_months]\nvalue = 6\n"
      f"values = [{{ value = 12, from = 2018-01-01 }}]\ncite = {CITE}"),
     "county.toml", "parameters.general.min_social_insurance_months", ("value",)),
    ("dated value ending before it starts", "county.toml",
     ("new", "[parameters.general.min_social_insurance_months]\n"
      f"values = [{{ value = 12, from = 2018-01-01, to = 2017-12-31 }}]\ncite = {CITE}"),
     "county.toml", "parameters.general.min_social_insurance_months.values[0]", ("结束日期",)),
    ("pack ending before it starts", "county.toml", ("new", "", "effective_to = 2016-12-31"),
     "county.toml", "pack.effective_to", ("失效日期",)),
    ("same pack id twice", "county.toml", ("new", "", "", "350502", "fuzhou-2017-draft"),
     "fuzhou.toml", "pack.id", ("county.toml", "fuzhou-2017-draft")),
    # the baseline must define everything
    ("misspelt top-level table", "province.toml",
     ("edit", '[parameters.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalue = 18\n',
      '[unused.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalue = 18\n'),
     "province.toml", "unused", ("不认识",)),
    ("baseline path missing a field", "province.toml",
     ("edit", 'opened_by = ["admission_in_province"]\n', ""),
     "province.toml", "paths.student_collective.opened_by", ("省级基准",)),
    ("jurisdiction not a division prefix", "county.toml", ("new", "", "", "35050"),
     "county.toml", "pack.jurisdiction", ()),
]


def build_bad(folder: Path, target: str, how: tuple[str, ...]) -> None:
    if how[0] == "edit":
        edit(folder / target, how[1], how[2])
    else:
        defaults = ("", "", "350502", "licheng-2017", "2017-01-04")
        body, extra, jurisdiction, pack_id, start = how[1:] + defaults[len(how) - 1 :]
        (folder / target).write_text(pack(body, jurisdiction, pack_id, start, extra), encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "how", "file", "key", "words"), [c[1:] for c in BAD_PACKS], ids=[c[0] for c in BAD_PACKS]
)
def test_bad_pack_is_refused_naming_file_and_key(
    rules: Path, capsys: pytest.CaptureFixture[str],
    target: str, how: tuple[str, ...], file: str, key: str, words: tuple[str, ...],
) -> None:
    build_bad(rules, target, how)
    found = problems(rules)
    mine = [p for p in found if p.startswith(f"{file}: {key}")]
    assert mine, found
    assert any(all(w in p for w in words) for p in mine), mine
    assert all(re.search(r"[\u4e00-\u9fff]", p) for p in found), found
    # refused by the loader the evaluator uses ...
    with pytest.raises(RuleError) as info:
        load_packs(rules)
    assert f"{file}: {key}" in str(info.value)
    # ... and by `intake rules check`, which exits 2 naming the file and key
    code, out = check_cli(rules, capsys)
    assert code == 2
    assert f"{file}: {key}" in out
    assert "Traceback" not in out


def test_baseline_missing_a_parameter_names_it(rules: Path) -> None:
    text = (rules / "province.toml").read_text(encoding="utf-8")
    block = re.search(r"\[parameters\.family\.minor_age\]\n(.+\n)+?\n", text)
    assert block
    (rules / "province.toml").write_text(text.replace(block.group(0), ""), encoding="utf-8")
    assert "province.toml: parameters.family.minor_age: 省级基准缺少此项定义" in problems(rules)


@pytest.mark.parametrize("table", ["paths.return_to_origin", "address.origin", "priority_groups.veteran"])
def test_baseline_missing_other_definitions_names_them(rules: Path, table: str) -> None:
    text = (rules / "province.toml").read_text(encoding="utf-8")
    block = re.search(rf"\[{re.escape(table)}\]\n(.+\n)+?(\n|$)", text)
    assert block
    (rules / "province.toml").write_text(text.replace(block.group(0), ""), encoding="utf-8")
    assert any(p.startswith(f"province.toml: {table}: ") and "省级基准" in p for p in problems(rules))


def test_every_problem_is_listed_at_once(rules: Path) -> None:
    body = (
        f'[paths.general]\nrequires = ["surrender_land_contract_rights", "hukou_origin", "points_score"]\ncite = {CITE}'
    )
    (rules / "county.toml").write_text(pack(body), encoding="utf-8")
    found = problems(rules)
    assert [p.split(": ")[1] for p in found] == [f"paths.general.requires[{i}].fact" for i in range(3)]
    assert ["三(十)" in found[0], "一(二)" in found[1], "二(五)" in found[2]] == [True, True, True]


def test_toml_syntax_and_duplicate_keys_are_refused(rules: Path) -> None:
    (rules / "county.toml").write_text(pack('[paths.general]\nenabled = true\nenabled = false\ncite = ' + CITE), encoding="utf-8")
    (rules / "broken.toml").write_text("[pack\nid = 1\n", encoding="utf-8")
    found = problems(rules)
    assert any(p.startswith("county.toml: TOML") for p in found), found
    assert any(p.startswith("broken.toml: TOML") for p in found), found


def test_non_utf8_pack_is_refused(rules: Path) -> None:
    (rules / "county.toml").write_bytes(pack("").encode("gbk"))
    assert any(p.startswith("county.toml: ") and "UTF-8" in p for p in problems(rules))


@pytest.mark.parametrize("what", ["missing folder", "empty folder", "no baseline"])
def test_bad_folders_are_refused(tmp_path: Path, rules: Path, capsys: pytest.CaptureFixture[str], what: str) -> None:
    folder = {"missing folder": tmp_path / "nowhere", "empty folder": tmp_path / "empty", "no baseline": rules}[what]
    if what == "empty folder":
        folder.mkdir()
    if what == "no baseline":
        (rules / "province.toml").unlink()
    assert problems(folder)
    code, out = check_cli(folder, capsys)
    assert code == 2 and str(folder) in out


def test_bad_township_registry_fails_rules_check(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (rules / "townships.csv").open("a", encoding="utf-8") as f:
        f.write("35050209,短代码街道,\n")
    code, out = check_cli(rules, capsys)
    assert code == 2 and "townships.csv" in out and "35050209" in out


def test_evaluate_refuses_a_bad_rules_folder(rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (rules / "county.toml").write_text(pack(f"[parameters.general.min_points]\nvalue = 1\ncite = {CITE}"), encoding="utf-8")
    application = tmp_path / "app.json"
    application.write_text(json.dumps(b.application(b.rental())), encoding="utf-8")
    assert main(["evaluate", str(application), "--rules", str(rules)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "county.toml: parameters.general.min_points" in err and "Traceback" not in err


# -- layering: province → city → county, most local last -----------------------------------


def months(library: RuleLibrary, county: str, day: dt.date = DAY) -> int:
    return int(library.resolve(county, day).param("general.min_social_insurance_months"))


def test_most_local_pack_wins(rules: Path) -> None:
    edit(rules / "fuzhou.toml", 'label = "福州市一般通道：在本县（区）参加社会保险的最少月数（待补全）"\nvalue = 0',
         'label = "福州市一般通道：在本县（区）参加社会保险的最少月数（待补全）"\nvalue = 6')
    # Named so it sorts before the others: the order of files must not matter.
    (rules / "a-gulou.toml").write_text(pack(
        f"[parameters.general.min_social_insurance_months]\nvalue = 12\ncite = {CITE}\n\n"
        f"[paths.settle_before_employment]\nenabled = true\ncite = {CITE_LATER}",
        jurisdiction="350102", pack_id="gulou-2017",
    ), encoding="utf-8")
    library = RuleLibrary.from_folder(rules)
    assert months(library, "350102") == 12  # county over city over province
    assert months(library, "350103") == 6  # city over province
    assert months(library, "350502") == 0  # province only
    gulou = library.resolve("350102", DAY)
    assert gulou.layers == ("fujian-2017", "fuzhou-2017-draft", "gulou-2017")
    assert gulou.id == "gulou-2017" and gulou.draft  # a draft layer makes the whole set draft
    enabled = {p.id: p.enabled for p in gulou.paths}
    assert enabled["settle_before_employment"] is True
    assert {p.id: p.enabled for p in library.resolve("350103", DAY).paths}["settle_before_employment"] is False
    # a path override changes only the fields it names
    general = {p.id: p for p in gulou.paths}["settle_before_employment"]
    assert general.address == ("own_residence", "township_public")
    assert general.cite.quote == "先落户、后就业"


def test_override_keeps_the_overriding_cite(rules: Path) -> None:
    library = RuleLibrary.from_folder(REPO / "rules")
    fuzhou = library.resolve("350102", DAY)
    assert fuzhou.parameter_cites["general.min_social_insurance_months"].quote.startswith("福州、厦门、平潭")
    assert fuzhou.parameter_cites["family.minor_age"].clause == "一(一)"


def test_pingtan_issues_its_own_rules_straight_over_the_province() -> None:
    """二(五) names 福州、厦门、平潭综合实验区 as three bodies issuing their own rules: 350128 lies in
    Fuzhou's 3501, but Fuzhou's pack excludes it; its other counties (福清 350181) keep Fuzhou's."""
    library = RuleLibrary.from_folder(REPO / "rules")
    pingtan = library.resolve("350128", DAY)
    assert pingtan.layers == ("fujian-2017", "pingtan-2017-draft")
    assert pingtan.id == "pingtan-2017-draft" and pingtan.draft
    assert all("福州" not in note for note in pingtan.draft_notes)
    assert library.resolve("350181", DAY).layers == ("fujian-2017", "fuzhou-2017-draft")


def test_a_final_fuzhou_pack_does_not_reach_pingtan(rules: Path) -> None:
    edit(rules / "fuzhou.toml", "draft = true", "draft = false")
    (rules / "fuzhou.toml").write_text((rules / "fuzhou.toml").read_text(encoding="utf-8") + (
        f"\n[parameters.address.rental_requires_registration]\nvalue = false\ncite = {CITE}\n"), encoding="utf-8")
    library = RuleLibrary.from_folder(rules)
    assert library.resolve("350102", DAY).param("address.rental_requires_registration") is False
    pingtan = library.resolve("350128", DAY)
    assert pingtan.param("address.rental_requires_registration") is True and pingtan.draft


@pytest.mark.parametrize("excludes", ['["3502"]', '["3501"]', '["35012"]', '["35012x"]'])
def test_a_pack_excludes_only_places_inside_it(rules: Path, excludes: str) -> None:
    edit(rules / "fuzhou.toml", 'excludes = ["350128"]', f"excludes = {excludes}")
    assert any(p.startswith("fuzhou.toml: pack.excludes[0]: ") for p in problems(rules))


def test_dated_values_take_effect_on_their_day(rules: Path) -> None:
    (rules / "county.toml").write_text(pack(
        "[parameters.general.min_social_insurance_months]\nvalues = [\n"
        "  { value = 0, from = 2017-01-04, to = 2017-12-31 },\n  { value = 24, from = 2018-01-01 },\n"
        f"]\ncite = {CITE}"
    ), encoding="utf-8")
    library = RuleLibrary.from_folder(rules)
    assert months(library, "350502", dt.date(2017, 12, 31)) == 0
    assert months(library, "350502", dt.date(2018, 1, 1)) == 24
    assert (library.resolve("350502", dt.date(2017, 12, 31)).sha256
            != library.resolve("350502", dt.date(2018, 1, 1)).sha256)


def test_a_parameter_with_no_value_in_force_is_refused(rules: Path) -> None:
    edit(rules / "province.toml", '[parameters.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalue = 18\n',
         '[parameters.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalues = [{ value = 18, from = 2018-01-01 }]\n')
    library = RuleLibrary.from_folder(rules)
    with pytest.raises(RuleError) as info:
        library.resolve("350502", DAY)
    assert "family.minor_age" in str(info.value) and "province.toml" in str(info.value)
    assert library.resolve("350502", dt.date(2018, 1, 1)).param("family.minor_age") == 18


# -- effective dates ---------------------------------------------------------------------------


def test_no_pack_in_force_before_the_plan_was_signed() -> None:
    library = RuleLibrary.from_folder(REPO / "rules")
    with pytest.raises(NoRulesInForce) as info:
        library.resolve("350502", dt.date(2017, 1, 3))
    assert "350502" in str(info.value) and "jurisdiction" in str(info.value)
    assert library.resolve("350502", dt.date(2017, 1, 4)).id == "fujian-2017"


def test_no_pack_outside_the_province() -> None:
    with pytest.raises(NoRulesInForce):
        RuleLibrary.from_folder(REPO / "rules").resolve("110105", DAY)


@pytest.mark.parametrize("code", ["350500", "350000"], ids=["a city", "the province"])
def test_a_city_or_province_code_is_no_jurisdiction(code: str) -> None:
    """jurisdiction is the county where the applicant settles: a prefecture's code would otherwise
    take the province's rules as if it were a county of its own."""
    with pytest.raises(NoRulesInForce, match="不是县级代码") as info:
        RuleLibrary.from_folder(REPO / "rules").resolve(code, DAY)
    assert info.value.field == "jurisdiction"


def test_evaluate_before_any_pack_exits_2_naming_jurisdiction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    application = tmp_path / "app.json"
    application.write_text(json.dumps(b.application(b.rental(start="2016-01-01"), day="2017-01-03")), encoding="utf-8")
    assert main(["evaluate", str(application)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "350502" in err and "jurisdiction" in err and "2017-01-03" in err


def test_city_pack_starts_on_its_day() -> None:
    library = RuleLibrary.from_folder(REPO / "rules")
    before = library.resolve("350102", dt.date(2017, 3, 31))
    assert before.layers == ("fujian-2017",) and not before.draft
    after = library.resolve("350102", dt.date(2017, 4, 1))
    assert after.layers == ("fujian-2017", "fuzhou-2017-draft") and after.draft


@pytest.mark.parametrize(("county", "draft"), [("350102", True), ("350203", True), ("350128", True), ("350502", False)])
def test_decisions_under_a_draft_say_so(county: str, draft: bool) -> None:
    town = county + "001"
    app = b.application(b.rental(township=town), jurisdiction=county)
    decision = b.decide(app)
    assert decision.outcome == "settle"
    assert decision.rule_pack.draft is draft
    drafts = [w for w in decision.warnings if w.code == "draft_rules"]
    assert bool(drafts) is draft
    if draft:
        assert decision.rule_pack.id in drafts[0].reason and "草稿" in drafts[0].reason


def test_fuzhou_before_april_is_not_a_draft() -> None:
    decision = b.decide(b.application(b.rental(township="350102001"), jurisdiction="350102", day="2017-03-31"))
    assert decision.rule_pack.draft is False and decision.rule_pack.id == "fujian-2017"
    assert decision.warnings == []


def test_pack_with_an_end_date_hands_back_to_the_layer_below(rules: Path) -> None:
    (rules / "county.toml").write_text(pack(
        f"[parameters.general.min_social_insurance_months]\nvalue = 12\ncite = {CITE}", extra="effective_to = 2017-12-31",
    ), encoding="utf-8")
    library = RuleLibrary.from_folder(rules)
    assert months(library, "350502", dt.date(2017, 12, 31)) == 12
    assert months(library, "350502", dt.date(2018, 1, 1)) == 0


def test_consecutive_windows_for_one_jurisdiction_are_allowed(rules: Path) -> None:
    (rules / "county.toml").write_text(pack(
        f"[parameters.general.min_social_insurance_months]\nvalue = 6\ncite = {CITE}", extra="effective_to = 2017-12-31",
    ), encoding="utf-8")
    (rules / "county-2018.toml").write_text(pack(
        f"[parameters.general.min_social_insurance_months]\nvalue = 12\ncite = {CITE}",
        pack_id="licheng-2018", effective_from="2018-01-01",
    ), encoding="utf-8")
    assert problems(rules) == []
    library = RuleLibrary.from_folder(rules)
    assert months(library, "350502", dt.date(2017, 12, 31)) == 6
    assert months(library, "350502", dt.date(2018, 1, 1)) == 12


# -- the content hash --------------------------------------------------------------------------


def test_sha256_is_stable_across_loads(rules: Path) -> None:
    first = RuleLibrary.from_folder(REPO / "rules").resolve("350102", DAY)
    again = RuleLibrary.from_folder(rules).resolve("350102", DAY)
    assert re.fullmatch(r"[0-9a-f]{64}", first.sha256)
    assert first.sha256 == again.sha256
    assert RuleLibrary.from_folder(REPO / "rules").resolve("350102", dt.date(2017, 9, 1)).sha256 == first.sha256


def test_sha256_covers_layers_not_counties() -> None:
    library = RuleLibrary.from_folder(REPO / "rules")
    assert library.resolve("350502", DAY).sha256 == library.resolve("350583", DAY).sha256  # same content
    assert library.resolve("350502", DAY).sha256 != library.resolve("350102", DAY).sha256  # Fuzhou layered


def test_sha256_ignores_comments_and_layout(rules: Path) -> None:
    before = RuleLibrary.from_folder(rules).resolve("350502", DAY).sha256
    path = rules / "province.toml"
    path.write_text("# reviewed 2017-05-01\n\n" + path.read_text(encoding="utf-8").replace("value = 18", "value   =   18"),
                    encoding="utf-8")
    assert RuleLibrary.from_folder(rules).resolve("350502", DAY).sha256 == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('[parameters.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalue = 18',
         '[parameters.family.minor_age]\nlabel = "未成年子女：申请日未满此周岁"\nvalue = 16'),
        ('version = "2017.1"', 'version = "2017.2"'),
        ('label = "先落户、后就业"\nkind = "settle"\nenabled = false', 'label = "先落户、后就业"\nkind = "settle"\nenabled = true'),
        ('[address.origin]\nlabel = "原籍"', '[address.origin]\nlabel = "原籍地"'),
    ],
    ids=["parameter value", "pack version", "path switched on", "address label"],
)
def test_sha256_changes_when_content_changes(rules: Path, old: str, new: str) -> None:
    before = RuleLibrary.from_folder(rules).resolve("350502", DAY).sha256
    edit(rules / "province.toml", old, new)
    assert RuleLibrary.from_folder(rules).resolve("350502", DAY).sha256 != before


def test_decision_carries_the_pack_reference() -> None:
    decision = b.decide(b.application(b.rental()))
    ruleset = RuleLibrary.from_folder(REPO / "rules").resolve("350502", DAY)
    ref = decision.rule_pack
    assert (ref.id, ref.version, ref.sha256, ref.draft) == ("fujian-2017", "2017.1", ruleset.sha256, False)
